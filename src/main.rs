//! The `meetdoc` command line: parses the arguments and hands each command
//! to its file under `src/cli/` (one file per command, with its arguments
//! and its `run`).

mod cli;

use anyhow::Result;
use clap::{Parser, Subcommand};
use meetdoc::errors::exit_code;
use meetdoc::layouts::LayoutSource;
use meetdoc::render::{RenderContext, Settings};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  meetdoc new my-meeting                 start a data set for a new meeting (texts to replace)
  meetdoc build my-meeting               build it into output/
  meetdoc build                          build data/neacap-pd2 (the seed, in the repository) into output/
  meetdoc build data/neacap-pd2 -o out   build one data set into out/
  meetdoc check data/neacap-pd2          validate the data, write nothing
  meetdoc bundle data/som28              build the SOM-28 document set into output/som28
  meetdoc diff output/som28 data/som28   what changed since the last bundle
  meetdoc circulate data/som28           bundle the set and record it as circulated
  meetdoc watch data/som28               rebuild the set on every save
  meetdoc serve data/som28               edit the set in a browser, pages beside the forms
  meetdoc shift data/neacap-pd2 --item 5 --minutes 15   move item 5 and all after it
  meetdoc layouts my-layouts             write the built-in layouts out, to adapt (then --layouts my-layouts)
  meetdoc import draft.docx -o data/draft   read a Word document into a data set

Exit codes:
  0  success
  1  invalid data (every error is printed, with file and JSON path)
  2  usage error (unknown command or option)
  3  an external tool failed or is missing (typst, a font file of the layout)
  4  input/output failure (layouts unreadable, output folder not writable)
  130, 143  interrupted (Ctrl-C, SIGTERM): typst is stopped, its build folders removed
  meetdoc diff is the exception, as diff(1): 0 nothing changed, 1 something changed, 2 an error

Environment:
  TYPST             path of the typst binary (else typst on PATH, else ~/.cargo/bin/typst)
  MEETDOC_LAYOUTS   layouts folder replacing the built-in layouts (--layouts wins)
  MEETDOC_FONT_DIRS colon-separated font folders searched before the system's
  MEETDOC_KEEP_TYP  folder where each document's generated Typst source is also kept
  TMPDIR            where the private build folders are made (else /tmp)
  XDG_CACHE_HOME    meetdoc keeps small files in its meetdoc/ folder (else ~/.cache/meetdoc)";

#[derive(Parser)]
#[command(name = "meetdoc", version, about = "Turns structured JSON meeting data into official meeting documents (DOCX and PDF).", after_help = AFTER_HELP)]
struct Cli {
    /// Layouts folder replacing the built-in layouts (see meetdoc layouts).
    #[arg(long, global = true, value_name = "DIR")]
    layouts: Option<PathBuf>,
    /// How many documents to render at once (default: one per core).
    #[arg(short, long, global = true, value_name = "N")]
    jobs: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

/// Every command, in the order `--help` lists them; each is in
/// `src/cli/<command>.rs`.
#[derive(Subcommand)]
enum Command {
    New(cli::new::Args),
    Build(cli::build::Args),
    StressData(cli::stress_data::Args),
    Bundle(cli::bundle::Args),
    Circulate(cli::circulate::Args),
    Diff(cli::diff::Args),
    Watch(cli::watch::Args),
    Serve(cli::serve::Args),
    Shift(cli::shift::Args),
    Check(cli::check::Args),
    Import(cli::import::Args),
    Layouts(cli::layouts::Args),
    Schema(cli::schema::Args),
}

impl Command {
    /// `--pdf-standard`, for the commands that have it.
    fn pdf_standard(&self) -> Option<meetdoc::style::PdfStandard> {
        match self {
            Command::Build(a) => a.pdf_standard,
            Command::Bundle(a) => a.pdf_standard,
            Command::Circulate(a) => a.pdf_standard,
            _ => None,
        }
    }
}

fn main() {
    let args = Cli::parse();
    let is_diff = matches!(args.command, Command::Diff(_));
    let code = match run(args) {
        Ok(code) => code,
        Err(e) => {
            let code = if is_diff {
                cli::diff::ERROR
            } else {
                exit_code(&e)
            };
            if e.downcast_ref::<meetdoc::diagnostics::InvalidData>()
                .is_some()
            {
                eprintln!("{e}");
            } else {
                eprintln!("error: {e:#}");
            }
            code
        }
    };
    std::process::exit(code);
}

fn run(args: Cli) -> Result<i32> {
    // A layouts folder replaces the built-in layouts.
    let layouts = args
        .layouts
        .clone()
        .or_else(|| {
            std::env::var_os("MEETDOC_LAYOUTS")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        })
        .map(LayoutSource::Folder)
        .unwrap_or_default();
    // The one render context of this run, from the flags and the
    // environment (read here and nowhere below).
    let mut settings = Settings::from_env(args.jobs);
    settings.pdf_standard = args.command.pdf_standard();
    let ctx = RenderContext::new(layouts, settings);
    // The editor stops on Ctrl-C by itself (it says what was not saved).
    if !matches!(args.command, Command::Serve(_)) {
        ctx.handle_signals()?;
    }
    match args.command {
        Command::New(a) => cli::new::run(a),
        Command::Build(a) => cli::build::run(a, &ctx),
        Command::StressData(a) => cli::stress_data::run(a),
        Command::Bundle(a) => cli::bundle::run(a, &ctx),
        Command::Circulate(a) => cli::circulate::run(a, &ctx),
        Command::Diff(a) => cli::diff::run(a, &ctx),
        Command::Watch(a) => cli::watch::run(a, &ctx),
        Command::Serve(a) => cli::serve::run(a, ctx),
        Command::Shift(a) => cli::shift::run(a),
        Command::Check(a) => cli::check::run(a, &ctx),
        Command::Import(a) => cli::import::run(a, &ctx),
        Command::Layouts(a) => cli::layouts::run(a),
        Command::Schema(a) => cli::schema::run(a),
    }
}
