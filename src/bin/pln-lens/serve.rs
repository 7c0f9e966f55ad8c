//! `pln-lens serve`: the web app from this one binary, offline, with its security headers.
//!
//! In: the built app (`dist/`, embedded at compile time, or a folder given with `--dir`)
//! and the rules in `www/_headers`. Out: an HTTP server on loopback that sends every file
//! with the Content-Security-Policy and the other headers those rules name, so the Worker
//! is covered too (a `<meta>` policy would not reach it). Nothing here reads archives: the
//! browser does that, locally.

use std::borrow::Cow;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::Response;

/// The app as built by `make dist`, embedded in release builds.
#[derive(rust_embed::RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/dist/"]
#[allow_missing = true]
struct Embedded;

/// The header rules, compiled in so the binary always sends the project's policy.
const HEADER_RULES: &str = include_str!("../../../www/_headers");

/// Where the files come from.
#[derive(Clone)]
pub enum AppFiles {
    /// The `dist/` folder embedded at build time.
    Embedded,
    /// A folder on disk (`--dir`).
    Dir(PathBuf),
}

impl AppFiles {
    /// Whether there is an app to serve at all.
    pub fn has_index(&self) -> bool {
        self.get("index.html").is_some()
    }

    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        match self {
            AppFiles::Embedded => Embedded::get(path).map(|f| f.data),
            AppFiles::Dir(root) => {
                let rel = Path::new(path);
                // Only plain names inside the folder: no `..`, no absolute paths.
                if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
                    return None;
                }
                std::fs::read(root.join(rel)).ok().map(Cow::Owned)
            }
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
    let rules = parse_header_rules(HEADER_RULES);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_ready(listener.local_addr()?);
        let app = Router::new().fallback(move |uri: Uri| {
            let files = files.clone();
            let rules = rules.clone();
            async move { respond(&files, &rules, &uri) }
        });
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}

/// Answers one request: the file, or 404, always with the security headers.
fn respond(files: &AppFiles, rules: &[HeaderRule], uri: &Uri) -> Response {
    let path = uri.path();
    let name = match path.trim_start_matches('/') {
        "" => "index.html",
        p if p.ends_with('/') => return not_found(rules, path),
        p => p,
    };
    let mut response = match files.get(name) {
        Some(bytes) => {
            let mime = mime_guess::from_path(name).first_or_octet_stream();
            let mut r = Response::new(Body::from(bytes.into_owned()));
            if let Ok(v) = HeaderValue::from_str(mime.essence_str()) {
                r.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            r
        }
        None => return not_found(rules, path),
    };
    add_headers(&mut response, rules, path);
    response
}

fn not_found(rules: &[HeaderRule], path: &str) -> Response {
    let mut r = Response::new(Body::from("not found"));
    *r.status_mut() = StatusCode::NOT_FOUND;
    add_headers(&mut r, rules, path);
    r
}

fn add_headers(response: &mut Response, rules: &[HeaderRule], path: &str) {
    let headers = response.headers_mut();
    // Always the freshest build while developing; nothing here is worth caching.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    for (name, value) in headers_for(rules, path) {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(n, v);
        }
    }
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

    #[test]
    fn dir_files_refuse_paths_out_of_the_folder() {
        let files = AppFiles::Dir(std::env::temp_dir());
        assert!(files.get("../etc/passwd").is_none());
        assert!(files.get("/etc/passwd").is_none());
    }
}
