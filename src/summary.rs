//! The anonymous summary: the figures of a report, and nothing that names anyone.
//!
//! In: a finished [`Report`] and the pseudonym the person chose (if any). Out: a
//! [`Summary`], a small JSON file a student can hand to an instructor or a participant to
//! a study: counts, the purpose and topic mix, chat participation, the network's shape
//! and curves over time.
//!
//! The invariant, pinned by `tests/integration/summary.rs` against whole archives: no
//! string in a summary comes from the archive's content. No post text, no handles or
//! display names, no ids, no URLs, no hashtags except the public chat names of the chat
//! directory (`data/chats.csv`), no time finer than a month. Every string in it is a code
//! or label of the codebook, a fixed word of this module, a month (`YYYY-MM`), a chat
//! name from the directory, or the pseudonym the person typed. The person may remove any
//! part (each is optional) before saving; [`crate::class`] reads what is left.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::chats::directory::ChatDirectory;
use crate::report::Report;

/// What a summary file says it is (its `kind`), so a class view can refuse other JSON.
pub const KIND: &str = "pln-lens anonymous summary";

/// The version of the summary's shape; bumped when a key changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// The parts a person can remove before saving, by their key in the JSON.
pub const PARTS: [&str; 8] = [
    "activity",
    "purposes",
    "topics",
    "conversation",
    "chats",
    "network",
    "tools",
    "over_time",
];

/// An anonymous summary of one person's archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    /// Always [`KIND`].
    pub kind: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The name the person chose to appear under in a class view (never their handle).
    #[serde(default)]
    pub pseudonym: Option<String>,
    /// The platform code (`x`, `twitter_legacy`, `mastodon`, ...).
    pub platform: String,
    /// The month of the first post (`YYYY-MM`).
    #[serde(default)]
    pub first_month: Option<String>,
    /// The month of the last post.
    #[serde(default)]
    pub last_month: Option<String>,
    /// How many posts, of what kind, likes and follows.
    #[serde(default)]
    pub activity: Option<Activity>,
    /// The purpose mix, in the codebook's order.
    #[serde(default)]
    pub purposes: Option<Vec<CodeShare>>,
    /// The topic mix (a post may have several topics or none).
    #[serde(default)]
    pub topics: Option<Vec<CodeShare>>,
    /// Talking with people against broadcasting.
    #[serde(default)]
    pub conversation: Option<ConversationShare>,
    /// Education chats taken part in (public directory names only).
    #[serde(default)]
    pub chats: Option<Vec<ChatTaken>>,
    /// The network's shape: size, concentration, ties kept.
    #[serde(default)]
    pub network: Option<NetworkShape>,
    /// Links by kind of site (resource, research, video, ...), never the sites.
    #[serde(default)]
    pub tools: Option<Vec<ToolShare>>,
    /// Curves over time: posts per month, and figures per year.
    #[serde(default)]
    pub over_time: Option<OverTime>,
}

/// Counts of posts and of the person's other traces.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Activity {
    /// Own posts read.
    pub posts: u64,
    /// Months from the first post to the last (both counted).
    pub months: u32,
    /// Months with at least one post.
    pub active_months: u32,
    /// Posts that are none of the others.
    pub original: u64,
    /// Replies to others.
    pub replies: u64,
    /// Replies to oneself.
    pub threads: u64,
    /// Reposts.
    pub reposts: u64,
    /// Quotes.
    pub quotes: u64,
    /// Posts liked.
    pub likes: u64,
    /// Followers.
    pub followers: u64,
    /// Accounts followed.
    pub following: u64,
    /// Conference and event hashtags used (how many, not which).
    pub events: u32,
    /// The person's own numbered series (how many, not which).
    pub series: u32,
    /// Different hashtags used (how many, not which).
    pub hashtags: u32,
}

/// One code's share of the posts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeShare {
    /// The code (from the codebook).
    pub code: String,
    /// Its label (from the codebook).
    pub label: String,
    /// Posts with it.
    pub posts: u32,
    /// Their share of all posts (0 to 1).
    pub share: f64,
}

/// Talking with people against broadcasting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConversationShare {
    /// Posts that talk with someone.
    pub conversing: u32,
    /// The rest.
    pub broadcasting: u32,
    /// `conversing` / all posts.
    pub conversing_share: f64,
}

/// One education chat the person took part in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChatTaken {
    /// The chat's hashtag, only when it is a public chat of the directory; `None` for a
    /// chat found from the person's own posts (its name could say who they are).
    pub tag: Option<String>,
    /// The chat's name from the directory.
    pub name: Option<String>,
    /// `moderator`, `participant`, `occasional` or `lurker`.
    pub role: String,
    /// Sessions taken part in.
    pub sessions: u32,
    /// Posts during sessions.
    pub live_posts: u32,
    /// Posts within two days after.
    pub later_posts: u32,
    /// Numbered questions posted.
    pub questions: u32,
    /// Numbered answers posted.
    pub answers: u32,
    /// Liked posts carrying the chat's hashtag (reading along).
    pub liked_posts: u32,
    /// The month of the first session (`YYYY-MM`).
    pub first_month: Option<String>,
    /// The month of the last session.
    pub last_month: Option<String>,
}

/// The network's shape, without anyone in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NetworkShape {
    /// Different people interacted with.
    pub people: u32,
    /// Interactions in all.
    pub interactions: u32,
    /// People with a strong tie.
    pub strong: u32,
    /// People with a medium tie.
    pub medium: u32,
    /// People with a weak tie.
    pub weak: u32,
    /// Share of interactions with the five most frequent people.
    pub top5_share: f64,
    /// Gini coefficient of interactions across people.
    pub gini: f64,
    /// "As if you talked evenly with this many people" (1 / HHI).
    pub effective_people: f64,
    /// Different people replied to.
    pub replied_people: u32,
    /// People with one single interaction.
    pub one_off_people: u32,
    /// Of the people met in a year, the share also met the year before, averaged over
    /// the years after the first (`None` with one year only).
    pub kept_share: Option<f64>,
}

/// Links to one kind of site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ToolShare {
    /// The kind's code (`resource`, `research`, `video`, ...).
    pub kind: String,
    /// Its label.
    pub label: String,
    /// Posts linking to such sites.
    pub posts: u32,
    /// Different sites of this kind (how many, not which).
    pub sites: u32,
    /// Share of the posts with links.
    pub share: f64,
}

/// Figures over time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OverTime {
    /// Posts per month, every month from the first post to the last.
    pub months: Vec<MonthPosts>,
    /// Figures per year.
    pub years: Vec<YearShape>,
}

/// Posts in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MonthPosts {
    /// `YYYY-MM`.
    pub month: String,
    /// Posts.
    pub posts: u32,
}

/// One year's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearShape {
    /// The year.
    pub year: i32,
    /// Posts.
    pub posts: u32,
    /// Posts per purpose code.
    pub purposes: BTreeMap<String, u32>,
    /// Posts that talk with someone.
    pub conversing: u32,
    /// People interacted with.
    pub people: u32,
    /// Of them, first met this year.
    pub new_people: u32,
    /// Of them, also met the year before.
    pub kept_people: u32,
    /// Different hashtags used.
    pub hashtags: u32,
    /// Directory chats with a session this year (names of private chats left out).
    pub chats: u32,
}

impl Summary {
    /// The anonymous summary of `report`, under `pseudonym` (blank: none), with public chat
    /// names checked against the built-in chat directory.
    pub fn of(report: &Report, pseudonym: Option<&str>) -> Summary {
        Summary::with_directory(report, pseudonym, &ChatDirectory::builtin())
    }

    /// The same, with public chat names checked against `directory`.
    pub fn with_directory(
        report: &Report,
        pseudonym: Option<&str>,
        directory: &ChatDirectory,
    ) -> Summary {
        let platform = serde_json::to_value(report.archive.platform)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "unknown".to_string());
        let months = &report.timeline.months;
        Summary {
            kind: KIND.to_string(),
            format_version: FORMAT_VERSION,
            pseudonym: pseudonym
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty()),
            platform,
            first_month: months.first().map(|m| m.month.clone()),
            last_month: months.last().map(|m| m.month.clone()),
            activity: Some(activity(report)),
            purposes: Some(shares(&report.purposes)),
            topics: Some(shares(&report.topics)),
            conversation: Some(ConversationShare {
                conversing: report.network.conversation.conversing,
                broadcasting: report.network.conversation.broadcasting,
                conversing_share: report.network.conversation.conversing_share,
            }),
            chats: Some(chats(report, directory)),
            network: Some(network(report)),
            tools: Some(
                report
                    .network
                    .tool_kinds
                    .iter()
                    .map(|t| ToolShare {
                        kind: code_of(&t.kind),
                        label: t.label.clone(),
                        posts: t.posts,
                        sites: t.sites,
                        share: t.share,
                    })
                    .collect(),
            ),
            over_time: Some(over_time(report, directory)),
        }
    }

    /// Removes the part named `part` (one of [`PARTS`]); false when there is no such part.
    pub fn remove(&mut self, part: &str) -> bool {
        match part {
            "activity" => self.activity = None,
            "purposes" => self.purposes = None,
            "topics" => self.topics = None,
            "conversation" => self.conversation = None,
            "chats" => self.chats = None,
            "network" => self.network = None,
            "tools" => self.tools = None,
            "over_time" => self.over_time = None,
            _ => return false,
        }
        true
    }

    /// Reads a summary file, refusing JSON that is not one.
    pub fn from_json(text: &str) -> Result<Summary, String> {
        let summary: Summary = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if summary.kind != KIND {
            return Err(format!(
                "not a PLN Lens summary (its kind is {:?})",
                summary.kind
            ));
        }
        Ok(summary)
    }
}

/// A serde enum's code (`"resource"`), the way the report writes it.
fn code_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn activity(report: &Report) -> Activity {
    let t = &report.totals;
    let k = &t.by_kind;
    Activity {
        posts: t.posts,
        months: report.timeline.months.len() as u32,
        active_months: report
            .timeline
            .months
            .iter()
            .filter(|m| m.posts > 0)
            .count() as u32,
        original: k.original,
        replies: k.reply,
        threads: k.thread,
        reposts: k.repost,
        quotes: k.quote,
        likes: t.likes,
        followers: t.followers,
        following: t.following,
        events: report.events.len() as u32,
        series: report.series.len() as u32,
        hashtags: report.network.spaces.len() as u32,
    }
}

fn shares(codes: &[crate::report::figures::CodeCount]) -> Vec<CodeShare> {
    codes
        .iter()
        .map(|c| CodeShare {
            code: c.code.clone(),
            label: c.label.clone(),
            posts: c.posts,
            share: c.share,
        })
        .collect()
}

/// A month (`YYYY-MM`) from a date: the finest time a summary keeps.
fn month(date: Option<chrono::NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m").to_string())
}

fn chats(report: &Report, directory: &ChatDirectory) -> Vec<ChatTaken> {
    report
        .chats
        .iter()
        .map(|c| {
            // The directory's own spelling and name, never what the archive supplied.
            let entry = directory.lookup(&c.tag).first().copied();
            ChatTaken {
                tag: entry.map(|e| e.hashtag.clone()),
                name: entry.map(|e| e.name.clone()),
                role: c.role.code().to_string(),
                sessions: c.sessions.len() as u32,
                live_posts: c.live_posts,
                later_posts: c.later_posts,
                questions: c.questions,
                answers: c.answers,
                liked_posts: c.lurking.likes,
                first_month: month(c.first_session),
                last_month: month(c.last_session),
            }
        })
        .collect()
}

fn network(report: &Report) -> NetworkShape {
    let n = &report.network;
    let c = &n.concentration;
    let strength =
        |s: crate::network::TieStrength| n.people.iter().filter(|p| p.strength == s).count() as u32;
    // Ties kept: of each later year's people, the share met the year before too.
    let kept: Vec<f64> = n
        .people_by_year
        .iter()
        .skip(1)
        .filter(|y| y.people > 0)
        .map(|y| f64::from(y.kept) / f64::from(y.people))
        .collect();
    NetworkShape {
        people: c.people,
        interactions: c.interactions,
        strong: strength(crate::network::TieStrength::Strong),
        medium: strength(crate::network::TieStrength::Medium),
        weak: strength(crate::network::TieStrength::Weak),
        top5_share: c.top5_share,
        gini: c.gini,
        effective_people: c.effective_people,
        replied_people: c.replied_people,
        one_off_people: c.one_off_people,
        kept_share: (!kept.is_empty()).then(|| kept.iter().sum::<f64>() / kept.len() as f64),
    }
}

fn over_time(report: &Report, directory: &ChatDirectory) -> OverTime {
    let n = &report.network;
    let years = report
        .timeline
        .years
        .iter()
        .map(|y| {
            let ties = n.people_by_year.iter().find(|t| t.year == y.year);
            let spaces = n.spaces_by_year.iter().find(|s| s.year == y.year);
            YearShape {
                year: y.year,
                posts: y.posts,
                purposes: y.purposes.clone(),
                conversing: n
                    .conversation
                    .years
                    .iter()
                    .find(|c| c.year == y.year)
                    .map_or(0, |c| c.conversing),
                people: ties.map_or(0, |t| t.people),
                new_people: ties.map_or(0, |t| t.new),
                kept_people: ties.map_or(0, |t| t.kept),
                hashtags: spaces.map_or(0, |s| s.hashtags),
                chats: spaces.map_or(0, |s| {
                    s.chats.iter().filter(|c| directory.contains(c)).count() as u32
                }),
            }
        })
        .collect();
    OverTime {
        months: report
            .timeline
            .months
            .iter()
            .map(|m| MonthPosts {
                month: m.month.clone(),
                posts: m.posts,
            })
            .collect(),
        years,
    }
}
