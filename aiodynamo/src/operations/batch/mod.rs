//! Batches: any number of keys to read or items to write, split into DynamoDB's requests (100
//! keys, 25 writes), sent `concurrency` at a time, in rounds under the retry policy (exponential
//! backoff, full jitter; the SDK itself does not retry them, so `max_attempts` counts every
//! attempt once). What DynamoDB leaves unprocessed goes again in the next round, and so does a
//! whole request that was throttled, met a server error or went unanswered: reads and batch
//! writes are idempotent, so sending them again is safe. What is still not done when the
//! attempts run out is [`Error::Unprocessed`], exactly those keys or items.

mod get;
mod write;

use std::future::Future;

use futures_util::stream::{self, StreamExt};
use tracing::Instrument;

pub use get::{BatchGet, BatchKeys, OneModel, SeveralModels};
pub use write::BatchWrite;

use crate::error::Error;
use crate::request::Failed;
use crate::request::RetryPolicy;

/// Requests in flight at once, unless `.concurrency(n)` says otherwise.
const DEFAULT_CONCURRENCY: usize = 8;

/// How a batch is sent: how many requests at once, under which retry policy.
#[derive(Debug, Clone)]
struct Sending {
    concurrency: usize,
    policy: RetryPolicy,
}

impl Sending {
    fn new(policy: &RetryPolicy) -> Self {
        Sending {
            concurrency: DEFAULT_CONCURRENCY,
            policy: policy.clone(),
        }
    }

    /// Sends `pending` in chunks of `chunk`, `concurrency` at a time, in rounds: what a round
    /// leaves unprocessed, or a request that failed for a passing reason, goes again after the
    /// policy's backoff. What is left when the attempts are spent.
    async fn rounds<J: Clone, F, Fut>(
        &self,
        mut pending: Vec<J>,
        chunk: usize,
        send: F,
    ) -> Result<Vec<J>, Error>
    where
        F: Fn(Vec<J>) -> Fut,
        Fut: Future<Output = Result<Vec<J>, Failed>>,
    {
        // The batch's own span, around its requests' spans: how many rounds it took, and what
        // was left.
        let span = tracing::debug_span!(
            "dynamodb.batch",
            attempts = tracing::field::Empty,
            unprocessed = tracing::field::Empty,
        );
        let rounds = async {
            // A policy's fields are public: at least one attempt, whatever they say.
            for attempt in 1..=self.policy.max_attempts.max(1) {
                if pending.is_empty() {
                    break;
                }
                span.record("attempts", attempt);
                if attempt > 1 {
                    tokio::time::sleep(self.policy.delay(attempt - 1)).await;
                }
                let mut chunks = Vec::with_capacity(pending.len().div_ceil(chunk));
                let mut rest = std::mem::take(&mut pending).into_iter();
                loop {
                    let next: Vec<J> = rest.by_ref().take(chunk).collect();
                    if next.is_empty() {
                        break;
                    }
                    chunks.push(next);
                }
                let mut sent = stream::iter(chunks)
                    .map(|chunk| {
                        // Kept to send again if the request fails for a passing reason: the SDK
                        // consumes what it sends.
                        let again = chunk.clone();
                        let answer = send(chunk);
                        async move { (answer.await, again) }
                    })
                    .buffer_unordered(self.concurrency.max(1));
                while let Some((answer, again)) = sent.next().await {
                    match answer {
                        Ok(left) => pending.extend(left),
                        Err(Failed { again: true, .. }) => pending.extend(again),
                        Err(Failed { error, .. }) => return Err(error),
                    }
                }
            }
            span.record("unprocessed", pending.len() as u64);
            Ok(pending)
        };
        rounds.instrument(span.clone()).await
    }
}
