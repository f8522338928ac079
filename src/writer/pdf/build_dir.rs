//! Build folders: where each typst run happens, and what becomes of them
//! when meetdoc is stopped.
//!
//! - A build folder is private: made with mode 0700 (never loosened and
//!   then tightened), so the document's text in it is the user's alone.
//! - It holds `owner.lock`, locked (flock) by the process that made it for
//!   as long as the folder lives. The lock goes when that process does,
//!   however it ends, so a folder whose lock can be taken is a leftover of
//!   a killed process (SIGKILL): the next build removes it
//!   ([`BuildPlace::sweep_stale`]). The folder of a live process (a build,
//!   `watch`) is never touched. A process id in the name would not tell
//!   this: ids are reused.
//! - [`Builds`] knows every build folder and typst process of this
//!   process, so that on SIGINT or SIGTERM ([`Builds::interrupt`]) the
//!   typst processes are killed and awaited and the folders removed before
//!   meetdoc exits.

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::fs::{DirBuilder, File, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

/// Build folders are named `meetdoc-pdf-…` in the temporary folder.
const PREFIX: &str = "meetdoc-pdf-";
/// The lock file in each build folder.
const LOCK: &str = "owner.lock";
/// A build folder without a lock file (made by a meetdoc from before the
/// lock, or killed between making the folder and locking it) is removed
/// once it is this old.
const UNLOCKED_AGE: Duration = Duration::from_secs(3600);

/// Where build folders are made, and what to keep of them.
#[derive(Debug, Clone)]
pub struct BuildPlace {
    /// The temporary folder build folders are made in (`TMPDIR`).
    pub temp_dir: PathBuf,
    /// Also write each document's build folder here (`MEETDOC_KEEP_TYP`).
    pub keep_dir: Option<PathBuf>,
    /// This process's build folders and typst processes.
    pub builds: Arc<Builds>,
}

impl BuildPlace {
    pub fn new(temp_dir: PathBuf, keep_dir: Option<PathBuf>) -> BuildPlace {
        BuildPlace {
            temp_dir,
            keep_dir,
            builds: Arc::new(Builds::default()),
        }
    }

    /// Removes the build folders left by processes that are gone (their
    /// lock is free), and unlocked ones older than an hour. Folders of
    /// live processes, of other users and anything that is not a folder
    /// are left alone; errors are ignored (this only tidies up).
    pub fn sweep_stale(&self) {
        let Ok(entries) = std::fs::read_dir(&self.temp_dir) else {
            return;
        };
        let me = unsafe { libc::geteuid() };
        for e in entries.flatten() {
            if !e.file_name().to_string_lossy().starts_with(PREFIX) {
                continue;
            }
            let path = e.path();
            // Not following links: only a real folder of this user.
            let Ok(m) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if !m.is_dir() || m.uid() != me || self.builds.owns(&path) {
                continue;
            }
            match File::open(path.join(LOCK)) {
                // Locked while its owner lives; the lock is held while the
                // folder is removed, so two sweeps do not clash.
                Ok(lock) => {
                    if lock.try_lock().is_ok() {
                        let _ = std::fs::remove_dir_all(&path);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let old = m
                        .modified()
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok())
                        .is_some_and(|age| age > UNLOCKED_AGE);
                    if old {
                        let _ = std::fs::remove_dir_all(&path);
                    }
                }
                Err(_) => {}
            }
        }
    }
}

/// The build folders (and other temporary paths) and typst processes of
/// this process, for [`Builds::interrupt`].
#[derive(Debug, Default)]
pub struct Builds {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    next: u64,
    paths: BTreeMap<u64, PathBuf>,
    /// Process ids of typst processes not yet reaped.
    children: BTreeMap<u64, libc::pid_t>,
}

impl State {
    fn id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

impl Builds {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn owns(&self, path: &Path) -> bool {
        self.lock().paths.values().any(|p| p == path)
    }

    /// Remembers a temporary path (a folder) to remove on an interrupt;
    /// it is forgotten when the guard is dropped.
    pub fn temporary(self: &Arc<Self>, path: PathBuf) -> TempGuard {
        let mut s = self.lock();
        let id = s.id();
        s.paths.insert(id, path);
        TempGuard {
            builds: self.clone(),
            id,
        }
    }

    /// Runs `f` (writing the outputs) without being interrupted half-way:
    /// a signal that comes meanwhile is handled once `f` is done.
    pub fn uninterrupted<T>(&self, f: impl FnOnce() -> T) -> T {
        let _held = self.lock();
        f()
    }

    /// Starts a process and remembers it until [`Builds::wait`] reaps it.
    /// It is started with the list locked, so an interrupt sees it.
    fn spawn(&self, cmd: &mut Command) -> std::io::Result<Child> {
        let mut s = self.lock();
        let child = cmd.spawn()?;
        let id = s.id();
        s.children.insert(id, child.id() as libc::pid_t);
        Ok(child)
    }

    /// Waits for a process started by [`Builds::spawn`]. It is waited for
    /// without being reaped, forgotten, and only then reaped: while it is
    /// on the list its process id cannot belong to another process, so an
    /// interrupt never kills a stranger.
    fn wait(&self, child: &mut Child) -> std::io::Result<ExitStatus> {
        let pid = child.id() as libc::pid_t;
        loop {
            // SAFETY: waitid writes only into the siginfo_t it is given.
            let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
            let r = unsafe {
                libc::waitid(
                    libc::P_PID,
                    pid as libc::id_t,
                    &mut info,
                    libc::WEXITED | libc::WNOWAIT,
                )
            };
            if r == 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                break;
            }
        }
        self.lock().children.retain(|_, p| *p != pid);
        child.wait()
    }

    /// Whether a process started by [`Builds::spawn`] has ended, without
    /// waiting; if it has, it is forgotten and reaped, as by
    /// [`Builds::wait`] (and for the same reason: until then its process
    /// id cannot be another's).
    fn try_wait(&self, child: &mut Child) -> std::io::Result<Option<ExitStatus>> {
        let pid = child.id() as libc::pid_t;
        // SAFETY: waitid writes only into the siginfo_t it is given.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT | libc::WNOHANG,
            )
        };
        if r != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: waitid filled `info` (si_pid stays 0 while it runs).
        if unsafe { info.si_pid() } == 0 {
            return Ok(None);
        }
        self.lock().children.retain(|_, p| *p != pid);
        child.wait().map(Some)
    }

    /// On SIGINT or SIGTERM: kills every typst process of this process and
    /// waits for it, removes every build folder, and exits with 128 + the
    /// signal's number (130 for SIGINT, 143 for SIGTERM). The list stays
    /// locked until the exit, so nothing new starts meanwhile.
    pub fn interrupt(&self, signal: i32) -> ! {
        let s = self.lock();
        for &pid in s.children.values() {
            // SAFETY: plain system calls on processes this process started
            // and has not reaped (see `wait`).
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        for &pid in s.children.values() {
            let mut status = 0;
            unsafe { libc::waitpid(pid, &mut status, 0) };
        }
        for p in s.paths.values() {
            let _ = std::fs::remove_dir_all(p);
        }
        std::process::exit(128 + signal)
    }
}

/// Forgets a temporary path of [`Builds::temporary`] when dropped.
pub struct TempGuard {
    builds: Arc<Builds>,
    id: u64,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        self.builds.lock().paths.remove(&self.id);
    }
}

/// A private build folder, removed (and forgotten) on drop.
pub struct BuildDir {
    pub path: PathBuf,
    builds: Arc<Builds>,
    id: u64,
    /// Holds the lock on `owner.lock` while the folder lives.
    _lock: File,
}

impl BuildDir {
    pub fn new(place: &BuildPlace) -> Result<BuildDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = &place.temp_dir;
        // Made and locked with the list locked: an interrupt sees it whole.
        let mut s = place.builds.lock();
        for _ in 0..100 {
            let nanos = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let path = base.join(format!(
                "{PREFIX}{}-{}-{nanos:x}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            match DirBuilder::new().mode(0o700).create(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", path.display()));
                }
            }
            let lock = match own(&path) {
                Ok(lock) => lock,
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&path);
                    return Err(e).with_context(|| format!("cannot lock {}", path.display()));
                }
            };
            let id = s.id();
            s.paths.insert(id, path.clone());
            return Ok(BuildDir {
                path,
                builds: place.builds.clone(),
                id,
                _lock: lock,
            });
        }
        bail!("cannot create a build folder in {}", base.display())
    }

    /// Starts `cmd` as a typst process of this folder.
    pub fn spawn(&self, cmd: &mut Command) -> std::io::Result<Child> {
        self.builds.spawn(cmd)
    }

    /// Waits for a process started by [`BuildDir::spawn`].
    pub fn wait(&self, child: &mut Child) -> std::io::Result<ExitStatus> {
        self.builds.wait(child)
    }

    /// Whether a process started by [`BuildDir::spawn`] has ended (reaped
    /// if so), without waiting.
    pub fn try_wait(&self, child: &mut Child) -> std::io::Result<Option<ExitStatus>> {
        self.builds.try_wait(child)
    }

    /// Stops a process started by [`BuildDir::spawn`] that is not needed
    /// any more, and reaps it.
    pub fn kill(&self, child: &mut Child) -> std::io::Result<()> {
        // Not reaped yet (still on the list): its id is still its own.
        let _ = child.kill();
        self.builds.wait(child).map(drop)
    }
}

/// Makes the folder's `owner.lock`, locked. It is locked under another
/// name first and then renamed, so that a sweep never finds it unlocked
/// while its owner lives.
fn own(dir: &Path) -> std::io::Result<File> {
    let new = dir.join(format!("{LOCK}.new"));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&new)?;
    file.lock()?;
    std::fs::rename(&new, dir.join(LOCK))?;
    Ok(file)
}

impl Drop for BuildDir {
    fn drop(&mut self) {
        let mut s = self.builds.lock();
        let _ = std::fs::remove_dir_all(&self.path);
        s.paths.remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_is_asked_without_waiting_and_stopped_when_not_needed() {
        let tmp =
            std::env::temp_dir().join(format!("meetdoc-build-dir-test-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        let place = BuildPlace::new(tmp.clone(), None);
        let dir = BuildDir::new(&place).unwrap();
        let mut quick = dir
            .spawn(Command::new("true").stdin(std::process::Stdio::null()))
            .unwrap();
        let mut slow = dir.spawn(Command::new("sleep").arg("30")).unwrap();
        assert_eq!(place.builds.lock().children.len(), 2);
        // The slow one runs; the quick one ends and is reaped and forgotten.
        assert!(dir.try_wait(&mut slow).unwrap().is_none());
        let status = loop {
            if let Some(s) = dir.try_wait(&mut quick).unwrap() {
                break s;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert!(status.success());
        assert_eq!(place.builds.lock().children.len(), 1);
        // The slow one is not needed: stopped, reaped, forgotten.
        let started = std::time::Instant::now();
        dir.kill(&mut slow).unwrap();
        assert!(started.elapsed().as_secs() < 5);
        assert!(place.builds.lock().children.is_empty());
        drop(dir);
        assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
