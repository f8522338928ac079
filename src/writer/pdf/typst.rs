//! Finding and running the `typst` binary.
//!
//! Each compilation gets a private build folder (a fresh temporary
//! directory, removed afterwards) holding `main.typ`, a `fonts/` folder with
//! links to exactly the font files of the style spec, and empty package
//! folders: typst sees nothing else (`--root` is the build folder,
//! `--ignore-system-fonts`, `--ignore-embedded-fonts`, no network
//! packages).

use super::coverage;
use super::fonts::{FontFiles, find_font_files};
use crate::style::Style;
use anyhow::{Context, Result, anyhow, bail};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

const HOW_TO_GET_TYPST: &str =
    "run make, or: cargo install typst-cli --locked --version 0.15.1, or set TYPST to its path";

/// A located `typst` binary of version 0.15.x.
#[derive(Debug, Clone, PartialEq)]
pub struct Typst {
    pub path: PathBuf,
    /// e.g. "typst 0.15.1 (...)".
    pub version: String,
}

/// One document to compile.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileJob {
    /// Names the job in errors (e.g. the output file name).
    pub name: String,
    /// The Typst source (from [`super::render_source`]).
    pub source: String,
    /// The creation date (`meta.date`).
    pub date: crate::values::Date,
    /// The PDF standards (`meta.pdf_standards`, typst's names).
    pub standards: Vec<String>,
}

impl Typst {
    /// The `TYPST` environment variable, then `typst` on `PATH`, then
    /// `~/.cargo/bin/typst`; the version must be 0.15.x.
    pub fn locate() -> Result<Typst> {
        if let Some(p) = std::env::var_os("TYPST").filter(|p| !p.is_empty()) {
            return Typst::at(Path::new(&p)).with_context(|| {
                format!(
                    "TYPST={} is not a working typst 0.15.x: {HOW_TO_GET_TYPST}",
                    p.to_string_lossy()
                )
            });
        }
        let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).map(|d| d.join("typst")).collect())
            .unwrap_or_default();
        if let Some(home) = std::env::var_os("HOME") {
            candidates.push(Path::new(&home).join(".cargo/bin/typst"));
        }
        let mut wrong = None;
        for c in candidates.iter().filter(|c| c.is_file()) {
            match Typst::at(c) {
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
    /// of compiling the seed set), so the answer is remembered in
    /// `~/.cache/meetdoc/typst-version` (`$XDG_CACHE_HOME`), keyed by the
    /// binary's path, size, modification time and inode: the same binary is
    /// asked once.
    pub fn at(path: &Path) -> Result<Typst> {
        let cache = version_cache();
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

    /// Compiles one document to PDF bytes.
    pub fn compile_one(&self, job: &CompileJob, style: &Style) -> Result<Vec<u8>> {
        self.start(job, style)?.wait()
    }

    /// Compiles every job concurrently (all typst processes are started,
    /// then awaited), each in its own build folder. Returns the PDFs in job
    /// order; the first failure is an error naming the job and carrying
    /// typst's diagnostics.
    pub fn compile_many(&self, jobs: &[CompileJob], style: &Style) -> Result<Vec<Vec<u8>>> {
        // Start all, then wait for all (even after a failure, so no build
        // folder is removed under a running process).
        let started: Vec<Result<Running>> = jobs.iter().map(|j| self.start(j, style)).collect();
        let results: Vec<Result<Vec<u8>>> = started
            .into_iter()
            .map(|r| r.and_then(Running::wait))
            .collect();
        results.into_iter().collect()
    }

    /// Starts typst on one job in its own build folder and returns at once;
    /// [`Running::wait`] gives the PDF. While typst runs, every character
    /// no font has is reported on stderr (see [`super::coverage`]); the
    /// build goes on.
    pub fn start(&self, job: &CompileJob, style: &Style) -> Result<Running> {
        let fonts = find_font_files(style)?;
        let timestamp = job.date.unix_seconds();
        let dir = BuildDir::new()?;
        dir.prepare(job, &fonts)
            .with_context(|| format!("{}: cannot prepare the build folder", job.name))?;
        if let Some(keep) = std::env::var_os("MEETDOC_KEEP_TYP").filter(|k| !k.is_empty()) {
            keep_build(Path::new(&keep), job, &fonts, timestamp)
                .with_context(|| format!("{}: cannot keep the typst source", job.name))?;
        }
        let font_path = fonts
            .folder
            .clone()
            .unwrap_or_else(|| dir.path.join("fonts"));
        let mut warnings = coverage_warnings(std::slice::from_ref(job), &fonts);
        let standards = standards_for(&job.standards, warnings.is_empty());
        if standards.len() < job.standards.len() {
            warnings.push(format!(
                "warning: {}: not made PDF/UA-1, which a character without a font breaks: \
                 viewers show its file name, not its title",
                job.name
            ));
        }
        let child = self.spawn(&dir.path, &font_path, timestamp, &standards);
        for warning in warnings {
            eprintln!("{warning}");
        }
        Ok(Running {
            name: job.name.clone(),
            dir,
            child,
        })
    }

    fn spawn(
        &self,
        dir: &Path,
        font_path: &Path,
        timestamp: i64,
        standards: &[String],
    ) -> Result<Child> {
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
            .arg("main.typ")
            .arg("out.pdf")
            .env_remove("TYPST_FONT_PATHS")
            .env_remove("TYPST_ROOT")
            .env_remove("SOURCE_DATE_EPOCH")
            .env("TYPST_PACKAGE_PATH", dir.join("packages"))
            .env("TYPST_PACKAGE_CACHE_PATH", dir.join("packages"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        cmd.spawn()
            .with_context(|| format!("cannot run {}", self.path.display()))
    }
}

/// The standards to compile a job to: PDF/UA-1 requires a glyph for every
/// character, so a document with a character no font has is made without
/// it (and warned of), unless it is also archival (PDF/A requires it too:
/// typst then fails, saying which character).
fn standards_for(standards: &[String], every_char_has_a_font: bool) -> Vec<String> {
    let archival = standards.iter().any(|s| s.starts_with("a-"));
    standards
        .iter()
        .filter(|s| every_char_has_a_font || archival || *s != "ua-1")
        .cloned()
        .collect()
}

/// A warning for each character of each job that no font file has.
pub fn coverage_warnings(jobs: &[CompileJob], fonts: &FontFiles) -> Vec<String> {
    let all: std::collections::BTreeSet<char> = jobs
        .iter()
        .flat_map(|j| coverage::needed(&j.source))
        .collect();
    let missing = coverage::not_covered(&all, &fonts.files);
    if missing.is_empty() {
        return Vec::new();
    }
    jobs.iter()
        .flat_map(|j| {
            coverage::locate(&j.source, &missing)
                .into_iter()
                .map(|u| u.warning(&j.name))
        })
        .collect()
}

/// Where [`Typst::at`] remembers the version of the binary it last asked.
fn version_cache() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => Path::new(&std::env::var_os("HOME")?).join(".cache"),
    };
    Some(base.join("meetdoc/typst-version"))
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
            .and_then(|mut c| Ok(c.wait()?))
            .with_context(|| format!("{name}: typst did not run"))?;
        let log = std::fs::read_to_string(dir.path.join("typst.log")).unwrap_or_default();
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
}

/// `MEETDOC_KEEP_TYP=DIR` (for the benchmark): also writes the exact build
/// folder typst gets into `DIR/<job name without .pdf>/` (`main.typ`,
/// `fonts/`, `packages/`) and the `--creation-timestamp` value into
/// `creation-timestamp`, so `typst compile` can be run alone on it.
fn keep_build(base: &Path, job: &CompileJob, fonts: &FontFiles, timestamp: i64) -> Result<()> {
    let stem = job.name.strip_suffix(".pdf").unwrap_or(&job.name);
    let dir = base.join(stem);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    // The kept folder links its own fonts, so it stands alone.
    let own = FontFiles {
        folder: None,
        ..fonts.clone()
    };
    prepare(&dir, job, &own)?;
    std::fs::write(dir.join("creation-timestamp"), format!("{timestamp}\n"))?;
    std::fs::write(
        dir.join("pdf-standard"),
        format!("{}\n", job.standards.join(",")),
    )?;
    Ok(())
}

/// A fresh temporary folder, removed on drop.
struct BuildDir {
    path: PathBuf,
}

impl BuildDir {
    fn new() -> Result<BuildDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        for _ in 0..100 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let path = base.join(format!(
                "meetdoc-pdf-{}-{}-{nanos:x}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(BuildDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", path.display()));
                }
            }
        }
        bail!("cannot create a build folder in {}", base.display())
    }

    fn prepare(&self, job: &CompileJob, fonts: &FontFiles) -> Result<()> {
        prepare(&self.path, job, fonts)
    }
}

/// Fills a build folder: `main.typ`, `packages/` (empty) and, unless the
/// fonts have a kept folder, `fonts/` (links to exactly the style's font
/// files).
fn prepare(dir: &Path, job: &CompileJob, fonts: &FontFiles) -> Result<()> {
    std::fs::write(dir.join("main.typ"), &job.source)?;
    std::fs::create_dir(dir.join("packages"))?;
    if fonts.folder.is_some() {
        return Ok(());
    }
    let font_dir = dir.join("fonts");
    std::fs::create_dir(&font_dir)?;
    for file in &fonts.files {
        let name = file.file_name().context("font file without a name")?;
        std::os::unix::fs::symlink(file, font_dir.join(name))
            .with_context(|| format!("cannot link {}", file.display()))?;
    }
    Ok(())
}

impl Drop for BuildDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
