//! Finding and running the `typst` binary.
//!
//! Each compilation gets a private build folder (see [`super::build_dir`])
//! holding an empty package folder; typst reads the source from its
//! standard input and is pointed at a folder of links to exactly the font
//! files chosen for the document (see [`super::fonts`]): it sees nothing
//! else (`--root` is the build folder, `--ignore-system-fonts`,
//! `--ignore-embedded-fonts`, no network packages).

use super::build_dir::{BuildDir, BuildPlace};
use super::fonts::FontChoice;
use crate::values::Date;
use anyhow::{Context, Result, anyhow, bail};
use std::fs::File;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const HOW_TO_GET_TYPST: &str =
    "run make, or: cargo install typst-cli --locked --version 0.15.1, or set TYPST to its path";

/// A located `typst` binary of version 0.15.x.
#[derive(Debug, Clone, PartialEq)]
pub struct Typst {
    pub path: PathBuf,
    /// e.g. "typst 0.15.1 (...)".
    pub version: String,
}

/// Where to look for typst; decided by the front end (from `TYPST`,
/// `PATH` and the home folder).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypstLookup {
    /// `TYPST`: this binary, and no other.
    pub explicit: Option<PathBuf>,
    /// Otherwise the first of these that is typst 0.15.x (`typst` in each
    /// folder of `PATH`, then `~/.cargo/bin/typst`).
    pub candidates: Vec<PathBuf>,
}

/// What typst writes: the PDF, or one SVG image per page (the editor's
/// live pages, `meetdoc serve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Pdf,
    SvgPages,
}

impl Output {
    /// typst's arguments after the input: the format and the output file.
    fn args(self) -> &'static [&'static str] {
        match self {
            Output::Pdf => &["out.pdf"],
            Output::SvgPages => &["--format", "svg", "page-{p}.svg"],
        }
    }
}

/// One document to compile.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileJob {
    /// Names the job in errors (e.g. the output file name).
    pub name: String,
    /// The Typst source (from [`super::render_source`]).
    pub source: String,
    /// The creation date (`meta.date`).
    pub date: Date,
    /// The PDF standards (`meta.pdf_standards`, typst's names).
    pub standards: Vec<String>,
}

impl Typst {
    /// The binary of `lookup.explicit` (`TYPST`), else the first of
    /// `lookup.candidates` that is typst 0.15.x.
    pub fn locate(lookup: &TypstLookup, cache_dir: Option<&Path>) -> Result<Typst> {
        if let Some(p) = &lookup.explicit {
            return Typst::at(p, cache_dir).with_context(|| {
                format!(
                    "TYPST={} is not a working typst 0.15.x: {HOW_TO_GET_TYPST}",
                    p.display()
                )
            });
        }
        let mut wrong = None;
        for c in lookup.candidates.iter().filter(|c| c.is_file()) {
            match Typst::at(c, cache_dir) {
                Ok(t) => return Ok(t),
                Err(e) => wrong = wrong.or(Some(e)),
            }
        }
        match wrong {
            Some(e) => Err(e.context(format!("no typst 0.15.x found: {HOW_TO_GET_TYPST}"))),
            None => bail!("typst is not installed: {HOW_TO_GET_TYPST}"),
        }
    }

    /// The typst binary at `path`, if it runs and is version 0.15.x.
    ///
    /// Running `typst --version` costs a process start (about 4 ms, a tenth
    /// of compiling the seed set), so the answer is remembered in the cache
    /// folder (`typst-version`), keyed by the binary's path, size,
    /// modification time and inode: the same binary is asked once.
    pub fn at(path: &Path, cache_dir: Option<&Path>) -> Result<Typst> {
        let cache = cache_dir.map(|d| d.join("typst-version"));
        let key = binary_key(path);
        if let (Some(cache), Some(key)) = (&cache, &key)
            && let Ok(text) = std::fs::read_to_string(cache)
            && let Some((k, version)) = text.trim_end().split_once('\n')
            && k == key
            && version.starts_with("typst 0.15.")
        {
            return Ok(Typst {
                path: path.to_path_buf(),
                version: version.to_string(),
            });
        }
        let typst = Typst::ask(path)?;
        if let (Some(cache), Some(key)) = (cache, key) {
            // Only saves time: errors are ignored.
            let _ = std::fs::create_dir_all(cache.parent().unwrap_or(Path::new("/")));
            let tmp = cache.with_extension(format!("{}.tmp", std::process::id()));
            if std::fs::write(&tmp, format!("{key}\n{}\n", typst.version)).is_ok() {
                let _ = std::fs::rename(&tmp, &cache);
            }
        }
        Ok(typst)
    }

    /// Runs `typst --version`.
    fn ask(path: &Path) -> Result<Typst> {
        let out = Command::new(path)
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("cannot run {}", path.display()))?;
        let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || !version.starts_with("typst 0.15.") {
            bail!(
                "{} reports version {version:?}, expected typst 0.15.x",
                path.display()
            );
        }
        Ok(Typst {
            path: path.to_path_buf(),
            version,
        })
    }

    /// Starts typst on one job in its own build folder, with the fonts
    /// chosen for it, and returns at once; [`Running::wait`] gives the PDF.
    /// Every character of the job that no font has is reported on stderr
    /// (see [`super::coverage`]); the build goes on.
    pub fn start(
        &self,
        job: &CompileJob,
        fonts: &FontChoice,
        place: &BuildPlace,
    ) -> Result<Running> {
        self.start_as(job, fonts, place, Output::Pdf)
    }

    /// [`Typst::start`], writing `output`: [`Running::wait_pages`] gives
    /// the SVG pages (PDF standards are for the PDF only).
    pub fn start_as(
        &self,
        job: &CompileJob,
        fonts: &FontChoice,
        place: &BuildPlace,
        output: Output,
    ) -> Result<Running> {
        let standards = match output {
            Output::Pdf => standards_for(&job.standards, fonts),
            Output::SvgPages => Vec::new(),
        };
        self.start_early_as(&job.name, job.date, &standards, fonts, place, output)?
            .feed(job, fonts, place)
    }

    /// Starts typst for a document that is not laid out yet: it reads its
    /// source from its standard input (`typst compile -`), which it does
    /// before anything else, so its start-up (a large binary: a few
    /// milliseconds) overlaps the laying out. It is handed `fonts` (the
    /// body family's: all most documents need); [`Waiting::feed`] starts it
    /// again when the document needs others.
    pub fn start_early(
        &self,
        name: &str,
        date: Date,
        standards: &[String],
        fonts: &FontChoice,
        place: &BuildPlace,
    ) -> Result<Waiting> {
        self.start_early_as(name, date, standards, fonts, place, Output::Pdf)
    }

    fn start_early_as(
        &self,
        name: &str,
        date: Date,
        standards: &[String],
        fonts: &FontChoice,
        place: &BuildPlace,
        output: Output,
    ) -> Result<Waiting> {
        let timestamp = date.unix_seconds();
        let dir = BuildDir::new(place)?;
        let font_path = fill(&dir.path, fonts)
            .with_context(|| format!("{name}: cannot prepare the build folder"))?;
        let child = self.spawn(&dir, &font_path, timestamp, standards, output);
        Ok(Waiting {
            typst: self.clone(),
            name: name.to_string(),
            dir: Some(dir),
            child: Some(child),
            fonts: fonts.files.clone(),
            standards: standards.to_vec(),
            timestamp,
            output,
        })
    }

    fn spawn(
        &self,
        build: &BuildDir,
        font_path: &Path,
        timestamp: i64,
        standards: &[String],
        output: Output,
    ) -> Result<Child> {
        let dir = &build.path;
        let log = File::create(dir.join("typst.log"))?;
        let mut cmd = Command::new(&self.path);
        cmd.current_dir(dir)
            .arg("compile")
            .arg("--root")
            .arg(dir)
            .arg("--ignore-system-fonts")
            .arg("--ignore-embedded-fonts")
            .arg("--font-path")
            .arg(font_path)
            .arg("--creation-timestamp")
            .arg(timestamp.to_string())
            .arg("--diagnostic-format")
            .arg("short")
            .args(
                (!standards.is_empty())
                    .then(|| ["--pdf-standard".to_string(), standards.join(",")])
                    .into_iter()
                    .flatten(),
            )
            .arg("-")
            .args(output.args())
            .env_remove("TYPST_FONT_PATHS")
            .env_remove("TYPST_ROOT")
            .env_remove("SOURCE_DATE_EPOCH")
            .env("TYPST_PACKAGE_PATH", dir.join("packages"))
            .env("TYPST_PACKAGE_CACHE_PATH", dir.join("packages"))
            .stdin(Stdio::piped())
            .stdout(log.try_clone()?)
            .stderr(log)
            // Its own process group: a Ctrl-C at the terminal reaches
            // meetdoc alone, which stops typst and removes the folder.
            .process_group(0);
        build
            .spawn(&mut cmd)
            .with_context(|| format!("cannot run {}", self.path.display()))
    }
}

/// The standards to compile a job to: PDF/UA-1 requires a glyph for every
/// character, so a document with a character no font has is made without
/// it (and warned of), unless it is also archival (PDF/A requires it too:
/// typst then fails, saying which character).
fn standards_for(standards: &[String], fonts: &FontChoice) -> Vec<String> {
    let archival = standards.iter().any(|s| s.starts_with("a-"));
    standards
        .iter()
        .filter(|s| fonts.uncovered.is_empty() || archival || *s != "ua-1")
        .cloned()
        .collect()
}

/// Identifies a binary without running it: canonical path, size,
/// modification time (ns) and inode.
fn binary_key(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let path = std::fs::canonicalize(path).ok()?;
    let m = std::fs::metadata(&path).ok()?;
    Some(format!(
        "{} {} {}.{} {}",
        path.display(),
        m.len(),
        m.mtime(),
        m.mtime_nsec(),
        m.ino()
    ))
}

/// A typst process waiting for its source (see [`Typst::start_early`]);
/// stopped if dropped.
pub struct Waiting {
    typst: Typst,
    name: String,
    /// Both taken by [`Waiting::feed`].
    dir: Option<BuildDir>,
    child: Option<Result<Child>>,
    /// The font files it was handed.
    fonts: Vec<PathBuf>,
    /// The PDF standards it was started with.
    standards: Vec<String>,
    timestamp: i64,
    output: Output,
}

impl Waiting {
    /// Hands typst the job's source and returns at once; [`Running::wait`]
    /// gives the PDF. If the job needs other fonts than typst was started
    /// with, typst is started again with those.
    pub fn feed(
        mut self,
        job: &CompileJob,
        fonts: &FontChoice,
        place: &BuildPlace,
    ) -> Result<Running> {
        let standards = match self.output {
            Output::Pdf => standards_for(&job.standards, fonts),
            Output::SvgPages => Vec::new(),
        };
        if fonts.files != self.fonts || standards != self.standards {
            let (typst, output) = (self.typst.clone(), self.output);
            self.cancel();
            return typst.start_as(job, fonts, place, output);
        }
        if let Some(keep) = &place.keep_dir {
            keep_build(keep, job, fonts, self.timestamp, &self.standards)
                .with_context(|| format!("{}: cannot keep the typst source", job.name))?;
        }
        let (Some(dir), Some(mut child)) = (self.dir.take(), self.child.take()) else {
            bail!("{}: typst was handed its source twice", self.name);
        };
        if let Ok(c) = &mut child
            && let Some(mut input) = c.stdin.take()
        {
            // typst reads its whole input before it does anything else. A
            // failed write means it stopped; waiting for it tells why.
            let _ = input.write_all(job.source.as_bytes());
        }
        for u in &fonts.uncovered {
            eprintln!("{}", u.warning(&job.name));
        }
        if self.standards.len() < job.standards.len() {
            eprintln!(
                "warning: {}: not made PDF/UA-1, which a character without a font breaks: \
                 viewers show its file name, not its title",
                job.name
            );
        }
        Ok(Running {
            name: self.name.clone(),
            dir,
            child,
        })
    }

    /// Stops typst (the document's PDF is not needed after all).
    pub fn cancel(self) {
        drop(self)
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if let (Some(dir), Some(Ok(mut c))) = (self.dir.take(), self.child.take()) {
            let _ = c.kill();
            let _ = dir.wait(&mut c);
        }
    }
}

/// A typst process under way; its build folder goes when it is done.
pub struct Running {
    name: String,
    dir: BuildDir,
    child: Result<Child>,
}

impl Running {
    /// Waits for typst and returns the PDF, or an error naming the job and
    /// carrying typst's diagnostics.
    pub fn wait(self) -> Result<Vec<u8>> {
        let Running { name, dir, child } = self;
        let status = child
            .and_then(|mut c| Ok(dir.wait(&mut c)?))
            .with_context(|| format!("{name}: typst did not run"))?;
        pdf_of(&name, &dir, status)
    }

    /// [`Running::wait`], unless `stop` says the PDF is not needed any more
    /// first (asked every few milliseconds): then typst is stopped and the
    /// answer is None.
    pub fn wait_unless(self, stop: &dyn Fn() -> bool) -> Result<Option<Vec<u8>>> {
        let Running { name, dir, child } = self;
        let mut child = child.with_context(|| format!("{name}: typst did not run"))?;
        let status = loop {
            if stop() {
                dir.kill(&mut child)
                    .with_context(|| format!("{name}: cannot stop typst"))?;
                return Ok(None);
            }
            match dir.try_wait(&mut child) {
                Ok(Some(status)) => break status,
                Ok(None) => std::thread::sleep(std::time::Duration::from_millis(3)),
                Err(e) => return Err(e).with_context(|| format!("{name}: typst did not run")),
            }
        };
        pdf_of(&name, &dir, status).map(Some)
    }

    /// Waits for typst started with [`Output::SvgPages`] and returns the
    /// pages, in order.
    pub fn wait_pages(self) -> Result<Vec<Vec<u8>>> {
        let Running { name, dir, child } = self;
        let status = child
            .and_then(|mut c| Ok(dir.wait(&mut c)?))
            .with_context(|| format!("{name}: typst did not run"))?;
        if !status.success() {
            let log = std::fs::read_to_string(dir.path.join("typst.log")).unwrap_or_default();
            bail!("{name}: typst failed ({status}): {}", log.trim_end());
        }
        let pages: Vec<Vec<u8>> = (1..)
            .map_while(|p| std::fs::read(dir.path.join(format!("page-{p}.svg"))).ok())
            .collect();
        anyhow::ensure!(!pages.is_empty(), "{name}: typst wrote no page");
        Ok(pages)
    }
}

/// The PDF typst wrote in `dir`, or why there is none.
fn pdf_of(name: &str, dir: &BuildDir, status: std::process::ExitStatus) -> Result<Vec<u8>> {
    // typst names its input <stdin>: the kept source is main.typ.
    let log = std::fs::read_to_string(dir.path.join("typst.log"))
        .unwrap_or_default()
        .replace("<stdin>", "main.typ");
    if !status.success() {
        return Err(anyhow!(
            "{}\n  (the line numbers are those of the generated Typst source: \
             set MEETDOC_KEEP_TYP=DIR to keep it in DIR)",
            log.trim_end()
        ))
        .with_context(|| format!("{name}: typst failed ({status})"));
    }
    std::fs::read(dir.path.join("out.pdf"))
        .with_context(|| format!("{name}: typst wrote no PDF; it said: {}", log.trim_end()))
}

/// `MEETDOC_KEEP_TYP=DIR` (for the benchmark): also writes the build
/// folder typst gets into `DIR/<job name without .pdf>/`, with the source
/// as `main.typ` and links to its fonts in `fonts/`, the
/// `--creation-timestamp` value into `creation-timestamp` and the
/// `--pdf-standard` value into `pdf-standard`, so `typst compile` can be
/// run alone on it.
fn keep_build(
    base: &Path,
    job: &CompileJob,
    fonts: &FontChoice,
    timestamp: i64,
    standards: &[String],
) -> Result<()> {
    let stem = job.name.strip_suffix(".pdf").unwrap_or(&job.name);
    let dir = base.join(stem);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    // The kept folder links its own fonts, so it stands alone.
    let own = FontChoice {
        folder: None,
        ..fonts.clone()
    };
    fill(&dir, &own)?;
    std::fs::write(dir.join("main.typ"), &job.source)?;
    std::fs::write(dir.join("creation-timestamp"), format!("{timestamp}\n"))?;
    std::fs::write(
        dir.join("pdf-standard"),
        format!("{}\n", standards.join(",")),
    )?;
    Ok(())
}

/// Fills a build folder: `packages/` (empty) and, unless the fonts have a
/// kept folder, `fonts/` (links to exactly the chosen font files). Returns
/// the folder of the fonts.
fn fill(dir: &Path, fonts: &FontChoice) -> Result<PathBuf> {
    std::fs::create_dir(dir.join("packages"))?;
    if let Some(folder) = &fonts.folder {
        return Ok(folder.clone());
    }
    let font_dir = dir.join("fonts");
    std::fs::create_dir(&font_dir)?;
    for file in &fonts.files {
        let name = file.file_name().context("font file without a name")?;
        std::os::unix::fs::symlink(file, font_dir.join(name))
            .with_context(|| format!("cannot link {}", file.display()))?;
    }
    Ok(font_dir)
}
