use aiodynamo::prelude::*;

// One mistake (the range key names no field): the table's and the index's items still exist,
// so the uses below give no further errors.
#[table("orders", hash_key = "order_id", range_key = "created",
        gsi(name = "by_customer", hash_key = "customer_id", range_key = "created_at"))]
#[derive(serde::Serialize, serde::Deserialize)]
struct Order {
    order_id: String,
    created_at: String,
    customer_id: String,
}

fn main() {
    let _ = Order::partition("o1");
    let _ = Order::BY_CUSTOMER.partition("c1").range_begins_with("2024");
    let _: Option<&str> = <<Order as Model>::Table as aiodynamo::Index>::NAME;
}
