//! The Web Worker shell: the only code that knows it runs in a browser.
//!
//! In: messages from the page ([`crate::protocol::Request`]) with the person's `File`
//! beside an `analyze` message. Out: `progress`, `report`, `posts`, `codes_csv` and `error`
//! messages ([`crate::protocol::Reply`]) posted back to the page as JSON text (one string
//! is far cheaper to post and parse than a large object graph). The archive is read in
//! slices from the `File` ([`BlobSlices`]); it is never copied whole, never uploaded, and
//! this module has no way to reach the network. After a report the Worker keeps the
//! [`Analysis`] for the visit, so filtering, re-coding and a new codebook need no second
//! reading.

mod blob_reader;

pub use blob_reader::BlobSlices;

use std::cell::RefCell;

use js_sys::{ArrayBuffer, Date, Reflect, WebAssembly};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope};

use crate::analysis::{Analysis, Options, read_codebook};
use crate::error::{Error, ErrorKind};
use crate::progress::{Progress, Update};
use crate::protocol::{CodebookFile, Diagnostics, Reply, Request};
use crate::read::AnyContainer;
use crate::source::{ReadAhead, ReadStats};

thread_local! {
    /// The archive opened in this Worker, kept for the visit.
    static OPEN: RefCell<Option<Analysis>> = const { RefCell::new(None) };
    /// The built-in codebook, compiled once per Worker (it takes a noticeable moment in
    /// Wasm, so it is done in [`warm_up`] before a file arrives).
    static DEFAULT_CODEBOOK: std::cell::OnceCell<crate::classify::Codebook> = const { std::cell::OnceCell::new() };
}

fn default_codebook() -> crate::classify::Codebook {
    DEFAULT_CODEBOOK.with(|c| {
        c.get_or_init(crate::classify::Codebook::default_codebook)
            .clone()
    })
}

/// Gets the Worker ready before the person has chosen a file: compiles the built-in
/// codebook and runs the pipeline once on a tiny made-up archive, so the browser has
/// already compiled the code a real archive needs (it compiles Wasm functions on first
/// use). Called by `worker.js` once the module is loaded; nothing is read or kept.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() {
    use crate::model::{Archive, Link, Post};
    let at = chrono::DateTime::from_timestamp(1_600_000_000, 0).unwrap_or_default();
    let post = |id: &str, text: &str| {
        let mut p = Post::new(id, at, text);
        p.hashtags = vec!["edchat".into()];
        p.links = vec![Link::new("https://www.edutopia.org/a")];
        p.origin.entry = "warm-up".into();
        p
    };
    let archive = Archive {
        posts: vec![
            post("1", "Q1: How do you give feedback at scale? #edchat"),
            post("2", "A great list of retrieval practice ideas #edchat"),
        ],
        ..Default::default()
    };
    let summary = crate::report::ArchiveSummary {
        container: "zip archive".into(),
        platform: crate::import::Platform::X,
        platform_label: String::new(),
        root: String::new(),
        entries: 0,
        bytes: 0,
        data_files: Vec::new(),
        files: Vec::new(),
    };
    let options = Options::with_builtin(default_codebook(), crate::analysis::builtin_model());
    let analysis =
        Analysis::of_archive(summary, archive, options, &mut crate::progress::NoProgress);
    let _ = serde_json::to_string(&analysis.report());
}

/// Sets up readable panic messages in the browser console.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The core's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The size of the Wasm linear memory in bytes (what the archive costs in memory).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<ArrayBuffer>()
        .byte_length() as f64
}

/// Handles one message from the page and posts the replies. Called by `worker.js` for
/// every message, and by nothing else.
#[wasm_bindgen(js_name = handleMessage)]
pub fn handle_message(message: JsValue) {
    let reply = match serde_wasm_bindgen::from_value::<Request>(message.clone()) {
        Ok(request) => answer(request, &message),
        Err(e) => Reply::from_error(&Error::new(
            ErrorKind::Invalid,
            format!("the page sent a message the worker does not understand: {e}"),
        )),
    };
    post(&reply);
}

fn options(time_zone: Option<&str>, codebook: Option<&CodebookFile>) -> Result<Options, Error> {
    let mut options = Options::with_builtin(default_codebook(), crate::analysis::builtin_model());
    if let Some(tz) = time_zone {
        // A browser may name a zone this build does not know: fall back to UTC rather
        // than refuse the archive.
        if let Ok(o) = options.clone().with_time_zone(tz) {
            options = o;
        }
    }
    if let Some(c) = codebook {
        options = options.with_codebook_text(&c.text, &c.name)?;
    }
    Ok(options)
}

fn no_archive() -> Reply {
    Reply::from_error(&Error::new(
        ErrorKind::Invalid,
        "no archive is open yet; choose a file first",
    ))
}

/// The reply to one request: each kind is a small step of its own below.
fn answer(request: Request, message: &JsValue) -> Reply {
    match request {
        Request::Analyze {
            time_zone,
            codebook,
        } => analyze_request(blobs_of(message), time_zone.as_deref(), codebook.as_ref()),
        Request::Posts {
            request,
            filter,
            offset,
            limit,
        } => with_report(|a| Reply::Posts {
            request,
            page: a.posts(filter, offset, limit.min(1000)),
        }),
        Request::Recode { recode } => with_open(|a| a.recode(&recode)),
        Request::UndoRecode { id } => with_open(|a| {
            a.undo_recode(&id);
            Ok(())
        }),
        Request::RecodesCsv { name, text } => with_open(|a| recode_all(a, &name, &text)),
        Request::Codebook { codebook } => with_open(|a| {
            match &codebook {
                Some(c) => a.set_codebook(read_codebook(&c.text, &c.name)?, Some(&c.name)),
                None => a.set_codebook(default_codebook(), None),
            };
            Ok(())
        }),
        Request::CodesCsv { with_text } => with_report(|a| codes_csv(a, with_text)),
        Request::Summary { pseudonym } => with_report(|a| Reply::Summary {
            summary: Box::new(crate::summary::Summary::of(
                &a.report(),
                pseudonym.as_deref(),
            )),
        }),
        Request::Export { format } => with_report(|a| export(&a.report(), format)),
        Request::Reliability { coded } => with_report(|a| reliability(a, &coded)),
        Request::Class { summaries } => class(&summaries),
    }
}

/// The files beside an `analyze` message: several exports come as `files` (an array),
/// one as `file`.
fn blobs_of(message: &JsValue) -> Vec<Blob> {
    let many: Vec<Blob> = Reflect::get(message, &JsValue::from_str("files"))
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|a| {
            js_sys::Array::from(&a)
                .iter()
                .filter_map(|f| f.dyn_into::<Blob>().ok())
                .collect()
        })
        .unwrap_or_default();
    let one = Reflect::get(message, &JsValue::from_str("file"))
        .ok()
        .and_then(|f| f.dyn_into::<Blob>().ok());
    if many.is_empty() {
        one.into_iter().collect()
    } else {
        many
    }
}

/// Reads the exports and keeps their analysis open for the visit (the one open before is
/// let go first, so two never sit in memory together).
fn analyze_request(
    blobs: Vec<Blob>,
    time_zone: Option<&str>,
    codebook: Option<&CodebookFile>,
) -> Reply {
    if blobs.is_empty() {
        return Reply::from_error(&Error::new(
            ErrorKind::Invalid,
            "the page sent no file to read",
        ));
    }
    OPEN.with_borrow_mut(|open| *open = None);
    let opts = match options(time_zone, codebook) {
        Ok(o) => o,
        Err(e) => return Reply::from_error(&e),
    };
    match analyze_many(blobs, &mut PostProgress::default(), opts) {
        Ok((analysis, diagnostics)) => {
            let reply = report_reply(&analysis, diagnostics);
            OPEN.with_borrow_mut(|open| *open = Some(analysis));
            reply
        }
        Err(e) => Reply::from_error(&e),
    }
}

/// Answers from the open analysis without changing it.
fn with_report(read: impl FnOnce(&Analysis) -> Reply) -> Reply {
    OPEN.with_borrow(|open| match open {
        Some(a) => read(a),
        None => no_archive(),
    })
}

/// Applies the codes of a CSV file the person chose (`name`). Codes that cannot be used
/// are skipped, but a file none of whose codes can be used is refused, with the first
/// reason: it is most likely the wrong file.
fn recode_all(a: &mut Analysis, name: &str, text: &str) -> Result<(), Error> {
    let recodes = crate::analysis::read_recodes_csv(text.as_bytes())
        .map_err(|e| Error::new(e.kind, format!("{name}: {}", e.message)))?;
    let failed = a.recode_all(&recodes);
    if !recodes.is_empty() && failed.len() == recodes.len() {
        let (id, why) = &failed[0];
        return Err(Error::new(
            ErrorKind::Invalid,
            format!(
                "{name}: none of its {} codes could be used (post {id}: {why})",
                recodes.len()
            ),
        ));
    }
    Ok(())
}

/// Every post's codes as CSV text.
fn codes_csv(a: &Analysis, with_text: bool) -> Reply {
    let mut out = Vec::new();
    match a.write_codes_csv(&mut out, with_text) {
        Ok(()) => Reply::CodesCsv {
            csv: String::from_utf8_lossy(&out).into_owned(),
        },
        Err(e) => Reply::from_error(&Error::from(e)),
    }
}

/// How far the classifier agrees with the person's own codes for some posts.
fn reliability(a: &Analysis, coded: &[crate::reliability::HandCode]) -> Reply {
    let r = a.report();
    Reply::Reliability {
        reliability: Box::new(crate::reliability::check(
            a,
            &r.codebook.purposes,
            &r.codebook.topics,
            coded,
        )),
    }
}

/// The class view of the summaries the page read; a file that is not a summary is named
/// in `problems` and left out.
fn class(summaries: &[crate::protocol::NamedText]) -> Reply {
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for file in summaries {
        match crate::summary::Summary::from_json(&file.text) {
            Ok(s) => read.push(s),
            Err(e) => problems.push(format!("{}: {e}", file.name)),
        }
    }
    Reply::Class {
        class: Box::new(crate::class::ClassView::of(&read)),
        problems,
    }
}

/// A research file of the open archive's report.
fn export(report: &crate::report::Report, format: crate::protocol::ExportFormat) -> Reply {
    use crate::protocol::ExportFormat;
    let mut out = Vec::new();
    let written = match format {
        ExportFormat::Graphml => crate::export::write_graphml(report, &mut out),
        ExportFormat::EdgesCsv => {
            crate::export::write_edges_csv(report, &mut out).map_err(std::io::Error::other)
        }
        ExportFormat::SessionsCsv => {
            crate::export::write_sessions_csv(report, &mut out).map_err(std::io::Error::other)
        }
    };
    match written {
        Ok(()) => Reply::Export {
            format,
            text: String::from_utf8_lossy(&out).into_owned(),
        },
        Err(e) => Reply::from_error(&Error::from(e)),
    }
}

/// Changes the open analysis and answers with its new report.
fn with_open(change: impl FnOnce(&mut Analysis) -> Result<(), Error>) -> Reply {
    OPEN.with_borrow_mut(|open| match open {
        Some(a) => match change(a) {
            Ok(()) => {
                let started = Date::now();
                let mut reply = report_reply(a, Diagnostics::default());
                if let Reply::Report { diagnostics, .. } = &mut reply {
                    diagnostics.report_ms = Date::now() - started;
                    diagnostics.wasm_memory_bytes = wasm_memory_bytes() as u64;
                }
                reply
            }
            Err(e) => Reply::from_error(&e),
        },
        None => no_archive(),
    })
}

fn report_reply(analysis: &Analysis, mut diagnostics: Diagnostics) -> Reply {
    let started = Date::now();
    let report = analysis.report();
    diagnostics.report_ms += Date::now() - started;
    diagnostics.elapsed_ms += Date::now() - started;
    Reply::Report {
        report: Box::new(report),
        diagnostics,
        recodes: analysis.recodes(),
    }
}

/// Reads `blob` and builds its report, in this thread (the caller is a Worker), for
/// hosts other than `worker.js` such as tests. Returns `{report, diagnostics, recodes}`.
#[wasm_bindgen(js_name = analyzeBlob)]
pub fn analyze_blob(blob: Blob) -> Result<JsValue, JsValue> {
    match analyze(blob, &mut crate::progress::NoProgress, Options::default()) {
        Ok((analysis, diagnostics)) => to_js(&report_reply(&analysis, diagnostics)),
        Err(e) => Err(to_js(&Reply::from_error(&e))?),
    }
}

/// Opens the blob (a zip, a .tar.gz or a .car) through slices and runs the pipeline up
/// to the report.
fn analyze(
    blob: Blob,
    progress: &mut dyn Progress,
    options: Options,
) -> Result<(Analysis, Diagnostics), Error> {
    analyze_many(vec![blob], progress, options)
}

/// Opens several exports of one person and reads them into one report (one blob: as
/// [`analyze`]).
fn analyze_many(
    blobs: Vec<Blob>,
    progress: &mut dyn Progress,
    options: Options,
) -> Result<(Analysis, Diagnostics), Error> {
    let started = Date::now();
    let mut file_bytes = 0;
    let mut opened = Vec::new();
    for (i, blob) in blobs.into_iter().enumerate() {
        let name = blob
            .dyn_ref::<web_sys::File>()
            .map_or_else(|| format!("file {}", i + 1), |f| f.name());
        let source = BlobSlices::new(blob)?;
        file_bytes += crate::source::SliceSource::len(&source);
        opened.push((name, AnyContainer::open(ReadAhead::new(source))?));
    }
    let open_ms = Date::now() - started;
    let exports = opened
        .iter_mut()
        .map(|(name, c)| (name.clone(), c as &mut dyn crate::read::Container))
        .collect();
    let analysis = Analysis::run_many(exports, progress, options)?;
    let mut read = ReadStats::default();
    for (_, c) in opened {
        let stats = c.into_inner().stats();
        read.slices += stats.slices;
        read.bytes += stats.bytes;
    }
    Ok((
        analysis,
        Diagnostics {
            elapsed_ms: Date::now() - started,
            open_ms,
            report_ms: 0.0,
            read,
            file_bytes,
            wasm_memory_bytes: wasm_memory_bytes() as u64,
        },
    ))
}

/// Converts a reply to a plain JS object (objects, not `Map`s, so the page can use it
/// like JSON).
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&format!("could not build the reply: {e}")))
}

/// Posts a reply to the page, as JSON text.
fn post(reply: &Reply) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let text = serde_json::to_string(reply).unwrap_or_else(|e| {
        format!(
            r#"{{"type":"error","kind":"crashed","message":"the reply could not be written ({e})","hint":"reload the page and try again"}}"#
        )
    });
    // Posting a string cannot fail to clone.
    let _ = scope.post_message(&JsValue::from_str(&text));
}

/// Posts progress to the page, at most every 50 ms so the page is not flooded.
#[derive(Default)]
struct PostProgress {
    last_post: f64,
}

impl Progress for PostProgress {
    fn update(&mut self, update: &Update) {
        let now = Date::now();
        let finished = update.total > 0 && update.done >= update.total;
        if now - self.last_post >= 50.0 || finished {
            self.last_post = now;
            post(&Reply::Progress(update.clone()));
        }
    }
}
