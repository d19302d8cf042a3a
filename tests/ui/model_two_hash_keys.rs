use aiodynamo::prelude::*;

#[table("users")]
#[derive(serde::Serialize, serde::Deserialize)]
struct User {
    #[hash_key]
    user_id: String,
    #[hash_key]
    email: String,
}

fn main() {}
