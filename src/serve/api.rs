//! The editor's HTTP endpoints. Each is a thin layer over the library: the
//! session (load, shape check, validation, edit operations, saving in the
//! data layout), the previewer (compose → Typst source → typst), and the
//! writers for downloads. Files and documents are named by the ids the
//! editor gave them, never by a path from the request.
//!
//! | method | path | does |
//! |---|---|---|
//! | GET | `/` | the editor's page (`/app.css`, `/app.js`) |
//! | GET | `/api/state` | every file's value, the checks' findings, the documents |
//! | GET | `/api/schemas` | the JSON Schema of each kind of file |
//! | POST | `/api/edit` | one edit (see `session::Op`); 200, or 422 when the data now has errors |
//! | POST | `/api/undo`, `/api/redo` | |
//! | POST | `/api/save` | writes the changed files; 409 when one changed on disk, 422 with errors |
//! | POST | `/api/reload` | reads files again from disk (`{"files": [ids]}`, none: all) |
//! | GET | `/api/preview?doc=ID&seen=REV` | waits for pages newer than REV, then lists them |
//! | GET | `/api/page/ID/N` | page N as SVG |
//! | GET | `/api/text/ID/N` | the words of page N with their boxes |
//! | GET | `/api/download/ID/docx`, `/api/download/ID/pdf` | the document, built on demand |
//! | GET | `/api/bundle.zip`, `/api/changes.md` | for a set: the bundle's ZIP, the change report |

use super::preview::{self, Previewer};
use super::session::{FileType, Op, OpError, SaveError, Session};
use crate::data::edit::Pointer;
use crate::render::RenderContext;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// What the handlers share.
pub struct App {
    pub session: Mutex<Session>,
    pub previewer: Previewer,
    /// The one render context of the editor's lifetime.
    pub ctx: Arc<RenderContext>,
}

type Shared = State<Arc<App>>;

impl App {
    pub fn new(session: Session, ctx: Arc<RenderContext>) -> App {
        let previewer = Previewer::start(ctx.clone());
        let app = App {
            session: Mutex::new(session),
            previewer,
            ctx,
        };
        app.publish(&app.lock(), Instant::now());
        app
    }

    fn lock(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Hands good data to the previewer.
    fn publish(&self, s: &Session, arrived: Instant) {
        if let Some((rev, good)) = &s.good
            && *rev == s.revision
        {
            self.previewer.update(*rev, good.clone(), arrived);
        }
    }
}

const ASSET_CSS: &str = include_str!("assets/app.css");
const ASSET_JS: &str = include_str!("assets/app.js");
const ASSET_HTML: &str = include_str!("assets/index.html");

pub async fn index() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        ASSET_HTML,
    )
        .into_response()
}

pub async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        ASSET_CSS,
    )
        .into_response()
}

pub async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        ASSET_JS,
    )
        .into_response()
}

fn json_status(status: StatusCode, v: Value) -> Response {
    (status, Json(v)).into_response()
}

fn message(status: StatusCode, text: impl Into<String>) -> Response {
    json_status(status, json!({ "message": text.into() }))
}

/// The findings of the checks, each with its file id and place.
fn diagnostics(s: &Session) -> Value {
    Value::Array(
        s.diagnostics
            .iter()
            .map(|d| {
                let place = Pointer::parse_location(&d.location);
                json!({
                    "file": s.file_of(d),
                    "path": place.map(|p| p.to_json()),
                    "location": d.location,
                    "severity": if d.is_error() { "error" } else { "warning" },
                    "message": d.message,
                    "help": d.help,
                })
            })
            .collect(),
    )
}

/// What every answer about the data carries: the findings, what can be
/// undone, which files differ from disk, the documents.
fn summary(s: &Session) -> serde_json::Map<String, Value> {
    let docs = s
        .good
        .as_ref()
        .map(|(_, g)| g.documents())
        .unwrap_or_default();
    let mut m = serde_json::Map::new();
    m.insert("revision".into(), s.revision.into());
    m.insert("valid".into(), s.is_good().into());
    m.insert("errors".into(), s.errors().into());
    m.insert("diagnostics".into(), diagnostics(s));
    m.insert("facts".into(), s.timetable_facts());
    m.insert("undo".into(), json!(s.can_undo()));
    m.insert("redo".into(), json!(s.can_redo()));
    m.insert(
        "dirty".into(),
        s.files
            .iter()
            .filter(|f| f.dirty())
            .map(|f| Value::from(f.id.as_str()))
            .collect(),
    );
    m.insert(
        "documents".into(),
        docs.iter()
            .map(|d| {
                // The files of the folder it is made from, by their ids.
                let files: Vec<&str> = s
                    .files
                    .iter()
                    .filter(|f| {
                        d.folder
                            .as_ref()
                            .is_some_and(|dir| dir.canonicalize().ok().as_ref() == Some(&f.folder))
                            || d.file
                                .as_ref()
                                .is_some_and(|p| p.canonicalize().ok().as_ref() == Some(&f.path))
                    })
                    .map(|f| f.id.as_str())
                    .collect();
                json!({ "id": d.id, "label": d.label, "kind": d.kind, "files": files })
            })
            .collect(),
    );
    m
}

fn file_json(s: &Session, f: &super::session::File) -> Value {
    json!({
        "id": f.id,
        "notes_file": s.sibling_id(f, FileType::Footnotes),
        "meeting_file": s.sibling_id(f, FileType::Meeting),
        "refs": f.note_refs().into_iter().map(|(p, ids)| json!({ "path": p.to_json(), "notes": ids })).collect::<Vec<_>>(),
        "type": f.kind.key(),
        "title": f.kind.title(),
        "value": f.value,
        "problem": f.problem.as_ref().map(|d| json!({ "message": d.message, "location": d.location, "help": d.help })),
    })
}

pub async fn state(State(app): Shared) -> Response {
    let s = app.lock();
    let mut m = summary(&s);
    m.insert(
        "kind".into(),
        if s.is_set { "set" } else { "data-set" }.into(),
    );
    m.insert("title".into(), s.title().into());
    m.insert("folder".into(), s.dir.display().to_string().into());
    m.insert(
        "files".into(),
        s.files.iter().map(|f| file_json(&s, f)).collect(),
    );
    m.insert(
        "changed_on_disk".into(),
        s.files
            .iter()
            .filter(|f| f.changed_on_disk())
            .map(|f| Value::from(f.id.as_str()))
            .collect(),
    );
    json_status(StatusCode::OK, Value::Object(m))
}

pub async fn schemas() -> Response {
    let m: serde_json::Map<String, Value> = FileType::ALL
        .iter()
        .map(|t| (t.key().to_string(), t.schema().clone()))
        .collect();
    json_status(StatusCode::OK, Value::Object(m))
}

/// The answer to a change: the values of the files it changed, and the
/// summary; 422 when the data has errors now.
fn changed(s: &Session, ids: &[String], label: Option<String>) -> Response {
    let mut m = summary(s);
    m.insert("applied".into(), true.into());
    m.insert("label".into(), json!(label));
    m.insert(
        "changed".into(),
        s.files
            .iter()
            .filter(|f| ids.contains(&f.id))
            .map(|f| file_json(s, f))
            .collect(),
    );
    let status = if s.errors() > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    json_status(status, Value::Object(m))
}

fn op_error(e: OpError) -> Response {
    let status = match e {
        OpError::NoFile(_) => StatusCode::NOT_FOUND,
        OpError::Refused { .. } => StatusCode::CONFLICT,
    };
    let (file, path) = match &e {
        OpError::NoFile(id) => (id.clone(), None),
        OpError::Refused { file, path, .. } => (file.clone(), path.as_ref().map(Pointer::to_json)),
    };
    json_status(
        status,
        json!({ "applied": false, "message": e.to_string(), "file": file, "path": path }),
    )
}

pub async fn edit(State(app): Shared, Json(body): Json<Value>) -> Response {
    let arrived = Instant::now();
    let op: Op = match serde_json::from_value(body) {
        Ok(op) => op,
        Err(e) => return message(StatusCode::BAD_REQUEST, format!("not an edit: {e}")),
    };
    let app2 = app.clone();
    blocking(move || {
        let mut s = app2.lock();
        let before: Vec<Option<Value>> = s.files.iter().map(|f| f.value.clone()).collect();
        match s.apply(op) {
            Ok(label) => {
                app2.publish(&s, arrived);
                let ids: Vec<String> = s
                    .files
                    .iter()
                    .zip(before)
                    .filter(|(f, b)| f.value != *b)
                    .map(|(f, _)| f.id.clone())
                    .collect();
                changed(&s, &ids, Some(label))
            }
            Err(e) => op_error(e),
        }
    })
    .await
}

pub async fn undo(State(app): Shared) -> Response {
    history(app, true).await
}

pub async fn redo(State(app): Shared) -> Response {
    history(app, false).await
}

async fn history(app: Arc<App>, back: bool) -> Response {
    let arrived = Instant::now();
    blocking(move || {
        let mut s = app.lock();
        let ids = if back { s.undo() } else { s.redo() };
        match ids {
            Some(ids) => {
                app.publish(&s, arrived);
                changed(&s, &ids, None)
            }
            None => message(
                StatusCode::CONFLICT,
                if back {
                    "there is nothing to undo"
                } else {
                    "there is nothing to redo"
                },
            ),
        }
    })
    .await
}

pub async fn save(State(app): Shared) -> Response {
    blocking(move || {
        let mut s = app.lock();
        match s.save() {
            Ok(ids) => {
                let mut m = summary(&s);
                m.insert("saved".into(), json!(ids));
                json_status(StatusCode::OK, Value::Object(m))
            }
            Err(SaveError::Conflict(ids)) => json_status(
                StatusCode::CONFLICT,
                json!({
                    "message": format!(
                        "not saved: {} changed on disk since the editor read {}. Reload to take the version on disk (your edits can then be undone back), or keep editing.",
                        ids.join(", "),
                        if ids.len() == 1 { "it" } else { "them" }
                    ),
                    "conflicts": ids,
                }),
            ),
            Err(SaveError::Invalid(n)) => {
                let mut m = summary(&s);
                m.insert(
                    "message".into(),
                    format!(
                        "not saved: the data has {n} error{}; fix {} first (each is shown beside its field)",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "it" } else { "them" }
                    )
                    .into(),
                );
                json_status(StatusCode::UNPROCESSABLE_ENTITY, Value::Object(m))
            }
            Err(SaveError::Io(e)) => message(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("not saved: {e}"),
            ),
        }
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReloadBody {
    #[serde(default)]
    files: Vec<String>,
}

pub async fn reload(State(app): Shared, body: Option<Json<ReloadBody>>) -> Response {
    let arrived = Instant::now();
    let files = body.map(|b| b.0.files).unwrap_or_default();
    blocking(move || {
        let mut s = app.lock();
        match s.reload(&files) {
            Ok(ids) => {
                app.publish(&s, arrived);
                changed(&s, &ids, Some("reload from disk".into()))
            }
            Err(e) => op_error(e),
        }
    })
    .await
}

#[derive(Deserialize)]
pub struct PreviewQuery {
    doc: String,
    #[serde(default)]
    seen: Option<u64>,
}

/// How long a preview request waits for new pages.
const WAIT: Duration = Duration::from_secs(20);

pub async fn preview(State(app): Shared, Query(q): Query<PreviewQuery>) -> Response {
    let p = &app.previewer;
    p.want(&q.doc);
    let mut rx = p.subscribe();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let answer = p.with(&q.doc, |d, current| {
            let d = d?;
            let newer = q.seen.is_none_or(|seen| d.revision > seen);
            (current && newer).then(|| {
                json!({
                    "doc": q.doc,
                    "revision": d.revision,
                    "error": d.error,
                    "ready_ms": d.ready_ms,
                    "words": d.words.is_some(),
                    "pages": d.pages.iter().enumerate().map(|(i, pg)| json!({
                        "n": i + 1, "hash": pg.hash, "width": pg.width, "height": pg.height,
                    })).collect::<Vec<_>>(),
                })
            })
        });
        if let Some(a) = answer {
            return json_status(StatusCode::OK, a);
        }
        if p.is_stopping() {
            return message(StatusCode::SERVICE_UNAVAILABLE, "the editor is stopping");
        }
        if tokio::time::timeout_at(deadline, rx.changed())
            .await
            .is_err()
        {
            return (StatusCode::NO_CONTENT, "").into_response();
        }
    }
}

pub async fn page(State(app): Shared, Path((doc, n)): Path<(String, usize)>) -> Response {
    let page = app.previewer.with(&doc, |d, _| {
        d.and_then(|d| n.checked_sub(1).and_then(|i| d.pages.get(i)).cloned())
    });
    match page {
        Some(pg) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "private, max-age=3600"),
            ],
            pg.svg.clone(),
        )
            .into_response(),
        None => message(StatusCode::NOT_FOUND, "no such page"),
    }
}

pub async fn text(State(app): Shared, Path((doc, n)): Path<(String, usize)>) -> Response {
    let p = &app.previewer;
    let mut rx = p.subscribe();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let words = p.with(&doc, |d, _| {
            let d = d?;
            let page = n.checked_sub(1).and_then(|i| d.pages.get(i))?;
            let words = d.words.as_ref()?;
            Some(json!({
                "hash": page.hash, "width": page.width, "height": page.height,
                "words": words.get(n - 1).cloned().unwrap_or_default(),
            }))
        });
        if let Some(w) = words {
            return json_status(StatusCode::OK, w);
        }
        if p.is_stopping() {
            return message(StatusCode::SERVICE_UNAVAILABLE, "the editor is stopping");
        }
        if tokio::time::timeout_at(deadline, rx.changed())
            .await
            .is_err()
        {
            return message(StatusCode::NOT_FOUND, "no text for this page");
        }
    }
}

fn attachment(name: &str, mime: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// The good data, or the answer that there is none now.
fn good_now(app: &App) -> Option<super::session::Good> {
    let s = app.lock();
    match &s.good {
        Some((rev, g)) if *rev == s.revision => Some(g.clone()),
        _ => None,
    }
}

fn not_good() -> Response {
    message(
        StatusCode::UNPROCESSABLE_ENTITY,
        "the data has errors: fix them to download the documents",
    )
}

pub async fn download(State(app): Shared, Path((doc, format)): Path<(String, String)>) -> Response {
    blocking(move || {
        let Some(good) = good_now(&app) else {
            return not_good();
        };
        // A document written elsewhere is handed out as it is.
        if let super::session::Good::Set(set) = &good
            && let Some(d) = set.documents.iter().find(|d| d.stem == doc)
            && let crate::set::load::Content::External { docx, pdf } = &d.content
        {
            let bytes = if format == "docx" { docx } else { pdf };
            return match bytes {
                Some(b) => attachment(&format!("{doc}.{format}"), mime(&format), b.clone()),
                None => message(StatusCode::NOT_FOUND, "this document has no such file"),
            };
        }
        let layouts = match app.ctx.layouts() {
            Ok(l) => l,
            Err(e) => return message(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
        };
        let Some(model) = preview::model(&good, &doc, &layouts) else {
            return message(StatusCode::NOT_FOUND, "no such document");
        };
        let bytes = match format.as_str() {
            "docx" => crate::writer::docx::write(&model, &layouts.style),
            "pdf" => super::downloads::pdf(&model, &app.ctx),
            _ => return message(StatusCode::NOT_FOUND, "a document downloads as docx or pdf"),
        };
        match bytes {
            Ok(b) => attachment(&format!("{doc}.{format}"), mime(&format), b),
            Err(e) => message(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
        }
    })
    .await
}

fn mime(format: &str) -> &'static str {
    match format {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        _ => "text/markdown; charset=utf-8",
    }
}

/// `/api/bundle.zip` and `/api/changes.md`.
pub async fn bundle_file(State(app): Shared, Path(name): Path<String>) -> Response {
    blocking(move || {
        let Some(good) = good_now(&app) else {
            return not_good();
        };
        let super::session::Good::Set(set) = good else {
            return message(StatusCode::NOT_FOUND, "only a document set has a bundle");
        };
        let dir = app.lock().dir.clone();
        match super::downloads::bundle(&set, &dir, &app.ctx) {
            Ok(b) => match name.as_str() {
                "bundle.zip" => attachment(&b.zip_name, mime("zip"), b.zip),
                "changes.md" => attachment("changes.md", mime("md"), b.changes.into_bytes()),
                _ => message(StatusCode::NOT_FOUND, "no such file"),
            },
            Err(e) => message(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
        }
    })
    .await
}

/// Runs library work off the async threads.
async fn blocking(f: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| message(StatusCode::INTERNAL_SERVER_ERROR, format!("{e}")))
}
