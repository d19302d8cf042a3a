use aiodynamo::KeyType;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, KeyType)]
#[serde(tag = "kind")]
enum Plan {
    Free,
    Paid,
}

fn main() {}
