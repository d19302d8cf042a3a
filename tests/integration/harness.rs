//! The DynamoDB Local harness without `java` or `npm`: a clear error, not a skip. Each case runs
//! this test binary again as a child process with a `PATH` that lacks the tool, so the change of
//! `PATH` touches no other test.

use std::path::{Path, PathBuf};
use std::process::Command;

use aiodynamo::local::{DynamoDbLocal, LocalError};

/// Set in the child process: the test it runs then starts DynamoDB Local and reports.
const CHILD: &str = "AIODYNAMO_HARNESS_CHILD";

/// Run only as a child (ignored otherwise): starts DynamoDB Local and prints the error's variant
/// and message.
#[tokio::test]
#[ignore = "run by the harness tests below, in a child process with a reduced PATH"]
async fn child_starts_dynamodb_local() {
    assert!(std::env::var_os(CHILD).is_some(), "run only as a child");
    match DynamoDbLocal::start().await {
        Err(error @ (LocalError::JavaMissing | LocalError::NpmMissing)) => {
            println!("{error:?}: {error}");
        }
        Err(other) => panic!("another error: {other:?}"),
        Ok(_) => panic!("started without the tool"),
    }
}

/// Runs `child_starts_dynamodb_local` with `path` as `PATH` and an empty DynamoDB Local cache;
/// returns its output.
fn run_child(path: &Path, cache: &Path) -> String {
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "harness::child_starts_dynamodb_local",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .env("PATH", path)
        .env("AIODYNAMO_DYNAMODB_LOCAL_DIR", cache)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aiodynamo-harness-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn without_java_starting_is_java_missing() {
    let empty = scratch("no-java");
    let output = run_child(&empty.join("bin"), &empty.join("cache"));
    assert!(
        output.contains("JavaMissing: java (a JRE 17+) is not on PATH"),
        "{output}"
    );
}

#[test]
fn without_npm_and_no_cache_starting_is_npm_missing() {
    // A PATH holding only `java`.
    let java = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|dir| dir.join("java"))
        .find(|candidate| candidate.is_file())
        .expect("java on PATH for the tests");
    let dir = scratch("no-npm");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(&java, bin.join("java")).unwrap();
    let output = run_child(&bin, &dir.join("cache"));
    assert!(
        output.contains("NpmMissing: npm is not on PATH"),
        "{output}"
    );
}
