//! The Web Worker shell: the only code that knows it runs in a browser.
//!
//! In: messages from the page ([`crate::protocol::Request`]) with the person's `File`
//! beside them. Out: `progress`, `report` and `error` messages
//! ([`crate::protocol::Reply`]) posted back to the page. The archive is read in slices
//! from the `File` ([`BlobSlices`]); it is never copied whole, never uploaded, and this
//! module has no way to reach the network.

mod blob_reader;

pub use blob_reader::BlobSlices;

use js_sys::{ArrayBuffer, Date, Reflect, WebAssembly};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope};

use crate::error::{Error, ErrorKind};
use crate::progress::{Progress, Update};
use crate::protocol::{Diagnostics, Reply, Request};
use crate::read::ZipContainer;
use crate::report::Report;
use crate::source::{ReadAhead, ReadStats};

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
        Ok(Request::Analyze) => {
            let file = Reflect::get(&message, &JsValue::from_str("file"))
                .ok()
                .and_then(|f| f.dyn_into::<Blob>().ok());
            match file {
                Some(blob) => match analyze(blob, &mut PostProgress::default()) {
                    Ok((report, diagnostics)) => Reply::Report {
                        report: Box::new(report),
                        diagnostics,
                    },
                    Err(e) => Reply::from_error(&e),
                },
                None => Reply::from_error(&Error::new(
                    ErrorKind::Invalid,
                    "the page sent no file to read",
                )),
            }
        }
        Err(e) => Reply::from_error(&Error::new(
            ErrorKind::Invalid,
            format!("the page sent a message the worker does not understand: {e}"),
        )),
    };
    post(&reply);
}

/// Reads `blob` and builds its report, in this thread (the caller is a Worker), for
/// hosts other than `worker.js` such as tests. Returns `{report, diagnostics}`.
#[wasm_bindgen(js_name = analyzeBlob)]
pub fn analyze_blob(blob: Blob) -> Result<JsValue, JsValue> {
    match analyze(blob, &mut crate::progress::NoProgress) {
        Ok((report, diagnostics)) => to_js(&Reply::Report {
            report: Box::new(report),
            diagnostics,
        }),
        Err(e) => Err(to_js(&Reply::from_error(&e))?),
    }
}

/// Opens the blob as a zip through slices and runs the pipeline.
fn analyze(blob: Blob, progress: &mut dyn Progress) -> Result<(Report, Diagnostics), Error> {
    let started = Date::now();
    let source = BlobSlices::new(blob)?;
    let file_bytes = crate::source::SliceSource::len(&source);
    let mut container = ZipContainer::open(ReadAhead::new(source))?;
    let open_ms = Date::now() - started;
    let report = crate::analyze(&mut container, progress)?;
    let read: ReadStats = container.into_inner().stats();
    Ok((
        report,
        Diagnostics {
            elapsed_ms: Date::now() - started,
            open_ms,
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

/// Posts a reply to the page.
fn post(reply: &Reply) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let message = to_js(reply).unwrap_or_else(|e| e);
    // Posting only fails for values that cannot be cloned; ours are plain data.
    let _ = scope.post_message(&message);
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
