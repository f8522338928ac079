//! The compile cache: a document whose generated Typst source (and typst
//! version and fonts) did not change is not compiled again; its last PDF is
//! reused. Kept in `OUTDIR/.meetdoc-cache/`.

use crate::diff::state::sha256_hex;
use std::path::{Path, PathBuf};

pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(outdir: &Path) -> Cache {
        Cache {
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

    /// The PDF compiled last time for `name`, if its key is `key`.
    pub fn get(&self, name: &str, key: &str) -> Option<Vec<u8>> {
        let stored = std::fs::read_to_string(self.dir.join(format!("{name}.key"))).ok()?;
        if stored.trim() != key {
            return None;
        }
        let pdf = std::fs::read(self.dir.join(name)).ok()?;
        (pdf.starts_with(b"%PDF")
            && crate::diff::state::sha256_hex(&pdf) == stored_pdf_hash(&self.dir, name)?)
        .then_some(pdf)
    }

    /// Remembers a compile (errors are ignored: the cache only saves time).
    pub fn put(&self, name: &str, key: &str, pdf: &[u8]) {
        let files = [
            (self.dir.join(name), pdf.to_vec()),
            (
                self.dir.join(format!("{name}.sha256")),
                sha256_hex(pdf).into_bytes(),
            ),
            (
                self.dir.join(format!("{name}.key")),
                key.as_bytes().to_vec(),
            ),
        ];
        let _ = crate::output::write_all(&files);
    }
}

fn stored_pdf_hash(dir: &Path, name: &str) -> Option<String> {
    Some(
        std::fs::read_to_string(dir.join(format!("{name}.sha256")))
            .ok()?
            .trim()
            .to_string(),
    )
}
