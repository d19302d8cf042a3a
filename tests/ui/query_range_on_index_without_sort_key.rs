use aiodynamo::prelude::*;

#[table("orders", hash_key = "order_id", range_key = "created_at",
        gsi(name = "by_customer", hash_key = "customer_id"))]
#[derive(serde::Serialize, serde::Deserialize)]
struct Order {
    order_id: String,
    created_at: String,
    customer_id: String,
}

fn main() {
    let _ = Order::BY_CUSTOMER.partition("c1").range_begins_with("2024-");
}
