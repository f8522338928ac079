//! What was circulated: `meetdoc circulate SET` records each document as
//! issued in `SET/circulated/` (a folder to keep under version control),
//! one file per document and language, named from its symbol:
//! `NEACAP_PD2_2.en.json`, then `NEACAP_PD2_2_Rev.1.en.json` for its first
//! revision. A record holds the symbol, revision, date, a full copy of the
//! data the document was built from (data sets outside the set folder
//! included) and the SHA-256 of its files.
//!
//! Every bundle compares each document with these records: a document
//! whose printed content changed since it was circulated, under the same
//! revision, gets a warning naming it and the field to set; the report of
//! changes tells, for each revision, what changed against the version it
//! replaces, as circulated. Only `circulate` writes records: `bundle` and
//! `watch` never move this baseline.

use super::load::{LoadedSet, SET_FILE};
use super::manifest::Manifest;
use super::symbol::file_stem;
use crate::diagnostics::Diagnostic;
use crate::diff::state::{self, DocVersion, Recorded, SetState};
use crate::diff::{self, Report};
use crate::model::Document;
use crate::style::Style;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The folder of the set that holds the records.
pub const FOLDER: &str = "circulated";

/// What a record says it is (its first field).
const KIND: &str = "meetdoc circulation record";

/// One document and language as circulated: the fields of its version
/// ([`DocVersion`]), with the files issued after its title.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Always "meetdoc circulation record".
    pub record: String,
    pub symbol: String,
    pub base: String,
    pub language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    pub date: crate::values::Date,
    pub title: String,
    /// The files issued, each with its size and SHA-256.
    pub files: Vec<IssuedFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docset: Option<super::DocSet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<super::SetDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<crate::diff::state::AgendaCopy>,
    pub source: Recorded,
    /// A language version (it shares its original's symbol).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub translation: bool,
}

impl Record {
    pub fn new(v: DocVersion, files: Vec<IssuedFile>) -> Record {
        Record {
            record: KIND.into(),
            symbol: v.symbol,
            base: v.base,
            language: v.language,
            revision: v.revision,
            date: v.date,
            title: v.title,
            files,
            docset: v.docset,
            entry: v.entry,
            agenda: v.agenda,
            source: v.source,
            translation: v.translation,
        }
    }

    /// The version of the document it records.
    pub fn version(&self) -> DocVersion {
        DocVersion {
            symbol: self.symbol.clone(),
            base: self.base.clone(),
            language: self.language.clone(),
            revision: self.revision,
            date: self.date,
            title: self.title.clone(),
            docset: self.docset.clone(),
            entry: self.entry.clone(),
            agenda: self.agenda.clone(),
            source: self.source.clone(),
            translation: self.translation,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IssuedFile {
    pub file: String,
    pub bytes: usize,
    pub sha256: String,
}

/// The record's file name: the symbol as a file stem and the language,
/// e.g. `NEACAP_PD2_2_Rev.1.en.json`.
pub fn record_name(symbol: &str, language: &str) -> String {
    let lang = language.split('-').next().unwrap_or(language);
    format!("{}.{}.json", file_stem(symbol), lang.to_ascii_lowercase())
}

fn unreadable(path: &Path, what: String) -> Diagnostic {
    Diagnostic::error(
        path,
        "",
        format!("cannot read this circulation record: {what}"),
    )
    .help(
        "restore it from version control (e.g. git checkout -- FILE), or delete it if that \
         version was never issued",
    )
}

/// Reads one record.
pub fn read_record(path: &Path) -> Result<Record, Diagnostic> {
    let text = crate::data::load::read_text(path)?;
    let value = crate::data::load::parse_json(path, &text)?;
    if value.get("record").and_then(|v| v.as_str()) != Some(KIND) {
        return Err(unreadable(
            path,
            format!("it does not start with \"record\": \"{KIND}\""),
        ));
    }
    serde_path_to_error::deserialize::<_, Record>(value).map_err(|e| {
        let place = e.path().to_string();
        unreadable(path, format!("{place}: {}", e.inner()))
    })
}

/// Whether `dir` is a folder of records (it holds a file that says it is
/// one, and no set or data set).
pub fn is_record_folder(dir: &Path) -> bool {
    !dir.join(SET_FILE).exists()
        && !dir.join("meeting.json").exists()
        && record_files(dir).is_ok_and(|files| {
            files.iter().any(|f| {
                std::fs::read_to_string(f).is_ok_and(|t| {
                    t.trim_start().strip_prefix('{').is_some_and(|t| {
                        t.trim_start()
                            .starts_with(&format!("\"record\": \"{KIND}\""))
                    })
                })
            })
        })
}

fn record_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Every record in `dir` (none when the folder does not exist); every
/// unreadable one is an error.
pub fn read_records(dir: &Path) -> Result<Vec<Record>, Vec<Diagnostic>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let files = record_files(dir).map_err(|e| {
        vec![Diagnostic::error(
            dir,
            "",
            format!("cannot read the folder of circulation records: {e}"),
        )]
    })?;
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        match read_record(&f) {
            Ok(r) => records.push(r),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

/// The records of a set (in its `circulated/` folder).
pub fn set_records(set: &LoadedSet) -> Result<Vec<Record>, Vec<Diagnostic>> {
    read_records(&set.dir.join(FOLDER))
}

/// A set's documents against what was circulated.
pub struct Against {
    /// A document changed since it was circulated, under the same revision.
    pub warnings: Vec<Diagnostic>,
    /// The changes since circulation; None when nothing of the set was
    /// circulated.
    pub report: Option<Report>,
    /// The documents to give a tracked-changes DOCX: (index in the set's
    /// documents, the circulated model it starts from, the symbol of that
    /// version).
    pub tracked: Vec<(usize, Document, String)>,
}

/// Compares each document of `set` (its `current` versions and `models`)
/// with its records.
pub fn against(
    set: &LoadedSet,
    current: &SetState,
    models: &[Option<Document>],
    records: &[Record],
    style: &Style,
) -> Against {
    let versions: Vec<DocVersion> = records
        .iter()
        .map(Record::version)
        .filter(|v| v.source != Recorded::Generated)
        .collect();
    let issued: Vec<&DocVersion> = versions.iter().collect();
    let mut warnings = Vec::new();
    let mut tracked = Vec::new();
    let mut baseline = SetState {
        circulated: true,
        documents: Vec::new(),
    };
    // Each document's circulated version it is compared with, by index.
    let mut circulated: std::collections::BTreeMap<usize, &DocVersion> = Default::default();
    for (i, n) in current.documents.iter().enumerate() {
        let rev = n.revision.unwrap_or(0);
        let mine = issued
            .iter()
            .filter(|v| v.base == n.base && v.language == n.language);
        let same = mine.clone().find(|v| v.revision.unwrap_or(0) == rev);
        let previous = mine
            .filter(|v| v.revision.unwrap_or(0) < rev)
            .max_by_key(|v| v.revision.unwrap_or(0));
        if let Some(s) = same
            && !s.prints_as(n, style)
        {
            let next = rev + 1;
            warnings.push(
                Diagnostic::warning(
                    &set.dir.join(SET_FILE),
                    format!(
                        "documents[{}].revision",
                        set.documents.get(i).map_or(i, |d| d.index)
                    ),
                    format!(
                        "{} ({}) changed since it was circulated on {}, but keeps its symbol \
                         and date",
                        n.shown_symbol(),
                        n.title,
                        s.date.long()
                    ),
                )
                .help(format!(
                    "set \"revision\": {next} and \"revision_date\" for it (its symbol becomes \
                     {}/Rev.{next}), or undo the change",
                    n.base
                )),
            );
        }
        let Some(base) = previous.or(same) else {
            continue;
        };
        circulated.insert(i, *base);
        if let (Some(old), Some(new)) = (base.model(style), &models[i])
            && old != *new
        {
            tracked.push((i, old, base.symbol.clone()));
        }
        baseline.documents.push((*base).clone());
    }
    // A language version whose original's text changed since circulation
    // while its translation did not.
    for (i, n) in current.documents.iter().enumerate() {
        let original = current
            .documents
            .iter()
            .position(|o| o.base == n.base && !o.translation);
        if let (true, Some(j)) = (n.translation, original)
            && let (Some(t_then), Some(o_then)) = (circulated.get(&i), circulated.get(&j))
        {
            warnings.extend(super::stale::left_behind(
                &set.dir,
                o_then,
                &current.documents[j],
                t_then,
                n,
            ));
        }
    }
    // Documents circulated and no longer in the set: their latest version.
    for v in &issued {
        let in_set = current
            .documents
            .iter()
            .any(|n| n.base == v.base && n.language == v.language);
        let latest = issued
            .iter()
            .filter(|o| o.base == v.base && o.language == v.language)
            .all(|o| o.revision.unwrap_or(0) <= v.revision.unwrap_or(0));
        if !in_set && latest {
            baseline.documents.push((*v).clone());
        }
    }
    let report = (!issued.is_empty()).then(|| diff::compare(&baseline, current, style));
    Against {
        warnings,
        report,
        tracked,
    }
}

/// The records of a bundle just written: each document of the set (and
/// the generated ones, the list of documents and the report of changes)
/// with the files the manifest lists for it, a language version under its
/// symbol and language (`NEACAP_PD2_2.ru.json`, its files
/// `NEACAP_PD2_2-ru.docx` and `.pdf`).
pub fn records_of(set: &LoadedSet, manifest: &Manifest) -> Vec<(String, Record)> {
    let files_of = |version: &DocVersion, stem: &str| -> Vec<IssuedFile> {
        let symbol = version.symbol.as_str();
        manifest
            .files
            .iter()
            .filter(|f| f.symbol == symbol && f.language == version.language)
            .filter(|f| {
                f.file == format!("{stem}.docx")
                    || f.file == format!("{stem}.pdf")
                    || (f.format == "md" && Some(symbol) == set.changes_symbol.as_deref())
            })
            .map(|f| IssuedFile {
                file: f.file.clone(),
                bytes: f.bytes,
                sha256: f.sha256.clone(),
            })
            .collect()
    };
    let record = |version: DocVersion, stem: &str| {
        let name = record_name(&version.symbol, &version.language);
        let files = files_of(&version, stem);
        (name, Record::new(version, files))
    };
    let mut out: Vec<(String, Record)> = state::of_set(set)
        .documents
        .into_iter()
        .zip(&set.documents)
        .map(|(v, d)| record(v, &d.stem))
        .collect();
    let generated = |symbol: &str, title: String, date| DocVersion {
        symbol: symbol.to_string(),
        base: symbol.to_string(),
        language: set.set.meeting.language.as_str().to_string(),
        revision: None,
        date,
        title,
        docset: Some(set.set.clone()),
        entry: None,
        agenda: None,
        source: Recorded::Generated,
        translation: false,
    };
    out.push(record(
        generated(
            &set.list_symbol,
            "List of documents".into(),
            set.set.list_of_documents.date,
        ),
        &file_stem(&set.list_symbol),
    ));
    if let (Some(symbol), Some(c)) = (&set.changes_symbol, &set.set.changes)
        && manifest.files.iter().any(|f| &f.symbol == symbol)
    {
        out.push(record(
            generated(
                symbol,
                c.title.printed(),
                crate::compose::changes::date(set),
            ),
            &file_stem(symbol),
        ));
    }
    out
}

/// What `meetdoc circulate` did.
pub struct Circulated {
    pub bundled: super::bundle::Bundled,
    /// Every record of this circulation.
    pub records: Vec<PathBuf>,
    /// The records written (the others were there, the same, already).
    pub written: Vec<PathBuf>,
}

/// `meetdoc circulate`: bundles the set (a document changed since its
/// circulation under the same revision is an error here) and records every
/// document as issued.
pub fn circulate(
    dir: &Path,
    ctx: &crate::render::RenderContext,
    outdir: &Path,
    progress: &dyn Fn(&str),
) -> anyhow::Result<Circulated> {
    let (set, warnings) = super::load::load(dir).map_err(crate::diagnostics::InvalidData)?;
    let bundled = super::bundle::bundle_set(&set, warnings, ctx, outdir, true, progress)?;
    let records = records_of(&set, &bundled.manifest);
    let folder = set.dir.join(FOLDER);
    let files: Vec<(PathBuf, Vec<u8>)> = records
        .iter()
        .map(|(name, r)| {
            let text = serde_json::to_string_pretty(r).expect("a record serializes") + "\n";
            (folder.join(name), text.into_bytes())
        })
        .collect();
    let written = crate::output::write_all(&files)?;
    Ok(Circulated {
        bundled,
        records: files.into_iter().map(|(p, _)| p).collect(),
        written,
    })
}
