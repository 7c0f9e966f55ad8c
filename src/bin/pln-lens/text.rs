//! The report as text for a terminal (`pln-lens report ARCHIVE` without `--json`), and the
//! summary of a checked codebook. Only formats what the core computed; the same figures,
//! with the post ids behind them, are in `--json`.

use std::io::{Result, Write};

use chrono::{DateTime, Utc};
use pln_lens::Report;
use pln_lens::model::Holds;
use pln_lens::network::TieStrength;
use pln_lens::report::CodebookSummary;
use pln_lens::report::prompts::Audience;

/// How many rows of each long list the text report shows (`--json` has them all).
const TOP: usize = 10;

use pln_lens::report::{percent as pct, whole};

fn date(d: &DateTime<Utc>) -> String {
    d.format("%-d %b %Y").to_string()
}

fn month(d: &DateTime<Utc>) -> String {
    d.format("%b %Y").to_string()
}

fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Whether printing `c` to a terminal could do more than show a character: control
/// characters (ESC starts colour, cursor and title sequences; OSC 8 makes links) and the
/// bidirectional overrides that reorder what is shown.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every character that could act on a terminal or start a new line written as
/// a visible escape (`\u{1b}`), for text from an archive (names, hashtags, entry names).
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if is_unsafe(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// A writer for text output that shows control characters as escapes, except the line
/// breaks the text itself is made of: whatever an archive holds, printing the report
/// cannot send a terminal an escape sequence (issue #11). Fields that must stay on their
/// line are passed through [`one_line`] as well.
pub struct Inert<'a>(pub &'a mut dyn Write);

impl Write for Inert<'_> {
    fn write(&mut self, buf: &[u8]) -> Result<usize> {
        let text = String::from_utf8_lossy(buf);
        if text.chars().any(|c| c != '\n' && is_unsafe(c)) {
            let shown: String = text
                .split('\n')
                .map(one_line)
                .collect::<Vec<_>>()
                .join("\n");
            self.0.write_all(shown.as_bytes())?;
        } else {
            self.0.write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<()> {
        self.0.flush()
    }
}

/// The archive's owner for a heading: `@handle (Name)`.
fn who(handle: Option<&str>, name: Option<&str>) -> String {
    let (handle, name) = (handle.map(one_line), name.map(one_line));
    match (handle, name) {
        (Some(h), Some(n)) => format!("@{h} ({n})"),
        (Some(h), None) => format!("@{h}"),
        (None, Some(n)) => n.to_string(),
        (None, None) => "unknown account".to_string(),
    }
}

/// Writes the whole report.
pub fn write_report(out: &mut dyn Write, r: &Report) -> Result<()> {
    overview(out, r)?;
    purposes(out, r)?;
    chats(out, r)?;
    people(out, r)?;
    spaces_and_tools(out, r)?;
    prompts(out, r)?;
    if !r.warnings.is_empty() {
        writeln!(out, "\nWarnings ({}):", r.warnings.len())?;
        for w in &r.warnings {
            writeln!(out, "  - {}", one_line(&w.message))?;
        }
    }
    Ok(())
}

/// Whose archive it is, what it holds and how much of it was read.
fn overview(out: &mut dyn Write, r: &Report) -> Result<()> {
    let who = who(
        r.account.handle.as_deref(),
        r.account.display_name.as_deref(),
    );
    writeln!(
        out,
        "{who}: {} ({})",
        r.archive.platform_label, r.archive.container
    )?;
    posts_by_kind(out, r)?;
    let t = &r.totals;
    writeln!(
        out,
        "  {}, {}, {}, {}",
        held(r, Holds::Likes, t.likes, "likes"),
        held(r, Holds::Followers, t.followers, "followers"),
        held(r, Holds::Following, t.following, "following"),
        held(
            r,
            Holds::Messages,
            t.dm_conversations,
            "private conversations (counted, never read)"
        ),
    )?;
    if r.platforms.len() > 1 {
        platforms(out, r)?;
    }
    if r.followers_only > 0 {
        writeln!(
            out,
            "  {} posts only your followers could see are included (marked followers_only).",
            r.followers_only
        )?;
    }
    what_was_read(out, r)
}

/// The posts, their period and their kinds.
fn posts_by_kind(out: &mut dyn Write, r: &Report) -> Result<()> {
    let t = &r.totals;
    match &r.period {
        Some(p) => writeln!(
            out,
            "{} from {} to {} (times in {})",
            plural(t.posts, "post", "posts"),
            date(&p.first),
            date(&p.last),
            r.time_zone
        )?,
        None => writeln!(out, "no posts")?,
    }
    let k = &t.by_kind;
    writeln!(
        out,
        "  {} original, {} replies, {} thread continuations, {} reposts, {} quotes",
        k.original, k.reply, k.thread, k.repost, k.quote
    )
}

/// A count of something the export may or may not hold (`holds`). A count is only a
/// count when the export holds the file (old CSV archives hold posts alone): say so rather
/// than print a zero.
fn held(r: &Report, holds: Holds, n: u64, what: &str) -> String {
    let lacking: Vec<&str> = r
        .lacking
        .iter()
        .filter(|l| l.holds == holds)
        .map(|l| l.platform.label())
        .collect();
    if r.sources.iter().any(|s| s.holds == holds) {
        match lacking.as_slice() {
            [] => format!("{n} {what}"),
            some => format!("{n} {what} (not in a {})", some.join(" or ")),
        }
    } else if let Some(platform) = lacking.first() {
        format!("{what}: not in a {platform}")
    } else {
        format!("{what}: not in this archive")
    }
}

/// For several exports read together: each platform's share, and what they have in common.
fn platforms(out: &mut dyn Write, r: &Report) -> Result<()> {
    for p in &r.platforms {
        let k = &p.by_kind;
        writeln!(
            out,
            "  {}: {} posts ({} original, {} replies, {} reposts, {} quotes), {} people named",
            p.label, p.posts, k.original, k.reply, k.repost, k.quote, p.people
        )?;
    }
    let Some(across) = &r.across else {
        return Ok(());
    };
    let names = |m: &[pln_lens::report::platforms::Moved]| {
        m.iter()
            .take(8)
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !across.chats.is_empty() {
        writeln!(
            out,
            "  Chats on more than one platform: {}",
            names(&across.chats)
        )?;
    }
    if !across.people.is_empty() {
        writeln!(
            out,
            "  People named on more than one platform (by handle): {}",
            names(&across.people)
        )?;
    }
    Ok(())
}

/// How much of the archive was read, and the post entries left out.
fn what_was_read(out: &mut dyn Write, r: &Report) -> Result<()> {
    let (a, t) = (&r.archive, &r.totals);
    writeln!(
        out,
        "Read {} data files of {} ({:.1} MB in all); media left unread.",
        r.sources.len(),
        a.entries,
        a.bytes as f64 / 1e6
    )?;
    if t.skipped > 0 || t.duplicates > 0 {
        writeln!(
            out,
            "Of {} post entries found: {} read, {} skipped, {} duplicates counted once.",
            t.found, t.posts, t.skipped, t.duplicates
        )?;
        for s in &t.skipped_reasons {
            writeln!(out, "  skipped: {} ({})", s.reason, s.count)?;
        }
    }
    Ok(())
}

fn purposes(out: &mut dyn Write, r: &Report) -> Result<()> {
    if r.totals.posts == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "\nWhat your posts do (codebook: {} {}{})",
        r.codebook.name,
        r.codebook.version,
        if r.recoded > 0 {
            format!("; {} re-coded by you", r.recoded)
        } else {
            String::new()
        }
    )?;
    for p in r.purposes.iter().filter(|p| p.posts > 0) {
        writeln!(out, "  {:<10} {:>6}  {:>4}", p.label, p.posts, pct(p.share))?;
    }
    writeln!(out, "What they are about (a post can have several topics)")?;
    for t in r.topics.iter().filter(|t| t.posts > 0) {
        writeln!(out, "  {:<22} {:>6}  {:>4}", t.label, t.posts, pct(t.share))?;
    }
    let c = &r.network.conversation;
    writeln!(
        out,
        "Talking with people: {} of posts talk with someone (replies, mentions, chats); {} broadcast.",
        pct(c.conversing_share),
        pct(1.0 - c.conversing_share)
    )?;
    if let Some(b) = &r.timeline.week_hours.busiest {
        writeln!(
            out,
            "Busiest hour of the week: {} {:02}:00 ({}).",
            b.day,
            b.hour,
            plural(b.posts, "post", "posts")
        )?;
    }
    let unknown = r.timeline.week_hours.time_unknown;
    if unknown > 0 {
        writeln!(
            out,
            "{} from before November 2010 have a date but no time of day in the archive; they are left out of the hours and of chats' live and later.",
            plural(unknown, "post", "posts")
        )?;
    }
    Ok(())
}

fn chats(out: &mut dyn Write, r: &Report) -> Result<()> {
    writeln!(out, "\nChats")?;
    if r.chats.is_empty() {
        writeln!(out, "  none found")?;
    }
    for c in r.chats.iter().take(TOP) {
        let name = c
            .name
            .as_deref()
            .filter(|n| !n.trim_start_matches('#').eq_ignore_ascii_case(&c.tag))
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let known = if c.known {
            ""
        } else {
            ", found from your posts"
        };
        let when = match (c.typical_weekday, c.typical_hour) {
            (Some(d), Some(h)) => format!(", usually {d:?} {h:02}:00 {}", c.time_zone),
            _ => String::new(),
        };
        let span = match (c.first_session, c.last_session) {
            (Some(a), Some(b)) if a != b => format!(" from {a} to {b}"),
            (Some(a), _) => format!(" on {a}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "  #{}{name}{known}: {}, {}{span}, {} live and {} later{when}",
            one_line(&c.tag),
            c.role.label().to_lowercase(),
            plural(c.sessions.len() as u64, "session", "sessions"),
            c.live_posts,
            c.later_posts,
        )?;
        if c.lurking.likes > 0 {
            writeln!(
                out,
                "      {} of its posts liked (reading along)",
                c.lurking.likes
            )?;
        }
    }
    if !r.events.is_empty() {
        let list: Vec<String> = r
            .events
            .iter()
            .map(|e| {
                format!(
                    "#{} ({})",
                    one_line(&e.tag),
                    plural(e.posts, "post", "posts")
                )
            })
            .collect();
        writeln!(out, "Events (not chats): {}", list.join(", "))?;
    }
    if !r.series.is_empty() {
        let list: Vec<String> = r
            .series
            .iter()
            .map(|s| {
                format!(
                    "#{} ({})",
                    one_line(&s.tag),
                    plural(s.posts, "post", "posts")
                )
            })
            .collect();
        writeln!(out, "Your own series (not chats): {}", list.join(", "))?;
    }
    Ok(())
}

fn people(out: &mut dyn Write, r: &Report) -> Result<()> {
    let c = &r.network.concentration;
    writeln!(out, "\nPeople")?;
    if c.people == 0 {
        writeln!(out, "  no replies, mentions, reposts or quotes of anyone")?;
        return Ok(());
    }
    writeln!(
        out,
        "  {} in {}; the five most frequent take {}, the ten most frequent {} (Gini {:.2}; as if {} people evenly)",
        plural(c.people, "person", "people"),
        plural(c.interactions, "interaction", "interactions"),
        pct(c.top5_share),
        pct(c.top10_share),
        c.gini,
        whole(c.effective_people)
    )?;
    for p in r.network.people.iter().take(TOP) {
        let strength = match p.strength {
            TieStrength::Strong => "strong",
            TieStrength::Medium => "medium",
            TieStrength::Weak => "weak",
        };
        writeln!(
            out,
            "  {:<22} {:>5} ({}, {}, {}, {}) {strength:<6} {} to {}",
            person_name(p),
            p.posts,
            plural(p.replies, "reply", "replies"),
            plural(p.mentions, "mention", "mentions"),
            plural(p.reposts, "repost", "reposts"),
            plural(p.quotes, "quote", "quotes"),
            month(&p.first_contact),
            month(&p.last_contact)
        )?;
    }
    if !r.network.apps.is_empty() {
        let apps: Vec<String> = r
            .network
            .apps
            .iter()
            .map(|a| format!("{} ({})", person_name(a), plural(a.posts, "post", "posts")))
            .collect();
        writeln!(
            out,
            "  Apps that posted for you (not counted as people): {}",
            apps.join(", ")
        )?;
    }
    if r.network.people_by_year.len() > 1 {
        writeln!(out, "  Year by year:")?;
        for y in &r.network.people_by_year {
            writeln!(
                out,
                "    {}{}: {}, {} ({} new, {} kept, {} back, {} lost)",
                y.year,
                if y.months < 12 {
                    format!(" ({})", plural(y.months, "month", "months"))
                } else {
                    String::new()
                },
                plural(y.posts, "post", "posts"),
                plural(y.people, "person", "people"),
                y.new,
                y.kept,
                y.returning,
                y.lost
            )?;
        }
    }
    Ok(())
}

/// `@handle`, or the account's id when the export names no handle.
fn person_name(p: &pln_lens::network::PersonTie) -> String {
    match (&p.handle, p.key.strip_prefix("id:")) {
        (Some(h), _) => format!("@{}", one_line(h)),
        (None, Some(id)) => format!("account {}", one_line(id)),
        (None, None) => p.key.clone(),
    }
}

fn spaces_and_tools(out: &mut dyn Write, r: &Report) -> Result<()> {
    if !r.network.spaces.is_empty() {
        writeln!(out, "\nSpaces ({} hashtags)", r.network.spaces.len())?;
        for s in r.network.spaces.iter().take(TOP) {
            writeln!(
                out,
                "  #{:<24} {:>5}  {}",
                one_line(&s.tag),
                s.posts,
                s.kind.label()
            )?;
        }
    }
    if !r.network.tools.is_empty() {
        writeln!(
            out,
            "\nTools (links in {} to {})",
            plural(r.network.link_posts, "post", "posts"),
            plural(r.network.tools.len() as u64, "site", "sites")
        )?;
        writeln!(out, "  by kind: {}", r.network.tool_kinds_in_words())?;
        for t in r.network.tools.iter().take(TOP) {
            writeln!(
                out,
                "  {:<28} {:>5}  {}",
                one_line(&t.domain),
                t.posts,
                t.kind.label()
            )?;
        }
    }
    Ok(())
}

fn prompts(out: &mut dyn Write, r: &Report) -> Result<()> {
    writeln!(out, "\nFor reflection")?;
    for p in r.prompts.iter().filter(|p| p.audience == Audience::Teacher) {
        writeln!(out, "  - {}", one_line(&p.text))?;
    }
    writeln!(out, "\nFor a mentor, step by step")?;
    for p in r.prompts.iter().filter(|p| p.audience == Audience::Mentor) {
        writeln!(out, "  {}. {}", p.step.unwrap_or(0), p.title)?;
        writeln!(out, "     {}", one_line(&p.text))?;
        for q in &p.questions {
            writeln!(out, "     - {}", one_line(q))?;
        }
    }
    Ok(())
}

/// A checked codebook, summarised.
pub fn write_codebook_check(out: &mut dyn Write, c: &CodebookSummary) -> Result<()> {
    writeln!(
        out,
        "{}: a valid codebook, \"{}\" version {}",
        c.source, c.name, c.version
    )?;
    let codes = |list: &[pln_lens::classify::CodeInfo]| {
        list.iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(out, "  purposes: {}", codes(&c.purposes))?;
    writeln!(out, "  topics: {}", codes(&c.topics))?;
    writeln!(out, "  precedence: {}", c.precedence.join(" > "))?;
    writeln!(out, "  {}", plural(c.cues.len() as u64, "cue", "cues"))?;
    Ok(())
}

/// What `pln-lens check` found.
pub fn write_check(out: &mut dyn Write, c: &pln_lens::analysis::ImportCheck) -> Result<()> {
    let who = who(
        c.account.handle.as_deref(),
        c.account.display_name.as_deref(),
    );
    let a = &c.archive;
    writeln!(out, "{who}: {} ({})", a.platform_label, a.container)?;
    let t = &c.totals;
    writeln!(
        out,
        "Of {} post entries found: {} read, {} skipped, {} duplicates counted once.",
        t.found, t.posts, t.skipped, t.duplicates
    )?;
    for (reason, count) in &t.skipped_reasons {
        writeln!(out, "  skipped: {reason} ({count})")?;
    }
    if let Some(expected) = t.expected {
        writeln!(out, "The archive's own list announces {expected} posts.")?;
    }
    writeln!(
        out,
        "{} likes, {} followers, {} following; {} data files of {} read ({:.1} MB in all), media left unread.",
        c.likes,
        c.followers,
        c.following,
        c.sources.len(),
        a.entries,
        a.bytes as f64 / 1e6
    )?;
    if c.warnings.is_empty() {
        writeln!(out, "No warnings.")?;
    } else {
        writeln!(out, "Warnings ({}):", c.warnings.len())?;
        for w in &c.warnings {
            writeln!(out, "  - {}", one_line(&w.message))?;
        }
    }
    Ok(())
}
