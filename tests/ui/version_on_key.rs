use aiodynamo::prelude::*;

#[table("accounts", hash_key = "account_id", range_key = "revision")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Account {
    account_id: String,
    #[version]
    revision: u64,
    #[ttl]
    expires_at: aiodynamo::Timestamp,
    #[ttl]
    deleted_at: Option<aiodynamo::Timestamp>,
    #[version(start = 1)]
    other: u64,
}

fn main() {}
