//! `agenda.json`: a provisional agenda (numbered items, optional sub-items).

use crate::values::{Code, MarkupNoNotes, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Agenda {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// e.g. "Provisional agenda".
    pub title: Text,
    pub items: Vec<AgendaItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// e.g. "5." or "(a)".
    pub number: Code,
    /// Italic and bold allowed (an agenda has no footnotes).
    pub title: MarkupNoNotes,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<AgendaItem>,
}
