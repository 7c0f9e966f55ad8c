//! Report: the one structure the shells show.
//!
//! In: the container, the detected platform and the imported [`Archive`]. Out: a
//! [`Report`], serialised as JSON by the CLI (`--json`) and posted to the page by the
//! Worker. Its shape is documented in `docs/report.md`; keys are only ever added.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::import::{Detected, Platform};
use crate::model::{Archive, PostKind, SourceRead, Warning};
use crate::read::{Container, EntryInfo};

/// The version of the report's JSON shape; bumped when a key changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// Everything PLN Lens tells a person about their archive.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The version of this structure ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The program and version that made it.
    pub generator: String,
    /// What the archive is.
    pub archive: ArchiveSummary,
    /// Whose archive it is.
    pub account: Account,
    /// The accounting of what was read.
    pub totals: Totals,
    /// The first and last post.
    pub period: Option<Period>,
    /// The entries read and what each gave.
    pub sources: Vec<SourceRead>,
    /// Plain-language notes on anything skipped or odd.
    pub warnings: Vec<Warning>,
}

/// What kind of archive was opened and what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveSummary {
    /// "zip archive" or "folder".
    pub container: String,
    /// The platform that made the export.
    pub platform: Platform,
    /// The platform, for people.
    pub platform_label: String,
    /// The folder the export sits under inside the container ("" at the root).
    pub root: String,
    /// Files in the container (junk such as `__MACOSX/` left out).
    pub entries: usize,
    /// Their inflated size in bytes, media included.
    pub bytes: u64,
    /// The export's data files (not media).
    pub data_files: Vec<EntryInfo>,
}

/// The archive's owner.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Account {
    /// Handle without `@`.
    pub handle: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
    /// Account id.
    pub id: Option<String>,
    /// Profile bio.
    pub bio: Option<String>,
    /// Profile website.
    pub website: Option<String>,
    /// Profile location.
    pub location: Option<String>,
    /// When the account was made.
    pub created_at: Option<DateTime<Utc>>,
}

/// Posts by structural kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ByKind {
    /// Posts that are none of the others.
    pub original: u64,
    /// Replies to others.
    pub reply: u64,
    /// Replies to oneself (thread continuations).
    pub thread: u64,
    /// Reposts (retweets, boosts).
    pub repost: u64,
    /// Quotes of others' posts.
    pub quote: u64,
}

impl ByKind {
    /// Adds one post of `kind`.
    pub fn add(&mut self, kind: PostKind) {
        *match kind {
            PostKind::Original => &mut self.original,
            PostKind::Reply => &mut self.reply,
            PostKind::Thread => &mut self.thread,
            PostKind::Repost => &mut self.repost,
            PostKind::Quote => &mut self.quote,
        } += 1;
    }
}

/// What was read, and what was not.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Distinct own posts read.
    pub posts: u64,
    /// Those posts by kind.
    pub by_kind: ByKind,
    /// Elements found in the post files: posts + skipped + duplicates.
    pub found: u64,
    /// Elements that could not be read.
    pub skipped: u64,
    /// Why, with counts, most common first.
    pub skipped_reasons: Vec<SkipReason>,
    /// Elements that repeated a post already read (counted once).
    pub duplicates: u64,
    /// Posts the archive's manifest announces, when it has one.
    pub expected_posts: Option<u64>,
    /// Long posts whose full text was joined from a note.
    pub notes_joined: u64,
    /// Posts liked.
    pub likes: u64,
    /// Followers.
    pub followers: u64,
    /// Accounts followed.
    pub following: u64,
    /// One-to-one private conversations (counts only; no text is ever read into the report).
    pub dm_conversations: u64,
    /// Messages in them.
    pub dm_messages: u64,
    /// Group conversations.
    pub group_conversations: u64,
    /// Messages in groups.
    pub group_messages: u64,
    /// Lists others put the owner on.
    pub listed_on: u64,
}

/// One reason posts were skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkipReason {
    /// The reason, in plain words.
    pub reason: String,
    /// How many posts.
    pub count: u64,
}

/// The time span of the posts.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// The first post.
    pub first: DateTime<Utc>,
    /// The last post.
    pub last: DateTime<Utc>,
}

/// Whether an entry is one of the export's data files rather than media or web assets.
fn is_data_file(root: &str, entry: &EntryInfo) -> bool {
    let Some(path) = entry.name.strip_prefix(root) else {
        return false;
    };
    let media = path.contains("_media/") || path.starts_with("media_attachments/");
    !media
        && (path.ends_with(".js") || path.ends_with(".json") || path.ends_with(".csv"))
        && !path.starts_with("assets/")
}

/// Builds the report for an imported archive.
pub fn build(container: &dyn Container, detected: &Detected, archive: Archive) -> Report {
    let entries = container.entries();
    let mut by_kind = ByKind::default();
    for p in &archive.posts {
        by_kind.add(p.kind);
    }
    let t = &archive.totals;
    let m = &archive.messages;
    let totals = Totals {
        posts: t.posts,
        by_kind,
        found: t.found,
        skipped: t.skipped,
        skipped_reasons: t
            .skipped_reasons
            .iter()
            .map(|(reason, count)| SkipReason {
                reason: reason.clone(),
                count: *count,
            })
            .collect(),
        duplicates: t.duplicates,
        expected_posts: t.expected,
        notes_joined: t.notes_joined,
        likes: archive.likes.len() as u64,
        followers: archive.followers.len() as u64,
        following: archive.following.len() as u64,
        dm_conversations: u64::from(m.conversations),
        dm_messages: u64::from(m.messages),
        group_conversations: u64::from(m.group_conversations),
        group_messages: u64::from(m.group_messages),
        listed_on: archive.listed_on.len() as u64,
    };
    let o = archive.owner;
    Report {
        format_version: FORMAT_VERSION,
        generator: concat!("pln-lens ", env!("CARGO_PKG_VERSION")).to_string(),
        archive: ArchiveSummary {
            container: container.kind().to_string(),
            platform: detected.platform,
            platform_label: detected.platform.label().to_string(),
            root: detected.root.clone(),
            entries: entries.len(),
            bytes: entries.iter().map(|e| e.size).sum(),
            data_files: entries
                .iter()
                .filter(|e| is_data_file(&detected.root, e))
                .cloned()
                .collect(),
        },
        account: Account {
            handle: o.handle,
            display_name: o.display_name,
            id: o.id,
            bio: o.bio,
            website: o.website,
            location: o.location,
            created_at: o.created_at,
        },
        totals,
        period: match (archive.posts.first(), archive.posts.last()) {
            (Some(a), Some(b)) => Some(Period {
                first: a.created_at,
                last: b.created_at,
            }),
            _ => None,
        },
        sources: archive.sources,
        warnings: archive.warnings,
    }
}
