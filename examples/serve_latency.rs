//! Measures `meetdoc serve` for the benchmark (`scripts/bench-serve`): the
//! time from an edit request's arrival to the new page images being ready
//! to serve (the server times it and reports it with the pages), on the
//! seed data set and on the stress set, and meetdoc's own memory at rest
//! (typst's processes apart, sampled while they run).
//!
//! ```text
//! cargo run --release --example serve_latency -- WORKDIR [SEED_EDITS] [STRESS_EDITS]
//! ```
//!
//! Runs the real binary (target/release/meetdoc) on copies in WORKDIR and
//! prints a Markdown table of the figures.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        // SAFETY: our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let _ = self.child.wait();
    }
}

fn meetdoc() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/meetdoc")
}

fn start(dir: &Path) -> Server {
    let mut child = Command::new(meetdoc())
        .args(["serve", dir.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run meetdoc serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let rest = line
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .expect("an address");
    let port = rest[..rest.find('/').unwrap()].parse().unwrap();
    let token = line.trim().split("token=").nth(1).unwrap().to_string();
    Server { child, port, token }
}

impl Server {
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\nCookie: meetdoc_token={t}\r\nOrigin: http://127.0.0.1:{p}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len(),
            p = self.port,
            t = self.token
        );
        s.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let status = String::from_utf8_lossy(&raw[9..12]).parse().unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
        let mut b = raw[split + 4..].to_vec();
        if head.contains("transfer-encoding: chunked") {
            let mut out = Vec::new();
            let mut rest = &b[..];
            while let Some(e) = rest.windows(2).position(|w| w == b"\r\n") {
                let n = usize::from_str_radix(std::str::from_utf8(&rest[..e]).unwrap().trim(), 16)
                    .unwrap();
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&rest[e + 2..e + 2 + n]);
                rest = &rest[e + 2 + n + 2..];
            }
            b = out;
        }
        (status, serde_json::from_slice(&b).unwrap_or(Value::Null))
    }

    /// Waits for pages of `doc` newer than `seen`.
    fn pages(&self, doc: &str, seen: Option<u64>) -> Value {
        loop {
            let q = match seen {
                Some(s) => format!("/api/preview?doc={doc}&seen={s}"),
                None => format!("/api/preview?doc={doc}"),
            };
            let (status, v) = self.call("GET", &q, None);
            if status == 200 {
                return v;
            }
            assert_eq!(status, 204, "{v}");
        }
    }

    fn rss_kib(&self) -> u64 {
        rss(self.child.id()).unwrap_or(0)
    }
}

fn rss(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The largest resident size of any child of `pid`, sampled every 2 ms
/// until `stop`.
fn sample_children(pid: u32, stop: Arc<AtomicBool>, peak: Arc<AtomicU64>) {
    while !stop.load(Ordering::Relaxed) {
        if let Ok(dir) = std::fs::read_dir("/proc") {
            for e in dir.flatten() {
                let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
                    continue;
                };
                let ppid = stat
                    .rsplit(')')
                    .next()
                    .and_then(|r| r.split_whitespace().nth(1))
                    .and_then(|p| p.parse::<u32>().ok());
                if ppid == Some(pid)
                    && let Some(child) = e.file_name().to_str().and_then(|n| n.parse().ok())
                    && let Some(r) = rss(child)
                {
                    peak.fetch_max(r, Ordering::Relaxed);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let i = ((s.len() as f64 - 1.0) * p).round() as usize;
    s[i]
}

/// Edits `path` of `file` to each value in turn, `n` times, and returns the
/// server's edit-to-pages times and the client's round trips (ms).
fn run(
    s: &Server,
    doc: &str,
    file: &str,
    path: Value,
    values: &[Value],
    n: usize,
) -> (Vec<f64>, Vec<f64>) {
    let mut seen = s.pages(doc, None)["revision"].as_u64();
    let (mut server, mut client) = (Vec::new(), Vec::new());
    for i in 0..n {
        let t = Instant::now();
        let (status, r) = s.call(
            "POST",
            "/api/edit",
            Some(&json!({ "op": "set", "file": file, "path": path, "value": values[i % values.len()] })),
        );
        assert_eq!(status, 200, "{r}");
        let rev = r["revision"].as_u64().unwrap();
        let p = loop {
            let p = s.pages(doc, seen);
            seen = p["revision"].as_u64();
            if seen >= Some(rev) {
                break p;
            }
        };
        client.push(t.elapsed().as_secs_f64() * 1000.0);
        server.push(p["ready_ms"].as_f64().expect("ready_ms"));
    }
    (server, client)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn row(case: &str, server: &[f64], client: &[f64], target: Option<f64>) -> String {
    let p95 = percentile(server, 0.95);
    let verdict = match target {
        Some(t) if p95 <= t => format!("≤ {t:.0} ms: met"),
        Some(t) => format!("≤ {t:.0} ms: **not met**"),
        None => String::new(),
    };
    format!(
        "| {case} | {} | {:.0} ms | **{p95:.0} ms** | {:.0} ms | {:.0} ms | {verdict} |",
        server.len(),
        percentile(server, 0.5),
        percentile(server, 1.0),
        percentile(client, 0.5),
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let work = PathBuf::from(args.next().expect("WORKDIR"));
    let seed_edits: usize = args.next().map(|a| a.parse().unwrap()).unwrap_or(40);
    let stress_edits: usize = args.next().map(|a| a.parse().unwrap()).unwrap_or(12);
    let _ = std::fs::remove_dir_all(&work);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = work.join("neacap-pd2");
    copy(&root.join("data/neacap-pd2"), &seed);

    let mut out = Vec::new();
    let s = start(&seed);
    std::thread::sleep(Duration::from_millis(500));
    let rss_start = s.rss_kib();
    let (stop, peak) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU64::new(0)),
    );
    let sampler = {
        let (stop, peak, pid) = (stop.clone(), peak.clone(), s.child.id());
        std::thread::spawn(move || sample_children(pid, stop, peak))
    };
    let coffee = json!(["days", 0, "items", 4, "start"]);
    let (a, b) = run(
        &s,
        "programme",
        "programme.json",
        coffee,
        &[json!("15:50"), json!("15:45")],
        seed_edits,
    );
    out.push(row(
        "seed set, programme (2 pages): the coffee break's start",
        &a,
        &b,
        Some(150.0),
    ));
    let para = json!(["paragraphs", 0]);
    let text = |extra: &str| {
        json!(format!(
            "The North-East Asia Clean Air Partnership (NEACAP){extra}, a flagship initiative under the North-East Asian Subregional Programme for Environmental Cooperation (NEASPEC), is dedicated to addressing air pollution challenges in the North-East Asia through enhanced science-policy integration and regional cooperation."
        ))
    };
    let (a, b) = run(
        &s,
        "concept-note",
        "background.json",
        para,
        &[text(" (draft)"), text("")],
        seed_edits,
    );
    out.push(row(
        "seed set, concept note (3 pages): a background paragraph",
        &a,
        &b,
        Some(150.0),
    ));
    std::thread::sleep(Duration::from_secs(2));
    let rss_seed = s.rss_kib();
    stop.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let typst_seed = peak.load(Ordering::Relaxed);
    drop(s);

    let stress = work.join("stress");
    let st = Command::new(meetdoc())
        .args(["stress-data", stress.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let s = start(&stress);
    let (stop, peak) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU64::new(0)),
    );
    let sampler = {
        let (stop, peak, pid) = (stop.clone(), peak.clone(), s.child.id());
        std::thread::spawn(move || sample_children(pid, stop, peak))
    };
    let (_, first) = s.call("GET", "/api/state", None);
    let title = first["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "programme.json")
        .unwrap()["value"]["days"][0]["items"][1]["title"]
        .as_str()
        .unwrap()
        .to_string();
    let pages = s.pages("programme", None)["pages"]
        .as_array()
        .unwrap()
        .len();
    let (a, b) = run(
        &s,
        "programme",
        "programme.json",
        json!(["days", 0, "items", 1, "title"]),
        &[json!(format!("{title} (revised)")), json!(title)],
        stress_edits,
    );
    out.push(row(
        &format!("stress set, programme ({pages} pages): an item's title"),
        &a,
        &b,
        Some(2000.0),
    ));
    std::thread::sleep(Duration::from_secs(2));
    let rss_stress = s.rss_kib();
    stop.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let typst_stress = peak.load(Ordering::Relaxed);
    drop(s);

    println!("| case | edits | median | p95 | max | median round trip (client) | target (p95) |");
    println!("|---|---|---|---|---|---|---|");
    for l in out {
        println!("{l}");
    }
    println!();
    let mb = |k: u64| k as f64 / 1024.0;
    println!("| memory (resident) | meetdoc serve | largest typst process |");
    println!("|---|---|---|");
    println!(
        "| seed set, at rest after start | {:.1} MB | |",
        mb(rss_start)
    );
    let met = |k: u64| if mb(k) < 50.0 { "met" } else { "**not met**" };
    println!(
        "| seed set, at rest after the edits above | {:.1} MB (< 50 MB: {}) | {:.1} MB |",
        mb(rss_seed),
        met(rss_seed),
        mb(typst_seed)
    );
    println!(
        "| stress set, at rest after the edits above | {:.1} MB | {:.1} MB |",
        mb(rss_stress),
        mb(typst_stress)
    );
}
