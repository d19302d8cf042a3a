//! Query and Scan: typed builders over the request pipeline, ending in one page, a stream of
//! pages or of items, every item, the first, or a count.

mod cursor;

use crate::limits::Keys;
use std::marker::PhantomData;
use std::sync::Arc;

use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};

pub use cursor::{Cursor, InvalidCursor};

use crate::Db;
use crate::attribute_path::AttributePath;
use crate::error::{Error, Origin};
use crate::expression::{
    Condition, Expressions, IntoProjection, KeyCondition, Projection, Rendered,
};
use crate::index::{ConsistentRead, Index, ReadItem, SecondaryIndex, key_attributes};
use crate::item::RawItem;
use crate::model::{KeySchema, Model};
use crate::partial::Partial;
use crate::request::{self, Paged, Pager, Prepared, RawPage, ReadSettings, Single};

/// Reads one partition of a table or index, in sort-key order. Made by [`Db::query`].
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String, total: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// use futures::TryStreamExt;
/// let big: Vec<Order> = db
///     .query(Order::partition("c1").range_begins_with("2024-"))
///     .filter(attr!(Order, total).gt(100))
///     .descending()
///     .all()
///     .await?;
/// let mut stream = db.query(Order::partition("c1")).limit(50).stream();
/// while let Some(order) = stream.try_next().await? { /* .. */ }
/// # Ok(()) }
/// ```
pub type Query<I, T = <I as Index>::Item> = Read<request::Query, I, T>;

/// Reads every item of a table or index, or one segment of it. Made by [`Db::scan`].
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let idle: Vec<User> = db.scan::<User>().filter(attr!(User, logins).eq(0)).segments(4).all().await?;
/// let how_many: u64 = db.scan::<User>().count().await?;
/// # Ok(()) }
/// ```
pub type Scan<I, T = <I as Index>::Item> = Read<request::Scan, I, T>;

/// One page of a query or scan.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let page: aiodynamo::Page<Order> = db.query(Order::partition("c1")).page_size(10).send().await?;
/// println!("{} orders, {:?} capacity units", page.items.len(), page.consumed_capacity);
/// if let Some(cursor) = page.cursor {
///     let next = db.query(Order::partition("c1")).page_size(10).start_after(cursor).send().await?;
///     # let _ = next;
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items, in the order DynamoDB returned them.
    pub items: Vec<T>,
    /// Where the next page starts; `None` after the last page (and for pages of a scan of
    /// several segments at once).
    pub cursor: Option<Cursor>,
    /// The read capacity units the page consumed, as DynamoDB reported them.
    pub consumed_capacity: Option<f64>,
}

/// A [`Query`] or [`Scan`] of the table or index `I`, yielding items of type `T`.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
/// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::{Query, Read};
/// // `Query<I>` and `Scan<I>` are `Read`s: they share every method but `descending` (a
/// // query's) and `index`, `segments` and `segment` (a scan's).
/// let query: Query<OrderTable> = db.query(Order::partition("c1")).filter(attr!(Order, total).gt(100));
/// let rendered = query.render()?;
/// assert_eq!(rendered.key_condition_expression.as_deref(), Some("#n0 = :v0"));
/// assert_eq!(rendered.filter_expression.as_deref(), Some("#n1 > :v1"));
/// # Ok::<(), aiodynamo::Error>(())
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct Read<K, I: Index, T> {
    db: Db,
    key: Option<KeyCondition<I, ()>>,
    filter: Option<Condition<I::Model>>,
    projection: Option<Vec<Projection<I::Model>>>,
    descending: bool,
    consistent_read: bool,
    page_size: Option<u32>,
    limit: Option<usize>,
    start: Option<Result<Cursor, InvalidCursor>>,
    segments: Segments,
    marker: PhantomData<fn() -> (K, T)>,
}

/// DynamoDB's most segments of one scan.
const MAX_SEGMENTS: u32 = 1_000_000;

/// Which part of a scan to read.
#[derive(Debug, Clone, Copy)]
enum Segments {
    Whole,
    One { segment: u32, total: u32 },
    Parallel(u32),
}

/// What `start_after` takes: a [`Cursor`], a reference to one, or its string (`&str`, `String`).
///
/// ```
/// use aiodynamo::IntoCursor;
/// assert!("not a cursor".into_cursor().is_err());
/// ```
pub trait IntoCursor {
    /// The cursor, or why the string is none.
    #[doc(hidden)]
    fn into_cursor(self) -> Result<Cursor, InvalidCursor>;
}

impl IntoCursor for Cursor {
    fn into_cursor(self) -> Result<Cursor, InvalidCursor> {
        Ok(self)
    }
}

impl IntoCursor for &Cursor {
    fn into_cursor(self) -> Result<Cursor, InvalidCursor> {
        Ok(self.clone())
    }
}

impl IntoCursor for &str {
    fn into_cursor(self) -> Result<Cursor, InvalidCursor> {
        self.parse()
    }
}

impl IntoCursor for String {
    fn into_cursor(self) -> Result<Cursor, InvalidCursor> {
        self.parse()
    }
}

impl IntoCursor for &String {
    fn into_cursor(self) -> Result<Cursor, InvalidCursor> {
        self.parse()
    }
}

impl<K, I: Index> Read<K, I, I::Item> {
    fn new(db: &Db, key: Option<KeyCondition<I, ()>>) -> Self {
        Read {
            db: db.clone(),
            key,
            filter: None,
            projection: None,
            descending: false,
            consistent_read: false,
            page_size: None,
            limit: None,
            start: None,
            segments: Segments::Whole,
            marker: PhantomData,
        }
    }
}

/// Everything the pages of one read share.
struct Context {
    operation: crate::Operation,
    table: String,
    /// The projection's paths (a `Partial` needs them), empty without one.
    requested: Vec<AttributePath>,
    /// The key attributes of an item, for a cursor after the last item kept.
    keys: Vec<KeySchema>,
    /// Items read per request (DynamoDB's `Limit`).
    page_size: Option<u32>,
    /// A filter drops items after they are read: then `Limit` cannot be what is left to return.
    filtered: bool,
}

impl Context {
    fn origin(&self) -> Origin {
        Origin::new(self.operation, self.table.clone())
    }

    /// DynamoDB's `Limit` for the next request, with `remaining` items still to return.
    fn request_limit(&self, remaining: Option<usize>) -> Option<i32> {
        let remaining = remaining.filter(|_| !self.filtered);
        let limit = match (self.page_size, remaining) {
            (Some(page), Some(left)) => Some(usize::min(page as usize, left)),
            (Some(page), None) => Some(page as usize),
            (None, left) => left,
        };
        limit.map(|limit| i32::try_from(limit).unwrap_or(i32::MAX))
    }

    /// The cursor after `item`: its key attributes.
    fn cursor_after(&self, item: &RawItem) -> Option<Cursor> {
        let key: Option<RawItem> = self
            .keys
            .iter()
            .map(|key| Some((key.name.to_owned(), item.get(key.name)?.clone())))
            .collect();
        key.map(Cursor::new)
    }
}

type PageStream<T> = BoxStream<'static, Result<Page<T>, Error>>;

/// A read ready to send: one prepared request per segment, the key to start after, and what
/// the pages share.
struct Plan<K: Single> {
    prepared: Vec<Prepared<K>>,
    start: Option<RawItem>,
    context: Context,
}

impl<K, I, T> Read<K, I, T>
where
    K: Paged<Settings = ReadSettings>,
    I: Index,
    T: ReadItem<I::Model> + Send + 'static,
{
    /// Keeps only the items for which `condition` holds (DynamoDB's filter: applied after the
    /// items are read, so they still cost read capacity). Given twice, both must hold.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db
    ///     .query(Order::partition("c1"))
    ///     .filter(attr!(Order, status).eq("open"))
    ///     .filter(attr!(Order, total).gt(100));
    /// assert_eq!(query.render()?.filter_expression.as_deref(), Some("#n1 = :v1 AND #n2 > :v2"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn filter(mut self, condition: Condition<I::Model>) -> Self {
        self.filter = Some(match self.filter {
            Some(current) => current & condition,
            None => condition,
        });
        self
    }

    /// Reads only these attributes (and the keys, for cursors); the items become `Partial`s.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let totals: Vec<Partial<Order>> = db
    ///     .query(Order::partition("c1"))
    ///     .projection(attr!(Order, total))
    ///     .all()
    ///     .await?;
    /// for order in &totals {
    ///     let total: Option<u64> = order.get(attr!(Order, total))?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn projection(self, paths: impl IntoProjection<I::Model>) -> Read<K, I, Partial<I::Model>> {
        Read {
            db: self.db,
            key: self.key,
            filter: self.filter,
            projection: Some(paths.into_projection()),
            descending: self.descending,
            consistent_read: self.consistent_read,
            page_size: self.page_size,
            limit: self.limit,
            start: self.start,
            segments: self.segments,
            marker: PhantomData,
        }
    }

    /// A strongly consistent read (twice the read capacity); tables and local secondary indexes
    /// only.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::partition("c1")).consistent_read(true);
    /// assert_eq!(query.prepare()?.into_input().get_consistent_read(), &Some(true));
    /// // `db.query(Order::BY_STATUS.partition("open")).consistent_read(true)` does not compile:
    /// // a global secondary index is read eventually consistent only.
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn consistent_read(mut self, consistent: bool) -> Self
    where
        I: ConsistentRead,
    {
        self.consistent_read = consistent;
        self
    }

    /// Items read per request (DynamoDB's `Limit`); DynamoDB also stops a page at 1 MB.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let page = db.scan::<Order>().page_size(25).send().await?;
    /// assert!(page.items.len() <= 25);
    /// # Ok(()) }
    /// ```
    pub fn page_size(mut self, items: u32) -> Self {
        self.page_size = Some(items);
        self
    }

    /// Items returned in all, across pages: no page past the one that reaches it is read.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// // The 10 latest orders, however many pages that takes.
    /// let latest: Vec<Order> = db.query(Order::partition("c1")).descending().limit(10).all().await?;
    /// assert!(latest.len() <= 10);
    /// # Ok(()) }
    /// ```
    pub fn limit(mut self, items: usize) -> Self {
        self.limit = Some(items);
        self
    }

    /// Goes on after the page that returned `cursor` (a [`Cursor`] or its string). A string that
    /// is not a cursor, or a cursor of another table or index, is [`Error::InvalidRequest`]
    /// before anything is sent.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let first = db.query(Order::partition("c1")).page_size(20).send().await?;
    /// if let Some(cursor) = first.cursor {
    ///     let token = cursor.to_string(); // hand it to a client ...
    ///     // ... and take it back.
    ///     let second = db.query(Order::partition("c1")).page_size(20).start_after(&token).send().await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn start_after(mut self, cursor: impl IntoCursor) -> Self {
        self.start = Some(cursor.into_cursor());
        self
    }

    fn origin(&self) -> Origin {
        Origin::new(K::OPERATION, self.db.table_name::<I::Model>())
    }

    /// The request's settings; `count_only` for [`count`](Self::count).
    fn settings(&self, count_only: bool, segment: Option<(i32, i32)>) -> ReadSettings {
        ReadSettings {
            index: I::NAME,
            consistent_read: self.consistent_read,
            descending: self.descending,
            count_only,
            segment,
        }
    }

    /// The scan segments to read, each as `(segment, total)`, or `[None]` for a whole read.
    fn segment_list(&self) -> Result<Vec<Option<(i32, i32)>>, Error> {
        let invalid = |message: &str| {
            Err(Error::InvalidRequest {
                origin: self.origin(),
                message: message.into(),
            })
        };
        let int = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        match self.segments {
            Segments::Whole => Ok(vec![None]),
            Segments::One { total, .. } | Segments::Parallel(total) if total > MAX_SEGMENTS => {
                invalid("a scan has at most 1,000,000 segments")
            }
            Segments::One { segment, total } if total == 0 || segment >= total => {
                invalid("a scan segment must be below the number of segments")
            }
            Segments::One { segment, total } => Ok(vec![Some((int(segment), int(total)))]),
            Segments::Parallel(0) => invalid("a scan needs at least one segment"),
            Segments::Parallel(_) if self.start.is_some() => invalid(
                "a cursor continues one query or one scan segment, not several segments at once",
            ),
            Segments::Parallel(total) => Ok((0..total)
                .map(|segment| Some((int(segment), int(total))))
                .collect()),
        }
    }

    /// Renders and checks the request.
    fn plan(mut self, count_only: bool) -> Result<Plan<K>, Error> {
        let keys = key_attributes::<I>();
        let origin = self.origin();
        if self.page_size == Some(0) {
            return Err(Error::InvalidRequest {
                origin,
                message: "a page size of 0: DynamoDB reads at least one item per request".into(),
            });
        }
        let segments = self.segment_list()?;
        let start = match self.start.take() {
            None => None,
            Some(Err(invalid)) => {
                return Err(Error::InvalidRequest {
                    origin,
                    message: invalid.to_string(),
                });
            }
            Some(Ok(cursor)) => match cursor.check(&keys) {
                Ok(()) => Some(cursor.into_key()),
                Err(message) => return Err(Error::InvalidRequest { origin, message }),
            },
        };
        // A projection always reads the keys too, so a cursor can be made after any item.
        let projection: Option<Vec<Projection<I::Model>>> = match (&self.projection, count_only) {
            (Some(paths), false) => Some(
                paths
                    .iter()
                    .cloned()
                    .chain(
                        keys.iter()
                            .filter(|key| {
                                !paths
                                    .iter()
                                    .any(|path| path.path() == &AttributePath::from(key.name))
                            })
                            .map(|key| Projection::from_raw(AttributePath::from(key.name))),
                    )
                    .collect(),
            ),
            _ => None,
        };
        let requested = Projection::paths(self.projection.as_deref().unwrap_or_default());
        let filtered = self.filter.is_some();
        let mut key = self.key.take();
        let expressions = Expressions {
            key_condition: key.as_mut().map(|key| key as _),
            filter: self.filter.take(),
            projection: projection.as_deref(),
            ..Expressions::default()
        };
        let rendered: Rendered = expressions
            .render()
            .map_err(|invalid| origin.clone().invalid(invalid))?;
        let table = self.db.table_name::<I::Model>();
        let prepared = segments
            .into_iter()
            .map(|segment| {
                let rendered = rendered.clone();
                Prepared::new(
                    table.clone(),
                    Ok(RawItem::new()),
                    Keys::NONE,
                    || Ok(rendered),
                    self.settings(count_only, segment),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let context = Context {
            operation: K::OPERATION,
            table,
            requested,
            keys,
            page_size: self.page_size,
            filtered,
        };
        Ok(Plan {
            prepared,
            start,
            context,
        })
    }

    /// Encodes, renders and checks the request, sending nothing: the first request (of the first
    /// segment) as it would be sent.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let prepared = db.query(Order::BY_STATUS.partition("open")).prepare()?;
    /// let input = prepared.into_input(); // the SDK's Query builder
    /// assert_eq!(input.get_index_name().as_deref(), Some("by_status"));
    /// assert_eq!(input.get_key_condition_expression().as_deref(), Some("#n0 = :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn prepare(self) -> Result<Prepared<K>, Error> {
        let mut plan = self.plan(false)?;
        Ok(plan.prepared.swap_remove(0))
    }

    /// The expressions and placeholders this request would send.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db
    ///     .query(Order::partition("c1").range_between("2024-01", "2024-12"))
    ///     .projection(attr!(Order, total));
    /// let rendered = query.render()?;
    /// assert_eq!(rendered.key_condition_expression.as_deref(), Some("#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2"));
    /// // The keys are read too: a page's cursor is made of them.
    /// assert_eq!(rendered.projection_expression.as_deref(), Some("#n2, #n0, #n1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn render(&self) -> Result<Rendered, Error> {
        let copy = Read::<K, I, T> {
            db: self.db.clone(),
            key: self.key.clone(),
            filter: self.filter.clone(),
            projection: self.projection.clone(),
            descending: self.descending,
            consistent_read: self.consistent_read,
            page_size: self.page_size,
            limit: self.limit,
            start: self.start.clone(),
            segments: self.segments,
            marker: PhantomData,
        };
        copy.prepare().map(Prepared::into_expressions)
    }

    /// The pages, each read when the stream is polled: one page in memory at a time per
    /// segment. Follows DynamoDB's `LastEvaluatedKey` through pages a filter emptied, and stops
    /// at [`limit`](Self::limit).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// use futures::TryStreamExt;
    /// let mut pages = db.scan::<Order>().page_size(100).pages();
    /// while let Some(page) = pages.try_next().await? {
    ///     println!("{} items, {:?} units", page.items.len(), page.consumed_capacity);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
        let limit = self.limit;
        let client = self.db.client().clone();
        match self.plan(false) {
            Err(error) => stream::once(async { Err(error) }).boxed(),
            Ok(Plan {
                prepared,
                start,
                context,
            }) => {
                let context = Arc::new(context);
                let whole = prepared.len() == 1;
                let segments: Vec<PageStream<T>> = prepared
                    .into_iter()
                    .map(|prepared| {
                        let pager = prepared.into_pager(client.clone(), start.clone());
                        // Several segments share one limit, kept below where they merge.
                        let own_limit = if whole { limit } else { None };
                        segment_pages(pager, Arc::clone(&context), own_limit)
                    })
                    .collect();
                if whole {
                    segments
                        .into_iter()
                        .next()
                        .unwrap_or_else(|| stream::empty().boxed())
                } else {
                    merged(segments, limit)
                }
            }
        }
    }

    /// The items, page after page as the stream is polled; memory stays one page (per segment).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// use futures::TryStreamExt;
    /// let mut orders = db.query(Order::partition("c1")).stream();
    /// while let Some(order) = orders.try_next().await? {
    ///     println!("{}: {}", order.created_at, order.total);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// One page: the first, or the one after [`start_after`](Self::start_after)'s cursor.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let page = db.query(Order::partition("c1")).page_size(10).send().await?;
    /// let more = page.cursor.is_some();
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Page<T>, Error> {
        let empty = || Page {
            items: Vec::new(),
            cursor: None,
            consumed_capacity: None,
        };
        if matches!(self.segments, Segments::Parallel(_)) {
            return Box::pin(self.pages())
                .next()
                .await
                .unwrap_or_else(|| Ok(empty()));
        }
        let limit = self.limit;
        let client = self.db.client().clone();
        let Plan {
            prepared,
            start,
            context,
        } = self.plan(false)?;
        let Some(prepared) = prepared.into_iter().next().filter(|_| limit != Some(0)) else {
            return Ok(empty());
        };
        let mut pager = prepared.into_pager(client, start);
        match pager.next(context.request_limit(limit)).await {
            Some(page) => decode(page?, &context, limit).map(|(page, _)| page),
            None => Ok(empty()),
        }
    }

    /// Every item (up to [`limit`](Self::limit)), following every page.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let orders: Vec<Order> = db.query(Order::partition("c1").range_begins_with("2024-")).all().await?;
    /// # Ok(()) }
    /// ```
    pub async fn all(self) -> Result<Vec<T>, Error> {
        self.stream().try_collect().await
    }

    /// The first item, if any; reads no further than it.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let latest: Option<Order> = db.query(Order::partition("c1")).descending().first().await?;
    /// # Ok(()) }
    /// ```
    pub async fn first(self) -> Result<Option<T>, Error> {
        let mut items = Box::pin(self.limit(1).stream());
        items.try_next().await
    }

    /// How many items match (DynamoDB's `Select COUNT`: no item is returned or decoded), up to
    /// [`limit`](Self::limit).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let open: u64 = db.query(Order::BY_STATUS.partition("open")).count().await?;
    /// # Ok(()) }
    /// ```
    pub async fn count(self) -> Result<u64, Error> {
        let limit = self.limit.map(|limit| limit as u64);
        let client = self.db.client().clone();
        let Plan {
            prepared,
            start,
            context,
        } = self.plan(true)?;
        if limit == Some(0) {
            return Ok(0);
        }
        let mut total = 0u64;
        for prepared in prepared {
            let mut pager = prepared.into_pager(client.clone(), start.clone());
            while let Some(page) = pager.next(context.request_limit(None)).await {
                total += page?.count;
                if limit.is_some_and(|limit| total >= limit) {
                    return Ok(limit.unwrap_or(total));
                }
            }
        }
        Ok(total)
    }
}

/// The pages of one segment (or of the whole read), decoded, up to `limit` items.
fn segment_pages<K, M, T>(
    pager: Pager<K>,
    context: Arc<Context>,
    limit: Option<usize>,
) -> PageStream<T>
where
    K: Paged,
    T: ReadItem<M> + Send + 'static,
{
    stream::try_unfold((pager, limit), move |(mut pager, remaining)| {
        let context = Arc::clone(&context);
        async move {
            if remaining == Some(0) {
                return Ok(None);
            }
            let Some(page) = pager.next(context.request_limit(remaining)).await else {
                return Ok(None);
            };
            let (page, kept) = decode::<M, T>(page?, &context, remaining)?;
            let remaining = remaining.map(|left| left - kept);
            Ok(Some((page, (pager, remaining))))
        }
    })
    .boxed()
}

/// Decodes a page, keeping at most `remaining` items; a page cut short gets a cursor after its
/// last item kept. How many items were kept.
fn decode<M, T: ReadItem<M>>(
    page: RawPage,
    context: &Context,
    remaining: Option<usize>,
) -> Result<(Page<T>, usize), Error> {
    let RawPage {
        mut items,
        next,
        consumed_capacity,
        ..
    } = page;
    let mut cursor = next.map(Cursor::new);
    if let Some(left) = remaining.filter(|left| *left < items.len()) {
        items.truncate(left);
        cursor = items.last().and_then(|item| context.cursor_after(item));
    }
    let origin = || context.origin();
    let kept = items.len();
    let items = items
        .into_iter()
        .map(|item| T::read(item, &context.requested, &origin))
        .collect::<Result<Vec<T>, Error>>()?;
    Ok((
        Page {
            items,
            cursor,
            consumed_capacity,
        },
        kept,
    ))
}

/// The pages of several segments as they arrive, up to `limit` items in all. Their cursors are
/// dropped: a merged read cannot be resumed from one.
fn merged<T: Send + 'static>(segments: Vec<PageStream<T>>, limit: Option<usize>) -> PageStream<T> {
    // At most this many segments are read at once; the others wait their turn.
    const AT_ONCE: usize = 16;
    let pages = stream::iter(segments).flatten_unordered(Some(AT_ONCE));
    // The limit is checked before the next page is asked for, so none is read past it.
    stream::unfold((pages, limit), |(mut pages, remaining)| async move {
        if remaining == Some(0) {
            return None;
        }
        let page = pages.next().await?;
        let mut left = remaining;
        let page = page.map(|mut page| {
            page.cursor = None;
            if let Some(left) = left.as_mut() {
                page.items.truncate(*left);
                *left -= page.items.len();
            }
            page
        });
        Some((page, (pages, left)))
    })
    .boxed()
}

impl<I: Index, T> Read<request::Query, I, T> {
    /// Returns items in descending sort-key order (DynamoDB's `ScanIndexForward = false`).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let query = db.query(Order::partition("c1")).descending();
    /// assert_eq!(query.prepare()?.into_input().get_scan_index_forward(), &Some(false));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn descending(mut self) -> Self {
        self.descending = true;
        self
    }
}

impl<I: Index, T> Read<request::Scan, I, T> {
    /// Scans a secondary index of the model instead of the table. Call it first: the scan on the
    /// index keeps the filter, page size, limit, cursor and segments given before it, but not a
    /// projection or a consistent read (a global index has none).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let scan = db.scan::<Order>().index(Order::BY_TOTAL);
    /// assert_eq!(scan.prepare()?.into_input().get_index_name().as_deref(), Some("by_total"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn index<J: Index<Model = I::Model>>(self, _index: SecondaryIndex<J>) -> Scan<J> {
        Read {
            db: self.db,
            key: None,
            filter: self.filter,
            projection: None,
            descending: false,
            consistent_read: false,
            page_size: self.page_size,
            limit: self.limit,
            start: self.start,
            segments: self.segments,
            marker: PhantomData,
        }
    }

    /// Scans in `total` segments at once, their pages merged into one stream.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// // Four segments read at once, merged into one stream.
    /// let all: Vec<Order> = db.scan::<Order>().segments(4).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn segments(mut self, total: u32) -> Self {
        self.segments = Segments::Parallel(total);
        self
    }

    /// Scans segment `segment` of `total` only (from 0): one worker's share of a scan spread
    /// over processes or machines.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// // Worker 3 of 16 reads its share only.
    /// let input = db.scan::<Order>().segment(3, 16).prepare()?.into_input();
    /// assert_eq!((input.get_segment(), input.get_total_segments()), (&Some(3), &Some(16)));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn segment(mut self, segment: u32, total: u32) -> Self {
        self.segments = Segments::One { segment, total };
        self
    }
}

/// Queries and scans start here.
impl Db {
    /// Reads the partition `key` names (and its sort-key condition). See [`Query`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let orders: Vec<Order> = db.query(Order::partition("c1").range_gt("2024-06")).all().await?;
    /// let open: Vec<Order> = db.query(Order::BY_STATUS.partition("open")).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn query<I: Index, S>(&self, key: KeyCondition<I, S>) -> Query<I> {
        Read::new(self, Some(key.erase()))
    }

    /// Reads every item of `M`'s table. See [`Scan`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at",
    /// #         gsi(name = "by_status", hash_key = "status"), lsi(name = "by_total", range_key = "total"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let big: Vec<Order> = db.scan::<Order>().filter(attr!(Order, total).gt(1000)).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn scan<M: Model>(&self) -> Scan<M::Table> {
        Read::new(self, None)
    }
}
