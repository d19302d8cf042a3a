//! `batch_write` of 10,000 orders (3 line items each) against DynamoDB Local, side by side in one
//! run with a hand-tuned raw-SDK batcher (25 puts per request, the same 8 requests at once,
//! retrying unprocessed items, asking for the consumed capacity as aiodynamo does) and with a
//! sequential `put` loop:
//!
//! - throughput: aiodynamo / raw batcher (goal at least 0.95x), aiodynamo / put loop (goal at
//!   least 5x);
//! - client CPU per item written (`getrusage` of this process; DynamoDB Local is another one):
//!   aiodynamo / raw batcher (goal at most 1.05x).
//!
//! The two batchers alternate, three rounds each, writing the same items over.
//! `cargo bench -p aiodynamo --features local --bench batch`

use std::time::{Duration, Instant};

use aiodynamo::Db;

// Each benchmark uses part of the shared modules.
#[allow(dead_code)]
#[path = "common/client.rs"]
mod client;
#[allow(dead_code)]
#[path = "common/order.rs"]
mod common;

use client::{CONCURRENCY, cpu_time, orders_db, raw_batch_write, run_bench};
use common::{Order, order};

const ITEMS: usize = 10_000;
const ROUNDS: usize = 3;
/// Items the sequential put loop writes (it is slow; its throughput is what is compared).
const LOOP_ITEMS: usize = 1_000;

fn main() {
    run_bench(run);
}

/// Order `i`, spread over 100 partitions.
fn numbered(template: &Order, i: usize) -> Order {
    let mut order = template.clone();
    order.order_id = format!("o-{:03}", i % 100);
    order.created_at = format!("2024-06-01T00:00:00.{i:06}Z");
    order
}

async fn run() {
    let (_local, db) = orders_db().await;
    let template = order(3);
    let orders: Vec<Order> = (0..ITEMS).map(|i| numbered(&template, i)).collect();

    // Warm both (connections, lazily built tables), and store every item once, so that each
    // measured round overwrites items (the first write of an item costs DynamoDB Local more).
    aiodynamo_write(&db, &orders[..100]).await;
    raw_batch_write(&db, &orders).await;

    let (mut ours, mut raw) = (Measure::default(), Measure::default());
    for _ in 0..ROUNDS {
        ours.add(measure(aiodynamo_write(&db, &orders)).await);
        raw.add(measure(raw_batch_write(&db, &orders)).await);
    }
    let put_loop = measure(async {
        for order in &orders[..LOOP_ITEMS] {
            db.put(order).send().await.expect("put");
        }
    })
    .await;

    let per_second = |measure: &Measure, items: usize| items as f64 / measure.wall.as_secs_f64();
    let ours_rate = per_second(&ours, ITEMS * ROUNDS);
    let raw_rate = per_second(&raw, ITEMS * ROUNDS);
    let loop_rate = LOOP_ITEMS as f64 / put_loop.0.as_secs_f64();
    println!(
        "batch_write of {ITEMS} items, concurrency {CONCURRENCY}: aiodynamo {ours_rate:.0} items/s, raw batcher {raw_rate:.0} items/s: ratio {:.3} (goal >= 0.95)",
        ours_rate / raw_rate
    );
    println!(
        "against a sequential put loop ({loop_rate:.0} items/s): ratio {:.1} (goal >= 5)",
        ours_rate / loop_rate
    );
    let cpu_per_item = |measure: &Measure| measure.cpu / (ITEMS * ROUNDS) as u32;
    println!(
        "client CPU per item written: aiodynamo {:?}, raw batcher {:?}: ratio {:.3} (goal <= 1.05)",
        cpu_per_item(&ours),
        cpu_per_item(&raw),
        ours.cpu.as_secs_f64() / raw.cpu.as_secs_f64()
    );
}

async fn aiodynamo_write(db: &Db, orders: &[Order]) {
    db.batch_write()
        .put_all(orders)
        .concurrency(CONCURRENCY)
        .send()
        .await
        .expect("batch_write");
}

#[derive(Default)]
struct Measure {
    wall: Duration,
    cpu: Duration,
}

impl Measure {
    fn add(&mut self, (wall, cpu): (Duration, Duration)) {
        self.wall += wall;
        self.cpu += cpu;
    }
}

/// Wall and CPU time of `work`.
async fn measure(work: impl std::future::Future<Output = ()>) -> (Duration, Duration) {
    let (wall, cpu) = (Instant::now(), cpu_time());
    work.await;
    (wall.elapsed(), cpu_time() - cpu)
}
