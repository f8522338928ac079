//! The one pass over the parts docx-rs writes (`document.xml`, headers,
//! footers, `footnotes.xml`), with a real XML reader and writer
//! (quick-xml), keyed on element and attribute names.
//!
//! It
//! - puts the children of property elements (`w:pPr`, `w:rPr`, `w:numPr`,
//!   `w:tblPr`, `w:trPr`, `w:tcPr`, `w:sectPr`, …) in ECMA-376 schema
//!   order: docx-rs writes e.g. `w:numId` before `w:ilvl`, and Word reads
//!   property elements in schema order only;
//! - adds what docx-rs cannot write: `w:tblHeader` on the header row (which
//!   the table writer marks, see [`mark_header_row`]), `w:tblLook` on every
//!   table, and in `footnotes.xml` the separator notes and the note number
//!   (`w:footnoteRef`) at the start of each note;
//! - drops what docx-rs should not write: empty property elements (`<w:rPr
//!   />` on every run) and the `w:type` attribute of `w:gridCol`, which the
//!   schema does not declare;
//! - numbers `w14:paraId` 1, 2, 3, … across the parts in the order they are
//!   passed, so the output does not depend on docx-rs's per-thread counter.
//!
//! Text and attribute values are copied as docx-rs escaped them.

use super::footnotes;
use anyhow::{Context, Result, bail};
use docx_rs::{HeightRule, TableRow};
use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesStart, BytesText, Event};
use std::borrow::Cow;

/// Marks `row` as the table's header row, to be repeated on every page.
///
/// docx-rs cannot write `w:tblHeader`; the row carries an automatic row
/// height of 0 instead (`<w:trHeight w:val="0" w:hRule="auto"/>`: what a
/// row without a height has, so the marker changes nothing by itself). No
/// other row of the writer sets a height; the pass turns the marker into
/// `w:tblHeader`.
pub fn mark_header_row(row: TableRow) -> TableRow {
    row.row_height(0.0).height_rule(HeightRule::Auto)
}

/// Whether `el` (a `w:trPr` child) is the marker of [`mark_header_row`].
fn is_header_marker(el: &Element) -> bool {
    el.is(b"w:trHeight")
        && el.attr(b"w:val").as_deref() == Some(b"0")
        && el.attr(b"w:hRule").as_deref() == Some(b"auto")
}

/// Schema order (ECMA-376 Part 1, transitional) of the children of each
/// property element.
const ORDER: &[(&[u8], &[&str])] = &[
    (
        b"w:pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
    ),
    (
        b"w:rPr",
        &[
            "ins",
            "del",
            "moveFrom",
            "moveTo",
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
            "rPrChange",
        ],
    ),
    (b"w:numPr", &["ilvl", "numId", "numberingChange", "ins"]),
    (
        b"w:pBdr",
        &["top", "left", "bottom", "right", "between", "bar"],
    ),
    (
        b"w:tblPr",
        &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
            "tblCaption",
            "tblDescription",
            "tblPrChange",
        ],
    ),
    (
        b"w:tblBorders",
        &[
            "top", "start", "left", "bottom", "end", "right", "insideH", "insideV",
        ],
    ),
    (
        b"w:tblCellMar",
        &["top", "start", "left", "bottom", "end", "right"],
    ),
    (
        b"w:trPr",
        &[
            "cnfStyle",
            "divId",
            "gridBefore",
            "gridAfter",
            "wBefore",
            "wAfter",
            "cantSplit",
            "trHeight",
            "tblHeader",
            "tblCellSpacing",
            "jc",
            "hidden",
            "ins",
            "del",
            "trPrChange",
        ],
    ),
    (
        b"w:tcPr",
        &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
            "headers",
            "cellIns",
            "cellDel",
            "cellMerge",
            "tcPrChange",
        ],
    ),
    (
        b"w:tcBorders",
        &[
            "top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br",
            "tr2bl",
        ],
    ),
    (
        b"w:tcMar",
        &["top", "start", "left", "bottom", "end", "right"],
    ),
    (
        b"w:sectPr",
        &[
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
            "sectPrChange",
        ],
    ),
];

/// Property elements that may be left out where they appear: dropped when
/// empty.
const OPTIONAL_WHEN_EMPTY: [&[u8]; 4] = [b"w:rPr", b"w:pPr", b"w:trPr", b"w:tcPr"];

/// `w:tblLook` for a table with or without a header row: the table
/// style's first-row formatting applies to the header row only, no banding.
fn tbl_look(header: bool) -> &'static str {
    if header {
        r#"<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>"#
    } else {
        r#"<w:tblLook w:val="0600" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>"#
    }
}

/// Which kind of part the pass runs over.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Part {
    /// `document.xml`, a header or a footer.
    Story,
    /// `footnotes.xml`.
    Footnotes,
}

/// The pass, run over each part in turn (the `w14:paraId` numbering goes
/// on from part to part).
pub struct Pass {
    para_ids: u32,
    /// Footnotes marked with a sign instead of a number: (id, mark).
    marked: Vec<(usize, String)>,
    /// The separator notes put first in `footnotes.xml`.
    separators: String,
}

impl Pass {
    /// A pass for a document whose footnotes `marked` (id, mark) are
    /// marked with a sign: their reference is followed by the mark
    /// (`w:customMarkFollows`), and the note starts with it instead of the
    /// number.
    pub fn new(marked: &[(usize, String)]) -> Self {
        Pass {
            para_ids: 0,
            marked: marked.to_vec(),
            separators: footnotes::SEPARATORS.to_string(),
        }
    }

    /// The same, with the separator notes that draw `rule`.
    pub fn with_note_rule(mut self, rule: &crate::style::NoteRule) -> Self {
        self.separators = footnotes::separators(rule);
        self
    }

    /// The mark of footnote `id` (a raw attribute value), if it has one.
    fn mark(&self, id: Option<Cow<'_, [u8]>>) -> Option<String> {
        let id: usize = std::str::from_utf8(id?.as_ref()).ok()?.parse().ok()?;
        self.marked
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, m)| m.clone())
    }

    /// The part `xml` (of kind `part`) put right.
    pub fn run(&mut self, xml: &[u8], part: Part, name: &str) -> Result<Vec<u8>> {
        let mut nodes = parse(xml).with_context(|| format!("internal: {name} is not XML"))?;
        for n in &mut nodes {
            if let Node::Element(el) = n {
                self.fix(el, part)?;
            }
        }
        Ok(write(&nodes))
    }

    fn fix<'a>(&mut self, el: &mut Element<'a>, part: Part) -> Result<()> {
        if el.is(b"w:p") && el.attr(b"w14:paraId").is_some() {
            self.para_ids += 1;
            el.set_attr(b"w14:paraId", format!("{:08X}", self.para_ids).as_bytes());
        }
        if el.is(b"w:gridCol") {
            el.remove_attr(b"w:type");
        }
        for child in el.children.iter_mut() {
            if let Node::Element(c) = child {
                self.fix(c, part)?;
            }
        }
        el.children.retain(|c| match c {
            Node::Element(c) => !(OPTIONAL_WHEN_EMPTY.contains(&c.name()) && c.is_empty_element()),
            Node::Other(_) => true,
        });

        if el.is(b"w:trPr") {
            for c in el.children.iter_mut() {
                if let Node::Element(c) = c
                    && is_header_marker(c)
                {
                    *c = Element::new(BytesStart::new("w:tblHeader"));
                }
            }
        }
        if el.is(b"w:tbl") {
            let header = el
                .child(b"w:tr")
                .and_then(|tr| tr.child(b"w:trPr"))
                .is_some_and(|pr| pr.child(b"w:tblHeader").is_some());
            let Some(pr) = el.child_mut(b"w:tblPr") else {
                bail!("internal: a table without w:tblPr");
            };
            if pr.child(b"w:tblLook").is_none() {
                pr.children.extend(fragment(tbl_look(header))?);
            }
            sort(pr);
        }
        if part == Part::Story
            && el.is(b"w:r")
            && let Some(at) = el
                .children
                .iter()
                .position(|c| matches!(c, Node::Element(c) if c.is(b"w:footnoteReference")))
        {
            let mark = match &el.children[at] {
                Node::Element(r) => self.mark(r.attr(b"w:id")),
                Node::Other(_) => None,
            };
            if let Some(mark) = mark {
                if let Node::Element(r) = &mut el.children[at] {
                    r.set_attr(b"w:customMarkFollows", b"1");
                }
                el.children.insert(at + 1, text_element(&mark));
            }
        }
        if part == Part::Footnotes {
            if el.is(b"w:footnotes") {
                let mut children = owned_fragment(&self.separators)?;
                children.append(&mut el.children);
                el.children = children;
            }
            if el.is(b"w:footnote") && el.attr(b"w:type").is_none() {
                let mark = self.mark(el.attr(b"w:id"));
                let Some(p) = el.child_mut(b"w:p") else {
                    bail!("internal: a footnote without a paragraph");
                };
                let at = match p.children.first() {
                    Some(Node::Element(c)) if c.is(b"w:pPr") => 1,
                    _ => 0,
                };
                let start = match mark {
                    // The mark in the reference style, as Word writes it.
                    Some(mark) => {
                        let mut run = fragment(footnotes::MARK_RUN_START)?;
                        if let Some(Node::Element(r)) = run.first_mut() {
                            r.children.push(text_element(&mark));
                        }
                        run.extend(fragment(footnotes::SPACE_RUN)?);
                        run
                    }
                    None => fragment(footnotes::NUMBER_RUN)?,
                };
                p.children.splice(at..at, start);
            }
        }
        sort(el);
        Ok(())
    }
}

/// `<w:t>text</w:t>` (spaces kept).
fn text_element(text: &str) -> Node<'static> {
    let mut t = Element::new(BytesStart::new("w:t"));
    t.start.push_attribute(("xml:space", "preserve"));
    t.children
        .push(Node::Other(Event::Text(BytesText::new(text).into_owned())));
    Node::Element(t)
}

/// Puts the children of `el` in schema order if it is a property element
/// (stable: elements the order does not name keep their place at the end).
fn sort(el: &mut Element) {
    let Some((_, order)) = ORDER.iter().find(|(n, _)| *n == el.name()) else {
        return;
    };
    el.children.sort_by_key(|c| match c {
        Node::Element(c) => {
            let name = c.name();
            let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
            order
                .iter()
                .position(|o| o.as_bytes() == local)
                .unwrap_or(order.len())
        }
        Node::Other(_) => order.len(),
    });
}

/// A node of a part: an element, or anything else as read (text, entity
/// references, the XML declaration, comments).
enum Node<'a> {
    Element(Element<'a>),
    Other(Event<'a>),
}

struct Element<'a> {
    start: BytesStart<'a>,
    children: Vec<Node<'a>>,
}

impl<'a> Element<'a> {
    fn new(start: BytesStart<'a>) -> Self {
        Element {
            start,
            children: Vec::new(),
        }
    }

    fn name(&self) -> &[u8] {
        self.start.name().into_inner()
    }

    fn is(&self, name: &[u8]) -> bool {
        self.name() == name
    }

    /// The raw (escaped) value of attribute `key`.
    fn attr(&self, key: &[u8]) -> Option<Cow<'_, [u8]>> {
        self.start
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .map(|a| a.value)
    }

    /// The start tag with attribute `key` set to the raw `value` (added
    /// last if absent) or, for `None`, removed.
    fn rebuild(&mut self, key: &[u8], value: Option<&[u8]>) {
        let name = String::from_utf8_lossy(self.name()).into_owned();
        let mut start = BytesStart::new(name);
        let mut found = false;
        for a in self.start.attributes().with_checks(false).flatten() {
            if a.key.as_ref() == key {
                found = true;
                if let Some(v) = value {
                    start.push_attribute((key, v));
                }
            } else {
                start.push_attribute((a.key.as_ref(), a.value.as_ref()));
            }
        }
        if !found && let Some(v) = value {
            start.push_attribute((key, v));
        }
        self.start = start;
    }

    fn set_attr(&mut self, key: &[u8], value: &[u8]) {
        self.rebuild(key, Some(value));
    }

    fn remove_attr(&mut self, key: &[u8]) {
        if self.attr(key).is_some() {
            self.rebuild(key, None);
        }
    }

    /// No attributes and no children.
    fn is_empty_element(&self) -> bool {
        self.children.is_empty() && self.start.attributes().next().is_none()
    }

    fn child(&self, name: &[u8]) -> Option<&Element<'a>> {
        self.children.iter().find_map(|c| match c {
            Node::Element(c) if c.is(name) => Some(c),
            _ => None,
        })
    }

    fn child_mut(&mut self, name: &[u8]) -> Option<&mut Element<'a>> {
        self.children.iter_mut().find_map(|c| match c {
            Node::Element(c) if c.is(name) => Some(c),
            _ => None,
        })
    }
}

/// Reads a part (or a fragment) into nodes.
fn parse(xml: &[u8]) -> Result<Vec<Node<'_>>> {
    let mut reader = Reader::from_reader(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut top = Vec::new();
    fn push<'a>(stack: &mut [Element<'a>], top: &mut Vec<Node<'a>>, node: Node<'a>) {
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => top.push(node),
        }
    }
    loop {
        match reader.read_event()? {
            Event::Start(s) => stack.push(Element::new(s)),
            Event::End(_) => {
                let el = stack.pop().context("an end tag without a start tag")?;
                push(&mut stack, &mut top, Node::Element(el));
            }
            Event::Empty(s) => push(&mut stack, &mut top, Node::Element(Element::new(s))),
            Event::Eof => break,
            other => push(&mut stack, &mut top, Node::Other(other)),
        }
    }
    if !stack.is_empty() {
        bail!("the XML ends inside an element");
    }
    Ok(top)
}

/// Nodes of a fragment written here (a constant of this module).
fn fragment(xml: &'static str) -> Result<Vec<Node<'static>>> {
    parse(xml.as_bytes()).context("internal: a fragment of the XML pass is not XML")
}

/// Nodes of a fragment made at run time (e.g. the separator notes of a
/// style), owning their bytes.
fn owned_fragment(xml: &str) -> Result<Vec<Node<'static>>> {
    fn own(n: Node<'_>) -> Node<'static> {
        match n {
            Node::Other(e) => Node::Other(e.into_owned()),
            Node::Element(el) => Node::Element(Element {
                start: el.start.into_owned(),
                children: el.children.into_iter().map(own).collect(),
            }),
        }
    }
    let nodes = parse(xml.as_bytes()).context("internal: a fragment of the XML pass is not XML")?;
    Ok(nodes.into_iter().map(own).collect())
}

fn write(nodes: &[Node]) -> Vec<u8> {
    let mut w = Writer::new(Vec::new());
    fn put(w: &mut Writer<Vec<u8>>, node: &Node) {
        // Writing into a Vec cannot fail.
        match node {
            Node::Other(e) => w.write_event(e.borrow()).expect("write to memory"),
            Node::Element(el) if el.children.is_empty() => w
                .write_event(Event::Empty(el.start.borrow()))
                .expect("write to memory"),
            Node::Element(el) => {
                w.write_event(Event::Start(el.start.borrow()))
                    .expect("write to memory");
                for c in &el.children {
                    put(w, c);
                }
                w.write_event(Event::End(el.start.to_end()))
                    .expect("write to memory");
            }
        }
    }
    for n in nodes {
        put(&mut w, n);
    }
    w.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(xml: &str, part: Part) -> String {
        String::from_utf8(Pass::new(&[]).run(xml.as_bytes(), part, "test").unwrap()).unwrap()
    }

    #[test]
    fn property_children_go_in_schema_order() {
        let xml = r#"<?xml version="1.0"?><w:document><w:p><w:pPr><w:rPr><w:b/></w:rPr><w:numPr><w:numId w:val="2" /><w:ilvl w:val="0" /></w:numPr><w:pStyle w:val="a&gt;b"/></w:pPr><w:r><w:rPr /><w:t xml:space="preserve">x &lt; y &amp; z</w:t></w:r></w:p></w:document>"#;
        assert_eq!(
            run(xml, Part::Story),
            r#"<?xml version="1.0"?><w:document><w:p><w:pPr><w:pStyle w:val="a&gt;b"/><w:numPr><w:ilvl w:val="0" /><w:numId w:val="2" /></w:numPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">x &lt; y &amp; z</w:t></w:r></w:p></w:document>"#
        );
    }

    #[test]
    fn empty_run_properties_are_dropped_and_grid_columns_lose_their_type() {
        let xml = r#"<w:body><w:p><w:pPr><w:rPr /></w:pPr><w:r><w:rPr /><w:t>a</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblW w:w="5" w:type="dxa" /></w:tblPr><w:tblGrid><w:gridCol w:w="5" w:type="dxa" /></w:tblGrid><w:tr><w:trPr /><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body>"#;
        let out = run(xml, Part::Story);
        assert!(
            !out.contains("rPr") && !out.contains("pPr") && !out.contains("trPr"),
            "{out}"
        );
        assert!(out.contains(r#"<w:gridCol w:w="5"/>"#), "{out}");
        assert!(out.contains(r#"<w:tblW w:w="5" w:type="dxa" />"#), "{out}");
    }

    #[test]
    fn the_marked_row_repeats_and_tables_get_a_look() {
        let row = |marked: bool| {
            let r = TableRow::new(vec![docx_rs::TableCell::new()]).cant_split();
            let r = if marked { mark_header_row(r) } else { r };
            String::from_utf8(docx_rs::BuildXML::build(&r)).unwrap()
        };
        let table = |rows: &[String]| {
            format!(
                r#"<w:tbl><w:tblPr><w:tblStyle w:val="T"/><w:tblCellMar/><w:tblLayout w:type="fixed"/></w:tblPr>{}</w:tbl>"#,
                rows.concat()
            )
        };
        let xml = format!(
            "<w:body>{}{}</w:body>",
            table(&[row(false), row(false)]),
            table(&[row(true), row(false), row(false)])
        );
        let out = run(&xml, Part::Story);
        assert_eq!(out.matches("<w:tblHeader/>").count(), 1, "{out}");
        assert!(!out.contains("trHeight"), "{out}");
        let second = &out[out.rfind("<w:tbl>").unwrap()..];
        let first_row = &second[..second.find("</w:tr>").unwrap()];
        assert!(
            first_row.contains("<w:trPr><w:cantSplit /><w:tblHeader/></w:trPr>"),
            "{first_row}"
        );
        assert!(second.contains(r#"w:firstRow="1""#));
        assert!(
            second.contains(r#"<w:tblLayout w:type="fixed"/><w:tblCellMar/><w:tblLook "#),
            "{second}"
        );
        assert!(out[..out.rfind("<w:tbl>").unwrap()].contains(r#"w:firstRow="0""#));
    }

    #[test]
    fn para_ids_are_numbered_across_parts() {
        let mut pass = Pass::new(&[]);
        let a = pass
            .run(
                br#"<w:body><w:p w14:paraId="0000abcd"/><w:p w14:paraId="00000007" w:x="1"/></w:body>"#,
                Part::Story,
                "a",
            )
            .unwrap();
        let b = pass
            .run(br#"<w:p w14:paraId="00000001"/>"#, Part::Story, "b")
            .unwrap();
        assert_eq!(
            String::from_utf8(a).unwrap(),
            r#"<w:body><w:p w14:paraId="00000001"/><w:p w14:paraId="00000002" w:x="1"/></w:body>"#
        );
        assert_eq!(
            String::from_utf8(b).unwrap(),
            r#"<w:p w14:paraId="00000003"/>"#
        );
    }

    #[test]
    fn notes_get_separators_and_their_number() {
        let xml = r#"<w:footnotes xmlns:w="x"><w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:t>A</w:t></w:r></w:p><w:p><w:r><w:t>A2</w:t></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>B</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let out = run(xml, Part::Footnotes);
        assert!(
            out.starts_with(
                r#"<w:footnotes xmlns:w="x"><w:footnote w:type="separator" w:id="-1">"#
            ),
            "{out}"
        );
        assert_eq!(out.matches("<w:footnoteRef/>").count(), 2, "{out}");
        assert!(out.contains(concat!(
            r#"<w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#,
            r#"<w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:t>A</w:t></w:r>"#
        )));
        assert!(
            out.contains(r#"<w:footnote w:id="2"><w:p><w:r><w:rPr>"#),
            "{out}"
        );
        // The same XML in a story part is left as it is.
        assert!(!run(xml, Part::Story).contains("footnoteRef"));
    }

    #[test]
    fn a_marked_note_carries_its_mark_in_the_text_and_the_note() {
        let marked = [(3, "*".to_string())];
        let story = r#"<w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="3"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#;
        let out = String::from_utf8(
            Pass::new(&marked)
                .run(story.as_bytes(), Part::Story, "d")
                .unwrap(),
        )
        .unwrap();
        assert!(
            out.contains(r#"<w:footnoteReference w:id="3" w:customMarkFollows="1"/><w:t xml:space="preserve">*</w:t></w:r>"#),
            "{out}"
        );
        assert_eq!(out.matches("customMarkFollows").count(), 1, "{out}");
        let notes = r#"<w:footnotes><w:footnote w:id="1"><w:p><w:r><w:t>A</w:t></w:r></w:p></w:footnote><w:footnote w:id="3"><w:p><w:r><w:t>B</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let out = String::from_utf8(
            Pass::new(&marked)
                .run(notes.as_bytes(), Part::Footnotes, "f")
                .unwrap(),
        )
        .unwrap();
        assert_eq!(out.matches("<w:footnoteRef/>").count(), 1, "{out}");
        assert!(
            out.contains(r#"<w:footnote w:id="3"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t xml:space="preserve">*</w:t></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:t>B</w:t>"#),
            "{out}"
        );
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(Pass::new(&[]).run(b"<a><b></a>", Part::Story, "x").is_err());
        assert!(Pass::new(&[]).run(b"<a><b>", Part::Story, "x").is_err());
    }
}
