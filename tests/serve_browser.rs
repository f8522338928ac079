//! The editor in a real browser: Debian's chromium, headless, driven by
//! chromedriver through WebDriver (fantoccini). Each scenario is what a
//! programme officer does, checked on the page the editor shows (the
//! rendered pages' own text, not an image address) and in the file saved.
//!
//! `make test` installs chromium and chromium-driver when missing.
//! `MEETDOC_SHOTS=DIR` saves a screenshot of each step into DIR.

mod serve_support;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use serve_support::{Server, seed_copy};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One browser at a time (two cores).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

struct Browser {
    driver: Child,
    client: Option<Client>,
    profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn browser(name: &str) -> Browser {
    assert!(
        Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
        "the browser tests need Debian's chromium and chromium-driver: make test installs them"
    );
    let port = free_port();
    let driver = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let profile = serve_support::scratch(&format!("chrome-{name}"));
    let caps = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,900", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let caps = match caps {
        Value::Object(m) => m,
        _ => unreachable!(),
    };
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with chromium");
    Browser {
        driver,
        client: Some(client),
        profile,
    }
}

impl Browser {
    fn c(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    async fn js(&self, script: &str) -> Value {
        self.c().execute(script, vec![]).await.expect(script)
    }

    /// Waits until `script` returns something truthy; returns it.
    async fn until(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let v = self.js(script).await;
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            if Instant::now() > deadline {
                let shot = self.c().screenshot().await.unwrap_or_default();
                let at = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-browser-failure.png");
                let _ = std::fs::write(&at, shot);
                panic!(
                    "timed out waiting for {what} (screenshot: {})",
                    at.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The text of the rendered pages (the words typst laid out, over the
    /// page images).
    async fn page_text(&self) -> String {
        self.js(PAGE_TEXT)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    async fn shot(&self, name: &str) {
        if let Some(dir) = std::env::var_os("MEETDOC_SHOTS") {
            std::fs::create_dir_all(&dir).unwrap();
            let png = self.c().screenshot().await.unwrap();
            std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
        }
    }

    /// Replaces the text of the field with this accessible name.
    async fn type_into(&self, aria: &str, text: &str) {
        let e = self
            .c()
            .find(Locator::Css(&format!("[aria-label=\"{aria}\"]")))
            .await
            .unwrap_or_else(|_| panic!("no field \"{aria}\""));
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }

    async fn click(&self, css: &str) {
        self.c()
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("nothing at {css}"))
            .click()
            .await
            .unwrap();
    }

    async fn close(mut self) {
        if let Some(c) = self.client.take() {
            let _ = c.close().await;
        }
    }
}

const PAGE_TEXT: &str = "return Array.from(document.querySelectorAll('#pages .sheet'))
    .filter(s => s.dataset.words === s.dataset.hash)
    .map(s => Array.from(s.querySelectorAll('.textlayer span')).map(w => w.textContent).join(' '))
    .join('\\n');";

/// Whether every page image shown is loaded and is the newest one.
const IMAGES_READY: &str = "const s = Array.from(document.querySelectorAll('#pages .sheet'));
    return s.length > 0 && s.every(x => { const i = x.querySelector('img');
      return i.complete && i.naturalWidth > 0 && i.src.endsWith('v=' + x.dataset.hash); });";

fn programme(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("neacap-pd2/programme.json")).unwrap())
        .unwrap()
}

/// Opens the editor on the seed data set and waits for its pages.
async fn open(name: &str) -> (Server, Browser, PathBuf) {
    let dir = seed_copy(name);
    let server = Server::start(&dir.join("neacap-pd2"), &[]);
    let b = browser(name).await;
    b.c().goto(&server.url).await.unwrap();
    b.until(
        "the timetable",
        "return document.querySelector('[aria-label=\"Start of item 5\"]') !== null",
    )
    .await;
    b.until(
        "the programme's pages with their text",
        "return document.querySelectorAll('#pages .sheet[data-words]').length > 0",
    )
    .await;
    b.until("the page images", IMAGES_READY).await;
    (server, b, dir)
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn moving_the_coffee_break_shows_on_the_page_and_save_writes_it() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    rt().block_on(async {
        let (_server, b, dir) = open("coffee").await;
        b.shot("1-open").await;
        let before = std::fs::read_to_string(dir.join("neacap-pd2/programme.json")).unwrap();
        assert!(b.page_text().await.contains("15:45"), "{}", b.page_text().await);
        assert!(!b.page_text().await.contains("15:55"));

        let typed = Instant::now();
        b.type_into("Start of item 5", "15:55").await;
        b.until("the new time on the rendered page", "return document.querySelector('#pages').textContent !== null && Array.from(document.querySelectorAll('#pages .sheet')).some(s => s.dataset.words === s.dataset.hash && s.querySelector('.textlayer').textContent.includes('15:55'))").await;
        b.until("the new page image", IMAGES_READY).await;
        let painted = typed.elapsed();
        eprintln!("time to painted (keystrokes sent -> new page image and text shown): {painted:?}");
        if let Some(out) = std::env::var_os("MEETDOC_PAINTED_OUT") {
            std::fs::write(out, format!("{}\n", painted.as_secs_f64() * 1000.0)).unwrap();
        }
        let text = b.page_text().await;
        assert!(text.contains("15:55\u{2013}16:15") || text.contains("15:55-16:15"), "{text}");
        // Its length follows, and the gap before it is a warning, not an error.
        assert_eq!(b.js("return document.querySelector('[aria-label=\"Length of item 5 in minutes\"]').value").await, "20");
        b.shot("2-coffee-moved").await;

        b.click("#save").await;
        b.until("saved", "return document.querySelector('#save-status').textContent.startsWith('Saved')").await;
        let p = programme(&dir);
        assert_eq!(p["days"][0]["items"][4]["start"], "15:55");
        assert_eq!(p["days"][0]["items"][4]["end"], "16:15");
        // One line of the file changed: the data layout.
        let after = std::fs::read_to_string(dir.join("neacap-pd2/programme.json")).unwrap();
        let changed: Vec<_> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(before.lines().count(), after.lines().count());
        assert_eq!(changed.len(), 1, "{changed:?}");
        b.shot("3-saved").await;
        b.close().await;
    });
}

#[test]
fn an_impossible_time_is_shown_beside_its_field_and_nothing_is_written() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    rt().block_on(async {
        let (_server, b, dir) = open("badtime").await;
        let file = dir.join("neacap-pd2/programme.json");
        let before = std::fs::read(&file).unwrap();
        b.type_into("Start of item 5", "25:00").await;
        // The message is in the row right under the item's row, and names the value.
        let msg = b.until("the error beside the field", "const f = document.querySelector('[aria-label=\"Start of item 5\"]');
            const row = f.closest('tr'); const next = row.nextElementSibling;
            const m = next && !next.hidden && next.querySelector('.msg.error');
            return f.classList.contains('has-error') && m ? m.textContent : null;").await;
        assert!(msg.as_str().unwrap().contains("\"25:00\" is not a time"), "{msg}");
        b.until("the stale-pages notice", "return document.querySelector('#preview-status').classList.contains('stale')").await;
        // The last good pages stay.
        assert!(b.page_text().await.contains("15:45"));
        b.shot("4-error-25").await;
        b.click("#save").await;
        b.until("the refusal", "const t = document.querySelector('#banner-text'); return t && !document.querySelector('#banner').hidden && t.textContent.includes('not saved');").await;
        assert_eq!(std::fs::read(&file).unwrap(), before, "the file on disk changed");
        // Fixed, the error goes and the pages follow.
        b.type_into("Start of item 5", "15:50").await;
        b.until("the error gone", "return document.querySelectorAll('#editor .msg.error').length === 0").await;
        b.until("the fixed time on the page", "return Array.from(document.querySelectorAll('#pages .sheet .textlayer')).some(l => l.textContent.includes('15:50'))").await;
        b.shot("5-fixed").await;
        b.close().await;
    });
}

#[test]
fn session_2_and_everything_after_it_move_by_15_minutes() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    rt().block_on(async {
        let (_server, b, dir) = open("shift").await;
        b.click("tr.item:nth-of-type(1)").await;
        b.click("[data-key$='[\"days\",0,\"items\",5]'] [data-action=shift]").await;
        b.type_into("Minutes to move by", "15").await;
        b.click("[data-action=shift-later]").await;
        b.until("the new times in the form", "return document.querySelector('[aria-label=\"Start of item 6\"]').value === '16:30' && document.querySelector('[aria-label=\"End of item 8\"]').value === '18:30'").await;
        b.until("the new times on the page", "return Array.from(document.querySelectorAll('#pages .sheet')).some(s => s.dataset.words === s.dataset.hash && s.querySelector('.textlayer').textContent.includes('16:30'))").await;
        let text = b.page_text().await;
        assert!(text.contains("18:00"), "{text}");
        b.shot("6-shifted").await;
        b.click("#save").await;
        b.until("saved", "return document.querySelector('#save-status').textContent.startsWith('Saved')").await;
        let times: Vec<String> = programme(&dir)["days"][0]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| format!("{}-{}", i["start"].as_str().unwrap(), i["end"].as_str().unwrap()))
            .collect();
        assert_eq!(
            times,
            ["13:30-14:00", "14:00-14:15", "14:15-14:30", "14:30-15:45", "15:45-16:15", "16:30-17:45", "17:45-18:00", "18:00-18:30"]
        );
        b.close().await;
    });
}

#[test]
fn a_speaker_with_a_korean_name_appears_on_the_page() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    rt().block_on(async {
        let (_server, b, dir) = open("korean").await;
        // The Opening's details: its two speakers, and one more.
        b.click("[data-key$='[\"days\",0,\"items\",1]'] .summary .link").await;
        b.click("[data-action=add-speaker]").await;
        b.until("the new speaker's fields", "return document.querySelector('[aria-label=\"Name of speaker 3\"]') !== null").await;
        b.type_into("Name of speaker 3", "김지수").await;
        b.type_into("Affiliation of speaker 3", "Ministry of Environment, Republic of Korea").await;
        b.until("the name on the page", "return Array.from(document.querySelectorAll('#pages .sheet')).some(s => s.dataset.words === s.dataset.hash && s.querySelector('.textlayer').textContent.includes('김지수'))").await;
        b.shot("7-korean-speaker").await;
        b.click("#save").await;
        b.until("saved", "return document.querySelector('#save-status').textContent.startsWith('Saved')").await;
        assert_eq!(
            programme(&dir)["days"][0]["items"][1]["speakers"][2],
            json!({ "name": "김지수", "affiliation": "Ministry of Environment, Republic of Korea" })
        );
        b.close().await;
    });
}

#[test]
fn without_the_token_the_browser_gets_nothing() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    rt().block_on(async {
        let dir = seed_copy("notoken");
        let server = Server::start(&dir.join("neacap-pd2"), &[]);
        let b = browser("notoken").await;
        b.c().goto(&format!("{}/", server.base())).await.unwrap();
        let body = b.js("return document.body.innerText").await;
        assert!(body.as_str().unwrap().contains("refused"), "{body}");
        assert!(
            b.js("return document.querySelector('#editor') === null")
                .await
                == json!(true)
        );
        // A wrong token is no better.
        b.c()
            .goto(&format!("{}/?token=0000", server.base()))
            .await
            .unwrap();
        let body = b.js("return document.body.innerText").await;
        assert!(body.as_str().unwrap().contains("refused"), "{body}");
        // With it, the editor opens, and the address bar loses the token.
        b.c().goto(&server.url).await.unwrap();
        b.until(
            "the editor",
            "return document.querySelector('#editor') !== null",
        )
        .await;
        let here = b.c().current_url().await.unwrap();
        assert!(!here.as_str().contains("token"), "{here}");
        b.close().await;
    });
}

#[test]
fn markup_in_the_data_is_shown_as_text_and_never_runs() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    rt().block_on(async {
        let dir = seed_copy("escape");
        let file = dir.join("neacap-pd2/programme.json");
        let evil = "Coffee <img src=x onerror=\"window.pwned=1\"><b id=injected>Break</b>";
        let mut p: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        p["days"][0]["items"][4]["title"] = json!(evil);
        std::fs::write(&file, serde_json::to_string_pretty(&p).unwrap()).unwrap();
        let server = Server::start(&dir.join("neacap-pd2"), &[]);
        let b = browser("escape").await;
        b.c().goto(&server.url).await.unwrap();
        b.until("the timetable", "return document.querySelector('[aria-label=\"Title of item 5\"]') !== null").await;
        assert_eq!(b.js("return document.querySelector('[aria-label=\"Title of item 5\"]').value").await, evil);
        b.until("the pages", "return document.querySelectorAll('#pages .sheet[data-words]').length > 0").await;
        // Shown in the problems list and the pages as text, never as elements.
        assert!(b.page_text().await.contains("onerror"), "the page prints it as typed");
        assert_eq!(b.js("return document.getElementById('injected') === null && window.pwned === undefined && document.querySelectorAll('#editor img, #problems-list img').length === 0").await, json!(true));
        b.close().await;
    });
}
