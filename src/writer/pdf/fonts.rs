//! Finding the font files the style spec hands to typst
//! (`fonts.pdf_font_files`).
//!
//! Font directories: `MEETDOC_FONT_DIRS` (colon-separated) first, then
//! `/usr/share/fonts`, `/usr/local/share/fonts` and `~/.local/share/fonts`,
//! each searched recursively. The first file with a listed name wins.

use crate::style::Style;
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The font files found, in the order the style lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct FontFiles {
    pub files: Vec<PathBuf>,
    /// Listed files that were not found (only optional ones: CJK).
    pub missing: Vec<String>,
    /// A folder holding links to exactly `files`, kept between builds
    /// (None when it could not be made: each build links its own).
    pub folder: Option<PathBuf>,
}

/// The font directories searched, in order.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var("MEETDOC_FONT_DIRS")
        .unwrap_or_default()
        .split(':')
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
        .collect();
    dirs.push("/usr/share/fonts".into());
    dirs.push("/usr/local/share/fonts".into());
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".local/share/fonts"));
    }
    dirs
}

/// Finds every file of `style.fonts.pdf_font_files` in the font directories.
/// A missing body font (any file whose name starts with the body family
/// without spaces, e.g. `LiberationSerif-`) is an error; other missing files
/// (CJK) are listed in [`FontFiles::missing`].
pub fn find_font_files(style: &Style) -> Result<FontFiles> {
    // One search per process and font list: a build asks once per document.
    type Found = Vec<(Vec<String>, FontFiles)>;
    static FOUND: Mutex<Found> = Mutex::new(Vec::new());
    let key = lookup_key(style);
    if let Some((_, f)) = FOUND
        .lock()
        .expect("font list lock")
        .iter()
        .find(|(k, _)| *k == key)
    {
        return Ok(f.clone());
    }
    let files = match from_folder(style, &key) {
        Some(f) => f,
        None => {
            let mut f = find_in(style, &font_dirs())?;
            f.folder = make_folder(&key, &f);
            f
        }
    };
    FOUND
        .lock()
        .expect("font list lock")
        .push((key, files.clone()));
    Ok(files)
}

/// What decides the lookup: the files wanted, the body family, the dirs.
fn lookup_key(style: &Style) -> Vec<String> {
    let mut key = style.fonts.pdf_font_files.clone();
    key.push(style.fonts.body_pdf.clone());
    key.extend(font_dirs().iter().map(|d| d.display().to_string()));
    key
}

/// The folder of links to exactly the style's font files, kept in the
/// user's cache folder (`~/.cache/meetdoc/fonts-…`) so that a build neither
/// searches the font directories nor links the fonts again.
fn folder_path(key: &[String]) -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => Path::new(&std::env::var_os("HOME")?).join(".cache"),
    };
    let hash = crate::hash::sha256_hex(key.join("\n").as_bytes());
    Some(base.join(format!("meetdoc/fonts-{}", &hash[..16])))
}

/// The font files from the kept folder, when every listed file is linked
/// there and the link's target still exists (a font found missing before
/// is looked for again: it may have been installed since).
fn from_folder(style: &Style, key: &[String]) -> Option<FontFiles> {
    let folder = folder_path(key)?;
    let mut files = Vec::new();
    for name in &style.fonts.pdf_font_files {
        let link = folder.join(name);
        let target = std::fs::read_link(&link).ok()?;
        if !target.is_file() {
            return None;
        }
        files.push(target);
    }
    Some(FontFiles {
        files,
        missing: Vec::new(),
        folder: Some(folder),
    })
}

/// Makes the kept folder of links (all or nothing; errors only cost time).
fn make_folder(key: &[String], found: &FontFiles) -> Option<PathBuf> {
    if !found.missing.is_empty() {
        return None;
    }
    let folder = folder_path(key)?;
    let tmp = folder.with_extension(format!("tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).ok()?;
    for file in &found.files {
        std::os::unix::fs::symlink(file, tmp.join(file.file_name()?)).ok()?;
    }
    // Never remove a folder another build may be using: a stale one (a
    // link broke) is first moved aside; a whole one made meanwhile by
    // another build is used as it is.
    for _ in 0..2 {
        if std::fs::rename(&tmp, &folder).is_ok() {
            return Some(folder);
        }
        if links_whole(&folder, &found.files) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Some(folder);
        }
        let aside = folder.with_extension(format!("stale-{}", std::process::id()));
        if std::fs::rename(&folder, &aside).is_ok() {
            let _ = std::fs::remove_dir_all(&aside);
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    None
}

/// Whether `folder` links every one of `files` under its own name.
fn links_whole(folder: &Path, files: &[PathBuf]) -> bool {
    files.iter().all(|f| {
        f.file_name()
            .map(|n| std::fs::read_link(folder.join(n)).is_ok_and(|t| &t == f))
            .unwrap_or(false)
    })
}

fn find_in(style: &Style, dirs: &[PathBuf]) -> Result<FontFiles> {
    let wanted = &style.fonts.pdf_font_files;
    let mut found: Vec<Option<PathBuf>> = vec![None; wanted.len()];
    for dir in dirs {
        search(dir, wanted, &mut found, 0);
    }
    let body_prefix = style.fonts.body_pdf.replace(' ', "");
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for (name, path) in wanted.iter().zip(found) {
        match path {
            Some(p) => files.push(p),
            None if name.starts_with(&body_prefix) => bail!(
                "the font file {name} ({}) is not installed: apt-get install fonts-liberation, \
                 or put it in a folder named by MEETDOC_FONT_DIRS",
                style.fonts.body_pdf
            ),
            None => missing.push(name.clone()),
        }
    }
    Ok(FontFiles {
        files,
        missing,
        folder: None,
    })
}

fn search(dir: &Path, wanted: &[String], found: &mut [Option<PathBuf>], depth: usize) {
    if depth > 16 || found.iter().all(Option::is_some) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // The entry's type comes with the directory listing: no stat per file
    // (only links are followed).
    let mut entries: Vec<_> = entries
        .flatten()
        .map(|e| {
            let path = e.path();
            let is_dir = match e.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => path.is_dir(),
            };
            (path, is_dir)
        })
        .collect();
    entries.sort();
    for (path, is_dir) in entries {
        if is_dir {
            search(&path, wanted, found, depth + 1);
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str())
            && let Some(i) = wanted.iter().position(|w| w == name)
            && found[i].is_none()
        {
            found[i] = Some(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> Style {
        Style::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/style.json")).unwrap()
    }

    #[test]
    fn finds_the_installed_fonts() {
        let f = find_font_files(&style()).unwrap();
        assert!(
            f.files
                .iter()
                .any(|p| p.ends_with("LiberationSerif-Regular.ttf"))
        );
        assert_eq!(f.files.len() + f.missing.len(), 7);
    }

    #[test]
    fn missing_body_font_says_how_to_install_it() {
        let err = find_in(&style(), &[PathBuf::from("/nonexistent")]).unwrap_err();
        assert!(
            err.to_string().contains("apt-get install fonts-liberation"),
            "{err}"
        );
    }
}
