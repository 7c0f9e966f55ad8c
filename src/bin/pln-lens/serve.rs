//! `pln-lens serve`: the web app from this one binary, offline, with its security headers.
//!
//! In: the built app (`dist/`, embedded at compile time, or a folder given with `--dir`),
//! the demos (made in memory at start-up by [`crate::demos`] when the app is embedded) and
//! the rules in `www/_headers`. Out: an HTTP server on loopback that sends every file
//! with the Content-Security-Policy and the other headers those rules name, so the Worker
//! is covered too (a `<meta>` policy would not reach it). Nothing here reads archives: the
//! browser does that, locally.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

/// The app as built by `make dist`, embedded in release builds, without the demos (which
/// `make dist` writes with this very binary: see [`crate::demos`]).
#[derive(rust_embed::RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/dist/"]
#[exclude = "demos/*"]
#[allow_missing = true]
struct Embedded;

/// The demo files by name, made once when the server starts.
type Demos = Arc<std::collections::HashMap<String, Vec<u8>>>;

/// The header rules, compiled in so the binary always sends the project's policy.
const HEADER_RULES: &str = include_str!("../../../www/_headers");

/// Where the files come from.
#[derive(Clone)]
pub enum AppFiles {
    /// The `dist/` folder embedded at build time.
    Embedded,
    /// A folder on disk (`--dir`), served by tower-http's `ServeDir` (which keeps requests
    /// inside the folder and names each file's type).
    Dir(PathBuf),
}

impl AppFiles {
    /// Whether there is an app to serve at all.
    pub fn has_index(&self) -> bool {
        match self {
            AppFiles::Embedded => Embedded::get("index.html").is_some(),
            AppFiles::Dir(root) => root.join("index.html").is_file(),
        }
    }
}

/// One block of `_headers`: a path pattern and the headers for paths it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRule {
    /// `/*` matches everything; `/x/*` a folder; anything else one path.
    pub pattern: String,
    /// Header names and values, in file order.
    pub headers: Vec<(String, String)>,
}

/// Parses the Netlify/Cloudflare `_headers` format: a path line, then indented
/// `Name: value` lines; `#` starts a comment line.
pub fn parse_header_rules(text: &str) -> Vec<HeaderRule> {
    let mut rules: Vec<HeaderRule> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        match (indented, trimmed.split_once(':'), rules.last_mut()) {
            (true, Some((name, value)), Some(rule)) => rule
                .headers
                .push((name.trim().to_string(), value.trim().to_string())),
            _ => rules.push(HeaderRule {
                pattern: trimmed.to_string(),
                headers: Vec::new(),
            }),
        }
    }
    rules
}

/// The headers the rules give a request path such as `/worker.js`.
pub fn headers_for<'a>(rules: &'a [HeaderRule], path: &str) -> Vec<&'a (String, String)> {
    rules
        .iter()
        .filter(|r| match r.pattern.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == r.pattern,
        })
        .flat_map(|r| r.headers.iter())
        .collect()
}

/// Serves the app until the process is stopped. `on_ready` gets the bound address
/// (useful with port 0).
pub fn run(
    files: AppFiles,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_ready(listener.local_addr()?);
        axum::serve(listener, app(files))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}

/// The files, each answer (404s too) with the headers `_headers` gives its path.
fn app(files: AppFiles) -> Router {
    let rules = Arc::new(parse_header_rules(HEADER_RULES));
    let router = match files {
        AppFiles::Embedded => {
            let demos: Demos = Arc::new(match crate::demos::files() {
                Ok(files) => files.into_iter().collect(),
                Err(e) => {
                    eprintln!("warning: the demo archives could not be made: {e}");
                    Default::default()
                }
            });
            Router::new().fallback(embedded).with_state(demos)
        }
        AppFiles::Dir(root) => Router::new().fallback_service(ServeDir::new(root)),
    };
    router.layer(axum::middleware::from_fn_with_state(
        rules,
        security_headers,
    ))
}

/// One embedded file or demo, or 404.
async fn embedded(State(demos): State<Demos>, uri: Uri) -> Response {
    let name = match uri.path().trim_start_matches('/') {
        "" => "index.html",
        p => p,
    };
    if let Some(demo) = name.strip_prefix("demos/").and_then(|d| demos.get(d)) {
        let mime = if name.ends_with(".zip") {
            "application/zip"
        } else {
            "application/json"
        };
        return ([(header::CONTENT_TYPE, mime)], demo.clone()).into_response();
    }
    match Embedded::get(name) {
        Some(file) => (
            [(header::CONTENT_TYPE, file.metadata.mimetype().to_string())],
            file.data,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Adds the security headers the rules give the request's path.
async fn security_headers(
    State(rules): State<Arc<Vec<HeaderRule>>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Always the freshest build while developing; nothing here is worth caching.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    for (name, value) in headers_for(&rules, &path) {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(n, v);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_rules_give_every_path_a_strict_csp() {
        let rules = parse_header_rules(HEADER_RULES);
        for path in [
            "/",
            "/index.html",
            "/worker.js",
            "/pln_lens_bg.wasm",
            "/nope",
        ] {
            let csp = headers_for(&rules, path)
                .into_iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-security-policy"))
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("no CSP for {path}"));
            assert!(csp.contains("default-src 'none'"));
            assert!(csp.contains("connect-src 'self'"));
            assert!(!csp.contains("http"), "no other origin may be named: {csp}");
        }
    }

    #[test]
    fn parses_blocks_comments_and_exact_paths() {
        let rules = parse_header_rules("# c\n/*\n  A: 1\n/x.js\n  B: 2\n");
        assert_eq!(rules.len(), 2);
        let names = |p| {
            headers_for(&rules, p)
                .into_iter()
                .map(|(n, _)| n.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("/x.js"), ["A", "B"]);
        assert_eq!(names("/y.js"), ["A"]);
    }

    /// The app's answer to a GET of `path`: status, headers and body.
    fn answer(files: AppFiles, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        use tower::ServiceExt;
        let request = Request::builder()
            .uri(path)
            .body(axum::body::Body::empty())
            .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let response = app(files).oneshot(request).await.unwrap();
            let (parts, body) = response.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            (parts.status, parts.headers, body.to_vec())
        })
    }

    /// What the app answers `path` with, when it serves this folder.
    fn status_of(dir: &std::path::Path, path: &str) -> (StatusCode, Option<String>) {
        let (status, headers, _) = answer(AppFiles::Dir(dir.to_path_buf()), path);
        let csp = headers
            .get("content-security-policy")
            .map(|v| v.to_str().unwrap().to_string());
        (status, csp)
    }

    #[test]
    fn dir_files_refuse_paths_out_of_the_folder() {
        let dir = std::env::temp_dir().join(format!("pln-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        let (ok, csp) = status_of(&dir, "/");
        assert_eq!(ok, StatusCode::OK);
        assert!(csp.is_some_and(|c| c.contains("default-src 'none'")));
        for path in ["/../etc/passwd", "/%2e%2e/etc/passwd", "//etc/passwd"] {
            let (status, csp) = status_of(&dir, path);
            assert_ne!(status, StatusCode::OK, "{path}");
            assert!(csp.is_some(), "a refusal carries the policy too: {path}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The body and type the embedded app answers `path` with.
    fn embedded_answer(path: &str) -> (StatusCode, String, Vec<u8>) {
        let (status, headers, body) = answer(AppFiles::Embedded, path);
        let mime = headers[header::CONTENT_TYPE].to_str().unwrap().to_string();
        (status, mime, body)
    }

    /// The demos are made when the server starts, not embedded (issue 13): the index the
    /// page lists them from, each archive (a zip) and each summary are served.
    #[test]
    fn the_embedded_app_serves_the_demos_it_makes() {
        let (status, mime, body) = embedded_answer("/demos/index.json");
        assert_eq!(status, StatusCode::OK);
        assert_eq!(mime, "application/json");
        let index: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let index = index.as_array().unwrap();
        assert_eq!(index.len(), pln_lens::synth::personas::PERSONAS.len());
        for entry in index {
            let (status, mime, zip) =
                embedded_answer(&format!("/demos/{}", entry["file"].as_str().unwrap()));
            assert_eq!((status, mime.as_str()), (StatusCode::OK, "application/zip"));
            assert!(zip.starts_with(b"PK\x03\x04"));
            let (status, _, summary) =
                embedded_answer(&format!("/demos/{}", entry["summary"].as_str().unwrap()));
            assert_eq!(status, StatusCode::OK);
            let summary: pln_lens::summary::Summary = serde_json::from_slice(&summary).unwrap();
            assert_eq!(summary.pseudonym.as_deref(), entry["title"].as_str());
        }
        assert_eq!(embedded_answer("/demos/nope.zip").0, StatusCode::NOT_FOUND);
    }
}
