//! The models aiodynamo's integration and UI tests share.

pub mod models;
