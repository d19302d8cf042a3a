//! `#[version]` (optimistic locking) and `#[ttl]` against DynamoDB Local: puts store the version
//! plus one only over the version they read, updates bump it, `if_version` guards updates and
//! deletes, in transactions too; concurrent read-modify-write loops lose no update; create_table
//! enables TTL.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aiodynamo::local::{DynamoDbLocal, mock_dynamodb};
use aiodynamo::prelude::*;
use aiodynamo::{CancellationCode, Timestamp};
use serde::{Deserialize, Serialize};

#[table("versioned_accounts", hash_key = "account_id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub account_id: String,
    pub balance: i64,
    #[version]
    pub version: u64,
}

#[table("sessions", hash_key = "session_id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub session_id: String,
    #[ttl]
    pub expires_at: Option<Timestamp>,
}

fn account(balance: i64, version: u64) -> Account {
    Account {
        account_id: "a1".into(),
        balance,
        version,
    }
}

async fn stored(db: &Db) -> Option<Account> {
    db.get(Account::key("a1"))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
}

fn is_conditional_check_failed(error: &Error) -> bool {
    matches!(error, Error::ConditionalCheckFailed { .. })
}

#[tokio::test]
async fn put_stores_the_next_version_only_over_the_version_read() {
    let db = mock_dynamodb::<Account>().await.unwrap();
    let new = account(10, 0);
    db.put(&new).send().await.unwrap();
    // The caller's struct is unchanged; the stored version is one more.
    assert_eq!(new.version, 0);
    assert_eq!(stored(&db).await, Some(account(10, 1)));

    // A second create (version 0) loses: the item exists.
    let error = db.put(&account(99, 0)).send().await.unwrap_err();
    assert!(is_conditional_check_failed(&error), "{error:?}");
    assert_eq!(stored(&db).await, Some(account(10, 1)));

    // With the current version it applies, and stores the next.
    db.put(&account(20, 1)).send().await.unwrap();
    assert_eq!(stored(&db).await, Some(account(20, 2)));

    // The version read before that write is stale now.
    let error = db.put(&account(30, 1)).send().await.unwrap_err();
    assert!(is_conditional_check_failed(&error), "{error:?}");
    assert_eq!(stored(&db).await, Some(account(20, 2)));
    // A version from the future is refused too.
    let error = db.put(&account(30, 7)).send().await.unwrap_err();
    assert!(is_conditional_check_failed(&error), "{error:?}");
    assert_eq!(stored(&db).await, Some(account(20, 2)));
}

#[tokio::test]
async fn update_bumps_the_version_and_if_version_guards_it() {
    let db = mock_dynamodb::<Account>().await.unwrap();
    db.put(&account(10, 0)).send().await.unwrap();
    db.update(Account::key("a1"), [attr!(Account, balance).add(5)])
        .send()
        .await
        .unwrap();
    assert_eq!(stored(&db).await, Some(account(15, 2)));

    let updated: Account = db
        .update(Account::key("a1"), [attr!(Account, balance).add(5)])
        .if_version(2)
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(updated, account(20, 3));

    let error = db
        .update(Account::key("a1"), [attr!(Account, balance).add(100)])
        .if_version(2)
        .send()
        .await
        .unwrap_err();
    assert!(is_conditional_check_failed(&error), "{error:?}");
    assert_eq!(stored(&db).await, Some(account(20, 3)));

    // Conditions on the version attribute are allowed.
    db.update(Account::key("a1"), [attr!(Account, balance).set(0)])
        .condition(attr!(Account, version).ge(3))
        .send()
        .await
        .unwrap();
    assert_eq!(stored(&db).await, Some(account(0, 4)));
}

#[tokio::test]
async fn delete_with_if_version() {
    let db = mock_dynamodb::<Account>().await.unwrap();
    db.put(&account(10, 0)).send().await.unwrap();
    let error = db
        .delete(Account::key("a1"))
        .if_version(0)
        .send()
        .await
        .unwrap_err();
    assert!(is_conditional_check_failed(&error), "{error:?}");
    assert_eq!(stored(&db).await, Some(account(10, 1)));
    db.delete(Account::key("a1"))
        .if_version(1)
        .send()
        .await
        .unwrap();
    assert_eq!(stored(&db).await, None);
}

#[tokio::test]
async fn versions_hold_inside_transactions() {
    let db = mock_dynamodb::<Account>().await.unwrap();
    let other = Account {
        account_id: "a2".into(),
        balance: 1,
        version: 0,
    };
    // Creates in a transaction store version 1.
    db.transact_write()
        .push(db.put(&account(10, 0)))
        .push(db.put(&other))
        .send()
        .await
        .unwrap();
    assert_eq!(stored(&db).await, Some(account(10, 1)));

    // A stale put cancels the whole transaction.
    let error = db
        .transact_write()
        .push(db.update(Account::key("a2"), [attr!(Account, balance).add(1)]))
        .push(db.put(&account(50, 0)))
        .send()
        .await
        .unwrap_err();
    let Error::TransactionCanceled { reasons, .. } = &error else {
        panic!("expected a cancelled transaction: {error:?}");
    };
    let codes: Vec<Option<CancellationCode>> = reasons.iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [None, Some(CancellationCode::ConditionalCheckFailed)]
    );
    assert_eq!(stored(&db).await, Some(account(10, 1)));
    let a2 = db.get(Account::key("a2")).send().await.unwrap().unwrap();
    assert_eq!((a2.balance, a2.version), (1, 1));

    // A stale if_version on an update cancels it too.
    let error = db
        .transact_write()
        .push(
            db.update(Account::key("a1"), [attr!(Account, balance).add(1)])
                .if_version(0),
        )
        .push(db.delete(Account::key("a2")).if_version(1))
        .send()
        .await
        .unwrap_err();
    let Error::TransactionCanceled { reasons, .. } = &error else {
        panic!("expected a cancelled transaction: {error:?}");
    };
    let codes: Vec<Option<CancellationCode>> = reasons.iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [Some(CancellationCode::ConditionalCheckFailed), None]
    );

    // With the current versions everything applies, and the update and put bump them.
    db.transact_write()
        .push(
            db.update(Account::key("a1"), [attr!(Account, balance).add(1)])
                .if_version(1),
        )
        .push(db.delete(Account::key("a2")).if_version(1))
        .send()
        .await
        .unwrap();
    assert_eq!(stored(&db).await, Some(account(11, 2)));
    assert_eq!(db.get(Account::key("a2")).send().await.unwrap(), None);
    db.transact_write()
        .push(db.put(&account(12, 2)))
        .send()
        .await
        .unwrap();
    assert_eq!(stored(&db).await, Some(account(12, 3)));
}

#[tokio::test]
async fn concurrent_read_modify_write_loses_no_update() {
    const TASKS: usize = 16;
    const ROUNDS: usize = 20;
    let db = mock_dynamodb::<Account>().await.unwrap();
    db.put(&account(0, 0)).send().await.unwrap();
    let lost = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let db = db.clone();
            let lost = Arc::clone(&lost);
            tokio::spawn(async move {
                for _ in 0..ROUNDS {
                    loop {
                        let mut current = stored(&db).await.unwrap();
                        current.balance += 1;
                        match db.put(&current).send().await {
                            Ok(()) => break,
                            Err(error) => {
                                assert!(is_conditional_check_failed(&error), "{error:?}");
                                lost.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let last = stored(&db).await.unwrap();
    let lost = lost.load(Ordering::Relaxed);
    println!(
        "{TASKS} tasks x {ROUNDS} writes: balance {}, version {}, {lost} lost races (all ConditionalCheckFailed)",
        last.balance, last.version
    );
    assert_eq!(last.balance, (TASKS * ROUNDS) as i64);
    assert_eq!(last.version, (TASKS * ROUNDS) as u64 + 1);
}

#[tokio::test]
async fn create_table_enables_ttl_on_the_ttl_attribute() {
    let db = DynamoDbLocal::shared().await.unwrap().isolated_db();
    db.create_table::<Session>().send().await.unwrap();
    let described = db
        .client()
        .describe_time_to_live()
        .table_name(db.table_name::<Session>())
        .send()
        .await
        .unwrap();
    let description = described.time_to_live_description().unwrap();
    assert_eq!(description.attribute_name(), Some("expires_at"));
    assert_eq!(
        description.time_to_live_status(),
        Some(&aws_sdk_dynamodb::types::TimeToLiveStatus::Enabled)
    );
    let session = Session {
        session_id: "s1".into(),
        expires_at: Some(Timestamp::now()),
    };
    db.put(&session).send().await.unwrap();
    assert_eq!(
        db.get(Session::key("s1")).send().await.unwrap(),
        Some(session)
    );
    // A model without `#[ttl]` leaves TTL off.
    db.create_table::<Account>().send().await.unwrap();
    let described = db
        .client()
        .describe_time_to_live()
        .table_name(db.table_name::<Account>())
        .send()
        .await
        .unwrap();
    assert_ne!(
        described
            .time_to_live_description()
            .and_then(|d| d.time_to_live_status()),
        Some(&aws_sdk_dynamodb::types::TimeToLiveStatus::Enabled)
    );
}

#[tokio::test]
async fn a_batch_refuses_to_put_a_versioned_item() {
    let db = mock_dynamodb::<Account>().await.unwrap();
    let error = db
        .batch_write()
        .put(&account(1, 0))
        .send()
        .await
        .unwrap_err();
    match error {
        Error::InvalidRequest { message, .. } => {
            assert!(message.contains("#[version]"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(stored(&db).await, None, "nothing was written");
}

#[table("small_versions", hash_key = "id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Small {
    pub id: String,
    pub note: String,
    #[version]
    pub version: u8,
}

/// A version never grows past what its field holds: a put of the largest is refused before
/// sending, an update of it fails its condition, and the stored item still decodes.
#[tokio::test]
async fn a_version_at_its_types_maximum_is_never_bumped_past_it() {
    let proxy = crate::proxied::fault_proxy().await;
    let db = crate::proxied::through(&proxy, "version_max_", 1);
    db.create_table::<Small>().send().await.unwrap();
    let small = |version| Small {
        id: "s1".into(),
        note: "n".into(),
        version,
    };
    // Stored at 254 by the raw SDK, so aiodynamo's put over it stores 255.
    db.put(&small(0)).send().await.unwrap();
    db.client()
        .update_item()
        .table_name("version_max_small_versions")
        .key(
            "id",
            aws_sdk_dynamodb::types::AttributeValue::S("s1".into()),
        )
        .update_expression("SET version = :v")
        .expression_attribute_values(
            ":v",
            aws_sdk_dynamodb::types::AttributeValue::N("254".into()),
        )
        .send()
        .await
        .unwrap();
    db.put(&small(254)).send().await.unwrap();
    let read = |db: Db| async move {
        db.get(Small::key("s1"))
            .consistent_read(true)
            .send()
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(read(db.clone()).await.version, 255);

    let sent = proxy.requests();
    let error = db.put(&small(255)).send().await.unwrap_err();
    assert!(matches!(error, Error::Encode { .. }), "{error:?}");
    assert!(
        error.to_string().contains("holds no larger version"),
        "{error}"
    );
    assert_eq!(proxy.requests(), sent, "nothing was sent");

    let error = db
        .update(Small::key("s1"), [attr!(Small, note).set("m")])
        .send()
        .await
        .unwrap_err();
    assert!(is_conditional_check_failed(&error), "{error:?}");
    let stored = read(db.clone()).await;
    assert_eq!((stored.version, stored.note.as_str()), (255, "n"));

    // Below the maximum, and on a missing item, the update still applies.
    db.update(Small::key("s2"), [attr!(Small, note).set("new")])
        .send()
        .await
        .unwrap();
    let created = db.get(Small::key("s2")).send().await.unwrap().unwrap();
    assert_eq!(created.version, 1);
}
