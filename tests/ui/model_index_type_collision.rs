use aiodynamo::prelude::*;

#[table("orders", hash_key = "order_id",
        gsi(name = "customer", hash_key = "customer_id"),
        gsi(name = "customer-index", hash_key = "customer_id", projection = "keys_only"))]
#[derive(serde::Serialize, serde::Deserialize)]
struct Order {
    order_id: String,
    customer_id: String,
}

fn main() {
    // Both indexes still have their consts: only the type name is refused.
    let _ = Order::CUSTOMER.partition("c1");
}
