//! A `.tar.gz` archive (Mastodon's account archive before 4.2) as a container.
//!
//! In: a `Read + Seek` over the whole file. Out: a [`Container`] listing every file of the
//! tar and opening its data files.
//!
//! A gzip stream cannot be entered in the middle: reaching a file means inflating all
//! that comes before it, and Mastodon wrote the media first. So the archive is read once,
//! front to back, as a stream (flate2 and tar): every entry is listed, the small data files
//! an importer asks for (`*.json` outside `media_attachments/`) are kept in memory as they
//! pass, and everything else (media) is inflated and dropped, never held. Memory is the
//! size of the data files, not of the archive. Any other entry opened later is found by
//! reading the stream again from the start.

use std::collections::HashMap;
use std::io::{self, Read, Seek};

use flate2::read::MultiGzDecoder;

use crate::error::{Error, ErrorKind, Result};
use crate::read::{Container, EntryInfo, is_junk};

/// The most data-file bytes kept in memory; beyond it, files are read again when opened.
const KEEP_AT_MOST: u64 = 512 * 1024 * 1024;

/// An opened `.tar.gz`.
pub struct TarGzContainer<R: Read + Seek> {
    reader: R,
    entries: Vec<EntryInfo>,
    /// Each entry's name as stored (before `./` is dropped), by listed name.
    stored: HashMap<String, String>,
    kept: HashMap<String, Vec<u8>>,
}

/// Whether an importer may ask for this entry: a JSON data file, not media.
fn is_data(name: &str) -> bool {
    name.ends_with(".json") && !name.contains("media_attachments/")
}

/// The listed name of a stored path: `/` separators, no leading `./`.
fn listed(path: &str) -> String {
    path.trim_start_matches("./").replace('\\', "/")
}

fn damaged(e: &io::Error) -> Error {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        Error::new(
            ErrorKind::Truncated,
            "the .tar.gz archive ends early: it looks cut off (download it again)",
        )
    } else {
        Error::new(
            ErrorKind::Malformed,
            format!("the .tar.gz archive is damaged and cannot be inflated ({e})"),
        )
    }
}

impl<R: Read + Seek> TarGzContainer<R> {
    /// Reads the archive once, listing it and keeping its data files.
    pub fn open(mut reader: R) -> Result<Self> {
        let mut magic = [0u8; 2];
        reader.rewind()?;
        if reader.read_exact(&mut magic).is_err() || magic != [0x1f, 0x8b] {
            return Err(Error::new(
                ErrorKind::NotAnArchive,
                "this is not a .tar.gz archive: it does not start like a gzip file",
            ));
        }
        reader.rewind()?;
        let mut entries = Vec::new();
        let mut stored = HashMap::new();
        let mut kept = HashMap::new();
        let mut kept_bytes = 0u64;
        let mut tar = tar::Archive::new(MultiGzDecoder::new(&mut reader));
        for entry in tar.entries().map_err(|e| damaged(&e))? {
            let mut entry = entry.map_err(|e| damaged(&e))?;
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let name = listed(&path);
            if is_junk(&name) {
                continue;
            }
            let size = entry.size();
            if is_data(&name) && kept_bytes + size <= KEEP_AT_MOST {
                let mut bytes = Vec::with_capacity(size as usize);
                entry.read_to_end(&mut bytes).map_err(|e| damaged(&e))?;
                kept_bytes += size;
                kept.insert(name.clone(), bytes);
            }
            // Anything not read here is skipped (inflated and dropped) by the next step.
            stored.insert(name.clone(), path);
            entries.push(EntryInfo {
                name,
                size,
                compressed_size: size,
            });
        }
        if entries.is_empty() {
            return Err(Error::new(
                ErrorKind::NotAnArchive,
                "the .tar.gz archive holds no files",
            ));
        }
        Ok(TarGzContainer {
            reader,
            entries,
            stored,
            kept,
        })
    }

    /// Gives back the reader.
    pub fn into_inner(self) -> R {
        self.reader
    }

    /// Reads one entry by going through the stream again.
    fn read_again(&mut self, name: &str) -> Result<Vec<u8>> {
        let path = self.stored.get(name).cloned().unwrap_or_default();
        self.reader.rewind()?;
        let mut tar = tar::Archive::new(MultiGzDecoder::new(&mut self.reader));
        for entry in tar.entries().map_err(|e| damaged(&e))? {
            let mut entry = entry.map_err(|e| damaged(&e))?;
            if entry.path_bytes() == path.as_bytes() {
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes).map_err(|e| damaged(&e))?;
                return Ok(bytes);
            }
        }
        Err(Error::new(
            ErrorKind::Malformed,
            format!("{name} is not in the archive"),
        ))
    }
}

impl<R: Read + Seek> Container for TarGzContainer<R> {
    fn kind(&self) -> &'static str {
        "tar.gz archive"
    }

    fn entries(&self) -> &[EntryInfo] {
        &self.entries
    }

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        if self.kept.contains_key(name) {
            return Ok(Box::new(&self.kept[name][..]));
        }
        if !self.stored.contains_key(name) {
            return Err(Error::new(
                ErrorKind::Malformed,
                format!("{name} is not in the archive"),
            ));
        }
        let bytes = self.read_again(name)?;
        Ok(Box::new(io::Cursor::new(bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    /// A .tar.gz of these files, as Mastodon wrote them (media first).
    pub(crate) fn targz_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut tar = tar::Builder::new(gz);
        for (name, body) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(body.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, name, *body).unwrap();
        }
        let mut gz = tar.into_inner().unwrap();
        gz.flush().unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn lists_everything_and_opens_data_and_media() {
        let bytes = targz_of(&[
            ("media_attachments/files/1/a.png", &[7u8; 5000]),
            ("./outbox.json", b"{\"orderedItems\":[]}"),
            ("actor.json", b"{}"),
        ]);
        let mut c = TarGzContainer::open(Cursor::new(bytes)).unwrap();
        let names: Vec<_> = c.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "media_attachments/files/1/a.png",
                "outbox.json",
                "actor.json"
            ]
        );
        assert_eq!(
            c.read_to_string("outbox.json").unwrap(),
            "{\"orderedItems\":[]}"
        );
        assert!(!c.kept.contains_key("media_attachments/files/1/a.png"));
        let mut media = Vec::new();
        c.open("media_attachments/files/1/a.png")
            .unwrap()
            .read_to_end(&mut media)
            .unwrap();
        assert_eq!(media.len(), 5000);
    }

    #[test]
    fn a_cut_archive_says_so() {
        let bytes = targz_of(&[("outbox.json", &[b' '; 100_000]), ("actor.json", b"{}")]);
        let cut = bytes[..bytes.len() / 2].to_vec();
        let e = TarGzContainer::open(Cursor::new(cut)).err().unwrap();
        assert!(
            matches!(e.kind, ErrorKind::Truncated | ErrorKind::Malformed),
            "{e:?}"
        );
        let e = TarGzContainer::open(Cursor::new(b"not gzip".to_vec()))
            .err()
            .unwrap();
        assert!(
            matches!(e.kind, ErrorKind::Malformed | ErrorKind::NotAnArchive),
            "{e:?}"
        );
    }
}
