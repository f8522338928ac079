//! Running `meetdoc serve` for a test, and talking to it over plain HTTP
//! (a hand-written HTTP/1.1 client, so that a test can send any header it
//! likes: a wrong Host, a foreign Origin, no cookie).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh scratch folder under target/tmp.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("meetdoc-serve-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies a folder with its subfolders (the language folders, `ru/`).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = e.file_type().unwrap();
        if t.is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else if t.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A copy of the seed data set (`NAME/neacap-pd2`) and of the SOM-28 set
/// (`NAME/som28`, which names `../neacap-pd2`).
pub fn seed_copy(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_dir(&root().join("data/neacap-pd2"), &dir.join("neacap-pd2"));
    copy_dir(&root().join("data/som28"), &dir.join("som28"));
    dir
}

/// PATH with ~/.cargo/bin (where `make` installs typst).
pub fn path_with_typst() -> String {
    let home = std::env::var("HOME").unwrap_or_default();
    format!(
        "{home}/.cargo/bin:{}",
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A running `meetdoc serve`.
pub struct Server {
    pub child: Option<Child>,
    /// The first line it printed: the address with the token.
    pub url: String,
    pub port: u16,
    pub token: String,
    pub stderr: PathBuf,
    /// Its temporary folder (TMPDIR): where its build folders go.
    pub tmp: PathBuf,
}

impl Server {
    /// Starts `meetdoc serve DIR --port 0 [args]`, and waits for its address.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let stderr = dir.with_extension(format!("serve-{}.log", std::process::id()));
        let tmp = dir.with_extension("tmp");
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_meetdoc"))
            .arg("serve")
            .arg(dir)
            .args(if args.is_empty() {
                &["--port", "0"][..]
            } else {
                args
            })
            .current_dir(dir.parent().unwrap())
            .env("PATH", path_with_typst())
            .env("MEETDOC_LAYOUTS", root().join("layouts"))
            .env("TMPDIR", &tmp)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("run meetdoc serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "first line: {url:?}; stderr: {}",
            std::fs::read_to_string(&stderr).unwrap_or_default()
        );
        let rest = &url["http://127.0.0.1:".len()..];
        let port: u16 = rest[..rest.find('/').unwrap()].parse().unwrap();
        let token = url.split("token=").nth(1).unwrap().to_string();
        Server {
            child: Some(child),
            url,
            port,
            token,
            stderr,
            tmp,
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A request as the editor's own page sends it (cookie; Origin on a
    /// change).
    pub fn call(&self, method: &str, path: &str, body: Option<&str>) -> Reply {
        let cookie = format!("meetdoc_token={}", self.token);
        let origin = self.base();
        let mut headers = vec![("Cookie", cookie.as_str())];
        if method != "GET" {
            headers.push(("Origin", origin.as_str()));
        }
        self.raw(method, path, &headers, body.map(str::as_bytes), None)
    }

    pub fn get(&self, path: &str) -> Reply {
        self.call("GET", path, None)
    }

    pub fn post(&self, path: &str, body: &serde_json::Value) -> Reply {
        self.call("POST", path, Some(&body.to_string()))
    }

    /// Any request: `headers` as given (Host is added unless `host` says
    /// otherwise: Some("") sends none).
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
        host: Option<&str>,
    ) -> Reply {
        request(self.port, method, path, headers, body, host)
    }

    /// Stops it with Ctrl-C (SIGINT) and returns its exit status and stderr.
    pub fn stop(&mut self) -> (Option<i32>, String) {
        let mut child = self.child.take().expect("running");
        // SAFETY: sends SIGINT to our own child.
        unsafe {
            libc::kill(child.id() as i32, libc::SIGINT);
        }
        let deadline = Instant::now() + Duration::from_secs(15);
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s.code();
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("meetdoc serve did not stop within 15 s of Ctrl-C");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        (
            status,
            std::fs::read_to_string(&self.stderr).unwrap_or_default(),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on a new connection to 127.0.0.1:`port`.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
    host: Option<&str>,
) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    let host_line = host
        .map(str::to_string)
        .unwrap_or(format!("127.0.0.1:{port}"));
    if !host_line.is_empty() {
        head.push_str(&format!("Host: {host_line}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    if let Some(b) = body {
        // A server may answer (and close) before reading a body it refuses.
        let _ = s.write_all(b);
    }
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(std::str::from_utf8(&b[..end]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + n]);
        b = &b[end + 2 + n + 2..];
    }
    out
}
