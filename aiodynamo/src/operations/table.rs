//! CreateTable and DeleteTable, from a model's schema.

use std::marker::PhantomData;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::client::Waiters;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType,
    LocalSecondaryIndex, Projection as SdkProjection, ProjectionType, ProvisionedThroughput,
    ScalarAttributeType, TableClass, TableDescription, Tag, TimeToLiveSpecification,
};

use crate::error::{Error, Operation, Origin};
use crate::model::{IndexProjection, KeySchema, ScalarType};
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
    model: PhantomData<fn() -> M>,
}

impl<M: Model> CreateTable<M> {
    pub(crate) fn new(db: &Db) -> Self {
        CreateTable {
            db: db.clone(),
            throughput: None,
            tags: Vec::new(),
            table_class: None,
            model: PhantomData,
        }
    }

    /// Provisioned billing with these read and write capacity units, for the table and each
    /// global secondary index.
    pub fn provisioned_throughput(
        mut self,
        read_capacity_units: i64,
        write_capacity_units: i64,
    ) -> Self {
        self.throughput = Some(
            ProvisionedThroughput::builder()
                .read_capacity_units(read_capacity_units)
                .write_capacity_units(write_capacity_units)
                .build()
                .expect("both capacities are set"),
        );
        self
    }

    /// Adds a tag.
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
    pub fn table_class(mut self, table_class: TableClass) -> Self {
        self.table_class = Some(table_class);
        self
    }

    /// Creates the table and waits until it is ACTIVE (then enables TTL on a `#[ttl]` attribute).
    pub async fn send(self) -> Result<TableDescription, Error> {
        let schema = M::SCHEMA;
        let table = self.db.table_name::<M>();
        let origin = || Origin::new(Operation::CreateTable, &table);
        let table_key_schema = key_schema(&schema.hash_key, schema.range_key.as_ref());
        let global_indexes = schema
            .global_indexes
            .iter()
            .map(|index| {
                GlobalSecondaryIndex::builder()
                    .index_name(index.name)
                    .set_key_schema(Some(key_schema(&index.hash_key, index.range_key.as_ref())))
                    .projection(projection(index.projection))
                    .set_provisioned_throughput(self.throughput.clone())
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

/// The table requests start here.
impl Db {
    /// Creates `M`'s table. See [`CreateTable`].
    pub fn create_table<M: Model>(&self) -> CreateTable<M> {
        CreateTable::new(self)
    }

    /// Deletes `M`'s table. See [`DeleteTable`].
    pub fn delete_table<M: Model>(&self) -> DeleteTable<M> {
        DeleteTable::new(self)
    }
}
