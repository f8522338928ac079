//! JSON Schemas of the data files, generated from the Rust types, so an
//! editor validates and completes as staff type (each data file points to
//! its schema with "$schema"). `make schema` rewrites `schema/`; a test
//! fails when the committed files and the types drift apart.

use crate::data::agenda::Agenda;
use crate::data::document::{GeneralDocument, Section};
use crate::data::{Background, Footnotes, Meeting, Objectives, Participants, Programme, WorkPlan};
use crate::set::DocSet;
use schemars::schema_for;

/// `(file name, schema text)` for every data file.
pub fn all() -> Vec<(&'static str, String)> {
    let pretty =
        |v: schemars::Schema| serde_json::to_string_pretty(&v).expect("schema serializes") + "\n";
    vec![
        ("meeting.schema.json", pretty(schema_for!(Meeting))),
        ("background.schema.json", pretty(schema_for!(Background))),
        ("objectives.schema.json", pretty(schema_for!(Objectives))),
        ("workplan.schema.json", pretty(schema_for!(WorkPlan))),
        (
            "participants.schema.json",
            pretty(schema_for!(Participants)),
        ),
        ("footnotes.schema.json", pretty(schema_for!(Footnotes))),
        ("programme.schema.json", pretty(schema_for!(Programme))),
        ("agenda.schema.json", pretty(schema_for!(Agenda))),
        ("document.schema.json", pretty(schema_for!(GeneralDocument))),
        ("section.schema.json", pretty(schema_for!(Section))),
        ("docset.schema.json", pretty(schema_for!(DocSet))),
        (
            "version.schema.json",
            pretty(schema_for!(crate::data::version::VersionFile)),
        ),
    ]
}
