//! The message envelope between the page and the Worker, defined once here.
//!
//! In: JSON-like messages from the page ([`Request`]). Out: messages to the page
//! ([`Reply`]). Both are tagged by a `type` field. `www/protocol.js` mirrors the type
//! names for the page; a test keeps the two in step. The messages' JSON Schema
//! ([`Protocol`], `docs/protocol.schema.json`) is derived from these types, and the page's
//! type declarations (`www/types.d.ts`, checked by `tsc`) are generated from it
//! (`scripts/gen-types.mjs`), so the page cannot drift from the core. The `File` itself travels beside
//! the envelope (as the `file` field of an `analyze` message), because a browser `File`
//! is not data serde can describe.
//!
//! Cancelling: a Worker busy in a synchronous Wasm call cannot read messages, so the page
//! cancels by terminating the Worker and starting a fresh one; there is no `cancel`
//! message to send.

use serde::{Deserialize, Serialize};

use crate::analysis::Recode;
use crate::error::{Error, ErrorKind};
use crate::progress::Update;
use crate::report::Report;
use crate::report::posts::{PostFilter, PostPage};
use crate::source::ReadStats;

/// Both directions of the envelope, as one root for the JSON Schema the page's types are
/// generated from.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
pub struct Protocol {
    /// Page -> Worker.
    to_worker: Request,
    /// Worker -> page.
    from_worker: Reply,
}

/// A codebook file the person chose, as text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodebookFile {
    /// The file's name (TOML, or JSON by its `.json` ending).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// Page -> Worker.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Read the `File` sent beside this envelope and answer with a report.
    Analyze {
        /// The IANA time zone to count months and hours in (the browser's own).
        #[serde(default)]
        time_zone: Option<String>,
        /// A researcher's codebook to code with instead of the built-in one.
        #[serde(default)]
        codebook: Option<CodebookFile>,
    },
    /// A page of the coded posts matching a filter (after a report).
    Posts {
        /// Echoed in the reply, so the page can match answers to questions.
        request: u32,
        /// Which posts.
        #[serde(default)]
        filter: PostFilter,
        /// From the `offset`-th match...
        #[serde(default)]
        offset: u64,
        /// ...at most this many.
        limit: u64,
    },
    /// The person re-codes a post; answered with the new report.
    Recode {
        /// Their codes.
        recode: Recode,
    },
    /// The person takes back a re-code; answered with the new report.
    UndoRecode {
        /// The post.
        id: String,
    },
    /// The person's own codes for many posts at once: a CSV with the columns id,
    /// purpose and topics (such as an edited codes CSV, or one saved from an earlier
    /// session); answered with the new report.
    RecodesCsv {
        /// The file's name, for messages.
        name: String,
        /// Its text.
        text: String,
    },
    /// Code every post again with this codebook (`None`: the built-in one); answered
    /// with the new report.
    Codebook {
        /// The codebook file.
        #[serde(default)]
        codebook: Option<CodebookFile>,
    },
    /// Every coded post as CSV, for researchers.
    CodesCsv {
        /// Add the posts' text as a last column.
        #[serde(default)]
        with_text: bool,
    },
}

/// Worker -> page.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    /// The Wasm is loaded and waiting.
    Ready {
        /// The core's version.
        version: String,
    },
    /// Work advanced.
    Progress(Update),
    /// The finished report (after reading, re-coding or a new codebook).
    Report {
        /// The report.
        report: Box<Report>,
        /// How the work went (for tests and the curious, never sent anywhere).
        diagnostics: Diagnostics,
        /// The person's re-codes in force, so the page can keep and restore them.
        recodes: Vec<Recode>,
    },
    /// A page of coded posts.
    Posts {
        /// The request this answers.
        request: u32,
        /// The posts.
        page: PostPage,
    },
    /// The coded posts as CSV.
    CodesCsv {
        /// The CSV text.
        csv: String,
    },
    /// The archive could not be read, or a request could not be met.
    Error {
        /// A stable code the page maps to a sentence.
        kind: ErrorKind,
        /// What went wrong, naming the entry.
        message: String,
        /// What the person can do next.
        hint: String,
    },
}

impl Reply {
    /// The `error` reply for a core error.
    pub fn from_error(e: &Error) -> Self {
        Reply::Error {
            kind: e.kind,
            message: e.message.clone(),
            hint: e.hint().to_string(),
        }
    }
}

/// Measurements of one analysis, shown in the page's "details" and used by tests.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Diagnostics {
    /// Milliseconds from receiving the file to the finished report.
    pub elapsed_ms: f64,
    /// Milliseconds to open the container (read its directory).
    pub open_ms: f64,
    /// Milliseconds to build the report after the posts were read and coded.
    pub report_ms: f64,
    /// What was read from the file.
    pub read: ReadStats,
    /// The file's size in bytes.
    pub file_bytes: u64,
    /// The Wasm linear memory at the end, in bytes.
    pub wasm_memory_bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error kind has a friendly title in the page.
    #[test]
    fn www_protocol_has_a_title_for_every_error_kind() {
        let js = include_str!("../www/protocol.js");
        for kind in [
            ErrorKind::NotAnArchive,
            ErrorKind::UnknownPlatform,
            ErrorKind::Truncated,
            ErrorKind::TooLarge,
            ErrorKind::Malformed,
            ErrorKind::Unsupported,
            ErrorKind::NotYetReadable,
            ErrorKind::Cancelled,
            ErrorKind::Io,
            ErrorKind::Invalid,
        ] {
            let code = serde_json::to_value(kind).unwrap();
            let code = code.as_str().unwrap();
            assert!(
                js.contains(&format!("  {code}: '")),
                "www/protocol.js has no title for {code}"
            );
        }
    }

    /// The page's mirror (`www/protocol.js`) must name every message type the core uses.
    #[test]
    fn www_protocol_mirror_names_every_type() {
        let js = include_str!("../www/protocol.js");
        let replies = [
            serde_json::to_value(Reply::Ready {
                version: "x".into(),
            })
            .unwrap(),
            serde_json::to_value(Reply::from_error(&Error::new(ErrorKind::Io, "x"))).unwrap(),
            serde_json::to_value(Reply::Progress(Update {
                stage: crate::progress::Stage::Import,
                done: 1,
                total: 2,
                entries_done: 0,
                entries_total: 1,
                posts: 0,
            }))
            .unwrap(),
        ];
        let mut types: Vec<String> = replies
            .iter()
            .map(|r| r["type"].as_str().unwrap().to_string())
            .collect();
        // `report` needs a whole report; the page -> worker names are checked below.
        types.extend(
            [
                "report",
                "posts",
                "codes_csv",
                "analyze",
                "recode",
                "undo_recode",
                "codebook",
            ]
            .map(String::from),
        );
        for t in types {
            assert!(
                js.contains(&format!("'{t}'")),
                "www/protocol.js lacks '{t}'"
            );
        }
        let req: Request = serde_json::from_str(r#"{"type":"analyze"}"#).unwrap();
        assert_eq!(
            req,
            Request::Analyze {
                time_zone: None,
                codebook: None
            }
        );
        let req: Request = serde_json::from_str(
            r#"{"type":"posts","request":3,"filter":{"purpose":"ask","kind":"reply"},"limit":50}"#,
        )
        .unwrap();
        let Request::Posts {
            request,
            filter,
            offset,
            limit,
        } = req
        else {
            panic!("{req:?}")
        };
        assert_eq!((request, offset, limit), (3, 0, 50));
        assert_eq!(filter.purpose.as_deref(), Some("ask"));
        let req: Request = serde_json::from_str(
            r#"{"type":"recode","recode":{"id":"1","purpose":"ask","topics":["pedagogy"]}}"#,
        )
        .unwrap();
        assert!(matches!(req, Request::Recode { .. }));
    }
}
