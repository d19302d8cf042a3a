//! `.idempotent()`: a put, update or delete sent as a one-item transaction with a client request
//! token, so that however often the SDK retries it (a response lost after DynamoDB applied the
//! request) it applies once.

use super::return_values::NoValues;
use super::write::{Write, WriteKind};
use crate::error::{CancellationCode, Error, Origin};
use crate::request::{Call, Standalone, TransactWrite, TransactWriteItems};
use crate::{Db, Model};

/// A [`Write`] sent as a one-item transaction with a client request token: sent again when its
/// answer may have been lost, it still applies once. Made by [`Write::idempotent`].
///
/// A failed condition is [`Error::ConditionalCheckFailed`] with the item as it stood, as for the
/// plain write. It costs twice the write capacity of the plain write (a transactional write).
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, login_count: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// db.update(User::key("u1"), [attr!(User, login_count).add(1)])
///     .idempotent()
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct Idempotent<W, M> {
    db: Db,
    write: Write<W, M, NoValues>,
}

/// Writes that can be sent idempotently: those returning nothing (a transaction returns no
/// attributes).
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// // Fine: returns nothing. With `.return_values(ReturnValues::AllOld)` it would not compile.
/// db.delete(User::key("u1")).idempotent().send().await?;
/// # Ok(()) }
/// ```
#[diagnostic::on_unimplemented(
    message = "an idempotent write returns nothing: `{Self}` is not `ReturnValues::None`",
    label = "`.idempotent()` sends the write as a transaction, which returns no attributes",
    note = "remove `.return_values(..)`, or send the write without `.idempotent()`"
)]
pub trait ReturnsNothing {}
impl ReturnsNothing for NoValues {}

impl<W, M, R> Write<W, M, R>
where
    W: WriteKind + TransactWrite + Standalone,
    M: Model,
{
    /// Sends this put, update or delete as a one-item transaction with a client request token,
    /// so the SDK's retries of a request whose response was lost never apply it twice (an `add`,
    /// an arithmetic update, an append or a create-only put would otherwise). Only with
    /// `ReturnValues::None`.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let user = User { user_id: "u1".into(), name: "Alice".into(), logins: 0 };
    /// // Create only, once, even if the SDK sends the request again.
    /// db.put(&user).condition(attr!(User, user_id).not_exists()).idempotent().send().await?;
    /// # Ok(()) }
    /// ```
    pub fn idempotent(self) -> Idempotent<W, M>
    where
        R: ReturnsNothing,
    {
        let write = self.returning::<NoValues>();
        Idempotent {
            db: write.db().clone(),
            write,
        }
    }
}

impl<W, M> Idempotent<W, M>
where
    W: WriteKind + TransactWrite + Standalone,
    M: Model,
{
    /// Sends the write. If the connection fails, times out or the answer is lost, the very same
    /// transaction (same token) is sent again under the `Db`'s retry policy: DynamoDB applies it
    /// once however often it arrives.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.update(User::key("u1"), [attr!(User, logins).add(1)]).idempotent().send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<(), Error> {
        let Idempotent { db, write } = self;
        let prepared = db.transact_write().push(write).prepare()?;
        let tables = prepared.table().to_owned();
        let origin = || Origin::new(TransactWriteItems::OPERATION, tables.clone());
        let sent = prepared
            .send_until_answered(db.client(), db.retry_policy(), origin)
            .await;
        match sent {
            // One item: its failed condition is the write's own.
            Err(Error::TransactionCanceled { origin, reasons })
                if reasons.len() == 1
                    && reasons[0].code() == Some(CancellationCode::ConditionalCheckFailed) =>
            {
                let item = reasons
                    .into_iter()
                    .next()
                    .and_then(|reason| reason.stored_item().cloned());
                Err(Error::ConditionalCheckFailed { origin, item })
            }
            other => other,
        }
    }
}
