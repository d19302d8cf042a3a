//! `batch_write` of 10,000 orders (3 line items each): items per second against the hand-tuned
//! raw batcher (the same 8 requests at once, taking turns, rewriting the same items), and against
//! a sequential `put` loop over the same 10,000 (run once: it is slow).

use std::time::Instant;

use aiodynamo::Db;

use crate::order::{Order, numbered, order};
use crate::report::{Goal, Row, Unit};
use crate::sample::{Pairs, Spread, take_turns_async};
use crate::{Bench, CONCURRENCY, raw_batch_write};

const ITEMS: usize = 10_000;

pub async fn rows(bench: &Bench, repeats: usize, progress: &dyn Fn(&Row)) -> Vec<Row> {
    let db = &bench.db;
    let template = order(3);
    // Spread over 100 partitions.
    let orders: Vec<Order> = (0..ITEMS)
        .map(|i| numbered(&template, &format!("batch-{:03}", i % 100), i))
        .collect();
    // Every item stored once first: each measured write overwrites (a first write costs
    // DynamoDB Local more).
    raw_batch_write(db, &orders).await;

    let pairs = take_turns_async(
        repeats,
        async || items_per_second(async || aiodynamo_write(db, &orders).await).await,
        async || items_per_second(async || raw_batch_write(db, &orders).await).await,
    )
    .await;
    let batcher = Row::new(
        "batch_write 10,000 items",
        "raw batcher",
        Unit::PerSecond,
        &pairs,
        Goal::AtLeast(0.95),
    );
    progress(&batcher);

    let put_loop = items_per_second(async || {
        for order in &orders {
            db.put(order).send().await.expect("put");
        }
    })
    .await;
    let mut against_loop = Pairs::default();
    against_loop.push(Spread::of(&pairs.ours).median, put_loop);
    let looped = Row::new(
        "batch_write 10,000 items",
        "sequential put loop",
        Unit::PerSecond,
        &against_loop,
        Goal::AtLeast(5.0),
    );
    progress(&looped);
    vec![batcher, looped]
}

async fn aiodynamo_write(db: &Db, orders: &[Order]) {
    db.batch_write()
        .put_all(orders)
        .concurrency(CONCURRENCY)
        .send()
        .await
        .expect("batch_write");
}

async fn items_per_second(mut write: impl AsyncFnMut()) -> f64 {
    let start = Instant::now();
    write().await;
    ITEMS as f64 / start.elapsed().as_secs_f64()
}
