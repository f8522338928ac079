//! Versions of documents, for comparison: each document's symbol,
//! revision, date and a full copy of the data it is built from, so that
//! the version can be built again (with today's layouts) and compared,
//! model with model. A bundle keeps the versions of its last run as
//! `snapshot.json`; `meetdoc circulate` keeps what was issued as
//! circulation records (`set/circulate.rs`); both are read back here.

use crate::compose;
use crate::data::agenda::Agenda;
use crate::data::document::GeneralDocument;
use crate::data::version::Version;
use crate::data::{
    Background, DataSet, Footnotes, Meeting, NoteSection, Objectives, Participants, Programme,
    WorkPlan,
};
use crate::hash::sha256_hex;
use crate::model::Document;
use crate::set::load::{Content, LoadedDocument, LoadedSet};
use crate::set::{DocSet, SetDocument, symbol};
use crate::style::Style;
use crate::values::Date;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// Versions of the documents of a set (or of one data set).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct SetState {
    /// These are the versions as circulated (the report then says so).
    #[serde(default)]
    pub circulated: bool,
    pub documents: Vec<DocVersion>,
}

/// One document as it was (or is): enough to build it again.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocVersion {
    /// The full symbol, e.g. "NEACAP/PD2/2/Rev.1" ("programme" for a
    /// document of a lone data set).
    pub symbol: String,
    /// The symbol without the revision: the document across revisions.
    pub base: String,
    /// Its language (BCP 47), e.g. "en-GB".
    pub language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// The date printed in the masthead (the revision's, for a revision).
    pub date: Date,
    pub title: String,
    /// The set file as it was (none for a lone data set's document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docset: Option<DocSet>,
    /// The document's entry in that set file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<SetDocument>,
    /// The set's provisional agenda, which the masthead cites (its symbol,
    /// and the title of the document's agenda item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<AgendaCopy>,
    /// What it is built from: a full copy.
    pub source: Recorded,
    /// A language version of the set's document: it shares the symbol of
    /// the original (the document is its symbol and language).
    #[serde(default, skip_serializing_if = "is_false")]
    pub translation: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// The provisional agenda of a set, as another document's masthead cites
/// it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AgendaCopy {
    pub entry: SetDocument,
    pub agenda: Agenda,
}

/// A full copy of what a document is built from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Recorded {
    ConceptNote {
        data: DataCopy,
    },
    Programme {
        data: DataCopy,
    },
    Agenda {
        agenda: Agenda,
    },
    /// A general document: its file (as the set names it) and what it
    /// held.
    Document {
        file: String,
        document: GeneralDocument,
    },
    /// A document written elsewhere: the SHA-256 of its files.
    External {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        docx: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pdf: Option<String>,
    },
    /// A document meetdoc makes from the set itself (the list of documents,
    /// the report of changes): the set file is its data.
    Generated,
}

/// Every file of a data set, as typed data.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DataCopy {
    /// The folder it was read from, as the set names it (e.g. "../neacap-pd2").
    pub folder: String,
    pub meeting: Meeting,
    /// The concept note's sections, in order.
    #[serde(default)]
    pub sections: Vec<NoteSection>,
    pub footnotes: Footnotes,
    pub programme: Programme,
    /// The files read.
    #[serde(default)]
    pub files: Vec<String>,
    /// The sections as copies made before sections were free had them
    /// (read, never written).
    #[serde(default, skip_serializing)]
    background: Option<Background>,
    #[serde(default, skip_serializing)]
    objectives: Option<Objectives>,
    #[serde(default, skip_serializing)]
    workplan: Option<WorkPlan>,
    #[serde(default, skip_serializing)]
    participants: Option<Participants>,
    /// A language version's note, printed under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<crate::values::Text>,
}

impl DataCopy {
    pub fn of(data: &DataSet, folder: &str) -> DataCopy {
        DataCopy {
            folder: folder.to_string(),
            meeting: data.meeting.clone(),
            sections: data.sections.clone(),
            footnotes: data.footnotes.clone(),
            programme: data.programme.clone(),
            files: data.files.clone(),
            background: None,
            objectives: None,
            workplan: None,
            participants: None,
            note: data.note.clone(),
        }
    }

    pub fn data_set(&self) -> DataSet {
        let mut sections = self.sections.clone();
        if sections.is_empty() && self.background.is_some() {
            // A copy of the fixed sections: in their order.
            sections.extend(self.background.clone().map(NoteSection::Background));
            sections.extend(self.objectives.clone().map(NoteSection::Objectives));
            sections.extend(self.workplan.clone().map(NoteSection::WorkPlan));
            sections.extend(self.participants.clone().map(NoteSection::Participants));
            sections.push(NoteSection::Programme);
        }
        DataSet {
            dir: PathBuf::from(&self.folder),
            meeting: self.meeting.clone(),
            sections,
            footnotes: self.footnotes.clone(),
            programme: self.programme.clone(),
            files: self.files.clone(),
            note: self.note.clone(),
        }
    }
}

impl Recorded {
    /// The data set it is built from, if any.
    pub fn data(&self) -> Option<&DataCopy> {
        match self {
            Recorded::ConceptNote { data } | Recorded::Programme { data } => Some(data),
            _ => None,
        }
    }
}

impl DocVersion {
    /// The document's model, built again from the copy with `style` (None
    /// for a document written elsewhere or generated from the set).
    pub fn model(&self, style: &Style) -> Option<Document> {
        let content = match &self.source {
            Recorded::ConceptNote { data } => Content::ConceptNote(Arc::new(data.data_set())),
            Recorded::Programme { data } => Content::Programme(Arc::new(data.data_set())),
            Recorded::Agenda { agenda } => Content::Agenda(agenda.clone()),
            Recorded::Document { file, document } => {
                Content::Document(PathBuf::from(file), document.clone())
            }
            Recorded::External { .. } | Recorded::Generated => return None,
        };
        let (Some(set), Some(entry)) = (&self.docset, &self.entry) else {
            // A document of a lone data set, or a document file built on
            // its own.
            return match &content {
                Content::ConceptNote(d) => Some(compose::concept_note::build(d, style)),
                Content::Programme(d) => Some(compose::programme::build_document(d, style)),
                Content::Document(_, d) => Some(compose::document::build(
                    d,
                    style,
                    &d.language.clone().unwrap_or_default(),
                    self.date,
                )),
                _ => None,
            };
        };
        let index_of = |e: &SetDocument| set.documents.iter().position(|x| x == e).unwrap_or(0);
        let loaded = LoadedDocument {
            entry: entry.clone(),
            symbol: self.symbol.clone(),
            stem: symbol::file_stem(&self.symbol),
            content,
            index: index_of(entry),
            translated: None,
        };
        let list = &set.list_of_documents;
        let list_symbol = symbol::format(
            set.series
                .get(&list.series)
                .map(|p| p.as_str())
                .unwrap_or("{n}"),
            list.number.as_str(),
            None,
        );
        // The provisional agenda first: the masthead cites the set's first.
        let mut documents = Vec::new();
        if let Some(a) = &self.agenda {
            let symbol = base_symbol(set, &a.entry);
            documents.push(LoadedDocument {
                entry: a.entry.clone(),
                stem: symbol::file_stem(&symbol),
                symbol: symbol::format(
                    set.series
                        .get(&a.entry.series)
                        .map(|p| p.as_str())
                        .unwrap_or("{n}"),
                    a.entry.number.as_str(),
                    a.entry.revision,
                ),
                content: Content::Agenda(a.agenda.clone()),
                index: index_of(&a.entry),
                translated: None,
            });
        }
        documents.push(loaded.clone());
        let set = LoadedSet {
            dir: PathBuf::from("."),
            set: set.clone(),
            documents,
            list_symbol,
            changes_symbol: None,
            translations: Default::default(),
        };
        compose::set_documents::document(&set, &loaded, style)
    }

    /// Whether `self` and `other` print the same (their models built with
    /// `style` are equal; for documents written elsewhere, their files).
    pub fn prints_as(&self, other: &DocVersion, style: &Style) -> bool {
        match (self.model(style), other.model(style)) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.source == other.source,
            _ => false,
        }
    }

    /// How the report names it: "NEACAP/PD2/2/Rev.1 Programme: …".
    pub fn name(&self) -> String {
        format!("{} ({})", self.shown_symbol(), self.title)
    }

    /// Its symbol, and for a language version its language:
    /// "NEACAP/PD2/2 [ru]".
    pub fn shown_symbol(&self) -> String {
        if self.translation {
            let primary = self.language.split('-').next().unwrap_or(&self.language);
            format!("{} [{}]", self.symbol, primary.to_ascii_lowercase())
        } else {
            self.symbol.clone()
        }
    }
}

pub fn model_hash(doc: &Document) -> String {
    sha256_hex(&serde_json::to_vec(doc).expect("a model serializes"))
}

/// The versions of one data set's documents: its concept note and its
/// programme (named by their file stems), and those of its language
/// versions (`programme-ru`, the same document in another language).
pub fn of_data_set(data: &DataSet, versions: &[Version], style: &Style) -> SetState {
    let folder = data
        .dir
        .canonicalize()
        .unwrap_or(data.dir.clone())
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut documents = Vec::new();
    let mut add = |data: &DataSet, symbol: String, stem: &str, doc: Document| {
        let copy = DataCopy::of(data, &folder);
        documents.push(DocVersion {
            symbol,
            base: stem.to_string(),
            language: doc.meta.language.as_str().to_string(),
            revision: None,
            date: doc.meta.date,
            title: doc.meta.title.clone(),
            docset: None,
            entry: None,
            agenda: None,
            source: if stem == "concept-note" {
                Recorded::ConceptNote { data: copy }
            } else {
                Recorded::Programme { data: copy }
            },
            translation: false,
        });
    };
    for (stem, doc) in compose::documents(data, style) {
        add(data, stem.to_string(), stem, doc);
    }
    for v in versions {
        for (symbol, stem, doc) in compose::versions::documents(v, style) {
            add(&v.data, symbol, stem, doc);
        }
    }
    SetState {
        circulated: false,
        documents,
    }
}

/// The version of a general document built from its file on its own.
pub fn of_document_file(
    file: &std::path::Path,
    document: &GeneralDocument,
    model: &Document,
) -> SetState {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let name = file
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    SetState {
        circulated: false,
        documents: vec![DocVersion {
            symbol: stem.clone(),
            base: stem,
            language: model.meta.language.as_str().to_string(),
            revision: None,
            date: model.meta.date,
            title: model.meta.title.clone(),
            docset: None,
            entry: None,
            agenda: None,
            source: Recorded::Document {
                file: name,
                document: document.clone(),
            },
            translation: false,
        }],
    }
}

/// The version of one document of a loaded set (a language version as a
/// document of the set in its language, so that its copy builds again).
pub fn of_document(set: &LoadedSet, doc: &LoadedDocument) -> DocVersion {
    if let Some((view, own)) = set.in_language(doc) {
        return DocVersion {
            translation: true,
            ..of_document(&view, &own)
        };
    }
    let e = &doc.entry;
    let folder = match &e.source {
        crate::set::Source::ConceptNote { data } | crate::set::Source::Programme { data } => {
            data.clone()
        }
        _ => String::new(),
    };
    let (source, language) = match &doc.content {
        Content::ConceptNote(d) => (
            Recorded::ConceptNote {
                data: DataCopy::of(d, &folder),
            },
            d.meeting.language.clone(),
        ),
        Content::Programme(d) => (
            Recorded::Programme {
                data: DataCopy::of(d, &folder),
            },
            d.meeting.language.clone(),
        ),
        Content::Agenda(a) => (
            Recorded::Agenda { agenda: a.clone() },
            set.set.meeting.language.clone(),
        ),
        Content::Document(_, d) => (
            Recorded::Document {
                file: match &e.source {
                    crate::set::Source::Document { data } => data.clone(),
                    _ => String::new(),
                },
                document: d.clone(),
            },
            d.language
                .clone()
                .unwrap_or_else(|| set.set.meeting.language.clone()),
        ),
        Content::External { docx, pdf } => (
            Recorded::External {
                docx: docx.as_deref().map(sha256_hex),
                pdf: pdf.as_deref().map(sha256_hex),
            },
            set.set.meeting.language.clone(),
        ),
    };
    DocVersion {
        symbol: doc.symbol.clone(),
        base: base_symbol(&set.set, e),
        language: language.as_str().to_string(),
        revision: e.revision,
        date: e.revision_date.unwrap_or(e.date),
        title: e.title.printed(),
        docset: Some(set.set.clone()),
        entry: Some(e.clone()),
        // The set's provisional agenda (its first), when it is another
        // document.
        agenda: set
            .documents
            .iter()
            .find(|d| matches!(d.content, Content::Agenda(_)))
            .filter(|d| d.symbol != doc.symbol)
            .and_then(|d| match &d.content {
                Content::Agenda(a) => Some(AgendaCopy {
                    entry: d.entry.clone(),
                    agenda: a.clone(),
                }),
                _ => None,
            }),
        source,
        translation: false,
    }
}

/// The symbol of a set document without its revision.
pub fn base_symbol(set: &DocSet, e: &SetDocument) -> String {
    let pattern = set
        .series
        .get(&e.series)
        .map(|p| p.as_str())
        .unwrap_or("{n}");
    symbol::format(pattern, e.number.as_str(), None)
}

/// The versions of every document of a set.
pub fn of_set(set: &LoadedSet) -> SetState {
    SetState {
        circulated: false,
        documents: set.documents.iter().map(|d| of_document(set, d)).collect(),
    }
}
