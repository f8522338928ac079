//! Live pages: the chosen document of the last good data, through the same
//! pipeline as `build` (compose → `writer::pdf::render_source` → typst),
//! but to one SVG image per page. One worker thread renders; an edit that
//! arrives while it works only moves the target (the newest data wins),
//! and a document whose Typst source did not change is not compiled again.
//!
//! Each page also gets its words with their boxes (typst's PDF of the same
//! source, compiled at the same time on the other core, read by
//! `pdftotext -bbox`), laid over the image as transparent text: the page can
//! be searched and copied from, and a test can read what the page says.

use super::session::Good;
use crate::compose;
use crate::model::Document;
use crate::render::Layouts;
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
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

/// The pages of one document, as last rendered.
#[derive(Debug, Default)]
pub struct DocPages {
    /// The revision of the data they show.
    pub revision: u64,
    /// The hash of the Typst source they were made from.
    pub source: String,
    pub pages: Vec<Arc<Page>>,
    /// The words of each page, once read.
    pub words: Option<Arc<Vec<Vec<Word>>>>,
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

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    changed: watch::Sender<u64>,
    layouts: Layouts,
    /// How long each render took from edit to pages (for the benchmark).
    latencies: Mutex<Vec<f64>>,
    /// The threads reading words, each with its cancel flag (the newest
    /// last; older ones are cancelled).
    words_jobs: Mutex<Vec<WordsJob>>,
}

type WordsJob = (
    Arc<std::sync::atomic::AtomicBool>,
    std::thread::JoinHandle<()>,
);

/// The worker thread, until it is joined.
type Worker = Mutex<Option<std::thread::JoinHandle<()>>>;

/// The renderer of live pages (one per editor).
#[derive(Clone)]
pub struct Previewer {
    shared: Arc<Shared>,
    worker: Arc<Worker>,
}

impl Previewer {
    /// Starts the worker thread.
    pub fn start(layouts: Layouts) -> Previewer {
        let (changed, _) = watch::channel(0);
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            changed,
            layouts,
            latencies: Mutex::new(Vec::new()),
            words_jobs: Mutex::new(Vec::new()),
        });
        let for_worker = shared.clone();
        let worker = std::thread::Builder::new()
            .name("preview".into())
            .spawn(move || work(&for_worker))
            .expect("start the preview thread");
        Previewer {
            shared,
            worker: Arc::new(Mutex::new(Some(worker))),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// New good data (revision `revision`), from an edit that arrived at
    /// `arrived`: the wanted document is rendered again.
    pub fn update(&self, revision: u64, good: Good, arrived: Instant) {
        let mut s = self.lock();
        if s.good.as_ref().is_some_and(|(r, _, _)| *r >= revision) {
            return;
        }
        s.good = Some((revision, good, arrived));
        self.shared.wake.notify_all();
    }

    /// Asks for `doc` to be the one kept up to date.
    pub fn want(&self, doc: &str) {
        let mut s = self.lock();
        if s.want.as_deref() != Some(doc) {
            s.want = Some(doc.to_string());
            s.wanted_at = Some(Instant::now());
            self.shared.wake.notify_all();
        }
    }

    /// Runs `f` on the pages of `doc` and whether they show the newest
    /// good data.
    pub fn with<T>(&self, doc: &str, f: impl FnOnce(Option<&DocPages>, bool) -> T) -> T {
        let s = self.lock();
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

    /// Stops the worker (after the render under way); waiting requests
    /// are answered.
    pub fn stop(&self) {
        self.lock().stop = true;
        self.shared.wake.notify_all();
        self.shared.changed.send_modify(|n| *n += 1);
    }

    pub fn is_stopping(&self) -> bool {
        self.lock().stop
    }

    /// Waits for the worker to end (after [`Previewer::stop`]).
    pub fn join(&self) {
        let handle = self
            .worker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(h) = handle {
            let _ = h.join();
        }
        // Typst stopped, build folders removed.
        let jobs: Vec<WordsJob> = std::mem::take(
            &mut *self
                .shared
                .words_jobs
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        for (cancel, h) in jobs {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            let _ = h.join();
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
                return Some(compose::set_documents::list_of_documents(set, &[], style));
            }
            let d = set.documents.iter().find(|d| d.stem == doc)?;
            compose::set_documents::document(set, d, style)
        }
    }
}

fn work(shared: &Arc<Shared>) {
    let notify = || shared.changed.send_modify(|n| *n += 1);
    loop {
        let (doc, revision, good, arrived) = {
            let mut s = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
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
        let result = render(shared, &doc, revision, &good, arrived, &notify);
        let mut s = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
        let d = s.docs.entry(doc).or_default();
        if let Err(e) = result {
            d.revision = revision;
            d.error = Some(format!("{e:#}"));
        }
        drop(s);
        notify();
    }
}

/// Renders one document; stores its pages as soon as they are ready, then
/// its words.
fn render(
    shared: &Arc<Shared>,
    doc: &str,
    revision: u64,
    good: &Good,
    arrived: Instant,
    notify: &dyn Fn(),
) -> Result<()> {
    let layouts = &shared.layouts;
    let model = model(good, doc, layouts).context("this document is not in the data any more")?;
    let source = crate::writer::pdf::render_source(&model, &layouts.style, &layouts.dir)?;
    let hash = crate::hash::sha256_hex(source.as_bytes());
    {
        let mut s = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(d) = s.docs.get_mut(doc)
            && d.source == hash
            && d.error.is_none()
        {
            // The same source: the same pages.
            d.revision = revision;
            return Ok(());
        }
    }
    // The words of the pages before are of no use now.
    {
        let mut jobs = shared
            .words_jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        jobs.retain(|(_, h)| !h.is_finished());
        for (cancel, _) in jobs.iter() {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    let mut running = compile::start(&source, &model, layouts)?;
    let svgs = running.svg()?;
    let pages: Vec<Arc<Page>> = svgs
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
    {
        let mut s = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.docs.insert(
            doc.to_string(),
            DocPages {
                revision,
                source: hash.clone(),
                pages,
                words: None,
                error: None,
                ready_ms: Some(ready_ms),
            },
        );
    }
    notify();
    // The words come from the PDF, compiled meanwhile on the other core: the
    // worker does not wait for them, and a newer render cancels them.
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = cancel.clone();
    let (doc, for_thread) = (doc.to_string(), shared.clone());
    let shared = for_thread.clone();
    let handle = std::thread::Builder::new()
        .name("preview-words".into())
        .spawn(move || {
            let Ok(Some(words)) = running.words(&cancel) else {
                return;
            };
            let mut s = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(d) = s.docs.get_mut(&doc)
                && d.source == hash
            {
                d.words = Some(Arc::new(words));
            }
            drop(s);
            shared.changed.send_modify(|n| *n += 1);
        })
        .context("cannot start a thread")?;
    for_thread
        .words_jobs
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push((flag, handle));
    Ok(())
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

/// The words of every page of a PDF (`pdftotext -bbox`), None when
/// pdftotext is not there.
pub fn pdf_words(pdf: &Path) -> Result<Vec<Vec<Word>>> {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .context("cannot run pdftotext (poppler-utils)")?;
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

/// Running typst for the pages.
mod compile {
    use super::{Layouts, Word, pdf_words};
    use crate::model::Document;
    use crate::writer::pdf::{Typst, find_font_files};
    use anyhow::{Context, Result, bail};
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Both compilations under way in one private folder.
    pub struct Running {
        dir: PathBuf,
        svg: Option<Child>,
        pdf: Option<Child>,
    }

    fn spawn(
        typst: &Typst,
        dir: &Path,
        fonts: &Path,
        timestamp: i64,
        format: &str,
        out: &str,
    ) -> Result<Child> {
        let log = std::fs::File::create(dir.join(format!("{format}.log")))?;
        Command::new(&typst.path)
            .current_dir(dir)
            .arg("compile")
            .arg("--root")
            .arg(dir)
            .arg("--ignore-system-fonts")
            .arg("--ignore-embedded-fonts")
            .arg("--font-path")
            .arg(fonts)
            .arg("--creation-timestamp")
            .arg(timestamp.to_string())
            .arg("--diagnostic-format")
            .arg("short")
            .arg("--format")
            .arg(format)
            .arg("main.typ")
            .arg(out)
            .env_remove("TYPST_FONT_PATHS")
            .env_remove("TYPST_ROOT")
            .env_remove("SOURCE_DATE_EPOCH")
            .env("TYPST_PACKAGE_PATH", dir.join("packages"))
            .env("TYPST_PACKAGE_CACHE_PATH", dir.join("packages"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot run {}", typst.path.display()))
    }

    pub fn start(source: &str, model: &Document, layouts: &Layouts) -> Result<Running> {
        let typst = Typst::locate()?;
        let fonts = find_font_files(&layouts.style)?;
        let dir = std::env::temp_dir().join(format!(
            "meetdoc-preview-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir(&dir)?;
        let mut r = Running {
            dir: dir.clone(),
            svg: None,
            pdf: None,
        };
        std::fs::write(dir.join("main.typ"), source)?;
        std::fs::create_dir(dir.join("packages"))?;
        let font_dir = match &fonts.folder {
            Some(f) => f.clone(),
            None => {
                let fd = dir.join("fonts");
                std::fs::create_dir(&fd)?;
                for f in &fonts.files {
                    std::os::unix::fs::symlink(f, fd.join(f.file_name().context("font")?))?;
                }
                fd
            }
        };
        let ts = model.meta.date.unix_seconds();
        r.svg = Some(spawn(&typst, &dir, &font_dir, ts, "svg", "page-{p}.svg")?);
        r.pdf = Some(spawn(&typst, &dir, &font_dir, ts, "pdf", "out.pdf")?);
        Ok(r)
    }

    impl Running {
        /// Waits for the SVG pages.
        pub fn svg(&mut self) -> Result<Vec<Vec<u8>>> {
            let mut child = self.svg.take().context("typst did not start")?;
            if !child.wait()?.success() {
                let log = std::fs::read_to_string(self.dir.join("svg.log")).unwrap_or_default();
                bail!("typst failed: {}", log.trim_end());
            }
            let mut pages = Vec::new();
            for p in 1.. {
                match std::fs::read(self.dir.join(format!("page-{p}.svg"))) {
                    Ok(b) => pages.push(b),
                    Err(_) => break,
                }
            }
            Ok(pages)
        }

        /// Waits for the PDF and reads its words; None when `cancel` is
        /// set first (typst is stopped).
        pub fn words(&mut self, cancel: &AtomicBool) -> Result<Option<Vec<Vec<Word>>>> {
            let child = self.pdf.as_mut().context("typst did not start")?;
            let status = loop {
                if cancel.load(Ordering::Relaxed) {
                    return Ok(None);
                }
                if let Some(status) = child.try_wait()? {
                    break status;
                }
                std::thread::sleep(std::time::Duration::from_millis(3));
            };
            self.pdf = None;
            if !status.success() {
                bail!("typst failed");
            }
            pdf_words(&self.dir.join("out.pdf")).map(Some)
        }
    }

    impl Drop for Running {
        fn drop(&mut self) {
            for mut c in [self.svg.take(), self.pdf.take()].into_iter().flatten() {
                let _ = c.kill();
                let _ = c.wait();
            }
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
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
