//! Updates: every action, every return value, the seed page's examples.

use std::collections::{BTreeMap, BTreeSet};

use aiodynamo::local::mock_dynamodb;
use aiodynamo::prelude::*;
use aiodynamo::{Bytes, Operation};

use crate::crud::{alice, everything, order};
use aiodynamo_tests::models::*;

async fn stored<K: aiodynamo::ModelKey>(db: &Db, key: K) -> Option<K::Model> {
    db.get(key).consistent_read(true).send().await.unwrap()
}

/// Seed page, "Basic usage".
#[tokio::test]
async fn basic_set_returns_the_new_item() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let updated: User = db
        .update(User::key("u1"), [attr!(User, name).set("Bob")])
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(
        updated,
        User {
            name: "Bob".into(),
            ..alice()
        }
    );
}

/// Seed page, "Multiple actions in one call" plus DELETE.
#[tokio::test]
async fn set_remove_add_and_delete_in_one_update() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let updated: User = db
        .update(
            User::key("u1"),
            [
                attr!(User, name).set("Alice Smith"),
                attr!(User, email).remove(),
                attr!(User, login_count).add(1),
                attr!(User, roles).delete(["admin"]),
            ],
        )
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    let expected = User {
        name: "Alice Smith".into(),
        email: None,
        login_count: 4,
        roles: BTreeSet::from(["dev".to_string()]),
        ..alice()
    };
    assert_eq!(updated, expected.clone());
    assert_eq!(stored(&db, User::key("u1")).await, Some(expected));
}

/// Seed page, "Nested paths".
#[tokio::test]
async fn nested_paths_set_a_document_attribute_and_a_list_element() {
    let db = mock_dynamodb::<(User, ComplexOrder)>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    db.update(User::key("u1"), [attr!(User, address.city).set("New York")])
        .send()
        .await
        .unwrap();
    let user = stored(&db, User::key("u1")).await.unwrap();
    assert_eq!(user.address.unwrap().city, "New York");

    db.put(&order()).send().await.unwrap();
    let created_at = "2026-01-01T00:00:00";
    let updated: ComplexOrder = db
        .update(
            ComplexOrder::key("o1", created_at),
            [attr!(ComplexOrder, basket.items[1].qty).set(9)],
        )
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    let mut expected = order();
    expected.basket.items[1].qty = 9;
    assert_eq!(updated, expected);
}

/// The string form (the Python spelling) reaches the same attribute.
#[tokio::test]
async fn the_string_form_of_a_path_works_like_the_token_form() {
    let db = mock_dynamodb::<ComplexOrder>().await.unwrap();
    db.put(&order()).send().await.unwrap();
    db.update(
        order().key(),
        [attr!(ComplexOrder, "basket.items[2].qty").set(7)],
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        stored(&db, order().key()).await.unwrap().basket.items[2].qty,
        7
    );
}

/// Seed page, "Conditional update".
#[tokio::test]
async fn conditional_update_applies_when_the_condition_holds() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let updated = db
        .update(User::key("u1"), [attr!(User, name).set("Alice Smith")])
        .condition(attr!(User, name).eq("Alice"))
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.name, "Alice Smith");
}

#[tokio::test]
async fn a_failed_condition_leaves_the_item_unchanged_with_a_typed_error() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let error = db
        .update(
            User::key("u1"),
            [
                attr!(User, name).set("Alice Smith"),
                attr!(User, login_count).add(1),
            ],
        )
        .condition(attr!(User, name).eq("Bob"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ConditionalCheckFailed { .. }),
        "{error:?}"
    );
    assert_eq!(error.origin().operation(), Operation::UpdateItem);
    assert_eq!(error.old_item::<User>().unwrap(), Some(alice()));
    assert_eq!(stored(&db, User::key("u1")).await, Some(alice()));
}

#[tokio::test]
async fn updating_a_missing_item_creates_it() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.update(
        User::key("new"),
        [
            attr!(User, name).set("Newcomer"),
            attr!(User, login_count).add(1),
        ],
    )
    .send()
    .await
    .unwrap();
    let created = stored(&db, User::key("new")).await;
    let expected = User {
        user_id: "new".into(),
        name: "Newcomer".into(),
        email: None,
        login_count: 1,
        roles: BTreeSet::new(),
        address: None,
    };
    assert_eq!(created, Some(expected));
}

#[tokio::test]
async fn set_if_not_exists_sets_only_a_missing_attribute() {
    let db = mock_dynamodb::<Profile>().await.unwrap();
    let key = || Profile::key("p1");
    db.update(key(), [attr!(Profile, status).set_if_not_exists("new")])
        .send()
        .await
        .unwrap();
    db.update(key(), [attr!(Profile, status).set_if_not_exists("ignored")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        stored(&db, key()).await.unwrap().status.as_deref(),
        Some("new")
    );
}

#[tokio::test]
async fn set_none_and_set_empty_set_remove_the_attribute() {
    let db = mock_dynamodb::<Profile>().await.unwrap();
    let profile = Profile {
        id: "p1".into(),
        status: Some("active".into()),
        scores: Some(BTreeSet::from([1, 2])),
        nicknames: BTreeSet::from(["al".to_string()]),
        ..Profile::default()
    };
    db.put(&profile).send().await.unwrap();
    db.update(
        Profile::key("p1"),
        [
            attr!(Profile, status).set(None),
            attr!(Profile, scores).set(Some(BTreeSet::new())),
            attr!(Profile, nicknames).set(BTreeSet::new()),
        ],
    )
    .send()
    .await
    .unwrap();
    let raw = db
        .get(Profile::key("p1"))
        .projection([
            attr!(Profile, status).into(),
            attr!(Profile, scores).into(),
            attr!(Profile, nicknames).into(),
        ])
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .unwrap();
    assert!(
        raw.item().is_empty(),
        "all three attributes are gone: {raw:?}"
    );
    assert_eq!(
        stored(&db, Profile::key("p1")).await,
        Some(Profile {
            id: "p1".into(),
            ..Profile::default()
        })
    );
}

#[tokio::test]
async fn add_creates_and_increments_numbers_and_sets_and_delete_removes_members() {
    let db = mock_dynamodb::<Profile>().await.unwrap();
    let key = || Profile::key("p1");
    db.update(
        key(),
        [
            attr!(Profile, visits).add(2),
            attr!(Profile, scores).add([10, 20]),
            attr!(Profile, nicknames).add(["al"]),
        ],
    )
    .send()
    .await
    .unwrap();
    db.update(
        key(),
        [
            attr!(Profile, visits).add(3),
            attr!(Profile, scores).add([30]),
            attr!(Profile, balance).add(0.5),
        ],
    )
    .send()
    .await
    .unwrap();
    db.update(
        key(),
        [
            attr!(Profile, scores).delete([10]),
            attr!(Profile, nicknames).delete(["al"]),
        ],
    )
    .send()
    .await
    .unwrap();
    let profile = stored(&db, key()).await.unwrap();
    assert_eq!(profile.visits, Some(5));
    assert_eq!(profile.scores, Some(BTreeSet::from([20, 30])));
    assert_eq!(profile.balance, Some(0.5));
    assert_eq!(
        profile.nicknames,
        BTreeSet::new(),
        "the last member deleted removes the set"
    );
}

#[tokio::test]
async fn arithmetic_counts_from_zero_when_missing() {
    let db = mock_dynamodb::<(Profile, User)>().await.unwrap();
    let key = || Profile::key("p1");
    db.update(key(), [attr!(Profile, visits) + 5])
        .send()
        .await
        .unwrap();
    db.update(
        key(),
        [attr!(Profile, visits) - 2, attr!(Profile, balance) - 1.25],
    )
    .send()
    .await
    .unwrap();
    let profile = stored(&db, key()).await.unwrap();
    assert_eq!((profile.visits, profile.balance), (Some(3), Some(-1.25)));

    db.put(&alice()).send().await.unwrap();
    let after: User = db
        .update(User::key("u1"), [attr!(User, login_count).increment(10)])
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(after.login_count, 13);
}

#[tokio::test]
async fn append_and_prepend_create_the_list_and_remove_takes_an_element_by_index() {
    let db = mock_dynamodb::<(Profile, ComplexOrder)>().await.unwrap();
    let key = || Profile::key("p1");
    db.update(key(), [attr!(Profile, history).append(["b", "c"])])
        .send()
        .await
        .unwrap();
    db.update(key(), [attr!(Profile, history).prepend(["a"])])
        .send()
        .await
        .unwrap();
    db.update(key(), [attr!(Profile, history).append(["d"])])
        .send()
        .await
        .unwrap();
    assert_eq!(
        stored(&db, key()).await.unwrap().history,
        Some(vec!["a".into(), "b".into(), "c".into(), "d".into()])
    );
    db.update(key(), [attr!(Profile, history[1]).remove()])
        .send()
        .await
        .unwrap();
    assert_eq!(
        stored(&db, key()).await.unwrap().history,
        Some(vec!["a".into(), "c".into(), "d".into()])
    );

    db.put(&order()).send().await.unwrap();
    db.update(
        order().key(),
        [
            attr!(ComplexOrder, basket.items[0]).remove(),
            attr!(ComplexOrder, basket.items[2].sku).set("fig"),
        ],
    )
    .send()
    .await
    .unwrap();
    let items = stored(&db, order().key()).await.unwrap().basket.items;
    assert_eq!(
        items,
        [
            Item {
                sku: "pear".into(),
                qty: 2
            },
            Item {
                sku: "fig".into(),
                qty: 3
            }
        ],
        "siblings of one list update together"
    );
    db.update(
        order().key(),
        [attr!(ComplexOrder, basket.items).append([Item {
            sku: "kiwi".into(),
            qty: 4,
        }])],
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        stored(&db, order().key()).await.unwrap().basket.items.len(),
        3
    );
}

#[tokio::test]
async fn none_on_a_list_element_or_map_entry_is_null_and_keeps_the_list_whole() {
    let db = mock_dynamodb::<Everything>().await.unwrap();
    let item = everything(); // list_of_options [1, None, 3]; map_of_options {set: v, unset: None}
    db.put(&item).send().await.unwrap();

    let updated = db
        .update(
            item.key(),
            [
                attr!(Everything, list_of_options[0]).set(None),
                attr!(Everything, map_of_options["set"]).set(None),
            ],
        )
        .condition(
            attr!(Everything, list_of_options[1]).eq(None)
                & attr!(Everything, list_of_options[2]).ne(None),
        )
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.list_of_options, vec![None, None, Some(3)]);
    assert_eq!(updated.map_of_options.get("set"), Some(&None));

    let refused = db
        .update(item.key(), [attr!(Everything, list_of_options[0]).set(1)])
        .condition(attr!(Everything, list_of_options[2]).eq(None))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::ConditionalCheckFailed { .. }));
}

#[tokio::test]
async fn map_entries_are_set_and_removed() {
    let db = mock_dynamodb::<(Profile, ComplexOrder)>().await.unwrap();
    let profile = Profile {
        id: "p1".into(),
        prices: BTreeMap::from([("eur".to_string(), 1.0)]),
        ..Profile::default()
    };
    db.put(&profile).send().await.unwrap();
    db.update(
        Profile::key("p1"),
        [
            attr!(Profile, prices["usd"]).set(2.5),
            attr!(Profile, prices["eur"]).remove(),
        ],
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        stored(&db, Profile::key("p1")).await.unwrap().prices,
        BTreeMap::from([("usd".to_string(), 2.5)])
    );

    db.put(&order()).send().await.unwrap();
    db.update(
        order().key(),
        [attr!(ComplexOrder, "prices['eur']").add(0.5)],
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        stored(&db, order().key()).await.unwrap().prices["eur"],
        10.0
    );
}

#[tokio::test]
async fn reserved_words_dots_and_spaces_are_attribute_names_like_any_other() {
    let db = mock_dynamodb::<Profile>().await.unwrap();
    db.update(
        Profile::key("p1"),
        [
            attr!(Profile, name).set("N"),
            attr!(Profile, status).set("S"),
            attr!(Profile, dotted).set("D"),
            attr!(Profile, "home town").set("H"),
            attr!(Profile, avatar).set(Bytes::from(vec![1, 2])),
        ],
    )
    .condition(attr!(Profile, dotted).not_exists() & attr!(Profile, status).not_exists())
    .send()
    .await
    .unwrap();
    let profile = stored(&db, Profile::key("p1")).await.unwrap();
    assert_eq!(
        (profile.name, profile.status, profile.dotted, profile.spaced),
        (
            Some("N".into()),
            Some("S".into()),
            Some("D".into()),
            Some("H".into())
        )
    );
    let raw = db
        .get(Profile::key("p1"))
        .projection([attr!(Profile, dotted).into()])
        .send()
        .await
        .unwrap()
        .unwrap();
    assert!(
        raw.item().contains_key("first.name"),
        "one attribute named `first.name`, not a path: {raw:?}"
    );
}

#[tokio::test]
async fn every_return_value() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let key = || User::key("u1");
    let bump = || [attr!(User, login_count).add(1)];

    let nothing: () = db
        .update(key(), bump())
        .return_values(ReturnValues::None)
        .send()
        .await
        .unwrap();
    assert_eq!(nothing, ());
    let old = db
        .update(key(), bump())
        .return_values(ReturnValues::AllOld)
        .send()
        .await
        .unwrap();
    assert_eq!(old.map(|user| user.login_count), Some(4));
    let new = db
        .update(key(), bump())
        .return_values(ReturnValues::AllNew)
        .send()
        .await
        .unwrap();
    assert_eq!(new.login_count, 6);
    let updated_old = db
        .update(key(), bump())
        .return_values(ReturnValues::UpdatedOld)
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(updated_old.get(attr!(User, login_count)).unwrap(), Some(6));
    assert_eq!(
        updated_old.get(attr!(User, name)).unwrap(),
        None,
        "only the updated attributes"
    );
    let updated_new = db
        .update(key(), bump())
        .return_values(ReturnValues::UpdatedNew)
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(updated_new.get(attr!(User, login_count)).unwrap(), Some(8));
}

/// aiodynamodb's bug #2: UPDATED_NEW on a nested path of a document with required fields.
#[tokio::test]
async fn updated_values_of_nested_paths_read_through_typed_paths() {
    let db = mock_dynamodb::<(User, ComplexOrder)>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    let partial = db
        .update(User::key("u1"), [attr!(User, address.city).set("New York")])
        .return_values(ReturnValues::UpdatedNew)
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        partial.get(attr!(User, address.city)).unwrap(),
        Some("New York".to_string())
    );

    db.put(&order()).send().await.unwrap();
    let partial = db
        .update(
            order().key(),
            [attr!(ComplexOrder, basket.items[1].qty).set(9)],
        )
        .return_values(ReturnValues::UpdatedOld)
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        partial
            .get(attr!(ComplexOrder, basket.items[1].qty))
            .unwrap(),
        Some(2)
    );
}

#[tokio::test]
async fn empty_and_overlapping_actions_are_refused_before_sending() {
    let db = mock_dynamodb::<ComplexOrder>().await.unwrap();
    let error = db
        .update(order().key(), Vec::new())
        .send()
        .await
        .unwrap_err();
    match error {
        Error::InvalidRequest { message, .. } => {
            assert_eq!(message, "an update needs at least one action")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    let overlapping = [
        (
            attr!(ComplexOrder, basket).set(Basket { items: vec![] }),
            attr!(ComplexOrder, basket.items[0].qty).set(1),
        ),
        (
            attr!(ComplexOrder, total).set(1),
            attr!(ComplexOrder, total).add(1),
        ),
    ];
    for (first, second) in overlapping {
        let (a, b) = (first.path().to_string(), second.path().to_string());
        let error = db
            .update(order().key(), [first, second])
            .send()
            .await
            .unwrap_err();
        match error {
            Error::InvalidRequest { message, .. } => {
                assert!(message.contains(&format!("`{a}` and `{b}`")), "{message}");
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    assert_eq!(
        stored(&db, order().key()).await,
        None,
        "nothing was written"
    );
}

#[tokio::test]
async fn projection_reads_a_typed_partial() {
    let db = mock_dynamodb::<ComplexOrder>().await.unwrap();
    db.put(&order()).send().await.unwrap();
    let partial = db
        .get(order().key())
        .projection([
            attr!(ComplexOrder, basket.items[2].sku).into(),
            attr!(ComplexOrder, total).into(),
        ])
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(partial.get(attr!(ComplexOrder, total)).unwrap(), Some(30));
    assert_eq!(
        partial
            .get(attr!(ComplexOrder, basket.items[2].sku))
            .unwrap(),
        Some("plum".to_string())
    );
    assert_eq!(partial.get(attr!(ComplexOrder, customer_id)).unwrap(), None);

    // Elements past the end are not returned, and do not shift the others.
    let sku = |index: usize| attr!(ComplexOrder, basket.items[index].sku);
    let partial = db
        .get(order().key())
        .projection([sku(1).into(), sku(2).into(), sku(5).into()])
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(partial.get(sku(1)).unwrap(), Some("pear".to_string()));
    assert_eq!(partial.get(sku(2)).unwrap(), Some("plum".to_string()));
    assert_eq!(partial.get(sku(5)).unwrap(), None);
    assert_eq!(partial.get(sku(0)).unwrap(), None, "not requested");

    assert_eq!(
        db.get(ComplexOrder::key("none", "x"))
            .projection([attr!(ComplexOrder, total).into()])
            .send()
            .await
            .unwrap(),
        None
    );
}

/// A field with `#[serde(with = "serde_bytes")]` is stored as binary (B) in updates and read back
/// from a partial the same way.
#[tokio::test]
async fn fields_with_their_own_serde_functions_keep_them_on_paths() {
    let db = mock_dynamodb::<Everything>().await.unwrap();
    let item = crate::crud::everything();
    db.put(&item).send().await.unwrap();
    db.update(item.key(), [attr!(Everything, raw_bytes).set(vec![4, 5])])
        .send()
        .await
        .unwrap();
    let partial = db
        .get(item.key())
        .projection([attr!(Everything, raw_bytes).into()])
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        partial.item()["rawBytes"],
        aws_sdk_dynamodb::types::AttributeValue::B(aws_sdk_dynamodb::primitives::Blob::new(vec![
            4, 5
        ]))
    );
    assert_eq!(
        partial.get(attr!(Everything, raw_bytes)).unwrap(),
        Some(vec![4, 5])
    );
    assert_eq!(
        db.get(item.key()).send().await.unwrap().unwrap().raw_bytes,
        vec![4, 5]
    );
}

/// Issue's concurrency figure: 64 tasks adding 1 fifty times each to one counter lose nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_tasks_adding_fifty_times_each_count_exactly() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&User {
        login_count: 0,
        ..alice()
    })
    .send()
    .await
    .unwrap();
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                for _ in 0..50 {
                    db.update(User::key("u1"), [attr!(User, login_count).add(1)])
                        .send()
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let stored = db
        .get(User::key("u1"))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.login_count, 3_200);
}
