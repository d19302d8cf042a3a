//! The exact requests aiodynamo sends: deterministic placeholders, values never in the text.

use aiodynamo::prelude::*;
use aws_sdk_dynamodb::types::AttributeValue;

use aiodynamo_tests::models::*;

fn db() -> Db {
    // Rendering sends nothing: a client with no endpoint is enough.
    Db::new(aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder()
            .behavior_version_latest()
            .build(),
    ))
}

#[test]
fn the_seed_multi_action_update_renders_the_same_every_time() {
    let request = || {
        db().update(
            User::key("u1"),
            [
                attr!(User, name).set("Alice Smith"),
                attr!(User, email).remove(),
                attr!(User, login_count).add(1),
                attr!(User, roles).delete(["admin"]),
            ],
        )
        .condition(attr!(User, name).eq("Alice"))
        .return_values(ReturnValues::AllNew)
        .render()
        .unwrap()
    };
    let rendered = request();
    assert_eq!(rendered, request());
    assert_eq!(
        rendered.update_expression.as_deref(),
        Some("SET #n0 = :v0 REMOVE #n1 ADD #n2 :v1 DELETE #n3 :v2")
    );
    assert_eq!(rendered.condition_expression.as_deref(), Some("#n0 = :v3"));
    let names: Vec<(&str, &str)> = {
        let mut names: Vec<_> = rendered
            .names
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names,
        [
            ("#n0", "name"),
            ("#n1", "email"),
            ("#n2", "login_count"),
            ("#n3", "roles")
        ]
    );
    assert_eq!(
        rendered.values[":v0"],
        AttributeValue::S("Alice Smith".into())
    );
    assert_eq!(rendered.values[":v1"], AttributeValue::N("1".into()));
    assert_eq!(
        rendered.values[":v2"],
        AttributeValue::Ss(vec!["admin".into()])
    );
    assert_eq!(rendered.values[":v3"], AttributeValue::S("Alice".into()));
}

#[test]
fn nested_paths_use_one_placeholder_per_segment() {
    let rendered = db()
        .update(
            ComplexOrder::key("o1", "t"),
            [attr!(ComplexOrder, basket.items[1].qty).set(9)],
        )
        .render()
        .unwrap();
    assert_eq!(
        rendered.update_expression.as_deref(),
        Some("SET #n0.#n1[1].#n2 = :v0")
    );
    assert_eq!(rendered.names["#n2"], "qty");

    // The model may be named by its path, in both forms of `attr!`.
    let by_path = attr!(aiodynamo_tests::models::ComplexOrder, basket.items[1].qty);
    let string_form = attr!(aiodynamo_tests::models::ComplexOrder, "basket.items[1].qty");
    assert_eq!(
        by_path.raw(),
        attr!(ComplexOrder, basket.items[1].qty).raw()
    );
    assert_eq!(string_form.raw(), by_path.raw());
}

#[test]
fn list_append_arithmetic_and_groups() {
    let rendered = db()
        .update(
            Profile::key("p1"),
            [
                attr!(Profile, history).append(["a"]),
                attr!(Profile, visits) + 2,
                attr!(Profile, status).set_if_not_exists("new"),
            ],
        )
        .condition(
            !(attr!(Profile, name).eq("x") | attr!(Profile, history).size().lt(3))
                & attr!(Profile, id).exists(),
        )
        .render()
        .unwrap();
    assert_eq!(
        rendered.update_expression.as_deref(),
        Some(
            "SET #n0 = list_append(if_not_exists(#n0, :v0), :v1), #n1 = if_not_exists(#n1, :v2) + :v3, \
             #n2 = if_not_exists(#n2, :v4)"
        )
    );
    assert_eq!(
        rendered.condition_expression.as_deref(),
        Some("(NOT (#n3 = :v5 OR size(#n0) < :v6)) AND attribute_exists(#n4)")
    );
}

#[test]
fn values_never_appear_in_expression_text() {
    let secret = "p4ssw0rd";
    let rendered = db()
        .update(Profile::key("p1"), [attr!(Profile, status).set(secret)])
        .condition(attr!(Profile, name).eq(secret))
        .render()
        .unwrap();
    assert!(!rendered.update_expression.unwrap().contains(secret));
    assert!(!rendered.condition_expression.unwrap().contains(secret));
}

#[test]
fn recursive_documents_and_renamed_attributes() {
    let rendered = db()
        .update(
            Everything::key("e1", 1),
            [
                attr!(Everything, tree.children[0].next.label).set("deep"),
                attr!(Everything, "renamed attribute").set("spaced"),
                attr!(Everything, rawBytes).set(vec![1]),
                attr!(Everything, "map['one']").add(1),
            ],
        )
        .render()
        .unwrap();
    assert_eq!(
        rendered.update_expression.as_deref(),
        Some("SET #n0.#n1[0].#n2.#n3 = :v0, #n4 = :v1, #n5 = :v2 ADD #n6.#n7 :v3")
    );
    let mut names: Vec<_> = rendered.names.values().map(String::as_str).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "children",
            "label",
            "map",
            "next",
            "one",
            "rawBytes",
            "renamed attribute",
            "tree"
        ]
    );
    assert_eq!(
        rendered.values[":v2"],
        AttributeValue::B(aws_sdk_dynamodb::primitives::Blob::new(vec![1])),
        "serde_bytes: the value is stored as the field stores it"
    );
}

#[table("coupons", hash_key = "id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Coupon {
    id: String,
    #[serde(with = "aiodynamo_tests::models::upper")]
    code: String,
    note: Option<String>,
    #[serde(with = "aiodynamo_tests::models::as_is")]
    labels: std::collections::BTreeSet<String>,
}

#[test]
fn a_set_with_its_own_serde_functions_is_a_set_in_items_and_on_paths() {
    let coupon = Coupon {
        id: "c1".into(),
        code: "x".into(),
        note: None,
        labels: ["spring".to_string()].into(),
    };
    let item = aiodynamo::codec::to_item(&coupon).unwrap();
    let set = AttributeValue::Ss(vec!["spring".into()]);
    assert_eq!(item["labels"], set);
    let rendered = db()
        .update(Coupon::key("c1"), [attr!(Coupon, labels).set(["spring"])])
        .render()
        .unwrap();
    assert_eq!(rendered.values[":v0"], set);
}

#[test]
fn borrowed_strings_are_encoded_as_the_field_stores_them() {
    let rendered = db()
        .update(
            Coupon::key("c1"),
            [
                attr!(Coupon, code).set("spring"),
                attr!(Coupon, note).set("plain"),
            ],
        )
        .condition(attr!(Coupon, code).eq("winter") | attr!(Coupon, note).ne("x"))
        .render()
        .unwrap();
    assert_eq!(
        rendered.update_expression.as_deref(),
        Some("SET #n0 = :v0, #n1 = :v1")
    );
    assert_eq!(
        rendered.condition_expression.as_deref(),
        Some("#n0 = :v2 OR #n1 <> :v3")
    );
    let value = |placeholder: &str| rendered.values[placeholder].clone();
    assert_eq!(value(":v0"), AttributeValue::S("SPRING".into()));
    assert_eq!(value(":v1"), AttributeValue::S("plain".into()));
    assert_eq!(value(":v2"), AttributeValue::S("WINTER".into()));
    assert_eq!(value(":v3"), AttributeValue::S("x".into()));
}

/// Field names serde does not expect (not snake_case): paths must name them as serde stores them.
#[table("odd_names", hash_key = "userID")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(non_snake_case)]
struct OddNames {
    id: String,
    userID: String,
    r#type: String,
}

#[test]
fn odd_field_names_are_reached_as_serde_stores_them() {
    let item = aiodynamo::codec::to_item(&OddNames {
        id: "1".into(),
        userID: "u".into(),
        r#type: "t".into(),
    })
    .unwrap();
    assert!(
        item.contains_key("userID") && item.contains_key("type"),
        "{item:?}"
    );
    assert_eq!(attr!(OddNames, userID).to_string(), "userID");
    // A keyword field is reached as written, raw or not.
    assert_eq!(attr!(OddNames, type).to_string(), "type");
    assert_eq!(attr!(OddNames, r#type).raw(), attr!(OddNames, "type").raw());
}

#[test]
fn a_runtime_subscript_indexes_a_list_with_a_usize_and_names_a_map_entry_with_a_string() {
    let currency = "eur";
    let owned = String::from("usd");
    let i: usize = 1;
    // A map entry, whatever the string's form: `&str` (not 'static), `String`, `&String`.
    let local = currency.to_owned();
    let borrowed: &str = &local;
    assert_eq!(
        attr!(ComplexOrder, prices[borrowed]).to_string(),
        "prices.eur"
    );
    assert_eq!(
        attr!(ComplexOrder, prices[currency]).to_string(),
        "prices.eur"
    );
    assert_eq!(
        attr!(ComplexOrder, prices[&owned]).to_string(),
        "prices.usd"
    );
    assert_eq!(
        attr!(ComplexOrder, prices[owned.clone()]).to_string(),
        "prices.usd"
    );
    assert_eq!(
        attr!(ComplexOrder, prices[currency]).raw(),
        attr!(ComplexOrder, prices["eur"]).raw()
    );
    // A list element, through which the path goes on.
    assert_eq!(
        attr!(ComplexOrder, basket.items[i].qty).raw(),
        attr!(ComplexOrder, basket.items[1].qty).raw()
    );
    assert_eq!(
        attr!(ComplexOrder, basket.items[i + 1].sku).to_string(),
        "basket.items[2].sku"
    );

    let rendered = db()
        .update(
            ComplexOrder::key("o1", "t"),
            [
                attr!(ComplexOrder, prices[currency]).set(9.5),
                attr!(ComplexOrder, basket.items[i].qty).add(1),
            ],
        )
        .render()
        .unwrap();
    assert_eq!(
        rendered.update_expression.as_deref(),
        Some("SET #n0.#n1 = :v0 ADD #n2.#n3[1].#n4 :v1")
    );
    assert_eq!(rendered.names["#n1"], "eur");
    assert_eq!(rendered.values[":v0"], AttributeValue::N("9.5".into()));
}
