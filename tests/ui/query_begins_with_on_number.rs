use aiodynamo::prelude::*;

#[table("events", hash_key = "device", range_key = "seq")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Event {
    device: String,
    seq: u64,
}

fn main() {
    let _ = Event::partition("d1").range_begins_with(1_u64);
}
