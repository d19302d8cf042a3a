//! Writing and reading an order three ways, side by side in one run:
//!
//! - `aiodynamo`: `aiodynamo::codec::to_item` / `from_item`;
//! - `hand_written`: the `AttributeValue` code a careful engineer writes by hand (a pre-sized
//!   `HashMap`, direct `AttributeValue` construction; reading by `remove` from the owned map,
//!   parsing numbers, errors as `Result` values naming the attribute);
//! - `serde_dynamo`: `serde_dynamo::aws_sdk_dynamodb_1::to_item` / `from_item` (4.x).
//!
//! All three produce equal items and read back equal models (asserted once before timing), so
//! the comparison is of equal work. Reading takes the item by value; each iteration gets its own
//! clone from `iter_batched` setup, which is not timed, and neither is dropping the outputs (the
//! same for writing), so the times are of encoding and decoding only.
//!
//! Batches are of [`BATCH`] iterations rather than `BatchSize::SmallInput`, which keeps a tenth
//! of each sample's iterations alive at once (hundreds to thousands of items, megabytes). Between
//! such batches the allocator apparently hands the freed memory back to the kernel and the next
//! timed batch page-faults it in again (page faults and `malloc_consolidate` topped a `perf`
//! profile), which measured the
//! allocator rather than the codecs and not evenly: in one run side by side, 50 line items,
//! aiodynamo writing took 19.9 µs with `SmallInput` and 13.6 µs with 64-iteration batches, while
//! hand-written stayed at 10.1 and 10.4 µs.
//!
//! `cargo bench -p aiodynamo-bench --bench codec -- --warm-up-time 1 --measurement-time 3`
//! (the suite, `cargo run --release -p aiodynamo-bench`, measures the same ratios).

use std::hint::black_box;

use aiodynamo::RawItem;
use aiodynamo_bench::order::{Order, SerdeDynamoOrder, check_codecs_agree, hand, order};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

/// Iterations per `iter_batched` batch: enough to make timer overhead negligible, few enough
/// that the batch's inputs and outputs are reused memory (see the module documentation).
const BATCH: BatchSize = BatchSize::NumIterations(64);

fn bench(c: &mut Criterion) {
    for line_items in [3, 50] {
        let order = order(line_items);
        let sd_order = SerdeDynamoOrder::from(order.clone());
        let item = check_codecs_agree(&order);

        let mut group = c.benchmark_group(format!("write/{line_items}_items"));
        group.bench_function("aiodynamo", |b| {
            b.iter_batched(
                || &order,
                |o| aiodynamo::codec::to_item(black_box(o)).unwrap(),
                BATCH,
            )
        });
        group.bench_function("hand_written", |b| {
            b.iter_batched(|| &order, |o| hand::write_order(black_box(o)), BATCH)
        });
        group.bench_function("serde_dynamo", |b| {
            b.iter_batched(
                || &sd_order,
                |o| -> RawItem { serde_dynamo::aws_sdk_dynamodb_1::to_item(black_box(o)).unwrap() },
                BATCH,
            )
        });
        group.finish();

        let mut group = c.benchmark_group(format!("read/{line_items}_items"));
        group.bench_function("aiodynamo", |b| {
            b.iter_batched(
                || item.clone(),
                |i| aiodynamo::codec::from_item::<Order>(black_box(i)).unwrap(),
                BATCH,
            )
        });
        group.bench_function("hand_written", |b| {
            b.iter_batched(
                || item.clone(),
                |i| hand::read_order(black_box(i)).unwrap(),
                BATCH,
            )
        });
        group.bench_function("serde_dynamo", |b| {
            b.iter_batched(
                || item.clone(),
                |i| {
                    serde_dynamo::aws_sdk_dynamodb_1::from_item::<SerdeDynamoOrder>(black_box(i))
                        .unwrap()
                },
                BATCH,
            )
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
