//! `meetdoc schema`: the JSON Schemas of the data files, from the types.

use anyhow::Result;
use meetdoc::errors::exit;
use std::path::PathBuf;

/// Write the JSON Schemas of the data files into DIR (default: schema/).
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  meetdoc schema my-meeting/schema\n\nThe schemas come from the types meetdoc reads. A data file points at its schema with \"$schema\", a path relative to the file (e.g. \"schema/meeting.schema.json\"), and an editor such as VS Code then validates and completes it; meetdoc new writes them beside a new data set."
)]
pub struct Args {
    /// The folder to write into.
    #[arg(default_value = "schema")]
    pub dir: PathBuf,
}

pub fn run(args: Args) -> Result<i32> {
    let files: Vec<_> = meetdoc::schema::all()
        .into_iter()
        .map(|(n, t)| (args.dir.join(n), t.into_bytes()))
        .collect();
    meetdoc::output::write_all(&files)?;
    for (p, _) in files {
        println!("wrote {}", p.display());
    }
    Ok(exit::OK)
}
