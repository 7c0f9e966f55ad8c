//! Progress reporting, as a trait the core calls and the shells implement.
//!
//! In: calls from the stages (`stage`, units done, units total). Out: whatever the shell
//! makes of them: the CLI draws a bar on stderr, the Wasm Worker posts `progress` messages
//! to the page. The core never prints. A shell can also ask the core to stop early by
//! returning `true` from [`Progress::cancelled`]; stages check it between entries and
//! every few thousand posts.

use serde::Serialize;

/// The pipeline stage being worked on, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading the container's directory (the zip's central directory).
    Open,
    /// Inflating and parsing the export's data files.
    Import,
    /// Finding chat sessions (before coding: a post's place in a chat is one of the
    /// classifier's signals).
    Chats,
    /// Coding posts with the codebook.
    Classify,
    /// Building the network of people, spaces and tools.
    Network,
    /// Assembling the report.
    Report,
}

impl Stage {
    /// A short label for a progress bar.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Open => "opening",
            Stage::Import => "reading posts",
            Stage::Classify => "coding posts",
            Stage::Chats => "finding chats",
            Stage::Network => "mapping network",
            Stage::Report => "writing report",
        }
    }
}

/// One progress update. `done` and `total` count bytes while importing (compressed
/// bytes of the entries to read, which is what takes the time) and items otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Update {
    /// The stage at work.
    pub stage: Stage,
    /// Units finished so far.
    pub done: u64,
    /// Units in all (0 when unknown).
    pub total: u64,
    /// Entries (files inside the archive) finished so far.
    pub entries_done: u32,
    /// Entries to read in all.
    pub entries_total: u32,
    /// Posts read so far.
    pub posts: u64,
}

/// Receives progress from the core. Implementations should be cheap: the core may call
/// [`Progress::update`] often, and the shell decides how often to draw.
pub trait Progress {
    /// Called as work advances.
    fn update(&mut self, update: &Update);
    /// Asked between units of work; `true` stops the pipeline with a `Cancelled` error.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A [`Progress`] that ignores everything, for tests and callers that do not care.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn update(&mut self, _update: &Update) {}
}
