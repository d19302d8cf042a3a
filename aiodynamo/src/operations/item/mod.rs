//! Single-item requests: get, put, delete, update, and the condition check of a transaction.

mod get;
pub mod return_values;
mod write;

pub use get::{Full, Get, Projected};
pub use return_values::{ItemReturnMode, ReturnMode, ReturnValues};
pub use write::{Check, Delete, Put, Update, Write, WriteKind};
