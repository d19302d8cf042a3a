// One mistake in a `Document` (a flattened field) gives one error: its other paths are still
// generated, so a path into it compiles.
use aiodynamo::prelude::*;

#[derive(serde::Serialize, serde::Deserialize)]
struct Extra {
    note: String,
}

#[derive(serde::Serialize, serde::Deserialize, Document)]
struct Address {
    city: String,
    #[serde(flatten)]
    extra: Extra,
}

#[table("users", hash_key = "user_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct User {
    user_id: String,
    address: Address,
}

fn main() {
    let _ = attr!(User, address.city);
    let _ = attr!(User, "address.city");
}
