//! The compile cache: a document whose generated Typst source (and typst
//! version and fonts) did not change is not compiled again; the PDF it
//! wrote last time is reused, if it is still there unchanged. Kept as one
//! small file per PDF in `OUTDIR/.meetdoc-cache/`: the source's key and the
//! PDF's size and modification time when it was written (as make and cargo
//! tell a file changed).

use crate::hash::sha256_hex;
use std::path::{Path, PathBuf};

pub struct Cache {
    outdir: PathBuf,
    dir: PathBuf,
}

impl Cache {
    pub fn new(outdir: &Path) -> Cache {
        Cache {
            outdir: outdir.to_path_buf(),
            dir: outdir.join(".meetdoc-cache"),
        }
    }

    /// The key of a compile: the source and what else decides the PDF.
    pub fn key(source: &str, typst_version: &str, fonts: &[PathBuf]) -> String {
        let mut text = format!("{typst_version}\n");
        for f in fonts {
            let len = std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
            text.push_str(&format!("{}:{len}\n", f.display()));
        }
        text.push_str(source);
        sha256_hex(text.as_bytes())
    }

    /// The PDF `name` in the output folder, if it was compiled from a
    /// source with this key and has not changed since.
    pub fn get(&self, name: &str, key: &str) -> Option<Vec<u8>> {
        let stored = std::fs::read_to_string(self.dir.join(format!("{name}.key"))).ok()?;
        let mut lines = stored.lines();
        if lines.next()? != key {
            return None;
        }
        let path = self.outdir.join(name);
        if lines.next()? != stamp(&path)? {
            return None;
        }
        std::fs::read(path).ok()
    }

    /// Whether the cache may hold the PDF `name` (it has an entry for it);
    /// false: it is to be compiled, whatever its source.
    pub fn may_have(&self, name: &str) -> bool {
        self.dir.join(format!("{name}.key")).exists()
    }

    /// Remembers that the PDF written as `name` came from `key`; call it
    /// once the file is in place (errors are ignored: the cache only saves
    /// time).
    pub fn put(&self, name: &str, key: &str) {
        let Some(stamp) = stamp(&self.outdir.join(name)) else {
            return;
        };
        let entry = format!("{key}\n{stamp}\n");
        let _ = crate::output::write_all_unsynced(&[(
            self.dir.join(format!("{name}.key")),
            entry.into_bytes(),
        )]);
    }
}

/// Size, modification time (ns) and inode of a file.
fn stamp(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some(format!(
        "{} {}.{} {}",
        m.len(),
        m.mtime(),
        m.mtime_nsec(),
        m.ino()
    ))
}
