//! Client CPU per operation against DynamoDB Local: aiodynamo against the same request made with
//! the raw SDK and the hand-written codec. CPU time of this process only (`getrusage`; DynamoDB
//! Local is another process), in blocks that take turns. Each pair sends equal requests (checked
//! once where aiodynamo's input can be compared) and reads the same items.

use std::collections::HashMap;

use aiodynamo::prelude::*;
use aws_sdk_dynamodb::operation::get_item::builders::GetItemInputBuilder;
use aws_sdk_dynamodb::operation::put_item::builders::PutItemInputBuilder;
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemInputBuilder;
use aws_sdk_dynamodb::types::{
    AttributeValue, KeysAndAttributes, Put, ReturnConsumedCapacity, ReturnValue,
    ReturnValuesOnConditionCheckFailure, TransactWriteItem,
};

use crate::order::{Order, Status, hand, numbered, order};
use crate::report::{Goal, Row, Unit};
use crate::sample::{cpu_time, take_turns_async};
use crate::{Bench, raw_batch_write};

/// Operations per block: one block per side per repeat.
const BLOCK: usize = 200;
/// Items per page, batch and query partition.
pub const PAGE: usize = 100;
const GOAL: Goal = Goal::AtMost(1.05);
/// The query partition's name.
pub const PAGE_PARTITION: &str = "page";

pub async fn rows(bench: &Bench, repeats: usize, progress: &dyn Fn(&Row)) -> Vec<Row> {
    let db = &bench.db;
    let table = db.table_name::<Order>();
    let client = db.client();
    let template = order(3);
    let page: Vec<Order> = (0..PAGE)
        .map(|i| numbered(&template, PAGE_PARTITION, i))
        .collect();
    raw_batch_write(db, &page).await;
    check_requests_agree(db, &table, &page[0]);

    let mut rows = Vec::new();
    let mut add = |row: Row| {
        progress(&row);
        rows.push(row);
    };

    let one = &page[0];
    add(per_op(
        "put",
        repeats,
        BLOCK,
        async || db.put(one).send().await.expect("put"),
        async || {
            put_input(&table, one)
                .send_with(client)
                .await
                .expect("PutItem");
        },
    )
    .await);

    let key = || Order::key(one.order_id.clone(), one.created_at.clone());
    add(per_op(
        "get",
        repeats,
        BLOCK,
        async || {
            db.get(key()).send().await.expect("get").expect("an order");
        },
        async || {
            let output = get_input(&table, one)
                .send_with(client)
                .await
                .expect("GetItem");
            hand::read_order(output.item.expect("an order")).expect("decodes");
        },
    )
    .await);

    add(per_op(
        "update",
        repeats,
        BLOCK,
        async || update(db, one).send().await.expect("update"),
        async || {
            update_input(&table, one)
                .send_with(client)
                .await
                .expect("UpdateItem");
        },
    )
    .await);

    add(per_op(
        "query page (100 items)",
        repeats,
        BLOCK / 5,
        async || {
            let page = db
                .query(Order::partition(PAGE_PARTITION))
                .send()
                .await
                .expect("query");
            assert_eq!(page.items.len(), PAGE);
        },
        async || {
            let output = client
                .query()
                .table_name(&table)
                .key_condition_expression("#n0 = :v0")
                .expression_attribute_names("#n0", "order_id")
                .expression_attribute_values(":v0", AttributeValue::S(PAGE_PARTITION.into()))
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .send()
                .await
                .expect("Query");
            assert_eq!(decode_all(output.items).len(), PAGE);
        },
    )
    .await);

    add(per_op(
        "scan page (100 items)",
        repeats,
        BLOCK / 5,
        async || {
            let page = db
                .scan::<Order>()
                .page_size(PAGE as u32)
                .send()
                .await
                .expect("scan");
            assert_eq!(page.items.len(), PAGE);
        },
        async || {
            let output = client
                .scan()
                .table_name(&table)
                .limit(PAGE as i32)
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .send()
                .await
                .expect("Scan");
            assert_eq!(decode_all(output.items).len(), PAGE);
        },
    )
    .await);

    // Per item: each call writes or reads the whole page, 100 items.
    let mut row = per_op(
        "batch_write (per item)",
        repeats,
        16,
        async || {
            db.batch_write()
                .put_all(&page)
                .concurrency(crate::CONCURRENCY)
                .send()
                .await
                .expect("batch_write");
        },
        async || raw_batch_write(db, &page).await,
    )
    .await;
    per_item(&mut row);
    add(row);

    let keys: Vec<_> = page
        .iter()
        .map(|order| Order::key(order.order_id.clone(), order.created_at.clone()))
        .collect();
    let mut row = per_op(
        "batch_get (per item)",
        repeats,
        16,
        async || {
            let found = db.batch_get(keys.clone()).send().await.expect("batch_get");
            assert!(found.iter().all(Option::is_some));
        },
        async || assert_eq!(raw_batch_get(client, &table, &page).await, PAGE),
    )
    .await;
    per_item(&mut row);
    add(row);

    let (a, b) = (&page[1], &page[2]);
    let mut token = 0u64;
    add(per_op(
        "transact_write (2 puts)",
        repeats,
        BLOCK,
        async || {
            db.transact_write()
                .push(db.put(a))
                .push(db.put(b))
                .send()
                .await
                .expect("transact_write");
        },
        async || {
            token += 1;
            let put = |order: &Order| {
                TransactWriteItem::builder()
                    .put(
                        Put::builder()
                            .table_name(&table)
                            .set_item(Some(hand::write_order(order)))
                            .build()
                            .expect("a put"),
                    )
                    .build()
            };
            client
                .transact_write_items()
                .transact_items(put(a))
                .transact_items(put(b))
                // Like aiodynamo: a token, so the SDK's retries cannot apply it twice.
                .client_request_token(format!("{:032x}", token))
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .send()
                .await
                .expect("TransactWriteItems");
        },
    )
    .await);
    rows
}

/// CPU seconds per call of `ours` and `raw`, `block` calls a block.
async fn per_op(
    name: &str,
    repeats: usize,
    block: usize,
    mut ours: impl AsyncFnMut(),
    mut raw: impl AsyncFnMut(),
) -> Row {
    // Warm both: connections, lazily built state.
    ours().await;
    raw().await;
    let pairs = take_turns_async(
        repeats,
        async || {
            let start = cpu_time();
            for _ in 0..block {
                ours().await;
            }
            (cpu_time() - start).as_secs_f64() / block as f64
        },
        async || {
            let start = cpu_time();
            for _ in 0..block {
                raw().await;
            }
            (cpu_time() - start).as_secs_f64() / block as f64
        },
    )
    .await;
    Row::new(
        format!("client CPU: {name}"),
        "raw SDK + hand-written",
        Unit::Seconds,
        &pairs,
        GOAL,
    )
}

/// A row measured per call of a whole page, made per item.
fn per_item(row: &mut Row) {
    for spread in [&mut row.aiodynamo, &mut row.baseline] {
        spread.median /= PAGE as f64;
        spread.min /= PAGE as f64;
        spread.max /= PAGE as f64;
    }
}

fn decode_all(items: Option<Vec<HashMap<String, AttributeValue>>>) -> Vec<Order> {
    items
        .unwrap_or_default()
        .into_iter()
        .map(|item| hand::read_order(item).expect("an order"))
        .collect()
}

fn key_item(order: &Order) -> HashMap<String, AttributeValue> {
    HashMap::from([
        (
            "order_id".to_owned(),
            AttributeValue::S(order.order_id.clone()),
        ),
        (
            "created_at".to_owned(),
            AttributeValue::S(order.created_at.clone()),
        ),
    ])
}

fn put_input(table: &str, order: &Order) -> PutItemInputBuilder {
    PutItemInputBuilder::default()
        .table_name(table)
        .set_item(Some(hand::write_order(order)))
        .return_values(ReturnValue::None)
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
}

fn get_input(table: &str, order: &Order) -> GetItemInputBuilder {
    GetItemInputBuilder::default()
        .table_name(table)
        .set_key(Some(key_item(order)))
        .consistent_read(false)
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
}

fn update(db: &Db, order: &Order) -> aiodynamo::Update<Order> {
    db.update(
        Order::key(order.order_id.clone(), order.created_at.clone()),
        [
            attr!(Order, status).set(Status::Shipped),
            attr!(Order, total).add(1),
        ],
    )
    .condition(attr!(Order, customer_id).eq(order.customer_id.clone()))
}

fn update_input(table: &str, order: &Order) -> UpdateItemInputBuilder {
    UpdateItemInputBuilder::default()
        .table_name(table)
        .set_key(Some(key_item(order)))
        .update_expression("SET #n0 = :v0 ADD #n1 :v1")
        .condition_expression("#n2 = :v2")
        .expression_attribute_names("#n0", "status")
        .expression_attribute_names("#n1", "total")
        .expression_attribute_names("#n2", "customer_id")
        .expression_attribute_values(":v0", AttributeValue::S("Shipped".into()))
        .expression_attribute_values(":v1", AttributeValue::N("1".into()))
        .expression_attribute_values(":v2", AttributeValue::S(order.customer_id.clone()))
        .return_values(ReturnValue::None)
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
}

/// Checks, once, that the raw single-item requests are the ones aiodynamo sends.
fn check_requests_agree(db: &Db, table: &str, order: &Order) {
    let put = db.put(order).prepare().expect("put").into_input();
    assert_eq!(put, put_input(table, order));
    let key = Order::key(order.order_id.clone(), order.created_at.clone());
    let get = db.get(key).prepare().expect("get").into_input();
    assert_eq!(get, get_input(table, order));
    let update = update(db, order).prepare().expect("update").into_input();
    assert_eq!(update, update_input(table, order));
}

/// The raw SDK's BatchGetItem of `orders`' keys (100 at most), unprocessed keys asked again,
/// every item decoded by hand: the items found.
async fn raw_batch_get(client: &aws_sdk_dynamodb::Client, table: &str, orders: &[Order]) -> usize {
    let mut keys = Some(
        KeysAndAttributes::builder()
            .set_keys(Some(orders.iter().map(key_item).collect()))
            .build()
            .expect("keys"),
    );
    let mut found = 0;
    while let Some(request) = keys.take() {
        let output = client
            .batch_get_item()
            .request_items(table, request)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await
            .expect("BatchGetItem");
        if let Some(mut items) = output.responses
            && let Some(items) = items.remove(table)
        {
            found += decode_all(Some(items)).len();
        }
        keys = output
            .unprocessed_keys
            .and_then(|mut left| left.remove(table));
    }
    found
}
