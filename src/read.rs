//! The container: which files an export holds, and the bytes of just the ones asked for.
//!
//! In: a `Read + Seek` over the whole archive ([`crate::source`]) or, natively, a folder
//! of already unzipped files. Out: a [`Container`] that lists its entries from the zip's
//! central directory alone (no entry is inflated to list them) and opens one entry at a
//! time as a streaming reader.
//!
//! Invariants:
//! - Media are never read: listing costs only the central directory, and an entry's bytes
//!   are read only when an importer opens it.
//! - Every opened entry is guarded: inflating more bytes than the entry declares, or an
//!   absurd compression ratio (a zip bomb), stops with [`ErrorKind::TooLarge`] instead of
//!   filling memory or running forever.
//! - Junk that macOS and Windows add when re-zipping (`__MACOSX/`, `.DS_Store`,
//!   `Thumbs.db`) and directory entries are left out of the list.
//! - The whole archive has a budget too ([`MAX_INFLATED_TOTAL`]), entries whose bytes
//!   overlap another's (a bomb that inflates one stream thousands of times) are refused, and
//!   entries are looked up by name through an index, so a hostile directory cannot make the
//!   work quadratic (issue #11).
//! - Nothing is dropped without a word: duplicate names, refused entries, symbolic links in
//!   a folder and a zip read from its local headers (its directory missing, as in a cut
//!   download) are [`Container::problems`], which the importer turns into warnings.
//!
//! Why the bomb guard is written here rather than taken from a library: the zip crate
//! inflates what it is asked to and leaves limits to its caller; the guard is a counting
//! `Read` around its stream, a few lines, checked by the tests at the bottom (an entry
//! inflating past what it declares is stopped).

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;

pub mod any;
pub mod car;
pub mod targz;

pub use any::AnyContainer;

use crate::error::{Error, ErrorKind, Result};
use crate::model::WarningCode;

/// One file inside the container, as listed in its directory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryInfo {
    /// The path inside the archive, with `/` separators, exactly as stored.
    pub name: String,
    /// Bytes once inflated, as the directory declares.
    pub size: u64,
    /// Bytes as stored (what reading the entry costs).
    pub compressed_size: u64,
}

/// Something about the container itself the person should hear of (it becomes a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The warning's code.
    pub code: WarningCode,
    /// What happened, in plain words.
    pub message: String,
    /// The entry concerned, if one.
    pub entry: Option<String>,
    /// The error it is when no post at all could be read.
    pub kind: ErrorKind,
}

/// An opened export: its entry list and a way to stream one entry.
pub trait Container {
    /// A short description for messages, such as "zip archive" or "folder".
    fn kind(&self) -> &'static str;

    /// The entries, in the order the archive stores them.
    fn entries(&self) -> &[EntryInfo];

    /// Streams the inflated bytes of the entry called `name` (as listed).
    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>>;

    /// Looks an entry up by its exact name.
    fn entry(&self, name: &str) -> Option<&EntryInfo> {
        self.entries().iter().find(|e| e.name == name)
    }

    /// What the container could not hand over as it is listed (duplicate names, refused
    /// entries, links not followed, a missing directory), for the report's warnings.
    fn problems(&self) -> &[Problem] {
        &[]
    }

    /// Reads a whole (small) entry into a string, for metadata files such as
    /// `manifest.js`. Large data files are streamed instead.
    fn read_to_string(&mut self, name: &str) -> Result<String> {
        let mut text = String::new();
        self.open(name)?
            .read_to_string(&mut text)
            .map_err(|e| entry_error(name, e))?;
        Ok(text)
    }
}

/// Whether a path is filler added by an operating system, never part of an export.
pub fn is_junk(name: &str) -> bool {
    name.starts_with("__MACOSX/")
        || name.contains("/__MACOSX/")
        || name.ends_with('/')
        || matches!(
            name.rsplit('/').next(),
            Some(".DS_Store" | "Thumbs.db" | "desktop.ini")
        )
        || name.rsplit('/').next().is_some_and(|f| f.starts_with("._"))
}

/// Finds the folder an export lives under. Archives re-zipped by macOS put everything
/// under one top folder (`twitter-2023-01-01-abc/data/tweets.js`); this returns that
/// folder (`"twitter-2023-01-01-abc/"`) for the first `marker` path found at the shallowest
/// depth, or `""` when the markers sit at the root. `None` when no marker is present.
pub fn find_root<'a>(entries: &'a [EntryInfo], markers: &[&str]) -> Option<&'a str> {
    entries
        .iter()
        .filter_map(|e| {
            markers.iter().find_map(|m| {
                let prefix = e.name.strip_suffix(m)?;
                (prefix.is_empty() || prefix.ends_with('/')).then_some(&e.name[..prefix.len()])
            })
        })
        .min_by_key(|prefix| (prefix.matches('/').count(), prefix.len()))
}

/// The largest ratio of inflated to stored bytes we accept for an entry above
/// [`RATIO_FLOOR`] bytes. Export JSON compresses about 5-20x; zip bombs reach 1000x.
pub const MAX_RATIO: u64 = 250;
/// Entries inflating to less than this are never judged by their ratio (small files of
/// repeated whitespace compress very well and are harmless). From this size on they are.
pub const RATIO_FLOOR: u64 = 64 * 1024 * 1024;
/// The most bytes inflated from one archive in all. The largest real data files measured
/// (200,000 posts) inflate to 293 MB; the heaviest accounts with years of messages reach a
/// few GB. 8 GiB is well above that, and stops a zip of many small bombs after seconds
/// rather than after hours.
pub const MAX_INFLATED_TOTAL: u64 = 8 * 1024 * 1024 * 1024;
/// A local header is 30 bytes plus a name and an extra field of at most 65,535 bytes each.
const MAX_LOCAL_HEADER: u64 = 30 + 2 * 65_535;

/// Streams an entry, counting the inflated bytes and stopping at the first sign of a bomb.
struct Guarded<R> {
    inner: R,
    name: String,
    declared: u64,
    stored: u64,
    produced: u64,
    /// Bytes inflated from the whole archive so far (shared by every entry opened).
    total: Rc<Cell<u64>>,
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.produced += n as u64;
        self.total.set(self.total.get() + n as u64);
        let over_declared = self.produced > self.declared;
        let over_ratio =
            self.produced >= RATIO_FLOOR && self.produced / self.stored.max(1) > MAX_RATIO;
        if over_declared || over_ratio {
            return Err(io::Error::other(BombError(format!(
                "{} inflates to more than {} bytes (it declares {} bytes, stored in {}): this looks like a zip bomb, so it was not read",
                self.name, self.produced, self.declared, self.stored
            ))));
        }
        if self.total.get() > MAX_INFLATED_TOTAL {
            return Err(io::Error::other(BombError(format!(
                "the archive inflates to more than {MAX_INFLATED_TOTAL} bytes in all, far more than any real export, so {} was not read to the end",
                self.name
            ))));
        }
        Ok(n)
    }
}

/// Carried inside an `io::Error` so [`entry_error`] can tell a bomb from a broken entry.
#[derive(Debug)]
struct BombError(String);

impl std::fmt::Display for BombError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BombError {}

/// Turns an I/O failure while streaming `entry` into the right kind of [`Error`].
pub fn entry_error(entry: &str, e: io::Error) -> Error {
    if let Some(bomb) = e.get_ref().and_then(|i| i.downcast_ref::<BombError>()) {
        return Error::new(ErrorKind::TooLarge, bomb.0.clone());
    }
    match e.kind() {
        io::ErrorKind::UnexpectedEof => Error::new(
            ErrorKind::Truncated,
            format!("{entry} ends early: the archive looks cut off"),
        ),
        io::ErrorKind::InvalidData if e.to_string().contains("checksum") => Error::new(
            ErrorKind::Malformed,
            format!(
                "{entry} failed its checksum: its bytes were damaged after the archive was made, so what was read from it may be wrong"
            ),
        ),
        io::ErrorKind::InvalidData | io::ErrorKind::Other => Error::new(
            ErrorKind::Malformed,
            format!("{entry} is damaged and cannot be inflated ({e})"),
        ),
        _ => Error::new(ErrorKind::Io, format!("could not read {entry}: {e}")),
    }
}

/// A zip archive (every X and Mastodon export; legacy Twitter archives too).
pub struct ZipContainer<R: Read + Seek> {
    zip: Zip<R>,
    entries: Vec<EntryInfo>,
    /// For each listed entry, where to find it: its index in the zip's central directory,
    /// or the offset of its local header when the directory is missing.
    places: Vec<u64>,
    /// For each listed entry, why it is refused (its bytes overlap another entry's).
    refused: Vec<Option<String>>,
    by_name: HashMap<String, usize>,
    problems: Vec<Problem>,
    inflated: Rc<Cell<u64>>,
}

/// How the zip is read: through its central directory, or (when that is missing, as in a
/// download cut short) from the local headers at the front.
enum Zip<R: Read + Seek> {
    Central(zip::ZipArchive<Shared<R>>),
    Local(R),
}

/// A reader with two handles: the zip crate's and ours.
struct Shared<R>(Rc<std::cell::RefCell<R>>);

impl<R> Clone for Shared<R> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<R> Shared<R> {
    /// The reader, once the other handle is gone.
    fn into_only(self) -> Option<R> {
        Rc::try_unwrap(self.0)
            .ok()
            .map(std::cell::RefCell::into_inner)
    }
}

impl<R: Read> Read for Shared<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.borrow_mut().read(buf)
    }
}

impl<R: Seek> Seek for Shared<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.0.borrow_mut().seek(pos)
    }
}

/// The four bytes every zip's first local header starts with.
const ZIP_LOCAL_MAGIC: &[u8; 4] = b"PK\x03\x04";

impl<R: Read + Seek> ZipContainer<R> {
    /// Opens a zip by reading its end record and central directory only. When the
    /// directory is missing or damaged but the file starts like a zip, the entries are
    /// recovered from the local headers instead (a [`Container::problems`] says so).
    pub fn open(mut reader: R) -> Result<Self> {
        // Enough to recognise a file by its start (a CAR header names its "version" by byte 60).
        let mut head = [0u8; 80];
        let head_len = read_head(&mut reader, &mut head)?;
        // The zip crate keeps the reader when it fails; a second handle keeps it for the
        // recovery from local headers.
        let shared = Shared(Rc::new(std::cell::RefCell::new(reader)));
        let zip = match zip::ZipArchive::new(shared.clone()) {
            Ok(zip) => zip,
            Err(e) => {
                let reader = shared.into_only().ok_or_else(|| {
                    Error::new(ErrorKind::Io, "the archive's reader is still in use")
                })?;
                return Self::recover(reader, &head[..head_len], e);
            }
        };
        let mut entries = Vec::with_capacity(zip.len());
        let mut places = Vec::with_capacity(zip.len());
        // (local header offset, stored bytes, position in `entries`), to find overlaps.
        let mut spans = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let data = zip.by_index_data(i).map_err(|e| {
                Error::new(
                    ErrorKind::Malformed,
                    format!("the zip's directory is damaged at entry {i}: {e}"),
                )
            })?;
            let name = String::from_utf8_lossy(data.name_raw()).replace('\\', "/");
            if is_junk(&name) || data.is_dir() {
                continue;
            }
            spans.push((data.header_start(), data.compressed_size(), entries.len()));
            entries.push(EntryInfo {
                name,
                size: data.size(),
                compressed_size: data.compressed_size(),
            });
            places.push(i as u64);
        }
        let mut problems = Vec::new();
        if zip.has_duplicate_names() {
            problems.push(Problem {
                code: WarningCode::DamagedFile,
                message: "the archive lists two or more files under the same name; only one of each can be read, so posts may be missing (X never makes such archives: download a fresh copy)".into(),
                entry: None,
                kind: ErrorKind::Malformed,
            });
        }
        let refused = overlapping(&entries, &mut spans, &mut problems);
        Ok(Self::new(
            Zip::Central(zip),
            entries,
            places,
            refused,
            problems,
        ))
    }

    fn new(
        zip: Zip<R>,
        entries: Vec<EntryInfo>,
        places: Vec<u64>,
        refused: Vec<Option<String>>,
        problems: Vec<Problem>,
    ) -> Self {
        let mut by_name = HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            by_name.entry(e.name.clone()).or_insert(i);
        }
        ZipContainer {
            zip,
            entries,
            places,
            refused,
            by_name,
            problems,
            inflated: Rc::default(),
        }
    }

    /// Lists the entries from the local headers at the front, when the directory at the
    /// end cannot be read. Only entries whose bytes are all there are listed.
    fn recover(mut reader: R, head: &[u8], e: zip::result::ZipError) -> Result<Self> {
        if matches!(e, zip::result::ZipError::Io(_)) || !head.starts_with(ZIP_LOCAL_MAGIC) {
            return Err(open_error(head, e));
        }
        let len = reader.seek(SeekFrom::End(0))?;
        reader.rewind()?;
        let mut entries = Vec::new();
        let mut places = Vec::new();
        let mut at = 0u64;
        loop {
            let count = Cell::new(0u64);
            let mut limited = Counting {
                inner: &mut reader,
                count: &count,
                limit: MAX_LOCAL_HEADER,
            };
            let Ok(Some(file)) = zip::read::read_zipfile_from_stream(&mut limited) else {
                break;
            };
            let header = count.get();
            let name = String::from_utf8_lossy(file.name_raw()).replace('\\', "/");
            let info = EntryInfo {
                name,
                size: file.size(),
                compressed_size: file.compressed_size(),
            };
            let is_dir = file.is_dir();
            drop(file);
            let next = at
                .saturating_add(header)
                .saturating_add(info.compressed_size);
            if next > len {
                break; // the entry cut by the end of the file
            }
            if !is_junk(&info.name) && !is_dir {
                entries.push(info);
                places.push(at);
            }
            at = next;
            reader.seek(SeekFrom::Start(at))?;
        }
        if entries.is_empty() {
            return Err(open_error(head, e));
        }
        let problems = vec![Problem {
            code: WarningCode::DamagedFile,
            message: format!(
                "the zip file is incomplete: its directory, stored at the end, is missing, as when a download is cut short; {} files were recovered from its start, and any file after the cut is missing",
                entries.len()
            ),
            entry: None,
            kind: ErrorKind::Truncated,
        }];
        let refused = vec![None; entries.len()];
        Ok(Self::new(
            Zip::Local(reader),
            entries,
            places,
            refused,
            problems,
        ))
    }

    /// Gives back the reader (to read its statistics, for instance).
    pub fn into_inner(self) -> R {
        match self.zip {
            Zip::Central(zip) => zip
                .into_inner()
                .into_only()
                .expect("the only handle left once the zip is dropped"),
            Zip::Local(reader) => reader,
        }
    }
}

/// Finds entries whose stored bytes overlap an earlier entry's (one compressed stream listed
/// many times, to be inflated many times): each gets the reason it is refused.
fn overlapping(
    entries: &[EntryInfo],
    spans: &mut [(u64, u64, usize)],
    problems: &mut Vec<Problem>,
) -> Vec<Option<String>> {
    let mut refused = vec![None; entries.len()];
    spans.sort_by_key(|&(start, _, i)| (start, i));
    let mut end = 0u64;
    let mut owner = 0usize;
    let mut count = 0u64;
    for &(start, stored, i) in spans.iter() {
        if start < end {
            count += 1;
            refused[i] = Some(format!(
                "{} shares its bytes with {} (an archive built to inflate the same data many times), so it was not read",
                entries[i].name, entries[owner].name
            ));
            continue;
        }
        // 30 bytes of local header at the least, then the stored data.
        end = start.saturating_add(30).saturating_add(stored);
        owner = i;
    }
    if count > 0 {
        problems.push(Problem {
            code: WarningCode::DamagedFile,
            message: format!(
                "{count} entries of the archive share their bytes with another entry; they were not read (X never makes such archives: download a fresh copy)"
            ),
            entry: None,
            kind: ErrorKind::TooLarge,
        });
    }
    refused
}

/// A reader that counts what it reads and stops at `limit` (to measure a local header).
struct Counting<'a, R> {
    inner: &'a mut R,
    count: &'a Cell<u64>,
    limit: u64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = self.limit.saturating_sub(self.count.get());
        let max = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..max])?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Reads up to `buf.len()` bytes from the start of the file to recognise its format.
fn read_head<R: Read + Seek>(reader: &mut R, buf: &mut [u8]) -> Result<usize> {
    reader.rewind()?;
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    reader.rewind()?;
    Ok(filled)
}

/// Explains why a file could not be opened as a zip, from its first bytes.
fn open_error(head: &[u8], e: zip::result::ZipError) -> Error {
    use zip::result::ZipError;
    if let ZipError::Io(io) = e {
        return io.into();
    }
    if head.is_empty() {
        return Error::new(ErrorKind::NotAnArchive, "the file is empty");
    }
    if head.starts_with(ZIP_LOCAL_MAGIC) {
        // It starts like a zip but its directory (stored at the very end) is missing.
        return Error::new(
            ErrorKind::Truncated,
            format!(
                "the zip file is incomplete: its directory, stored at the end, is missing or damaged ({e})"
            ),
        );
    }
    if is_car(head) {
        return Error::new(
            ErrorKind::NotYetReadable,
            "this is a Bluesky repository (a .car file), which PLN Lens cannot read yet",
        );
    }
    let what = sniff(head);
    Error::new(
        ErrorKind::NotAnArchive,
        format!("this is not a zip archive; it looks like {what}"),
    )
}

/// Whether the bytes start like a CAR file (a Bluesky repository export): a varint length,
/// then a CBOR map naming `roots` and `version`.
pub fn is_car(head: &[u8]) -> bool {
    let window = &head[..head.len().min(80)];
    let has = |word: &[u8]| window.windows(word.len()).any(|w| w == word);
    // The varint takes one or two bytes; then comes a CBOR map (major type 5).
    let map_at = match head {
        [a, ..] if *a < 0x80 => 1,
        [_, b, ..] if *b < 0x80 => 2,
        _ => return false,
    };
    matches!(head.get(map_at), Some(0xa0..=0xb7)) && has(b"roots") && has(b"version")
}

/// Names the kind of file its first bytes suggest, for error messages.
pub fn sniff(head: &[u8]) -> &'static str {
    match head {
        [0x1f, 0x8b, ..] => "a gzip or .tar.gz file",
        [b'%', b'P', b'D', b'F', ..] => "a PDF document",
        [0x89, b'P', b'N', b'G', ..] => "a PNG image",
        [0xff, 0xd8, 0xff, ..] => "a JPEG image",
        [b'R', b'a', b'r', b'!', ..] => "a RAR archive",
        [b'7', b'z', 0xbc, 0xaf, ..] => "a 7-Zip archive",
        [b'<', ..] => "an HTML or XML page",
        [b'{', ..] | [b'[', b'{' | b'"' | b' ' | b'\n' | b'\r' | b'\t' | b']', ..] => "a JSON file",
        [b'w', b'i', b'n', b'd', b'o', b'w', ..] => "one JavaScript data file from an X archive",
        _ if head.iter().all(|b| b.is_ascii()) => "a text file",
        _ => "a file of another kind",
    }
}

impl<R: Read + Seek> Container for ZipContainer<R> {
    fn kind(&self) -> &'static str {
        "zip archive"
    }

    fn entries(&self) -> &[EntryInfo] {
        &self.entries
    }

    fn entry(&self, name: &str) -> Option<&EntryInfo> {
        self.by_name.get(name).map(|&i| &self.entries[i])
    }

    fn problems(&self) -> &[Problem] {
        &self.problems
    }

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        let pos = *self.by_name.get(name).ok_or_else(|| {
            Error::new(
                ErrorKind::Malformed,
                format!("{name} is not in the archive"),
            )
        })?;
        if let Some(why) = &self.refused[pos] {
            return Err(Error::new(ErrorKind::TooLarge, why.clone()));
        }
        let info = self.entries[pos].clone();
        if info.compressed_size > 0
            && info.size >= RATIO_FLOOR
            && info.size / info.compressed_size > MAX_RATIO
        {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "{name} declares {} bytes stored in only {}: this looks like a zip bomb, so it was not read",
                    info.size, info.compressed_size
                ),
            ));
        }
        if self.inflated.get() > MAX_INFLATED_TOTAL {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the archive inflates to more than {MAX_INFLATED_TOTAL} bytes in all, far more than any real export, so {name} was not read"
                ),
            ));
        }
        let total = Rc::clone(&self.inflated);
        let inner: Box<dyn Read + '_> = match &mut self.zip {
            Zip::Central(zip) => {
                let index = self.places[pos] as usize;
                if zip.by_index_data(index).is_ok_and(|d| d.encrypted()) {
                    return Err(encrypted(name));
                }
                Box::new(zip.by_index(index).map_err(|e| zip_error(name, e))?)
            }
            Zip::Local(reader) => {
                reader.seek(SeekFrom::Start(self.places[pos]))?;
                let file = zip::read::read_zipfile_from_stream(reader)
                    .map_err(|e| zip_error(name, e))?
                    .ok_or_else(|| {
                        Error::new(ErrorKind::Malformed, format!("{name} is damaged"))
                    })?;
                if file.encrypted() {
                    return Err(encrypted(name));
                }
                Box::new(file)
            }
        };
        Ok(Box::new(Guarded {
            inner,
            name: name.to_string(),
            declared: info.size,
            stored: info.compressed_size,
            produced: 0,
            total,
        }))
    }
}

/// The error for an entry protected by a password.
fn encrypted(name: &str) -> Error {
    Error::new(
        ErrorKind::Encrypted,
        format!("{name} is protected by a password"),
    )
}

/// Turns the zip crate's failure to open `name` into an [`Error`].
fn zip_error(name: &str, e: zip::result::ZipError) -> Error {
    use zip::result::ZipError;
    match e {
        ZipError::UnsupportedArchive(what) if what.contains("assword") => encrypted(name),
        ZipError::UnsupportedArchive(what) => Error::new(
            ErrorKind::Unsupported,
            format!("{name} cannot be read: {what}"),
        ),
        ZipError::CompressionMethodNotSupported(m) => Error::new(
            ErrorKind::Unsupported,
            format!("{name} uses a compression method (number {m}) this tool does not read"),
        ),
        ZipError::InvalidPassword => encrypted(name),
        ZipError::Io(io) => entry_error(name, io),
        other => Error::new(ErrorKind::Malformed, format!("{name} is damaged: {other}")),
    }
}

/// A folder of already unzipped export files (CLI only).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
pub struct DirContainer {
    root: std::path::PathBuf,
    entries: Vec<EntryInfo>,
    by_name: HashMap<String, usize>,
    problems: Vec<Problem>,
}

#[cfg(not(target_arch = "wasm32"))]
impl DirContainer {
    /// Lists every file under `root`. Symbolic links are not followed (so a folder cannot
    /// make the tool read files elsewhere); each one is named in [`Container::problems`].
    pub fn open(root: &std::path::Path) -> Result<Self> {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let mut children: Vec<_> = std::fs::read_dir(&dir)
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Io,
                        format!("could not list {}: {e}", dir.display()),
                    )
                })?
                .collect::<std::result::Result<_, _>>()?;
            children.sort_by_key(|c| c.file_name());
            for child in children {
                let kind = child.file_type()?;
                let path = child.path();
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if kind.is_dir() {
                    stack.push(path);
                } else if kind.is_symlink() && !is_junk(&rel) {
                    problems.push(Problem {
                        code: WarningCode::UnreadableFile,
                        message: format!(
                            "{rel} is a symbolic link, which is not followed (a folder may only hand over its own files); copy the file itself into the folder to read it"
                        ),
                        entry: Some(rel),
                        kind: ErrorKind::Io,
                    });
                } else if kind.is_file() {
                    if is_junk(&rel) {
                        continue;
                    }
                    let size = child.metadata()?.len();
                    entries.push(EntryInfo {
                        name: rel,
                        size,
                        compressed_size: size,
                    });
                }
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        problems.sort_by(|a, b| a.entry.cmp(&b.entry));
        let by_name = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        Ok(Self {
            root: root.to_path_buf(),
            entries,
            by_name,
            problems,
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Container for DirContainer {
    fn kind(&self) -> &'static str {
        "folder"
    }

    fn entries(&self) -> &[EntryInfo] {
        &self.entries
    }

    fn entry(&self, name: &str) -> Option<&EntryInfo> {
        self.by_name.get(name).map(|&i| &self.entries[i])
    }

    fn problems(&self) -> &[Problem] {
        &self.problems
    }

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        if self.entry(name).is_none() {
            return Err(Error::new(
                ErrorKind::Malformed,
                format!("{name} is not in the folder"),
            ));
        }
        let file = std::fs::File::open(self.root.join(name))
            .map_err(|e| Error::new(ErrorKind::Io, format!("could not open {name}: {e}")))?;
        Ok(Box::new(io::BufReader::with_capacity(256 * 1024, file)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_car_file_is_recognised_by_its_header() {
        // The start of a real Bluesky repository export: varint 58, then a CBOR map.
        let mut head = vec![0x3a, 0xa2, 0x65];
        head.extend_from_slice(b"roots");
        head.extend_from_slice(&[0x81, 0xd8, 0x2a, 0x58, 0x25, 0x00, 0x01, 0x71]);
        head.extend_from_slice(&[7; 30]);
        head.push(0x67);
        head.extend_from_slice(b"version");
        head.push(0x01);
        assert!(is_car(&head));
        assert!(
            !is_car(b"{\"roots\": [], \"version\": 1}"),
            "JSON that names them is not a CAR"
        );
        assert!(!is_car(b"PK\x03\x04"));
    }
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in files {
            if name.ends_with('/') {
                w.add_directory(*name, SimpleFileOptions::default())
                    .unwrap();
            } else {
                w.start_file(*name, SimpleFileOptions::default()).unwrap();
                w.write_all(body).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn lists_entries_without_junk_and_reads_one() {
        let bytes = zip_of(&[
            ("top/", b""),
            ("top/data/tweets.js", b"window.YTD.tweets.part0 = []"),
            ("__MACOSX/top/data/._tweets.js", b"junk"),
            ("top/.DS_Store", b"junk"),
        ]);
        let mut c = ZipContainer::open(Cursor::new(bytes)).unwrap();
        let names: Vec<_> = c.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["top/data/tweets.js"]);
        assert_eq!(
            c.read_to_string("top/data/tweets.js").unwrap(),
            "window.YTD.tweets.part0 = []"
        );
    }

    #[test]
    fn finds_the_root_of_a_rezipped_archive() {
        let entries = |names: &[&str]| {
            names
                .iter()
                .map(|n| EntryInfo {
                    name: n.to_string(),
                    size: 0,
                    compressed_size: 0,
                })
                .collect::<Vec<_>>()
        };
        let nested = entries(&["x-2023/Your archive.html", "x-2023/data/tweets.js"]);
        assert_eq!(find_root(&nested, &["data/tweets.js"]), Some("x-2023/"));
        let flat = entries(&["data/tweets.js", "data/tweet_media/a/data/tweets.js"]);
        assert_eq!(find_root(&flat, &["data/tweets.js"]), Some(""));
        // "olddata/tweets.js" must not count as "data/tweets.js".
        let lookalike = entries(&["olddata/tweets.js"]);
        assert_eq!(find_root(&lookalike, &["data/tweets.js"]), None);
    }

    #[test]
    fn not_a_zip_says_what_it_looks_like() {
        let e = ZipContainer::open(Cursor::new(b"%PDF-1.7 hello".to_vec()))
            .err()
            .unwrap();
        assert_eq!(e.kind, ErrorKind::NotAnArchive);
        assert!(e.message.contains("PDF"), "{}", e.message);
        let e = ZipContainer::open(Cursor::new(Vec::new())).err().unwrap();
        assert_eq!(e.kind, ErrorKind::NotAnArchive);
    }

    #[test]
    fn a_zip_cut_inside_its_only_entry_is_truncated() {
        // Bytes that do not compress, so the cut falls inside the entry's data.
        let noise: Vec<u8> = (0..5000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let bytes = zip_of(&[("data/tweets.js", &noise)]);
        let cut = bytes[..bytes.len() / 2].to_vec();
        let e = ZipContainer::open(Cursor::new(cut)).err().unwrap();
        assert_eq!(e.kind, ErrorKind::Truncated, "{}", e.message);
    }

    #[test]
    fn inflating_past_the_declared_size_is_stopped() {
        let mut g = Guarded {
            inner: Cursor::new(vec![b'a'; 100]),
            name: "data/tweets.js".into(),
            declared: 10,
            stored: 10,
            produced: 0,
            total: Rc::default(),
        };
        let err = io::copy(&mut g, &mut io::sink()).unwrap_err();
        let e = entry_error("data/tweets.js", err);
        assert_eq!(e.kind, ErrorKind::TooLarge);
        assert!(e.message.contains("zip bomb"));
    }
}
