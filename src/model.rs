//! The document model: what every writer renders.
//!
//! One model, several writers (as in pandoc): the builders in `build/` turn the
//! meeting data into a [`Document`], computing every derived value (durations,
//! the event's time span, footnote numbers, table-note letters) exactly once.
//! The writers in `writer/` only lay the model out; they never compute content.

use crate::values::{Date, Lang};
use serde::Serialize;

/// A whole document (the concept note, the programme, ...).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Document {
    pub meta: Meta,
    /// Optional UN masthead (symbol, distribution, date) on the first page.
    pub masthead: Option<Masthead>,
    pub title_block: TitleBlock,
    pub blocks: Vec<Block>,
    /// Page footnotes, numbered 1..n in order of first reference.
    /// `footnotes[i].number == i + 1`.
    pub footnotes: Vec<Footnote>,
}

/// Document properties (PDF metadata, DOCX core properties).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Meta {
    /// Title for the document properties, e.g. "Draft Concept Note: NEACAP Second Policy Dialogue".
    pub title: String,
    /// The document's language.
    pub language: Lang,
    /// The document's date (from the data, never the clock).
    pub date: Date,
    /// Author/organization for the properties.
    pub author: String,
    /// The standards the PDF is made to, as typst names them (e.g. "ua-1",
    /// "a-2b").
    pub pdf_standards: Vec<String>,
    /// Facts of the data the document does not print (the related
    /// meeting, the organizers, …): (name, text), written as custom
    /// document properties of the DOCX (Word: File › Properties ›
    /// Advanced › Custom), from which `meetdoc import` reads them back.
    pub properties: Vec<(String, String)>,
}

/// First-page masthead of a UN document: above the rule, the issuer on the
/// left and the symbol, distribution, date and original language on the
/// right; under the rule, the meeting the document is for and its agenda
/// item. Every string is printed as it is (compose made it from the labels).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Masthead {
    /// Full symbol including any revision suffix, e.g. "NEACAP/PD2/1/Rev.1".
    pub symbol: String,
    /// e.g. "Distr.: General".
    pub distribution: String,
    /// Display date, e.g. "1 September 2025".
    pub date: String,
    /// The language of a translated version, above "Original: …" (e.g.
    /// "Russian", "Français"); none for a document in its original
    /// language.
    pub version: Option<String>,
    /// e.g. "Original: English".
    pub original: String,
    /// Lines above the title on the left (e.g. the organization), may be empty.
    pub issuer: Vec<String>,
    /// Lines under the rule, on the left: the meeting (the first line, in
    /// bold), then e.g. its session, its place and dates. May be empty.
    pub meeting: Vec<String>,
    /// The agenda item the document is under, after the meeting lines.
    pub agenda_item: Option<AgendaItemLine>,
}

/// "Item 5 (a) of the provisional agenda*" and the item's title.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AgendaItemLine {
    /// e.g. "Item 5 (a) of the provisional agenda".
    pub text: String,
    /// The note after it citing the provisional agenda's symbol, a page
    /// footnote with a mark of its own ("*"); none when the set has no
    /// provisional agenda.
    pub note: Option<MarkedNote>,
    /// The item's title as the agenda words it (in bold), or empty.
    pub title: Vec<Inline>,
}

/// A page footnote marked with a sign instead of a number; it does not
/// count in the numbering of the other footnotes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MarkedNote {
    /// e.g. "*".
    pub mark: String,
    pub content: Vec<Inline>,
}

/// The centred block at the top of the first page. `title` is the
/// document's heading (tagged as one in the PDF).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TitleBlock {
    /// Kind of document, e.g. "Draft Concept Note" (may be absent).
    pub kind: Option<String>,
    /// The meeting's name, e.g. "NEACAP Second Policy Dialogue".
    pub title: String,
    /// Further lines: venue, time span and date.
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Section heading; level 1 = "Background", 2 = a day of the programme
    /// (a general document has levels 1 to 4: "I.", "A.", "1.", "(a)").
    Heading {
        level: u8,
        /// The heading's number as printed ("II.", "(c)"), hanging before
        /// its text; none for an unnumbered heading.
        number: Option<String>,
        content: Vec<Inline>,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    /// A paragraph numbered as UN reports number them, consecutively
    /// through the document: the number (`style.paragraph_number`) starts
    /// its first line, the text follows at `spacing_pt.number_indent` and
    /// the lines after the first start at the margin. `number` is the
    /// count from 1; Word counts them too (one numbering of the
    /// document), so a paragraph a user inserts is numbered.
    NumberedParagraph {
        number: u32,
        content: Vec<Inline>,
    },
    /// A bulleted list; each item is a sequence of blocks (a paragraph,
    /// optionally followed by a nested list).
    BulletList {
        items: Vec<Vec<Block>>,
    },
    /// A numbered list (Word numbering, a Typst `enum`): the numbers are
    /// counted by the reader, in the style of the list's depth
    /// (`style.numbering`: "1.", then "(a)", then "(i)"); `start` is the
    /// first item's number. Each item is a sequence of blocks; a numbered
    /// list inside an item is the next level and starts at 1.
    NumberedList {
        start: u32,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Table {
    /// The width of each column in mm (compose takes them from a table
    /// layout of the style spec, `table.layouts`, or from the data).
    pub columns_mm: Vec<f64>,
    /// Header row, repeated on every page.
    pub header: Vec<Vec<Block>>,
    pub rows: Vec<Row>,
    /// Lettered table notes set under the table (UN rule: no page
    /// footnotes inside tables). `notes[i].letter` is 'a', 'b', ...
    pub notes: Vec<TableNote>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    /// Set apart (shaded), e.g. a coffee break.
    pub shaded: bool,
    /// May break across pages. A row that fits on a page never breaks (it
    /// moves whole to the next page); compose marks the rows that may not
    /// fit, by one rule both writers apply (`style.table.split_rows_above_lines`).
    pub breakable: bool,
    pub cells: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableNote {
    pub letter: String,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Footnote {
    pub number: usize,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    /// Italic (publication titles, under the UN editorial rules).
    Emph {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    /// Subscript ("2.5" of PM2.5).
    Sub {
        content: Vec<Inline>,
    },
    /// Superscript ("3" of m3).
    Super {
        content: Vec<Inline>,
    },
    /// A link to a web or mail address (http, https, mailto): clickable in
    /// both formats.
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// Reference to page footnote `number` (1-based); `first` is true for
    /// the first reference, which carries the note's text.
    FootnoteRef {
        number: usize,
        first: bool,
    },
    /// Reference to the lettered note of the enclosing table.
    TableNoteRef {
        letter: String,
    },
    /// A line break inside a paragraph.
    LineBreak,
    /// Text in another language than the document's (a Korean name in an
    /// English programme): set in that language's faces (the style's
    /// `fonts.cjk_by_language`) and tagged with it.
    Lang {
        lang: Lang,
        content: Vec<Inline>,
    },
    /// One field of the data inside a longer text, where the printed words
    /// alone do not say where it starts and ends (a speaker's name,
    /// affiliation and capacity: "Ministry X, Mongolia (as Chair)"). It
    /// prints as its content; the DOCX sets it in a character style named
    /// after the field, which looks like the text around it, so that the
    /// document says what each part is and `meetdoc import` reads it back.
    Field {
        field: Field,
        content: Vec<Inline>,
    },
}

/// The fields [`Inline::Field`] marks.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    SpeakerRole,
    SpeakerName,
    SpeakerAffiliation,
    SpeakerCapacity,
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

impl Block {
    pub fn para(content: Vec<Inline>) -> Block {
        Block::Paragraph { content }
    }
    /// An unnumbered heading.
    pub fn heading(level: u8, content: Vec<Inline>) -> Block {
        Block::Heading {
            level,
            number: None,
            content,
        }
    }
    pub fn plain(s: impl Into<String>) -> Block {
        Block::Paragraph {
            content: vec![Inline::text(s)],
        }
    }
}

/// The plain text of a run of inlines (footnote references omitted).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text } => out.push_str(text),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Sub { content }
            | Inline::Super { content }
            | Inline::Link { content, .. }
            | Inline::Lang { content, .. }
            | Inline::Field { content, .. } => out.push_str(&plain_text(content)),
            Inline::LineBreak => out.push(' '),
            Inline::FootnoteRef { .. } | Inline::TableNoteRef { .. } => {}
        }
    }
    out
}

/// The languages of the document's spans in another language, once each,
/// in order.
pub fn span_languages(doc: &Document) -> Vec<Lang> {
    fn inlines(xs: &[Inline], out: &mut Vec<Lang>) {
        for x in xs {
            match x {
                Inline::Lang { lang, content } => {
                    out.push(lang.clone());
                    inlines(content, out);
                }
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Sub { content }
                | Inline::Super { content }
                | Inline::Link { content, .. }
                | Inline::Field { content, .. } => inlines(content, out),
                _ => {}
            }
        }
    }
    fn blocks(bs: &[Block], out: &mut Vec<Lang>) {
        for b in bs {
            match b {
                Block::Heading { content, .. }
                | Block::Paragraph { content }
                | Block::NumberedParagraph { content, .. } => inlines(content, out),
                Block::BulletList { items } | Block::NumberedList { items, .. } => {
                    for i in items {
                        blocks(i, out);
                    }
                }
                Block::Table(t) => {
                    for c in t.header.iter().chain(t.rows.iter().flat_map(|r| &r.cells)) {
                        blocks(c, out);
                    }
                    for n in &t.notes {
                        inlines(&n.content, out);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    blocks(&doc.blocks, &mut out);
    for f in &doc.footnotes {
        inlines(&f.content, &mut out);
    }
    if let Some(a) = doc.masthead.as_ref().and_then(|m| m.agenda_item.as_ref()) {
        inlines(&a.title, &mut out);
        if let Some(n) = &a.note {
            inlines(&n.content, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}
