//! The `meetdoc` command line.

use anyhow::Result;
use clap::{Parser, Subcommand};
use meetdoc::diagnostics::Diagnostic;
use meetdoc::errors::{exit, exit_code};
use meetdoc::pipeline::{self, Layouts};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  meetdoc build                          build the seed data set into output/
  meetdoc build data/neacap-pd2 -o out   build one data set into out/
  meetdoc check data/neacap-pd2          validate the data, write nothing

Exit codes:
  0  success
  1  invalid data (every error is printed, with file and JSON path)
  2  usage error (unknown command or option)
  3  an external tool failed or is missing (typst)
  4  input/output failure (layouts unreadable, output folder not writable)

Environment:
  TYPST             path of the typst binary (else typst on PATH, else ~/.cargo/bin/typst)
  MEETDOC_LAYOUTS   layouts folder (else ./layouts)
  MEETDOC_FONT_DIRS colon-separated font folders searched before the system's";

#[derive(Parser)]
#[command(name = "meetdoc", version, about = "Turns structured JSON meeting data into official meeting documents (DOCX and PDF).", after_help = AFTER_HELP)]
struct Cli {
    /// Layouts folder (templates and style.json).
    #[arg(long, global = true, value_name = "DIR")]
    layouts: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the concept note and the programme (DOCX and PDF) of a data set.
    #[command(
        after_help = "Example:\n  meetdoc build data/neacap-pd2 -o output\n\nWrites OUTDIR/concept-note.{docx,pdf} and OUTDIR/programme.{docx,pdf}; nothing is written when the data has errors."
    )]
    Build {
        /// Data set folder (default: the seed data set, data/neacap-pd2).
        dir: Option<PathBuf>,
        /// Output folder.
        #[arg(short, long, value_name = "OUTDIR", default_value = "output")]
        output: PathBuf,
    },
    /// Write the JSON Schemas of the data files into DIR (default: schema/).
    #[command(hide = true)]
    Schema {
        #[arg(default_value = "schema")]
        dir: PathBuf,
    },
    /// Write a large made-up data set (for stress tests and the benchmark).
    #[command(hide = true)]
    StressData {
        dir: PathBuf,
        #[arg(long, default_value_t = 5)]
        days: usize,
        #[arg(long, default_value_t = 500)]
        items: usize,
        #[arg(long, default_value_t = 300)]
        paragraphs: usize,
        #[arg(long, default_value_t = 100)]
        footnotes: usize,
    },
    /// Validate a data set and report every error and warning; write nothing.
    #[command(after_help = "Example:\n  meetdoc check data/neacap-pd2")]
    Check {
        /// Data set folder (default: the seed data set).
        dir: Option<PathBuf>,
    },
}

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(()) => exit::OK,
        Err(e) => {
            let code = exit_code(&e);
            if code == exit::INVALID_DATA {
                eprintln!("{e}");
            } else {
                eprintln!("error: {e:#}");
            }
            code
        }
    };
    std::process::exit(code);
}

fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

fn run(cli: Cli) -> Result<()> {
    let layouts_dir = cli
        .layouts
        .clone()
        .unwrap_or_else(meetdoc::paths::default_layouts);
    match cli.command {
        Command::Build { dir, output } => {
            let dir = dir.unwrap_or_else(meetdoc::paths::default_data);
            let layouts = Layouts::load(&layouts_dir)?;
            let (written, warnings) = pipeline::build(&dir, &layouts, &output)?;
            print_warnings(&warnings);
            for p in written {
                println!("wrote {}", p.display());
            }
            Ok(())
        }
        Command::Schema { dir } => {
            let files: Vec<_> = meetdoc::schema::all()
                .into_iter()
                .map(|(n, t)| (dir.join(n), t.into_bytes()))
                .collect();
            meetdoc::output::write_all(&files)?;
            for (p, _) in files {
                println!("wrote {}", p.display());
            }
            Ok(())
        }
        Command::StressData {
            dir,
            days,
            items,
            paragraphs,
            footnotes,
        } => {
            meetdoc::stress::write(
                &dir,
                meetdoc::stress::Size {
                    days,
                    items,
                    paragraphs,
                    footnotes,
                },
            )?;
            println!("wrote {}", dir.display());
            Ok(())
        }
        Command::Check { dir } => {
            let dir = dir.unwrap_or_else(meetdoc::paths::default_data);
            let (_, warnings) = pipeline::load(&dir)?;
            print_warnings(&warnings);
            Ok(())
        }
    }
}
