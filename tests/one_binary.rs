//! One binary that works anywhere (issue 14): a copy of the built meetdoc,
//! run from a folder outside the repository, starts a meeting (`new`),
//! checks, builds and bundles it, and writes out its built-in layouts to be
//! adapted, without the repository's `layouts/`, `schema/` or `data/`.
//!
//! How the tests make sure nothing is read from the repository:
//! - the binary must not hold the repository's path at all (its bytes are
//!   searched for it, as `strings` would);
//! - every run is of a copy of the binary in a temporary folder, with the
//!   working folder there too and the environment cleared (only `PATH`,
//!   for typst, `HOME` and a cache folder of the test's own);
//! - and, where the system allows a private mount namespace (`unshare -m
//!   --map-root-user`: Debian and most Linux systems), the repository's
//!   folder is hidden from meetdoc and typst by an empty tmpfs mounted over
//!   it, so any read of a file of the clone fails. Where the namespace is
//!   refused, the runs happen without it and the test says so on stderr
//!   (the first two checks still hold).

mod common;

use common::{docx_part, docx_text, edit_json, pdf_boxes, pdf_text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository (the source folder the binary was built from).
fn clone() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether a private mount namespace can hide the clone here (checked once,
/// by hiding it and looking for its Cargo.toml).
fn can_hide_clone() -> bool {
    static HIDE: OnceLock<bool> = OnceLock::new();
    *HIDE.get_or_init(|| {
        let ok = Command::new("unshare")
            .args(["-m", "--map-root-user", "sh", "-c"])
            .arg(r#"mount -t tmpfs none "$1" && test ! -e "$1/Cargo.toml""#)
            .arg("sh")
            .arg(clone())
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!(
                "note: this system refuses a private mount namespace (unshare -m --map-root-user): \
                 meetdoc runs with the repository visible; the binary is still checked for its path"
            );
        }
        ok
    })
}

/// A place outside the clone: a copy of the binary and a working folder.
struct Away {
    root: PathBuf,
    bin: PathBuf,
    work: PathBuf,
}

impl Away {
    fn new(name: &str) -> Away {
        let root = std::env::temp_dir().join(format!("meetdoc-away-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        assert!(
            !root.starts_with(clone()),
            "the temporary folder {} is inside the clone",
            root.display()
        );
        let (bin, work) = (root.join("bin/meetdoc"), root.join("work"));
        std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
        std::fs::create_dir_all(&work).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_meetdoc"), &bin).unwrap();
        Away { root, bin, work }
    }

    /// Runs the copy in the working folder, the clone hidden if possible.
    fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    /// [`Away::run`] with some environment variables.
    fn run_env(&self, args: &[&str], env: &[(&str, &Path)]) -> Output {
        let mut cmd = if can_hide_clone() {
            let mut c = Command::new("unshare");
            c.args(["-m", "--map-root-user", "sh", "-c"])
                .arg(r#"mount -t tmpfs none "$1" && cd "$2" && shift 2 && exec "$@""#)
                .arg("sh")
                .arg(clone())
                .arg(&self.work)
                .arg(&self.bin);
            c
        } else {
            let mut c = Command::new(&self.bin);
            c.current_dir(&self.work);
            c
        };
        cmd.args(args).env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        if let Some(home) = std::env::var_os("HOME") {
            cmd.env("HOME", home);
        }
        cmd.env("XDG_CACHE_HOME", self.root.join("cache"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run the copy of meetdoc")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "meetdoc {args:?} failed ({:?}):\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn path(&self, p: &str) -> PathBuf {
        self.work.join(p)
    }
}

impl Drop for Away {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

#[test]
fn the_binary_holds_no_path_of_the_source_folder() {
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_meetdoc")).unwrap();
    let source = clone();
    let needle = source.to_str().unwrap().as_bytes();
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "the binary holds {}",
        source.display()
    );
}

#[test]
fn new_check_build_and_bundle_away_from_the_clone() {
    let away = Away::new("start");

    // Without a data set named and none in the working folder, meetdoc
    // says how to start one.
    let out = away.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("meetdoc new"), "{err}");

    away.ok(&["new", "my-meeting"]);
    let meeting = std::fs::read_to_string(away.path("my-meeting/meeting.json")).unwrap();
    assert!(
        meeting.contains(r#""$schema": "schema/meeting.schema.json""#),
        "{meeting}"
    );
    assert!(away.path("my-meeting/schema/meeting.schema.json").is_file());
    let checked = away.ok(&["check", "my-meeting"]);
    assert!(checked.contains("0 errors, 0 warnings"), "{checked}");
    away.ok(&["build", "my-meeting", "-o", "out"]);
    for f in [
        "concept-note.docx",
        "concept-note.pdf",
        "programme.docx",
        "programme.pdf",
    ] {
        assert!(away.path("out").join(f).is_file(), "{f} missing");
    }
    assert!(pdf_text(&away.path("out/programme.pdf")).contains("Registration"));

    // A folder that is not empty is refused, and left as it was.
    let before = std::fs::read(away.path("my-meeting/meeting.json")).unwrap();
    let out = away.run(&["new", "my-meeting"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    assert_eq!(
        std::fs::read(away.path("my-meeting/meeting.json")).unwrap(),
        before
    );

    away.ok(&["new", "--set", "my-set"]);
    let checked = away.ok(&["check", "my-set"]);
    assert!(checked.contains("0 errors, 0 warnings"), "{checked}");
    let bundled = away.ok(&["bundle", "my-set", "-o", "set-out"]);
    for f in [
        "ORG_MEETING_1.pdf",
        "ORG_MEETING_2.docx",
        "ORG_MEETING_INF_1.pdf",
        "ORG_MEETING_INF_2.pdf",
        "MEETING-1.zip",
    ] {
        assert!(away.path("set-out").join(f).is_file(), "{f}: {bundled}");
    }
}

/// The height of the box of the first occurrence of `word` in a PDF.
fn word_height(pdf: &Path, word: &str) -> f64 {
    let w = pdf_boxes(pdf)
        .into_iter()
        .flat_map(|p| p.words)
        .find(|w| w.text == word)
        .unwrap_or_else(|| panic!("no {word:?} in {}", pdf.display()));
    w.y1 - w.y0
}

/// The document default run size of a DOCX, in half points.
fn docx_default_size(docx: &Path) -> String {
    let styles = docx_part(docx, "word/styles.xml");
    let defaults = &styles[styles.find("<w:rPrDefault>").unwrap()..];
    let at = defaults.find("<w:sz w:val=\"").unwrap() + "<w:sz w:val=\"".len();
    defaults[at..at + defaults[at..].find('"').unwrap()].to_string()
}

#[test]
fn written_out_layouts_once_changed_change_both_formats() {
    let away = Away::new("layouts");
    away.ok(&["new", "m"]);
    away.ok(&["build", "m", "-o", "built-in"]);

    let listed = away.ok(&["layouts", "office"]);
    for f in [
        "style.json",
        "reference.docx",
        "labels.json",
        "document.typ.j2",
        "README.md",
    ] {
        assert!(listed.contains(f), "{listed}");
    }
    // Written again only with --force.
    assert!(!away.run(&["layouts", "office"]).status.success());
    away.ok(&["layouts", "office", "--force"]);

    // Unchanged, they give the same documents as the built-in ones.
    away.ok(&["build", "m", "-o", "same", "--layouts", "office"]);
    for f in ["programme.docx", "programme.pdf"] {
        assert_eq!(
            std::fs::read(away.path("same").join(f)).unwrap(),
            std::fs::read(away.path("built-in").join(f)).unwrap(),
            "{f}"
        );
    }

    // The body size and a label, changed.
    common::set_normal_size(&away.path("office/reference.docx"), 15.0);
    edit_json(&away.path("office/labels.json"), |l| {
        l["languages"]["en"]["duration"]["other"] = "({minutes} minutes)".into();
    });
    away.ok(&["build", "m", "-o", "changed", "--layouts", "office"]);
    let (old, new) = (away.path("built-in"), away.path("changed"));

    assert!(docx_text(&old.join("programme.docx")).contains("(30 mins)"));
    assert!(pdf_text(&old.join("programme.pdf")).contains("(30 mins)"));
    assert!(docx_text(&new.join("programme.docx")).contains("(30 minutes)"));
    assert!(pdf_text(&new.join("programme.pdf")).contains("(30 minutes)"));

    assert_eq!(docx_default_size(&old.join("concept-note.docx")), "22");
    assert_eq!(docx_default_size(&new.join("concept-note.docx")), "30");
    // "Why" opens the first paragraph of the background (body text).
    let ratio = word_height(&new.join("concept-note.pdf"), "Why")
        / word_height(&old.join("concept-note.pdf"), "Why");
    assert!(
        (ratio - 15.0 / 11.0).abs() < 0.02,
        "the body text grew {ratio:.3} times, not 15/11"
    );

    // MEETDOC_LAYOUTS does the same as --layouts.
    let out = away.run_env(
        &["build", "m", "-o", "by-env"],
        &[("MEETDOC_LAYOUTS", &away.path("office"))],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(pdf_text(&away.path("by-env/programme.pdf")).contains("(30 minutes)"));

    // A folder replaces the built-in layouts as a whole: a missing file is
    // an error naming it, not a silent fallback.
    std::fs::remove_file(away.path("office/labels.json")).unwrap();
    let out = away.run(&["build", "m", "-o", "partial", "--layouts", "office"]);
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a complete layouts folder"), "{err}");
    assert!(err.contains("labels.json"), "{err}");
}
