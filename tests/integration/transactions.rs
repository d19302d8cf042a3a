//! Write and read transactions against DynamoDB Local: all or nothing, reasons per item in the
//! order pushed, idempotency tokens, typed reads, and the rules checked before sending.

use aiodynamo::local::mock_dynamodb;
use aiodynamo::prelude::*;
use aiodynamo::{CancellationCode, Operation};

use crate::crud::{alice, order};
use aiodynamo_tests::models::*;

fn user(id: &str, name: &str) -> User {
    User {
        user_id: id.into(),
        name: name.into(),
        email: None,
        login_count: 0,
        roles: Default::default(),
        address: None,
    }
}

async fn stored(db: &Db, id: &str) -> Option<User> {
    db.get(User::key(id)).send().await.unwrap()
}

#[tokio::test]
async fn several_puts_are_applied_together() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let users = [user("u1", "Ann"), user("u2", "Ben"), user("u3", "Cy")];
    db.transact_write()
        .extend(users.iter().map(|user| db.put(user)))
        .send()
        .await
        .unwrap();
    for expected in &users {
        assert_eq!(
            stored(&db, &expected.user_id).await.as_ref(),
            Some(expected)
        );
    }
}

#[tokio::test]
async fn put_update_delete_and_check_in_one_transaction() {
    let db = mock_dynamodb::<(User, ComplexOrder)>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    db.put(&user("u2", "Ben")).send().await.unwrap();
    db.put(&user("u3", "Cy")).send().await.unwrap();
    let order = order();
    db.transact_write()
        .push(
            db.put(&order)
                .condition(attr!(ComplexOrder, order_id).not_exists()),
        )
        .push(db.update(User::key("u1"), [attr!(User, login_count).add(1)]))
        .push(db.delete(User::key("u2")))
        .push(db.check(User::key("u3"), attr!(User, name).exists()))
        .send()
        .await
        .unwrap();
    let read = db
        .get(ComplexOrder::key(&order.order_id, &order.created_at))
        .send()
        .await
        .unwrap();
    assert_eq!(read, Some(order));
    assert_eq!(stored(&db, "u1").await.unwrap().login_count, 4);
    assert_eq!(stored(&db, "u2").await, None);
    assert_eq!(stored(&db, "u3").await, Some(user("u3", "Cy")));
}

#[tokio::test]
async fn one_failed_condition_cancels_everything_with_reasons_in_order() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let mut secret = alice();
    secret.email = Some("123-45-6789".into());
    db.put(&secret).send().await.unwrap();
    db.put(&user("u3", "Cy")).send().await.unwrap();
    let error = db
        .transact_write()
        .push(db.put(&user("u9", "New")))
        .push(
            db.update(User::key("u1"), [attr!(User, login_count).add(1)])
                .condition(attr!(User, login_count).eq(99)),
        )
        .push(db.delete(User::key("u3")))
        .send()
        .await
        .unwrap_err();
    let Error::TransactionCanceled { origin, reasons } = &error else {
        panic!("expected a cancelled transaction: {error:?}");
    };
    assert_eq!(origin.operation(), Operation::TransactWriteItems);
    assert_eq!(origin.tables().len(), 1);
    let codes: Vec<Option<CancellationCode>> = reasons.iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [None, Some(CancellationCode::ConditionalCheckFailed), None]
    );
    assert_eq!(reasons[1].item::<User>().unwrap(), Some(secret.clone()));
    assert_eq!(reasons[0].item::<User>().unwrap(), None);
    // Nothing was applied.
    assert_eq!(stored(&db, "u9").await, None);
    assert_eq!(stored(&db, "u1").await, Some(secret));
    assert_eq!(stored(&db, "u3").await, Some(user("u3", "Cy")));
    // The stored values stay out of Display and Debug.
    let display = error.to_string();
    let debug = format!("{error:?} {reasons:?}");
    assert!(
        display.ends_with("transaction cancelled: [0] none, [1] ConditionalCheckFailed, [2] none"),
        "{display}"
    );
    for text in [&display, &debug] {
        assert!(!text.contains("123-45-6789"), "{text}");
        assert!(!text.contains("Oslo"), "{text}");
    }
}

#[tokio::test]
async fn a_failed_condition_check_alone_cancels() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let error = db
        .transact_write()
        .push(db.check(User::key("u1"), attr!(User, name).eq("Bob")))
        .send()
        .await
        .unwrap_err();
    let Error::TransactionCanceled { reasons, .. } = &error else {
        panic!("expected a cancelled transaction: {error:?}");
    };
    assert_eq!(reasons.len(), 1);
    assert_eq!(
        reasons[0].code(),
        Some(CancellationCode::ConditionalCheckFailed)
    );
    assert_eq!(reasons[0].item::<User>().unwrap(), Some(alice()));
    // On a missing item the condition fails with no item to return.
    let error = db
        .transact_write()
        .push(db.check(User::key("nobody"), attr!(User, user_id).exists()))
        .send()
        .await
        .unwrap_err();
    let Error::TransactionCanceled { reasons, .. } = &error else {
        panic!("expected a cancelled transaction: {error:?}");
    };
    assert_eq!(
        reasons[0].code(),
        Some(CancellationCode::ConditionalCheckFailed)
    );
    assert_eq!(reasons[0].item::<User>().unwrap(), None);
}

#[tokio::test]
async fn an_update_in_a_transaction() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    db.transact_write()
        .push(
            db.update(
                User::key("u1"),
                [
                    attr!(User, name).set("Alice Smith"),
                    attr!(User, login_count).add(2),
                    attr!(User, roles).delete(["admin"]),
                    attr!(User, address.city).set("Bergen"),
                ],
            )
            .must_exist(),
        )
        .send()
        .await
        .unwrap();
    let read = stored(&db, "u1").await.unwrap();
    assert_eq!(read.name, "Alice Smith");
    assert_eq!(read.login_count, 5);
    assert_eq!(read.roles, ["dev".to_string()].into());
    assert_eq!(read.address.unwrap().city, "Bergen");
}

#[tokio::test]
async fn a_remove_only_update_in_a_transaction() {
    let db = mock_dynamodb::<Profile>().await.unwrap();
    let profile = Profile {
        id: "p1".into(),
        name: Some("Ann".into()),
        visits: Some(3),
        ..Profile::default()
    };
    db.put(&profile).send().await.unwrap();
    db.transact_write()
        .push(db.update(
            Profile::key("p1"),
            [
                attr!(Profile, name).remove(),
                attr!(Profile, visits).remove(),
            ],
        ))
        .send()
        .await
        .unwrap();
    let read = db.get(Profile::key("p1")).send().await.unwrap().unwrap();
    assert_eq!(
        read,
        Profile {
            id: "p1".into(),
            ..Profile::default()
        }
    );
}

#[tokio::test]
async fn the_same_client_request_token_twice() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let token = format!("aiodynamo-test-{}", std::process::id());
    let transaction = || {
        db.transact_write()
            .push(db.update(User::key("u1"), [attr!(User, login_count).add(1)]))
            .client_request_token(&token)
    };
    transaction().send().await.unwrap();
    transaction().send().await.unwrap();
    // DynamoDB applies the second request, with the same token within 10 minutes, only once.
    assert_eq!(stored(&db, "u1").await.unwrap().login_count, 4);
    // The same token on another transaction is refused.
    let error = db
        .transact_write()
        .push(db.update(User::key("u1"), [attr!(User, login_count).add(5)]))
        .client_request_token(&token)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Sdk { .. })
            && error
                .to_string()
                .contains("IdempotentParameterMismatchException"),
        "{error:?}"
    );
    assert_eq!(stored(&db, "u1").await.unwrap().login_count, 4);
}

#[tokio::test]
async fn a_token_is_generated_per_send() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let prepare = || {
        db.transact_write()
            .push(db.delete(User::key("u1")))
            .prepare()
            .unwrap()
    };
    let (first, second) = (prepare(), prepare());
    for prepared in [&first, &second] {
        let token = prepared.client_request_token();
        assert!(token.len() >= 32 && token.bytes().all(|b| b.is_ascii_alphanumeric()));
    }
    assert_ne!(first.client_request_token(), second.client_request_token());
    // Two sends of equal transactions without a token: each applies.
    db.put(&alice()).send().await.unwrap();
    for _ in 0..2 {
        db.transact_write()
            .push(db.update(User::key("u1"), [attr!(User, login_count).add(1)]))
            .send()
            .await
            .unwrap();
    }
    assert_eq!(stored(&db, "u1").await.unwrap().login_count, 5);
}

#[tokio::test]
async fn transact_get_in_request_order_with_missing_as_none() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    db.put(&user("u3", "Cy")).send().await.unwrap();
    let read: Vec<Option<User>> = db
        .transact_get(["u3", "u2", "u1"].map(User::key))
        .send()
        .await
        .unwrap();
    assert_eq!(read, [Some(user("u3", "Cy")), None, Some(alice())]);
    let none: Vec<Option<User>> = db.transact_get(Vec::<UserKey>::new()).send().await.unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn transact_get_a_tuple_of_two_models() {
    let db = mock_dynamodb::<(User, ComplexOrder)>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let order = order();
    db.put(&order).send().await.unwrap();
    let order_key = ComplexOrder::key(&order.order_id, &order.created_at);
    let (read_user, read_order): (Option<User>, Option<ComplexOrder>) = db
        .transact_get((User::key("u1"), order_key.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(read_user, Some(alice()));
    assert_eq!(read_order, Some(order));
    let (missing, read_order) = db
        .transact_get((User::key("nobody"), order_key))
        .send()
        .await
        .unwrap();
    assert_eq!(missing, None);
    assert!(read_order.is_some());
}

#[tokio::test]
async fn transact_get_with_a_projection() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let read = db
        .transact_get([User::key("u1"), User::key("u2")])
        .projection((attr!(User, name), attr!(User, address.city)))
        .send()
        .await
        .unwrap();
    assert_eq!(read.len(), 2);
    let partial = read[0].as_ref().unwrap();
    assert_eq!(
        partial.get(attr!(User, name)).unwrap().as_deref(),
        Some("Alice")
    );
    assert_eq!(
        partial.get(attr!(User, address.city)).unwrap().as_deref(),
        Some("Oslo")
    );
    assert_eq!(partial.get(attr!(User, login_count)).unwrap(), None);
    assert!(read[1].is_none());
}

#[tokio::test]
async fn more_than_100_items_are_refused_before_sending() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let users: Vec<User> = (0..101).map(|i| user(&format!("u{i}"), "X")).collect();
    let error = db
        .transact_write()
        .extend(users.iter().map(|user| db.put(user)))
        .send()
        .await
        .unwrap_err();
    let Error::InvalidRequest { origin, message } = &error else {
        panic!("expected InvalidRequest: {error:?}");
    };
    assert_eq!(origin.operation(), Operation::TransactWriteItems);
    assert!(
        message.contains("at most 100 items; this one has 101"),
        "{message}"
    );
    assert_eq!(stored(&db, "u0").await, None);
    // 100 is fine.
    db.transact_write()
        .extend(users[..100].iter().map(|user| db.put(user)))
        .send()
        .await
        .unwrap();
    assert!(stored(&db, "u99").await.is_some());
    // Reads too.
    let error = db
        .transact_get((0..101).map(|i| User::key(format!("u{i}"))))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("at most 100")),
        "{error:?}"
    );
}

#[tokio::test]
async fn two_items_on_one_key_are_refused_before_sending() {
    let db = mock_dynamodb::<(User, ComplexOrder)>().await.unwrap();
    let mut secret = user("123-45-6789", "Ann");
    secret.email = Some("123-45-6789".into());
    let error = db
        .transact_write()
        .push(db.put(&user("u9", "Other")))
        .push(db.put(&secret))
        .push(db.update(User::key("123-45-6789"), [attr!(User, login_count).add(1)]))
        .send()
        .await
        .unwrap_err();
    let Error::InvalidRequest { message, .. } = &error else {
        panic!("expected InvalidRequest: {error:?}");
    };
    assert!(
        message.starts_with("items 1 and 2 act on one item of table"),
        "{message}"
    );
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("123-45-6789"), "{text}");
    }
    assert_eq!(stored(&db, "u9").await, None);
    // The same hash key with another sort key is another item.
    let first = order();
    let mut second = order();
    second.created_at = "2026-02-01T00:00:00".into();
    db.transact_write()
        .push(db.put(&first))
        .push(db.put(&second))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn an_item_that_cannot_be_prepared_fails_the_send_before_anything_is_sent() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let error = db
        .transact_write()
        .push(db.put(&user("u1", "Ann")))
        .push(db.update(User::key("u2"), []))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert_eq!(stored(&db, "u1").await, None);
    let error = db.transact_write().send().await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("at least one item")),
        "{error:?}"
    );
}

#[tokio::test]
async fn transact_get_of_one_key_twice_is_refused_before_sending() {
    // DynamoDB refuses it too ("Transaction request cannot include multiple operations on one
    // item"), as a validation error after sending.
    let db = mock_dynamodb::<User>().await.unwrap();
    let error = db
        .transact_get([User::key("u1"), User::key("u2"), User::key("u1")])
        .send()
        .await
        .unwrap_err();
    let Error::InvalidRequest { origin, message } = &error else {
        panic!("expected InvalidRequest: {error:?}");
    };
    assert_eq!(origin.operation(), Operation::TransactGetItems);
    assert!(
        message.starts_with("items 0 and 2 act on one item of table"),
        "{message}"
    );
}

#[tokio::test]
async fn a_throttled_transaction_is_retried_by_the_sdk() {
    use aiodynamo::local::Fault;

    let proxy = crate::proxied::fault_proxy().await;
    // Three attempts, a few milliseconds apart.
    let db = crate::proxied::through(&proxy, "faults-transaction-", 3);
    db.create_table::<User>().send().await.unwrap();
    db.put(&alice()).send().await.unwrap();

    proxy.inject(Operation::TransactWriteItems, Fault::Throttle, 2);
    db.transact_write()
        .push(db.update(User::key("u1"), [attr!(User, login_count).add(1)]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        proxy.served(),
        2,
        "two attempts throttled, the third went through"
    );
    assert_eq!(stored(&db, "u1").await.unwrap().login_count, 4);

    proxy.inject(Operation::TransactGetItems, Fault::Throttle, 3);
    let error = db.transact_get([User::key("u1")]).send().await.unwrap_err();
    match &error {
        Error::Throttled { origin, .. } => {
            assert_eq!(origin.operation(), Operation::TransactGetItems);
            assert_eq!(origin.tables(), [db.table_name::<User>()]);
        }
        other => panic!("expected Throttled, got {other:?}"),
    }
}
