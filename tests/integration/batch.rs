//! Batch reads and writes against DynamoDB Local: any number of keys and writes, split into
//! DynamoDB's requests, results in the caller's order, duplicates refused before sending.

use aiodynamo::local::{FaultRates, Rate, mock_dynamodb};
use aiodynamo::prelude::*;
use aiodynamo::{LeftoverKind, Operation};

use crate::crud::{alice, order};
use crate::proxied::{fault_proxy, through};
use aiodynamo_tests::models::*;

fn user(i: usize) -> User {
    User {
        user_id: format!("u{i:04}"),
        login_count: i as u64,
        ..alice()
    }
}

fn delivery(region: Region, seq: u64) -> Delivery {
    Delivery {
        region,
        seq,
        status: Status::Active,
        courier: format!("courier-{}", seq % 3),
    }
}

#[tokio::test]
async fn puts_deletes_and_both_in_one_batch() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let users: Vec<User> = (0..25).map(user).collect();
    db.batch_write().put_all(&users).send().await.unwrap();
    let keys = (0..25).map(|i| User::key(format!("u{i:04}")));
    let read = db.batch_get(keys).send().await.unwrap();
    assert_eq!(read, users.iter().cloned().map(Some).collect::<Vec<_>>());

    db.batch_write()
        .delete_all((0..10).map(|i| User::key(format!("u{i:04}"))))
        .put(&user(30))
        .send()
        .await
        .unwrap();
    let read = db
        .batch_get([User::key("u0000"), User::key("u0010"), User::key("u0030")])
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    assert_eq!(read, vec![None, Some(user(10)), Some(user(30))]);
}

#[tokio::test]
async fn two_hundred_fifty_keys_in_order_with_the_missing_as_none() {
    let db = mock_dynamodb::<User>().await.unwrap();
    let users: Vec<User> = (0..250).filter(|i| i % 5 != 0).map(user).collect();
    db.batch_write().put_all(&users).send().await.unwrap();
    // Asked in reverse order: the answer follows the asking, not DynamoDB's order.
    let keys: Vec<UserKey> = (0..250)
        .rev()
        .map(|i| User::key(format!("u{i:04}")))
        .collect();
    let read = db.batch_get(keys).concurrency(2).send().await.unwrap();
    assert_eq!(read.len(), 250);
    for (read, i) in read.iter().zip((0..250).rev()) {
        assert_eq!(
            read.as_ref(),
            (i % 5 != 0).then(|| user(i)).as_ref(),
            "key {i}"
        );
    }
    let none = db
        .batch_get([User::key("nobody"), User::key("nobody-else")])
        .send()
        .await
        .unwrap();
    assert_eq!(none, vec![None, None]);
    let empty: Vec<Option<User>> = db.batch_get(Vec::<UserKey>::new()).send().await.unwrap();
    assert!(empty.is_empty());
}

#[tokio::test]
async fn a_thousand_writes_across_two_models_and_a_tuple_of_keys() {
    let db = mock_dynamodb::<(User, Delivery)>().await.unwrap();
    let users: Vec<User> = (0..500).map(user).collect();
    let deliveries: Vec<Delivery> = (0..500)
        .map(|seq| {
            delivery(
                if seq % 2 == 0 {
                    Region::EuWest1
                } else {
                    Region::UsEast1
                },
                seq,
            )
        })
        .collect();
    db.batch_write()
        .put_all(&users)
        .put_all(&deliveries)
        .send()
        .await
        .unwrap();
    assert_eq!(db.scan::<User>().count().await.unwrap(), 500);
    assert_eq!(db.scan::<Delivery>().count().await.unwrap(), 500);

    let (some_users, some_deliveries) = db
        .batch_get((
            vec![User::key("u0007"), User::key("missing")],
            [
                Delivery::key(Region::UsEast1, 7u64),
                Delivery::key(Region::EuWest1, 7u64),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(some_users, vec![Some(user(7)), None]);
    assert_eq!(
        some_deliveries,
        vec![Some(delivery(Region::UsEast1, 7)), None]
    );
}

#[tokio::test]
async fn a_projection_reads_partials() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.batch_write()
        .put(&user(1))
        .put(&user(2))
        .send()
        .await
        .unwrap();
    let read: Vec<Option<Partial<User>>> = db
        .batch_get([User::key("u0002"), User::key("u0009"), User::key("u0001")])
        .projection((attr!(User, login_count),))
        .send()
        .await
        .unwrap();
    let counts: Vec<Option<u64>> = read
        .iter()
        .map(|partial| {
            partial
                .as_ref()
                .and_then(|p| p.get(attr!(User, login_count)).unwrap())
        })
        .collect();
    assert_eq!(counts, vec![Some(2), None, Some(1)]);
    let name = read[0].as_ref().unwrap().get(attr!(User, name)).unwrap();
    assert_eq!(name, None, "not projected");
}

#[tokio::test]
async fn the_same_key_twice_is_refused_with_nothing_written() {
    let db = mock_dynamodb::<(User, ComplexOrder)>().await.unwrap();
    let error = db
        .batch_write()
        .put(&order())
        .put(&user(1))
        .put(&User {
            name: "Other".into(),
            ..user(1)
        })
        .send()
        .await
        .unwrap_err();
    match error {
        Error::InvalidRequest { message, .. } => {
            assert!(message.contains("same key twice"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(db.scan::<User>().count().await.unwrap(), 0);
    assert_eq!(
        db.scan::<ComplexOrder>().count().await.unwrap(),
        0,
        "nothing was sent"
    );
    // A put and a delete of one key are the same key twice too.
    let error = db
        .batch_write()
        .put(&user(1))
        .delete(User::key("u0001"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    let error = db
        .batch_get([User::key("u1"), User::key("u2"), User::key("u1")])
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
}

#[tokio::test]
async fn enum_keys_and_an_encode_error_before_sending() {
    let db = mock_dynamodb::<Delivery>().await.unwrap();
    let deliveries = [delivery(Region::EuWest1, 1), delivery(Region::UsEast1, 1)];
    db.batch_write().put_all(&deliveries).send().await.unwrap();
    let read = db
        .batch_get([
            Delivery::key(Region::UsEast1, 1u64),
            Delivery::key(Region::EuWest1, 1u64),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        read,
        vec![Some(deliveries[1].clone()), Some(deliveries[0].clone())]
    );

    let db = mock_dynamodb::<Everything>().await.unwrap();
    let bad = Everything {
        ratio: f64::NAN,
        ..crate::crud::everything()
    };
    let error = db.batch_write().put(&bad).send().await.unwrap_err();
    assert!(matches!(error, Error::Encode { .. }), "{error:?}");
}

/// Every item of `M`'s table, by the plain SDK (scan pages followed by hand).
async fn raw_count<M: Model>(db: &Db) -> usize {
    let mut count = 0;
    let mut start = None;
    loop {
        let page = db
            .client()
            .scan()
            .table_name(db.table_name::<M>())
            .select(aws_sdk_dynamodb::types::Select::Count)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        count += page.count as usize;
        start = page.last_evaluated_key;
        if start.is_none() {
            return count;
        }
    }
}

#[tokio::test]
async fn under_unprocessed_items_throttling_and_500s_everything_is_written_and_read() {
    let proxy = fault_proxy().await;
    let db = through(&proxy, "batch-faults-", 25);
    db.create_table::<User>().send().await.unwrap();
    proxy.set_rates(
        FaultRates::seeded(7)
            .unprocessed(0.30)
            .throttle(0.05)
            .internal_error(0.02),
    );
    let users: Vec<User> = (0..10_000).map(user).collect();
    db.batch_write().put_all(&users).send().await.unwrap();
    let counts = proxy.counts();
    assert!(counts.unprocessed_items > 2_000, "{counts:?}");
    assert!(
        counts.throttles > 0 && counts.internal_errors > 0,
        "{counts:?}"
    );
    proxy.clear_rates();
    assert_eq!(raw_count::<User>(&db).await, 10_000);

    proxy.set_rates(
        FaultRates::seeded(8)
            .unprocessed(0.30)
            .throttle(0.05)
            .internal_error(0.02),
    );
    let keys: Vec<UserKey> = (0..1_000).map(|i| User::key(format!("u{i:04}"))).collect();
    let read = db.batch_get(keys).send().await.unwrap();
    assert!(
        proxy.counts().unprocessed_keys > 100,
        "{:?}",
        proxy.counts()
    );
    assert_eq!(read, (0..1_000).map(|i| Some(user(i))).collect::<Vec<_>>());
}

#[tokio::test]
async fn out_of_attempts_the_error_holds_exactly_what_was_not_written() {
    let proxy = fault_proxy().await;
    let db = through(&proxy, "batch-leftovers-", 25);
    db.create_table::<User>().send().await.unwrap();
    let users: Vec<User> = (0..60).map(user).collect();

    // Everything withheld, one attempt: all 60 come back, none is written.
    proxy.set_rates(FaultRates::seeded(1).unprocessed(1.0));
    let error = db
        .batch_write()
        .put_all(&users)
        .max_attempts(1)
        .send()
        .await
        .unwrap_err();
    let Error::Unprocessed { leftovers, .. } = &error else {
        panic!("{error:?}");
    };
    let mut left: Vec<User> = leftovers
        .iter()
        .map(|left| left.item.decode().unwrap())
        .collect();
    left.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    assert_eq!(left, users);
    assert!(leftovers.iter().all(|left| left.kind == LeftoverKind::Put));
    assert!(
        !format!("{error:?}").contains("Alice"),
        "no stored value in Debug"
    );
    proxy.clear_rates();
    assert_eq!(raw_count::<User>(&db).await, 0);

    // Part withheld, one attempt: the written and the leftovers partition the batch.
    proxy.set_rates(FaultRates::seeded(3).unprocessed(0.4));
    let error = db
        .batch_write()
        .put_all(&users)
        .max_attempts(1)
        .send()
        .await
        .unwrap_err();
    proxy.clear_rates();
    let Error::Unprocessed { leftovers, .. } = error else {
        panic!("expected leftovers");
    };
    let left: Vec<String> = leftovers
        .iter()
        .map(|left| left.item.decode::<User>().unwrap().user_id)
        .collect();
    let stored = db.scan::<User>().all().await.unwrap();
    assert_eq!(stored.len() + left.len(), 60);
    assert!(!left.is_empty() && !stored.is_empty());
    assert!(stored.iter().all(|user| !left.contains(&user.user_id)));

    // Keys left unread likewise.
    proxy.set_rates(FaultRates::seeded(4).unprocessed(1.0));
    let error = db
        .batch_get([User::key("u0001"), User::key("u0002")])
        .max_attempts(2)
        .send()
        .await
        .unwrap_err();
    proxy.clear_rates();
    match error {
        Error::Unprocessed { leftovers, .. } => {
            assert_eq!(leftovers.len(), 2);
            assert!(leftovers.iter().all(|left| left.kind == LeftoverKind::Get));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_request_failing_whole_leaves_its_items_as_leftovers_not_a_lost_batch() {
    let proxy = fault_proxy().await;
    let db = through(&proxy, "batch-failing-", 25);
    db.create_table::<User>().send().await.unwrap();
    let users: Vec<User> = (0..60).map(user).collect();
    let leftover_users = |error: Error| {
        let Error::Unprocessed { leftovers, .. } = error else {
            panic!("expected leftovers, got {error:?}");
        };
        let mut left: Vec<User> = leftovers
            .iter()
            .map(|left| left.item.decode().unwrap())
            .collect();
        left.sort_by(|a, b| a.user_id.cmp(&b.user_id));
        left
    };

    // Throttled past every retry, then connections dropped before DynamoDB saw a request: each
    // of the three requests fails whole, and all 60 items come back to the caller.
    for rates in [
        FaultRates::seeded(5).throttle(Rate::new(1.0).only([Operation::BatchWriteItem])),
        FaultRates::seeded(6)
            .reset_before_forwarding(Rate::new(1.0).only([Operation::BatchWriteItem])),
    ] {
        proxy.set_rates(rates);
        let error = db
            .batch_write()
            .put_all(&users)
            .max_attempts(2)
            .send()
            .await
            .unwrap_err();
        proxy.clear_rates();
        assert_eq!(leftover_users(error), users);
        assert_eq!(raw_count::<User>(&db).await, 0);
    }

    // Keys likewise.
    proxy.set_rates(FaultRates::seeded(7).throttle(Rate::new(1.0).only([Operation::BatchGetItem])));
    let error = db
        .batch_get([User::key("u0001"), User::key("u0002")])
        .max_attempts(2)
        .send()
        .await
        .unwrap_err();
    proxy.clear_rates();
    assert!(
        matches!(&error, Error::Unprocessed { leftovers, .. } if leftovers.len() == 2),
        "{error:?}"
    );

    // The caller sends the leftovers again: every item is written.
    db.batch_write().put_all(&users).send().await.unwrap();
    assert_eq!(raw_count::<User>(&db).await, 60);
}
