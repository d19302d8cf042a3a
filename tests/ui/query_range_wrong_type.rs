use aiodynamo::prelude::*;

#[table("orders", hash_key = "order_id", range_key = "created_at")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Order {
    order_id: String,
    created_at: String,
}

fn main() {
    let _ = Order::partition("o1").range_eq(5);
}
