//! The order every measure reads and writes, its twin for serde_dynamo, and the hand-written
//! codec aiodynamo is measured against.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

use aiodynamo::RawItem;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

#[aiodynamo::table("orders", hash_key = "order_id", range_key = "created_at")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub order_id: String,
    pub created_at: String,
    pub customer_id: String,
    pub status: Status,
    pub total: u64,
    pub note: Option<String>,
    pub tags: BTreeSet<String>,
    pub basket: Basket,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Pending,
    Paid,
    Shipped,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, aiodynamo::Document)]
pub struct Basket {
    pub items: Vec<LineItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, aiodynamo::Document)]
pub struct LineItem {
    pub sku: String,
    pub qty: u32,
    pub price_cents: u64,
}

/// The same order as serde_dynamo needs it to store the same item as aiodynamo. serde_dynamo
/// knows nothing of sets: a plain `BTreeSet` becomes a list (L) there, so `tags` is marked
/// `string_set` (and skipped when empty, as DynamoDB has no empty set), and `None` would be stored
/// as NULL, so `note` is skipped when `None`. aiodynamo does both from the model's types alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SerdeDynamoOrder {
    pub order_id: String,
    pub created_at: String,
    pub customer_id: String,
    pub status: Status,
    pub total: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(
        with = "serde_dynamo::string_set",
        default,
        skip_serializing_if = "BTreeSet::is_empty"
    )]
    pub tags: BTreeSet<String>,
    pub basket: Basket,
}

impl From<Order> for SerdeDynamoOrder {
    fn from(o: Order) -> Self {
        SerdeDynamoOrder {
            order_id: o.order_id,
            created_at: o.created_at,
            customer_id: o.customer_id,
            status: o.status,
            total: o.total,
            note: o.note,
            tags: o.tags,
            basket: o.basket,
        }
    }
}

/// An order with `line_items` line items.
pub fn order(line_items: usize) -> Order {
    let items: Vec<LineItem> = (0..line_items)
        .map(|i| LineItem {
            sku: format!("SKU-{i:05}"),
            qty: (i % 5) as u32 + 1,
            price_cents: 1999 + 100 * i as u64,
        })
        .collect();
    Order {
        order_id: "o-2024-000123".into(),
        created_at: "2024-06-01T12:34:56Z".into(),
        customer_id: "c-000042".into(),
        status: Status::Paid,
        total: items.iter().map(|i| u64::from(i.qty) * i.price_cents).sum(),
        note: Some("leave at the door".into()),
        tags: ["gift", "priority", "fragile"].map(String::from).into(),
        basket: Basket { items },
    }
}

/// `template` as order `i` of partition `partition`.
pub fn numbered(template: &Order, partition: &str, i: usize) -> Order {
    let mut order = template.clone();
    order.order_id = partition.to_owned();
    order.created_at = format!("2024-06-01T00:00:00.{i:06}Z");
    order
}

/// Checks, once, that aiodynamo, the hand-written codec and serde_dynamo do the same work: equal
/// items, equal models; and that the hand-written reader fails as a reader should. Returns the
/// item.
pub fn check_codecs_agree(order: &Order) -> RawItem {
    let sd_order = SerdeDynamoOrder::from(order.clone());
    let ours = aiodynamo::codec::to_item(order).expect("aiodynamo encodes");
    let theirs: RawItem = serde_dynamo::aws_sdk_dynamodb_1::to_item(&sd_order).expect("encodes");
    assert_eq!(
        ours,
        hand::write_order(order),
        "aiodynamo and hand-written items differ"
    );
    assert_eq!(ours, theirs, "aiodynamo and serde_dynamo items differ");
    assert!(matches!(ours["tags"], AttributeValue::Ss(_)));

    let read: Order = aiodynamo::codec::from_item(ours.clone()).expect("aiodynamo decodes");
    assert_eq!(&read, order);
    let read = hand::read_order(ours.clone()).expect("hand-written decodes");
    assert_eq!(&read, order);
    let read: SerdeDynamoOrder =
        serde_dynamo::aws_sdk_dynamodb_1::from_item(ours.clone()).expect("serde_dynamo decodes");
    assert_eq!(read, sd_order);

    let mut broken = ours.clone();
    if let Some(AttributeValue::M(basket)) = broken.get_mut("basket")
        && let Some(AttributeValue::L(items)) = basket.get_mut("items")
        && let Some(AttributeValue::M(item)) = items.get_mut(1)
    {
        item.insert("qty".into(), AttributeValue::S("two".into()));
        let error = hand::read_order(broken).expect_err("a string is not a number");
        assert_eq!(
            error.to_string(),
            "basket.items[1].qty: expected number (N)"
        );
    }
    ours
}

/// The hand-written codec.
pub mod hand {
    use super::*;

    impl Status {
        fn as_str(self) -> &'static str {
            match self {
                Status::Pending => "Pending",
                Status::Paid => "Paid",
                Status::Shipped => "Shipped",
            }
        }
    }

    pub fn write_order(o: &Order) -> RawItem {
        let mut item = HashMap::with_capacity(8);
        item.insert("order_id".to_owned(), AttributeValue::S(o.order_id.clone()));
        item.insert(
            "created_at".to_owned(),
            AttributeValue::S(o.created_at.clone()),
        );
        item.insert(
            "customer_id".to_owned(),
            AttributeValue::S(o.customer_id.clone()),
        );
        item.insert(
            "status".to_owned(),
            AttributeValue::S(o.status.as_str().to_owned()),
        );
        item.insert("total".to_owned(), AttributeValue::N(o.total.to_string()));
        if let Some(note) = &o.note {
            item.insert("note".to_owned(), AttributeValue::S(note.clone()));
        }
        if !o.tags.is_empty() {
            item.insert(
                "tags".to_owned(),
                AttributeValue::Ss(o.tags.iter().cloned().collect()),
            );
        }
        item.insert("basket".to_owned(), write_basket(&o.basket));
        item
    }

    fn write_basket(b: &Basket) -> AttributeValue {
        let mut map = HashMap::with_capacity(1);
        let items = b.items.iter().map(write_line_item).collect();
        map.insert("items".to_owned(), AttributeValue::L(items));
        AttributeValue::M(map)
    }

    fn write_line_item(i: &LineItem) -> AttributeValue {
        let mut map = HashMap::with_capacity(3);
        map.insert("sku".to_owned(), AttributeValue::S(i.sku.clone()));
        map.insert("qty".to_owned(), AttributeValue::N(i.qty.to_string()));
        map.insert(
            "price_cents".to_owned(),
            AttributeValue::N(i.price_cents.to_string()),
        );
        AttributeValue::M(map)
    }

    /// A read error: the attribute's path (built only when failing) and what was wrong.
    #[derive(Debug)]
    pub struct ReadError {
        path: String,
        problem: &'static str,
    }

    impl ReadError {
        fn new(name: &str, problem: &'static str) -> Self {
            ReadError {
                path: name.to_owned(),
                problem,
            }
        }

        fn within(mut self, name: &str) -> Self {
            self.path = if self.path.starts_with('[') {
                format!("{name}{}", self.path)
            } else {
                format!("{name}.{}", self.path)
            };
            self
        }

        fn at(mut self, index: usize) -> Self {
            self.path = if self.path.is_empty() {
                format!("[{index}]")
            } else {
                format!("[{index}].{}", self.path)
            };
            self
        }
    }

    impl fmt::Display for ReadError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }

    impl std::error::Error for ReadError {}

    fn take(map: &mut RawItem, name: &'static str) -> Result<AttributeValue, ReadError> {
        map.remove(name)
            .ok_or_else(|| ReadError::new(name, "missing attribute"))
    }

    fn string(map: &mut RawItem, name: &'static str) -> Result<String, ReadError> {
        match take(map, name)? {
            AttributeValue::S(s) => Ok(s),
            _ => Err(ReadError::new(name, "expected string (S)")),
        }
    }

    fn number<T: FromStr>(map: &mut RawItem, name: &'static str) -> Result<T, ReadError> {
        match take(map, name)? {
            AttributeValue::N(n) => n
                .parse()
                .map_err(|_| ReadError::new(name, "number out of range")),
            _ => Err(ReadError::new(name, "expected number (N)")),
        }
    }

    pub fn read_order(mut item: RawItem) -> Result<Order, ReadError> {
        let status = match take(&mut item, "status")? {
            AttributeValue::S(s) => match s.as_str() {
                "Pending" => Status::Pending,
                "Paid" => Status::Paid,
                "Shipped" => Status::Shipped,
                _ => return Err(ReadError::new("status", "unknown status")),
            },
            _ => return Err(ReadError::new("status", "expected string (S)")),
        };
        let note = match item.remove("note") {
            None | Some(AttributeValue::Null(_)) => None,
            Some(AttributeValue::S(s)) => Some(s),
            Some(_) => return Err(ReadError::new("note", "expected string (S)")),
        };
        let tags = match item.remove("tags") {
            None => BTreeSet::new(),
            Some(AttributeValue::Ss(tags)) => tags.into_iter().collect(),
            Some(_) => return Err(ReadError::new("tags", "expected string set (SS)")),
        };
        let basket = match take(&mut item, "basket")? {
            AttributeValue::M(map) => read_basket(map).map_err(|e| e.within("basket"))?,
            _ => return Err(ReadError::new("basket", "expected map (M)")),
        };
        Ok(Order {
            order_id: string(&mut item, "order_id")?,
            created_at: string(&mut item, "created_at")?,
            customer_id: string(&mut item, "customer_id")?,
            status,
            total: number(&mut item, "total")?,
            note,
            tags,
            basket,
        })
    }

    fn read_basket(mut map: RawItem) -> Result<Basket, ReadError> {
        let items = match take(&mut map, "items")? {
            AttributeValue::L(list) => list
                .into_iter()
                .enumerate()
                .map(|(index, value)| match value {
                    AttributeValue::M(map) => read_line_item(map).map_err(|e| e.at(index)),
                    _ => Err(ReadError::new("", "expected map (M)").at(index)),
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.within("items"))?,
            _ => return Err(ReadError::new("items", "expected list (L)")),
        };
        Ok(Basket { items })
    }

    fn read_line_item(mut map: RawItem) -> Result<LineItem, ReadError> {
        Ok(LineItem {
            sku: string(&mut map, "sku")?,
            qty: number(&mut map, "qty")?,
            price_cents: number(&mut map, "price_cents")?,
        })
    }
}
