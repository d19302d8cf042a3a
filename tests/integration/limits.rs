//! DynamoDB's limits checked before sending: each refused request is an `InvalidRequest` naming
//! the table, the attribute and the limit, and reaches nothing (the fault proxy counts no
//! request). The item-size boundary is DynamoDB Local's own, found by sending.

use std::collections::HashMap;

use aiodynamo::Bytes;
use aiodynamo::local::{DynamoDbLocal, FaultProxy};
use aiodynamo::prelude::*;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

use crate::proxied::{fault_proxy, through};

#[table("docs", hash_key = "id", range_key = "sort")]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Doc {
    id: String,
    sort: String,
    data: String,
}

#[table("blobs", hash_key = "id")]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]

struct Bin {
    id: Bytes,
    ratio: f64,
}

const SECRET: &str = "s3cr3t";

async fn proxied(prefix: &str) -> (FaultProxy, Db) {
    let proxy = fault_proxy().await;
    let db = through(&proxy, prefix, 1);
    (proxy, db)
}

/// The message of an `InvalidRequest`, checked to name the table and hold no value.
fn invalid(result: Result<impl Sized, Error>, table: &str) -> String {
    match result.map(drop).unwrap_err() {
        Error::InvalidRequest { origin, message } => {
            let text = format!("{origin}: {message}");
            assert!(text.contains(table), "{text}");
            assert!(!text.contains(SECRET), "{text}");
            assert!(!text.contains("xxxxxxxx"), "{text}");
            text
        }
        other => panic!("{other:?}"),
    }
}

fn doc(id: String, sort: String, data: usize) -> Doc {
    Doc {
        id,
        sort,
        data: "x".repeat(data),
    }
}

/// The most bytes of `data` DynamoDB Local stores in an item `{id: "k", sort: "s", data, ..extra}`,
/// found by sending (the raw SDK, past aiodynamo's checks).
async fn largest_accepted(
    client: &aiodynamo::sdk::Client,
    table: &str,
    extra: &[(&str, AttributeValue)],
) -> usize {
    let (mut accepted, mut refused) = (300_000usize, 420_000usize);
    while refused - accepted > 1 {
        let middle = (accepted + refused) / 2;
        let mut item: HashMap<String, AttributeValue> = [
            ("id".to_owned(), AttributeValue::S("k".into())),
            ("sort".to_owned(), AttributeValue::S("s".into())),
            ("data".to_owned(), AttributeValue::S("x".repeat(middle))),
        ]
        .into();
        item.extend(
            extra
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone())),
        );
        match client
            .put_item()
            .table_name(table)
            .set_item(Some(item))
            .send()
            .await
        {
            Ok(_) => accepted = middle,
            Err(error) => {
                let text = format!("{:?}", error.into_service_error());
                assert!(text.contains("Item size"), "{text}");
                refused = middle;
            }
        }
    }
    accepted
}

#[tokio::test]
async fn the_item_size_boundary_is_dynamodb_locals() {
    let (proxy, db) = proxied("limits-size-").await;
    db.create_table::<Doc>().send().await.unwrap();
    let table = db.table_name::<Doc>();
    let client = DynamoDbLocal::shared().await.unwrap().client();

    // Names `id`, `sort`, `data` and the values `k`, `s`: 12 bytes besides `data`'s value.
    let largest = largest_accepted(&client, &table, &[]).await;
    assert_eq!(largest + 12, 409_600, "DynamoDB Local's limit is 400 KB");

    // The largest item DynamoDB Local stores passes our check and is stored through aiodynamo.
    let item = doc("k".into(), "s".into(), largest);
    db.put(&item).send().await.unwrap();
    let stored = db.get(Doc::key("k", "s")).send().await.unwrap().unwrap();
    assert_eq!(stored.data.len(), largest);

    // One byte more is ours to refuse: nothing sent.
    let sent = proxy.requests();
    let text = invalid(
        db.put(&doc("k".into(), "s".into(), largest + 1)).prepare(),
        &table,
    );
    assert!(
        text.contains("409601 bytes") && text.contains("at most 409600"),
        "{text}"
    );
    assert!(text.contains("`data`"), "{text}");
    let error = db
        .put(&doc("k".into(), "s".into(), largest + 1))
        .send()
        .await;
    invalid(error, &table);
    assert_eq!(proxy.requests(), sent, "nothing was sent");

    // Every type counts as DynamoDB Local counts it: an extra attribute `e` of each, its size
    // (name and value) being what it leaves of the 400 KB. The same values are counted by
    // aiodynamo's size function in its unit tests (`limits::tests`).
    let number = |text: &str| AttributeValue::N(text.into());
    let string = |text: &str| AttributeValue::S(text.into());
    let cases: Vec<(&str, AttributeValue, usize)> = vec![
        ("number 7", number("7"), 1 + 2),
        ("number 12", number("12"), 1 + 2),
        ("number 123", number("123"), 1 + 3),
        ("number -123", number("-123"), 1 + 3 + 1),
        ("number -7", number("-7"), 1 + 2 + 1),
        ("number 1.1", number("1.1"), 1 + 3),
        ("number 0", number("0"), 1 + 1),
        ("number 10.1", number("10.1"), 1 + 3),
        ("number 100", number("100"), 1 + 2),
        ("number 0.001", number("0.001"), 1 + 2),
        ("number 1.01", number("1.01"), 1 + 3),
        ("number 1e-130", number("1e-130"), 1 + 2),
        ("number 1.5E+125", number("1.5E+125"), 1 + 2),
        (
            "number -38 digits, 20 bytes",
            number("-1.2345678901234567890123456789012345678"),
            1 + 21,
        ),
        (
            "number 38 digits, 20 bytes",
            number("1.2345678901234567890123456789012345678"),
            1 + 21,
        ),
        (
            "number -38 digits, 19 bytes",
            number("-12345678901234567890123456789012345678"),
            1 + 21,
        ),
        ("number 1000000", number("1000000"), 1 + 2),
        ("number 0.0012", number("0.0012"), 1 + 2),
        ("number 20 digits", number("12345678901234567890"), 1 + 11),
        ("bool", AttributeValue::Bool(true), 1 + 1),
        ("null", AttributeValue::Null(true), 1 + 1),
        (
            "binary",
            AttributeValue::B(Blob::new(vec![1u8; 10])),
            1 + 10,
        ),
        (
            "string set",
            AttributeValue::Ss(vec!["ab".into(), "cde".into()]),
            1 + 5,
        ),
        (
            "number set",
            AttributeValue::Ns(vec!["1".into(), "123".into()]),
            1 + 2 + 3,
        ),
        (
            "binary set",
            AttributeValue::Bs(vec![Blob::new(vec![1u8; 3])]),
            1 + 3,
        ),
        ("empty list", AttributeValue::L(vec![]), 1 + 3),
        (
            "list",
            AttributeValue::L(vec![string("ab"), AttributeValue::Null(true)]),
            1 + 3 + 3 + 2,
        ),
        ("empty map", AttributeValue::M(HashMap::new()), 1 + 3),
        (
            "map",
            AttributeValue::M([("key".to_owned(), string("abcd"))].into()),
            1 + 3 + 3 + 4 + 1,
        ),
        (
            "nested",
            AttributeValue::L(vec![AttributeValue::M(
                [("k".to_owned(), AttributeValue::L(vec![number("5")]))].into(),
            )]),
            1 + 3 + (3 + 1 + (3 + 2 + 1) + 1) + 1,
        ),
    ];
    let mut found = Vec::new();
    let mut mismatched = 0;
    for (case, value, ours) in cases {
        let local = 409_600 - 12 - largest_accepted(&client, &table, &[("e", value)]).await;
        mismatched += usize::from(local != ours);
        found.push(format!("{case}: Local {local}, ours {ours}"));
    }
    assert_eq!(mismatched, 0, "{found:#?}");
}

/// Every request carrying a key refuses an over-long or empty key value, naming the key.
#[tokio::test]
async fn key_values_over_the_limits_or_empty_are_refused_before_sending() {
    let (proxy, db) = proxied("limits-keys-").await;
    db.create_table::<Doc>().send().await.unwrap();
    db.create_table::<Bin>().send().await.unwrap();
    let table = db.table_name::<Doc>();

    // At the limits: stored and read back.
    let (hash, sort) = ("h".repeat(2048), "r".repeat(1024));
    let item = Doc {
        id: hash.clone(),
        sort: sort.clone(),
        data: SECRET.into(),
    };
    db.put(&item).send().await.unwrap();
    assert_eq!(
        db.get(Doc::key(hash.clone(), sort.clone()))
            .send()
            .await
            .unwrap(),
        Some(item)
    );
    let found = db
        .query(Doc::partition(hash.clone()).range_eq(sort.clone()))
        .all()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);

    let sent = proxy.requests();
    let long_hash = format!("{SECRET}{}", "x".repeat(2043));
    let long_sort = format!("{SECRET}{}", "x".repeat(1019));
    let over = |long: bool| {
        if long {
            (long_hash.clone(), "s".to_owned())
        } else {
            ("k".to_owned(), long_sort.clone())
        }
    };
    for (is_hash, limit, name) in [
        (true, "2048", "partition key `id` is 2049 bytes"),
        (false, "1024", "sort key `sort` is 1025 bytes"),
    ] {
        let (id, sort) = over(is_hash);
        let key = || Doc::key(id.clone(), sort.clone());
        let item = Doc {
            id: id.clone(),
            sort: sort.clone(),
            data: SECRET.into(),
        };
        let mut texts = vec![
            invalid(db.get(key()).prepare(), &table),
            invalid(db.put(&item).prepare(), &table),
            invalid(db.put(&item).send().await, &table),
            invalid(
                db.update(key(), [attr!(Doc, data).set(SECRET)]).prepare(),
                &table,
            ),
            invalid(db.delete(key()).send().await, &table),
            invalid(
                db.transact_write()
                    .push(db.check(key(), attr!(Doc, data).exists()))
                    .send()
                    .await,
                &table,
            ),
            invalid(db.transact_write().push(db.put(&item)).send().await, &table),
            invalid(db.batch_write().put(&item).send().await, &table),
            invalid(db.batch_write().delete(key()).send().await, &table),
            invalid(db.batch_get(vec![key()]).send().await, &table),
            invalid(db.transact_get(vec![key()]).send().await, &table),
        ];
        if !is_hash {
            texts.push(invalid(
                db.query(Doc::partition("k").range_begins_with(sort.clone()))
                    .send()
                    .await,
                &table,
            ));
            texts.push(invalid(
                db.query(Doc::partition("k").range_lt(sort.clone()))
                    .send()
                    .await,
                &table,
            ));
        }
        for text in texts {
            assert!(
                text.contains(name) && text.contains(&format!("at most {limit}")),
                "{text}"
            );
        }
    }

    // Empty keys: a string partition or sort key, a binary key, a key condition's value.
    let empty = [
        (
            invalid(db.get(Doc::key("", "s")).send().await, &table),
            "partition key `id` is an empty string",
        ),
        (
            invalid(
                db.put(&Doc {
                    id: "k".into(),
                    sort: String::new(),
                    data: SECRET.into(),
                })
                .send()
                .await,
                &table,
            ),
            "sort key `sort` is an empty string",
        ),
        (
            invalid(
                db.delete(Bin::key(Bytes::from(Vec::new()))).send().await,
                &db.table_name::<Bin>(),
            ),
            "partition key `id` is an empty binary",
        ),
        (
            invalid(db.query(Doc::partition("")).send().await, &table),
            "partition key `id` is an empty string",
        ),
        (
            invalid(
                db.query(Doc::partition("k").range_between("", "z"))
                    .send()
                    .await,
                &table,
            ),
            "sort key `sort` is an empty string",
        ),
    ];
    for (text, expected) in empty {
        assert!(text.contains(expected), "{text}");
    }
    assert_eq!(proxy.requests(), sent, "nothing was sent");

    // A query's partition key over 2048 bytes is sent: DynamoDB takes it, and finds nothing.
    let found = db
        .query(Doc::partition(long_hash.clone()))
        .all()
        .await
        .unwrap();
    assert!(found.is_empty());
    assert_eq!(proxy.requests(), sent + 1);

    // DynamoDB Local itself refuses what is refused here (sent past aiodynamo, with the raw
    // SDK), and takes a query's long partition key.
    let client = DynamoDbLocal::shared().await.unwrap().client();
    let string = |text: &str| AttributeValue::S(text.into());
    let long = |n: usize| string(&"x".repeat(n));
    let refused = |sort: AttributeValue| vec![(":h", string("k")), (":r", sort)];
    let conditions = [
        ("#h = :h", vec![(":h", string(""))], true),
        ("#h = :h", vec![(":h", long(2049))], false),
        ("#h = :h AND #r = :r", refused(string("")), true),
        ("#h = :h AND #r = :r", refused(long(1025)), true),
        ("#h = :h AND #r < :r", refused(long(1025)), true),
        ("#h = :h AND begins_with(#r, :r)", refused(string("")), true),
        ("#h = :h AND begins_with(#r, :r)", refused(long(1025)), true),
        ("#h = :h AND #r <= :r", refused(long(1024)), false),
    ];
    for (expression, values, is_refused) in conditions {
        let mut query = client
            .query()
            .table_name(&table)
            .key_condition_expression(expression)
            .expression_attribute_names("#h", "id");
        if expression.contains("#r") {
            query = query.expression_attribute_names("#r", "sort");
        }
        for (name, value) in values {
            query = query.expression_attribute_values(name, value);
        }
        let code = match query.send().await {
            Ok(_) => None,
            Err(error) => error
                .as_service_error()
                .and_then(|e| e.meta().code())
                .map(str::to_owned),
        };
        let expected = is_refused.then(|| "ValidationException".to_owned());
        assert_eq!(code, expected, "{expression}");
    }
    let key = |id: usize| {
        HashMap::from([
            ("id".to_owned(), long(id)),
            ("sort".to_owned(), string("s")),
        ])
    };
    let get = |id| {
        client
            .get_item()
            .table_name(&table)
            .set_key(Some(key(id)))
            .send()
    };
    assert!(get(2048).await.is_ok());
    let error = get(2049).await.unwrap_err();
    let code = error.as_service_error().and_then(|e| e.meta().code());
    assert_eq!(code, Some("ValidationException"));
}

#[tokio::test]
async fn updates_whose_values_alone_exceed_400_kb_are_refused_before_sending() {
    let (proxy, db) = proxied("limits-update-").await;
    db.create_table::<Doc>().send().await.unwrap();
    let table = db.table_name::<Doc>();
    let sent = proxy.requests();
    let text = invalid(
        db.update(
            Doc::key("k", "s"),
            [attr!(Doc, data).set("x".repeat(409_601))],
        )
        .send()
        .await,
        &table,
    );
    assert!(
        text.contains("409601 bytes") && text.contains("`data`") && text.contains("409600"),
        "{text}"
    );
    assert_eq!(proxy.requests(), sent, "nothing was sent");
    // Values that fit are sent (the key and names count on top: DynamoDB decides those).
    db.update(Doc::key("k", "s"), [attr!(Doc, data).set("x".repeat(1000))])
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn big_items_in_batches_and_transactions_are_refused_before_sending() {
    let (proxy, db) = proxied("limits-batch-").await;
    db.create_table::<Doc>().send().await.unwrap();
    let table = db.table_name::<Doc>();
    let big = doc("k".into(), "s".into(), 409_589);
    let sent = proxy.requests();
    for text in [
        invalid(db.batch_write().put(&big).send().await, &table),
        invalid(db.transact_write().push(db.put(&big)).send().await, &table),
    ] {
        assert!(text.contains("409601 bytes"), "{text}");
    }
    assert_eq!(proxy.requests(), sent, "nothing was sent");
}

#[tokio::test]
async fn more_than_100_is_in_values_are_refused_before_sending() {
    let (proxy, db) = proxied("limits-in-").await;
    db.create_table::<Doc>().send().await.unwrap();
    let table = db.table_name::<Doc>();
    let values = |n: usize| (0..n).map(|i| format!("{SECRET}{i}")).collect::<Vec<_>>();

    // 100 values are sent.
    db.scan::<Doc>()
        .filter(attr!(Doc, data).is_in(values(100)))
        .all()
        .await
        .unwrap();
    let sent = proxy.requests();
    for text in [
        invalid(
            db.scan::<Doc>()
                .filter(attr!(Doc, data).is_in(values(101)))
                .send()
                .await,
            &table,
        ),
        invalid(
            db.delete(Doc::key("k", "s"))
                .condition(attr!(Doc, data).is_in(values(101)))
                .send()
                .await,
            &table,
        ),
    ] {
        assert!(
            text.contains("`is_in` on `data` has 101 values; DynamoDB takes at most 100"),
            "{text}"
        );
    }
    assert_eq!(proxy.requests(), sent, "nothing was sent");
}

#[tokio::test]
async fn numbers_dynamodb_cannot_store_are_refused_before_sending() {
    let (proxy, db) = proxied("limits-numbers-").await;
    db.create_table::<Bin>().send().await.unwrap();
    let id = || Bytes::from(b"b".to_vec());
    // The extremes DynamoDB stores are stored.
    for ratio in [1e-130, -1e-130, 9.99e125, -9.99e125, 0.0] {
        let item = Bin { id: id(), ratio };
        db.put(&item).send().await.unwrap();
        assert_eq!(db.get(Bin::key(id())).send().await.unwrap(), Some(item));
    }
    let sent = proxy.requests();
    for ratio in [1e126, -1e126, 1e300, 9e-131, -1e-200, f64::MIN_POSITIVE] {
        let put = db.put(&Bin { id: id(), ratio }).send().await;
        match put.unwrap_err() {
            Error::Encode { origin, source } => {
                let text = format!("{origin}: {source}");
                assert!(text.contains(&db.table_name::<Bin>()), "{text}");
                assert!(text.contains("ratio"), "{text}");
                assert!(text.contains("1e-130") && text.contains("1e126"), "{text}");
            }
            other => panic!("{ratio}: {other:?}"),
        }
        let update = db
            .update(Bin::key(id()), [attr!(Bin, ratio).set(ratio)])
            .send()
            .await;
        assert!(matches!(update, Err(Error::Encode { .. })), "{update:?}");
    }
    assert_eq!(proxy.requests(), sent, "nothing was sent");

    // DynamoDB Local refuses them too (sent past aiodynamo, with the raw SDK).
    let client = DynamoDbLocal::shared().await.unwrap().client();
    for text in ["1e126", "-1e126", "9.9e-131"] {
        let item = HashMap::from([
            ("id".to_owned(), AttributeValue::B(Blob::new(b"b".to_vec()))),
            ("ratio".to_owned(), AttributeValue::N(text.into())),
        ]);
        let put = client
            .put_item()
            .table_name(db.table_name::<Bin>())
            .set_item(Some(item))
            .send()
            .await;
        let code = put
            .unwrap_err()
            .as_service_error()
            .and_then(|e| e.meta().code())
            .map(str::to_owned);
        assert_eq!(code.as_deref(), Some("ValidationException"), "{text}");
    }
}
