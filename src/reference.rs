//! `layouts/reference.docx`: the house style as Word styles, the one
//! source of every value a Word style can say (as pandoc's
//! `--reference-doc`, and further: the list definitions and the table
//! style too). An office opens it in Word, changes Normal or a heading,
//! saves it, and the next build follows in both formats: the values are
//! read into [`Style`] here, and both writers read `Style` (the DOCX
//! writer writes its styles part from it, the PDF template its rules).
//!
//! What is read, from which style, is listed in `layouts/README.md`
//! ("Where each value lives"); `style.json` keeps only what Word styles
//! cannot say. The built-in reference is made by meetdoc's own DOCX writer
//! from those values ([`specimen`]), so reading it gives them back.

use crate::model::{Block, Document, Footnote, Inline, Meta, Row, Table, TitleBlock};
use crate::style::{NoteRule, NumberFormat, NumberLevel, Style};
use crate::values::{Date, Lang};
use anyhow::{Context, Result, bail};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// The file beside `style.json`.
pub const REFERENCE_FILE: &str = "reference.docx";

/// The kind of a Word style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Character,
    Table,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Paragraph => "paragraph",
            Kind::Character => "character",
            Kind::Table => "table",
        }
    }
}

/// A style meetdoc reads: its kind, its name in the file (Word's built-in
/// styles are stored in lower case: "heading 1") and as Word shows it.
struct Needed {
    kind: Kind,
    name: &'static str,
    shown: &'static str,
}

const fn para(name: &'static str, shown: &'static str) -> Needed {
    Needed {
        kind: Kind::Paragraph,
        name,
        shown,
    }
}

const NORMAL: Needed = para("normal", "Normal");
const TITLE_KIND: Needed = para("title kind", "Title Kind");
const TITLE: Needed = para("title", "Title");
const TITLE_LINE: Needed = para("title line", "Title Line");
const HEADINGS: [Needed; 4] = [
    para("heading 1", "Heading 1"),
    para("heading 2", "Heading 2"),
    para("heading 3", "Heading 3"),
    para("heading 4", "Heading 4"),
];
const LIST_BULLET: Needed = para("list bullet", "List Bullet");
const LIST_NUMBER: Needed = para("list number", "List Number");
const NUMBERED_PARAGRAPH: Needed = para("numbered paragraph", "Numbered Paragraph");
const FOOTNOTE_TEXT: Needed = para("footnote text", "Footnote Text");
const TABLE_TEXT: Needed = para("table text", "Table Text");
const MASTHEAD: Needed = para("masthead", "Masthead");
const HEADER: Needed = para("header", "Header");
const FOOTER: Needed = para("footer", "Footer");
const MASTHEAD_SYMBOL: Needed = Needed {
    kind: Kind::Character,
    name: "masthead symbol",
    shown: "Masthead Symbol",
};
const HYPERLINK: Needed = Needed {
    kind: Kind::Character,
    name: "hyperlink",
    shown: "Hyperlink",
};
const MEETDOC_TABLE: Needed = Needed {
    kind: Kind::Table,
    name: "meetdoc table",
    shown: "Meetdoc Table",
};

/// Every style meetdoc reads, in the order a missing one is reported.
const NEEDED: [&Needed; 19] = [
    &NORMAL,
    &TITLE_KIND,
    &TITLE,
    &TITLE_LINE,
    &HEADINGS[0],
    &HEADINGS[1],
    &HEADINGS[2],
    &HEADINGS[3],
    &LIST_BULLET,
    &LIST_NUMBER,
    &NUMBERED_PARAGRAPH,
    &FOOTNOTE_TEXT,
    &TABLE_TEXT,
    &MASTHEAD,
    &HEADER,
    &FOOTER,
    &MASTHEAD_SYMBOL,
    &HYPERLINK,
    &MEETDOC_TABLE,
];

/// An XML element: its local name (the prefix dropped: Word and
/// LibreOffice both write `w:`), attributes by local name, children.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
}

impl El {
    fn from_start(s: &BytesStart) -> Result<El> {
        let mut attrs = Vec::new();
        for a in s.attributes().with_checks(false) {
            let a = a?;
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)?
                .into_owned();
            attrs.push((key, value));
        }
        Ok(El {
            name: String::from_utf8_lossy(s.local_name().as_ref()).into_owned(),
            attrs,
            children: Vec::new(),
        })
    }

    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The element at the end of `path` (child names) from here.
    fn at(&self, path: &[&str]) -> Option<&El> {
        path.iter().try_fold(self, |e, n| e.child(n))
    }

    /// Attribute `attr` of the element at `path`.
    fn value(&self, path: &[&str], attr: &str) -> Option<&str> {
        self.at(path)?.attr(attr)
    }
}

/// The root element of an XML part.
fn parse(xml: &[u8], part: &str) -> Result<El> {
    let mut reader = Reader::from_reader(xml);
    let mut stack = vec![El::default()];
    loop {
        match reader
            .read_event()
            .with_context(|| format!("{part} is not XML"))?
        {
            Event::Start(s) => stack.push(El::from_start(&s)?),
            Event::Empty(s) => {
                let e = El::from_start(&s)?;
                stack.last_mut().expect("the root holder").children.push(e);
            }
            Event::End(_) => {
                let e = stack.pop().expect("the root holder");
                match stack.last_mut() {
                    Some(parent) => parent.children.push(e),
                    None => bail!("{part} is not XML: an end tag without a start tag"),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        bail!("{part} is not XML: an element is not closed");
    }
    stack
        .pop()
        .and_then(|holder| holder.children.into_iter().next())
        .with_context(|| format!("{part} is empty"))
}

/// A Word on/off property (`<w:b/>`, `<w:b w:val="0"/>`).
fn on(e: &El) -> bool {
    !matches!(e.attr("val"), Some("0" | "false" | "off" | "none"))
}

/// The styles part, by name and by id.
struct Styles<'a> {
    by_name: HashMap<(String, &'a str), &'a El>,
    by_id: HashMap<&'a str, &'a El>,
    /// `w:rPrDefault` and `w:pPrDefault`: shaped as a style is (their
    /// `w:rPr` and `w:pPr` children), so a property is looked up in them
    /// as in a style.
    defaults: Vec<&'a El>,
    origin: &'a str,
}

impl<'a> Styles<'a> {
    fn new(root: &'a El, origin: &'a str) -> Styles<'a> {
        let mut by_name = HashMap::new();
        let mut by_id = HashMap::new();
        for s in root.children("style") {
            let kind = s.attr("type").unwrap_or("paragraph");
            if let Some(name) = s.value(&["name"], "val") {
                by_name.entry((name.to_lowercase(), kind)).or_insert(s);
            }
            if let Some(id) = s.attr("styleId") {
                by_id.entry(id).or_insert(s);
            }
        }
        let defaults = ["rPrDefault", "pPrDefault"]
            .iter()
            .filter_map(|d| root.at(&["docDefaults", d]))
            .collect();
        Styles {
            by_name,
            by_id,
            defaults,
            origin,
        }
    }

    fn find(&self, n: &Needed) -> Option<&'a El> {
        self.by_name
            .get(&(n.name.to_string(), n.kind.word()))
            .copied()
    }

    /// The style, its bases (`w:basedOn`) and the document defaults, in
    /// the order Word looks a property up.
    fn chain(&self, n: &Needed) -> Vec<&'a El> {
        let mut out: Vec<&'a El> = Vec::new();
        let mut at = self.find(n);
        while let Some(s) = at {
            if out.iter().any(|o| std::ptr::eq(*o, s)) || out.len() > 32 {
                break;
            }
            out.push(s);
            at = s
                .value(&["basedOn"], "val")
                .and_then(|id| self.by_id.get(id).copied());
        }
        out.extend(self.defaults.iter().copied());
        out
    }

    /// The first value `f` finds along the style's chain.
    fn get<T>(&self, n: &Needed, f: impl Fn(&'a El) -> Option<T>) -> Option<T> {
        self.chain(n).into_iter().find_map(f)
    }

    /// A number along the chain at `path`/`attr`, else `default`.
    fn number(&self, n: &Needed, path: &[&str], attr: &str, default: f64) -> Result<f64> {
        match self.get(n, |e| e.value(path, attr)) {
            Some(v) => number(v).with_context(|| {
                format!(
                    "{}: style \"{}\": {} {attr} {v:?} is not a number",
                    self.origin,
                    n.shown,
                    path.join("/")
                )
            }),
            None => Ok(default),
        }
    }

    /// The font size, in points (Word's default: 10 pt).
    fn size(&self, n: &Needed) -> Result<f64> {
        Ok(self.number(n, &["rPr", "sz"], "val", 20.0)? / 2.0)
    }

    /// Space before or after (`which`), in points (default 0).
    fn space(&self, n: &Needed, which: &str) -> Result<f64> {
        Ok(self.number(n, &["pPr", "spacing"], which, 0.0)? / 20.0)
    }

    fn font(&self, n: &Needed, which: &str) -> Result<String> {
        if let Some(f) = self.get(n, |e| e.value(&["rPr", "rFonts"], which)) {
            return Ok(f.to_string());
        }
        bail!(
            "{}: style \"{}\" names no font by name (a theme font such as +Body is not read): \
             choose a font in Word's font box",
            self.origin,
            n.shown
        )
    }

    fn numbering_id(&self, n: &Needed) -> Option<&'a str> {
        self.get(n, |e| e.value(&["pPr", "numPr", "numId"], "val"))
    }
}

/// A number as Word writes it (twips, half-points: integers, but any
/// decimal is taken).
fn number(v: &str) -> Result<f64> {
    let n: f64 = v.trim().parse()?;
    if !n.is_finite() {
        bail!("not finite");
    }
    Ok(n)
}

/// Twips to millimetres, to 0.05 mm (Word shows centimetres to two
/// decimals): 1417 twips is 25 mm, as written from 25 mm.
fn twips_to_mm(twips: f64) -> f64 {
    (twips / 1440.0 * 25.4 * 20.0).round() / 20.0
}

/// The parts of the reference file meetdoc reads.
struct Parts {
    styles: El,
    document: El,
    numbering: Option<El>,
    footnotes: Option<El>,
}

impl Parts {
    fn read(bytes: &[u8], origin: &str) -> Result<Parts> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).with_context(|| {
            format!("{origin} is not a Word file (.docx): save it from Word as a Word document")
        })?;
        let mut part = |name: &str| -> Result<Option<El>> {
            let mut f = match zip.by_name(name) {
                Ok(f) => f,
                Err(zip::result::ZipError::FileNotFound) => return Ok(None),
                Err(e) => return Err(e).with_context(|| format!("{origin}: cannot read {name}")),
            };
            let mut data = Vec::new();
            f.read_to_end(&mut data)
                .with_context(|| format!("{origin}: cannot read {name}"))?;
            parse(&data, &format!("{origin}: {name}")).map(Some)
        };
        let styles = part("word/styles.xml")?
            .with_context(|| format!("{origin} has no styles (word/styles.xml)"))?;
        let document = part("word/document.xml")?
            .with_context(|| format!("{origin} is not a Word document (no word/document.xml)"))?;
        let numbering = part("word/numbering.xml")?;
        let footnotes = part("word/footnotes.xml")?;
        Ok(Parts {
            styles,
            document,
            numbering,
            footnotes,
        })
    }
}

/// Reads the reference file (`bytes`, named `origin` in messages) into
/// `style`: every value a Word style says. `style` holds `style.json`'s
/// values already (`spacing_pt.single_line_em` is needed here). A style
/// meetdoc needs that the file lacks is an error naming each one.
pub fn apply(style: &mut Style, bytes: &[u8], origin: &str) -> Result<()> {
    let parts = Parts::read(bytes, origin)?;
    let st = Styles::new(&parts.styles, origin);
    let mut missing: Vec<String> = Vec::new();
    for n in NEEDED {
        if st.find(n).is_none() {
            missing.push(format!(
                "{origin} has no {} style \"{}\"",
                n.kind.word(),
                n.shown
            ));
        }
    }
    if !missing.is_empty() {
        bail!(
            "{} (meetdoc reads {}: add {} in Word, or start again from the reference \
             `meetdoc layouts DIR` writes)",
            missing.join("; "),
            if missing.len() == 1 { "it" } else { "them" },
            if missing.len() == 1 { "it" } else { "them" },
        );
    }

    // Normal: the body text.
    style.sizes_pt.body = st.size(&NORMAL)?;
    style.fonts.body_docx = st.font(&NORMAL, "ascii")?;
    style.fonts.cjk_docx = st.font(&NORMAL, "eastAsia")?;
    style.spacing_pt.paragraph_after = st.space(&NORMAL, "after")?;
    let rule = st.get(&NORMAL, |e| e.value(&["pPr", "spacing"], "lineRule"));
    if rule.is_some_and(|r| r != "auto") {
        bail!(
            "{origin}: style \"Normal\": line spacing {:?} is not read: give it as a multiple \
             (Single, 1.15, Multiple …), which both formats follow",
            rule.unwrap_or_default()
        );
    }
    let line = st.number(&NORMAL, &["pPr", "spacing"], "line", 240.0)?;
    style.spacing_pt.line_height_em = style.spacing_pt.single_line_em * line / 240.0;
    style.page.widow_control = st
        .get(&NORMAL, |e| e.at(&["pPr", "widowControl"]).map(on))
        .unwrap_or(false);

    // Title block, headings, footnotes, tables, masthead, header, footer.
    let s = &mut style.sizes_pt;
    s.kind = st.size(&TITLE_KIND)?;
    s.title = st.size(&TITLE)?;
    s.title_lines = st.size(&TITLE_LINE)?;
    s.heading1 = st.size(&HEADINGS[0])?;
    s.heading2 = st.size(&HEADINGS[1])?;
    s.heading3 = st.size(&HEADINGS[2])?;
    s.heading4 = st.size(&HEADINGS[3])?;
    s.footnote = st.size(&FOOTNOTE_TEXT)?;
    s.table = st.size(&TABLE_TEXT)?;
    s.masthead = st.size(&MASTHEAD)?;
    s.masthead_symbol = st.size(&MASTHEAD_SYMBOL)?;
    s.header = st.size(&HEADER)?;
    s.footer = st.size(&FOOTER)?;
    for (i, h) in HEADINGS.iter().enumerate() {
        style.spacing_pt.heading_before[i] = st.space(h, "before")?;
        style.spacing_pt.heading_after[i] = st.space(h, "after")?;
        style.heading_bold[i] = st.get(h, |e| e.at(&["rPr", "b"]).map(on)).unwrap_or(false);
    }
    style.spacing_pt.list_after = st.space(&LIST_BULLET, "after")?;
    style.spacing_pt.number_after = st.space(&LIST_NUMBER, "after")?;

    // Links.
    let colour = st
        .get(&HYPERLINK, |e| e.value(&["rPr", "color"], "val"))
        .unwrap_or("auto");
    style.text.link_colour = if colour == "auto" {
        "000000".into()
    } else {
        colour.to_uppercase()
    };
    style.text.link_underline = st
        .get(&HYPERLINK, |e| e.value(&["rPr", "u"], "val"))
        .is_some_and(|u| u != "none");

    // The table style.
    let table = st.find(&MEETDOC_TABLE).expect("checked above");
    let border = table.at(&["tblPr", "tblBorders", "top"]);
    style.table.border_pt = match border {
        Some(b) if !matches!(b.attr("val"), Some("nil" | "none")) => {
            b.attr("sz").map(number).transpose()?.unwrap_or(4.0) / 8.0
        }
        _ => 0.0,
    };
    style.table.border_colour = match border.and_then(|b| b.attr("color")) {
        None | Some("auto") => "000000".into(),
        Some(c) => c.to_uppercase(),
    };
    style.spacing_pt.cell_padding =
        st.number(&MEETDOC_TABLE, &["tblPr", "tblCellMar", "left"], "w", 108.0)? / 20.0;
    let fill = table
        .children("tblStylePr")
        .find(|p| p.attr("type") == Some("firstRow"))
        .and_then(|p| p.value(&["tcPr", "shd"], "fill"))
        .unwrap_or("auto");
    style.table.header_shading = if fill == "auto" {
        "FFFFFF".into()
    } else {
        fill.to_uppercase()
    };

    // The page.
    let sect = parts
        .document
        .at(&["body", "sectPr"])
        .with_context(|| format!("{origin} has no page setup (the section properties)"))?;
    let twips = |path: &[&str], attr: &str| -> Result<f64> {
        let v = sect
            .value(path, attr)
            .with_context(|| format!("{origin}: the page setup has no {}", describe(attr)))?;
        let n = number(v).with_context(|| {
            format!(
                "{origin}: the page setup's {} {v:?} is not a number",
                describe(attr)
            )
        })?;
        Ok(twips_to_mm(n.abs()))
    };
    let p = &mut style.page;
    p.width_mm = twips(&["pgSz"], "w")?;
    p.height_mm = twips(&["pgSz"], "h")?;
    p.margin_top_mm = twips(&["pgMar"], "top")?;
    p.margin_bottom_mm = twips(&["pgMar"], "bottom")?;
    p.margin_left_mm = twips(&["pgMar"], "left")?;
    p.margin_right_mm = twips(&["pgMar"], "right")?;
    p.header_distance_mm = twips(&["pgMar"], "header")?;
    p.footer_distance_mm = twips(&["pgMar"], "footer")?;

    // The list definitions the list styles name.
    let lists = Lists {
        numbering: parts.numbering.as_ref(),
        origin,
    };
    let bullets = lists.levels(&st, &LIST_BULLET)?;
    style.spacing_pt.list_indent = lists.indent(&LIST_BULLET, bullets[0])?;
    let mut glyphs = Vec::new();
    for (i, l) in bullets.iter().enumerate() {
        if l.value(&["numFmt"], "val") != Some("bullet") {
            bail!(
                "{origin}: the list of style \"List Bullet\", level {}: not a bullet",
                i + 1
            );
        }
        let text = l.value(&["lvlText"], "val").unwrap_or_default();
        let font = l.value(&["rPr", "rFonts"], "ascii").unwrap_or_default();
        glyphs.push(unicode_bullet(text, font).with_context(|| {
            format!(
                "{origin}: the list of style \"List Bullet\", level {}: the bullet {text:?} \
                 in the font {font:?} has no Unicode character meetdoc knows: choose a \
                 bullet of a Unicode font (Define New Bullet › Symbol › font (normal text))",
                i + 1
            )
        })?);
    }
    style.bullets = shortest_period(glyphs);
    let numbers = lists.levels(&st, &LIST_NUMBER)?;
    style.spacing_pt.number_indent = lists.indent(&LIST_NUMBER, numbers[0])?;
    let mut levels = numbers
        .iter()
        .enumerate()
        .map(|(i, l)| lists.number_level(&LIST_NUMBER, i, l))
        .collect::<Result<Vec<_>>>()?;
    while levels.len() > 1 && levels[levels.len() - 1] == levels[levels.len() - 2] {
        levels.pop();
    }
    style.numbering = levels;
    let paragraphs = lists.levels(&st, &NUMBERED_PARAGRAPH)?;
    style.paragraph_number = lists.number_level(&NUMBERED_PARAGRAPH, 0, paragraphs[0])?;
    style.note_rule = match &parts.footnotes {
        Some(notes) => note_rule(notes)?,
        None => NoteRule::Short,
    };
    Ok(())
}

/// The rule the footnote separator draws: a border of its paragraph (a
/// rule across the column), Word's separator character (a short rule), or
/// nothing when it was emptied. A reference without notes has Word's.
fn note_rule(footnotes: &El) -> Result<NoteRule> {
    let Some(separator) = footnotes
        .children("footnote")
        .find(|f| f.attr("type") == Some("separator"))
    else {
        return Ok(NoteRule::Short);
    };
    let paragraphs: Vec<&El> = separator.children("p").collect();
    for p in &paragraphs {
        let border = p
            .at(&["pPr", "pBdr"])
            .and_then(|b| b.child("top").or_else(|| b.child("bottom")))
            .filter(|b| !matches!(b.attr("val"), Some("nil" | "none") | None));
        if let Some(b) = border {
            let width_pt = b.attr("sz").map(number).transpose()?.unwrap_or(4.0) / 8.0;
            let colour = match b.attr("color") {
                None | Some("auto") => "000000".into(),
                Some(c) => c.to_uppercase(),
            };
            return Ok(NoteRule::Full { width_pt, colour });
        }
    }
    let character = paragraphs
        .iter()
        .any(|p| p.children("r").any(|r| r.child("separator").is_some()));
    Ok(if character {
        NoteRule::Short
    } else {
        NoteRule::None
    })
}

/// A bullet as Unicode: Word and LibreOffice write the common bullets as
/// characters of the symbol fonts (Symbol's U+F0B7 is "•"), private-use
/// characters no other font has; those are mapped to the characters they
/// show. None for another private-use character.
fn unicode_bullet(text: &str, font: &str) -> Option<String> {
    let symbol = |c: char| -> Option<char> {
        let code = u32::from(c);
        if !(0xF000..=0xF0FF).contains(&code) {
            return Some(c);
        }
        let table: &[(u32, char)] = match font.to_lowercase().as_str() {
            "symbol" => &[(0xB7, '•'), (0x2D, '–'), (0xA8, '♦'), (0xAE, '→')],
            "wingdings" => &[
                (0xA7, '▪'),
                (0x6E, '■'),
                (0x71, '❑'),
                (0x76, '❖'),
                (0xD8, '➢'),
                (0xFC, '✓'),
                (0x9F, '•'),
            ],
            _ => &[],
        };
        table
            .iter()
            .find(|(k, _)| *k == code - 0xF000)
            .map(|(_, c)| *c)
    };
    text.chars().map(symbol).collect()
}

/// How a message names an attribute of the page setup.
fn describe(attr: &str) -> String {
    match attr {
        "w" => "page width".into(),
        "h" => "page height".into(),
        "header" | "footer" => format!("{attr} distance"),
        other => format!("{other} margin"),
    }
}

/// The shortest list that, repeated, gives `items` ("•", "–", "•", … →
/// "•", "–").
fn shortest_period(items: Vec<String>) -> Vec<String> {
    let n = items.len();
    let p = (1..=n)
        .find(|&p| (0..n).all(|i| items[i] == items[i % p]))
        .unwrap_or(n);
    items.into_iter().take(p).collect()
}

/// The numbering part, looked up from the list styles.
struct Lists<'a> {
    numbering: Option<&'a El>,
    origin: &'a str,
}

impl<'a> Lists<'a> {
    /// The levels (from level 1) of the list definition style `n` names.
    fn levels(&self, st: &Styles<'a>, n: &Needed) -> Result<Vec<&'a El>> {
        let origin = self.origin;
        let none = || {
            format!(
                "{origin}: style \"{}\" is not a list (no numbering)",
                n.shown
            )
        };
        let id = st.numbering_id(n).with_context(none)?;
        let numbering = self.numbering.with_context(none)?;
        let abstract_id = numbering
            .children("num")
            .find(|e| e.attr("numId") == Some(id))
            .and_then(|e| e.value(&["abstractNumId"], "val"))
            .with_context(none)?;
        let def = numbering
            .children("abstractNum")
            .find(|e| e.attr("abstractNumId") == Some(abstract_id))
            .with_context(none)?;
        let mut out: Vec<&El> = Vec::new();
        for i in 0..=8 {
            match def
                .children("lvl")
                .find(|l| l.attr("ilvl") == Some(&i.to_string()))
            {
                Some(l) => out.push(l),
                None => break,
            }
        }
        if out.is_empty() {
            bail!(
                "{}: the list of style \"{}\" has no level 1",
                origin,
                n.shown
            );
        }
        Ok(out)
    }

    /// The indent of a level (its text's distance from the margin), in
    /// points.
    fn indent(&self, n: &Needed, level: &El) -> Result<f64> {
        let v = level
            .value(&["pPr", "ind"], "left")
            .or_else(|| level.value(&["pPr", "ind"], "start"))
            .unwrap_or("0");
        Ok(number(v).with_context(|| {
            format!(
                "{}: the list of style \"{}\": indent {v:?} is not a number",
                self.origin, n.shown
            )
        })? / 20.0)
    }

    /// A numbered level (`i` from 0) as meetdoc prints it.
    fn number_level(&self, n: &Needed, i: usize, level: &El) -> Result<NumberLevel> {
        let at = || {
            format!(
                "{}: the list of style \"{}\", level {}",
                self.origin,
                n.shown,
                i + 1
            )
        };
        let fmt = level.value(&["numFmt"], "val").unwrap_or("decimal");
        let format = match fmt {
            "decimal" => NumberFormat::Decimal,
            "lowerLetter" => NumberFormat::LowerLetter,
            "upperLetter" => NumberFormat::UpperLetter,
            "lowerRoman" => NumberFormat::LowerRoman,
            "upperRoman" => NumberFormat::UpperRoman,
            other => bail!(
                "{}: numbers {other:?} are not printed by meetdoc (1, a, A, i, I are)",
                at()
            ),
        };
        let text = level.value(&["lvlText"], "val").unwrap_or_default();
        let own = format!("%{}", i + 1);
        let rest = text.replacen(&own, "", 1);
        if !text.contains(&own) || rest.contains('%') {
            bail!(
                "{}: the number {text:?} must show this level's number once and no other level's",
                at()
            );
        }
        Ok(NumberLevel {
            format,
            text: text.replacen(&own, "{n}", 1),
        })
    }
}

/// The built-in reference file for `style`: a document made by meetdoc's
/// own DOCX writer (so its styles part, list definitions and page setup
/// are those every document gets), holding a paragraph in each style, so
/// that whoever opens it in Word sees each one and can change it.
pub fn specimen(style: &Style) -> Result<Vec<u8>> {
    let t = |s: &str| vec![Inline::text(s)];
    let para = |s: &str| Block::para(t(s));
    let doc = Document {
        meta: Meta {
            title: "meetdoc house style".into(),
            language: Lang::default(),
            date: Date::parse("2025-01-01").expect("a date"),
            author: "meetdoc".into(),
            pdf_standards: Vec::new(),
            properties: Vec::new(),
        },
        masthead: None,
        title_block: TitleBlock {
            kind: Some("Title Kind".into()),
            title: "Title".into(),
            lines: vec!["Title Line".into()],
        },
        blocks: vec![
            para(
                "This file holds the house style of meetdoc's documents as Word styles. Change a \
                 style here (Home › Styles › Modify), or the page (Layout), save, and build with \
                 these layouts: both the Word and the PDF documents follow. Each paragraph below \
                 is in the style it names.",
            ),
            Block::heading(1, t("Heading 1")),
            Block::Paragraph {
                content: vec![
                    Inline::text("Normal: the body text, with a footnote."),
                    Inline::FootnoteRef {
                        number: 1,
                        first: true,
                    },
                ],
            },
            Block::heading(2, t("Heading 2")),
            Block::BulletList {
                items: vec![
                    vec![para("List Bullet")],
                    vec![
                        para("List Bullet"),
                        Block::BulletList {
                            items: vec![vec![para("List Bullet, level 2")]],
                        },
                    ],
                ],
            },
            Block::heading(3, t("Heading 3")),
            Block::NumberedList {
                start: 1,
                items: vec![
                    vec![para("List Number")],
                    vec![
                        para("List Number"),
                        Block::NumberedList {
                            start: 1,
                            items: vec![vec![para("List Number, level 2")]],
                        },
                    ],
                ],
            },
            Block::heading(4, t("Heading 4")),
            Block::NumberedParagraph {
                number: 1,
                content: t("Numbered Paragraph"),
            },
            Block::Table(Table {
                columns_mm: vec![40.0, style.text_width_mm() - 40.0],
                header: vec![vec![para("Meetdoc Table")], vec![para("Table Heading")]],
                rows: vec![Row {
                    shaded: false,
                    breakable: false,
                    cells: vec![vec![para("Table Text")], vec![para("Table Text")]],
                }],
                notes: Vec::new(),
            }),
        ],
        footnotes: vec![Footnote {
            number: 1,
            content: t("Footnote Text"),
        }],
    };
    crate::writer::docx::write(&doc, style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_repeat_with_the_shortest_period() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            shortest_period(v(&["•", "–", "•", "–", "•"])),
            v(&["•", "–"])
        );
        assert_eq!(shortest_period(v(&["•", "•"])), v(&["•"]));
        assert_eq!(shortest_period(v(&["a", "b", "c"])), v(&["a", "b", "c"]));
    }

    /// The built-in layouts' style.
    fn built_in() -> Style {
        crate::render::Layouts::load(&crate::layouts::LayoutSource::BuiltIn)
            .unwrap()
            .style
    }

    #[test]
    fn the_built_in_reference_is_what_the_writer_makes_of_its_values() {
        // layouts/reference.docx is meetdoc's own DOCX of its own values:
        // read, then written again, it is the same file, so no value is
        // lost or changed on the way (and the file is made, not edited by
        // hand). After a change to the DOCX writer's styles, write it
        // again: MEETDOC_WRITE_REFERENCE=1 cargo test --release --lib reference
        let made = specimen(&built_in()).unwrap();
        if std::env::var_os("MEETDOC_WRITE_REFERENCE").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("layouts")
                .join(REFERENCE_FILE);
            std::fs::write(path, &made).unwrap();
        } else {
            assert!(
                made == crate::layouts::BUILT_IN_REFERENCE,
                "layouts/reference.docx is not what the writer makes of its values: \
                 MEETDOC_WRITE_REFERENCE=1 cargo test --release --lib reference"
            );
        }
    }

    #[test]
    fn every_value_a_word_style_says_is_read() {
        // style.json holds none of them; each comes from the reference.
        let style = built_in();
        let json = crate::layouts::built_in(crate::layouts::STYLE_FILE).unwrap();
        let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
        value["sizes_pt"]["body"] = 10.into();
        let err = Style::from_files(
            &value.to_string(),
            "style.json",
            crate::layouts::BUILT_IN_REFERENCE,
            "reference.docx",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "style.json: sizes_pt.body is read from reference.docx now (style Normal's size): \
             change it there, in Word, and delete it here (layouts/README.md lists where each \
             value lives)"
        );
        assert_eq!(style.sizes_pt.body, 11.0);
        assert_eq!(style.sizes_pt.heading1, 12.0);
        assert_eq!(style.spacing_pt.heading_before, [12.0; 4]);
        assert_eq!(style.spacing_pt.line_height_em, 1.15);
        assert_eq!(style.page.margin_left_mm, 25.0);
        assert_eq!(style.page.header_distance_mm, 12.5);
        assert_eq!(style.bullets, ["•", "–"]);
        assert_eq!(style.numbering.len(), 3);
        assert_eq!(style.numbering[1].text, "({n})");
        assert_eq!(style.table.border_pt, 0.5);
        assert_eq!(style.table.header_shading, "D9D9D9");
        assert_eq!(style.text.link_colour, "0563C1");
        assert_eq!(style.fonts.body_docx, "Times New Roman");
        assert_eq!(style.fonts.cjk_docx, "SimSun");
    }

    #[test]
    fn bullets_of_symbol_fonts_are_read_as_the_characters_they_show() {
        // As LibreOffice and Word write "•" and "–".
        assert_eq!(unicode_bullet("\u{F0B7}", "Symbol").unwrap(), "•");
        assert_eq!(unicode_bullet("\u{F02D}", "Symbol").unwrap(), "–");
        assert_eq!(unicode_bullet("\u{F0A7}", "Wingdings").unwrap(), "▪");
        assert_eq!(unicode_bullet("o", "Courier New").unwrap(), "o");
        assert_eq!(unicode_bullet("•", "").unwrap(), "•");
        assert!(unicode_bullet("\u{F0B7}", "Webdings").is_none());
    }

    #[test]
    fn a_page_setup_without_room_for_the_text_is_an_error() {
        let mut style = built_in();
        style.page.margin_top_mm = 150.0;
        style.page.margin_bottom_mm = 150.0;
        let reference = specimen(&style).unwrap();
        let json = crate::layouts::built_in(crate::layouts::STYLE_FILE).unwrap();
        let err = Style::from_files(json, "style.json", &reference, "reference.docx").unwrap_err();
        let err = format!("{err:#}");
        assert!(
            err.contains(
                "style.json and reference.docx: the page setup leaves no room for the text"
            ),
            "{err}"
        );
    }

    #[test]
    fn margins_come_back_as_written() {
        for mm in [25.0, 12.5, 210.0, 297.0, 19.05, 25.4, 20.0] {
            assert_eq!(twips_to_mm(crate::style::mm_to_twips(mm) as f64), mm);
        }
    }
}
