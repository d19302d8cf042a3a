// A global secondary index is read eventually consistent only: asking for a consistent read of it
// is a compile error (DynamoDB would refuse the request).
use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

async fn query(db: Db) {
    let _ = db
        .query(Order::BY_CUSTOMER.partition("c1"))
        .consistent_read(true)
        .all()
        .await;
}

fn main() {}
