//! `word/numbering.xml`: the one list definition, bullets. Written here,
//! not by docx-rs, which adds a numbered list of its own (with circled
//! numbers on some levels) and empty run properties the schema does not
//! allow in a level's paragraph properties.

use crate::style::{Style, pt_to_twips};
use std::fmt::Write;

/// The numbering id of bullet lists (`w:numId`), in the text and in the
/// list styles (applying List Bullet in Word gives bullets).
pub const BULLETS: usize = 1;
/// Deepest list level Word knows (levels 0..=8).
pub const MAX_LEVEL: usize = 8;

/// The numbering part: "•" on even levels, "–" on odd ones, the text
/// indented `spacing_pt.list_indent` per level, the bullet hanging in the
/// indent.
pub fn numbering_xml(style: &Style) -> String {
    let step = pt_to_twips(style.spacing_pt.list_indent);
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
        r#"<w:abstractNum w:abstractNumId="0">"#
    ));
    for level in 0..=MAX_LEVEL {
        let bullet = if level % 2 == 0 { "•" } else { "–" };
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
    write!(
        x,
        r#"</w:abstractNum><w:num w:numId="{BULLETS}"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    )
    .unwrap();
    x
}
