use aiodynamo::KeyType;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, KeyType)]
enum Plan {
    Free,
    Paid(u32),
    Team { seats: u32 },
}

fn main() {}
