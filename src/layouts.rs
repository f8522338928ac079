//! The layouts meetdoc is built with: the files of the repository's
//! `layouts/` folder compiled into the binary (as mdBook embeds its default
//! theme), so an installed or copied meetdoc needs no source tree.
//!
//! A layouts folder (`--layouts DIR`, `MEETDOC_LAYOUTS`) replaces the
//! built-in layouts as a whole: every file (the Word styles,
//! `reference.docx`, too) is read from the folder, none
//! from the built-in set, so what a build used is what the folder holds (a
//! missing file is an error naming it). `meetdoc layouts DIR` writes the
//! built-in files into a folder for an office to adapt.

use crate::reference::REFERENCE_FILE;
use anyhow::{Result, bail};
use std::fmt;
use std::path::{Path, PathBuf};

/// The style spec both writers read.
pub const STYLE_FILE: &str = "style.json";

/// Every built-in layout file: `(name, text)`. The build reads the style
/// spec, the label table and the templates; `README.md` (the layout
/// contract) is written out with them for whoever adapts them.
pub const BUILT_IN: &[(&str, &str)] = &[
    (STYLE_FILE, include_str!("../layouts/style.json")),
    (
        crate::labels::LABELS_FILE,
        include_str!("../layouts/labels.json"),
    ),
    (
        "document.typ.j2",
        include_str!("../layouts/document.typ.j2"),
    ),
    ("blocks.typ.j2", include_str!("../layouts/blocks.typ.j2")),
    ("README.md", include_str!("../layouts/README.md")),
];

/// The built-in Word styles (`reference.docx`, made by
/// `crate::reference::specimen` from the values it holds).
pub const BUILT_IN_REFERENCE: &[u8] = include_bytes!("../layouts/reference.docx");

/// The text of a built-in layout file.
pub fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Where the layouts of a run come from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LayoutSource {
    /// The layouts compiled into meetdoc.
    #[default]
    BuiltIn,
    /// A folder replacing them (`--layouts`, `MEETDOC_LAYOUTS`).
    Folder(PathBuf),
}

impl LayoutSource {
    /// The folder, when the layouts are read from one.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            LayoutSource::BuiltIn => None,
            LayoutSource::Folder(dir) => Some(dir),
        }
    }

    /// How a message names one of its files: its path in the folder, or
    /// "the built-in NAME".
    pub fn name_of(&self, file: &str) -> String {
        match self {
            LayoutSource::BuiltIn => format!("the built-in {file}"),
            LayoutSource::Folder(dir) => dir.join(file).display().to_string(),
        }
    }
}

impl fmt::Display for LayoutSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutSource::BuiltIn => f.write_str("the built-in layouts"),
            LayoutSource::Folder(dir) => write!(f, "{}", dir.display()),
        }
    }
}

impl From<PathBuf> for LayoutSource {
    fn from(dir: PathBuf) -> Self {
        LayoutSource::Folder(dir)
    }
}

impl From<&Path> for LayoutSource {
    fn from(dir: &Path) -> Self {
        LayoutSource::Folder(dir.to_path_buf())
    }
}

impl From<&PathBuf> for LayoutSource {
    fn from(dir: &PathBuf) -> Self {
        LayoutSource::Folder(dir.clone())
    }
}

/// Whether `dir` is absent or an empty folder (a file there is an error).
pub fn is_new_folder(dir: &Path) -> Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(_) if dir.exists() && !dir.is_dir() => {
            bail!("{} is a file, not a folder", dir.display())
        }
        Err(e) => bail!("cannot read the folder {}: {e}", dir.display()),
    }
}

/// `meetdoc layouts DIR`: writes every built-in layout file into `dir`,
/// which must be new or empty unless `force` (then files of the same names
/// are replaced, others left alone). All files or none are written.
/// Returns the files written.
pub fn write_built_in(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    if !force && !is_new_folder(dir)? {
        bail!(
            "{} is not empty: the layouts are written into a new or empty folder \
             (--force replaces the files of the same names in it)",
            dir.display()
        );
    }
    let files: Vec<(PathBuf, Vec<u8>)> = BUILT_IN
        .iter()
        .map(|(name, text)| (dir.join(name), text.as_bytes().to_vec()))
        .chain(std::iter::once((
            dir.join(REFERENCE_FILE),
            BUILT_IN_REFERENCE.to_vec(),
        )))
        .collect();
    crate::output::write_all(&files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_layouts_folder_is_built_in() {
        // A template added to layouts/ and not to BUILT_IN would be
        // missing from an installed meetdoc.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        built_in.push(REFERENCE_FILE.to_string());
        built_in.sort();
        assert_eq!(on_disk, built_in);
        for (name, text) in BUILT_IN {
            assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), *text);
        }
        assert_eq!(
            std::fs::read(dir.join(REFERENCE_FILE)).unwrap(),
            BUILT_IN_REFERENCE
        );
    }

    #[test]
    fn layouts_are_written_into_a_new_or_empty_folder_only() {
        let dir = std::env::temp_dir().join(format!("meetdoc-layouts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let written = write_built_in(&dir, false).unwrap();
        assert_eq!(written.len(), BUILT_IN.len() + 1);
        let style = dir.join(STYLE_FILE);
        std::fs::write(&style, "{}").unwrap();
        let err = write_built_in(&dir, false).unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
        assert_eq!(std::fs::read_to_string(&style).unwrap(), "{}");
        write_built_in(&dir, true).unwrap();
        assert_eq!(
            std::fs::read_to_string(&style).unwrap(),
            built_in(STYLE_FILE).unwrap()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
