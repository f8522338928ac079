//! The DOCX package: the ZIP, its relationships, and the parts import
//! reads (the main document, styles, numbering, footnotes, headers and
//! footers, document properties). Nothing else in the package is read: no
//! custom XML part, no embedded file.

use super::ImportError;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// The most a part may hold once unzipped (a guard against ZIP bombs).
const MAX_PART: u64 = 64 * 1024 * 1024;

const OFFICE_DOCUMENT: &str = "officeDocument";

/// The parts of a DOCX package that import reads, as text.
pub struct Package {
    pub document: String,
    pub styles: Option<String>,
    pub numbering: Option<String>,
    pub footnotes: Option<String>,
    /// Headers and footers, in the order the main document relates them:
    /// (kind "header" or "footer", part path, text).
    pub stories: Vec<(String, String, String)>,
    pub core: Option<String>,
    pub custom: Option<String>,
    /// The main document's relationships: id -> (type's last segment, target).
    pub document_rels: BTreeMap<String, (String, String)>,
}

impl Package {
    /// Opens the package in `bytes`.
    pub fn open(bytes: &[u8]) -> Result<Package, ImportError> {
        // An encrypted Office file is an OLE compound file holding the
        // encrypted package (so is a Word 97-2003 .doc).
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Err(ImportError::new(
                "the file is encrypted (password-protected) or a Word 97-2003 document (.doc), not a DOCX package",
                "in Word, remove the password (File › Info › Protect Document › Encrypt with Password, empty) or save it as a Word Document (.docx), then import it again",
            ));
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            ImportError::new(
                format!("the file is not a Word document (DOCX): it is not a ZIP package ({e})"),
                "import a .docx file as Word or LibreOffice saves it (Word Document, .docx)",
            )
        })?;
        let names: Vec<String> = (0..zip.len())
            .filter_map(|i| {
                zip.name_for_index(i)
                    .and_then(|n| n.ok())
                    .map(|n| n.to_string())
            })
            .collect();
        if names.iter().any(|n| n == "EncryptedPackage") {
            return Err(ImportError::new(
                "the file is encrypted (password-protected)",
                "in Word, remove the password (File › Info › Protect Document), save, and import it again",
            ));
        }
        let mut read = |name: &str| -> Result<Option<String>, ImportError> {
            let Some(real) = names.iter().find(|n| n.eq_ignore_ascii_case(name)) else {
                return Ok(None);
            };
            let mut file = zip.by_name(real).map_err(|e| {
                ImportError::new(
                    format!("cannot read {name} in the package: {e}"),
                    "the file is damaged: open it in Word or LibreOffice and save it again",
                )
            })?;
            if file.encrypted() {
                return Err(ImportError::new(
                    format!("{name} in the package is encrypted"),
                    "remove the password in Word and save the file again",
                ));
            }
            let mut buf = Vec::new();
            file.by_ref()
                .take(MAX_PART + 1)
                .read_to_end(&mut buf)
                .map_err(|e| {
                    ImportError::new(
                        format!("cannot unzip {name}: {e}"),
                        "the file is damaged: open it in Word or LibreOffice and save it again",
                    )
                })?;
            if buf.len() as u64 > MAX_PART {
                return Err(ImportError::new(
                    format!("{name} is larger than {} MB unzipped", MAX_PART >> 20),
                    "import a smaller document",
                ));
            }
            let text = String::from_utf8(buf)
                .or_else(|e| utf16(e.as_bytes()).ok_or(()))
                .map_err(|_| {
                    ImportError::new(
                        format!("{name} is not UTF-8 or UTF-16 text"),
                        "the file is damaged: open it in Word or LibreOffice and save it again",
                    )
                })?;
            Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
        };

        let package_rels = match read("_rels/.rels")? {
            Some(t) => relationships(&t, "")?,
            None => BTreeMap::new(),
        };
        let by_type = |rels: &BTreeMap<String, (String, String)>, kind: &str| {
            rels.values()
                .find(|(t, _)| t == kind)
                .map(|(_, target)| target.clone())
        };
        let main = by_type(&package_rels, OFFICE_DOCUMENT)
            .or_else(|| {
                names
                    .iter()
                    .any(|n| n == "word/document.xml")
                    .then(|| "word/document.xml".to_string())
            })
            .ok_or_else(|| {
                ImportError::new(
                    "the package has no main document: it is a ZIP file, but not a Word document",
                    "import a .docx file as Word or LibreOffice saves it",
                )
            })?;
        let document = read(&main)?.ok_or_else(|| {
            ImportError::new(
                format!("the package names its main document {main}, which is not in it"),
                "the file is damaged: open it in Word or LibreOffice and save it again",
            )
        })?;
        let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let rels_name = format!(
            "{}_rels/{}.rels",
            if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            },
            main.rsplit('/').next().unwrap_or(&main)
        );
        let document_rels = match read(&rels_name)? {
            Some(t) => relationships(&t, &dir)?,
            None => BTreeMap::new(),
        };
        let part = |kind: &str, fallback: &str| {
            by_type(&document_rels, kind).unwrap_or_else(|| fallback.to_string())
        };
        let styles = read(&part("styles", "word/styles.xml"))?;
        let numbering = read(&part("numbering", "word/numbering.xml"))?;
        let footnotes = read(&part("footnotes", "word/footnotes.xml"))?;
        let mut stories = Vec::new();
        for (kind, target) in document_rels.values() {
            if (kind == "header" || kind == "footer")
                && let Some(text) = read(target)?
            {
                stories.push((kind.clone(), target.clone(), text));
            }
        }
        let core = match by_type(&package_rels, "core-properties") {
            Some(p) => read(&p)?,
            None => read("docProps/core.xml")?,
        };
        let custom = match by_type(&package_rels, "custom-properties") {
            Some(p) => read(&p)?,
            None => read("docProps/custom.xml")?,
        };
        Ok(Package {
            document,
            styles,
            numbering,
            footnotes,
            stories,
            core,
            custom,
            document_rels,
        })
    }
}

/// UTF-16 text with a byte order mark.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (le, rest) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return None,
    };
    let units: Vec<u16> = rest
        .chunks_exact(2)
        .map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16(&units).ok()
}

/// A relationships part: id -> (the last segment of its type, target as a
/// path in the package, resolved against `dir`). External targets (links)
/// are kept as they are.
fn relationships(xml: &str, dir: &str) -> Result<BTreeMap<String, (String, String)>, ImportError> {
    let doc = super::xml::parse(xml, "a relationships part")?;
    let mut out = BTreeMap::new();
    for r in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
    {
        let (Some(id), Some(kind), Some(target)) = (
            r.attribute("Id"),
            r.attribute("Type"),
            r.attribute("Target"),
        ) else {
            continue;
        };
        let kind = kind.rsplit('/').next().unwrap_or(kind).to_string();
        let target = if r.attribute("TargetMode") == Some("External") {
            target.to_string()
        } else {
            resolve(dir, target)
        };
        out.insert(id.to_string(), (kind, target));
    }
    Ok(out)
}

/// `target` relative to the folder `dir` of the part that relates it.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn targets_resolve_against_the_part() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word", "../docProps/x.xml"), "docProps/x.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word", "/word/footnotes.xml"), "word/footnotes.xml");
    }
}
