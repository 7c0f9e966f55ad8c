//! The coded posts, one row each: for the page's post list, for tracing a figure back to its
//! posts, and for researchers (`pln-lens codes --csv`).
//!
//! In: the archive's posts with their codes and chat places ([`PostRow`] inputs, gathered
//! by [`crate::analysis::Analysis`]). Out: [`CodedPost`] rows, pages of rows matching a
//! [`PostFilter`], and the CSV (columns `id, created_at, kind, purpose, topics, chat, live,
//! why`, then `text` when asked for). Filters combine with AND; a filter with nothing set
//! matches every post.

use std::collections::HashSet;
use std::io::Write;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::classify::Evidence;
use crate::import::Platform;
use crate::model::{Post, PostKind};

/// One own post with its codes and the reasons for them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodedPost {
    /// The platform's id.
    pub id: String,
    /// When it was posted (UTC).
    pub created_at: DateTime<Utc>,
    /// Structural kind (codebook section 1).
    pub kind: PostKind,
    /// Purpose code (section 2).
    pub purpose: String,
    /// Topic codes (section 3).
    pub topics: Vec<String>,
    /// The chat it was part of (hashtag without `#`), if any (section 4).
    pub chat: Option<String>,
    /// Inside the chat's session (`true`) or after it (`false`); `None` outside chats.
    pub live: Option<bool>,
    /// Why each code was given.
    pub why: Vec<Evidence>,
    /// Whether the person re-coded it (the codes above are then theirs).
    pub recoded: bool,
    /// The post's text, as the export has it.
    pub text: String,
    /// Hashtags, without `#`.
    pub hashtags: Vec<String>,
    /// Handles it names (replied to, mentioned, reposted, quoted), without `@`.
    pub people: Vec<String>,
    /// Sites it links to.
    pub domains: Vec<String>,
    /// The platform it was posted on.
    pub platform: Platform,
    /// Whether only the person's followers could see it (Mastodon's followers-only posts).
    pub followers_only: bool,
}

/// Which posts to list. Every field set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct PostFilter {
    /// Words that must all appear in the text, any case.
    pub text: Option<String>,
    /// The purpose code.
    pub purpose: Option<String>,
    /// A topic code the post has.
    pub topic: Option<String>,
    /// The structural kind.
    pub kind: Option<PostKind>,
    /// The chat (hashtag without `#`, any case) it was counted in.
    pub chat: Option<String>,
    /// The year, in the report's time zone.
    pub year: Option<i32>,
    /// The month, `YYYY-MM`, in the report's time zone.
    pub month: Option<String>,
    /// Only these post ids (the posts behind a figure).
    pub ids: Option<Vec<String>>,
    /// Only posts the person re-coded.
    pub recoded: Option<bool>,
    /// Only posts from this platform.
    pub platform: Option<Platform>,
    /// Leave out posts only followers could see (`false`), or show only those (`true`).
    pub followers_only: Option<bool>,
}

/// A page of matching posts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostPage {
    /// Posts matching the filter, in all.
    pub total: u64,
    /// The position of the first row in that list.
    pub offset: u64,
    /// The rows, oldest first.
    pub posts: Vec<CodedPost>,
}

/// What one row is made from.
pub struct PostRow<'a> {
    /// The post.
    pub post: &'a Post,
    /// Its purpose.
    pub purpose: &'a str,
    /// Its topics.
    pub topics: &'a [String],
    /// Whether the person re-coded it.
    pub recoded: bool,
    /// Its chat and whether it was live.
    pub chat: Option<(&'a str, bool)>,
    /// The platform it was posted on.
    pub platform: Platform,
    /// Whether only the person's followers could see it.
    pub followers_only: bool,
}

/// A filter made ready to test many rows: its words lowercased, its ids in a set.
#[derive(Debug, Clone)]
pub struct Query {
    filter: PostFilter,
    words: Vec<String>,
    ids: Option<HashSet<String>>,
    tz: Tz,
}

impl Query {
    /// Prepares `filter`, with years and months counted in `tz`.
    pub fn new(filter: PostFilter, tz: Tz) -> Query {
        let words = filter
            .text
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let ids = filter.ids.as_ref().map(|ids| ids.iter().cloned().collect());
        Query {
            filter,
            words,
            ids,
            tz,
        }
    }
}

impl PostRow<'_> {
    /// Whether the row matches the query.
    pub fn matches(&self, query: &Query) -> bool {
        let (filter, words, tz) = (&query.filter, &query.words, query.tz);
        let p = self.post;
        if filter.purpose.as_deref().is_some_and(|c| c != self.purpose)
            || filter
                .topic
                .as_deref()
                .is_some_and(|t| !self.topics.iter().any(|x| x == t))
            || filter.kind.is_some_and(|k| k != p.kind)
            || filter.chat.as_deref().is_some_and(|c| {
                !self
                    .chat
                    .is_some_and(|(tag, _)| tag.eq_ignore_ascii_case(c))
            })
            || filter.recoded.is_some_and(|r| r != self.recoded)
            || filter.platform.is_some_and(|p| p != self.platform)
            || filter
                .followers_only
                .is_some_and(|f| f != self.followers_only)
        {
            return false;
        }
        if filter.year.is_some() || filter.month.is_some() {
            let local = p.created_at.with_timezone(&tz);
            if filter.year.is_some_and(|y| y != local.year()) {
                return false;
            }
            if let Some(m) = &filter.month
                && *m != format!("{:04}-{:02}", local.year(), local.month())
            {
                return false;
            }
        }
        if let Some(ids) = &query.ids
            && !ids.contains(&*p.id)
        {
            return false;
        }
        if !words.is_empty() {
            let text = p.text.to_lowercase();
            if !words.iter().all(|w| text.contains(w.as_str())) {
                return false;
            }
        }
        true
    }

    /// The row, with the reasons for its codes.
    pub fn to_coded(&self, why: &[Evidence]) -> CodedPost {
        let p = self.post;
        let mut people: Vec<String> = Vec::new();
        let mut name = |h: Option<&str>| {
            if let Some(h) = h
                && !people.iter().any(|x| x.eq_ignore_ascii_case(h))
            {
                people.push(h.to_string());
            }
        };
        if let Some(r) = &p.reply_to
            && p.kind == PostKind::Reply
        {
            name(shown(&r.account));
        }
        if let Some(s) = &p.shared_from {
            name(shown(s));
        }
        for m in &p.mentions {
            name(shown(m));
        }
        let mut domains: Vec<String> = Vec::new();
        for l in &p.links {
            if !l.domain.is_empty() && !domains.iter().any(|d| **d == *l.domain) {
                domains.push(l.domain.to_string());
            }
        }
        CodedPost {
            id: p.id.to_string(),
            created_at: p.created_at,
            kind: p.kind,
            purpose: self.purpose.to_string(),
            topics: self.topics.to_vec(),
            chat: self.chat.map(|(t, _)| t.to_string()),
            live: self.chat.map(|(_, live)| live),
            why: why.to_vec(),
            recoded: self.recoded,
            text: p.text.to_string(),
            hashtags: p.hashtags.iter().map(|h| h.to_string()).collect(),
            people,
            domains,
            platform: self.platform,
            followers_only: self.followers_only,
        }
    }
}

/// How an account is shown: its handle, or a Bluesky DID when the export names no handle.
fn shown(a: &crate::model::AccountRef) -> Option<&str> {
    a.handle
        .as_deref()
        .or(a.id.as_deref().filter(|id| id.starts_with("did:")))
}

/// The CSV columns, in order (`text` only with [`write_csv`]'s `with_text`).
pub const CSV_COLUMNS: [&str; 8] = [
    "id",
    "created_at",
    "kind",
    "purpose",
    "topics",
    "chat",
    "live",
    "why",
];

/// A cell a spreadsheet will not run as a formula (issue #11). Spreadsheets treat a cell
/// starting with `=`, `+`, `-` or `@` (and, after trimming, a tab or carriage return) as a
/// formula, and an archive controls every cell, the id included. OWASP's rule: such a cell
/// gets a leading `'`, which spreadsheets show as text and do not display.
pub fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Writes one CSV row per post (each with the reasons for its codes), oldest first, with a
/// header. Topics are `|`-separated and reasons `; `-separated; fields are quoted as RFC
/// 4180 needs (the csv crate), and a cell a spreadsheet would run as a formula starts with
/// `'` ([`inert_cell`]).
pub fn write_csv<'a>(
    out: impl Write,
    rows: impl Iterator<Item = (PostRow<'a>, Vec<Evidence>)>,
    with_text: bool,
) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
    if with_text {
        header.push("text");
    }
    w.write_record(&header)?;
    for (row, why) in rows {
        let p = row.post;
        let live = match row.chat {
            Some((_, true)) => "true",
            Some((_, false)) => "false",
            None => "",
        };
        let why: Vec<&str> = why.iter().map(|e| e.reason.as_str()).collect();
        let created = p
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let topics = row.topics.join("|");
        let why = why.join("; ");
        let mut record: Vec<&str> = vec![
            &p.id,
            &created,
            p.kind.code(),
            row.purpose,
            &topics,
            row.chat.map_or("", |(t, _)| t),
            live,
            &why,
        ];
        if with_text {
            record.push(&p.text);
        }
        let record: Vec<std::borrow::Cow<str>> = record.iter().map(|c| inert_cell(c)).collect();
        w.write_record(record.iter().map(|c| c.as_bytes()))?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{post, utc};

    #[test]
    fn a_cell_that_would_be_a_formula_is_made_text() {
        for cell in ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "=1+99"] {
            assert_eq!(inert_cell(cell), format!("'{cell}"));
        }
        for cell in ["", "1234", "a=b", "'quoted", "#edchat"] {
            assert_eq!(inert_cell(cell), cell);
        }
    }

    fn row<'a>(p: &'a Post, topics: &'a [String]) -> PostRow<'a> {
        PostRow {
            post: p,
            purpose: "ask",
            topics,
            recoded: false,
            chat: Some(("ukedchat", true)),
            platform: Platform::X,
            followers_only: false,
        }
    }

    #[test]
    fn filters_combine_and_words_match_any_case() {
        let p = post(
            "7",
            utc(2021, 12, 31, 23, 30),
            "Anyone tried Exit Tickets? #ukedchat",
        );
        let topics = vec!["pedagogy".to_string()];
        let r = row(&p, &topics);
        let m = |f: PostFilter| r.matches(&Query::new(f, Tz::UTC));
        assert!(m(PostFilter::default()));
        assert!(m(PostFilter {
            text: Some("exit TICKETS".into()),
            purpose: Some("ask".into()),
            topic: Some("pedagogy".into()),
            chat: Some("UKEdChat".into()),
            year: Some(2021),
            month: Some("2021-12".into()),
            ids: Some(vec!["1".into(), "7".into()]),
            ..Default::default()
        }));
        assert!(!m(PostFilter {
            text: Some("exit quizzes".into()),
            ..Default::default()
        }));
        assert!(!m(PostFilter {
            topic: Some("assessment".into()),
            ..Default::default()
        }));
        assert!(!m(PostFilter {
            kind: Some(PostKind::Reply),
            ..Default::default()
        }));
        assert!(!m(PostFilter {
            ids: Some(vec!["8".into()]),
            ..Default::default()
        }));
        assert!(!m(PostFilter {
            recoded: Some(true),
            ..Default::default()
        }));
        // In Berlin the same post is already in January 2022.
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let f = PostFilter {
            year: Some(2022),
            month: Some("2022-01".into()),
            ..Default::default()
        };
        assert!(r.matches(&Query::new(f, berlin)));
    }

    #[test]
    fn the_csv_has_the_documented_columns_and_quotes_what_needs_it() {
        let p = post(
            "7",
            utc(2021, 3, 4, 20, 5),
            "Q1: \"feedback\", then\nmarking?",
        );
        let topics = vec!["pedagogy".to_string(), "assessment".to_string()];
        let why = vec![
            Evidence {
                code: "ask".into(),
                reason: "ask: a chat question".into(),
            },
            Evidence {
                code: "pedagogy".into(),
                reason: "pedagogy: feedback".into(),
            },
        ];
        let mut out = Vec::new();
        write_csv(&mut out, std::iter::once((row(&p, &topics), why)), true).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            [
                "id",
                "created_at",
                "kind",
                "purpose",
                "topics",
                "chat",
                "live",
                "why",
                "text"
            ]
        );
        let rec = reader.records().next().unwrap().unwrap();
        assert_eq!(&rec[0], "7");
        assert_eq!(&rec[1], "2021-03-04T20:05:00Z");
        assert_eq!(&rec[2], "original");
        assert_eq!(&rec[4], "pedagogy|assessment");
        assert_eq!(&rec[5], "ukedchat");
        assert_eq!(&rec[6], "true");
        assert_eq!(&rec[7], "ask: a chat question; pedagogy: feedback");
        assert_eq!(&rec[8], "Q1: \"feedback\", then\nmarking?");
    }

    #[test]
    fn a_row_names_people_and_sites_once() {
        let mut p = post("1", utc(2021, 1, 1, 0, 0), "@Jo @jo see https://a.org");
        p.mentions = vec![
            crate::model::AccountRef::handle("Jo"),
            crate::model::AccountRef::handle("jo"),
        ];
        p.links = vec![
            crate::model::Link::new("https://a.org/x"),
            crate::model::Link::new("https://www.a.org/y"),
        ];
        let c = row(&p, &[]).to_coded(&[]);
        assert_eq!(c.people, ["Jo"]);
        assert_eq!(c.domains, ["a.org"]);
        assert_eq!(c.chat.as_deref(), Some("ukedchat"));
        assert_eq!(c.live, Some(true));
    }
}
