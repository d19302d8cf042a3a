//! The seed page's multi-action update, built as the SDK's `UpdateItemInput` two ways: with
//! aiodynamo (typed paths, `db.update(..).condition(..).prepare()`, then the SDK input, as `send`
//! does) and by hand (the same placeholders, the same maps). Both build an equal input
//! ([`check_builders_agree`]).

use std::collections::{BTreeSet, HashMap};

use aiodynamo::prelude::*;
use aws_sdk_dynamodb::operation::update_item::UpdateItemInput;
use aws_sdk_dynamodb::types::{
    AttributeValue, ReturnConsumedCapacity, ReturnValue, ReturnValuesOnConditionCheckFailure,
};
use serde::{Deserialize, Serialize};

#[table("users", hash_key = "user_id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub user_id: String,
    pub name: String,
    pub email: Option<String>,
    pub login_count: u64,
    pub roles: BTreeSet<String>,
}

/// A `Db` that never sends: building a request uses no network.
pub fn offline_db() -> Db {
    Db::new(aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder()
            .behavior_version_latest()
            .build(),
    ))
}

/// The seed page's multi-action update, as a user writes it.
pub fn seed_update(
    db: &Db,
    user_id: &str,
    new_name: &str,
    expected_name: &str,
) -> aiodynamo::Update<User> {
    db.update(
        User::key(user_id),
        [
            attr!(User, name).set(new_name),
            attr!(User, email).remove(),
            attr!(User, login_count).add(1),
        ],
    )
    .condition(attr!(User, name).eq(expected_name))
}

/// With aiodynamo: the request as a user writes it, prepared, then made into the SDK's input:
/// exactly what `send` does before the SDK takes over.
pub fn aiodynamo_request(
    db: &Db,
    user_id: &str,
    new_name: &str,
    expected_name: &str,
) -> UpdateItemInput {
    seed_update(db, user_id, new_name, expected_name)
        .prepare()
        .expect("a valid request")
        .into_input()
        .build()
        .expect("an UpdateItemInput")
}

/// By hand: what a careful engineer writes for this one request. The expressions are constants
/// (the same text and placeholders aiodynamo renders), the maps pre-sized.
pub fn hand_written_request(
    user_id: &str,
    new_name: &str,
    expected_name: &str,
    increment: u64,
) -> UpdateItemInput {
    let mut key = HashMap::with_capacity(1);
    key.insert("user_id".to_owned(), AttributeValue::S(user_id.to_owned()));
    let mut names = HashMap::with_capacity(3);
    names.insert("#n0".to_owned(), "name".to_owned());
    names.insert("#n1".to_owned(), "email".to_owned());
    names.insert("#n2".to_owned(), "login_count".to_owned());
    let mut values = HashMap::with_capacity(3);
    values.insert(":v0".to_owned(), AttributeValue::S(new_name.to_owned()));
    values.insert(":v1".to_owned(), AttributeValue::N(increment.to_string()));
    values.insert(
        ":v2".to_owned(),
        AttributeValue::S(expected_name.to_owned()),
    );
    UpdateItemInput::builder()
        .table_name("users")
        .set_key(Some(key))
        .update_expression("SET #n0 = :v0 REMOVE #n1 ADD #n2 :v1")
        .condition_expression("#n0 = :v2")
        .set_expression_attribute_names(Some(names))
        .set_expression_attribute_values(Some(values))
        .return_values(ReturnValue::None)
        // The item as it stood, should the condition fail: aiodynamo asks for it too.
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .build()
        .expect("an UpdateItemInput")
}

/// Checks, once, that both builders make the same request.
pub fn check_builders_agree(db: &Db) {
    let ours = aiodynamo_request(db, "u1", "Alice Smith", "Alice");
    let hand = hand_written_request("u1", "Alice Smith", "Alice", 1);
    assert_eq!(ours, hand, "aiodynamo and hand-written requests differ");
}
