//! Runnable examples of aiodynamo: see `quickstart.rs` (`cargo run --example quickstart`).
