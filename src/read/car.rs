//! A Bluesky repository export (a CARv1 file) as a container of JSON record files.
//!
//! In: a `Read + Seek` over a `.car` file: a header (a varint length, then DAG-CBOR
//! `{roots: [commit CID], version: 1}`), then blocks (a varint length, a CID, the block's
//! DAG-CBOR bytes). Out: a [`Container`] with one entry per record collection,
//! `repo/<collection>.json` (such as `repo/app.bsky.feed.post.json`), which opens as a JSON
//! array of `{"uri": "at://<did>/<collection>/<key>", "value": <the record>}`, plus
//! `repo/commit.json` (`{"did", "version", "rev", "records", "blocks",
//! "history_blocks", "cut_short"}`).
//! So the Bluesky importer fills the same skeleton as every other platform, and only this
//! module touches CBOR bytes.
//!
//! Records are found by walking the commit's Merkle Search Tree (each node `{l, e: [{p, k,
//! v, t}]}`: a left subtree, then entries whose keys share `p` bytes with the one before),
//! never by counting blocks: a repository exported with its history holds old commits,
//! old tree nodes and deleted records too. Listing reads each block's header only (its
//! bytes are skipped with a seek) and the tree's nodes; a record's bytes are read when its
//! collection is opened, so memory holds an index of offsets, not the file.
//!
//! CBOR and CIDs are decoded by `serde_ipld_dagcbor` and `ipld-core`; the CAR framing and
//! the tree walk are a few lines each and written here. A record becomes JSON the way
//! atproto's own JSON writes it: a link as `{"$link": "<cid>"}`, bytes as
//! `{"$bytes": <their length>}` (no record field PLN Lens reads is bytes).
//!
//! A hostile file cannot make this loop or fill memory: lengths are bounded, a tree node
//! is visited once, and the walk stops at a fixed depth.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Cursor, Read, Seek, SeekFrom};

use ipld_core::cid::Cid;
use ipld_core::ipld::Ipld;
use serde_json::{Value, json};

use crate::error::{Error, ErrorKind, Result};
use crate::read::{Container, EntryInfo};

/// The largest header or block accepted (atproto blocks are at most a few MB).
const MAX_BLOCK: u64 = 16 * 1024 * 1024;
/// The deepest tree accepted (a real repository's tree is a handful of levels deep).
const MAX_DEPTH: usize = 64;
/// The entry naming the commit.
pub const COMMIT_ENTRY: &str = "repo/commit.json";

/// Block CID -> (offset of its bytes, their length).
type BlockIndex = HashMap<Cid, (u64, u32)>;

/// A record's place: its collection's key and the record's CID.
#[derive(Debug, Clone)]
struct RecordRef {
    rkey: String,
    cid: Cid,
}

/// An opened CAR file.
pub struct CarContainer<R: Read + Seek> {
    reader: R,
    blocks: BlockIndex,
    entries: Vec<EntryInfo>,
    collections: BTreeMap<String, Vec<RecordRef>>,
    did: String,
    commit: Vec<u8>,
}

/// Reads an unsigned LEB128 varint; `None` at a clean end of the data.
fn read_varint(r: &mut impl Read) -> io::Result<Option<u64>> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let mut byte = [0u8];
        if r.read(&mut byte)? == 0 {
            return if shift == 0 {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        value |= u64::from(byte[0] & 0x7f) << shift;
        if byte[0] & 0x80 == 0 {
            return Ok(Some(value));
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        "a varint runs on",
    ))
}

fn malformed(what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Malformed, what.into())
}

/// Decodes DAG-CBOR bytes.
fn decode(bytes: &[u8]) -> std::result::Result<Ipld, String> {
    serde_ipld_dagcbor::from_slice(bytes).map_err(|e| e.to_string())
}

/// A map's field.
fn field<'a>(node: &'a Ipld, key: &str) -> Option<&'a Ipld> {
    match node {
        Ipld::Map(m) => m.get(key),
        _ => None,
    }
}

fn link(node: Option<&Ipld>) -> Option<Cid> {
    match node {
        Some(Ipld::Link(c)) => Some(*c),
        _ => None,
    }
}

impl<R: Read + Seek> CarContainer<R> {
    /// Reads the header, indexes the blocks and walks the commit's tree.
    pub fn open(mut reader: R) -> Result<Self> {
        reader.rewind()?;
        let root = read_header(&mut reader)?;
        let (blocks, cut_short) = index_blocks(&mut reader)?;
        let mut car = CarContainer {
            reader,
            blocks,
            entries: Vec::new(),
            collections: BTreeMap::new(),
            did: String::new(),
            commit: Vec::new(),
        };
        let commit = car.node(&root).map_err(|e| {
            malformed(format!(
                "the repository's commit cannot be read ({e}): the file looks damaged or cut off"
            ))
        })?;
        let (did, version, rev, data) = car.commit_fields(&commit)?;
        let mut records = Vec::new();
        let mut seen = HashSet::new();
        car.walk(&data, 0, &mut seen, &mut records)?;
        let total = records.len();
        // Blocks neither the commit, a tree node nor a current record: the repository's
        // history (earlier commits, records since deleted or of retired kinds).
        let reached = 1 + seen.len() + records.iter().map(|(_, c)| c).collect::<HashSet<_>>().len();
        let history = car
            .blocks
            .len()
            .saturating_sub(reached + usize::from(version == 1) * 2);
        for (key, cid) in records {
            let (collection, rkey) = key.split_once('/').unwrap_or(("unknown", key.as_str()));
            car.collections
                .entry(collection.to_string())
                .or_default()
                .push(RecordRef {
                    rkey: rkey.to_string(),
                    cid,
                });
        }
        car.did = did.clone();
        car.commit = serde_json::to_vec(&json!({
            "did": did, "version": version, "rev": rev, "records": total,
            "blocks": car.blocks.len(), "history_blocks": history, "cut_short": cut_short,
        }))
        .unwrap_or_default();
        car.entries.push(EntryInfo {
            name: COMMIT_ENTRY.to_string(),
            size: car.commit.len() as u64,
            compressed_size: car.commit.len() as u64,
        });
        for (collection, list) in &car.collections {
            let size: u64 = list
                .iter()
                .filter_map(|r| car.blocks.get(&r.cid))
                .map(|(_, len)| u64::from(*len))
                .sum();
            car.entries.push(EntryInfo {
                name: format!("repo/{collection}.json"),
                size,
                compressed_size: size,
            });
        }
        Ok(car)
    }

    /// Gives back the reader.
    pub fn into_inner(self) -> R {
        self.reader
    }

    /// Reads and decodes one block.
    fn node(&mut self, cid: &Cid) -> std::result::Result<Ipld, String> {
        let &(offset, len) = self
            .blocks
            .get(cid)
            .ok_or_else(|| format!("block {cid} is not in the file"))?;
        let mut bytes = vec![0u8; len as usize];
        self.reader
            .seek(SeekFrom::Start(offset))
            .and_then(|_| self.reader.read_exact(&mut bytes))
            .map_err(|e| e.to_string())?;
        decode(&bytes)
    }

    /// The owner's DID, the commit's version and revision, and the tree's root, from a
    /// commit of version 2 or 3 (`{did, version, data, rev?, prev, sig}`) or of version 1
    /// (`{root, sig}` -> `{data, meta, prev}`, `meta` -> `{did, version}`).
    fn commit_fields(&mut self, commit: &Ipld) -> Result<(String, i128, String, Cid)> {
        let text = |n: &Ipld, k: &str| match field(n, k) {
            Some(Ipld::String(s)) => s.clone(),
            _ => String::new(),
        };
        let number = |n: &Ipld, k: &str| match field(n, k) {
            Some(Ipld::Integer(i)) => *i,
            _ => 0,
        };
        if let Some(data) = link(field(commit, "data")) {
            return Ok((
                text(commit, "did"),
                number(commit, "version"),
                text(commit, "rev"),
                data,
            ));
        }
        let unreadable =
            |e: String| malformed(format!("the repository's root cannot be read ({e})"));
        let root_cid = link(field(commit, "root"))
            .ok_or_else(|| malformed("the file's root block is not a repository commit"))?;
        let root = self.node(&root_cid).map_err(unreadable)?;
        let data = link(field(&root, "data"))
            .ok_or_else(|| malformed("the repository's root names no record tree"))?;
        let meta = match link(field(&root, "meta")) {
            Some(m) => self.node(&m).map_err(unreadable)?,
            None => Ipld::Null,
        };
        Ok((
            text(&meta, "did"),
            number(&meta, "version").max(1),
            String::new(),
            data,
        ))
    }

    /// Walks a tree node in key order, adding `(key, record CID)` to `out`.
    fn walk(
        &mut self,
        cid: &Cid,
        depth: usize,
        seen: &mut HashSet<Cid>,
        out: &mut Vec<(String, Cid)>,
    ) -> Result<()> {
        if depth > MAX_DEPTH || !seen.insert(*cid) {
            return Err(malformed(
                "the repository's record tree loops or is far too deep",
            ));
        }
        let node = self
            .node(cid)
            .map_err(|e| malformed(format!("a node of the record tree cannot be read ({e})")))?;
        if let Some(left) = link(field(&node, "l")) {
            self.walk(&left, depth + 1, seen, out)?;
        }
        let entries = match field(&node, "e") {
            Some(Ipld::List(list)) => list.clone(),
            _ => return Err(malformed("a node of the record tree has no entries list")),
        };
        let mut key: Vec<u8> = Vec::new();
        for entry in &entries {
            let prefix = match field(entry, "p") {
                Some(Ipld::Integer(p)) => usize::try_from(*p).unwrap_or(usize::MAX),
                _ => 0,
            };
            let Some(Ipld::Bytes(suffix)) = field(entry, "k") else {
                return Err(malformed("an entry of the record tree has no key"));
            };
            if prefix > key.len() {
                return Err(malformed("an entry of the record tree has a broken key"));
            }
            key.truncate(prefix);
            key.extend_from_slice(suffix);
            if let Some(value) = link(field(entry, "v")) {
                out.push((String::from_utf8_lossy(&key).into_owned(), value));
            }
            if let Some(right) = link(field(entry, "t")) {
                self.walk(&right, depth + 1, seen, out)?;
            }
        }
        Ok(())
    }
}

/// Reads the CAR header and returns its first root.
fn read_header(reader: &mut impl Read) -> Result<Cid> {
    let not_car = || {
        Error::new(
            ErrorKind::NotAnArchive,
            "this is not a Bluesky repository: its first bytes are not a CAR header",
        )
    };
    let len = read_varint(reader)
        .map_err(|_| not_car())?
        .filter(|&l| l > 0 && l <= MAX_BLOCK)
        .ok_or_else(not_car)?;
    let mut header = vec![0u8; len as usize];
    // A header longer than the file: not a CAR (a real header is under a hundred bytes).
    reader.read_exact(&mut header).map_err(|_| not_car())?;
    let header = decode(&header).map_err(|_| not_car())?;
    if !matches!(field(&header, "version"), Some(Ipld::Integer(1))) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            "this repository file is not CAR version 1, the only version Bluesky exports",
        ));
    }
    match field(&header, "roots") {
        Some(Ipld::List(roots)) => link(roots.first()),
        _ => None,
    }
    .ok_or_else(|| malformed("the repository file names no root commit"))
}

/// Indexes every block: CID -> (offset, length). Also says whether the file ended inside a
/// block (the blocks before it are kept).
fn index_blocks<R: Read + Seek>(reader: &mut R) -> Result<(BlockIndex, bool)> {
    let mut blocks = HashMap::new();
    let end = reader.seek(SeekFrom::End(0))?;
    let mut at = reader.seek(SeekFrom::Start(0))?;
    // Skip the header again (read_header has read it).
    if let Some(len) = read_varint(reader)? {
        at = reader.seek(SeekFrom::Current(len as i64))?;
    }
    loop {
        let len = match read_varint(reader) {
            Ok(Some(len)) => len,
            Ok(None) => return Ok((blocks, false)),
            Err(_) => return Ok((blocks, true)),
        };
        let start = reader.stream_position()?;
        if len == 0 || len > MAX_BLOCK || start + len > end {
            return Ok((blocks, start + len > end || len == 0));
        }
        let Ok(cid) = Cid::read_bytes(&mut *reader) else {
            return Err(malformed(format!(
                "the block at byte {at} of the repository file has an unreadable id"
            )));
        };
        let data = reader.stream_position()?;
        let data_len = (start + len).checked_sub(data).ok_or_else(|| {
            malformed(format!(
                "the block at byte {at} of the repository file is damaged"
            ))
        })?;
        blocks.insert(cid, (data, data_len as u32));
        at = reader.seek(SeekFrom::Start(start + len))?;
    }
}

/// A record as JSON (atproto's JSON form).
pub fn to_json(node: &Ipld) -> Value {
    match node {
        Ipld::Null => Value::Null,
        Ipld::Bool(b) => Value::Bool(*b),
        Ipld::Integer(i) => i64::try_from(*i).map_or(Value::Null, Value::from),
        Ipld::Float(f) => Value::from(*f),
        Ipld::String(s) => Value::String(s.clone()),
        Ipld::Bytes(b) => json!({ "$bytes": b.len() }),
        Ipld::List(l) => Value::Array(l.iter().map(to_json).collect()),
        Ipld::Map(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
        Ipld::Link(c) => json!({ "$link": c.to_string() }),
    }
}

impl<R: Read + Seek> Container for CarContainer<R> {
    fn kind(&self) -> &'static str {
        "Bluesky repository file (CAR)"
    }

    fn entries(&self) -> &[EntryInfo] {
        &self.entries
    }

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        if name == COMMIT_ENTRY {
            return Ok(Box::new(Cursor::new(self.commit.clone())));
        }
        let collection = name
            .strip_prefix("repo/")
            .and_then(|n| n.strip_suffix(".json"))
            .filter(|c| self.collections.contains_key(*c))
            .ok_or_else(|| malformed(format!("{name} is not in the repository")))?
            .to_string();
        Ok(Box::new(Records {
            collection,
            car: self,
            next: 0,
            buf: b"[".to_vec(),
            pos: 0,
            closed: false,
        }))
    }
}

/// A collection's records, written as a JSON array as they are read.
struct Records<'a, R: Read + Seek> {
    car: &'a mut CarContainer<R>,
    collection: String,
    next: usize,
    buf: Vec<u8>,
    pos: usize,
    closed: bool,
}

impl<R: Read + Seek> Records<'_, R> {
    /// Writes the next record (or the closing bracket) into the buffer.
    fn refill(&mut self) {
        self.buf.clear();
        self.pos = 0;
        let Some(record) = self.car.collections[&self.collection]
            .get(self.next)
            .cloned()
        else {
            if !self.closed {
                self.buf.push(b']');
                self.closed = true;
            }
            return;
        };
        if self.next > 0 {
            self.buf.push(b',');
        }
        self.next += 1;
        let uri = format!("at://{}/{}/{}", self.car.did, self.collection, record.rkey);
        let element = match self.car.node(&record.cid) {
            Ok(value) => json!({ "uri": uri, "value": to_json(&value) }),
            Err(e) => json!({ "uri": uri, "unreadable": e }),
        };
        // Writing a Value to memory cannot fail.
        let _ = serde_json::to_writer(&mut self.buf, &element);
    }
}

impl<R: Read + Seek> Read for Records<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.buf.len() {
            if self.closed {
                return Ok(0);
            }
            self.refill();
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_read_and_end() {
        let mut r = Cursor::new(vec![0x3a, 0xac, 0x02]);
        assert_eq!(read_varint(&mut r).unwrap(), Some(58));
        assert_eq!(read_varint(&mut r).unwrap(), Some(300));
        assert_eq!(read_varint(&mut r).unwrap(), None);
        assert!(read_varint(&mut Cursor::new(vec![0x80])).is_err());
    }

    #[test]
    fn not_a_car_says_so() {
        let e = CarContainer::open(Cursor::new(b"{\"roots\":[]}".to_vec()))
            .err()
            .unwrap();
        assert_eq!(e.kind, ErrorKind::NotAnArchive, "{}", e.message);
        let e = CarContainer::open(Cursor::new(Vec::new())).err().unwrap();
        assert_eq!(e.kind, ErrorKind::NotAnArchive);
    }
}
