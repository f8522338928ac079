//! Footnotes: the reference run in the text (docx-rs), and what docx-rs
//! does not write, added to `word/footnotes.xml` by the XML pass
//! (`xml_pass.rs`): the separator notes and the number printed at the foot
//! of the page (`w:footnoteRef`).

use crate::style::NoteRule;

use docx_rs::{Footnote, Paragraph, Run};

/// The run referring to footnote `id`, whose text is `body` (a paragraph
/// in the Footnote Text style). The id is the writer's (the model's number
/// after the marked notes), never docx-rs's process-wide counter.
pub fn reference(id: usize, body: Paragraph) -> Run {
    let note = Footnote {
        id,
        content: vec![body],
    };
    // add_footnote_reference sets the run style FootnoteReference.
    Run::new().add_footnote_reference(note)
}

/// The run that prints the note's number in the note itself, followed by a
/// space, as Word writes it: put at the start of each note's first
/// paragraph, after its paragraph properties.
pub const NUMBER_RUN: &str = concat!(
    r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#,
    r#"<w:r><w:t xml:space="preserve"> </w:t></w:r>"#
);

/// The start of the run that prints a marked note's mark in the note
/// itself (the mark's text is added), and the space after it.
pub const MARK_RUN_START: &str =
    r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr></w:r>"#;
pub const SPACE_RUN: &str = r#"<w:r><w:t xml:space="preserve"> </w:t></w:r>"#;

/// The separator line above the notes, and the one used when a note runs
/// on to the next page, as Word writes them: the first notes of the part,
/// ids -1 and 0 (`settings.xml` names them).
pub const SEPARATORS: &str = concat!(
    r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"#,
    r#"<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#
);

/// The separator notes that draw `rule`: Word's separator characters, a
/// border of the separator's paragraph across the column, or an empty
/// paragraph.
pub fn separators(rule: &NoteRule) -> String {
    let note = |kind: &str, id: &str, inside: &str| {
        format!(
            r#"<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr>{inside}<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:p></w:footnote>"#
        )
    };
    match rule {
        NoteRule::Short => SEPARATORS.to_string(),
        NoteRule::Full { width_pt, colour } => {
            // Eighths of a point, as Word writes a border's width.
            let sz = (width_pt * 8.0).round().max(1.0);
            let border = format!(
                r#"<w:pBdr><w:top w:val="single" w:sz="{sz}" w:space="0" w:color="{colour}"/></w:pBdr>"#
            );
            note("separator", "-1", &border) + &note("continuationSeparator", "0", &border)
        }
        NoteRule::None => note("separator", "-1", "") + &note("continuationSeparator", "0", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writer::docx::styles::id;

    #[test]
    fn the_number_run_uses_the_reference_style() {
        assert!(NUMBER_RUN.contains(&format!(r#"w:val="{}""#, id::FOOTNOTE_REFERENCE)));
    }
}
