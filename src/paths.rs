//! Default locations, relative to the working folder. Nothing here (nor
//! anywhere in meetdoc) refers to the folder meetdoc was compiled in: an
//! installed meetdoc finds what it is given, its built-in layouts
//! (`crate::layouts`) and nothing else. (No environment variable is read
//! here: the front end does that.)

use crate::diagnostics::{Diagnostic, InvalidData};
use std::path::{Path, PathBuf};

/// The data set `build`, `check`, `serve` and `shift` take when none is
/// named: the seed data set, as it stands in meetdoc's repository.
pub const DEFAULT_DATA: &str = "data/neacap-pd2";

/// The data set named on the command line, else [`DEFAULT_DATA`] in the
/// working folder; when that is absent too, an [`InvalidData`] error
/// saying how to name or start one.
pub fn data_dir(named: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = named {
        return Ok(dir);
    }
    let dir = PathBuf::from(DEFAULT_DATA);
    if dir.is_dir() {
        return Ok(dir);
    }
    Err(InvalidData(vec![
        Diagnostic::error(
            &dir,
            "",
            "no data set was named, and this default one is not in the working folder",
        )
        .help("name a data set folder (e.g. meetdoc build my-meeting), or start one with meetdoc new my-meeting"),
    ])
    .into())
}

/// Where a set is bundled by default: `output/<set folder name>`.
pub fn default_bundle_output(set_dir: &Path) -> PathBuf {
    let name = set_dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_os_string()))
        .unwrap_or_else(|| "set".into());
    PathBuf::from("output").join(name)
}
