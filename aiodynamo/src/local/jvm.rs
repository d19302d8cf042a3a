//! The JVM child process: started from a thread that outlives it, killed with its owner.

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
#[cfg(target_os = "linux")]
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use super::LOG_TAIL_LINES;
use super::fetch::unique_suffix;

/// The JVM child, owned by a dedicated thread that spawned it and lives as long as it does:
/// `PR_SET_PDEATHSIG` fires when the spawning *thread* exits, so the thread must outlive the
/// child, and it must not belong to a tokio runtime that a test may drop.
pub(super) struct Jvm {
    pub(super) pid: u32,
    stop: mpsc::Sender<()>,
    exit: Arc<Mutex<Option<ExitStatus>>>,
    keeper: Option<JoinHandle<()>>,
}

impl Jvm {
    pub(super) fn spawn(mut cmd: Command) -> io::Result<Jvm> {
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
    pub(super) fn exit_status(&self) -> Option<ExitStatus> {
        *self.exit.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the JVM holds a listening TCP socket on `port`.
    pub(super) fn listens_on(&self, port: u16) -> bool {
        process_listens_on(self.pid, port)
    }

    /// Kills the JVM and waits until it is reaped.
    pub(super) fn stop(&mut self) {
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

/// Whether process `pid` holds a listening TCP socket on `port` (Linux: read from `/proc`;
/// elsewhere taken as true).
pub(super) fn process_listens_on(pid: u32, port: u16) -> bool {
    #[cfg(target_os = "linux")]
    {
        let inodes = listening_inodes(port);
        let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
            return false;
        };
        fds.filter_map(Result::ok).any(|fd| {
            fs::read_link(fd.path()).is_ok_and(|target| {
                let target = target.to_string_lossy();
                target
                    .strip_prefix("socket:[")
                    .and_then(|rest| rest.strip_suffix(']'))
                    .is_some_and(|inode| inodes.iter().any(|known| known == inode))
            })
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (pid, port);
        true
    }
}

/// The inodes of the sockets listening on `port` (IPv4 and IPv6), from `/proc/net/tcp*`: each
/// line is `sl local_address rem_address st ... inode`, the address `HEXIP:HEXPORT`, LISTEN `0A`.
#[cfg(target_os = "linux")]
fn listening_inodes(port: u16) -> Vec<String> {
    let port = format!(":{port:04X}");
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|table| fs::read_to_string(table).ok())
        .flat_map(|text| {
            text.lines()
                .skip(1)
                .filter_map(|line| {
                    let columns: Vec<&str> = line.split_whitespace().collect();
                    let listening = columns.get(1).is_some_and(|local| local.ends_with(&port))
                        && columns.get(3) == Some(&"0A");
                    listening.then(|| columns.get(9).map(|inode| (*inode).to_owned()))?
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(not(target_os = "linux"))]
fn kill_with_parent(_cmd: &mut Command) {}

pub(super) fn log_path() -> PathBuf {
    std::env::temp_dir().join(format!("aiodynamo-dynamodb-local-{}.log", unique_suffix()))
}

/// Whether the JVM failed because its port was taken (Jetty's "Failed to bind to 0.0.0.0/0.0.0.0:PORT").
pub(super) fn port_taken(log: &Path) -> bool {
    fs::read_to_string(log).is_ok_and(|text| text.contains("BindException: Address already in use"))
}

/// The last lines of the JVM's log (at most the last 16 KiB of it).
pub(super) fn log_tail(log: &Path) -> String {
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
