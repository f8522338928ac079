//! `meetdoc check`: validate, write nothing.

use super::print_warnings;
use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::render::{self, RenderContext};
use std::path::PathBuf;

/// Validate a data set, a set (docset.json) or a document file and report every error and warning (also characters no PDF font has); write nothing.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  meetdoc check data/neacap-pd2\n  meetdoc check data/som28/info-note.json"
)]
pub struct Args {
    /// Data set or set folder, or a document file (default: the seed data set).
    pub dir: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &RenderContext) -> Result<i32> {
    let dir = meetdoc::paths::data_dir(args.dir)?;
    let checked = render::check::check(&dir, ctx)?;
    print_warnings(&checked.warnings);
    let n = checked.warnings.len();
    println!(
        "{}: checked {}: 0 errors, {n} warning{}",
        dir.display(),
        checked.what,
        if n == 1 { "" } else { "s" }
    );
    Ok(exit::OK)
}
