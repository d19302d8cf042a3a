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

#[table("docs", hash_key = "id", range_key = "sort")]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Doc {
    id: String,
    sort: String,
    data: String,
}

#[table("blobs", hash_key = "id")]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Blob_ {
    id: Bytes,
    ratio: f64,
}

const SECRET: &str = "s3cr3t";

async fn proxied(prefix: &str) -> (FaultProxy, Db) {
    let proxy = FaultProxy::start(DynamoDbLocal::shared().await.unwrap())
        .await
        .unwrap();
    let db = Db::new(aiodynamo::sdk::Client::from_conf(proxy.config().build()))
        .with_table_prefix(prefix);
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
