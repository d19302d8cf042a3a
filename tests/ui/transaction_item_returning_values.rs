use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

async fn transaction(db: Db, user: User) {
    let _ = db
        .transact_write()
        .push(db.put(&user).return_values(ReturnValues::AllOld))
        .send()
        .await;
}

fn main() {}
