//! Reading a document set and everything its documents are made from,
//! reporting every problem (with file and JSON path) before anything is
//! built.

use super::{DocSet, SetDocument, Source, symbol};
use crate::data::agenda::{Agenda, AgendaItem};
use crate::data::document::GeneralDocument;
use crate::data::version::{self, Version};
use crate::data::{self, DataSet};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::values::Lang;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const SET_FILE: &str = "docset.json";

/// A set ready to build.
#[derive(Debug, Clone)]
pub struct LoadedSet {
    pub dir: PathBuf,
    pub set: DocSet,
    pub documents: Vec<LoadedDocument>,
    /// The list of documents' symbol.
    pub list_symbol: String,
    /// The symbol of the report of changes since circulation, if the set
    /// names one.
    pub changes_symbol: Option<String>,
    /// The set in each language of a language version of its documents:
    /// its texts from the set's folder of that language.
    pub translations: BTreeMap<Lang, Arc<SetTranslation>>,
}

/// The set in another language: `docset.json` and the provisional agenda
/// with the texts of the set's language folder (`ru/docset.json`,
/// `ru/agenda.json`), the meeting's language that one, and every
/// document's `original` said (its language before translation).
#[derive(Debug, Clone)]
pub struct SetTranslation {
    pub set: DocSet,
    /// The provisional agenda (the set's first), translated.
    pub agenda: Option<Agenda>,
    /// The texts the language folder gives: file → JSON paths.
    pub given: BTreeMap<String, BTreeSet<String>>,
}

#[derive(Debug, Clone)]
pub struct LoadedDocument {
    pub entry: SetDocument,
    pub symbol: String,
    /// File stem of its outputs, made from the symbol (and the language,
    /// for a language version: `NEACAP_PD2_2-ru`).
    pub stem: String,
    pub content: Content,
    /// Its entry's place in `docset.json` (`documents[index]`).
    pub index: usize,
    /// For a language version: its language, and the data set version it
    /// is made from. None for the document in the set's language.
    pub translated: Option<Translated>,
}

/// What a language version of a set's document is.
#[derive(Debug, Clone)]
pub struct Translated {
    pub language: Lang,
    /// For a document made from a data set: the data set and its version.
    pub data: Option<(Arc<DataSet>, Arc<Version>)>,
}

#[derive(Debug, Clone)]
pub enum Content {
    ConceptNote(Arc<DataSet>),
    Programme(Arc<DataSet>),
    Agenda(Agenda),
    /// A general document (its file, and what it holds).
    Document(PathBuf, GeneralDocument),
    /// Bytes of the files written elsewhere.
    External {
        docx: Option<Vec<u8>>,
        pdf: Option<Vec<u8>>,
    },
}

impl LoadedDocument {
    /// The language of a language version (None: the set's language).
    pub fn language(&self) -> Option<&Lang> {
        self.translated.as_ref().map(|t| &t.language)
    }

    /// How progress and messages name it: its symbol, and the language of
    /// a language version ("NEACAP/PD2/2 [ru]").
    pub fn name(&self) -> String {
        match self.language() {
            Some(l) => format!("{} [{l}]", self.symbol),
            None => self.symbol.clone(),
        }
    }

    /// The data set folder a document is made from, if any.
    pub fn data_dir(&self) -> Option<&Path> {
        match &self.content {
            Content::ConceptNote(d) | Content::Programme(d) => Some(&d.dir),
            _ => None,
        }
    }
}

/// Whether `dir` holds a document set.
pub fn is_set(dir: &Path) -> bool {
    dir.join(SET_FILE).is_file()
}

/// Reads and checks the set in `dir` and every document's data.
pub fn load(dir: &Path) -> Result<(LoadedSet, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_from(dir, &data::load::Disk)
}

/// [`load`], with the value of each JSON file taken from `src` (the files
/// of external documents are read from disk).
pub fn load_from(
    dir: &Path,
    src: &dyn data::load::Source,
) -> Result<(LoadedSet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let path = dir.join(SET_FILE);
    let Some(set) = data::load::read_from::<DocSet>(dir, SET_FILE, &mut diags, src) else {
        return Err(diags);
    };
    let series_names: Vec<&str> = set.series.keys().map(String::as_str).collect();
    for (name, pattern) in &set.series {
        if !pattern.as_str().contains("{n}") {
            diags.push(
                Diagnostic::error(
                    &path,
                    format!("series.{name}"),
                    format!("the pattern \"{pattern}\" has no {{n}}"),
                )
                .help("write where the document number goes, e.g. \"NEACAP/PD2/{n}\""),
            );
        }
    }
    let check_series = |place: String, series: &str, diags: &mut Vec<Diagnostic>| {
        if !set.series.contains_key(series) {
            let d = Diagnostic::error(&path, place, format!("unknown series \"{series}\""));
            diags.push(match did_you_mean(series, &series_names) {
                Some(s) => d.help(format!(
                    "did you mean \"{s}\"? Series are defined under \"series\""
                )),
                None => d.help(format!(
                    "define it under \"series\" (known: {})",
                    series_names.join(", ")
                )),
            });
        }
    };
    if let Some(end) = set.meeting.end_date
        && end < set.meeting.date
    {
        diags.push(
            Diagnostic::error(
                &path,
                "meeting.end_date",
                format!("{end} is before the first day {}", set.meeting.date),
            )
            .help("end_date is the last day of the meeting"),
        );
    }
    check_series(
        "list_of_documents.series".into(),
        &set.list_of_documents.series,
        &mut diags,
    );
    let list_symbol = symbol::format(
        set.series
            .get(&set.list_of_documents.series)
            .map(|p| p.as_str())
            .unwrap_or("{n}"),
        set.list_of_documents.number.as_str(),
        None,
    );
    let changes_symbol = set.changes.as_ref().map(|c| {
        check_series("changes.series".into(), &c.series, &mut diags);
        symbol::format(
            set.series
                .get(&c.series)
                .map(|p| p.as_str())
                .unwrap_or("{n}"),
            c.number.as_str(),
            None,
        )
    });
    if set.documents.is_empty() {
        diags.push(
            Diagnostic::error(&path, "documents", "the set has no document")
                .help("list the set's documents"),
        );
    }

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    seen.insert(symbol::file_stem(&list_symbol), usize::MAX);
    if let Some(c) = &changes_symbol {
        if symbol::file_stem(c) == symbol::file_stem(&list_symbol) {
            diags.push(
                Diagnostic::error(
                    &path,
                    "changes.number",
                    format!("symbol {c} is also that of the list of documents"),
                )
                .help("the report of changes needs its own number"),
            );
        }
        seen.insert(symbol::file_stem(c), usize::MAX - 1);
    }
    let mut datasets: BTreeMap<PathBuf, Option<Arc<DataSet>>> = BTreeMap::new();
    let mut documents = Vec::new();
    for (i, entry) in set.documents.iter().enumerate() {
        let at = format!("documents[{i}]");
        check_series(format!("{at}.series"), &entry.series, &mut diags);
        match (&entry.revision, &entry.revision_date) {
            (None, Some(_)) => diags.push(
                Diagnostic::error(
                    &path,
                    format!("{at}.revision_date"),
                    "a revision date without a revision",
                )
                .help("add \"revision\": 1 (the symbol gets \"/Rev.1\"), or remove revision_date"),
            ),
            (Some(_), Some(d)) if *d < entry.date => diags.push(
                Diagnostic::error(
                    &path,
                    format!("{at}.revision_date"),
                    format!(
                        "the revision's date {d} is before the document's date {}",
                        entry.date
                    ),
                )
                .help("a revision comes after the document it revises"),
            ),
            _ => {}
        }
        let symbol = entry.symbol(&set);
        let stem = symbol::file_stem(&symbol);
        if let Some(prev) = seen.insert(stem.clone(), i) {
            let other = if prev == usize::MAX {
                "the list of documents".to_string()
            } else if prev == usize::MAX - 1 {
                "the report of changes".to_string()
            } else {
                format!("documents[{prev}]")
            };
            diags.push(
                Diagnostic::error(
                    &path,
                    format!("{at}.number"),
                    format!("symbol {symbol} is also that of {other}"),
                )
                .help("each document of the set needs its own number"),
            );
        }
        let content = match &entry.source {
            Source::ConceptNote { data } | Source::Programme { data } => {
                let folder = dir.join(data);
                let key = folder.canonicalize().unwrap_or(folder.clone());
                let loaded = datasets.entry(key).or_insert_with(|| {
                    match data::load::load_from(&folder, src) {
                        Ok((d, warnings)) => {
                            diags.extend(warnings);
                            Some(Arc::new(d))
                        }
                        Err(errors) => {
                            diags.extend(errors);
                            None
                        }
                    }
                });
                match (loaded.clone(), &entry.source) {
                    (Some(d), Source::ConceptNote { .. }) => Some(Content::ConceptNote(d)),
                    (Some(d), _) => Some(Content::Programme(d)),
                    (None, _) => None,
                }
            }
            Source::Document { data } => {
                let file = dir.join(data);
                match data::document::load_from(&file, src) {
                    Ok((doc, warnings)) => {
                        diags.extend(warnings);
                        if let Some(own) = doc.date
                            && own != entry.revision_date.unwrap_or(entry.date)
                        {
                            diags.push(
                                Diagnostic::warning(
                                    &file,
                                    "date",
                                    format!(
                                        "the set dates this document {}: its own date {own} is not used",
                                        entry.revision_date.unwrap_or(entry.date)
                                    ),
                                )
                                .help("give both the same date, or leave the document's out"),
                            );
                        }
                        Some(Content::Document(file, doc))
                    }
                    Err(errors) => {
                        diags.extend(errors);
                        None
                    }
                }
            }
            Source::Agenda { data } => {
                let file = dir.join(data);
                let (parent, name) = data::load::split_file(&file);
                data::load::read_from::<Agenda>(&parent, &name, &mut diags, src).map(|agenda| {
                    check_agenda_numbers(&file, &agenda.items, "items", 0, &mut diags);
                    Content::Agenda(agenda)
                })
            }
            Source::External { docx, pdf } => {
                if docx.is_none() && pdf.is_none() {
                    diags.push(
                        Diagnostic::error(
                            &path,
                            format!("{at}.source"),
                            "an external document with no file",
                        )
                        .help("give \"docx\" and/or \"pdf\": the files as they were written"),
                    );
                }
                let mut read = |field: &str, f: &Option<String>, ext: &str| -> Option<Vec<u8>> {
                    let f = f.as_ref()?;
                    if !f.to_ascii_lowercase().ends_with(ext) {
                        diags.push(Diagnostic::error(
                            &path,
                            format!("{at}.source.{field}"),
                            format!("\"{f}\" is not a {ext} file"),
                        ));
                        return None;
                    }
                    match std::fs::read(dir.join(f)) {
                        Ok(b) => Some(b),
                        Err(e) => {
                            diags.push(
                                Diagnostic::error(
                                    &path,
                                    format!("{at}.source.{field}"),
                                    format!("cannot read {}: {e}", dir.join(f).display()),
                                )
                                .help("paths are relative to the set's folder"),
                            );
                            None
                        }
                    }
                };
                let docx_bytes = read("docx", docx, ".docx");
                let pdf_bytes = read("pdf", pdf, ".pdf");
                Some(Content::External {
                    docx: docx_bytes,
                    pdf: pdf_bytes,
                })
            }
        };
        if let Some(content) = content {
            documents.push(LoadedDocument {
                entry: entry.clone(),
                symbol,
                stem,
                content,
                index: i,
                translated: None,
            });
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let (documents, translations) =
        language_versions(dir, &set, documents, &datasets, src, &mut seen, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((
        LoadedSet {
            dir: dir.to_path_buf(),
            set,
            documents,
            list_symbol,
            changes_symbol,
            translations,
        },
        diags,
    ))
}

/// The language versions of the set's documents (`languages` of each
/// entry), each after its original; and the set in each of their
/// languages.
#[allow(clippy::type_complexity)]
fn language_versions(
    dir: &Path,
    set: &DocSet,
    originals: Vec<LoadedDocument>,
    datasets: &BTreeMap<PathBuf, Option<Arc<DataSet>>>,
    src: &dyn data::load::Source,
    seen: &mut BTreeMap<String, usize>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<LoadedDocument>, BTreeMap<Lang, Arc<SetTranslation>>) {
    let path = dir.join(SET_FILE);
    let agenda = originals
        .iter()
        .find_map(|d| match (&d.content, &d.entry.source) {
            (Content::Agenda(a), Source::Agenda { data }) => Some((a, data.as_str())),
            _ => None,
        });
    let mut translations: BTreeMap<Lang, Arc<SetTranslation>> = BTreeMap::new();
    let mut versions: BTreeMap<(PathBuf, Lang), Option<Arc<Version>>> = BTreeMap::new();
    let mut out = Vec::new();
    for doc in &originals {
        let i = doc.index;
        let entry = doc.entry.clone();
        out.push(doc.clone());
        for (j, language) in entry.languages.iter().enumerate() {
            let at = format!("documents[{i}].languages[{j}]");
            let same = set.meeting.language.primary() == language.primary()
                || entry
                    .original
                    .as_ref()
                    .is_some_and(|o| o.primary() == language.primary());
            if same {
                diags.push(
                    Diagnostic::error(
                        &path,
                        &at,
                        format!("{language} is the document's own language"),
                    )
                    .help("list only the languages it is translated into"),
                );
                continue;
            }
            let stem = symbol::version_stem(&doc.symbol, language);
            if seen.insert(stem.clone(), i).is_some() {
                diags.push(
                    Diagnostic::error(&path, &at, format!("{language} is listed twice"))
                        .help("list each language once"),
                );
                continue;
            }
            if !translations.contains_key(language) {
                let Some(t) = translate_set(dir, set, agenda, language, src, diags) else {
                    continue;
                };
                translations.insert(language.clone(), Arc::new(t));
            }
            let translation = &translations[language];
            let (content, data) = match (&doc.content, &entry.source) {
                (
                    Content::ConceptNote(base) | Content::Programme(base),
                    Source::ConceptNote { data } | Source::Programme { data },
                ) => {
                    let folder = dir.join(data);
                    let key = folder.canonicalize().unwrap_or(folder.clone());
                    let base = datasets
                        .get(&key)
                        .cloned()
                        .flatten()
                        .unwrap_or(base.clone());
                    let v = versions
                        .entry((key, language.clone()))
                        .or_insert_with(|| match version::load_from(&base, language, src) {
                            Ok((v, w)) => {
                                diags.extend(w);
                                Some(Arc::new(v))
                            }
                            Err(e) => {
                                diags.extend(e);
                                None
                            }
                        })
                        .clone();
                    let Some(v) = v else { continue };
                    let kind = match entry.source {
                        Source::ConceptNote { .. } => "concept-note",
                        _ => "programme",
                    };
                    if !v.holds(kind) {
                        diags.push(
                            Diagnostic::error(
                                &path,
                                &at,
                                format!(
                                    "the {language} version of {data} does not hold its {}",
                                    kind.replace('-', " ")
                                ),
                            )
                            .help(format!(
                                "add \"{kind}\" to \"documents\" in {}",
                                v.folder(&base.dir).join(version::VERSION_FILE).display()
                            )),
                        );
                        continue;
                    }
                    let data = Arc::new(v.data.clone());
                    let content = match entry.source {
                        Source::ConceptNote { .. } => Content::ConceptNote(data),
                        _ => Content::Programme(data),
                    };
                    (content, Some((base, v)))
                }
                (Content::Agenda(_), _) => match &translation.agenda {
                    Some(a) => (Content::Agenda(a.clone()), None),
                    None => continue,
                },
                _ => {
                    diags.push(
                        Diagnostic::error(
                            &path,
                            &at,
                            "a document written elsewhere has no language versions here",
                        )
                        .help(
                            "list each language version written elsewhere as a document of \
                             its own, or remove \"languages\"",
                        ),
                    );
                    continue;
                }
            };
            out.push(LoadedDocument {
                entry: translation.set.documents[i].clone(),
                symbol: doc.symbol.clone(),
                stem,
                content,
                index: i,
                translated: Some(Translated {
                    language: language.clone(),
                    data,
                }),
            });
        }
    }
    (out, translations)
}

/// The set in `language`: its texts from the set's folder of that language
/// (`ru/docset.json`; the provisional agenda's from the same path under
/// it, `ru/agenda.json`), absent ones as the set has them.
fn translate_set(
    dir: &Path,
    set: &DocSet,
    agenda: Option<(&Agenda, &str)>,
    language: &Lang,
    src: &dyn data::load::Source,
    diags: &mut Vec<Diagnostic>,
) -> Option<SetTranslation> {
    let folder = dir.join(language.as_str());
    let mut given = BTreeMap::new();
    let (translated, paths) = version::overlay(set, &folder.join(SET_FILE), diags, src)?;
    given.insert(SET_FILE.to_string(), paths);
    let translated = in_language(set, translated, language);
    let agenda = match agenda {
        Some((a, file)) => {
            let (t, paths) = version::overlay(a, &folder.join(file), diags, src)?;
            given.insert(file.to_string(), paths);
            Some(t)
        }
        None => None,
    };
    Some(SetTranslation {
        set: translated,
        agenda,
        given,
    })
}

/// `translated` (the set `base` with texts of another language) as the
/// set in `language`: the meeting's language that one, every document's
/// `original` said (its language before translation), no language
/// versions of its own.
pub fn in_language(base: &DocSet, mut translated: DocSet, language: &Lang) -> DocSet {
    translated.meeting.language = language.clone();
    for e in &mut translated.documents {
        e.original
            .get_or_insert_with(|| base.meeting.language.clone());
        e.languages.clear();
    }
    translated
}

impl LoadedSet {
    /// The set's provisional agenda (its first agenda in its own
    /// language), and the file it is read from.
    pub fn agenda(&self) -> Option<(&Agenda, &str)> {
        self.documents
            .iter()
            .filter(|d| d.translated.is_none())
            .find_map(|d| match (&d.content, &d.entry.source) {
                (Content::Agenda(a), Source::Agenda { data }) => Some((a, data.as_str())),
                _ => None,
            })
    }

    /// A language version as a document of the set in its language (the
    /// set's translation, holding the provisional agenda in that language
    /// and the document), and the document in it; None for a document in
    /// the set's language.
    pub fn in_language(&self, doc: &LoadedDocument) -> Option<(LoadedSet, LoadedDocument)> {
        let t = doc.translated.as_ref()?;
        let translation = self.translations.get(&t.language)?;
        Some(self.view(doc, translation))
    }

    /// The set as `translation` has it, holding the provisional agenda and
    /// `doc` (in that language).
    pub fn view(
        &self,
        doc: &LoadedDocument,
        translation: &SetTranslation,
    ) -> (LoadedSet, LoadedDocument) {
        let own = LoadedDocument {
            entry: translation.set.documents[doc.index].clone(),
            translated: None,
            ..doc.clone()
        };
        let mut documents = Vec::new();
        let agenda = self
            .documents
            .iter()
            .find(|d| d.translated.is_none() && matches!(d.content, Content::Agenda(_)));
        if let (Some(a), Some(translated)) = (agenda, &translation.agenda)
            && a.index != doc.index
        {
            documents.push(LoadedDocument {
                entry: translation.set.documents[a.index].clone(),
                content: Content::Agenda(translated.clone()),
                translated: None,
                ..a.clone()
            });
        }
        documents.push(own.clone());
        let view = LoadedSet {
            dir: self.dir.clone(),
            set: translation.set.clone(),
            documents,
            list_symbol: self.list_symbol.clone(),
            changes_symbol: None,
            translations: BTreeMap::new(),
        };
        (view, own)
    }
}

/// How the items of a list are counted, from the first item's number.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Counting {
    Decimal,
    Letter,
    Roman,
}

/// The counting token of an agenda number: its letters and digits ("5"
/// of "5.", "a" of "(a)"), lower case.
fn token(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The `n`-th number (from 1) in a counting.
fn nth(counting: Counting, n: usize) -> String {
    match counting {
        Counting::Decimal => n.to_string(),
        Counting::Letter => crate::compose::inlines::letter(n - 1),
        Counting::Roman => crate::style::roman(n),
    }
}

/// The agenda is printed as a numbered list, whose numbers Word and the
/// PDF count: the items' numbers must be those (1., 2., 3., … from the
/// first item's number; sub-items (a), (b), … or (i), (ii), … from the
/// first). A number out of order is an error naming the number it should
/// be.
fn check_agenda_numbers(
    file: &Path,
    items: &[AgendaItem],
    at: &str,
    depth: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(first) = items.first() else {
        return;
    };
    let first_token = token(first.number.as_str());
    let (counting, start) = if let Ok(n) = first_token.parse::<usize>() {
        // Only the outermost list may start elsewhere than at 1.
        (Counting::Decimal, if depth == 0 { n } else { 1 })
    } else if depth >= 2 && first_token == "i" {
        (Counting::Roman, 1)
    } else {
        (Counting::Letter, 1)
    };
    let help = "number an agenda's items 1., 2., 3., … in order and their sub-items (a), (b), (c), …: \
                the list is numbered by Word and in the PDF, and the numbers must agree";
    for (i, item) in items.iter().enumerate() {
        let place = format!("{at}[{i}].number");
        let number = item.number.as_str();
        let problem = if depth == 0 && counting != Counting::Decimal {
            (i == 0).then(|| format!("\"{number}\" is not a number such as \"1.\""))
        } else {
            let expected = nth(counting, start + i);
            (token(number) != expected).then(|| match i {
                0 => format!(
                    "\"{number}\" is out of order: a list of sub-items starts at {expected}"
                ),
                _ => format!(
                    "\"{number}\" is out of order: it should be {expected} (after {})",
                    items[i - 1].number.as_str()
                ),
            })
        };
        if let Some(message) = problem {
            diags.push(Diagnostic::error(file, place, message).help(help));
        }
        check_agenda_numbers(
            file,
            &item.items,
            &format!("{at}[{i}].items"),
            depth + 1,
            diags,
        );
    }
}
