//! What an import could not place, kept where the user sees it:
//! `import-report.md` beside the data (every unplaced paragraph with its
//! position and text, and what was read differently from how it looked),
//! and `unplaced.json` in the data set, which the loader knows: `meetdoc
//! check` (and `build`, and the editor) warn about each paragraph in it
//! until someone places it in the data and deletes it there.

use super::Kind;
use super::read::{Para, Piece, Seen};
use crate::diagnostics::Diagnostic;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;

/// The file in a data set holding the paragraphs an import did not place.
pub const UNPLACED_FILE: &str = "unplaced.json";
/// The report written beside the data set.
pub const REPORT_FILE: &str = "import-report.md";

/// The masthead of a document of a set: its facts belong to the set's
/// `docset.json`, not to the data set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Masthead {
    pub symbol: String,
    /// Distribution, date, original language, as printed.
    pub lines: Vec<String>,
    /// The lines under the rule: the meeting, its place and dates, the
    /// agenda item.
    pub below: Vec<String>,
}

impl Masthead {
    /// From the masthead's paragraphs: on each line, the text after the
    /// issuer (the right-hand column); the lines under the rule.
    pub fn of(paras: &[&Para]) -> Masthead {
        let mut right = Vec::new();
        let mut below = Vec::new();
        for p in paras {
            if p.style == "masthead" {
                let mut out = String::new();
                for piece in &p.pieces {
                    if let Piece::Text(r) = piece
                        && r.style.as_deref() != Some("mastheadissuer")
                    {
                        out.push_str(&r.text);
                    }
                }
                let t = out.trim().to_string();
                if !t.is_empty() {
                    right.push(t);
                }
            } else {
                below.push(p.plain().trim().to_string());
            }
        }
        Masthead {
            symbol: right.first().cloned().unwrap_or_default(),
            lines: right.into_iter().skip(1).collect(),
            below,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    pub position: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub kind: Option<Kind>,
    pub language: String,
    pub unplaced: Vec<Unplaced>,
    /// Things read differently from how the document showed them.
    pub notes: Vec<String>,
    /// Texts whose look (bold, italic) could not be written as markup.
    pub lossy: Vec<String>,
    pub masthead: Option<Masthead>,
    pub seen: Seen,
}

impl Report {
    /// A paragraph that could not be placed.
    pub fn unplace(&mut self, position: String, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.unplaced.push(Unplaced {
            position,
            text: text.to_string(),
        });
    }

    /// `unplaced.json`: the paragraphs not placed, or None when all were.
    pub fn unplaced_value(&self) -> Option<Value> {
        if self.unplaced.is_empty() {
            return None;
        }
        Some(json!({
            "$comment": "Paragraphs of an imported Word document that meetdoc could not place in the data. Put each one into the data file it belongs to and delete it here; delete this file when it is empty. Until then meetdoc check warns about each.",
            "paragraphs": self.unplaced.iter().map(|u| json!({ "position": u.position, "text": u.text })).collect::<Vec<_>>(),
        }))
    }

    /// `import-report.md`.
    pub fn markdown(&self, source: &str, dir: &str, files: &[String]) -> String {
        let mut s = String::new();
        let kind = self.kind.map_or("a document", Kind::name);
        writeln!(s, "# Import of {source}\n").unwrap();
        writeln!(
            s,
            "Read as {kind} in the language `{}`; written to `{dir}`: {}.\n",
            self.language,
            files
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
        .unwrap();
        let t = &self.seen;
        if t.tracked() > 0 {
            writeln!(
                s,
                "**Tracked changes**: the document has {} insertion{}, {} deletion{} and {} change{} of formatting not yet accepted; they were read as if all were accepted (inserted text kept, deleted text left out).\n",
                t.insertions,
                plural(t.insertions),
                t.deletions,
                plural(t.deletions),
                t.format_changes,
                plural(t.format_changes)
            )
            .unwrap();
        }
        writeln!(s, "## Not placed\n").unwrap();
        if self.unplaced.is_empty() {
            writeln!(s, "Every paragraph was placed in the data.\n").unwrap();
        } else {
            writeln!(
                s,
                "{} paragraph{} could not be placed. {} kept in `{UNPLACED_FILE}`, and `meetdoc check` warns about each until it is placed in the data and deleted there.\n",
                self.unplaced.len(),
                plural(self.unplaced.len()),
                if self.unplaced.len() == 1 { "It is" } else { "They are" }
            )
            .unwrap();
            for u in &self.unplaced {
                writeln!(s, "- {}: {}", u.position, quote(&u.text)).unwrap();
            }
            s.push('\n');
        }
        if !self.notes.is_empty()
            || !self.lossy.is_empty()
            || t.images + t.endnotes + t.comments > 0
        {
            writeln!(s, "## Read differently\n").unwrap();
            for n in &self.notes {
                writeln!(s, "- {n}").unwrap();
            }
            for l in &self.lossy {
                writeln!(
                    s,
                    "- The look of {l} could not be written as markup: kept as plain text."
                )
                .unwrap();
            }
            if t.images > 0 {
                writeln!(
                    s,
                    "- {} image{} or drawing{} left out (meetdoc documents have none).",
                    t.images,
                    plural(t.images),
                    plural(t.images)
                )
                .unwrap();
            }
            if t.endnotes > 0 {
                writeln!(
                    s,
                    "- {} endnote reference{} left out (meetdoc has footnotes only).",
                    t.endnotes,
                    plural(t.endnotes)
                )
                .unwrap();
            }
            if t.comments > 0 {
                writeln!(
                    s,
                    "- {} comment{} left out.",
                    t.comments,
                    plural(t.comments)
                )
                .unwrap();
            }
            s.push('\n');
        }
        if let Some(m) = &self.masthead {
            writeln!(s, "## Masthead\n").unwrap();
            writeln!(
                s,
                "The document is one of a set: its masthead belongs to the set's `docset.json` (the document's entry: symbol, distribution, date, agenda item), not to this data set.\n"
            )
            .unwrap();
            writeln!(s, "- symbol: {}", m.symbol).unwrap();
            for l in m.lines.iter().chain(&m.below) {
                writeln!(s, "- {l}").unwrap();
            }
            s.push('\n');
        }
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn quote(text: &str) -> String {
    let one_line = text.replace('\n', " ");
    format!("“{one_line}”")
}

/// The warnings of a data set's `unplaced.json` (none when it has none):
/// one per paragraph not yet placed.
pub fn check(dir: &Path) -> Vec<Diagnostic> {
    let path = dir.join(UNPLACED_FILE);
    if !path.exists() {
        return Vec::new();
    }
    let value = match crate::data::load::read_text(&path)
        .and_then(|t| crate::data::load::parse_json(&path, &t))
    {
        Ok(v) => v,
        Err(d) => return vec![d],
    };
    let Some(list) = value.get("paragraphs").and_then(Value::as_array) else {
        return vec![
            Diagnostic::warning(
                &path,
                "",
                "not a list of unplaced paragraphs (no \"paragraphs\")",
            )
            .help("delete the file once its paragraphs are placed in the data"),
        ];
    };
    let mut out = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let text = p.get("text").and_then(Value::as_str).unwrap_or("");
        let position = p.get("position").and_then(Value::as_str).unwrap_or("");
        out.push(
            Diagnostic::warning(
                &path,
                format!("paragraphs[{i}]"),
                format!(
                    "a paragraph of the imported Word document is not placed in the data ({position}): {}",
                    quote(&super::short(text))
                ),
            )
            .help("put it into the data file it belongs to, then delete it from unplaced.json (and the file once it is empty)"),
        );
    }
    out
}
