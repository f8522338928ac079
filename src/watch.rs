//! `meetdoc watch`: rebuild a set or data set whenever one of its data or
//! layout files changes. Polls a few times a second (no platform file
//! events needed), so a save is picked up well within a second.

use crate::render::RenderContext;
use crate::set::load::{Content, is_set};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const POLL: Duration = Duration::from_millis(150);

/// Size and modification time of every file watched.
type Signature = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

fn add_dir(sig: &mut Signature, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if let Ok(m) = e.metadata()
            && m.is_file()
        {
            sig.insert(p, (m.len(), m.modified().ok()));
        }
    }
}

/// The folders whose files decide the outputs: the set or data set, the
/// data sets a set refers to, and the layouts.
fn watched_dirs(dir: &Path, layouts: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![dir.to_path_buf(), layouts.to_path_buf()];
    if is_set(dir) {
        if let Ok((set, _)) = crate::set::load::load(dir) {
            for d in &set.documents {
                if let Content::ConceptNote(data) | Content::Programme(data) = &d.content
                    && !dirs.contains(&data.dir)
                {
                    dirs.push(data.dir.clone());
                }
            }
        } else if let Ok(text) = std::fs::read_to_string(dir.join("docset.json")) {
            // The set does not load: still watch every folder it names.
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                for d in v["documents"].as_array().into_iter().flatten() {
                    if let Some(p) = d["source"]["data"].as_str() {
                        let p = dir.join(p);
                        dirs.push(if p.is_dir() {
                            p
                        } else {
                            p.parent().unwrap_or(dir).to_path_buf()
                        });
                    }
                }
            }
        }
    }
    dirs
}

fn signature(dirs: &[PathBuf]) -> Signature {
    let mut sig = Signature::new();
    for d in dirs {
        add_dir(&mut sig, d);
    }
    sig
}

fn rebuild(dir: &Path, output: &Path, ctx: &RenderContext) -> Result<String> {
    // The layouts may have changed; typst and the fonts are kept.
    ctx.reload_layouts()?;
    let (warnings, compiled, changes) = if is_set(dir) {
        let b = crate::set::bundle::bundle(dir, ctx, output, &|_| {})?;
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
}

fn clock() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
}

/// Builds once, then rebuilds after every change, until interrupted; one
/// render context serves every rebuild.
pub fn watch(dir: &Path, output: Option<PathBuf>, ctx: &RenderContext) -> Result<()> {
    let layouts_dir = ctx.layouts_dir();
    let output = output.unwrap_or_else(|| {
        if is_set(dir) {
            crate::paths::default_bundle_output(dir)
        } else {
            PathBuf::from("output")
        }
    });
    let run = || match rebuild(dir, &output, ctx) {
        Ok(msg) => println!("[{}] {msg}", clock()),
        Err(e) => {
            let text = if e
                .downcast_ref::<crate::diagnostics::InvalidData>()
                .is_some()
            {
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
    };
    println!(
        "[{}] watching {} (and {}); Ctrl-C to stop",
        clock(),
        dir.display(),
        layouts_dir.display()
    );
    run();
    let mut dirs = watched_dirs(dir, layouts_dir);
    let mut last = signature(&dirs);
    loop {
        std::thread::sleep(POLL);
        let now = signature(&dirs);
        if now != last {
            // Let an editor finish writing (save = truncate + write).
            std::thread::sleep(Duration::from_millis(100));
            run();
            dirs = watched_dirs(dir, layouts_dir);
            last = signature(&dirs);
        }
    }
}
