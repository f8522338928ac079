//! What the editor holds: every file of the data folder as a JSON value
//! (so that an edit may be invalid, "25:00" kept and shown with its error),
//! the checks of `meetdoc check` run on those values after each edit, the
//! last data that passed them (its pages stay on screen while the data is
//! invalid), undo and redo, and saving that never overwrites a file
//! changed on disk since it was read.
//!
//! The data folder is DIR plus, for a set, the data-set folders its
//! `docset.json` names. A file whose real place (links followed) is outside
//! those folders is refused, never read or written.

use crate::data::edit::{self, EditError, Pointer, Step};
use crate::data::load::{self, Overlay, Source};
use crate::data::{self, DataSet, Footnotes, Meeting, Programme, format, shape};
use crate::diagnostics::Diagnostic;
use crate::set::load::{LoadedSet, SET_FILE, is_set};
use crate::values::Markup;
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The kinds of data file, each with its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Meeting,
    Background,
    Objectives,
    WorkPlan,
    Participants,
    Footnotes,
    Programme,
    Agenda,
    DocSet,
}

impl FileType {
    pub const ALL: [FileType; 9] = [
        FileType::DocSet,
        FileType::Agenda,
        FileType::Meeting,
        FileType::Background,
        FileType::Objectives,
        FileType::WorkPlan,
        FileType::Participants,
        FileType::Footnotes,
        FileType::Programme,
    ];

    /// The type of a data set's file, by its name.
    fn of_data_file(name: &str) -> Option<FileType> {
        Some(match name {
            "meeting.json" => FileType::Meeting,
            "background.json" => FileType::Background,
            "objectives.json" => FileType::Objectives,
            "workplan.json" => FileType::WorkPlan,
            "participants.json" => FileType::Participants,
            "footnotes.json" => FileType::Footnotes,
            "programme.json" => FileType::Programme,
            _ => return None,
        })
    }

    /// The name the page knows the type by (and its schema's key).
    pub fn key(self) -> &'static str {
        match self {
            FileType::Meeting => "meeting",
            FileType::Background => "background",
            FileType::Objectives => "objectives",
            FileType::WorkPlan => "workplan",
            FileType::Participants => "participants",
            FileType::Footnotes => "footnotes",
            FileType::Programme => "programme",
            FileType::Agenda => "agenda",
            FileType::DocSet => "docset",
        }
    }

    /// How the page titles the file.
    pub fn title(self) -> &'static str {
        match self {
            FileType::Meeting => "Meeting",
            FileType::Background => "Background",
            FileType::Objectives => "Objectives",
            FileType::WorkPlan => "Work plan",
            FileType::Participants => "Participants",
            FileType::Footnotes => "Footnotes",
            FileType::Programme => "Programme",
            FileType::Agenda => "Agenda",
            FileType::DocSet => "Document set",
        }
    }

    /// The JSON Schema of the type (generated from the Rust type).
    pub fn schema(self) -> &'static Value {
        use shape::schema_of;
        match self {
            FileType::Meeting => schema_of::<Meeting>(),
            FileType::Background => schema_of::<data::Background>(),
            FileType::Objectives => schema_of::<data::Objectives>(),
            FileType::WorkPlan => schema_of::<data::WorkPlan>(),
            FileType::Participants => schema_of::<data::Participants>(),
            FileType::Footnotes => schema_of::<Footnotes>(),
            FileType::Programme => schema_of::<Programme>(),
            FileType::Agenda => schema_of::<data::agenda::Agenda>(),
            FileType::DocSet => schema_of::<crate::set::DocSet>(),
        }
    }
}

/// One file of the data folder.
#[derive(Debug, Clone)]
pub struct File {
    /// How the page and the API name it: its path from the folder holding
    /// the data folders, e.g. `programme.json` or `neacap-pd2/programme.json`.
    pub id: String,
    pub kind: FileType,
    /// Its real place (links followed).
    pub path: PathBuf,
    /// The folder it belongs to (the data set's, or the set's).
    pub folder: PathBuf,
    /// The value being edited; None when the file could not be read or is
    /// not JSON (then `problem` says why, and it can only be reloaded).
    pub value: Option<Value>,
    pub problem: Option<Diagnostic>,
    /// The bytes on disk when it was read or last saved (None: unreadable).
    pub disk: Option<Vec<u8>>,
    /// The value those bytes hold.
    pub saved: Option<Value>,
}

impl File {
    /// Every text of the file that references footnotes, with their ids
    /// (read by the one markup parser).
    pub fn note_refs(&self) -> Vec<(Pointer, Vec<String>)> {
        fn walk(v: &Value, at: &mut Vec<Step>, out: &mut Vec<(Pointer, Vec<String>)>) {
            match v {
                Value::String(s) if s.contains("[^") => {
                    if let Ok(m) = Markup::parse(s)
                        && !m.note_ids().is_empty()
                    {
                        out.push((Pointer(at.clone()), m.note_ids().to_vec()));
                    }
                }
                Value::Array(a) => {
                    for (i, x) in a.iter().enumerate() {
                        at.push(Step::Index(i));
                        walk(x, at, out);
                        at.pop();
                    }
                }
                Value::Object(o) => {
                    for (k, x) in o {
                        at.push(Step::Key(k.clone()));
                        walk(x, at, out);
                        at.pop();
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        if let Some(v) = &self.value {
            walk(v, &mut Vec::new(), &mut out);
        }
        out
    }

    pub fn dirty(&self) -> bool {
        self.value.is_some() && self.value != self.saved
    }

    /// Whether the file on disk is no longer what was read or saved.
    pub fn changed_on_disk(&self) -> bool {
        std::fs::read(&self.path).ok() != self.disk
    }
}

/// Data that passed every check: what the pages are made from.
#[derive(Debug, Clone)]
pub enum Good {
    DataSet(Arc<DataSet>),
    Set(Arc<LoadedSet>),
}

/// The documents one can preview and download.
#[derive(Debug, Clone, PartialEq)]
pub struct DocInfo {
    /// File stem, e.g. "programme" or "NEACAP_PD2_2".
    pub id: String,
    pub label: String,
    /// What it is made from: "concept-note", "programme", "agenda" or
    /// "list" (the list of documents).
    pub kind: &'static str,
    /// The data set folder it is made from, if any.
    pub folder: Option<PathBuf>,
}

impl Good {
    pub fn documents(&self) -> Vec<DocInfo> {
        match self {
            Good::DataSet(data) => vec![
                DocInfo {
                    id: "concept-note".into(),
                    label: "Concept note".into(),
                    kind: "concept-note",
                    folder: Some(data.dir.clone()),
                },
                DocInfo {
                    id: "programme".into(),
                    label: "Programme".into(),
                    kind: "programme",
                    folder: Some(data.dir.clone()),
                },
            ],
            Good::Set(set) => {
                let mut docs: Vec<DocInfo> = set
                    .documents
                    .iter()
                    .filter(|d| !matches!(d.content, crate::set::load::Content::External { .. }))
                    .map(|d| DocInfo {
                        id: d.stem.clone(),
                        label: format!("{} · {}", d.symbol, d.entry.title),
                        kind: match d.content {
                            crate::set::load::Content::ConceptNote(_) => "concept-note",
                            crate::set::load::Content::Programme(_) => "programme",
                            _ => "agenda",
                        },
                        folder: d.data_dir().map(Path::to_path_buf),
                    })
                    .collect();
                docs.push(DocInfo {
                    id: crate::set::symbol::file_stem(&set.list_symbol),
                    label: format!("{} · List of documents", set.list_symbol),
                    kind: "list",
                    folder: None,
                });
                docs
            }
        }
    }
}

/// One step of undo: each file's value before and after.
#[derive(Debug, Clone)]
struct Change {
    label: String,
    files: Vec<(usize, Option<Value>, Option<Value>)>,
    /// For typing: the field a `set` wrote, and when, so that the next
    /// keystrokes in the same field join this step.
    typing: Option<(usize, Pointer, Instant)>,
}

/// Keystrokes in one field this close together are one step of undo.
const TYPING_JOINS: Duration = Duration::from_secs(2);

/// An edit, as the page sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Op {
    /// Set the value at `path` (adding the field when it is not there).
    Set {
        file: String,
        path: Value,
        value: Value,
    },
    /// Remove the field or list entry at `path`.
    Remove {
        file: String,
        path: Value,
    },
    /// Insert `value` into the list at `path` at position `index`.
    Insert {
        file: String,
        path: Value,
        index: usize,
        value: Value,
    },
    /// Move entry `from` of the list at `path` to `to`.
    Move {
        file: String,
        path: Value,
        from: usize,
        to: usize,
    },
    /// Move item `item` of day `day` and every item after it by `minutes`.
    Shift {
        file: String,
        day: usize,
        item: usize,
        minutes: i64,
    },
    /// Give item `item` of day `day` a length of `minutes`.
    Duration {
        file: String,
        day: usize,
        item: usize,
        minutes: i64,
    },
    InsertItem {
        file: String,
        day: usize,
        at: usize,
    },
    DeleteItem {
        file: String,
        day: usize,
        at: usize,
    },
    MoveItem {
        file: String,
        day: usize,
        from: usize,
        to: usize,
    },
    AddDay {
        file: String,
    },
    RemoveDay {
        file: String,
        day: usize,
    },
    /// Italics on characters `from..to` of the text at `path`.
    Italic {
        file: String,
        path: Value,
        from: usize,
        to: usize,
    },
    /// A footnote reference at character `at` of the text at `path`, with
    /// a new note in the data set's footnotes.json.
    Footnote {
        file: String,
        path: Value,
        at: usize,
        #[serde(default)]
        text: Option<String>,
    },
}

/// Why an edit was not made.
#[derive(Debug, Clone, PartialEq)]
pub enum OpError {
    /// No such file in the editor.
    NoFile(String),
    /// The edit does not fit the data (a place that is not there, a time
    /// that would leave the day, a file with errors).
    Refused {
        file: String,
        path: Option<Pointer>,
        message: String,
    },
}

impl std::fmt::Display for OpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpError::NoFile(id) => write!(f, "there is no file \"{id}\" in this editor"),
            OpError::Refused {
                file,
                path,
                message,
            } => match path {
                Some(p) if !p.0.is_empty() => write!(f, "{file}: {p}: {message}"),
                _ => write!(f, "{file}: {message}"),
            },
        }
    }
}

/// Why saving did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// These files changed on disk since they were read: nothing written.
    Conflict(Vec<String>),
    /// The data has errors: nothing written.
    Invalid(usize),
    /// Writing failed (nothing was replaced).
    Io(String),
}

/// The editor's data (see the module's documentation).
pub struct Session {
    /// DIR, as given (for messages) and real.
    pub dir: PathBuf,
    pub root: PathBuf,
    pub is_set: bool,
    /// The folders whose files may be read and written (real paths).
    pub folders: Vec<PathBuf>,
    pub files: Vec<File>,
    /// Files the set names that are refused (outside the data folder).
    pub refused: Vec<Diagnostic>,
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// Counts edits; each check is of one revision.
    pub revision: u64,
    /// The diagnostics of the current values.
    pub diagnostics: Vec<Diagnostic>,
    /// The last data that passed, and its revision.
    pub good: Option<(u64, Good)>,
}

/// Whether `path` is inside one of `folders` (all real paths).
fn inside(path: &Path, folders: &[PathBuf]) -> bool {
    folders.iter().any(|f| path.starts_with(f))
}

impl Session {
    /// Reads the data folder of `dir` (a data set or a set).
    pub fn open(dir: &Path) -> anyhow::Result<Session> {
        let root = dir
            .canonicalize()
            .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", dir.display()))?;
        anyhow::ensure!(root.is_dir(), "{} is not a folder", dir.display());
        let set = is_set(&root);
        let mut folders = vec![root.clone()];
        let mut places: Vec<(PathBuf, PathBuf, FileType)> = Vec::new();
        let mut refused = Vec::new();
        if set {
            places.push((root.join(SET_FILE), root.clone(), FileType::DocSet));
            let named = std::fs::read(root.join(SET_FILE))
                .ok()
                .and_then(|b| load::decode(&root, b).ok())
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .unwrap_or(Value::Null);
            let mut agendas = Vec::new();
            for d in named["documents"].as_array().into_iter().flatten() {
                let (Some(kind), Some(data)) =
                    (d["source"]["kind"].as_str(), d["source"]["data"].as_str())
                else {
                    continue;
                };
                match kind {
                    "concept-note" | "programme" => {
                        if let Ok(f) = root.join(data).canonicalize()
                            && f.is_dir()
                            && !folders.contains(&f)
                        {
                            folders.push(f);
                        }
                    }
                    "agenda" => agendas.push(root.join(data)),
                    _ => {}
                }
            }
            for a in agendas {
                places.push((a, root.clone(), FileType::Agenda));
            }
            for f in folders.iter().skip(1) {
                for name in load::FILES {
                    places.push((
                        f.join(name),
                        f.clone(),
                        FileType::of_data_file(name).expect("a data file"),
                    ));
                }
            }
        } else {
            for name in load::FILES {
                places.push((
                    root.join(name),
                    root.clone(),
                    FileType::of_data_file(name).expect("a data file"),
                ));
            }
        }
        // Ids: paths from the folder above the data folders.
        let base = common_parent(&folders);
        let mut files: Vec<File> = Vec::new();
        for (place, folder, kind) in places {
            let real = match place.canonicalize() {
                Ok(r) => r,
                Err(_) => place.clone(),
            };
            if !inside(&real, &folders) {
                refused.push(
                    Diagnostic::error(
                        &place,
                        "",
                        format!(
                            "refused: this file is really {}, outside the data folder",
                            real.display()
                        ),
                    )
                    .help("the editor reads and writes only files inside the data folder; copy the file in instead of linking to it"),
                );
                continue;
            }
            if files.iter().any(|f| f.path == real) {
                continue;
            }
            let id = real
                .strip_prefix(&base)
                .unwrap_or(&real)
                .to_string_lossy()
                .into_owned();
            let mut file = File {
                id,
                kind,
                path: real,
                folder,
                value: None,
                problem: None,
                disk: None,
                saved: None,
            };
            read_file(&mut file);
            files.push(file);
        }
        let mut s = Session {
            dir: dir.to_path_buf(),
            root,
            is_set: set,
            folders,
            files,
            refused,
            undo: vec![],
            redo: vec![],
            revision: 0,
            diagnostics: vec![],
            good: None,
        };
        s.check();
        Ok(s)
    }

    /// The title of what is edited: the set's name or the meeting's title.
    pub fn title(&self) -> String {
        let from = |kind: FileType, field: &str| {
            self.files
                .iter()
                .find(|f| f.kind == kind)
                .and_then(|f| f.value.as_ref()?.get(field)?.as_str().map(str::to_string))
        };
        if self.is_set {
            from(FileType::DocSet, "name").unwrap_or_else(|| "Document set".into())
        } else {
            from(FileType::Meeting, "title").unwrap_or_else(|| "Meeting".into())
        }
    }

    pub fn file_index(&self, id: &str) -> Result<usize, OpError> {
        self.files
            .iter()
            .position(|f| f.id == id)
            .ok_or_else(|| OpError::NoFile(id.to_string()))
    }

    /// Runs the checks of `meetdoc check` on the current values.
    pub fn check(&mut self) {
        let mut overlay = Overlay::default();
        for f in &self.files {
            if let Some(v) = &f.value {
                overlay.values.insert(f.path.clone(), v.clone());
            }
        }
        let src = Refusing {
            overlay: &overlay,
            folders: &self.folders,
        };
        let result = if self.is_set {
            crate::set::load::load_from(&self.root, &src).map(|(s, w)| (Good::Set(Arc::new(s)), w))
        } else {
            load::load_from(&self.root, &src).map(|(d, w)| (Good::DataSet(Arc::new(d)), w))
        };
        let mut diags = self.refused.clone();
        match result {
            Ok((good, warnings)) => {
                diags.extend(warnings);
                self.good = Some((self.revision, good));
            }
            Err(d) => diags.extend(d),
        }
        self.diagnostics = diags;
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Whether the current values passed every check.
    pub fn is_good(&self) -> bool {
        self.good.as_ref().is_some_and(|(r, _)| *r == self.revision)
    }

    /// The id of the file a diagnostic is about, if it is one of ours.
    pub fn file_of(&self, d: &Diagnostic) -> Option<&str> {
        let real = d.file.canonicalize().ok()?;
        self.files
            .iter()
            .find(|f| f.path == real)
            .map(|f| f.id.as_str())
    }

    /// Applies an edit; returns what it did, in words (for undo).
    pub fn apply(&mut self, op: Op) -> Result<String, OpError> {
        let before: Vec<Option<Value>> = self.files.iter().map(|f| f.value.clone()).collect();
        let mut typing = None;
        let label = self.apply_inner(op, &mut typing);
        let label = match label {
            Ok(l) => l,
            Err(e) => {
                // Nothing of a refused edit stays.
                for (f, v) in self.files.iter_mut().zip(before) {
                    f.value = v;
                }
                return Err(e);
            }
        };
        let changed: Vec<(usize, Option<Value>, Option<Value>)> = self
            .files
            .iter()
            .zip(before)
            .enumerate()
            .filter(|(_, (f, b))| f.value != *b)
            .map(|(i, (f, b))| (i, b, f.value.clone()))
            .collect();
        if changed.is_empty() {
            return Ok(label);
        }
        // Typing in the same field joins the last step.
        let joins = |last: &Change| match (&last.typing, &typing) {
            (Some((lf, lp, at)), Some((fi, path))) => {
                lf == fi
                    && lp == path
                    && at.elapsed() < TYPING_JOINS
                    && changed
                        .iter()
                        .all(|(i, _, _)| last.files.iter().any(|e| e.0 == *i))
            }
            _ => false,
        };
        let joined = match self.undo.last_mut() {
            Some(last) if self.redo.is_empty() && joins(last) => {
                for (i, _, after) in &changed {
                    if let Some(e) = last.files.iter_mut().find(|e| e.0 == *i) {
                        e.2 = after.clone();
                    }
                }
                if let Some((_, _, at)) = &mut last.typing {
                    *at = Instant::now();
                }
                true
            }
            _ => false,
        };
        if !joined {
            self.undo.push(Change {
                label: label.clone(),
                files: changed,
                typing: typing.map(|(f, p)| (f, p, Instant::now())),
            });
        }
        self.redo.clear();
        self.revision += 1;
        self.check();
        Ok(label)
    }

    fn value_mut(&mut self, i: usize) -> Result<&mut Value, OpError> {
        let f = &mut self.files[i];
        let id = f.id.clone();
        f.value.as_mut().ok_or(OpError::Refused {
            file: id,
            path: None,
            message: "the file could not be read: fix it in a text editor, then reload".into(),
        })
    }

    /// The id of the file of `kind` in the same folder as `file`.
    pub fn sibling_id(&self, file: &File, kind: FileType) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.kind == kind && f.folder == file.folder)
            .map(|f| f.id.as_str())
    }

    /// The index of the file of `kind` in the same folder as file `i`.
    fn sibling(&self, i: usize, kind: FileType) -> Result<usize, OpError> {
        let folder = &self.files[i].folder;
        self.files
            .iter()
            .position(|f| f.kind == kind && &f.folder == folder)
            .ok_or_else(|| OpError::Refused {
                file: self.files[i].id.clone(),
                path: None,
                message: format!("this data set has no {} file", kind.key()),
            })
    }

    fn apply_inner(
        &mut self,
        op: Op,
        typing: &mut Option<(usize, Pointer)>,
    ) -> Result<String, OpError> {
        let refuse = |file: &str, path: Option<Pointer>| {
            let file = file.to_string();
            move |e: EditError| OpError::Refused {
                file: file.clone(),
                path: path.clone(),
                message: e.0,
            }
        };
        let pointer = |file: &str, v: &Value| Pointer::from_json(v).map_err(refuse(file, None));
        match op {
            Op::Set { file, path, value } => {
                let i = self.file_index(&file)?;
                let at = pointer(&file, &path)?;
                let schema = self.files[i].kind.schema();
                let order = at
                    .split_last()
                    .map(|(parent, _)| fields_at(schema, &parent))
                    .unwrap_or_default();
                let order: Vec<&str> = order.iter().map(String::as_str).collect();
                edit::set(self.value_mut(i)?, &at, value, &order)
                    .map_err(refuse(&file, Some(at.clone())))?;
                *typing = Some((i, at.clone()));
                Ok(format!("edit {}", describe(&at)))
            }
            Op::Remove { file, path } => {
                let i = self.file_index(&file)?;
                let at = pointer(&file, &path)?;
                edit::remove(self.value_mut(i)?, &at).map_err(refuse(&file, Some(at.clone())))?;
                Ok(format!("remove {}", describe(&at)))
            }
            Op::Insert {
                file,
                path,
                index,
                value,
            } => {
                let i = self.file_index(&file)?;
                let at = pointer(&file, &path)?;
                edit::insert(self.value_mut(i)?, &at, index, value)
                    .map_err(refuse(&file, Some(at.clone())))?;
                Ok(format!("add to {}", describe(&at)))
            }
            Op::Move {
                file,
                path,
                from,
                to,
            } => {
                let i = self.file_index(&file)?;
                let at = pointer(&file, &path)?;
                edit::move_entry(self.value_mut(i)?, &at, from, to)
                    .map_err(refuse(&file, Some(at.clone())))?;
                Ok(format!("reorder {}", describe(&at)))
            }
            Op::Shift {
                file,
                day,
                item,
                minutes,
            } => {
                let i = self.file_index(&file)?;
                let at = item_place(day, item);
                let s = edit::apply_typed(self.value_mut(i)?, |p: &mut Programme| {
                    edit::shift_from(p, day, item, minutes)
                })
                .map_err(refuse(&file, Some(at)))?;
                Ok(format!(
                    "move items {}-{} by {minutes:+} minutes",
                    s.items.start + 1,
                    s.items.end
                ))
            }
            Op::Duration {
                file,
                day,
                item,
                minutes,
            } => {
                let i = self.file_index(&file)?;
                let at = item_place(day, item).child(Step::Key("end".into()));
                edit::apply_typed(self.value_mut(i)?, |p: &mut Programme| {
                    edit::set_duration(p, day, item, minutes)
                })
                .map_err(refuse(&file, Some(at)))?;
                Ok(format!("set the length of item {}", item + 1))
            }
            Op::InsertItem { file, day, at } => {
                let i = self.file_index(&file)?;
                let title = Markup::parse("New item").expect("markup");
                edit::apply_typed(self.value_mut(i)?, |p: &mut Programme| {
                    edit::insert_item(p, day, at, title)
                })
                .map_err(refuse(&file, Some(item_place(day, at))))?;
                Ok(format!("insert an item on day {}", day + 1))
            }
            Op::DeleteItem { file, day, at } => {
                let i = self.file_index(&file)?;
                edit::apply_typed(self.value_mut(i)?, |p: &mut Programme| {
                    edit::delete_item(p, day, at)
                })
                .map_err(refuse(&file, Some(item_place(day, at))))?;
                Ok(format!("delete item {} of day {}", at + 1, day + 1))
            }
            Op::MoveItem {
                file,
                day,
                from,
                to,
            } => {
                let i = self.file_index(&file)?;
                edit::apply_typed(self.value_mut(i)?, |p: &mut Programme| {
                    edit::move_item(p, day, from, to)
                })
                .map_err(refuse(&file, Some(item_place(day, from))))?;
                Ok(format!("move item {} to position {}", from + 1, to + 1))
            }
            Op::AddDay { file } => {
                let i = self.file_index(&file)?;
                let m = self.sibling(i, FileType::Meeting)?;
                let mut meeting_value = self.value_mut(m)?.clone();
                edit::apply_typed(&mut meeting_value, |meeting: &mut Meeting| {
                    edit::apply_typed(
                        self.value_mut(i).map_err(|e| EditError(e.to_string()))?,
                        |p: &mut Programme| edit::add_day(p, meeting),
                    )
                })
                .map_err(refuse(&file, None))?;
                *self.value_mut(m)? = meeting_value;
                Ok("add a day".into())
            }
            Op::RemoveDay { file, day } => {
                let i = self.file_index(&file)?;
                let m = self.sibling(i, FileType::Meeting)?;
                let mut meeting_value = self.value_mut(m)?.clone();
                edit::apply_typed(&mut meeting_value, |meeting: &mut Meeting| {
                    edit::apply_typed(
                        self.value_mut(i).map_err(|e| EditError(e.to_string()))?,
                        |p: &mut Programme| edit::remove_day(p, meeting, day),
                    )
                })
                .map_err(refuse(&file, None))?;
                *self.value_mut(m)? = meeting_value;
                Ok(format!("remove day {}", day + 1))
            }
            Op::Italic {
                file,
                path,
                from,
                to,
            } => {
                let i = self.file_index(&file)?;
                let at = pointer(&file, &path)?;
                let v = self.value_mut(i)?;
                let text = edit::get(v, &at).and_then(Value::as_str).ok_or_else(|| {
                    refuse(&file, Some(at.clone()))(EditError("this is not a text".into()))
                })?;
                let out = edit::italic(text, from, to).map_err(refuse(&file, Some(at.clone())))?;
                edit::set(v, &at, Value::String(out), &[])
                    .map_err(refuse(&file, Some(at.clone())))?;
                Ok(format!("italics in {}", describe(&at)))
            }
            Op::Footnote {
                file,
                path,
                at: position,
                text,
            } => {
                let i = self.file_index(&file)?;
                let at = pointer(&file, &path)?;
                let n = self.sibling(i, FileType::Footnotes)?;
                let source = edit::get(self.value_mut(i)?, &at)
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| {
                        refuse(&file, Some(at.clone()))(EditError("this is not a text".into()))
                    })?;
                let note = text.unwrap_or_else(|| "Text of the note.".into());
                let out = edit::apply_typed(self.value_mut(n)?, |notes: &mut Footnotes| {
                    edit::insert_note(&source, position, notes, &note)
                })
                .map_err(refuse(&file, Some(at.clone())))?;
                edit::set(self.value_mut(i)?, &at, Value::String(out.0), &[])
                    .map_err(refuse(&file, Some(at.clone())))?;
                Ok(format!("add footnote {}", out.1))
            }
        }
    }

    pub fn can_undo(&self) -> Option<&str> {
        self.undo.last().map(|c| c.label.as_str())
    }

    pub fn can_redo(&self) -> Option<&str> {
        self.redo.last().map(|c| c.label.as_str())
    }

    /// Undoes the last edit; the ids of the files it changed.
    pub fn undo(&mut self) -> Option<Vec<String>> {
        let c = self.undo.pop()?;
        let ids = self.put(&c, false);
        self.redo.push(Change { typing: None, ..c });
        Some(ids)
    }

    pub fn redo(&mut self) -> Option<Vec<String>> {
        let c = self.redo.pop()?;
        let ids = self.put(&c, true);
        self.undo.push(c);
        Some(ids)
    }

    fn put(&mut self, c: &Change, after: bool) -> Vec<String> {
        for (i, b, a) in &c.files {
            self.files[*i].value = if after { a.clone() } else { b.clone() };
        }
        self.revision += 1;
        self.check();
        c.files
            .iter()
            .map(|(i, _, _)| self.files[*i].id.clone())
            .collect()
    }

    /// Writes every changed file, in the data file layout, all or none.
    /// Refused when the data has errors or a file changed on disk since
    /// it was read.
    pub fn save(&mut self) -> Result<Vec<String>, SaveError> {
        let errors = self.errors();
        if errors > 0 {
            return Err(SaveError::Invalid(errors));
        }
        let dirty: Vec<usize> = (0..self.files.len())
            .filter(|&i| self.files[i].dirty())
            .collect();
        let conflicts: Vec<String> = dirty
            .iter()
            .filter(|&&i| self.files[i].changed_on_disk())
            .map(|&i| self.files[i].id.clone())
            .collect();
        if !conflicts.is_empty() {
            return Err(SaveError::Conflict(conflicts));
        }
        let mut writes = Vec::new();
        for &i in &dirty {
            let f = &self.files[i];
            // The file is written where it really is, inside the folder.
            if !inside(&f.path, &self.folders)
                || std::fs::symlink_metadata(&f.path).is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(SaveError::Io(format!(
                    "{} is no longer a file inside the data folder",
                    f.id
                )));
            }
            let value = f.value.as_ref().expect("a dirty file has a value");
            writes.push((f.path.clone(), format::to_bytes(value)));
        }
        crate::output::write_all(&writes).map_err(|e| SaveError::Io(format!("{e:#}")))?;
        for (&i, (_, bytes)) in dirty.iter().zip(writes) {
            let f = &mut self.files[i];
            f.saved = f.value.clone();
            f.disk = Some(bytes);
        }
        Ok(dirty.iter().map(|&i| self.files[i].id.clone()).collect())
    }

    /// Reads files again from disk (all of them when `ids` is empty),
    /// dropping their unsaved edits; this is a step that undo takes back.
    pub fn reload(&mut self, ids: &[String]) -> Result<Vec<String>, OpError> {
        let which: Vec<usize> = if ids.is_empty() {
            (0..self.files.len()).collect()
        } else {
            ids.iter()
                .map(|id| self.file_index(id))
                .collect::<Result<_, _>>()?
        };
        let mut changed = Vec::new();
        for i in which {
            let before = self.files[i].value.clone();
            read_file(&mut self.files[i]);
            if self.files[i].value != before {
                changed.push((i, before, self.files[i].value.clone()));
            }
        }
        let ids = changed
            .iter()
            .map(|(i, _, _)| self.files[*i].id.clone())
            .collect();
        if !changed.is_empty() {
            self.undo.push(Change {
                label: "reload from disk".into(),
                files: changed,
                typing: None,
            });
            self.redo.clear();
        }
        self.revision += 1;
        self.check();
        Ok(ids)
    }

    /// For each programme file: each item's length in minutes and its
    /// parts' sum, by day (None for an item that does not read as an item
    /// yet).
    pub fn timetable_facts(&self) -> Value {
        let mut out = serde_json::Map::new();
        for f in self.files.iter().filter(|f| f.kind == FileType::Programme) {
            let Some(v) = &f.value else { continue };
            let days: Vec<Value> = v["days"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| {
                    Value::Array(
                        d["items"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|item| match serde_json::from_value::<data::Item>(item.clone()) {
                                Ok(it) => {
                                    let parts: u32 = it.parts.iter().map(|p| p.minutes).sum();
                                    json!({
                                        "minutes": it.minutes(),
                                        "parts": if it.parts.is_empty() { Value::Null } else { parts.into() },
                                    })
                                }
                                Err(_) => Value::Null,
                            })
                            .collect(),
                    )
                })
                .collect();
            out.insert(f.id.clone(), json!({ "days": days }));
        }
        Value::Object(out)
    }
}

/// The place of an item in programme.json.
fn item_place(day: usize, item: usize) -> Pointer {
    Pointer(vec![
        Step::Key("days".into()),
        Step::Index(day),
        Step::Key("items".into()),
        Step::Index(item),
    ])
}

/// A place, for undo's labels: "days[0].items[4].start" → "start".
fn describe(at: &Pointer) -> String {
    match at.0.iter().rev().find_map(|s| match s {
        Step::Key(k) => Some(k.replace('_', " ")),
        Step::Index(_) => None,
    }) {
        Some(k) => k,
        None => "the file".into(),
    }
}

/// Reads a file from disk into its entry: its bytes, and its value when it
/// is JSON (else the reason it is not).
fn read_file(f: &mut File) {
    f.disk = std::fs::read(&f.path).ok();
    match load::Disk.value(&f.path) {
        Ok(v) => {
            f.value = Some(v.clone());
            f.saved = Some(v);
            f.problem = None;
        }
        Err(d) => {
            f.value = None;
            f.saved = None;
            f.problem = Some(d);
        }
    }
}

/// The deepest folder holding every one of `folders`' parents.
fn common_parent(folders: &[PathBuf]) -> PathBuf {
    let mut base = folders
        .first()
        .and_then(|f| {
            if folders.len() == 1 {
                Some(f.clone())
            } else {
                f.parent().map(Path::to_path_buf)
            }
        })
        .unwrap_or_default();
    while !folders.iter().all(|f| f.starts_with(&base)) {
        match base.parent() {
            Some(p) => base = p.to_path_buf(),
            None => break,
        }
    }
    base
}

/// The loader's source in the editor: the values being edited, and the
/// disk for the rest, but never a file outside the data folder.
struct Refusing<'a> {
    overlay: &'a Overlay,
    folders: &'a [PathBuf],
}

impl Source for Refusing<'_> {
    fn value(&self, path: &Path) -> Result<Value, Diagnostic> {
        if let Ok(real) = path.canonicalize()
            && !inside(&real, self.folders)
        {
            return Err(Diagnostic::error(
                path,
                "",
                "refused: this file is outside the data folder",
            ));
        }
        self.overlay.value(path)
    }
}

/// The field names of the object at `at` in a value of `schema`, in the
/// schema's order (for placing a new field).
pub fn fields_at(schema: &Value, at: &Pointer) -> Vec<String> {
    let root = schema;
    let resolve = |s: &Value| -> Value {
        let mut s = s.clone();
        for _ in 0..16 {
            match s
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                Some(name) => s = root["$defs"][name].clone(),
                None => break,
            }
        }
        s
    };
    fn branches(s: &Value) -> Vec<Value> {
        s.get("anyOf")
            .or_else(|| s.get("oneOf"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }
    let mut current = vec![resolve(schema)];
    for step in &at.0 {
        let mut next = Vec::new();
        let mut todo = current;
        while let Some(s) = todo.pop() {
            let b = branches(&s);
            if !b.is_empty() {
                todo.extend(b.iter().map(&resolve));
                continue;
            }
            let found = match step {
                Step::Key(k) => s["properties"]
                    .get(k)
                    .or_else(|| s.get("additionalProperties").filter(|a| a.is_object())),
                Step::Index(_) => s.get("items"),
            };
            if let Some(f) = found {
                next.push(resolve(f));
            }
        }
        current = next;
    }
    let mut names = Vec::new();
    let mut todo = current;
    while let Some(s) = todo.pop() {
        let b = branches(&s);
        if !b.is_empty() {
            todo.extend(b.iter().map(&resolve));
            continue;
        }
        for k in s["properties"]
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys())
        {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "meetdoc-session-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/neacap-pd2");
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        }
        dir
    }

    fn title_op(value: &str) -> Op {
        Op::Set {
            file: "programme.json".into(),
            path: json!(["days", 0, "items", 4, "title"]),
            value: json!(value),
        }
    }

    #[test]
    fn typing_in_one_field_is_one_step_of_undo() {
        let dir = seed();
        let mut s = Session::open(&dir).unwrap();
        for v in ["C", "Co", "Cof", "Coffee and tea"] {
            s.apply(title_op(v)).unwrap();
        }
        s.apply(Op::Set {
            file: "programme.json".into(),
            path: json!(["heading"]),
            value: json!("Programme"),
        })
        .unwrap();
        assert_eq!(s.revision, 5);
        s.undo().unwrap();
        let v = s.files[6].value.as_ref().unwrap();
        assert_eq!(v["heading"], "Indicative Programme");
        assert_eq!(v["days"][0]["items"][4]["title"], "Coffee and tea");
        s.undo().unwrap();
        assert_eq!(
            s.files[6].value.as_ref().unwrap()["days"][0]["items"][4]["title"],
            "Coffee Break"
        );
        assert!(s.undo().is_none());
        s.redo().unwrap();
        assert_eq!(
            s.files[6].value.as_ref().unwrap()["days"][0]["items"][4]["title"],
            "Coffee and tea"
        );
        // After an undo, typing starts a new step.
        s.undo().unwrap();
        s.apply(title_op("Tea")).unwrap();
        assert!(s.can_redo().is_none());
        s.undo().unwrap();
        assert!(s.can_undo().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fields_are_placed_in_the_schemas_order() {
        let schema = FileType::Meeting.schema();
        let fields = fields_at(schema, &Pointer::default());
        assert_eq!(fields[..4], ["$schema", "document_kind", "title", "venue"]);
        let related = fields_at(schema, &Pointer::parse_location("related_meeting").unwrap());
        assert_eq!(related, ["name", "short"]);
        let p = FileType::Programme.schema();
        let item = fields_at(p, &Pointer::parse_location("days[0].items[3]").unwrap());
        assert_eq!(item[..4], ["start", "end", "kind", "title"]);
        let docset = FileType::DocSet.schema();
        let source = fields_at(
            docset,
            &Pointer::parse_location("documents[0].source").unwrap(),
        );
        assert!(source.contains(&"kind".to_string()) && source.contains(&"docx".to_string()));
    }
}
