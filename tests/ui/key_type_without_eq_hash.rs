// A key type is `Eq + Hash` (generated key types are, for batches and cursors): the derive says so
// at the enum.
use aiodynamo::KeyType;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, KeyType)]
enum Region {
    EuWest1,
    UsEast1,
}

fn main() {}
