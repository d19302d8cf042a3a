use aiodynamo::prelude::*;

#[table("accounts", hash_key = "account_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Account {
    account_id: String,
    #[version]
    version: u64,
    #[version]
    revision: u64,
}

fn main() {
    // The first version field stays managed: no second error here.
    let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder().behavior_version_latest().build(),
    ));
    let _ = db.delete(Account::key("a1")).if_version(1u64);
}
