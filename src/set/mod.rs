//! Document sets: `docset.json` names a meeting (e.g. SOM-28) and lists its
//! documents, each under its symbol, with where its data lives.

pub mod archive;
pub mod bundle;
pub mod circulate;
pub mod load;
pub mod manifest;
pub mod stale;
pub mod symbol;

use crate::style::PdfStandard;
use crate::values::{Code, Date, Lang, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `docset.json`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocSet {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Short name of the set, used for the ZIP file, e.g. "SOM-28".
    pub name: Code,
    pub meeting: SetMeeting,
    /// Lines printed top left of every masthead, e.g. ["United Nations", …].
    #[serde(default)]
    pub issuer: Vec<Text>,
    /// Symbol schemes by series name: a pattern with `{n}` for the number,
    /// e.g. "NEACAP/PD2/{n}" or "ESCAP/NEASPEC/SOM(28)/INF/{n}".
    pub series: BTreeMap<String, Code>,
    /// The generated list of documents (itself a document of the set).
    pub list_of_documents: ListEntry,
    /// The report of the changes since the documents were circulated (a
    /// document of the set, made when a circulated document changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<ChangesEntry>,
    /// Who makes the changes, as Word shows it beside each tracked change
    /// (default: the last line of `issuer`, the issuing office).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Text>,
    /// An archival standard for every PDF of the set, e.g. "a-2b" (PDF/A-2b);
    /// `--pdf-standard` on the command line replaces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf_standard: Option<PdfStandard>,
    pub documents: Vec<SetDocument>,
}

impl DocSet {
    /// The author of tracked changes: `author`, else the issuing office.
    pub fn author(&self) -> String {
        self.author
            .as_ref()
            .or(self.issuer.last())
            .map(Text::printed)
            .unwrap_or_else(|| "meetdoc".into())
    }
}

/// Where the report of changes since circulation stands in the set.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChangesEntry {
    pub series: String,
    pub number: Code,
    /// e.g. "Changes to the programme since its circulation".
    pub title: Text,
    /// Date of the report (default: the latest date of the set's
    /// documents, revision dates included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

/// The meeting the set belongs to.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SetMeeting {
    /// e.g. "Twenty-eighth Senior Officials Meeting of NEASPEC".
    pub title: Text,
    /// The session, printed under the title in every masthead, e.g.
    /// "Twenty-eighth session" (optional: the title may say it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Text>,
    /// e.g. "Ulaanbaatar, Mongolia".
    pub venue: Text,
    /// First day.
    pub date: Date,
    /// Last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
    /// Language of the documents (BCP 47), e.g. "en-GB" (the default).
    #[serde(default)]
    pub language: Lang,
}

impl SetMeeting {
    /// The last day (the first, for a meeting of one day).
    pub fn last_day(&self) -> Date {
        self.end_date.unwrap_or(self.date)
    }
}

/// Where the list of documents stands in the set.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ListEntry {
    pub series: String,
    pub number: Code,
    pub date: Date,
}

/// One document of the set.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SetDocument {
    /// A key of `series`.
    pub series: String,
    /// The document's number in its series (replaces `{n}`).
    pub number: Code,
    pub title: Text,
    /// e.g. "5(a)"; absent when the document is not under an agenda item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_item: Option<Code>,
    pub distribution: Distribution,
    /// Date of the document.
    pub date: Date,
    /// The language the document was written in (BCP 47, e.g. "en"),
    /// named in the masthead ("Original: English"); by default the set's
    /// language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Lang>,
    /// A revision after circulation: 1 gives the symbol suffix "/Rev.1".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// Date of the revision (shown in the masthead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_date: Option<Date>,
    /// Language versions of the document under the same symbol (BCP 47
    /// tags, e.g. ["ru", "zh"]), as UN language versions share a symbol:
    /// each made from its data set's folder of that language
    /// (`../neacap-pd2/ru/`; for an agenda, the set's `ru/agenda.json`),
    /// with the set's texts of its folder (`ru/docset.json`); its files
    /// are named with the language (`NEACAP_PD2_2-ru.pdf`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Lang>,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
pub enum Distribution {
    General,
    Limited,
    Restricted,
}

/// What the document is made from. Paths are relative to the set's folder.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Source {
    /// The concept note of a meeting data set (a folder).
    ConceptNote { data: String },
    /// The programme of a meeting data set (a folder).
    Programme { data: String },
    /// A provisional agenda (an agenda JSON file).
    Agenda { data: String },
    /// A general meeting document (a document JSON file): an information
    /// note, an annotated agenda, a report.
    Document { data: String },
    /// A document written elsewhere, included as it is.
    External {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docx: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pdf: Option<String>,
    },
}

impl SetDocument {
    /// The full symbol, revision suffix included.
    pub fn symbol(&self, set: &DocSet) -> String {
        let pattern = set
            .series
            .get(&self.series)
            .map(Code::as_str)
            .unwrap_or("{n}");
        symbol::format(pattern, self.number.as_str(), self.revision)
    }
}
