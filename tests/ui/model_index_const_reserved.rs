use aiodynamo::prelude::*;

#[table("orders", hash_key = "order_id", gsi(name = "schema", hash_key = "customer_id"))]
#[derive(serde::Serialize, serde::Deserialize)]
struct Order {
    order_id: String,
    customer_id: String,
}

fn main() {
    // `Order::SCHEMA` stays the model's schema: the index is refused, not this line.
    let _ = <Order as Model>::SCHEMA;
}
