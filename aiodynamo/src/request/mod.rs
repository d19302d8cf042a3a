//! The one request shape. A builder's `prepare()` encodes, renders and checks everything (no I/O)
//! and gives a [`Prepared`] request; the builder's `send()` sends that: one span, the SDK call,
//! and the mapping of the SDK's errors. A prepared write also becomes a transaction's item or a
//! batch's write request, without being encoded again.
//!
//! ```
//! # use aiodynamo::prelude::*;
//! # #[table("users", hash_key = "user_id")]
//! # #[derive(serde::Serialize, serde::Deserialize)]
//! # struct User { user_id: String, name: String, logins: u64 }
//! # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
//! #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
//! let prepared = db.get(User::key("u1")).prepare()?; // a Prepared<GetItem>
//! assert_eq!(prepared.table(), "users");
//! let input = prepared.into_input(); // the SDK's GetItem input, to send yourself
//! # let _ = input;
//! # Ok::<(), aiodynamo::Error>(())
//! ```

mod batch;
mod item;
mod read;
mod retry;
mod transaction;

use std::future::Future;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::ConsumedCapacity;
use tracing::Instrument;

pub use batch::{BatchGetItem, BatchGotten, BatchWriteItem};
pub(crate) use batch::{Failed, batch_get, batch_write};
pub use item::{
    BatchWrite, ConditionCheck, DeleteItem, GetItem, PutItem, TransactWrite, UpdateItem,
};
pub use read::{Paged, Pager, Query, RawPage, ReadSettings, Scan};
pub use retry::RetryPolicy;
pub(crate) use retry::random_token;
pub use transaction::{TransactGetItems, TransactWriteItems};

use crate::error::{CancellationReason, Error, Operation, Origin};
use crate::expression::{Invalid, Rendered};
use crate::item::{RawItem, StoredItem};
use crate::limits::{self, Keys};

/// A request encoded, rendered and checked: nothing was sent. Made by a builder's `prepare()`.
///
/// `Op` is the DynamoDB operation it becomes ([`PutItem`], [`UpdateItem`], ...). A prepared
/// write also converts, as it is, into the SDK's transaction item or batch write request, for
/// calls aiodynamo does not make itself.
///
/// ```
/// use aiodynamo::prelude::*;
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, logins: u64 }
///
/// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
/// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
/// let prepared = db.update(User::key("u1"), [attr!(User, logins).add(1)]).prepare()?;
/// assert_eq!(prepared.table(), "users");
/// assert_eq!(prepared.expressions().update_expression.as_deref(), Some("ADD #n0 :v0"));
/// let item = prepared.into_transact_write_item()?; // for the SDK's TransactWriteItems
/// # let _ = item;
/// # Ok::<(), aiodynamo::Error>(())
/// ```
#[must_use = "a prepared request does nothing until it is sent"]
pub struct Prepared<Op: Single> {
    parts: Parts<Op>,
}

impl<Op: Single> Prepared<Op> {
    /// Builds the request from parts a builder encoded; `expressions` is the rendering, or why
    /// it failed. The item's key values (by `keys`) and a put's item size are checked here, for
    /// every operation alike.
    pub(crate) fn new(
        table: String,
        item: Result<RawItem, crate::EncodeError>,
        keys: Keys,
        expressions: impl FnOnce() -> Result<Rendered, Invalid>,
        settings: Op::Settings,
    ) -> Result<Self, Error> {
        let item = match item {
            Ok(item) => item,
            Err(source) => {
                let origin = Origin::new(Op::OPERATION, table);
                return Err(Error::Encode { origin, source });
            }
        };
        if let Err(message) = limits::check_item(&item, keys, Op::WHOLE_ITEM) {
            return Err(Origin::new(Op::OPERATION, table).invalid(Invalid::Request(message)));
        }
        match expressions() {
            Ok(expressions) => Ok(Prepared {
                parts: Parts {
                    table,
                    item,
                    expressions,
                    settings,
                },
            }),
            Err(invalid) => Err(Origin::new(Op::OPERATION, table).invalid(invalid)),
        }
    }

    /// The table the request goes to (with the `Db`'s prefix).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let prepared = db.with_table_prefix("test-").get(User::key("u1")).prepare()?;
    /// assert_eq!(prepared.table(), "test-users");
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn table(&self) -> &str {
        &self.parts.table
    }

    /// The item (for a put) or the key (for every other operation).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// use aiodynamo::sdk::types::AttributeValue;
    /// let prepared = db.delete(User::key("u1")).prepare()?;
    /// assert_eq!(prepared.item()["user_id"], AttributeValue::S("u1".into()));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn item(&self) -> &RawItem {
        &self.parts.item
    }

    /// The rendered expressions and their placeholder maps.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let prepared = db.delete(User::key("u1")).condition(attr!(User, logins).eq(0)).prepare()?;
    /// assert_eq!(prepared.expressions().condition_expression.as_deref(), Some("#n0 = :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn expressions(&self) -> &Rendered {
        &self.parts.expressions
    }

    /// The rendered expressions, consuming the request.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let rendered = db.get(User::key("u1")).projection(attr!(User, name)).prepare()?.into_expressions();
    /// assert_eq!(rendered.projection_expression.as_deref(), Some("#n0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn into_expressions(self) -> Rendered {
        self.parts.expressions
    }

    /// The SDK's input for this request, to send with `send_with(&client)`.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// // Send it with the SDK yourself, e.g. to read what aiodynamo does not return.
    /// let input = db.get(User::key("u1")).prepare()?.into_input();
    /// let output = input.send_with(db.client()).await.map_err(aiodynamo::sdk::Error::from);
    /// # let _ = output;
    /// # Ok(()) }
    /// ```
    pub fn into_input(self) -> Op::Input {
        Op::input(self.parts)
    }

    /// The request's origin, for its errors.
    fn origin(&self) -> Origin {
        Origin::new(Op::OPERATION, self.parts.table.clone())
    }

    /// Sends the request. The table name moves into the SDK's input, so an error's origin comes
    /// from `origin`, called only on failure.
    pub(crate) async fn send(
        self,
        client: &Client,
        origin: impl FnOnce() -> Origin,
    ) -> Result<Op::Output, Error>
    where
        Op: Standalone,
    {
        let span = span::<Op>(&self.parts.table);
        call::<Op>(Op::input(self.parts), client, span, origin).await
    }
}

/// A placeholder map as the SDK takes it: `None` when empty (DynamoDB rejects an empty map).
pub(crate) fn non_empty<V>(
    map: std::collections::HashMap<String, V>,
) -> Option<std::collections::HashMap<String, V>> {
    Some(map).filter(|map| !map.is_empty())
}

/// The span every request runs in: the operation and table (the index of a query or scan, and
/// once answered the capacity consumed and the items read or written, are recorded into it by the
/// operation's `send`). Never a value.
fn span<Op: Call>(table: &str) -> tracing::Span {
    tracing::debug_span!(
        "dynamodb",
        operation = %Op::OPERATION,
        table,
        index = tracing::field::Empty,
        consumed_capacity = tracing::field::Empty,
        items = tracing::field::Empty,
        attempts = tracing::field::Empty,
    )
}

/// Records an answer on the current request's span: the capacity units it consumed (summed over
/// tables and indexes) and how many items it read or wrote.
pub(crate) fn record_answer<'a>(
    consumed: impl IntoIterator<Item = &'a ConsumedCapacity>,
    items: usize,
) {
    let span = tracing::Span::current();
    let units: Option<f64> = consumed
        .into_iter()
        .filter_map(|consumed| consumed.capacity_units)
        .fold(None, |sum, units| Some(sum.unwrap_or(0.0) + units));
    if let Some(units) = units {
        span.record("consumed_capacity", units);
    }
    span.record("items", items as u64);
}

/// The one way every operation reaches DynamoDB: the SDK call in its span, and the SDK's error
/// mapped to ours.
async fn call<Op: Standalone>(
    input: Op::Input,
    client: &Client,
    span: tracing::Span,
    origin: impl FnOnce() -> Origin,
) -> Result<Op::Output, Error> {
    attempt::<Op>(input, client, span)
        .await
        .map_err(|error| map_error::<Op>(error, origin()))
}

/// One SDK call in its span.
async fn attempt<Op: Standalone>(
    input: Op::Input,
    client: &Client,
    span: tracing::Span,
) -> Result<Op::Output, SdkError<Op::Error>> {
    Op::send(input, client).instrument(span).await
}

/// Whether a request went unanswered: the connection failed, timed out, or the answer was lost.
/// DynamoDB may or may not have applied it.
fn unanswered<E>(error: &SdkError<E>) -> bool {
    matches!(
        error,
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_)
    )
}

fn map_error<Op: Standalone>(error: SdkError<Op::Error>, origin: Origin) -> Error {
    sdk_error(
        error,
        origin,
        Op::failed_condition_item,
        Op::cancellation_reasons,
    )
}

impl<Op: Single + Standalone> Prepared<Op>
where
    Op::Input: Clone,
{
    /// Sends the request, and sends the very same request again (under `policy`) when it may not
    /// have arrived: the connection failed, timed out or the response was unreadable. Only for
    /// requests DynamoDB applies once however often they arrive (a transaction with a client
    /// request token). The span records the attempts.
    pub(crate) async fn send_until_answered(
        self,
        client: &Client,
        policy: &RetryPolicy,
        origin: impl Fn() -> Origin,
    ) -> Result<Op::Output, Error> {
        let span = span::<Op>(&self.parts.table);
        let input = Op::input(self.parts);
        let attempts = policy.max_attempts.max(1);
        let mut retry = 1;
        loop {
            span.record("attempts", retry);
            match attempt::<Op>(input.clone(), client, span.clone()).await {
                Ok(output) => return Ok(output),
                Err(error) if unanswered(&error) && retry < attempts => {
                    tokio::time::sleep(policy.delay(retry)).await;
                    retry += 1;
                }
                Err(error) => return Err(map_error::<Op>(error, origin())),
            }
        }
    }
}

/// What an operation's SDK mapping takes: the prepared request, its table name owned. Named only
/// by the hidden [`Single`] mapping: internal.
#[doc(hidden)]
pub struct Parts<Op: Single> {
    pub(crate) table: String,
    pub(crate) item: RawItem,
    pub(crate) expressions: Rendered,
    pub(crate) settings: Op::Settings,
}

/// A DynamoDB operation: its name and the SDK's input for it. Sealed: implemented by
/// [`PutItem`], [`GetItem`], [`UpdateItem`], [`DeleteItem`], [`ConditionCheck`], [`Query`],
/// [`Scan`] and the batch operations.
///
/// ```
/// use aiodynamo::request::{Call, UpdateItem};
/// assert_eq!(<UpdateItem as Call>::OPERATION, aiodynamo::Operation::UpdateItem);
/// ```
pub trait Call: sealed::Sealed + Sized + 'static {
    /// The operation, for errors and tracing.
    ///
    /// ```
    /// use aiodynamo::request::{Call, GetItem};
    /// assert_eq!(GetItem::OPERATION.to_string(), "GetItem");
    /// ```
    const OPERATION: Operation;
    /// The SDK's input builder.
    type Input: Send + 'static;
}

/// An operation made from one [`Prepared`] request.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::Single;
/// // Every builder's `prepare()` gives a `Prepared<Op>` of a `Single` operation.
/// fn table_of<Op: Single>(prepared: &aiodynamo::Prepared<Op>) -> &str { prepared.table() }
/// assert_eq!(table_of(&db.get(User::key("u1")).prepare()?), "users");
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub trait Single: Call {
    /// What the operation takes besides table, item and expressions (return values, read
    /// consistency).
    type Settings;

    /// Whether the request's item is a whole item (a put's), whose size is checked, rather
    /// than a key.
    #[doc(hidden)]
    const WHOLE_ITEM: bool = false;

    /// The SDK's input for the request.
    #[doc(hidden)]
    fn input(parts: Parts<Self>) -> Self::Input;
}

/// An operation sent on its own (a condition check is only ever part of a transaction): how it
/// is sent, and what is read from the SDK's output and errors.
///
/// ```
/// use aiodynamo::request::{Standalone, PutItem, GetItem};
/// fn sent_alone<Op: Standalone>() {}
/// (sent_alone::<PutItem>(), sent_alone::<GetItem>());
/// // `sent_alone::<ConditionCheck>()` does not compile: a check is part of a transaction.
/// ```
pub trait Standalone: Call {
    /// What a sent request gives back (the item or returned attributes).
    type Output;
    /// The SDK's error for the operation.
    #[doc(hidden)]
    type Error: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static;

    /// Sends the input.
    #[doc(hidden)]
    fn send(
        input: Self::Input,
        client: &Client,
    ) -> impl Future<Output = Result<Self::Output, SdkError<Self::Error>>> + Send;

    /// The item as it stood, which a failed condition returns with the error.
    #[doc(hidden)]
    fn failed_condition_item(_error: Self::Error) -> Option<RawItem> {
        None
    }

    /// Why each item of a cancelled transaction failed, in the request's order.
    #[doc(hidden)]
    fn cancellation_reasons(_error: Self::Error) -> Vec<CancellationReason> {
        Vec::new()
    }
}

pub(crate) mod sealed {
    pub trait Sealed {}
}

impl Origin {
    /// The error for a request found invalid before sending.
    pub(crate) fn invalid(self, invalid: Invalid) -> Error {
        match invalid {
            Invalid::Encode(source) => Error::Encode {
                origin: self,
                source,
            },
            Invalid::Request(message) => Error::InvalidRequest {
                origin: self,
                message,
            },
        }
    }
}

/// Maps the SDK's error to ours by DynamoDB's error code; `failed_condition_item` and
/// `cancellation_reasons` read what a failed condition and a cancelled transaction carry.
pub(crate) fn sdk_error<E>(
    error: SdkError<E>,
    origin: Origin,
    failed_condition_item: impl FnOnce(E) -> Option<RawItem>,
    cancellation_reasons: impl FnOnce(E) -> Vec<CancellationReason>,
) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let Some(service) = error.as_service_error() else {
        return Error::Sdk {
            origin,
            source: Box::new(error),
        };
    };
    let message = service.message().unwrap_or_default().to_owned();
    match service.code() {
        Some("ConditionalCheckFailedException") => {
            let item = match error {
                SdkError::ServiceError(service) => failed_condition_item(service.into_err()),
                _ => None,
            };
            let item = item.filter(|item| !item.is_empty()).map(StoredItem::new);
            Error::ConditionalCheckFailed { origin, item }
        }
        Some("TransactionCanceledException") => {
            let reasons = match error {
                SdkError::ServiceError(service) => cancellation_reasons(service.into_err()),
                _ => Vec::new(),
            };
            Error::TransactionCanceled { origin, reasons }
        }
        Some("ResourceNotFoundException") => Error::ResourceNotFound { origin, message },
        Some(
            "ProvisionedThroughputExceededException"
            | "ThrottlingException"
            | "RequestLimitExceeded",
        ) => Error::Throttled { origin, message },
        Some("ValidationException") => Error::Validation { origin, message },
        _ => Error::Sdk {
            origin,
            source: Box::new(error),
        },
    }
}
