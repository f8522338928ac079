//! A DOCX with Word tracked changes: the circulated version of a document
//! as its body, with insertions (`w:ins`) and deletions (`w:del`) leading
//! to the current version, so that editors review a revision the way they
//! review any draft in Word. Accepting every change gives the text of the
//! current DOCX; rejecting every change gives the circulated one.
//!
//! Both versions are written by this writer first (the circulated one
//! rebuilt with today's layouts); their parts are then merged element by
//! element, lined up by the comparison in `diff::align`: blocks of the
//! body, rows of tables, paragraphs of cells and notes, and, inside a
//! paragraph, the pieces of its runs (words, spaces, punctuation, breaks,
//! note references). The model knows nothing of revisions: the PDF is
//! always the current version.
//!
//! What Word and LibreOffice need, and this keeps:
//! - every revision has a `w:id` unique in the document (the numbering
//!   space bookmarks and comments share), counted from 1 in document
//!   order, so the same documents give the same bytes; and a `w:author`
//!   and `w:date`;
//! - a deleted (or inserted) paragraph has its paragraph mark deleted (or
//!   inserted) too (`w:pPr/w:rPr/w:del`), and a deleted (or inserted) table
//!   row its row mark (`w:trPr/w:del`) as well as its runs;
//! - the last paragraph of a body, cell or note, and a paragraph before a
//!   table, keep their mark: where that paragraph is deleted or inserted,
//!   the mark of the paragraph before it is marked instead, and the kept
//!   mark takes that paragraph's properties (`w:pPrChange` holds its own);
//!   paragraphs that go with the tables after them (a day added to the
//!   programme: its heading and its table) are marked with them, though
//!   LibreOffice then keeps an empty paragraph where the heading was;
//! - no move markup (`w:moveFrom`/`w:moveTo`): a moved paragraph is deleted
//!   where it was and inserted where it is;
//! - `w14:paraId` stays unique (both versions number their paragraphs from
//!   1: the merged parts are numbered again).

use super::package::zip_parts;
use crate::diff::align::{self, Op};
use crate::model::Document;
use crate::style::Style;
use crate::values::Date;
use anyhow::{Context, Result, bail};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::io::Read;

/// Who made the changes, and when (Word shows both beside each change).
#[derive(Debug, Clone)]
pub struct Revision {
    pub author: String,
    pub date: Date,
}

/// The DOCX of `old` with tracked changes leading to `new`.
pub fn write(old: &Document, new: &Document, style: &Style, rev: &Revision) -> Result<Vec<u8>> {
    let a = super::write(old, style)?;
    let b = super::write(new, style)?;
    merge(&a, &b, rev)
}

// ------------------------------------------------------------------ XML

#[derive(Debug, Clone, PartialEq)]
enum Node {
    El(El),
    /// Character data, unescaped.
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
struct El {
    name: String,
    /// Attribute values as written (escaped).
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl El {
    fn new(name: &str) -> El {
        El {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    fn with(mut self, key: &str, value: &str) -> El {
        self.attrs.push((key.to_string(), value.to_string()));
        self
    }

    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn set_attr(&mut self, key: &str, value: String) {
        match self.attrs.iter_mut().find(|(k, _)| k == key) {
            Some(a) => a.1 = value,
            None => self.attrs.push((key.to_string(), value)),
        }
    }

    fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|c| match c {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.name == name)
    }

    fn child_mut(&mut self, name: &str) -> Option<&mut El> {
        self.children.iter_mut().find_map(|c| match c {
            Node::El(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    fn push(&mut self, el: El) {
        self.children.push(Node::El(el));
    }

    /// The text of `w:t` (and `w:delText`) inside, for likeness.
    fn text(&self) -> String {
        let mut s = String::new();
        fn walk(e: &El, s: &mut String) {
            for c in &e.children {
                match c {
                    Node::El(c) if c.name == "w:p" => {
                        walk(c, s);
                        s.push(' ');
                    }
                    Node::El(c) => walk(c, s),
                    Node::Text(t) if e.name == "w:t" || e.name == "w:delText" => s.push_str(t),
                    Node::Text(_) => {}
                }
            }
        }
        walk(self, &mut s);
        s
    }

    /// The element as written, without the paragraph ids both versions
    /// number on their own: equal keys print the same.
    fn key(&self) -> String {
        let mut s = String::new();
        write_el(self, &mut s, true);
        s
    }
}

fn parse(xml: &[u8]) -> Result<(bool, El)> {
    let mut reader = Reader::from_reader(xml);
    let mut stack: Vec<El> = Vec::new();
    let mut root = None;
    let mut decl = false;
    let start = |s: &BytesStart| -> Result<El> {
        let mut el = El::new(std::str::from_utf8(s.name().as_ref())?);
        for a in s.attributes().with_checks(false) {
            let a = a?;
            el.attrs.push((
                std::str::from_utf8(a.key.as_ref())?.to_string(),
                std::str::from_utf8(&a.value)?.to_string(),
            ));
        }
        Ok(el)
    };
    let text = |stack: &mut Vec<El>, t: &str| {
        if let Some(top) = stack.last_mut() {
            match top.children.last_mut() {
                Some(Node::Text(s)) => s.push_str(t),
                _ => top.children.push(Node::Text(t.to_string())),
            }
        }
    };
    loop {
        match reader.read_event()? {
            Event::Start(s) => stack.push(start(&s)?),
            Event::Empty(s) => {
                let el = start(&s)?;
                match stack.last_mut() {
                    Some(top) => top.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack.pop().context("an end tag without a start tag")?;
                match stack.last_mut() {
                    Some(top) => top.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => text(&mut stack, &t.decode()?),
            Event::CData(t) => text(&mut stack, &t.decode()?),
            Event::GeneralRef(r) => {
                let c = if let Some(c) = r.resolve_char_ref()? {
                    c
                } else {
                    match r.decode()?.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => bail!("unknown entity &{other};"),
                    }
                };
                text(&mut stack, c.encode_utf8(&mut [0; 4]));
            }
            Event::Decl(_) => decl = true,
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        bail!("the XML ends inside an element");
    }
    Ok((decl, root.context("no root element")?))
}

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

fn write_el(el: &El, out: &mut String, for_key: bool) {
    out.push('<');
    out.push_str(&el.name);
    for (k, v) in &el.attrs {
        if for_key && (k == "w14:paraId" || k == "w14:textId") {
            continue;
        }
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(v);
        out.push('"');
    }
    if el.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &el.children {
        match c {
            Node::El(e) => write_el(e, out, for_key),
            Node::Text(t) => escape_text(t, out),
        }
    }
    out.push_str("</");
    out.push_str(&el.name);
    out.push('>');
}

fn serialize(decl: bool, root: &El) -> Vec<u8> {
    let mut s = String::new();
    if decl {
        s.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    }
    write_el(root, &mut s, false);
    s.into_bytes()
}

// ------------------------------------------------------------- the merge

/// The state of a paragraph's mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Kept,
    Inserted,
    Deleted,
}

/// A piece of a paragraph's content.
#[derive(Debug, Clone)]
struct Tok {
    /// The element the run sits in (a hyperlink), without its children.
    wrap: Option<El>,
    /// The run's properties.
    rpr: Option<El>,
    piece: Piece,
    key: String,
}

#[derive(Debug, Clone)]
enum Piece {
    /// Text of a `w:t`.
    Text(String),
    /// Another run child: a tab, a break, a note reference.
    Run(El),
    /// A paragraph child that is not a run (a bookmark).
    Bare(El),
}

fn tokens(p: &El) -> Vec<Tok> {
    let mut out = Vec::new();
    fn run(r: &El, wrap: &Option<El>, out: &mut Vec<Tok>) {
        let rpr = r.child("w:rPr").cloned();
        let base = format!(
            "{}|{}|",
            wrap.as_ref().map(El::key).unwrap_or_default(),
            rpr.as_ref().map(El::key).unwrap_or_default()
        );
        for c in r.elements() {
            match c.name.as_str() {
                "w:rPr" => {}
                "w:t" | "w:delText" => {
                    let text = c.text();
                    for piece in align::pieces(&text) {
                        out.push(Tok {
                            wrap: wrap.clone(),
                            rpr: rpr.clone(),
                            piece: Piece::Text(piece.to_string()),
                            key: format!("{base}t:{piece}"),
                        });
                    }
                }
                name => {
                    let key = if name == "w:footnoteReference" {
                        format!("{base}note")
                    } else {
                        format!("{base}{}", c.key())
                    };
                    out.push(Tok {
                        wrap: wrap.clone(),
                        rpr: rpr.clone(),
                        piece: Piece::Run(c.clone()),
                        key,
                    });
                }
            }
        }
    }
    for c in p.elements() {
        match c.name.as_str() {
            "w:pPr" => {}
            "w:r" => run(c, &None, &mut out),
            _ if c.elements().any(|e| e.name == "w:r") => {
                let wrap = Some(El {
                    children: Vec::new(),
                    ..c.clone()
                });
                for r in c.elements() {
                    if r.name == "w:r" {
                        run(r, &wrap, &mut out);
                    }
                }
            }
            _ => out.push(Tok {
                wrap: None,
                rpr: None,
                key: c.key(),
                piece: Piece::Bare(c.clone()),
            }),
        }
    }
    out
}

/// A paragraph of the output, its mark still to be set.
struct OutPara {
    el: El,
    mark: Mark,
    /// Its properties before the change, when they changed.
    ppr_change: Option<El>,
}

enum Out {
    Para(OutPara),
    /// A table (inserted or deleted whole, or not) or another element.
    Other(El, Mark),
}

struct Merger {
    author: String,
    date: String,
    next_id: u32,
    old_notes: BTreeMap<String, El>,
    new_notes: BTreeMap<String, El>,
    /// The notes of the merged document, in order of reference.
    notes: Vec<El>,
    next_note: u32,
}

impl Merger {
    fn mark(&mut self, name: &str) -> El {
        let id = self.next_id;
        self.next_id += 1;
        El::new(name)
            .with("w:id", &id.to_string())
            .with("w:author", &self.author)
            .with("w:date", &self.date)
    }

    /// The children of a body, cell, note or header (`old`, `new`: their
    /// block elements) merged.
    fn container(&mut self, old: &[El], new: &[El]) -> Vec<El> {
        let ops = align::pair(
            old,
            new,
            |a, b| a.key() == b.key(),
            |a, b| match (a.name.as_str(), b.name.as_str()) {
                ("w:p", "w:p") => align::likeness(&a.text(), &b.text()),
                ("w:tbl", "w:tbl") if grid(a) == grid(b) => {
                    0.5 + 0.5 * align::likeness(&a.text(), &b.text())
                }
                _ => 0.0,
            },
            0.35,
        );
        let ops = last_paragraphs_paired(ops, old, new);
        let mut out = Vec::new();
        for op in ops {
            match op {
                Op::Same(_, j) => {
                    self.notes_of_same(&new[j]);
                    out.push(match new[j].name.as_str() {
                        "w:p" => Out::Para(OutPara {
                            el: new[j].clone(),
                            mark: Mark::Kept,
                            ppr_change: None,
                        }),
                        _ => Out::Other(new[j].clone(), Mark::Kept),
                    })
                }
                Op::Changed(i, j) => out.push(if new[j].name == "w:p" {
                    Out::Para(self.paragraph(&old[i], &new[j]))
                } else {
                    Out::Other(self.table(&old[i], &new[j]), Mark::Kept)
                }),
                Op::Removed(i) => match old[i].name.as_str() {
                    "w:p" => out.push(Out::Para(self.whole_paragraph(&old[i], Mark::Deleted))),
                    "w:tbl" => out.push(Out::Other(
                        self.whole_table(&old[i], Mark::Deleted),
                        Mark::Deleted,
                    )),
                    _ => {}
                },
                Op::Added(j) => out.push(match new[j].name.as_str() {
                    "w:p" => Out::Para(self.whole_paragraph(&new[j], Mark::Inserted)),
                    "w:tbl" => {
                        Out::Other(self.whole_table(&new[j], Mark::Inserted), Mark::Inserted)
                    }
                    _ => Out::Other(new[j].clone(), Mark::Kept),
                }),
            }
        }
        self.fix_marks(&mut out);
        self.finish(out)
    }

    /// A paragraph before a table or at the end keeps its mark (see the
    /// module's notes).
    fn fix_marks(&mut self, out: &mut [Out]) {
        let mut end = out.len();
        loop {
            // The group of paragraphs ending at `end`.
            let mut start = end;
            while start > 0 && matches!(out[start - 1], Out::Para(_)) {
                start -= 1;
            }
            if start < end {
                self.fix_group(out, start, end);
            }
            // Skip the non-paragraphs before it.
            let mut next = start;
            while next > 0 && !matches!(out[next - 1], Out::Para(_)) {
                next -= 1;
            }
            if next == 0 {
                break;
            }
            end = next;
        }
    }

    fn fix_group(&mut self, out: &mut [Out], start: usize, end: usize) {
        let mark = |o: &Out| match o {
            Out::Para(p) => p.mark,
            Out::Other(_, m) => *m,
        };
        // The changed paragraphs at the end of the group.
        let mut t = end;
        while t > start && mark(&out[t - 1]) != Mark::Kept {
            t -= 1;
        }
        if t == end {
            return;
        }
        // Only removed, or only added, paragraphs at the end: the mark of
        // the kept paragraph before them takes their state, the last one
        // keeps its mark.
        if t == start {
            // No kept paragraph. Where everything after the group goes in
            // the same version (a day added at the end: its heading and its
            // table), the marks go with it; else the last mark stays (an
            // empty paragraph remains in one of the versions).
            let state = mark(&out[end - 1]);
            let same = |o: &Out| mark(o) == state;
            if end < out.len() && out[start..].iter().all(same) {
                return;
            }
            if let Out::Para(p) = &mut out[end - 1] {
                p.mark = Mark::Kept;
            }
            return;
        }
        let state = mark(&out[end - 1]);
        let kept_ppr = match &out[t - 1] {
            Out::Para(p) => p.el.child("w:pPr").cloned(),
            Out::Other(..) => None,
        };
        if let Out::Para(x) = &mut out[t - 1] {
            x.mark = state;
        }
        let Out::Para(last) = &mut out[end - 1] else {
            return;
        };
        last.mark = Mark::Kept;
        let own = last.el.child("w:pPr").cloned();
        if state == Mark::Deleted {
            // Accepted, the kept text ends in this mark: its properties.
            set_ppr(&mut last.el, kept_ppr);
            last.ppr_change = Some(own.unwrap_or_else(|| El::new("w:pPr")));
        } else {
            // Rejected, the kept text ends in this mark: its properties
            // before.
            last.ppr_change = Some(kept_ppr.unwrap_or_else(|| El::new("w:pPr")));
        }
    }

    /// The paragraphs with their marks set.
    fn finish(&mut self, out: Vec<Out>) -> Vec<El> {
        out.into_iter()
            .map(|o| match o {
                Out::Other(e, _) => e,
                Out::Para(p) => {
                    let mut el = p.el;
                    if let Some(before) = p.ppr_change
                        && strip(&before) != strip_opt(el.child("w:pPr"))
                    {
                        let mut change = self.mark("w:pPrChange");
                        change.push(strip(&before));
                        ppr(&mut el).push(change);
                    }
                    match p.mark {
                        Mark::Kept => {}
                        Mark::Inserted => self.mark_paragraph(&mut el, "w:ins"),
                        Mark::Deleted => self.mark_paragraph(&mut el, "w:del"),
                    }
                    el
                }
            })
            .collect()
    }

    fn mark_paragraph(&mut self, p: &mut El, name: &str) {
        let m = self.mark(name);
        let ppr = ppr(p);
        let at = ppr
            .children
            .iter()
            .position(
                |c| matches!(c, Node::El(e) if e.name == "w:sectPr" || e.name == "w:pPrChange"),
            )
            .unwrap_or(ppr.children.len());
        if ppr.child("w:rPr").is_none() {
            ppr.children.insert(at, Node::El(El::new("w:rPr")));
        }
        let rpr = ppr.child_mut("w:rPr").expect("just made");
        rpr.children.insert(0, Node::El(m));
    }

    /// `old` changed into `new`, word by word.
    fn paragraph(&mut self, old: &El, new: &El) -> OutPara {
        let (a, b) = (tokens(old), tokens(new));
        let ops = align::lcs(&a, &b, |x, y| x.key == y.key);
        let mut items = Vec::new();
        for op in ops {
            match op {
                Op::Same(i, j) | Op::Changed(i, j) => {
                    let mut t = b[j].clone();
                    if let (Piece::Run(o), Piece::Run(n)) = (&a[i].piece, &mut t.piece)
                        && n.name == "w:footnoteReference"
                    {
                        let id = self.note_pair(o.attr("w:id"), n.attr("w:id"));
                        n.set_attr("w:id", id);
                    }
                    items.push((t, Mark::Kept));
                }
                Op::Removed(i) => items.push((self.note_of(&a[i], Mark::Deleted), Mark::Deleted)),
                Op::Added(j) => items.push((self.note_of(&b[j], Mark::Inserted), Mark::Inserted)),
            }
        }
        let ppr_old = old.child("w:pPr");
        let ppr_new = new.child("w:pPr");
        let mut el = El {
            children: Vec::new(),
            ..new.clone()
        };
        if let Some(p) = ppr_new {
            el.push(p.clone());
        }
        let content = self.runs(items);
        el.children.extend(content.into_iter().map(Node::El));
        OutPara {
            el,
            mark: Mark::Kept,
            ppr_change: (strip_opt(ppr_old) != strip_opt(ppr_new))
                .then(|| ppr_old.cloned().unwrap_or_else(|| El::new("w:pPr"))),
        }
    }

    /// A paragraph inserted or deleted whole (its mark set later).
    fn whole_paragraph(&mut self, p: &El, mark: Mark) -> OutPara {
        let items: Vec<(Tok, Mark)> = tokens(p)
            .into_iter()
            .map(|t| (self.note_of(&t, mark), mark))
            .collect();
        let mut el = El {
            children: Vec::new(),
            ..p.clone()
        };
        if let Some(ppr) = p.child("w:pPr") {
            el.push(ppr.clone());
        }
        let content = self.runs(items);
        el.children.extend(content.into_iter().map(Node::El));
        OutPara {
            el,
            mark,
            ppr_change: None,
        }
    }

    /// A note reference inserted or deleted: its note goes into the merged
    /// notes, inserted or deleted whole, under a new id for a deleted one.
    fn note_of(&mut self, t: &Tok, mark: Mark) -> Tok {
        let mut t = t.clone();
        if let Piece::Run(r) = &mut t.piece
            && r.name == "w:footnoteReference"
            && let Some(id) = r.attr("w:id").map(str::to_string)
        {
            let (source, new_id) = if mark == Mark::Deleted {
                let id_new = self.next_note.to_string();
                self.next_note += 1;
                (self.old_notes.get(&id).cloned(), id_new)
            } else {
                (self.new_notes.get(&id).cloned(), id.clone())
            };
            if let Some(note) = source {
                let paras: Vec<El> = note.elements().cloned().collect();
                let merged = self.whole_container(&paras, mark);
                let mut el = El {
                    children: Vec::new(),
                    ..note
                };
                el.set_attr("w:id", new_id.clone());
                el.children = merged.into_iter().map(Node::El).collect();
                self.notes.push(el);
            }
            r.set_attr("w:id", new_id);
        }
        t
    }

    /// A note referred to in both versions: its text merged, under the new
    /// version's id.
    fn note_pair(&mut self, old: Option<&str>, new: Option<&str>) -> String {
        let new_id = new.unwrap_or_default().to_string();
        let (Some(o), Some(n)) = (
            old.and_then(|i| self.old_notes.get(i)).cloned(),
            self.new_notes.get(&new_id).cloned(),
        ) else {
            return new_id;
        };
        let a: Vec<El> = o.elements().cloned().collect();
        let b: Vec<El> = n.elements().cloned().collect();
        let merged = self.container(&a, &b);
        let mut el = El {
            children: Vec::new(),
            ..n
        };
        el.children = merged.into_iter().map(Node::El).collect();
        self.notes.push(el);
        new_id
    }

    /// The notes referred to in an element the same in both versions:
    /// their texts merged (a note may have changed under the same
    /// reference).
    fn notes_of_same(&mut self, el: &El) {
        if el.name == "w:footnoteReference" {
            let id = el.attr("w:id").map(str::to_string);
            self.note_pair(id.as_deref(), id.as_deref());
            return;
        }
        for c in el.elements() {
            self.notes_of_same(c);
        }
    }

    /// Runs from pieces: neighbours alike (same hyperlink, properties and
    /// state) share a run, runs of one state share a `w:ins`/`w:del`.
    fn runs(&mut self, items: Vec<(Tok, Mark)>) -> Vec<El> {
        // Runs, each with its wrapper and state.
        let mut runs: Vec<(Option<El>, Mark, El)> = Vec::new();
        for (t, mark) in items {
            let run_key = |w: &Option<El>, r: &Option<El>| {
                (
                    w.as_ref().map(El::key).unwrap_or_default(),
                    r.as_ref().map(El::key).unwrap_or_default(),
                )
            };
            let piece = match t.piece {
                Piece::Bare(e) => {
                    if mark != Mark::Deleted {
                        runs.push((t.wrap, mark, e));
                    }
                    continue;
                }
                Piece::Text(s) => {
                    let name = if mark == Mark::Deleted {
                        "w:delText"
                    } else {
                        "w:t"
                    };
                    let mut el = El::new(name).with("xml:space", "preserve");
                    el.children.push(Node::Text(s));
                    el
                }
                Piece::Run(e) => e,
            };
            let joinable = runs.last().is_some_and(|(w, m, r)| {
                r.name == "w:r"
                    && *m == mark
                    && run_key(w, &r.child("w:rPr").cloned()) == run_key(&t.wrap, &t.rpr)
            });
            if !joinable {
                let mut r = El::new("w:r");
                if let Some(rpr) = &t.rpr {
                    r.push(rpr.clone());
                }
                runs.push((t.wrap.clone(), mark, r));
            }
            let r = &mut runs.last_mut().expect("a run").2;
            // Neighbouring text goes into one w:t.
            if let (Some(Node::El(last)), Some(Node::Text(s))) =
                (r.children.last_mut(), piece.children.first())
                && last.name == piece.name
                && (piece.name == "w:t" || piece.name == "w:delText")
            {
                match last.children.last_mut() {
                    Some(Node::Text(l)) => l.push_str(s),
                    _ => last.children.push(Node::Text(s.clone())),
                }
                continue;
            }
            r.push(piece);
        }
        // Wrappers, then the states inside them.
        let mut out: Vec<El> = Vec::new();
        let mut i = 0;
        while i < runs.len() {
            let wrap = runs[i].0.clone();
            let mut j = i;
            while j < runs.len() && runs[j].0 == wrap {
                j += 1;
            }
            let mut inner: Vec<El> = Vec::new();
            let mut k = i;
            while k < j {
                let mark = runs[k].1;
                let mut l = k;
                while l < j && runs[l].1 == mark && runs[l].2.name == "w:r" {
                    l += 1;
                }
                if l == k {
                    // A bare element.
                    inner.push(runs[k].2.clone());
                    k += 1;
                    continue;
                }
                match mark {
                    Mark::Kept => inner.extend(runs[k..l].iter().map(|r| r.2.clone())),
                    Mark::Inserted | Mark::Deleted => {
                        let mut m = self.mark(if mark == Mark::Inserted {
                            "w:ins"
                        } else {
                            "w:del"
                        });
                        m.children = runs[k..l].iter().map(|r| Node::El(r.2.clone())).collect();
                        inner.push(m);
                    }
                }
                k = l;
            }
            match wrap {
                Some(mut w) => {
                    w.children = inner.into_iter().map(Node::El).collect();
                    out.push(w);
                }
                None => out.extend(inner),
            }
            i = j;
        }
        out
    }

    /// Paragraphs inserted or deleted whole, with their marks, but the
    /// last one's (a cell, a note or a row is never left without one).
    fn whole_container(&mut self, blocks: &[El], mark: Mark) -> Vec<El> {
        let n = blocks.len();
        let mut out = Vec::new();
        for (k, b) in blocks.iter().enumerate() {
            match b.name.as_str() {
                "w:p" => {
                    let mut p = self.whole_paragraph(b, mark);
                    if k + 1 == n || blocks.get(k + 1).is_some_and(|x| x.name != "w:p") {
                        p.mark = Mark::Kept;
                    }
                    out.push(Out::Para(p));
                }
                "w:tbl" => out.push(Out::Other(self.whole_table(b, mark), mark)),
                _ => out.push(Out::Other(b.clone(), Mark::Kept)),
            }
        }
        self.finish(out)
    }

    fn whole_table(&mut self, t: &El, mark: Mark) -> El {
        let mut el = El {
            children: Vec::new(),
            ..t.clone()
        };
        for c in t.elements() {
            if c.name == "w:tr" {
                el.push(self.whole_row(c, mark));
            } else {
                el.push(c.clone());
            }
        }
        el
    }

    fn whole_row(&mut self, tr: &El, mark: Mark) -> El {
        let mut el = El {
            children: Vec::new(),
            ..tr.clone()
        };
        let mut trpr = tr
            .child("w:trPr")
            .cloned()
            .unwrap_or_else(|| El::new("w:trPr"));
        trpr.push(self.mark(if mark == Mark::Inserted {
            "w:ins"
        } else {
            "w:del"
        }));
        // w:trPr comes after w:tblPrEx, if any.
        for c in tr.elements() {
            if c.name == "w:tblPrEx" {
                el.push(c.clone());
            }
        }
        el.push(trpr);
        for c in tr.elements() {
            match c.name.as_str() {
                "w:trPr" | "w:tblPrEx" => {}
                "w:tc" => el.push(self.whole_cell(c, mark)),
                _ => el.push(c.clone()),
            }
        }
        el
    }

    fn whole_cell(&mut self, tc: &El, mark: Mark) -> El {
        let mut el = El {
            children: Vec::new(),
            ..tc.clone()
        };
        if let Some(p) = tc.child("w:tcPr") {
            el.push(p.clone());
        }
        let blocks: Vec<El> = tc
            .elements()
            .filter(|e| e.name != "w:tcPr")
            .cloned()
            .collect();
        for b in self.whole_container(&blocks, mark) {
            el.push(b);
        }
        el
    }

    /// A table changed: rows lined up, changed rows merged cell by cell.
    fn table(&mut self, old: &El, new: &El) -> El {
        let rows = |t: &El| {
            t.elements()
                .filter(|e| e.name == "w:tr")
                .cloned()
                .collect::<Vec<_>>()
        };
        let (a, b) = (rows(old), rows(new));
        let cells = |r: &El| r.elements().filter(|e| e.name == "w:tc").count();
        let ops = align::pair(
            &a,
            &b,
            |x, y| x.key() == y.key(),
            |x, y| {
                if cells(x) == cells(y) {
                    align::likeness(&x.text(), &y.text())
                } else {
                    0.0
                }
            },
            0.3,
        );
        let mut el = El {
            children: Vec::new(),
            ..new.clone()
        };
        for c in new.elements() {
            if c.name != "w:tr" {
                el.push(c.clone());
            }
        }
        for op in ops {
            match op {
                Op::Same(_, j) => {
                    self.notes_of_same(&b[j]);
                    el.push(b[j].clone())
                }
                Op::Changed(i, j) => el.push(self.row(&a[i], &b[j])),
                Op::Removed(i) => el.push(self.whole_row(&a[i], Mark::Deleted)),
                Op::Added(j) => el.push(self.whole_row(&b[j], Mark::Inserted)),
            }
        }
        el
    }

    fn row(&mut self, old: &El, new: &El) -> El {
        let cells = |r: &El| {
            r.elements()
                .filter(|e| e.name == "w:tc")
                .cloned()
                .collect::<Vec<_>>()
        };
        let (a, b) = (cells(old), cells(new));
        let mut el = El {
            children: Vec::new(),
            ..new.clone()
        };
        let mut k = 0;
        for c in new.elements() {
            if c.name != "w:tc" {
                el.push(c.clone());
                continue;
            }
            let (o, n) = (&a[k], &b[k]);
            k += 1;
            let mut tc = El {
                children: Vec::new(),
                ..n.clone()
            };
            if let Some(p) = n.child("w:tcPr") {
                tc.push(p.clone());
            }
            let blocks = |t: &El| {
                t.elements()
                    .filter(|e| e.name != "w:tcPr")
                    .cloned()
                    .collect::<Vec<_>>()
            };
            for x in self.container(&blocks(o), &blocks(n)) {
                tc.push(x);
            }
            el.push(tc);
        }
        el
    }
}

/// Where the paragraphs before a table or at the end of a container end
/// in removed and added paragraphs, the last removed and the last added
/// one become one changed paragraph, last: then that mark is kept. (The
/// removed and added paragraphs of a stretch may go in any order.)
fn last_paragraphs_paired(ops: Vec<Op>, old: &[El], new: &[El]) -> Vec<Op> {
    let is_p = |op: &Op| match *op {
        Op::Same(_, j) | Op::Changed(_, j) | Op::Added(j) => new[j].name == "w:p",
        Op::Removed(i) => old[i].name == "w:p",
    };
    // Removed elements that are neither paragraphs nor tables leave nothing.
    let ops: Vec<Op> = ops
        .into_iter()
        .filter(
            |op| !matches!(*op, Op::Removed(i) if old[i].name != "w:p" && old[i].name != "w:tbl"),
        )
        .collect();
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    let mut k = 0;
    while k < ops.len() {
        if !is_p(&ops[k]) {
            out.push(ops[k]);
            k += 1;
            continue;
        }
        let mut end = k;
        while end < ops.len() && is_p(&ops[end]) {
            end += 1;
        }
        let mut group: Vec<Op> = ops[k..end].to_vec();
        let mut tail = group.len();
        while tail > 0 && matches!(group[tail - 1], Op::Removed(_) | Op::Added(_)) {
            tail -= 1;
        }
        let del = (tail..group.len()).rfind(|&x| matches!(group[x], Op::Removed(_)));
        let ins = (tail..group.len()).rfind(|&x| matches!(group[x], Op::Added(_)));
        if let (Some(d), Some(a)) = (del, ins)
            && let (Op::Removed(i), Op::Added(j)) = (group[d], group[a])
        {
            group.remove(d.max(a));
            group.remove(d.min(a));
            group.push(Op::Changed(i, j));
        }
        out.extend(group);
        k = end;
    }
    out
}

/// The column widths of a table (tables pair only with the same grid).
fn grid(t: &El) -> usize {
    t.child("w:tblGrid")
        .map(|g| g.elements().filter(|e| e.name == "w:gridCol").count())
        .unwrap_or(0)
}

/// A paragraph's properties, made if missing (first child).
fn ppr(p: &mut El) -> &mut El {
    if p.child("w:pPr").is_none() {
        p.children.insert(0, Node::El(El::new("w:pPr")));
    }
    p.child_mut("w:pPr").expect("just made")
}

/// Replaces the paragraph's properties (keeping its mark's run properties).
fn set_ppr(p: &mut El, new: Option<El>) {
    let rpr = p.child("w:pPr").and_then(|x| x.child("w:rPr")).cloned();
    p.children
        .retain(|c| !matches!(c, Node::El(e) if e.name == "w:pPr"));
    let mut new = new.unwrap_or_else(|| El::new("w:pPr"));
    new.children
        .retain(|c| !matches!(c, Node::El(e) if e.name == "w:rPr"));
    if let Some(r) = rpr {
        let at = new
            .children
            .iter()
            .position(
                |c| matches!(c, Node::El(e) if e.name == "w:sectPr" || e.name == "w:pPrChange"),
            )
            .unwrap_or(new.children.len());
        new.children.insert(at, Node::El(r));
    }
    p.children.insert(0, Node::El(new));
}

/// Paragraph properties as `w:pPrChange` holds them: no run properties,
/// section or earlier change.
fn strip(ppr: &El) -> El {
    let mut e = ppr.clone();
    e.children.retain(|c| {
        !matches!(c, Node::El(x) if x.name == "w:rPr" || x.name == "w:sectPr" || x.name == "w:pPrChange")
    });
    e
}

fn strip_opt(ppr: Option<&El>) -> El {
    ppr.map(strip).unwrap_or_else(|| El::new("w:pPr"))
}

/// The block children of a body (without its `w:sectPr`).
fn blocks(body: &El) -> Vec<El> {
    body.elements()
        .filter(|e| e.name != "w:sectPr")
        .cloned()
        .collect()
}

fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i)?;
        let name = f.name()?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        out.push((name, data));
    }
    Ok(out)
}

/// The greatest `w:id` of annotations (bookmarks, comments, revisions) in a
/// part: revision ids are counted on from there.
fn max_annotation_id(el: &El) -> u32 {
    let own = match el.name.as_str() {
        "w:footnoteReference" | "w:endnoteReference" | "w:footnote" | "w:endnote" => 0,
        _ => el
            .attr("w:id")
            .and_then(|v| v.parse::<i64>().ok())
            .map(|v| v.max(0) as u32)
            .unwrap_or(0),
    };
    el.elements().map(max_annotation_id).fold(own, u32::max)
}

/// Numbers in document order: `w14:paraId` 1, 2, 3, … (both versions
/// numbered theirs from 1), and the revisions' `w:id` (made as the merge
/// went) from the first free id on.
struct Numbers {
    paras: u32,
    revisions: u32,
}

fn renumber(el: &mut El, n: &mut Numbers) {
    if el.name == "w:p" && el.attr("w14:paraId").is_some() {
        n.paras += 1;
        el.set_attr("w14:paraId", format!("{:08X}", n.paras));
    }
    if el.attr("w:author").is_some() && el.attr("w:id").is_some() {
        el.set_attr("w:id", n.revisions.to_string());
        n.revisions += 1;
    }
    for c in el.children.iter_mut() {
        if let Node::El(c) = c {
            renumber(c, n);
        }
    }
}

fn merge(old: &[u8], new: &[u8], rev: &Revision) -> Result<Vec<u8>> {
    let old_parts = unzip(old).context("internal: the circulated DOCX")?;
    let new_parts = unzip(new).context("internal: the current DOCX")?;
    let get = |parts: &[(String, Vec<u8>)], name: &str| -> Option<Vec<u8>> {
        parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.clone())
    };
    let notes_of = |parts: &[(String, Vec<u8>)]| -> Result<Option<(bool, El)>> {
        get(parts, "word/footnotes.xml")
            .map(|d| parse(&d))
            .transpose()
    };
    let (old_notes, new_notes) = (notes_of(&old_parts)?, notes_of(&new_parts)?);
    let by_id = |notes: &Option<(bool, El)>| -> BTreeMap<String, El> {
        notes
            .iter()
            .flat_map(|(_, root)| root.elements())
            .filter(|n| n.name == "w:footnote" && n.attr("w:type").is_none())
            .filter_map(|n| Some((n.attr("w:id")?.to_string(), n.clone())))
            .collect()
    };
    let mut m = Merger {
        author: super::text::escape(&rev.author),
        date: format!("{}T00:00:00Z", rev.date),
        next_id: 1,
        old_notes: by_id(&old_notes),
        new_notes: by_id(&new_notes),
        notes: Vec::new(),
        next_note: 0,
    };
    m.next_note = m
        .new_notes
        .keys()
        .chain(m.old_notes.keys())
        .filter_map(|k| k.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut parsed: Vec<(String, Option<(bool, El)>)> = Vec::new();
    for (name, data) in &new_parts {
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        parsed.push((
            name.clone(),
            if xml {
                Some(parse(data).with_context(|| format!("internal: {name} is not XML"))?)
            } else {
                None
            },
        ));
    }
    m.next_id = parsed
        .iter()
        .filter_map(|(_, p)| p.as_ref())
        .map(|(_, root)| max_annotation_id(root))
        .max()
        .unwrap_or(0)
        + 1;

    // The body.
    let (decl, old_doc) = parse(&get(&old_parts, "word/document.xml").context("no document")?)?;
    let old_body = old_doc
        .child("w:body")
        .context("a document without a body")?;
    let mut out_parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut paras = Numbers {
        paras: 0,
        revisions: m.next_id,
    };
    let mut document = None;
    for (name, p) in &parsed {
        if name != "word/document.xml" {
            continue;
        }
        let (_, new_doc) = p.as_ref().context("no document")?;
        let mut doc = new_doc.clone();
        let body = doc
            .child_mut("w:body")
            .context("a document without a body")?;
        let merged = m.container(&blocks(old_body), &blocks(body));
        let sect = body.child("w:sectPr").cloned();
        body.children = merged.into_iter().map(Node::El).collect();
        if let Some(s) = sect {
            body.push(s);
        }
        renumber(&mut doc, &mut paras);
        document = Some(serialize(decl, &doc));
    }
    // Headers and footers of the same name.
    for (name, p) in &parsed {
        let story = (name.starts_with("word/header") || name.starts_with("word/footer"))
            && name.ends_with(".xml");
        if name == "word/document.xml" {
            out_parts.push((name.clone(), document.clone().context("no document")?));
            continue;
        }
        if name == "word/footnotes.xml" {
            // Written once the notes are known.
            out_parts.push((name.clone(), Vec::new()));
            continue;
        }
        let data = match (story, p, get(&old_parts, name)) {
            (true, Some((decl, root)), Some(old)) => {
                let (_, old_root) = parse(&old)?;
                let mut root = root.clone();
                let merged = m.container(
                    &old_root.elements().cloned().collect::<Vec<_>>(),
                    &root.elements().cloned().collect::<Vec<_>>(),
                );
                root.children = merged.into_iter().map(Node::El).collect();
                renumber(&mut root, &mut paras);
                serialize(*decl, &root)
            }
            _ => new_parts
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, d)| d.clone())
                .unwrap_or_default(),
        };
        out_parts.push((name.clone(), data));
    }
    // The notes: the separators, then every note referred to.
    if !m.notes.is_empty() {
        let (decl, root) = new_notes
            .clone()
            .or(old_notes.clone())
            .context("internal: notes without a notes part")?;
        let mut root = El {
            children: Vec::new(),
            ..root
        };
        for sep in new_notes
            .iter()
            .chain(old_notes.iter())
            .take(1)
            .flat_map(|(_, r)| r.elements())
            .filter(|n| n.attr("w:type").is_some())
        {
            root.push(sep.clone());
        }
        let mut notes = std::mem::take(&mut m.notes);
        for n in notes.iter_mut() {
            renumber(n, &mut paras);
        }
        root.children.extend(notes.into_iter().map(Node::El));
        let data = serialize(decl, &root);
        match out_parts
            .iter_mut()
            .find(|(n, _)| n == "word/footnotes.xml")
        {
            Some(p) => p.1 = data,
            None => {
                // Only the circulated version has notes: take its notes
                // part, with its type, relationship and settings.
                add_notes_part(&mut out_parts, &old_parts, data)?;
            }
        }
    } else if let Some(i) = out_parts
        .iter()
        .position(|(n, _)| n == "word/footnotes.xml")
    {
        // The current version has notes part but no note is referred to.
        let (_, data) = new_parts
            .iter()
            .find(|(n, _)| n == "word/footnotes.xml")
            .context("notes")?;
        out_parts[i].1 = data.clone();
    }
    zip_parts(&out_parts)
}

/// Adds the notes part of the circulated version to a package that has
/// none: the part, its content type, its relationship and the settings
/// that name the separators.
fn add_notes_part(
    parts: &mut Vec<(String, Vec<u8>)>,
    old: &[(String, Vec<u8>)],
    notes: Vec<u8>,
) -> Result<()> {
    let find = |name: &str| -> Result<El> {
        let data = old
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.clone())
            .with_context(|| format!("internal: no {name}"))?;
        Ok(parse(&data)?.1)
    };
    let copy = |parts: &mut Vec<(String, Vec<u8>)>,
                part: &str,
                pick: &dyn Fn(&El) -> bool|
     -> Result<()> {
        let from = find(part)?;
        let i = parts
            .iter()
            .position(|(n, _)| n == part)
            .with_context(|| format!("internal: no {part}"))?;
        let (decl, mut root) = parse(&parts[i].1)?;
        for e in from.elements().filter(|e| pick(e)) {
            root.push(e.clone());
        }
        parts[i].1 = serialize(decl, &root);
        Ok(())
    };
    copy(parts, "[Content_Types].xml", &|e| {
        e.attr("PartName") == Some("/word/footnotes.xml")
    })?;
    copy(parts, "word/_rels/document.xml.rels", &|e| {
        e.attr("Target") == Some("footnotes.xml")
    })?;
    if let Some(s) = old.iter().find(|(n, _)| n == "word/settings.xml")
        && let Some(p) = parts.iter_mut().find(|(n, _)| n == "word/settings.xml")
    {
        p.1 = s.1.clone();
    }
    parts.push(("word/footnotes.xml".into(), notes));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev() -> Revision {
        Revision {
            author: "ESCAP East and North-East Asia Office".into(),
            date: Date::parse("2025-09-15").unwrap(),
        }
    }

    fn merger() -> Merger {
        Merger {
            author: "A".into(),
            date: "2025-09-15T00:00:00Z".into(),
            next_id: 1,
            old_notes: BTreeMap::new(),
            new_notes: BTreeMap::new(),
            notes: Vec::new(),
            next_note: 1,
        }
    }

    fn p(xml: &str) -> El {
        parse(xml.as_bytes()).unwrap().1
    }

    fn body(xml: &str) -> Vec<El> {
        p(&format!("<w:body>{xml}</w:body>"))
            .elements()
            .cloned()
            .collect()
    }

    /// The merged elements as written, revisions numbered in document order.
    fn show(els: &[El]) -> String {
        let mut s = String::new();
        let mut n = Numbers {
            paras: 0,
            revisions: 1,
        };
        for e in els {
            let mut e = e.clone();
            renumber(&mut e, &mut n);
            write_el(&e, &mut s, false);
        }
        s.replace(r#" w:author="A" w:date="2025-09-15T00:00:00Z""#, "")
    }

    #[test]
    fn changed_words_are_deleted_and_inserted() {
        let mut m = merger();
        let out = m.container(
            &body(r#"<w:p><w:r><w:t xml:space="preserve">at the Blue Sky Hotel</w:t></w:r></w:p>"#),
            &body(
                r#"<w:p><w:r><w:t xml:space="preserve">at the Shangri-La Hotel</w:t></w:r></w:p>"#,
            ),
        );
        assert_eq!(
            show(&out),
            concat!(
                r#"<w:p><w:r><w:t xml:space="preserve">at the </w:t></w:r>"#,
                r#"<w:del w:id="1"><w:r><w:delText xml:space="preserve">Blue Sky</w:delText></w:r></w:del>"#,
                r#"<w:ins w:id="2"><w:r><w:t xml:space="preserve">Shangri-La</w:t></w:r></w:ins>"#,
                r#"<w:r><w:t xml:space="preserve"> Hotel</w:t></w:r></w:p>"#
            )
        );
    }

    #[test]
    fn a_deleted_last_paragraph_keeps_its_mark() {
        // Old: A, B; new: A. B's mark is the last: A's mark is deleted
        // instead, and B's mark takes A's properties.
        let mut m = merger();
        let out = m.container(
            &body(concat!(
                r#"<w:p><w:pPr><w:pStyle w:val="X"/></w:pPr><w:r><w:t>A</w:t></w:r></w:p>"#,
                r#"<w:p><w:pPr><w:pStyle w:val="Y"/></w:pPr><w:r><w:t>B</w:t></w:r></w:p>"#
            )),
            &body(r#"<w:p><w:pPr><w:pStyle w:val="X"/></w:pPr><w:r><w:t>A</w:t></w:r></w:p>"#),
        );
        let s = show(&out);
        assert_eq!(
            s,
            concat!(
                r#"<w:p><w:pPr><w:pStyle w:val="X"/><w:rPr><w:del w:id="1"/></w:rPr></w:pPr><w:r><w:t>A</w:t></w:r></w:p>"#,
                r#"<w:p><w:pPr><w:pStyle w:val="X"/><w:pPrChange w:id="2"><w:pPr><w:pStyle w:val="Y"/></w:pPr></w:pPrChange></w:pPr>"#,
                r#"<w:del w:id="3"><w:r><w:delText xml:space="preserve">B</w:delText></w:r></w:del></w:p>"#
            )
        );
    }

    #[test]
    fn rows_are_inserted_and_deleted_with_their_marks() {
        let mut m = merger();
        let table = |rows: &str| {
            format!(r#"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="5"/></w:tblGrid>{rows}</w:tbl>"#)
        };
        let row =
            |t: &str| format!(r#"<w:tr><w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc></w:tr>"#);
        let out = m.container(
            &body(&table(&(row("kept") + &row("gone")))),
            &body(&table(&(row("kept") + &row("new row")))),
        );
        let s = show(&out);
        assert!(s.contains(r#"<w:trPr><w:del w:id="1"/></w:trPr>"#), "{s}");
        assert!(s.contains(r#"<w:trPr><w:ins w:id="3"/></w:trPr>"#), "{s}");
        assert!(
            s.contains(r#"<w:ins w:id="4"><w:r><w:t xml:space="preserve">new row</w:t>"#),
            "{s}"
        );
        assert!(
            s.contains("<w:delText xml:space=\"preserve\">gone</w:delText>"),
            "{s}"
        );
        // The cell's only paragraph keeps its mark.
        assert!(!s.contains("<w:rPr><w:del"), "{s}");
    }

    #[test]
    fn the_same_documents_give_the_same_bytes() {
        let style = crate::style::Style::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/style.json"),
        )
        .unwrap();
        let (data, _) = crate::data::load::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/neacap-pd2"),
        )
        .unwrap();
        let old = crate::compose::concept_note::build(&data, &style);
        let mut changed = data.clone();
        for s in &mut changed.sections {
            if let crate::data::NoteSection::Background(b) = s {
                b.paragraphs.remove(0);
            }
        }
        let new = crate::compose::concept_note::build(&changed, &style);
        let a = write(&old, &new, &style, &rev()).unwrap();
        let b = write(&old, &new, &style, &rev()).unwrap();
        assert_eq!(a, b);
    }
}
