//! No build loses or corrupts a document: when the data is bad, typst is
//! missing or fails, or the output cannot be written, the earlier outputs
//! stay byte for byte and no temporary file remains, and the error says
//! what happened (with its exit code). Two builds at once both leave valid
//! files; the same data builds the same bytes; a large data set keeps its
//! footnotes and items in order. (typst must be installed: these tests
//! fail without it.)

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file of a folder (hidden ones too) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_in(dir)
}

fn assert_no_temp_files(dir: &Path) {
    let temps: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "temporary files left: {temps:?}");
}

/// A scratch folder with `out/` holding a build of the seed, and a copy
/// of the seed in `data/` whose title is changed (so any write to `out/`
/// would change its bytes).
fn earlier_build(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = scratch(name);
    let (data, out) = (dir.join("data"), dir.join("out"));
    meetdoc_ok(&["build", s(&seed_data()), "-o", s(&out)]);
    copy_dir(&seed_data(), &data);
    let meeting = data.join("meeting.json");
    let text = std::fs::read_to_string(&meeting).unwrap();
    let changed = text.replace(
        "NEACAP Second Policy Dialogue",
        "NEACAP Third Policy Dialogue",
    );
    assert_ne!(text, changed);
    std::fs::write(&meeting, changed).unwrap();
    (dir, data, out)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The run failed with `code`, printed every `expected` fragment, wrote
/// nothing to stdout, and left `out` as it was.
fn assert_failed_cleanly(
    run: &Output,
    code: i32,
    expected: &[&str],
    out: &Path,
    before: &BTreeMap<String, Vec<u8>>,
) {
    let err = stderr(run);
    assert_eq!(run.status.code(), Some(code), "{err}");
    for e in expected {
        assert!(err.contains(e), "no {e:?} in:\n{err}");
    }
    assert!(
        run.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert_eq!(&snapshot(out), before, "the earlier outputs changed");
    assert_no_temp_files(out);
}

#[test]
fn bad_data_exits_1_and_writes_nothing() {
    let (_dir, data, out) = earlier_build("nothing-lost-data");
    let before = snapshot(&out);
    assert_eq!(
        before.len(),
        9,
        "eight documents (the programme's ru and zh versions too) and snapshot.json"
    );
    let programme = data.join("programme.json");
    let text = std::fs::read_to_string(&programme).unwrap();
    std::fs::write(&programme, text.replace("\"15:45\"", "\"15:75\"")).unwrap();
    let run = meetdoc(&["build", s(&data), "-o", s(&out)]);
    assert_failed_cleanly(
        &run,
        1,
        &[
            "programme.json: days[0].items[3].end: \"15:75\" is not a time",
            "nothing was written",
        ],
        &out,
        &before,
    );
}

#[test]
fn a_missing_typst_exits_3_and_writes_nothing() {
    let (dir, data, out) = earlier_build("nothing-lost-no-typst");
    let before = snapshot(&out);
    let run = meetdoc_env(
        &["build", s(&data), "-o", s(&out)],
        &[("TYPST", "/nonexistent/typst")],
    );
    assert_failed_cleanly(
        &run,
        3,
        &[
            "TYPST=/nonexistent/typst is not a working typst 0.15.x",
            "cannot run /nonexistent/typst",
            "cargo install typst-cli --locked --version 0.15.1",
        ],
        &out,
        &before,
    );

    // No TYPST, and typst neither on PATH nor in ~/.cargo/bin.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let run = meetdoc_env(
        &["build", s(&data), "-o", s(&out)],
        &[("TYPST", ""), ("PATH", s(&empty)), ("HOME", s(&empty))],
    );
    assert_failed_cleanly(
        &run,
        3,
        &["typst is not installed", "run make"],
        &out,
        &before,
    );
}

#[test]
fn a_failing_typst_exits_3_writes_nothing_and_leaves_no_build_folder() {
    let (dir, data, out) = earlier_build("nothing-lost-typst-fails");
    let before = snapshot(&out);
    let fake = dir.join("fake-typst");
    fake_typst(
        &fake,
        "typst 0.15.1 (fake)",
        "error: the fake typst gives up",
    );
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let run = meetdoc_env(
        &["build", s(&data), "-o", s(&out)],
        &[("TYPST", s(&fake)), ("TMPDIR", s(&tmp))],
    );
    assert_failed_cleanly(
        &run,
        3,
        &[
            ".pdf: typst failed (exit status: 1)",
            "error: the fake typst gives up",
        ],
        &out,
        &before,
    );
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "build folders left in TMPDIR: {left:?}");
}

#[test]
fn an_output_folder_that_cannot_be_made_exits_4() {
    let (dir, data, _out) = earlier_build("nothing-lost-not-writable");
    // Root ignores permissions: a folder under a regular file cannot exist.
    let file = dir.join("a-file");
    std::fs::write(&file, b"not a folder").unwrap();
    let run = meetdoc(&["build", s(&data), "-o", s(&file.join("out"))]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(4), "{err}");
    assert!(
        err.contains(&format!(
            "cannot create the output folder {}: Not a directory",
            file.join("out").display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"not a folder");
    assert_no_temp_files(&dir);
}

#[test]
fn a_folder_in_an_outputs_place_exits_4_and_replaces_nothing() {
    let (_dir, data, out) = earlier_build("nothing-lost-folder");
    std::fs::remove_file(out.join("programme.pdf")).unwrap();
    std::fs::create_dir(out.join("programme.pdf")).unwrap();
    let before = snapshot(&out);
    assert_eq!(
        before.len(),
        8,
        "seven documents (the programme's ru and zh versions too) and snapshot.json"
    );
    let run = meetdoc(&["build", s(&data), "-o", s(&out)]);
    assert_failed_cleanly(
        &run,
        4,
        &[&format!(
            "cannot replace {}: it is a folder",
            out.join("programme.pdf").display()
        )],
        &out,
        &before,
    );
}

fn assert_valid_outputs(out: &Path) {
    for stem in ["concept-note", "programme"] {
        let docx = out.join(format!("{stem}.docx"));
        let xml = docx_part(&docx, "word/document.xml");
        assert!(
            xml.contains("</w:document>"),
            "{} is cut short",
            docx.display()
        );
        let pdf = std::fs::read(out.join(format!("{stem}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{stem}.pdf");
        assert!(
            pdf.trim_ascii_end().ends_with(b"%%EOF"),
            "{stem}.pdf does not end with %%EOF"
        );
        assert!(pdf_text(&out.join(format!("{stem}.pdf"))).contains("NEACAP"));
    }
}

#[test]
fn two_builds_at_once_into_one_folder_both_leave_valid_files() {
    let dir = scratch("concurrent");
    let out = dir.join("out");
    for round in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_meetdoc"))
                    .args(["build", s(&seed_data()), "-o", s(&out)])
                    .current_dir(root())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let run = child.wait_with_output().unwrap();
            assert!(run.status.success(), "round {round}: {}", stderr(&run));
        }
        assert_valid_outputs(&out);
        assert_no_temp_files(&out);
        assert_eq!(
            snapshot(&out).len(),
            9,
            "eight documents (the programme's ru and zh versions too) and snapshot.json"
        );
    }
}

#[test]
fn the_same_data_builds_the_same_bytes_dated_from_the_data() {
    let dir = scratch("reproducible");
    let (a, b) = (dir.join("a"), dir.join("b"));
    meetdoc_ok(&["build", s(&seed_data()), "-o", s(&a)]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // SOURCE_DATE_EPOCH does not change the output: the date is the data's.
    let run = meetdoc_env(
        &["build", s(&seed_data()), "-o", s(&b)],
        &[("SOURCE_DATE_EPOCH", "1000000000")],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(
        sa.len(),
        9,
        "eight documents (the programme's ru and zh versions too) and snapshot.json"
    );
    for (name, bytes) in &sa {
        assert!(&sb[name] == bytes, "{name} differs between two builds");
    }
    let core = docx_part(&a.join("programme.docx"), "docProps/core.xml");
    assert!(
        core.contains(">2025-09-23T00:00:00Z</dcterms:created>"),
        "{core}"
    );

    // Another date in the data, another date in both formats.
    let data = dir.join("data");
    copy_dir(&seed_data(), &data);
    for file in ["meeting.json", "programme.json"] {
        let p = data.join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replace("2025-09-23", "2025-09-24")).unwrap();
    }
    let c = dir.join("c");
    meetdoc_ok(&["build", s(&data), "-o", s(&c)]);
    let core = docx_part(&c.join("programme.docx"), "docProps/core.xml");
    assert!(
        core.contains(">2025-09-24T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    let info = Command::new("pdfinfo")
        .args(["-isodates", s(&c.join("programme.pdf"))])
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("2025-09-24T00:00:00"), "{info}");
}

/// Positions of each needle in order in `text`, or the first one missing.
fn in_order<'a>(text: &str, needles: &'a [String]) -> Result<(), &'a str> {
    let mut from = 0;
    for n in needles {
        match text[from..].find(n.as_str()) {
            Some(i) => from += i + n.len(),
            None => return Err(n),
        }
    }
    Ok(())
}

#[test]
fn a_large_data_set_keeps_its_footnotes_and_items_in_order() {
    let dir = scratch("stress");
    let (data, out) = (dir.join("data"), dir.join("out"));
    meetdoc_ok(&["stress-data", s(&data)]);
    meetdoc_ok(&["build", s(&data), "-o", s(&out)]);

    // DOCX: references 1..100 in order in the body, notes 1..100 in order
    // in the footnotes part, each with its own text.
    let docx = out.join("concept-note.docx");
    let body = docx_part(&docx, "word/document.xml");
    let refs: Vec<usize> = body
        .split("<w:footnoteReference w:id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(refs, (1..=100).collect::<Vec<_>>());
    let notes = docx_part(&docx, "word/footnotes.xml");
    let ids: Vec<usize> = notes
        .split("<w:footnote w:id=\"")
        .skip(1)
        .filter_map(|s| s[..s.find('"').unwrap()].parse().ok())
        .filter(|&n: &usize| n >= 1)
        .collect();
    assert_eq!(ids, (1..=100).collect::<Vec<_>>());
    for n in 1..=100 {
        let note = notes
            .split(&format!("<w:footnote w:id=\"{n}\""))
            .nth(1)
            .unwrap();
        let note = &note[..note.find("</w:footnote>").unwrap()];
        assert!(
            xml_text(note).contains(&format!("Footnote number {n}:")),
            "footnote {n}"
        );
    }

    // PDF: the note texts in order (each at the foot of its page).
    let labels: Vec<String> = (1..=100).map(|n| format!("Footnote number {n}:")).collect();
    let pdf = pdf_text(&out.join("concept-note.pdf"));
    let pdf = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    in_order(&pdf, &labels).unwrap_or_else(|n| panic!("PDF: {n:?} missing or out of order"));
    for n in 1..=100 {
        assert_eq!(pdf.matches(&labels[n - 1]).count(), 1, "{}", labels[n - 1]);
    }

    // Every item's time, day by day, in both formats of the programme.
    let programme: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("programme.json")).unwrap())
            .unwrap();
    let times: Vec<String> = programme["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["items"].as_array().unwrap().iter())
        .map(|i| {
            // The layout's range dash (the UN's en dash).
            format!(
                "{}–{}",
                i["start"].as_str().unwrap(),
                i["end"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(times.len(), 500);
    for (ext, text) in [
        ("docx", docx_text(&out.join("programme.docx"))),
        ("pdf", pdf_text(&out.join("programme.pdf"))),
    ] {
        in_order(&text, &times)
            .unwrap_or_else(|t| panic!("programme.{ext}: item {t} missing or out of order"));
    }
}

/// A build whose typst never finishes: the slow fake typst of
/// `tests/common`, build folders in `tmp`.
struct SlowBuild {
    child: std::process::Child,
    pids: PathBuf,
}

impl SlowBuild {
    /// Starts `meetdoc build` of the seed (two documents at once) with a
    /// slow fake typst, and waits until both typst processes run.
    fn start(dir: &Path, name: &str, tmp: &Path) -> (SlowBuild, Vec<u32>) {
        let fake = dir.join(format!("{name}-typst"));
        let pids = dir.join(format!("{name}-pids"));
        slow_fake_typst(&fake, &pids);
        let child = Command::new(env!("CARGO_BIN_EXE_meetdoc"))
            .args(["build", "-j", "2", s(&seed_data()), "-o"])
            .arg(dir.join(format!("{name}-out")))
            .env("TYPST", &fake)
            .env("TMPDIR", tmp)
            .env("XDG_CACHE_HOME", dir.join("cache"))
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let build = SlowBuild { child, pids };
        let started = build.typst_started(2);
        (build, started)
    }

    /// The process ids of the fake typst, once `n` have started.
    fn typst_started(&self, n: usize) -> Vec<u32> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let ids: Vec<u32> = std::fs::read_to_string(&self.pids)
                .unwrap_or_default()
                .lines()
                .map(|l| l.parse().unwrap())
                .collect();
            if ids.len() >= n {
                return ids;
            }
            assert!(std::time::Instant::now() < deadline, "typst did not start");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    fn signal(&self, sig: &str) {
        kill(sig, self.child.id());
    }
}

fn kill(sig: &str, pid: u32) {
    let ok = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{sig} {pid}");
}

/// Whether a process runs (a zombie does not count).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        !s.rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

/// The build folders in `tmp`, by name.
fn build_folders(tmp: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("meetdoc-pdf-"))
        .collect();
    names.sort();
    names
}

#[test]
fn sigint_or_sigterm_mid_build_stops_typst_and_leaves_no_build_folder() {
    use std::os::unix::fs::PermissionsExt;
    for (sig, code) in [("INT", 130), ("TERM", 143)] {
        let dir = scratch(&format!("signal-{sig}"));
        let tmp = dir.join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let (build, typst) = SlowBuild::start(&dir, "build", &tmp);
        // Two private build folders, each locked by its owner.
        let folders = build_folders(&tmp);
        assert_eq!(folders.len(), 2, "{folders:?}");
        for f in &folders {
            let mode = std::fs::metadata(tmp.join(f)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "{f} has mode {:o}", mode & 0o777);
            assert!(tmp.join(f).join("owner.lock").is_file(), "{f}");
        }
        build.signal(sig);
        let run = build.child.wait_with_output().unwrap();
        assert_eq!(run.status.code(), Some(code), "SIG{sig}: {}", stderr(&run));
        let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
        assert!(left.is_empty(), "SIG{sig} left {left:?}");
        for pid in typst {
            assert!(!alive(pid), "SIG{sig}: typst {pid} still runs");
        }
        assert!(!dir.join("build-out").exists(), "SIG{sig}: outputs written");
    }
}

#[test]
fn a_killed_builds_folders_go_with_the_next_build_a_live_ones_stay() {
    let dir = scratch("stale-build-folders");
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    // A build that goes on (as `watch` or an editor would)...
    let (live, _) = SlowBuild::start(&dir, "live", &tmp);
    let live_folders = build_folders(&tmp);
    assert_eq!(live_folders.len(), 2);
    // ... and one killed outright: no handler runs, its folders stay.
    let (mut killed, typst) = SlowBuild::start(&dir, "killed", &tmp);
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    for pid in typst {
        kill("KILL", pid);
    }
    assert_eq!(build_folders(&tmp).len(), 4);

    // The next build removes the killed one's folders, not the live one's.
    let out = dir.join("out");
    let run = meetdoc_env(
        &["build", s(&seed_data()), "-o", s(&out)],
        &[
            ("TMPDIR", s(&tmp)),
            ("XDG_CACHE_HOME", s(&dir.join("cache"))),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(build_folders(&tmp), live_folders);

    live.signal("TERM");
    let run = live.child.wait_with_output().unwrap();
    assert_eq!(run.status.code(), Some(143), "{}", stderr(&run));
    assert!(build_folders(&tmp).is_empty());
}

/// A copy of the layouts whose style takes the Liberation Serif files from
/// `test-fonts/` (package `fonts-test`) instead of the system's folder.
fn layouts_with_test_fonts(dir: &Path) -> PathBuf {
    let layouts = dir.join("layouts");
    copy_dir(&root().join("layouts"), &layouts);
    edit_json(&layouts.join("style.json"), |v| {
        for f in v["fonts"]["pdf_font_files"].as_array_mut().unwrap() {
            let file = f["file"].as_str().unwrap().to_string();
            if let Some(name) = file.strip_prefix("truetype/liberation2/") {
                f["file"] = format!("test-fonts/{name}").into();
                f["package"] = "fonts-test".into();
            }
        }
    });
    layouts
}

#[test]
fn a_missing_font_file_exits_3_names_it_and_writes_nothing() {
    let (dir, data, out) = earlier_build("nothing-lost-font");
    let before = snapshot(&out);
    let layouts = layouts_with_test_fonts(&dir);
    let fonts = dir.join("fonts");
    let test_fonts = fonts.join("test-fonts");
    std::fs::create_dir_all(&test_fonts).unwrap();
    let build = |fonts: &Path| {
        meetdoc_env(
            &["build", s(&data), "-o", s(&out), "--layouts", s(&layouts)],
            &[("MEETDOC_FONT_DIRS", s(fonts))],
        )
    };

    // The whole body family is missing (typst would set the text in the
    // CJK face).
    let run = build(&fonts);
    assert_failed_cleanly(
        &run,
        3,
        &[
            "the font files test-fonts/LiberationSerif-Regular.ttf (fonts-test), \
             test-fonts/LiberationSerif-Bold.ttf (fonts-test)",
            "are not installed: apt-get install fonts-test, or put them under a folder named \
             by MEETDOC_FONT_DIRS (as DIR/test-fonts/LiberationSerif-Regular.ttf)",
        ],
        &out,
        &before,
    );

    // Only the regular face is missing (typst would set the body in bold).
    for face in ["Bold", "Italic", "BoldItalic"] {
        let name = format!("LiberationSerif-{face}.ttf");
        std::os::unix::fs::symlink(
            Path::new("/usr/share/fonts/truetype/liberation2").join(&name),
            test_fonts.join(&name),
        )
        .unwrap();
    }
    let run = build(&fonts);
    assert_failed_cleanly(
        &run,
        3,
        &[
            "error: the font file test-fonts/LiberationSerif-Regular.ttf (fonts-test) of the \
             layout is not installed: apt-get install fonts-test",
        ],
        &out,
        &before,
    );
    assert!(!stderr(&run).contains("Bold"), "{}", stderr(&run));

    // With it, the build goes through.
    std::os::unix::fs::symlink(
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        test_fonts.join("LiberationSerif-Regular.ttf"),
    )
    .unwrap();
    let run = build(&fonts);
    assert!(run.status.success(), "{}", stderr(&run));
}
