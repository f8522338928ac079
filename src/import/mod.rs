//! `meetdoc import`: a Word document (DOCX) into a meetdoc data set.
//!
//! Import reads what the document shows — paragraphs, runs, styles, lists,
//! footnotes, tables, headers and footers, and the document properties
//! Word displays and edits (File › Properties) — and never a copy of the
//! data hidden in the package. It is the writers' inverse: a DOCX meetdoc
//! built imports to the data it was built from (footnote ids, which never
//! print, are numbered in the order of the notes).
//!
//! - `package.rs`: the ZIP and the parts read; `xml.rs` helpers;
//!   `styles.rs` the document's styles and list definitions;
//!   `read.rs` paragraphs, runs, tables and notes as the document shows them
//!   (tracked changes as if accepted).
//! - `rich.rs`: a paragraph's text and look, cut into fields and written
//!   as inline markup.
//! - `meeting.rs`: the title block, the masthead, dates and times (with the
//!   label table of the document's language), document properties;
//!   `programme.rs` the programme's tables; `concept_note.rs` the
//!   concept note's sections; `agenda.rs` a provisional agenda.
//! - `report.rs`: `import-report.md` and `unplaced.json`, what could not be
//!   placed, which `meetdoc check` warns about until it is placed.

mod agenda;
mod concept_note;
mod meeting;
mod package;
mod programme;
mod read;
pub mod report;
mod rich;
mod styles;
mod xml;

use crate::labels::LabelSet;
use crate::style::Style;
use crate::values::Lang;
use read::{Block, Para, Piece};
use report::Report;
use rich::{Item, Rich};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Names of the custom document properties meetdoc writes for the facts of
/// the data that do not print (Word: File › Properties › Advanced › Custom).
pub mod property {
    pub const DOCUMENT_KIND: &str = "Document kind";
    pub const RELATED_MEETING: &str = "Related meeting";
    pub const RELATED_MEETING_SHORT: &str = "Related meeting short name";
    pub const ORGANIZERS: &str = "Organizers";
    /// How several organizers are joined in one property.
    pub const SEPARATOR: &str = "; ";
}

/// Why a file cannot be imported: what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub message: String,
    pub help: String,
}

impl ImportError {
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        ImportError {
            message: message.into(),
            help: help.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  help: {}", self.message, self.help)
    }
}

impl std::error::Error for ImportError {}

/// What kind of meetdoc document the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ConceptNote,
    Programme,
    Agenda,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::ConceptNote => "a concept note",
            Kind::Programme => "a programme",
            Kind::Agenda => "a provisional agenda",
        }
    }
}

/// The data imported from one document.
#[derive(Debug, Clone)]
pub struct Imported {
    pub kind: Kind,
    /// Data files: name -> value, in the order they are written.
    pub files: Vec<(String, Value)>,
    pub report: Report,
}

/// The document properties import reads.
#[derive(Debug, Clone, Default)]
pub struct Props {
    pub title: Option<String>,
    pub creator: Option<String>,
    pub language: Option<String>,
    /// Custom properties: name -> text.
    pub custom: BTreeMap<String, String>,
}

/// The document as read: body, notes, headers and footers, properties.
pub struct Source {
    pub body: Vec<Block>,
    pub notes: BTreeMap<String, Vec<Para>>,
    /// ("header"/"footer", part, blocks).
    pub stories: Vec<(String, String, Vec<Block>)>,
    pub props: Props,
    pub seen: read::Seen,
    pub numbering: styles::Numbering,
    pub language: Lang,
}

/// Reads `bytes` as a DOCX package.
pub fn read_source(bytes: &[u8]) -> Result<Source, ImportError> {
    let pkg = package::Package::open(bytes)?;
    let styles = styles::Styles::read(pkg.styles.as_deref())?;
    let numbering = styles::Numbering::read(pkg.numbering.as_deref())?;
    let mut reader = read::Reader::new(&styles, &numbering, &pkg.document_rels);
    let body = reader.part(&pkg.document, "the main document")?;
    let notes = match &pkg.footnotes {
        Some(x) => reader.footnotes(x)?,
        None => BTreeMap::new(),
    };
    let mut stories = Vec::new();
    for (kind, path, xml) in &pkg.stories {
        let blocks = reader.part(xml, path)?;
        stories.push((kind.clone(), path.clone(), blocks));
    }
    let props = meeting::properties(pkg.core.as_deref(), pkg.custom.as_deref())?;
    let language = props
        .language
        .as_deref()
        .or(styles.language.as_deref())
        .and_then(|l| Lang::parse(l.trim()).ok())
        .unwrap_or_default();
    let seen = reader.seen.clone();
    Ok(Source {
        body,
        notes,
        stories,
        props,
        seen,
        numbering,
        language,
    })
}

/// Imports a DOCX: reads it, recognises what kind of document it is, and
/// maps it to data files. Fails (writing nothing) when the file is not a
/// readable DOCX or shows no structure meetdoc knows.
pub fn import(bytes: &[u8], style: &Style) -> Result<Imported, ImportError> {
    let src = read_source(bytes)?;
    let labels = style.labels.get(&src.language);
    let mut conv = Conv::new(&src, labels, style);
    let kind = detect(&src, &mut conv)?;
    let mut files = match kind {
        Kind::Agenda => agenda::import(&src, &mut conv)?,
        Kind::Programme | Kind::ConceptNote => {
            let (mut meeting, body) = meeting::title_block(&src, &mut conv, kind)?;
            if meeting.timezone.is_none() {
                meeting.timezone = programme::zone_of_headings(&body, &conv);
            }
            let mut files = Vec::new();
            match kind {
                Kind::ConceptNote => {
                    let (sections, programme) = concept_note::import(&body, &mut conv, &meeting)?;
                    files.push(("meeting.json".to_string(), meeting.to_value(&conv)));
                    files.extend(sections);
                    files.push(("programme.json".to_string(), programme));
                }
                _ => {
                    let (programme, _) = programme::import(
                        &body,
                        &mut conv,
                        &meeting,
                        meeting.kind_line.clone(),
                        1,
                    )?;
                    files.push(("meeting.json".to_string(), meeting.to_value(&conv)));
                    files.push(("programme.json".to_string(), programme));
                }
            }
            // The concept note's data set always has its notes file; a
            // programme's only when its tables have notes.
            if kind == Kind::ConceptNote || !conv.notes.is_empty() {
                files.push(("footnotes.json".to_string(), conv.footnotes_value()));
            }
            files
        }
    };
    conv.report_stories(&src);
    conv.report.kind = Some(kind);
    conv.report.seen = src.seen.clone();
    conv.report.language = src.language.as_str().to_string();
    for (name, value) in files.iter_mut() {
        add_schema(name, value);
    }
    Ok(Imported {
        kind,
        files,
        report: conv.report,
    })
}

/// `"$schema"` first, as the shipped data files have it.
fn add_schema(name: &str, value: &mut Value) {
    if let Value::Object(map) = value {
        let stem = name.trim_end_matches(".json");
        let mut out = Map::new();
        out.insert(
            "$schema".into(),
            Value::String(format!("../../schema/{stem}.schema.json")),
        );
        for (k, v) in std::mem::take(map) {
            out.insert(k, v);
        }
        *map = out;
    }
}

/// What kind of document: a numbered list under a title and no table is an
/// agenda; a document whose body is only day headings and tables is a
/// programme; one with sections of text is a concept note.
fn detect(src: &Source, conv: &mut Conv) -> Result<Kind, ImportError> {
    let body: Vec<&Block> = src
        .body
        .iter()
        .filter(|b| !matches!(b, Block::Para(p) if p.is_empty()))
        .collect();
    let tables = body
        .iter()
        .filter(|b| matches!(b, Block::Table(t) if programme::is_programme_table(t, conv)))
        .count();
    let numbered = body
        .iter()
        .filter(|b| matches!(b, Block::Para(p) if p.list.as_ref().is_some_and(|l| !l.bullet)))
        .count();
    // Text before the first heading or table is the title block's (the
    // lines of a title block meetdoc did not write have no style of their
    // own), not a section's.
    let first_section = body
        .iter()
        .position(|b| match b {
            Block::Para(p) => p.heading.is_some() && !p.style_is("Title"),
            Block::Table(_) => true,
        })
        .unwrap_or(body.len());
    let text_paragraphs = body[first_section..]
        .iter()
        .filter(|b| {
            matches!(b, Block::Para(p) if p.list.is_none() && p.heading.is_none()
                && !meeting::is_title_block(p) && !meeting::is_masthead(p)
                && !p.style_is("Table Note"))
        })
        .count();
    if tables == 0 && numbered > 0 {
        return Ok(Kind::Agenda);
    }
    if tables > 0 && text_paragraphs == 0 {
        return Ok(Kind::Programme);
    }
    if text_paragraphs > 0 || tables > 0 {
        return Ok(Kind::ConceptNote);
    }
    Err(ImportError::new(
        "the document has no structure meetdoc knows: no programme table, no sections of text, no numbered agenda",
        "import a concept note, a programme or a provisional agenda written in Word (a title, headings and paragraphs; a programme as a table of times and sessions)",
    ))
}

/// The state of one import: the notes found so far (numbered in the order
/// of their first reference), the label table, and the report.
pub struct Conv<'a> {
    pub labels: &'a LabelSet,
    pub style: &'a Style,
    src: &'a Source,
    /// Note text (markup) -> id in the data, in order.
    notes: Vec<(String, String)>,
    /// Word's footnote id -> id in the data.
    by_word_id: BTreeMap<String, String>,
    /// Word's footnote ids in the order of their first reference (for a
    /// later reference printed as the note's number).
    order: Vec<String>,
    pub report: Report,
}

impl<'a> Conv<'a> {
    fn new(src: &'a Source, labels: &'a LabelSet, style: &'a Style) -> Self {
        Conv {
            labels,
            style,
            src,
            notes: Vec::new(),
            by_word_id: BTreeMap::new(),
            order: Vec::new(),
            report: Report::default(),
        }
    }

    /// The id in the data of a note with this text (a new one, numbered
    /// in order, or the one that already has that text).
    pub fn note_id(&mut self, text: String) -> String {
        if let Some((_, id)) = self.notes.iter().find(|(t, _)| *t == text) {
            return id.clone();
        }
        let id = (self.notes.len() + 1).to_string();
        self.notes.push((text, id.clone()));
        id
    }

    /// The id in the data of Word's footnote `word_id`.
    fn footnote(&mut self, word_id: &str) -> Option<String> {
        if let Some(id) = self.by_word_id.get(word_id) {
            return Some(id.clone());
        }
        let paras = self.src.notes.get(word_id)?;
        let mut parts = Vec::new();
        for p in paras {
            let r = self.rich_plain(p);
            if !r.is_empty() {
                parts.push(r);
            }
        }
        let mut items = Vec::new();
        for (i, r) in parts.into_iter().enumerate() {
            if i > 0 {
                items.push(Item::Break);
            }
            items.extend(r.items);
        }
        let (text, exact) = Rich { items }.markup();
        if !exact {
            self.report
                .lossy
                .push(format!("footnote text \"{}\"", short(&text)));
        }
        let id = self.note_id(text);
        self.by_word_id.insert(word_id.to_string(), id.clone());
        self.order.push(word_id.to_string());
        Some(id)
    }

    /// A note's own paragraph: no references inside (a note has no notes).
    fn rich_plain(&mut self, p: &Para) -> Rich {
        let mut items = Vec::new();
        for piece in &p.pieces {
            if let Piece::Text(r) = piece {
                if r.style.as_deref() == Some("footnotereference") {
                    continue;
                }
                items.push(Item::Text {
                    text: r.text.clone(),
                    bold: r.bold,
                    italic: r.italic,
                });
            } else if let Piece::Break = piece {
                items.push(Item::Break);
            }
        }
        Rich { items }
    }

    /// A paragraph's text; `table_notes` maps the letters of the
    /// enclosing table's notes to ids in the data.
    pub fn rich(&mut self, p: &Para, table_notes: &BTreeMap<String, String>) -> Rich {
        let mut items = Vec::new();
        for piece in &p.pieces {
            match piece {
                Piece::Text(r) => {
                    let text = r.text.trim();
                    match r.style.as_deref() {
                        // A later reference to a note: its number.
                        Some("footnotereference") if text.chars().all(|c| c.is_ascii_digit()) => {
                            if let Some(id) = text
                                .parse::<usize>()
                                .ok()
                                .and_then(|n| n.checked_sub(1))
                                .and_then(|i| self.order.get(i).cloned())
                                .and_then(|w| self.by_word_id.get(&w).cloned())
                            {
                                items.push(Item::Note(id));
                                continue;
                            }
                        }
                        Some("tablenotereference") if table_notes.contains_key(text) => {
                            items.push(Item::Note(table_notes[text].clone()));
                            continue;
                        }
                        _ => {}
                    }
                    items.push(Item::Text {
                        text: r.text.clone(),
                        bold: r.bold,
                        italic: r.italic,
                    });
                }
                Piece::Note(word_id) => {
                    if let Some(id) = self.footnote(word_id) {
                        items.push(Item::Note(id));
                    }
                }
                Piece::MarkedNote(_) => {}
                Piece::Break => items.push(Item::Break),
            }
        }
        Rich { items }
    }

    /// A paragraph's text as markup (a loss of look is reported).
    pub fn markup(&mut self, p: &Para, table_notes: &BTreeMap<String, String>) -> String {
        let r = self.rich(p, table_notes);
        self.markup_of(&r)
    }

    pub fn markup_of(&mut self, r: &Rich) -> String {
        let (text, exact) = r.markup();
        if !exact {
            self.report.lossy.push(format!("\"{}\"", short(&text)));
        }
        text
    }

    /// `footnotes.json`.
    fn footnotes_value(&self) -> Value {
        let mut notes = Map::new();
        for (text, id) in &self.notes {
            notes.insert(id.clone(), Value::String(text.clone()));
        }
        let mut v = Map::new();
        v.insert("notes".into(), Value::Object(notes));
        Value::Object(v)
    }

    /// Text in headers and footers that is neither a page number nor the
    /// document's symbol is listed as unplaced.
    fn report_stories(&mut self, src: &Source) {
        let symbol = self.report.masthead.as_ref().map(|m| m.symbol.clone());
        for (kind, part, blocks) in &src.stories {
            for b in blocks {
                let Block::Para(p) = b else { continue };
                let text = p.plain().trim().to_string();
                if text.is_empty()
                    || text
                        .chars()
                        .all(|c| c.is_ascii_digit() || c.is_whitespace())
                    || Some(&text) == symbol.as_ref()
                {
                    continue;
                }
                self.report
                    .unplace(format!("{kind} ({part}), paragraph {}", p.number), &text);
            }
        }
    }
}

/// The first words of a long text, for messages.
pub fn short(s: &str) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= 70 {
        s
    } else {
        format!("{}…", s.chars().take(69).collect::<String>())
    }
}

/// The position of a body paragraph, for the report.
pub fn position(p: &Para, under: Option<&str>) -> String {
    match under {
        Some(h) => format!("body paragraph {} (under \"{}\")", p.number, short(h)),
        None => format!("body paragraph {}", p.number),
    }
}

/// What `write` wrote, and the checks of the data it wrote.
pub struct Written {
    pub files: Vec<std::path::PathBuf>,
    /// Every error and warning of the data written (the unplaced
    /// paragraphs among them).
    pub diagnostics: Vec<crate::diagnostics::Diagnostic>,
}

/// Writes the imported data files, `unplaced.json` (when a paragraph was
/// not placed) and `import-report.md` into `dir`, then checks the data as
/// `meetdoc check` does. `dir` must not hold data files already.
pub fn write(imported: &Imported, source: &str, dir: &std::path::Path) -> anyhow::Result<Written> {
    use crate::data::format;
    if dir.exists() {
        let busy = std::fs::read_dir(dir)
            .map_err(|e| anyhow::anyhow!("cannot read the folder {}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .any(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x == "json" || x == "md")
            });
        if busy {
            anyhow::bail!(
                "{} already holds data files: import into a new or empty folder (-o DIR)",
                dir.display()
            );
        }
    }
    let mut out: Vec<(std::path::PathBuf, Vec<u8>)> = imported
        .files
        .iter()
        .map(|(name, v)| (dir.join(name), format::to_bytes(v)))
        .collect();
    if let Some(v) = imported.report.unplaced_value() {
        out.push((dir.join(report::UNPLACED_FILE), format::to_bytes(&v)));
    }
    let names: Vec<String> = out
        .iter()
        .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let md = imported
        .report
        .markdown(source, &dir.display().to_string(), &names);
    out.push((dir.join(report::REPORT_FILE), md.into_bytes()));
    crate::output::write_all(&out)?;
    let diagnostics = match imported.kind {
        Kind::Agenda => {
            let mut d = Vec::new();
            crate::data::load::read::<crate::data::agenda::Agenda>(dir, "agenda.json", &mut d);
            d.extend(report::check(dir));
            d
        }
        _ => match crate::data::load::load(dir) {
            Ok((_, warnings)) => warnings,
            Err(all) => all,
        },
    };
    Ok(Written {
        files: out.into_iter().map(|(p, _)| p).collect(),
        diagnostics,
    })
}
