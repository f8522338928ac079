//! `meetdoc import`: a Word document into a data set.

use super::print_warnings;
use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::render::RenderContext;
use std::path::PathBuf;

/// Read a Word document (DOCX: a concept note, a programme or a provisional agenda) into a data set.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  meetdoc import draft.docx -o data/draft\n\nReads what the document shows: title block, headings, paragraphs (italic, bold, footnotes), lists, the programme's tables, headers and footers, and the properties Word shows (language, organizers). Writes the data files, import-report.md and, when a paragraph could not be placed, unplaced.json (meetdoc check warns about each until it is placed). Tracked changes are read as if accepted. Exits 1 when the data written is not valid (it says why), or when the file is not a readable DOCX (then nothing is written)."
)]
pub struct Args {
    /// The Word document (.docx).
    pub file: PathBuf,
    /// The data set folder to write (new or empty; default: the file's name without .docx).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// The document read and mapped to data (nothing is written when it
/// cannot be), the files written, the data checked.
pub fn run(args: Args, ctx: &RenderContext) -> Result<i32> {
    let (file, output) = (args.file.as_path(), args.output);
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
