//! Quickstart: create a table, put, get, a conditional put that fails, a nested conditional
//! update, delete.
//!
//! `cargo run --example quickstart` runs it against DynamoDB Local, fetched and started on its own
//! (and stopped at the end), unless `AWS_ENDPOINT_URL` names an endpoint to use instead.

use std::collections::BTreeSet;

use aiodynamo::prelude::*;
use serde::{Deserialize, Serialize};

#[table("users", hash_key = "user_id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub user_id: String,
    pub name: String,
    pub email: Option<String>,
    pub login_count: u64,
    pub roles: BTreeSet<String>,
    pub address: Option<Address>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Document)]
pub struct Address {
    pub city: String,
    pub zip: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Kept alive until the end of main: dropping it stops the JVM.
    let (db, _local) = aiodynamo_examples::connect().await?;

    db.create_table::<User>().send().await?;
    println!("created table `{}`", db.table_name::<User>());

    let alice = User {
        user_id: "u1".into(),
        name: "Alice".into(),
        email: Some("alice@example.com".into()),
        login_count: 0,
        roles: BTreeSet::from(["admin".to_string(), "dev".to_string()]),
        address: Some(Address {
            city: "Oslo".into(),
            zip: "0150".into(),
        }),
    };
    db.put(&alice)
        .condition(attr!(User, user_id).not_exists())
        .send()
        .await?;
    println!("put {alice:?}");

    let read: Option<User> = db.get(User::key("u1")).consistent_read(true).send().await?;
    println!("get -> {read:?}");
    assert_eq!(read.as_ref(), Some(&alice));

    let impostor = User {
        name: "Mallory".into(),
        ..alice.clone()
    };
    match db
        .put(&impostor)
        .condition(attr!(User, user_id).not_exists())
        .send()
        .await
    {
        Err(Error::ConditionalCheckFailed { .. }) => {
            println!("conditional put refused: u1 already exists")
        }
        other => return Err(format!("expected a failed condition, got {other:?}").into()),
    }

    let updated: User = db
        .update(
            User::key("u1"),
            [
                attr!(User, address.city).set("New York"),
                attr!(User, login_count).add(1),
                attr!(User, roles).delete(["admin"]),
                attr!(User, email).remove(),
            ],
        )
        .condition(attr!(User, name).eq("Alice") & attr!(User, login_count).lt(10))
        .return_values(ReturnValues::AllNew)
        .send()
        .await?;
    println!("update -> {updated:?}");

    let old: Option<User> = db
        .delete(User::key("u1"))
        .return_values(ReturnValues::AllOld)
        .send()
        .await?;
    println!("deleted {:?}", old.map(|user| user.user_id));
    assert_eq!(db.get(User::key("u1")).send().await?, None);
    println!("done");
    Ok(())
}
