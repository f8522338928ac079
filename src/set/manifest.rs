//! `manifest.json`: every file of a bundle with its symbol, language,
//! title, format, pages, size and SHA-256. Language versions share their
//! original's symbol: a document of the set is its symbol and language.

use crate::hash::sha256_hex;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// The set's name, e.g. "SOM-28".
    pub set: String,
    /// The ZIP holding every file below and this manifest.
    pub archive: String,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ManifestFile {
    pub file: String,
    pub symbol: String,
    /// The document's language (BCP 47): the set's for its documents
    /// (e.g. "en-GB"), the version's for a language version ("ru").
    pub language: String,
    pub title: String,
    /// "docx", "pdf" or "md".
    pub format: String,
    /// Pages as laid out in the PDF (a DOCX shares its PDF's layout);
    /// null when unknown (an external DOCX alone, or a PDF whose page tree
    /// is compressed).
    pub pages: Option<usize>,
    pub bytes: usize,
    pub sha256: String,
}

impl ManifestFile {
    pub fn new(
        file: &str,
        (symbol, language): (&str, &str),
        title: &str,
        format: &str,
        pages: Option<usize>,
        bytes: &[u8],
    ) -> Self {
        ManifestFile {
            file: file.to_string(),
            symbol: symbol.to_string(),
            language: language.to_string(),
            title: title.to_string(),
            format: format.to_string(),
            pages,
            bytes: bytes.len(),
            sha256: sha256_hex(bytes),
        }
    }
}

/// The page count of a PDF from its page tree (`/Type /Pages … /Count N`,
/// the largest count is the root's); None if the tree cannot be read
/// without decompressing.
pub fn pdf_pages(pdf: &[u8]) -> Option<usize> {
    let text = String::from_utf8_lossy(pdf);
    let mut best = None;
    let mut rest: &str = &text;
    while let Some(i) = rest.find("/Pages") {
        // Look inside the dictionary around this /Type /Pages.
        let start = rest[..i].rfind("<<").unwrap_or(0);
        let end = rest[i..].find(">>").map(|j| i + j).unwrap_or(rest.len());
        let dict = &rest[start..end];
        let is_pages = dict.replace(' ', "").contains("/Type/Pages");
        if is_pages && let Some(c) = dict.find("/Count") {
            let digits: String = dict[c + 6..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if let Ok(n) = digits.parse::<usize>() {
                best = Some(best.map_or(n, |b: usize| b.max(n)));
            }
        }
        rest = &rest[i + 6..];
    }
    best
}

#[cfg(test)]
mod tests {
    use super::pdf_pages;

    #[test]
    fn reads_the_page_tree() {
        let pdf = b"%PDF-1.7\n1 0 obj<</Type/Pages/Count 3/Kids[2 0 R]>>endobj 2 0 obj<</Type /Pages /Parent 1 0 R /Count 2>>endobj 3 0 obj<</Type/Outlines/Count 9>>endobj";
        assert_eq!(pdf_pages(pdf), Some(3));
        assert_eq!(pdf_pages(b"%PDF-1.7 nothing"), None);
    }
}
