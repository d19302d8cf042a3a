use aiodynamo::prelude::*;

#[table("groups", hash_key = "members")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Group {
    members: Vec<String>,
}

fn main() {}
