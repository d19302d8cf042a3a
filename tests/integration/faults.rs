//! Faults DynamoDB Local cannot produce, injected by `FaultProxy` in front of it.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use aiodynamo::Operation;
use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy, FaultRates, Rate};
use aiodynamo::prelude::*;
use aws_sdk_dynamodb as sdk;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes, PutRequest, WriteRequest};

use crate::crud::alice;
use aiodynamo_tests::models::*;

#[tokio::test]
async fn throttling_is_retried_by_the_sdk_and_beyond_its_attempts_is_a_throttled_error() {
    let proxy = crate::proxied::fault_proxy().await;
    // Three attempts, a few milliseconds apart.
    let db = crate::proxied::through(&proxy, "faults-throttle-", 3);
    db.create_table::<User>().send().await.unwrap();

    proxy.inject(Operation::PutItem, Fault::Throttle, 2);
    db.put(&alice()).send().await.unwrap();
    assert_eq!(
        proxy.served(),
        2,
        "two attempts throttled, the third went through"
    );
    assert_eq!(db.get(User::key("u1")).send().await.unwrap(), Some(alice()));

    proxy.inject(Operation::UpdateItem, Fault::Throttle, 3);
    let error = db
        .update(User::key("u1"), [attr!(User, login_count) + 1])
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::Throttled { origin, message } => {
            assert_eq!(origin.operation(), Operation::UpdateItem);
            assert_eq!(origin.table().unwrap(), db.table_name::<User>());
            assert!(message.contains("throughput"), "{message}");
        }
        other => panic!("expected Throttled, got {other:?}"),
    }
    assert_eq!(proxy.served(), 5);
    let stored = db.get(User::key("u1")).send().await.unwrap().unwrap();
    assert_eq!(
        stored.login_count,
        alice().login_count,
        "no attempt reached the table"
    );

    // Dropped, the proxy stops, pooled connections included.
    drop(proxy);
    let error = db.get(User::key("u1")).send().await.unwrap_err();
    assert!(matches!(error, Error::Sdk { .. }), "{error:?}");
}

// The faults below meet the raw SDK client: DynamoDB Local behind the proxy, set up and checked
// with a client that talks to DynamoDB Local directly.

/// Few attempts with short waits, so retries stay quick.
fn fast_retries(attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
}

/// A proxy, a client through it, and a direct client to set up and check tables.
async fn proxied(retries: RetryConfig) -> (FaultProxy, sdk::Client, sdk::Client) {
    let local = DynamoDbLocal::shared().await.unwrap();
    let proxy = FaultProxy::start(local).await.unwrap();
    let client = sdk::Client::from_conf(proxy.config().retry_config(retries).build());
    (proxy, client, local.client())
}

/// A fresh table keyed by `pk` (a string), created directly.
async fn table(direct: &sdk::Client, name: &str) -> String {
    use sdk::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
    };
    let _ = direct.delete_table().table_name(name).send().await;
    direct
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    name.to_owned()
}

fn key(pk: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([("pk".to_owned(), AttributeValue::S(pk.to_owned()))])
}

fn item(pk: &str) -> HashMap<String, AttributeValue> {
    let mut item = key(pk);
    item.insert(
        "payload".to_owned(),
        AttributeValue::S(format!("data of {pk}")),
    );
    item
}

fn keys(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("k{i:02}")).collect()
}

fn put_requests<'a>(pks: impl IntoIterator<Item = &'a String>) -> Vec<WriteRequest> {
    pks.into_iter()
        .map(|pk| {
            WriteRequest::builder()
                .put_request(
                    PutRequest::builder()
                        .set_item(Some(item(pk)))
                        .build()
                        .unwrap(),
                )
                .build()
        })
        .collect()
}

fn pk_of(item: &HashMap<String, AttributeValue>) -> String {
    item["pk"].as_s().unwrap().clone()
}

/// The keys of the put requests among `requests`.
fn put_pks(requests: &[WriteRequest]) -> BTreeSet<String> {
    requests
        .iter()
        .map(|request| pk_of(request.put_request().unwrap().item()))
        .collect()
}

/// Every key stored in `table`, by a direct scan.
async fn scan_pks(direct: &sdk::Client, table: &str) -> BTreeSet<String> {
    let scan = direct
        .scan()
        .table_name(table)
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    scan.items().iter().map(pk_of).collect()
}

/// Writes the 25 items of `pks` in one BatchWriteItem; the keys returned unprocessed.
async fn batch_write(client: &sdk::Client, table: &str, pks: &[String]) -> BTreeSet<String> {
    let output = client
        .batch_write_item()
        .request_items(table, put_requests(pks))
        .send()
        .await
        .unwrap();
    let unprocessed = output.unprocessed_items().cloned().unwrap_or_default();
    assert!(
        unprocessed.keys().all(|name| name == table),
        "{unprocessed:?}"
    );
    unprocessed
        .get(table)
        .map(|requests| put_pks(requests))
        .unwrap_or_default()
}

#[tokio::test]
async fn all_unprocessed_batch_write_returns_all_25_and_writes_nothing() {
    let (proxy, client, direct) = proxied(fast_retries(3)).await;
    let table = table(&direct, "faults-unprocessed-all").await;
    proxy.set_rates(FaultRates::seeded(1).unprocessed(1.0));

    let pks = keys(25);
    let unprocessed = batch_write(&client, &table, &pks).await;
    assert_eq!(unprocessed, pks.iter().cloned().collect::<BTreeSet<_>>());
    assert!(
        scan_pks(&direct, &table).await.is_empty(),
        "nothing written"
    );
    let counts = proxy.counts();
    assert_eq!(counts.unprocessed_items, 25);
    assert_eq!((counts.requests, counts.served), (1, 1));
}

#[tokio::test]
async fn seeded_unprocessed_writes_partition_the_batch_and_retries_write_all() {
    let (proxy, client, direct) = proxied(fast_retries(3)).await;
    let table = table(&direct, "faults-unprocessed-share").await;
    proxy.set_rates(FaultRates::seeded(42).unprocessed(0.30));

    let pks = keys(25);
    let all: BTreeSet<String> = pks.iter().cloned().collect();
    let unprocessed = batch_write(&client, &table, &pks).await;
    let written = scan_pks(&direct, &table).await;
    assert!(
        !unprocessed.is_empty() && !written.is_empty(),
        "{unprocessed:?}"
    );
    assert!(
        written.is_disjoint(&unprocessed),
        "{written:?} {unprocessed:?}"
    );
    assert_eq!(
        written
            .union(&unprocessed)
            .cloned()
            .collect::<BTreeSet<_>>(),
        all
    );
    assert_eq!(proxy.counts().unprocessed_items, unprocessed.len());

    // Retrying the unprocessed ones, as the batch engine does, eventually writes them all.
    let mut remaining: Vec<String> = unprocessed.into_iter().collect();
    let mut rounds = 0;
    while !remaining.is_empty() {
        rounds += 1;
        assert!(
            rounds <= 30,
            "still unprocessed after 30 rounds: {remaining:?}"
        );
        remaining = batch_write(&client, &table, &remaining)
            .await
            .into_iter()
            .collect();
    }
    assert_eq!(scan_pks(&direct, &table).await, all);
}

#[tokio::test]
async fn batch_get_returns_unprocessed_keys_with_the_tables_projection() {
    let (proxy, client, direct) = proxied(fast_retries(3)).await;
    let table = table(&direct, "faults-unprocessed-get").await;
    let pks = keys(40);
    for chunk in pks.chunks(25) {
        direct
            .batch_write_item()
            .request_items(&table, put_requests(chunk))
            .send()
            .await
            .unwrap();
    }
    proxy.set_rates(FaultRates::seeded(5).unprocessed(0.30));

    let asked = KeysAndAttributes::builder()
        .set_keys(Some(pks.iter().map(|pk| key(pk)).collect()))
        .projection_expression("#k")
        .expression_attribute_names("#k", "pk")
        .consistent_read(true)
        .build()
        .unwrap();
    let output = client
        .batch_get_item()
        .request_items(&table, asked)
        .send()
        .await
        .unwrap();
    let returned = output.responses().unwrap().get(&table).unwrap();
    assert!(
        returned.iter().all(|item| item.len() == 1),
        "the projection keeps pk only: {returned:?}"
    );
    let returned: BTreeSet<String> = returned.iter().map(pk_of).collect();
    let unprocessed = output.unprocessed_keys().unwrap().get(&table).unwrap();
    assert_eq!(unprocessed.projection_expression(), Some("#k"));
    assert_eq!(
        unprocessed.expression_attribute_names().unwrap()["#k"],
        "pk"
    );
    assert_eq!(unprocessed.consistent_read(), Some(true));
    let withheld: BTreeSet<String> = unprocessed.keys().iter().map(pk_of).collect();
    assert!(!returned.is_empty() && !withheld.is_empty());
    assert!(returned.is_disjoint(&withheld));
    assert_eq!(
        returned.union(&withheld).cloned().collect::<BTreeSet<_>>(),
        pks.iter().cloned().collect()
    );
    assert_eq!(proxy.counts().unprocessed_keys, withheld.len());

    // All withheld: DynamoDB is not asked, the answer has no items and every key unprocessed.
    proxy.set_rates(FaultRates::seeded(5).unprocessed(1.0));
    let output = client
        .batch_get_item()
        .request_items(&table, unprocessed.clone())
        .send()
        .await
        .unwrap();
    let responses = output.responses().unwrap();
    assert!(responses.values().all(Vec::is_empty), "{responses:?}");
    let again = output.unprocessed_keys().unwrap().get(&table).unwrap();
    assert_eq!(again, unprocessed);
}

#[tokio::test]
async fn the_same_seed_withholds_the_same_items() {
    let (proxy, client, direct) = proxied(fast_retries(3)).await;
    let pks = keys(25);
    let mut withheld = Vec::new();
    for (name, seed) in [
        ("faults-seed-a", 7),
        ("faults-seed-b", 7),
        ("faults-seed-c", 8),
    ] {
        let table = table(&direct, name).await;
        proxy.set_rates(FaultRates::seeded(seed).unprocessed(0.5));
        withheld.push(batch_write(&client, &table, &pks).await);
    }
    assert_eq!(withheld[0], withheld[1]);
    assert_ne!(withheld[0], withheld[2], "another seed, other items");
}

#[tokio::test]
async fn reset_after_forwarding_applies_the_put_but_the_client_sees_an_error() {
    let (proxy, client, direct) = proxied(RetryConfig::disabled()).await;
    let table = table(&direct, "faults-reset-after").await;
    proxy.set_rates(
        FaultRates::seeded(3).reset_after_forwarding(Rate::new(1.0).only([Operation::PutItem])),
    );

    let error = client
        .put_item()
        .table_name(&table)
        .set_item(Some(item("k1")))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
    let stored = direct
        .get_item()
        .table_name(&table)
        .set_key(Some(key("k1")))
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    assert_eq!(stored.item(), Some(&item("k1")), "the write was applied");
    assert_eq!(proxy.counts().resets_after_forwarding, 1);
}

#[tokio::test]
async fn reset_before_forwarding_does_not_apply_the_put() {
    let (proxy, client, direct) = proxied(RetryConfig::disabled()).await;
    let table = table(&direct, "faults-reset-before").await;
    proxy.inject(Operation::PutItem, Fault::ResetBeforeForwarding, 1);

    let error = client
        .put_item()
        .table_name(&table)
        .set_item(Some(item("k1")))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
    assert!(
        scan_pks(&direct, &table).await.is_empty(),
        "never reached DynamoDB"
    );
    assert_eq!(proxy.counts().resets_before_forwarding, 1);

    // The next attempt passes.
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(item("k1")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        scan_pks(&direct, &table).await,
        BTreeSet::from(["k1".to_owned()])
    );
}

#[tokio::test]
async fn internal_errors_are_retried_by_the_sdk() {
    let (proxy, client, direct) = proxied(fast_retries(3)).await;
    let table = table(&direct, "faults-internal").await;

    proxy.inject(Operation::PutItem, Fault::InternalError, 2);
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(item("k1")))
        .send()
        .await
        .unwrap();
    assert_eq!(proxy.counts().internal_errors, 2);
    assert_eq!(
        scan_pks(&direct, &table).await,
        BTreeSet::from(["k1".to_owned()])
    );

    // At a rate: every put eventually succeeds.
    let (proxy, client, _) = proxied(fast_retries(10)).await;
    proxy.set_rates(
        FaultRates::seeded(11).internal_error(Rate::new(0.4).only([Operation::PutItem])),
    );
    let pks = keys(10);
    for pk in &pks {
        client
            .put_item()
            .table_name(&table)
            .set_item(Some(item(pk)))
            .send()
            .await
            .unwrap();
    }
    let counts = proxy.counts();
    assert!(counts.internal_errors > 0, "{counts:?}");
    assert_eq!(counts.requests, 10 + counts.internal_errors);
    let stored = scan_pks(&direct, &table).await;
    assert!(pks.iter().all(|pk| stored.contains(pk)));

    // Beyond the attempts, the client sees the 500.
    proxy.inject(Operation::PutItem, Fault::InternalError, 10);
    let error = client
        .put_item()
        .table_name(&table)
        .set_item(Some(item("k2")))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.raw_response().unwrap().status().as_u16(), 500);
}

#[tokio::test]
async fn latency_delays_the_request() {
    let (proxy, client, direct) = proxied(fast_retries(3)).await;
    let table = table(&direct, "faults-latency").await;
    let latency = Duration::from_millis(200);
    proxy.set_rates(FaultRates::seeded(0).latency(latency, 1.0));

    let started = Instant::now();
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(item("k1")))
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= latency, "{:?}", started.elapsed());
    assert_eq!(proxy.counts().delayed, 1);
    assert_eq!(proxy.served(), 0, "a delay is no fault");

    proxy.clear_rates();
    client
        .get_item()
        .table_name(&table)
        .set_key(Some(key("k1")))
        .send()
        .await
        .unwrap();
    assert_eq!(proxy.counts().delayed, 1, "no rates, no delay");
}
