//! `meetdoc layouts`: the built-in layouts, written out to be adapted.

use anyhow::Result;
use meetdoc::errors::exit;
use std::path::PathBuf;

/// Write the built-in layouts (reference.docx, templates, style.json, labels.json) into DIR, to adapt them.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  meetdoc layouts office-layouts\n  meetdoc build my-meeting --layouts office-layouts\n\nWrites reference.docx (the house style as Word styles: open it in Word, change a style, save; both formats follow), style.json (what Word styles cannot say), labels.json, the Typst templates (*.typ.j2) and README.md (what each value does, and which file it lives in). A layouts folder given with --layouts or MEETDOC_LAYOUTS replaces the built-in layouts as a whole: every file is read from it, so keep them all. DIR must be new or empty unless --force."
)]
pub struct Args {
    /// The folder to write into (new or empty).
    pub dir: PathBuf,
    /// Write into a folder that is not empty, replacing files of the same names.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<i32> {
    for p in meetdoc::layouts::write_built_in(&args.dir, args.force)? {
        println!("wrote {}", p.display());
    }
    Ok(exit::OK)
}
