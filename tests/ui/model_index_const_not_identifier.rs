use aiodynamo::prelude::*;

#[table("orders", hash_key = "order_id", gsi(name = "1st-customer", hash_key = "customer_id"))]
#[derive(serde::Serialize, serde::Deserialize)]
struct Order {
    order_id: String,
    customer_id: String,
}

fn main() {}
