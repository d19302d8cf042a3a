use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

fn main() {
    let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder().behavior_version_latest().build(),
    ));
    let _ = db
        .update(User::key("u1"), [attr!(User, login_count).add(1)])
        .return_values(ReturnValues::AllNew)
        .idempotent();
}
