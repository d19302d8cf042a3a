use aiodynamo::KeyType;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, KeyType)]
enum Plan {
    Free,
    Paid(u32),
    Team { seats: u32 },
}

fn main() {}
