use aiodynamo::prelude::*;

#[table("users", hash_key = "user_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct User {
    #[hash_key]
    email: String,
    user_id: String,
}

fn main() {}
