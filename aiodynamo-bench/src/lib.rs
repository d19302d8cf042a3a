//! aiodynamo's benchmark suite. `cargo run --release -p aiodynamo-bench` starts DynamoDB Local,
//! runs every measure side by side with its baseline (the raw SDK with hand-written conversion,
//! hand-written code, serde_dynamo) in one run, prints one table of ratios against their goals,
//! and writes it as JSON and as an SVG plot. See `docs/benchmarks.md`.

pub mod measures;
pub mod order;
pub mod report;
pub mod sample;
pub mod update_request;

use aiodynamo::Db;
use aiodynamo::local::DynamoDbLocal;
use aws_sdk_dynamodb::types::{PutRequest, ReturnConsumedCapacity, WriteRequest};
use futures::StreamExt;

use order::{Order, hand};

/// Requests in flight at once, for aiodynamo's batches and the raw batcher alike.
pub const CONCURRENCY: usize = 8;

/// What the measures against DynamoDB Local share: the emulator (stopped when dropped) and a
/// `Db` on it whose orders table exists.
pub struct Bench {
    pub local: DynamoDbLocal,
    pub db: Db,
}

impl Bench {
    pub async fn start() -> Result<Bench, Box<dyn std::error::Error>> {
        let local = DynamoDbLocal::start().await?;
        let db = Db::new(local.client()).with_table_prefix("bench-");
        db.create_table::<Order>().send().await?;
        Ok(Bench { local, db })
    }
}

/// The hand-tuned raw batcher: `orders` with the raw SDK's BatchWriteItem, 25 puts a request,
/// [`CONCURRENCY`] requests at once, unprocessed items sent again, consumed capacity asked for
/// as aiodynamo does.
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
