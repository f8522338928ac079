//! What the document shows, as a sequence of paragraphs and tables: each
//! paragraph with its style, its list (bullets or numbers, and the level),
//! its heading level, and its text as pieces (text with bold and italic,
//! footnote references, line breaks). Tracked changes are read as if all
//! were accepted: inserted text is kept, deleted text dropped.

use super::ImportError;
use super::styles::{Numbering, Styles, norm};
use super::xml::{attr, child, is, parse, toggle, val};
use roxmltree::Node;
use std::collections::BTreeMap;

/// A piece of a paragraph's text.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(Run),
    /// A reference to the footnote with this id in `footnotes.xml`.
    Note(String),
    /// A footnote reference with a mark of its own (`customMarkFollows`):
    /// the masthead's note citing the agenda.
    MarkedNote(String),
    /// A line break inside the paragraph.
    Break,
}

/// Text of one look.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    pub text: String,
    /// Bold and italic against the paragraph's style (a heading's own
    /// boldness is not markup).
    pub bold: bool,
    pub italic: bool,
    pub superscript: bool,
    pub subscript: bool,
    /// The character style's name, compared form ([`norm`]).
    pub style: Option<String>,
    /// The link target, for text inside a hyperlink.
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListInfo {
    pub bullet: bool,
    /// 0 = outermost.
    pub level: u8,
    pub num_id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// The paragraph style's name, compared form ([`norm`]).
    pub style: String,
    /// The style's name as the document spells it.
    pub style_name: String,
    pub list: Option<ListInfo>,
    /// 1 = top; from "heading N" styles or outline levels.
    pub heading: Option<u8>,
    pub pieces: Vec<Piece>,
    /// Bookmarks starting in the paragraph.
    pub bookmarks: Vec<String>,
    /// Which paragraph of its part this is, counted from 1.
    pub number: usize,
    pub centred: bool,
    /// Whether the paragraph style is bold (a title, a heading).
    pub style_bold: bool,
}

impl Para {
    /// The text, without notes.
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(r) => s.push_str(&r.text),
                Piece::Break => s.push('\n'),
                _ => {}
            }
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.plain().trim().is_empty() && !self.pieces.iter().any(|p| matches!(p, Piece::Note(_)))
    }

    /// Whether the paragraph's style (or one it is based on) is `name`.
    pub fn style_is(&self, name: &str) -> bool {
        self.style == norm(name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub shaded: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// Marked as a header row (repeated on every page).
    pub header: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub rows: Vec<TableRow>,
    /// Which table of the part this is, counted from 1.
    pub number: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// Tracked changes and what could not be read, counted for the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    pub insertions: usize,
    pub deletions: usize,
    pub format_changes: usize,
    pub images: usize,
    pub endnotes: usize,
    pub comments: usize,
}

impl Seen {
    pub fn tracked(&self) -> usize {
        self.insertions + self.deletions + self.format_changes
    }
}

/// Reads a story (the body, a header, a footer, a note) of a document.
pub struct Reader<'s> {
    pub styles: &'s Styles,
    pub numbering: &'s Numbering,
    pub rels: &'s BTreeMap<String, (String, String)>,
    pub seen: Seen,
    paragraphs: usize,
    tables: usize,
}

impl<'s> Reader<'s> {
    pub fn new(
        styles: &'s Styles,
        numbering: &'s Numbering,
        rels: &'s BTreeMap<String, (String, String)>,
    ) -> Self {
        Reader {
            styles,
            numbering,
            rels,
            seen: Seen::default(),
            paragraphs: 0,
            tables: 0,
        }
    }

    /// The blocks of a part: the main document's body, or a header's or
    /// footer's content.
    pub fn part(&mut self, xml: &str, what: &str) -> Result<Vec<Block>, ImportError> {
        let doc = parse(xml, what)?;
        let root = doc.root_element();
        let container = child(root, "body").unwrap_or(root);
        self.paragraphs = 0;
        self.tables = 0;
        Ok(self.blocks(container))
    }

    /// The notes of `footnotes.xml`: id -> paragraphs (separators left out).
    pub fn footnotes(&mut self, xml: &str) -> Result<BTreeMap<String, Vec<Para>>, ImportError> {
        let doc = parse(xml, "the footnotes part")?;
        let mut out = BTreeMap::new();
        for n in doc.root_element().children().filter(|n| is(*n, "footnote")) {
            if matches!(
                attr(n, "type"),
                Some("separator" | "continuationSeparator" | "continuationNotice")
            ) {
                continue;
            }
            let Some(id) = attr(n, "id") else { continue };
            self.paragraphs = 0;
            let paras = self
                .blocks(n)
                .into_iter()
                .filter_map(|b| match b {
                    Block::Para(p) => Some(p),
                    Block::Table(_) => None,
                })
                .collect();
            out.insert(id.to_string(), paras);
        }
        Ok(out)
    }

    fn blocks(&mut self, container: Node) -> Vec<Block> {
        let mut out = Vec::new();
        // Pieces of paragraphs whose mark was deleted: they join the next.
        let mut carry: Vec<Piece> = Vec::new();
        self.block_children(container, &mut out, &mut carry);
        if !carry.is_empty()
            && let Some(Block::Para(p)) = out.last_mut()
        {
            p.pieces.extend(carry);
        }
        out
    }

    fn block_children(&mut self, container: Node, out: &mut Vec<Block>, carry: &mut Vec<Piece>) {
        for n in container.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "p" => {
                    let (mut p, mark_deleted) = self.paragraph(n);
                    if !carry.is_empty() {
                        let mut pieces = std::mem::take(carry);
                        pieces.append(&mut p.pieces);
                        p.pieces = pieces;
                    }
                    if mark_deleted {
                        self.seen.deletions += 1;
                        *carry = std::mem::take(&mut p.pieces);
                    } else {
                        out.push(Block::Para(p));
                    }
                }
                "tbl" => {
                    let t = self.table(n);
                    out.push(Block::Table(t));
                }
                "sdt" => {
                    if let Some(c) = child(n, "sdtContent") {
                        self.block_children(c, out, carry);
                    }
                }
                "customXml" | "ins" | "moveTo" => {
                    if n.tag_name().name() != "customXml" {
                        self.seen.insertions += 1;
                    }
                    self.block_children(n, out, carry);
                }
                "del" | "moveFrom" => self.seen.deletions += 1,
                _ => {}
            }
        }
    }

    fn table(&mut self, n: Node) -> Table {
        self.tables += 1;
        let number = self.tables;
        let mut rows = Vec::new();
        for tr in n.children().filter(|c| is(*c, "tr")) {
            let tr_pr = child(tr, "trPr");
            if tr_pr.is_some_and(|p| child(p, "del").is_some()) {
                self.seen.deletions += 1;
                continue;
            }
            let header = tr_pr.is_some_and(|p| toggle(p, "tblHeader").unwrap_or(false));
            let mut cells = Vec::new();
            for tc in cell_nodes(tr) {
                let shaded = child(tc, "tcPr")
                    .and_then(|p| child(p, "shd"))
                    .and_then(|s| attr(s, "fill"))
                    .is_some_and(is_fill);
                let blocks = {
                    let mut out = Vec::new();
                    let mut carry = Vec::new();
                    self.block_children(tc, &mut out, &mut carry);
                    if !carry.is_empty()
                        && let Some(Block::Para(p)) = out.last_mut()
                    {
                        p.pieces.extend(carry);
                    }
                    out
                };
                cells.push(Cell { shaded, blocks });
            }
            rows.push(TableRow { header, cells });
        }
        Table { rows, number }
    }

    /// A paragraph, and whether its mark is deleted (a tracked deletion
    /// that joins it to the next one).
    fn paragraph(&mut self, n: Node) -> (Para, bool) {
        self.paragraphs += 1;
        let ppr = child(n, "pPr");
        let style_id = self
            .styles
            .paragraph_style(ppr.and_then(|p| val(p, "pStyle")));
        let style_name = style_id
            .as_deref()
            .map(|s| self.styles.name(s))
            .unwrap_or_else(|| "Normal".to_string());
        let direct_num = ppr.and_then(|p| child(p, "numPr")).map(|num| {
            (
                val(num, "numId").unwrap_or("0").to_string(),
                val(num, "ilvl").and_then(|v| v.parse().ok()),
            )
        });
        let style_num = style_id.as_deref().and_then(|s| self.styles.num(s));
        let (num_id, level) = match (direct_num, &style_num) {
            (Some((id, lvl)), _) => (Some(id), lvl.or(style_num.as_ref().map(|s| s.1))),
            (None, Some((id, lvl))) => (Some(id.clone()), Some(*lvl)),
            (None, None) => (None, None),
        };
        let list = num_id.filter(|id| id != "0").map(|id| {
            let level = level.unwrap_or(0);
            ListInfo {
                bullet: self.numbering.is_bullet(&id, level).unwrap_or(true),
                level,
                num_id: id,
            }
        });
        if ppr.and_then(|p| child(p, "pPrChange")).is_some() {
            self.seen.format_changes += 1;
        }
        let mark_deleted = ppr
            .and_then(|p| child(p, "rPr"))
            .is_some_and(|r| child(r, "del").is_some() || child(r, "moveFrom").is_some());
        let heading = style_id
            .as_deref()
            .and_then(|s| self.styles.heading_level(s))
            .or_else(|| {
                ppr.and_then(|p| val(p, "outlineLvl"))
                    .and_then(|v| v.parse::<u8>().ok())
                    .filter(|v| *v < 9)
                    .map(|v| v + 1)
            });
        let style_bold = style_id
            .as_deref()
            .and_then(|s| self.styles.bold(s))
            .unwrap_or(false);
        let style_italic = style_id
            .as_deref()
            .and_then(|s| self.styles.italic(s))
            .unwrap_or(false);
        let centred = ppr
            .and_then(|p| val(p, "jc"))
            .is_some_and(|v| v == "center");
        let mut ctx = RunCtx {
            style_bold,
            style_italic,
            link: None,
        };
        let mut pieces = Vec::new();
        let mut bookmarks = Vec::new();
        self.inline_children(n, &mut ctx, &mut pieces, &mut bookmarks);
        (
            Para {
                style: norm(&style_name),
                style_name,
                list,
                heading,
                pieces,
                bookmarks,
                number: self.paragraphs,
                centred,
                style_bold,
            },
            mark_deleted,
        )
    }

    fn inline_children(
        &mut self,
        n: Node,
        ctx: &mut RunCtx,
        out: &mut Vec<Piece>,
        bookmarks: &mut Vec<String>,
    ) {
        for c in n.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "r" => self.run(c, ctx, out),
                "ins" | "moveTo" => {
                    self.seen.insertions += 1;
                    self.inline_children(c, ctx, out, bookmarks);
                }
                "del" | "moveFrom" => self.seen.deletions += 1,
                "hyperlink" => {
                    let target = attr(c, "id")
                        .and_then(|id| self.rels.get(id))
                        .map(|(_, t)| t.clone())
                        .or_else(|| attr(c, "anchor").map(|a| format!("#{a}")));
                    let outer = ctx.link.take();
                    ctx.link = target;
                    self.inline_children(c, ctx, out, bookmarks);
                    ctx.link = outer;
                }
                "fldSimple" | "smartTag" | "customXml" => {
                    self.inline_children(c, ctx, out, bookmarks)
                }
                "sdt" => {
                    if let Some(content) = child(c, "sdtContent") {
                        self.inline_children(content, ctx, out, bookmarks);
                    }
                }
                "bookmarkStart" => {
                    if let Some(name) = attr(c, "name") {
                        bookmarks.push(name.to_string());
                    }
                }
                "commentRangeStart" => self.seen.comments += 1,
                _ => {}
            }
        }
    }

    fn run(&mut self, r: Node, ctx: &RunCtx, out: &mut Vec<Piece>) {
        let rpr = child(r, "rPr");
        if rpr.and_then(|p| child(p, "rPrChange")).is_some() {
            self.seen.format_changes += 1;
        }
        let char_style = rpr.and_then(|p| val(p, "rStyle"));
        let style_name = char_style.map(|s| norm(&self.styles.name(s)));
        let bold = rpr
            .and_then(|p| toggle(p, "b"))
            .or_else(|| char_style.and_then(|s| self.styles.bold(s)))
            .unwrap_or(ctx.style_bold);
        let italic = rpr
            .and_then(|p| toggle(p, "i"))
            .or_else(|| char_style.and_then(|s| self.styles.italic(s)))
            .unwrap_or(ctx.style_italic);
        let align = rpr.and_then(|p| val(p, "vertAlign"));
        let hidden = rpr.and_then(|p| toggle(p, "vanish")).unwrap_or(false);
        let template = Run {
            text: String::new(),
            bold: bold && !ctx.style_bold,
            italic: italic && !ctx.style_italic,
            superscript: align == Some("superscript"),
            subscript: align == Some("subscript"),
            style: style_name,
            link: ctx.link.clone(),
        };
        let mut text = String::new();
        let flush = |text: &mut String, out: &mut Vec<Piece>| {
            if !text.is_empty() {
                out.push(Piece::Text(Run {
                    text: std::mem::take(text),
                    ..template.clone()
                }));
            }
        };
        for c in r.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "t" if !hidden => text.push_str(c.text().unwrap_or("")),
                "tab" | "ptab" => text.push(' '),
                "noBreakHyphen" => text.push('\u{2011}'),
                "sym" => {
                    if let Some(ch) = attr(c, "char")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                    {
                        text.push(ch);
                    }
                }
                "br" | "cr" => {
                    if matches!(attr(c, "type"), None | Some("textWrapping")) {
                        flush(&mut text, out);
                        out.push(Piece::Break);
                    }
                }
                "footnoteReference" => {
                    flush(&mut text, out);
                    if let Some(id) = attr(c, "id") {
                        if matches!(attr(c, "customMarkFollows"), Some("1" | "true" | "on")) {
                            out.push(Piece::MarkedNote(id.to_string()));
                        } else {
                            out.push(Piece::Note(id.to_string()));
                        }
                    }
                }
                "endnoteReference" => self.seen.endnotes += 1,
                "drawing" | "pict" | "object" => self.seen.images += 1,
                _ => {}
            }
        }
        flush(&mut text, out);
    }
}

struct RunCtx {
    style_bold: bool,
    style_italic: bool,
    link: Option<String>,
}

/// The cells of a row, also inside content controls and tracked insertions.
fn cell_nodes<'a, 'i>(tr: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut out = Vec::new();
    for c in tr.children().filter(Node::is_element) {
        match c.tag_name().name() {
            "tc" => out.push(c),
            "sdt" => {
                if let Some(content) = child(c, "sdtContent") {
                    out.extend(cell_nodes(content));
                }
            }
            "customXml" => out.extend(cell_nodes(c)),
            _ => {}
        }
    }
    out
}

/// Whether a cell fill is a colour (not "auto" or white).
fn is_fill(fill: &str) -> bool {
    !matches!(fill.to_ascii_uppercase().as_str(), "" | "AUTO" | "FFFFFF")
}
