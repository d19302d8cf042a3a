use aiodynamo::prelude::*;

#[table("users", hash_key = "user_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct User {
    user_id: Option<String>,
}

fn main() {}
