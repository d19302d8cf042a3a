//! Every request runs in a `dynamodb` span (operation, table, index, capacity consumed, items
//! read or written; batches also their attempts), and no attribute value appears in any span or
//! event of aiodynamo's, at TRACE.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use aiodynamo::local::mock_dynamodb;
use aiodynamo::prelude::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::crud::{alice, order};
use aiodynamo_tests::models::*;

/// A span or event as seen: its target, name and every field as text.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    name: String,
    fields: Vec<(String, String)>,
}

/// A subscriber at TRACE that keeps everything it sees, and which span is entered (one test
/// thread: a stack), so that `Span::current()` finds it.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<Seen>>>,
    metadata: Arc<Mutex<Vec<&'static Metadata<'static>>>>,
    entered: Arc<Mutex<Vec<Id>>>,
    events: Arc<Mutex<Vec<Seen>>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Vec::new();
        attributes.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(Seen {
            target: attributes.metadata().target().to_owned(),
            name: attributes.metadata().name().to_owned(),
            fields,
        });
        self.metadata.lock().unwrap().push(attributes.metadata());
        self.next.fetch_add(1, Ordering::Relaxed);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        if let Some(seen) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Fields(&mut seen.fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(Seen {
            target: event.metadata().target().to_owned(),
            name: event.metadata().name().to_owned(),
            fields,
        });
    }

    fn enter(&self, span: &Id) {
        self.entered.lock().unwrap().push(span.clone());
    }

    fn exit(&self, span: &Id) {
        let mut entered = self.entered.lock().unwrap();
        if let Some(position) = entered.iter().rposition(|id| id == span) {
            entered.remove(position);
        }
    }

    fn current_span(&self) -> tracing_core::span::Current {
        let entered = self.entered.lock().unwrap();
        let metadata = self.metadata.lock().unwrap();
        match entered.last() {
            Some(id) => match metadata.get(id.into_u64() as usize - 1) {
                Some(meta) => tracing_core::span::Current::new(id.clone(), meta),
                None => tracing_core::span::Current::none(),
            },
            None => tracing_core::span::Current::none(),
        }
    }
}

const SECRET: &str = "123-45-6789";

fn field<'a>(seen: &'a Seen, name: &str) -> Option<&'a str> {
    seen.fields
        .iter()
        .rev()
        .find(|(field, _)| field == name)
        .map(|(_, value)| value.as_str())
}

#[tokio::test]
async fn every_request_has_a_span_with_what_it_did_and_no_value_anywhere() {
    let db = mock_dynamodb::<(User, ComplexOrder)>().await.unwrap();
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());

    let user = User {
        name: SECRET.into(),
        ..alice()
    };
    db.put(&user).send().await.unwrap();
    db.get(User::key("u1")).send().await.unwrap();
    db.update(User::key("u1"), [attr!(User, login_count).add(1)])
        .condition(attr!(User, name).eq(SECRET))
        .send()
        .await
        .unwrap();
    let refused = db
        .put(&user)
        .condition(attr!(User, name).ne(SECRET))
        .send()
        .await;
    assert!(refused.is_err());
    db.put(&order()).send().await.unwrap();
    db.query(ComplexOrder::BY_CUSTOMER.partition(order().customer_id.as_str()))
        .all()
        .await
        .unwrap();
    db.batch_write()
        .put(&User {
            user_id: "u2".into(),
            ..user.clone()
        })
        .send()
        .await
        .unwrap();
    db.batch_get([User::key("u1"), User::key("u2")])
        .send()
        .await
        .unwrap();
    db.transact_write()
        .push(db.update(User::key("u2"), [attr!(User, name).set(SECRET)]))
        .send()
        .await
        .unwrap();
    drop(guard);

    let spans = capture.spans.lock().unwrap().clone();
    let ours: Vec<&Seen> = spans
        .iter()
        .filter(|seen| seen.target.starts_with("aiodynamo"))
        .collect();
    let operation = |name: &str| {
        ours.iter()
            .find(|seen| seen.name == "dynamodb" && field(seen, "operation") == Some(name))
            .unwrap_or_else(|| panic!("no span for {name}: {ours:#?}"))
    };
    let put = operation("PutItem");
    assert_eq!(field(put, "table"), Some(db.table_name::<User>().as_str()));
    assert_eq!(field(put, "items"), Some("1"));
    assert!(field(put, "consumed_capacity").is_some(), "{put:?}");
    assert_eq!(field(operation("GetItem"), "items"), Some("1"));
    assert!(field(operation("UpdateItem"), "consumed_capacity").is_some());
    let query = operation("Query");
    assert_eq!(field(query, "index"), Some("by_customer"));
    assert_eq!(field(query, "items"), Some("1"));
    assert_eq!(field(operation("BatchWriteItem"), "items"), Some("1"));
    assert_eq!(field(operation("BatchGetItem"), "items"), Some("2"));
    assert_eq!(field(operation("TransactWriteItems"), "items"), Some("1"));
    let batch = ours
        .iter()
        .find(|seen| seen.name == "dynamodb.batch")
        .expect("a batch span");
    assert_eq!(field(batch, "attempts"), Some("1"));
    assert_eq!(field(batch, "unprocessed"), Some("0"));

    let events = capture.events.lock().unwrap().clone();
    let everything: Vec<&Seen> = ours
        .into_iter()
        .chain(
            events
                .iter()
                .filter(|seen| seen.target.starts_with("aiodynamo")),
        )
        .collect();
    for seen in everything {
        for (name, value) in &seen.fields {
            assert!(!value.contains(SECRET), "{name} = {value} in {seen:?}");
        }
    }
}
