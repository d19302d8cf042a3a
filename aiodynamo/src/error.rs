//! The one error type of every operation, and the codec's errors it wraps.

use std::fmt;

use smallvec::SmallVec;

use crate::attribute_path::{AttributePath, Segment};
use crate::item::StoredItem;
use crate::model::ScalarType;

/// Which DynamoDB operation a request was, for errors and tracing.
///
/// ```
/// use aiodynamo::{Operation, Origin};
/// let origin = Origin::new(Operation::UpdateItem, "users");
/// assert_eq!(origin.operation(), Operation::UpdateItem);
/// assert_eq!(Operation::UpdateItem.to_string(), "UpdateItem");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// PutItem.
    PutItem,
    /// GetItem.
    GetItem,
    /// DeleteItem.
    DeleteItem,
    /// UpdateItem.
    UpdateItem,
    /// CreateTable.
    CreateTable,
    /// DeleteTable.
    DeleteTable,
    /// DescribeTable.
    DescribeTable,
    /// UpdateTimeToLive (by `create_table`, for a `#[ttl]` attribute).
    UpdateTimeToLive,
    /// DescribeTimeToLive (by `ensure_table`, for the TTL comparison).
    DescribeTimeToLive,
    /// UpdateTable (by `create_global_table`, to add a replica).
    UpdateTable,
    /// A transaction's condition check.
    ConditionCheck,
    /// Query.
    Query,
    /// Scan.
    Scan,
    /// BatchGetItem.
    BatchGetItem,
    /// BatchWriteItem.
    BatchWriteItem,
    /// TransactWriteItems: a write transaction.
    TransactWriteItems,
    /// TransactGetItems: a read transaction.
    TransactGetItems,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The request an error belongs to: its operation and the tables it named.
///
/// ```
/// use aiodynamo::{Operation, Origin};
/// let origin = Origin::new(Operation::PutItem, "users");
/// assert_eq!(origin.table(), Some("users"));
/// assert_eq!(origin.to_string(), "PutItem on table `users`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Origin {
    operation: Operation,
    /// One table for a single-item request (kept inline: every request makes an origin);
    /// several for a batch or transaction.
    tables: SmallVec<[String; 1]>,
}

impl Origin {
    /// A request of `operation` on one table.
    ///
    /// ```
    /// use aiodynamo::{Operation, Origin};
    /// let origin = Origin::new(Operation::GetItem, "users");
    /// assert_eq!(origin.tables(), ["users"]);
    /// ```
    pub fn new(operation: Operation, table: impl Into<String>) -> Self {
        Origin {
            operation,
            tables: SmallVec::from_buf([table.into()]),
        }
    }

    /// A request of `operation` on several tables (a batch or a transaction).
    ///
    /// ```
    /// use aiodynamo::{Operation, Origin};
    /// let origin = Origin::with_tables(Operation::PutItem, ["users", "orders"]);
    /// assert_eq!(origin.tables(), ["users", "orders"]);
    /// assert_eq!(origin.to_string(), "PutItem on tables `users`, `orders`");
    /// ```
    pub fn with_tables(
        operation: Operation,
        tables: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Origin {
            operation,
            tables: tables.into_iter().map(Into::into).collect(),
        }
    }

    /// The operation that failed.
    ///
    /// ```
    /// use aiodynamo::{Operation, Origin};
    /// assert_eq!(Origin::new(Operation::Query, "orders").operation(), Operation::Query);
    /// ```
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The table the request was sent to (with any table prefix applied); the first one for a
    /// request on several.
    ///
    /// ```
    /// use aiodynamo::{Operation, Origin};
    /// let batch = Origin::with_tables(Operation::BatchWriteItem, ["users", "orders"]);
    /// assert_eq!(batch.table(), Some("users"));
    /// ```
    pub fn table(&self) -> Option<&str> {
        self.tables.first().map(String::as_str)
    }

    /// Every table the request named.
    ///
    /// ```
    /// use aiodynamo::{Operation, Origin};
    /// let transaction = Origin::with_tables(Operation::TransactWriteItems, ["users", "carts"]);
    /// assert_eq!(transaction.tables(), ["users", "carts"]);
    /// ```
    pub fn tables(&self) -> &[String] {
        &self.tables
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.tables.as_slice() {
            [] => write!(f, "{}", self.operation),
            [table] => write!(f, "{} on table `{table}`", self.operation),
            tables => {
                write!(f, "{} on tables ", self.operation)?;
                for (position, table) in tables.iter().enumerate() {
                    let separator = if position == 0 { "" } else { ", " };
                    write!(f, "{separator}`{table}`")?;
                }
                Ok(())
            }
        }
    }
}

/// Everything an aiodynamo call can fail with.
///
/// Each variant carries the [`Origin`] of the request: its operation and table. Neither `Display`
/// nor `Debug` shows a stored attribute value: an item that comes with an error is reached
/// through a method ([`old_item`](Error::old_item), [`stored_item`](Error::stored_item)).
///
/// ```
/// # use aiodynamo::{Error, Operation, Origin};
/// fn is_retryable(error: &Error) -> bool {
///     matches!(error, Error::Throttled { .. })
/// }
/// let error = Error::Throttled {
///     origin: Origin::new(Operation::PutItem, "users"),
///     message: "slow down".into(),
/// };
/// assert!(is_retryable(&error));
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request's condition was false. `item` is the item as it stood, when DynamoDB returned it
    /// (decode it with [`Error::old_item`]).
    #[error("{origin}: the condition was not met")]
    ConditionalCheckFailed {
        /// The failed request.
        origin: Origin,
        /// The item as it stood before the request, when DynamoDB returned it.
        item: Option<StoredItem>,
    },
    /// A transaction was cancelled and nothing of it was applied; `reasons` has one entry per
    /// item, in the order the items were pushed (see [`CancellationReason`]).
    #[error("{origin}: transaction cancelled: {}", Reasons(reasons))]
    TransactionCanceled {
        /// The failed request.
        origin: Origin,
        /// Why each item failed, or that it did not ([`CancellationReason::code`] is `None`).
        reasons: Vec<CancellationReason>,
    },
    /// The table (or index) does not exist, or is not ACTIVE.
    #[error("{origin}: resource not found: {message}")]
    ResourceNotFound {
        /// The failed request.
        origin: Origin,
        /// DynamoDB's message.
        message: String,
    },
    /// DynamoDB throttled the request after the SDK's own retries.
    #[error("{origin}: throttled: {message}")]
    Throttled {
        /// The failed request.
        origin: Origin,
        /// DynamoDB's message.
        message: String,
    },
    /// DynamoDB rejected the request as invalid.
    #[error("{origin}: validation error: {message}")]
    Validation {
        /// The failed request.
        origin: Origin,
        /// DynamoDB's message.
        message: String,
    },
    /// A value could not be converted to DynamoDB's format; nothing was sent.
    #[error("{origin}: {source}")]
    Encode {
        /// The failed request.
        origin: Origin,
        /// What could not be encoded, and where.
        #[source]
        source: EncodeError,
    },
    /// A read returned an item that does not fit the model.
    #[error("{origin}: {source}")]
    Decode {
        /// The failed request.
        origin: Origin,
        /// What could not be decoded, and where.
        #[source]
        source: DecodeError,
    },
    /// A write was applied, but the attributes DynamoDB returned (`ReturnValues`) do not fit the
    /// model, e.g. an item another program stored. Do not retry it: it took effect.
    #[error(
        "{origin}: the write was applied, but the attributes it returned do not fit the model: {source}"
    )]
    DecodeAfterWrite {
        /// The request, which was applied.
        origin: Origin,
        /// What could not be decoded, and where.
        #[source]
        source: DecodeError,
    },
    /// A batch spent its attempts with these keys or items still not confirmed done: left
    /// unprocessed by DynamoDB, or in a request that was throttled or went unanswered (which may
    /// have been applied; sending it again is safe). Everything else was read or written.
    #[error(
        "{origin}: {} requests still unprocessed when the batch's attempts ran out",
        leftovers.len()
    )]
    Unprocessed {
        /// The failed request.
        origin: Origin,
        /// What is not confirmed read or written.
        leftovers: Vec<Leftover>,
    },
    /// The request is wrong in a way caught before sending (e.g. overlapping update paths).
    #[error("{origin}: invalid request: {message}")]
    InvalidRequest {
        /// The failed request.
        origin: Origin,
        /// What is wrong.
        message: String,
    },
    /// The table exists but differs from the model (by [`Db::ensure_table`](crate::Db::ensure_table)):
    /// every difference found, keys, indexes and TTL alike. Nothing was changed.
    #[error(
        "{origin}: the table does not match the model: {}",
        Differences(differences)
    )]
    SchemaMismatch {
        /// The DescribeTable request whose answer differed.
        origin: Origin,
        /// Each difference, in the order keys, global indexes, local indexes, TTL.
        differences: Vec<SchemaDifference>,
    },
    /// Any other failure of the SDK: network, credentials, service errors without a variant here.
    /// Displayed with the whole chain of causes, which holds DynamoDB's error code and message.
    #[error("{origin}: {}", Causes(&**source))]
    Sdk {
        /// The failed request.
        origin: Origin,
        /// The SDK's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// A request of a batch that DynamoDB left unprocessed: a key not read, or an item not put or
/// deleted. `Debug` shows the item's attribute names only.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # async fn example(db: Db, users: Vec<User>) -> Result<(), aiodynamo::Error> {
/// if let Err(Error::Unprocessed { leftovers, .. }) = db.batch_write().put_all(&users).send().await {
///     for leftover in leftovers {
///         assert_eq!(leftover.kind, aiodynamo::LeftoverKind::Put);
///         let user: User = leftover.item.decode().expect("a user");
///         println!("{} not written to {}", user.user_id, leftover.table);
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Leftover {
    /// The table (with any prefix).
    pub table: String,
    /// What was not done.
    pub kind: LeftoverKind,
    /// The key not read or deleted, or the item not put.
    pub item: StoredItem,
}

/// What a [`Leftover`] was: a key not read (`Get`), an item not put, a key not deleted.
///
/// ```
/// use aiodynamo::LeftoverKind;
/// assert_ne!(LeftoverKind::Put, LeftoverKind::Delete);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LeftoverKind {
    /// A key of a `batch_get`.
    Get,
    /// A put of a `batch_write`.
    Put,
    /// A delete of a `batch_write`.
    Delete,
}

/// Why one item of a cancelled transaction failed, or that it did not: one per item of
/// [`Error::TransactionCanceled`], in the order the items were pushed.
///
/// Neither `Debug` nor `Display` shows a stored value: the item a failed condition returned is
/// read with [`item`](CancellationReason::item) or [`stored_item`](CancellationReason::stored_item).
///
/// ```
/// use aiodynamo::{CancellationCode, CancellationReason, Error, Operation, Origin};
/// let error = Error::TransactionCanceled {
///     origin: Origin::with_tables(Operation::TransactWriteItems, ["users"]),
///     reasons: vec![
///         CancellationReason::new(Some("ConditionalCheckFailed".into()), None, None),
///         CancellationReason::new(Some("None".into()), None, None),
///     ],
/// };
/// assert_eq!(
///     error.to_string(),
///     "TransactWriteItems on table `users`: transaction cancelled: [0] ConditionalCheckFailed, [1] none"
/// );
///
/// # #[aiodynamo::table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// let reason = CancellationReason::new(Some("ConditionalCheckFailed".into()), None, None);
/// assert_eq!(reason.code(), Some(CancellationCode::ConditionalCheckFailed));
/// assert_eq!(reason.to_string(), "ConditionalCheckFailed");
/// assert!(reason.item::<User>()?.is_none()); // DynamoDB returned no item: there was none
/// assert_eq!(CancellationReason::new(Some("None".into()), None, None).code(), None);
/// # Ok::<(), aiodynamo::DecodeError>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct CancellationReason {
    code: Option<CancellationCode>,
    message: Option<String>,
    item: Option<StoredItem>,
}

impl CancellationReason {
    /// A reason as DynamoDB reports it: its code (`"None"` or none for an item that was fine),
    /// message, and the item as it stood (asked for on items with a condition).
    ///
    /// ```
    /// use aiodynamo::{CancellationCode, CancellationReason};
    /// let reason = CancellationReason::new(Some("TransactionConflict".into()), Some("busy".into()), None);
    /// assert_eq!(reason.code(), Some(CancellationCode::TransactionConflict));
    /// ```
    pub fn new(code: Option<String>, message: Option<String>, item: Option<StoredItem>) -> Self {
        let code = code.and_then(|code| CancellationCode::parse(&code));
        CancellationReason {
            code,
            message,
            item: item.filter(|item| !item.as_raw().is_empty()),
        }
    }

    /// Why this item failed; `None` when it was fine (DynamoDB's `"None"`): it was cancelled
    /// because another item failed.
    ///
    /// ```
    /// use aiodynamo::{CancellationCode, CancellationReason};
    /// let failed = CancellationReason::new(Some("ConditionalCheckFailed".into()), None, None);
    /// assert_eq!(failed.code(), Some(CancellationCode::ConditionalCheckFailed));
    /// let fine = CancellationReason::new(Some("None".into()), None, None);
    /// assert_eq!(fine.code(), None);
    /// ```
    pub fn code(&self) -> Option<CancellationCode> {
        self.code.clone()
    }

    /// DynamoDB's message for this item, if it gave one.
    ///
    /// ```
    /// let reason = aiodynamo::CancellationReason::new(
    ///     Some("ValidationError".into()),
    ///     Some("Item size has exceeded the maximum allowed size".into()),
    ///     None,
    /// );
    /// assert_eq!(reason.message(), Some("Item size has exceeded the maximum allowed size"));
    /// ```
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The item as it stood when its condition failed, values included: `None` when DynamoDB
    /// returned none (there was no item, or this item did not fail its condition).
    /// [`item`](CancellationReason::item) decodes it as a model.
    ///
    /// ```
    /// use aiodynamo::{CancellationReason, StoredItem};
    /// use aiodynamo::sdk::types::AttributeValue;
    /// let stood = StoredItem::new([("user_id".to_string(), AttributeValue::S("u1".into()))].into());
    /// let reason = CancellationReason::new(Some("ConditionalCheckFailed".into()), None, Some(stood));
    /// let item = reason.stored_item().map(StoredItem::as_raw);
    /// assert_eq!(item.map(|item| &item["user_id"]), Some(&AttributeValue::S("u1".into())));
    /// ```
    pub fn stored_item(&self) -> Option<&StoredItem> {
        self.item.as_ref()
    }
}

impl fmt::Display for CancellationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{code}"),
            None => f.write_str("none"),
        }
    }
}

/// The code, the message and the item's attribute names: never its values.
impl fmt::Debug for CancellationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancellationReason")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("item", &self.item)
            .finish()
    }
}

/// Why an item of a transaction failed ([`CancellationReason::code`]).
///
/// ```
/// use aiodynamo::CancellationCode;
/// assert_eq!(CancellationCode::TransactionConflict.to_string(), "TransactionConflict");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CancellationCode {
    /// The item's condition was false.
    ConditionalCheckFailed,
    /// Another transaction or request was working on the item at the same time.
    TransactionConflict,
    /// The item collection of a table with local indexes would pass 10 GB.
    ItemCollectionSizeLimitExceeded,
    /// The table's provisioned throughput was exceeded.
    ProvisionedThroughputExceeded,
    /// DynamoDB throttled the request.
    ThrottlingError,
    /// The item was invalid (e.g. an update of a key attribute, or an item over 400 KB).
    ValidationError,
    /// A code this version of aiodynamo does not know, as DynamoDB sent it.
    Other(String),
}

impl CancellationCode {
    /// The code DynamoDB sent; `None` for `"None"` (the item was fine) and an empty code.
    fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "" | "None" => return None,
            "ConditionalCheckFailed" => CancellationCode::ConditionalCheckFailed,
            "TransactionConflict" => CancellationCode::TransactionConflict,
            "ItemCollectionSizeLimitExceeded" => CancellationCode::ItemCollectionSizeLimitExceeded,
            "ProvisionedThroughputExceeded" => CancellationCode::ProvisionedThroughputExceeded,
            "ThrottlingError" => CancellationCode::ThrottlingError,
            "ValidationError" => CancellationCode::ValidationError,
            other => CancellationCode::Other(other.to_owned()),
        })
    }
}

impl fmt::Display for CancellationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CancellationCode::Other(code) => f.write_str(code),
            known => fmt::Debug::fmt(known, f),
        }
    }
}

/// One way a table differs from its model, found by [`Db::ensure_table`](crate::Db::ensure_table).
///
/// Its `Display` names what differs, by attribute and index names (never an item's value).
///
/// ```
/// use aiodynamo::{KeyAttribute, ScalarType, SchemaDifference};
/// let difference = SchemaDifference::HashKey {
///     index: None,
///     model: KeyAttribute::new("order_id", ScalarType::S),
///     table: Some(KeyAttribute::new("id", ScalarType::S)),
/// };
/// assert_eq!(difference.to_string(), "hash key: model `order_id` (S), table `id` (S)");
/// let missing = SchemaDifference::MissingIndex { index: "by_customer".into() };
/// assert_eq!(missing.to_string(), "index `by_customer`: missing");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemaDifference {
    /// The partition key of the table (`index: None`) or of an index differs.
    HashKey {
        /// The index, or `None` for the table's own key.
        index: Option<String>,
        /// The model's key.
        model: KeyAttribute,
        /// The table's key, `None` when its description has none.
        table: Option<KeyAttribute>,
    },
    /// The sort key of the table (`index: None`) or of an index differs, or only one side has one.
    RangeKey {
        /// The index, or `None` for the table's own key.
        index: Option<String>,
        /// The model's sort key, if it has one.
        model: Option<KeyAttribute>,
        /// The table's sort key, if it has one.
        table: Option<KeyAttribute>,
    },
    /// The model declares an index (global or local) the table does not have.
    MissingIndex {
        /// The index name.
        index: String,
    },
    /// The table has an index (global or local) the model does not declare.
    ExtraIndex {
        /// The index name.
        index: String,
    },
    /// An index projects other attributes than the model declares.
    Projection {
        /// The index name.
        index: String,
        /// The model's projection, as `ALL`, `KEYS_ONLY` or `INCLUDE [a, b]`.
        model: String,
        /// The table's projection, in the same form.
        table: String,
    },
    /// Time to Live differs: its attribute, or whether it is enabled.
    Ttl {
        /// The model's `#[ttl]` attribute, if it has one.
        model: Option<String>,
        /// The attribute TTL is enabled on in the table, `None` when it is disabled.
        table: Option<String>,
    },
}

/// A key attribute as [`SchemaDifference`] shows it: its name and type (`None` when the table's
/// description gives no type DynamoDB keys can have).
///
/// ```
/// use aiodynamo::{KeyAttribute, ScalarType};
/// assert_eq!(KeyAttribute::new("total", ScalarType::N).to_string(), "`total` (N)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyAttribute {
    /// The attribute name.
    pub name: String,
    /// Its type.
    pub scalar: Option<ScalarType>,
}

impl KeyAttribute {
    /// An attribute `name` of type `scalar`.
    ///
    /// ```
    /// use aiodynamo::{KeyAttribute, ScalarType};
    /// let key = KeyAttribute::new("user_id", ScalarType::S);
    /// assert_eq!((key.name.as_str(), key.scalar), ("user_id", Some(ScalarType::S)));
    /// ```
    pub fn new(name: impl Into<String>, scalar: ScalarType) -> Self {
        KeyAttribute {
            name: name.into(),
            scalar: Some(scalar),
        }
    }

    pub(crate) fn untyped(name: impl Into<String>) -> Self {
        KeyAttribute {
            name: name.into(),
            scalar: None,
        }
    }
}

impl fmt::Display for KeyAttribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scalar {
            Some(scalar) => write!(f, "`{}` ({scalar:?})", self.name),
            None => write!(f, "`{}` (unknown type)", self.name),
        }
    }
}

/// `model X, table Y`, each side `none` when absent.
struct Sides<'a, T>(Option<&'a T>, Option<&'a T>);

impl<T: fmt::Display> fmt::Display for Sides<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(model) => write!(f, "model {model}, ")?,
            None => f.write_str("model none, ")?,
        }
        match self.1 {
            Some(table) => write!(f, "table {table}"),
            None => f.write_str("table none"),
        }
    }
}

/// A name in backquotes.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.0)
    }
}

impl fmt::Display for SchemaDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let index_prefix = |f: &mut fmt::Formatter<'_>, index: &Option<String>| match index {
            Some(index) => write!(f, "index `{index}`: "),
            None => Ok(()),
        };
        match self {
            SchemaDifference::HashKey {
                index,
                model,
                table,
            } => {
                index_prefix(f, index)?;
                write!(f, "hash key: {}", Sides(Some(model), table.as_ref()))
            }
            SchemaDifference::RangeKey {
                index,
                model,
                table,
            } => {
                index_prefix(f, index)?;
                write!(f, "range key: {}", Sides(model.as_ref(), table.as_ref()))
            }
            SchemaDifference::MissingIndex { index } => write!(f, "index `{index}`: missing"),
            SchemaDifference::ExtraIndex { index } => {
                write!(f, "index `{index}`: in the table, not in the model")
            }
            SchemaDifference::Projection {
                index,
                model,
                table,
            } => write!(
                f,
                "index `{index}`: projection: model {model}, table {table}"
            ),
            SchemaDifference::Ttl { model, table } => {
                let model = model.as_deref().map(Quoted);
                match table.as_deref().map(Quoted) {
                    Some(table) => write!(f, "TTL: {}", Sides(model.as_ref(), Some(&table))),
                    None => match model {
                        Some(model) => write!(f, "TTL: model {model}, table disabled"),
                        None => f.write_str("TTL: model none, table disabled"),
                    },
                }
            }
        }
    }
}

/// Schema differences joined by `; `.
struct Differences<'a>(&'a [SchemaDifference]);

impl fmt::Display for Differences<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, difference) in self.0.iter().enumerate() {
            let separator = if position == 0 { "" } else { "; " };
            write!(f, "{separator}{difference}")?;
        }
        Ok(())
    }
}

/// A transaction's reasons as `[0] ConditionalCheckFailed, [1] none`.
struct Reasons<'a>(&'a [CancellationReason]);

impl fmt::Display for Reasons<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("DynamoDB gave no reasons");
        }
        for (position, reason) in self.0.iter().enumerate() {
            let separator = if position == 0 { "" } else { ", " };
            write!(f, "{separator}[{position}] {reason}")?;
        }
        Ok(())
    }
}

/// An error and its sources, each by its `Display`, joined by `: `. (The SDK's own
/// `DisplayErrorContext` appends the error's `Debug`, which holds the raw HTTP response and so
/// possibly items.)
struct Causes<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut error = Some(self.0);
        let mut first = true;
        while let Some(current) = error {
            if !first {
                f.write_str(": ")?;
            }
            write!(f, "{current}")?;
            first = false;
            error = current.source();
        }
        Ok(())
    }
}

/// The variant and its message, nothing more: the SDK's own `Debug` shows the raw HTTP response,
/// whose body may hold items.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let variant = match self {
            Error::ConditionalCheckFailed { .. } => "ConditionalCheckFailed",
            Error::TransactionCanceled { .. } => "TransactionCanceled",
            Error::ResourceNotFound { .. } => "ResourceNotFound",
            Error::Throttled { .. } => "Throttled",
            Error::Validation { .. } => "Validation",
            Error::Encode { .. } => "Encode",
            Error::Decode { .. } => "Decode",
            Error::DecodeAfterWrite { .. } => "DecodeAfterWrite",
            Error::Unprocessed { .. } => "Unprocessed",
            Error::InvalidRequest { .. } => "InvalidRequest",
            Error::SchemaMismatch { .. } => "SchemaMismatch",
            Error::Sdk { .. } => "Sdk",
        };
        f.debug_tuple(variant)
            .field(&format_args!("{self}"))
            .finish()
    }
}

impl Error {
    /// The operation and table of the failed request.
    ///
    /// ```
    /// # use aiodynamo::{Error, Operation, Origin};
    /// let error = Error::InvalidRequest {
    ///     origin: Origin::new(Operation::UpdateItem, "users"),
    ///     message: "no actions".into(),
    /// };
    /// assert_eq!(error.origin().table(), Some("users"));
    /// ```
    pub fn origin(&self) -> &Origin {
        match self {
            Error::ConditionalCheckFailed { origin, .. }
            | Error::TransactionCanceled { origin, .. }
            | Error::ResourceNotFound { origin, .. }
            | Error::Throttled { origin, .. }
            | Error::Validation { origin, .. }
            | Error::Encode { origin, .. }
            | Error::Decode { origin, .. }
            | Error::DecodeAfterWrite { origin, .. }
            | Error::Unprocessed { origin, .. }
            | Error::InvalidRequest { origin, .. }
            | Error::SchemaMismatch { origin, .. }
            | Error::Sdk { origin, .. } => origin,
        }
    }

    /// Whether the request took effect although it failed (what it returned did not decode):
    /// retrying it would apply it twice.
    ///
    /// ```
    /// # use aiodynamo::{Error, Operation, Origin};
    /// let error = Error::Throttled {
    ///     origin: Origin::new(Operation::PutItem, "users"),
    ///     message: String::new(),
    /// };
    /// assert!(!error.was_applied());
    /// ```
    pub fn was_applied(&self) -> bool {
        matches!(self, Error::DecodeAfterWrite { .. })
    }

    /// The item a failed condition returned, values included: `None` for other errors and when
    /// DynamoDB returned no item. [`old_item`](Error::old_item) decodes it as a model.
    ///
    /// ```
    /// # use aiodynamo::{Error, Operation, Origin};
    /// let error = Error::ConditionalCheckFailed {
    ///     origin: Origin::new(Operation::PutItem, "users"),
    ///     item: None,
    /// };
    /// assert!(error.stored_item().is_none());
    /// ```
    pub fn stored_item(&self) -> Option<&StoredItem> {
        match self {
            Error::ConditionalCheckFailed { item, .. } => item.as_ref(),
            _ => None,
        }
    }
}

/// A value that cannot be stored in DynamoDB: where, and why.
///
/// ```
/// let error = aiodynamo::codec::to_attribute(&f64::NAN).unwrap_err();
/// assert_eq!(error.to_string(), "cannot encode NaN: DynamoDB numbers are finite");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError(Box<Problem>);

/// Where and what went wrong, for [`EncodeError`] and [`DecodeError`]. Boxed there: the codec
/// returns a `Result` from every value it visits, and a one-pointer error keeps those small.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    path: AttributePath,
    message: String,
}

impl Problem {
    fn boxed(message: impl Into<String>) -> Box<Problem> {
        Box::new(Problem {
            path: AttributePath::default(),
            message: message.into(),
        })
    }
}

impl EncodeError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        EncodeError(Problem::boxed(message))
    }

    pub(crate) fn at(mut self, segment: Segment) -> Self {
        self.0.path.push_front(segment);
        self
    }

    /// The attribute that could not be encoded.
    ///
    /// ```
    /// let error = aiodynamo::codec::to_attribute(&vec![1.0, f64::NAN]).unwrap_err();
    /// assert_eq!(error.path().to_string(), "[1]");
    /// ```
    pub fn path(&self) -> &AttributePath {
        &self.0.path
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Problem { path, message } = &*self.0;
        if path.is_root() {
            write!(f, "cannot encode {message}")
        } else {
            write!(f, "cannot encode {path}: {message}")
        }
    }
}

impl std::error::Error for EncodeError {}

impl serde::ser::Error for EncodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        EncodeError::new(message.to_string())
    }
}

/// An attribute that does not fit the model: where, what was expected and what was found.
///
/// ```
/// use aiodynamo::codec::from_attribute;
/// use aws_sdk_dynamodb::types::AttributeValue;
/// let error = from_attribute::<u32>(AttributeValue::S("nine".into())).unwrap_err();
/// assert_eq!(error.to_string(), "expected number (N), found string (S)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Problem>);

impl DecodeError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        DecodeError(Problem::boxed(message))
    }

    pub(crate) fn mismatch(expected: impl fmt::Display, found: impl fmt::Display) -> Self {
        DecodeError::new(format!("expected {expected}, found {found}"))
    }

    pub(crate) fn at(mut self, segment: Segment) -> Self {
        self.0.path.push_front(segment);
        self
    }

    /// The attribute that could not be decoded (empty for the item itself).
    ///
    /// ```
    /// use aiodynamo::sdk::types::AttributeValue;
    /// let list = AttributeValue::L(vec![AttributeValue::N("1".into()), AttributeValue::S("two".into())]);
    /// let error = aiodynamo::codec::from_attribute::<Vec<u32>>(list).unwrap_err();
    /// assert_eq!(error.path().to_string(), "[1]");
    /// ```
    pub fn path(&self) -> &AttributePath {
        &self.0.path
    }

    /// What was wrong, without the path.
    ///
    /// ```
    /// use aiodynamo::sdk::types::AttributeValue;
    /// let error = aiodynamo::codec::from_attribute::<bool>(AttributeValue::S("yes".into())).unwrap_err();
    /// assert_eq!(error.message(), "expected boolean (BOOL), found string (S)");
    /// ```
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Problem { path, message } = &*self.0;
        if path.is_root() {
            f.write_str(message)
        } else {
            write!(f, "{path}: {message}")
        }
    }
}

impl std::error::Error for DecodeError {}

impl serde::de::Error for DecodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        DecodeError::new(message.to_string())
    }

    // serde's own messages for these quote the value found (`invalid type: string "123-45-6789"`):
    // stored values are user data, so only their kind is named.
    fn invalid_type(
        unexpected: serde::de::Unexpected<'_>,
        expected: &dyn serde::de::Expected,
    ) -> Self {
        DecodeError::new(format!(
            "invalid type: {}, expected {expected}",
            kind(unexpected)
        ))
    }

    fn invalid_value(
        unexpected: serde::de::Unexpected<'_>,
        expected: &dyn serde::de::Expected,
    ) -> Self {
        DecodeError::new(format!(
            "invalid value: {}, expected {expected}",
            kind(unexpected)
        ))
    }

    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        DecodeError::new(format!(
            "unknown variant, expected one of: {}",
            expected.join(", ")
        ))
    }

    fn missing_field(field: &'static str) -> Self {
        DecodeError::new("missing attribute").at(Segment::Name(field.into()))
    }
}

/// What kind of value serde found, without the value.
fn kind(unexpected: serde::de::Unexpected<'_>) -> &'static str {
    use serde::de::Unexpected;
    match unexpected {
        Unexpected::Bool(_) => "a boolean",
        Unexpected::Unsigned(_) | Unexpected::Signed(_) => "an integer",
        Unexpected::Float(_) => "a float",
        Unexpected::Char(_) => "a character",
        Unexpected::Str(_) => "a string",
        Unexpected::Bytes(_) => "bytes",
        Unexpected::Unit => "null",
        Unexpected::Option => "an optional value",
        Unexpected::NewtypeStruct => "a newtype struct",
        Unexpected::Seq => "a sequence",
        Unexpected::Map => "a map",
        Unexpected::Enum => "an enum",
        Unexpected::UnitVariant => "a unit variant",
        Unexpected::NewtypeVariant => "a newtype variant",
        Unexpected::TupleVariant => "a tuple variant",
        Unexpected::StructVariant => "a struct variant",
        Unexpected::Other(_) => "another value",
    }
}
