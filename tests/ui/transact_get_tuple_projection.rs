// `.projection(..)` on `transact_get` is offered for keys of one model only: the paths of a
// tuple of models would have no one model to check them against.
use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

fn main() {
    let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder().behavior_version_latest().build(),
    ));
    let _ = db
        .transact_get((User::key("u1"), ComplexOrder::key("o1", "2024-05-01")))
        .projection([attr!(User, name).into()]);
}
