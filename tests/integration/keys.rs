//! Keys of every kind convert exactly as the model field is stored (aiodynamodb's bug #1), and
//! requests can cross threads.

use aiodynamo::local::mock_dynamodb;
use aiodynamo::prelude::*;
use aiodynamo::{Timestamp, TimestampMillis};
use aws_sdk_dynamodb::types::AttributeValue;
use std::collections::{BTreeSet, HashSet};

use crate::crud::{alice, raw_item};
use aiodynamo_tests::models::*;

fn shipment() -> Shipment {
    Shipment {
        region: Region::EuWest1,
        seq: 7,
        weight_kg: 2.5,
        status: Status::Active,
    }
}

#[tokio::test]
async fn enum_and_number_keys_address_the_item_in_every_operation() {
    let db = mock_dynamodb::<Shipment>().await.unwrap();
    db.put(&shipment()).send().await.unwrap();

    // Stored under the serde name and the number.
    let key = [
        ("region".into(), AttributeValue::S("eu-west-1".into())),
        ("seq".into(), AttributeValue::N("7".into())),
    ];
    let raw = raw_item(&db, &db.table_name::<Shipment>(), key.into()).await;
    assert_eq!(raw["status"], AttributeValue::S("active".into()));

    let key = || Shipment::key(Region::EuWest1, 7);
    assert_eq!(db.get(key()).send().await.unwrap(), Some(shipment()));
    assert_eq!(
        db.get(Shipment::key(Region::UsEast1, 7))
            .send()
            .await
            .unwrap(),
        None
    );
    let updated = db
        .update(
            key(),
            [
                attr!(Shipment, status).set(Status::OnHold),
                attr!(Shipment, weight_kg) + 0.5,
            ],
        )
        .condition(attr!(Shipment, status).eq(Status::Active))
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(
        updated,
        Shipment {
            status: Status::OnHold,
            weight_kg: 3.0,
            ..shipment()
        }
    );
    db.delete(key())
        .condition(attr!(Shipment, status).eq(Status::OnHold))
        .send()
        .await
        .unwrap();
    assert_eq!(db.get(key()).send().await.unwrap(), None);
}

#[tokio::test]
async fn uuid_and_timestamp_keys_are_stored_as_string_and_number_and_order_as_time() {
    let db = mock_dynamodb::<Event>().await.unwrap();
    let device = uuid::Uuid::from_u128(0x6f1c_2b9e_0d3a_4c7f_9e21_7b5d_8a40_c3e1);
    let event = |millis: i64| Event {
        device_id: device,
        at: TimestampMillis::from_epoch(millis),
        kind: "door".into(),
        acknowledged: BTreeSet::from([Timestamp::from_epoch(1_700_000_000)]),
        expires: None,
    };
    // Two events a millisecond apart, on either side of a whole second.
    for millis in [1_700_000_000_999, 1_700_000_001_000] {
        db.put(&event(millis)).send().await.unwrap();
    }

    // Stored under the UUID's text and the millisecond count.
    let key = [
        ("device_id".into(), AttributeValue::S(device.to_string())),
        ("at".into(), AttributeValue::N("1700000000999".into())),
    ];
    let raw = raw_item(&db, &db.table_name::<Event>(), key.into()).await;
    assert_eq!(
        raw["acknowledged"],
        AttributeValue::Ns(vec!["1700000000".into()])
    );
    assert!(!raw.contains_key("expires"));

    let key = |millis| Event::key(device, TimestampMillis::from_epoch(millis));
    assert_eq!(
        db.get(key(1_700_000_000_999)).send().await.unwrap(),
        Some(event(1_700_000_000_999))
    );
    let cutoff = TimestampMillis::from_epoch(1_700_000_001_000);
    let refused = db
        .delete(key(1_700_000_001_000))
        .condition(attr!(Event, at).lt(cutoff))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::ConditionalCheckFailed { .. }));
    let updated = db
        .update(
            key(1_700_000_000_999),
            [attr!(Event, expires).set(Timestamp::from_epoch(1_800_000_000))],
        )
        .condition(attr!(Event, at).between(TimestampMillis::from_epoch(0), cutoff))
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.expires, Some(Timestamp::from_epoch(1_800_000_000)));
}

#[tokio::test]
async fn db_is_clone_send_sync_and_requests_run_on_spawned_tasks() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Db>();

    let db = mock_dynamodb::<User>().await.unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                let user = User {
                    user_id: format!("u{n}"),
                    ..alice()
                };
                db.put(&user).send().await?;
                db.update(user.key(), [attr!(User, login_count).add(1)])
                    .send()
                    .await?;
                db.get(user.key()).consistent_read(true).send().await
            })
        })
        .collect();
    for task in tasks {
        let user = task.await.unwrap().unwrap().unwrap();
        assert_eq!(user.login_count, 4);
    }
}

#[table("vouchers", hash_key = "code")]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Voucher {
    #[serde(with = "aiodynamo_tests::models::upper")]
    code: String,
    uses: u32,
}

#[tokio::test]
async fn a_key_field_with_its_own_serde_functions_is_encoded_by_them_in_keys() {
    let db = mock_dynamodb::<Voucher>().await.unwrap();
    let voucher = Voucher {
        code: "spring".into(),
        uses: 0,
    };
    db.put(&voucher).send().await.unwrap();
    let key = [("code".into(), AttributeValue::S("SPRING".into()))];
    raw_item(&db, &db.table_name::<Voucher>(), key.into()).await;

    db.update(voucher.key(), [attr!(Voucher, uses) + 1])
        .condition(attr!(Voucher, code).exists())
        .send()
        .await
        .unwrap();
    let stored = db.get(Voucher::key("spring")).send().await.unwrap();
    assert_eq!(
        stored,
        Some(Voucher {
            code: "SPRING".into(),
            uses: 1
        })
    );
}

#[test]
fn generated_keys_are_eq_hash_and_round_trip_through_serde_under_their_attribute_names() {
    // Eq + Hash: a set of keys holds each key once.
    let keys: HashSet<ShipmentKey> = [
        Shipment::key(Region::EuWest1, 7),
        Shipment::key(Region::EuWest1, 7),
        Shipment::key(Region::UsEast1, 7),
        shipment().key(),
    ]
    .into_iter()
    .collect();
    assert_eq!(keys.len(), 2);
    assert!(keys.contains(&Shipment::key(Region::UsEast1, 7)));

    // Serialize + Deserialize, each part under its attribute name, as the item stores it.
    let key = Shipment::key(Region::UsEast1, 42);
    let encoded = aiodynamo::codec::to_attribute(&key).unwrap().unwrap();
    let AttributeValue::M(map) = &encoded else {
        panic!("a key serializes as a map: {encoded:?}")
    };
    assert_eq!(map["region"], AttributeValue::S("us-east-1".into()));
    assert_eq!(map["seq"], AttributeValue::N("42".into()));
    assert_eq!(map.len(), 2);
    let decoded: ShipmentKey = aiodynamo::codec::from_attribute(encoded).unwrap();
    assert_eq!(decoded, key);
}

#[test]
fn a_key_field_with_its_own_serde_functions_serializes_through_them_in_the_key_type() {
    let key = Voucher::key("spring");
    let encoded = aiodynamo::codec::to_attribute(&key).unwrap().unwrap();
    let AttributeValue::M(map) = &encoded else {
        panic!("a key serializes as a map: {encoded:?}")
    };
    assert_eq!(map["code"], AttributeValue::S("SPRING".into()));
    let decoded: VoucherKey = aiodynamo::codec::from_attribute(encoded).unwrap();
    assert_eq!(decoded.code, "SPRING");
}

#[table("tickets", hash_key = "id")]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Ticket {
    id: String,
    statuses: BTreeSet<Status>,
    seen: HashSet<Status>,
}

fn sorted_strings(value: &AttributeValue) -> Vec<String> {
    let AttributeValue::Ss(strings) = value else {
        panic!("expected a string set (SS), found {value:?}")
    };
    let mut strings = strings.clone();
    strings.sort();
    strings
}

#[tokio::test]
async fn sets_of_key_enums_are_string_sets() {
    let db = mock_dynamodb::<Ticket>().await.unwrap();
    let ticket = Ticket {
        id: "t1".into(),
        statuses: BTreeSet::from([Status::Active, Status::OnHold]),
        seen: HashSet::from([Status::OnHold]),
    };
    db.put(&ticket).send().await.unwrap();

    let key = || [("id".to_owned(), AttributeValue::S("t1".into()))].into();
    let raw = raw_item(&db, &db.table_name::<Ticket>(), key()).await;
    assert_eq!(sorted_strings(&raw["statuses"]), ["active", "on_hold"]);
    assert_eq!(sorted_strings(&raw["seen"]), ["on_hold"]);
    assert_eq!(
        db.get(Ticket::key("t1")).send().await.unwrap(),
        Some(ticket.clone())
    );

    let updated = db
        .update(
            Ticket::key("t1"),
            [
                attr!(Ticket, statuses).delete([Status::Active]),
                attr!(Ticket, seen).add([Status::Active]),
            ],
        )
        .condition(attr!(Ticket, statuses).contains(Status::Active))
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(
        updated,
        Ticket {
            statuses: BTreeSet::from([Status::OnHold]),
            seen: HashSet::from([Status::Active, Status::OnHold]),
            ..ticket
        }
    );
    let raw = raw_item(&db, &db.table_name::<Ticket>(), key()).await;
    assert_eq!(sorted_strings(&raw["statuses"]), ["on_hold"]);
    assert_eq!(sorted_strings(&raw["seen"]), ["active", "on_hold"]);
}
