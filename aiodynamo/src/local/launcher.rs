//! Starting DynamoDB Local on 127.0.0.1 only. It has no option for the address and otherwise
//! listens on every interface, so it is started through `AiodynamoLoopback` (source beside this
//! file), which sets its server's address before starting it as its own `main` would.
//!
//! The class is compiled once and kept here, so a JRE is enough to run it. After changing the
//! source: `javac --release 17 -cp <cache>/DynamoDBLocal.jar -d aiodynamo/src/local
//! aiodynamo/src/local/AiodynamoLoopback.java`.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::PathBuf;

use super::fetch::unique_suffix;

/// The launcher's main class.
pub(super) const MAIN_CLASS: &str = "AiodynamoLoopback";

const CLASS_FILE: &[u8] = include_bytes!("AiodynamoLoopback.class");

/// The folder to put on the JVM's class path for [`MAIN_CLASS`], written on first use. It is
/// named after the class's contents, so processes using different versions never share one.
pub(super) fn class_dir() -> io::Result<PathBuf> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    CLASS_FILE.hash(&mut hasher);
    let dir = std::env::temp_dir().join(format!("aiodynamo-launcher-{:016x}", hasher.finish()));
    let path = dir.join(format!("{MAIN_CLASS}.class"));
    if fs::read(&path).is_ok_and(|written| written == CLASS_FILE) {
        return Ok(dir);
    }
    fs::create_dir_all(&dir)?;
    // Written beside and renamed into place: a JVM of another process never reads half a file.
    let partial = dir.join(format!(".{MAIN_CLASS}.{}", unique_suffix()));
    fs::write(&partial, CLASS_FILE)?;
    fs::rename(&partial, &path)?;
    Ok(dir)
}
