//! The DOCX writer alone, for the benchmark (`scripts/bench`): loads a data
//! set, builds its documents and writes only their DOCX files.
//!
//! ```text
//! cargo run --release --example docx_only -- [DIR] [OUTDIR]
//! ```

use anyhow::{Context, Result};
use meetdoc::render::{self, Layouts};
use std::path::PathBuf;

fn main() -> Result<()> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(dir), Some(outdir)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: docx_only DATA_DIR OUTDIR (OUTDIR is written into)");
    };
    let layouts = Layouts::load(&meetdoc::layouts::LayoutSource::BuiltIn)?;
    let (data, _warnings) = render::load(&dir)?;
    let mut files = Vec::new();
    for (stem, document) in meetdoc::compose::documents(&data, &layouts.style) {
        let bytes = meetdoc::writer::docx::write(&document, &layouts.style)
            .with_context(|| format!("cannot write {stem}.docx"))?;
        files.push((outdir.join(format!("{stem}.docx")), bytes));
    }
    meetdoc::output::write_all(&files)?;
    for (p, _) in files {
        println!("wrote {}", p.display());
    }
    Ok(())
}
