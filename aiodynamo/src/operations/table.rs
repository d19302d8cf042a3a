//! CreateTable, DeleteTable, ensure_table and create_global_table, from a model's schema.

use std::marker::PhantomData;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::client::Waiters;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, CreateReplicationGroupMemberAction, GlobalSecondaryIndex,
    KeySchemaElement, KeyType, LocalSecondaryIndex, OnDemandThroughput,
    Projection as SdkProjection, ProjectionType, ProvisionedThroughput, ReplicaStatus,
    ReplicationGroupUpdate, ScalarAttributeType, StreamSpecification, StreamViewType, TableClass,
    TableDescription, TableStatus, Tag, TimeToLiveSpecification, TimeToLiveStatus, WarmThroughput,
};

use crate::error::{Error, KeyAttribute, Operation, Origin, SchemaDifference};
use crate::index::{Index, SecondaryIndex};
use crate::model::{IndexProjection, KeySchema, ScalarType, TableSchema};
use crate::request::sdk_error;
use crate::{Db, Model};

/// How long `create_table` waits for the table to become ACTIVE.
const ACTIVE_TIMEOUT: Duration = Duration::from_secs(300);

/// Creates the table of model `M`, with its key schema, attribute definitions and secondary
/// indexes, and waits until it is ACTIVE; for a model with a `#[ttl]` field it then enables Time
/// to Live on that attribute. Made by [`Db::create_table`].
///
/// Billing is on demand (PAY_PER_REQUEST) unless [`provisioned_throughput`](Self::provisioned_throughput)
/// is given, which then applies to the table and each global index.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// use aws_sdk_dynamodb::types::TableClass;
/// db.create_table::<User>()
///     .provisioned_throughput(5, 5)
///     .table_class(TableClass::StandardInfrequentAccess)
///     .tag("team", "accounts")
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct CreateTable<M> {
    db: Db,
    throughput: Option<ProvisionedThroughput>,
    tags: Vec<Tag>,
    table_class: Option<TableClass>,
    /// Capacity settings of single global indexes, by index name.
    index_throughput: Vec<(&'static str, IndexThroughput)>,
    /// NEW_AND_OLD_IMAGES streams, as global tables require.
    streams: bool,
    model: PhantomData<fn() -> M>,
}

/// The capacity of one global secondary index, for
/// [`CreateTable::index_throughput`]: provisioned units (on a provisioned table), a cap on
/// on-demand request units (on an on-demand table), and pre-warmed throughput (on either).
///
/// ```
/// use aiodynamo::IndexThroughput;
/// let capacity = IndexThroughput::provisioned(10, 5).warm(12_000, 4_000);
/// let capped = IndexThroughput::on_demand(100, 50);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexThroughput {
    provisioned: Option<(i64, i64)>,
    on_demand: Option<(i64, i64)>,
    warm: Option<(i64, i64)>,
}

impl IndexThroughput {
    /// Provisioned read and write capacity units for this index (the table must be provisioned).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "order_id", gsi(name = "by_customer", hash_key = "customer"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, customer: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// use aiodynamo::IndexThroughput;
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// // Provisioned index units need a provisioned table: refused before anything is sent.
    /// let on_demand = db
    ///     .create_table::<Order>()
    ///     .index_throughput(Order::BY_CUSTOMER, IndexThroughput::provisioned(20, 2))
    ///     .send()
    ///     .await;
    /// assert!(matches!(on_demand, Err(aiodynamo::Error::InvalidRequest { .. })));
    /// # })
    /// ```
    pub fn provisioned(read_capacity_units: i64, write_capacity_units: i64) -> Self {
        IndexThroughput {
            provisioned: Some((read_capacity_units, write_capacity_units)),
            ..IndexThroughput::default()
        }
    }

    /// The most read and write request units per second this index may use (the table must be
    /// on demand).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "order_id", gsi(name = "by_customer", hash_key = "customer"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, customer: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// use aiodynamo::IndexThroughput;
    /// // An on-demand table (the default) whose index may use at most 100 reads and 10 writes a second.
    /// db.create_table::<Order>()
    ///     .index_throughput(Order::BY_CUSTOMER, IndexThroughput::on_demand(100, 10))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn on_demand(max_read_request_units: i64, max_write_request_units: i64) -> Self {
        IndexThroughput {
            on_demand: Some((max_read_request_units, max_write_request_units)),
            ..IndexThroughput::default()
        }
    }

    /// Pre-warms the index for this many reads and writes per second from its creation.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "order_id", gsi(name = "by_customer", hash_key = "customer"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, customer: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// use aiodynamo::IndexThroughput;
    /// db.create_table::<Order>()
    ///     .provisioned_throughput(5, 5)
    ///     .index_throughput(Order::BY_CUSTOMER, IndexThroughput::provisioned(20, 2).warm(12_000, 4_000))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn warm(mut self, read_units_per_second: i64, write_units_per_second: i64) -> Self {
        self.warm = Some((read_units_per_second, write_units_per_second));
        self
    }
}

impl<M: Model> CreateTable<M> {
    pub(crate) fn new(db: &Db) -> Self {
        CreateTable {
            db: db.clone(),
            throughput: None,
            tags: Vec::new(),
            table_class: None,
            index_throughput: Vec::new(),
            streams: false,
            model: PhantomData,
        }
    }

    /// Provisioned billing with these read and write capacity units, for the table and each
    /// global secondary index.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.create_table::<User>().provisioned_throughput(5, 5).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn provisioned_throughput(
        mut self,
        read_capacity_units: i64,
        write_capacity_units: i64,
    ) -> Self {
        self.throughput = Some(provisioned_throughput(
            read_capacity_units,
            write_capacity_units,
        ));
        self
    }

    /// Adds a tag.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.create_table::<User>().tag("team", "accounts").tag("env", "staging").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push(
            Tag::builder()
                .key(key)
                .value(value)
                .build()
                .expect("key and value are set"),
        );
        self
    }

    /// The table class (STANDARD by default).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// use aiodynamo::sdk::types::TableClass;
    /// db.create_table::<User>().table_class(TableClass::StandardInfrequentAccess).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn table_class(mut self, table_class: TableClass) -> Self {
        self.table_class = Some(table_class);
        self
    }

    /// The capacity of one global secondary index, in place of the table's (a later call for the
    /// same index replaces an earlier one). Refused before sending for a local index, provisioned
    /// units on an on-demand table, or an on-demand cap on a provisioned one.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "order_id", gsi(name = "by_customer", hash_key = "customer"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, customer: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// use aiodynamo::IndexThroughput;
    /// db.create_table::<Order>()
    ///     .provisioned_throughput(5, 5)
    ///     .index_throughput(Order::BY_CUSTOMER, IndexThroughput::provisioned(20, 2))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn index_throughput<I>(
        mut self,
        _index: SecondaryIndex<I>,
        throughput: IndexThroughput,
    ) -> Self
    where
        I: Index<Model = M>,
    {
        if let Some(name) = I::NAME {
            self.index_throughput.retain(|(index, _)| *index != name);
            self.index_throughput.push((name, throughput));
        }
        self
    }

    /// Why the per-index capacities cannot be sent, if they cannot.
    fn index_throughput_refusal(&self) -> Option<String> {
        self.index_throughput.iter().find_map(|(name, throughput)| {
            let refusal = if !M::SCHEMA
                .global_indexes
                .iter()
                .any(|index| index.name == *name)
            {
                "is a local index, which shares the table's capacity"
            } else if throughput.provisioned.is_some() && self.throughput.is_none() {
                "has provisioned units, but the table is on demand (set `provisioned_throughput`)"
            } else if throughput.on_demand.is_some() && self.throughput.is_some() {
                "has an on-demand cap, but the table is provisioned"
            } else {
                return None;
            };
            Some(format!("index `{name}` {refusal}"))
        })
    }

    /// Creates the table and waits until it is ACTIVE (then enables TTL on a `#[ttl]` attribute).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let description = db.create_table::<User>().send().await?;
    /// assert_eq!(description.table_name(), Some("users"));
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<TableDescription, Error> {
        let schema = M::SCHEMA;
        let table = self.db.table_name::<M>();
        let origin = || Origin::new(Operation::CreateTable, &table);
        if let Some(message) = self.index_throughput_refusal() {
            return Err(Error::InvalidRequest {
                origin: origin(),
                message,
            });
        }
        let table_key_schema = key_schema(&schema.hash_key, schema.range_key.as_ref());
        let global_indexes = schema
            .global_indexes
            .iter()
            .map(|index| {
                let own = self
                    .index_throughput
                    .iter()
                    .find(|(name, _)| *name == index.name)
                    .map(|(_, throughput)| throughput);
                let provisioned = match own.and_then(|own| own.provisioned) {
                    Some((read, write)) => Some(provisioned_throughput(read, write)),
                    None => self.throughput.clone(),
                };
                GlobalSecondaryIndex::builder()
                    .index_name(index.name)
                    .set_key_schema(Some(key_schema(&index.hash_key, index.range_key.as_ref())))
                    .projection(projection(index.projection))
                    .set_provisioned_throughput(provisioned)
                    .set_on_demand_throughput(own.and_then(|own| own.on_demand).map(
                        |(read, write)| {
                            OnDemandThroughput::builder()
                                .max_read_request_units(read)
                                .max_write_request_units(write)
                                .build()
                        },
                    ))
                    .set_warm_throughput(own.and_then(|own| own.warm).map(|(read, write)| {
                        WarmThroughput::builder()
                            .read_units_per_second(read)
                            .write_units_per_second(write)
                            .build()
                    }))
                    .build()
                    .expect("name, key schema and projection are set")
            })
            .collect::<Vec<_>>();
        let local_indexes = schema
            .local_indexes
            .iter()
            .map(|index| {
                LocalSecondaryIndex::builder()
                    .index_name(index.name)
                    .set_key_schema(Some(key_schema(&schema.hash_key, Some(&index.range_key))))
                    .projection(projection(index.projection))
                    .build()
                    .expect("name, key schema and projection are set")
            })
            .collect::<Vec<_>>();
        let billing_mode = match self.throughput {
            Some(_) => BillingMode::Provisioned,
            None => BillingMode::PayPerRequest,
        };
        self.db
            .client()
            .create_table()
            .table_name(&table)
            .set_key_schema(Some(table_key_schema))
            .set_attribute_definitions(Some(attribute_definitions::<M>().map_err(|message| {
                Error::InvalidRequest {
                    origin: origin(),
                    message,
                }
            })?))
            .set_global_secondary_indexes(
                Some(global_indexes).filter(|indexes| !indexes.is_empty()),
            )
            .set_local_secondary_indexes(Some(local_indexes).filter(|indexes| !indexes.is_empty()))
            .billing_mode(billing_mode)
            .set_provisioned_throughput(self.throughput)
            .set_tags(Some(self.tags).filter(|tags| !tags.is_empty()))
            .set_table_class(self.table_class)
            .set_stream_specification(self.streams.then(|| {
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::NewAndOldImages)
                    .build()
                    .expect("stream_enabled is set")
            }))
            .send()
            .await
            .map_err(|error| sdk_error(error, origin(), |_| None, |_| Vec::new()))?;
        let description = wait_until_active(self.db.client(), &table).await?;
        if let Some(attribute) = schema.ttl {
            enable_ttl(self.db.client(), &table, attribute).await?;
        }
        Ok(description)
    }
}

fn provisioned_throughput(
    read_capacity_units: i64,
    write_capacity_units: i64,
) -> ProvisionedThroughput {
    ProvisionedThroughput::builder()
        .read_capacity_units(read_capacity_units)
        .write_capacity_units(write_capacity_units)
        .build()
        .expect("both capacities are set")
}

/// `UpdateTimeToLive`: items expire at the time (seconds since the epoch) in `attribute`.
async fn enable_ttl(client: &Client, table: &str, attribute: &str) -> Result<(), Error> {
    let origin = || Origin::new(Operation::UpdateTimeToLive, table);
    let specification = TimeToLiveSpecification::builder()
        .attribute_name(attribute)
        .enabled(true)
        .build()
        .map_err(|error| Error::InvalidRequest {
            origin: origin(),
            message: error.to_string(),
        })?;
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(specification)
        .send()
        .await
        .map_err(|error| sdk_error(error, origin(), |_| None, |_| Vec::new()))?;
    Ok(())
}

async fn wait_until_active(client: &Client, table: &str) -> Result<TableDescription, Error> {
    let origin = || Origin::new(Operation::DescribeTable, table);
    let output = client
        .wait_until_table_exists()
        .table_name(table)
        .wait(ACTIVE_TIMEOUT)
        .await
        .map_err(|error| Error::Sdk {
            origin: origin(),
            source: Box::new(error),
        })?;
    let description = output
        .into_result()
        .map_err(|error| sdk_error(error, origin(), |_| None, |_| Vec::new()))?
        .table;
    description.ok_or_else(|| Error::InvalidRequest {
        origin: origin(),
        message: "DescribeTable returned no table".into(),
    })
}

fn key_schema(hash_key: &KeySchema, range_key: Option<&KeySchema>) -> Vec<KeySchemaElement> {
    let element = |key: &KeySchema, key_type| {
        KeySchemaElement::builder()
            .attribute_name(key.name)
            .key_type(key_type)
            .build()
            .expect("name and type are set")
    };
    std::iter::once(element(hash_key, KeyType::Hash))
        .chain(range_key.map(|key| element(key, KeyType::Range)))
        .collect()
}

fn projection(projection: IndexProjection) -> SdkProjection {
    let builder = SdkProjection::builder();
    match projection {
        IndexProjection::All => builder.projection_type(ProjectionType::All),
        IndexProjection::KeysOnly => builder.projection_type(ProjectionType::KeysOnly),
        IndexProjection::Include(names) => names.iter().fold(
            builder.projection_type(ProjectionType::Include),
            |builder, name| builder.non_key_attributes(*name),
        ),
    }
    .build()
}

/// One definition per key attribute of the table and its indexes; an attribute used as a key
/// with two types is refused.
fn attribute_definitions<M: Model>() -> Result<Vec<AttributeDefinition>, String> {
    let schema = M::SCHEMA;
    let keys = [Some(schema.hash_key), schema.range_key]
        .into_iter()
        .flatten()
        .chain(
            schema
                .global_indexes
                .iter()
                .flat_map(|index| [Some(index.hash_key), index.range_key])
                .flatten(),
        )
        .chain(schema.local_indexes.iter().map(|index| index.range_key));
    let mut defined: Vec<KeySchema> = Vec::new();
    for key in keys {
        match defined.iter().find(|known| known.name == key.name) {
            Some(known) if known.scalar != key.scalar => {
                return Err(format!("attribute `{}` is a key of two types", key.name));
            }
            Some(_) => {}
            None => defined.push(key),
        }
    }
    Ok(defined
        .into_iter()
        .map(|key| {
            AttributeDefinition::builder()
                .attribute_name(key.name)
                .attribute_type(match key.scalar {
                    ScalarType::S => ScalarAttributeType::S,
                    ScalarType::N => ScalarAttributeType::N,
                    ScalarType::B => ScalarAttributeType::B,
                })
                .build()
                .expect("name and type are set")
        })
        .collect())
}

/// Deletes the table of model `M`. Made by [`Db::delete_table`].
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// db.delete_table::<User>().send().await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct DeleteTable<M> {
    db: Db,
    model: PhantomData<fn() -> M>,
}

impl<M: Model> DeleteTable<M> {
    pub(crate) fn new(db: &Db) -> Self {
        DeleteTable {
            db: db.clone(),
            model: PhantomData,
        }
    }

    /// Deletes the table.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.delete_table::<User>().send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<(), Error> {
        let table = self.db.table_name::<M>();
        self.db
            .client()
            .delete_table()
            .table_name(&table)
            .send()
            .await
            .map_err(|error| {
                sdk_error(
                    error,
                    Origin::new(Operation::DeleteTable, &table),
                    |_| None,
                    |_| Vec::new(),
                )
            })?;
        Ok(())
    }
}

/// The options of the table `ensure_table` and `create_global_table` create, handed to the
/// [`CreateTable`] each wraps.
macro_rules! creation_options {
    ($wrapper:ident) => {
        impl<M: Model> $wrapper<M> {
            /// Provisioned billing for the table created (see
            /// [`CreateTable::provisioned_throughput`]).
            ///
            /// ```no_run
            /// # use aiodynamo::prelude::*;
            /// # #[table("users", hash_key = "user_id")]
            /// # #[derive(serde::Serialize, serde::Deserialize)]
            /// # struct User { user_id: String }
            /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
            /// db.ensure_table::<User>().provisioned_throughput(5, 5).send().await?;
            /// db.create_global_table::<User>(["eu-west-1"]).provisioned_throughput(5, 5).send().await?;
            /// # Ok(()) }
            /// ```
            pub fn provisioned_throughput(
                mut self,
                read_capacity_units: i64,
                write_capacity_units: i64,
            ) -> Self {
                self.create = self
                    .create
                    .provisioned_throughput(read_capacity_units, write_capacity_units);
                self
            }

            /// Adds a tag to the table created.
            ///
            /// ```no_run
            /// # use aiodynamo::prelude::*;
            /// # #[table("users", hash_key = "user_id")]
            /// # #[derive(serde::Serialize, serde::Deserialize)]
            /// # struct User { user_id: String }
            /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
            /// db.ensure_table::<User>().tag("team", "accounts").send().await?;
            /// db.create_global_table::<User>(["eu-west-1"]).tag("team", "accounts").send().await?;
            /// # Ok(()) }
            /// ```
            pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
                self.create = self.create.tag(key, value);
                self
            }

            /// The table class of the table created (STANDARD by default).
            ///
            /// ```no_run
            /// # use aiodynamo::prelude::*;
            /// # #[table("users", hash_key = "user_id")]
            /// # #[derive(serde::Serialize, serde::Deserialize)]
            /// # struct User { user_id: String }
            /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
            /// use aiodynamo::sdk::types::TableClass;
            /// db.ensure_table::<User>().table_class(TableClass::Standard).send().await?;
            /// db.create_global_table::<User>(["eu-west-1"]).table_class(TableClass::Standard).send().await?;
            /// # Ok(()) }
            /// ```
            pub fn table_class(mut self, table_class: TableClass) -> Self {
                self.create = self.create.table_class(table_class);
                self
            }

            /// The capacity of one global index of the table created (see
            /// [`CreateTable::index_throughput`]).
            ///
            /// ```no_run
            /// # use aiodynamo::prelude::*;
            /// # #[table("orders", hash_key = "order_id", gsi(name = "by_customer", hash_key = "customer"))]
            /// # #[derive(serde::Serialize, serde::Deserialize)]
            /// # struct Order { order_id: String, customer: String }
            /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
            /// use aiodynamo::IndexThroughput;
            /// let capped = IndexThroughput::on_demand(100, 10);
            /// db.ensure_table::<Order>().index_throughput(Order::BY_CUSTOMER, capped.clone()).send().await?;
            /// db.create_global_table::<Order>(["eu-west-1"]).index_throughput(Order::BY_CUSTOMER, capped).send().await?;
            /// # Ok(()) }
            /// ```
            pub fn index_throughput<I>(
                mut self,
                index: SecondaryIndex<I>,
                throughput: IndexThroughput,
            ) -> Self
            where
                I: Index<Model = M>,
            {
                self.create = self.create.index_throughput(index, throughput);
                self
            }
        }
    };
}
creation_options!(EnsureTable);
creation_options!(CreateGlobalTable);

/// Makes sure `M`'s table exists as the model describes it. Made by [`Db::ensure_table`].
///
/// When DescribeTable answers that the table does not exist, it is created as by
/// [`CreateTable`] (with the options given here) and its description returned. Otherwise the
/// description (after waiting for a table being created or updated to become ACTIVE) and
/// DescribeTimeToLive are compared with the model: the key attributes' names and types (hash and
/// range), every global and local secondary index (its keys, its projection type and included
/// attributes; an index of the table that the model does not declare counts too), and Time to
/// Live (enabled on the `#[ttl]` attribute, or not enabled when the model has none). They match:
/// `Ok` with the description, and nothing is changed. They differ: [`Error::SchemaMismatch`]
/// listing every difference, and nothing is changed either. Billing, throughput, tags and the
/// table class are not compared.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// match db.ensure_table::<User>().send().await {
///     Ok(description) => println!("{:?} is ready", description.table_name()),
///     Err(Error::SchemaMismatch { differences, .. }) => {
///         for difference in differences {
///             eprintln!("{difference}");
///         }
///     }
///     Err(other) => return Err(other),
/// }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct EnsureTable<M> {
    create: CreateTable<M>,
}

impl<M: Model> EnsureTable<M> {
    /// Creates the table when missing, else compares it with the model.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let description = db.ensure_table::<User>().send().await?; // created, or checked
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<TableDescription, Error> {
        let table = self.create.db.table_name::<M>();
        let client = self.create.db.client();
        let origin = || Origin::new(Operation::DescribeTable, &table);
        let described = client.describe_table().table_name(&table).send().await;
        let description = match described {
            Ok(output) => output.table,
            Err(error) => match sdk_error(error, origin(), |_| None, |_| Vec::new()) {
                Error::ResourceNotFound { .. } => return self.create.send().await,
                other => return Err(other),
            },
        };
        let description = match description {
            Some(description) if description.table_status() == Some(&TableStatus::Active) => {
                description
            }
            _ => wait_until_active(client, &table).await?,
        };
        let ttl = enabled_ttl(client, &table).await?;
        let differences = differences(&M::SCHEMA, &description, ttl.as_deref());
        if differences.is_empty() {
            Ok(description)
        } else {
            Err(Error::SchemaMismatch {
                origin: origin(),
                differences,
            })
        }
    }
}

/// The attribute TTL is enabled (or being enabled) on, by DescribeTimeToLive.
async fn enabled_ttl(client: &Client, table: &str) -> Result<Option<String>, Error> {
    let output = client
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(|error| {
            sdk_error(
                error,
                Origin::new(Operation::DescribeTimeToLive, table),
                |_| None,
                |_| Vec::new(),
            )
        })?;
    Ok(output.time_to_live_description.and_then(|description| {
        match description.time_to_live_status {
            Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling) => {
                description.attribute_name
            }
            _ => None,
        }
    }))
}

/// Every way `description` (and the enabled TTL attribute `ttl`) differs from `schema`: keys,
/// global indexes, local indexes, then TTL.
fn differences(
    schema: &TableSchema,
    description: &TableDescription,
    ttl: Option<&str>,
) -> Vec<SchemaDifference> {
    let types = description.attribute_definitions();
    let mut differences = Vec::new();
    compare_keys(
        None,
        (&schema.hash_key, schema.range_key.as_ref()),
        description.key_schema(),
        types,
        &mut differences,
    );
    let model_globals = schema.global_indexes.iter().map(|index| ModelIndex {
        name: index.name,
        keys: (&index.hash_key, index.range_key.as_ref()),
        projection: index.projection,
    });
    let table_globals = description
        .global_secondary_indexes()
        .iter()
        .map(|found| (found.index_name(), found.key_schema(), found.projection()));
    compare_indexes(model_globals, table_globals, types, &mut differences);
    let model_locals = schema.local_indexes.iter().map(|index| ModelIndex {
        name: index.name,
        keys: (&schema.hash_key, Some(&index.range_key)),
        projection: index.projection,
    });
    let table_locals = description
        .local_secondary_indexes()
        .iter()
        .map(|found| (found.index_name(), found.key_schema(), found.projection()));
    compare_indexes(model_locals, table_locals, types, &mut differences);
    if schema.ttl != ttl {
        differences.push(SchemaDifference::Ttl {
            model: schema.ttl.map(str::to_owned),
            table: ttl.map(str::to_owned),
        });
    }
    differences
}

/// A secondary index of the model, as compared with the table's.
struct ModelIndex<'a> {
    name: &'static str,
    keys: (&'a KeySchema, Option<&'a KeySchema>),
    projection: IndexProjection,
}

/// The differences between the model's indexes of one kind and the table's (each as its name,
/// key schema and projection): missing, extra, or with other keys or projection.
fn compare_indexes<'a, 'b>(
    model: impl Iterator<Item = ModelIndex<'a>>,
    table: impl Iterator<
        Item = (
            Option<&'b str>,
            &'b [KeySchemaElement],
            Option<&'b SdkProjection>,
        ),
    >,
    types: &[AttributeDefinition],
    differences: &mut Vec<SchemaDifference>,
) {
    let table: Vec<_> = table.collect();
    let model: Vec<_> = model.collect();
    for index in &model {
        match table.iter().find(|(name, ..)| *name == Some(index.name)) {
            None => differences.push(SchemaDifference::MissingIndex {
                index: index.name.to_owned(),
            }),
            Some((_, key_schema, projection)) => {
                compare_keys(Some(index.name), index.keys, key_schema, types, differences);
                compare_projection(index.name, index.projection, *projection, differences);
            }
        }
    }
    for (name, ..) in &table {
        let name = name.unwrap_or_default();
        if !model.iter().any(|index| index.name == name) {
            differences.push(SchemaDifference::ExtraIndex {
                index: name.to_owned(),
            });
        }
    }
}

/// Compares the model's hash and range key with a key schema of the description.
fn compare_keys(
    index: Option<&str>,
    (hash_key, range_key): (&KeySchema, Option<&KeySchema>),
    found: &[KeySchemaElement],
    types: &[AttributeDefinition],
    differences: &mut Vec<SchemaDifference>,
) {
    let key = |key_type: KeyType| {
        found
            .iter()
            .find(|element| element.key_type() == &key_type)
            .map(|element| {
                let name = element.attribute_name();
                let scalar = types
                    .iter()
                    .find(|definition| definition.attribute_name() == name)
                    .and_then(|definition| match definition.attribute_type() {
                        ScalarAttributeType::S => Some(ScalarType::S),
                        ScalarAttributeType::N => Some(ScalarType::N),
                        ScalarAttributeType::B => Some(ScalarType::B),
                        _ => None,
                    });
                match scalar {
                    Some(scalar) => KeyAttribute::new(name, scalar),
                    None => KeyAttribute::untyped(name),
                }
            })
    };
    let model = |key: &KeySchema| KeyAttribute::new(key.name, key.scalar);
    let table_hash = key(KeyType::Hash);
    if table_hash.as_ref() != Some(&model(hash_key)) {
        differences.push(SchemaDifference::HashKey {
            index: index.map(str::to_owned),
            model: model(hash_key),
            table: table_hash,
        });
    }
    let table_range = key(KeyType::Range);
    let model_range = range_key.map(model);
    if table_range != model_range {
        differences.push(SchemaDifference::RangeKey {
            index: index.map(str::to_owned),
            model: model_range,
            table: table_range,
        });
    }
}

/// Compares an index's projection: its type and, for INCLUDE, its attributes as a set.
fn compare_projection(
    index: &str,
    model: IndexProjection,
    found: Option<&SdkProjection>,
    differences: &mut Vec<SchemaDifference>,
) {
    let model_text = match model {
        IndexProjection::All => "ALL".to_owned(),
        IndexProjection::KeysOnly => "KEYS_ONLY".to_owned(),
        IndexProjection::Include(names) => include_text(names.iter().copied()),
    };
    let table_text = match found.and_then(|projection| projection.projection_type()) {
        Some(ProjectionType::All) => "ALL".to_owned(),
        Some(ProjectionType::KeysOnly) => "KEYS_ONLY".to_owned(),
        Some(ProjectionType::Include) => include_text(
            found
                .map(|projection| projection.non_key_attributes())
                .unwrap_or_default()
                .iter()
                .map(String::as_str),
        ),
        Some(other) => other.as_str().to_owned(),
        None => "none".to_owned(),
    };
    if model_text != table_text {
        differences.push(SchemaDifference::Projection {
            index: index.to_owned(),
            model: model_text,
            table: table_text,
        });
    }
}

/// `INCLUDE [a, b]`, the attributes sorted and each once.
fn include_text<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names = names
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>();
    format!("INCLUDE [{}]", names.join(", "))
}

/// Creates `M`'s table as a global table with a replica in each of the regions. Made by
/// [`Db::create_global_table`].
///
/// The table is created as by [`CreateTable`] (with the options given here), with DynamoDB
/// Streams on (NEW_AND_OLD_IMAGES), as global tables require. Then each region is added as a
/// replica by its own UpdateTable (`ReplicaUpdates: [{ Create: { RegionName } }]`), in the order
/// given, waiting between them until the table and its replicas are ACTIVE; and once more at the
/// end. The table's own region is the client's: do not list it. A region given twice, or an empty
/// one, is refused before anything is sent.
///
/// A failed UpdateTable stops there, and leaves the table (and the replicas added before) in
/// place.
///
/// With `provisioned_throughput`, DynamoDB also asks for auto scaling of the write capacity,
/// which aiodynamo does not set up.
///
/// **DynamoDB Local has no replicas**: it ignores `ReplicaUpdates`, so it answers the first
/// replica's UpdateTable with a `ValidationException` ("Nothing to update"), which comes back as
/// [`Error::Validation`] (origin UpdateTable) after the table was created. Test against DynamoDB
/// itself, or check the requests sent through the fault proxy's `record_requests` (feature
/// `local`).
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let description = db
///     .create_global_table::<User>(["eu-west-1", "us-east-1"])
///     .send()
///     .await?;
/// assert_eq!(description.replicas().len(), 2);
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct CreateGlobalTable<M> {
    create: CreateTable<M>,
    regions: Vec<String>,
}

impl<M: Model> CreateGlobalTable<M> {
    /// Creates the table, adds the replicas one at a time, and waits until all are ACTIVE.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let description = db.create_global_table::<User>(["eu-west-1", "us-east-1"]).send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<TableDescription, Error> {
        let table = self.create.db.table_name::<M>();
        for (position, region) in self.regions.iter().enumerate() {
            let message = if region.is_empty() {
                "a replica region is empty"
            } else if self.regions[..position].contains(region) {
                "a replica region is given twice"
            } else {
                continue;
            };
            return Err(Error::InvalidRequest {
                origin: Origin::new(Operation::CreateTable, &table),
                message: message.into(),
            });
        }
        let db = self.create.db.clone();
        let mut description = self.create.send().await?;
        for region in &self.regions {
            let create = CreateReplicationGroupMemberAction::builder()
                .region_name(region)
                .build()
                .map_err(|error| Error::InvalidRequest {
                    origin: Origin::new(Operation::UpdateTable, &table),
                    message: error.to_string(),
                })?;
            db.client()
                .update_table()
                .table_name(&table)
                .replica_updates(ReplicationGroupUpdate::builder().create(create).build())
                .send()
                .await
                .map_err(|error| {
                    sdk_error(
                        error,
                        Origin::new(Operation::UpdateTable, &table),
                        |_| None,
                        |_| Vec::new(),
                    )
                })?;
            description = wait_until_settled(db.client(), &table).await?;
        }
        Ok(description)
    }
}

/// Polls DescribeTable until the table and each of its replicas are ACTIVE.
async fn wait_until_settled(client: &Client, table: &str) -> Result<TableDescription, Error> {
    let origin = || Origin::new(Operation::DescribeTable, table);
    let deadline = tokio::time::Instant::now() + ACTIVE_TIMEOUT;
    let mut pause = Duration::from_millis(500);
    loop {
        let description = client
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|error| sdk_error(error, origin(), |_| None, |_| Vec::new()))?
            .table;
        if let Some(description) = description {
            let settled = description.table_status() == Some(&TableStatus::Active)
                && description
                    .replicas()
                    .iter()
                    .all(|replica| replica.replica_status() == Some(&ReplicaStatus::Active));
            if settled {
                return Ok(description);
            }
        }
        if tokio::time::Instant::now() + pause > deadline {
            return Err(Error::Sdk {
                origin: origin(),
                source: Box::new(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "the table and its replicas did not all become ACTIVE in time",
                )),
            });
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(20));
    }
}

/// The table requests start here.
impl Db {
    /// Creates `M`'s table when missing, else checks it matches the model. See [`EnsureTable`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let description = db.ensure_table::<User>().send().await?;
    /// # let _ = description;
    /// # Ok(()) }
    /// ```
    pub fn ensure_table<M: Model>(&self) -> EnsureTable<M> {
        EnsureTable {
            create: CreateTable::new(self),
        }
    }

    /// Creates `M`'s table with a replica in each of `regions`. See [`CreateGlobalTable`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.create_global_table::<User>(["eu-west-1"]).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn create_global_table<M: Model>(
        &self,
        regions: impl IntoIterator<Item = impl Into<String>>,
    ) -> CreateGlobalTable<M> {
        let mut create = CreateTable::new(self);
        create.streams = true;
        CreateGlobalTable {
            create,
            regions: regions.into_iter().map(Into::into).collect(),
        }
    }

    /// Creates `M`'s table. See [`CreateTable`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.create_table::<User>().send().await?;
    /// # Ok(()) }
    /// ```
    pub fn create_table<M: Model>(&self) -> CreateTable<M> {
        CreateTable::new(self)
    }

    /// Deletes `M`'s table. See [`DeleteTable`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.delete_table::<User>().send().await?;
    /// # Ok(()) }
    /// ```
    pub fn delete_table<M: Model>(&self) -> DeleteTable<M> {
        DeleteTable::new(self)
    }
}
