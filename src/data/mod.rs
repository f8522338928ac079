//! The meeting data as staff write it: one JSON file per part of the
//! document, read into these typed structs. Every date, time, language and
//! text is a typed value (`crate::values`), parsed once when the file is
//! read; `load.rs` reads a data set and reports every problem at once,
//! `validate.rs` checks what one field alone cannot say (order, sums,
//! references), `walk.rs` finds every text with markup in a value.

pub mod agenda;
pub mod document;
pub mod edit;
pub mod format;
pub mod load;
pub mod shape;
pub mod validate;
pub mod version;
pub mod walk;

use crate::values::{Clock, Date, Lang, Markup, MarkupNoNotes, Text};
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
    pub document_kind: Text,
    /// The meeting's name, e.g. "NEACAP Second Policy Dialogue".
    pub title: Text,
    /// e.g. "Blue Sky Hotel".
    pub venue: Text,
    /// e.g. "Ulaanbaatar".
    pub city: Text,
    /// e.g. "Mongolia".
    pub country: Text,
    /// First day.
    pub date: Date,
    /// Last day, for a meeting of several days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
    /// Time zone shown with the programme's times, e.g. "GMT+8" (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<Text>,
    /// Language of the documents (BCP 47), e.g. "en-GB" (the default).
    #[serde(default)]
    pub language: Lang,
    /// The meeting this one is held in conjunction with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_meeting: Option<RelatedMeeting>,
    /// Organizers, named as the documents' author (may be left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizers: Vec<Text>,
    /// The concept note's sections in the order they are printed: files of
    /// this folder, e.g. ["background.json", "objectives.json",
    /// "outcomes.json", "programme.json"]. `background.json`,
    /// `objectives.json`, `workplan.json`, `participants.json` and
    /// `programme.json` are the known sections; any other file is a section
    /// written as a general document's (heading, content, sections). When
    /// left out: the known sections whose files are there, in that order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<String>>,
}

impl Meeting {
    /// The last day (the first, for a meeting of one day).
    pub fn last_day(&self) -> Date {
        self.end_date.unwrap_or(self.date)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RelatedMeeting {
    /// e.g. "28th Senior Officials Meeting of NEASPEC".
    pub name: Text,
    /// e.g. "SOM-28".
    pub short: Text,
}

/// `background.json`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Background {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub heading: Markup,
    #[serde(default)]
    pub paragraphs: Vec<Markup>,
}

/// `objectives.json`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Objectives {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub heading: Markup,
    /// The introductory paragraphs.
    #[serde(default)]
    pub paragraphs: Vec<Markup>,
    /// The sentence before the list, e.g. "Specific objectives include:"
    /// (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specific_intro: Option<Markup>,
    /// The specific objectives, one bullet each (may be empty).
    #[serde(default)]
    pub specific: Vec<Markup>,
}

/// `workplan.json`: the work plan paragraph(s) and its envisaged outputs,
/// printed inline as "(i) …; (ii) …; and (iv) …."
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WorkPlan {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A heading of its own (optional: by default the work plan follows
    /// the objectives without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<Markup>,
    #[serde(default)]
    pub paragraphs: Vec<Markup>,
    /// e.g. "The Work Plan's envisaged outputs include:" (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs_intro: Option<Markup>,
    /// The outputs, without numbering or closing punctuation (may be
    /// empty).
    #[serde(default)]
    pub outputs: Vec<Markup>,
}

/// `participants.json`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Participants {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub heading: Markup,
    /// The sentence before the list of categories (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Markup>,
    /// Categories of participants, one bullet each (may be empty).
    #[serde(default)]
    pub categories: Vec<Markup>,
    /// Paragraphs after the list.
    #[serde(default)]
    pub closing: Vec<Markup>,
}

/// `footnotes.json`: each footnote's text, defined once, referenced from
/// any text as `[^id]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Footnotes {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// id → text (italic and bold allowed; a note has no notes).
    pub notes: BTreeMap<String, MarkupNoNotes>,
}

/// `programme.json`: the programme, one table per day.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Heading in the concept note and title of the programme, e.g.
    /// "Indicative Programme".
    pub heading: MarkupNoNotes,
    /// Column headings of the table; by default the label table's, in the
    /// document's language ("Time", "Sessions").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<[Text; 2]>,
    /// How each day's heading is printed (a programme of several days):
    /// "numbered" ("Day 1: 09:30–17:00, Tuesday, 3 March 2026", the
    /// default), "dated" ("Tuesday, 3 March 2026: 09:30–17:00") or
    /// "date_only" ("Tuesday, 3 March 2026"); the words are the label
    /// table's.
    #[serde(default, skip_serializing_if = "is_default")]
    pub day_heading: DayHeadingStyle,
    /// What the title block says of the meeting's time: "times" (each
    /// day's times and date, a line per day; the default) or "dates" (the
    /// dates only, "3–4 March 2026").
    #[serde(default, skip_serializing_if = "is_default")]
    pub title_line: TitleLine,
    pub days: Vec<Day>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// How a programme day's heading is printed.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DayHeadingStyle {
    /// "Day 1: 09:30–17:00, Tuesday, 3 March 2026".
    #[default]
    Numbered,
    /// "Tuesday, 3 March 2026: 09:30–17:00".
    Dated,
    /// "Tuesday, 3 March 2026".
    DateOnly,
}

/// What the title block says of the meeting's time.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TitleLine {
    /// Each day's times and date ("14:00–17:45, 23 September 2025"), a
    /// line per day.
    #[default]
    Times,
    /// The dates only ("22–23 September 2025").
    Dates,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Day {
    pub date: Date,
    pub items: Vec<Item>,
}

/// One row of the programme.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Start, 24-hour `HH:MM`.
    pub start: Clock,
    /// End, 24-hour `HH:MM` (`24:00` for midnight).
    pub end: Clock,
    pub kind: ItemKind,
    /// Title; bold for sessions.
    pub title: Markup,
    /// Paragraphs describing the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<Markup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<Speaker>,
    /// Timed parts of a session; their minutes add up to the session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

impl Item {
    /// The item's length in minutes (0 when it ends before it starts,
    /// which validation reports).
    pub fn minutes(&self) -> u32 {
        self.end.minutes().saturating_sub(self.start.minutes())
    }

    /// How messages name the item: "item 5 (15:45 Coffee Break)", counted
    /// from 1 as a reader counts.
    pub fn describe(&self, index: usize) -> String {
        format!("item {} ({} {})", index + 1, self.start, self.title.plain())
    }
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

/// A speaker: "role: name, affiliation (capacity)".
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    /// The speaker's role, printed before the name: "Moderator" gives
    /// "Moderator: Ms. X" (the words around it from the label table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Markup>,
    pub name: Markup,
    /// Post and organization, printed after a comma.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Markup>,
    /// Capacity, printed in parentheses, e.g. "as SOM-28 Country Chair".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Markup>,
    /// The language of the name when it is not the document's (BCP 47),
    /// e.g. "ja" for 田中太郎: the name is set in that language's faces.
    /// A name in Hangul or kana needs none (its script says it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

/// A timed part of a session, e.g. "Country presentations (50 mins)".
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub title: Markup,
    pub minutes: u32,
    /// Entries listed under the part (countries, panellists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<Markup>,
    /// How the list is printed: "bullets" (a bullet each, under the part;
    /// the default) or "inline" (on the part's line: "Country
    /// presentations (50 mins): China; Japan; Mongolia").
    #[serde(default, skip_serializing_if = "is_default")]
    pub list_style: ListStyle,
}

/// How a part's list is printed.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ListStyle {
    /// A bullet each, under the part.
    #[default]
    Bullets,
    /// On the part's line, separated as the label table says.
    Inline,
}

/// A whole data set: the folder of JSON files for one meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSet {
    pub dir: std::path::PathBuf,
    pub meeting: Meeting,
    /// The concept note's sections, in the order they are printed.
    pub sections: Vec<NoteSection>,
    /// `footnotes.json` (no notes when the file is not there).
    pub footnotes: Footnotes,
    /// `programme.json`: the programme document, and the concept note's
    /// programme section where `sections` names it.
    pub programme: Programme,
    /// The files read, in order (e.g. for `check` to count them).
    pub files: Vec<String>,
    /// A language version's note (`version.json`), printed under the title
    /// of its documents, e.g. "Unofficial translation".
    pub note: Option<Text>,
}

/// A section of the concept note, from its file (serialized in a copy of
/// the data, e.g. circulation records).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteSection {
    Background(Background),
    Objectives(Objectives),
    WorkPlan(WorkPlan),
    Participants(Participants),
    /// The programme (`DataSet::programme`), a day per sub-section.
    Programme,
    /// A section written as a general document's, from `file`.
    Other {
        file: String,
        section: document::Section,
    },
}

impl NoteSection {
    /// The file the section comes from.
    pub fn file(&self) -> &str {
        match self {
            NoteSection::Background(_) => "background.json",
            NoteSection::Objectives(_) => "objectives.json",
            NoteSection::WorkPlan(_) => "workplan.json",
            NoteSection::Participants(_) => "participants.json",
            NoteSection::Programme => "programme.json",
            NoteSection::Other { file, .. } => file,
        }
    }
}
