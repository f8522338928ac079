//! The font files of the style spec (`fonts.pdf_font_files`): finding all
//! of them, and choosing the ones typst is handed for one document.
//!
//! Finding: each entry names a file, after the folders that tell it apart
//! from another version of the font (`truetype/liberation2/…` is not
//! `truetype/liberation/…`), matched against the end of a font's path in
//! the font folders, searched in order, recursively. Every file must be
//! found: a missing one is an error naming it and its Debian package (typst
//! would otherwise set the text in another face or family without a word).
//!
//! Choosing: typst reads every font file it is handed before it lays out a
//! page, so it is handed only what the document can use: the body family's
//! files always, and a fallback family's files (CJK, emoji) only when the
//! document has a character that the body family lacks and that family has
//! (see [`FontSet::choose`]). Each distinct set of files gets a folder of
//! links kept in the cache folder (`fonts-<hash of the files>`), made once.

use super::build_dir::BuildPlace;
use super::coverage::{self, FontFaces, Uncovered};
use crate::hash::sha256_hex;
use crate::style::{FontFile, Fonts};
use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The system's font folders (searched after those of `MEETDOC_FONT_DIRS`):
/// `/usr/share/fonts`, `/usr/local/share/fonts`, and `~/.local/share/fonts`
/// when there is a home folder.
pub fn system_font_dirs(home: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
    ];
    if let Some(home) = home {
        dirs.push(home.join(".local/share/fonts"));
    }
    dirs
}

/// Every font file of the style, found, with its faces.
#[derive(Debug)]
pub struct FontSet {
    files: Vec<(FontFile, FontFaces)>,
    /// The body family, in lower case.
    body: String,
    /// The fallback families in the order typst tries them, in lower case.
    fallbacks: Vec<String>,
    /// Where the folders of links are kept (None: each build links its own).
    cache_dir: Option<PathBuf>,
    /// The kept folder of each set of files chosen so far.
    folders: Mutex<BTreeMap<Vec<usize>, Option<PathBuf>>>,
}

/// The font files typst is handed for one document.
#[derive(Debug, Clone, PartialEq)]
pub struct FontChoice {
    /// In the order of the style spec.
    pub files: Vec<PathBuf>,
    /// A folder holding links to exactly `files`, kept between builds
    /// (None when it could not be made: the build folder links its own).
    pub folder: Option<PathBuf>,
    /// The document's characters that no font file of the style has.
    pub uncovered: Vec<Uncovered>,
}

impl FontSet {
    /// Finds every file of `fonts.pdf_font_files` in `dirs`. The paths
    /// found are remembered in the cache folder (`font-index-<hash>`,
    /// checked on use), so that a build does not search the font folders.
    pub fn find(fonts: &Fonts, dirs: &[PathBuf], cache_dir: Option<&Path>) -> Result<FontSet> {
        let index = cache_dir.map(|c| c.join(format!("font-index-{}", index_key(fonts, dirs))));
        let paths = match index.as_deref().and_then(|i| from_index(i, fonts)) {
            Some(paths) => paths,
            None => {
                let paths = search_all(fonts, dirs)?;
                if let Some(index) = &index {
                    let text: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
                    // Only saves time: errors are ignored.
                    let _ =
                        crate::output::write_all_unsynced(&[(index.clone(), text.into_bytes())]);
                }
                paths
            }
        };
        let mut files = Vec::new();
        for (spec, path) in fonts.pdf_font_files.iter().zip(paths) {
            let faces = FontFaces::read(&path)
                .with_context(|| format!("cannot read the font file {}", path.display()))?;
            files.push((spec.clone(), faces));
        }
        let body = fonts.body_pdf.to_lowercase();
        if !files.iter().any(|(_, f)| f.is_of(&body)) {
            bail!(
                "no file of the layout's fonts (fonts.pdf_font_files in style.json) is of the \
                 body family {}: {}",
                fonts.body_pdf,
                files
                    .iter()
                    .map(|(_, f)| f.path.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Ok(FontSet {
            files,
            body,
            fallbacks: fonts
                .fallback_families()
                .iter()
                .map(|f| f.to_lowercase())
                .collect(),
            cache_dir: cache_dir.map(Path::to_path_buf),
            folders: Mutex::new(BTreeMap::new()),
        })
    }

    /// Every font file, in the order of the style spec.
    pub fn files(&self) -> Vec<PathBuf> {
        self.files.iter().map(|(_, f)| f.path.clone()).collect()
    }

    /// The font files typst needs for a document whose Typst source is
    /// `source`: the body family's; then, for the characters some face of
    /// the body family lacks, each fallback family that has one of them
    /// (all its files: any may be asked for, bold or not) — every such
    /// family, as text in different languages tries them in different
    /// orders (Korean the Korean face first); then, for characters no
    /// family of the list has, any file that has one (typst's last
    /// resort). Always a superset of what typst uses, so the PDF is the
    /// one the whole set would give.
    pub fn choose(&self, source: &str, place: &BuildPlace) -> FontChoice {
        let mut left = coverage::needed(source);
        let mut chosen = BTreeSet::new();
        // What every face of the body family has is settled; what some
        // face lacks may fall back.
        let body: Vec<(usize, usize)> = self.faces_of(&self.body);
        chosen.extend(body.iter().map(|&(i, _)| i));
        let mut all = left.clone();
        for &(i, f) in &body {
            let mut missing = left.clone();
            self.files[i].1.remove_covered(f, &mut missing);
            all.retain(|c| !missing.contains(c));
        }
        left.retain(|c| !all.contains(c));
        let mut uncovered = left.clone();
        if !left.is_empty() {
            for family in &self.fallbacks {
                let faces = self.faces_of(family);
                if !faces
                    .iter()
                    .any(|&(i, f)| self.files[i].1.covers_any(f, &left))
                {
                    continue;
                }
                chosen.extend(faces.iter().map(|&(i, _)| i));
                for &(i, f) in &faces {
                    self.files[i].1.remove_covered(f, &mut uncovered);
                }
            }
        }
        for (i, (_, file)) in self.files.iter().enumerate() {
            if uncovered.is_empty() {
                break;
            }
            for f in 0..file.faces.len() {
                if file.covers_any(f, &uncovered) {
                    chosen.insert(i);
                    file.remove_covered(f, &mut uncovered);
                }
            }
        }
        let chosen: Vec<usize> = chosen.into_iter().collect();
        let files: Vec<PathBuf> = chosen
            .iter()
            .map(|&i| self.files[i].1.path.clone())
            .collect();
        let folder = self.folder(&chosen, &files, place);
        FontChoice {
            files,
            folder,
            uncovered: coverage::locate(source, &uncovered),
        }
    }

    /// The body family's files: all a document in its script needs (see
    /// [`super::Typst::start_early`]).
    pub fn body(&self, place: &BuildPlace) -> FontChoice {
        self.choose("", place)
    }

    /// The faces of a family: (file index, face index).
    fn faces_of(&self, family: &str) -> Vec<(usize, usize)> {
        let mut faces = Vec::new();
        for (i, (_, file)) in self.files.iter().enumerate() {
            for (f, face) in file.faces.iter().enumerate() {
                if face.families.iter().any(|n| n == family) {
                    faces.push((i, f));
                }
            }
        }
        faces
    }

    /// The kept folder of links to exactly `files` (made once per process).
    fn folder(&self, chosen: &[usize], files: &[PathBuf], place: &BuildPlace) -> Option<PathBuf> {
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        folders
            .entry(chosen.to_vec())
            .or_insert_with(|| {
                let cache_dir = self.cache_dir.as_deref()?;
                let text: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
                let hash = sha256_hex(text.as_bytes());
                let folder = cache_dir.join(format!("fonts-{}", &hash[..16]));
                if links_whole(&folder, files) {
                    return Some(folder);
                }
                make_folder(&folder, files, place)
            })
            .clone()
    }
}

/// What decides where the files are found: the entries and the folders.
fn index_key(fonts: &Fonts, dirs: &[PathBuf]) -> String {
    let mut text = String::new();
    for f in &fonts.pdf_font_files {
        text.push_str(&format!("{}\n", f.file));
    }
    for d in dirs {
        text.push_str(&format!("{}\n", d.display()));
    }
    sha256_hex(text.as_bytes())[..16].to_string()
}

/// The paths remembered in the index, if each is still a file that
/// matches its entry (a font found missing before is looked for again).
fn from_index(index: &Path, fonts: &Fonts) -> Option<Vec<PathBuf>> {
    let text = std::fs::read_to_string(index).ok()?;
    let paths: Vec<PathBuf> = text.lines().map(PathBuf::from).collect();
    let ok = paths.len() == fonts.pdf_font_files.len()
        && paths
            .iter()
            .zip(&fonts.pdf_font_files)
            .all(|(p, f)| p.ends_with(&f.file) && p.is_file());
    ok.then_some(paths)
}

/// Searches the font folders for every entry; an error names each one
/// missing and the packages to install.
fn search_all(fonts: &Fonts, dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let wanted = &fonts.pdf_font_files;
    let mut found: Vec<Option<PathBuf>> = vec![None; wanted.len()];
    for dir in dirs {
        search(dir, wanted, &mut found, 0);
    }
    let missing: Vec<&FontFile> = wanted
        .iter()
        .zip(&found)
        .filter(|(_, p)| p.is_none())
        .map(|(f, _)| f)
        .collect();
    if missing.is_empty() {
        return Ok(found.into_iter().flatten().collect());
    }
    let mut packages: Vec<&str> = Vec::new();
    for f in &missing {
        if !packages.contains(&f.package.as_str()) {
            packages.push(&f.package);
        }
    }
    let (files, it, them) = if missing.len() == 1 {
        ("font file", "is", "it")
    } else {
        ("font files", "are", "them")
    };
    bail!(
        "the {files} {} of the layout {it} not installed: apt-get install {}, or put {them} \
         under a folder named by MEETDOC_FONT_DIRS (as DIR/{})",
        missing
            .iter()
            .map(|f| format!("{} ({})", f.file, f.package))
            .collect::<Vec<_>>()
            .join(", "),
        packages.join(" "),
        missing[0].file
    )
}

fn search(dir: &Path, wanted: &[FontFile], found: &mut [Option<PathBuf>], depth: usize) {
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
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            for (i, w) in wanted.iter().enumerate() {
                if found[i].is_none() && w.name() == name && path.ends_with(&w.file) {
                    found[i] = Some(path.clone());
                }
            }
        }
    }
}

/// Makes the kept folder of links (all or nothing; errors only cost time).
fn make_folder(folder: &Path, files: &[PathBuf], place: &BuildPlace) -> Option<PathBuf> {
    let tmp = folder.with_extension(format!("tmp-{}", std::process::id()));
    let _guard = place.builds.temporary(tmp.clone());
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).ok()?;
    let made = (|| {
        for file in files {
            std::os::unix::fs::symlink(file, tmp.join(file.file_name()?)).ok()?;
        }
        // Never remove a folder another build may be using: a stale one (a
        // link broke) is first moved aside; a whole one made meanwhile by
        // another build is used as it is.
        for _ in 0..2 {
            if std::fs::rename(&tmp, folder).is_ok() {
                return Some(folder.to_path_buf());
            }
            if links_whole(folder, files) {
                return Some(folder.to_path_buf());
            }
            let aside = folder.with_extension(format!("stale-{}", std::process::id()));
            if std::fs::rename(folder, &aside).is_ok() {
                let _ = std::fs::remove_dir_all(&aside);
            }
        }
        None
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    made
}

/// Whether `folder` links every one of `files` under its own name, and
/// nothing else.
fn links_whole(folder: &Path, files: &[PathBuf]) -> bool {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    entries.count() == files.len()
        && files.iter().all(|f| {
            f.file_name()
                .map(|n| std::fs::read_link(folder.join(n)).is_ok_and(|t| &t == f) && f.is_file())
                .unwrap_or(false)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Style;

    fn style() -> Style {
        Style::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/style.json")).unwrap()
    }

    #[test]
    fn finds_every_font_file_of_liberation_2() {
        let set = FontSet::find(&style().fonts, &system_font_dirs(None), None).unwrap();
        let files = set.files();
        assert_eq!(files.len(), 7);
        assert!(
            files.contains(&PathBuf::from(
                "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
            )),
            "{files:?}"
        );
    }

    #[test]
    fn a_missing_font_file_names_its_package() {
        let err = FontSet::find(&style().fonts, &[PathBuf::from("/nonexistent")], None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("truetype/liberation2/LiberationSerif-Regular.ttf (fonts-liberation2)"),
            "{err}"
        );
        assert!(
            err.contains("apt-get install fonts-liberation2 fonts-noto-cjk fonts-noto-color-emoji"),
            "{err}"
        );
    }
}
