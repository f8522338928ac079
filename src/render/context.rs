//! The render context: everything a build needs besides its data, decided
//! once by the front end and passed down. Nothing below it reads the
//! environment or a global: the layouts, how many documents render at
//! once, where typst and the fonts are, and where build folders, kept
//! sources and cached files go are all here.
//!
//! `meetdoc build` makes one for its one build; `watch` (and an editor)
//! keep one for their lifetime, so typst's version and the font files are
//! looked up once. A test can make one with [`Settings`] of its own.

use crate::errors::ToolFailure;
use crate::labels::{LABELS_FILE, Labels};
use crate::layouts::{BUILT_IN_REFERENCE, LayoutSource, STYLE_FILE, built_in};
use crate::reference::REFERENCE_FILE;
use crate::style::{Fonts, Style};
use crate::writer::pdf::{BuildPlace, CompileJob, FontSet, Typst, TypstLookup, system_font_dirs};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// Where the layouts (templates and style spec) come from, and the style
/// spec.
#[derive(Debug, Clone)]
pub struct Layouts {
    pub source: LayoutSource,
    pub style: Style,
}

impl Layouts {
    /// The style spec (`style.json` and the Word styles of
    /// `reference.docx`) and its labels, from the built-in layouts or from a
    /// folder (which replaces them as a whole: see [`crate::layouts`]).
    pub fn load(source: &LayoutSource) -> Result<Layouts> {
        let style = match source {
            LayoutSource::Folder(dir) => Style::load(&dir.join(STYLE_FILE)).map_err(|e| {
                if [STYLE_FILE, LABELS_FILE, REFERENCE_FILE]
                    .iter()
                    .any(|f| !dir.join(f).is_file())
                {
                    e.context(format!(
                        "{} is not a complete layouts folder (a folder replaces the built-in \
                         layouts as a whole: meetdoc layouts DIR writes every file)",
                        dir.display()
                    ))
                } else {
                    e
                }
            })?,
            LayoutSource::BuiltIn => {
                let text = |name| built_in(name).expect("a built-in layout file");
                let mut style = Style::from_files(
                    text(STYLE_FILE),
                    &source.name_of(STYLE_FILE),
                    BUILT_IN_REFERENCE,
                    &source.name_of(REFERENCE_FILE),
                )?;
                style.labels = Labels::from_json(text(LABELS_FILE), &source.name_of(LABELS_FILE))?;
                style
            }
        };
        Ok(Layouts {
            source: source.clone(),
            style,
        })
    }
}

/// What the environment decides, read once by the front end
/// ([`Settings::from_env`]) or given by a test.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Where typst is looked for (`TYPST`, `PATH`, `~/.cargo/bin`).
    pub typst: TypstLookup,
    /// The font folders searched, in order (`MEETDOC_FONT_DIRS`, then the
    /// system's).
    pub font_dirs: Vec<PathBuf>,
    /// meetdoc's cache folder (`$XDG_CACHE_HOME/meetdoc`, else
    /// `~/.cache/meetdoc`): the typst version, where the fonts are, folders
    /// of font links. None: nothing is kept.
    pub cache_dir: Option<PathBuf>,
    /// Where build folders are made (`TMPDIR`, else `/tmp`).
    pub temp_dir: PathBuf,
    /// Where each document's build folder is also kept (`MEETDOC_KEEP_TYP`).
    pub keep_dir: Option<PathBuf>,
    /// How many documents render at once (at least 1).
    pub jobs: usize,
    /// An archival standard for every PDF (`--pdf-standard`), which wins
    /// over a set's and the layout's (see `style::PdfSettings`).
    pub pdf_standard: Option<crate::style::PdfStandard>,
}

impl Settings {
    /// From the environment: the one place meetdoc reads it. `jobs` is
    /// `--jobs` (None or 0: one per core).
    pub fn from_env(jobs: Option<usize>) -> Settings {
        let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        let home = var("HOME").map(PathBuf::from);
        let mut candidates: Vec<PathBuf> = var("PATH")
            .map(|p| std::env::split_paths(&p).map(|d| d.join("typst")).collect())
            .unwrap_or_default();
        if let Some(home) = &home {
            candidates.push(home.join(".cargo/bin/typst"));
        }
        let mut font_dirs: Vec<PathBuf> = var("MEETDOC_FONT_DIRS")
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        font_dirs.extend(system_font_dirs(home.as_deref()));
        let cache_dir = var("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".cache")))
            .map(|d| d.join("meetdoc"));
        Settings {
            typst: TypstLookup {
                explicit: var("TYPST").map(PathBuf::from),
                candidates,
            },
            font_dirs,
            cache_dir,
            temp_dir: std::env::temp_dir(),
            keep_dir: var("MEETDOC_KEEP_TYP").map(PathBuf::from),
            jobs: workers(jobs),
            pdf_standard: None,
        }
    }
}

/// `--jobs`: None or 0 is one per core.
pub fn workers(jobs: Option<usize>) -> usize {
    match jobs {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2),
    }
}

/// One context per front end (see the module's documentation).
#[derive(Debug)]
pub struct RenderContext {
    layout_source: LayoutSource,
    layouts: RwLock<Option<Arc<Layouts>>>,
    settings: Settings,
    place: BuildPlace,
    /// typst, once located (a failure is not kept: it may be installed
    /// while `watch` runs).
    typst: Mutex<Option<Typst>>,
    /// The font files, once found for a style's fonts.
    fonts: Mutex<Option<(Fonts, Arc<FontSet>)>>,
}

impl RenderContext {
    /// `layouts`: [`LayoutSource::BuiltIn`], or a folder (a path).
    pub fn new(layouts: impl Into<LayoutSource>, settings: Settings) -> RenderContext {
        let place = BuildPlace::new(settings.temp_dir.clone(), settings.keep_dir.clone());
        RenderContext {
            layout_source: layouts.into(),
            layouts: RwLock::new(None),
            settings,
            place,
            typst: Mutex::new(None),
            fonts: Mutex::new(None),
        }
    }

    /// The context of a command line run: [`Settings::from_env`].
    pub fn from_env(layouts: impl Into<LayoutSource>, jobs: Option<usize>) -> RenderContext {
        RenderContext::new(layouts, Settings::from_env(jobs))
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Where the layouts come from.
    pub fn layout_source(&self) -> &LayoutSource {
        &self.layout_source
    }

    /// The layouts folder, when one replaces the built-in layouts.
    pub fn layouts_dir(&self) -> Option<&Path> {
        self.layout_source.folder()
    }

    /// How many documents render at once.
    pub fn jobs(&self) -> usize {
        self.settings.jobs.max(1)
    }

    /// Where build folders are made, and this process's build folders.
    pub fn place(&self) -> &BuildPlace {
        &self.place
    }

    /// The layouts, read on first use.
    pub fn layouts(&self) -> Result<Arc<Layouts>> {
        if let Some(l) = &*self.layouts.read().unwrap_or_else(PoisonError::into_inner) {
            return Ok(l.clone());
        }
        self.reload_layouts()
    }

    /// Reads the layouts again (`watch`, after they changed).
    pub fn reload_layouts(&self) -> Result<Arc<Layouts>> {
        let mut l = Layouts::load(&self.layout_source)?;
        l.style.pdf.command_line = self.settings.pdf_standard;
        let l = Arc::new(l);
        *self.layouts.write().unwrap_or_else(PoisonError::into_inner) = Some(l.clone());
        Ok(l)
    }

    /// typst, located on first use; missing or unusable is a
    /// [`ToolFailure`].
    pub fn typst(&self) -> Result<Typst> {
        let mut typst = self.typst.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(t) = &*typst {
            return Ok(t.clone());
        }
        let t = Typst::locate(&self.settings.typst, self.settings.cache_dir.as_deref())
            .map_err(ToolFailure)?;
        *typst = Some(t.clone());
        Ok(t)
    }

    /// The font files of `style`, found on first use (again when the
    /// style's fonts change); a missing one is a [`ToolFailure`].
    pub fn fonts(&self, style: &Style) -> Result<Arc<FontSet>> {
        let mut fonts = self.fonts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((f, set)) = &*fonts
            && *f == style.fonts
        {
            return Ok(set.clone());
        }
        let set = Arc::new(
            FontSet::find(
                &style.fonts,
                &self.settings.font_dirs,
                self.settings.cache_dir.as_deref(),
            )
            .map_err(ToolFailure)?,
        );
        *fonts = Some((style.fonts.clone(), set.clone()));
        Ok(set)
    }

    /// On SIGINT, SIGTERM or SIGHUP: stop every typst process, remove
    /// every build folder, and exit with 128 + the signal's number (see
    /// [`crate::writer::pdf::Builds::interrupt`]). For the front end.
    ///
    /// signal-hook runs the handler on a thread of its own: the cleaning
    /// up (locking, killing, removing folders) cannot be done inside a
    /// signal handler, and unlike `ctrlc` it tells which signal came, for
    /// the exit code.
    pub fn handle_signals(&self) -> Result<()> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            .context("cannot handle signals")?;
        let builds = self.place.builds.clone();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    builds.interrupt(signal);
                }
            })
            .context("cannot handle signals")?;
        Ok(())
    }

    /// Runs `f` (writing outputs) to its end even if a signal comes
    /// meanwhile; the signal is handled after. `f` must not start or end
    /// a build.
    pub fn uninterrupted<T>(&self, f: impl FnOnce() -> T) -> T {
        self.place.builds.uninterrupted(f)
    }

    /// Compiles one document's Typst source to PDF bytes, with the fonts
    /// it needs.
    pub fn compile_one(&self, job: &CompileJob) -> Result<Vec<u8>> {
        Ok(self.compile_many(std::slice::from_ref(job))?.remove(0))
    }

    /// Compiles every job concurrently (all typst processes are started,
    /// then awaited). Returns the PDFs in job order; the first failure is
    /// an error naming the job and carrying typst's diagnostics.
    pub fn compile_many(&self, jobs: &[CompileJob]) -> Result<Vec<Vec<u8>>> {
        let typst = self.typst()?;
        let style = &self.layouts()?.style;
        let fonts = self.fonts(style)?;
        // Start all, then wait for all (even after a failure, so no build
        // folder is removed under a running process).
        let started: Vec<Result<_>> = jobs
            .iter()
            .map(|j| typst.start(j, &fonts.choose(&j.source, &self.place), &self.place))
            .collect();
        let results: Vec<Result<Vec<u8>>> = started
            .into_iter()
            .map(|r| r.and_then(|r| r.wait()))
            .collect();
        results.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_context_can_serve_many_threads() {
        // An editor serving requests on several threads shares one context.
        fn shared<T: Send + Sync>() {}
        shared::<RenderContext>();
    }

    #[test]
    fn the_built_in_layouts_load() {
        let l = Layouts::load(&LayoutSource::BuiltIn).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts");
        let from_folder = Layouts::load(&LayoutSource::Folder(dir)).unwrap();
        assert_eq!(l.style, from_folder.style);
    }

    #[test]
    fn jobs_are_as_asked_else_one_per_core() {
        let cores = std::thread::available_parallelism().unwrap().get();
        assert_eq!(workers(Some(3)), 3);
        assert_eq!(workers(Some(0)), cores);
        assert_eq!(workers(None), cores);
    }
}
