//! The single-item operations: how each prepared request becomes the SDK's input, a transaction's
//! item or a batch's write request.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::delete_item::builders::DeleteItemInputBuilder;
use aws_sdk_dynamodb::operation::get_item::GetItemError;
use aws_sdk_dynamodb::operation::get_item::builders::GetItemInputBuilder;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::put_item::builders::PutItemInputBuilder;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemInputBuilder;
use aws_sdk_dynamodb::types::{
    self, DeleteRequest, PutRequest, ReturnConsumedCapacity, ReturnValue,
    ReturnValuesOnConditionCheckFailure, TransactGetItem, TransactWriteItem, WriteRequest,
};

use super::{Call, Parts, Prepared, Single, Standalone, non_empty, record_answer, sealed};
use crate::error::{Error, Operation, Origin};
use crate::expression::{Invalid, Rendered};
use crate::item::RawItem;

/// PutItem: write a whole item.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::{Call, PutItem};
/// let prepared: aiodynamo::Prepared<PutItem> = db.put(&User { user_id: "u1".into(), name: "Al".into(), logins: 0 }).prepare()?;
/// assert_eq!(<PutItem as Call>::OPERATION, aiodynamo::Operation::PutItem);
/// # let _ = prepared;
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub enum PutItem {}
/// GetItem: read one item by key.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::{Call, GetItem};
/// let prepared: aiodynamo::Prepared<GetItem> = db.get(User::key("u1")).prepare()?;
/// assert_eq!(<GetItem as Call>::OPERATION, aiodynamo::Operation::GetItem);
/// # let _ = prepared;
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub enum GetItem {}
/// UpdateItem: change attributes of one item.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::{Call, UpdateItem};
/// let prepared: aiodynamo::Prepared<UpdateItem> = db.update(User::key("u1"), [attr!(User, logins).add(1)]).prepare()?;
/// assert_eq!(<UpdateItem as Call>::OPERATION, aiodynamo::Operation::UpdateItem);
/// # let _ = prepared;
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub enum UpdateItem {}
/// DeleteItem: delete one item by key.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::{Call, DeleteItem};
/// let prepared: aiodynamo::Prepared<DeleteItem> = db.delete(User::key("u1")).prepare()?;
/// assert_eq!(<DeleteItem as Call>::OPERATION, aiodynamo::Operation::DeleteItem);
/// # let _ = prepared;
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub enum DeleteItem {}
/// A transaction's condition check on one item (DynamoDB has no such request on its own).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::{Call, ConditionCheck};
/// let prepared: aiodynamo::Prepared<ConditionCheck> = db.check(User::key("u1"), attr!(User, name).exists()).prepare()?;
/// assert_eq!(<ConditionCheck as Call>::OPERATION, aiodynamo::Operation::ConditionCheck);
/// # let _ = prepared;
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub enum ConditionCheck {}

impl sealed::Sealed for PutItem {}
impl sealed::Sealed for GetItem {}
impl sealed::Sealed for UpdateItem {}
impl sealed::Sealed for DeleteItem {}
impl sealed::Sealed for ConditionCheck {}

/// The failed-condition item is asked for whenever there is a condition: it costs nothing extra.
fn on_condition_failure(condition: &Option<String>) -> Option<ReturnValuesOnConditionCheckFailure> {
    condition
        .as_ref()
        .map(|_| ReturnValuesOnConditionCheckFailure::AllOld)
}

/// Sets what every conditional write shares on an SDK builder (the operations' inputs and their
/// transaction forms alike): table, key or item, condition and placeholder maps.
macro_rules! conditional_write {
    ($builder:expr, $parts:expr, $set_item:ident) => {{
        let Parts {
            table,
            item,
            expressions,
            ..
        } = $parts;
        let Rendered {
            update_expression,
            condition_expression,
            names,
            values,
            ..
        } = expressions;
        let builder = $builder
            .table_name(table)
            .$set_item(Some(item))
            .set_return_values_on_condition_check_failure(on_condition_failure(
                &condition_expression,
            ))
            .set_condition_expression(condition_expression)
            .set_expression_attribute_names(non_empty(names))
            .set_expression_attribute_values(non_empty(values));
        (builder, update_expression)
    }};
}

/// `Call`, `Standalone` and `TransactWrite` for PutItem, DeleteItem and UpdateItem: the same
/// mappings but for the SDK types, how the item is set, and an update's expression.
macro_rules! single_write {
    (
        $op:ident: $input:ident, $error:ident, $part:ident => $set_part:ident,
        $set_item:ident, $whole:literal $(, $set_update:ident)?
    ) => {
        impl Call for $op {
            const OPERATION: Operation = Operation::$op;
            type Input = $input;
        }

        impl Single for $op {
            type Settings = ReturnValue;
            const WHOLE_ITEM: bool = $whole;

            fn input(parts: Parts<Self>) -> $input {
                let return_values = parts.settings.clone();
                let (builder, _update) = conditional_write!($input::default(), parts, $set_item);
                $(let builder = builder.$set_update(_update);)?
                builder
                    .return_values(return_values)
                    .return_consumed_capacity(ReturnConsumedCapacity::Total)
            }
        }

        impl Standalone for $op {
            type Output = Option<RawItem>;
            type Error = $error;

            async fn send(input: $input, client: &Client) -> Result<Option<RawItem>, SdkError<$error>> {
                let output = input.send_with(client).await?;
                record_answer(&output.consumed_capacity, 1);
                Ok(output.attributes)
            }

            fn failed_condition_item(error: $error) -> Option<RawItem> {
                match error {
                    $error::ConditionalCheckFailedException(failed) => failed.item,
                    _ => None,
                }
            }
        }

        impl TransactWrite for $op {
            fn transact_item(parts: Parts<Self>) -> Result<TransactWriteItem, String> {
                returns_nothing(&parts.settings, TRANSACTION)?;
                let (builder, _update) = conditional_write!(types::$part::builder(), parts, $set_item);
                $(let builder = builder.$set_update(_update);)?
                Ok(TransactWriteItem::builder().$set_part(built(builder.build())?).build())
            }
        }
    };
}

single_write!(PutItem: PutItemInputBuilder, PutItemError, Put => put, set_item, true);
single_write!(DeleteItem: DeleteItemInputBuilder, DeleteItemError, Delete => delete, set_key, false);
single_write!(
    UpdateItem: UpdateItemInputBuilder, UpdateItemError, Update => update,
    set_key, false, set_update_expression
);

impl Call for GetItem {
    const OPERATION: Operation = Operation::GetItem;
    type Input = GetItemInputBuilder;
}

impl Single for GetItem {
    /// Whether the read is strongly consistent.
    type Settings = bool;

    fn input(parts: Parts<Self>) -> GetItemInputBuilder {
        let Parts {
            table,
            item,
            expressions,
            settings: consistent_read,
        } = parts;
        GetItemInputBuilder::default()
            .table_name(table)
            .set_key(Some(item))
            .consistent_read(consistent_read)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .set_projection_expression(expressions.projection_expression)
            .set_expression_attribute_names(non_empty(expressions.names))
    }
}

impl Standalone for GetItem {
    type Output = Option<RawItem>;
    type Error = GetItemError;

    async fn send(
        input: GetItemInputBuilder,
        client: &Client,
    ) -> Result<Option<RawItem>, SdkError<GetItemError>> {
        let output = input.send_with(client).await?;
        record_answer(
            &output.consumed_capacity,
            usize::from(output.item.is_some()),
        );
        Ok(output.item)
    }
}

impl Call for ConditionCheck {
    const OPERATION: Operation = Operation::ConditionCheck;
    type Input = types::builders::ConditionCheckBuilder;
}

impl Single for ConditionCheck {
    type Settings = ();

    fn input(parts: Parts<Self>) -> types::builders::ConditionCheckBuilder {
        conditional_write!(types::ConditionCheck::builder(), parts, set_key).0
    }
}

/// Writes that can be an item of a transaction (TransactWriteItems).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::{DeleteItem, TransactWrite};
/// fn transactional<W: TransactWrite>(prepared: aiodynamo::Prepared<W>) -> Result<aiodynamo::sdk::types::TransactWriteItem, aiodynamo::Error> {
///     prepared.into_transact_write_item()
/// }
/// let item = transactional::<DeleteItem>(db.delete(User::key("u1")).prepare()?)?;
/// assert!(item.delete().is_some());
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub trait TransactWrite: Single {
    /// The transaction item, or why the request cannot be one.
    #[doc(hidden)]
    fn transact_item(parts: Parts<Self>) -> Result<TransactWriteItem, String>;
}

/// Writes that can be a batch's write request (BatchWriteItem): puts and deletes without a
/// condition or returned values.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::{BatchWrite, PutItem};
/// fn batchable<W: BatchWrite>(prepared: aiodynamo::Prepared<W>) -> Result<aiodynamo::sdk::types::WriteRequest, aiodynamo::Error> {
///     prepared.into_write_request()
/// }
/// let put = db.put(&User { user_id: "u1".into(), name: "Al".into(), logins: 0 }).prepare()?;
/// assert!(batchable::<PutItem>(put)?.put_request().is_some());
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub trait BatchWrite: Single {
    /// The write request, or why the request cannot be one.
    #[doc(hidden)]
    fn write_request(
        item: RawItem,
        expressions: &Rendered,
        settings: &Self::Settings,
    ) -> Result<WriteRequest, String>;
}

/// A transaction returns no attributes: a request asking for them cannot be one of its items.
fn returns_nothing(return_values: &ReturnValue, part_of: &str) -> Result<(), String> {
    if *return_values == ReturnValue::None {
        Ok(())
    } else {
        Err(format!(
            "{part_of} returns no attributes: use `ReturnValues::None`"
        ))
    }
}

/// A batch write has no conditions.
fn unconditional(expressions: &Rendered) -> Result<(), String> {
    match expressions.condition_expression {
        None => Ok(()),
        Some(_) => Err("a batch write cannot carry a condition: use a transaction".into()),
    }
}

/// The SDK's builders check only what aiodynamo always sets; the error is kept all the same.
fn built<T>(built: Result<T, aws_sdk_dynamodb::error::BuildError>) -> Result<T, String> {
    built.map_err(|error| error.to_string())
}

const TRANSACTION: &str = "a transaction item";
const BATCH: &str = "a batch write";

impl TransactWrite for ConditionCheck {
    fn transact_item(parts: Parts<Self>) -> Result<TransactWriteItem, String> {
        let check = ConditionCheck::input(parts).build();
        Ok(TransactWriteItem::builder()
            .condition_check(built(check)?)
            .build())
    }
}

impl BatchWrite for PutItem {
    fn write_request(
        item: RawItem,
        expressions: &Rendered,
        settings: &ReturnValue,
    ) -> Result<WriteRequest, String> {
        returns_nothing(settings, BATCH)?;
        unconditional(expressions)?;
        let put = PutRequest::builder().set_item(Some(item)).build();
        Ok(WriteRequest::builder().put_request(built(put)?).build())
    }
}

impl BatchWrite for DeleteItem {
    fn write_request(
        item: RawItem,
        expressions: &Rendered,
        settings: &ReturnValue,
    ) -> Result<WriteRequest, String> {
        returns_nothing(settings, BATCH)?;
        unconditional(expressions)?;
        let delete = DeleteRequest::builder().set_key(Some(item)).build();
        Ok(WriteRequest::builder()
            .delete_request(built(delete)?)
            .build())
    }
}

impl<Op: TransactWrite> Prepared<Op> {
    /// This write as an item of the SDK's `TransactWriteItems`, its condition and placeholders
    /// included. A request that asks for returned values cannot be one.
    ///
    /// ```
    /// use aiodynamo::prelude::*;
    /// #[table("users", hash_key = "user_id")]
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct User { user_id: String, name: String }
    ///
    /// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
    /// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, name).exists()).prepare()?;
    /// let item = check.into_transact_write_item()?;
    /// assert!(item.condition_check().is_some());
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn into_transact_write_item(self) -> Result<TransactWriteItem, Error> {
        let origin = self.origin();
        Op::transact_item(self.parts).map_err(|message| origin.invalid(Invalid::Request(message)))
    }
}

impl Prepared<GetItem> {
    /// This read as an item of the SDK's `TransactGetItems`, its projection included (a
    /// transaction's reads are always strongly consistent, so `consistent_read` has no part).
    ///
    /// ```
    /// use aiodynamo::prelude::*;
    /// #[table("users", hash_key = "user_id")]
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct User { user_id: String, name: String }
    ///
    /// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
    /// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
    /// let get = db.get(User::key("u1")).projection([attr!(User, name).into()]).prepare()?;
    /// let item = get.into_transact_get_item()?;
    /// assert_eq!(item.get().and_then(|get| get.projection_expression()), Some("#n0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn into_transact_get_item(self) -> Result<TransactGetItem, Error> {
        let origin = self.origin();
        let Parts {
            table,
            item,
            expressions,
            ..
        } = self.parts;
        let get = types::Get::builder()
            .table_name(table)
            .set_key(Some(item))
            .set_projection_expression(expressions.projection_expression)
            .set_expression_attribute_names(non_empty(expressions.names))
            .build();
        let get = built(get).map_err(|message| origin.invalid(Invalid::Request(message)))?;
        Ok(TransactGetItem::builder().get(get).build())
    }
}

impl<Op: BatchWrite> Prepared<Op> {
    /// This put or delete as a write request of the SDK's `BatchWriteItem`. One with a condition
    /// or returned values cannot be one.
    ///
    /// ```
    /// use aiodynamo::prelude::*;
    /// #[table("users", hash_key = "user_id")]
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct User { user_id: String }
    ///
    /// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
    /// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
    /// let request = db.delete(User::key("u1")).prepare()?.into_write_request()?;
    /// assert!(request.delete_request().is_some());
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn into_write_request(self) -> Result<WriteRequest, Error> {
        self.into_table_and_write_request()
            .map(|(_, request)| request)
    }

    /// The write request and its table, which a batch groups requests by.
    pub(crate) fn into_table_and_write_request(self) -> Result<(String, WriteRequest), Error> {
        let Parts {
            table,
            item,
            expressions,
            settings,
        } = self.parts;
        match Op::write_request(item, &expressions, &settings) {
            Ok(request) => Ok((table, request)),
            Err(message) => {
                Err(Origin::new(Op::OPERATION, table).invalid(Invalid::Request(message)))
            }
        }
    }
}
