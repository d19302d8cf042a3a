//! Every condition operator, each once true and once false, on a real item.

use aiodynamo::AttributeType;
use aiodynamo::Condition;
use aiodynamo::local::mock_dynamodb;
use aiodynamo::prelude::*;

use crate::crud::alice;
use aiodynamo_tests::models::*;

/// Puts Alice again under `condition`: whether DynamoDB found the condition true.
async fn holds(db: &Db, condition: Condition<User>) -> bool {
    match db.put(&alice()).condition(condition).send().await {
        Ok(()) => true,
        Err(Error::ConditionalCheckFailed { .. }) => false,
        Err(other) => panic!("unexpected error: {other:?}"),
    }
}

#[tokio::test]
async fn every_operator_is_true_and_false_where_it_should_be() {
    let db = mock_dynamodb::<User>().await.unwrap();
    db.put(&alice()).send().await.unwrap();
    // Alice: name "Alice", email Some, login_count 3, roles {admin, dev}, address Oslo/0150.
    let cases: Vec<(&str, Condition<User>, bool)> = vec![
        ("eq", attr!(User, name).eq("Alice"), true),
        ("eq", attr!(User, name).eq("Bob"), false),
        ("ne", attr!(User, name).ne("Bob"), true),
        ("ne", attr!(User, name).ne("Alice"), false),
        ("lt", attr!(User, login_count).lt(4), true),
        ("lt", attr!(User, login_count).lt(3), false),
        ("le", attr!(User, login_count).le(3), true),
        ("le", attr!(User, login_count).le(2), false),
        ("gt", attr!(User, login_count).gt(2), true),
        ("gt", attr!(User, login_count).gt(3), false),
        ("ge", attr!(User, login_count).ge(3), true),
        ("ge", attr!(User, login_count).ge(4), false),
        ("between", attr!(User, login_count).between(1, 3), true),
        ("between", attr!(User, login_count).between(4, 9), false),
        ("begins_with", attr!(User, name).begins_with("Al"), true),
        ("begins_with", attr!(User, name).begins_with("Bo"), false),
        ("is_in", attr!(User, name).is_in(["Bob", "Alice"]), true),
        ("is_in", attr!(User, name).is_in(["Bob", "Carol"]), false),
        ("exists", attr!(User, email).exists(), true),
        ("exists", attr!(User, address.city).exists(), true),
        ("not_exists", attr!(User, user_id).not_exists(), false),
        ("contains", attr!(User, roles).contains("dev"), true),
        ("contains", attr!(User, roles).contains("root"), false),
        ("contains", attr!(User, name).contains("lic"), true),
        (
            "attribute_type",
            attr!(User, roles).attribute_type(AttributeType::Ss),
            true,
        ),
        (
            "attribute_type",
            attr!(User, login_count).attribute_type(AttributeType::S),
            false,
        ),
        ("size", attr!(User, roles).size().eq(2), true),
        ("size", attr!(User, name).size().gt(5), false),
        ("size", attr!(User, name).size().between(5, 5), true),
        ("eq None", attr!(User, email).eq(None), false),
        ("ne None", attr!(User, email).ne(None), true),
        (
            "and",
            attr!(User, name).eq("Alice") & attr!(User, login_count).eq(3),
            true,
        ),
        (
            "and",
            attr!(User, name).eq("Alice") & attr!(User, login_count).eq(4),
            false,
        ),
        (
            "or",
            attr!(User, name).eq("Bob") | attr!(User, login_count).eq(3),
            true,
        ),
        (
            "or",
            attr!(User, name).eq("Bob") | attr!(User, login_count).eq(4),
            false,
        ),
        ("not", !attr!(User, name).eq("Bob"), true),
        (
            "not",
            !(attr!(User, name).eq("Alice") & attr!(User, login_count).eq(3)),
            false,
        ),
        ("nested", attr!(User, address.zip).eq("0150"), true),
    ];
    for (operator, condition, expected) in cases {
        let rendered = db
            .put(&alice())
            .condition(condition.clone())
            .render()
            .unwrap();
        assert_eq!(
            holds(&db, condition).await,
            expected,
            "{operator}: {:?}",
            rendered.condition_expression
        );
    }
}

#[tokio::test]
async fn absent_attributes_and_none() {
    let db = mock_dynamodb::<Profile>().await.unwrap();
    let profile = Profile {
        id: "p1".into(),
        name: Some("N".into()),
        ..Profile::default()
    };
    db.put(&profile).send().await.unwrap();
    let cases: Vec<(Condition<Profile>, bool)> = vec![
        (attr!(Profile, status).not_exists(), true),
        (attr!(Profile, status).exists(), false),
        (attr!(Profile, status).eq(None), true),
        (attr!(Profile, name).eq(None), false),
        (attr!(Profile, status).ne(None), false),
        (attr!(Profile, name).ne(None), true),
        (attr!(Profile, history[0]).not_exists(), true),
    ];
    for (condition, expected) in cases {
        let rendered = db
            .put(&profile)
            .condition(condition.clone())
            .render()
            .unwrap();
        let held = match db.put(&profile).condition(condition).send().await {
            Ok(()) => true,
            Err(Error::ConditionalCheckFailed { .. }) => false,
            Err(other) => panic!("unexpected error: {other:?}"),
        };
        assert_eq!(held, expected, "{:?}", rendered.condition_expression);
    }
}
