//! Paragraphs, headings, bullet lists and inline runs.

use super::footnotes;
use super::numbering::{BULLETS, MAX_LEVEL};
use super::styles::id;
use crate::model::{Block, Document, Inline};
use crate::style::{Style, pt_to_twips};
use anyhow::{Result, bail};
use docx_rs::{BreakType, IndentLevel, NumberingId, Paragraph, Run, SpecialIndentType};

/// One top-level item of the document body.
pub enum BodyItem {
    Paragraph(Box<Paragraph>),
    Table(Box<docx_rs::Table>),
}

/// Where blocks are set: styles differ in the body and in table cells.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Body,
    /// A table cell; `header` for the header row.
    Cell {
        header: bool,
    },
}

/// Bold/italic inherited by nested inlines.
#[derive(Clone, Copy, Default)]
pub struct Fmt {
    pub bold: bool,
    pub italic: bool,
}

/// State while laying out one document.
pub struct Ctx<'a> {
    doc: &'a Document,
    pub style: &'a Style,
    /// Which footnotes have had their first reference emitted.
    footnote_used: Vec<bool>,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Document, style: &'a Style) -> Self {
        Ctx {
            doc,
            style,
            footnote_used: vec![false; doc.footnotes.len()],
        }
    }

    /// Lays out a block of the document body.
    pub fn block(&mut self, block: &Block) -> Result<Vec<BodyItem>> {
        self.blocks_at(block, 0, Place::Body)
    }

    /// Lays out the blocks of a table cell (paragraphs and lists only).
    pub fn cell_paragraphs(&mut self, blocks: &[Block], header: bool) -> Result<Vec<Paragraph>> {
        let mut out = Vec::new();
        for b in blocks {
            for item in self.blocks_at(b, 0, Place::Cell { header })? {
                match item {
                    BodyItem::Paragraph(p) => out.push(*p),
                    BodyItem::Table(_) => bail!("a table inside a table cell is not supported"),
                }
            }
        }
        Ok(out)
    }

    fn blocks_at(&mut self, block: &Block, level: usize, place: Place) -> Result<Vec<BodyItem>> {
        let para = |p: Paragraph| vec![BodyItem::Paragraph(Box::new(p))];
        Ok(match block {
            Block::Heading { level: l, content } => {
                let (style, fmt) = match place {
                    Place::Body if *l <= 1 => (id::HEADING1, Fmt::default()),
                    Place::Body => (id::HEADING2, Fmt::default()),
                    Place::Cell { header } => (cell_style(header), bold()),
                };
                para(self.paragraph(style, content, fmt)?)
            }
            Block::Paragraph { content } => {
                let style = match place {
                    Place::Body => id::NORMAL,
                    Place::Cell { header } => cell_style(header),
                };
                para(self.paragraph(style, content, Fmt::default())?)
            }
            Block::BulletList { items } => self.list(items, level, place)?,
            Block::Table(t) => {
                if place != Place::Body {
                    bail!("a table inside a table cell is not supported");
                }
                super::table::table(self, t)?
            }
        })
    }

    /// A bullet list at `level` (0 = outermost): each item's first
    /// paragraph carries the bullet, further paragraphs are indented to
    /// the item's text, nested lists go one level deeper.
    fn list(&mut self, items: &[Vec<Block>], level: usize, place: Place) -> Result<Vec<BodyItem>> {
        let level = level.min(MAX_LEVEL);
        let style = match place {
            Place::Body => id::LIST_BULLET,
            Place::Cell { .. } => id::TABLE_LIST_BULLET,
        };
        let fmt = match place {
            Place::Cell { header: true } => bold(),
            _ => Fmt::default(),
        };
        let mut out = Vec::new();
        for item in items {
            let mut first = true;
            for b in item {
                match b {
                    Block::Paragraph { content } if first => {
                        let p = self
                            .paragraph(style, content, fmt)?
                            .numbering(NumberingId::new(BULLETS), IndentLevel::new(level));
                        out.push(BodyItem::Paragraph(Box::new(p)));
                    }
                    Block::Paragraph { content } => {
                        // numId 0: no bullet, although the style has one.
                        let p = self
                            .paragraph(style, content, fmt)?
                            .numbering(NumberingId::new(0), IndentLevel::new(0))
                            .indent(
                                Some(self.indent(level + 1)),
                                Some(SpecialIndentType::FirstLine(0)),
                                None,
                                None,
                            );
                        out.push(BodyItem::Paragraph(Box::new(p)));
                    }
                    Block::BulletList { items } => {
                        out.extend(self.list(items, level + 1, place)?)
                    }
                    other => out.extend(self.blocks_at(other, level + 1, place)?),
                }
                first = false;
            }
        }
        // A list in the body ends with the space of a paragraph (as the
        // PDF's list block does); inside a table cell every block is
        // followed by `list_after`.
        if level == 0
            && place == Place::Body
            && let Some(BodyItem::Paragraph(p)) = out.last_mut()
        {
            let after = pt_to_twips(self.style.spacing_pt.paragraph_after);
            **p = p
                .clone()
                .line_spacing(docx_rs::LineSpacing::new().after(after));
        }
        Ok(out)
    }

    /// Left indent of the text of list level `level` - 1, in twips.
    fn indent(&self, level: usize) -> i32 {
        (pt_to_twips(self.style.spacing_pt.list_indent) as i32) * level as i32
    }

    /// A paragraph of style `style` holding `content`.
    pub fn paragraph(&mut self, style: &str, content: &[Inline], fmt: Fmt) -> Result<Paragraph> {
        let mut p = Paragraph::new().style(style);
        for run in self.runs(content, fmt)? {
            p = p.add_run(run);
        }
        Ok(p)
    }

    fn runs(&mut self, inlines: &[Inline], fmt: Fmt) -> Result<Vec<Run>> {
        let mut out = Vec::new();
        for i in inlines {
            match i {
                Inline::Text { text } => out.push(apply(text_run(text), fmt)),
                Inline::Emph { content } => out.extend(self.runs(
                    content,
                    Fmt {
                        italic: true,
                        ..fmt
                    },
                )?),
                Inline::Strong { content } => {
                    out.extend(self.runs(content, Fmt { bold: true, ..fmt })?)
                }
                Inline::LineBreak => out.push(Run::new().add_break(BreakType::TextWrapping)),
                Inline::TableNoteRef { letter } => out.push(
                    Run::new()
                        .style(id::TABLE_NOTE_REFERENCE)
                        .add_text(letter.as_str()),
                ),
                Inline::FootnoteRef { number, first } => {
                    out.push(self.footnote_ref(*number, *first)?)
                }
            }
        }
        Ok(out)
    }

    /// The reference to footnote `number`. The first reference carries the
    /// note (a real Word footnote with id = `number`); a later reference to
    /// the same note is its number set in the Footnote Reference style.
    fn footnote_ref(&mut self, number: usize, first: bool) -> Result<Run> {
        let Some(note) = self.doc.footnotes.get(number.wrapping_sub(1)) else {
            bail!(
                "reference to footnote {number}, but the document has {} footnotes",
                self.doc.footnotes.len()
            );
        };
        if note.number != number {
            bail!("footnote {} is stored at position {number}", note.number);
        }
        if !first {
            return Ok(Run::new()
                .style(id::FOOTNOTE_REFERENCE)
                .add_text(number.to_string()));
        }
        if std::mem::replace(&mut self.footnote_used[number - 1], true) {
            bail!("footnote {number} has two first references");
        }
        if has_footnote_ref(&note.content) {
            bail!("footnote {number} refers to a footnote itself");
        }
        let body = self.paragraph(id::FOOTNOTE_TEXT, &note.content, Fmt::default())?;
        Ok(footnotes::reference(number, body))
    }

    /// Fails if a footnote of the model was never referenced (it would be
    /// missing from the DOCX).
    pub fn check_footnotes_used(&self) -> Result<()> {
        if let Some(i) = self.footnote_used.iter().position(|u| !u) {
            bail!("footnote {} is never referenced", i + 1);
        }
        Ok(())
    }
}

fn bold() -> Fmt {
    Fmt {
        bold: true,
        italic: false,
    }
}

fn cell_style(header: bool) -> &'static str {
    if header {
        id::TABLE_HEADING
    } else {
        id::TABLE_TEXT
    }
}

fn apply(mut run: Run, fmt: Fmt) -> Run {
    if fmt.bold {
        run = run.bold();
    }
    if fmt.italic {
        run = run.italic();
    }
    run
}

fn has_footnote_ref(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::FootnoteRef { .. } => true,
        Inline::Emph { content } | Inline::Strong { content } => has_footnote_ref(content),
        _ => false,
    })
}

/// A run of text: tabs become `w:tab`, newlines `w:br` (docx-rs would drop
/// them), carriage returns are dropped.
pub fn text_run(text: &str) -> Run {
    let mut run = Run::new();
    let mut piece = String::new();
    for c in text.chars() {
        match c {
            '\t' | '\n' => {
                if !piece.is_empty() {
                    run = run.add_text(std::mem::take(&mut piece));
                }
                run = if c == '\t' {
                    run.add_tab()
                } else {
                    run.add_break(BreakType::TextWrapping)
                };
            }
            '\r' => {}
            _ => piece.push(c),
        }
    }
    if !piece.is_empty() {
        run = run.add_text(piece);
    }
    run
}
