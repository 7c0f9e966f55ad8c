//! Streaming one data entry's elements, with progress and cancelling.
//!
//! In: a container, the name of a data entry, and a callback for each element's raw bytes.
//! Out: how the entry ended ([`StreamOutcome`]). Progress is reported in inflated bytes of
//! all the entries to read (what takes the time), and the person can cancel between
//! elements. A damaged entry is not an error here: the caller gets the elements read before
//! the damage and decides what to tell the person.

use crate::error::{Error, ErrorKind, Result};
use std::io::Read;

use crate::import::elements::{ArrayElements, Ending, Framed};
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
            if self.elements == 0 {
                return Some(format!("{entry} could not be read: {}", e.message));
            }
            if self.ending == Ending::Closed {
                return Some(format!(
                    "{}; its {} {unit} were read as they are",
                    e.message, self.elements
                ));
            }
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

/// Streams the elements of the array in `entry`, calling `each(index, element)` for every
/// one; elements over `cap` bytes come as [`Framed::TooLarge`]. After the closing bracket
/// the rest of the entry is read too, so the zip's checksum is checked: damaged bytes are
/// an error in the outcome, not good posts. Fails only when the entry cannot be opened at
/// all, or when the person cancels.
pub fn stream_elements(
    container: &mut dyn Container,
    entry: &str,
    cap: usize,
    tracker: &mut Tracker<'_>,
    each: &mut Handler<'_>,
) -> Result<StreamOutcome> {
    let mut reader = container.open(entry)?;
    let mut head = [0u8; 4];
    let head_len = read_up_to(&mut reader, &mut head).map_err(|e| entry_error(entry, e))?;
    if let Some(encoding) = utf16(&head[..head_len]) {
        return Ok(StreamOutcome {
            elements: 0,
            ending: Ending::NoArray,
            bytes: 0,
            error: Some(Error::new(
                ErrorKind::Malformed,
                format!(
                    "it is saved as {encoding}, not as the UTF-8 every export uses (it was probably opened and saved again in an editor); save it as UTF-8 and try again"
                ),
            )),
            unterminated_row: None,
        });
    }
    let mut elements = ArrayElements::with_cap(
        std::io::Cursor::new(head)
            .take(head_len as u64)
            .chain(reader),
        cap,
    );
    let (count, mut error) = hand_over(&mut elements, entry, tracker, each)?;
    let (ending, bytes) = (elements.ending(), elements.offset());
    if error.is_none() && ending == Ending::Closed {
        // What follows the array is a line break at most; reading it to the end makes the
        // zip crate compare the checksum (bounded like every read by the bomb guard).
        let mut rest = elements.into_inner();
        if let Err(e) = std::io::copy(&mut rest, &mut std::io::sink()) {
            error = Some(entry_error(entry, e));
        }
    }
    Ok(StreamOutcome {
        elements: count,
        ending,
        bytes,
        error,
        unterminated_row: None,
    })
}

/// What is done with each element framed: `each(index, element)` says whether it became a
/// post (for the progress message). `Send`: natively it runs on a thread of its own.
pub type Handler<'h> = dyn FnMut(u32, Framed<'_>) -> bool + Send + 'h;

/// The framing loop both ways of handing over share: frames every element and gives it to
/// `deliver` (which says `false` when it can take no more); every [`CHECK_EVERY`] elements
/// `tell` passes the posts made so far on to the tracker, then cancelling is checked and
/// progress reported. Returns how many were framed and why framing stopped early, if it did.
fn frame_each<R: Read>(
    elements: &mut ArrayElements<R>,
    entry: &str,
    tracker: &mut Tracker<'_>,
    mut deliver: impl FnMut(u32, Framed<'_>) -> bool,
    tell: &mut dyn FnMut(&mut Tracker<'_>),
) -> Result<(u32, Option<Error>)> {
    let mut count = 0u32;
    let error = loop {
        match elements.next_framed() {
            Ok(Some((index, framed))) => {
                count += 1;
                if !deliver(index, framed) {
                    break None;
                }
                if count.is_multiple_of(CHECK_EVERY) {
                    tell(tracker);
                    tracker.check_cancelled()?;
                    tracker.report(elements.offset());
                }
            }
            Ok(None) => break None,
            Err(e) => break Some(entry_error(entry, e)),
        }
    };
    Ok((count, error))
}

/// Frames every element and hands it to `each`, one after another (in the browser's
/// Worker, which has one thread). Returns how many were framed and why framing stopped
/// early, if it did.
#[cfg(target_arch = "wasm32")]
fn hand_over<R: Read>(
    elements: &mut ArrayElements<R>,
    entry: &str,
    tracker: &mut Tracker<'_>,
    each: &mut Handler<'_>,
) -> Result<(u32, Option<Error>)> {
    let made = std::cell::Cell::new(0u64);
    let mut told = 0;
    let mut tell = |tracker: &mut Tracker<'_>| {
        tracker.add_posts(made.get() - told);
        told = made.get();
    };
    let deliver = |index: u32, framed: Framed<'_>| {
        made.set(made.get() + u64::from(each(index, framed)));
        true
    };
    let framed = frame_each(elements, entry, tracker, deliver, &mut tell);
    tell(tracker);
    framed
}

/// Elements framed and copied out together, to hand to the other thread at once.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    /// Index and where its bytes are, or `Err(size)` for an element over the cap.
    items: Vec<(u32, std::result::Result<std::ops::Range<usize>, u64>)>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Batch {
    /// About this many bytes of elements go over at once: enough that handing over costs
    /// nothing next to the work, small enough to keep the two threads in step.
    const BYTES: usize = 256 * 1024;

    fn push(&mut self, index: u32, framed: Framed<'_>) {
        let item = match framed {
            Framed::Element(bytes) => {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(bytes);
                Ok(start..self.bytes.len())
            }
            Framed::TooLarge(size) => Err(size),
        };
        self.items.push((index, item));
    }

    fn is_full(&self) -> bool {
        self.bytes.len() >= Batch::BYTES || self.items.len() >= CHECK_EVERY as usize
    }

    /// Hands every element to `each`; returns how many became posts.
    fn hand_to(&self, each: &mut Handler<'_>) -> u64 {
        let mut posts = 0;
        for (index, item) in &self.items {
            let framed = match item {
                Ok(range) => Framed::Element(&self.bytes[range.clone()]),
                Err(size) => Framed::TooLarge(*size),
            };
            posts += u64::from(each(*index, framed));
        }
        posts
    }
}

/// Frames every element and hands it to `each` on a second thread, in order (issue 13):
/// inflating and framing take about a third of reading an X archive, parsing each element
/// into a post the rest, so the two run at once on two cores. Returns how many were
/// framed and why framing stopped early, if it did.
#[cfg(not(target_arch = "wasm32"))]
fn hand_over<R: Read>(
    elements: &mut ArrayElements<R>,
    entry: &str,
    tracker: &mut Tracker<'_>,
    each: &mut Handler<'_>,
) -> Result<(u32, Option<Error>)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::mpsc;

    let posts = AtomicU64::new(0);
    let mut told = 0;
    let mut tell = |tracker: &mut Tracker<'_>| {
        let now = posts.load(Ordering::Relaxed);
        tracker.add_posts(now - told);
        told = now;
    };
    std::thread::scope(|scope| {
        // Two batches in flight at most; handed-back batches are filled again, so the
        // buffers are allocated once.
        let (send, receive) = mpsc::sync_channel::<Batch>(2);
        let (give_back, reuse) = mpsc::channel::<Batch>();
        let posts = &posts;
        let handler = scope.spawn(move || {
            for mut batch in receive {
                posts.fetch_add(batch.hand_to(each), Ordering::Relaxed);
                batch.bytes.clear();
                batch.items.clear();
                // The framing side may have finished already: then the buffer is dropped.
                let _ = give_back.send(batch);
            }
        });
        let mut batch = Batch::default();
        let deliver = |index: u32, framed: Framed<'_>| {
            batch.push(index, framed);
            if !batch.is_full() {
                return true;
            }
            let next = reuse.try_recv().unwrap_or_default();
            // An error means the handler stopped (it panicked): see below.
            send.send(std::mem::replace(&mut batch, next)).is_ok()
        };
        let framed = frame_each(elements, entry, tracker, deliver, &mut tell);
        if framed.is_ok() && !batch.items.is_empty() {
            let _ = send.send(batch);
        }
        drop(send);
        if let Err(panic) = handler.join() {
            std::panic::resume_unwind(panic);
        }
        tell(tracker);
        framed
    })
}

/// Reads up to `buf.len()` bytes (fewer only at the end of the data).
fn read_up_to(reader: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Names the UTF-16 encoding a file starts in (by its byte order mark, or by the zero
/// byte beside every ASCII character), or `None` for anything else.
pub fn utf16(head: &[u8]) -> Option<&'static str> {
    match head {
        [0xff, 0xfe, ..] => Some("UTF-16 (little-endian)"),
        [0xfe, 0xff, ..] => Some("UTF-16 (big-endian)"),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some("UTF-16 (little-endian)"),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("UTF-16 (big-endian)"),
        _ => None,
    }
}
