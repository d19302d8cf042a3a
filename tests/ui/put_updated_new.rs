use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

async fn put(db: Db, user: User) {
    let _ = db.put(&user).return_values(ReturnValues::UpdatedNew).send().await;
}

fn main() {}
