//! Writing outputs without ever leaving a half-written or corrupt file:
//! every file goes to a temporary file beside its destination, and only
//! when all of them are written are they renamed into place. A file whose
//! contents are already in place is not written again (its modification
//! time is kept, so sync clients and make see no change).

use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary path beside `dest`, unique to this process and call.
fn temp_path(dest: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    dest.with_file_name(format!(".{name}.{}-{n}-{nanos}.tmp", std::process::id()))
}

/// Writes every `(destination, bytes)` pair, or none of them: on any error
/// the temporary files are removed and the earlier outputs stay as they were.
/// Each file is flushed to disk before the renames. A destination that
/// already holds exactly `bytes` is left untouched. Returns the files
/// written (the others were already in place).
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    write(files, true)
}

/// As [`write_all`], without flushing to disk: for files that are only a
/// cache (a lost one is made again).
pub fn write_all_unsynced(files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    write(files, false)
}

/// Whether `dest` is a regular file holding exactly `bytes`.
fn already(dest: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(dest) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(dest).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

fn write(files: &[(PathBuf, Vec<u8>)], sync: bool) -> Result<Vec<PathBuf>> {
    let mut temps: Vec<(PathBuf, &Path)> = Vec::new();
    let result = (|| -> Result<()> {
        for (dest, bytes) in files {
            if already(dest, bytes) {
                continue;
            }
            if let Some(dir) = dest.parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!("cannot create the output folder {}", dir.display())
                })?;
            }
            let tmp = temp_path(dest);
            temps.push((tmp.clone(), dest));
            let mut f = std::fs::File::create(&tmp).with_context(|| {
                format!(
                    "cannot write into {}",
                    dest.parent().unwrap_or(Path::new(".")).display()
                )
            })?;
            f.write_all(bytes)
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            if sync {
                f.sync_all()
                    .with_context(|| format!("cannot write {}", tmp.display()))?;
            }
        }
        // Renaming cannot be undone: refuse before the first rename what
        // would make a later one fail (a folder where a file goes).
        for (_, dest) in &temps {
            if std::fs::symlink_metadata(dest).is_ok_and(|m| m.is_dir()) {
                anyhow::bail!(
                    "cannot replace {}: it is a folder (move it away and build again)",
                    dest.display()
                );
            }
        }
        for (tmp, dest) in &temps {
            std::fs::rename(tmp, dest)
                .with_context(|| format!("cannot replace {}", dest.display()))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (tmp, _) in &temps {
            let _ = std::fs::remove_file(tmp);
        }
    }
    result.map(|()| temps.into_iter().map(|(_, d)| d.to_path_buf()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_all_or_nothing() {
        let dir = std::env::temp_dir().join(format!("meetdoc-output-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a.txt");
        std::fs::write(&a, b"old").unwrap();
        // The second destination is inside a path that cannot be a folder.
        let blocker = dir.join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let bad = blocker.join("b.txt");
        let err = write_all(&[(a.clone(), b"new".to_vec()), (bad, b"new".to_vec())]);
        assert!(err.is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
        // A folder where the second file goes: the first is not replaced.
        let folder = dir.join("folder");
        std::fs::create_dir(&folder).unwrap();
        let err = write_all(&[(a.clone(), b"new".to_vec()), (folder, b"new".to_vec())]);
        assert!(format!("{:#}", err.unwrap_err()).contains("it is a folder"));
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
        write_all(&[(a.clone(), b"new".to_vec())]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_already_in_place_is_not_written_again() {
        use std::os::unix::fs::MetadataExt;
        let dir = std::env::temp_dir().join(format!("meetdoc-output-same-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.txt"), dir.join("b.txt"));
        write_all(&[(a.clone(), b"one".to_vec()), (b.clone(), b"two".to_vec())]).unwrap();
        let stamp = |p: &Path| {
            let m = std::fs::metadata(p).unwrap();
            (m.ino(), m.mtime(), m.mtime_nsec())
        };
        let before = stamp(&a);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let written =
            write_all(&[(a.clone(), b"one".to_vec()), (b.clone(), b"TWO".to_vec())]).unwrap();
        assert_eq!(written, vec![b.clone()], "only the changed file is written");
        assert_eq!(
            stamp(&a),
            before,
            "the unchanged file keeps its inode and time"
        );
        assert_eq!(std::fs::read(&b).unwrap(), b"TWO");
        // Same length, other bytes: written.
        assert_eq!(
            write_all(&[(a.clone(), b"ONE".to_vec())]).unwrap(),
            vec![a.clone()]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
