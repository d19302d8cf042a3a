//! Runnable examples of aiodynamo. Each example in this folder is a thin `main` over a module of
//! this library, so the tests in `tests/` drive the very code the examples run, against
//! DynamoDB Local:
//!
//! - `quickstart.rs` (`cargo run --example quickstart`): create a table, put, get, a conditional
//!   put that fails, a nested conditional update, delete.
//! - [`axum_service`] (`cargo run --example axum_service`): a REST service for orders on axum:
//!   conditional creates, optimistic locking with `#[version]` behind `ETag`/`If-Match`, a
//!   customer's orders through a global secondary index with the page cursor in the query string,
//!   and every aiodynamo error turned into an HTTP status in one place. Walked through step by step
//!   in `docs/src/axum-service.md`.
//! - [`lambda_style`] (`cargo run --example lambda_style`): an AWS Lambda-style handler, `handle(event,
//!   &db)`, for API Gateway proxy events (a link shortener: atomic hit counters, redirects), on
//!   plain serde event and response types rather than the Lambda runtime.
//! - [`bulk_import`] (`cargo run --release --example bulk_import [file.csv]`): a CSV file (10,000
//!   generated rows when none is given) written with `batch_write`, behind a progress bar, then a
//!   summary: rows, items written, leftovers, time, and the capacity the batch requests consumed.
//! - [`connect`]: how every example finds DynamoDB.

pub mod axum_service;
pub mod bulk_import;
pub mod lambda_style;

use aiodynamo::Db;
use aiodynamo::local::{DynamoDbLocal, LocalError};

/// The `Db` an example runs on: the endpoint `AWS_ENDPOINT_URL` names (with the usual AWS
/// configuration chain), or else a DynamoDB Local started for the example, fetched on first use.
/// Keep the returned instance until the end: dropping it stops its JVM.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let (db, _local) = aiodynamo_examples::connect().await?;
/// db.client().list_tables().send().await?;
/// # Ok(()) }
/// ```
pub async fn connect() -> Result<(Db, Option<DynamoDbLocal>), LocalError> {
    match std::env::var("AWS_ENDPOINT_URL") {
        Ok(endpoint) => {
            println!("using the endpoint {endpoint}");
            Ok((Db::from_env().await, None))
        }
        Err(_) => {
            println!("starting DynamoDB Local (the first run downloads it)...");
            let local = DynamoDbLocal::start().await?;
            println!("DynamoDB Local listens on {}", local.endpoint());
            Ok((Db::new(local.client()), Some(local)))
        }
    }
}

/// The guide `docs/src/axum-service.md`, whose Rust blocks compile (and the runnable ones run)
/// as this crate's doc tests: the guide builds the service of [`axum_service`].
#[cfg(doctest)]
#[doc = include_str!("../../docs/src/axum-service.md")]
pub struct AxumServiceGuide;
