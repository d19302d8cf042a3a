use aiodynamo::prelude::*;

#[table("users")]
#[derive(serde::Serialize, serde::Deserialize)]
struct User {
    user_id: String,
}

fn main() {}
