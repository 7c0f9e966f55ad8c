//! The directory of known education chats: which hashtags are chats, and when they meet.
//!
//! In: the CSV text of `data/chats.csv` (embedded in the binary and the Wasm module with
//! `include_str!`, see [`BUILTIN_CSV`]), or any text in the same nine columns
//! (`hashtag,name,subject,weekday,local_time,time_zone,frequency,format,source`).
//! Out: a [`ChatDirectory`] of [`ChatEntry`] rows, looked up by hashtag case-insensitively.
//!
//! Invariants: reading never fails and never drops a row. A field that cannot be read (an
//! unknown weekday, a time zone chrono-tz does not know) is left empty and named in
//! [`ChatDirectory::problems`]; the built-in directory has none (a unit test says so).
//! A hashtag may have several rows, one per session (`#edchat` meets at noon and at 7pm
//! Eastern): each row is one schedule of the same chat.
//!
//! Provenance: every row was compiled from public pages named in its `source` column; the
//! research notes behind them (what was read, conflicts and choices) are in
//! `data/chats-SOURCES.md`. Times are those given on the date of the source: schedules
//! moved over the years, so the chats stage treats them as evidence, not as the only rule.

use std::collections::HashMap;

use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

/// The project's chat directory, `data/chats.csv`, as embedded at build time.
pub const BUILTIN_CSV: &str = include_str!("../../data/chats.csv");

/// The columns every directory file has, in order.
pub const COLUMNS: [&str; 9] = [
    "hashtag",
    "name",
    "subject",
    "weekday",
    "local_time",
    "time_zone",
    "frequency",
    "format",
    "source",
];

/// How a chat runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A live hour: questions and answers at a fixed time.
    Live,
    /// A slow chat: questions spread over days (usually a week).
    Slow,
}

/// How often a chat meets, as its sources say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Every week.
    Weekly,
    /// Every other week (or the 2nd and 4th week of the month).
    Fortnightly,
    /// Once a month.
    Monthly,
    /// A slow chat running continuously over days.
    Slow,
    /// The sources do not say.
    Unknown,
}

/// One row of the directory: one chat, or one of its sessions when it has several.
#[derive(Debug, Clone, Serialize)]
pub struct ChatEntry {
    /// The hashtag without `#`, as the directory spells it (compare case-insensitively).
    pub hashtag: String,
    /// The chat's name (for a chat with several sessions, this session's name).
    pub name: String,
    /// What the chat is about, who it is for.
    pub subject: String,
    /// The usual weekday, when a source states it.
    pub weekday: Option<Weekday>,
    /// The usual start time in the chat's time zone, when a source states it.
    pub local_time: Option<NaiveTime>,
    /// The IANA time zone of that time (such as `America/New_York`), when known.
    pub time_zone: Option<String>,
    /// How often it meets.
    pub frequency: Frequency,
    /// Live hour or slow chat.
    pub format: Format,
    /// The public pages that back this row.
    pub sources: Vec<String>,
    /// The parsed time zone.
    #[serde(skip)]
    pub tz: Option<Tz>,
}

impl ChatEntry {
    /// Weekday, start time and zone, when all three are known: a schedule one can place
    /// sessions on.
    pub fn schedule(&self) -> Option<(Weekday, NaiveTime, Tz)> {
        Some((self.weekday?, self.local_time?, self.tz?))
    }

    /// The schedule in words, such as `Tue 19:00 America/New_York`, or what is known of it.
    pub fn schedule_label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.weekday {
            parts.push(d.to_string());
        }
        if let Some(t) = self.local_time {
            parts.push(t.format("%H:%M").to_string());
        }
        if let Some(z) = &self.time_zone {
            parts.push(z.clone());
        }
        if parts.is_empty() {
            "time unknown".to_string()
        } else {
            parts.join(" ")
        }
    }
}

/// The directory: every row, and an index by lowercased hashtag.
#[derive(Debug, Clone, Default)]
pub struct ChatDirectory {
    entries: Vec<ChatEntry>,
    by_tag: HashMap<String, Vec<usize>>,
    /// Fields that could not be read, as `row N: ...` (rows counted from 1 after the
    /// header). Empty for the built-in directory.
    pub problems: Vec<String>,
}

impl ChatDirectory {
    /// The directory shipped with PLN Lens (`data/chats.csv`).
    pub fn builtin() -> Self {
        Self::from_csv(BUILTIN_CSV)
    }

    /// Reads a directory from CSV text with the [`COLUMNS`] header. Never fails: problems
    /// are listed in [`ChatDirectory::problems`].
    pub fn from_csv(text: &str) -> Self {
        let mut dir = ChatDirectory::default();
        let mut records = parse_csv(text).into_iter();
        match records.next() {
            Some(header) if header.iter().map(|h| h.trim()).eq(COLUMNS) => {}
            Some(header) => dir.problems.push(format!(
                "header: expected {} but found {}",
                COLUMNS.join(","),
                header.join(",")
            )),
            None => return dir,
        }
        for (i, record) in records.enumerate() {
            let row = i + 1;
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if let Some(entry) = entry_from(&record, row, &mut dir.problems) {
                dir.push(entry);
            }
        }
        dir
    }

    fn push(&mut self, entry: ChatEntry) {
        self.by_tag
            .entry(entry.hashtag.to_lowercase())
            .or_default()
            .push(self.entries.len());
        self.entries.push(entry);
    }

    /// All rows, in file order.
    pub fn entries(&self) -> &[ChatEntry] {
        &self.entries
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the directory has no rows.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The rows for a hashtag (with or without `#`, any case), in file order.
    pub fn lookup(&self, tag: &str) -> Vec<&ChatEntry> {
        let key = tag.trim_start_matches('#').to_lowercase();
        self.by_tag
            .get(&key)
            .map(|ix| ix.iter().map(|&i| &self.entries[i]).collect())
            .unwrap_or_default()
    }

    /// Whether a hashtag (any case) is in the directory.
    pub fn contains(&self, tag: &str) -> bool {
        self.by_tag
            .contains_key(&tag.trim_start_matches('#').to_lowercase())
    }
}

// One function on purpose: one row of data/chats.csv, column by column, each with the
// problem it reports when it is wrong.
fn entry_from(record: &[String], row: usize, problems: &mut Vec<String>) -> Option<ChatEntry> {
    if record.len() != COLUMNS.len() {
        problems.push(format!(
            "row {row}: {} fields instead of {}",
            record.len(),
            COLUMNS.len()
        ));
    }
    let field = |i: usize| record.get(i).map(|s| s.trim()).unwrap_or("");
    let hashtag = field(0).trim_start_matches('#').to_string();
    if hashtag.is_empty() {
        problems.push(format!("row {row}: no hashtag, row ignored"));
        return None;
    }
    let weekday = match field(3) {
        "" => None,
        w => match w.parse::<Weekday>() {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(format!("row {row} ({hashtag}): unknown weekday {w:?}"));
                None
            }
        },
    };
    let local_time = match field(4) {
        "" => None,
        t => match NaiveTime::parse_from_str(t, "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                problems.push(format!("row {row} ({hashtag}): unreadable time {t:?}"));
                None
            }
        },
    };
    let (time_zone, tz) = match field(5) {
        "" => (None, None),
        z => match z.parse::<Tz>() {
            Ok(tz) => (Some(z.to_string()), Some(tz)),
            Err(_) => {
                problems.push(format!("row {row} ({hashtag}): unknown time zone {z:?}"));
                (None, None)
            }
        },
    };
    let frequency = match field(6).to_ascii_lowercase().as_str() {
        "weekly" => Frequency::Weekly,
        "fortnightly" | "biweekly" => Frequency::Fortnightly,
        "monthly" => Frequency::Monthly,
        "slow" => Frequency::Slow,
        "" | "unknown" => Frequency::Unknown,
        other => {
            problems.push(format!(
                "row {row} ({hashtag}): unknown frequency {other:?}"
            ));
            Frequency::Unknown
        }
    };
    let format = match field(7).to_ascii_lowercase().as_str() {
        "slow" => Format::Slow,
        "live" | "" => Format::Live,
        other => {
            problems.push(format!(
                "row {row} ({hashtag}): unknown format {other:?}, read as live"
            ));
            Format::Live
        }
    };
    let sources = field(8)
        .split(" | ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some(ChatEntry {
        hashtag,
        name: field(1).to_string(),
        subject: field(2).to_string(),
        weekday,
        local_time,
        time_zone,
        frequency,
        format,
        sources,
        tz,
    })
}

/// Splits CSV text (RFC 4180: commas, double-quoted fields with `""` for a quote, LF or
/// CRLF line ends, a leading byte-order mark allowed) into records of fields, with the
/// `csv` crate. Rows may have any number of fields; the caller checks them.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        // Text is already UTF-8, so a record can only fail on an I/O error, which a
        // slice reader does not have.
        .filter_map(Result::ok)
        .map(|record| record.iter().map(str::to_string).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_directory_reads_without_problems() {
        let dir = ChatDirectory::builtin();
        assert!(dir.problems.is_empty(), "{:?}", dir.problems);
        assert_eq!(dir.len(), 100);
        for e in dir.entries() {
            assert!(!e.sources.is_empty(), "{} has no source", e.hashtag);
            assert!(
                e.sources.iter().all(|s| s.starts_with("http")),
                "{:?}",
                e.sources
            );
            // A zone named in the file must be one chrono-tz knows.
            assert_eq!(e.time_zone.is_some(), e.tz.is_some(), "{}", e.hashtag);
        }
    }

    #[test]
    fn a_chat_with_two_sessions_has_two_rows() {
        let dir = ChatDirectory::builtin();
        let edchat = dir.lookup("#EdChat");
        assert_eq!(edchat.len(), 2);
        assert_eq!(edchat[0].schedule_label(), "Tue 12:00 America/New_York");
        assert_eq!(edchat[1].schedule_label(), "Tue 19:00 America/New_York");
        let ukedchat = dir.lookup("UKEDCHAT");
        assert_eq!(ukedchat.len(), 1);
        assert_eq!(ukedchat[0].tz, Some(chrono_tz::Europe::London));
        assert_eq!(dir.lookup("DisruptTexts")[0].format, Format::Slow);
        assert!(dir.lookup("nosuchchat").is_empty());
    }

    #[test]
    fn csv_quotes_commas_and_crlf() {
        let rows = parse_csv("a,\"b, c\",\"say \"\"hi\"\"\"\r\nd,,e\n");
        assert_eq!(
            rows,
            vec![
                vec!["a".to_string(), "b, c".into(), "say \"hi\"".into()],
                vec!["d".to_string(), "".into(), "e".into()],
            ]
        );
        assert!(parse_csv("").is_empty());
    }

    #[test]
    fn unreadable_fields_are_named_and_the_row_kept() {
        let text = format!(
            "{}\nfoochat,#foochat,Foo,Tues,25:00,Mars/Olympus,often,live,https://a.example\n",
            COLUMNS.join(",")
        );
        let dir = ChatDirectory::from_csv(&text);
        assert_eq!(dir.len(), 1);
        let e = &dir.entries()[0];
        assert_eq!((e.weekday, e.local_time, e.tz), (None, None, None));
        assert_eq!(e.frequency, Frequency::Unknown);
        assert_eq!(dir.problems.len(), 4, "{:?}", dir.problems);
        assert!(dir.problems[0].starts_with("row 1 (foochat): unknown weekday"));
    }
}
