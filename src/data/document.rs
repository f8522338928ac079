//! A general meeting document (`"kind": "document"` in a set, or a file of
//! its own given to `meetdoc build`): a title block, an optional summary,
//! sections with the UN heading levels ("I.", "A.", "1.", "(a)"; numbered
//! or not), paragraphs numbered through the document as UN reports number
//! them (or not), bullet and numbered lists, tables given in the data with
//! lettered notes, and footnotes. An information note, an annotated agenda
//! or the skeleton of a meeting report is then data, not code.
//!
//! A section (`Section`) is also what a concept note's extra sections are
//! written as (a file named in `meeting.json`'s `sections`).

use super::walk::texts;
use crate::diagnostics::Diagnostic;
use crate::values::{Date, Lang, Markup, MarkupNoNotes, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// How deep sections may nest: the UN's four heading levels.
pub const MAX_DEPTH: usize = 4;

/// A general meeting document, one JSON file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GeneralDocument {
    /// The JSON Schema this file follows (for editors).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The kind of document, in bold above the title, e.g. "Information
    /// note for participants" (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Text>,
    /// The title, e.g. "Twenty-eighth Senior Officials Meeting of NEASPEC".
    pub title: Text,
    /// Lines under the title, e.g. "Ulaanbaatar, 22–23 September 2025".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Text>,
    /// The document's date (its properties; a set gives each document its
    /// date in docset.json instead). Needed to build the file on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Language of the document (BCP 47); by default the set's, else
    /// "en-GB".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
    /// Who issues it, for the document's properties (in a set: the set's
    /// issuer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Text>,
    /// Number the headings "I.", "A.", "1.", "(a)" by level (the numbers
    /// of `heading_numbers` in layouts/style.json).
    #[serde(default)]
    pub numbered_headings: bool,
    /// Number the paragraphs of the sections 1, 2, 3, … through the
    /// document, as UN reports do (not the summary, lists or tables).
    #[serde(default)]
    pub numbered_paragraphs: bool,
    /// A summary before the first section, under the heading "Summary"
    /// (from the label table); its paragraphs are not numbered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<Content>,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// Each footnote's text by id, referenced from any text as `[^id]`
    /// (in a table: a lettered note under the table).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub footnotes: BTreeMap<String, MarkupNoNotes>,
}

/// A section: its heading, its content, and its sub-sections (one level
/// lower: "I." holds "A.", which holds "1.", which holds "(a)").
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The JSON Schema, when the section is a file of its own (an extra
    /// section of a concept note).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub heading: Markup,
    /// Paragraphs, lists and tables, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<Content>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
}

/// One block of a section: a paragraph (a text), or an object holding a
/// bullet list, a numbered list or a table.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum Content {
    /// A paragraph.
    Paragraph(Markup),
    Bullets(Bullets),
    Numbered(Numbered),
    Table(TableBlock),
}

/// `{"bullets": [...]}`: a bullet list.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bullets {
    pub bullets: Vec<ListItem>,
}

/// `{"numbered": [...]}`: a numbered list ("1.", "(a)" inside, "(i)").
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Numbered {
    pub numbered: Vec<ListItem>,
}

/// An item of a list: a text, or a text with a list under it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum ListItem {
    Text(Markup),
    Nested(NestedItem),
}

/// An item with a list under it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NestedItem {
    pub text: Markup,
    /// A bullet list under the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bullets: Vec<ListItem>,
    /// A numbered list under the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbered: Vec<ListItem>,
}

/// `{"table": {...}}`: a table.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TableBlock {
    pub table: DataTable,
}

/// A table given in the data: its column headings (repeated on every
/// page), rows of cells, and the columns' widths. A footnote reference
/// `[^id]` in a cell is a lettered note under the table (the UN rule for
/// tables).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DataTable {
    /// The heading of each column.
    pub columns: Vec<MarkupNoNotes>,
    /// The columns' widths in proportion to each other (e.g. [2, 1, 1]:
    /// the first twice as wide as each other); the table is as wide as the
    /// text. Equal widths when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widths: Option<Vec<f64>>,
    /// Each row: one text per column (null for an empty cell).
    pub rows: Vec<Vec<Option<Markup>>>,
}

impl DataTable {
    /// Each column's share of the table's width (adding up to 1).
    pub fn shares(&self) -> Vec<f64> {
        let n = self.columns.len().max(1);
        match &self.widths {
            Some(w) if w.len() == n && w.iter().all(|x| x.is_finite() && *x > 0.0) => {
                let sum: f64 = w.iter().sum();
                w.iter().map(|x| x / sum).collect()
            }
            _ => vec![1.0 / n as f64; n],
        }
    }
}

impl ListItem {
    pub fn text(&self) -> &Markup {
        match self {
            ListItem::Text(t) => t,
            ListItem::Nested(n) => &n.text,
        }
    }
}

/// Checks what the shape cannot say of a document of `file`: sections not
/// deeper than the UN's four levels, each table's rows and widths, and the
/// footnotes (every reference defined, every note referenced).
pub fn check(file: &Path, doc: &GeneralDocument, diags: &mut Vec<Diagnostic>) {
    for (i, s) in doc.sections.iter().enumerate() {
        check_section(file, s, &format!("sections[{i}]"), 1, diags);
    }
    check_contents(file, &doc.summary, "summary", diags);
    super::validate::check_note_references(
        &[(file.to_path_buf(), texts(doc))],
        &doc.footnotes,
        &super::validate::NotesAt {
            file: file.to_path_buf(),
            field: "footnotes".into(),
        },
        diags,
    );
}

/// A section (at `at`, of heading level `level`) and its sub-sections.
pub fn check_section(
    file: &Path,
    s: &Section,
    at: &str,
    level: usize,
    diags: &mut Vec<Diagnostic>,
) {
    if level > MAX_DEPTH {
        diags.push(
            Diagnostic::error(
                file,
                at,
                format!("sections nest {level} levels deep; headings have {MAX_DEPTH} levels"),
            )
            .help("make this section a part of the one above it (a paragraph in bold, or a list)"),
        );
        return;
    }
    check_contents(file, &s.content, &format!("{at}.content"), diags);
    for (i, sub) in s.sections.iter().enumerate() {
        check_section(file, sub, &format!("{at}.sections[{i}]"), level + 1, diags);
    }
}

/// The tables of a section's content.
fn check_contents(file: &Path, content: &[Content], at: &str, diags: &mut Vec<Diagnostic>) {
    for (i, c) in content.iter().enumerate() {
        if let Content::Table(t) = c {
            check_table(file, &t.table, &format!("{at}[{i}].table"), diags);
        }
    }
}

fn check_table(file: &Path, t: &DataTable, at: &str, diags: &mut Vec<Diagnostic>) {
    let n = t.columns.len();
    if n == 0 {
        diags.push(
            Diagnostic::error(file, format!("{at}.columns"), "a table without columns")
                .help("give the heading of each column"),
        );
        return;
    }
    if let Some(w) = &t.widths {
        if w.len() != n {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("{at}.widths"),
                    format!("{} widths for {n} columns", w.len()),
                )
                .help("give one width per column, or leave widths out for equal columns"),
            );
        }
        for (i, x) in w.iter().enumerate() {
            if !(x.is_finite() && *x > 0.0) {
                diags.push(
                    Diagnostic::error(
                        file,
                        format!("{at}.widths[{i}]"),
                        format!("{x} is not a width above 0"),
                    )
                    .help("widths are in proportion to each other, e.g. [2, 1, 1]"),
                );
            }
        }
    }
    for (r, row) in t.rows.iter().enumerate() {
        if row.len() != n {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("{at}.rows[{r}]"),
                    format!(
                        "row {} has {} cells, but the table has {n} columns",
                        r + 1,
                        row.len()
                    ),
                )
                .help("give each row one text per column (null for an empty cell)"),
            );
        }
    }
}

/// Reads and checks a general document file.
pub fn load(file: &Path) -> Result<(GeneralDocument, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_from(file, &super::load::Disk)
}

/// [`load`], with the file's value taken from `src`.
pub fn load_from(
    file: &Path,
    src: &dyn super::load::Source,
) -> Result<(GeneralDocument, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let (dir, name) = super::load::split_file(file);
    let Some(doc) = super::load::read_from::<GeneralDocument>(&dir, &name, &mut diags, src) else {
        return Err(diags);
    };
    check(file, &doc, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok((doc, diags))
    }
}
