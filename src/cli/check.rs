//! `meetdoc check`: validate, write nothing.

use super::print_warnings;
use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::render;
use std::path::PathBuf;

/// Validate a data set or a set (docset.json) and report every error and warning; write nothing.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  meetdoc check data/neacap-pd2")]
pub struct Args {
    /// Data set or set folder (default: the seed data set).
    pub dir: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<i32> {
    let dir = meetdoc::paths::data_dir(args.dir)?;
    let (what, warnings) = if meetdoc::set::load::is_set(&dir) {
        let (set, warnings) =
            meetdoc::set::load::load(&dir).map_err(meetdoc::diagnostics::InvalidData)?;
        let n = set.documents.len();
        (
            format!(
                "the set and its {n} document{}",
                if n == 1 { "" } else { "s" }
            ),
            warnings,
        )
    } else {
        let (_, warnings) = render::load(&dir)?;
        (
            format!("{} data files", meetdoc::data::load::FILES.len()),
            warnings,
        )
    };
    print_warnings(&warnings);
    let n = warnings.len();
    println!(
        "{}: checked {what}: 0 errors, {n} warning{}",
        dir.display(),
        if n == 1 { "" } else { "s" }
    );
    Ok(exit::OK)
}
