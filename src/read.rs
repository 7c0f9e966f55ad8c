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
//!
//! Why the bomb guard is written here rather than taken from a library: the zip crate
//! inflates what it is asked to and leaves limits to its caller; the guard is a counting
//! `Read` around its stream, a few lines, checked by the tests at the bottom (an entry
//! inflating past what it declares is stopped).

use std::io::{self, Read, Seek};

pub mod any;
pub mod car;
pub mod targz;

pub use any::AnyContainer;

use crate::error::{Error, ErrorKind, Result};

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
/// repeated whitespace compress very well and are harmless).
pub const RATIO_FLOOR: u64 = 64 * 1024 * 1024;

/// Streams an entry, counting the inflated bytes and stopping at the first sign of a bomb.
struct Guarded<R> {
    inner: R,
    name: String,
    declared: u64,
    stored: u64,
    produced: u64,
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.produced += n as u64;
        let over_declared = self.produced > self.declared;
        let over_ratio =
            self.produced > RATIO_FLOOR && self.produced / self.stored.max(1) > MAX_RATIO;
        if over_declared || over_ratio {
            return Err(io::Error::other(BombError(format!(
                "{} inflates to more than {} bytes (it declares {} bytes, stored in {}): this looks like a zip bomb, so it was not read",
                self.name, self.produced, self.declared, self.stored
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
        io::ErrorKind::InvalidData | io::ErrorKind::Other => Error::new(
            ErrorKind::Malformed,
            format!("{entry} is damaged and cannot be inflated ({e})"),
        ),
        _ => Error::new(ErrorKind::Io, format!("could not read {entry}: {e}")),
    }
}

/// A zip archive (every X and Mastodon export; legacy Twitter archives too).
pub struct ZipContainer<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    entries: Vec<EntryInfo>,
    /// For each listed entry, its index in the zip's central directory.
    indices: Vec<usize>,
}

/// The four bytes every zip's first local header starts with.
const ZIP_LOCAL_MAGIC: &[u8; 4] = b"PK\x03\x04";

impl<R: Read + Seek> ZipContainer<R> {
    /// Opens a zip by reading its end record and central directory only.
    pub fn open(mut reader: R) -> Result<Self> {
        // Enough to recognise a file by its start (a CAR header names its "version" by byte 60).
        let mut head = [0u8; 80];
        let head_len = read_head(&mut reader, &mut head)?;
        let zip = match zip::ZipArchive::new(reader) {
            Ok(zip) => zip,
            Err(e) => return Err(open_error(&head[..head_len], e)),
        };
        let mut entries = Vec::with_capacity(zip.len());
        let mut indices = Vec::with_capacity(zip.len());
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
            entries.push(EntryInfo {
                name,
                size: data.size(),
                compressed_size: data.compressed_size(),
            });
            indices.push(i);
        }
        Ok(Self {
            zip,
            entries,
            indices,
        })
    }

    /// Gives back the reader (to read its statistics, for instance).
    pub fn into_inner(self) -> R {
        self.zip.into_inner()
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

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        let pos = self
            .entries
            .iter()
            .position(|e| e.name == name)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Malformed,
                    format!("{name} is not in the archive"),
                )
            })?;
        let info = self.entries[pos].clone();
        if info.compressed_size > 0
            && info.size > RATIO_FLOOR
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
        let file = self.zip.by_index(self.indices[pos]).map_err(|e| {
            use zip::result::ZipError;
            match e {
                ZipError::UnsupportedArchive(what) => Error::new(
                    ErrorKind::Unsupported,
                    format!("{name} cannot be read: {what}"),
                ),
                ZipError::CompressionMethodNotSupported(m) => Error::new(
                    ErrorKind::Unsupported,
                    format!(
                        "{name} uses a compression method (number {m}) this tool does not read"
                    ),
                ),
                ZipError::InvalidPassword => Error::new(
                    ErrorKind::Unsupported,
                    format!("{name} is protected by a password"),
                ),
                ZipError::Io(io) => entry_error(name, io),
                other => Error::new(ErrorKind::Malformed, format!("{name} is damaged: {other}")),
            }
        })?;
        if file.encrypted() {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!("{name} is protected by a password"),
            ));
        }
        Ok(Box::new(Guarded {
            inner: file,
            name: name.to_string(),
            declared: info.size,
            stored: info.compressed_size,
            produced: 0,
        }))
    }
}

/// A folder of already unzipped export files (CLI only).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
pub struct DirContainer {
    root: std::path::PathBuf,
    entries: Vec<EntryInfo>,
}

#[cfg(not(target_arch = "wasm32"))]
impl DirContainer {
    /// Lists every file under `root` (following no symbolic links out of it).
    pub fn open(root: &std::path::Path) -> Result<Self> {
        let mut entries = Vec::new();
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
                if kind.is_dir() {
                    stack.push(path);
                } else if kind.is_file() {
                    let rel = path
                        .strip_prefix(root)
                        .unwrap_or(&path)
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
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
        Ok(Self {
            root: root.to_path_buf(),
            entries,
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
    fn a_zip_cut_short_is_truncated() {
        let bytes = zip_of(&[("data/tweets.js", &[b'x'; 5000])]);
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
        };
        let err = io::copy(&mut g, &mut io::sink()).unwrap_err();
        let e = entry_error("data/tweets.js", err);
        assert_eq!(e.kind, ErrorKind::TooLarge);
        assert!(e.message.contains("zip bomb"));
    }
}
