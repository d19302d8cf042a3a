//! Faults DynamoDB Local cannot produce, injected by `FaultProxy` in front of it.

use std::time::Duration;

use aiodynamo::Operation;
use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
use aiodynamo::prelude::*;
use aws_sdk_dynamodb::config::retry::RetryConfig;

use crate::crud::alice;
use aiodynamo_tests::models::*;

#[tokio::test]
async fn throttling_is_retried_by_the_sdk_and_beyond_its_attempts_is_a_throttled_error() {
    let proxy = FaultProxy::start(DynamoDbLocal::shared().await.unwrap())
        .await
        .unwrap();
    // Three attempts, with short waits between them so the test stays quick.
    let retries = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20));
    let client = aws_sdk_dynamodb::Client::from_conf(proxy.config().retry_config(retries).build());
    let db = Db::new(client).with_table_prefix("faults-throttle-");
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
