use aiodynamo::prelude::*;

#[table(
    "orders",
    hash_key = "order_id",
    range_key = "created_at",
    gsi(name = "lookup", hash_key = "customer_id"),
    lsi(name = "lookup", range_key = "total")
)]
#[derive(serde::Serialize, serde::Deserialize)]
struct Order {
    order_id: String,
    created_at: String,
    customer_id: String,
    total: u64,
}

fn main() {}
