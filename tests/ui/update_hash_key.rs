use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

fn main() {
    let _ = attr!(User, user_id).set("u2");
}
