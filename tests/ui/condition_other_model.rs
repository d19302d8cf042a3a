use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

async fn put(db: Db, user: User) {
    let _ = db.put(&user).condition(attr!(ComplexOrder, total).eq(1)).send().await;
}

fn main() {}
