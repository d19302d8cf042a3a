use aiodynamo::KeyType;
use serde_repr::{Deserialize_repr, Serialize_repr};

// An integer enum is stored as its numbers: every variant needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize_repr, Deserialize_repr, KeyType)]
#[repr(u8)]
enum Priority {
    Low = 1,
    Middle,
    High = 3,
}

fn main() {}
