//! A REST service for orders on axum and aiodynamo.
//!
//! | request | answer |
//! |---|---|
//! | `POST /orders` with a [`NewOrder`] | 201 and the [`Order`] (version 1); 409 if the id is taken |
//! | `GET /orders/{id}` | 200 and the order, with `ETag: "<version>"`; 404 |
//! | `GET /customers/{id}/orders?limit=N&cursor=C` | 200 and an [`OrderPage`], newest first; 400 for a cursor that is not one |
//! | `PATCH /orders/{id}` with `If-Match: "<version>"` and an [`OrderChange`] | 200 and the order with its new version; 412 if the version is not the stored one; 428 without `If-Match`; 404 |
//! | `DELETE /orders/{id}`, `If-Match` optional | 204; 404 if there is no such order (a client learns that nothing was deleted); 412 for a stale `If-Match` |
//!
//! Every error body is `{"error": "<what went wrong>"}`, written here: never a stored value, nor
//! the text of a request value. The statuses are chosen in one place, [`ApiError`]'s
//! `IntoResponse`, and aiodynamo's errors become [`ApiError`]s in one place, its
//! `From<aiodynamo::Error>`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use aiodynamo_examples::axum_service::{Order, app};
//! let (db, _local) = aiodynamo_examples::connect().await?;
//! db.ensure_table::<Order>().send().await?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app(db)).await?;
//! # Ok(()) }
//! ```

use aiodynamo::TimestampMillis;
use aiodynamo::prelude::*;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{self, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// An order. Its table is keyed by `order_id`; the global secondary index `by_customer` lists a
/// customer's orders by creation time. `version` is aiodynamo's optimistic lock: every write
/// checks the version the client last saw.
///
/// ```
/// use aiodynamo::Model;
/// use aiodynamo_examples::axum_service::Order;
/// assert_eq!(Order::SCHEMA.hash_key.name, "order_id");
/// assert_eq!(Order::SCHEMA.global_indexes[0].name, "by_customer");
/// ```
#[table(
    "orders",
    hash_key = "order_id",
    gsi(
        name = "by_customer",
        hash_key = "customer_id",
        range_key = "created_at"
    )
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub order_id: String,
    pub customer_id: String,
    /// Milliseconds since the epoch (a number in JSON): set by the service on create.
    pub created_at: TimestampMillis,
    pub status: OrderStatus,
    pub lines: Vec<OrderLine>,
    /// 1 after the create, one more after every change.
    #[version]
    pub version: u64,
}

/// One line of an order: which product, how many.
///
/// ```
/// let line = aiodynamo_examples::axum_service::OrderLine { sku: "sku-1".into(), quantity: 2 };
/// assert_eq!(serde_json::to_string(&line).unwrap(), r#"{"sku":"sku-1","quantity":2}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Document)]
pub struct OrderLine {
    pub sku: String,
    pub quantity: u32,
}

/// Where an order stands; stored and sent as its snake_case name.
///
/// ```
/// use aiodynamo_examples::axum_service::OrderStatus;
/// assert_eq!(serde_json::to_string(&OrderStatus::Shipped).unwrap(), r#""shipped""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Placed,
    Paid,
    Shipped,
    Cancelled,
}

/// The body of `POST /orders`: the client names the order (so a retried create is a 409, not a
/// second order).
///
/// ```
/// use aiodynamo_examples::axum_service::NewOrder;
/// let new: NewOrder = serde_json::from_str(
///     r#"{"order_id": "o1", "customer_id": "c1", "lines": [{"sku": "sku-1", "quantity": 2}]}"#,
/// ).unwrap();
/// assert_eq!(new.lines[0].quantity, 2);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewOrder {
    pub order_id: String,
    pub customer_id: String,
    pub lines: Vec<OrderLine>,
}

/// The body of `PATCH /orders/{id}`: what to change; at least one field.
///
/// ```
/// use aiodynamo_examples::axum_service::{OrderChange, OrderStatus};
/// let change: OrderChange = serde_json::from_str(r#"{"status": "paid"}"#).unwrap();
/// assert_eq!(change.status, Some(OrderStatus::Paid));
/// assert!(change.lines.is_none());
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OrderChange {
    pub status: Option<OrderStatus>,
    pub lines: Option<Vec<OrderLine>>,
}

/// The query string of `GET /customers/{id}/orders`.
///
/// ```
/// use aiodynamo_examples::axum_service::PageRequest;
/// let request: PageRequest = serde_json::from_str(r#"{"limit": 3}"#).unwrap();
/// assert_eq!((request.limit, request.cursor), (Some(3), None));
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageRequest {
    /// Orders per page, 1 to [`MAX_PAGE_SIZE`]; [`DEFAULT_PAGE_SIZE`] if absent.
    pub limit: Option<usize>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// One page of a customer's orders, newest first.
///
/// ```
/// use aiodynamo_examples::axum_service::OrderPage;
/// let last: OrderPage = serde_json::from_str(r#"{"orders": [], "next_cursor": null}"#).unwrap();
/// assert!(last.next_cursor.is_none());
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrderPage {
    pub orders: Vec<Order>,
    /// Pass it back as `cursor` for the next page; `null` after the last. A page that ends
    /// exactly at the last order still has one, and the page after it is empty: DynamoDB cannot
    /// tell that nothing follows without reading on.
    pub next_cursor: Option<String>,
}

/// Orders per page when the client does not say.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// The most orders per page a client may ask for.
pub const MAX_PAGE_SIZE: usize = 100;

/// The service's routes on `db`, which must hold the [`Order`] table.
///
/// ```
/// # async fn demo(db: aiodynamo::Db) {
/// let router: axum::Router = aiodynamo_examples::axum_service::app(db);
/// # }
/// ```
pub fn app(db: Db) -> Router {
    Router::new()
        .route("/orders", post(create_order))
        .route(
            "/orders/{order_id}",
            get(get_order).patch(update_order).delete(delete_order),
        )
        .route("/customers/{customer_id}/orders", get(list_customer_orders))
        .with_state(db)
}

/// `POST /orders`: stores a [`NewOrder`] as an [`Order`] of version 1 (201, with `Location` and
/// `ETag`), only if no order has its id (409 otherwise).
///
/// ```
/// # fn demo(db: aiodynamo::Db) -> axum::Router {
/// use aiodynamo_examples::axum_service::create_order;
/// axum::Router::new().route("/orders", axum::routing::post(create_order)).with_state(db)
/// # }
/// ```
pub async fn create_order(
    State(db): State<Db>,
    body: Result<Json<NewOrder>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(new) = body?;
    if new.order_id.is_empty() || new.customer_id.is_empty() {
        return Err(ApiError::BadRequest(
            "order_id and customer_id must not be empty",
        ));
    }
    if new.lines.is_empty() || new.lines.iter().any(|line| line.quantity == 0) {
        return Err(ApiError::BadRequest(
            "an order needs lines, each with a quantity of at least 1",
        ));
    }
    let order = Order {
        order_id: new.order_id,
        customer_id: new.customer_id,
        created_at: TimestampMillis::now(),
        status: OrderStatus::Placed,
        lines: new.lines,
        version: 0,
    };
    // Version 0 already makes the put conditional on no item having the key; the explicit
    // condition says so where it is read.
    let created = db
        .put(&order)
        .condition(attr!(Order, order_id).not_exists())
        .send()
        .await;
    match created {
        Ok(()) => {}
        Err(Error::ConditionalCheckFailed { .. }) => return Err(ApiError::AlreadyExists),
        Err(other) => return Err(other.into()),
    }
    // The put stored `version + 1`; the struct sent is unchanged.
    let stored = Order {
        version: order.version + 1,
        ..order
    };
    let location = format!("/orders/{}", stored.order_id);
    let mut response = with_etag(StatusCode::CREATED, stored);
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /orders/{order_id}`: the order (200, with `ETag`), or 404. Reads are strongly
/// consistent, so a client sees its own writes.
///
/// ```
/// # fn demo(db: aiodynamo::Db) -> axum::Router {
/// use aiodynamo_examples::axum_service::get_order;
/// axum::Router::new().route("/orders/{order_id}", axum::routing::get(get_order)).with_state(db)
/// # }
/// ```
pub async fn get_order(
    State(db): State<Db>,
    extract::Path(order_id): extract::Path<String>,
) -> Result<Response, ApiError> {
    let order: Option<Order> = db
        .get(Order::key(order_id.as_str()))
        .consistent_read(true)
        .send()
        .await?;
    let order = order.ok_or(ApiError::NotFound)?;
    Ok(with_etag(StatusCode::OK, order))
}

/// `GET /customers/{customer_id}/orders?limit=N&cursor=C`: one [`OrderPage`] of the customer's
/// orders, newest first, through the `by_customer` index. A `cursor` that is not one of this
/// index's is a 400, refused before anything is sent.
///
/// ```
/// # fn demo(db: aiodynamo::Db) -> axum::Router {
/// use aiodynamo_examples::axum_service::list_customer_orders;
/// axum::Router::new()
///     .route("/customers/{customer_id}/orders", axum::routing::get(list_customer_orders))
///     .with_state(db)
/// # }
/// ```
pub async fn list_customer_orders(
    State(db): State<Db>,
    extract::Path(customer_id): extract::Path<String>,
    request: Result<Query<PageRequest>, QueryRejection>,
) -> Result<Json<OrderPage>, ApiError> {
    let Query(request) = request?;
    let limit = request.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be from 1 to 100"));
    }
    let mut query = db
        .query(Order::BY_CUSTOMER.partition(customer_id.as_str()))
        .descending()
        .limit(limit);
    if let Some(cursor) = request.cursor {
        // A string that is not a cursor of this index fails before anything is sent, as
        // `Error::InvalidRequest`: a 400.
        query = query.start_after(cursor);
    }
    let page = query.send().await?;
    Ok(Json(OrderPage {
        orders: page.items,
        next_cursor: page.cursor.map(|cursor| cursor.to_string()),
    }))
}

/// `PATCH /orders/{order_id}` with `If-Match: "<version>"`: applies an [`OrderChange`] only if the
/// stored version is that one, and answers the order with its new version (200); 412 for another
/// version, 404 for no order, 428 without `If-Match`.
///
/// ```
/// # fn demo(db: aiodynamo::Db) -> axum::Router {
/// use aiodynamo_examples::axum_service::update_order;
/// axum::Router::new().route("/orders/{order_id}", axum::routing::patch(update_order)).with_state(db)
/// # }
/// ```
pub async fn update_order(
    State(db): State<Db>,
    extract::Path(order_id): extract::Path<String>,
    headers: HeaderMap,
    body: Result<Json<OrderChange>, JsonRejection>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?.ok_or(ApiError::VersionRequired)?;
    let Json(change) = body?;
    let mut actions = Vec::new();
    if let Some(status) = change.status {
        actions.push(attr!(Order, status).set(status));
    }
    if let Some(lines) = change.lines {
        if lines.is_empty() || lines.iter().any(|line| line.quantity == 0) {
            return Err(ApiError::BadRequest(
                "an order needs lines, each with a quantity of at least 1",
            ));
        }
        actions.push(attr!(Order, lines).set(lines));
    }
    if actions.is_empty() {
        return Err(ApiError::BadRequest(
            "nothing to change: give status or lines",
        ));
    }
    // `if_version` makes the update conditional on the stored version (so on the order
    // existing); the update adds 1 to the version.
    let updated: Order = db
        .update(Order::key(order_id.as_str()), actions)
        .if_version(expected)
        .return_values(ReturnValues::AllNew)
        .send()
        .await?;
    Ok(with_etag(StatusCode::OK, updated))
}

/// `DELETE /orders/{order_id}`, `If-Match` optional: 204 once deleted; 404 if there was no
/// order (DynamoDB's delete of a missing item succeeds: the old item it returns tells); 412 for a
/// stale `If-Match`.
///
/// ```
/// # fn demo(db: aiodynamo::Db) -> axum::Router {
/// use aiodynamo_examples::axum_service::delete_order;
/// axum::Router::new().route("/orders/{order_id}", axum::routing::delete(delete_order)).with_state(db)
/// # }
/// ```
pub async fn delete_order(
    State(db): State<Db>,
    extract::Path(order_id): extract::Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let delete = db.delete(Order::key(order_id.as_str()));
    let delete = match if_match(&headers)? {
        Some(expected) => delete.if_version(expected),
        None => delete,
    };
    let deleted: Option<Order> = delete.return_values(ReturnValues::AllOld).send().await?;
    match deleted {
        Some(_) => Ok(StatusCode::NO_CONTENT),
        None => Err(ApiError::NotFound),
    }
}

/// The order as JSON, with its version as the `ETag` a client sends back in `If-Match`.
///
/// ```
/// use aiodynamo::TimestampMillis;
/// use aiodynamo_examples::axum_service::{Order, OrderStatus, with_etag};
/// let order = Order {
///     order_id: "o1".into(),
///     customer_id: "c1".into(),
///     created_at: TimestampMillis::from_epoch(0),
///     status: OrderStatus::Placed,
///     lines: Vec::new(),
///     version: 4,
/// };
/// let response = with_etag(axum::http::StatusCode::OK, order);
/// assert_eq!(response.headers()["etag"], "\"4\"");
/// ```
pub fn with_etag(status: StatusCode, order: Order) -> Response {
    let etag = HeaderValue::from_str(&format!("\"{}\"", order.version))
        .expect("a quoted number is a header value");
    (status, [(header::ETAG, etag)], Json(order)).into_response()
}

/// The version in `If-Match` (`"3"`, or `3`), if the header is there; a 400 if it is not a
/// version.
///
/// ```
/// use aiodynamo_examples::axum_service::if_match;
/// use axum::http::{HeaderMap, HeaderValue, header};
/// let mut headers = HeaderMap::new();
/// assert_eq!(if_match(&headers).unwrap(), None);
/// headers.insert(header::IF_MATCH, HeaderValue::from_static("\"3\""));
/// assert_eq!(if_match(&headers).unwrap(), Some(3));
/// headers.insert(header::IF_MATCH, HeaderValue::from_static("*"));
/// assert!(if_match(&headers).is_err());
/// ```
pub fn if_match(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .map(|value| value.trim().trim_matches('"'))
        .and_then(|version| version.parse().ok())
        .map(Some)
        .ok_or(ApiError::BadRequest(
            "If-Match must be the ETag of the order: its version, e.g. \"3\"",
        ))
}

/// Why a request failed. Each variant is answered with one status, in its `IntoResponse`.
///
/// ```
/// use aiodynamo_examples::axum_service::ApiError;
/// use axum::response::IntoResponse;
/// assert_eq!(ApiError::VersionMismatch.into_response().status(), 412);
/// ```
#[derive(Debug)]
pub enum ApiError {
    /// 400: the request is malformed; the message says how (never quoting a value).
    BadRequest(&'static str),
    /// 400: aiodynamo refused the request before sending it (a bad cursor, an empty or too long
    /// key, an item over 400 KB); its message names attributes and limits, never values.
    Refused(String),
    /// 404: no order with that id.
    NotFound,
    /// 409: an order with that id exists.
    AlreadyExists,
    /// 412: the order's version is not the one in `If-Match`: someone changed it since.
    VersionMismatch,
    /// 428: a change needs `If-Match`.
    VersionRequired,
    /// 503: DynamoDB is throttling; try again shortly.
    Busy,
    /// 500: anything else (logged, not shown).
    Internal(aiodynamo::Error),
}

/// The one place an aiodynamo error becomes an [`ApiError`].
impl From<aiodynamo::Error> for ApiError {
    fn from(error: aiodynamo::Error) -> Self {
        match error {
            // Every conditional write here checks the version the client sent (a create maps its
            // own failure to `AlreadyExists`). DynamoDB returns the item as it stood: none means
            // there was no order at all.
            Error::ConditionalCheckFailed { item: None, .. } => ApiError::NotFound,
            Error::ConditionalCheckFailed { .. } => ApiError::VersionMismatch,
            Error::InvalidRequest { message, .. } => ApiError::Refused(message),
            Error::Throttled { .. } => ApiError::Busy,
            other => ApiError::Internal(other),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(_: JsonRejection) -> Self {
        // serde's message may quote the value it could not read: not echoed.
        ApiError::BadRequest("the body is not JSON of the expected shape")
    }
}

impl From<QueryRejection> for ApiError {
    fn from(_: QueryRejection) -> Self {
        ApiError::BadRequest("the query string takes limit (a number) and cursor")
    }
}

/// The body of every error answer.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

/// The one place an [`ApiError`] becomes a status and a body.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            ApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, *message),
            ApiError::Refused(message) => (StatusCode::BAD_REQUEST, message.as_str()),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "no such order"),
            ApiError::AlreadyExists => (StatusCode::CONFLICT, "an order with this id exists"),
            ApiError::VersionMismatch => (
                StatusCode::PRECONDITION_FAILED,
                "the order changed since that version: read it again",
            ),
            ApiError::VersionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "send the order's ETag in If-Match",
            ),
            ApiError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is busy: try again shortly",
            ),
            ApiError::Internal(error) => {
                // aiodynamo's errors never show stored values, so logging one is safe.
                tracing::error!(%error, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
        };
        (status, Json(ErrorBody { error: message })).into_response()
    }
}
