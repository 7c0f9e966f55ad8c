//! Report: the one structure the shells show.
//!
//! In: everything the stages before produced ([`ReportInput`]: the archive's summary, the
//! imported [`Archive`], the codes in force for each post, the chats, the network, the
//! codebook and the time zone). Out: a [`Report`], serialised as JSON by the CLI
//! (`--json`) and posted to the page by the Worker. Its shape is documented in
//! `docs/report.md` and `docs/report.schema.json` (checked by a test); keys are only ever
//! added. Every count next to a list of post ids is that list's length, so each figure
//! traces back to its posts; [`posts`] lists the posts themselves.

pub mod figures;
pub mod platforms;
pub mod posts;
pub mod prompts;

/// A share (0.0 to 1.0) as a whole percentage, rounded half up: 0.625 is "63%". The one
/// rounding every shell uses (the page's `pct` in `www/view/dom.js` rounds the same way),
/// so a figure reads the same in the page, the prompts and the CLI.
pub fn percent(share: f64) -> String {
    format!("{}%", whole(share * 100.0))
}

/// A number rounded to a whole one, half up (2.5 is "3"), as the page's `Math.round`:
/// Rust's `{:.0}` rounds half to even and would say "2".
pub fn whole(x: f64) -> String {
    (x.round() as i64).to_string()
}

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::chats::{ChatParticipation, ChatReport, EventTag, OwnSeries};
use crate::classify::{CodeInfo, Codebook, Coder, Coding, CueInfo, ModelInfo};
use crate::import::{Detected, Platform};
use crate::model::{Archive, Lacking, PostKind, SourceRead, Warning};
use crate::network::Network;
use crate::read::{Container, EntryInfo};
use figures::{CodeCount, Timeline};
use prompts::Prompt;

/// The version of the report's JSON shape; bumped when a key changes meaning.
pub const FORMAT_VERSION: u32 = 2;

/// Everything PLN Lens tells a person about their archive.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The IANA time zone months, years, weekdays and hours are counted in.
    pub time_zone: String,
    /// The codebook the posts were coded with.
    pub codebook: CodebookSummary,
    /// The purpose mix: one entry per purpose code, in the codebook's order.
    pub purposes: Vec<CodeCount>,
    /// The topic mix: one entry per topic code (a post may have several or none).
    pub topics: Vec<CodeCount>,
    /// Posts the person re-coded (their codes replace the classifier's in every figure).
    pub recoded: u32,
    /// What the person's own codes say about the classifier, and what it learnt from
    /// them (`None` until they code a post).
    pub corrections: Option<Corrections>,
    /// Education chats taken part in, most sessions first.
    pub chats: Vec<ChatParticipation>,
    /// Conference and event hashtags (not chats).
    pub events: Vec<EventTag>,
    /// The person's own numbered series (self-promotion, not chats).
    pub series: Vec<OwnSeries>,
    /// The learning network: `people`, `concentration`, `people_by_year`, `spaces`,
    /// `spaces_by_year`, `tools`, `tool_kinds`, `link_posts` and `conversation`, at the top
    /// level of the JSON (see [`Network`]).
    #[serde(flatten)]
    pub network: Network,
    /// Posts per month and year, and the week-by-hour grid.
    pub timeline: Timeline,
    /// Questions for reflection, for the teacher and for a mentor, with their figures.
    pub prompts: Vec<Prompt>,
    /// The entries read and what each gave.
    pub sources: Vec<SourceRead>,
    /// Plain-language notes on anything skipped or odd.
    pub warnings: Vec<Warning>,
    /// The figures of each platform the posts came from (one entry for one export).
    pub platforms: Vec<platforms::PlatformFigures>,
    /// What moved across platforms, when several exports were read together.
    pub across: Option<platforms::Across>,
    /// Kinds of data an export's platform never gives (Mastodon archives hold no
    /// followers): shown as "not in this export", never as zero.
    pub lacking: Vec<Lacking>,
    /// Posts only the person's followers could see (Mastodon's followers-only posts).
    pub followers_only: u64,
}

/// The codebook, as a teacher or researcher can read it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodebookSummary {
    /// Its name.
    pub name: String,
    /// Its own version.
    pub version: String,
    /// Where it came from: `built-in`, or the file name of a researcher's codebook.
    pub source: String,
    /// Whether it is the built-in one.
    pub builtin: bool,
    /// Purpose codes in tie-break order, most preferred first.
    pub precedence: Vec<String>,
    /// The purpose codes.
    pub purposes: Vec<CodeInfo>,
    /// The topic codes.
    pub topics: Vec<CodeInfo>,
    /// Every cue: what it looks for, what it adds, the sentence shown when it fires.
    pub cues: Vec<CueInfo>,
    /// Who codes with it: a learned model, or the codebook's own weights.
    pub coder: CoderSummary,
}

/// Who gave the automatic codes, as a teacher or researcher can read it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CoderSummary {
    /// `learned` (a model trained on coded posts of several people) or `rules` (each
    /// fired cue adds its weight from the codebook).
    pub kind: String,
    /// In one sentence.
    pub description: String,
    /// Where the model came from: `built-in` or a file name (learned models only).
    pub model_source: Option<String>,
    /// What the model file says about itself (learned models only).
    pub model: Option<ModelInfo>,
}

impl CoderSummary {
    /// The summary of `coder`, its model read from `model_source` (`None`: built in).
    pub fn of(coder: &Coder, model_source: Option<&str>) -> CoderSummary {
        match coder {
            Coder::Rules => CoderSummary {
                kind: "rules".to_string(),
                description: "the codebook's own weights: each cue that fires adds its weight, and the highest total wins".to_string(),
                model_source: None,
                model: None,
            },
            Coder::Learned(model) => CoderSummary {
                kind: "learned".to_string(),
                description: format!("a learned model: {}", model.info().summary()),
                model_source: Some(model_source.unwrap_or("built-in").to_string()),
                model: Some(model.info().clone()),
            },
        }
    }
}

impl CodebookSummary {
    /// The summary of `codebook`, loaded from `source` (`None`: built in), coded by
    /// `coder`.
    pub fn of(codebook: &Codebook, source: Option<&str>, coder: CoderSummary) -> CodebookSummary {
        CodebookSummary {
            coder,
            name: codebook.name().to_string(),
            version: codebook.version().to_string(),
            source: source.unwrap_or("built-in").to_string(),
            builtin: source.is_none(),
            precedence: codebook
                .precedence()
                .iter()
                .map(|s| s.to_string())
                .collect(),
            purposes: codebook.purposes().to_vec(),
            topics: codebook.topics().to_vec(),
            cues: codebook.cues(),
        }
    }
}

/// What kind of archive was opened and what it holds.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// When several exports were read together, each of them (empty for one export).
    pub files: Vec<ExportFile>,
}

/// One of several exports read together.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExportFile {
    /// Its file name.
    pub name: String,
    /// The platform that made it.
    pub platform: Platform,
    /// The platform, for people.
    pub platform_label: String,
    /// "zip archive", "folder", "tar.gz archive"...
    pub container: String,
    /// Files in it.
    pub entries: usize,
    /// Their inflated size in bytes.
    pub bytes: u64,
}

/// The summary of several exports read together: their sizes summed, their data files
/// named with the export they are in, and each one listed in `files`.
pub fn summarize_many(parts: &[(String, ArchiveSummary)]) -> Option<ArchiveSummary> {
    if parts.len() == 1 {
        return parts.first().map(|(_, s)| s.clone());
    }
    let (_, first) = parts.first()?;
    let mut labels: Vec<&str> = Vec::new();
    for (_, s) in parts {
        if !labels.contains(&s.platform_label.as_str()) {
            labels.push(&s.platform_label);
        }
    }
    Some(ArchiveSummary {
        container: format!("{} exports", parts.len()),
        platform: first.platform,
        platform_label: labels.join(" + "),
        root: String::new(),
        entries: parts.iter().map(|(_, s)| s.entries).sum(),
        bytes: parts.iter().map(|(_, s)| s.bytes).sum(),
        data_files: parts
            .iter()
            .flat_map(|(name, s)| {
                s.data_files.iter().map(move |e| EntryInfo {
                    name: format!("{name}: {}", e.name),
                    ..e.clone()
                })
            })
            .collect(),
        files: parts
            .iter()
            .map(|(name, s)| ExportFile {
                name: name.clone(),
                platform: s.platform,
                platform_label: s.platform_label.clone(),
                container: s.container.clone(),
                entries: s.entries,
                bytes: s.bytes,
            })
            .collect(),
    })
}

/// The archive's owner.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkipReason {
    /// The reason, in plain words.
    pub reason: String,
    /// How many posts.
    pub count: u64,
}

/// The time span of the posts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// The archive's summary, from its container (made once, when it is opened).
pub fn summarize(container: &dyn Container, detected: &Detected) -> ArchiveSummary {
    let entries = container.entries();
    ArchiveSummary {
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
        files: Vec::new(),
    }
}

/// Everything a report is made from.
pub struct ReportInput<'a> {
    /// The archive's summary ([`summarize`]).
    pub summary: &'a ArchiveSummary,
    /// The imported archive.
    pub archive: &'a Archive,
    /// The codes in force for each `archive.posts[i]`, and whether the person re-coded it.
    pub codings: &'a [(&'a Coding, bool)],
    /// The codebook.
    pub codebook: &'a CodebookSummary,
    /// The chats found.
    pub chats: &'a ChatReport,
    /// The network built.
    pub network: Network,
    /// The time zone for months, years and hours.
    pub time_zone: Tz,
    /// What the person's own codes say about the classifier.
    pub corrections: Option<Corrections>,
}

/// The person's own codes against the classifier's.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Corrections {
    /// Posts the person coded (changed or confirmed).
    pub posts: u32,
    /// Of them, those where the classifier had given the same purpose.
    pub agreed: u32,
    /// Cohen's kappa of the classifier's purposes with the person's on those posts (`None`
    /// while it cannot be computed: too few posts, or one code only).
    pub purpose_kappa: Option<f64>,
    /// The purposes the person changed most often: classifier's code, theirs, how many.
    pub changed: Vec<ChangedCode>,
    /// Whether the classifier learnt from them (a learned model does; the codebook's own
    /// weights do not).
    pub learned: bool,
    /// Posts the person did not code whose purpose changed once the classifier learnt.
    pub other_posts_changed: u32,
    /// Codes from the last file of codes given that matched no post or no code of the
    /// codebook, each as "post ID: why" (the first few), and how many there were.
    pub not_applied: Vec<String>,
    /// How many codes of the last file could not be used.
    pub not_applied_count: u32,
}

/// One kind of change a person made to the classifier's purposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangedCode {
    /// What the classifier said.
    pub from: String,
    /// What the person said.
    pub to: String,
    /// How many posts.
    pub posts: u32,
}

/// Builds the report.
pub fn build(input: ReportInput<'_>) -> Report {
    let archive = input.archive;
    let plain: Vec<&Coding> = input.codings.iter().map(|(c, _)| *c).collect();
    // The two passes over every post that take the time, at once where there are cores.
    let (timeline, platforms) = crate::parallel::both(
        || figures::timeline(&archive.posts, &plain, input.time_zone),
        || {
            platforms::figures(
                archive,
                input.codings,
                &input.codebook.purposes,
                input.chats,
            )
        },
    );
    let mut report = Report {
        format_version: FORMAT_VERSION,
        generator: concat!("pln-lens ", env!("CARGO_PKG_VERSION")).to_string(),
        archive: input.summary.clone(),
        account: account_of(archive),
        totals: totals_of(archive),
        period: figures::span(&archive.posts).map(|(first, last)| Period { first, last }),
        time_zone: input.time_zone.name().to_string(),
        codebook: input.codebook.clone(),
        purposes: figures::purposes(&input.codebook.purposes, input.codings),
        topics: figures::topics(&input.codebook.topics, input.codings),
        recoded: input.codings.iter().filter(|(_, r)| *r).count() as u32,
        corrections: input.corrections,
        chats: input.chats.chats.clone(),
        events: input.chats.events.clone(),
        series: input.chats.series.clone(),
        network: input.network,
        timeline,
        prompts: Vec::new(),
        sources: archive.sources.clone(),
        warnings: archive.warnings.clone(),
        platforms,
        across: None,
        lacking: platforms::lacking(archive),
        followers_only: archive.followers_only.len() as u64,
    };
    report.across = platforms::across(archive, input.chats, &report.platforms);
    report.prompts = prompts::prompts(&report);
    report
}

/// The account the archive is of, as its owner's profile gives it.
fn account_of(archive: &Archive) -> Account {
    let o = &archive.owner;
    Account {
        handle: o.handle.clone(),
        display_name: o.display_name.clone(),
        id: o.id.clone(),
        bio: o.bio.clone(),
        website: o.website.clone(),
        location: o.location.clone(),
        created_at: o.created_at,
    }
}

/// What the archive holds and what reading it came to: posts by kind, skipped and
/// duplicate posts, likes, follows and messages.
fn totals_of(archive: &Archive) -> Totals {
    let mut by_kind = ByKind::default();
    for p in &archive.posts {
        by_kind.add(p.kind);
    }
    let t = &archive.totals;
    let m = &archive.messages;
    Totals {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 9: 62.5% read "63%" in the page and "62%" in the CLI.
    #[test]
    fn shares_round_half_up_everywhere() {
        assert_eq!(percent(0.625), "63%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(whole(2.5), "3");
        assert_eq!(whole(2.4), "2");
    }
}
