//! `word/numbering.xml`: the list definitions: bullets, numbers, and the
//! numbers of numbered paragraphs.
//! Written here, not by docx-rs, which adds a numbered list of its own
//! (with circled numbers on some levels) and empty run properties the
//! schema does not allow in a level's paragraph properties.

use crate::style::{NumberFormat, Style, pt_to_twips};
use std::fmt::Write;

/// The numbering id of bullet lists (`w:numId`), in the text and in the
/// list styles (applying List Bullet in Word gives bullets).
pub const BULLETS: usize = 1;
/// The numbering id the List Number style names (applying it in Word
/// gives a numbered paragraph).
pub const NUMBERS: usize = 2;
/// The numbering id of numbered paragraphs, in the text and in the
/// Numbered Paragraph style: one instance for the whole document, so that
/// Word counts them through it, across headings and lists.
pub const NUMBERED_PARAGRAPHS: usize = 3;
/// Deepest list level Word knows (levels 0..=8).
pub const MAX_LEVEL: usize = 8;

/// The abstract numbering of numbered lists.
const LIST_NUMBERS: usize = 1;
/// The abstract numbering of numbered paragraphs.
const PARAGRAPH_NUMBERS: usize = 2;

/// The numbered lists of a document: each list of the text has a
/// numbering instance of its own, which starts at the list's first number
/// (so a second list does not go on counting from the first). Word counts
/// the numbers: an item a user inserts is numbered, and the items after it
/// renumbered.
#[derive(Debug, Default, Clone)]
pub struct Numbering {
    /// The first number of each list, in the order of their ids.
    starts: Vec<u32>,
}

impl Numbering {
    /// A new numbering instance for a list starting at `start`; its id.
    pub fn add(&mut self, start: u32) -> usize {
        self.starts.push(start);
        NUMBERED_PARAGRAPHS + self.starts.len()
    }
}

/// Word's name of a number format.
fn num_fmt(f: NumberFormat) -> &'static str {
    match f {
        NumberFormat::Decimal => "decimal",
        NumberFormat::LowerLetter => "lowerLetter",
        NumberFormat::UpperLetter => "upperLetter",
        NumberFormat::LowerRoman => "lowerRoman",
        NumberFormat::UpperRoman => "upperRoman",
    }
}

/// Word's level text: the number of level n is `%n` (from 1) between
/// what comes before and after it (XML-escaped; a percent sign, which Word
/// would read as a number, is left out).
fn level_text(before: &str, after: &str, level: usize) -> String {
    let clean = |s: &str| super::text::escape(&s.replace('%', ""));
    format!("{}%{}{}", clean(before), level + 1, clean(after))
}

/// The numbering part: bullets (`style.bullets` by level, repeating; the
/// text indented `spacing_pt.list_indent` per level) and numbers (the
/// formats of `style.numbering` by level, indented `spacing_pt.number_indent`
/// per level); the bullet or number hangs in the indent, a tab after it
/// taking the text to the indent (no tab stop of the level's own: a list
/// nested in one of the other kind, whose paragraphs set their indent,
/// would tab to it).
/// Numbered paragraphs: the number (`style.paragraph_number`) at the start
/// of the first line, a tab to `spacing_pt.number_indent`, the lines after
/// the first at the margin.
/// Then the instances: bullets, plain numbers, numbered paragraphs, and
/// one per numbered list.
pub fn numbering_xml(style: &Style, numbering: &Numbering) -> String {
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    ));
    let step = pt_to_twips(style.spacing_pt.list_indent);
    x.push_str(
        r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>"#,
    );
    for level in 0..=MAX_LEVEL {
        let bullet = super::text::escape(&style.bullets[level % style.bullets.len()]);
        write!(
            x,
            concat!(
                r#"<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>"#,
                r#"<w:lvlText w:val="{bullet}"/><w:lvlJc w:val="left"/>"#,
                r#"<w:pPr><w:ind w:left="{left}" w:hanging="{step}"/></w:pPr></w:lvl>"#
            ),
            level = level,
            bullet = bullet,
            left = step * (level as u32 + 1),
            step = step,
        )
        .unwrap();
    }
    x.push_str("</w:abstractNum>");

    let step = pt_to_twips(style.spacing_pt.number_indent);
    x.push_str(r#"<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>"#);
    for level in 0..=MAX_LEVEL {
        let n = style.number_level(level);
        let (before, after) = n.affixes();
        write!(
            x,
            concat!(
                r#"<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>"#,
                r#"<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>"#,
                r#"<w:pPr><w:ind w:left="{left}" w:hanging="{step}"/></w:pPr></w:lvl>"#
            ),
            level = level,
            fmt = num_fmt(n.format),
            text = level_text(before, after, level),
            left = step * (level as u32 + 1),
            step = step,
        )
        .unwrap();
    }
    x.push_str("</w:abstractNum>");

    let n = &style.paragraph_number;
    let (before, after) = n.affixes();
    write!(
        x,
        concat!(
            r#"<w:abstractNum w:abstractNumId="{PARAGRAPH_NUMBERS}"><w:multiLevelType w:val="singleLevel"/>"#,
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>"#,
            r#"<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>"#,
            r#"<w:pPr><w:tabs><w:tab w:val="num" w:pos="{step}"/></w:tabs><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>"#,
            r#"</w:abstractNum>"#
        ),
        PARAGRAPH_NUMBERS = PARAGRAPH_NUMBERS,
        fmt = num_fmt(n.format),
        text = level_text(before, after, 0),
        step = step,
    )
    .unwrap();

    write!(
        x,
        concat!(
            r#"<w:num w:numId="{BULLETS}"><w:abstractNumId w:val="0"/></w:num>"#,
            r#"<w:num w:numId="{NUMBERS}"><w:abstractNumId w:val="{LIST_NUMBERS}"/></w:num>"#,
            r#"<w:num w:numId="{NUMBERED_PARAGRAPHS}"><w:abstractNumId w:val="{PARAGRAPH_NUMBERS}"/></w:num>"#
        ),
        BULLETS = BULLETS,
        NUMBERS = NUMBERS,
        LIST_NUMBERS = LIST_NUMBERS,
        NUMBERED_PARAGRAPHS = NUMBERED_PARAGRAPHS,
        PARAGRAPH_NUMBERS = PARAGRAPH_NUMBERS,
    )
    .unwrap();
    for (i, start) in numbering.starts.iter().enumerate() {
        write!(
            x,
            concat!(
                r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{LIST_NUMBERS}"/>"#,
                r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>"#
            ),
            id = NUMBERED_PARAGRAPHS + 1 + i,
            LIST_NUMBERS = LIST_NUMBERS,
            start = start,
        )
        .unwrap();
    }
    x.push_str("</w:numbering>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> Style {
        Style::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/style.json"))
            .unwrap()
    }

    #[test]
    fn numbered_levels_and_one_instance_per_list() {
        let mut n = Numbering::default();
        assert_eq!(n.add(1), 4);
        assert_eq!(n.add(4), 5);
        let x = numbering_xml(&style(), &n);
        assert!(x.contains(r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>"#), "{x}");
        assert!(x.contains(r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/>"#), "{x}");
        assert!(x.contains(r#"<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/>"#), "{x}");
        assert!(x.contains(r#"<w:num w:numId="5"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>"#), "{x}");
        // Numbered paragraphs: one instance for the document.
        assert!(
            x.contains(r#"<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>"#),
            "{x}"
        );
        assert!(x.contains(r#"<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>"#), "{x}");
    }
}
