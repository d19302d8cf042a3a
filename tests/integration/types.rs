//! More attribute types against DynamoDB Local, each checked in the item as DynamoDB holds it:
//! `JsonString`, integer key enums, `chrono`/`time` date-times and `rust_decimal`.

use std::collections::BTreeMap;

use aiodynamo::JsonString;
use aiodynamo::local::mock_dynamodb;
use aiodynamo::prelude::*;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

use crate::crud::raw_item;

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.into())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prefs {
    pub theme: String,
    pub limits: BTreeMap<String, u32>,
}

#[table("json_profiles", hash_key = "id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub prefs: JsonString<Prefs>,
    pub history: Option<JsonString<Vec<u8>>>,
}

#[tokio::test]
async fn json_string_is_one_s_holding_the_json() {
    let db = mock_dynamodb::<Profile>().await.unwrap();
    let profile = Profile {
        id: "p1".into(),
        prefs: JsonString(Prefs {
            theme: "dark".into(),
            limits: BTreeMap::from([("daily".to_string(), 5)]),
        }),
        history: Some(vec![3, 1].into()),
    };
    db.put(&profile).send().await.unwrap();

    let raw = raw_item(
        &db,
        &db.table_name::<Profile>(),
        Profile::key("p1").to_item().unwrap(),
    )
    .await;
    assert_eq!(raw["prefs"], s(r#"{"theme":"dark","limits":{"daily":5}}"#));
    assert_eq!(raw["history"], s("[3,1]"));

    let read: Profile = db.get(Profile::key("p1")).send().await.unwrap().unwrap();
    assert_eq!(read, profile);
    assert_eq!(read.prefs.theme, "dark"); // through `Deref`

    // A whole-value condition and update compare and write the JSON string.
    let query = db
        .update(
            Profile::key("p1"),
            [attr!(Profile, history).set(Some(JsonString(vec![9])))],
        )
        .condition(attr!(Profile, prefs).eq(profile.prefs.clone()));
    query.send().await.unwrap();
    let raw = raw_item(
        &db,
        &db.table_name::<Profile>(),
        Profile::key("p1").to_item().unwrap(),
    )
    .await;
    assert_eq!(raw["history"], s("[9]"));
}

#[tokio::test]
async fn json_that_does_not_parse_is_a_decode_error_at_its_path_without_the_text() {
    let db = mock_dynamodb::<Profile>().await.unwrap();
    db.client()
        .put_item()
        .table_name(db.table_name::<Profile>())
        .item("id", s("p2"))
        .item("prefs", s(r#"{"theme":"secret-theme","limits":"#))
        .send()
        .await
        .unwrap();
    let error = db.get(Profile::key("p2")).send().await.unwrap_err();
    let Error::Decode { source, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(source.path().to_string(), "prefs");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("JSON did not parse"), "{shown}");
    assert!(!shown.contains("secret-theme"), "{shown}");
}

/// Stored as its number by `serde_repr`; `#[derive(KeyType)]` sees the integer `repr` and the
/// discriminants.
#[repr(u8)]
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde_repr::Serialize_repr,
    serde_repr::Deserialize_repr,
    aiodynamo::KeyType,
)]
pub enum Priority {
    Low = 1,
    High = 2,
    Urgent = 30,
}

#[table("tickets", hash_key = "priority", range_key = "seq")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub priority: Priority,
    pub seq: u32,
    pub escalations: std::collections::BTreeSet<Priority>,
}

#[tokio::test]
async fn an_integer_enum_is_a_number_key_and_a_number_set() {
    let db = mock_dynamodb::<Ticket>().await.unwrap();
    let tickets = [
        (Priority::High, 1, vec![Priority::Low, Priority::Urgent]),
        (Priority::High, 2, vec![]),
        (Priority::Low, 1, vec![Priority::High]),
    ]
    .map(|(priority, seq, escalations)| Ticket {
        priority,
        seq,
        escalations: escalations.into_iter().collect(),
    });
    for ticket in &tickets {
        db.put(ticket).send().await.unwrap();
    }

    let key = Ticket::key(Priority::High, 1u32);
    let raw = raw_item(&db, &db.table_name::<Ticket>(), key.to_item().unwrap()).await;
    assert_eq!(raw["priority"], AttributeValue::N("2".into()));
    let AttributeValue::Ns(mut numbers) = raw["escalations"].clone() else {
        panic!("expected NS, got {:?}", raw["escalations"]);
    };
    numbers.sort();
    assert_eq!(numbers, ["1", "30"]);

    let read: Ticket = db.get(key).send().await.unwrap().unwrap();
    assert_eq!(read, tickets[0]);

    let high: Vec<Ticket> = db
        .query(Ticket::partition(Priority::High))
        .all()
        .await
        .unwrap();
    assert_eq!(high, tickets[..2]);

    // A condition on the set, and a comparison by discriminant.
    let urgent: Vec<Ticket> = db
        .query(Ticket::partition(Priority::High))
        .filter(attr!(Ticket, escalations).contains(Priority::Urgent))
        .all()
        .await
        .unwrap();
    assert_eq!(urgent, tickets[..1]);
    let scanned: Vec<Ticket> = db
        .scan::<Ticket>()
        .filter(attr!(Ticket, priority).gt(Priority::Low))
        .all()
        .await
        .unwrap();
    assert_eq!(scanned.len(), 2);
    assert!(
        scanned
            .iter()
            .all(|ticket| ticket.priority == Priority::High)
    );
}
