//! After `Docx::build()`: the parts docx-rs writes for the text (body,
//! headers, footers, notes) go through the XML pass (`xml_pass.rs`); every
//! other part is written here (styles, numbering, settings, font table,
//! theme, properties), and so are the content types and relationships,
//! from the list of parts: every part is typed and related, none is left
//! empty or unrelated, and each part relates the links of its text (a link
//! in a footnote from `footnotes.xml`). The zip has a fixed timestamp and
//! entry order.

use super::blocks::{LinkRel, Story};
use super::numbering::{Numbering, numbering_xml};
use super::parts::{APP_XML, font_table_xml, settings_xml, theme_xml};
use super::styles::styles_xml;
use super::text::escape;
use super::xml_pass::{Part, Pass};
use crate::model::Document;
use crate::style::Style;
use anyhow::{Context, Result, bail};
use docx_rs::XMLDocx;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// A part of the package and where it is related from.
struct PackagePart {
    /// Path in the zip, e.g. `word/styles.xml`.
    name: String,
    content_type: String,
    rel: Rel,
    data: Vec<u8>,
    /// The links of its text: (relationship id, address), related from it
    /// as external targets.
    links: Vec<(String, String)>,
}

const HYPERLINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

enum Rel {
    /// From the package (`_rels/.rels`), of this type.
    Package(&'static str),
    /// From the main document (`word/_rels/document.xml.rels`), with this
    /// id and type.
    Document(String, String),
}

impl PackagePart {
    fn word(name: &str, kind: &str, rel_id: &str, data: Vec<u8>) -> Self {
        PackagePart {
            name: format!("word/{name}"),
            content_type: format!("{WML}.{kind}+xml"),
            rel: Rel::Document(rel_id.into(), format!("{REL}/{kind}")),
            data,
            links: Vec::new(),
        }
    }
}

/// The links of `links` in the text of `story`: (id, address).
fn links_of(links: &[LinkRel], story: Story) -> Vec<(String, String)> {
    links
        .iter()
        .filter(|l| l.story == story)
        .map(|l| (l.id.clone(), l.url.clone()))
        .collect()
}

/// Finishes the parts of `xml` and zips them.
/// `numbering` holds the document's numbered lists, `marked` the ids and
/// marks of its footnotes marked with a sign, `links` the links of its
/// text.
pub fn pack(
    xml: XMLDocx,
    doc: &Document,
    style: &Style,
    numbering: &Numbering,
    marked: &[(usize, String)],
    links: &[LinkRel],
) -> Result<Vec<u8>> {
    if !xml.media.is_empty() || xml.taskpanes.is_some() || !xml.custom_items.is_empty() {
        bail!("internal: the DOCX writer does not pack media, task panes or custom XML");
    }
    for rels in xml.header_rels.iter().chain(&xml.footer_rels) {
        if !relationships(rels)?.is_empty() {
            bail!("internal: a header or footer with relationships");
        }
    }
    let with_notes = !doc.footnotes.is_empty() || !marked.is_empty();
    let spans = crate::model::span_languages(doc);

    let mut pass = Pass::new(marked).with_note_rule(&style.note_rule);
    let document = pass.run(&xml.document, Part::Story, "document.xml")?;
    // Headers and footers as docx-rs relates them: header{n}.xml is the
    // n-th of xml.headers.
    let mut stories = Vec::new();
    for (id, rel_type, target) in relationships(&xml.document_rels)? {
        let (kind, list) = match rel_type.rsplit('/').next() {
            Some("header") => ("header", &xml.headers),
            Some("footer") => ("footer", &xml.footers),
            _ => continue,
        };
        let n: usize = target
            .strip_prefix(kind)
            .and_then(|t| t.strip_suffix(".xml"))
            .and_then(|n| n.parse().ok())
            .with_context(|| format!("internal: docx-rs relates {kind} {target:?}"))?;
        let Some(data) = n.checked_sub(1).and_then(|i| list.get(i)) else {
            bail!("internal: docx-rs relates {target}, which it did not write");
        };
        stories.push((target, kind, id, data));
    }
    if stories.len() != xml.headers.len() + xml.footers.len() {
        bail!("internal: docx-rs wrote headers or footers it does not relate");
    }

    let mut parts = vec![
        PackagePart {
            name: "word/document.xml".into(),
            content_type: format!("{WML}.document.main+xml"),
            rel: Rel::Package(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
            ),
            data: document,
            links: links_of(links, Story::Document),
        },
        PackagePart::word(
            "styles.xml",
            "styles",
            "rId1",
            styles_xml(style, &doc.meta.language, &spans).into_bytes(),
        ),
        PackagePart::word(
            "settings.xml",
            "settings",
            "rId2",
            settings_xml(&doc.meta.language, with_notes, style.running.alternates()).into_bytes(),
        ),
        PackagePart::word(
            "fontTable.xml",
            "fontTable",
            "rId3",
            font_table_xml(style, &doc.meta.language, &spans).into_bytes(),
        ),
        PackagePart {
            name: "word/theme/theme1.xml".into(),
            content_type: "application/vnd.openxmlformats-officedocument.theme+xml".into(),
            rel: Rel::Document("rId4".into(), format!("{REL}/theme")),
            data: theme_xml(style, &doc.meta.language).into_bytes(),
            links: Vec::new(),
        },
        // Always: the list styles name the bullet list, with or without a
        // list in the text.
        PackagePart::word(
            "numbering.xml",
            "numbering",
            "rId5",
            numbering_xml(style, numbering).into_bytes(),
        ),
    ];
    if with_notes {
        let notes = pass.run(&xml.footnotes, Part::Footnotes, "footnotes.xml")?;
        let mut part = PackagePart::word("footnotes.xml", "footnotes", "rId6", notes);
        part.links = links_of(links, Story::Footnotes);
        parts.push(part);
    } else if links.iter().any(|l| l.story == Story::Footnotes) {
        bail!("internal: a link in a footnote of a document without footnotes");
    }
    for (target, kind, id, data) in stories {
        let data = pass.run(data, Part::Story, &target)?;
        parts.push(PackagePart::word(&target, kind, &id, data));
    }
    parts.push(PackagePart {
        name: "docProps/core.xml".into(),
        content_type: "application/vnd.openxmlformats-package.core-properties+xml".into(),
        rel: Rel::Package(
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        ),
        data: core_xml(doc)?.into_bytes(),
        links: Vec::new(),
    });
    parts.push(PackagePart {
        name: "docProps/app.xml".into(),
        content_type: "application/vnd.openxmlformats-officedocument.extended-properties+xml"
            .into(),
        rel: Rel::Package(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
        ),
        data: APP_XML.as_bytes().to_vec(),
        links: Vec::new(),
    });
    if !doc.meta.properties.is_empty() {
        parts.push(PackagePart {
            name: "docProps/custom.xml".into(),
            content_type: "application/vnd.openxmlformats-officedocument.custom-properties+xml"
                .into(),
            rel: Rel::Package(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
            ),
            data: custom_xml(&doc.meta.properties).into_bytes(),
            links: Vec::new(),
        });
    }

    let mut files = vec![
        ("[Content_Types].xml".to_string(), content_types(&parts)),
        ("_rels/.rels".to_string(), rels(&parts, None)),
    ];
    // Each part of word/ that relates others or links: its relationships.
    for p in &parts {
        let related = p.name == "word/document.xml";
        if related || !p.links.is_empty() {
            let (folder, file) = p.name.rsplit_once('/').unwrap_or(("", &p.name));
            files.push((format!("{folder}/_rels/{file}.rels"), rels(&parts, Some(p))));
        }
    }
    files.extend(parts.into_iter().map(|p| (p.name, p.data)));
    zip_parts(&files)
}

/// `(Id, Type, Target)` of each relationship of a relationships part.
fn relationships(xml: &[u8]) -> Result<Vec<(String, String, String)>> {
    let mut reader = Reader::from_reader(xml);
    let mut out = Vec::new();
    loop {
        match reader
            .read_event()
            .context("internal: docx-rs wrote a relationships part that is not XML")?
        {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"Relationship" => {
                let get = |key: &[u8]| -> Result<String> {
                    let a = e
                        .try_get_attribute(key)?
                        .context("internal: a relationship without Id, Type or Target")?;
                    Ok(a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?
                        .into_owned())
                };
                out.push((get(b"Id")?, get(b"Type")?, get(b"Target")?));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// `[Content_Types].xml`: each part's type.
fn content_types(parts: &[PackagePart]) -> Vec<u8> {
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#
    ));
    for p in parts {
        write!(
            x,
            r#"<Override PartName="/{}" ContentType="{}"/>"#,
            escape(&p.name),
            escape(&p.content_type)
        )
        .unwrap();
    }
    x.push_str("</Types>");
    x.into_bytes()
}

/// The relationships of the package (`from` None) or of part `from`: the
/// parts related from it (from the main document: every part of word/ but
/// itself) and the links of its text, as external targets.
fn rels(parts: &[PackagePart], from: Option<&PackagePart>) -> Vec<u8> {
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    let main = from.is_some_and(|f| f.name == "word/document.xml");
    let mut n = 0;
    for p in parts {
        let (id, rel_type, target) = match (&p.rel, from) {
            (Rel::Package(t), None) => {
                n += 1;
                (format!("rId{n}"), t.to_string(), p.name.as_str())
            }
            (Rel::Document(id, t), Some(_)) if main => (
                id.clone(),
                t.clone(),
                p.name.strip_prefix("word/").unwrap_or(&p.name),
            ),
            _ => continue,
        };
        write!(
            x,
            r#"<Relationship Id="{}" Type="{}" Target="{}"/>"#,
            escape(&id),
            escape(&rel_type),
            escape(target)
        )
        .unwrap();
    }
    for (id, url) in from.map(|f| f.links.as_slice()).unwrap_or_default() {
        write!(
            x,
            r#"<Relationship Id="{}" Type="{HYPERLINK}" Target="{}" TargetMode="External"/>"#,
            escape(id),
            escape(url)
        )
        .unwrap();
    }
    x.push_str("</Relationships>");
    x.into_bytes()
}

/// Zips `parts` in the given order, deflated, all dated 1980-01-01 00:00.
pub fn zip_parts(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
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

/// `docProps/custom.xml`: the facts of the data the document does not
/// print, as text properties (Word shows and edits them under File ›
/// Properties › Advanced › Custom).
fn custom_xml(properties: &[(String, String)]) -> String {
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    for (i, (name, value)) in properties.iter().enumerate() {
        write!(
            x,
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            i + 2,
            escape(name),
            escape(value)
        )
        .unwrap();
    }
    x.push_str("</Properties>");
    x
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
