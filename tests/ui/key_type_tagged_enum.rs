use aiodynamo::KeyType;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, KeyType)]
#[serde(tag = "kind")]
enum Plan {
    Free,
    Paid,
}

fn main() {}
