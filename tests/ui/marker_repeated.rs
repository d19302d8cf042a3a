use aiodynamo::prelude::*;
use aiodynamo::Timestamp;

#[table("sessions", hash_key = "session_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Session {
    session_id: String,
    #[ttl]
    #[ttl]
    expires_at: Timestamp,
}

fn main() {}
