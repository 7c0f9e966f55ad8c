//! The purpose and topic mix, and the timeline: posts per month and per year (with their
//! kinds, purposes and topics) and a week-by-hour activity grid.
//!
//! In: the posts, the codes in force for each (after any re-coding), the codebook (for the
//! list and labels of codes) and the time zone months, years and hours are counted in.
//! Out: [`CodeCount`] lists and a [`Timeline`]. Months run without gaps from the first
//! post to the last, so a quiet month shows as zero rather than disappearing.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::classify::{CodeInfo, Coding};
use crate::model::Post;
use crate::report::ByKind;

/// How many posts have one code.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeCount {
    /// The code.
    pub code: String,
    /// Its label, for people.
    pub label: String,
    /// Posts with it.
    pub posts: u32,
    /// Share of all posts (0 to 1). Topics can overlap, so their shares need not add to 1.
    pub share: f64,
    /// How many of those posts have it because the person re-coded them.
    pub recoded: u32,
}

/// Counts of each code in `infos` (all listed, in the codebook's order, zeros included),
/// where `codes_of` gives the codes of each coding.
fn count_codes<'a>(
    infos: &[CodeInfo],
    codings: &[(&'a Coding, bool)],
    codes_of: impl Fn(&'a Coding) -> Vec<&'a str>,
) -> Vec<CodeCount> {
    let mut counts: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for (coding, recoded) in codings {
        for code in codes_of(coding) {
            let c = counts.entry(code).or_default();
            c.0 += 1;
            c.1 += u32::from(*recoded);
        }
    }
    let total = codings.len().max(1) as f64;
    infos
        .iter()
        .map(|info| {
            let (posts, recoded) = counts.get(info.code.as_str()).copied().unwrap_or((0, 0));
            CodeCount {
                code: info.code.clone(),
                label: info.label.clone(),
                posts,
                share: if codings.is_empty() {
                    0.0
                } else {
                    f64::from(posts) / total
                },
                recoded,
            }
        })
        .collect()
}

/// The purpose mix: one entry per purpose code of the codebook.
pub fn purposes(infos: &[CodeInfo], codings: &[(&Coding, bool)]) -> Vec<CodeCount> {
    count_codes(infos, codings, |c| vec![c.purpose.as_str()])
}

/// The topic mix: one entry per topic code of the codebook.
pub fn topics(infos: &[CodeInfo], codings: &[(&Coding, bool)]) -> Vec<CodeCount> {
    count_codes(infos, codings, |c| {
        c.topics.iter().map(String::as_str).collect()
    })
}

/// Posts over time.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Timeline {
    /// The IANA time zone months, years and hours are counted in.
    pub time_zone: String,
    /// Every month from the first post to the last.
    pub months: Vec<MonthFigures>,
    /// Every year from the first post to the last.
    pub years: Vec<YearFigures>,
    /// Posts by weekday and hour.
    pub week_hours: WeekHours,
}

/// One month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    /// Own posts.
    pub posts: u32,
    /// By kind.
    pub by_kind: ByKind,
    /// By purpose code (codes with no post left out).
    pub purposes: BTreeMap<String, u32>,
}

/// One year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearFigures {
    /// The year.
    pub year: i32,
    /// Own posts.
    pub posts: u32,
    /// By kind.
    pub by_kind: ByKind,
    /// By purpose code (codes with no post left out).
    pub purposes: BTreeMap<String, u32>,
    /// By topic code (codes with no post left out).
    pub topics: BTreeMap<String, u32>,
}

/// Posts by weekday (Monday first) and hour of the day.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WeekHours {
    /// Weekday names, Monday first.
    pub days: Vec<String>,
    /// `counts[day][hour]`: posts on that weekday in that hour (0-23).
    pub counts: Vec<Vec<u32>>,
    /// The busiest weekday and hour, when there are posts.
    pub busiest: Option<BusiestHour>,
    /// Posts left out of these counts (and of chats' live/later) because the archive gives
    /// them a date but no time of day (00:00:00 before November 2010).
    pub time_unknown: u32,
}

/// The busiest hour of the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BusiestHour {
    /// The weekday's name.
    pub day: String,
    /// The hour (0-23).
    pub hour: u32,
    /// Posts in it.
    pub posts: u32,
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The timeline of `posts`, whose codes are `codings` (same order).
pub fn timeline(posts: &[Post], codings: &[&Coding], tz: Tz) -> Timeline {
    let mut months: BTreeMap<(i32, u32), MonthFigures> = BTreeMap::new();
    let mut years: BTreeMap<i32, YearFigures> = BTreeMap::new();
    let mut grid = vec![vec![0u32; 24]; 7];
    let mut time_unknown = 0u32;
    for (post, coding) in posts.iter().zip(codings) {
        let local = post.created_at.with_timezone(&tz);
        let (y, m) = (local.year(), local.month());
        let month = months.entry((y, m)).or_insert_with(|| empty_month(y, m));
        month.posts += 1;
        month.by_kind.add(post.kind);
        *month.purposes.entry(coding.purpose.clone()).or_default() += 1;
        let year = years.entry(y).or_insert_with(|| empty_year(y));
        year.posts += 1;
        year.by_kind.add(post.kind);
        *year.purposes.entry(coding.purpose.clone()).or_default() += 1;
        for t in &coding.topics {
            *year.topics.entry(t.clone()).or_default() += 1;
        }
        if post.time_unknown() {
            time_unknown += 1;
        } else {
            grid[local.weekday().num_days_from_monday() as usize][local.hour() as usize] += 1;
        }
    }
    // Fill the gaps, so quiet months and years show.
    if let (Some(&(fy, fm)), Some(&(ly, lm))) = (months.keys().next(), months.keys().last()) {
        let (mut y, mut m) = (fy, fm);
        while (y, m) <= (ly, lm) {
            months.entry((y, m)).or_insert_with(|| empty_month(y, m));
            years.entry(y).or_insert_with(|| empty_year(y));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    }
    let busiest = grid
        .iter()
        .enumerate()
        .flat_map(|(d, hours)| hours.iter().enumerate().map(move |(h, &n)| (n, d, h)))
        .filter(|(n, _, _)| *n > 0)
        // Most posts; on a tie the earliest in the week.
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)))
        .map(|(posts, d, h)| BusiestHour {
            day: DAYS[d].to_string(),
            hour: h as u32,
            posts,
        });
    Timeline {
        time_zone: tz.name().to_string(),
        months: months.into_values().collect(),
        years: years.into_values().collect(),
        week_hours: WeekHours {
            days: DAYS.iter().map(|d| d.to_string()).collect(),
            counts: grid,
            busiest,
            time_unknown,
        },
    }
}

fn empty_month(y: i32, m: u32) -> MonthFigures {
    MonthFigures {
        month: format!("{y:04}-{m:02}"),
        posts: 0,
        by_kind: ByKind::default(),
        purposes: BTreeMap::new(),
    }
}

fn empty_year(year: i32) -> YearFigures {
    YearFigures {
        year,
        posts: 0,
        by_kind: ByKind::default(),
        purposes: BTreeMap::new(),
        topics: BTreeMap::new(),
    }
}

/// The first and last post time, whatever order the posts are in.
pub fn span(posts: &[Post]) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let first = posts.iter().map(|p| p.created_at).min()?;
    let last = posts.iter().map(|p| p.created_at).max()?;
    Some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{post, utc};

    fn coding(purpose: &str, topics: &[&str]) -> Coding {
        Coding {
            purpose: purpose.into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            why: Vec::new(),
        }
    }

    fn info(code: &str) -> CodeInfo {
        CodeInfo {
            code: code.into(),
            label: code.to_uppercase(),
            description: String::new(),
            examples: Vec::new(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn code_counts_list_every_code_with_shares_and_recodes() {
        let a = coding("ask", &["pedagogy", "assessment"]);
        let b = coding("share", &["pedagogy"]);
        let c = coding("ask", &[]);
        let codings = [(&a, false), (&b, true), (&c, false)];
        let infos = [info("share"), info("ask"), info("social")];
        let p = purposes(&infos, &codings);
        let got: Vec<(&str, u32, u32)> = p
            .iter()
            .map(|c| (c.code.as_str(), c.posts, c.recoded))
            .collect();
        assert_eq!(got, [("share", 1, 1), ("ask", 2, 0), ("social", 0, 0)]);
        assert!((p[1].share - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(p[0].label, "SHARE");
        let t = topics(&[info("pedagogy"), info("assessment")], &codings);
        assert_eq!((t[0].posts, t[1].posts), (2, 1));
        assert!(purposes(&infos, &[]).iter().all(|c| c.share == 0.0));
    }

    #[test]
    fn months_run_without_gaps_and_hours_follow_the_time_zone() {
        let posts = vec![
            post("1", utc(2020, 11, 30, 23, 30), "a"),
            post("2", utc(2021, 2, 1, 9, 0), "b"),
        ];
        let a = coding("ask", &["pedagogy"]);
        let b = coding("share", &[]);
        let ny: Tz = "America/New_York".parse().unwrap();
        let t = timeline(&posts, &[&a, &b], ny);
        let months: Vec<(&str, u32)> = t
            .months
            .iter()
            .map(|m| (m.month.as_str(), m.posts))
            .collect();
        assert_eq!(
            months,
            [
                ("2020-11", 1),
                ("2020-12", 0),
                ("2021-01", 0),
                ("2021-02", 1)
            ]
        );
        assert_eq!(t.years.len(), 2);
        assert_eq!(t.years[0].topics["pedagogy"], 1);
        assert_eq!(t.time_zone, "America/New_York");
        // 23:30 UTC on Monday 30 Nov 2020 is 18:30 in New York, still Monday.
        assert_eq!(t.week_hours.counts[0][18], 1);
        // 09:00 UTC on Monday 1 Feb 2021 is 04:00 in New York.
        assert_eq!(t.week_hours.counts[0][4], 1);
        let busiest = t.week_hours.busiest.unwrap();
        assert_eq!((busiest.day.as_str(), busiest.hour), ("Monday", 4));
    }

    #[test]
    fn no_posts_no_timeline() {
        let t = timeline(&[], &[], Tz::UTC);
        assert!(t.months.is_empty() && t.years.is_empty());
        assert!(t.week_hours.busiest.is_none());
        assert_eq!(t.week_hours.counts.iter().flatten().sum::<u32>(), 0);
    }
}
