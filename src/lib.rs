//! PLN Lens: see your own professional learning network, privately.
//!
//! The core is a straight pipeline, one module per stage, plain data in and out:
//!
//! ```text
//! source  -> read      -> import    -> model       -> classify -> chats    -> network  -> report
//! (bytes)    (zip/dir)    (one per      (platform-     (codes +    (sessions,  (people,    (what the
//!                         platform)     neutral)       why)        roles)      spaces,     shells
//!                                                                              tools)      show)
//! ```
//!
//! [`analysis::Analysis`] holds the pipeline open after reading, so a person can re-code
//! posts or change the codebook and see every figure again without reading the archive
//! twice. Two thin shells drive it: the CLI (`src/bin/pln-lens`, native only) and the Web
//! Worker shell (`wasm`, compiled only on `wasm32`). Nothing in the core prints, touches the
//! network or knows which shell runs it.

pub mod analysis;
pub mod chats;
pub mod class;
pub mod classify;
pub mod corpus;
pub mod error;
pub mod export;
#[cfg(test)]
pub(crate) mod fixture;
pub mod import;
pub mod model;
pub mod network;
mod parallel;
pub mod progress;
pub mod protocol;
pub mod read;
pub mod reliability;
pub mod report;
pub mod source;
pub mod summary;
#[cfg(not(target_arch = "wasm32"))]
pub mod synth;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorKind, Result};
pub use progress::{NoProgress, Progress, Stage, Update};
pub use read::{Container, EntryInfo, ZipContainer};
pub use report::Report;

/// Runs the whole pipeline on an opened container with the default codebook, in UTC, and
/// returns the report.
pub fn analyze(container: &mut dyn Container, progress: &mut dyn Progress) -> Result<Report> {
    let analysis = analysis::Analysis::run(container, progress, analysis::Options::default())?;
    Ok(analysis.report())
}
