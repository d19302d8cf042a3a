// One mistake in `#[table]` (a hash key naming a missing field) gives one error: the struct, its
// paths, its key type and `key(..)` are still generated, so the uses below compile.
use aiodynamo::prelude::*;

#[table("users", hash_key = "user_idd")]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct User {
    user_id: String,
    name: String,
    #[serde(default)]
    nicknames: Vec<String>,
}

fn main() {
    let _ = attr!(User, name);
    let _ = attr!(User, nicknames[0]);
    let _ = User::key("x");
    let user = User {
        user_id: "u1".into(),
        name: "Alice".into(),
        nicknames: Vec::new(),
    };
    let _: UserKey = user.key();
    let _ = User::fields().name().set("Bob");
}
