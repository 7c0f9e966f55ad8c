//! The report's figures by platform, and what moved across platforms.
//!
//! In: the archive (its posts and the platform of each, [`Archive::platforms`]), the codes
//! in force, the chats and the codebook's purposes. Out: [`PlatformFigures`] for each
//! platform the posts came from (one entry for a single export), and, when there are
//! several, [`Across`]: the chats used on more than one platform and the people named on
//! more than one. Also what each platform's export cannot hold ([`Lacking`]), so the page
//! and the CLI say "not in a Mastodon archive" instead of showing a zero.
//!
//! People are matched across platforms by the name part of their handle (`jo` of `@jo`,
//! `jo@mastodon.social` and `jo.bsky.social`), lowercased: handles are chosen by people,
//! and many kept theirs when they moved. It is a hint, and the report says so.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::chats::ChatReport;
use crate::classify::{CodeInfo, Coding};
use crate::import::Platform;
use crate::model::{AccountRef, Archive, Lacking, Post};
use crate::report::ByKind;

/// What one platform's posts did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlatformFigures {
    /// The platform.
    pub platform: Platform,
    /// Its name, for people.
    pub label: String,
    /// Posts from it.
    pub posts: u64,
    /// Those posts by kind.
    pub by_kind: ByKind,
    /// Posts per purpose code, in the codebook's order.
    pub purposes: Vec<PlatformCount>,
    /// The first post there.
    pub first: Option<chrono::DateTime<chrono::Utc>>,
    /// The last post there.
    pub last: Option<chrono::DateTime<chrono::Utc>>,
    /// Chats taken part in there (tags), most posts first.
    pub chats: Vec<PlatformCount>,
    /// Distinct people its posts name.
    pub people: u64,
    /// Posts only followers could see (Mastodon).
    pub followers_only: u64,
}

/// A code or tag and how many posts have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlatformCount {
    /// The purpose code or chat tag.
    pub code: String,
    /// Posts.
    pub posts: u64,
}

/// What moved with the person across platforms.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Across {
    /// Chats taken part in on more than one platform.
    pub chats: Vec<Moved>,
    /// People named on more than one platform (matched by the name part of the handle:
    /// a hint, not proof that they are the same person).
    pub people: Vec<Moved>,
}

/// A chat or a person met on several platforms.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Moved {
    /// The chat tag, or the name part of the handle.
    pub name: String,
    /// Posts on each platform, in the order of `platforms` in the report.
    pub on: Vec<PlatformCount>,
}

/// The name part of a handle: `jo` of `jo`, `jo@mastodon.social` and `jo.bsky.social`.
pub fn name_part(handle: &str) -> String {
    let h = handle.trim_start_matches('@');
    let h = h.split('@').next().unwrap_or(h);
    let h = h.strip_suffix(".bsky.social").unwrap_or(h);
    h.to_lowercase()
}

/// The people a post names (replied to, reposted or quoted, mentioned).
fn named(post: &Post) -> impl Iterator<Item = &AccountRef> {
    post.reply_to
        .iter()
        .map(|r| &r.account)
        .chain(post.shared_from.as_deref())
        .chain(post.mentions.iter())
}

/// The platform of post `i` (X when the archive does not say, as for a test archive).
fn platform_of(archive: &Archive, i: usize) -> Platform {
    archive.platforms.get(i).copied().unwrap_or(Platform::X)
}

/// Each post's chat tag, by post index.
fn chat_tags(archive: &Archive, chats: &ChatReport) -> BTreeMap<usize, String> {
    // Chat post id -> its chat (the first, biggest, chat wins), then one pass over the
    // posts: an index of every post id would cost more memory than the whole report.
    let mut tag_of: rustc_hash::FxHashMap<&str, &str> = Default::default();
    for chat in &chats.chats {
        for s in &chat.sessions {
            for id in s.live_post_ids.iter().chain(&s.later_post_ids) {
                tag_of.entry(id.as_str()).or_insert(chat.tag.as_str());
            }
        }
    }
    archive
        .posts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, tag_of.get(&*p.id)?.to_string())))
        .collect()
}

/// The figures of each platform, in the order the platforms first appear.
pub fn figures(
    archive: &Archive,
    codings: &[(&Coding, bool)],
    purposes: &[CodeInfo],
    chats: &ChatReport,
) -> Vec<PlatformFigures> {
    let mut order: Vec<Platform> = Vec::new();
    for i in 0..archive.posts.len() {
        let p = platform_of(archive, i);
        if !order.contains(&p) {
            order.push(p);
        }
    }
    let tags = chat_tags(archive, chats);
    order
        .into_iter()
        .map(|platform| {
            let mine: Vec<usize> = (0..archive.posts.len())
                .filter(|&i| platform_of(archive, i) == platform)
                .collect();
            let mut by_kind = ByKind::default();
            let mut people = BTreeSet::new();
            let mut chat_posts: BTreeMap<&str, u64> = BTreeMap::new();
            for &i in &mine {
                let post = &archive.posts[i];
                by_kind.add(post.kind);
                people.extend(named(post).filter_map(AccountRef::key));
                if let Some(tag) = tags.get(&i) {
                    *chat_posts.entry(tag).or_default() += 1;
                }
            }
            let mut chats: Vec<PlatformCount> = chat_posts
                .into_iter()
                .map(|(code, posts)| PlatformCount {
                    code: code.to_string(),
                    posts,
                })
                .collect();
            chats.sort_by(|a, b| b.posts.cmp(&a.posts).then_with(|| a.code.cmp(&b.code)));
            PlatformFigures {
                platform,
                label: platform.label().to_string(),
                posts: mine.len() as u64,
                by_kind,
                purposes: purposes
                    .iter()
                    .map(|c| PlatformCount {
                        code: c.code.clone(),
                        posts: mine
                            .iter()
                            .filter(|&&i| codings.get(i).is_some_and(|(k, _)| k.purpose == c.code))
                            .count() as u64,
                    })
                    .collect(),
                first: mine.iter().map(|&i| archive.posts[i].created_at).min(),
                last: mine.iter().map(|&i| archive.posts[i].created_at).max(),
                chats,
                people: people.len() as u64,
                followers_only: mine
                    .iter()
                    .filter(|&&i| archive.followers_only.contains(&archive.posts[i].id))
                    .count() as u64,
            }
        })
        .collect()
}

/// What moved across platforms (`None` with a single platform).
pub fn across(
    archive: &Archive,
    chats: &ChatReport,
    figures: &[PlatformFigures],
) -> Option<Across> {
    if figures.len() < 2 {
        return None;
    }
    let order: Vec<Platform> = figures.iter().map(|f| f.platform).collect();
    let several = |counts: BTreeMap<String, BTreeMap<Platform, u64>>| -> Vec<Moved> {
        let mut moved: Vec<Moved> = counts
            .into_iter()
            .filter(|(_, on)| on.len() > 1)
            .map(|(name, on)| Moved {
                name,
                on: order
                    .iter()
                    .map(|p| PlatformCount {
                        code: p.label().to_string(),
                        posts: on.get(p).copied().unwrap_or(0),
                    })
                    .collect(),
            })
            .collect();
        moved.sort_by_key(|m| std::cmp::Reverse(m.on.iter().map(|c| c.posts).sum::<u64>()));
        moved
    };
    let tags = chat_tags(archive, chats);
    let mut chat_counts: BTreeMap<String, BTreeMap<Platform, u64>> = BTreeMap::new();
    for (i, tag) in &tags {
        *chat_counts
            .entry(tag.clone())
            .or_default()
            .entry(platform_of(archive, *i))
            .or_default() += 1;
    }
    let mut people: BTreeMap<String, BTreeMap<Platform, u64>> = BTreeMap::new();
    for (i, post) in archive.posts.iter().enumerate() {
        let names: BTreeSet<String> = named(post)
            .filter_map(|a| a.handle.as_deref())
            .map(name_part)
            .filter(|n| n.len() > 1)
            .collect();
        for name in names {
            *people
                .entry(name)
                .or_default()
                .entry(platform_of(archive, i))
                .or_default() += 1;
        }
    }
    Some(Across {
        chats: several(chat_counts),
        people: several(people).into_iter().take(50).collect(),
    })
}

/// What the exports cannot hold, one entry per platform and kind.
pub fn lacking(archive: &Archive) -> Vec<Lacking> {
    let mut out: Vec<Lacking> = Vec::new();
    for l in &archive.lacking {
        if !out.contains(l) {
            out.push(l.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_match_by_their_name_part() {
        assert_eq!(name_part("@Jo"), "jo");
        assert_eq!(name_part("jo@mastodon.social"), "jo");
        assert_eq!(name_part("jo.bsky.social"), "jo");
        assert_eq!(name_part("jo.example.org"), "jo.example.org");
    }
}
