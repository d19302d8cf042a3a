use aiodynamo::prelude::*;

#[derive(serde::Serialize, serde::Deserialize)]
struct Audit {
    created_by: String,
}

#[table("users", hash_key = "user_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct User {
    user_id: String,
    #[serde(flatten)]
    audit: Audit,
}

fn main() {}
