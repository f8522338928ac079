//! Paragraphs, headings, bullet lists and inline runs.

use super::footnotes;
use super::numbering::{BULLETS, MAX_LEVEL, NUMBERED_PARAGRAPHS, Numbering};
use super::styles::id;
use crate::model::{Block, Document, Inline};
use crate::style::{Style, pt_to_twips};
use anyhow::{Result, bail};
use docx_rs::{
    BreakType, Hyperlink, HyperlinkData, IndentLevel, NumberingId, Paragraph, ParagraphChild, Run,
    SpecialIndentType, Tab, TabValueType, VertAlignType,
};

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

/// The lists around a block: how many of each kind, the numbering
/// instance of the innermost numbered one, and where the text of the
/// innermost item starts (twips from the margin).
#[derive(Clone, Copy, Default)]
pub struct Nesting {
    bullets: usize,
    numbered: usize,
    num_id: usize,
    indent: i32,
}

/// Bold/italic, subscript/superscript, link text and the language of a
/// span in another language (its index in [`Ctx::languages`]), inherited
/// by nested inlines.
#[derive(Clone, Copy, Default)]
pub struct Fmt {
    pub bold: bool,
    pub italic: bool,
    /// Subscript or superscript.
    pub script: Option<Script>,
    /// Text of a link (in the Hyperlink character style).
    pub link: bool,
    pub lang: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Sub,
    Super,
}

/// The part of the package a text is written into: the document, or the
/// footnotes (each relates its own links).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Story {
    Document,
    Footnotes,
}

/// A link of the text: its relationship id, address and the part it is in.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkRel {
    pub id: String,
    pub url: String,
    pub story: Story,
}

/// State while laying out one document.
pub struct Ctx<'a> {
    doc: &'a Document,
    pub style: &'a Style,
    /// Which footnotes have had their first reference emitted.
    footnote_used: Vec<bool>,
    /// The numbered lists, each with a numbering instance of its own.
    pub numbering: Numbering,
    /// Footnotes marked with a sign (the note citing the agenda), with
    /// their ids.
    pub marked: Vec<(usize, String)>,
    /// How many marked notes the document has: they come first (in the
    /// masthead) and take the first ids, and the numbered notes the ids
    /// after them. LibreOffice gives the notes to the references in the
    /// order of their ids, whatever the ids say: the ids must follow the
    /// order of the references.
    marked_count: usize,
    /// The links of the text, each related from its part (ids `rIdLink1`,
    /// `rIdLink2`, … in the order of first use: never docx-rs's
    /// process-wide counter).
    pub links: Vec<LinkRel>,
    /// Where the text being laid out goes.
    story: Story,
    /// The languages of the document's spans in another language; a run of
    /// one takes that language's character style.
    languages: Vec<crate::values::Lang>,
}

/// What kind of list, and where it stands: the list's text starts
/// `step` after `base` (the text of the item it is nested in, or the
/// margin), and it is the `depth`-th list of its kind around the text
/// (0 = outermost), which decides its marker.
#[derive(Clone, Copy)]
struct ListAt {
    numbered: Option<usize>,
    depth: usize,
    base: i32,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Document, style: &'a Style) -> Self {
        Ctx {
            doc,
            style,
            footnote_used: vec![false; doc.footnotes.len()],
            numbering: Numbering::default(),
            marked: Vec::new(),
            marked_count: doc
                .masthead
                .as_ref()
                .and_then(|m| m.agenda_item.as_ref())
                .map_or(0, |a| usize::from(a.note.is_some())),
            links: Vec::new(),
            story: Story::Document,
            languages: crate::model::span_languages(doc),
        }
    }

    /// The relationship id of a link to `url` from the part being written
    /// (one per address and part).
    fn link_id(&mut self, url: &str) -> String {
        let story = self.story;
        if let Some(l) = self.links.iter().find(|l| l.url == url && l.story == story) {
            return l.id.clone();
        }
        let id = format!("rIdLink{}", self.links.len() + 1);
        self.links.push(LinkRel {
            id: id.clone(),
            url: url.to_string(),
            story,
        });
        id
    }

    /// The id of a new footnote marked with `mark` instead of a number.
    pub fn marked_note(&mut self, mark: &str) -> Result<usize> {
        let id = self.marked.len() + 1;
        if id > self.marked_count {
            bail!("internal: more marked notes than the masthead has");
        }
        self.marked.push((id, mark.to_string()));
        Ok(id)
    }

    /// Lays out a block of the document body.
    pub fn block(&mut self, block: &Block) -> Result<Vec<BodyItem>> {
        self.blocks_at(block, Nesting::default(), Place::Body)
    }

    /// Lays out the blocks of a table cell (paragraphs and lists only).
    pub fn cell_paragraphs(&mut self, blocks: &[Block], header: bool) -> Result<Vec<Paragraph>> {
        let mut out = Vec::new();
        for b in blocks {
            for item in self.blocks_at(b, Nesting::default(), Place::Cell { header })? {
                match item {
                    BodyItem::Paragraph(p) => out.push(*p),
                    BodyItem::Table(_) => bail!("a table inside a table cell is not supported"),
                }
            }
        }
        Ok(out)
    }

    fn blocks_at(&mut self, block: &Block, at: Nesting, place: Place) -> Result<Vec<BodyItem>> {
        let para = |p: Paragraph| vec![BodyItem::Paragraph(Box::new(p))];
        Ok(match block {
            Block::Heading {
                level,
                number,
                content,
            } => {
                let (style, fmt) = match place {
                    Place::Body => (heading_style(*level), Fmt::default()),
                    Place::Cell { header } => (cell_style(header), bold()),
                };
                let mut p = self.paragraph(style, content, fmt)?;
                if let Some(number) = number {
                    // The number hangs in number_indent; a tab takes the
                    // text to it (and wrapped lines align under the text).
                    let step = pt_to_twips(self.style.spacing_pt.number_indent);
                    p.children.splice(
                        0..0,
                        [ParagraphChild::Run(Box::new(
                            self.apply(text_run(number).add_tab(), fmt),
                        ))],
                    );
                    p = p
                        .add_tab(Tab::new().val(TabValueType::Left).pos(step as usize))
                        .indent(
                            Some(step as i32),
                            Some(SpecialIndentType::Hanging(step as i32)),
                            None,
                            None,
                        );
                }
                para(p)
            }
            Block::Paragraph { content } => {
                let style = match place {
                    Place::Body => id::NORMAL,
                    Place::Cell { header } => cell_style(header),
                };
                para(self.paragraph(style, content, Fmt::default())?)
            }
            Block::NumberedParagraph { content, .. } => {
                // Word counts the number: the paragraphs share one
                // numbering instance, as compose counted them.
                let p = self
                    .paragraph(id::NUMBERED_PARAGRAPH, content, Fmt::default())?
                    .numbering(NumberingId::new(NUMBERED_PARAGRAPHS), IndentLevel::new(0));
                para(p)
            }
            Block::BulletList { items } => self.list(
                items,
                ListAt {
                    numbered: None,
                    depth: at.bullets,
                    base: at.indent,
                },
                at,
                place,
            )?,
            Block::NumberedList { start, items } => {
                let num = match at.numbered {
                    0 => self.numbering.add(*start),
                    _ if *start != 1 => {
                        bail!("a numbered list inside a numbered list starts at 1, not {start}")
                    }
                    _ => at.num_id,
                };
                self.list(
                    items,
                    ListAt {
                        numbered: Some(num),
                        depth: at.numbered,
                        base: at.indent,
                    },
                    at,
                    place,
                )?
            }
            Block::Table(t) => {
                if place != Place::Body {
                    bail!("a table inside a table cell is not supported");
                }
                super::table::table(self, t)?
            }
        })
    }

    /// A list: each item's first paragraph carries the bullet or number,
    /// further paragraphs are indented to the item's text, nested lists go
    /// one level deeper. The indents are those of the numbering definition
    /// of the list's level; a list nested in one of the other kind, whose
    /// text starts elsewhere, gets its indent set on each paragraph.
    fn list(
        &mut self,
        items: &[Vec<Block>],
        list: ListAt,
        outer: Nesting,
        place: Place,
    ) -> Result<Vec<BodyItem>> {
        let sp = &self.style.spacing_pt;
        let level = list.depth.min(MAX_LEVEL);
        let (step, num_id) = match list.numbered {
            Some(num) => (pt_to_twips(sp.number_indent) as i32, num),
            None => (pt_to_twips(sp.list_indent) as i32, BULLETS),
        };
        let text_at = list.base + step;
        // The numbering definition indents level n by n + 1 steps.
        let explicit = text_at != step * (level as i32 + 1);
        let style = match (place, list.numbered) {
            (Place::Body, None) => id::LIST_BULLET,
            (Place::Body, Some(_)) => id::LIST_NUMBER,
            (Place::Cell { .. }, None) => id::TABLE_LIST_BULLET,
            (Place::Cell { .. }, Some(_)) => id::TABLE_LIST_NUMBER,
        };
        let fmt = match place {
            Place::Cell { header: true } => bold(),
            _ => Fmt::default(),
        };
        let inner = Nesting {
            bullets: outer.bullets + usize::from(list.numbered.is_none()),
            numbered: outer.numbered + usize::from(list.numbered.is_some()),
            num_id,
            indent: text_at,
        };
        let mut out = Vec::new();
        for item in items {
            let mut first = true;
            for b in item {
                match b {
                    Block::Paragraph { content } if first => {
                        let mut p = self
                            .paragraph(style, content, fmt)?
                            .numbering(NumberingId::new(num_id), IndentLevel::new(level));
                        if explicit {
                            p = p.indent(
                                Some(text_at),
                                Some(SpecialIndentType::Hanging(step)),
                                None,
                                None,
                            );
                        }
                        out.push(BodyItem::Paragraph(Box::new(p)));
                    }
                    Block::Paragraph { content } => {
                        // numId 0: no bullet, although the style has one.
                        let p = self
                            .paragraph(style, content, fmt)?
                            .numbering(NumberingId::new(0), IndentLevel::new(0))
                            .indent(
                                Some(text_at),
                                Some(SpecialIndentType::FirstLine(0)),
                                None,
                                None,
                            );
                        out.push(BodyItem::Paragraph(Box::new(p)));
                    }
                    other => out.extend(self.blocks_at(other, inner, place)?),
                }
                first = false;
            }
        }
        // A list in the body ends with the space of a paragraph (as the
        // PDF's list block does); inside a table cell every block is
        // followed by `list_after`.
        if outer.bullets + outer.numbered == 0
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

    /// A paragraph of style `style` holding `content`.
    pub fn paragraph(&mut self, style: &str, content: &[Inline], fmt: Fmt) -> Result<Paragraph> {
        let mut p = Paragraph::new().style(style);
        p.children = self.children(content, fmt)?;
        Ok(p)
    }

    /// The runs (and links, holding runs) of `inlines`.
    fn children(&mut self, inlines: &[Inline], fmt: Fmt) -> Result<Vec<ParagraphChild>> {
        let run = |r: Run| ParagraphChild::Run(Box::new(r));
        let mut out = Vec::new();
        for i in inlines {
            match i {
                Inline::Text { text } => out.push(run(self.apply(text_run(text), fmt))),
                Inline::Lang { lang, content } => {
                    let lang = self.languages.iter().position(|l| l == lang);
                    out.extend(self.children(content, Fmt { lang, ..fmt })?)
                }
                Inline::Emph { content } => out.extend(self.children(
                    content,
                    Fmt {
                        italic: true,
                        ..fmt
                    },
                )?),
                Inline::Strong { content } => {
                    out.extend(self.children(content, Fmt { bold: true, ..fmt })?)
                }
                Inline::Sub { content } => out.extend(self.children(
                    content,
                    Fmt {
                        script: Some(Script::Sub),
                        ..fmt
                    },
                )?),
                Inline::Super { content } => out.extend(self.children(
                    content,
                    Fmt {
                        script: Some(Script::Super),
                        ..fmt
                    },
                )?),
                Inline::Link { url, content } => {
                    if fmt.link {
                        bail!("a link inside a link");
                    }
                    let children = self.children(content, Fmt { link: true, ..fmt })?;
                    out.push(ParagraphChild::Hyperlink(Hyperlink {
                        link: HyperlinkData::External {
                            rid: self.link_id(url),
                            path: String::new(),
                        },
                        history: Some(1),
                        children,
                    }));
                }
                Inline::LineBreak => out.push(run(Run::new().add_break(BreakType::TextWrapping))),
                Inline::Field { field, content } => {
                    // The field's character style on its text (a note
                    // reference, a link or a span in another language
                    // keeps its own).
                    for child in self.children(content, fmt)? {
                        out.push(match child {
                            ParagraphChild::Run(r) if r.run_property.style.is_none() => {
                                ParagraphChild::Run(Box::new(r.style(id::field(*field))))
                            }
                            other => other,
                        });
                    }
                }
                Inline::TableNoteRef { letter } => out.push(run(Run::new()
                    .style(id::TABLE_NOTE_REFERENCE)
                    .add_text(letter.as_str()))),
                Inline::FootnoteRef { number, first } => {
                    out.push(run(self.footnote_ref(*number, *first)?))
                }
            }
        }
        Ok(out)
    }

    /// The paragraph of a footnote's text: it goes into footnotes.xml, and
    /// its links are related from there.
    pub fn note_paragraph(&mut self, content: &[Inline]) -> Result<Paragraph> {
        let story = std::mem::replace(&mut self.story, Story::Footnotes);
        let body = self.paragraph(id::FOOTNOTE_TEXT, content, Fmt::default());
        self.story = story;
        body
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
        let body = self.note_paragraph(&note.content)?;
        Ok(footnotes::reference(number + self.marked_count, body))
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
        ..Fmt::default()
    }
}

/// The style of a heading of `level` in the body.
fn heading_style(level: u8) -> &'static str {
    match level {
        0 | 1 => id::HEADING1,
        2 => id::HEADING2,
        3 => id::HEADING3,
        _ => id::HEADING4,
    }
}

fn cell_style(header: bool) -> &'static str {
    if header {
        id::TABLE_HEADING
    } else {
        id::TABLE_TEXT
    }
}

impl Ctx<'_> {
    /// A run of text as `fmt` says: a link's character style, else the
    /// character style of a span's language (a run has one), bold,
    /// italic, subscript or superscript.
    fn apply(&self, mut run: Run, fmt: Fmt) -> Run {
        if fmt.link {
            run = run.style(id::HYPERLINK);
        } else if let Some(l) = fmt.lang.and_then(|i| self.languages.get(i)) {
            run = run.style(&super::styles::lang_style_id(l));
        }
        if fmt.bold {
            run = run.bold();
        }
        if fmt.italic {
            run = run.italic();
        }
        match fmt.script {
            Some(Script::Sub) => {
                run.run_property = run.run_property.vert_align(VertAlignType::SubScript)
            }
            Some(Script::Super) => {
                run.run_property = run.run_property.vert_align(VertAlignType::SuperScript)
            }
            None => {}
        }
        run
    }
}

fn has_footnote_ref(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::FootnoteRef { .. } => true,
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Sub { content }
        | Inline::Super { content }
        | Inline::Link { content, .. }
        | Inline::Lang { content, .. }
        | Inline::Field { content, .. } => has_footnote_ref(content),
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
