//! The `meetdoc` command line.

use anyhow::Result;
use clap::{Parser, Subcommand};
use meetdoc::data::load::Source;
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
  meetdoc circulate data/som28           bundle the set and record it as circulated
  meetdoc watch data/som28               rebuild the set on every save
  meetdoc serve data/som28               edit the set in a browser, pages beside the forms
  meetdoc shift data/neacap-pd2 --item 5 --minutes 15   move item 5 and all after it
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
        after_help = "Example:\n  meetdoc bundle data/som28 -o output/som28\n\nProgress goes to stderr, one line per document. Once the set was circulated (meetdoc circulate), every change since is reported against what was circulated: in OUTDIR/changes.md, in the report of changes named by \"changes\" in docset.json (a document of the set), and, beside each changed document, in a DOCX with Word tracked changes; a changed document without a new revision is warned of (--strict: an error). Files already in place are not written again. A failure leaves the previous bundle as it was."
    )]
    Bundle {
        /// Set folder (holding docset.json).
        dir: PathBuf,
        /// Output folder (default: output/ followed by the set folder's name).
        #[arg(short, long, value_name = "OUTDIR")]
        output: Option<PathBuf>,
        /// A document changed since its circulation without a new revision is an error (not a warning).
        #[arg(long)]
        strict: bool,
        /// Make every PDF archival too (PDF/A, e.g. a-2b; replaces the set's pdf_standard).
        #[arg(long, value_name = "STANDARD")]
        pdf_standard: Option<meetdoc::style::PdfStandard>,
    },
    /// Bundle a set and record what is issued in SET/circulated/ (keep that folder under version control).
    #[command(
        after_help = "Example:\n  meetdoc circulate data/som28\n\nBundles the set as `bundle --strict` does, then writes one record per document and language into data/som28/circulated/: its symbol, revision, date, a full copy of its data and the SHA-256 of its files. From then on every bundle reports the changes against what was circulated, warns of a changed document without a new revision, and writes a DOCX with the changes tracked beside each changed document."
    )]
    Circulate {
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
        after_help = "Examples:\n  meetdoc diff old/neacap-pd2 data/neacap-pd2\n  meetdoc diff output/som28 data/som28     (against the last bundle)\n  meetdoc diff data/som28/circulated data/som28   (against what was circulated)\n\nPrints a Markdown report; \"No changes.\" when there are none. Exits as diff(1) does: 0 when nothing changed, 1 when something did, 2 on an error."
    )]
    Diff {
        /// The earlier version: a data set, a set, a folder meetdoc wrote, circulation records (a folder or one file).
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
    /// Edit the meeting in a browser: forms for every part, the pages beside them, live.
    #[command(
        after_help = "Examples:\n  meetdoc serve                     the seed data set\n  meetdoc serve data/som28 --open   a document set, in the default browser\n\nThe first line printed is the address to open (it holds a token that changes every run). Only this machine can connect (127.0.0.1). Port 0 or a busy port: any free port. Stop with Ctrl-C."
    )]
    Serve {
        /// A data set or a set folder (default: the seed data set).
        dir: Option<PathBuf>,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = meetdoc::serve::DEFAULT_PORT, value_name = "N")]
        port: u16,
        /// Open the editor in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Move a programme item and every item after it on its day by some minutes.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  meetdoc shift data/neacap-pd2 --day 1 --item 5 --minutes 15\n\nDays and items are counted from 1, as printed. programme.json is rewritten in the data file layout (only the moved times change); nothing is written when the result would not be valid."
    )]
    Shift {
        /// Data set folder (default: the seed data set).
        dir: Option<PathBuf>,
        /// The day, counted from 1.
        #[arg(long, default_value_t = 1, value_name = "N")]
        day: usize,
        /// The first item to move, counted from 1.
        #[arg(long, value_name = "N")]
        item: usize,
        /// How far: minutes later, or earlier when negative.
        #[arg(long, value_name = "N")]
        minutes: i64,
    },
    /// Read a Word document (DOCX: a concept note, a programme or a provisional agenda) into a data set.
    #[command(
        after_help = "Example:\n  meetdoc import draft.docx -o data/draft\n\nReads what the document shows: title block, headings, paragraphs (italic, bold, footnotes), lists, the programme's tables, headers and footers, and the properties Word shows (language, organizers). Writes the data files, import-report.md and, when a paragraph could not be placed, unplaced.json (meetdoc check warns about each until it is placed). Tracked changes are read as if accepted. Exits 1 when the data written is not valid (it says why), or when the file is not a readable DOCX (then nothing is written)."
    )]
    Import {
        /// The Word document (.docx).
        file: PathBuf,
        /// The data set folder to write (new or empty; default: the file's name without .docx).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Validate a data set or a set (docset.json) and report every error and warning; write nothing.
    #[command(after_help = "Example:\n  meetdoc check data/neacap-pd2")]
    Check {
        /// Data set or set folder (default: the seed data set).
        dir: Option<PathBuf>,
    },
}

fn main() {
    let cli = Cli::parse();
    // diff exits as diff(1) does: 2 for any error.
    let is_diff = matches!(cli.command, Command::Diff { .. });
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let code = if is_diff { 2 } else { exit_code(&e) };
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

/// What a bundle wrote (stdout), its warnings and the report (stderr).
fn print_bundled(b: &meetdoc::set::bundle::Bundled) {
    print_warnings(&b.warnings);
    for p in &b.written {
        println!("wrote {}", p.display());
    }
    let same = b.files.len() - b.written.len();
    if same > 0 {
        eprintln!(
            "{same} file{} unchanged (not written again)",
            if same == 1 { " was" } else { "s were" }
        );
    }
    if let Some(r) = &b.report {
        eprintln!(
            "documents changed since their circulation: see {}",
            r.display()
        );
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

fn run(cli: Cli) -> Result<i32> {
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
        Command::Build { pdf_standard, .. }
        | Command::Bundle { pdf_standard, .. }
        | Command::Circulate { pdf_standard, .. } => *pdf_standard,
        _ => None,
    };
    let ctx = RenderContext::new(layouts_dir, settings);
    // The editor stops on Ctrl-C by itself (it says what was not saved).
    if !matches!(cli.command, Command::Serve { .. }) {
        ctx.handle_signals()?;
    }
    match cli.command {
        Command::Build { dir, output, .. } => {
            let dir = dir.unwrap_or_else(meetdoc::paths::default_data);
            ctx.layouts()?;
            let built = render::build(&dir, &ctx, &output)?;
            print_warnings(&built.warnings);
            for p in built.written {
                println!("wrote {}", p.display());
            }
            Ok(exit::OK)
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
            Ok(exit::OK)
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
            Ok(exit::OK)
        }
        Command::Bundle {
            dir,
            output,
            strict,
            ..
        } => {
            ctx.layouts()?;
            let output = output.unwrap_or_else(|| meetdoc::paths::default_bundle_output(&dir));
            let b = meetdoc::set::bundle::bundle(&dir, &ctx, &output, strict, &|line| {
                eprintln!("{line}")
            })?;
            print_bundled(&b);
            Ok(exit::OK)
        }
        Command::Circulate { dir, output, .. } => {
            ctx.layouts()?;
            let output = output.unwrap_or_else(|| meetdoc::paths::default_bundle_output(&dir));
            let c = meetdoc::set::circulate::circulate(&dir, &ctx, &output, &|line| {
                eprintln!("{line}")
            })?;
            print_bundled(&c.bundled);
            for p in &c.written {
                println!("wrote {}", p.display());
            }
            eprintln!(
                "recorded {} document{} as circulated in {}",
                c.records.len(),
                if c.records.len() == 1 { "" } else { "s" },
                dir.join(meetdoc::set::circulate::FOLDER).display(),
            );
            Ok(exit::OK)
        }
        Command::Diff { old, new } => {
            let layouts = ctx.layouts()?;
            let (report, changed) = meetdoc::diff::between(&old, &new, &layouts.style)?;
            print!("{report}");
            Ok(if changed { 1 } else { exit::OK })
        }
        Command::Watch { dir, output } => {
            meetdoc::watch::watch(&dir, output, &ctx).map(|()| exit::OK)
        }
        Command::Serve { dir, port, open } => meetdoc::serve::serve(
            meetdoc::serve::Options {
                dir: dir.unwrap_or_else(meetdoc::paths::default_data),
                port,
                open,
            },
            ctx,
        )
        .map(|()| exit::OK),
        Command::Shift {
            dir,
            day,
            item,
            minutes,
        } => shift(
            &dir.unwrap_or_else(meetdoc::paths::default_data),
            day,
            item,
            minutes,
        )
        .map(|()| exit::OK),
        Command::Import { file, output } => import(&file, output, &ctx),
        Command::Check { dir } => {
            let dir = dir.unwrap_or_else(meetdoc::paths::default_data);
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
    }
}

/// `meetdoc import`: the document read and mapped to data (nothing is
/// written when it cannot be), the files written, the data checked.
fn import(file: &std::path::Path, output: Option<PathBuf>, ctx: &RenderContext) -> Result<i32> {
    use std::io::Read;
    const MAX: u64 = 256 * 1024 * 1024;
    let meta = std::fs::metadata(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    if !meta.is_file() {
        anyhow::bail!("{} is not a file", file.display());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX + 1).read_to_end(&mut bytes))
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    if bytes.len() as u64 > MAX {
        anyhow::bail!("{} is larger than {} MB", file.display(), MAX >> 20);
    }
    let layouts = ctx.layouts()?;
    let imported = meetdoc::import::import(&bytes, &layouts.style)
        .map_err(|e| anyhow::Error::new(e).context(format!("{}", file.display())))?;
    let dir = output.unwrap_or_else(|| {
        PathBuf::from(
            file.file_stem()
                .map_or_else(|| "imported".into(), |s| s.to_os_string()),
        )
    });
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let written = meetdoc::import::write(&imported, &name, &dir)?;
    for p in &written.files {
        println!("wrote {}", p.display());
    }
    let errors = written.diagnostics.iter().filter(|d| d.is_error()).count();
    print_warnings(&written.diagnostics);
    let unplaced = imported.report.unplaced.len();
    eprintln!(
        "imported {} as {}: {} paragraph{} not placed (see {})",
        name,
        imported.kind.name(),
        unplaced,
        if unplaced == 1 { "" } else { "s" },
        dir.join(meetdoc::import::report::REPORT_FILE).display()
    );
    let tracked = imported.report.seen.tracked();
    if tracked > 0 {
        eprintln!(
            "note: the document has {tracked} tracked change{} not yet accepted: read as if all were accepted (see the report)",
            if tracked == 1 { "" } else { "s" }
        );
    }
    if errors > 0 {
        eprintln!(
            "{errors} error{} in the imported data: correct {} and run meetdoc check",
            if errors == 1 { "" } else { "s" },
            dir.display()
        );
        return Ok(meetdoc::errors::exit::INVALID_DATA);
    }
    Ok(exit::OK)
}

/// `meetdoc shift`: the edit on programme.json's value, the data set
/// checked with the new value, then the file written in the data layout.
fn shift(dir: &std::path::Path, day: usize, item: usize, minutes: i64) -> Result<()> {
    use meetdoc::data::{Programme, edit, format, load};
    use meetdoc::diagnostics::InvalidData;
    let (Some(d), Some(i)) = (day.checked_sub(1), item.checked_sub(1)) else {
        anyhow::bail!("days and items are counted from 1");
    };
    let path = dir.join("programme.json");
    let mut value = load::Disk.value(&path).map_err(|d| InvalidData(vec![d]))?;
    let shifted = edit::apply_typed(&mut value, |p: &mut Programme| {
        edit::shift_from(p, d, i, minutes)
    })
    .map_err(|e| {
        InvalidData(vec![meetdoc::diagnostics::Diagnostic::error(
            &path,
            format!("days[{d}].items[{i}]"),
            e.0,
        )])
    })?;
    let mut overlay = load::Overlay::default();
    overlay.set(&path, value.clone())?;
    let (data, warnings) = load::load_from(dir, &overlay).map_err(InvalidData)?;
    print_warnings(&warnings);
    meetdoc::output::write_all(&[(path.clone(), format::to_bytes(&value))])?;
    let items = &data.programme.days[d].items;
    for (n, it) in items.iter().enumerate().skip(shifted.items.start) {
        println!("{}: now {}-{}", it.describe(n), it.start, it.end);
    }
    println!("wrote {}", path.display());
    Ok(())
}
