use aiodynamo::prelude::*;

#[table("users", hash_key = "user_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct User {
    user_id: String,
    name: String,
}

fn main() {
    let _ = User::partition("u1").range_eq("x");
}
