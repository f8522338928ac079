//! Downloads, built on demand by the library from the data on screen: a
//! document's PDF (its DOCX is `writer::docx::write`), and for a set the
//! bundle's ZIP and change report, made by `set::bundle` exactly as
//! `meetdoc bundle` makes them, in a private folder (the bundle in the
//! output folder is not touched; its snapshot is what the changes are
//! told against).

use crate::model::Document;
use crate::render::RenderContext;
use crate::set::load::LoadedSet;
use crate::writer::pdf;
use anyhow::{Context, Result};
use std::path::Path;

/// The PDF of a document.
pub fn pdf(model: &Document, ctx: &RenderContext) -> Result<Vec<u8>> {
    let layouts = ctx.layouts()?;
    let source = pdf::render_source(model, &layouts.style, &layouts.dir)?;
    ctx.compile_one(&pdf::CompileJob {
        name: "download.pdf".into(),
        source,
        date: model.meta.date,
        standards: model.meta.pdf_standards.clone(),
    })
}

/// What a set's bundle gives for download.
pub struct Bundle {
    pub zip_name: String,
    pub zip: Vec<u8>,
    /// The change report since the last bundle in the set's output folder.
    pub changes: String,
}

/// Bundles `set` into a private folder, against the snapshot of the last
/// bundle in its output folder (`output/<set folder>`, as `meetdoc bundle`).
pub fn bundle(set: &LoadedSet, dir: &Path, ctx: &RenderContext) -> Result<Bundle> {
    let tmp = Private::new()?;
    let last = crate::paths::default_bundle_output(dir).join(crate::diff::snapshot::SNAPSHOT);
    if last.is_file() {
        std::fs::copy(&last, tmp.0.join(crate::diff::snapshot::SNAPSHOT))
            .with_context(|| format!("cannot read {}", last.display()))?;
    }
    crate::set::bundle::bundle_set(set, Vec::new(), ctx, &tmp.0, false, &|_| {})?;
    let zip_name = format!(
        "{}.zip",
        crate::set::symbol::file_stem(set.set.name.as_str())
    );
    let zip = std::fs::read(tmp.0.join(&zip_name)).context("the bundle has no ZIP")?;
    let changes = match std::fs::read_to_string(tmp.0.join(crate::set::bundle::CHANGES)) {
        Ok(c) => c,
        Err(_) if last.is_file() => format!(
            "# Changes to the {} document set\n\nNo changes since the last bundle ({}).\n",
            set.set.name,
            last.parent().unwrap_or(dir).display()
        ),
        Err(_) => format!(
            "# Changes to the {} document set\n\nThere is no earlier bundle to compare with: run meetdoc bundle {} once.\n",
            set.set.name,
            dir.display()
        ),
    };
    Ok(Bundle {
        zip_name,
        zip,
        changes,
    })
}

/// A private temporary folder, removed on drop.
struct Private(std::path::PathBuf);

impl Private {
    fn new() -> Result<Private> {
        // (Not a build folder of the render context: bundle_set makes its
        // own for typst; this one only holds the bundle's files a moment.)
        use std::os::unix::fs::DirBuilderExt;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!(
            "meetdoc-serve-bundle-{}-{nanos}",
            std::process::id()
        ));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&p)
            .with_context(|| format!("cannot create {}", p.display()))?;
        Ok(Private(p))
    }
}

impl Drop for Private {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
