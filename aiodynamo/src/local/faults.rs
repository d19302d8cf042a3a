//! Faults DynamoDB Local cannot produce, injected by a proxy in front of it.
//!
//! Everything else passes through to the real emulator unchanged, so a test sees DynamoDB's own
//! behaviour except for the faults it asked for: a fault is injected either a number of times
//! ([`FaultProxy::inject`]) or at a seeded rate ([`FaultProxy::set_rates`]).

use std::fmt;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use http_body_util::{BodyExt, Either, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue,
    TRANSFER_ENCODING,
};
use hyper::{Request, Response, StatusCode, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::task::{AbortHandle, JoinSet};
use tracing::debug;

use super::{DynamoDbLocal, LocalError};
use crate::Operation;

/// A fault the proxy answers a request with instead of passing it on.
///
/// ```no_run
/// # use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
/// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
/// # let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
/// // The next GetItem is throttled; the SDK's retry then reaches DynamoDB Local.
/// proxy.inject(aiodynamo::Operation::GetItem, Fault::Throttle, 1);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 400 `ThrottlingException`, as DynamoDB answers a request over its rate.
    Throttle,
    /// HTTP 500 `InternalServerError`; the SDK retries it.
    InternalError,
    /// The connection is closed without an answer before the request is passed on: it never
    /// reaches DynamoDB.
    ResetBeforeForwarding,
    /// The request is passed on and DynamoDB's answer awaited (a write is applied), then the
    /// connection is closed without an answer: the client cannot tell whether it was applied.
    ResetAfterForwarding,
}

impl Fault {
    /// The proxy's own answer, for the faults that have one.
    fn response(self) -> Option<ProxyResponse> {
        let (status, error_type, message) = match self {
            Fault::Throttle => (
                StatusCode::BAD_REQUEST,
                "ThrottlingException",
                "Rate of requests exceeds the allowed throughput.",
            ),
            Fault::InternalError => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "Internal server error",
            ),
            Fault::ResetBeforeForwarding | Fault::ResetAfterForwarding => return None,
        };
        let body = format!(
            r#"{{"__type":"com.amazonaws.dynamodb.v20120810#{error_type}","message":"{message}"}}"#
        );
        Some(json_response(status, Bytes::from(body)))
    }
}

/// A share of requests (from 0 to 1), of every operation or only of some.
///
/// A plain `f64` converts into a rate of every operation.
///
/// ```
/// use aiodynamo::Operation;
/// use aiodynamo::local::Rate;
/// let rate = Rate::new(0.25).only([Operation::PutItem, Operation::BatchWriteItem]);
/// assert_eq!(rate.share(), 0.25);
/// assert_eq!(Rate::from(1.5).share(), 1.0, "clamped");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    share: f64,
    /// `None`: every operation.
    operations: Option<Vec<Operation>>,
}

impl Rate {
    /// A share of the requests of every operation; clamped to `0.0..=1.0` (NaN is 0).
    ///
    /// ```
    /// use aiodynamo::local::Rate;
    /// assert_eq!(Rate::new(0.1).share(), 0.1);
    /// assert_eq!(Rate::new(f64::NAN).share(), 0.0);
    /// ```
    pub fn new(share: f64) -> Rate {
        let share = if share.is_nan() {
            0.0
        } else {
            share.clamp(0.0, 1.0)
        };
        Rate {
            share,
            operations: None,
        }
    }

    /// The same share, of these operations only.
    ///
    /// ```
    /// use aiodynamo::local::Rate;
    /// use aiodynamo::Operation;
    /// let batch_writes = Rate::new(0.5).only([Operation::BatchWriteItem]);
    /// assert_ne!(batch_writes, Rate::new(0.5));
    /// ```
    pub fn only(mut self, operations: impl IntoIterator<Item = Operation>) -> Rate {
        self.operations = Some(operations.into_iter().collect());
        self
    }

    /// The share of requests, from 0 to 1.
    ///
    /// ```
    /// assert_eq!(aiodynamo::local::Rate::new(-1.0).share(), 0.0);
    /// ```
    pub fn share(&self) -> f64 {
        self.share
    }

    /// Whether a request of `operation` (its wire name) may draw this fault.
    fn applies(&self, operation: &str) -> bool {
        self.share > 0.0
            && self.operations.as_ref().is_none_or(|operations| {
                operations
                    .iter()
                    .any(|candidate| candidate.to_string() == operation)
            })
    }
}

impl From<f64> for Rate {
    fn from(share: f64) -> Rate {
        Rate::new(share)
    }
}

/// The shares of requests the proxy fails, each fault at its own rate, drawn from a seeded
/// generator: the same seed and the same sequence of requests give the same faults.
///
/// Every request first draws its latency, then whether it is reset before forwarding, throttled,
/// answered with an internal error or reset after forwarding (the first drawn wins); a
/// `BatchWriteItem` or `BatchGetItem` that none of those hit then has a share of each table's
/// write requests or keys withheld: they are not passed on (so not written, not read) and come
/// back in the answer's `UnprocessedItems` or `UnprocessedKeys`, merged with DynamoDB's own.
/// Faults injected by [`FaultProxy::inject`] come first and draw nothing.
///
/// Requests that arrive concurrently draw in the order they reach the proxy: send them one at a
/// time for a reproducible sequence.
///
/// ```no_run
/// use std::time::Duration;
/// use aiodynamo::Operation;
/// use aiodynamo::local::{DynamoDbLocal, FaultProxy, FaultRates, Rate};
/// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
/// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
/// proxy.set_rates(
///     FaultRates::seeded(42)
///         .unprocessed(0.30)
///         .throttle(Rate::new(0.05).only([Operation::BatchWriteItem]))
///         .internal_error(0.02)
///         .latency(Duration::from_millis(5), 0.5),
/// );
/// let client = aws_sdk_dynamodb::Client::from_conf(proxy.config().build());
/// // ... batches through `client`, then:
/// let counts = proxy.counts();
/// println!("{} items withheld", counts.unprocessed_items);
/// # let _ = client;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FaultRates {
    seed: u64,
    unprocessed: Rate,
    throttle: Rate,
    internal_error: Rate,
    reset_before_forwarding: Rate,
    reset_after_forwarding: Rate,
    latency: Rate,
    latency_duration: Duration,
}

impl FaultRates {
    /// No faults yet, drawn from a generator seeded with `seed`.
    ///
    /// ```
    /// let rates = aiodynamo::local::FaultRates::seeded(7);
    /// assert_eq!(rates.seed(), 7);
    /// ```
    pub fn seeded(seed: u64) -> FaultRates {
        FaultRates {
            seed,
            unprocessed: Rate::new(0.0),
            throttle: Rate::new(0.0),
            internal_error: Rate::new(0.0),
            reset_before_forwarding: Rate::new(0.0),
            reset_after_forwarding: Rate::new(0.0),
            latency: Rate::new(0.0),
            latency_duration: Duration::ZERO,
        }
    }

    /// The share of each table's write requests (`BatchWriteItem`) and keys (`BatchGetItem`)
    /// withheld and returned unprocessed. Each item is withheld with this probability.
    ///
    /// ```
    /// use aiodynamo::local::FaultRates;
    /// let rates = FaultRates::seeded(1).unprocessed(0.3);
    /// assert_ne!(rates, FaultRates::seeded(1));
    /// ```
    pub fn unprocessed(mut self, rate: impl Into<Rate>) -> FaultRates {
        self.unprocessed = rate.into();
        self
    }

    /// The share of requests answered with a `ThrottlingException` ([`Fault::Throttle`]).
    ///
    /// ```
    /// use aiodynamo::local::{FaultRates, Rate};
    /// use aiodynamo::Operation;
    /// let rates = FaultRates::seeded(1).throttle(Rate::new(0.1).only([Operation::Query]));
    /// assert_ne!(rates, FaultRates::seeded(1));
    /// ```
    pub fn throttle(mut self, rate: impl Into<Rate>) -> FaultRates {
        self.throttle = rate.into();
        self
    }

    /// The share of requests answered with HTTP 500 ([`Fault::InternalError`]).
    ///
    /// ```
    /// use aiodynamo::local::FaultRates;
    /// assert_ne!(FaultRates::seeded(1).internal_error(0.02), FaultRates::seeded(1));
    /// ```
    pub fn internal_error(mut self, rate: impl Into<Rate>) -> FaultRates {
        self.internal_error = rate.into();
        self
    }

    /// The share of requests whose connection is closed before they are passed on
    /// ([`Fault::ResetBeforeForwarding`]).
    ///
    /// ```
    /// use aiodynamo::local::FaultRates;
    /// assert_ne!(FaultRates::seeded(1).reset_before_forwarding(0.05), FaultRates::seeded(1));
    /// ```
    pub fn reset_before_forwarding(mut self, rate: impl Into<Rate>) -> FaultRates {
        self.reset_before_forwarding = rate.into();
        self
    }

    /// The share of requests whose connection is closed after DynamoDB answered them
    /// ([`Fault::ResetAfterForwarding`]).
    ///
    /// ```
    /// use aiodynamo::local::FaultRates;
    /// // Applied by DynamoDB, answer lost: what `.idempotent()` writes are for.
    /// assert_ne!(FaultRates::seeded(1).reset_after_forwarding(0.05), FaultRates::seeded(1));
    /// ```
    pub fn reset_after_forwarding(mut self, rate: impl Into<Rate>) -> FaultRates {
        self.reset_after_forwarding = rate.into();
        self
    }

    /// The share of requests delayed by `latency` before anything else happens to them.
    ///
    /// ```
    /// use aiodynamo::local::FaultRates;
    /// use std::time::Duration;
    /// assert_ne!(FaultRates::seeded(1).latency(Duration::from_millis(20), 1.0), FaultRates::seeded(1));
    /// ```
    pub fn latency(mut self, latency: Duration, rate: impl Into<Rate>) -> FaultRates {
        self.latency = rate.into();
        self.latency_duration = latency;
        self
    }

    /// The seed of the generator.
    ///
    /// ```
    /// assert_eq!(aiodynamo::local::FaultRates::seeded(42).seed(), 42);
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

/// What the proxy did so far, counted by kind ([`FaultProxy::counts`]).
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
/// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
/// proxy.inject(aiodynamo::Operation::GetItem, Fault::Throttle, 1);
/// // ... requests through `proxy.config()` ...
/// let counts = proxy.counts();
/// println!("{} requests, {} throttled", counts.requests, counts.throttles);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FaultCounts {
    /// Requests that reached the proxy, faulted or passed on.
    pub requests: usize,
    /// Requests that met a fault: answered with one, reset, or with items withheld (a delay is
    /// no fault).
    pub served: usize,
    /// Requests answered with a `ThrottlingException`.
    pub throttles: usize,
    /// Requests answered with HTTP 500.
    pub internal_errors: usize,
    /// Requests whose connection was closed before they were passed on.
    pub resets_before_forwarding: usize,
    /// Requests whose connection was closed after DynamoDB answered them.
    pub resets_after_forwarding: usize,
    /// Requests delayed.
    pub delayed: usize,
    /// `BatchWriteItem` write requests withheld and returned in `UnprocessedItems`.
    pub unprocessed_items: usize,
    /// `BatchGetItem` keys withheld and returned in `UnprocessedKeys`.
    pub unprocessed_keys: usize,
}

impl FaultCounts {
    fn count(&mut self, fault: Fault) {
        self.served += 1;
        match fault {
            Fault::Throttle => self.throttles += 1,
            Fault::InternalError => self.internal_errors += 1,
            Fault::ResetBeforeForwarding => self.resets_before_forwarding += 1,
            Fault::ResetAfterForwarding => self.resets_after_forwarding += 1,
        }
    }
}

/// A request that reached the proxy while it recorded ([`FaultProxy::record_requests`]).
///
/// ```
/// use aiodynamo::local::RecordedRequest;
/// # fn check(recorded: &[RecordedRequest]) {
/// let updates = recorded.iter().filter(|request| request.operation == "UpdateTable").count();
/// # let _ = updates; }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The operation, from `X-Amz-Target` (`CreateTable`, `PutItem`, ...), empty when none.
    pub operation: String,
    /// The JSON body as the client sent it (invalid UTF-8 replaced).
    pub body: String,
}

/// splitmix64: a tiny, well-mixed generator, enough to draw faults reproducibly.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `share` (in `0.0..=1.0`): 53 random bits as a float in `[0, 1)`.
    fn chance(&mut self, share: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < share
    }

    /// Draws only when `rate` applies to `operation`, so a fault at rate 0 leaves the sequence
    /// of the others unchanged.
    fn draw(&mut self, rate: &Rate, operation: &str) -> bool {
        rate.applies(operation) && self.chance(rate.share)
    }
}

/// What to do to one request.
#[derive(Debug, Default)]
struct Decision {
    delay: Option<Duration>,
    fault: Option<Fault>,
    /// The share to withhold, and the generator to draw each item from.
    withhold: Option<(f64, SplitMix64)>,
}

/// Faults still to serve, the rates, and the counts.
#[derive(Debug, Default)]
struct Plan {
    pending: Vec<(Operation, Fault, usize)>,
    rates: Option<(FaultRates, SplitMix64)>,
    counts: FaultCounts,
    /// The requests recorded, when recording.
    recorded: Option<Vec<RecordedRequest>>,
}

impl Plan {
    fn lock(plan: &Mutex<Plan>) -> MutexGuard<'_, Plan> {
        // The plan is lists and counters: a panic elsewhere cannot leave it half-changed.
        plan.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a request of `operation` and decides what happens to it.
    fn decide(&mut self, operation: &str) -> Decision {
        self.counts.requests += 1;
        let mut decision = Decision::default();
        if let Some((_, fault, remaining)) = self
            .pending
            .iter_mut()
            .find(|(pending, _, remaining)| *remaining > 0 && pending.to_string() == operation)
        {
            *remaining -= 1;
            decision.fault = Some(*fault);
        } else if let Some((rates, rng)) = &mut self.rates {
            if rng.draw(&rates.latency, operation) {
                decision.delay = Some(rates.latency_duration);
            }
            decision.fault = [
                (&rates.reset_before_forwarding, Fault::ResetBeforeForwarding),
                (&rates.throttle, Fault::Throttle),
                (&rates.internal_error, Fault::InternalError),
                (&rates.reset_after_forwarding, Fault::ResetAfterForwarding),
            ]
            .into_iter()
            .find_map(|(rate, fault)| rng.draw(rate, operation).then_some(fault));
            if decision.fault.is_none()
                && Batch::of(operation).is_some()
                && rates.unprocessed.applies(operation)
            {
                decision.withhold = Some((rates.unprocessed.share, SplitMix64(rng.next_u64())));
            }
        }
        if decision.delay.is_some() {
            self.counts.delayed += 1;
        }
        if let Some(fault) = decision.fault {
            self.counts.count(fault);
        }
        decision
    }
}

/// An HTTP proxy on a loopback port in front of a [`DynamoDbLocal`]: requests pass through,
/// except those [`inject`](Self::inject) or [`set_rates`](Self::set_rates) chose to fail.
/// Stops when dropped.
///
/// ```no_run
/// use aiodynamo::Operation;
/// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
/// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
/// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
/// proxy.inject(Operation::PutItem, Fault::Throttle, 2);
/// let client = aws_sdk_dynamodb::Client::from_conf(proxy.config().build());
/// # let _ = client;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct FaultProxy {
    endpoint: String,
    plan: Arc<Mutex<Plan>>,
    server: AbortHandle,
}

impl FaultProxy {
    /// Starts a proxy in front of `local`.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// let client = aiodynamo::sdk::Client::from_conf(proxy.config().build());
    /// let db = aiodynamo::Db::new(client);
    /// # let _ = db;
    /// # Ok(()) }
    /// ```
    pub async fn start(local: &DynamoDbLocal) -> Result<FaultProxy, LocalError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let upstream: Uri = local.endpoint().parse().map_err(io::Error::other)?;
        let plan = Arc::new(Mutex::new(Plan::default()));
        let forward = Forward {
            upstream,
            client: Client::builder(TokioExecutor::new()).build(HttpConnector::new()),
            plan: Arc::clone(&plan),
        };
        let server = tokio::spawn(forward.serve(listener)).abort_handle();
        debug!(%endpoint, upstream = local.endpoint(), "fault proxy started");
        Ok(FaultProxy {
            endpoint,
            plan,
            server,
        })
    }

    /// Answers the next `times` requests of `operation` with `fault`.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// // The next two PutItems are throttled; everything else passes through.
    /// proxy.inject(aiodynamo::Operation::PutItem, Fault::Throttle, 2);
    /// # Ok(()) }
    /// ```
    pub fn inject(&self, operation: Operation, fault: Fault, times: usize) {
        self.lock().pending.push((operation, fault, times));
    }

    /// Fails shares of the requests from now on, replacing earlier rates; the generator starts
    /// again from the seed.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// proxy.set_rates(aiodynamo::local::FaultRates::seeded(7).unprocessed(0.5));
    /// # Ok(()) }
    /// ```
    pub fn set_rates(&self, rates: FaultRates) {
        let rng = SplitMix64(rates.seed);
        self.lock().rates = Some((rates, rng));
    }

    /// Stops failing requests by rate (faults still pending from [`inject`](Self::inject) stay).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// proxy.set_rates(aiodynamo::local::FaultRates::seeded(7).throttle(0.2));
    /// // ... the requests under test ...
    /// proxy.clear_rates();
    /// # Ok(()) }
    /// ```
    pub fn clear_rates(&self) {
        self.lock().rates = None;
    }

    /// How many requests met a fault so far ([`FaultCounts::served`]).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// proxy.inject(aiodynamo::Operation::GetItem, Fault::InternalError, 1);
    /// // ... one GetItem through the proxy, retried by the SDK ...
    /// assert_eq!(proxy.served(), 1);
    /// # Ok(()) }
    /// ```
    pub fn served(&self) -> usize {
        self.lock().counts.served
    }

    /// How many requests reached the proxy so far, faulted or passed on: zero after a call
    /// that aiodynamo refused before sending.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// let client = aiodynamo::sdk::Client::from_conf(proxy.config().build());
    /// let _ = client.list_tables().send().await;
    /// assert_eq!(proxy.requests(), 1);
    /// # Ok(()) }
    /// ```
    pub fn requests(&self) -> usize {
        self.lock().counts.requests
    }

    /// Everything counted so far, by kind.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// let counts = proxy.counts();
    /// assert_eq!(counts.served, proxy.served());
    /// # Ok(()) }
    /// ```
    pub fn counts(&self) -> FaultCounts {
        self.lock().counts
    }

    /// Records each request that reaches the proxy from now on, its operation and body, in the
    /// order they arrive (faulted ones too), until [`recorded`](Self::recorded) takes them. The
    /// bodies are kept in memory: record around the requests a test looks at.
    ///
    /// ```no_run
    /// use aiodynamo::local::{DynamoDbLocal, FaultProxy};
    /// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// proxy.record_requests();
    /// let client = aws_sdk_dynamodb::Client::from_conf(proxy.config().build());
    /// let _ = client.list_tables().send().await;
    /// let recorded = proxy.recorded();
    /// assert_eq!(recorded[0].operation, "ListTables");
    /// # Ok(()) }
    /// ```
    pub fn record_requests(&self) {
        self.lock().recorded.get_or_insert_with(Vec::new);
    }

    /// The requests recorded since [`record_requests`](Self::record_requests) (or the last call
    /// of this), in arrival order; recording goes on. Empty when not recording.
    ///
    /// ```no_run
    /// # use aiodynamo::local::{DynamoDbLocal, FaultProxy};
    /// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// assert!(proxy.recorded().is_empty(), "not recording yet");
    /// # Ok(()) }
    /// ```
    pub fn recorded(&self) -> Vec<RecordedRequest> {
        self.lock()
            .recorded
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The proxy's `http://127.0.0.1:port`.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// assert!(proxy.endpoint().starts_with("http://127.0.0.1:"));
    /// # Ok(()) }
    /// ```
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The SDK configuration of a client that talks to DynamoDB Local through the proxy (set its
    /// retry configuration here to see how retries meet the faults).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use aiodynamo::local::{DynamoDbLocal, Fault, FaultProxy};
    /// let proxy = FaultProxy::start(DynamoDbLocal::shared().await?).await?;
    /// use aiodynamo::sdk::config::retry::RetryConfig;
    /// let config = proxy.config().retry_config(RetryConfig::standard().with_max_attempts(5)).build();
    /// let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(config));
    /// # let _ = db;
    /// # Ok(()) }
    /// ```
    pub fn config(&self) -> aws_sdk_dynamodb::config::Builder {
        super::config(&self.endpoint)
    }

    fn lock(&self) -> MutexGuard<'_, Plan> {
        Plan::lock(&self.plan)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A response of the proxy's own, with `status` and a plain-text reason.
fn plain(status: StatusCode, reason: impl Into<Bytes>) -> ProxyResponse {
    let mut response = Response::new(Either::Right(Full::new(reason.into())));
    *response.status_mut() = status;
    response
}

/// A response of the proxy's own in DynamoDB's JSON protocol.
fn json_response(status: StatusCode, body: Bytes) -> ProxyResponse {
    let crc = crc32(&body);
    let mut response = plain(status, body);
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    headers.insert(CRC32, HeaderValue::from(crc));
    response
}

/// DynamoDB's checksum of a response body, in decimal. The Rust SDK does not check it (other
/// SDKs do), but the proxy keeps it true for the bodies it writes.
const CRC32: &str = "x-amz-crc32";

/// CRC-32 (IEEE, reflected, as zlib's), bit by bit: the proxy's bodies are small.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Replaces the body's framing headers by the length of `body`.
fn set_length(headers: &mut HeaderMap, body: &Bytes) {
    headers.remove(TRANSFER_ENCODING);
    headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
}

/// The proxy closes the connection without an answer: hyper does when the service fails.
#[derive(Debug)]
struct Reset(Fault);

impl fmt::Display for Reset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fault proxy closes the connection ({:?})", self.0)
    }
}

impl std::error::Error for Reset {}

/// DynamoDB refuses requests over 16 MB; the proxy reads no more than this of a body it rewrites.
const BODY_LIMIT: usize = 20 << 20;

/// The proxy's request handling: fail by plan, else pass on.
#[derive(Clone)]
struct Forward {
    upstream: Uri,
    client: Client<HttpConnector, UpstreamBody>,
    plan: Arc<Mutex<Plan>>,
}

type ProxyResponse = Response<Either<Incoming, Full<Bytes>>>;
type UpstreamBody = Either<Incoming, Full<Bytes>>;

impl Forward {
    async fn serve(self, listener: TcpListener) {
        // Connections are tasks of this set, so aborting the server (on drop) ends them too,
        // pooled keep-alive connections included.
        let mut connections = JoinSet::new();
        loop {
            while connections.try_join_next().is_some() {}
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors, say: wait rather than spin.
                    debug!(%error, "fault proxy could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let forward = self.clone();
            connections.spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let forward = forward.clone();
                    async move { forward.handle(request).await }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                if let Err(error) = connection.await {
                    debug!(%error, "fault proxy connection ended");
                }
            });
        }
    }

    async fn handle(&self, request: Request<Incoming>) -> Result<ProxyResponse, Reset> {
        // DynamoDB's JSON protocol names the operation in `X-Amz-Target: DynamoDB_20120810.PutItem`.
        let operation = request
            .headers()
            .get("x-amz-target")
            .and_then(|target| target.to_str().ok())
            .and_then(|target| target.rsplit('.').next())
            .unwrap_or_default()
            .to_owned();
        let recording = Plan::lock(&self.plan).recorded.is_some();
        let request = if recording {
            let (parts, body) = request.into_parts();
            let body = match Limited::new(body, BODY_LIMIT).collect().await {
                Ok(body) => body.to_bytes(),
                Err(error) => {
                    return Ok(plain(
                        StatusCode::BAD_REQUEST,
                        format!("the fault proxy could not read the request: {error}"),
                    ));
                }
            };
            if let Some(recorded) = &mut Plan::lock(&self.plan).recorded {
                recorded.push(RecordedRequest {
                    operation: operation.clone(),
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
            }
            Request::from_parts(parts, Either::Right(Full::new(body)))
        } else {
            request.map(Either::Left)
        };
        let decision = Plan::lock(&self.plan).decide(&operation);
        if let Some(delay) = decision.delay {
            tokio::time::sleep(delay).await;
        }
        match decision.fault {
            Some(Fault::ResetBeforeForwarding) => {
                debug!(operation, "fault proxy resets before forwarding");
                return Err(Reset(Fault::ResetBeforeForwarding));
            }
            Some(Fault::ResetAfterForwarding) => {
                let response = self.forward(request).await;
                // Read DynamoDB's whole answer: the request is done when the connection closes.
                if let Either::Left(body) = response.into_body() {
                    let _ = body.collect().await;
                }
                debug!(operation, "fault proxy resets after forwarding");
                return Err(Reset(Fault::ResetAfterForwarding));
            }
            Some(fault) => {
                debug!(operation, ?fault, "fault proxy injects a fault");
                if let Some(response) = fault.response() {
                    return Ok(response);
                }
            }
            None => {}
        }
        match (decision.withhold, Batch::of(&operation)) {
            (Some((share, rng)), Some(batch)) => {
                Ok(self.withhold(request, batch, share, rng).await)
            }
            _ => Ok(self.forward(request).await),
        }
    }

    /// Passes `request` on to DynamoDB Local.
    async fn forward(&self, mut request: Request<UpstreamBody>) -> ProxyResponse {
        let mut parts = self.upstream.clone().into_parts();
        parts.path_and_query = request.uri().path_and_query().cloned();
        // A request without a path (CONNECT's `host:port`, say) is no DynamoDB request.
        let Ok(uri) = Uri::from_parts(parts) else {
            return plain(
                StatusCode::BAD_REQUEST,
                "the fault proxy forwards DynamoDB requests only",
            );
        };
        *request.uri_mut() = uri;
        match self.client.request(request).await {
            Ok(response) => response.map(Either::Left),
            Err(error) => {
                debug!(%error, "fault proxy could not reach DynamoDB Local");
                plain(StatusCode::BAD_GATEWAY, error.to_string())
            }
        }
    }

    /// Withholds a share of a batch's items: passes the rest on and adds the withheld ones to
    /// the answer's unprocessed items or keys.
    async fn withhold(
        &self,
        request: Request<UpstreamBody>,
        batch: Batch,
        share: f64,
        mut rng: SplitMix64,
    ) -> ProxyResponse {
        let (mut parts, body) = request.into_parts();
        let body = match Limited::new(body, BODY_LIMIT).collect().await {
            Ok(body) => body.to_bytes(),
            Err(error) => {
                return plain(
                    StatusCode::BAD_REQUEST,
                    format!("the fault proxy could not read the request: {error}"),
                );
            }
        };
        let Some(split) = batch.split(&body, share, &mut rng) else {
            // Not a batch request the proxy understands: DynamoDB answers it.
            return self
                .forward(Request::from_parts(parts, Either::Right(Full::new(body))))
                .await;
        };
        {
            let mut plan = Plan::lock(&self.plan);
            plan.counts.served += 1;
            match batch {
                Batch::Write => plan.counts.unprocessed_items += split.count,
                Batch::Get => plan.counts.unprocessed_keys += split.count,
            }
        }
        debug!(
            ?batch,
            withheld = split.count,
            "fault proxy withholds batch items"
        );
        let Some(forwarded) = split.forwarded else {
            // Everything withheld: DynamoDB is not asked, as it would process nothing.
            let answer = batch.merge(batch.empty_answer(), split.withheld);
            return json_response(StatusCode::OK, Bytes::from(answer.to_string()));
        };
        let forwarded = Bytes::from(forwarded.to_string());
        set_length(&mut parts.headers, &forwarded);
        // The answer is rewritten, so it must come uncompressed.
        parts.headers.remove(ACCEPT_ENCODING);
        let response = self
            .forward(Request::from_parts(
                parts,
                Either::Right(Full::new(forwarded)),
            ))
            .await;
        if response.status() != StatusCode::OK {
            // The request failed as a whole (DynamoDB's error, or the proxy's): no items were
            // processed, and the client retries them all.
            return response;
        }
        let (mut parts, body) = response.into_parts();
        let body = match body {
            Either::Left(body) => match Limited::new(body, BODY_LIMIT).collect().await {
                Ok(body) => body.to_bytes(),
                Err(error) => {
                    return plain(
                        StatusCode::BAD_GATEWAY,
                        format!("the fault proxy could not read DynamoDB's answer: {error}"),
                    );
                }
            },
            Either::Right(_) => return plain(StatusCode::BAD_GATEWAY, "unexpected answer"),
        };
        let answer = match serde_json::from_slice::<Value>(&body) {
            Ok(answer @ Value::Object(_)) if !parts.headers.contains_key(CONTENT_ENCODING) => {
                answer
            }
            _ => {
                return plain(
                    StatusCode::BAD_GATEWAY,
                    "the fault proxy could not add the withheld items to DynamoDB's answer",
                );
            }
        };
        let answer = Bytes::from(batch.merge(answer, split.withheld).to_string());
        set_length(&mut parts.headers, &answer);
        // DynamoDB's checksum was of the body it sent.
        parts
            .headers
            .insert(CRC32, HeaderValue::from(crc32(&answer)));
        Response::from_parts(parts, Either::Right(Full::new(answer)))
    }
}

/// The batch operations whose items the proxy can withhold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Batch {
    /// `BatchWriteItem`: `RequestItems` maps each table to a list of write requests; the withheld
    /// ones go to `UnprocessedItems` in the same shape.
    Write,
    /// `BatchGetItem`: `RequestItems` maps each table to `{"Keys": [...], ...}`; the withheld keys
    /// go to `UnprocessedKeys` with the table's other attributes (projection, consistency).
    Get,
}

/// A batch request split into what is passed on and what is withheld.
#[derive(Debug)]
struct Split {
    /// The request without the withheld items; `None` when every item is withheld.
    forwarded: Option<Value>,
    /// Table name to its withheld items, in the shape of `UnprocessedItems`/`UnprocessedKeys`.
    withheld: Map<String, Value>,
    count: usize,
}

impl Batch {
    fn of(operation: &str) -> Option<Batch> {
        match operation {
            "BatchWriteItem" => Some(Batch::Write),
            "BatchGetItem" => Some(Batch::Get),
            _ => None,
        }
    }

    /// DynamoDB's limit of items in one request: a larger one is left for it to refuse.
    fn limit(self) -> usize {
        match self {
            Batch::Write => 25,
            Batch::Get => 100,
        }
    }

    fn unprocessed_field(self) -> &'static str {
        match self {
            Batch::Write => "UnprocessedItems",
            Batch::Get => "UnprocessedKeys",
        }
    }

    /// The items of one table's entry in `RequestItems`.
    fn items(self, entry: &Value) -> Option<&Vec<Value>> {
        match self {
            Batch::Write => entry.as_array(),
            Batch::Get => entry.get("Keys")?.as_array(),
        }
    }

    /// The table's entry with `items` in place of its own.
    fn with_items(self, entry: &Value, items: Vec<Value>) -> Value {
        match self {
            Batch::Write => Value::Array(items),
            Batch::Get => {
                let mut entry = entry.clone();
                if let Some(entry) = entry.as_object_mut() {
                    entry.insert("Keys".to_owned(), Value::Array(items));
                }
                entry
            }
        }
    }

    /// Splits a request body, each item withheld with probability `share`. `None` when the body
    /// is no batch request of this kind (malformed, or over DynamoDB's limits): it is passed on
    /// unchanged, for DynamoDB to answer.
    fn split(self, body: &[u8], share: f64, rng: &mut SplitMix64) -> Option<Split> {
        let mut request: Value = serde_json::from_slice(body).ok()?;
        let tables = request.get("RequestItems")?.as_object()?;
        let mut total = 0;
        for entry in tables.values() {
            total += self.items(entry)?.len();
        }
        if total == 0 || total > self.limit() {
            return None;
        }
        // Tables in name order, so the draws do not depend on the order the client wrote them in.
        let mut names: Vec<&String> = tables.keys().collect();
        names.sort();
        let mut kept_tables = Map::new();
        let mut withheld = Map::new();
        let mut count = 0;
        for name in names {
            let entry = tables.get(name)?;
            let (mut kept, mut held) = (Vec::new(), Vec::new());
            for item in self.items(entry)? {
                if rng.chance(share) {
                    held.push(item.clone());
                } else {
                    kept.push(item.clone());
                }
            }
            count += held.len();
            if !held.is_empty() {
                withheld.insert(name.clone(), self.with_items(entry, held));
            }
            // DynamoDB refuses a table with no items: a table all withheld is left out.
            if !kept.is_empty() {
                kept_tables.insert(name.clone(), self.with_items(entry, kept));
            }
        }
        let forwarded = if kept_tables.is_empty() {
            None
        } else {
            let object = request.as_object_mut()?;
            object.insert("RequestItems".to_owned(), Value::Object(kept_tables));
            Some(request)
        };
        Some(Split {
            forwarded,
            withheld,
            count,
        })
    }

    /// DynamoDB's answer to a batch of which nothing was processed.
    fn empty_answer(self) -> Value {
        let mut answer = Map::new();
        if self == Batch::Get {
            answer.insert("Responses".to_owned(), Value::Object(Map::new()));
        }
        Value::Object(answer)
    }

    /// Adds the withheld items to the unprocessed ones of `answer` (an object).
    fn merge(self, mut answer: Value, withheld: Map<String, Value>) -> Value {
        let Some(object) = answer.as_object_mut() else {
            return answer;
        };
        let unprocessed = object
            .entry(self.unprocessed_field())
            .or_insert_with(|| Value::Object(Map::new()));
        if !unprocessed.is_object() {
            // `null`, say: nothing unprocessed.
            *unprocessed = Value::Object(Map::new());
        }
        let Some(unprocessed) = unprocessed.as_object_mut() else {
            return answer;
        };
        for (table, held) in withheld {
            let existing = unprocessed.get_mut(&table).and_then(|entry| match self {
                Batch::Write => entry.as_array_mut(),
                Batch::Get => entry.get_mut("Keys")?.as_array_mut(),
            });
            let held_items = self.items(&held).cloned().unwrap_or_default();
            match existing {
                Some(existing) => existing.extend(held_items),
                None => {
                    unprocessed.insert(table, held);
                }
            }
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn write_request(tables: &[(&str, usize)]) -> Vec<u8> {
        let mut items = Map::new();
        for (table, n) in tables {
            let requests: Vec<Value> = (0..*n)
                .map(|i| json!({"PutRequest": {"Item": {"pk": {"S": format!("{table}-{i}")}}}}))
                .collect();
            items.insert((*table).to_owned(), Value::Array(requests));
        }
        json!({"RequestItems": items, "ReturnConsumedCapacity": "TOTAL"})
            .to_string()
            .into_bytes()
    }

    fn get_request(n: usize) -> Vec<u8> {
        let keys: Vec<Value> = (0..n)
            .map(|i| json!({"pk": {"S": i.to_string()}}))
            .collect();
        json!({"RequestItems": {"t": {
            "Keys": keys,
            "ProjectionExpression": "#p",
            "ExpressionAttributeNames": {"#p": "pk"},
            "ConsistentRead": true,
        }}})
        .to_string()
        .into_bytes()
    }

    fn all_items(batch: Batch, tables: Option<&Value>) -> Vec<Value> {
        tables
            .and_then(Value::as_object)
            .map(|tables| {
                tables
                    .values()
                    .flat_map(|entry| batch.items(entry).cloned().unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn crc32_is_dynamodbs() {
        // DynamoDB Local's `x-amz-crc32` of its answer to ListTables.
        assert_eq!(crc32(br#"{"TableNames":[]}"#), 1_315_925_753);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn splitmix64_is_seeded_and_chance_respects_the_bounds() {
        let draws = |seed| {
            let mut rng = SplitMix64(seed);
            (0..8).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draws(42), draws(42));
        assert_ne!(draws(42), draws(43));
        let mut rng = SplitMix64(7);
        assert!((0..1000).all(|_| rng.chance(1.0)));
        assert!((0..1000).all(|_| !rng.chance(0.0)));
        let hits = (0..10_000).filter(|_| rng.chance(0.3)).count();
        assert!((2_700..3_300).contains(&hits), "{hits}");
    }

    #[test]
    fn rates_clamp_and_name_operations() {
        assert_eq!(Rate::new(f64::NAN).share(), 0.0);
        assert_eq!(Rate::new(-1.0).share(), 0.0);
        let rate = Rate::new(0.5).only([Operation::BatchWriteItem]);
        assert!(rate.applies("BatchWriteItem"));
        assert!(!rate.applies("PutItem"));
        assert!(Rate::new(0.5).applies("PutItem"));
        assert!(!Rate::new(0.0).applies("PutItem"));
    }

    #[test]
    fn split_partitions_each_tables_write_requests() {
        let body = write_request(&[("a", 10), ("b", 15)]);
        let split = Batch::Write.split(&body, 0.3, &mut SplitMix64(42)).unwrap();
        let forwarded = split.forwarded.unwrap();
        assert_eq!(forwarded["ReturnConsumedCapacity"], "TOTAL");
        let kept = all_items(Batch::Write, forwarded.get("RequestItems"));
        let held = all_items(Batch::Write, Some(&Value::Object(split.withheld.clone())));
        assert_eq!(held.len(), split.count);
        assert_eq!(kept.len() + held.len(), 25);
        assert!(!held.is_empty() && !kept.is_empty());
        for item in &held {
            assert!(!kept.contains(item));
        }
        // The same seed withholds the same items.
        let again = Batch::Write.split(&body, 0.3, &mut SplitMix64(42)).unwrap();
        assert_eq!(again.withheld, split.withheld);
    }

    #[test]
    fn everything_withheld_forwards_nothing_and_answers_all_unprocessed() {
        let body = write_request(&[("a", 3)]);
        let split = Batch::Write.split(&body, 1.0, &mut SplitMix64(1)).unwrap();
        assert!(split.forwarded.is_none());
        let answer = Batch::Write.merge(Batch::Write.empty_answer(), split.withheld);
        assert_eq!(answer["UnprocessedItems"]["a"].as_array().unwrap().len(), 3);

        let split = Batch::Get
            .split(&get_request(4), 1.0, &mut SplitMix64(1))
            .unwrap();
        let answer = Batch::Get.merge(Batch::Get.empty_answer(), split.withheld);
        assert_eq!(answer["Responses"], json!({}));
        let unprocessed = &answer["UnprocessedKeys"]["t"];
        assert_eq!(unprocessed["Keys"].as_array().unwrap().len(), 4);
        assert_eq!(unprocessed["ProjectionExpression"], "#p");
        assert_eq!(unprocessed["ExpressionAttributeNames"], json!({"#p": "pk"}));
        assert_eq!(unprocessed["ConsistentRead"], true);
    }

    #[test]
    fn merge_adds_to_dynamodbs_own_unprocessed() {
        let withheld = Map::from_iter([("a".to_owned(), json!([{"n": 2}]))]);
        let answer = json!({"UnprocessedItems": {"a": [{"n": 1}], "b": [{"n": 3}]}});
        let merged = Batch::Write.merge(answer, withheld);
        assert_eq!(
            merged["UnprocessedItems"],
            json!({"a": [{"n": 1}, {"n": 2}], "b": [{"n": 3}]})
        );

        let withheld = Map::from_iter([(
            "t".to_owned(),
            json!({"Keys": [{"k": 2}], "ConsistentRead": true}),
        )]);
        let answer = json!({"Responses": {"t": []}, "UnprocessedKeys": null});
        let merged = Batch::Get.merge(answer, withheld.clone());
        assert_eq!(merged["UnprocessedKeys"]["t"], withheld["t"]);
        let answer =
            json!({"UnprocessedKeys": {"t": {"Keys": [{"k": 1}], "ConsistentRead": true}}});
        let merged = Batch::Get.merge(answer, withheld);
        assert_eq!(
            merged["UnprocessedKeys"]["t"]["Keys"],
            json!([{"k": 1}, {"k": 2}])
        );
    }

    #[test]
    fn malformed_or_oversized_requests_are_passed_on() {
        let mut rng = SplitMix64(3);
        for body in [
            &b""[..],
            b"not json",
            b"[]",
            b"{}",
            b"{\"RequestItems\": 3}",
            b"{\"RequestItems\": {\"t\": {\"Keys\": 1}}}",
            b"{\"RequestItems\": {\"t\": 5}}",
            b"{\"RequestItems\": {}}",
            b"{\"RequestItems\": {\"t\": []}}",
        ] {
            assert!(Batch::Write.split(body, 1.0, &mut rng).is_none());
            assert!(Batch::Get.split(body, 1.0, &mut rng).is_none());
        }
        assert!(
            Batch::Write
                .split(&write_request(&[("a", 26)]), 1.0, &mut rng)
                .is_none()
        );
        assert!(Batch::Get.split(&get_request(101), 1.0, &mut rng).is_none());
        // Merging into an answer that is no object leaves it alone.
        assert_eq!(Batch::Write.merge(json!(3), Map::new()), json!(3));
    }

    #[test]
    fn decisions_follow_the_seed_and_injected_faults_come_first() {
        let rates = FaultRates::seeded(9)
            .throttle(0.5)
            .latency(Duration::from_millis(1), 0.5)
            .unprocessed(0.5);
        let run = || {
            let mut plan = Plan {
                rates: Some((rates.clone(), SplitMix64(rates.seed()))),
                ..Plan::default()
            };
            (0..20)
                .map(|_| {
                    let decision = plan.decide("BatchWriteItem");
                    (
                        decision.fault,
                        decision.delay,
                        decision.withhold.map(|(_, mut rng)| rng.next_u64()),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(run(), run());

        let mut plan = Plan {
            rates: Some((rates.clone(), SplitMix64(1))),
            ..Plan::default()
        };
        plan.pending
            .push((Operation::PutItem, Fault::ResetAfterForwarding, 1));
        assert_eq!(
            plan.decide("PutItem").fault,
            Some(Fault::ResetAfterForwarding)
        );
        assert_eq!(plan.counts.resets_after_forwarding, 1);
        // Unprocessed applies to batches only.
        assert!((0..20).all(|_| plan.decide("PutItem").withhold.is_none()));
    }
}
