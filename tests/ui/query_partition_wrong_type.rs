use aiodynamo::prelude::*;

#[table("orders", hash_key = "order_id", range_key = "created_at",
        gsi(name = "by_total", hash_key = "total"))]
#[derive(serde::Serialize, serde::Deserialize)]
struct Order {
    order_id: String,
    created_at: String,
    total: u64,
}

fn main() {
    let _ = Order::partition(17);
    let _ = Order::BY_TOTAL.partition("17");
}
