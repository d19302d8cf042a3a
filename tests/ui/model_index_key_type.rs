// An index key must be a DynamoDB key type too: one error at the field's type.
use aiodynamo::prelude::*;

#[table("flags", hash_key = "id", gsi(name = "by_enabled", hash_key = "enabled"))]
#[derive(serde::Serialize, serde::Deserialize)]
struct Flag {
    id: String,
    enabled: bool,
}

fn main() {}
