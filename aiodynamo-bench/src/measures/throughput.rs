//! End-to-end throughput of put and get at 1, 16 and 64 requests in flight: aiodynamo against
//! the raw SDK with hand-written conversion, on a multi-threaded runtime, operations per second
//! of wall time.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use aiodynamo::prelude::*;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnConsumedCapacity};

use crate::Bench;
use crate::order::{Order, hand, numbered, order};
use crate::report::{Goal, Row, Unit};
use crate::sample::take_turns_async;

/// Distinct orders written and read, so concurrent requests touch different items.
const ORDERS: usize = 256;

#[derive(Clone, Copy)]
enum Op {
    Put,
    Get,
}

pub async fn rows(bench: &Bench, repeats: usize, progress: &dyn Fn(&Row)) -> Vec<Row> {
    let template = order(3);
    let orders: Arc<Vec<Order>> = Arc::new(
        (0..ORDERS)
            .map(|i| numbered(&template, &format!("tp-{}", i % 16), i))
            .collect(),
    );
    crate::raw_batch_write(&bench.db, &orders).await;
    let mut rows = Vec::new();
    for (op, name) in [(Op::Put, "put"), (Op::Get, "get")] {
        for concurrency in [1, 16, 64] {
            // Enough operations that each run lasts about a second or more.
            let operations = 300 + 20 * concurrency;
            let run = |raw: bool| {
                let (db, orders) = (bench.db.clone(), orders.clone());
                async move { ops_per_second(db, orders, op, raw, concurrency, operations).await }
            };
            let pairs =
                take_turns_async(repeats, async || run(false).await, async || run(true).await)
                    .await;
            let row = Row::new(
                format!("throughput: {name}, {concurrency} in flight"),
                "raw SDK + hand-written",
                Unit::PerSecond,
                &pairs,
                Goal::AtLeast(0.97),
            );
            progress(&row);
            rows.push(row);
        }
    }
    rows
}

/// `operations` of `op` by `concurrency` tasks, with aiodynamo or (`raw`) the raw SDK: per second.
async fn ops_per_second(
    db: Db,
    orders: Arc<Vec<Order>>,
    op: Op,
    raw: bool,
    concurrency: usize,
    operations: usize,
) -> f64 {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (db, orders, next) = (db.clone(), orders.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= operations {
                        break;
                    }
                    let order = &orders[n % orders.len()];
                    match (op, raw) {
                        (Op::Put, false) => db.put(order).send().await.expect("put"),
                        (Op::Put, true) => raw_put(&db, order).await,
                        (Op::Get, false) => {
                            let key = Order::key(order.order_id.clone(), order.created_at.clone());
                            db.get(key).send().await.expect("get").expect("an order");
                        }
                        (Op::Get, true) => raw_get(&db, order).await,
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("a task");
    }
    operations as f64 / start.elapsed().as_secs_f64()
}

async fn raw_put(db: &Db, order: &Order) {
    db.client()
        .put_item()
        .table_name(db.table_name::<Order>())
        .set_item(Some(hand::write_order(order)))
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send()
        .await
        .expect("PutItem");
}

async fn raw_get(db: &Db, order: &Order) {
    let output = db
        .client()
        .get_item()
        .table_name(db.table_name::<Order>())
        .key("order_id", AttributeValue::S(order.order_id.clone()))
        .key("created_at", AttributeValue::S(order.created_at.clone()))
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send()
        .await
        .expect("GetItem");
    hand::read_order(output.item.expect("an order")).expect("decodes");
}
