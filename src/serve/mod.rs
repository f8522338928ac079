//! `meetdoc serve`: an editor in the browser over the same data files.
//! Staff edit the meeting in forms, see the pages change as they type, and
//! save; nobody touches JSON.
//!
//! - [`session`]: the files as JSON values, the checks, undo, saving.
//! - [`api`]: the HTTP endpoints (a thin layer over the library).
//! - [`preview`]: the live pages (SVG), rendered as `build` renders.
//! - [`downloads`]: DOCX, PDF, the set's ZIP and change report.
//! - [`security`]: the token, the Host and Origin checks, the limits.
//! - `assets/`: the page (HTML, CSS, JavaScript), built into the binary.
//!
//! The server is built on axum (over tokio and hyper): a small, well-kept
//! HTTP stack that does HTTP/1.1, routing and JSON bodies, and nothing
//! else is needed.

pub mod api;
pub mod downloads;
pub mod preview;
pub mod security;
pub mod session;

use crate::render::RenderContext;
use anyhow::{Context, Result};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// What `meetdoc serve` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// A data set or a set.
    pub dir: PathBuf,
    /// The port to listen on; 0 or a busy one: any free port.
    pub port: u16,
    /// Open the address in the default browser.
    pub open: bool,
}

/// The port `meetdoc serve` tries first.
pub const DEFAULT_PORT: u16 = 8421;

/// The editor's routes, behind the security checks.
pub fn router(app: Arc<api::App>, guard: Arc<security::Guard>) -> Router {
    Router::new()
        .route("/", get(api::index))
        .route("/app.css", get(api::css))
        .route("/app.js", get(api::js))
        .route("/api/state", get(api::state))
        .route("/api/schemas", get(api::schemas))
        .route("/api/edit", post(api::edit))
        .route("/api/undo", post(api::undo))
        .route("/api/redo", post(api::redo))
        .route("/api/save", post(api::save))
        .route("/api/reload", post(api::reload))
        .route("/api/preview", get(api::preview))
        .route("/api/page/{doc}/{n}", get(api::page))
        .route("/api/text/{doc}/{n}", get(api::text))
        .route("/api/download/{doc}/{format}", get(api::download))
        .route("/api/set/{name}", get(api::bundle_file))
        .with_state(app)
        .layer(DefaultBodyLimit::max(security::MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(guard, security::check))
}

/// Listens on 127.0.0.1:`port`, or on a free port when it is 0 or busy.
async fn bind(port: u16) -> Result<tokio::net::TcpListener> {
    match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(l) => Ok(l),
        Err(e) if port != 0 && e.kind() == std::io::ErrorKind::AddrInUse => {
            let l = tokio::net::TcpListener::bind(("127.0.0.1", 0))
                .await
                .context("cannot listen on 127.0.0.1")?;
            eprintln!(
                "port {port} is in use; the editor is on port {} instead",
                l.local_addr()?.port()
            );
            Ok(l)
        }
        Err(e) => Err(e).with_context(|| format!("cannot listen on 127.0.0.1:{port}")),
    }
}

/// Waits for Ctrl-C (SIGINT) or SIGTERM.
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).ok();
    let term = async {
        match &mut term {
            Some(t) => {
                t.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}

/// Runs the editor until Ctrl-C (or SIGTERM), with one render context for
/// its whole life: typst and the fonts are looked up once, and every typst
/// it starts has ended, its build folder gone, when it returns.
pub fn serve(opts: Options, ctx: RenderContext) -> Result<()> {
    ctx.layouts()?;
    let ctx = Arc::new(ctx);
    let session = session::Session::open(&opts.dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server")?;
    runtime.block_on(async move {
        let listener = bind(opts.port).await?;
        let port = listener.local_addr()?.port();
        let guard = Arc::new(security::Guard {
            token: security::new_token().context("cannot make a token")?,
            port,
        });
        let url = format!("http://127.0.0.1:{port}/?token={}", guard.token);
        let app = Arc::new(api::App::new(session, ctx));
        let mut out = std::io::stdout().lock();
        writeln!(out, "{url}")?;
        out.flush()?;
        drop(out);
        eprintln!(
            "editing {} — open the address above in a browser; Ctrl-C to stop",
            opts.dir.display()
        );
        if opts.open {
            open_browser(&url);
        }
        let routes = router(app.clone(), guard);
        let stopping = app.clone();
        axum::serve(listener, routes)
            .with_graceful_shutdown(async move {
                stop_signal().await;
                // Pending page requests end now, not when they time out.
                stopping.previewer.stop();
            })
            .await
            .context("the server stopped")?;
        let unsaved: Vec<String> = app
            .session
            .lock()
            .map(|s| {
                s.files
                    .iter()
                    .filter(|f| f.dirty())
                    .map(|f| f.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        app.previewer.stop();
        app.previewer.join();
        if unsaved.is_empty() {
            eprintln!("stopped");
        } else {
            eprintln!("stopped; not saved: {}", unsaved.join(", "));
        }
        Ok(())
    })
}

/// Opens `url` in the desktop's browser (`--open`); a failure is only said.
fn open_browser(url: &str) {
    let tried = std::process::Command::new("xdg-open")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if tried.is_err() {
        eprintln!("cannot open a browser (xdg-open): open the address above yourself");
    }
}
