//! Report: the one structure the shells show.
//!
//! In: the container and what the stages found. Out: a [`Report`], serialised as JSON by
//! the CLI (`--json`) and posted to the page by the Worker. Its shape is documented in
//! `docs/report.md`.

use serde::Serialize;

use crate::import::{Detected, Platform};
use crate::read::{Container, EntryInfo};

/// The version of the report's JSON shape; bumped when a key changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// Everything PLN Lens tells a person about their archive.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The version of this structure ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The program and version that made it.
    pub generator: String,
    /// What the archive is.
    pub archive: ArchiveSummary,
    /// Plain-language notes on anything skipped or odd.
    pub warnings: Vec<String>,
}

/// What kind of archive was opened and what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveSummary {
    /// "zip archive" or "folder".
    pub container: String,
    /// The platform that made the export.
    pub platform: Platform,
    /// The platform, for people.
    pub platform_label: String,
    /// The folder the export sits under inside the container ("" at the root).
    pub root: String,
    /// Files in the container (junk such as `__MACOSX/` left out).
    pub entries: usize,
    /// Their inflated size in bytes, media included.
    pub bytes: u64,
    /// The export's data files (not media), which are all PLN Lens reads.
    pub data_files: Vec<EntryInfo>,
}

/// Whether an entry is one of the export's data files rather than media or web assets.
fn is_data_file(root: &str, entry: &EntryInfo) -> bool {
    let Some(path) = entry.name.strip_prefix(root) else {
        return false;
    };
    let media = path.contains("_media/") || path.starts_with("media_attachments/");
    !media
        && (path.ends_with(".js") || path.ends_with(".json") || path.ends_with(".csv"))
        && !path.starts_with("assets/")
}

/// Builds the report for a detected archive.
pub fn build(container: &dyn Container, detected: &Detected) -> Report {
    let entries = container.entries();
    Report {
        format_version: FORMAT_VERSION,
        generator: concat!("pln-lens ", env!("CARGO_PKG_VERSION")).to_string(),
        archive: ArchiveSummary {
            container: container.kind().to_string(),
            platform: detected.platform,
            platform_label: detected.platform.label().to_string(),
            root: detected.root.clone(),
            entries: entries.len(),
            bytes: entries.iter().map(|e| e.size).sum(),
            data_files: entries
                .iter()
                .filter(|e| is_data_file(&detected.root, e))
                .cloned()
                .collect(),
        },
        warnings: Vec::new(),
    }
}
