//! Footnotes: the reference run in the text, and the number printed at the
//! foot of the page (`w:footnoteRef`, which docx-rs does not write).

use super::styles::id;
use docx_rs::{Footnote, Paragraph, Run};

/// The run referring to footnote `number`, whose text is `body` (a
/// paragraph in the Footnote Text style). The footnote's id is the model's
/// number, never docx-rs's process-wide counter.
pub fn reference(number: usize, body: Paragraph) -> Run {
    let note = Footnote {
        id: number,
        content: vec![body],
    };
    // add_footnote_reference sets the run style FootnoteReference.
    Run::new().add_footnote_reference(note)
}

/// The run that prints the note's number in the note itself, followed by a
/// space, as Word writes it.
const FOOTNOTE_REF_RUN: &str = concat!(
    r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#,
    r#"<w:r><w:t xml:space="preserve"> </w:t></w:r>"#
);

/// Adds the `w:footnoteRef` run at the start of each footnote's first
/// paragraph in `word/footnotes.xml` (right after its paragraph
/// properties: every note paragraph has the Footnote Text style).
pub fn add_footnote_refs(xml: &str) -> String {
    debug_assert_eq!(id::FOOTNOTE_REFERENCE, "FootnoteReference");
    let mut out = String::with_capacity(xml.len() + 256);
    let mut rest = xml;
    while let Some(start) = rest.find("<w:footnote ") {
        out.push_str(&rest[..start]);
        let note = &rest[start..];
        let end = note.find("</w:footnote>").map_or(note.len(), |e| e);
        let body = &note[..end];
        match body.find("</w:pPr>") {
            Some(p) => {
                let p = p + "</w:pPr>".len();
                out.push_str(&body[..p]);
                out.push_str(FOOTNOTE_REF_RUN);
                out.push_str(&body[p..]);
            }
            None => out.push_str(body),
        }
        rest = &note[end..];
        // Step past the closing tag so the search moves on.
        if let Some(close) = rest.strip_prefix("</w:footnote>") {
            out.push_str("</w:footnote>");
            rest = close;
        }
    }
    out.push_str(rest);
    out
}

/// The separator line above the notes, and the one used when a note runs
/// on to the next page, as Word writes them (ids -1 and 0).
const SEPARATORS: &str = concat!(
    r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"#,
    r#"<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#
);

/// Adds the separator notes at the start of `word/footnotes.xml` (call
/// after [`add_footnote_refs`]). A part without notes is left alone.
pub fn add_separators(xml: &str) -> String {
    let Some(start) = xml.find("<w:footnotes ") else {
        return xml.to_string();
    };
    let Some(end) = xml[start..].find('>').map(|e| start + e) else {
        return xml.to_string();
    };
    if xml[..end].ends_with('/') {
        return xml.to_string();
    }
    format!("{}{SEPARATORS}{}", &xml[..=end], &xml[end + 1..])
}

/// `word/settings.xml` naming the separator notes (Word writes this next
/// to them); `w:footnotePr` goes before `w:compat` in the schema order.
pub fn settings_with_separators(xml: &str) -> String {
    const PR: &str =
        r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>"#;
    match xml.find("<w:compat>") {
        Some(at) => format!("{}{PR}{}", &xml[..at], &xml[at..]),
        None => xml.replacen("</w:settings>", &format!("{PR}</w:settings>"), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_ref_goes_after_paragraph_properties() {
        let xml = r#"<w:footnotes><w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:t>A</w:t></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:pPr/></w:p></w:footnote></w:footnotes>"#;
        let out = add_footnote_refs(xml);
        assert_eq!(out.matches("<w:footnoteRef/>").count(), 1);
        assert!(out.contains(
            r#"</w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/>"#
        ));
        assert!(out.ends_with("</w:footnote></w:footnotes>"));
    }

    #[test]
    fn separators_come_first_and_only_with_notes() {
        let xml =
            r#"<?xml version="1.0"?><w:footnotes xmlns:w="x"><w:footnote w:id="1"/></w:footnotes>"#;
        let out = add_separators(xml);
        assert!(
            out.contains(r#"<w:footnotes xmlns:w="x"><w:footnote w:type="separator" w:id="-1">"#)
        );
        let empty = r#"<w:footnotes xmlns:w="x" />"#;
        assert_eq!(add_separators(empty), empty);
        let settings =
            settings_with_separators("<w:settings><w:zoom/><w:compat></w:compat></w:settings>");
        assert!(settings.contains(r#"</w:footnotePr><w:compat>"#));
    }
}
