//! The `meetdoc` command line.

use anyhow::Result;
use clap::{Parser, Subcommand};
use meetdoc::diagnostics::Diagnostic;
use meetdoc::errors::{exit, exit_code};
use meetdoc::render::{self, RenderContext, Settings};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  meetdoc build                          build the seed data set into output/
  meetdoc build data/neacap-pd2 -o out   build one data set into out/
  meetdoc check data/neacap-pd2          validate the data, write nothing
  meetdoc bundle data/som28              build the SOM-28 document set into output/som28
  meetdoc diff output/som28 data/som28   what changed since the last bundle
  meetdoc watch data/som28               rebuild the set on every save

Exit codes:
  0  success
  1  invalid data (every error is printed, with file and JSON path)
  2  usage error (unknown command or option)
  3  an external tool failed or is missing (typst, a font file of the layout)
  4  input/output failure (layouts unreadable, output folder not writable)
  130, 143  interrupted (Ctrl-C, SIGTERM): typst is stopped, its build folders removed

Environment:
  TYPST             path of the typst binary (else typst on PATH, else ~/.cargo/bin/typst)
  MEETDOC_LAYOUTS   layouts folder (else ./layouts)
  MEETDOC_FONT_DIRS colon-separated font folders searched before the system's
  MEETDOC_KEEP_TYP  folder where each document's generated Typst source is also kept
  TMPDIR            where the private build folders are made (else /tmp)
  XDG_CACHE_HOME    meetdoc keeps small files in its meetdoc/ folder (else ~/.cache/meetdoc)";

#[derive(Parser)]
#[command(name = "meetdoc", version, about = "Turns structured JSON meeting data into official meeting documents (DOCX and PDF).", after_help = AFTER_HELP)]
struct Cli {
    /// Layouts folder (templates and style.json).
    #[arg(long, global = true, value_name = "DIR")]
    layouts: Option<PathBuf>,
    /// How many documents to render at once (default: one per core).
    #[arg(short, long, global = true, value_name = "N")]
    jobs: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the concept note and the programme (DOCX and PDF) of a data set, or a document file.
    #[command(
        after_help = "Examples:\n  meetdoc build data/neacap-pd2 -o output\n  meetdoc build data/som28/info-note.json -o output\n\nA data set gives OUTDIR/concept-note.{docx,pdf} and OUTDIR/programme.{docx,pdf}; a document file (a general document: information note, report, …) OUTDIR/<its name>.{docx,pdf}. Nothing is written when the data has errors."
    )]
    Build {
        /// Data set folder, or a general document's JSON file (default: the seed data set, data/neacap-pd2).
        dir: Option<PathBuf>,
        /// Output folder.
        #[arg(short, long, value_name = "OUTDIR", default_value = "output")]
        output: PathBuf,
        /// Make every PDF archival too (PDF/A, e.g. a-2b).
        #[arg(long, value_name = "STANDARD")]
        pdf_standard: Option<meetdoc::style::PdfStandard>,
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
    /// Build every document of a set (docset.json) under its symbol, with the list of documents, manifest.json and one ZIP.
    #[command(
        after_help = "Example:\n  meetdoc bundle data/som28 -o output/som28\n\nProgress goes to stderr, one line per document. When the set changed since the last bundle in OUTDIR, the changes are written to OUTDIR/changes.md and listed in the list of documents. A failure leaves the previous bundle as it was."
    )]
    Bundle {
        /// Set folder (holding docset.json).
        dir: PathBuf,
        /// Output folder (default: output/ followed by the set folder's name).
        #[arg(short, long, value_name = "OUTDIR")]
        output: Option<PathBuf>,
        /// Make every PDF archival too (PDF/A, e.g. a-2b; replaces the set's pdf_standard).
        #[arg(long, value_name = "STANDARD")]
        pdf_standard: Option<meetdoc::style::PdfStandard>,
    },
    /// Tell what changed between two versions of a set or data set (folders, or a bundle's output folder).
    #[command(
        after_help = "Examples:\n  meetdoc diff old/neacap-pd2 data/neacap-pd2\n  meetdoc diff output/som28 data/som28     (against the last bundle)\n\nPrints a Markdown report; \"No changes.\" when there are none."
    )]
    Diff {
        /// The earlier version: a data set, a set, or a bundle's output folder.
        old: PathBuf,
        /// The later version: a data set or a set.
        new: PathBuf,
    },
    /// Rebuild a set or data set whenever its data or layouts change.
    #[command(
        after_help = "Example:\n  meetdoc watch data/som28\n\nChecks for changes several times a second; prints what it rebuilt or the errors, and keeps the last good outputs on error. Stop with Ctrl-C."
    )]
    Watch {
        /// A set folder (docset.json) or a data set folder.
        dir: PathBuf,
        /// Output folder (default: as for build or bundle).
        #[arg(short, long, value_name = "OUTDIR")]
        output: Option<PathBuf>,
    },
    /// Validate a data set, a set (docset.json) or a document file and report every error and warning (also characters no PDF font has); write nothing.
    #[command(
        after_help = "Examples:\n  meetdoc check data/neacap-pd2\n  meetdoc check data/som28/info-note.json"
    )]
    Check {
        /// Data set or set folder, or a document file (default: the seed data set).
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
        .or_else(|| {
            std::env::var_os("MEETDOC_LAYOUTS")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(meetdoc::paths::default_layouts);
    // The one render context of this run, from the flags and the
    // environment (read here and nowhere below).
    let mut settings = Settings::from_env(cli.jobs);
    settings.pdf_standard = match &cli.command {
        Command::Build { pdf_standard, .. } | Command::Bundle { pdf_standard, .. } => *pdf_standard,
        _ => None,
    };
    let ctx = RenderContext::new(layouts_dir, settings);
    ctx.handle_signals()?;
    match cli.command {
        Command::Build { dir, output, .. } => {
            let dir = dir.unwrap_or_else(meetdoc::paths::default_data);
            ctx.layouts()?;
            let built = render::build(&dir, &ctx, &output)?;
            print_warnings(&built.warnings);
            for p in built.written {
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
        Command::Bundle { dir, output, .. } => {
            ctx.layouts()?;
            let output = output.unwrap_or_else(|| meetdoc::paths::default_bundle_output(&dir));
            let b = meetdoc::set::bundle::bundle(&dir, &ctx, &output, &|line| eprintln!("{line}"))?;
            print_warnings(&b.warnings);
            for p in b.written {
                println!("wrote {}", p.display());
            }
            if !b.new_changes.is_empty() {
                eprintln!(
                    "the set changed since the last bundle: see {}",
                    output.join(meetdoc::set::bundle::CHANGES).display()
                );
            }
            Ok(())
        }
        Command::Diff { old, new } => {
            let layouts = ctx.layouts()?;
            let report = meetdoc::diff::between(&old, &new, &layouts.style)?;
            print!("{report}");
            Ok(())
        }
        Command::Watch { dir, output } => meetdoc::watch::watch(&dir, output, &ctx),
        Command::Check { dir } => {
            let dir = dir.unwrap_or_else(meetdoc::paths::default_data);
            let checked = render::check::check(&dir, &ctx)?;
            print_warnings(&checked.warnings);
            let n = checked.warnings.len();
            println!(
                "{}: checked {}: 0 errors, {n} warning{}",
                dir.display(),
                checked.what,
                if n == 1 { "" } else { "s" }
            );
            Ok(())
        }
    }
}
