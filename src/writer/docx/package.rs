//! After `Docx::build()`: the parts written here (styles, core
//! properties), the XML fixes docx-rs cannot express (repeating header
//! rows, the footnote number in the note, ids independent of process-wide
//! counters), and the zip archive with a fixed timestamp and entry order.

use super::footnotes::{add_footnote_refs, add_separators, settings_with_separators};
use super::styles::styles_xml;
use super::text::escape;
use crate::model::Document;
use crate::style::Style;
use anyhow::{Context, Result, bail};
use docx_rs::XMLDocx;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Finishes the parts of `xml` and zips them.
pub fn pack(
    xml: XMLDocx,
    doc: &Document,
    style: &Style,
    tables_with_header: &[bool],
) -> Result<Vec<u8>> {
    if !xml.media.is_empty() || xml.taskpanes.is_some() || !xml.custom_items.is_empty() {
        bail!("internal: the DOCX writer does not pack media, task panes or custom XML");
    }
    let text = |part: Vec<u8>, name: &str| {
        String::from_utf8(part).with_context(|| format!("internal: {name} is not UTF-8"))
    };

    let mut ids = ParaIds::default();
    let document = mark_header_rows(&text(xml.document, "document.xml")?, tables_with_header)?;
    let document = ids.renumber(&document);
    let mut headers = Vec::new();
    for h in xml.headers {
        headers.push(ids.renumber(&text(h, "a header")?));
    }
    let mut footers = Vec::new();
    for f in xml.footers {
        footers.push(ids.renumber(&text(f, "a footer")?));
    }
    let footnotes = ids.renumber(&add_footnote_refs(&text(xml.footnotes, "footnotes.xml")?));
    let mut settings = text(xml.settings, "settings.xml")?;
    if !doc.footnotes.is_empty() {
        settings = settings_with_separators(&settings);
    }
    let footnotes = add_separators(&footnotes);

    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), core_xml(doc)?.into_bytes()),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), document.into_bytes()),
        (
            "word/styles.xml".into(),
            styles_xml(style, doc.meta.language.as_str()).into_bytes(),
        ),
        ("word/settings.xml".into(), settings.into_bytes()),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
    ];
    // Without notes, docx-rs neither relates nor types this part.
    if !doc.footnotes.is_empty() {
        parts.push(("word/footnotes.xml".into(), footnotes.into_bytes()));
    }
    // Named as docx-rs names them in document.xml.rels.
    for (i, h) in headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h.into_bytes()));
        if let Some(rels) = xml.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (i, f) in footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f.into_bytes()));
        if let Some(rels) = xml.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels.clone()));
        }
    }
    // Word reads property elements in schema order only.
    for (name, data) in parts.iter_mut() {
        if name.starts_with("word/") && name.ends_with(".xml") {
            let text = String::from_utf8(std::mem::take(data))
                .with_context(|| format!("internal: {name} is not UTF-8"))?;
            *data = super::schema_order::reorder(&text).into_bytes();
        }
    }
    zip_parts(&parts)
}

/// Zips `parts` in the given order, deflated, all dated 1980-01-01 00:00.
pub fn zip_parts(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    // Small parts are stored: a deflater costs more to set up (a large
    // zeroed window) than it saves on a few hundred bytes.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let options = if data.len() < 2048 { stored } else { deflated };
        zip.start_file(name.as_str(), options)?;
        zip.write_all(data)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `docProps/core.xml`: title, creator, language, and the document's date
/// (never the clock) as created and modified time.
fn core_xml(doc: &Document) -> Result<String> {
    let m = &doc.meta;
    let when = format!("{}T00:00:00Z", m.date);
    Ok(format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"#,
            r#"<dc:language>{lang}</dc:language><cp:revision>1</cp:revision>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        title = escape(&m.title),
        author = escape(&m.author),
        lang = escape(m.language.as_str()),
        when = when,
    ))
}

/// Marks the first row of each table that has a header row as repeating on
/// every page (`w:tblHeader`, which docx-rs cannot write). `with_header`
/// lists the document's tables in order.
fn mark_header_rows(xml: &str, with_header: &[bool]) -> Result<String> {
    const TBL: &str = "<w:tbl>";
    const TR_PR: &str = "<w:trPr>";
    let found = xml.matches(TBL).count();
    if found != with_header.len() {
        bail!(
            "internal: document.xml has {found} tables, the writer made {}",
            with_header.len()
        );
    }
    let mut out = String::with_capacity(xml.len() + 32 * found);
    let mut rest = xml;
    for &header in with_header {
        let at = rest.find(TBL).expect("counted above") + TBL.len();
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if header {
            let Some(tr_pr) = rest.find(TR_PR) else {
                bail!("internal: a table row without w:trPr");
            };
            let at = tr_pr + TR_PR.len();
            out.push_str(&rest[..at]);
            out.push_str("<w:tblHeader/>");
            rest = &rest[at..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Renumbers `w14:paraId` values 1, 2, 3, ... across the parts, in the
/// order they are passed, so the output does not depend on docx-rs's
/// per-thread counter.
#[derive(Default)]
struct ParaIds {
    next: u32,
}

impl ParaIds {
    fn renumber(&mut self, xml: &str) -> String {
        const ATTR: &str = "w14:paraId=\"";
        let mut out = String::with_capacity(xml.len());
        let mut rest = xml;
        while let Some(at) = rest.find(ATTR) {
            let start = at + ATTR.len();
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let end = rest.find('"').unwrap_or(0);
            self.next += 1;
            out.push_str(&format!("{:08X}", self.next));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_only_tables_with_a_header() {
        let xml = "<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl>";
        let out = mark_header_rows(xml, &[false, true]).unwrap();
        assert_eq!(out.matches("<w:tblHeader/>").count(), 1);
        assert!(out.ends_with("<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr></w:tr></w:tbl>"));
        assert!(mark_header_rows(xml, &[true]).is_err());
    }

    #[test]
    fn para_ids_are_renumbered_across_parts() {
        let mut ids = ParaIds::default();
        let a = ids.renumber(r#"<w:p w14:paraId="0000abcd"/><w:p w14:paraId="00000007"/>"#);
        let b = ids.renumber(r#"<w:p w14:paraId="00000001"/>"#);
        assert_eq!(
            a,
            r#"<w:p w14:paraId="00000001"/><w:p w14:paraId="00000002"/>"#
        );
        assert_eq!(b, r#"<w:p w14:paraId="00000003"/>"#);
    }
}
