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
//! `cargo bench -p aiodynamo --bench codec -- --warm-up-time 1 --measurement-time 3`

use std::collections::BTreeSet;
use std::hint::black_box;

use aiodynamo::RawItem;
use aws_sdk_dynamodb::types::AttributeValue;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};

// Each benchmark uses part of the shared modules.
#[allow(dead_code)]
#[path = "common/order.rs"]
mod common;

use common::{Basket, Order, Status, hand, order};

/// The same order as serde_dynamo needs it to store the same item as aiodynamo. serde_dynamo
/// knows nothing of sets: a plain `BTreeSet` becomes a list (L) there, so `tags` is marked
/// `string_set` (and skipped when empty, as DynamoDB has no empty set), and `None` would be stored
/// as NULL, so `note` is skipped when `None`. aiodynamo does both from the model's types alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SerdeDynamoOrder {
    pub order_id: String,
    pub created_at: String,
    pub customer_id: String,
    pub status: Status,
    pub total: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(
        with = "serde_dynamo::string_set",
        default,
        skip_serializing_if = "BTreeSet::is_empty"
    )]
    pub tags: BTreeSet<String>,
    pub basket: Basket,
}

impl From<Order> for SerdeDynamoOrder {
    fn from(o: Order) -> Self {
        SerdeDynamoOrder {
            order_id: o.order_id,
            created_at: o.created_at,
            customer_id: o.customer_id,
            status: o.status,
            total: o.total,
            note: o.note,
            tags: o.tags,
            basket: o.basket,
        }
    }
}

/// Iterations per `iter_batched` batch: enough to make timer overhead negligible, few enough
/// that the batch's inputs and outputs are reused memory (see the module documentation).
const BATCH: BatchSize = BatchSize::NumIterations(64);

/// Checks, once, that the three codecs do the same work: equal items, equal models.
fn check_equal(order: &Order) -> RawItem {
    let sd_order = SerdeDynamoOrder::from(order.clone());
    let ours = aiodynamo::codec::to_item(order).expect("aiodynamo encodes");
    let hand = hand::write_order(order);
    let theirs: RawItem = serde_dynamo::aws_sdk_dynamodb_1::to_item(&sd_order).expect("encodes");
    assert_eq!(ours, hand, "aiodynamo and hand-written items differ");
    assert_eq!(ours, theirs, "aiodynamo and serde_dynamo items differ");
    assert!(matches!(ours["tags"], AttributeValue::Ss(_)));

    let read: Order = aiodynamo::codec::from_item(ours.clone()).expect("aiodynamo decodes");
    assert_eq!(&read, order);
    let read = hand::read_order(ours.clone()).expect("hand-written decodes");
    assert_eq!(&read, order);
    let read: SerdeDynamoOrder =
        serde_dynamo::aws_sdk_dynamodb_1::from_item(ours.clone()).expect("serde_dynamo decodes");
    assert_eq!(read, sd_order);

    // The hand-written reader fails as a reader should, naming the attribute.
    let mut broken = ours.clone();
    if let Some(AttributeValue::M(basket)) = broken.get_mut("basket")
        && let Some(AttributeValue::L(items)) = basket.get_mut("items")
        && let Some(AttributeValue::M(item)) = items.get_mut(1)
    {
        item.insert("qty".into(), AttributeValue::S("two".into()));
    }
    if order.basket.items.len() > 1 {
        let error = hand::read_order(broken).expect_err("a string is not a number");
        assert_eq!(
            error.to_string(),
            "basket.items[1].qty: expected number (N)"
        );
    }
    ours
}

fn bench(c: &mut Criterion) {
    for line_items in [3, 50] {
        let order = order(line_items);
        let sd_order = SerdeDynamoOrder::from(order.clone());
        let item = check_equal(&order);

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
