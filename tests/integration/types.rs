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

/// Readings of one sensor, sorted by a `chrono` date-time; each also seen at a `time` date-time.
#[table("readings_at", hash_key = "sensor", range_key = "at")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub sensor: String,
    pub at: aiodynamo::Rfc3339<chrono::DateTime<chrono::Utc>>,
    pub seen: aiodynamo::Rfc3339<time::OffsetDateTime>,
}

fn chrono_at(year: i32, nanos: u32) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(year, 6, 1, 12, 34, 56)
        .unwrap()
        .with_nanosecond(nanos)
        .unwrap()
}

fn time_at(year: i32, nanos: u32) -> time::OffsetDateTime {
    // Two hours east of UTC: stored in UTC.
    time::OffsetDateTime::new_in_offset(
        time::Date::from_calendar_date(year, time::Month::June, 1).unwrap(),
        time::Time::from_hms_nano(14, 34, 56, nanos).unwrap(),
        time::UtcOffset::from_hms(2, 0, 0).unwrap(),
    )
}

use chrono::Timelike as _;

#[tokio::test]
async fn date_times_are_fixed_width_rfc3339_strings_that_sort_as_time() {
    let db = mock_dynamodb::<Reading>().await.unwrap();
    // Chosen so that a shorter, variable-width form would sort them wrongly (".5Z" > ".123Z").
    let readings =
        [(999, 5), (2024, 123_000_000), (2024, 500_000_000)].map(|(year, nanos)| Reading {
            sensor: "s1".into(),
            at: chrono_at(year, nanos).into(),
            seen: time_at(year, nanos).into(),
        });
    for reading in &readings {
        db.put(reading).send().await.unwrap();
    }

    let key = Reading::key("s1", chrono_at(999, 5));
    let raw = raw_item(&db, &db.table_name::<Reading>(), key.to_item().unwrap()).await;
    assert_eq!(raw["at"], s("0999-06-01T12:34:56.000000005Z"));
    assert_eq!(raw["seen"], s("0999-06-01T12:34:56.000000005Z"));
    let read: Reading = db.get(key).send().await.unwrap().unwrap();
    assert_eq!(read, readings[0]);
    assert_eq!(read.seen.offset(), time::UtcOffset::UTC);

    let all: Vec<Reading> = db.query(Reading::partition("s1")).all().await.unwrap();
    assert_eq!(all, readings);

    // A range key condition on the chrono key.
    let later: Vec<Reading> = db
        .query(
            Reading::partition("s1")
                .range_between(chrono_at(2024, 100_000_000), chrono_at(2024, 200_000_000)),
        )
        .all()
        .await
        .unwrap();
    assert_eq!(later, readings[1..2]);

    // `between` and `lt` conditions on the time attribute.
    let between: Vec<Reading> = db
        .query(Reading::partition("s1"))
        .filter(attr!(Reading, seen).between(time_at(1000, 0), time_at(2024, 400_000_000)))
        .all()
        .await
        .unwrap();
    assert_eq!(between, readings[1..2]);
    let before: Vec<Reading> = db
        .query(Reading::partition("s1"))
        .filter(attr!(Reading, seen).lt(time_at(2024, 500_000_000)))
        .all()
        .await
        .unwrap();
    assert_eq!(before, readings[..2]);
}

#[table("ledgers", hash_key = "account", range_key = "amount")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub account: String,
    pub amount: aiodynamo::ExactDecimal,
    pub balance: aiodynamo::ExactDecimal,
}

fn dec(text: &str) -> rust_decimal::Decimal {
    text.parse().unwrap()
}

#[tokio::test]
async fn decimals_are_exact_numbers_stored_added_and_compared_without_a_float() {
    let db = mock_dynamodb::<Ledger>().await.unwrap();
    let entry = Ledger {
        account: "a1".into(),
        amount: (dec("0.1") + dec("0.2")).into(),
        balance: dec("0.1").into(),
    };
    db.put(&entry).send().await.unwrap();
    let key = Ledger::key("a1", dec("0.3"));
    let raw = raw_item(&db, &db.table_name::<Ledger>(), key.to_item().unwrap()).await;
    assert_eq!(raw["amount"], AttributeValue::N("0.3".into()));
    assert_eq!(raw["balance"], AttributeValue::N("0.1".into()));

    // DynamoDB adds decimals exactly: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
    let updated: Ledger = db
        .update(key.clone(), [attr!(Ledger, balance).add(dec("0.2"))])
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(*updated.balance, dec("0.3"));
    let raw = raw_item(&db, &db.table_name::<Ledger>(), key.to_item().unwrap()).await;
    assert_eq!(raw["balance"], AttributeValue::N("0.3".into()));

    // Digits past a float's precision survive the round trip.
    let precise = Ledger {
        account: "a1".into(),
        amount: dec("12345678901234567890.123456789").into(),
        balance: dec("-0.000000000000000000000000001").into(),
    };
    db.put(&precise).send().await.unwrap();
    let read: Ledger = db
        .get(Ledger::key("a1", dec("12345678901234567890.123456789")))
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read, precise);

    let small: Vec<Ledger> = db
        .query(Ledger::partition("a1").range_between(dec("0.29"), dec("0.31")))
        .all()
        .await
        .unwrap();
    assert_eq!(small.len(), 1);
    assert_eq!(*small[0].amount, dec("0.3"));
}

#[tokio::test]
async fn a_decimal_key_spelled_with_trailing_zeros_is_found_by_batch_get_and_refused_twice() {
    let db = mock_dynamodb::<Ledger>().await.unwrap();
    let entry = Ledger {
        account: "a1".into(),
        amount: dec("1.50").into(),
        balance: dec("0").into(),
    };
    db.put(&entry).send().await.unwrap();
    // The key goes out as `1.50`; DynamoDB answers with the number it stores, `1.5`.
    let sent = Ledger::key("a1", dec("1.50")).to_item().unwrap();
    assert_eq!(sent["amount"], AttributeValue::N("1.50".into()));
    let read = db
        .batch_get([Ledger::key("a1", dec("1.50")), Ledger::key("a1", dec("2"))])
        .send()
        .await
        .unwrap();
    assert_eq!(read.len(), 2);
    assert_eq!(
        read[0].as_ref().map(|ledger| *ledger.amount),
        Some(dec("1.5"))
    );
    assert!(read[1].is_none());
    // `1.5` and `1.50` are one key: refused before sending, as DynamoDB would refuse it.
    let twice = db
        .batch_get([
            Ledger::key("a1", dec("1.5")),
            Ledger::key("a1", dec("1.50")),
        ])
        .send()
        .await
        .unwrap_err();
    assert!(matches!(twice, Error::InvalidRequest { .. }), "{twice:?}");
}
