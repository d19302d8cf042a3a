//! What `#[table]` and `#[derive(Document)]` generate code against: models, keys and schemas.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::attribute_path::AttributePath;
use crate::codec::HasShape;
use crate::error::EncodeError;
use crate::item::RawItem;

/// A struct stored as one item of a DynamoDB table. Implemented by `#[table(..)]`.
///
/// ```
/// use aiodynamo::prelude::*;
///
/// #[table("orders", hash_key = "order_id", range_key = "created_at")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { order_id: String, created_at: u64, total: u32 }
///
/// let order = Order { order_id: "o1".into(), created_at: 7, total: 3 };
/// assert_eq!(order.key(), Order::key("o1", 7));
/// assert_eq!(Order::SCHEMA.name, "orders");
/// ```
pub trait Model:
    Serialize + DeserializeOwned + HasShape + Document + Send + Sync + 'static
{
    /// The key of an item of this model: every key attribute, and nothing else.
    type Key: ModelKey<Model = Self>;
    /// The table as an [`Index`](crate::Index): its key types, for `Model::partition` and scans.
    type Table: crate::index::ConsistentRead + crate::index::Index<Model = Self>;
    /// The table's name, keys and indexes.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// assert_eq!(User::SCHEMA.name, "users");
    /// assert_eq!(User::SCHEMA.hash_key.name, "user_id");
    /// assert_eq!(User::SCHEMA.range_key, None);
    /// ```
    const SCHEMA: TableSchema;
    /// This item's key.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String }
    /// let user = User { user_id: "u1".into(), name: "Alice".into() };
    /// assert_eq!(Model::key(&user), User::key("u1"));
    /// ```
    fn key(&self) -> Self::Key;
}

/// The key type generated for a model (`UserKey`), built with `User::key(..)`. Every request on
/// one item ([`Db::get`](crate::Db::get), [`Db::update`](crate::Db::update), ...) takes one.
///
/// ```
/// use aiodynamo::prelude::*;
/// #[table("orders", hash_key = "order_id", range_key = "line")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { order_id: String, line: u32 }
///
/// fn table_of<K: ModelKey>(_key: &K) -> &'static str { K::Model::SCHEMA.name }
/// assert_eq!(table_of(&Order::key("o1", 2)), "orders");
/// ```
pub trait ModelKey: Clone + std::fmt::Debug + Send + Sync + 'static {
    /// The model this key identifies an item of.
    type Model: Model;
    /// The key attributes as DynamoDB takes them.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use aiodynamo::sdk::types::AttributeValue;
    /// # #[table("orders", hash_key = "order_id", range_key = "line")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, line: u32 }
    /// let key = Order::key("o1", 2).to_item()?;
    /// assert_eq!(key["order_id"], AttributeValue::S("o1".into()));
    /// assert_eq!(key["line"], AttributeValue::N("2".into()));
    /// # Ok::<(), aiodynamo::EncodeError>(())
    /// ```
    fn to_item(&self) -> Result<RawItem, EncodeError>;
}

/// A struct whose attributes typed paths reach into: a `#[table]` model or a `#[derive(Document)]`
/// struct. `Fields<M>` names each attribute as a typed path starting at the model `M`.
///
/// ```
/// use aiodynamo::prelude::*;
/// #[derive(serde::Serialize, serde::Deserialize, Document)]
/// struct Address { city: String, zip: String }
///
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, address: Option<Address> }
///
/// // `.city` is reachable because `Address` is a `Document` (through the `Option`, too).
/// assert_eq!(attr!(User, address.city).to_string(), "address.city");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a document: no `.attribute` step can follow it",
    label = "a `.attribute` step needs a struct with `#[derive(Document)]` (or a `#[table]` model) before it",
    note = "lists are reached with `[index]`, maps with `[\"key\"]`"
)]
pub trait Document {
    /// The typed paths to this document's attributes, below a path from `M`.
    type Fields<M>;
    /// The typed paths below `prefix`.
    #[doc(hidden)]
    fn fields<M>(prefix: AttributePath) -> Self::Fields<M>;
}

impl<T: Document> Document for Option<T> {
    type Fields<M> = T::Fields<M>;
    fn fields<M>(prefix: AttributePath) -> Self::Fields<M> {
        T::fields(prefix)
    }
}

impl<T: Document> Document for Box<T> {
    type Fields<M> = T::Fields<M>;
    fn fields<M>(prefix: AttributePath) -> Self::Fields<M> {
        T::fields(prefix)
    }
}

/// A table: its name, key schema and secondary indexes, as `create_table` needs them. Generated by
/// `#[table]` as [`Model::SCHEMA`].
///
/// ```
/// use aiodynamo::prelude::*;
/// use aiodynamo::{IndexProjection, ScalarType};
/// #[table("orders", hash_key = "order_id", range_key = "created_at",
///         gsi(name = "by_customer", hash_key = "customer_id", projection = "keys_only"),
///         lsi(name = "by_total", range_key = "total"))]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { order_id: String, created_at: u64, customer_id: String, total: u32 }
///
/// let schema = Order::SCHEMA;
/// assert_eq!(schema.range_key.map(|key| key.scalar), Some(ScalarType::N));
/// assert_eq!(schema.global_indexes[0].name, "by_customer");
/// assert_eq!(schema.global_indexes[0].projection, IndexProjection::KeysOnly);
/// assert_eq!(schema.local_indexes[0].range_key.name, "total");
/// assert_eq!((schema.version, schema.ttl), (None, None));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableSchema {
    /// The table name (before any prefix of the [`Db`](crate::Db)).
    pub name: &'static str,
    /// The partition key.
    pub hash_key: KeySchema,
    /// The sort key, for a composite primary key.
    pub range_key: Option<KeySchema>,
    /// Global secondary indexes.
    pub global_indexes: &'static [GlobalIndex],
    /// Local secondary indexes.
    pub local_indexes: &'static [LocalIndex],
    /// The `#[version]` attribute, for optimistic locking: puts and updates bump it.
    pub version: Option<VersionSchema>,
    /// The `#[ttl]` attribute, on which `create_table` enables Time to Live.
    pub ttl: Option<&'static str>,
}

/// A model's `#[version]` attribute.
///
/// ```
/// # use aiodynamo::prelude::*;
/// use aiodynamo::Model;
///
/// #[table("counters", hash_key = "id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Counter { id: String, #[version] version: u8 }
///
/// let version = Counter::SCHEMA.version.unwrap();
/// assert_eq!((version.name, version.max), ("version", 255));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VersionSchema {
    /// The attribute name.
    pub name: &'static str,
    /// The largest version the field's type holds ([`VersionType::MAX`]): a write that would
    /// store a larger one is refused, never stored.
    pub max: i128,
}

/// One key attribute: its name and DynamoDB type.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// let key = User::SCHEMA.hash_key;
/// assert_eq!((key.name, key.scalar), ("user_id", aiodynamo::ScalarType::S));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeySchema {
    /// The attribute name.
    pub name: &'static str,
    /// S, N or B.
    pub scalar: ScalarType,
}

/// A global secondary index, declared with `gsi(..)` in `#[table]`.
///
/// ```
/// # use aiodynamo::prelude::*;
/// #[table("orders", hash_key = "order_id",
///         gsi(name = "by_customer", hash_key = "customer_id", range_key = "created_at"))]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { order_id: String, customer_id: String, created_at: u64 }
///
/// let index = Order::SCHEMA.global_indexes[0];
/// assert_eq!(index.hash_key.name, "customer_id");
/// assert_eq!(index.range_key.map(|key| key.name), Some("created_at"));
/// assert_eq!(index.projection, aiodynamo::IndexProjection::All);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct GlobalIndex {
    /// The index name.
    pub name: &'static str,
    /// Its partition key.
    pub hash_key: KeySchema,
    /// Its sort key.
    pub range_key: Option<KeySchema>,
    /// Which attributes it holds.
    pub projection: IndexProjection,
}

/// A local secondary index (same partition key as the table), declared with `lsi(..)` in
/// `#[table]`.
///
/// ```
/// # use aiodynamo::prelude::*;
/// #[table("orders", hash_key = "customer_id", range_key = "created_at",
///         lsi(name = "by_total", range_key = "total", include = ["status"]))]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { customer_id: String, created_at: u64, total: u32, status: String }
///
/// let index = Order::SCHEMA.local_indexes[0];
/// assert_eq!(index.range_key.name, "total");
/// assert_eq!(index.projection, aiodynamo::IndexProjection::Include(&["status"]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct LocalIndex {
    /// The index name.
    pub name: &'static str,
    /// Its sort key.
    pub range_key: KeySchema,
    /// Which attributes it holds.
    pub projection: IndexProjection,
}

/// Which attributes a secondary index holds: `projection = "all"` (the default),
/// `projection = "keys_only"` or `include = [..]` in a `gsi(..)` or `lsi(..)`.
///
/// ```
/// # use aiodynamo::prelude::*;
/// use aiodynamo::IndexProjection;
/// #[table("users", hash_key = "user_id", gsi(name = "by_email", hash_key = "email", projection = "keys_only"))]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, email: String }
///
/// assert_eq!(User::SCHEMA.global_indexes[0].projection, IndexProjection::KeysOnly);
/// assert_eq!(IndexProjection::default(), IndexProjection::All);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum IndexProjection {
    /// Every attribute.
    #[default]
    All,
    /// The table's and the index's keys only.
    KeysOnly,
    /// The keys and these attributes.
    Include(&'static [&'static str]),
}

/// The scalar types a key attribute can have.
///
/// ```
/// use aiodynamo::{KeyType, ScalarType};
/// assert_eq!(String::SCALAR, ScalarType::S);
/// assert_eq!(u64::SCALAR, ScalarType::N);
/// assert_eq!(aiodynamo::Bytes::SCALAR, ScalarType::B);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    /// String.
    S,
    /// Number.
    N,
    /// Binary.
    B,
}

/// Types that can be a key attribute: stored as one string, number or binary.
///
/// Implemented for strings, integers, [`Bytes`](crate::Bytes), [`Timestamp`](crate::Timestamp)
/// (N) and, with the `uuid` feature, `uuid::Uuid` (S). A unit enum, stored by its serde variant
/// name, derives it:
///
/// ```
/// #[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq, Hash, aiodynamo::KeyType)]
/// #[serde(rename_all = "kebab-case")]
/// enum Region { EuWest1, UsEast1 }
/// ```
///
/// An enum with an integer `#[repr]` and explicit discriminants, whose serde impls write its
/// number (`serde_repr`), derives it as a number (N; sets NS; ordered by discriminant):
/// `#[repr(u8)] #[derive(Serialize_repr, Deserialize_repr, KeyType, ..)] enum Priority { Low =
/// 1, High = 2 }`. Another type stored as one scalar implements it by hand:
/// `impl KeyType for Sku { const SCALAR: ScalarType = ScalarType::S; }`.
///
/// A key type is `Eq + Hash + Serialize + DeserializeOwned` (and `Clone + Debug`): the generated
/// key types (`UserKey`) are too, so batches can refuse a key given twice and cursors can carry
/// keys.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a key attribute",
    label = "a DynamoDB key is one string, number or binary value",
    note = "key types: `String`, integers, `aiodynamo::Bytes`, `aiodynamo::Timestamp`, `uuid::Uuid` (feature `uuid`), a unit enum with `#[derive(aiodynamo::KeyType)]`, or another type implementing `aiodynamo::KeyType`; not `Option`, `bool`, floats or collections",
    note = "a key type is also `Eq + Hash + Serialize + DeserializeOwned + Clone + Debug`: derive these on your own key types"
)]
pub trait KeyType:
    Serialize
    + DeserializeOwned
    + Clone
    + std::fmt::Debug
    + Eq
    + std::hash::Hash
    + Send
    + Sync
    + 'static
{
    /// The DynamoDB type the key is stored as.
    ///
    /// ```
    /// use aiodynamo::{KeyType, ScalarType, Timestamp};
    /// assert_eq!(<Timestamp as KeyType>::SCALAR, ScalarType::N);
    /// ```
    const SCALAR: ScalarType;
}

macro_rules! key_types {
    ($scalar:ident: $($ty:ty),*) => { $(impl KeyType for $ty { const SCALAR: ScalarType = ScalarType::$scalar; })* };
}
key_types!(S: String);
key_types!(N: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);
key_types!(B: crate::Bytes);
#[cfg(feature = "uuid")]
key_types!(S: uuid::Uuid);

impl<U: crate::codec::TimeUnit> KeyType for crate::Timestamp<U> {
    const SCALAR: ScalarType = ScalarType::N;
}

/// A model with a `#[version]` attribute (optimistic locking). Implemented by `#[table]` for a
/// model with a `#[version]` field; it gives [`Update`](crate::Update) and
/// [`Delete`](crate::Delete) their `if_version`.
///
/// ```
/// # use aiodynamo::prelude::*;
/// #[table("docs", hash_key = "doc_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Doc { doc_id: String, body: String, #[version] version: u64 }
///
/// fn version_attribute<M: aiodynamo::Versioned>() -> Option<aiodynamo::VersionSchema> {
///     M::SCHEMA.version
/// }
/// let version = version_attribute::<Doc>().unwrap();
/// // A `u64` version goes up to `u64::MAX`; no write stores a larger one.
/// assert_eq!((version.name, version.max), ("version", u64::MAX as i128));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no version attribute",
    label = "`if_version` needs a model with a `#[version]` field",
    note = "mark an integer field of `{Self}` with `#[version]` to use optimistic locking"
)]
pub trait Versioned: Model {
    /// The version field's type, an integer (a [`VersionType`]: the table schema checks it).
    type Version: Serialize;
    /// The path to the version attribute (conditions only: aiodynamo updates it).
    #[doc(hidden)]
    fn version_path() -> crate::Path<Self, Self::Version, crate::path::VersionMember>;
}

/// Types a `#[version]` field can have: the integers.
///
/// ```
/// fn is_version<V: aiodynamo::VersionType>() {}
/// is_version::<u64>();
/// is_version::<i32>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `#[version]` attribute",
    label = "a version is an integer",
    note = "use an integer type such as `u64` for the `#[version]` field"
)]
pub trait VersionType: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The largest version of this type that DynamoDB can store: the type's maximum, or a
    /// number of 38 nines where that has more digits than a DynamoDB number holds.
    ///
    /// ```
    /// use aiodynamo::VersionType;
    /// assert_eq!(<u8 as VersionType>::MAX, 255);
    /// assert_eq!(<u128 as VersionType>::MAX, 10_i128.pow(38) - 1);
    /// ```
    const MAX: i128;
}
/// The largest integer of at most 38 digits.
const LARGEST_NUMBER: i128 = 10_i128.pow(38) - 1;
macro_rules! version_types {
    ($($ty:ty),*) => { $(
        impl VersionType for $ty {
            const MAX: i128 = if <$ty>::MAX as u128 > LARGEST_NUMBER as u128 {
                LARGEST_NUMBER
            } else {
                <$ty>::MAX as i128
            };
        }
    )* };
}
version_types!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

/// Types a `#[ttl]` field can have: a [`Timestamp`](crate::Timestamp) in seconds, or an
/// `Option` of one (an item without it never expires).
///
/// ```
/// # use aiodynamo::prelude::*;
/// use aiodynamo::Timestamp;
/// #[table("sessions", hash_key = "session_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Session { session_id: String, #[ttl] expires_at: Option<Timestamp> }
///
/// assert_eq!(Session::SCHEMA.ttl, Some("expires_at"));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `#[ttl]` attribute",
    label = "DynamoDB's Time to Live reads a number of seconds since the epoch",
    note = "use `aiodynamo::Timestamp` (seconds) or `Option<aiodynamo::Timestamp>` for the `#[ttl]` field"
)]
pub trait TtlType {}
impl TtlType for crate::Timestamp<crate::codec::Seconds> {}
impl TtlType for Option<crate::Timestamp<crate::codec::Seconds>> {}
