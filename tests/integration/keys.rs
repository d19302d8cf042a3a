//! Keys of every kind convert exactly as the model field is stored (aiodynamodb's bug #1), and
//! requests can cross threads.

use aiodynamo::local::mock_dynamodb;
use aiodynamo::prelude::*;
use aiodynamo::{Timestamp, TimestampMillis};
use aws_sdk_dynamodb::types::AttributeValue;
use std::collections::BTreeSet;

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
