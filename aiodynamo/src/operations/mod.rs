//! The requests: builders that end in `.send().await`, as the AWS SDK's do.

mod get;
mod table;
mod update;
mod write;

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::ReturnValue;

pub use get::{Full, Get, Projected};
pub use table::{CreateTable, DeleteTable};
pub use update::Update;
pub use write::{Delete, ItemDelete, ItemPut, ItemWrite, Put, Write};

use crate::codec::{RawItem, from_item};
use crate::error::EncodeError;
use crate::error::{Error, Operation, Origin};
use crate::expression::{Condition, Invalid, Projection, Rendered, UpdateAttr, render};
use crate::partial::{Lists, Partial};
use crate::path::RawPath;
use crate::{Db, Model};

/// A request ready for the SDK: its table, its item (or key) and its rendered expressions.
#[doc(hidden)]
pub struct Prepared {
    pub(crate) table: String,
    pub(crate) item: RawItem,
    pub(crate) rendered: Rendered,
    operation: Operation,
}

impl Prepared {
    /// Encodes and renders everything before a byte is sent: a request that cannot be sent
    /// fails here whole.
    pub(crate) fn new<M: Model>(
        db: &Db,
        operation: Operation,
        item: Result<RawItem, EncodeError>,
        expressions: Expressions<'_, M>,
    ) -> Result<Prepared, Error> {
        let table = db.table_name::<M>();
        let origin = || Origin::new(operation, &table);
        let item = item.map_err(|source| Error::Encode {
            origin: origin(),
            source,
        })?;
        let rendered = expressions
            .render()
            .map_err(|invalid| origin().invalid(invalid))?;
        Ok(Prepared {
            table,
            item,
            rendered,
            operation,
        })
    }

    pub(crate) fn origin(&self) -> Origin {
        Origin::new(self.operation, &self.table)
    }
}

/// The expressions of one request, for [`Prepared::new`] and the builders' `render()`.
pub(crate) struct Expressions<'a, M> {
    pub(crate) update: Option<&'a [UpdateAttr<M>]>,
    pub(crate) condition: Option<&'a Condition<M>>,
    pub(crate) projection: Option<&'a [Projection<M>]>,
}

impl<M> Expressions<'_, M> {
    fn render(&self) -> Result<Rendered, Invalid> {
        render(self.update, self.condition, self.projection)
    }

    /// A builder's `render()`: the expressions, or why they cannot be sent.
    pub(crate) fn rendered(&self, db: &Db, operation: Operation) -> Result<Rendered, Error>
    where
        M: Model,
    {
        self.render()
            .map_err(|invalid| Origin::new(operation, &db.table_name::<M>()).invalid(invalid))
    }
}

impl Origin {
    pub(crate) fn new(operation: Operation, table: &str) -> Self {
        Origin {
            operation,
            table: table.to_owned(),
        }
    }

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

/// The old item an operation's failed-condition error carries, where the operation has one.
pub(crate) trait OldItem {
    fn old_item(&self) -> Option<&RawItem> {
        None
    }
}

impl OldItem for PutItemError {
    fn old_item(&self) -> Option<&RawItem> {
        match self {
            PutItemError::ConditionalCheckFailedException(failed) => failed.item(),
            _ => None,
        }
    }
}

impl OldItem for DeleteItemError {
    fn old_item(&self) -> Option<&RawItem> {
        match self {
            DeleteItemError::ConditionalCheckFailedException(failed) => failed.item(),
            _ => None,
        }
    }
}

impl OldItem for UpdateItemError {
    fn old_item(&self) -> Option<&RawItem> {
        match self {
            UpdateItemError::ConditionalCheckFailedException(failed) => failed.item(),
            _ => None,
        }
    }
}

impl OldItem for aws_sdk_dynamodb::operation::get_item::GetItemError {}
impl OldItem for aws_sdk_dynamodb::operation::create_table::CreateTableError {}
impl OldItem for aws_sdk_dynamodb::operation::delete_table::DeleteTableError {}
impl OldItem for aws_sdk_dynamodb::operation::describe_table::DescribeTableError {}

/// Maps the SDK's error to ours by DynamoDB's error code.
pub(crate) fn sdk_error<E>(error: SdkError<E>, origin: Origin) -> Error
where
    E: ProvideErrorMetadata + OldItem + std::error::Error + Send + Sync + 'static,
{
    if let Some(service) = error.as_service_error() {
        let message = || service.message().unwrap_or_default().to_owned();
        match service.code() {
            Some("ConditionalCheckFailedException") => {
                let item = service
                    .old_item()
                    .filter(|item| !item.is_empty())
                    .cloned()
                    .map(Box::new);
                return Error::ConditionalCheckFailed { origin, item };
            }
            Some("ResourceNotFoundException") => {
                return Error::ResourceNotFound {
                    origin,
                    message: message(),
                };
            }
            Some(
                "ProvisionedThroughputExceededException"
                | "ThrottlingException"
                | "RequestLimitExceeded",
            ) => {
                return Error::Throttled {
                    origin,
                    message: message(),
                };
            }
            Some("ValidationException") => {
                return Error::Validation {
                    origin,
                    message: message(),
                };
            }
            _ => {}
        }
    }
    Error::Sdk {
        origin,
        source: Box::new(error),
    }
}

/// `ReturnValues` modes as types, so that what a request returns follows from the mode.
pub mod return_values {
    /// Nothing is returned (the default).
    #[derive(Debug, Clone, Copy, Default)]
    pub struct NoValues;
    /// The whole item as it was before the request: `Option<M>`.
    #[derive(Debug, Clone, Copy)]
    pub struct AllOld;
    /// The whole item as it is after the update: `Option<M>`.
    #[derive(Debug, Clone, Copy)]
    pub struct AllNew;
    /// The updated attributes as they were before: `Option<Partial<M>>`.
    #[derive(Debug, Clone, Copy)]
    pub struct UpdatedOld;
    /// The updated attributes as they are after: `Option<Partial<M>>`.
    #[derive(Debug, Clone, Copy)]
    pub struct UpdatedNew;
}

use return_values::{AllNew, AllOld, NoValues, UpdatedNew, UpdatedOld};

/// What a write returns: `ReturnValues::AllNew` and the others, each its own type.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let after: Option<User> = db
///     .update(User::key("u1"), [attr!(User, logins).add(1)])
///     .return_values(ReturnValues::AllNew)
///     .send()
///     .await?;
/// let changed: Option<Partial<User>> = db
///     .update(User::key("u1"), [attr!(User, logins).add(1)])
///     .return_values(ReturnValues::UpdatedNew)
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ReturnValues;

#[allow(non_upper_case_globals)]
impl ReturnValues {
    /// Return nothing (the default).
    pub const None: NoValues = NoValues;
    /// Return the whole item as it was.
    pub const AllOld: AllOld = AllOld;
    /// Return the whole item as it is after an update.
    pub const AllNew: AllNew = AllNew;
    /// Return the updated attributes as they were.
    pub const UpdatedOld: UpdatedOld = UpdatedOld;
    /// Return the updated attributes as they are after.
    pub const UpdatedNew: UpdatedNew = UpdatedNew;
}

/// A `ReturnValues` mode and what it makes a request return.
pub trait ReturnMode<M> {
    /// The mode on the wire.
    #[doc(hidden)]
    const VALUE: ReturnValue;
    /// What `send` returns.
    type Output;
    /// Decodes the returned attributes.
    #[doc(hidden)]
    fn output(returned: Returned<impl FnOnce() -> Vec<RawPath>>) -> Result<Self::Output, Error>;
}

/// What a write returned, with what a `Partial` of it needs: the request's origin, and the paths
/// it named (computed only when a `Partial` is made).
#[doc(hidden)]
pub struct Returned<P> {
    pub(crate) attributes: Option<RawItem>,
    pub(crate) origin: Origin,
    pub(crate) requested: P,
}

impl<P: FnOnce() -> Vec<RawPath>> Returned<P> {
    fn whole<M: Model>(self) -> Result<Option<M>, Error> {
        let Returned {
            attributes, origin, ..
        } = self;
        attributes
            .filter(|item| !item.is_empty())
            .map(from_item)
            .transpose()
            .map_err(|source| Error::Decode { origin, source })
    }

    fn partial<M>(self) -> Result<Option<Partial<M>>, Error> {
        let Returned {
            attributes,
            origin,
            requested,
        } = self;
        Ok(attributes
            .filter(|item| !item.is_empty())
            .map(|item| Partial::new(item, requested(), Lists::Updated, origin)))
    }
}

/// The modes a put or delete accepts: `None` and `AllOld`.
#[diagnostic::on_unimplemented(
    message = "put and delete return `ReturnValues::None` or `ReturnValues::AllOld` only",
    label = "DynamoDB's PutItem and DeleteItem return nothing or the old item"
)]
pub trait ItemReturnMode<M>: ReturnMode<M> {}
impl<M> ItemReturnMode<M> for NoValues {}
impl<M: Model> ItemReturnMode<M> for AllOld {}

impl<M> ReturnMode<M> for NoValues {
    const VALUE: ReturnValue = ReturnValue::None;
    type Output = ();
    fn output(_: Returned<impl FnOnce() -> Vec<RawPath>>) -> Result<(), Error> {
        Ok(())
    }
}

macro_rules! return_mode {
    ($mode:ident, $model:ident: $bound:path, $output:ty, $read:ident) => {
        impl<$model: $bound> ReturnMode<$model> for $mode {
            const VALUE: ReturnValue = ReturnValue::$mode;
            type Output = $output;
            fn output(returned: Returned<impl FnOnce() -> Vec<RawPath>>) -> Result<$output, Error> {
                returned.$read()
            }
        }
    };
}
return_mode!(AllOld, M: Model, Option<M>, whole);
return_mode!(AllNew, M: Model, Option<M>, whole);
return_mode!(UpdatedOld, M: Sized, Option<Partial<M>>, partial);
return_mode!(UpdatedNew, M: Sized, Option<Partial<M>>, partial);
