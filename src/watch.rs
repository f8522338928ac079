//! `meetdoc watch`: rebuild a set or data set whenever one of its data or
//! layout files changes. File events come from the operating system
//! (inotify on Linux, through the `notify` crate), gathered for a short
//! moment so that an editor's save (truncate, write, rename) is one rebuild.
//! Each change loads the set once: that load gives both the documents to
//! build and the folders to watch next.

use crate::diagnostics::InvalidData;
use crate::render::RenderContext;
use crate::set::load::{Content, LoadedSet, is_set};
use anyhow::{Context, Result};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long events are gathered before a rebuild.
const SETTLE: Duration = Duration::from_millis(150);

/// What one rebuild did: its message, and the folders to watch from now on.
struct Outcome {
    message: Result<String>,
    folders: BTreeSet<PathBuf>,
}

/// The folders a set's documents are made from (data sets, the agenda's
/// folder) besides the set's own.
fn set_folders(set: &LoadedSet) -> BTreeSet<PathBuf> {
    let mut dirs = BTreeSet::new();
    for d in &set.documents {
        match &d.content {
            Content::ConceptNote(data) | Content::Programme(data) => {
                dirs.insert(data.dir.clone());
            }
            Content::Document(file, _) => {
                dirs.extend(file.parent().map(Path::to_path_buf));
            }
            _ => {}
        }
    }
    dirs
}

/// The folders a set names even when it does not load (so that fixing a
/// data set it refers to is seen).
fn named_folders(dir: &Path) -> BTreeSet<PathBuf> {
    let mut dirs = BTreeSet::new();
    let Ok(text) = std::fs::read_to_string(dir.join(crate::set::load::SET_FILE)) else {
        return dirs;
    };
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
        for d in v["documents"].as_array().into_iter().flatten() {
            if let Some(p) = d["source"]["data"].as_str() {
                let p = dir.join(p);
                dirs.insert(if p.is_dir() {
                    p
                } else {
                    p.parent().unwrap_or(dir).to_path_buf()
                });
            }
        }
    }
    dirs
}

fn rebuild(dir: &Path, output: &Path, ctx: &RenderContext) -> Outcome {
    let mut folders: BTreeSet<PathBuf> = [dir.to_path_buf()].into();
    folders.extend(ctx.layouts_dir().map(Path::to_path_buf));
    let message = (|| -> Result<String> {
        // The layouts may have changed; typst and the fonts are kept.
        ctx.reload_layouts()?;
        let (warnings, compiled, changes) = if is_set(dir) {
            let (set, warnings) = match crate::set::load::load(dir) {
                Ok(loaded) => loaded,
                Err(diags) => {
                    folders.extend(named_folders(dir));
                    return Err(InvalidData(diags).into());
                }
            };
            folders.extend(set_folders(&set));
            let b = crate::set::bundle::bundle_set(&set, warnings, ctx, output, false, &|_| {})?;
            (b.warnings, b.compiled, b.new_changes)
        } else {
            let b = crate::render::build(dir, ctx, output)?;
            (b.warnings, b.compiled, Vec::new())
        };
        for w in &warnings {
            eprintln!("{w}");
        }
        let mut msg = if compiled.is_empty() {
            format!(
                "nothing changed in the documents; {} is up to date",
                output.display()
            )
        } else {
            format!("rebuilt {} into {}", compiled.join(", "), output.display())
        };
        if !changes.is_empty() {
            msg.push_str(&format!("\nchanges:\n  {}", changes.join("\n  ")));
        }
        Ok(msg)
    })();
    Outcome { message, folders }
}

/// The local time of day, "13:08:27".
fn clock() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as libc::time_t)
        .unwrap_or(0);
    // SAFETY: localtime_r writes only into `tm`, which we own.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&now, &mut tm).is_null() };
    if !ok {
        return "--:--:--".into();
    }
    format!("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec)
}

fn report(outcome: &Outcome, output: &Path) {
    match &outcome.message {
        Ok(msg) => println!("[{}] {msg}", clock()),
        Err(e) => {
            let text = if e.downcast_ref::<InvalidData>().is_some() {
                format!("{e}")
            } else {
                format!("error: {e:#}")
            };
            eprintln!(
                "[{}] {text}\n[{}] the last good outputs in {} are kept",
                clock(),
                clock(),
                output.display()
            );
        }
    }
}

/// Whether a changed path can change the outputs: a file of a watched
/// folder that is not hidden, not a temporary file and not an output.
fn relevant(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !(name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".tmp")
        || name.ends_with(".swp"))
}

/// Size, modification time (ns) and inode of a file or folder.
type Stamp = (u64, i64, i64, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.mtime(), m.mtime_nsec(), m.ino()))
}

/// The stamp of the watched folders and of everything in them, by
/// absolute path (as file events name them).
fn stamps(folders: &BTreeSet<PathBuf>) -> std::collections::BTreeMap<PathBuf, Option<Stamp>> {
    let mut out = std::collections::BTreeMap::new();
    for f in folders {
        let Ok(f) = std::path::absolute(f) else {
            continue;
        };
        out.insert(f.clone(), stamp(&f));
        for e in std::fs::read_dir(f).into_iter().flatten().flatten() {
            out.insert(e.path(), stamp(&e.path()));
        }
    }
    out
}

/// Builds once, then rebuilds after every change, until interrupted.
pub fn watch(dir: &Path, output: Option<PathBuf>, ctx: &RenderContext) -> Result<()> {
    let output = output.unwrap_or_else(|| {
        if is_set(dir) {
            crate::paths::default_bundle_output(dir)
        } else {
            PathBuf::from("output")
        }
    });
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(SETTLE, tx).context("cannot watch files (the system refused)")?;
    // The built-in layouts do not change while meetdoc runs.
    let layouts = match ctx.layouts_dir() {
        Some(l) => format!(" (and {})", l.display()),
        None => String::new(),
    };
    println!(
        "[{}] watching {}{layouts}; Ctrl-C to stop",
        clock(),
        dir.display(),
    );
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        // What the files looked like before this rebuild read them: the
        // system reports every open (the rebuild's own reads too), so an
        // event counts only for a file that changed since.
        let mut before = stamps(&watched);
        let outcome = rebuild(dir, &output, ctx);
        report(&outcome, &output);
        // Watch what this load named; drop what it no longer names.
        for gone in watched.difference(&outcome.folders) {
            let _ = debouncer.watcher().unwatch(gone);
        }
        for new in outcome.folders.difference(&watched) {
            debouncer
                .watcher()
                .watch(new, RecursiveMode::NonRecursive)
                .with_context(|| format!("cannot watch {}", new.display()))?;
        }
        // Folders watched from now on: as they are now (this rebuild read
        // them before they were watched).
        let added: BTreeSet<PathBuf> = outcome.folders.difference(&watched).cloned().collect();
        for (path, stamp) in stamps(&added) {
            before.entry(path).or_insert(stamp);
        }
        watched = outcome.folders;
        // Wait for a change that matters.
        loop {
            match rx.recv() {
                Ok(Ok(events))
                    if events.iter().any(|e| {
                        relevant(&e.path)
                            && stamp(&e.path) != before.get(&e.path).cloned().flatten()
                    }) =>
                {
                    break;
                }
                Ok(Ok(_)) => continue,
                Ok(Err(e)) => eprintln!("[{}] warning: file events: {e}", clock()),
                Err(_) => return Ok(()),
            }
        }
    }
}
