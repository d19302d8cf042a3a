//! BatchGetItem and BatchWriteItem: sent chunk by chunk by the batch engine (`operations::batch`),
//! each chunk through the one send path.

use std::collections::HashMap;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::client::customize::CustomizableOperation;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::batch_get_item::builders::BatchGetItemFluentBuilder;
use aws_sdk_dynamodb::operation::batch_get_item::{BatchGetItemError, BatchGetItemOutput};
use aws_sdk_dynamodb::operation::batch_write_item::builders::BatchWriteItemFluentBuilder;
use aws_sdk_dynamodb::operation::batch_write_item::{BatchWriteItemError, BatchWriteItemOutput};
use aws_sdk_dynamodb::types::{KeysAndAttributes, ReturnConsumedCapacity, WriteRequest};

use super::{Call, Standalone, attempt, map_error, record_answer, sealed, span, unanswered};
use crate::error::{Error, Operation, Origin};
use crate::item::RawItem;

/// BatchGetItem: up to 100 keys of any tables.
///
/// ```
/// use aiodynamo::request::{BatchGetItem, Call};
/// assert_eq!(<BatchGetItem as Call>::OPERATION.to_string(), "BatchGetItem");
/// ```
pub enum BatchGetItem {}
/// BatchWriteItem: up to 25 puts and deletes of any tables.
///
/// ```
/// use aiodynamo::request::{BatchWriteItem, Call};
/// assert_eq!(<BatchWriteItem as Call>::OPERATION.to_string(), "BatchWriteItem");
/// ```
pub enum BatchWriteItem {}

impl sealed::Sealed for BatchGetItem {}
impl sealed::Sealed for BatchWriteItem {}

#[doc(hidden)]
/// What one BatchGetItem returned: the items found, by table, and the keys left unread.
#[derive(Debug, Default)]
pub struct BatchGotten {
    pub(crate) items: HashMap<String, Vec<RawItem>>,
    pub(crate) unprocessed: HashMap<String, KeysAndAttributes>,
}

/// A batch request, sent once by the SDK (the batch engine retries it).
type Customized<Output, Error, Builder> = CustomizableOperation<Output, Error, Builder>;

impl Call for BatchGetItem {
    const OPERATION: Operation = Operation::BatchGetItem;
    type Input = Customized<BatchGetItemOutput, BatchGetItemError, BatchGetItemFluentBuilder>;
}

impl Standalone for BatchGetItem {
    type Output = BatchGotten;
    type Error = BatchGetItemError;

    async fn send(
        input: Self::Input,
        _client: &Client,
    ) -> Result<BatchGotten, SdkError<BatchGetItemError>> {
        let output = input.send().await?;
        let read = output
            .responses
            .iter()
            .flatten()
            .map(|(_, items)| items.len())
            .sum();
        record_answer(output.consumed_capacity.iter().flatten(), read);
        Ok(BatchGotten {
            items: output.responses.unwrap_or_default(),
            unprocessed: output.unprocessed_keys.unwrap_or_default(),
        })
    }
}

impl Call for BatchWriteItem {
    const OPERATION: Operation = Operation::BatchWriteItem;
    type Input = Customized<BatchWriteItemOutput, BatchWriteItemError, BatchWriteItemFluentBuilder>;
}

impl Standalone for BatchWriteItem {
    /// The write requests left unwritten, by table.
    type Output = HashMap<String, Vec<WriteRequest>>;
    type Error = BatchWriteItemError;

    async fn send(
        input: Self::Input,
        _client: &Client,
    ) -> Result<HashMap<String, Vec<WriteRequest>>, SdkError<BatchWriteItemError>> {
        let output = input.send().await?;
        let left = output.unprocessed_items.unwrap_or_default();
        // What was written is recorded by `batch_write`, which knows what it sent.
        record_answer(output.consumed_capacity.iter().flatten(), 0);
        Ok(left)
    }
}

/// No retries by the SDK: the batch engine's rounds retry a failed request (with what was left
/// unprocessed), so `RetryPolicy::max_attempts` counts every attempt once.
fn without_sdk_retries() -> aws_sdk_dynamodb::config::Builder {
    aws_sdk_dynamodb::config::Builder::default().retry_config(RetryConfig::disabled())
}

/// A batch request that failed, and whether the very same request may go again: it went
/// unanswered, was throttled or met a server error. Batch reads and writes are idempotent, so sending one again is
/// safe.
pub(crate) struct Failed {
    pub error: Error,
    pub again: bool,
}

impl From<Error> for Failed {
    fn from(error: Error) -> Self {
        Failed {
            error,
            again: false,
        }
    }
}

/// One batch request through the one send path, its failure told apart.
async fn send<Op: Standalone>(
    input: Op::Input,
    client: &Client,
    span: tracing::Span,
    origin: impl FnOnce() -> Origin,
) -> Result<Op::Output, Failed> {
    attempt::<Op>(input, client, span).await.map_err(|error| {
        let passing = unanswered(&error)
            || error
                .raw_response()
                .is_some_and(|response| response.status().is_server_error());
        let error = map_error::<Op>(error, origin());
        let again = passing || matches!(error, Error::Throttled { .. });
        Failed { error, again }
    })
}

/// Reads up to 100 keys (`request` by table); errors name `tables`.
pub(crate) async fn batch_get(
    client: &Client,
    request: HashMap<String, KeysAndAttributes>,
    tables: &[String],
) -> Result<BatchGotten, Failed> {
    let input = client
        .batch_get_item()
        .set_request_items(Some(request))
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .customize()
        .config_override(without_sdk_retries());
    let origin = || Origin::with_tables(Operation::BatchGetItem, tables.iter().cloned());
    send::<BatchGetItem>(
        input,
        client,
        span::<BatchGetItem>(&tables.join(",")),
        origin,
    )
    .await
}

/// Writes up to 25 requests (`request` by table); what is left unwritten.
pub(crate) async fn batch_write(
    client: &Client,
    request: HashMap<String, Vec<WriteRequest>>,
    tables: &[String],
) -> Result<HashMap<String, Vec<WriteRequest>>, Failed> {
    let sent = request.values().map(Vec::len).sum::<usize>();
    let input = client
        .batch_write_item()
        .set_request_items(Some(request))
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .customize()
        .config_override(without_sdk_retries());
    let origin = || Origin::with_tables(Operation::BatchWriteItem, tables.iter().cloned());
    let span = span::<BatchWriteItem>(&tables.join(","));
    let left = send::<BatchWriteItem>(input, client, span.clone(), origin).await?;
    let unwritten: usize = left.values().map(Vec::len).sum();
    span.record("items", sent.saturating_sub(unwritten) as u64);
    Ok(left)
}
