//! The table and each index as types: the key conditions `Model::partition` and
//! `Model::INDEX.partition` build, the attribute names and encodings they use, what each reads as,
//! and the tables `create_table` makes of them.

use aiodynamo::codec::to_item;
use aiodynamo::local::mock_dynamodb;
use aiodynamo::prelude::*;
use aiodynamo::{ConsistentRead, Index, NoSortKey, SecondaryIndex};
use aws_sdk_dynamodb::types::AttributeValue;

use crate::crud::raw_item;
use aiodynamo_tests::models::*;

fn debug(value: impl std::fmt::Debug) -> String {
    format!("{value:?}")
}

#[test]
fn key_conditions_name_their_index_and_the_attributes_they_read() {
    assert_eq!(
        debug(Order::partition("o1")),
        r#"KeyCondition { index: None, partition: "orderId", range: None }"#
    );
    assert_eq!(
        debug(Order::partition("o1").range_begins_with("2024-")),
        r#"KeyCondition { index: None, partition: "orderId", range: Some("createdAt") }"#
    );
    assert_eq!(
        debug(
            Order::BY_CUSTOMER
                .partition("c1")
                .range_between("2024-01", "2024-12")
        ),
        r#"KeyCondition { index: Some("by_customer"), partition: "customerId", range: Some("createdAt") }"#
    );
    // A sparse index on an `Option<String>` takes the string itself.
    assert_eq!(
        debug(
            Order::STATUS_INDEX
                .partition("open")
                .range_ge(String::from("2024"))
        ),
        r#"KeyCondition { index: Some("status-index"), partition: "status", range: Some("createdAt") }"#
    );
    assert_eq!(
        debug(Order::CUSTOMER_TOTALS.partition("c1").range_gt(100_u64)),
        r#"KeyCondition { index: Some("customer_totals"), partition: "customerId", range: Some("total") }"#
    );
    // A local index shares the table's partition key.
    assert_eq!(
        debug(Order::BY_TOTAL.partition("o1").range_le(5_u64)),
        r#"KeyCondition { index: Some("by_total"), partition: "orderId", range: Some("total") }"#
    );
    // Enum keys take the enum.
    assert_eq!(
        debug(Delivery::partition(Region::EuWest1).range_eq(3_u64)),
        r#"KeyCondition { index: None, partition: "region", range: Some("seq") }"#
    );
    assert_eq!(
        debug(
            Delivery::BY_STATUS
                .partition(Status::OnHold)
                .range_lt(9_u64)
        ),
        r#"KeyCondition { index: Some("byStatus"), partition: "status", range: Some("seq") }"#
    );
    assert_eq!(
        debug(
            Delivery::BY_COURIER
                .partition("ann")
                .range_eq(Region::UsEast1)
        ),
        r#"KeyCondition { index: Some("by-courier"), partition: "courier", range: Some("region") }"#
    );
    // Without a sort key.
    assert_eq!(
        debug(User::partition("u1")),
        r#"KeyCondition { index: None, partition: "user_id", range: None }"#
    );
    assert_eq!(
        debug(Coupon::CAMPAIGN_INDEX.partition("spring")),
        r#"KeyCondition { index: Some("campaign-index"), partition: "campaign", range: None }"#
    );
    assert_eq!(debug(Order::BY_CUSTOMER), "SecondaryIndex(by_customer)");
}

fn names<I: Index>() -> (Option<&'static str>, &'static str, Option<&'static str>) {
    (I::NAME, I::HASH_KEY, I::RANGE_KEY)
}

fn index_of<I: Index>(
    _: SecondaryIndex<I>,
) -> (Option<&'static str>, &'static str, Option<&'static str>) {
    names::<I>()
}

#[test]
fn tables_and_indexes_name_their_keys_by_attribute_name() {
    assert_eq!(<Order as Model>::Table::NAME, None);
    assert_eq!(
        names::<<Order as Model>::Table>(),
        (None, "orderId", Some("createdAt"))
    );
    assert_eq!(names::<OrderTable>(), names::<<Order as Model>::Table>());
    assert_eq!(
        index_of(Order::BY_CUSTOMER),
        (Some("by_customer"), "customerId", Some("createdAt"))
    );
    assert_eq!(
        names::<OrderStatusIndex>(),
        (Some("status-index"), "status", Some("createdAt"))
    );
    assert_eq!(
        names::<OrderCustomerTotalsIndex>(),
        (Some("customer_totals"), "customerId", Some("total"))
    );
    assert_eq!(
        names::<OrderByTotalIndex>(),
        (Some("by_total"), "orderId", Some("total"))
    );
    assert_eq!(names::<<User as Model>::Table>(), (None, "user_id", None));
    assert_eq!(
        names::<DeliveryByCourierIndex>(),
        (Some("by-courier"), "courier", Some("region"))
    );
    assert_eq!(
        index_of(Coupon::CAMPAIGN_INDEX),
        (Some("campaign-index"), "campaign", None)
    );
}

/// Compiles only where `I` has these types.
fn types<I, Hash, Range, Item>()
where
    I: Index<Hash = Hash, Range = Range, Item = Item>,
{
}

fn consistent<I: ConsistentRead>() {}

#[test]
fn each_index_has_its_key_types_and_reads_as_the_model_or_a_partial() {
    types::<OrderTable, String, String, Order>();
    types::<OrderByCustomerIndex, String, String, Order>();
    // Sparse: the type inside the `Option`; include projection: a partial.
    types::<OrderStatusIndex, String, String, Partial<Order>>();
    types::<OrderCustomerTotalsIndex, String, u64, Partial<Order>>();
    types::<OrderByTotalIndex, String, u64, Partial<Order>>();
    types::<<User as Model>::Table, String, NoSortKey, User>();
    types::<DeliveryByStatusIndex, Status, u64, Delivery>();
    types::<DeliveryByCourierIndex, String, Region, Partial<Delivery>>();
    types::<CouponCampaignIndex, String, NoSortKey, Partial<Coupon>>();
    // The table and local indexes read consistently (global ones cannot: tests/ui).
    consistent::<OrderTable>();
    consistent::<OrderByTotalIndex>();
    consistent::<<User as Model>::Table>();
}

#[test]
fn key_values_are_encoded_as_put_stores_the_field() {
    let coupon = Coupon {
        code: "spring".into(),
        campaign: Some("easter".into()),
        uses: 0,
    };
    let stored = to_item(&coupon).unwrap();
    // Each key field through its own serde functions (upper-cased), the optional one too.
    assert_eq!(stored["code"], AttributeValue::S("SPRING".into()));
    assert_eq!(stored["campaign"], AttributeValue::S("EASTER".into()));
    assert_eq!(
        CouponTable::encode_hash("spring".into()).unwrap(),
        stored["code"]
    );
    assert_eq!(
        CouponCampaignIndex::encode_hash("easter".into()).unwrap(),
        stored["campaign"]
    );

    let delivery = Delivery {
        region: Region::UsEast1,
        seq: 12,
        status: Status::OnHold,
        courier: "ann".into(),
    };
    let stored = to_item(&delivery).unwrap();
    assert_eq!(
        DeliveryTable::encode_hash(Region::UsEast1).unwrap(),
        stored["region"]
    );
    assert_eq!(DeliveryTable::encode_range(12).unwrap(), stored["seq"]);
    assert_eq!(
        DeliveryByStatusIndex::encode_hash(Status::OnHold).unwrap(),
        AttributeValue::S("on_hold".into())
    );
    assert_eq!(
        DeliveryByCourierIndex::encode_range(Region::UsEast1).unwrap(),
        AttributeValue::S("us-east-1".into())
    );
    assert_eq!(
        OrderByTotalIndex::encode_range(250).unwrap(),
        AttributeValue::N("250".into())
    );
}

#[tokio::test]
async fn tables_with_every_kind_of_index_are_created_and_take_items_with_and_without_a_sparse_key()
{
    let db = mock_dynamodb::<(Order, Delivery, Coupon)>().await.unwrap();
    let order = |order_id: &str, status: Option<&str>| Order {
        order_id: order_id.into(),
        created_at: "2024-03-01".into(),
        customer_id: "c1".into(),
        status: status.map(Into::into),
        total: 250,
        note: None,
    };
    db.put(&order("o1", Some("open"))).send().await.unwrap();
    db.put(&order("o2", None)).send().await.unwrap();
    let key = [
        ("orderId".into(), AttributeValue::S("o2".into())),
        ("createdAt".into(), AttributeValue::S("2024-03-01".into())),
    ];
    let raw = raw_item(&db, &db.table_name::<Order>(), key.into()).await;
    assert!(!raw.contains_key("status"), "{raw:?}");

    db.put(&Coupon {
        code: "spring".into(),
        campaign: Some("easter".into()),
        uses: 0,
    })
    .send()
    .await
    .unwrap();
    db.put(&Coupon {
        code: "summer".into(),
        campaign: None,
        uses: 0,
    })
    .send()
    .await
    .unwrap();
    db.put(&Delivery {
        region: Region::EuWest1,
        seq: 1,
        status: Status::Active,
        courier: "ann".into(),
    })
    .send()
    .await
    .unwrap();
    assert_eq!(
        db.get(Coupon::key("summer")).send().await.unwrap(),
        Some(Coupon {
            code: "SUMMER".into(),
            campaign: None,
            uses: 0
        })
    );
}

/// A field spelled like an index's const: fields are not associated items of the model (and
/// its path is a method of `QuirkyFields`), so both exist.
#[table(
    "quirky",
    hash_key = "id",
    gsi(name = "by_customer", hash_key = "BY_CUSTOMER")
)]
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[allow(non_snake_case)]
struct Quirky {
    id: String,
    BY_CUSTOMER: String,
}

#[test]
fn a_field_spelled_like_an_index_const_does_not_collide_with_it() {
    assert_eq!(
        debug(Quirky::BY_CUSTOMER.partition("c1")),
        r#"KeyCondition { index: Some("by_customer"), partition: "BY_CUSTOMER", range: None }"#
    );
    let quirky = Quirky {
        id: "q".into(),
        BY_CUSTOMER: "c1".into(),
    };
    assert_eq!(quirky.BY_CUSTOMER, "c1");
    assert_eq!(
        format!("{:?}", attr!(Quirky, BY_CUSTOMER).eq("c1")),
        format!("{:?}", Quirky::fields().BY_CUSTOMER().eq("c1"))
    );
}
