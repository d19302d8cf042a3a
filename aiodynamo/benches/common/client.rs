//! What the benchmarks against DynamoDB Local share: their start (a runtime, DynamoDB Local and
//! the orders table), the hand-tuned raw-SDK batch writer they are measured against, and the
//! process's CPU time. Included with `#[path]`.

use std::future::Future;
use std::time::Duration;

use aiodynamo::Db;
use aiodynamo::local::DynamoDbLocal;
use aws_sdk_dynamodb::types::{PutRequest, ReturnConsumedCapacity, WriteRequest};
use futures::StreamExt;

use super::common::{Order, hand};

/// Runs a benchmark on a single-threaded runtime; nothing when cargo only lists benchmarks
/// (`cargo bench -- --list`).
pub fn run_bench<F: Future<Output = ()>>(bench: impl FnOnce() -> F) {
    if std::env::args().any(|arg| arg == "--list") {
        return;
    }
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(bench());
}

/// A DynamoDB Local of the benchmark's own (stopped when dropped) and a `Db` on it whose orders
/// table exists.
pub async fn orders_db() -> (DynamoDbLocal, Db) {
    let local = DynamoDbLocal::start().await.expect("DynamoDB Local");
    let db = Db::new(local.client()).with_table_prefix("bench-");
    db.create_table::<Order>()
        .send()
        .await
        .expect("create table");
    (local, db)
}

/// Requests in flight at once, for the raw writer and aiodynamo's batches alike.
pub const CONCURRENCY: usize = 8;

/// Writes `orders` with the raw SDK's BatchWriteItem, 25 at a time, 8 requests at once.
pub async fn raw_batch_write(db: &Db, orders: &[Order]) {
    let table = db.table_name::<Order>();
    let requests: Vec<Vec<WriteRequest>> = orders
        .chunks(25)
        .map(|chunk| {
            chunk
                .iter()
                .map(|order| {
                    let put = PutRequest::builder()
                        .set_item(Some(hand::write_order(order)))
                        .build()
                        .expect("an item");
                    WriteRequest::builder().put_request(put).build()
                })
                .collect()
        })
        .collect();
    futures::stream::iter(requests)
        .map(|mut chunk| {
            let client = db.client().clone();
            let table = table.clone();
            async move {
                while !chunk.is_empty() {
                    let output = client
                        .batch_write_item()
                        .request_items(&table, chunk)
                        // As aiodynamo asks (it reports it in its spans): equal work for both.
                        .return_consumed_capacity(ReturnConsumedCapacity::Total)
                        .send()
                        .await
                        .expect("BatchWriteItem");
                    chunk = output
                        .unprocessed_items
                        .and_then(|mut left| left.remove(&table))
                        .unwrap_or_default();
                }
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect::<Vec<()>>()
        .await;
}

/// User and system CPU time of this process so far.
pub fn cpu_time() -> Duration {
    // SAFETY: getrusage writes the struct it is given; a zeroed rusage is a valid one.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF and a valid pointer.
    let status = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(status, 0, "getrusage");
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}
