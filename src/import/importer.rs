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

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::import::collect::Collector;
use crate::import::elements::{Framed, MAX_ELEMENT_BYTES, assigned_value};
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

/// A platform's importer. `Send`: natively its element mapping runs on a thread of its
/// own, beside the one that inflates and frames (`stream::hand_over`).
pub(crate) trait Importer: Send {
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

    /// The earliest date a post of this platform can have; posts dated before it are
    /// skipped as impossible. X's first post was written on 21 March 2006.
    fn first_possible_date(&self) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2006, 3, 21, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    /// When the export was made, if it says (after [`Importer::plan`]): no post can be
    /// later than a day after it.
    fn export_date(&self) -> Option<DateTime<Utc>> {
        None
    }
}

/// When the export does not say when it was made and the clock cannot be read (in the
/// browser the core has no clock), posts dated after this are skipped as impossible. Far
/// enough ahead never to refuse a real post; near enough that a timeline of months stays
/// small (about 1,130 months from 2006).
const LATEST_WITHOUT_A_CLOCK: (i32, u32, u32) = (2100, 1, 1);

/// The plausible dates of the posts of one import: from the platform's first post to a
/// day after the export was made (or, when it does not say, a day after now).
fn plausible_dates(importer: &impl Importer) -> (DateTime<Utc>, DateTime<Utc>) {
    let ceiling = || {
        let (y, m, d) = LATEST_WITHOUT_A_CLOCK;
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
            .single()
            .unwrap_or_default()
    };
    #[cfg(not(target_arch = "wasm32"))]
    let now = || {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        i64::try_from(secs)
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .unwrap_or_else(ceiling)
    };
    #[cfg(target_arch = "wasm32")]
    let now = ceiling;
    let latest = importer.export_date().unwrap_or_else(now) + chrono::Duration::days(1);
    (importer.first_possible_date(), latest)
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
        (!files.is_empty() && files.iter().all(|f| f.expected.is_some())).then(|| {
            files
                .iter()
                .filter_map(|f| f.expected)
                .fold(0u64, u64::saturating_add)
        })
    }
}

/// The largest small file (manifest, account, profile, tweet index) read whole. Real ones
/// are a few KB (a manifest listing hundreds of parts stays under 1 MB); a hostile one must
/// not fill memory. The zip's size is not trusted alone: reading also stops here.
const MAX_SMALL_FILE: u64 = 16 * 1024 * 1024;

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
        let too_large = || {
            Error::new(
                ErrorKind::TooLarge,
                format!(
                    "{entry} is larger than {MAX_SMALL_FILE} bytes, far more than this file ever holds, so it was not read"
                ),
            )
        };
        if size > MAX_SMALL_FILE {
            return Err(too_large());
        }
        let mut text = String::new();
        self.container
            .open(entry)?
            .take(MAX_SMALL_FILE + 1)
            .read_to_string(&mut text)
            .map_err(|e| entry_error(entry, e))?;
        if text.len() as u64 > MAX_SMALL_FILE {
            return Err(too_large());
        }
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
/// Fails when the person cancels, and when post files were there but not one post could
/// be read from them (the error says why); every other problem is a warning.
pub(crate) fn run(
    mut importer: impl Importer,
    container: &mut dyn Container,
    progress: &mut dyn Progress,
) -> Result<Archive> {
    let (plan, mut record) = plan_files(&mut importer, container);
    let total_bytes = plan.iter().map(|f| f.size).fold(0u64, u64::saturating_add);
    let mut tracker = Tracker::new(progress, total_bytes, plan.len() as u32);
    let mut collector = collector_for(&plan);
    let dates = plausible_dates(&importer);
    for file in &plan {
        tracker.check_cancelled()?;
        let mut read = FileRead {
            importer: &mut importer,
            collector: &mut collector,
            file,
            skipped: 0,
            dates,
        };
        let outcome = match file.layout {
            Layout::Elements => read.elements(container, &mut tracker),
            Layout::Rows => read.rows(container, &mut tracker),
        };
        let skipped = read.skipped;
        record.file_read(file, outcome, skipped)?;
        tracker.entry_done(file.size);
    }
    let (posts, totals, post_warnings) = collector.finish();
    if posts.is_empty() {
        let problems = container.problems().iter();
        let mut errors = record.post_file_errors;
        errors.extend(problems.map(|p| Error::new(p.kind, p.message.clone())));
        nothing_read(&totals, errors, &post_warnings)?;
    }
    let mut archive = importer.finish(Imported {
        posts,
        totals,
        sources: record.sources,
        warnings: record.warnings,
        plan,
    });
    archive.warnings.extend(post_warnings);
    Ok(archive)
}

/// The importer's plan (each data file once), with what planning read and the
/// container's own problems as warnings.
fn plan_files(
    importer: &mut impl Importer,
    container: &mut dyn Container,
) -> (Vec<DataFile>, ImportRecord) {
    let mut small = SmallFiles {
        container,
        sources: Vec::new(),
        warnings: Vec::new(),
    };
    let mut plan = importer.plan(&mut small);
    let SmallFiles {
        container,
        sources,
        mut warnings,
    } = small;
    // A manifest may list one file many times: read each once.
    let mut planned = std::collections::HashSet::new();
    plan.retain(|f| planned.insert(f.entry.clone()));
    warnings.extend(container.problems().iter().map(|p| Warning {
        code: p.code,
        message: p.message.clone(),
        entry: p.entry.clone(),
        index: None,
    }));
    let record = ImportRecord {
        sources,
        warnings,
        post_file_errors: Vec::new(),
    };
    (plan, record)
}

/// A collector with room for the posts the plan's files announce (up to ten million).
fn collector_for(plan: &[DataFile]) -> Collector {
    let mut collector = Collector::new();
    let announced: u64 = plan
        .iter()
        .filter(|f| f.holds == Holds::Posts)
        .filter_map(|f| f.expected)
        .fold(0u64, u64::saturating_add);
    collector.reserve(announced.min(10_000_000) as usize);
    collector
}

/// What the files read so far came to: each file read, the warnings, and why post files
/// gave nothing (for the error when no post at all could be read).
struct ImportRecord {
    sources: Vec<SourceRead>,
    warnings: Vec<Warning>,
    post_file_errors: Vec<Error>,
}

impl ImportRecord {
    /// Records how one data file ended (`skipped` of its elements could not be read).
    /// Cancelling is passed on; every other failure becomes a warning.
    fn file_read(&mut self, file: &DataFile, outcome: Result<FileEnd>, skipped: u64) -> Result<()> {
        let is_posts = file.holds == Holds::Posts;
        match outcome {
            Ok(Ok(mut outcome)) => {
                self.warnings.extend(file_warnings(file, &outcome, skipped));
                self.sources.push(SourceRead {
                    entry: file.entry.clone(),
                    holds: file.holds,
                    items: u64::from(outcome.elements).saturating_sub(skipped),
                    skipped,
                    bytes: outcome.bytes,
                });
                if let Some(e) = outcome.error.take().filter(|_| is_posts) {
                    self.post_file_errors.push(e);
                }
            }
            Ok(Err(refused)) => {
                if is_posts {
                    self.post_file_errors
                        .push(Error::new(ErrorKind::Malformed, refused.clone()));
                }
                self.warnings.push(Warning::about(
                    WarningCode::UnreadableFile,
                    refused,
                    &file.entry,
                ))
            }
            Err(e) if e.kind == ErrorKind::Cancelled => return Err(e),
            Err(e) => {
                self.warnings.push(Warning::about(
                    WarningCode::UnreadableFile,
                    format!("{} could not be read: {}", file.entry, e.message),
                    &file.entry,
                ));
                if is_posts {
                    self.post_file_errors.push(e);
                }
            }
        }
        Ok(())
    }
}

/// The error when post files were there but not one post could be read: the first file's
/// failure (an encrypted or bomb-like entry keeps its kind), or the first skipped post's
/// reason. `Ok` when there was nothing to read (an account that never posted).
fn nothing_read(totals: &ImportTotals, errors: Vec<Error>, skipped: &[Warning]) -> Result<()> {
    if let Some(e) = errors.into_iter().next() {
        return Err(Error::new(
            e.kind,
            format!("no post could be read: {}", e.message),
        ));
    }
    if totals.skipped > 0 {
        let first = skipped
            .first()
            .map(|w| format!(" ({})", w.message))
            .unwrap_or_default();
        return Err(Error::new(
            ErrorKind::Malformed,
            format!(
                "no post could be read: all {} posts in the archive are damaged{first}",
                totals.skipped
            ),
        ));
    }
    Ok(())
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
    /// The first and last plausible dates of a post.
    dates: (DateTime<Utc>, DateTime<Utc>),
}

impl<I: Importer> FileRead<'_, I> {
    /// Hands one element to the importer and counts what came of it; `true` when it became
    /// a post.
    fn take(&mut self, index: u32, raw: Raw<'_>) -> bool {
        let mapped = self
            .importer
            .element(self.file, index, raw)
            .and_then(|post| {
                let (first, last) = self.dates;
                match post {
                    Some(p) if p.created_at < first || p.created_at > last => Err((
                        "impossible date",
                        format!(
                            "{} is outside {} to {}, when posts of this platform can be written",
                            p.created_at.format("%Y-%m-%d"),
                            first.format("%Y-%m-%d"),
                            last.format("%Y-%m-%d")
                        ),
                    )),
                    other => Ok(other),
                }
            });
        match mapped {
            Ok(Some(post)) => self.collector.add(post),
            Ok(None) => false,
            Err((reason, detail)) => {
                self.skip(index, reason, &detail);
                false
            }
        }
    }

    /// Counts an element that could not be read.
    fn skip(&mut self, index: u32, reason: &'static str, detail: &str) {
        self.skipped += 1;
        if self.file.holds == Holds::Posts {
            self.collector.skip(&self.file.entry, index, reason, detail);
        }
    }

    /// Counts an element over the cap, which was never kept.
    fn too_large(&mut self, index: u32, size: u64) {
        self.skipped += 1;
        if self.file.holds == Holds::Posts {
            self.collector.skip(
                &self.file.entry,
                index,
                "larger than any real post",
                &format!("{size} bytes"),
            );
        }
    }

    /// Streams a [`Layout::Elements`] file.
    fn elements(
        &mut self,
        container: &mut dyn Container,
        tracker: &mut Tracker<'_>,
    ) -> Result<FileEnd> {
        let entry = self.file.entry.clone();
        let cap = element_cap(self.file.holds);
        stream_elements(
            container,
            &entry,
            cap,
            tracker,
            &mut |index, framed| match framed {
                Framed::Element(bytes) => self.take(index, Raw::Json(bytes)),
                Framed::TooLarge(size) => {
                    self.too_large(index, size);
                    false
                }
            },
        )
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
            if let Some(swallowed) = merged_rows(&record, header.len()) {
                // An unclosed quote joined this row to the ones after it: none of them
                // can be told apart, so each is counted as skipped, none is lost unseen.
                for i in 0..=swallowed {
                    self.skip(
                        rows + i,
                        "an unclosed quote joined rows together",
                        &format!("line {line}"),
                    );
                }
                rows += swallowed + 1;
                continue;
            }
            let fields: Vec<Cow<str>> = record.iter().map(String::from_utf8_lossy).collect();
            let row = Raw::Row {
                fields: &fields,
                line,
            };
            if self.take(rows, row) {
                tracker.add_posts(1);
            }
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

/// The largest element kept of a file holding `holds`. One element is one post, like or
/// follower (a few KB at most: [`MAX_ELEMENT_BYTES`] is far above), except in the message
/// files, where one element is a whole conversation: years of messages between two people
/// reach several MB, so those get 64 MiB (they are only counted, never kept).
fn element_cap(holds: Holds) -> usize {
    match holds {
        Holds::Messages | Holds::GroupMessages => 64 * 1024 * 1024,
        _ => MAX_ELEMENT_BYTES,
    }
}

/// Whether a CSV record is several rows joined by an unclosed quote, and if so how many
/// rows it swallowed after its own: it has more fields than the header and a line break
/// inside a field. Each swallowed row adds `columns - 1` fields (its first field joins the
/// field left open).
fn merged_rows(record: &csv::ByteRecord, columns: usize) -> Option<u32> {
    let extra = record.len().checked_sub(columns).filter(|&n| n > 0)?;
    if columns < 2 || !record.iter().any(|f| f.contains(&b'\n')) {
        return None;
    }
    Some(u32::try_from(extra.div_ceil(columns - 1)).unwrap_or(u32::MAX))
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
