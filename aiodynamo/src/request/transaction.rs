//! TransactWriteItems and TransactGetItems: a transaction's prepared items as one request.

use crate::limits::Keys;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_get_items::TransactGetItemsError;
use aws_sdk_dynamodb::operation::transact_get_items::builders::TransactGetItemsInputBuilder;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::transact_write_items::builders::TransactWriteItemsInputBuilder;
use aws_sdk_dynamodb::types::{self, ReturnConsumedCapacity, TransactGetItem, TransactWriteItem};

use super::{Call, Parts, Prepared, Single, Standalone, record_answer, sealed};
use crate::error::{CancellationReason, Error, Operation};
use crate::expression::Rendered;
use crate::item::{RawItem, StoredItem};

/// TransactWriteItems: up to 100 writes and condition checks, applied all or none. A
/// [`WriteTransaction`](crate::WriteTransaction) prepares into one.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// let prepared: aiodynamo::Prepared<aiodynamo::request::TransactWriteItems> = db
///     .transact_write()
///     .push(db.update(User::key("u1"), [attr!(User, logins).add(1)]))
///     .prepare()?;
/// assert_eq!(prepared.len(), 1);
/// assert_eq!(prepared.client_request_token().len(), 32); // random: none was set
/// let input = prepared.into_input(); // the SDK's input, to send with `send_with(&client)`
/// # let _ = input;
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub enum TransactWriteItems {}
/// TransactGetItems: up to 100 reads, as of one moment. A
/// [`GetTransaction`](crate::GetTransaction) sends one.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let users: Vec<Option<User>> = db.transact_get([User::key("u1")]).send().await?;
/// # Ok(()) }
/// ```
pub enum TransactGetItems {}

impl sealed::Sealed for TransactWriteItems {}
impl sealed::Sealed for TransactGetItems {}

/// What a write transaction sends: its items, and its client request token.
#[doc(hidden)]
pub struct WriteSettings {
    pub(crate) items: Vec<TransactWriteItem>,
    pub(crate) token: String,
}

impl Prepared<TransactWriteItems> {
    /// A write transaction of prepared items; `tables` names every table they write (for the
    /// span and errors).
    pub(crate) fn transact_write(
        tables: &[String],
        items: Vec<TransactWriteItem>,
        token: String,
    ) -> Result<Self, Error> {
        transaction(tables, WriteSettings { items, token })
    }

    /// The client request token the transaction is sent with (see [`TransactWriteItems`] for an
    /// example).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let prepared = db.transact_write().push(db.delete(User::key("u1"))).prepare()?;
    /// assert!(!prepared.client_request_token().is_empty()); // a random one, none being set
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn client_request_token(&self) -> &str {
        &self.parts.settings.token
    }

    /// How many items the transaction holds.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let prepared = db.transact_write().push(db.delete(User::key("u1"))).prepare()?;
    /// assert_eq!(prepared.len(), 1);
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.parts.settings.items.len()
    }

    /// Whether the transaction holds no item.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let prepared = db.transact_write().push(db.delete(User::key("u1"))).prepare()?;
    /// assert!(!prepared.is_empty());
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.parts.settings.items.is_empty()
    }
}

impl Prepared<TransactGetItems> {
    /// A read transaction of prepared gets; `tables` names every table they read.
    pub(crate) fn transact_get(
        tables: &[String],
        items: Vec<TransactGetItem>,
    ) -> Result<Self, Error> {
        transaction(tables, items)
    }
}

/// A transaction as one prepared request: no item or expressions of its own (its items carry
/// theirs); `tables` names every table it touches, for the span and errors.
fn transaction<Op: Single>(tables: &[String], items: Op::Settings) -> Result<Prepared<Op>, Error> {
    Prepared::new(
        tables.join(","),
        Ok(RawItem::new()),
        Keys::NONE,
        || Ok(Rendered::default()),
        items,
    )
}

impl Call for TransactWriteItems {
    const OPERATION: Operation = Operation::TransactWriteItems;
    type Input = TransactWriteItemsInputBuilder;
}

/// A transaction is prepared as one request: its items are its settings.
impl Single for TransactWriteItems {
    type Settings = WriteSettings;

    fn input(parts: Parts<Self>) -> TransactWriteItemsInputBuilder {
        let WriteSettings { items, token } = parts.settings;
        TransactWriteItemsInputBuilder::default()
            .set_transact_items(Some(items))
            .client_request_token(token)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
    }
}

/// The reasons of a `TransactionCanceledException`, in the request's order.
fn reasons(reasons: Option<Vec<types::CancellationReason>>) -> Vec<CancellationReason> {
    reasons
        .unwrap_or_default()
        .into_iter()
        .map(|reason| {
            CancellationReason::new(
                reason.code,
                reason.message,
                reason.item.map(StoredItem::new),
            )
        })
        .collect()
}

impl Standalone for TransactWriteItems {
    type Output = ();
    type Error = TransactWriteItemsError;

    async fn send(
        input: TransactWriteItemsInputBuilder,
        client: &Client,
    ) -> Result<(), SdkError<TransactWriteItemsError>> {
        let items = input.get_transact_items().as_ref().map_or(0, Vec::len);
        let output = input.send_with(client).await?;
        record_answer(output.consumed_capacity.iter().flatten(), items);
        Ok(())
    }

    fn cancellation_reasons(error: TransactWriteItemsError) -> Vec<CancellationReason> {
        match error {
            TransactWriteItemsError::TransactionCanceledException(cancelled) => {
                reasons(cancelled.cancellation_reasons)
            }
            _ => Vec::new(),
        }
    }
}

impl Call for TransactGetItems {
    const OPERATION: Operation = Operation::TransactGetItems;
    type Input = TransactGetItemsInputBuilder;
}

impl Single for TransactGetItems {
    /// The gets, in the caller's order.
    type Settings = Vec<TransactGetItem>;

    fn input(parts: Parts<Self>) -> TransactGetItemsInputBuilder {
        TransactGetItemsInputBuilder::default()
            .set_transact_items(Some(parts.settings))
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
    }
}

impl Standalone for TransactGetItems {
    /// One item per get, in the request's order: `None` where there is no item.
    type Output = Vec<Option<RawItem>>;
    type Error = TransactGetItemsError;

    async fn send(
        input: TransactGetItemsInputBuilder,
        client: &Client,
    ) -> Result<Vec<Option<RawItem>>, SdkError<TransactGetItemsError>> {
        let output = input.send_with(client).await?;
        let items: Vec<Option<RawItem>> = output
            .responses
            .unwrap_or_default()
            .into_iter()
            .map(|response| response.item.filter(|item| !item.is_empty()))
            .collect();
        record_answer(
            output.consumed_capacity.iter().flatten(),
            items.iter().flatten().count(),
        );
        Ok(items)
    }

    fn cancellation_reasons(error: TransactGetItemsError) -> Vec<CancellationReason> {
        match error {
            TransactGetItemsError::TransactionCanceledException(cancelled) => {
                reasons(cancelled.cancellation_reasons)
            }
            _ => Vec::new(),
        }
    }
}
