//! Faults DynamoDB Local cannot produce, injected by a proxy in front of it.
//!
//! Everything else passes through to the real emulator unchanged, so a test sees DynamoDB's own
//! behaviour except for the faults it asked for.

use std::convert::Infallible;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use http_body_util::{Either, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
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
}

impl Fault {
    fn response(self) -> Response<Full<Bytes>> {
        let (error_type, message) = match self {
            Fault::Throttle => (
                "ThrottlingException",
                "Rate of requests exceeds the allowed throughput.",
            ),
        };
        let body = format!(
            r#"{{"__type":"com.amazonaws.dynamodb.v20120810#{error_type}","message":"{message}"}}"#
        );
        let mut response = Response::new(Full::new(Bytes::from(body)));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-amz-json-1.0"),
        );
        response
    }
}

/// Faults still to serve, and how many requests and faults were served.
#[derive(Debug, Default)]
struct Plan {
    pending: Vec<(Operation, Fault, usize)>,
    served: usize,
    requests: usize,
}

impl Plan {
    fn lock(plan: &Mutex<Plan>) -> MutexGuard<'_, Plan> {
        // The plan is a list and a counter: a panic elsewhere cannot leave it half-changed.
        plan.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a request of `operation`; the fault to answer it with, if one is pending.
    fn take(&mut self, operation: &str) -> Option<Fault> {
        self.requests += 1;
        let (_, fault, remaining) = self
            .pending
            .iter_mut()
            .find(|(pending, _, remaining)| *remaining > 0 && pending.to_string() == operation)?;
        *remaining -= 1;
        self.served += 1;
        Some(*fault)
    }
}

/// An HTTP proxy on a loopback port in front of a [`DynamoDbLocal`]: requests pass through,
/// except those [`inject`](Self::inject) chose to fail. Stops when dropped.
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
    pub fn inject(&self, operation: Operation, fault: Fault, times: usize) {
        self.lock().pending.push((operation, fault, times));
    }

    /// How many requests were answered with a fault so far.
    pub fn served(&self) -> usize {
        self.lock().served
    }

    /// How many requests reached the proxy so far, faulted or passed on: zero after a call
    /// that aiodynamo refused before sending.
    pub fn requests(&self) -> usize {
        self.lock().requests
    }

    /// The proxy's `http://127.0.0.1:port`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The SDK configuration of a client that talks to DynamoDB Local through the proxy (set its
    /// retry configuration here to see how retries meet the faults).
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

/// The proxy's request handling: fail by plan, else pass on.
#[derive(Clone)]
struct Forward {
    upstream: Uri,
    client: Client<HttpConnector, Incoming>,
    plan: Arc<Mutex<Plan>>,
}

type ProxyResponse = Response<Either<Incoming, Full<Bytes>>>;

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
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            let forward = self.clone();
            connections.spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let forward = forward.clone();
                    async move { Ok::<_, Infallible>(forward.handle(request).await) }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                if let Err(error) = connection.await {
                    debug!(%error, "fault proxy connection ended");
                }
            });
        }
    }

    async fn handle(&self, mut request: Request<Incoming>) -> ProxyResponse {
        // DynamoDB's JSON protocol names the operation in `X-Amz-Target: DynamoDB_20120810.PutItem`.
        let operation = request
            .headers()
            .get("x-amz-target")
            .and_then(|target| target.to_str().ok())
            .and_then(|target| target.rsplit('.').next())
            .unwrap_or_default();
        let fault = Plan::lock(&self.plan).take(operation);
        if let Some(fault) = fault {
            debug!(operation, ?fault, "fault proxy injects a fault");
            return fault.response().map(Either::Right);
        }
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
}
