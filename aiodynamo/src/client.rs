//! `Db`: the handle every request starts from, and its settings.

use std::sync::Arc;

use crate::Model;
use crate::request::RetryPolicy;

/// A DynamoDB client for models. `Clone + Send + Sync`; cloning is cheap (one `Arc`).
///
/// ```no_run
/// # async fn example() {
/// use aiodynamo::{Db, RetryPolicy};
/// // The AWS config chain: credentials, region and AWS_ENDPOINT_URL from the environment.
/// let db = Db::from_env().await;
/// // Or from an SDK client you configured, with settings.
/// let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
/// let db = Db::builder(aiodynamo::sdk::Client::new(&sdk_config))
///     .table_prefix("staging-")
///     .retry_policy(RetryPolicy::default().max_attempts(4))
///     .build();
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Db {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: aws_sdk_dynamodb::Client,
    settings: Settings,
}

/// Everything a `Db` is configured with besides its SDK client; one struct, so that every way of
/// deriving a `Db` carries all of it.
#[derive(Debug, Clone, Default)]
struct Settings {
    table_prefix: String,
    retry_policy: RetryPolicy,
}

/// Configures a [`Db`]. Made by [`Db::builder`].
///
/// ```
/// # let client = aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build());
/// let db = aiodynamo::Db::builder(client).table_prefix("test-").build();
/// assert_eq!(db.table_prefix(), "test-");
/// ```
#[derive(Debug)]
#[must_use = "`build()` makes the Db"]
pub struct DbBuilder {
    client: aws_sdk_dynamodb::Client,
    settings: Settings,
}

impl DbBuilder {
    /// A prefix put before every table name: one set of tables per test, tenant or environment.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # let client = aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build());
    /// let db = aiodynamo::Db::builder(client).table_prefix("tenant-7-").build();
    /// assert_eq!(db.table_name::<User>(), "tenant-7-users");
    /// ```
    pub fn table_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.settings.table_prefix = prefix.into();
        self
    }

    /// How aiodynamo retries what DynamoDB leaves undone (a batch's unprocessed items).
    ///
    /// ```
    /// # let client = aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build());
    /// use aiodynamo::RetryPolicy;
    /// let db = aiodynamo::Db::builder(client).retry_policy(RetryPolicy::default().max_attempts(3)).build();
    /// assert_eq!(db.retry_policy().max_attempts, 3);
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry_policy = policy;
        self
    }

    /// The configured `Db`.
    ///
    /// ```
    /// # let client = aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build());
    /// let db: aiodynamo::Db = aiodynamo::Db::builder(client).build();
    /// assert_eq!(db.table_prefix(), "");
    /// ```
    pub fn build(self) -> Db {
        Db {
            inner: Arc::new(Inner {
                client: self.client,
                settings: self.settings,
            }),
        }
    }
}

impl Db {
    /// A client configured by the AWS config chain (environment, profile, instance role);
    /// `AWS_ENDPOINT_URL` points it at DynamoDB Local or another endpoint.
    ///
    /// ```no_run
    /// # use aiodynamo::Db;
    /// # async fn example() -> Result<(), aiodynamo::Error> {
    /// // AWS_ENDPOINT_URL=http://localhost:8000 points it at DynamoDB Local.
    /// let db = Db::from_env().await;
    /// # Ok(()) }
    /// ```
    pub async fn from_env() -> Db {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Db::new(aws_sdk_dynamodb::Client::new(&config))
    }

    /// A client around an SDK client, with the default settings.
    ///
    /// ```
    /// let config = aiodynamo::sdk::Config::builder()
    ///     .behavior_version_latest()
    ///     .region(aiodynamo::sdk::config::Region::new("eu-west-1"))
    ///     .build();
    /// let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(config));
    /// assert_eq!(db.retry_policy(), &aiodynamo::RetryPolicy::default());
    /// ```
    pub fn new(client: aws_sdk_dynamodb::Client) -> Db {
        Db::builder(client).build()
    }

    /// Configures a client around an SDK client.
    ///
    /// ```
    /// # let client = aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build());
    /// let db = aiodynamo::Db::builder(client).table_prefix("staging-").build();
    /// assert_eq!(db.table_prefix(), "staging-");
    /// ```
    pub fn builder(client: aws_sdk_dynamodb::Client) -> DbBuilder {
        DbBuilder {
            client,
            settings: Settings::default(),
        }
    }

    /// The same client and settings, changed by `change`.
    fn with(&self, change: impl FnOnce(&mut Settings)) -> Db {
        let mut builder = DbBuilder {
            client: self.inner.client.clone(),
            settings: self.inner.settings.clone(),
        };
        change(&mut builder.settings);
        builder.build()
    }

    /// The same client and settings, with `prefix` put before every table name.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let staging = db.with_table_prefix("staging-");
    /// assert_eq!(staging.table_name::<User>(), "staging-users");
    /// ```
    pub fn with_table_prefix(&self, prefix: impl Into<String>) -> Db {
        self.with(|settings| settings.table_prefix = prefix.into())
    }

    /// The same client and settings, with another retry policy.
    ///
    /// ```
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let patient = db.with_retry_policy(aiodynamo::RetryPolicy::default().max_attempts(20));
    /// assert_eq!(patient.retry_policy().max_attempts, 20);
    /// ```
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Db {
        self.with(|settings| settings.retry_policy = policy)
    }

    /// The SDK client, for anything aiodynamo does not cover.
    ///
    /// ```no_run
    /// # use aiodynamo::Db;
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// // A call aiodynamo does not make itself.
    /// let tables = db.client().list_tables().send().await.map_err(aiodynamo::sdk::Error::from);
    /// # let _ = tables;
    /// # Ok(()) }
    /// ```
    pub fn client(&self) -> &aws_sdk_dynamodb::Client {
        &self.inner.client
    }

    /// The prefix of every table name (empty by default).
    ///
    /// ```
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// assert_eq!(db.table_prefix(), "");
    /// assert_eq!(db.with_table_prefix("test-").table_prefix(), "test-");
    /// ```
    pub fn table_prefix(&self) -> &str {
        &self.inner.settings.table_prefix
    }

    /// How aiodynamo retries what DynamoDB leaves undone.
    ///
    /// ```
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// assert_eq!(db.retry_policy(), &aiodynamo::RetryPolicy::default());
    /// ```
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.settings.retry_policy
    }

    /// The name of `M`'s table, with this client's prefix.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// assert_eq!(db.table_name::<User>(), "users");
    /// assert_eq!(db.with_table_prefix("ci-42-").table_name::<User>(), "ci-42-users");
    /// ```
    pub fn table_name<M: Model>(&self) -> String {
        [self.table_prefix(), M::SCHEMA.name].concat()
    }
}
