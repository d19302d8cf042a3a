//! Query and Scan: their SDK mappings, and the pager that follows `LastEvaluatedKey` one page
//! at a time.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::query::QueryError;
use aws_sdk_dynamodb::operation::query::builders::QueryInputBuilder;
use aws_sdk_dynamodb::operation::scan::ScanError;
use aws_sdk_dynamodb::operation::scan::builders::ScanInputBuilder;
use aws_sdk_dynamodb::types::{ConsumedCapacity, ReturnConsumedCapacity, Select};

use super::{
    Call, Parts, Prepared, Single, Standalone, call, non_empty, record_answer, sealed, span,
};
use crate::error::{Error, Operation, Origin};
use crate::item::RawItem;

/// Query: the items of one partition of a table or index.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::{Call, Query};
/// let prepared: aiodynamo::Prepared<Query> = db.query(Order::partition("c1")).prepare()?;
/// assert_eq!(<Query as Call>::OPERATION, aiodynamo::Operation::Query);
/// # let _ = prepared;
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub enum Query {}
/// Scan: every item of a table or index (or of one segment of it).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::request::{Call, Scan};
/// let prepared: aiodynamo::Prepared<Scan> = db.scan::<Order>().prepare()?;
/// assert_eq!(<Scan as Call>::OPERATION, aiodynamo::Operation::Scan);
/// # let _ = prepared;
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub enum Scan {}

impl sealed::Sealed for Query {}
impl sealed::Sealed for Scan {}

#[doc(hidden)]
/// What a query or scan takes besides its expressions; the start key and page size are set per
/// page.
#[derive(Debug, Clone, Default)]
pub struct ReadSettings {
    pub(crate) index: Option<&'static str>,
    pub(crate) consistent_read: bool,
    /// A query in descending sort-key order.
    pub(crate) descending: bool,
    /// `Select COUNT`: no items come back, only how many.
    pub(crate) count_only: bool,
    /// A scan's segment and total segments.
    pub(crate) segment: Option<(i32, i32)>,
}

#[doc(hidden)]
/// One page as DynamoDB returned it.
#[derive(Debug)]
pub struct RawPage {
    pub(crate) items: Vec<RawItem>,
    /// Where the next page starts; `None` after the last.
    pub(crate) next: Option<RawItem>,
    /// How many items matched (all of them, also with `Select COUNT`).
    pub(crate) count: u64,
    /// The read capacity the page consumed.
    pub(crate) consumed_capacity: Option<f64>,
}

fn capacity(consumed: Option<ConsumedCapacity>) -> Option<f64> {
    consumed.and_then(|consumed| consumed.capacity_units)
}

/// `Call`, `Standalone` and `Paged` for Query and Scan: the same mapping but for the SDK types
/// and what only one of them has (`$extra` sets it from the settings and expressions).
macro_rules! read_operation {
    ($op:ident: $input:ident, $error:ident, |$builder:ident, $settings:ident, $expressions:ident| $extra:expr) => {
        impl Call for $op {
            const OPERATION: Operation = Operation::$op;
            type Input = $input;
        }

        impl Single for $op {
            type Settings = ReadSettings;

            fn input(parts: Parts<Self>) -> $input {
                let Parts {
                    table,
                    expressions: $expressions,
                    settings: $settings,
                    ..
                } = parts;
                let $builder = $input::default()
                    .table_name(table)
                    .set_index_name($settings.index.map(str::to_owned))
                    .consistent_read($settings.consistent_read)
                    .set_select($settings.count_only.then_some(Select::Count))
                    .return_consumed_capacity(ReturnConsumedCapacity::Total)
                    .set_projection_expression($expressions.projection_expression.clone())
                    .set_filter_expression($expressions.filter_expression.clone());
                let $builder = $extra;
                $builder
                    .set_expression_attribute_names(non_empty($expressions.names))
                    .set_expression_attribute_values(non_empty($expressions.values))
            }
        }

        impl Standalone for $op {
            type Output = RawPage;
            type Error = $error;

            async fn send(input: $input, client: &Client) -> Result<RawPage, SdkError<$error>> {
                if let Some(index) = input.get_index_name() {
                    tracing::Span::current().record("index", index.as_str());
                }
                let output = input.send_with(client).await?;
                let count = u64::try_from(output.count).unwrap_or_default();
                record_answer(&output.consumed_capacity, count as usize);
                Ok(RawPage {
                    items: output.items.unwrap_or_default(),
                    next: output.last_evaluated_key.filter(|key| !key.is_empty()),
                    count,
                    consumed_capacity: capacity(output.consumed_capacity),
                })
            }
        }

        impl Paged for $op {
            fn page(input: &$input, start: Option<RawItem>, limit: Option<i32>) -> $input {
                input
                    .clone()
                    .set_exclusive_start_key(start)
                    .set_limit(limit)
            }
        }
    };
}

read_operation!(Query: QueryInputBuilder, QueryError, |builder, settings, expressions| builder
    .set_key_condition_expression(expressions.key_condition_expression.clone())
    .scan_index_forward(!settings.descending));
read_operation!(Scan: ScanInputBuilder, ScanError, |builder, settings, expressions| {
    let _ = &expressions;
    let (segment, total) = settings.segment.unzip();
    builder.set_segment(segment).set_total_segments(total)
});

/// Reads that come in pages: a request for the page after a start key.
///
/// ```
/// use aiodynamo::request::{Paged, Query, Scan};
/// fn paged<P: Paged>() {}
/// (paged::<Query>(), paged::<Scan>());
/// ```
pub trait Paged: Standalone<Output = RawPage> + Single {
    /// The input for the page after `start`, of at most `limit` items read.
    #[doc(hidden)]
    fn page(input: &Self::Input, start: Option<RawItem>, limit: Option<i32>) -> Self::Input;
}

#[doc(hidden)]
/// Reads a query's or scan's pages one at a time, each request starting after the last page's
/// `LastEvaluatedKey`: only one page is held at a time.
pub struct Pager<Op: Paged> {
    client: Client,
    table: String,
    input: Op::Input,
    start: Option<RawItem>,
    finished: bool,
}

impl<Op: Paged> Prepared<Op> {
    /// A pager over this request's pages, from `start` (a cursor's key) or the beginning.
    pub(crate) fn into_pager(self, client: Client, start: Option<RawItem>) -> Pager<Op> {
        let table = self.table().to_owned();
        Pager {
            client,
            table,
            input: Op::input(self.parts),
            start,
            finished: false,
        }
    }
}

impl<Op: Paged> Pager<Op> {
    /// The next page, of at most `limit` items read; `None` after the last.
    pub(crate) async fn next(&mut self, limit: Option<i32>) -> Option<Result<RawPage, Error>> {
        if self.finished {
            return None;
        }
        let input = Op::page(&self.input, self.start.take(), limit);
        let table = &self.table;
        let origin = || Origin::new(Op::OPERATION, table.clone());
        match call::<Op>(input, &self.client, span::<Op>(table), origin).await {
            Ok(page) => {
                self.start = page.next.clone();
                self.finished = page.next.is_none();
                Some(Ok(page))
            }
            Err(error) => {
                self.finished = true;
                Some(Err(error))
            }
        }
    }
}
