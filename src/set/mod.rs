//! Document sets: `docset.json` names a meeting (e.g. SOM-28) and lists its
//! documents, each under its symbol, with where its data lives.

pub mod archive;
pub mod bundle;
pub mod load;
pub mod manifest;
pub mod symbol;

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
    pub name: String,
    pub meeting: SetMeeting,
    /// Lines printed top left of every masthead, e.g. ["United Nations", …].
    #[serde(default)]
    pub issuer: Vec<String>,
    /// Symbol schemes by series name: a pattern with `{n}` for the number,
    /// e.g. "NEACAP/PD2/{n}" or "ESCAP/NEASPEC/SOM(28)/INF/{n}".
    pub series: BTreeMap<String, String>,
    /// The generated list of documents (itself a document of the set).
    pub list_of_documents: ListEntry,
    pub documents: Vec<SetDocument>,
}

/// The meeting the set belongs to.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SetMeeting {
    /// e.g. "Twenty-eighth Senior Officials Meeting of NEASPEC".
    pub title: String,
    /// e.g. "Ulaanbaatar, Mongolia".
    pub venue: String,
    /// First day, `YYYY-MM-DD`.
    pub date: String,
    /// Last day, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
}

fn default_language() -> String {
    "en".into()
}

/// Where the list of documents stands in the set.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ListEntry {
    pub series: String,
    pub number: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// One document of the set.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SetDocument {
    /// A key of `series`.
    pub series: String,
    /// The document's number in its series (replaces `{n}`).
    pub number: String,
    pub title: String,
    /// e.g. "5(a)"; empty when the document is not under an agenda item.
    #[serde(default)]
    pub agenda_item: String,
    pub distribution: Distribution,
    /// Date of the document, `YYYY-MM-DD`.
    pub date: String,
    /// Language of the original, e.g. "English".
    #[serde(default = "default_original")]
    pub original: String,
    /// A revision after circulation: 1 gives the symbol suffix "/Rev.1".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// Date of the revision, `YYYY-MM-DD` (shown in the masthead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_date: Option<String>,
    pub source: Source,
}

fn default_original() -> String {
    "English".into()
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
pub enum Distribution {
    General,
    Limited,
    Restricted,
}

impl Distribution {
    pub fn as_str(&self) -> &'static str {
        match self {
            Distribution::General => "General",
            Distribution::Limited => "Limited",
            Distribution::Restricted => "Restricted",
        }
    }
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
            .map(String::as_str)
            .unwrap_or("{n}");
        symbol::format(pattern, &self.number, self.revision)
    }
}
