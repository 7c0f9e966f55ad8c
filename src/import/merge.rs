//! Several exports of one person as one archive: an X archive and a Mastodon archive, say,
//! side by side in one report.
//!
//! In: each export's imported [`Archive`] with a name for it (its file name). Out: one
//! [`Archive`]: the posts of all, oldest first, each with its platform in
//! [`Archive::platforms`]; likes, follows, lists, message counts and the accounting summed;
//! the entries read and the warnings named with the export they came from (`name: entry`).
//! A post id met twice (the same export given twice) is kept once and counted as a
//! duplicate, so every element is still counted exactly once.
//!
//! Nothing here knows a platform's rules: the stages after it see one archive.

use std::collections::{BTreeMap, HashSet};

use crate::model::{Archive, ImportTotals};

/// One export to merge: a name for people (its file name) and what it held.
pub struct Part {
    /// The file name (or any short name) of the export.
    pub name: String,
    /// The export, imported.
    pub archive: Archive,
}

/// Merges `parts` into one archive. The owner is the first part's that names one.
pub fn merge(parts: Vec<Part>) -> Archive {
    if parts.len() == 1 {
        return parts
            .into_iter()
            .next()
            .map(|p| p.archive)
            .unwrap_or_default();
    }
    let mut out = Archive::default();
    let mut seen: HashSet<Box<str>> = HashSet::new();
    let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
    let mut expected = Some(0u64);
    let mut tagged = Vec::new();
    for Part { name, archive } in parts {
        let a = archive;
        if out.owner.handle.is_none() && out.owner.id.is_none() {
            out.owner = a.owner.clone();
        }
        let t = &a.totals;
        out.totals.found += t.found;
        out.totals.skipped += t.skipped;
        out.totals.duplicates += t.duplicates;
        out.totals.notes_joined += t.notes_joined;
        expected = expected.zip(t.expected).map(|(x, y)| x + y);
        for (reason, n) in &t.skipped_reasons {
            *reasons.entry(reason.clone()).or_default() += n;
        }
        let platforms = a.platforms.iter().copied();
        for (post, platform) in a.posts.into_iter().zip(platforms) {
            if seen.insert(post.id.clone()) {
                tagged.push((post, platform));
            } else {
                out.totals.duplicates += 1;
            }
        }
        out.likes.extend(a.likes);
        out.followers.extend(a.followers);
        out.following.extend(a.following);
        out.listed_on.extend(a.listed_on);
        let m = &mut out.messages;
        m.conversations += a.messages.conversations;
        m.messages += a.messages.messages;
        m.group_conversations += a.messages.group_conversations;
        m.group_messages += a.messages.group_messages;
        m.counterpart_ids.extend(a.messages.counterpart_ids);
        out.sources.extend(a.sources.into_iter().map(|mut s| {
            s.entry = format!("{name}: {}", s.entry);
            s
        }));
        out.warnings.extend(a.warnings.into_iter().map(|mut w| {
            w.message = format!("{name}: {}", w.message);
            w.entry = w.entry.map(|e| format!("{name}: {e}"));
            w
        }));
        out.followers_only.extend(a.followers_only);
        out.lacking.extend(a.lacking);
    }
    tagged.sort_by(|(a, _), (b, _)| {
        a.created_at
            .cmp(&b.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    let (posts, platforms) = tagged.into_iter().unzip();
    out.posts = posts;
    out.platforms = platforms;
    let mut reasons: Vec<(String, u64)> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.totals = ImportTotals {
        posts: out.posts.len() as u64,
        skipped_reasons: reasons,
        expected,
        ..out.totals
    };
    // A kind of data one export lacks may be in another (X has followers, Mastodon none):
    // the report names what is lacking per platform.
    out.lacking.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Platform;
    use crate::model::Post;
    use chrono::{TimeZone, Utc};

    fn archive(platform: Platform, ids: &[(&str, i64)]) -> Archive {
        let posts: Vec<Post> = ids
            .iter()
            .map(|(id, t)| Post::new(id, Utc.timestamp_opt(*t, 0).unwrap(), "hi"))
            .collect();
        Archive {
            platforms: vec![platform; posts.len()],
            totals: ImportTotals {
                found: posts.len() as u64,
                posts: posts.len() as u64,
                ..ImportTotals::default()
            },
            posts,
            ..Archive::default()
        }
    }

    #[test]
    fn posts_interleave_by_time_and_keep_their_platform() {
        let merged = merge(vec![
            Part {
                name: "x.zip".into(),
                archive: archive(Platform::X, &[("1", 10), ("2", 30)]),
            },
            Part {
                name: "m.zip".into(),
                archive: archive(Platform::Mastodon, &[("a", 20), ("2", 40)]),
            },
        ]);
        let ids: Vec<&str> = merged.posts.iter().map(|p| &*p.id).collect();
        assert_eq!(ids, ["1", "a", "2"]);
        assert_eq!(
            merged.platforms,
            [Platform::X, Platform::Mastodon, Platform::X]
        );
        let t = &merged.totals;
        assert_eq!((t.found, t.posts, t.duplicates), (4, 3, 1));
        assert_eq!(t.found, t.posts + t.skipped + t.duplicates);
    }
}
