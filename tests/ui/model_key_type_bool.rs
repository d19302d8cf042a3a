use aiodynamo::prelude::*;

#[table("flags", hash_key = "id", range_key = "on")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Flag {
    id: String,
    on: bool,
}

fn main() {}
