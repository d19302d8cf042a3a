// A query's filter is a condition on the queried model: one on another model does not compile.
use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

async fn query(db: Db) {
    let _ = db
        .query(Order::partition("o1"))
        .filter(attr!(User, login_count).gt(3))
        .all()
        .await;
}

fn main() {}
