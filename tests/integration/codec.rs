//! Property test: every model encodes to an item and decodes back to itself.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aiodynamo::Bytes;
use aiodynamo::codec::{from_attribute, from_item, to_attribute, to_item};
use aws_sdk_dynamodb::types::AttributeValue;
use proptest::collection::{btree_map, btree_set, hash_map, hash_set, vec};
use proptest::option;
use proptest::prelude::*;

use aiodynamo_tests::models::*;

fn address() -> impl Strategy<Value = Address> {
    (".*", "[0-9]{4}").prop_map(|(city, zip)| Address { city, zip })
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = ".*".prop_map(|label| Node {
        label,
        children: vec![],
        next: None,
    });
    leaf.prop_recursive(3, 12, 3, |inner| {
        (
            ".*",
            vec(inner.clone(), 0..3),
            option::of(inner.prop_map(Box::new)),
        )
            .prop_map(|(label, children, next)| Node {
                label,
                children,
                next,
            })
    })
}

fn bytes() -> impl Strategy<Value = Bytes> {
    vec(any::<u8>(), 1..8).prop_map(Bytes::from)
}

fn finite_f64() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("DynamoDB numbers are finite", |n| {
        n.is_finite() && (n.abs() < 1e120) && (*n == 0.0 || n.abs() > 1e-120)
    })
}

prop_compose! {
    fn everything()(
        (id, sort, text, flag, small, signed, big, negative) in
            (".+", any::<i64>(), ".*", any::<bool>(), any::<u8>(), any::<i32>(), 0..=crate::crud::MAX_STORABLE as u128, -crate::crud::MAX_STORABLE..=crate::crud::MAX_STORABLE),
        (ratio, single, bytes, raw_bytes) in
            (finite_f64(), any::<i16>().prop_map(|n| f32::from(n) / 4.0), bytes(), vec(any::<u8>(), 0..8)),
        (tags, scores, blobs, empty_tags) in
            (btree_set(".+", 0..4), hash_set(any::<u64>(), 0..4), btree_set(bytes(), 0..3), btree_set(".+", 0..2)),
        (list, nested_lists, optional, absent, list_of_options) in
            (vec(".*", 0..4), vec(vec(any::<i32>(), 0..3), 0..3), option::of(".*"), option::of(any::<u32>()), vec(option::of(any::<u32>()), 0..4)),
        (map, map_of_options, status) in
            (btree_map(".*", any::<u32>(), 0..4), hash_map(".*", option::of(".*"), 0..4), prop_oneof![Just(Status::Active), Just(Status::OnHold)]),
        (address, addresses, renamed, defaulted, tree) in
            (address(), vec(address(), 0..3), ".*", any::<u32>(), node()),
    ) -> Everything {
        Everything {
            id, sort, text, flag, small, signed, big, negative, ratio, single, bytes, raw_bytes, tags,
            scores, blobs, empty_tags, list, nested_lists, optional, absent, list_of_options, map,
            map_of_options, status, address, addresses, renamed, defaulted, skipped: 0, tree,
        }
    }
}

proptest! {
    #[test]
    fn every_model_round_trips(value in everything()) {
        let item = to_item(&value).unwrap();
        for (name, set) in [("tags", &value.tags), ("emptyTags", &value.empty_tags)] {
            match item.get(name) {
                None => prop_assert!(set.is_empty(), "{name} omitted although not empty"),
                Some(AttributeValue::Ss(members)) => prop_assert_eq!(members.len(), set.len()),
                Some(other) => prop_assert!(false, "{name} stored as {other:?}"),
            }
        }
        prop_assert!(!item.contains_key("skipped"));
        prop_assert_eq!(from_item::<Everything>(item).unwrap(), value);
    }

    #[test]
    fn orders_round_trip(
        items in vec(("[a-z]{1,8}", any::<u32>()).prop_map(|(sku, qty)| Item { sku, qty }), 0..50),
        prices in hash_map("[a-z]{3}", finite_f64(), 0..4),
    ) {
        let order = ComplexOrder {
            order_id: "o".into(),
            created_at: "c".into(),
            customer_id: "x".into(),
            total: 1,
            basket: Basket { items },
            prices,
        };
        prop_assert_eq!(from_item::<ComplexOrder>(to_item(&order).unwrap()).unwrap(), order);
    }
}

#[test]
fn decode_errors_name_the_path_and_both_types() {
    let mut item = to_item(&crate::crud::order()).unwrap();
    let Some(AttributeValue::M(basket)) = item.get_mut("basket") else {
        panic!("basket is a map")
    };
    let Some(AttributeValue::L(items)) = basket.get_mut("items") else {
        panic!("items is a list")
    };
    let Some(AttributeValue::M(second)) = items.get_mut(1) else {
        panic!("an item is a map")
    };
    second.insert("qty".into(), AttributeValue::S("nine".into()));
    let error = from_item::<ComplexOrder>(item).unwrap_err();
    assert_eq!(
        error.to_string(),
        "basket.items[1].qty: expected number (N), found string (S)"
    );
}

#[test]
fn a_missing_required_attribute_is_named() {
    let mut item = to_item(&crate::crud::alice()).unwrap();
    item.remove("login_count");
    assert_eq!(
        from_item::<User>(item).unwrap_err().to_string(),
        "login_count: missing attribute"
    );
}

#[test]
fn unknown_attributes_are_ignored_and_absent_sets_read_empty() {
    let mut item = to_item(&crate::crud::alice()).unwrap();
    item.insert("legacy".into(), AttributeValue::Bool(true));
    item.remove("roles");
    let user = from_item::<User>(item).unwrap();
    assert_eq!(user.roles, BTreeSet::new());
}

#[test]
fn out_of_range_numbers_are_decode_errors() {
    let mut item = to_item(&crate::crud::order()).unwrap();
    item.insert("total".into(), AttributeValue::N("-1".into()));
    assert_eq!(
        from_item::<ComplexOrder>(item).unwrap_err().to_string(),
        "total: a number that does not fit u64"
    );
}

#[test]
fn map_keys_are_strings_integers_or_unit_enums_both_ways() {
    let map: HashMap<u8, u8> = HashMap::from([(1, 2)]);
    let encoded = aiodynamo::codec::to_attribute(&map).unwrap().unwrap();
    assert_eq!(
        encoded,
        AttributeValue::M([("1".into(), AttributeValue::N("2".into()))].into())
    );
    assert_eq!(from_attribute::<HashMap<u8, u8>>(encoded).unwrap(), map);
    #[derive(Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    struct UserId(u64);
    let by_id = HashMap::from([(UserId(7), 1_u8)]);
    let encoded = to_attribute(&by_id).unwrap().unwrap();
    assert_eq!(
        from_attribute::<HashMap<UserId, u8>>(encoded).unwrap(),
        by_id
    );
    let by_status = BTreeMap::from([(Status::OnHold, -7_i64)]);
    let encoded = to_attribute(&by_status).unwrap().unwrap();
    assert_eq!(
        from_attribute::<BTreeMap<Status, i64>>(encoded).unwrap(),
        by_status
    );
    let not_a_number = AttributeValue::M([("x".into(), AttributeValue::N("2".into()))].into());
    let error = from_attribute::<HashMap<u8, u8>>(not_a_number).unwrap_err();
    assert_eq!(error.to_string(), "a map key that is not a u8");
    let keyed: BTreeMap<bool, u8> = BTreeMap::from([(true, 1)]);
    let error = aiodynamo::codec::to_attribute(&keyed).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot encode a map key: DynamoDB map keys must be strings"
    );
}

#[test]
fn an_empty_set_inside_a_list_or_map_is_null_and_reads_back_empty() {
    let sets = vec![BTreeSet::from(["a".to_string()]), BTreeSet::new()];
    let encoded = to_attribute(&sets).unwrap().unwrap();
    assert_eq!(
        encoded,
        AttributeValue::L(vec![
            AttributeValue::Ss(vec!["a".into()]),
            AttributeValue::Null(true)
        ])
    );
    assert_eq!(
        from_attribute::<Vec<BTreeSet<String>>>(encoded).unwrap(),
        sets
    );

    let by_name = BTreeMap::from([("none".to_string(), BTreeSet::<u32>::new())]);
    let encoded = to_attribute(&by_name).unwrap().unwrap();
    assert_eq!(
        from_attribute::<BTreeMap<String, BTreeSet<u32>>>(encoded).unwrap(),
        by_name
    );
}

/// Optional attributes with their own serde functions: serde alone would call them missing.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize, aiodynamo::Document)]
struct Attachment {
    name: String,
    #[serde(with = "serde_bytes")]
    data: Option<Vec<u8>>,
    #[serde(with = "as_is")]
    labels: Option<BTreeSet<String>>,
}

#[test]
fn an_absent_option_with_its_own_serde_functions_reads_back_none() {
    for (data, labels) in [
        (None, None),
        (Some(vec![1, 2]), Some(["x".to_string()].into())),
    ] {
        let attachment = Attachment {
            name: "a".into(),
            data,
            labels,
        };
        let item = to_item(&attachment).unwrap();
        assert_eq!(item.contains_key("data"), attachment.data.is_some());
        assert_eq!(item.contains_key("labels"), attachment.labels.is_some());
        assert_eq!(from_item::<Attachment>(item).unwrap(), attachment);
    }
}

/// Any attribute value, nested up to `depth` lists and maps, keyed by names a model uses (so
/// decoding gets past the first attribute) and by others.
fn any_value(depth: u32) -> BoxedStrategy<AttributeValue> {
    let leaf = prop_oneof![
        ".{0,8}".prop_map(AttributeValue::S),
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|n| n.to_string()),
            "[-+.eE0-9]{0,12}",
        ]
        .prop_map(AttributeValue::N),
        vec(any::<u8>(), 0..8).prop_map(|bytes| AttributeValue::B(bytes.into())),
        any::<bool>().prop_map(AttributeValue::Bool),
        Just(AttributeValue::Null(true)),
        vec(".{0,4}", 0..3).prop_map(AttributeValue::Ss),
        vec("[0-9]{1,4}", 0..3).prop_map(AttributeValue::Ns),
    ];
    leaf.prop_recursive(depth, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(AttributeValue::L),
            hash_map(name(), inner, 0..4).prop_map(AttributeValue::M),
        ]
    })
    .boxed()
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "sort",
            "text",
            "flag",
            "small",
            "big",
            "ratio",
            "bytes",
            "tags",
            "scores",
            "list",
            "map",
            "status",
            "address",
            "city",
            "zip",
            "addresses",
            "tree",
            "label",
            "children",
            "next",
            "items",
            "qty",
            "sku",
        ])
        .prop_map(String::from),
        ".{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Decoding whatever an item holds never panics: it is a model or a `DecodeError` with the
    /// path where the item went wrong (and, being data, never quotes a value it found).
    #[test]
    fn decoding_arbitrary_items_never_panics(item in hash_map(name(), any_value(4), 0..12)) {
        let text_values: Vec<String> = item
            .values()
            .filter_map(|value| match value {
                AttributeValue::S(text) if text.len() > 3 => Some(text.clone()),
                _ => None,
            })
            .collect();
        for decoded in [
            from_item::<Everything>(item.clone()).map(drop),
            from_item::<ComplexOrder>(item.clone()).map(drop),
            from_item::<User>(item.clone()).map(drop),
        ] {
            if let Err(error) = decoded {
                let message = error.to_string();
                prop_assert!(!message.is_empty());
                for text in &text_values {
                    prop_assert!(!message.contains(text.as_str()), "{message} quotes {text:?}");
                }
            }
        }
    }
}
