//! Live pages: the chosen document of the last good data, through the same
//! pipeline as `build` (compose → `writer::pdf::render_source` → typst,
//! with the editor's one render context), but to one SVG image per page.
//! One worker thread renders; an edit that arrives while it works only
//! moves the target (the newest data wins), and a document whose Typst
//! source did not change is not compiled again.
//!
//! Each page also gets its words with their boxes (typst's PDF of the same
//! source, read by `pdftotext -bbox`), laid over the image as transparent
//! text: the page can be searched and copied from, and a test can read what
//! the page says. A second worker makes them, on the other core, for the
//! newest source only; the pages never wait for them.

use super::session::Good;
use crate::compose;
use crate::model::Document;
use crate::render::{Layouts, RenderContext};
use crate::writer::pdf::{self, CompileJob, Output};
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;
use tokio::sync::watch;

/// One page of a document.
#[derive(Debug)]
pub struct Page {
    pub svg: Vec<u8>,
    /// Names this image: changes when the page does.
    pub hash: String,
    pub width: f64,
    pub height: f64,
}

/// A word on a page and its box, in points from the top left.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Word {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

type Words = Arc<Vec<Vec<Word>>>;

/// The pages of one document, as last rendered.
#[derive(Debug, Default)]
pub struct DocPages {
    /// The revision of the data they show.
    pub revision: u64,
    /// The hash of the Typst source they were made from.
    pub source: String,
    pub pages: Vec<Arc<Page>>,
    /// The words of each page, once read.
    pub words: Option<Words>,
    /// Why the newest data could not be rendered (its pages stay).
    pub error: Option<String>,
    /// Milliseconds from the edit's arrival to these pages being ready.
    pub ready_ms: Option<f64>,
}

#[derive(Default)]
struct State {
    /// The last good data, its revision and when the edit that made it
    /// arrived.
    good: Option<(u64, Good, Instant)>,
    /// The document wanted on screen, and since when.
    want: Option<String>,
    wanted_at: Option<Instant>,
    docs: HashMap<String, DocPages>,
    stop: bool,
}

/// The words worker's state: the newest source to read, the last ones read.
#[derive(Default)]
struct WordsState {
    want: Option<(String, CompileJob)>,
    done: VecDeque<(String, Words)>,
    stop: bool,
}

/// How many sources' words are kept.
const WORDS_KEPT: usize = 8;

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    words: Mutex<WordsState>,
    words_wake: Condvar,
    changed: watch::Sender<u64>,
    ctx: Arc<RenderContext>,
    /// How long each render took from edit to pages (for the benchmark).
    latencies: Mutex<Vec<f64>>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn words(&self) -> MutexGuard<'_, WordsState> {
        self.words.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn notify(&self) {
        self.changed.send_modify(|n| *n += 1);
    }
}

/// The renderer of live pages (one per editor).
#[derive(Clone)]
pub struct Previewer {
    shared: Arc<Shared>,
    workers: Arc<Mutex<Vec<std::thread::JoinHandle<()>>>>,
}

impl Previewer {
    /// Starts the workers.
    pub fn start(ctx: Arc<RenderContext>) -> Previewer {
        let (changed, _) = watch::channel(0);
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            words: Mutex::new(WordsState::default()),
            words_wake: Condvar::new(),
            changed,
            ctx,
            latencies: Mutex::new(Vec::new()),
        });
        let (a, b) = (shared.clone(), shared.clone());
        let workers = vec![
            std::thread::Builder::new()
                .name("preview".into())
                .spawn(move || work(&a))
                .expect("start the preview thread"),
            std::thread::Builder::new()
                .name("preview-words".into())
                .spawn(move || read_words(&b))
                .expect("start the preview thread"),
        ];
        Previewer {
            shared,
            workers: Arc::new(Mutex::new(workers)),
        }
    }

    /// New good data (revision `revision`), from an edit that arrived at
    /// `arrived`: the wanted document is rendered again.
    pub fn update(&self, revision: u64, good: Good, arrived: Instant) {
        let mut s = self.shared.state();
        if s.good.as_ref().is_some_and(|(r, _, _)| *r >= revision) {
            return;
        }
        s.good = Some((revision, good, arrived));
        self.shared.wake.notify_all();
    }

    /// Asks for `doc` to be the one kept up to date.
    pub fn want(&self, doc: &str) {
        let mut s = self.shared.state();
        if s.want.as_deref() != Some(doc) {
            s.want = Some(doc.to_string());
            s.wanted_at = Some(Instant::now());
            self.shared.wake.notify_all();
        }
    }

    /// Runs `f` on the pages of `doc` and whether they show the newest
    /// good data.
    pub fn with<T>(&self, doc: &str, f: impl FnOnce(Option<&DocPages>, bool) -> T) -> T {
        let s = self.shared.state();
        let d = s.docs.get(doc);
        let current = match (&s.good, d) {
            (Some((r, _, _)), Some(d)) => d.revision >= *r,
            (None, _) => true,
            _ => false,
        };
        f(d, current)
    }

    /// A receiver told whenever pages change.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.shared.changed.subscribe()
    }

    /// Every edit-to-pages time measured so far, in milliseconds.
    pub fn latencies(&self) -> Vec<f64> {
        self.shared
            .latencies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Stops the workers (after the typst runs under way); waiting
    /// requests are answered.
    pub fn stop(&self) {
        self.shared.state().stop = true;
        self.shared.wake.notify_all();
        self.shared.words().stop = true;
        self.shared.words_wake.notify_all();
        self.shared.notify();
    }

    pub fn is_stopping(&self) -> bool {
        self.shared.state().stop
    }

    /// Waits for the workers to end (after [`Previewer::stop`]): every typst
    /// they started has ended and its build folder is gone.
    pub fn join(&self) {
        let workers =
            std::mem::take(&mut *self.workers.lock().unwrap_or_else(PoisonError::into_inner));
        for w in workers {
            let _ = w.join();
        }
    }
}

/// The model of document `doc` in `good`.
pub fn model(good: &Good, doc: &str, layouts: &Layouts) -> Option<Document> {
    let style = &layouts.style;
    match good {
        Good::DataSet(data) => compose::documents(data, style)
            .into_iter()
            .find(|(stem, _)| *stem == doc)
            .map(|(_, d)| d),
        Good::Set(set) => {
            if crate::set::symbol::file_stem(&set.list_symbol) == doc {
                return crate::set::bundle::list_of_documents(set, style).ok();
            }
            let d = set.documents.iter().find(|d| d.stem == doc)?;
            compose::set_documents::document(set, d, style)
        }
    }
}

fn work(shared: &Arc<Shared>) {
    loop {
        let (doc, revision, good, arrived) = {
            let mut s = shared.state();
            loop {
                if s.stop {
                    return;
                }
                if let (Some(want), Some((r, good, at))) = (&s.want, &s.good) {
                    let have = s.docs.get(want).map_or(0, |d| d.revision);
                    if have < *r || !s.docs.contains_key(want) {
                        // Timed from the edit, or from the request for a
                        // document not shown before.
                        let since = s.wanted_at.map_or(*at, |w| w.max(*at));
                        break (want.clone(), *r, good.clone(), since);
                    }
                }
                s = shared.wake.wait(s).unwrap_or_else(PoisonError::into_inner);
            }
        };
        if let Err(e) = render(shared, &doc, revision, &good, arrived) {
            let mut s = shared.state();
            let d = s.docs.entry(doc).or_default();
            d.revision = revision;
            d.error = Some(format!("{e:#}"));
        }
        shared.notify();
    }
}

/// Renders one document's pages and asks for their words.
fn render(
    shared: &Arc<Shared>,
    doc: &str,
    revision: u64,
    good: &Good,
    arrived: Instant,
) -> Result<()> {
    let ctx = &shared.ctx;
    let layouts = ctx.layouts()?;
    let model = model(good, doc, &layouts).context("this document is not in the data any more")?;
    let source = pdf::render_source(&model, &layouts.style, &layouts.dir)?;
    let hash = crate::hash::sha256_hex(source.as_bytes());
    {
        let mut s = shared.state();
        if let Some(d) = s.docs.get_mut(doc)
            && d.source == hash
            && d.error.is_none()
        {
            // The same source: the same pages.
            d.revision = revision;
            return Ok(());
        }
    }
    let job = CompileJob {
        name: format!("{doc}.svg"),
        source,
        date: model.meta.date,
        standards: model.meta.pdf_standards.clone(),
    };
    let typst = ctx.typst()?;
    let fonts = ctx.fonts(&layouts.style)?.choose(&job.source, ctx.place());
    let running = typst.start_as(&job, &fonts, ctx.place(), Output::SvgPages)?;
    // The PDF for the words, on the other core meanwhile.
    {
        let mut w = shared.words();
        w.want = Some((hash.clone(), job));
        shared.words_wake.notify_all();
    }
    let pages: Vec<Arc<Page>> = running
        .wait_pages()?
        .into_iter()
        .map(|svg| {
            let (width, height) = svg_size(&svg);
            Arc::new(Page {
                hash: crate::hash::sha256_hex(&svg)[..16].to_string(),
                svg,
                width,
                height,
            })
        })
        .collect();
    let ready_ms = arrived.elapsed().as_secs_f64() * 1000.0;
    shared
        .latencies
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(ready_ms);
    let mut s = shared.state();
    let words = shared
        .words()
        .done
        .iter()
        .find(|(h, _)| *h == hash)
        .map(|(_, w)| w.clone());
    s.docs.insert(
        doc.to_string(),
        DocPages {
            revision,
            source: hash,
            pages,
            words,
            error: None,
            ready_ms: Some(ready_ms),
        },
    );
    Ok(())
}

/// The words worker: the PDF of the newest source asked for, its words.
fn read_words(shared: &Arc<Shared>) {
    loop {
        let (hash, job) = {
            let mut w = shared.words();
            loop {
                if w.stop {
                    return;
                }
                if let Some(next) = w.want.take() {
                    break next;
                }
                w = shared
                    .words_wake
                    .wait(w)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        // Stopped when a newer source is asked for (or the editor stops).
        let newer = || {
            let w = shared.words();
            w.want.is_some() || w.stop
        };
        let job = CompileJob {
            name: job.name.replace(".svg", ".pdf"),
            ..job
        };
        let Ok(Some(words)) = start_pdf(&shared.ctx, &job)
            .and_then(|running| running.wait_unless(&newer))
            .and_then(|pdf| pdf.map(|pdf| pdf_words(&pdf)).transpose())
        else {
            continue;
        };
        let words = Arc::new(words);
        {
            let mut w = shared.words();
            w.done.push_back((hash.clone(), words.clone()));
            while w.done.len() > WORDS_KEPT {
                w.done.pop_front();
            }
        }
        let mut s = shared.state();
        for d in s.docs.values_mut().filter(|d| d.source == hash) {
            d.words = Some(words.clone());
        }
        drop(s);
        shared.notify();
    }
}

/// Starts typst on the PDF of `job`, with the context's typst and fonts.
fn start_pdf(ctx: &RenderContext, job: &CompileJob) -> Result<pdf::Running> {
    let layouts = ctx.layouts()?;
    let fonts = ctx.fonts(&layouts.style)?.choose(&job.source, ctx.place());
    ctx.typst()?.start(job, &fonts, ctx.place())
}

/// The width and height of an SVG page in points (its viewBox).
fn svg_size(svg: &[u8]) -> (f64, f64) {
    let head = String::from_utf8_lossy(&svg[..svg.len().min(400)]);
    let vb = head
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("");
    let n: Vec<f64> = vb
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    match n.as_slice() {
        [_, _, w, h] => (*w, *h),
        _ => (595.0, 842.0),
    }
}

/// The words of every page of a PDF (`pdftotext -bbox`, reading the PDF
/// from its standard input).
pub fn pdf_words(pdf: &[u8]) -> Result<Vec<Vec<Word>>> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot run pdftotext (poppler-utils)")?;
    let mut input = child.stdin.take().context("pdftotext's input")?;
    let pdf = pdf.to_vec();
    // Fed from a thread of its own: pdftotext may write before it has read all.
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&pdf);
    });
    let out = child.wait_with_output().context("pdftotext did not run")?;
    let _ = feeder.join();
    anyhow::ensure!(out.status.success(), "pdftotext failed");
    Ok(parse_bbox(&String::from_utf8_lossy(&out.stdout)))
}

/// Reads pdftotext's `-bbox` XHTML: pages of words with their boxes.
fn parse_bbox(xhtml: &str) -> Vec<Vec<Word>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xhtml);
    let mut pages: Vec<Vec<Word>> = Vec::new();
    let mut word: Option<Word> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"page" => pages.push(Vec::new()),
            Ok(Event::Start(e)) if e.name().as_ref() == b"word" => {
                let mut w = Word {
                    text: String::new(),
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                };
                let (mut x1, mut y1) = (0.0, 0.0);
                for a in e.attributes().flatten() {
                    let v: f64 = String::from_utf8_lossy(&a.value).parse().unwrap_or(0.0);
                    match a.key.as_ref() {
                        b"xMin" => w.x = v,
                        b"yMin" => w.y = v,
                        b"xMax" => x1 = v,
                        b"yMax" => y1 = v,
                        _ => {}
                    }
                }
                w.w = x1 - w.x;
                w.h = y1 - w.y;
                word = Some(w);
            }
            Ok(Event::Text(t)) => {
                if let Some(w) = &mut word
                    && let Ok(s) = t.decode()
                {
                    w.text
                        .push_str(&quick_xml::escape::unescape(&s).unwrap_or(s.clone()));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(w) = &mut word
                    && let Ok(name) = r.decode()
                {
                    let s = format!("&{name};");
                    w.text
                        .push_str(&quick_xml::escape::unescape(&s).unwrap_or(s.clone().into()));
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"word" => {
                if let (Some(w), Some(p)) = (word.take(), pages.last_mut()) {
                    p.push(w);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_words_are_read_with_their_boxes() {
        let x = r#"<html><body><doc><page width="595.2" height="841.8">
<word xMin="10.5" yMin="20" xMax="40.5" yMax="30">15:45&#8211;16:15</word>
<word xMin="50" yMin="20" xMax="60" yMax="30">Q&amp;A</word></page>
<page width="595.2" height="841.8"><word xMin="1" yMin="2" xMax="3" yMax="4">서울</word></page></doc></body></html>"#;
        let p = parse_bbox(x);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0][0].text, "15:45\u{2013}16:15");
        assert_eq!((p[0][0].x, p[0][0].w, p[0][0].h), (10.5, 30.0, 10.0));
        assert_eq!(p[0][1].text, "Q&A");
        assert_eq!(p[1][0].text, "서울");
    }
}
