//! Put, get and delete; the storage format as DynamoDB holds it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use aiodynamo::local::mock_dynamodb;
use aiodynamo::prelude::*;
use aiodynamo::{Bytes, RawItem};
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

use aiodynamo_tests::models::*;

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.into())
}

fn n(value: &str) -> AttributeValue {
    AttributeValue::N(value.into())
}

pub fn alice() -> User {
    User {
        user_id: "u1".into(),
        name: "Alice".into(),
        email: Some("alice@example.com".into()),
        login_count: 3,
        roles: BTreeSet::from(["admin".to_string(), "dev".to_string()]),
        address: Some(Address {
            city: "Oslo".into(),
            zip: "0150".into(),
        }),
    }
}

pub fn order() -> ComplexOrder {
    ComplexOrder {
        order_id: "o1".into(),
        created_at: "2026-01-01T00:00:00".into(),
        customer_id: "c1".into(),
        total: 30,
        basket: Basket {
            items: vec![
                Item {
                    sku: "apple".into(),
                    qty: 1,
                },
                Item {
                    sku: "pear".into(),
                    qty: 2,
                },
                Item {
                    sku: "plum".into(),
                    qty: 3,
                },
            ],
        },
        prices: HashMap::from([("eur".to_string(), 9.5), ("usd".to_string(), 10.25)]),
    }
}

/// The largest integer DynamoDB stores exactly: 38 significant digits.
pub const MAX_STORABLE: i128 = 10_i128.pow(38) - 1;

pub fn everything() -> Everything {
    Everything {
        id: "e1".into(),
        sort: -7,
        text: "héllo, wörld".into(),
        flag: true,
        small: 255,
        signed: -2_147_483_648,
        big: MAX_STORABLE as u128,
        negative: -MAX_STORABLE,
        ratio: 0.1,
        single: 1.5,
        bytes: Bytes::from(vec![0, 1, 2, 255]),
        raw_bytes: vec![9, 8, 7],
        tags: BTreeSet::from(["a".into(), "b".into()]),
        scores: HashSet::from([1, 20, 300]),
        blobs: BTreeSet::from([Bytes::from(vec![1]), Bytes::from(vec![2, 3])]),
        empty_tags: BTreeSet::new(),
        list: vec!["x".into(), "y".into()],
        nested_lists: vec![vec![1, 2], vec![], vec![-3]],
        optional: Some("here".into()),
        absent: None,
        list_of_options: vec![Some(1), None, Some(3)],
        map: BTreeMap::from([("one".into(), 1), ("two".into(), 2)]),
        map_of_options: HashMap::from([("set".into(), Some("v".into())), ("unset".into(), None)]),
        status: Status::OnHold,
        address: Address {
            city: "Bergen".into(),
            zip: "5003".into(),
        },
        addresses: vec![Address {
            city: "Tromsø".into(),
            zip: "9008".into(),
        }],
        renamed: "spaced".into(),
        defaulted: 4,
        skipped: 0,
        tree: Node {
            label: "root".into(),
            children: vec![Node {
                label: "leaf".into(),
                children: vec![],
                next: None,
            }],
            next: Some(Box::new(Node {
                label: "next".into(),
                children: vec![],
                next: None,
            })),
        },
    }
}

/// The item exactly as DynamoDB holds it, read with the plain SDK.
pub async fn raw_item(db: &Db, table: &str, key: RawItem) -> RawItem {
    db.client()
        .get_item()
        .table_name(table)
        .set_key(Some(key))
        .consistent_read(true)
        .send()
        .await
        .expect("raw GetItem")
        .item
        .expect("the item exists")
}

fn sorted(value: AttributeValue) -> AttributeValue {
    match value {
        AttributeValue::Ss(mut set) => {
            set.sort();
            AttributeValue::Ss(set)
        }
        AttributeValue::Ns(mut set) => {
            set.sort_by_key(|n| n.parse::<f64>().unwrap_or_default() as i64);
            AttributeValue::Ns(set)
        }
        AttributeValue::Bs(mut set) => {
            set.sort_by(|a, b| a.as_ref().cmp(b.as_ref()));
            AttributeValue::Bs(set)
        }
        other => other,
    }
}

#[tokio::test]
async fn every_type_round_trips_in_the_documented_storage_format() {
    let db = mock_dynamodb::<Everything>().await.unwrap();
    let item = everything();
    db.put(&item).send().await.unwrap();

    let raw = raw_item(
        &db,
        &db.table_name::<Everything>(),
        [("id".into(), s("e1")), ("sort".into(), n("-7"))].into(),
    )
    .await;
    let address = |city: &str, zip: &str| {
        AttributeValue::M([("city".into(), s(city)), ("zip".into(), s(zip))].into())
    };
    let leaf = |label: &str| {
        AttributeValue::M(
            [
                ("label".into(), s(label)),
                ("children".into(), AttributeValue::L(vec![])),
            ]
            .into(),
        )
    };
    let expected: RawItem = [
        ("id", s("e1")),
        ("sort", n("-7")),
        ("text", s("héllo, wörld")),
        ("flag", AttributeValue::Bool(true)),
        ("small", n("255")),
        ("signed", n("-2147483648")),
        ("big", n("99999999999999999999999999999999999999")),
        ("negative", n("-99999999999999999999999999999999999999")),
        ("ratio", n("0.1")),
        ("single", n("1.5")),
        ("bytes", AttributeValue::B(Blob::new(vec![0, 1, 2, 255]))),
        ("rawBytes", AttributeValue::B(Blob::new(vec![9, 8, 7]))),
        ("tags", AttributeValue::Ss(vec!["a".into(), "b".into()])),
        (
            "scores",
            AttributeValue::Ns(vec!["1".into(), "20".into(), "300".into()]),
        ),
        (
            "blobs",
            AttributeValue::Bs(vec![Blob::new(vec![1]), Blob::new(vec![2, 3])]),
        ),
        ("list", AttributeValue::L(vec![s("x"), s("y")])),
        (
            "nestedLists",
            AttributeValue::L(vec![
                AttributeValue::L(vec![n("1"), n("2")]),
                AttributeValue::L(vec![]),
                AttributeValue::L(vec![n("-3")]),
            ]),
        ),
        ("optional", s("here")),
        (
            "listOfOptions",
            AttributeValue::L(vec![n("1"), AttributeValue::Null(true), n("3")]),
        ),
        (
            "map",
            AttributeValue::M([("one".into(), n("1")), ("two".into(), n("2"))].into()),
        ),
        (
            "mapOfOptions",
            AttributeValue::M(
                [
                    ("set".into(), s("v")),
                    ("unset".into(), AttributeValue::Null(true)),
                ]
                .into(),
            ),
        ),
        ("status", s("on_hold")),
        ("address", address("Bergen", "5003")),
        (
            "addresses",
            AttributeValue::L(vec![address("Tromsø", "9008")]),
        ),
        ("renamed attribute", s("spaced")),
        ("defaulted", n("4")),
        (
            "tree",
            AttributeValue::M(
                [
                    ("label".into(), s("root")),
                    ("children".into(), AttributeValue::L(vec![leaf("leaf")])),
                    ("next".into(), leaf("next")),
                ]
                .into(),
            ),
        ),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_string(), value))
    .collect();
    let raw: RawItem = raw
        .into_iter()
        .map(|(name, value)| (name, sorted(value)))
        .collect();
    let expected: RawItem = expected
        .into_iter()
        .map(|(name, value)| (name, sorted(value)))
        .collect();
    let mut names: Vec<_> = raw.keys().collect();
    names.sort();
    assert_eq!(raw, expected, "attributes stored: {names:?}");

    let read = db
        .get(Everything::key("e1", -7))
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    assert_eq!(read, Some(item));
}

#[tokio::test]
async fn composite_keys_address_one_item_each() {
    let db = mock_dynamodb::<ComplexOrder>().await.unwrap();
    let first = order();
    let second = ComplexOrder {
        created_at: "2026-02-01T00:00:00".into(),
        total: 99,
        ..order()
    };
    db.put(&first).send().await.unwrap();
    db.put(&second).send().await.unwrap();

    let got = db
        .get(ComplexOrder::key("o1", "2026-01-01T00:00:00"))
        .send()
        .await
        .unwrap();
    assert_eq!(got, Some(first.clone()));
    let got = db.get(second.key()).send().await.unwrap();
    assert_eq!(got, Some(second));
    assert_eq!(
        db.get(ComplexOrder::key("o1", "2027"))
            .send()
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn a_missing_item_reads_as_none() {
    let db = mock_dynamodb::<User>().await.unwrap();
    assert_eq!(db.get(User::key("nobody")).send().await.unwrap(), None);
}

#[tokio::test]
async fn put_overwrites_and_can_return_the_old_item() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let old: Option<User> = db
        .put(&alice())
        .return_values(ReturnValues::AllOld)
        .send()
        .await
        .unwrap();
    assert_eq!(old, None);

    let renamed = User {
        name: "Alicia".into(),
        email: None,
        roles: BTreeSet::new(),
        ..alice()
    };
    let old = db
        .put(&renamed)
        .return_values(ReturnValues::AllOld)
        .send()
        .await
        .unwrap();
    assert_eq!(old, Some(alice()));
    let stored = db
        .get(User::key("u1"))
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    assert_eq!(
        stored,
        Some(renamed),
        "None and the empty set are gone, and read back as None and empty"
    );
}

#[tokio::test]
async fn conditional_put_succeeds_when_the_condition_holds() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice())
        .condition(attr!(User, user_id).not_exists())
        .send()
        .await
        .unwrap();
    let updated = User {
        login_count: 4,
        ..alice()
    };
    db.put(&updated)
        .condition(attr!(User, login_count).eq(3))
        .send()
        .await
        .unwrap();
    assert_eq!(
        db.get(User::key("u1"))
            .consistent_read(true)
            .send()
            .await
            .unwrap(),
        Some(updated)
    );
}

#[tokio::test]
async fn conditional_put_failure_leaves_the_item_and_returns_it_in_the_error() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let intruder = User {
        name: "Mallory".into(),
        ..alice()
    };
    let error = db
        .put(&intruder)
        .condition(attr!(User, user_id).not_exists())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ConditionalCheckFailed { .. }),
        "{error:?}"
    );
    assert_eq!(error.origin().table().unwrap(), db.table_name::<User>());
    assert_eq!(error.origin().operation(), aiodynamo::Operation::PutItem);
    assert_eq!(error.old_item::<User>().unwrap(), Some(alice()));
    assert_eq!(
        db.get(User::key("u1"))
            .consistent_read(true)
            .send()
            .await
            .unwrap(),
        Some(alice())
    );
}

#[tokio::test]
async fn deleting_a_missing_item_is_not_an_error() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let old: Option<User> = db
        .delete(User::key("ghost"))
        .return_values(ReturnValues::AllOld)
        .send()
        .await
        .unwrap();
    assert_eq!(old, None);
}

#[tokio::test]
async fn delete_returns_the_old_item() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let old = db
        .delete(User::key("u1"))
        .return_values(ReturnValues::AllOld)
        .send()
        .await
        .unwrap();
    assert_eq!(old, Some(alice()));
    assert_eq!(
        db.get(User::key("u1"))
            .consistent_read(true)
            .send()
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn conditional_delete_deletes_only_when_the_condition_holds() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();

    let error = db
        .delete(User::key("u1"))
        .condition(attr!(User, login_count).lt(3))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ConditionalCheckFailed { item: Some(_), .. }),
        "{error:?}"
    );
    assert_eq!(error.origin().operation(), aiodynamo::Operation::DeleteItem);
    assert_eq!(
        db.get(User::key("u1"))
            .consistent_read(true)
            .send()
            .await
            .unwrap(),
        Some(alice())
    );

    db.delete(User::key("u1"))
        .condition(attr!(User, login_count).lt(10))
        .send()
        .await
        .unwrap();
    assert_eq!(
        db.get(User::key("u1"))
            .consistent_read(true)
            .send()
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn consistent_read_sees_the_latest_write() {
    let db = mock_dynamodb::<User>().await.unwrap();
    for count in 0..3 {
        let user = User {
            login_count: count,
            ..alice()
        };
        db.put(&user).send().await.unwrap();
        let read = db
            .get(User::key("u1"))
            .consistent_read(true)
            .send()
            .await
            .unwrap();
        assert_eq!(read.map(|user| user.login_count), Some(count));
    }
}

#[tokio::test]
async fn a_missing_table_is_resource_not_found_naming_table_and_operation() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let error = db
        .get(ComplexOrder::key("o1", "t"))
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::ResourceNotFound { origin, .. } => {
            assert_eq!(origin.operation(), aiodynamo::Operation::GetItem);
            assert_eq!(origin.table().unwrap(), db.table_name::<ComplexOrder>());
        }
        other => panic!("expected ResourceNotFound, got {other:?}"),
    }
    assert!(
        error.to_string().contains(&db.table_name::<ComplexOrder>()),
        "{error}"
    );
}

#[tokio::test]
async fn a_request_dynamodb_refuses_is_a_validation_error_with_its_message() {
    // The `users` table's key is a string: a model of the same table with a numeric key is
    // refused by DynamoDB, not before sending (an empty key now is: see `limits`).
    #[table("users", hash_key = "user_id")]
    #[derive(Serialize, Deserialize, Debug)]
    struct NumberedUser {
        user_id: u64,
    }
    let db = mock_dynamodb::<User>().await.unwrap();
    let error = db
        .put(&NumberedUser { user_id: 7 })
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::Validation { origin, message } => {
            assert_eq!(origin.operation(), aiodynamo::Operation::PutItem);
            assert_eq!(origin.table().unwrap(), db.table_name::<User>());
            assert!(message.contains("Type mismatch"), "{message}");
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    assert!(matches!(
        db.get(User::key("")).send().await,
        Err(Error::InvalidRequest { .. })
    ));
}

#[tokio::test]
async fn an_item_that_does_not_fit_the_model_is_a_decode_error_with_its_path() {
    let db = mock_dynamodb::<ComplexOrder>().await.unwrap();
    db.put(&order()).send().await.unwrap();
    db.client()
        .update_item()
        .table_name(db.table_name::<ComplexOrder>())
        .set_key(Some(
            [
                ("order_id".into(), s("o1")),
                ("created_at".into(), s("2026-01-01T00:00:00")),
            ]
            .into(),
        ))
        .update_expression("SET basket.#items[1].qty = :nine")
        .expression_attribute_names("#items", "items")
        .expression_attribute_values(":nine", s("nine"))
        .send()
        .await
        .unwrap();
    let error = db
        .get(order().key())
        .consistent_read(true)
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::Decode { source, .. } => {
            assert_eq!(
                source.to_string(),
                "basket.items[1].qty: expected number (N), found string (S)"
            )
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn nan_is_an_encode_error_and_nothing_is_written() {
    let db = mock_dynamodb::<ComplexOrder>().await.unwrap();
    let mut bad = order();
    bad.prices.insert("gbp".into(), f64::NAN);
    let error = db.put(&bad).send().await.unwrap_err();
    match &error {
        Error::Encode { source, .. } => {
            assert_eq!(
                source.to_string(),
                "cannot encode prices.gbp: NaN: DynamoDB numbers are finite"
            )
        }
        other => panic!("expected Encode, got {other:?}"),
    }
    assert_eq!(
        db.get(bad.key())
            .consistent_read(true)
            .send()
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn integers_beyond_38_digits_are_an_encode_error_before_sending() {
    let db = mock_dynamodb::<Everything>().await.unwrap();
    let item = Everything {
        big: u128::MAX,
        ..everything()
    };
    match db.put(&item).send().await.unwrap_err() {
        Error::Encode { source, .. } => assert_eq!(
            source.to_string(),
            "cannot encode big: a number with more than the 38 significant digits DynamoDB stores"
        ),
        other => panic!("expected Encode, got {other:?}"),
    }
    let exact = Everything {
        big: 10_u128.pow(38) * 3,
        ..everything()
    };
    db.put(&exact).send().await.unwrap();
    assert_eq!(
        db.get(exact.key()).send().await.unwrap(),
        Some(exact),
        "trailing zeros are not significant"
    );
}
