//! PLN Lens: see your own professional learning network, privately.
//!
//! The core is a straight pipeline, one module per stage, plain data in and out:
//!
//! ```text
//! source  -> read      -> import    -> model              -> report
//! (bytes)    (zip/dir)    (one per      (platform-neutral    (what the shells show)
//!                         platform)     Archive)
//! ```
//!
//! Two thin shells drive it: the CLI (`src/bin/pln-lens`, native only) and the Web
//! Worker shell (`wasm`, compiled only on `wasm32`). Nothing in the core prints, touches the
//! network or knows which shell runs it.

pub mod chats;
pub mod classify;
pub mod error;
pub mod import;
pub mod model;
pub mod progress;
pub mod protocol;
pub mod read;
pub mod report;
pub mod source;
#[cfg(not(target_arch = "wasm32"))]
pub mod synth;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorKind, Result};
pub use progress::{NoProgress, Progress, Stage, Update};
pub use read::{Container, EntryInfo, ZipContainer};
pub use report::Report;

/// Runs the whole pipeline on an opened container and returns the report.
pub fn analyze(container: &mut dyn Container, progress: &mut dyn Progress) -> Result<Report> {
    progress.update(&Update {
        stage: Stage::Open,
        done: 0,
        total: 0,
        entries_done: 0,
        entries_total: container.entries().len() as u32,
        posts: 0,
    });
    let detected = import::detect(container)?;
    if progress.cancelled() {
        return Err(Error::new(ErrorKind::Cancelled, "stopped before reading"));
    }
    let archive = import::import(container, &detected, progress)?;
    Ok(report::build(container, &detected, archive))
}
