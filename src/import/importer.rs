//! The importer skeleton every platform fills: what to read, and one element to a post.
//!
//! In: an opened [`Container`], a platform's [`Importer`] and the progress to report to.
//! Out: the [`Archive`] the importer finishes from an [`Imported`].
//!
//! A platform writes three things and nothing else: [`Importer::plan`] reads the small
//! files (owner, manifest) through [`SmallFiles`] and names the data files to stream, in
//! reading order; [`Importer::element`] turns one element (a JSON array element or a CSV
//! row) into a [`Post`], or keeps what it learnt (likes, follows, message counts) for
//! itself; [`Importer::finish`] builds the archive. Everything between is here, once:
//! streaming each file with progress and cancelling, counting every post element exactly
//! once ([`Collector`]), and turning each file's ending into warnings and a
//! [`SourceRead`] (unreadable, damaged, skipped items, a count the manifest announced
//! differently).

use std::borrow::Cow;
use std::io::Read;

use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::import::collect::Collector;
use crate::import::elements::assigned_value;
use crate::import::stream::{StreamOutcome, Tracker, stream_elements};
use crate::model::{Archive, Holds, ImportTotals, Post, SourceRead, Warning, WarningCode};
use crate::progress::Progress;
use crate::read::{Container, entry_error};

/// Why an element was skipped: a short, stable reason (it groups the totals) and what
/// exactly was wrong.
pub(crate) type Skip = (&'static str, String);

/// What an element maps to: a post, nothing the skeleton keeps (the importer kept it), or
/// why it was skipped.
pub(crate) type Mapped = std::result::Result<Option<Post>, Skip>;

/// The skip for an element serde could not read.
pub(crate) fn json_skip(e: serde_json::Error) -> Skip {
    let reason = if e.is_data() {
        "a field has the wrong type"
    } else {
        "not valid JSON"
    };
    (reason, e.to_string())
}

/// How a data file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// A JavaScript or JSON file holding one array (`window.X = [ {...}, ... ]`), read
    /// element by element ([`crate::import::elements`]).
    Elements,
    /// A CSV file with a header row, read record by record.
    Rows,
}

/// A data file to stream.
#[derive(Debug, Clone)]
pub(crate) struct DataFile {
    /// The entry's full path in the container.
    pub entry: String,
    /// What it holds.
    pub holds: Holds,
    /// How it is laid out.
    pub layout: Layout,
    /// Its inflated size (for progress).
    pub size: u64,
    /// The item count the export's own manifest or index announces for it.
    pub expected: Option<u64>,
    /// Where the manifest announces it, for the mismatch warning ("manifest",
    /// "tweet index").
    pub announced_by: &'static str,
}

/// One element of a data file, as the skeleton hands it to [`Importer::element`].
pub(crate) enum Raw<'a> {
    /// The bytes of one JSON array element.
    Json(&'a [u8]),
    /// The fields of one CSV record, and the line it starts on.
    Row {
        /// The fields, as text.
        fields: &'a [Cow<'a, str>],
        /// The line the record starts on (for the person who wants to look at it).
        line: u64,
    },
}

/// A platform's importer.
pub(crate) trait Importer {
    /// Reads the small files (owner, manifest, index) and names the data files to stream,
    /// in the order they are to be read.
    fn plan(&mut self, files: &mut SmallFiles<'_>) -> Vec<DataFile>;

    /// Checks a CSV file's header row ([`Layout::Rows`] only); an error is the whole
    /// warning sentence saying why the file was not read.
    fn header(&mut self, _file: &DataFile, _names: &[String]) -> std::result::Result<(), String> {
        Ok(())
    }

    /// One element: the post it is (for [`Holds::Posts`] files), or `None` when the
    /// importer kept what it holds itself (a like, a follower, a message count).
    fn element(&mut self, file: &DataFile, index: u32, raw: Raw<'_>) -> Mapped;

    /// The archive, from the distinct posts (oldest first) and the accounting.
    fn finish(self, imported: Imported) -> Archive;
}

/// What the skeleton hands to [`Importer::finish`].
pub(crate) struct Imported {
    /// The distinct posts, oldest first.
    pub posts: Vec<Post>,
    /// Every post element, counted once.
    pub totals: ImportTotals,
    /// The entries read, in reading order.
    pub sources: Vec<SourceRead>,
    /// Problems met with files (the skipped posts' warnings are added after
    /// [`Importer::finish`], so they come last).
    pub warnings: Vec<Warning>,
    /// The data files planned.
    pub plan: Vec<DataFile>,
}

impl Imported {
    /// The posts the manifest announces, when it announces every post file's count.
    pub fn expected_posts(&self) -> Option<u64> {
        let files: Vec<&DataFile> = self
            .plan
            .iter()
            .filter(|f| f.holds == Holds::Posts)
            .collect();
        (!files.is_empty() && files.iter().all(|f| f.expected.is_some()))
            .then(|| files.iter().filter_map(|f| f.expected).sum())
    }
}

/// The small files an importer reads whole while planning, and the record of reading them.
pub(crate) struct SmallFiles<'c> {
    container: &'c mut dyn Container,
    sources: Vec<SourceRead>,
    warnings: Vec<Warning>,
}

impl SmallFiles<'_> {
    /// The container (entry names and sizes).
    pub fn container(&self) -> &dyn Container {
        &*self.container
    }

    /// Adds a warning.
    pub fn warn(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    /// Reads a small data file (`window.X = {...}`, `var x = [...]` or plain JSON) whole.
    /// `Ok(None)` when the archive does not have it; an error when it cannot be read.
    /// A file read is recorded as one item that `holds` this.
    pub fn read_json(&mut self, entry: &str, holds: Holds) -> Result<Option<Value>> {
        let Some(size) = self.container.entry(entry).map(|e| e.size) else {
            return Ok(None);
        };
        let text = self.container.read_to_string(entry)?;
        let value = serde_json::from_str(assigned_value(&text)).map_err(|e| {
            Error::new(
                ErrorKind::Malformed,
                format!(
                    "{entry} is not valid data (line {}, column {}: {e})",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        self.sources.push(SourceRead {
            entry: entry.to_string(),
            holds,
            items: 1,
            skipped: 0,
            bytes: size,
        });
        Ok(Some(value))
    }

    /// [`Self::read_json`], with a file that cannot be read as a warning (the posts do not
    /// depend on it).
    pub fn read_json_or_warn(&mut self, entry: &str, holds: Holds) -> Option<Value> {
        match self.read_json(entry, holds) {
            Ok(v) => v,
            Err(e) => {
                self.warn(Warning::about(
                    WarningCode::UnreadableFile,
                    e.message,
                    entry,
                ));
                None
            }
        }
    }
}

/// Runs `importer` over `container`: plans, streams every data file, and finishes.
/// Fails only when the person cancels; every other problem is a warning.
pub(crate) fn run(
    mut importer: impl Importer,
    container: &mut dyn Container,
    progress: &mut dyn Progress,
) -> Result<Archive> {
    let mut small = SmallFiles {
        container,
        sources: Vec::new(),
        warnings: Vec::new(),
    };
    let plan = importer.plan(&mut small);
    let SmallFiles {
        container,
        mut sources,
        mut warnings,
    } = small;
    let total_bytes = plan.iter().map(|f| f.size).sum();
    let mut tracker = Tracker::new(progress, total_bytes, plan.len() as u32);
    let mut collector = Collector::new();
    let announced: u64 = plan
        .iter()
        .filter(|f| f.holds == Holds::Posts)
        .filter_map(|f| f.expected)
        .sum();
    collector.reserve(announced.min(10_000_000) as usize);
    for file in &plan {
        tracker.check_cancelled()?;
        let mut read = FileRead {
            importer: &mut importer,
            collector: &mut collector,
            file,
            skipped: 0,
        };
        let outcome = match file.layout {
            Layout::Elements => read.elements(container, &mut tracker),
            Layout::Rows => read.rows(container, &mut tracker),
        };
        let skipped = read.skipped;
        match outcome {
            Ok(Ok(outcome)) => {
                warnings.extend(file_warnings(file, &outcome, skipped));
                sources.push(SourceRead {
                    entry: file.entry.clone(),
                    holds: file.holds,
                    items: u64::from(outcome.elements) - skipped,
                    skipped,
                    bytes: outcome.bytes,
                });
            }
            Ok(Err(refused)) => warnings.push(Warning::about(
                WarningCode::UnreadableFile,
                refused,
                &file.entry,
            )),
            Err(e) if e.kind == ErrorKind::Cancelled => return Err(e),
            Err(e) => warnings.push(Warning::about(
                WarningCode::UnreadableFile,
                format!("{} could not be read: {}", file.entry, e.message),
                &file.entry,
            )),
        }
        tracker.entry_done(file.size);
    }
    let (posts, totals, post_warnings) = collector.finish();
    let mut archive = importer.finish(Imported {
        posts,
        totals,
        sources,
        warnings,
        plan,
    });
    archive.warnings.extend(post_warnings);
    Ok(archive)
}

/// What the end of one data file says: damage, skipped items, a count other than the
/// manifest's.
fn file_warnings(file: &DataFile, outcome: &StreamOutcome, skipped: u64) -> Vec<Warning> {
    let entry = file.entry.as_str();
    let mut out = Vec::new();
    if let Some(problem) = outcome.problem(entry) {
        out.push(Warning::about(WarningCode::DamagedFile, problem, entry));
    }
    if file.holds != Holds::Posts && skipped > 0 {
        out.push(Warning::about(
            WarningCode::SkippedItems,
            format!(
                "{skipped} of the {} {} in {entry} could not be read and were skipped",
                outcome.elements,
                file.holds.label()
            ),
            entry,
        ));
    }
    if let Some(expected) = file.expected
        && expected != u64::from(outcome.elements)
    {
        out.push(Warning::about(
            WarningCode::CountMismatch,
            format!(
                "the archive's {} announces {expected} {} in {entry}, but the file holds {}",
                file.announced_by,
                file.holds.label(),
                outcome.elements
            ),
            entry,
        ));
    }
    out
}

/// How a data file ended: read (perhaps with damage), or refused by the importer with the
/// sentence saying why. An error is a file that could not be opened, or cancelling.
type FileEnd = std::result::Result<StreamOutcome, String>;

/// Reading one data file: each element to the importer, each post to the collector.
struct FileRead<'a, I> {
    importer: &'a mut I,
    collector: &'a mut Collector,
    file: &'a DataFile,
    /// Elements that could not be read.
    skipped: u64,
}

impl<I: Importer> FileRead<'_, I> {
    /// Hands one element to the importer and counts what came of it.
    fn take(&mut self, index: u32, raw: Raw<'_>, tracker: &mut Tracker<'_>) {
        match self.importer.element(self.file, index, raw) {
            Ok(Some(post)) => {
                if self.collector.add(post) {
                    tracker.add_posts(1);
                }
            }
            Ok(None) => {}
            Err((reason, detail)) => {
                self.skipped += 1;
                if self.file.holds == Holds::Posts {
                    self.collector
                        .skip(&self.file.entry, index, reason, &detail);
                }
            }
        }
    }

    /// Streams a [`Layout::Elements`] file.
    fn elements(
        &mut self,
        container: &mut dyn Container,
        tracker: &mut Tracker<'_>,
    ) -> Result<FileEnd> {
        let entry = self.file.entry.clone();
        stream_elements(container, &entry, tracker, &mut |index, bytes, t| {
            self.take(index, Raw::Json(bytes), t)
        })
        .map(Ok)
    }

    /// Streams a [`Layout::Rows`] file (CSV with a header row).
    fn rows(
        &mut self,
        container: &mut dyn Container,
        tracker: &mut Tracker<'_>,
    ) -> Result<FileEnd> {
        let entry = self.file.entry.clone();
        let reader = container.open(&entry)?;
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(LastByte {
                inner: reader,
                last: None,
            });
        let header: Vec<String> = csv
            .byte_headers()
            .map_err(|e| csv_error(&entry, e))?
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        if let Err(refused) = self.importer.header(self.file, &header) {
            return Ok(Err(refused));
        }
        let mut record = csv::ByteRecord::new();
        let mut rows = 0u32;
        let stopped = loop {
            match csv.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break None,
                Err(e) => break Some(csv_error(&entry, e)),
            }
            let line = record.position().map_or(0, |p| p.line());
            let fields: Vec<Cow<str>> = record.iter().map(String::from_utf8_lossy).collect();
            self.take(
                rows,
                Raw::Row {
                    fields: &fields,
                    line,
                },
                tracker,
            );
            rows += 1;
            if rows.is_multiple_of(CHECK_EVERY) {
                tracker.check_cancelled()?;
                tracker.report_in_entry(csv.position().byte());
            }
        };
        let cut_short = csv.get_ref().last.is_some_and(|b| b != b'\n' && b != b'\r');
        Ok(Ok(StreamOutcome::of_rows(
            rows,
            csv.position().byte(),
            stopped,
            cut_short,
        )))
    }
}

/// How often (in CSV rows) progress is reported and cancelling checked.
const CHECK_EVERY: u32 = 512;

/// Remembers the last byte read, to tell a file cut short from one ending on a line break.
struct LastByte<R> {
    inner: R,
    last: Option<u8>,
}

impl<R: Read> Read for LastByte<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }
}

/// Turns a CSV failure into an [`Error`] naming the entry.
fn csv_error(entry: &str, e: csv::Error) -> Error {
    let at = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => entry_error(entry, io),
        other => Error::new(
            ErrorKind::Malformed,
            match at {
                Some(line) => format!("{entry} is damaged at line {line} ({other:?})"),
                None => format!("{entry} is damaged ({other:?})"),
            },
        ),
    }
}
