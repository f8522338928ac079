//! The meeting data as staff write it: one JSON file per part of the
//! document, read into these typed structs (serde). `load.rs` reads a data
//! set; `validate.rs` checks what types cannot (times, sums, references).
//! Text fields carry inline markup (see `markup.rs`).

pub mod agenda;
pub mod load;
pub mod time;
pub mod validate;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `meeting.json`: the meeting's facts.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// The JSON Schema this file follows (for editors).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Kind of document, shown above the title, e.g. "Draft Concept Note".
    pub document_kind: String,
    /// The meeting's name, e.g. "NEACAP Second Policy Dialogue".
    pub title: String,
    /// e.g. "Blue Sky Hotel".
    pub venue: String,
    pub city: String,
    pub country: String,
    /// First day, `YYYY-MM-DD`.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub date: String,
    /// Last day for a meeting of several days, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub end_date: Option<String>,
    /// Time zone shown with the programme's times, e.g. "GMT+8" (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Language of the document (BCP 47), e.g. "en".
    #[serde(default = "default_language")]
    pub language: String,
    /// The meeting this one is held in conjunction with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_meeting: Option<RelatedMeeting>,
    /// Organizers, first one is named as the document's author.
    pub organizers: Vec<String>,
}

fn default_language() -> String {
    "en".to_string()
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RelatedMeeting {
    /// e.g. "28th Senior Officials Meeting of NEASPEC".
    pub name: String,
    /// e.g. "SOM-28".
    pub short: String,
}

/// `background.json`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Background {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub heading: String,
    /// Paragraphs (inline markup allowed).
    pub paragraphs: Vec<String>,
}

/// `objectives.json`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Objectives {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub heading: String,
    /// The introductory paragraphs (inline markup allowed).
    pub paragraphs: Vec<String>,
    /// The sentence before the list, e.g. "Specific objectives include:".
    pub specific_intro: String,
    /// The specific objectives, one bullet each.
    pub specific: Vec<String>,
}

/// `workplan.json`: the work plan paragraph(s) and its envisaged outputs,
/// printed inline as "(i) …; (ii) …; and (iv) …."
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WorkPlan {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub paragraphs: Vec<String>,
    /// e.g. "The Work Plan's envisaged outputs include:".
    pub outputs_intro: String,
    /// The outputs, without numbering or closing punctuation.
    pub outputs: Vec<String>,
}

/// `participants.json`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Participants {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub heading: String,
    /// The sentence before the list of categories.
    pub intro: String,
    /// Categories of participants, one bullet each.
    pub categories: Vec<String>,
    /// Paragraphs after the list.
    #[serde(default)]
    pub closing: Vec<String>,
}

/// `footnotes.json`: each footnote's text, defined once, referenced from
/// any text as `[^id]`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Footnotes {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// id → text (inline markup allowed, but no footnote references).
    #[serde(deserialize_with = "unique_keys")]
    pub notes: BTreeMap<String, String>,
}

/// A map whose keys must not repeat (serde_json would keep the last).
fn unique_keys<'de, D>(de: D) -> Result<BTreeMap<String, String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = BTreeMap<String, String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of footnote id to text")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((k, v)) = map.next_entry::<String, String>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format!(
                        "duplicate footnote id \"{k}\": each id is defined once"
                    )));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    de.deserialize_map(V)
}

/// `programme.json`: the programme, one table per day.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Heading in the concept note, e.g. "Indicative Programme".
    pub heading: String,
    /// Column headings of the table.
    #[serde(default = "default_columns")]
    pub columns: [String; 2],
    pub days: Vec<Day>,
}

fn default_columns() -> [String; 2] {
    ["Time".to_string(), "Sessions".to_string()]
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Day {
    /// `YYYY-MM-DD`.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub date: String,
    pub items: Vec<Item>,
}

/// One row of the programme.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Start, 24-hour `HH:MM`.
    #[schemars(regex(pattern = r"^([01]\d|2[0-3]):[0-5]\d$"))]
    pub start: String,
    /// End, 24-hour `HH:MM`.
    #[schemars(regex(pattern = r"^([01]\d|2[0-4]):[0-5]\d$"))]
    pub end: String,
    pub kind: ItemKind,
    /// Title (inline markup allowed); bold for sessions.
    pub title: String,
    /// Paragraphs describing the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<Speaker>,
    /// Timed parts of a session; their minutes add up to the session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A session: title in bold, its duration under the time.
    Session,
    /// A break (coffee, lunch): set apart.
    Break,
    /// Registration, networking, reception.
    Logistics,
}

/// A speaker: "name, affiliation (capacity)".
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    pub name: String,
    /// Post and organization, printed after a comma.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// Capacity, printed in parentheses, e.g. "as SOM-28 Country Chair".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<String>,
}

/// A timed part of a session, e.g. "Country presentations (50 mins)".
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub title: String,
    pub minutes: u32,
    /// Entries listed under the part (countries, panellists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<String>,
}

/// A whole data set: the folder of JSON files for one meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSet {
    pub dir: std::path::PathBuf,
    pub meeting: Meeting,
    pub background: Background,
    pub objectives: Objectives,
    pub workplan: WorkPlan,
    pub participants: Participants,
    pub footnotes: Footnotes,
    pub programme: Programme,
}
