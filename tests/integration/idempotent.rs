//! `.idempotent()` writes apply once however often the SDK retries them; plain ones drift when a
//! response is lost after DynamoDB applied the request.

use aiodynamo::Operation;
use aiodynamo::local::{FaultProxy, FaultRates, Rate};
use aiodynamo::prelude::*;

use crate::crud::alice;
use crate::proxied::{fault_proxy, through};
use aiodynamo_tests::models::*;

/// A `Db` through `proxy` retrying quickly, up to 10 attempts, with a user whose counter is 0.
async fn counter_db(proxy: &FaultProxy, prefix: &str) -> Db {
    let db = through(proxy, prefix, 10);
    db.create_table::<User>().send().await.unwrap();
    db.put(&User {
        login_count: 0,
        ..alice()
    })
    .send()
    .await
    .unwrap();
    db
}

async fn counter(db: &Db) -> u64 {
    db.get(User::key("u1"))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .unwrap()
        .login_count
}

/// Adds 1 `calls` times, `idempotent` or not; how many calls returned `Ok`.
async fn add_ones(db: &Db, calls: usize, idempotent: bool) -> u64 {
    let mut ok = 0;
    for _ in 0..calls {
        let update = db.update(User::key("u1"), [attr!(User, login_count).add(1)]);
        let sent = if idempotent {
            update.idempotent().send().await
        } else {
            update.send().await
        };
        if sent.is_ok() {
            ok += 1;
        }
    }
    ok
}

#[tokio::test]
async fn with_30_percent_of_responses_lost_idempotent_adds_apply_exactly_once() {
    let proxy = fault_proxy().await;
    let db = counter_db(&proxy, "idempotent-").await;
    proxy.set_rates(
        FaultRates::seeded(11)
            .reset_after_forwarding(Rate::new(0.3).only([Operation::TransactWriteItems])),
    );
    let ok = add_ones(&db, 1_000, true).await;
    let lost = proxy.counts().resets_after_forwarding;
    proxy.clear_rates();
    eprintln!("idempotent add(1): {ok} calls returned Ok, {lost} responses lost");
    assert!(lost > 200, "{lost} responses lost");
    assert_eq!(
        counter(&db).await,
        ok,
        "every Ok applied once, no retry twice"
    );
    assert!(ok > 990, "{ok} of 1,000 calls returned Ok");
}

#[tokio::test]
async fn without_it_the_count_drifts() {
    let proxy = fault_proxy().await;
    let db = counter_db(&proxy, "not-idempotent-").await;
    proxy.set_rates(
        FaultRates::seeded(11).reset_after_forwarding(Rate::new(0.3).only([Operation::UpdateItem])),
    );
    let ok = add_ones(&db, 300, false).await;
    let lost = proxy.counts().resets_after_forwarding;
    proxy.clear_rates();
    let stored = counter(&db).await;
    eprintln!("plain add(1): {ok} calls returned Ok, {lost} responses lost, counter {stored}");
    assert!(
        stored > ok,
        "retries applied some adds twice: counter {stored}, Ok {ok}"
    );
}

#[tokio::test]
async fn an_idempotent_write_keeps_the_plain_writes_failed_condition() {
    let proxy = fault_proxy().await;
    let db = counter_db(&proxy, "idempotent-condition-").await;
    let error = db
        .put(&alice())
        .condition(attr!(User, user_id).not_exists())
        .idempotent()
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::ConditionalCheckFailed { item, .. } => {
            let stored = item.as_ref().unwrap().decode::<User>().unwrap();
            assert_eq!(stored.login_count, 0);
        }
        other => panic!("{other:?}"),
    }
    db.delete(User::key("u1"))
        .idempotent()
        .send()
        .await
        .unwrap();
    assert_eq!(db.get(User::key("u1")).send().await.unwrap(), None);
}
