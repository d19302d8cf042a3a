//! The measures, each side by side with its baselines in one run.

pub mod batch;
pub mod client;
pub mod codec;
pub mod compile;
pub mod stream;
pub mod throughput;
pub mod update_request;
