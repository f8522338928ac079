//! A general meeting document: its title block, its summary, and its
//! sections (also the way a concept note's extra sections are laid out).
//! Heading numbers ("I.", "A.", "1.", "(a)") and paragraph numbers are
//! counted here, once.

use super::inlines::{Notes, TableNotes, plain_inlines};
use crate::data::document::{Content, DataTable, GeneralDocument, ListItem, Section};
use crate::model::{Block, Document, Meta, Row, Table, TitleBlock};
use crate::style::Style;
use crate::values::{Date, Lang, Text};

/// Lays sections out into blocks: headings (numbered or not), paragraphs
/// (numbered through the document or not), lists and tables, with page
/// footnotes numbered by `notes` and lettered notes under each table.
pub struct Sections<'n, 'a> {
    pub notes: &'n mut Notes<'a>,
    style: &'n Style,
    numbered_headings: bool,
    numbered_paragraphs: bool,
    /// The number of the last heading of each level so far.
    headings: Vec<usize>,
    /// The number of the last numbered paragraph.
    paragraphs: u32,
}

impl<'n, 'a> Sections<'n, 'a> {
    pub fn new(
        notes: &'n mut Notes<'a>,
        style: &'n Style,
        numbered_headings: bool,
        numbered_paragraphs: bool,
    ) -> Self {
        Sections {
            notes,
            style,
            numbered_headings,
            numbered_paragraphs,
            headings: Vec::new(),
            paragraphs: 0,
        }
    }

    /// A section with its heading at `level` (1 = the highest), then its
    /// content and sub-sections.
    pub fn section(&mut self, s: &Section, level: u8, out: &mut Vec<Block>) {
        let number = self.numbered_headings.then(|| {
            let i = usize::from(level.max(1) - 1);
            self.headings.resize(i + 1, 0);
            self.headings[i] += 1;
            self.style.heading_number(level).format(self.headings[i])
        });
        out.push(Block::Heading {
            level,
            number,
            content: self.notes.inlines(&s.heading),
        });
        self.contents(&s.content, self.numbered_paragraphs, out);
        for sub in &s.sections {
            self.section(sub, level + 1, out);
        }
    }

    /// Paragraphs (numbered if `numbered`), lists and tables.
    pub fn contents(&mut self, content: &[Content], numbered: bool, out: &mut Vec<Block>) {
        for c in content {
            out.push(match c {
                Content::Paragraph(text) => {
                    let content = self.notes.inlines(text);
                    if numbered {
                        self.paragraphs += 1;
                        Block::NumberedParagraph {
                            number: self.paragraphs,
                            content,
                        }
                    } else {
                        Block::para(content)
                    }
                }
                Content::Bullets(b) => self.list(&b.bullets, false),
                Content::Numbered(n) => self.list(&n.numbered, true),
                Content::Table(t) => Block::Table(self.table(&t.table)),
            });
        }
    }

    fn list(&mut self, items: &[ListItem], numbered: bool) -> Block {
        let items = items
            .iter()
            .map(|item| {
                let mut blocks = vec![Block::para(self.notes.inlines(item.text()))];
                if let ListItem::Nested(n) = item {
                    if !n.bullets.is_empty() {
                        blocks.push(self.list(&n.bullets, false));
                    }
                    if !n.numbered.is_empty() {
                        blocks.push(self.list(&n.numbered, true));
                    }
                }
                blocks
            })
            .collect();
        if numbered {
            Block::NumberedList { start: 1, items }
        } else {
            Block::BulletList { items }
        }
    }

    /// A table of the data, as wide as the text, its notes lettered.
    fn table(&mut self, t: &DataTable) -> Table {
        let width = self.style.text_width_mm();
        let columns_mm: Vec<f64> = t
            .shares()
            .iter()
            .map(|s| (s * width * 100.0).floor() / 100.0)
            .collect();
        let mut notes = TableNotes::new(self.notes.defs());
        let header = t
            .columns
            .iter()
            .map(|c| vec![Block::para(plain_inlines(c.spans()))])
            .collect();
        let rows = t
            .rows
            .iter()
            .map(|row| {
                let cells: Vec<Vec<Block>> = row
                    .iter()
                    .map(|cell| match cell {
                        Some(text) => vec![Block::para(notes.inlines(text))],
                        None => Vec::new(),
                    })
                    .collect();
                Row {
                    shaded: false,
                    breakable: super::rows::may_split(&cells, &columns_mm, self.style),
                    cells,
                }
            })
            .collect();
        Table {
            columns_mm,
            header,
            rows,
            notes: notes.notes,
        }
    }
}

/// The model of a general document in `language`, dated `date`.
pub fn build(doc: &GeneralDocument, style: &Style, language: &Lang, date: Date) -> Document {
    let labels = style.labels.get(language);
    let mut notes = Notes::new(&doc.footnotes);
    let mut blocks = Vec::new();
    let mut sections = Sections::new(
        &mut notes,
        style,
        doc.numbered_headings,
        doc.numbered_paragraphs,
    );
    if !doc.summary.is_empty() {
        blocks.push(Block::heading(
            1,
            vec![crate::model::Inline::text(labels.summary.clone())],
        ));
        sections.contents(&doc.summary, false, &mut blocks);
    }
    for s in &doc.sections {
        sections.section(s, 1, &mut blocks);
    }
    let title = doc.title.printed();
    let kind = doc.kind.as_ref().map(Text::printed);
    Document {
        meta: Meta {
            title: match &kind {
                Some(k) => labels
                    .document_title
                    .fill(&[("kind", k), ("title", &title)]),
                None => title.clone(),
            },
            language: language.clone(),
            date,
            author: doc.author.as_ref().map(Text::printed).unwrap_or_default(),
            pdf_standards: style.pdf.for_document(None),
            properties: Vec::new(),
        },
        masthead: None,
        title_block: TitleBlock {
            kind,
            title,
            lines: doc.lines.iter().map(Text::printed).collect(),
        },
        blocks,
        footnotes: notes.footnotes,
    }
}
