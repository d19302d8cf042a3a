use aiodynamo::prelude::*;

#[table("accounts", hash_key = "account_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Account {
    account_id: String,
    balance: i64,
    #[version]
    version: u64,
}

fn main() {
    let _ = attr!(Account, version).set(3u64);
    let _ = attr!(Account, version).add(1u64);
    let _ = attr!(Account, version).remove();
}
