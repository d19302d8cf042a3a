//! A query page's cost to the client, and memory while streaming, against DynamoDB Local:
//!
//! - client CPU per query page of 100 orders (3 line items each): aiodynamo's
//!   `db.query(..).send()` against the raw SDK's paginator with hand-written decoding (the same
//!   request, the same items), in alternating blocks on one single-threaded runtime, CPU time of
//!   this process only (`getrusage`: DynamoDB Local is another process). Goal: at most 1.05x.
//! - peak resident memory while streaming 2,000 and 20,000 orders through `.stream()`, each in a
//!   child process of its own (`VmHWM`). Goal: at most 1.2x (memory does not grow with results).
//!
//! `cargo bench -p aiodynamo --features local --bench query` prints both ratios. It starts its
//! own DynamoDB Local (java is needed; npm the first time) and stops it at the end.

use std::time::{Duration, Instant};

use aiodynamo::Db;
use aws_sdk_dynamodb::types::AttributeValue;
use futures::TryStreamExt;

// Each benchmark uses part of the shared modules.
#[allow(dead_code)]
#[path = "common/client.rs"]
mod client;
#[allow(dead_code)]
#[path = "common/order.rs"]
mod common;

use client::{cpu_time, orders_db, raw_batch_write as write, run_bench};
use common::{Order, hand, order};

/// Orders in the partition a page reads.
const PAGE: usize = 100;
/// Pages per block, and blocks per side: the sides alternate block by block.
const PAGES_PER_BLOCK: usize = 40;
const BLOCKS: usize = 8;
const CHILD: &str = "--stream-child";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(position) = args.iter().position(|arg| arg == CHILD) {
        return stream_child(&args[position + 1..]);
    }
    run_bench(run);
}

async fn run() {
    let (local, db) = orders_db().await;

    // One partition of 100 orders.
    let page: Vec<Order> = (0..PAGE).map(|i| numbered(&order(3), "page", i)).collect();
    write(&db, &page).await;
    cpu_per_page(&db).await;

    // Two more partitions, of 2,000 and 20,000 orders, streamed by child processes.
    let mut peaks = Vec::new();
    for (partition, count) in [("small", 2_000), ("large", 20_000)] {
        let orders: Vec<Order> = (0..count)
            .map(|i| numbered(&order(3), partition, i))
            .collect();
        write(&db, &orders).await;
        drop(orders);
        peaks.push((
            count,
            peak_rss_streaming(local.endpoint(), partition, count),
        ));
    }
    let (small, large) = (peaks[0].1 as f64, peaks[1].1 as f64);
    println!(
        "peak RSS streaming: {} items {:.1} MiB, {} items {:.1} MiB: ratio {:.3} (goal <= 1.2)",
        peaks[0].0,
        small / 1024.0,
        peaks[1].0,
        large / 1024.0,
        large / small
    );
}

/// `template` as order `i` of partition `partition`.
fn numbered(template: &Order, partition: &str, i: usize) -> Order {
    let mut order = template.clone();
    order.order_id = partition.to_owned();
    order.created_at = format!("2024-06-01T00:00:00.{i:06}Z");
    order
}

async fn aiodynamo_page(db: &Db) -> usize {
    let page = db
        .query(Order::partition("page"))
        .send()
        .await
        .expect("a page");
    page.items.len()
}

/// The raw SDK's paginator and the hand-written decoder: the same request and items.
async fn raw_page(db: &Db, table: &str) -> usize {
    let mut pages = db
        .client()
        .query()
        .table_name(table)
        .key_condition_expression("#n0 = :v0")
        .expression_attribute_names("#n0", "order_id")
        .expression_attribute_values(":v0", AttributeValue::S("page".into()))
        .return_consumed_capacity(aws_sdk_dynamodb::types::ReturnConsumedCapacity::Total)
        .into_paginator()
        .send();
    let page = pages.next().await.expect("a page").expect("a page");
    let orders: Vec<Order> = page
        .items
        .unwrap_or_default()
        .into_iter()
        .map(|item| hand::read_order(item).expect("an order"))
        .collect();
    orders.len()
}

async fn cpu_per_page(db: &Db) {
    let table = db.table_name::<Order>();
    // Warm both paths (connections, lazily built tables).
    assert_eq!(aiodynamo_page(db).await, PAGE);
    assert_eq!(raw_page(db, &table).await, PAGE);
    let (mut ours, mut raw) = (Duration::ZERO, Duration::ZERO);
    let (mut ours_wall, mut raw_wall) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..BLOCKS {
        let (cpu, wall) = (cpu_time(), Instant::now());
        for _ in 0..PAGES_PER_BLOCK {
            assert_eq!(aiodynamo_page(db).await, PAGE);
        }
        ours += cpu_time() - cpu;
        ours_wall += wall.elapsed();
        let (cpu, wall) = (cpu_time(), Instant::now());
        for _ in 0..PAGES_PER_BLOCK {
            assert_eq!(raw_page(db, &table).await, PAGE);
        }
        raw += cpu_time() - cpu;
        raw_wall += wall.elapsed();
    }
    let pages = (BLOCKS * PAGES_PER_BLOCK) as u32;
    println!(
        "client CPU per query page of {PAGE} orders: aiodynamo {:?}, raw SDK + hand-written {:?}: ratio {:.3} (goal <= 1.05); wall per page {:?} vs {:?}",
        ours / pages,
        raw / pages,
        ours.as_secs_f64() / raw.as_secs_f64(),
        ours_wall / pages,
        raw_wall / pages,
    );
}

/// Peak resident memory (KiB) of a child process that streams `count` orders of `partition`.
fn peak_rss_streaming(endpoint: &str, partition: &str, count: usize) -> u64 {
    let output = std::process::Command::new(std::env::current_exe().expect("this bench"))
        .args([CHILD, endpoint, partition, &count.to_string()])
        .output()
        .expect("the child runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("the child prints its peak RSS")
}

/// In the child: stream the partition, check the count, print VmHWM (KiB).
fn stream_child(args: &[String]) {
    let [endpoint, partition, count] = args else {
        panic!("usage: {CHILD} ENDPOINT PARTITION COUNT");
    };
    let count: usize = count.parse().expect("a count");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let config = aws_sdk_dynamodb::Config::builder()
            .behavior_version_latest()
            .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "aiodynamo",
                "aiodynamo",
                None,
                None,
                "bench",
            ))
            .endpoint_url(endpoint)
            .build();
        let db = Db::new(aws_sdk_dynamodb::Client::from_conf(config)).with_table_prefix("bench-");
        let streamed = db
            .query(Order::partition(partition.as_str()))
            .page_size(100)
            .stream()
            .try_fold(0usize, |seen, order: Order| async move {
                assert_eq!(order.order_id, *partition);
                Ok(seen + 1)
            })
            .await
            .expect("the stream");
        assert_eq!(streamed, count);
    });
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmHWM");
    println!("{peak}");
}
