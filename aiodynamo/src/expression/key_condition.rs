//! Key conditions: the partition a query reads, and at most one condition on the sort key.

use std::marker::PhantomData;

use aws_sdk_dynamodb::types::AttributeValue;

use super::{Invalid, KeyExpression, Operand, Placeholders};
use crate::attribute_path::AttributePath;
use crate::index::{HasSortKey, Index, SecondaryIndex};
use crate::kinds::Prefixed;
use crate::limits::KeyRole;
use crate::path::IntoValue;

/// A query's key condition on the table or index `I`: the partition key's value, then at most
/// one condition on the sort key (`S` records whether it has one). Made by `Model::partition`
/// or an index's `partition`.
///
/// ```
/// use aiodynamo::prelude::*;
/// #[table("orders", hash_key = "customer_id", range_key = "created_at",
///         gsi(name = "by_status", hash_key = "status"))]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { customer_id: String, created_at: String, status: String }
///
/// let recent = Order::partition("c1").range_begins_with("2024-");
/// let open = Order::BY_STATUS.partition("open");
/// # let _ = (recent, open);
/// ```
pub struct KeyCondition<I, S = PartitionOnly> {
    hash: Operand,
    range: Option<Range>,
    marker: PhantomData<fn() -> (I, S)>,
}

/// A key condition without a sort-key condition (yet).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String, status: String }
/// use aiodynamo::expression::{KeyCondition, PartitionOnly};
/// let partition: KeyCondition<OrderTable, PartitionOnly> = Order::partition("c1");
/// # let _ = partition;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum PartitionOnly {}
/// A key condition with its one sort-key condition.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String, status: String }
/// use aiodynamo::expression::{KeyCondition, WithRange};
/// let range: KeyCondition<OrderTable, WithRange> = Order::partition("c1").range_lt("2024");
/// // A second sort-key condition does not compile: `range.range_gt(..)` is not there.
/// # let _ = range;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum WithRange {}

#[derive(Clone)]
enum Range {
    Compare(&'static str, Operand),
    Between(Operand, Operand),
    BeginsWith(Operand),
}

impl<I, S> Clone for KeyCondition<I, S> {
    fn clone(&self) -> Self {
        KeyCondition {
            hash: self.hash.clone(),
            range: self.range.clone(),
            marker: PhantomData,
        }
    }
}

/// The attributes it reads, never its values.
impl<I: Index, S> std::fmt::Debug for KeyCondition<I, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let range = self.range.as_ref().and(I::RANGE_KEY);
        f.debug_struct("KeyCondition")
            .field("index", &I::NAME)
            .field("partition", &I::HASH_KEY)
            .field("range", &range)
            .finish()
    }
}

fn encoded(value: Result<AttributeValue, crate::EncodeError>) -> Operand {
    value.map_err(Invalid::Encode)
}

impl<I: Index> KeyCondition<I> {
    /// The partition `hash` of `I`; used by generated code (`Model::partition`).
    #[doc(hidden)]
    pub fn partition(hash: I::Hash) -> Self {
        KeyCondition {
            hash: encoded(I::encode_hash(hash)),
            range: None,
            marker: PhantomData,
        }
    }

    fn with(self, range: Range) -> KeyCondition<I, WithRange> {
        KeyCondition {
            hash: self.hash,
            range: Some(range),
            marker: PhantomData,
        }
    }

    fn value(value: impl IntoValue<I::Range>) -> Operand {
        encoded(I::encode_range(value.into_value()))
    }
}

/// The sort-key conditions: each takes the sort key's own type, and only one can be given; on a
/// table or index without a sort key, none exists.
impl<I: Index> KeyCondition<I> {
    /// Sort key `= value`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::partition("c1").range_eq("2024-06-01"));
    /// assert_eq!(query.render()?.key_condition_expression.as_deref(), Some("#n0 = :v0 AND #n1 = :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn range_eq(self, value: impl IntoValue<I::Range>) -> KeyCondition<I, WithRange>
    where
        I: HasSortKey,
    {
        self.with(Range::Compare("=", Self::value(value)))
    }

    /// Sort key `< value`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::partition("c1").range_lt("2024-06"));
    /// assert_eq!(query.render()?.key_condition_expression.as_deref(), Some("#n0 = :v0 AND #n1 < :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn range_lt(self, value: impl IntoValue<I::Range>) -> KeyCondition<I, WithRange>
    where
        I: HasSortKey,
    {
        self.with(Range::Compare("<", Self::value(value)))
    }

    /// Sort key `<= value`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::partition("c1").range_le("2024-06"));
    /// assert_eq!(query.render()?.key_condition_expression.as_deref(), Some("#n0 = :v0 AND #n1 <= :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn range_le(self, value: impl IntoValue<I::Range>) -> KeyCondition<I, WithRange>
    where
        I: HasSortKey,
    {
        self.with(Range::Compare("<=", Self::value(value)))
    }

    /// Sort key `> value`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::partition("c1").range_gt("2024-06"));
    /// assert_eq!(query.render()?.key_condition_expression.as_deref(), Some("#n0 = :v0 AND #n1 > :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn range_gt(self, value: impl IntoValue<I::Range>) -> KeyCondition<I, WithRange>
    where
        I: HasSortKey,
    {
        self.with(Range::Compare(">", Self::value(value)))
    }

    /// Sort key `>= value`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::partition("c1").range_ge("2024-06"));
    /// assert_eq!(query.render()?.key_condition_expression.as_deref(), Some("#n0 = :v0 AND #n1 >= :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn range_ge(self, value: impl IntoValue<I::Range>) -> KeyCondition<I, WithRange>
    where
        I: HasSortKey,
    {
        self.with(Range::Compare(">=", Self::value(value)))
    }

    /// Sort key `BETWEEN low AND high` (both inclusive).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::partition("c1").range_between("2024-01", "2024-12"));
    /// assert_eq!(query.render()?.key_condition_expression.as_deref(), Some("#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn range_between(
        self,
        low: impl IntoValue<I::Range>,
        high: impl IntoValue<I::Range>,
    ) -> KeyCondition<I, WithRange>
    where
        I: HasSortKey,
    {
        self.with(Range::Between(Self::value(low), Self::value(high)))
    }

    /// `begins_with(sort key, prefix)`: for string and binary sort keys.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::partition("c1").range_begins_with("2024-"));
    /// assert_eq!(query.render()?.key_condition_expression.as_deref(), Some("#n0 = :v0 AND begins_with(#n1, :v1)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn range_begins_with(self, prefix: impl IntoValue<I::Range>) -> KeyCondition<I, WithRange>
    where
        I: HasSortKey,
        I::Range: Prefixed,
    {
        self.with(Range::BeginsWith(Self::value(prefix)))
    }
}

impl<I, S> KeyCondition<I, S> {
    /// The same condition, its sort-key state forgotten (a query holds either).
    pub(crate) fn erase(self) -> KeyCondition<I, ()> {
        KeyCondition {
            hash: self.hash,
            range: self.range,
            marker: PhantomData,
        }
    }
}

/// Refuses a sort-key condition's value DynamoDB refuses: empty, or over 1024 bytes.
fn key_value(role: KeyRole, name: &str, value: &Operand) -> Result<(), Invalid> {
    match value {
        Ok(value) => crate::limits::key_value(role, name, value).map_err(Invalid::Request),
        Err(_) => Ok(()),
    }
}

impl<I: Index, S> KeyExpression for KeyCondition<I, S> {
    /// Writes `#hash = :v AND <range condition>`.
    fn render(&mut self, placeholders: &mut Placeholders, out: &mut String) -> Result<(), Invalid> {
        // DynamoDB takes a partition key over 2048 bytes here (and finds nothing), but no
        // empty one; a sort key's value is refused empty or over 1024 bytes.
        if let Ok(hash) = &self.hash {
            crate::limits::non_empty_key(KeyRole::Partition, I::HASH_KEY, hash)
                .map_err(Invalid::Request)?;
        }
        placeholders.path(&AttributePath::from(I::HASH_KEY), out);
        out.push_str(" = ");
        placeholders.value(&mut self.hash, out)?;
        let (Some(range), Some(range_key)) = (&mut self.range, I::RANGE_KEY) else {
            return Ok(());
        };
        match range {
            Range::Compare(_, value) | Range::BeginsWith(value) => {
                key_value(KeyRole::Sort, range_key, value)?;
            }
            Range::Between(low, high) => {
                key_value(KeyRole::Sort, range_key, low)?;
                key_value(KeyRole::Sort, range_key, high)?;
            }
        }
        let range_key = AttributePath::from(range_key);
        out.push_str(" AND ");
        match range {
            Range::Compare(operator, value) => {
                placeholders.path(&range_key, out);
                out.push(' ');
                out.push_str(operator);
                out.push(' ');
                placeholders.value(value, out)?;
            }
            Range::Between(low, high) => {
                placeholders.path(&range_key, out);
                out.push_str(" BETWEEN ");
                placeholders.value(low, out)?;
                out.push_str(" AND ");
                placeholders.value(high, out)?;
            }
            Range::BeginsWith(prefix) => {
                out.push_str("begins_with(");
                placeholders.path(&range_key, out);
                out.push_str(", ");
                placeholders.value(prefix, out)?;
                out.push(')');
            }
        }
        Ok(())
    }
}

impl<I: Index> SecondaryIndex<I> {
    /// The key condition of the partition `hash` of this index; a sort-key condition may follow.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::BY_STATUS.partition("open"));
    /// assert_eq!(query.prepare()?.into_input().get_index_name().as_deref(), Some("by_status"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn partition(self, hash: impl IntoValue<I::Hash>) -> KeyCondition<I> {
        KeyCondition::partition(hash.into_value())
    }
}
