//! A `Db` whose requests pass through a fault proxy in front of the shared DynamoDB Local, and
//! whose retries (the SDK's and aiodynamo's own) wait only milliseconds, so fault tests stay quick.

use std::time::Duration;

use aiodynamo::local::{DynamoDbLocal, FaultProxy};
use aiodynamo::{Db, RetryPolicy, sdk};

/// A fresh proxy in front of the shared DynamoDB Local.
pub async fn fault_proxy() -> FaultProxy {
    FaultProxy::start(DynamoDbLocal::shared().await.unwrap())
        .await
        .unwrap()
}

/// A `Db` through `proxy`, its tables under `prefix`, making up to `attempts` attempts of each
/// request (SDK retries) and of each batch (rounds) and idempotent write, 1 to 20 ms apart.
pub fn through(proxy: &FaultProxy, prefix: &str, attempts: u32) -> Db {
    let (first, most) = (Duration::from_millis(1), Duration::from_millis(20));
    let retries = sdk::config::retry::RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(first)
        .with_max_backoff(most);
    let policy = RetryPolicy::default()
        .base_delay(first)
        .max_delay(most)
        .max_attempts(attempts);
    Db::builder(sdk::Client::from_conf(
        proxy.config().retry_config(retries).build(),
    ))
    .table_prefix(prefix)
    .retry_policy(policy)
    .build()
}
