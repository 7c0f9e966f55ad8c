//! The items of an ActivityStreams collection file, as the importer skeleton streams them.
//!
//! In: a container and the names of collection files (Mastodon's `outbox.json`,
//! `likes.json`, `bookmarks.json`: one JSON object whose `orderedItems` member is the array).
//! Out: [`ItemsView`], the same container in which each of those entries opens at the value
//! of its *last* top-level `orderedItems` member, so the skeleton's element framing
//! ([`crate::import::elements`]) reads that array and nothing before it.
//!
//! Why not simply "the first `[`": the `@context` member before it is an array too. Why
//! the last member: Mastodon's exporter since 4.2 writes the collection with an empty
//! `"orderedItems":[]` and then streams the real items under the same key again; JSON
//! readers keep the last of duplicate keys, and so does this. Finding it costs one extra
//! pass over the inflated file (a byte scan, no parsing), keeping memory at one element.

use std::io::{self, Read};

use crate::error::Result;
use crate::read::{Container, EntryInfo, entry_error};

/// The key of a collection's items.
const ITEMS: &[u8] = b"orderedItems";

/// A container whose collection files open at their last `orderedItems` array.
pub struct ItemsView<'c> {
    inner: &'c mut dyn Container,
    collections: Vec<String>,
}

impl<'c> ItemsView<'c> {
    /// Wraps `inner`; the entries named in `collections` open at their items.
    pub fn new(inner: &'c mut dyn Container, collections: Vec<String>) -> Self {
        ItemsView { inner, collections }
    }
}

impl Container for ItemsView<'_> {
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }

    fn entries(&self) -> &[EntryInfo] {
        self.inner.entries()
    }

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        if !self.collections.iter().any(|c| c == name) {
            return self.inner.open(name);
        }
        let at =
            last_member_value(self.inner.open(name)?, ITEMS).map_err(|e| entry_error(name, e))?;
        let mut reader = self.inner.open(name)?;
        match at {
            Some(offset) => {
                io::copy(&mut (&mut reader).take(offset), &mut io::sink())
                    .map_err(|e| entry_error(name, e))?;
                Ok(reader)
            }
            // No items member: an empty collection (the framing sees no array).
            None => Ok(Box::new(io::empty())),
        }
    }
}

/// The offset of the value of the last member called `key` of the top-level object in
/// `reader`, or `None` when it has no such member. Tracks only strings, escapes and depth.
pub fn last_member_value(mut reader: impl Read, key: &[u8]) -> io::Result<Option<u64>> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut offset = 0u64;
    let mut depth = 0u32;
    let mut in_string = false;
    let mut escaped = false;
    // The text of the string being read at depth 1 (a possible key), and the last one.
    let mut current: Vec<u8> = Vec::new();
    let mut last_key_matches = false;
    let mut awaiting_value = false;
    let mut found = None;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(found),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        for (i, &b) in buf[..n].iter().enumerate() {
            let at = offset + i as u64;
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                    if depth == 1 {
                        last_key_matches = current == key;
                    }
                } else if depth == 1 && current.len() <= key.len() {
                    current.push(b);
                }
                continue;
            }
            if awaiting_value && !b.is_ascii_whitespace() {
                awaiting_value = false;
                found = Some(at);
            }
            match b {
                b'"' => {
                    in_string = true;
                    current.clear();
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth = depth.saturating_sub(1),
                b':' if depth == 1 && last_key_matches => {
                    last_key_matches = false;
                    awaiting_value = true;
                }
                b',' => last_key_matches = false,
                _ => {}
            }
        }
        offset += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(json: &str) -> Option<usize> {
        last_member_value(json.as_bytes(), ITEMS)
            .unwrap()
            .map(|o| o as usize)
    }

    #[test]
    fn the_last_items_member_wins() {
        let json =
            r#"{"@context":["a",{"orderedItems":"x"}],"orderedItems":[],"orderedItems":[1,2]}"#;
        assert_eq!(&json[at(json).unwrap()..], "[1,2]}");
        let one = r#"{ "orderedItems" : [ "a" ] , "x": "orderedItems"}"#;
        assert_eq!(
            &one[at(one).unwrap()..],
            r#"[ "a" ] , "x": "orderedItems"}"#
        );
    }

    #[test]
    fn nested_or_quoted_keys_do_not_count() {
        assert_eq!(at(r#"{"a":{"orderedItems":[1]},"b":"orderedItems"}"#), None);
        assert_eq!(at(r#"{"a":"\"orderedItems\":[1]"}"#), None);
        assert_eq!(at(""), None);
    }
}
