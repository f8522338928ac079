//! What a set (or a single data set) looks like, for comparison: each
//! document's symbol, title and content hash, and each meeting's programme.
//! A bundle keeps this as `snapshot.json`, so the next bundle (or `meetdoc
//! diff`) can tell what changed.

use crate::data::{DataSet, Meeting, Programme};
use crate::hash::sha256_hex;
use crate::model::Document;
use crate::set::load::{Content, LoadedSet};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SetState {
    pub documents: Vec<DocState>,
    pub meetings: Vec<MeetingState>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocState {
    pub symbol: String,
    pub title: String,
    /// SHA-256 of the document's model (or of its files, for an external one).
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingState {
    /// The data set's folder name, e.g. "neacap-pd2".
    pub key: String,
    pub meeting: Meeting,
    pub programme: Programme,
}

pub fn model_hash(doc: &Document) -> String {
    sha256_hex(&serde_json::to_vec(doc).expect("a model serializes"))
}

fn key(data: &DataSet) -> String {
    data.dir
        .canonicalize()
        .unwrap_or(data.dir.clone())
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

fn meeting_state(data: &DataSet) -> MeetingState {
    MeetingState {
        key: key(data),
        meeting: data.meeting.clone(),
        programme: data.programme.clone(),
    }
}

/// The state of one data set: its concept note and programme.
pub fn of_data_set(data: &DataSet, style: &crate::style::Style) -> SetState {
    let documents = crate::compose::documents(data, style)
        .into_iter()
        .map(|(stem, doc)| DocState {
            symbol: stem.to_string(),
            title: doc.meta.title.clone(),
            hash: model_hash(&doc),
        })
        .collect();
    SetState {
        documents,
        meetings: vec![meeting_state(data)],
    }
}

/// The state of a document set, given each document's model (None for
/// external documents, whose files are hashed).
pub fn of_set(set: &LoadedSet, models: &[Option<Document>]) -> SetState {
    let mut meetings: Vec<MeetingState> = Vec::new();
    let mut documents = Vec::new();
    for (doc, model) in set.documents.iter().zip(models) {
        let hash = match (model, &doc.content) {
            (Some(m), _) => model_hash(m),
            (None, Content::External { docx, pdf }) => {
                let mut bytes = docx.clone().unwrap_or_default();
                bytes.extend(pdf.clone().unwrap_or_default());
                sha256_hex(&bytes)
            }
            (None, _) => String::new(),
        };
        documents.push(DocState {
            symbol: doc.symbol.clone(),
            title: doc.entry.title.printed(),
            hash,
        });
        if let Content::ConceptNote(d) | Content::Programme(d) = &doc.content {
            let m = meeting_state(d);
            if !meetings.iter().any(|x| x.key == m.key) {
                meetings.push(m);
            }
        }
    }
    SetState {
        documents,
        meetings,
    }
}
