//! `Db`: the handle every request starts from.

use std::sync::Arc;

use crate::expression::UpdateAttr;
use crate::operations::return_values::NoValues;
use crate::operations::{CreateTable, Delete, DeleteTable, Full, Get, Put, Update};
use crate::{Model, ModelKey};

/// A DynamoDB client for models. `Clone + Send + Sync`; cloning is cheap (one `Arc`).
///
/// ```no_run
/// # async fn example() {
/// use aiodynamo::Db;
/// // The AWS config chain: credentials, region and AWS_ENDPOINT_URL from the environment.
/// let db = Db::from_env().await;
/// // Or from an SDK client you configured.
/// let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
/// let db = Db::new(aws_sdk_dynamodb::Client::new(&sdk_config));
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Db {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: aws_sdk_dynamodb::Client,
    table_prefix: String,
}

impl Db {
    /// A client configured by the AWS config chain (environment, profile, instance role);
    /// `AWS_ENDPOINT_URL` points it at DynamoDB Local or another endpoint.
    pub async fn from_env() -> Db {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Db::new(aws_sdk_dynamodb::Client::new(&config))
    }

    /// A client around an SDK client.
    pub fn new(client: aws_sdk_dynamodb::Client) -> Db {
        Db {
            inner: Arc::new(Inner {
                client,
                table_prefix: String::new(),
            }),
        }
    }

    /// The same client, with `prefix` put before every table name: one set of tables per test,
    /// tenant or environment.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
    /// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
    /// let staging = db.with_table_prefix("staging-");
    /// assert_eq!(staging.table_name::<User>(), "staging-users");
    /// ```
    pub fn with_table_prefix(&self, prefix: impl Into<String>) -> Db {
        Db {
            inner: Arc::new(Inner {
                client: self.inner.client.clone(),
                table_prefix: prefix.into(),
            }),
        }
    }

    /// The SDK client, for anything aiodynamo does not cover.
    pub fn client(&self) -> &aws_sdk_dynamodb::Client {
        &self.inner.client
    }

    /// The name of `M`'s table, with this client's prefix.
    pub fn table_name<M: Model>(&self) -> String {
        [self.inner.table_prefix.as_str(), M::SCHEMA.name].concat()
    }

    /// Writes `item`, replacing any item with its key. See [`Put`].
    pub fn put<M: Model>(&self, item: &M) -> Put<M> {
        Put::<M, NoValues>::new(self, crate::codec::to_item(item))
    }

    /// Reads the item with this key. See [`Get`].
    pub fn get<K: ModelKey>(&self, key: K) -> Get<K::Model> {
        Get::<K::Model, Full>::new(self, key.to_item())
    }

    /// Deletes the item with this key. See [`Delete`].
    pub fn delete<K: ModelKey>(&self, key: K) -> Delete<K::Model> {
        Delete::<K::Model, NoValues>::new(self, key.to_item())
    }

    /// Applies `actions` to the item with this key. See [`Update`].
    pub fn update<K: ModelKey>(
        &self,
        key: K,
        actions: impl IntoIterator<Item = UpdateAttr<K::Model>>,
    ) -> Update<K::Model> {
        Update::<K::Model, NoValues>::new(self, key.to_item(), actions.into_iter().collect())
    }

    /// Creates `M`'s table. See [`CreateTable`].
    pub fn create_table<M: Model>(&self) -> CreateTable<M> {
        CreateTable::new(self)
    }

    /// Deletes `M`'s table. See [`DeleteTable`].
    pub fn delete_table<M: Model>(&self) -> DeleteTable<M> {
        DeleteTable::new(self)
    }
}
