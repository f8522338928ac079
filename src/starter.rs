//! `meetdoc new`: a valid, buildable starting point for a new meeting.
//!
//! Every file is made from the typed values of `crate::data` (and
//! `crate::set` for a set), so it always matches the types, and written in
//! the data file layout (`crate::data::format`), as the editor saves it.
//! The texts are short placeholders that say what goes where. Each file
//! points with `"$schema"` at the JSON Schemas written beside it (in a
//! `schema/` folder), so an editor validates and completes it wherever the
//! folder is.

use crate::data::agenda::{Agenda, AgendaItem};
use crate::data::{
    Background, Day, Footnotes, Item, ItemKind, Meeting, Objectives, Part, Participants, Programme,
    Speaker, WorkPlan,
};
use crate::set::{Distribution, DocSet, ListEntry, SetDocument, SetMeeting, Source};
use crate::values::{Clock, Date};
use anyhow::{Result, bail};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `meetdoc new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A data set: the concept note and the programme of one meeting.
    DataSet,
    /// A document set (`docset.json`): a provisional agenda and the
    /// meeting's data set (in [`SET_DATA`]), bundled under symbols.
    Set,
}

/// The folder of the schemas, beside the data files.
pub const SCHEMA_DIR: &str = "schema";

/// The data set's folder inside a new set.
pub const SET_DATA: &str = "meeting";

/// The new meeting is on the first Monday at least this many days after
/// `today` (its documents are dated `today`).
const DAYS_AHEAD: i64 = 28;

/// Today's date (UTC), for the placeholder dates.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_days_since_epoch((secs / 86_400) as i64)
}

/// A typed value from its text: every placeholder is valid by
/// construction (a test builds them all).
fn v<T: DeserializeOwned>(s: &str) -> T {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .unwrap_or_else(|e| panic!("placeholder {s:?}: {e}"))
}

fn clock(s: &str) -> Clock {
    v(s)
}

/// One file to write: its path inside the new folder, the schema it
/// follows and its value.
struct File {
    path: PathBuf,
    schema: &'static str,
    value: serde_json::Value,
}

/// `value` with its `"$schema"` pointing from `dir` (relative to the new
/// folder) to `SCHEMA_DIR/schema`.
fn file<T: Serialize>(dir: &Path, name: &str, schema: &'static str, value: &T) -> File {
    let up = "../".repeat(dir.components().count());
    let mut value = serde_json::to_value(value).expect("a data file serializes");
    let map = value.as_object_mut().expect("a data file is an object");
    // "$schema" first, as in every data file.
    let mut with_schema = serde_json::Map::new();
    with_schema.insert(
        "$schema".into(),
        format!("{up}{SCHEMA_DIR}/{schema}").into(),
    );
    with_schema.extend(
        std::mem::take(map)
            .into_iter()
            .filter(|(k, _)| k != "$schema"),
    );
    File {
        path: dir.join(name),
        schema,
        value: serde_json::Value::Object(with_schema),
    }
}

/// The seven files of a data set, in `dir`, for a meeting on `date`.
fn data_set(dir: &Path, date: Date) -> Vec<File> {
    let meeting = Meeting {
        schema: None,
        document_kind: v("Draft Concept Note"),
        title: v("Title of the Meeting"),
        venue: v("Venue"),
        city: v("City"),
        country: v("Country"),
        date,
        end_date: None,
        timezone: None,
        language: v("en"),
        related_meeting: None,
        organizers: vec![v("Organizing office (the first is named as the author)")],
        sections: Some(
            [
                "background.json",
                "objectives.json",
                "workplan.json",
                OUTCOMES,
                "participants.json",
                "programme.json",
            ]
            .map(String::from)
            .to_vec(),
        ),
    };
    let background = Background {
        schema: None,
        heading: v("Background"),
        paragraphs: vec![
            v(
                "Why the meeting is held: its context and what led to it. Each paragraph is one text of this list; write *italic* and **bold** as here, and cite a source with a footnote.[^source]",
            ),
            v(
                "A second paragraph: where the meeting stands in a longer process, and who organizes it.",
            ),
        ],
    };
    let footnotes = Footnotes {
        schema: None,
        notes: BTreeMap::from([(
            "source".to_string(),
            v(
                "The text of a footnote: defined here once under its id, and cited from any text where it belongs.",
            ),
        )]),
    };
    let objectives = Objectives {
        schema: None,
        heading: v("Objectives"),
        paragraphs: vec![v("What the meeting is for, in a paragraph or two.")],
        specific_intro: v("Specific objectives include:"),
        specific: vec![
            v("A first specific objective (one bullet each)."),
            v("A second specific objective."),
        ],
    };
    let workplan = WorkPlan {
        schema: None,
        heading: None,
        paragraphs: vec![v(
            "The work plan the meeting serves, in a paragraph or two (printed under the objectives).",
        )],
        outputs_intro: Some(v("The work plan's envisaged outputs include:")),
        outputs: vec![
            v("a first output, without numbering or closing punctuation"),
            v("a second output"),
        ],
    };
    let participants = Participants {
        schema: None,
        heading: v("Participants and Structure"),
        intro: v("The meeting will bring together:"),
        categories: vec![
            v("A first group of participants, e.g. government officials"),
            v("A second group, e.g. experts from research institutions"),
        ],
        closing: vec![v(
            "What participants receive or prepare before the meeting (paragraphs after the list).",
        )],
    };
    let item = |start, end, kind, title| Item {
        start: clock(start),
        end: clock(end),
        kind,
        title: v(title),
        description: vec![],
        speakers: vec![],
        parts: vec![],
    };
    let programme = Programme {
        schema: None,
        heading: v("Indicative Programme"),
        columns: None,
        day_heading: Default::default(),
        title_line: Default::default(),
        days: vec![Day {
            date,
            items: vec![
                item("09:00", "09:30", ItemKind::Logistics, "Registration"),
                Item {
                    speakers: vec![
                        Speaker {
                            role: None,
                            name: v("Name of a speaker"),
                            affiliation: Some(v("Post, Organization")),
                            capacity: None,
                            lang: None,
                        },
                        Speaker {
                            role: None,
                            name: v("Name of another speaker"),
                            affiliation: None,
                            capacity: Some(v("as Chair of the meeting")),
                            lang: None,
                        },
                    ],
                    ..item("09:30", "10:00", ItemKind::Session, "Opening")
                },
                Item {
                    description: vec![v("What the session covers and what it should achieve.")],
                    speakers: vec![Speaker {
                        role: Some(v("Moderator")),
                        name: v("Name of the moderator"),
                        affiliation: Some(v("Post, Organization")),
                        capacity: None,
                        lang: None,
                    }],
                    parts: vec![
                        Part {
                            title: v("Presentations"),
                            minutes: 60,
                            list_style: Default::default(),
                            list: vec![
                                v("A first presenter or country"),
                                v("A second presenter or country"),
                            ],
                        },
                        Part {
                            title: v("Discussion"),
                            minutes: 30,
                            list_style: Default::default(),
                            list: vec![],
                        },
                    ],
                    ..item(
                        "10:00",
                        "11:30",
                        ItemKind::Session,
                        "Session 1: Title of the Session",
                    )
                },
                item("11:30", "11:45", ItemKind::Break, "Coffee Break"),
                Item {
                    description: vec![v("A summary of the discussions and the next steps.")],
                    ..item("11:45", "12:30", ItemKind::Session, "Closing")
                },
            ],
        }],
    };
    vec![
        file(dir, "meeting.json", "meeting.schema.json", &meeting),
        file(
            dir,
            "background.json",
            "background.schema.json",
            &background,
        ),
        file(
            dir,
            "objectives.json",
            "objectives.schema.json",
            &objectives,
        ),
        file(dir, "workplan.json", "workplan.schema.json", &workplan),
        file(dir, OUTCOMES, "section.schema.json", &outcomes()),
        file(
            dir,
            "participants.json",
            "participants.schema.json",
            &participants,
        ),
        file(dir, "footnotes.json", "footnotes.schema.json", &footnotes),
        file(dir, "programme.json", "programme.schema.json", &programme),
    ]
}

/// A set's `docset.json` and `agenda.json`, and its data set in
/// [`SET_DATA`].
fn set(today: Date, date: Date) -> Vec<File> {
    let agenda_item = |number: &str, title: &str, items: Vec<AgendaItem>| AgendaItem {
        number: v(number),
        title: v(title),
        items,
    };
    let agenda = Agenda {
        schema: None,
        title: v("Provisional agenda"),
        items: vec![
            agenda_item("1.", "Opening of the meeting.", vec![]),
            agenda_item("2.", "Adoption of the agenda.", vec![]),
            agenda_item(
                "3.",
                "Title of a substantive item:",
                vec![
                    agenda_item("(a)", "Title of a sub-item;", vec![]),
                    agenda_item("(b)", "Title of another sub-item.", vec![]),
                ],
            ),
            agenda_item("4.", "Other matters.", vec![]),
            agenda_item("5.", "Closing of the meeting.", vec![]),
        ],
    };
    let document = |series: &str, number: &str, title: &str, item: &str, source| SetDocument {
        series: series.into(),
        number: v(number),
        title: v(title),
        agenda_item: Some(v(item)),
        distribution: Distribution::General,
        date: today,
        original: None,
        revision: None,
        revision_date: None,
        source,
        languages: vec![],
    };
    let docset = DocSet {
        schema: None,
        name: v("MEETING-1"),
        meeting: SetMeeting {
            title: v("Title of the Meeting"),
            session: Some(v("First session")),
            venue: v("City, Country"),
            date,
            end_date: None,
            language: v("en"),
        },
        issuer: vec![v("United Nations"), v("Name of the issuing office")],
        series: BTreeMap::from([
            ("main".to_string(), v("ORG/MEETING/{n}")),
            ("inf".to_string(), v("ORG/MEETING/INF/{n}")),
        ]),
        list_of_documents: ListEntry {
            series: "inf".into(),
            number: v("1"),
            date: today,
        },
        changes: None,
        author: None,
        pdf_standard: None,
        documents: vec![
            document(
                "main",
                "1",
                "Provisional agenda",
                "2",
                Source::Agenda {
                    data: "agenda.json".into(),
                },
            ),
            document(
                "main",
                "2",
                "Concept note: Title of the Meeting",
                "3(a)",
                Source::ConceptNote {
                    data: SET_DATA.into(),
                },
            ),
            document(
                "inf",
                "2",
                "Programme: Title of the Meeting",
                "3(a)",
                Source::Programme {
                    data: SET_DATA.into(),
                },
            ),
            SetDocument {
                agenda_item: None,
                ..document(
                    "inf",
                    "3",
                    "Information note for participants",
                    "1",
                    Source::Document {
                        data: INFO_NOTE.into(),
                    },
                )
            },
        ],
    };
    let here = Path::new("");
    let mut files = vec![
        file(
            here,
            crate::set::load::SET_FILE,
            "docset.schema.json",
            &docset,
        ),
        file(here, "agenda.json", "agenda.schema.json", &agenda),
        file(here, INFO_NOTE, "document.schema.json", &info_note()),
    ];
    files.extend(data_set(Path::new(SET_DATA), date));
    files
}

/// A section of the concept note beyond the known ones: a file named in
/// meeting.json's `sections`, written as a general document's section.
const OUTCOMES: &str = "outcomes.json";

fn outcomes() -> serde_json::Value {
    serde_json::json!({
        "heading": "Expected Outcomes",
        "content": [
            "A section of your own: name its file in meeting.json's sections where it is printed, or delete both to leave it out. Any section may be left out in the same way.",
            { "bullets": ["a first outcome", "a second outcome"] }
        ]
    })
}

/// The information note of a new set: a general document (data only, no
/// code of its own), whose sections an office renames, adds or removes.
const INFO_NOTE: &str = "info-note.json";

fn info_note() -> serde_json::Value {
    serde_json::json!({
        "kind": "Information note for participants",
        "title": "Title of the Meeting",
        "lines": ["City, dates of the meeting"],
        "numbered_headings": true,
        "numbered_paragraphs": true,
        "sections": [
            {
                "heading": "Venue",
                "content": [
                    "Where the meeting is held: the building, its address and the room. A link is written as [the venue's website](https://www.example.org)."
                ]
            },
            {
                "heading": "Registration",
                "content": [
                    "How and by when participants register, and what they bring:",
                    { "bullets": ["a first item;", "a second item."] }
                ]
            },
            {
                "heading": "Contacts",
                "content": [
                    {
                        "table": {
                            "columns": ["For", "Contact", "E-mail"],
                            "widths": [2, 3, 3],
                            "rows": [["Programme", "Name, Post", "[name@example.org](mailto:name@example.org)"]]
                        }
                    }
                ]
            }
        ]
    })
}

/// Every file of a new starting point: `(path inside the new folder,
/// bytes)`, the data files in the data file layout, then the schemas they
/// reference. The meeting is on the first Monday [`DAYS_AHEAD`] days or
/// more after `today`.
pub fn files(kind: Kind, today: Date) -> Vec<(PathBuf, Vec<u8>)> {
    let mut date = Date::from_days_since_epoch(today.days_since_epoch() + DAYS_AHEAD);
    while date.weekday_index() != 0 {
        date = date.succ();
    }
    let data = match kind {
        Kind::DataSet => data_set(Path::new(""), date),
        Kind::Set => set(today, date),
    };
    let schemas: BTreeMap<&str, String> = crate::schema::all().into_iter().collect();
    let mut out: Vec<(PathBuf, Vec<u8>)> = data
        .iter()
        .map(|f| (f.path.clone(), crate::data::format::to_bytes(&f.value)))
        .collect();
    let mut referenced: Vec<&str> = data.iter().map(|f| f.schema).collect();
    referenced.sort();
    referenced.dedup();
    for name in referenced {
        let text = schemas.get(name).expect("a schema of the data files");
        out.push((Path::new(SCHEMA_DIR).join(name), text.clone().into_bytes()));
    }
    out
}

/// `meetdoc new DIR`: writes [`files`] into `dir`, which must be new or
/// empty (all files or none are written). Returns the files written.
pub fn write(dir: &Path, kind: Kind, today: Date) -> Result<Vec<PathBuf>> {
    if !crate::layouts::is_new_folder(dir)? {
        bail!(
            "{} is not empty: meetdoc new writes into a new or empty folder, so nothing there is replaced",
            dir.display()
        );
    }
    let files: Vec<(PathBuf, Vec<u8>)> = files(kind, today)
        .into_iter()
        .map(|(p, bytes)| (dir.join(p), bytes))
        .collect();
    crate::output::write_all(&files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("meetdoc-starter-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_new_data_set_loads_without_a_warning() {
        let dir = scratch("data");
        write(&dir, Kind::DataSet, Date::parse("2026-03-02").unwrap()).unwrap();
        let (data, warnings) = crate::data::load::load(&dir).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(data.meeting.date.as_str(), "2026-03-30");
        let kinds: Vec<ItemKind> = data.programme.days[0]
            .items
            .iter()
            .map(|i| i.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                ItemKind::Logistics,
                ItemKind::Session,
                ItemKind::Session,
                ItemKind::Break,
                ItemKind::Session
            ]
        );
        // Each file points at its schema beside it, and is in the data
        // file layout (as the editor would save it).
        for name in crate::data::load::FILES {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            let schema = value["$schema"].as_str().unwrap();
            assert!(schema.starts_with("schema/"), "{name}: {schema}");
            assert!(dir.join(schema).is_file(), "{name}: {schema}");
            assert_eq!(text, crate::data::format::to_string(&value), "{name}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_new_set_loads_without_a_warning() {
        let dir = scratch("set");
        write(&dir, Kind::Set, Date::parse("2026-03-02").unwrap()).unwrap();
        let (set, warnings) = crate::set::load::load(&dir).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(set.documents.len(), 4);
        let meeting: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("meeting/meeting.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(meeting["$schema"], "../schema/meeting.schema.json");
        // The schemas written are those the files reference.
        let mut schemas: Vec<String> = std::fs::read_dir(dir.join(SCHEMA_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        schemas.sort();
        // All but a language version's (a new set has none).
        let mut all: Vec<&str> = crate::schema::all()
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| *n != "version.schema.json")
            .collect();
        all.sort();
        assert_eq!(schemas, all);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_meeting_is_on_a_monday_four_weeks_ahead_or_more() {
        let meeting_date = |today: &str| {
            let files = files(Kind::DataSet, Date::parse(today).unwrap());
            let (_, bytes) = files
                .iter()
                .find(|(p, _)| p == Path::new("meeting.json"))
                .unwrap();
            let m: Meeting = serde_json::from_slice(bytes).unwrap();
            m.date.as_str().to_string()
        };
        assert_eq!(meeting_date("2026-03-02"), "2026-03-30");
        // Four weeks after a Sunday is a Sunday: the Monday after.
        assert_eq!(meeting_date("2026-11-29"), "2026-12-28");
    }

    #[test]
    fn new_refuses_a_folder_that_is_not_empty() {
        let dir = scratch("full");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        let err = write(&dir, Kind::DataSet, today()).unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
