use aiodynamo::prelude::*;

#[table("accounts", hash_key = "account_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Account {
    account_id: String,
    #[version]
    version: String,
}

fn main() {}
