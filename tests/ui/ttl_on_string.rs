use aiodynamo::prelude::*;

#[table("sessions", hash_key = "session_id")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Session {
    session_id: String,
    #[ttl]
    expires_at: String,
}

fn main() {}
