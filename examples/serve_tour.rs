//! Screenshots of the editor through a programme officer's task, in
//! headless chromium (1440×900): open, move the coffee break, type an
//! impossible time, fix it, save; then the other parts of the data and a
//! document set. Makes the README's screenshot (`docs/editor.png`).
//!
//! ```text
//! cargo run --release --example serve_tour -- OUTDIR
//! ```
//!
//! Needs chromium and chromium-driver (as `make test` installs them).

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        // SAFETY: our own child.
        unsafe { libc::kill(self.0.id() as i32, libc::SIGINT) };
        let _ = self.0.wait();
    }
}

/// A copy of a data folder, its language versions' folders included
/// (not the circulation records a run may have left).
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let kind = e.file_type().unwrap();
        if kind.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        } else if kind.is_dir() && e.file_name() != "circulated" {
            copy(&e.path(), &to.join(e.file_name()));
        }
    }
}

fn serve(dir: &Path) -> (Kill, String) {
    let mut child =
        Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/meetdoc"))
            .arg("serve")
            .arg(dir.file_name().unwrap())
            .args(["--port", "0"])
            .current_dir(dir.parent().unwrap())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    (Kill(child), url.trim().to_string())
}

async fn until(c: &Client, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while c.execute(script, vec![]).await.unwrap() != json!(true) {
        assert!(Instant::now() < deadline, "timed out: {script}");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

const SETTLED: &str = "const s = Array.from(document.querySelectorAll('#pages .sheet'));
  return s.length > 0 && s.every(x => { const i = x.querySelector('img');
    return i.complete && i.naturalWidth > 0 && i.src.endsWith('v=' + x.dataset.hash); })
    && !document.querySelector('#preview-status').textContent.startsWith('Updating');";

async fn shot(c: &Client, out: &Path, name: &str) {
    tokio::time::sleep(Duration::from_millis(250)).await;
    std::fs::write(
        out.join(format!("{name}.png")),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    println!("{}", out.join(format!("{name}.png")).display());
}

async fn typing(c: &Client, aria: &str, text: &str) {
    let e = c
        .find(Locator::Css(&format!("[aria-label=\"{aria}\"]")))
        .await
        .unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Chooses the document shown (a set's documents are in a list).
async fn pick(c: &Client, doc: &str) {
    c.execute(
        "const s = document.getElementById('doc-pick'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));",
        vec![json!(doc)],
    )
    .await
    .unwrap();
}

#[tokio::main]
async fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("OUTDIR"));
    std::fs::create_dir_all(&out).unwrap();
    let work = std::env::temp_dir().join(format!("meetdoc-tour-{}", std::process::id()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy(&root.join("data/neacap-pd2"), &work.join("data/neacap-pd2"));
    copy(&root.join("data/som28"), &work.join("data/som28"));
    let port = std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _driver = Kill(
        Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver"),
    );
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let caps = json!({ "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--window-size=1440,900", "--force-device-scale-factor=1",
        format!("--user-data-dir={}", work.join("profile").display()) ] } });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap();
    c.set_window_size(1440, 900).await.unwrap();

    let (_server, url) = serve(&work.join("data/neacap-pd2"));
    c.goto(&url).await.unwrap();
    until(&c, SETTLED).await;
    shot(&c, &out, "1-open").await;
    // The task: the coffee break 15 minutes later, and everything after it;
    // Session 1 takes the 15 minutes for its Q&A.
    c.execute("document.querySelector('[aria-label=\"Start of item 4\"]').scrollIntoView({block: 'start'})", vec![]).await.unwrap();
    click(
        &c,
        "[data-key$='[\"days\",0,\"items\",4]'] [data-action=shift]",
    )
    .await;
    shot(&c, &out, "2-shift-box").await;
    click(&c, "[data-action=shift-later]").await;
    until(&c, "return Array.from(document.querySelectorAll('.textlayer')).some(l => l.textContent.includes('16:00'))").await;
    until(&c, SETTLED).await;
    shot(&c, &out, "3-shifted").await;
    // The README's picture.
    std::fs::copy(out.join("3-shifted.png"), out.join("editor.png")).unwrap();
    typing(&c, "Length of item 4 in minutes", "90\u{E007}").await;
    until(
        &c,
        "return document.querySelectorAll('#editor .msg.error').length > 0",
    )
    .await;
    shot(&c, &out, "4-parts-short").await;
    click(&c, "[data-key$='[\"days\",0,\"items\",3]'] .summary .link").await;
    typing(&c, "Minutes of part 2", "40").await;
    until(
        &c,
        "return document.querySelectorAll('#editor .msg.error').length === 0",
    )
    .await;
    until(&c, "return Array.from(document.querySelectorAll('.textlayer')).some(l => l.textContent.includes('(40'))").await;
    until(&c, SETTLED).await;
    c.execute("document.querySelector('[aria-label=\"Start of item 4\"]').scrollIntoView({block: 'start'})", vec![]).await.unwrap();
    shot(&c, &out, "5-parts-fixed").await;
    typing(&c, "Start of item 5", "25:00").await;
    until(
        &c,
        "return document.querySelector('#preview-status').classList.contains('stale')",
    )
    .await;
    shot(&c, &out, "6-error").await;
    click(&c, "#problems").await;
    shot(&c, &out, "7-problems").await;
    click(&c, "#problems-close").await;
    typing(&c, "Start of item 5", "16:00").await;
    until(
        &c,
        "return document.querySelectorAll('#editor .msg.error').length === 0",
    )
    .await;
    until(&c, SETTLED).await;
    click(&c, "#save").await;
    until(
        &c,
        "return document.querySelector('#save-status').textContent.startsWith('Saved')",
    )
    .await;
    shot(&c, &out, "8-saved").await;
    for (section, name) in [
        ("meeting.json", "9-meeting"),
        ("objectives.json", "10-objectives"),
        ("footnotes.json", "11-footnotes"),
    ] {
        click(&c, &format!("[data-file=\"{section}\"]")).await;
        shot(&c, &out, name).await;
        if section == "objectives.json" {
            // The footnote referenced in the last objective, under it.
            c.execute("document.querySelector('.notes-here .note').scrollIntoView({block: 'center'}); document.querySelector('[aria-label=\"Entry 3\"]').focus()", vec![]).await.unwrap();
            shot(&c, &out, "10b-objectives-note").await;
        }
    }
    click(&c, "[data-doc=\"concept-note\"]").await;
    until(&c, SETTLED).await;
    shot(&c, &out, "12-concept-note").await;
    click(&c, "#download-button").await;
    shot(&c, &out, "13-downloads").await;

    let (_set, url) = serve(&work.join("data/som28"));
    c.goto(&url).await.unwrap();
    until(&c, SETTLED).await;
    click(&c, "[data-file=\"som28/docset.json\"]").await;
    pick(&c, "ESCAP_NEASPEC_SOM(28)_INF_1").await;
    until(&c, SETTLED).await;
    shot(&c, &out, "14-set").await;
    click(&c, "[data-file=\"som28/agenda.json\"]").await;
    pick(&c, "ESCAP_NEASPEC_SOM(28)_1").await;
    until(&c, SETTLED).await;
    shot(&c, &out, "15-agenda").await;
    // A general document: its form made from its type, like every other.
    click(&c, "[data-file=\"som28/info-note.json\"]").await;
    pick(&c, "ESCAP_NEASPEC_SOM(28)_INF_3").await;
    until(&c, SETTLED).await;
    shot(&c, &out, "16-info-note").await;
    // A language version, a document of the set.
    click(&c, "[data-file=\"neacap-pd2/programme.json\"]").await;
    pick(&c, "NEACAP_PD2_2-ru").await;
    until(&c, SETTLED).await;
    shot(&c, &out, "17-programme-ru").await;
    c.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&work);
}
