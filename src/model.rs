//! The platform-neutral model: what every importer produces and every later stage reads.
//!
//! In: nothing (plain data types). Out: [`Archive`], the owner's posts, likes, follows and
//! message counts, with an account of what was read and skipped ([`ImportTotals`],
//! [`Warning`]). Later stages never learn which platform a post came from.
//!
//! Kept compact on purpose (boxed strings, empty vectors that never allocate): a 200,000
//! post archive must fit in well under 128 MB in the browser.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::import::Platform;

/// The structural kind of a post (codebook section 1). Not a judgement: it comes from the
/// export's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    /// None of the below.
    Original,
    /// Answers someone else's post.
    Reply,
    /// Answers one's own post: a thread continuation, reported apart from replies.
    Thread,
    /// A retweet, boost or repost of someone else's post.
    Repost,
    /// Comments on another account's post it embeds.
    Quote,
}

impl PostKind {
    /// All kinds, in report order.
    pub const ALL: [PostKind; 5] = [
        PostKind::Original,
        PostKind::Reply,
        PostKind::Thread,
        PostKind::Repost,
        PostKind::Quote,
    ];

    /// The code as written in reports and CSV.
    pub fn code(self) -> &'static str {
        match self {
            PostKind::Original => "original",
            PostKind::Reply => "reply",
            PostKind::Thread => "thread",
            PostKind::Repost => "repost",
            PostKind::Quote => "quote",
        }
    }
}

/// Another account, as a post names it. Any field may be missing (legacy CSV archives give
/// only handles; some replies give only an id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AccountRef {
    /// Handle without `@`, as written (compare case-insensitively). Shared: the same
    /// people recur across thousands of posts.
    pub handle: Option<Arc<str>>,
    /// The platform's account id (shared).
    pub id: Option<Arc<str>>,
    /// Display name (shared).
    pub name: Option<Arc<str>>,
}

impl AccountRef {
    /// An account known by handle only.
    pub fn handle(handle: &str) -> Self {
        AccountRef {
            handle: Some(handle.into()),
            ..Default::default()
        }
    }

    /// A stable key for grouping: the lowercased handle, else `id:<id>`.
    pub fn key(&self) -> Option<String> {
        match (&self.handle, &self.id) {
            (Some(h), _) => Some(h.to_lowercase()),
            (None, Some(id)) => Some(format!("id:{id}")),
            (None, None) => None,
        }
    }
}

/// A link in a post, expanded (never the t.co short form when the export has better).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The full URL.
    pub url: Box<str>,
    /// Its host, lowercased, without `www.` (empty when the URL has no host). Shared: a
    /// person links to a few sites many times.
    pub domain: Arc<str>,
}

impl Link {
    /// A link from a URL, computing its domain.
    pub fn new(url: &str) -> Self {
        Link {
            url: url.into(),
            domain: domain_of(url).into(),
        }
    }

    /// Whether it links to a post on X or Twitter (a quote, or one's own post), not to a
    /// site ([`PostLink::parse`]).
    pub fn is_post_link(&self) -> bool {
        PostLink::parse(&self.url).is_some()
    }

    /// A link from a URL, with its domain's shared copy from `shared`.
    pub fn shared(url: &str, shared: &mut Interner) -> Self {
        Link {
            url: url.into(),
            domain: shared.get(&domain_of(url)),
        }
    }
}

/// The host of a URL, lowercased and without a leading `www.`; `""` if it has none.
pub fn domain_of(url: &str) -> String {
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_lowercase))
        .unwrap_or_default();
    host.strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host)
}

/// A link to a post on X or Twitter, as a URL names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostLink {
    /// The author's handle, when the URL names one (`/<handle>/status/<id>`; X's
    /// `/i/web/status/<id>` names none).
    pub author: Option<String>,
    /// The post's id.
    pub id: String,
}

impl PostLink {
    /// The post a URL links to on `twitter.com`, `x.com` (with or without `www.` or
    /// `mobile.`), or `None` for any other link. The one test of "is a link to a post"
    /// every stage uses.
    pub fn parse(url: &str) -> Option<PostLink> {
        let parsed = url::Url::parse(url).ok()?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return None;
        }
        let host = parsed.host_str()?;
        let host = host
            .strip_prefix("www.")
            .or_else(|| host.strip_prefix("mobile."))
            .unwrap_or(host);
        if host != "twitter.com" && host != "x.com" {
            return None;
        }
        let segments: Vec<&str> = parsed.path_segments()?.collect();
        let (author, id) = match segments.as_slice() {
            ["i", "web", "status" | "statuses", id, ..] | ["i", "status" | "statuses", id, ..] => {
                (None, *id)
            }
            [user, "status" | "statuses", id, ..] => (Some(*user), *id),
            _ => return None,
        };
        let valid_author = author.is_none_or(|u| {
            !u.is_empty() && u.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        (valid_author && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| {
            PostLink {
                author: author.map(str::to_string),
                id: id.to_string(),
            }
        })
    }
}

/// Where in the export a post came from: for warnings and for tracing every figure back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The entry (file inside the archive), such as `data/tweets-part1.js` (shared by all
    /// the posts of that entry).
    pub entry: Arc<str>,
    /// The element's position in that file, from 0.
    pub index: u32,
}

/// X's ids below this were counted up one by one (the last, in November 2010, were near
/// 3 * 10^10); the time-based ids that followed were already above 2 * 10^14 on their first
/// day. An id below 10^13 is from before November 2010.
pub const FIRST_TIME_BASED_ID: u64 = 10_000_000_000_000;

/// One of the owner's own posts.
#[derive(Debug, Clone, Serialize)]
pub struct Post {
    /// The platform's id for the post.
    pub id: Box<str>,
    /// When it was posted, in UTC.
    pub created_at: DateTime<Utc>,
    /// The full text (long posts joined from their note, if the export splits them).
    pub text: Box<str>,
    /// Structural kind.
    pub kind: PostKind,
    /// The post replied to (replies and thread continuations).
    pub reply_to: Option<Box<ReplyRef>>,
    /// The account whose post was reposted or quoted.
    pub shared_from: Option<Box<AccountRef>>,
    /// Accounts mentioned, in order, without the owner.
    pub mentions: Vec<AccountRef>,
    /// Hashtags without `#`, as written (shared copies).
    pub hashtags: Vec<Arc<str>>,
    /// Links, expanded.
    pub links: Vec<Link>,
    /// Attached photos and videos.
    pub media: u16,
    /// Language code the platform detected, if any (shared: a few distinct values).
    pub lang: Option<Arc<str>>,
    /// The app it was posted from (such as "TweetDeck" or "Tweetchat"), if known (shared).
    pub client: Option<Arc<str>>,
    /// Likes it received (as counted when the export was made).
    pub like_count: u32,
    /// Reposts it received.
    pub repost_count: u32,
    /// Where it was read from.
    pub origin: Origin,
}

impl Post {
    /// Whether the archive gives this post a date but no time of day. Before X's
    /// time-based ids (November 2010), X archives give many posts the time 00:00:00; a
    /// post whose id predates them ([`FIRST_TIME_BASED_ID`]) with exactly that time has an
    /// unknown time, and is left out of hour-of-week figures and of chats' live/later
    /// (issue #11). Other platforms' ids are larger or not numbers, so this never applies
    /// to them.
    pub fn time_unknown(&self) -> bool {
        use chrono::Timelike;
        self.created_at.num_seconds_from_midnight() == 0
            && self
                .id
                .parse::<u64>()
                .is_ok_and(|id| id < FIRST_TIME_BASED_ID)
    }

    /// An original post with this id, time and text, and nothing else yet: no people,
    /// hashtags, links or counts (the one place tests and fixtures start a post from).
    pub fn new(id: &str, created_at: DateTime<Utc>, text: &str) -> Post {
        Post {
            id: id.into(),
            created_at,
            text: text.into(),
            kind: PostKind::Original,
            reply_to: None,
            shared_from: None,
            mentions: Vec::new(),
            hashtags: Vec::new(),
            links: Vec::new(),
            media: 0,
            lang: None,
            client: None,
            like_count: 0,
            repost_count: 0,
            origin: Origin {
                entry: Arc::from(""),
                index: 0,
            },
        }
    }
}

/// What a reply answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplyRef {
    /// The post replied to, if the export names it.
    pub post_id: Option<Box<str>>,
    /// Its author.
    pub account: AccountRef,
}

/// A post the owner liked (X keeps its id and text only; no author, no date).
#[derive(Debug, Clone, Serialize)]
pub struct Like {
    /// The liked post's id.
    pub post_id: Box<str>,
    /// Its text, when the export keeps it.
    pub text: Option<Box<str>>,
    /// Hashtags found in the text.
    pub hashtags: Vec<Arc<str>>,
}

/// The owner of the archive.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Owner {
    /// Account id.
    pub id: Option<String>,
    /// Handle without `@`.
    pub handle: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
    /// Profile bio.
    pub bio: Option<String>,
    /// Profile website (may be a t.co short link on X).
    pub website: Option<String>,
    /// Profile location.
    pub location: Option<String>,
    /// When the account was made.
    pub created_at: Option<DateTime<Utc>>,
}

/// Counts of private messages. The report never shows message text, and the importer
/// never keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MessageCounts {
    /// One-to-one conversations.
    pub conversations: u32,
    /// Messages in them.
    pub messages: u32,
    /// Group conversations.
    pub group_conversations: u32,
    /// Messages in groups.
    pub group_messages: u32,
    /// Ids of the people written with one to one (no names: the export gives none).
    pub counterpart_ids: Vec<String>,
}

/// The kinds of problem an import meets: the stable `code` of a [`Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A post element could not be read and was skipped.
    SkippedPost,
    /// Elements of a file other than posts (likes, follows...) could not be read.
    SkippedItems,
    /// A data file could not be opened or parsed at all.
    UnreadableFile,
    /// The manifest could not be read; data files were found by name.
    UnreadableManifest,
    /// A data file ends early or holds damaged data; what came before was read.
    DamagedFile,
    /// A file holds another number of items than the manifest announces.
    CountMismatch,
    /// The manifest lists a file the archive does not contain.
    MissingFile,
    /// Long-post notes that matched no post.
    UnmatchedNotes,
    /// The archive does not say whose it is.
    NoOwner,
}

impl WarningCode {
    /// Every code.
    pub const ALL: [WarningCode; 9] = [
        WarningCode::SkippedPost,
        WarningCode::SkippedItems,
        WarningCode::UnreadableFile,
        WarningCode::UnreadableManifest,
        WarningCode::DamagedFile,
        WarningCode::CountMismatch,
        WarningCode::MissingFile,
        WarningCode::UnmatchedNotes,
        WarningCode::NoOwner,
    ];

    /// The code as written in reports (`skipped_post`).
    pub fn code(self) -> &'static str {
        match self {
            WarningCode::SkippedPost => "skipped_post",
            WarningCode::SkippedItems => "skipped_items",
            WarningCode::UnreadableFile => "unreadable_file",
            WarningCode::UnreadableManifest => "unreadable_manifest",
            WarningCode::DamagedFile => "damaged_file",
            WarningCode::CountMismatch => "count_mismatch",
            WarningCode::MissingFile => "missing_file",
            WarningCode::UnmatchedNotes => "unmatched_notes",
            WarningCode::NoOwner => "no_owner",
        }
    }

    /// A short name for people (a table heading or a filter).
    pub fn label(self) -> &'static str {
        match self {
            WarningCode::SkippedPost => "post skipped",
            WarningCode::SkippedItems => "items skipped",
            WarningCode::UnreadableFile => "file not readable",
            WarningCode::UnreadableManifest => "manifest not readable",
            WarningCode::DamagedFile => "file damaged",
            WarningCode::CountMismatch => "count differs from the manifest",
            WarningCode::MissingFile => "file missing",
            WarningCode::UnmatchedNotes => "long-post notes without a post",
            WarningCode::NoOwner => "owner unknown",
        }
    }
}

impl PartialEq<&str> for WarningCode {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

/// A problem met while reading, in plain words, with where it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Warning {
    /// A stable code for the kind of problem.
    pub code: WarningCode,
    /// What happened and what it means, for people.
    pub message: String,
    /// The entry concerned, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// The element index in that entry, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
}

impl Warning {
    /// A warning about the whole archive, not one entry.
    pub fn new(code: WarningCode, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
            entry: None,
            index: None,
        }
    }

    /// A warning about one entry.
    pub fn about(code: WarningCode, message: impl Into<String>, entry: &str) -> Self {
        Warning {
            entry: Some(entry.to_string()),
            ..Warning::new(code, message)
        }
    }
}

/// What an entry of the archive holds, as the importers read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Holds {
    /// The owner's posts.
    Posts,
    /// The full text of long posts (X's `note-tweet.js`).
    Notes,
    /// Posts the owner liked.
    Likes,
    /// Follower ids.
    Followers,
    /// Followed ids.
    Following,
    /// One-to-one message counts.
    Messages,
    /// Group message counts.
    GroupMessages,
    /// Lists others put the owner on.
    Lists,
    /// The account (id, handle, name).
    Account,
    /// The profile (bio, website, location).
    Profile,
    /// A manifest or index of the data files.
    Manifest,
    /// Posts the owner saved for later (Mastodon's bookmarks; counted only).
    Bookmarks,
    /// Records of kinds PLN Lens does not use (retired or other apps' Bluesky records;
    /// counted only).
    Other,
}

impl Holds {
    /// Every kind of entry.
    pub const ALL: [Holds; 13] = [
        Holds::Posts,
        Holds::Notes,
        Holds::Likes,
        Holds::Followers,
        Holds::Following,
        Holds::Messages,
        Holds::GroupMessages,
        Holds::Lists,
        Holds::Account,
        Holds::Profile,
        Holds::Manifest,
        Holds::Bookmarks,
        Holds::Other,
    ];

    /// The code as written in reports (`group_messages`).
    pub fn code(self) -> &'static str {
        match self {
            Holds::Posts => "posts",
            Holds::Notes => "notes",
            Holds::Likes => "likes",
            Holds::Followers => "followers",
            Holds::Following => "following",
            Holds::Messages => "messages",
            Holds::GroupMessages => "group_messages",
            Holds::Lists => "lists",
            Holds::Account => "account",
            Holds::Profile => "profile",
            Holds::Manifest => "manifest",
            Holds::Bookmarks => "bookmarks",
            Holds::Other => "other",
        }
    }

    /// A name for people, used in sentences ("3 of the 10 group messages...").
    pub fn label(self) -> &'static str {
        match self {
            Holds::GroupMessages => "group messages",
            other => other.code(),
        }
    }
}

impl PartialEq<&str> for Holds {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

/// How one entry of the archive was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SourceRead {
    /// The entry's path inside the archive.
    pub entry: String,
    /// What it holds.
    pub holds: Holds,
    /// Elements read from it.
    pub items: u64,
    /// Elements skipped.
    pub skipped: u64,
    /// Its inflated size in bytes.
    pub bytes: u64,
}

/// The accounting of posts: every element of every post file ends up counted once, as read,
/// skipped (with a reason) or merged as a duplicate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportTotals {
    /// Elements found in the post files (read + skipped + duplicates).
    pub found: u64,
    /// Distinct own posts read.
    pub posts: u64,
    /// Elements that could not be read, skipped.
    pub skipped: u64,
    /// Why they were skipped, with counts, most common first.
    pub skipped_reasons: Vec<(String, u64)>,
    /// Elements that repeated a post already read (counted once).
    pub duplicates: u64,
    /// The number of posts the archive's own manifest announces, if it has one.
    pub expected: Option<u64>,
    /// Long-post notes joined to their posts.
    pub notes_joined: u64,
}

/// A whole imported export.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Archive {
    /// Who it belongs to.
    pub owner: Owner,
    /// The owner's posts, oldest first.
    pub posts: Vec<Post>,
    /// Posts the owner liked, in the export's order (newest first on X).
    pub likes: Vec<Like>,
    /// Follower account ids.
    pub followers: Vec<String>,
    /// Followed account ids.
    pub following: Vec<String>,
    /// Private message counts.
    pub messages: MessageCounts,
    /// Lists other people put the owner on (their URLs): a sign of how others see them.
    pub listed_on: Vec<String>,
    /// The post accounting.
    pub totals: ImportTotals,
    /// The entries read.
    pub sources: Vec<SourceRead>,
    /// Problems met, in plain words.
    pub warnings: Vec<Warning>,
    /// The platform of each post, in the order of `posts` (set by
    /// [`crate::import::import`] and kept by [`crate::import::merge`]): the report shows it on
    /// posts and figures; no stage decides anything by it. Kept beside the posts rather
    /// than in them so a post stays the same for every platform.
    pub platforms: Vec<Platform>,
    /// The ids of posts only the owner's followers could see (Mastodon's followers-only
    /// posts): marked so the person can leave them out of what they share.
    pub followers_only: std::collections::BTreeSet<Box<str>>,
    /// Kinds of data this platform's exports never hold, and why (Mastodon archives have
    /// no follower lists): the report says so instead of showing a zero.
    pub lacking: Vec<Lacking>,
}

/// A kind of data an export cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lacking {
    /// What is missing.
    pub holds: Holds,
    /// The platform whose export lacks it.
    pub platform: Platform,
    /// Why, in plain words.
    pub why: String,
}

/// Hands out one shared copy of each distinct short string (languages, app names, entry
/// names), so 200,000 posts do not hold 200,000 copies of "en".
#[derive(Debug, Default)]
pub struct Interner(rustc_hash::FxHashSet<Arc<str>>);

impl Interner {
    /// The shared copy of `s`.
    pub fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(found) = self.0.get(s) {
            return found.clone();
        }
        let shared: Arc<str> = s.into();
        self.0.insert(shared.clone());
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_strings_are_shared() {
        let mut i = Interner::default();
        let a = i.get("en");
        let b = i.get("en");
        assert!(Arc::ptr_eq(&a, &b));
    }

    /// Issue 9: `holds` and warning codes were strings; as enums, their JSON is their code.
    #[test]
    fn holds_and_warning_codes_serialise_as_their_codes() {
        for h in Holds::ALL {
            assert_eq!(serde_json::to_value(h).unwrap(), h.code());
            assert_eq!(h.label().replace(' ', "_"), h.code());
        }
        for w in WarningCode::ALL {
            assert_eq!(serde_json::to_value(w).unwrap(), w.code());
            assert!(!w.label().is_empty());
        }
    }

    #[test]
    fn post_links_name_their_author_and_id() {
        let link = |u: &str| PostLink::parse(u).map(|l| (l.author, l.id));
        assert_eq!(
            link("https://twitter.com/Edutopia/status/77?s=20"),
            Some((Some("Edutopia".into()), "77".into()))
        );
        assert_eq!(
            link("http://mobile.twitter.com/jo/statuses/5/photo/1"),
            Some((Some("jo".into()), "5".into()))
        );
        // X's link to a post whose author it does not name is still a post link.
        assert_eq!(
            link("https://x.com/i/web/status/123"),
            Some((None, "123".into()))
        );
        assert_eq!(link("https://twitter.com/jo"), None);
        assert_eq!(link("https://twitter.com/jo/status/abc"), None);
        assert_eq!(link("https://example.com/jo/status/1"), None);
        assert!(Link::new("https://x.com/i/web/status/1").is_post_link());
    }

    #[test]
    fn domains_drop_www_and_case() {
        assert_eq!(domain_of("https://www.Edutopia.org/a?b"), "edutopia.org");
        assert_eq!(domain_of("http://t.co/x"), "t.co");
        assert_eq!(domain_of("not a url"), "");
    }

    #[test]
    fn account_keys_prefer_handles_case_insensitively() {
        assert_eq!(
            AccountRef::handle("EdChat").key().as_deref(),
            Some("edchat")
        );
        let by_id = AccountRef {
            id: Some("42".into()),
            ..Default::default()
        };
        assert_eq!(by_id.key().as_deref(), Some("id:42"));
    }
}
