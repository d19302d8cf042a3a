//! The models the integration tests store.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use aiodynamo::Bytes;
use aiodynamo::prelude::*;
use serde::{Deserialize, Serialize};

#[table("users", hash_key = "user_id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub user_id: String,
    pub name: String,
    pub email: Option<String>,
    pub login_count: u64,
    pub roles: BTreeSet<String>,
    pub address: Option<Address>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Document)]
pub struct Address {
    pub city: String,
    pub zip: String,
}

#[table(
    "orders",
    hash_key = "order_id",
    range_key = "created_at",
    gsi(
        name = "by_customer",
        hash_key = "customer_id",
        range_key = "created_at"
    ),
    lsi(name = "by_total", range_key = "total", projection = "keys_only")
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplexOrder {
    pub order_id: String,
    pub created_at: String,
    pub customer_id: String,
    pub total: u64,
    pub basket: Basket,
    pub prices: HashMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Document)]
pub struct Basket {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Document)]
pub struct Item {
    pub sku: String,
    pub qty: u32,
}

/// A unit enum stored by its serde name (S), in sets as a string set (SS).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, KeyType,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    OnHold,
}

/// Every supported type, for storage-format round trips.
#[table("everything", hash_key = "id", range_key = "sort")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Everything {
    pub id: String,
    pub sort: i64,
    pub text: String,
    pub flag: bool,
    pub small: u8,
    pub signed: i32,
    pub big: u128,
    pub negative: i128,
    pub ratio: f64,
    pub single: f32,
    pub bytes: Bytes,
    #[serde(with = "serde_bytes")]
    pub raw_bytes: Vec<u8>,
    pub tags: BTreeSet<String>,
    pub scores: HashSet<u64>,
    pub blobs: BTreeSet<Bytes>,
    pub empty_tags: BTreeSet<String>,
    pub list: Vec<String>,
    pub nested_lists: Vec<Vec<i32>>,
    pub optional: Option<String>,
    pub absent: Option<u32>,
    pub list_of_options: Vec<Option<u32>>,
    pub map: BTreeMap<String, u32>,
    pub map_of_options: HashMap<String, Option<String>>,
    pub status: Status,
    pub address: Address,
    pub addresses: Vec<Address>,
    #[serde(rename = "renamed attribute")]
    pub renamed: String,
    #[serde(default)]
    pub defaulted: u32,
    #[serde(skip)]
    pub skipped: u32,
    pub tree: Node,
}

/// A recursive document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Document)]
pub struct Node {
    pub label: String,
    pub children: Vec<Node>,
    pub next: Option<Box<Self>>,
}

/// Attribute names DynamoDB cannot take in expression text as they are, and fields to create
/// from nothing.
#[table("profiles", hash_key = "id")]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub name: Option<String>,
    pub status: Option<String>,
    #[serde(rename = "first.name")]
    pub dotted: Option<String>,
    #[serde(rename = "home town")]
    pub spaced: Option<String>,
    pub history: Option<Vec<String>>,
    pub visits: Option<u64>,
    pub balance: Option<f64>,
    pub scores: Option<BTreeSet<u64>>,
    pub nicknames: BTreeSet<String>,
    #[serde(default)]
    pub prices: BTreeMap<String, f64>,
    pub avatar: Option<Bytes>,
}

/// A unit enum stored by its serde name, used as a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, KeyType)]
pub enum Region {
    #[serde(rename = "eu-west-1")]
    EuWest1,
    #[serde(rename = "us-east-1")]
    UsEast1,
}

/// Keys that are not strings: an enum and a number.
#[table("shipments", hash_key = "region", range_key = "seq")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shipment {
    pub region: Region,
    pub seq: u64,
    pub weight_kg: f64,
    pub status: Status,
}

/// Time and identity keys: a UUID hash key (S) and a millisecond timestamp range key (N).
#[table("events", hash_key = "device_id", range_key = "at")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub device_id: uuid::Uuid,
    pub at: aiodynamo::TimestampMillis,
    pub kind: String,
    pub acknowledged: BTreeSet<aiodynamo::Timestamp>,
    pub expires: Option<aiodynamo::Timestamp>,
}

/// Serde functions that change nothing, for fields that must have their own (`with`): the
/// field keeps its shape, a set stays a set.
pub mod as_is {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// Stores a string upper-cased and reads it as stored: a field with serde functions that change
/// its value, so a test sees whether they were used.
pub mod upper {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(code: &str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&code.to_uppercase())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        String::deserialize(deserializer)
    }
}

/// Stores an optional string upper-cased (absent stays absent): the serde functions of an
/// optional key field, for a sparse index.
pub mod upper_option {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        code: &Option<String>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match code {
            Some(code) => serializer.serialize_some(&code.to_uppercase()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        Option::<String>::deserialize(deserializer)
    }
}

/// A shop order with every kind of index, for queries: stored camelCase (`orderId`,
/// `createdAt`, ..), so key conditions must use the attribute names.
///
/// - the table: `orderId` / `createdAt` (`OrderTable`, `Order::partition`);
/// - `by_customer`, a global index `customerId` / `createdAt` projecting everything
///   (`OrderByCustomerIndex`, `Order::BY_CUSTOMER`): a customer's orders by date;
/// - `status-index`, a sparse global index `status` / `createdAt` on an `Option` projecting the
///   keys and `total` (`OrderStatusIndex`, `Order::STATUS_INDEX`): only orders with a status,
///   read as `Partial<Order>`;
/// - `customer_totals`, a keys-only global index `customerId` / `total` (a number sort key)
///   (`OrderCustomerTotalsIndex`, `Order::CUSTOMER_TOTALS`);
/// - `by_total`, a keys-only local index `orderId` / `total` (`OrderByTotalIndex`,
///   `Order::BY_TOTAL`), which can be read consistently.
#[table(
    "shop_orders",
    hash_key = "order_id",
    range_key = "created_at",
    gsi(name = "by_customer", hash_key = "customer_id", range_key = "created_at"),
    gsi(
        name = "status-index",
        hash_key = "status",
        range_key = "created_at",
        projection = "include",
        include = ["total"]
    ),
    gsi(
        name = "customer_totals",
        hash_key = "customer_id",
        range_key = "total",
        projection = "keys_only"
    ),
    lsi(name = "by_total", range_key = "total", projection = "keys_only")
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub order_id: String,
    pub created_at: String,
    pub customer_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub total: u64,
    #[serde(default)]
    pub note: Option<String>,
}

/// Enum keys, in the table and in indexes: `region` (`Region`) / `seq`, a global index
/// `byStatus` on `status` (`Status`) / `seq` (`DeliveryByStatusIndex`, `Delivery::BY_STATUS`)
/// and a keys-only global index `by-courier` on `courier` / `region`, an enum sort key
/// (`DeliveryByCourierIndex`, `Delivery::BY_COURIER`).
#[table(
    "deliveries",
    hash_key = "region",
    range_key = "seq",
    gsi(name = "byStatus", hash_key = "status", range_key = "seq"),
    gsi(
        name = "by-courier",
        hash_key = "courier",
        range_key = "region",
        projection = "keys_only"
    )
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub region: Region,
    pub seq: u64,
    pub status: Status,
    pub courier: String,
}

/// Key fields with their own serde functions, in the table (`code`, stored upper-cased) and in a
/// sparse global index (`campaign`, an upper-cased `Option`): `campaign-index`
/// (`CouponCampaignIndex`, `Coupon::CAMPAIGN_INDEX`), keys only.
#[table(
    "coupons",
    hash_key = "code",
    gsi(
        name = "campaign-index",
        hash_key = "campaign",
        projection = "keys_only"
    )
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coupon {
    #[serde(with = "upper")]
    pub code: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "upper_option"
    )]
    pub campaign: Option<String>,
    pub uses: u32,
}
