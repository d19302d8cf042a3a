//! What no input may do: abort the process, put a stored value in an error's text, or send a
//! request that cannot succeed.

use std::io::{Read, Write};

use aiodynamo::local::{DynamoDbLocal, FaultProxy, mock_dynamodb};
use aiodynamo::prelude::*;
use aiodynamo::{Condition, Operation};
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

use crate::crud::{alice, raw_item};
use aiodynamo_tests::models::*;

/// A `Db` for rendering only: nothing is sent.
fn offline() -> Db {
    Db::new(aiodynamo::sdk::Client::from_conf(
        aiodynamo::sdk::Config::builder()
            .behavior_version_latest()
            .build(),
    ))
}

/// Runs `test` on a thread with a 2 MiB stack, as small as a worker thread's: deep recursion
/// would overflow it and abort the process.
fn on_small_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(test)
        .unwrap()
        .join()
        .unwrap();
}

fn unequal(i: u64) -> Condition<User> {
    attr!(User, login_count).ne(i)
}

#[test]
fn a_hundred_thousand_conditions_are_an_error_not_a_stack_overflow() {
    on_small_stack(|| {
        const N: u64 = 100_000;
        let folds = [
            ("left", (0..N).map(unequal).reduce(|a, b| a & b).unwrap()),
            (
                "right",
                (0..N).map(unequal).rev().reduce(|a, b| b & a).unwrap(),
            ),
            ("not", (0..N).fold(unequal(0), |condition, _| !condition)),
        ];
        for (shape, condition) in folds {
            let copy = condition.clone();
            assert!(format!("{copy:?}").starts_with("Condition"));
            let update = offline()
                .update(User::key("u1"), [attr!(User, name).set("x")])
                .condition(condition);
            match update.render().unwrap_err() {
                Error::InvalidRequest { message, .. } => assert!(
                    message.contains("the condition expression is")
                        && message.contains("DynamoDB takes at most 4096"),
                    "{shape}: {message}"
                ),
                other => panic!("{shape}: {other:?}"),
            }
            drop(update);
        }
    });
}

#[test]
fn conditions_keep_their_grouping_and_placeholder_order() {
    let condition = (unequal(1) | unequal(2)) & !(unequal(3) & unequal(4));
    let rendered = offline()
        .delete(User::key("u1"))
        .condition(condition)
        .render()
        .unwrap();
    assert_eq!(
        rendered.condition_expression.as_deref(),
        Some("(#n0 <> :v0 OR #n0 <> :v1) AND (NOT (#n0 <> :v2 AND #n0 <> :v3))")
    );
    assert_eq!(rendered.values[":v2"], AttributeValue::N("3".into()));
}

#[table("trees", hash_key = "id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Tree {
    id: String,
    root: Node,
}

/// A chain of `depth` nodes: node k is a map held by k levels (the item is the first), and its
/// empty `children` list one level further down.
fn tree(depth: usize) -> Tree {
    let leaf = Node {
        label: "leaf".into(),
        children: vec![],
        next: None,
    };
    let root = (1..depth).fold(leaf, |next, _| Node {
        label: "node".into(),
        children: vec![],
        next: Some(Box::new(next)),
    });
    Tree {
        id: "t1".into(),
        root,
    }
}

#[tokio::test]
async fn documents_deeper_than_32_levels_are_refused_before_sending() {
    let proxy = FaultProxy::start(DynamoDbLocal::shared().await.unwrap())
        .await
        .unwrap();
    let db = Db::new(aiodynamo::sdk::Client::from_conf(proxy.config().build()))
        .with_table_prefix("hardening-depth-");
    db.create_table::<Tree>().send().await.unwrap();

    // 30 nodes: the deepest container (the last node's `children`) is at level 32, the most
    // DynamoDB stores.
    db.put(&tree(30)).send().await.unwrap();
    assert_eq!(
        db.get(Tree::key("t1")).send().await.unwrap(),
        Some(tree(30))
    );

    let sent = proxy.requests();
    for depth in [31, 40, 10_000] {
        match put_error(&db, tree(depth)) {
            Error::Encode { source, .. } => {
                let text = source.to_string();
                assert!(
                    text.contains("nested deeper than the 32 levels DynamoDB allows"),
                    "{text}"
                );
                assert!(text.starts_with("cannot encode root.next.next."), "{text}");
            }
            other => panic!("{depth}: {other:?}"),
        }
    }
    assert_eq!(proxy.requests(), sent, "nothing was sent");
}

/// Prepares a put of `tree` and returns the error. A 10,000-deep `Tree` is leaked rather than
/// dropped: std's drop of nested boxes recurses as deep as they go, whatever aiodynamo does.
fn put_error(db: &Db, tree: Tree) -> Error {
    let prepared = db.put(&tree).prepare();
    std::mem::forget(tree);
    prepared.map(drop).unwrap_err()
}

#[tokio::test]
async fn the_fault_proxy_answers_a_connect_request_and_keeps_serving() {
    let proxy = FaultProxy::start(DynamoDbLocal::shared().await.unwrap())
        .await
        .unwrap();
    let address = proxy.endpoint().trim_start_matches("http://").to_owned();
    let response = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .write_all(b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
            .unwrap();
        let mut response = vec![0; 64];
        let read = stream.read(&mut response).unwrap();
        String::from_utf8_lossy(&response[..read]).into_owned()
    })
    .await
    .unwrap();
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");

    let client = aiodynamo::sdk::Client::from_conf(proxy.config().build());
    client.list_tables().send().await.unwrap();
}

#[tokio::test]
async fn an_applied_write_whose_returned_item_does_not_decode_says_it_was_applied() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let table = db.table_name::<User>();
    // Another program stores a number where the model has a string.
    db.client()
        .put_item()
        .table_name(&table)
        .item("user_id", AttributeValue::S("u1".into()))
        .item("name", AttributeValue::N("7".into()))
        .item("login_count", AttributeValue::N("0".into()))
        .send()
        .await
        .unwrap();
    let error = db
        .update(User::key("u1"), [attr!(User, login_count).add(1)])
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap_err();
    assert!(error.was_applied(), "{error:?}");
    match &error {
        Error::DecodeAfterWrite { source, .. } => {
            assert_eq!(
                source.to_string(),
                "name: expected string (S), found number (N)"
            )
        }
        other => panic!("expected DecodeAfterWrite, got {other:?}"),
    }
    assert!(
        error.to_string().contains("the write was applied"),
        "{error}"
    );
    let stored = raw_item(&db, &table, User::key("u1").to_item().unwrap()).await;
    assert_eq!(stored["login_count"], AttributeValue::N("1".into()));
}

const SECRET: &str = "123-45-6789";

#[tokio::test]
async fn errors_and_partials_never_show_stored_values() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let user = User {
        name: SECRET.into(),
        ..alice()
    };
    db.put(&user).send().await.unwrap();

    let error = db
        .put(&user)
        .condition(attr!(User, user_id).not_exists())
        .send()
        .await
        .unwrap_err();
    for text in [
        format!("{error:?}"),
        error.to_string(),
        format!("{error:#?}"),
    ] {
        assert!(!text.contains(SECRET), "{text}");
    }
    assert!(matches!(error, Error::ConditionalCheckFailed { .. }));
    assert_eq!(error.old_item::<User>().unwrap(), Some(user.clone()));
    let stored = error.stored_item().unwrap();
    assert_eq!(stored.as_raw()["name"], AttributeValue::S(SECRET.into()));
    assert!(!format!("{stored:?}").contains(SECRET));

    let partial = db
        .get(User::key("u1"))
        .projection((attr!(User, name), attr!(User, login_count)))
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        partial.get(attr!(User, name)).unwrap().as_deref(),
        Some(SECRET)
    );
    assert_eq!(
        format!("{partial:?}"),
        r#"Partial { attributes: ["login_count", "name"] }"#
    );

    // Decode errors name the kind of value found, not the value.
    let mut item = aiodynamo::codec::to_item(&shipment()).unwrap();
    item.insert("status".into(), AttributeValue::S(SECRET.into()));
    let error = aiodynamo::codec::from_item::<Shipment>(item).unwrap_err();
    assert!(!error.to_string().contains(SECRET), "{error}");
    assert!(
        error.to_string().starts_with("status: unknown variant"),
        "{error}"
    );

    // Update actions and conditions show paths, not values.
    let action = attr!(User, name).set(SECRET);
    let condition = attr!(User, name).eq(SECRET);
    for text in [format!("{action:?}"), format!("{condition:?}")] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(text.contains("name"), "{text}");
    }
}

fn shipment() -> Shipment {
    Shipment {
        region: Region::EuWest1,
        seq: 1,
        weight_kg: 1.0,
        status: Status::Active,
    }
}

#[test]
fn every_setting_survives_every_way_of_deriving_a_db() {
    let client = offline().client().clone();
    let policy = aiodynamo::RetryPolicy::default().max_attempts(3);
    let db = Db::builder(client)
        .table_prefix("p-")
        .retry_policy(policy.clone())
        .build();
    let prefixed = db.with_table_prefix("q-");
    assert_eq!(prefixed.table_prefix(), "q-");
    assert_eq!(prefixed.retry_policy(), &policy);
    let retried = prefixed.with_retry_policy(policy.clone().max_attempts(9));
    assert_eq!(retried.table_prefix(), "q-");
    assert_eq!(retried.retry_policy().max_attempts, 9);
    assert_eq!(retried.clone().table_name::<User>(), "q-users");
    assert_eq!(Db::new(offline().client().clone()).table_prefix(), "");
}

#[tokio::test]
async fn prepared_writes_become_transaction_items_and_batch_requests() {
    let db = mock_dynamodb::<(User, ComplexOrder)>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let carol = User {
        user_id: "u3".into(),
        ..alice()
    };
    db.put(&carol).send().await.unwrap();
    let bob = User {
        user_id: "u2".into(),
        ..alice()
    };
    let items = vec![
        db.put(&bob)
            .condition(attr!(User, user_id).not_exists())
            .prepare()
            .unwrap()
            .into_transact_write_item()
            .unwrap(),
        db.update(User::key("u1"), [attr!(User, login_count).add(1)])
            .prepare()
            .unwrap()
            .into_transact_write_item()
            .unwrap(),
        db.check(User::key("u3"), attr!(User, name).eq("Alice"))
            .prepare()
            .unwrap()
            .into_transact_write_item()
            .unwrap(),
        db.delete(ComplexOrder::key("o1", "t"))
            .prepare()
            .unwrap()
            .into_transact_write_item()
            .unwrap(),
    ];
    db.client()
        .transact_write_items()
        .set_transact_items(Some(items))
        .send()
        .await
        .unwrap();
    assert_eq!(db.get(User::key("u2")).send().await.unwrap(), Some(bob));
    let u1 = db.get(User::key("u1")).send().await.unwrap().unwrap();
    assert_eq!(u1.login_count, alice().login_count + 1);

    let requests = [
        db.delete(User::key("u2"))
            .prepare()
            .unwrap()
            .into_write_request()
            .unwrap(),
        db.put(&crate::crud::order())
            .prepare()
            .unwrap()
            .into_write_request()
            .unwrap(),
    ];
    let output = db
        .client()
        .batch_write_item()
        .request_items(db.table_name::<User>(), requests[..1].to_vec())
        .request_items(db.table_name::<ComplexOrder>(), requests[1..].to_vec())
        .send()
        .await
        .unwrap();
    assert!(
        output
            .unprocessed_items()
            .is_none_or(|left| left.is_empty())
    );
    assert_eq!(db.get(User::key("u2")).send().await.unwrap(), None);
    assert_eq!(
        db.get(crate::crud::order().key()).send().await.unwrap(),
        Some(crate::crud::order())
    );

    // What a transaction or batch cannot carry is refused, naming the reason.
    let returning = db.put(&alice()).return_values(ReturnValues::AllOld);
    match returning.prepare().unwrap().into_transact_write_item() {
        Err(Error::InvalidRequest { message, origin }) => {
            assert_eq!(origin.operation(), Operation::PutItem);
            assert!(message.contains("returns no attributes"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let conditional = db
        .delete(User::key("u1"))
        .condition(attr!(User, name).exists());
    match conditional.prepare().unwrap().into_write_request() {
        Err(Error::InvalidRequest { message, .. }) => {
            assert!(message.contains("cannot carry a condition"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn must_exist_refuses_to_create_a_half_item() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let error = db
        .update(User::key("ghost"), [attr!(User, login_count).add(1)])
        .must_exist()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ConditionalCheckFailed { item: None, .. }),
        "{error:?}"
    );
    let raw = db
        .client()
        .get_item()
        .table_name(db.table_name::<User>())
        .set_key(Some(User::key("ghost").to_item().unwrap()))
        .send()
        .await
        .unwrap();
    assert!(raw.item.is_none(), "no half item was created");

    db.put(&alice()).send().await.unwrap();
    let updated = db
        .update(User::key("u1"), [attr!(User, login_count).add(1)])
        .must_exist()
        .condition(attr!(User, name).eq("Alice"))
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.login_count, alice().login_count + 1);
}
