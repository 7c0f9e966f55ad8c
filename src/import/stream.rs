//! Streaming one data entry's elements, with progress and cancelling.
//!
//! In: a container, the name of a data entry, and a callback for each element's raw bytes.
//! Out: how the entry ended ([`StreamOutcome`]). Progress is reported in inflated bytes of
//! all the entries to read (what takes the time), and the person can cancel between
//! elements. A damaged entry is not an error here: the caller gets the elements read before
//! the damage and decides what to tell the person.

use crate::error::{Error, ErrorKind, Result};
use crate::import::elements::{ArrayElements, Ending};
use crate::progress::{Progress, Stage, Update};
use crate::read::{Container, entry_error};

/// Progress across all the entries an import reads.
pub struct Tracker<'p> {
    progress: &'p mut dyn Progress,
    total_bytes: u64,
    done_bytes: u64,
    entries_total: u32,
    entries_done: u32,
    posts: u64,
}

impl<'p> Tracker<'p> {
    /// Tracks reading `entries_total` entries of `total_bytes` inflated bytes in all.
    pub fn new(progress: &'p mut dyn Progress, total_bytes: u64, entries_total: u32) -> Self {
        let mut t = Tracker {
            progress,
            total_bytes,
            done_bytes: 0,
            entries_total,
            entries_done: 0,
            posts: 0,
        };
        t.report(0);
        t
    }

    /// Counts posts read, for the progress message.
    pub fn add_posts(&mut self, n: u64) {
        self.posts += n;
    }

    /// Fails with `Cancelled` if the person asked to stop.
    pub fn check_cancelled(&self) -> Result<()> {
        if self.progress.cancelled() {
            return Err(Error::new(ErrorKind::Cancelled, "reading was cancelled"));
        }
        Ok(())
    }

    fn report(&mut self, in_entry: u64) {
        self.progress.update(&Update {
            stage: Stage::Import,
            done: (self.done_bytes + in_entry).min(self.total_bytes),
            total: self.total_bytes,
            entries_done: self.entries_done,
            entries_total: self.entries_total,
            posts: self.posts,
        });
    }

    /// Reports progress `in_entry` bytes into the entry being read, for readers that do not
    /// go through [`stream_elements`] (the legacy `tweets.csv`).
    pub fn report_in_entry(&mut self, in_entry: u64) {
        self.report(in_entry);
    }

    /// Marks an entry of `size` bytes as finished.
    pub fn entry_done(&mut self, size: u64) {
        self.done_bytes += size;
        self.entries_done += 1;
        self.report(0);
    }
}

/// How streaming one entry went.
#[derive(Debug)]
pub struct StreamOutcome {
    /// Elements handed to the callback.
    pub elements: u32,
    /// How the data ended.
    pub ending: Ending,
    /// The entry's inflated bytes read.
    pub bytes: u64,
    /// Why reading stopped early, if it did (damaged or bomb-like data).
    pub error: Option<Error>,
    /// For a CSV file ([`StreamOutcome::of_rows`]): whether its last row has no line
    /// break after it (the file may be cut short); `None` for an array of elements.
    pub unterminated_row: Option<bool>,
}

impl StreamOutcome {
    /// How reading a CSV file went: `rows` records of `bytes`, stopped by `error` if it
    /// was, and whether the last row lacks its line break.
    pub fn of_rows(rows: u32, bytes: u64, error: Option<Error>, unterminated: bool) -> Self {
        StreamOutcome {
            elements: rows,
            ending: Ending::Closed,
            bytes,
            error,
            unterminated_row: Some(unterminated),
        }
    }

    /// A warning sentence if the entry did not end cleanly, or `None` if it did.
    pub fn problem(&self, entry: &str) -> Option<String> {
        let unit = if self.unterminated_row.is_some() {
            "rows"
        } else {
            "items"
        };
        if let Some(e) = &self.error {
            return Some(format!(
                "{entry} could not be read to the end ({}); the {} {unit} before the damage were read",
                e.message, self.elements
            ));
        }
        if self.unterminated_row == Some(true) {
            return Some(format!(
                "{entry} does not end with a line break: it may be cut short; its {} rows were read, the last one as it stands",
                self.elements
            ));
        }
        match self.ending {
            Ending::Closed | Ending::Open => None,
            Ending::CutInElement { index } => Some(format!(
                "{entry} ends in the middle of item {}: the file is cut short; the {} items before it were read",
                index + 1,
                self.elements
            )),
            Ending::CutBetweenElements => Some(format!(
                "{entry} ends before its closing bracket: it may be cut short; the {} items in it were read",
                self.elements
            )),
            Ending::NoArray => Some(format!(
                "{entry} holds no list of items; nothing was read from it"
            )),
        }
    }
}

/// How often (in elements) progress is reported and cancelling checked.
const CHECK_EVERY: u32 = 512;

/// Streams the elements of the array in `entry`, calling `each(index, bytes)` for every one.
/// Fails only when the entry cannot be opened at all, or when the person cancels.
pub fn stream_elements(
    container: &mut dyn Container,
    entry: &str,
    tracker: &mut Tracker<'_>,
    each: &mut dyn FnMut(u32, &[u8], &mut Tracker<'_>),
) -> Result<StreamOutcome> {
    let reader = container.open(entry)?;
    let mut elements = ArrayElements::new(reader);
    let mut count = 0u32;
    let error = loop {
        match elements.next_element() {
            Ok(Some((index, bytes))) => {
                each(index, bytes, tracker);
                count += 1;
                if count.is_multiple_of(CHECK_EVERY) {
                    tracker.check_cancelled()?;
                    tracker.report(elements.offset());
                }
            }
            Ok(None) => break None,
            Err(e) => break Some(entry_error(entry, e)),
        }
    };
    Ok(StreamOutcome {
        elements: count,
        ending: elements.ending(),
        bytes: elements.offset(),
        error,
        unterminated_row: None,
    })
}
