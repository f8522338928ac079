//! The editor is a web server, even on one machine: what every request
//! must show before it is answered.
//!
//! - It listens on 127.0.0.1 only (see `mod.rs`).
//! - A random token, new for every run, is required on every request: in
//!   the address printed at start (`?token=…`), which answers with a
//!   cookie (HttpOnly, SameSite=Strict) and sends the browser on to the
//!   address without it; from then on the cookie.
//! - The `Host` header must be `127.0.0.1:PORT` or `localhost:PORT`: a page
//!   elsewhere whose name was pointed at 127.0.0.1 (DNS rebinding) is
//!   refused.
//! - A request that changes anything (any method but GET and HEAD) must come
//!   from the editor's own page: its `Origin` is the editor's address, or,
//!   without one, `Sec-Fetch-Site` says `same-origin`.
//! - Request bodies are at most [`MAX_BODY`] bytes.
//! - Every answer forbids scripts, styles and frames from anywhere else
//!   (Content-Security-Policy), so even a data value that slipped into the
//!   page as markup could not run.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::io::Read;
use std::sync::Arc;

/// The largest request body accepted (an edit is a few hundred bytes; a
/// whole programme of the stress set, 0.4 MiB).
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// The cookie that carries the token.
pub const COOKIE: &str = "meetdoc_token";

/// What requests are checked against.
#[derive(Debug, Clone)]
pub struct Guard {
    pub token: String,
    pub port: u16,
}

/// A new random token: 32 bytes from the system's random source, in hex.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn refuse(status: StatusCode, message: &str) -> Response {
    with_policy(
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{message}\n"),
        )
            .into_response(),
    )
}

impl Guard {
    /// The addresses the editor answers to.
    fn hosts(&self) -> [String; 2] {
        [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ]
    }

    fn host_ok(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        self.hosts().iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    /// The token of the query (`?token=…`), if it is this run's.
    fn query_token(&self, query: Option<&str>) -> bool {
        query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter_map(|kv| kv.strip_prefix("token="))
            .any(|t| same(t, &self.token))
    }

    fn cookie_token(&self, headers: &HeaderMap) -> bool {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
            .any(|t| same(t, &self.token))
    }

    /// Whether a request that changes something comes from the editor's
    /// own page.
    fn same_origin(&self, headers: &HeaderMap) -> bool {
        match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            Some(origin) => self
                .hosts()
                .iter()
                .any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}"))),
            None => headers
                .get("sec-fetch-site")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v == "same-origin"),
        }
    }
}

/// The check every request goes through (an axum middleware).
pub async fn check(State(guard): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    if !guard.host_ok(headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            &format!(
                "refused: this editor answers only at http://127.0.0.1:{0}/ or http://localhost:{0}/",
                guard.port
            ),
        );
    }
    let by_query = guard.query_token(req.uri().query());
    if !by_query && !guard.cookie_token(headers) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "refused: open the editor with the address meetdoc serve printed when it started (it holds the token)",
        );
    }
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD);
    if changes && !guard.same_origin(headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            "refused: changes are accepted only from the editor's own page",
        );
    }
    if by_query && req.method() == Method::GET && req.uri().path() == "/" {
        // The token becomes a cookie, and leaves the address bar.
        let cookie = format!(
            "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/",
            guard.token
        );
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::SEE_OTHER;
        r.headers_mut()
            .insert(header::LOCATION, HeaderValue::from_static("/"));
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        return with_policy(r);
    }
    with_policy(next.run(req).await)
}

/// The headers every answer carries.
fn with_policy(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same(&a, &a[..63]));
    }

    #[test]
    fn only_this_port_on_loopback_names_is_the_host() {
        let g = Guard {
            token: "t".into(),
            port: 8421,
        };
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_str(v).unwrap());
            m
        };
        assert!(g.host_ok(&h("127.0.0.1:8421")));
        assert!(g.host_ok(&h("localhost:8421")));
        assert!(!g.host_ok(&h("localhost:8422")));
        assert!(!g.host_ok(&h("evil.example:8421")));
        assert!(!g.host_ok(&h("127.0.0.1")));
        assert!(!g.host_ok(&HeaderMap::new()));
    }
}
