//! Query and scan against DynamoDB Local: key conditions on tables and indexes, filters,
//! projections, pages, cursors, limits, counts and scan segments.

use std::collections::BTreeSet;

use aiodynamo::local::{DynamoDbLocal, FaultProxy, mock_dynamodb};
use aiodynamo::prelude::*;
use aiodynamo::{Cursor, Page};
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

#[table(
    "query_orders",
    hash_key = "customer_id",
    range_key = "created_at",
    gsi(name = "by_status", hash_key = "status", range_key = "created_at"),
    gsi(name = "by_sku", hash_key = "sku", projection = "keys_only"),
    gsi(name = "by_day", hash_key = "day"),
    lsi(name = "by_total", range_key = "total")
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Order {
    customer_id: String,
    created_at: u64,
    /// Sparse: only open orders are in `by_status`.
    status: Option<String>,
    sku: String,
    day: String,
    total: u64,
    note: String,
}

fn order(customer: &str, created_at: u64) -> Order {
    Order {
        customer_id: customer.into(),
        created_at,
        status: created_at.is_multiple_of(2).then(|| "open".to_string()),
        sku: format!("sku-{}", created_at % 3),
        day: format!("2024-01-{:02}", created_at % 28 + 1),
        total: created_at * 10,
        note: format!("order {created_at}"),
    }
}

/// Puts `orders`, 16 at a time.
async fn put_all(db: &Db, orders: impl IntoIterator<Item = Order>) {
    futures::stream::iter(orders)
        .map(|order| {
            let db = db.clone();
            async move { db.put(&order).send().await }
        })
        .buffer_unordered(16)
        .try_collect::<Vec<()>>()
        .await
        .unwrap();
}

fn created(orders: &[Order]) -> Vec<u64> {
    orders.iter().map(|order| order.created_at).collect()
}

/// Ten orders of c1 (created 1..=10), three of c2, none of c3.
async fn small_db() -> Db {
    let db = mock_dynamodb::<Order>().await.unwrap();
    put_all(
        &db,
        (1..=10)
            .map(|at| order("c1", at))
            .chain((1..=3).map(|at| order("c2", at))),
    )
    .await;
    db
}

#[tokio::test]
async fn a_partition_in_either_order_and_an_empty_one() {
    let db = small_db().await;
    let ascending = db.query(Order::partition("c1")).all().await.unwrap();
    assert_eq!(created(&ascending), (1..=10).collect::<Vec<_>>());
    assert_eq!(ascending[0], order("c1", 1));
    let descending = db
        .query(Order::partition("c1"))
        .descending()
        .all()
        .await
        .unwrap();
    assert_eq!(created(&descending), (1..=10).rev().collect::<Vec<_>>());
    assert!(
        db.query(Order::partition("c3"))
            .all()
            .await
            .unwrap()
            .is_empty()
    );
    let page = db.query(Order::partition("c3")).send().await.unwrap();
    assert!(page.items.is_empty() && page.cursor.is_none());
}

#[tokio::test]
async fn every_sort_key_operator() {
    let db = small_db().await;
    let cases = [
        (
            db.query(Order::partition("c1").range_eq(4u64)).all().await,
            vec![4],
        ),
        (
            db.query(Order::partition("c1").range_lt(3u64)).all().await,
            vec![1, 2],
        ),
        (
            db.query(Order::partition("c1").range_le(3u64)).all().await,
            vec![1, 2, 3],
        ),
        (
            db.query(Order::partition("c1").range_gt(8u64)).all().await,
            vec![9, 10],
        ),
        (
            db.query(Order::partition("c1").range_ge(8u64)).all().await,
            vec![8, 9, 10],
        ),
        (
            db.query(Order::partition("c1").range_between(4u64, 6u64))
                .all()
                .await,
            vec![4, 5, 6],
        ),
    ];
    for (result, expected) in cases {
        assert_eq!(created(&result.unwrap()), expected);
    }
    // begins_with on a string sort key: the GSI's day has none, so use the table of `Event`s.
    let db = mock_dynamodb::<Event>().await.unwrap();
    for (device, at) in [
        ("d1", "2024-01-05"),
        ("d1", "2024-02-01"),
        ("d1", "2023-12-31"),
    ] {
        db.put(&Event {
            device: device.into(),
            at: at.into(),
        })
        .send()
        .await
        .unwrap();
    }
    let january = db
        .query(Event::partition("d1").range_begins_with("2024-01"))
        .all()
        .await
        .unwrap();
    assert_eq!(
        january,
        vec![Event {
            device: "d1".into(),
            at: "2024-01-05".into()
        }]
    );
}

#[table("query_events", hash_key = "device", range_key = "at")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Event {
    device: String,
    at: String,
}

#[tokio::test]
async fn a_filter_after_the_key_condition_and_a_consistent_read() {
    let db = small_db().await;
    let big = db
        .query(Order::partition("c1").range_ge(3u64))
        .filter(attr!(Order, total).gt(60) & attr!(Order, status).exists())
        .consistent_read(true)
        .all()
        .await
        .unwrap();
    assert_eq!(created(&big), vec![8, 10]);
}

#[tokio::test]
async fn global_indexes_with_and_without_a_sort_key_condition() {
    let db = small_db().await;
    // by_status holds only the open (even) orders: a sparse index.
    let open = db
        .query(Order::BY_STATUS.partition("open"))
        .all()
        .await
        .unwrap();
    let mut open_created = created(&open);
    open_created.sort_unstable();
    assert_eq!(open_created, vec![2, 2, 4, 6, 8, 10]);
    let recent_open = db
        .query(Order::BY_STATUS.partition("open").range_gt(5u64))
        .all()
        .await
        .unwrap();
    let mut recent = created(&recent_open);
    recent.sort_unstable();
    assert_eq!(recent, vec![6, 8, 10]);
    // The sparse index's scan skips items without the key.
    let scanned = db
        .scan::<Order>()
        .index(Order::BY_STATUS)
        .all()
        .await
        .unwrap();
    assert_eq!(scanned.len(), 6);
    assert!(
        scanned
            .iter()
            .all(|order| order.status.as_deref() == Some("open"))
    );
    let by_day = db
        .query(Order::BY_DAY.partition("2024-01-05"))
        .all()
        .await
        .unwrap();
    assert_eq!(created(&by_day), vec![4]);
}

#[tokio::test]
async fn a_keys_only_index_yields_partials_and_a_local_index_reads_consistently() {
    let db = small_db().await;
    let keys: Vec<Partial<Order>> = db
        .query(Order::BY_SKU.partition("sku-1"))
        .all()
        .await
        .unwrap();
    let mut found: Vec<(String, u64)> = keys
        .iter()
        .map(|partial| {
            (
                partial.get(attr!(Order, customer_id)).unwrap().unwrap(),
                partial.get(attr!(Order, created_at)).unwrap().unwrap(),
            )
        })
        .collect();
    found.sort();
    let expected = [("c1", 1), ("c1", 4), ("c1", 7), ("c1", 10), ("c2", 1)];
    assert_eq!(
        found,
        expected.map(|(customer, at)| (customer.to_string(), at))
    );
    assert!(
        keys.iter()
            .all(|partial| partial.get(attr!(Order, note)).unwrap().is_none())
    );

    let by_total = db
        .query(Order::BY_TOTAL.partition("c1").range_between(30u64, 50u64))
        .consistent_read(true)
        .all()
        .await
        .unwrap();
    assert_eq!(created(&by_total), vec![3, 4, 5]);
}

#[tokio::test]
async fn projections_on_query_and_scan() {
    let db = small_db().await;
    let notes: Vec<Partial<Order>> = db
        .query(Order::partition("c2"))
        .projection((attr!(Order, note),))
        .all()
        .await
        .unwrap();
    let read: Vec<String> = notes
        .iter()
        .map(|partial| partial.get(attr!(Order, note)).unwrap().unwrap())
        .collect();
    assert_eq!(read, ["order 1", "order 2", "order 3"]);
    assert!(
        notes
            .iter()
            .all(|partial| partial.get(attr!(Order, total)).unwrap().is_none())
    );
    let totals: Vec<Partial<Order>> = db
        .scan::<Order>()
        .projection([attr!(Order, total).into()])
        .all()
        .await
        .unwrap();
    assert_eq!(totals.len(), 13);
    assert!(
        totals
            .iter()
            .all(|partial| partial.get(attr!(Order, total)).unwrap().is_some())
    );
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, KeyType,
)]
#[serde(rename_all = "kebab-case")]
enum Region {
    EuWest1,
    UsEast1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, KeyType)]
#[serde(rename_all = "snake_case")]
enum Stage {
    Draft,
    Live,
    Retired,
}

#[table("query_releases", hash_key = "region", range_key = "stage")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Release {
    region: Region,
    stage: Stage,
    version: u32,
}

#[tokio::test]
async fn enum_hash_and_range_keys_in_key_conditions() {
    let db = mock_dynamodb::<Release>().await.unwrap();
    for (region, stage, version) in [
        (Region::EuWest1, Stage::Draft, 1),
        (Region::EuWest1, Stage::Live, 2),
        (Region::UsEast1, Stage::Live, 3),
    ] {
        db.put(&Release {
            region,
            stage,
            version,
        })
        .send()
        .await
        .unwrap();
    }
    let live = db
        .query(Release::partition(Region::EuWest1).range_eq(Stage::Live))
        .all()
        .await
        .unwrap();
    assert_eq!(
        live,
        vec![Release {
            region: Region::EuWest1,
            stage: Stage::Live,
            version: 2
        }]
    );
    let eu = db
        .query(Release::partition(Region::EuWest1))
        .count()
        .await
        .unwrap();
    assert_eq!(eu, 2);
    assert!(
        db.query(Release::partition(Region::UsEast1).range_eq(Stage::Retired))
            .first()
            .await
            .unwrap()
            .is_none()
    );
}

/// 1,000 orders of one customer, `created_at` 0..1000.
async fn thousand() -> Db {
    let db = mock_dynamodb::<Order>().await.unwrap();
    put_all(&db, (0..1000).map(|at| order("big", at))).await;
    db
}

#[tokio::test]
async fn a_thousand_items_in_pages_of_seven_by_all_and_by_stream() {
    let db = thousand().await;
    let all = db
        .query(Order::partition("big"))
        .page_size(7)
        .all()
        .await
        .unwrap();
    assert_eq!(created(&all), (0..1000).collect::<Vec<_>>());
    let streamed: Vec<Order> = db
        .query(Order::partition("big"))
        .page_size(7)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed, all);
    let pages: Vec<Page<Order>> = db
        .query(Order::partition("big"))
        .page_size(7)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 143); // 142 full pages, one of 6, and DynamoDB's cursor stops there
    assert!(pages.iter().all(|page| page.items.len() <= 7));
    assert!(
        pages
            .iter()
            .all(|page| page.consumed_capacity.is_some_and(|units| units > 0.0))
    );

    // Scan segments: together and one at a time, every item exactly once.
    let mut segments: Vec<u64> = created(&db.scan::<Order>().segments(4).all().await.unwrap());
    segments.sort_unstable();
    assert_eq!(segments, (0..1000).collect::<Vec<_>>());
    let mut seen = BTreeSet::new();
    let mut total = 0;
    for segment in 0..4 {
        let part = db.scan::<Order>().segment(segment, 4).all().await.unwrap();
        total += part.len();
        seen.extend(created(&part));
    }
    assert_eq!((total, seen.len()), (1000, 1000));
    assert_eq!(db.scan::<Order>().count().await.unwrap(), 1000);
    assert_eq!(
        db.query(Order::partition("big").range_lt(100u64))
            .count()
            .await
            .unwrap(),
        100
    );
}

#[tokio::test]
async fn a_filter_matching_three_of_five_hundred_follows_every_page() {
    let db = mock_dynamodb::<Order>().await.unwrap();
    put_all(&db, (0..500).map(|at| order("f", at))).await;
    let found = db
        .query(Order::partition("f"))
        // The sort key cannot be filtered on: `total` is ten times it.
        .filter(attr!(Order, total).is_in([70u64, 2500, 4990]))
        .page_size(10)
        .all()
        .await
        .unwrap();
    assert_eq!(created(&found), vec![7, 250, 499]);
    let first = db
        .query(Order::partition("f"))
        .filter(attr!(Order, note).eq("order 250"))
        .page_size(10)
        .first()
        .await
        .unwrap();
    assert_eq!(first.map(|order| order.created_at), Some(250));
}

#[tokio::test]
async fn manual_paging_through_cursor_strings_has_no_gaps_and_no_duplicates() {
    let db = mock_dynamodb::<Order>().await.unwrap();
    put_all(&db, (0..95).map(|at| order("p", at))).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = db.query(Order::partition("p")).page_size(10);
        if let Some(cursor) = cursor.take() {
            query = query.start_after(cursor);
        }
        let page = query.send().await.unwrap();
        pages += 1;
        seen.extend(created(&page.items));
        match page.cursor {
            Some(next) => {
                let text = next.to_string();
                assert!(
                    text.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                    "{text}"
                );
                assert_eq!(text.parse::<Cursor>().unwrap(), next);
                cursor = Some(text);
            }
            None => break,
        }
    }
    assert_eq!(seen, (0..95).collect::<Vec<_>>());
    assert_eq!(pages, 10, "the last page has no cursor");

    // serde writes and reads the same string (here through aiodynamo's own codec: an S).
    let cursor = db
        .query(Order::partition("p"))
        .page_size(3)
        .send()
        .await
        .unwrap()
        .cursor
        .unwrap();
    let stored = aiodynamo::codec::to_attribute(&cursor.to_string())
        .unwrap()
        .unwrap();
    let encoded = aiodynamo::codec::to_attribute_shaped(&cursor, aiodynamo::codec::Shape::Plain)
        .unwrap()
        .unwrap();
    assert_eq!(encoded, stored);
    let decoded: Cursor =
        aiodynamo::codec::from_attribute_shaped(Some(encoded), aiodynamo::codec::Shape::Plain)
            .unwrap();
    assert_eq!(decoded, cursor);
}

#[tokio::test]
async fn a_limit_returns_exactly_that_many_and_reads_no_more_pages() {
    let proxy = FaultProxy::start(DynamoDbLocal::shared().await.unwrap())
        .await
        .unwrap();
    let db = Db::new(aiodynamo::sdk::Client::from_conf(proxy.config().build()))
        .with_table_prefix("query-limit-");
    db.create_table::<Order>().send().await.unwrap();
    put_all(&db, (0..100).map(|at| order("l", at))).await;

    let before = proxy.requests();
    let limited = db
        .query(Order::partition("l"))
        .page_size(10)
        .limit(25)
        .all()
        .await
        .unwrap();
    assert_eq!(created(&limited), (0..25).collect::<Vec<_>>());
    assert_eq!(proxy.requests() - before, 3, "pages of 10, 10 and 5");

    let before = proxy.requests();
    let one = db
        .query(Order::partition("l"))
        .limit(25)
        .all()
        .await
        .unwrap();
    assert_eq!(one.len(), 25);
    assert_eq!(proxy.requests() - before, 1);

    // A page cut short by the limit carries a cursor after its last item.
    let page = db
        .query(Order::partition("l"))
        .filter(attr!(Order, total).ge(0))
        .page_size(30)
        .limit(12)
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 12);
    let rest = db
        .query(Order::partition("l"))
        .start_after(page.cursor.unwrap())
        .limit(3)
        .all()
        .await
        .unwrap();
    assert_eq!(created(&rest), vec![12, 13, 14]);
}

#[tokio::test]
async fn a_bad_cursor_is_an_invalid_request_before_sending() {
    let proxy = FaultProxy::start(DynamoDbLocal::shared().await.unwrap())
        .await
        .unwrap();
    let db = Db::new(aiodynamo::sdk::Client::from_conf(proxy.config().build()))
        .with_table_prefix("query-cursor-");
    db.create_table::<Order>().send().await.unwrap();
    db.create_table::<Event>().send().await.unwrap();
    db.put(&order("c", 1)).send().await.unwrap();
    db.put(&order("c", 2)).send().await.unwrap();
    db.put(&Event {
        device: "d".into(),
        at: "x".into(),
    })
    .send()
    .await
    .unwrap();
    db.put(&Event {
        device: "d".into(),
        at: "y".into(),
    })
    .send()
    .await
    .unwrap();
    let event_cursor = db
        .query(Event::partition("d"))
        .page_size(1)
        .send()
        .await
        .unwrap()
        .cursor
        .unwrap();
    let order_cursor = db
        .query(Order::partition("c"))
        .page_size(1)
        .send()
        .await
        .unwrap()
        .cursor
        .unwrap();

    let sent = proxy.requests();
    let cases = [
        db.query(Order::partition("c"))
            .start_after("not a cursor")
            .send()
            .await,
        db.query(Order::partition("c"))
            .start_after(&event_cursor)
            .send()
            .await,
        // The table's cursor lacks the index's keys.
        db.query(Order::BY_STATUS.partition("open"))
            .start_after(&order_cursor)
            .send()
            .await,
        db.scan::<Order>()
            .segments(2)
            .start_after(&order_cursor)
            .send()
            .await,
    ];
    for result in cases {
        match result {
            Err(Error::InvalidRequest { message, .. }) => {
                assert!(message.contains("cursor"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(proxy.requests(), sent, "nothing was sent");
    // And a good one continues where the page ended.
    let rest = db
        .query(Order::partition("c"))
        .start_after(order_cursor)
        .all()
        .await
        .unwrap();
    assert_eq!(created(&rest), vec![2]);
}

#[test]
fn strings_that_are_not_cursors_are_refused() {
    for bad in ["", "AQ", "Zm9v", "AQABeA", "!!!"] {
        assert!(bad.parse::<Cursor>().is_err(), "{bad}");
    }
}

#[tokio::test]
async fn zero_limits_and_too_many_segments_send_nothing() {
    let proxy = FaultProxy::start(DynamoDbLocal::shared().await.unwrap())
        .await
        .unwrap();
    let db = Db::new(aiodynamo::sdk::Client::from_conf(proxy.config().build()))
        .with_table_prefix("query-zero-");
    db.create_table::<Order>().send().await.unwrap();
    put_all(&db, (0..5).map(|at| order("z", at))).await;
    let sent = proxy.requests();
    assert!(
        db.query(Order::partition("z"))
            .limit(0)
            .send()
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        db.query(Order::partition("z"))
            .limit(0)
            .all()
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.query(Order::partition("z"))
            .limit(0)
            .count()
            .await
            .unwrap(),
        0
    );
    let error = db
        .query(Order::partition("z"))
        .page_size(0)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    let error = db
        .scan::<Order>()
        .segments(u32::MAX)
        .all()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert_eq!(proxy.requests(), sent, "nothing was sent");

    // A merged scan stops at its limit without reading another page.
    let before = proxy.requests();
    let first = db
        .scan::<Order>()
        .segments(2)
        .page_size(1)
        .limit(1)
        .all()
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        proxy.requests() - before <= 2,
        "one page per segment at most"
    );
}
