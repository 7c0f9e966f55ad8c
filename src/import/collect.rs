//! The post accounting every importer shares.
//!
//! In: posts as an importer reads them, and the elements it could not read. Out: the
//! distinct posts (oldest first) and [`ImportTotals`] in which every element of every post
//! file is counted exactly once: read, skipped (with a reason) or a duplicate of a post
//! already read. Skipped elements are named in warnings with their file and index, up to a
//! few per file; the rest are summed, so a badly damaged file cannot flood the report.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashSet;

use crate::model::{ImportTotals, Post, Warning, WarningCode};

/// Skipped elements named one by one per file before the rest are summarised.
const NAMED_PER_ENTRY: u32 = 10;

/// Gathers posts and the account of what happened to every element.
#[derive(Debug, Default)]
pub struct Collector {
    posts: Vec<Post>,
    /// Ids already read: numeric ids (X's) as numbers, which hash and compare fastest.
    seen_numbers: FxHashSet<u64>,
    seen_other: FxHashSet<Box<str>>,
    found: u64,
    duplicates: u64,
    reasons: BTreeMap<String, u64>,
    skipped_unnamed: HashMap<String, u64>,
    named: HashMap<String, u32>,
    warnings: Vec<Warning>,
}

impl Collector {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Prepares room for about `posts` posts (from a manifest's count), so the list is not
    /// reallocated, and briefly doubled, as it grows.
    pub fn reserve(&mut self, posts: usize) {
        self.posts.reserve(posts);
        self.seen_numbers.reserve(posts);
    }

    fn first_sight(&mut self, id: &str) -> bool {
        match id.parse::<u64>() {
            Ok(n) if !id.starts_with('0') || id == "0" => self.seen_numbers.insert(n),
            _ => self.seen_other.insert(id.into()),
        }
    }

    /// Keeps `post` unless its id was already read; returns whether it was new.
    pub fn add(&mut self, post: Post) -> bool {
        self.found += 1;
        if !self.first_sight(&post.id) {
            self.duplicates += 1;
            return false;
        }
        self.posts.push(post);
        true
    }

    /// Counts an element that could not be read. `reason` is a short, stable phrase (it
    /// groups the totals); `detail` says what exactly was wrong.
    pub fn skip(&mut self, entry: &str, index: u32, reason: &str, detail: &str) {
        self.found += 1;
        *self.reasons.entry(reason.to_string()).or_default() += 1;
        let named = self.named.entry(entry.to_string()).or_default();
        if *named < NAMED_PER_ENTRY {
            *named += 1;
            self.warnings.push(Warning {
                index: Some(index),
                ..Warning::about(
                    WarningCode::SkippedPost,
                    format!(
                        "post {} in {entry} was skipped: {reason} ({detail})",
                        index + 1
                    ),
                    entry,
                )
            });
        } else {
            *self.skipped_unnamed.entry(entry.to_string()).or_default() += 1;
        }
    }

    /// The posts oldest first, the totals, and the warnings.
    pub fn finish(mut self) -> (Vec<Post>, ImportTotals, Vec<Warning>) {
        let mut extra: Vec<_> = self.skipped_unnamed.into_iter().collect();
        extra.sort();
        for (entry, n) in extra {
            self.warnings.push(Warning::about(
                WarningCode::SkippedPost,
                format!("{n} more posts in {entry} were skipped for the same kinds of reasons"),
                &entry,
            ));
        }
        self.posts.sort_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        let mut reasons: Vec<(String, u64)> = self.reasons.into_iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let totals = ImportTotals {
            found: self.found,
            posts: self.posts.len() as u64,
            skipped: reasons.iter().map(|(_, n)| n).sum(),
            skipped_reasons: reasons,
            duplicates: self.duplicates,
            expected: None,
            notes_joined: 0,
        };
        (self.posts, totals, self.warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(id: &str) -> Post {
        Post::new(id, chrono::DateTime::UNIX_EPOCH, "hi")
    }

    #[test]
    fn every_element_is_counted_once() {
        let mut c = Collector::new();
        assert!(c.add(post("1")));
        assert!(!c.add(post("1")));
        assert!(c.add(post("2")));
        for i in 0..25 {
            c.skip("data/tweets.js", i, "unreadable date", "\"soon\"");
        }
        c.skip("data/tweets-part1.js", 3, "not valid JSON", "eof");
        let (posts, totals, warnings) = c.finish();
        assert_eq!(posts.len(), 2);
        assert_eq!(totals.found, 29);
        assert_eq!(
            totals.posts + totals.skipped + totals.duplicates,
            totals.found
        );
        assert_eq!(
            totals.skipped_reasons[0],
            ("unreadable date".to_string(), 25)
        );
        // 10 named in the first file, one summary for the other 15, one in the second file.
        assert_eq!(warnings.len(), 12);
        assert!(
            warnings[0]
                .message
                .starts_with("post 1 in data/tweets.js was skipped")
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.message.starts_with("15 more posts in data/tweets.js"))
        );
    }
}
