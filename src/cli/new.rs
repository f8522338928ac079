//! `meetdoc new`: a starting point for a new meeting.

use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::starter::{self, Kind};
use std::path::PathBuf;

/// Start a new meeting: a data set (or, with --set, a document set) with placeholder texts, ready to build.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  meetdoc new my-meeting         a data set: the concept note and the programme\n  meetdoc new --set my-session   a document set: a provisional agenda and a data set, bundled under symbols\n\nEvery file holds short texts saying what goes where, and a one-day programme (registration, opening, a session, a break, closing); `meetdoc check DIR` passes on it as written. The JSON Schemas the files point to are written into DIR/schema/, so an editor (e.g. VS Code) validates and completes the files wherever DIR is. DIR must be new or empty: nothing is replaced."
)]
pub struct Args {
    /// The folder to create (new or empty).
    pub dir: PathBuf,
    /// Make a document set (docset.json, agenda.json and the data set in DIR/meeting/).
    #[arg(long)]
    pub set: bool,
}

pub fn run(args: Args) -> Result<i32> {
    let kind = if args.set { Kind::Set } else { Kind::DataSet };
    let written = starter::write(&args.dir, kind, starter::today())?;
    for p in &written {
        println!("wrote {}", p.display());
    }
    let dir = args.dir.display();
    let (what, make) = match kind {
        Kind::DataSet => ("a data set", "build"),
        Kind::Set => ("a document set", "bundle"),
    };
    eprintln!(
        "{dir} holds {what} with placeholder texts: replace them (in an editor, or with meetdoc serve {dir}), then\n  meetdoc check {dir}\n  meetdoc {make} {dir}"
    );
    Ok(exit::OK)
}
