//! The chats stage (codebook section 4) on archives with a known truth: synthetic chat
//! scenarios written in X's layout and read back through the real import path, and the real
//! fixtures, whose figures were checked by hand against their `tweet(s).js`.

use std::io::Cursor;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::{America, Europe};
use pln_lens::NoProgress;
use pln_lens::chats::{ChatDirectory, ChatReport, Role, SessionSource, find_chats};
use pln_lens::import::{detect, import};
use pln_lens::model::Archive;
use pln_lens::read::{Container, DirContainer, ZipContainer};
use pln_lens::synth::scenarios::{ChatTruth, Scenario};
use pln_lens::synth::teacher_account;

use crate::support::zip_bytes;

fn read(container: &mut dyn Container) -> Archive {
    let detected = detect(container).expect("an export");
    import(container, &detected, &mut NoProgress).expect("imported")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn strings(ids: &[u64]) -> Vec<String> {
    ids.iter().map(u64::to_string).collect()
}

/// Everything the scenario archive holds, and what each step placed.
struct Built {
    report: ChatReport,
    ukedchat: ChatTruth,
    edchat: ChatTruth,
    edchat_noon: u64,
    sciteach: ChatTruth,
    iste: Vec<u64>,
    tmnorth: Vec<u64>,
    series: Vec<u64>,
    liked_ukedchat: Vec<u64>,
    liked_eltchat: Vec<u64>,
    liked_iste: Vec<u64>,
}

/// A teacher who takes part in #ukedchat (London) across the March 2021 clock change,
/// moderates #edchat's evening session (New York) across the US clock change and once
/// drops into its noon session, joins a Wednesday chat no directory lists, went to ISTE
/// 2019 and a TeachMeet, runs a daily reading series, likes chat posts, and uses #edchat
/// and #edtech outside any chat.
fn built() -> Built {
    let mut s = Scenario::new(teacher_account());
    let ukedchat = s.chat_participant(
        "ukedchat",
        Weekday::Thu,
        time(20, 0),
        Europe::London,
        date(2021, 3, 18),
        4,
    );
    let edchat = s.chat_moderator(
        "edchat",
        Weekday::Tue,
        time(19, 0),
        America::New_York,
        date(2021, 3, 2),
        4,
    );
    // 12:20 in New York on Tuesday 23 March (EDT): inside the noon session.
    let edchat_noon = s.post(
        Utc.with_ymd_and_hms(2021, 3, 23, 16, 20, 0).unwrap(),
        "Quick thought before class: retrieval beats rereading #edchat",
    );
    // Friday 5 March: #edchat as a plain hashtag, 67 hours after the last session.
    s.post(
        Utc.with_ymd_and_hms(2021, 3, 5, 20, 0, 0).unwrap(),
        "Great article on feedback #edchat",
    );
    let sciteach = s.recurring_chat(
        "SciTeachChat",
        Weekday::Wed,
        time(19, 0),
        date(2021, 4, 7),
        4,
    );
    // ISTE 2019: one post three weeks ahead, then three a day for three days.
    let mut iste = vec![s.post(
        Utc.with_ymd_and_hms(2019, 6, 1, 10, 0, 0).unwrap(),
        "Going to #ISTE2019 this month!",
    )];
    iste.extend(s.conference("ISTE2019", date(2019, 6, 23), 3, 3));
    let tmnorth = s.conference("TMNorth", date(2019, 11, 16), 1, 4);
    let series = s.own_series("RiveraReads", date(2021, 5, 1), 10, 30);
    for (day, text) in [(4, "New tool #edtech"), (20, "Another tool #edtech")] {
        s.post(Utc.with_ymd_and_hms(2021, 1, day, 12, 0, 0).unwrap(), text);
    }
    let liked_ukedchat = s.liked_chat_posts("ukedchat", 3);
    let liked_eltchat = s.liked_chat_posts("ELTchat", 2);
    let liked_iste = s.liked_chat_posts("ISTE2019", 1);

    let bytes = zip_bytes(&s.into_spec());
    let mut zip = ZipContainer::open(Cursor::new(bytes)).expect("zip");
    let archive = read(&mut zip);
    Built {
        report: find_chats(&archive, &ChatDirectory::builtin()),
        ukedchat,
        edchat,
        edchat_noon,
        sciteach,
        iste,
        tmnorth,
        series,
        liked_ukedchat,
        liked_eltchat,
        liked_iste,
    }
}

/// The sessions found equal the sessions placed: dates, starts, live and later post ids.
fn assert_sessions(found: &pln_lens::chats::ChatParticipation, truth: &ChatTruth) {
    assert_eq!(found.sessions.len(), truth.sessions.len(), "{}", found.tag);
    for (f, t) in found.sessions.iter().zip(&truth.sessions) {
        assert_eq!(f.date, t.date, "{}", found.tag);
        assert_eq!(f.start_utc, t.start_utc, "{} {}", found.tag, t.date);
        assert_eq!(
            f.live_post_ids,
            strings(&t.live),
            "{} {}",
            found.tag,
            t.date
        );
        assert_eq!(
            f.later_post_ids,
            strings(&t.later),
            "{} {}",
            found.tag,
            t.date
        );
        assert_eq!(f.live_posts as usize, t.live.len());
        assert_eq!(f.later_posts as usize, t.later.len());
    }
}

#[test]
fn chats_are_found_in_order_and_nothing_else_is_a_chat() {
    let b = built();
    let tags: Vec<&str> = b.report.chats.iter().map(|c| c.tag.as_str()).collect();
    // Most sessions first; ties by posts.
    assert_eq!(tags, ["edchat", "ukedchat", "SciTeachChat", "ELTchat"]);
}

#[test]
fn a_participant_in_london_across_the_clock_change() {
    let b = built();
    let c = &b.report.chats[1];
    assert_eq!(c.tag, "ukedchat");
    assert!(c.known);
    assert_eq!(c.name.as_deref(), Some("#UKEdChat"));
    assert_eq!(c.time_zone, "Europe/London");
    assert_sessions(c, &b.ukedchat);
    let dates: Vec<String> = c.sessions.iter().map(|s| s.date.to_string()).collect();
    assert_eq!(
        dates,
        ["2021-03-18", "2021-03-25", "2021-04-01", "2021-04-08"]
    );
    // 20:00 in London is 20:00 UTC in March and 19:00 UTC after the clocks went forward.
    let starts: Vec<String> = c
        .sessions
        .iter()
        .map(|s| s.start_utc.to_rfc3339())
        .collect();
    assert_eq!(
        starts,
        [
            "2021-03-18T20:00:00+00:00",
            "2021-03-25T20:00:00+00:00",
            "2021-04-01T19:00:00+00:00",
            "2021-04-08T19:00:00+00:00",
        ]
    );
    assert!(
        c.sessions
            .iter()
            .all(|s| s.local_start.time() == time(20, 0))
    );
    assert!(
        c.sessions
            .iter()
            .all(|s| s.found_by == SessionSource::Schedule)
    );
    assert_eq!((c.live_posts, c.later_posts), (24, 8));
    assert_eq!((c.questions, c.answers), (0, 20));
    assert_eq!(c.role, Role::Participant);
    assert_eq!(c.first_session, Some(date(2021, 3, 18)));
    assert_eq!(c.last_session, Some(date(2021, 4, 8)));
    assert_eq!(
        (c.typical_weekday, c.typical_hour),
        (Some(Weekday::Thu), Some(20))
    );
    assert_eq!(c.lurking.likes, 3);
    assert_eq!(c.lurking.liked_post_ids, strings(&b.liked_ukedchat));
}

#[test]
fn a_moderator_in_new_york_across_the_clock_change() {
    let b = built();
    let c = &b.report.chats[0];
    assert_eq!(c.tag, "edchat");
    assert_eq!(c.name.as_deref(), Some("#edchat"));
    assert_eq!(c.time_zone, "America/New_York");
    assert_eq!(c.sessions.len(), 5);
    // The four evening sessions, and the noon session of 23 March between them.
    let evening: Vec<_> = c
        .sessions
        .iter()
        .filter(|s| s.schedule.as_deref() == Some("#edchat (evening session)"))
        .cloned()
        .collect();
    let mut only_evening = c.clone();
    only_evening.sessions = evening;
    assert_sessions(&only_evening, &b.edchat);
    let noon = &c.sessions[3];
    assert_eq!(
        noon.schedule.as_deref(),
        Some("#edchat (afternoon session)")
    );
    assert_eq!(noon.date, date(2021, 3, 23));
    assert_eq!(noon.live_post_ids, [b.edchat_noon.to_string()]);
    // 19:00 EST is midnight UTC the next day; after 14 March, 19:00 EDT is 23:00 UTC.
    let starts: Vec<String> = c
        .sessions
        .iter()
        .map(|s| s.start_utc.to_rfc3339())
        .collect();
    assert_eq!(
        starts,
        [
            "2021-03-03T00:00:00+00:00",
            "2021-03-10T00:00:00+00:00",
            "2021-03-16T23:00:00+00:00",
            "2021-03-23T16:00:00+00:00",
            "2021-03-23T23:00:00+00:00",
        ]
    );
    assert_eq!(c.sessions[0].date, date(2021, 3, 2));
    assert_eq!((c.live_posts, c.later_posts), (29, 0));
    assert_eq!((c.questions, c.answers), (20, 0));
    assert_eq!(c.role, Role::Moderator);
    assert_eq!(
        (c.typical_weekday, c.typical_hour),
        (Some(Weekday::Tue), Some(19))
    );
    assert_eq!(c.lurking.likes, 0);
}

#[test]
fn an_unknown_weekly_chat_is_detected_from_bursts() {
    let b = built();
    let c = &b.report.chats[2];
    assert_eq!(c.tag, "SciTeachChat");
    assert!(!c.known);
    assert_eq!((c.name.as_deref(), c.time_zone.as_str()), (None, "UTC"));
    assert_sessions(c, &b.sciteach);
    assert!(
        c.sessions
            .iter()
            .all(|s| s.found_by == SessionSource::Burst)
    );
    assert_eq!((c.live_posts, c.later_posts, c.answers), (16, 0, 16));
    assert_eq!(c.role, Role::Participant);
    assert_eq!(
        (c.typical_weekday, c.typical_hour),
        (Some(Weekday::Wed), Some(19))
    );
}

#[test]
fn liking_a_directory_chat_posts_is_reading_along() {
    let b = built();
    let c = &b.report.chats[3];
    assert_eq!((c.tag.as_str(), c.role), ("ELTchat", Role::Lurker));
    assert!(c.sessions.is_empty());
    assert_eq!(c.lurking.liked_post_ids, strings(&b.liked_eltchat));
    assert_eq!((c.typical_weekday, c.first_session), (None, None));
}

#[test]
fn conferences_are_events_and_a_daily_series_is_a_series() {
    let b = built();
    let events: Vec<&str> = b.report.events.iter().map(|e| e.tag.as_str()).collect();
    assert_eq!(events, ["ISTE2019", "TMNorth"]);
    let iste = &b.report.events[0];
    assert_eq!(iste.post_ids, strings(&b.iste));
    assert_eq!(
        (iste.posts, iste.days, iste.year_in_name),
        (10, 4, Some(2019))
    );
    let burst = iste.burst.expect("a burst");
    assert_eq!(
        (burst.from, burst.to, burst.posts),
        (date(2019, 6, 23), date(2019, 6, 25), 9)
    );
    assert_eq!(iste.lurking.liked_post_ids, strings(&b.liked_iste));
    let tm = &b.report.events[1];
    assert_eq!(tm.post_ids, strings(&b.tmnorth));
    assert_eq!((tm.posts, tm.days, tm.year_in_name), (4, 1, None));

    assert_eq!(b.report.series.len(), 1);
    let s = &b.report.series[0];
    assert_eq!(s.tag, "RiveraReads");
    assert_eq!(s.post_ids, strings(&b.series));
    assert_eq!((s.posts, s.days, s.counted), (10, 10, 10));
    assert_eq!((s.counter_from, s.counter_to), (1, 10));
    assert_eq!(
        (s.first_day, s.last_day),
        (date(2021, 5, 1), date(2021, 5, 10))
    );
}

#[test]
fn the_report_serialises() {
    let b = built();
    let json = serde_json::to_value(&b.report).unwrap();
    let s = &json["chats"][1]["sessions"][2];
    assert_eq!(s["date"], "2021-04-01");
    assert_eq!(s["local_start"], "2021-04-01T20:00:00");
    assert_eq!(s["found_by"], "schedule");
    assert_eq!(json["chats"][1]["typical_weekday"], "Thu");
    assert_eq!(json["chats"][0]["role"], "moderator");
}

/// An event's (tag, posts, days, burst posts, year in name, likes).
type EventRow<'a> = (&'a str, u32, u32, Option<u32>, Option<u16>, u32);

fn event_rows(r: &ChatReport) -> Vec<EventRow<'_>> {
    r.events
        .iter()
        .map(|e| {
            (
                e.tag.as_str(),
                e.posts,
                e.days,
                e.burst.map(|b| b.posts),
                e.year_in_name,
                e.lurking.likes,
            )
        })
        .collect()
}

/// @RTIatMLA (2021 layout): 70 tweets of a research-training programme. Checked by hand in
/// `data/tweet.js`: #mlanet21 is one thread of 14 posts on 14 May 2021 (the MLA '21
/// conference); #RTI2021 is on 24 posts, one a day, from 30 Oct 2020 to 14 Oct 2021 (the
/// 2021 cohort's campaign); #RTI2020 is on 13 posts, 9 of them in the same thread;
/// #RTI2018 on 5 and #RTI2019 on 7; #RTI2121 (a typo) and #MidwestMCMLA2021 once each;
/// #JoinRTI and #RTIFlashback go together on 10 posts, 13 Sep to 14 Oct 2021, nine of them
/// "In Module 1..9". No chat from the directory, and no weekly burst: no chats. The 8
/// liked #medlibs posts are a chat's, but #medlibs is not in the directory (see
/// `data/chats-SOURCES.md`), so they are not reported.
#[test]
fn real_rtiatmla_conference_hashtags_are_events_not_chats() {
    let fixtures = crate::fixtures_or_skip!();
    let mut dir = DirContainer::open(&fixtures.join("twitter-rtiatmla-2021")).unwrap();
    let report = find_chats(&read(&mut dir), &ChatDirectory::builtin());
    assert!(report.chats.is_empty(), "{:?}", report.chats);
    assert_eq!(
        event_rows(&report),
        [
            ("RTI2021", 24, 24, None, Some(2021), 1),
            ("RTI2018", 5, 5, None, Some(2018), 0),
            ("RTI2020", 13, 5, Some(9), Some(2020), 0),
            ("RTI2019", 7, 6, None, Some(2019), 0),
            ("mlanet21", 14, 1, Some(14), None, 1),
        ]
    );
    let mla = &report.events[4];
    assert_eq!(
        (mla.first_day, mla.last_day),
        (date(2021, 5, 14), date(2021, 5, 14))
    );
    assert_eq!(mla.lurking.liked_post_ids, ["1397568419705376768"]);
    assert_eq!(
        report.events[0].lurking.liked_post_ids,
        ["1333461143671762947"]
    );
    let series: Vec<_> = report
        .series
        .iter()
        .map(|s| {
            (
                s.tag.as_str(),
                s.posts,
                s.counted,
                s.counter_from,
                s.counter_to,
            )
        })
        .collect();
    assert_eq!(
        series,
        [("JoinRTI", 10, 9, 1, 9), ("RTIFlashback", 10, 9, 1, 9)]
    );
    assert_eq!(report.series[0].first_day, date(2021, 9, 13));
    assert_eq!(report.series[0].last_day, date(2021, 10, 14));
}

/// @alrocar (2024 layout, a 38-tweet excerpt): nine "#100DaysOfCode" posts counting from
/// "52/100" (20 Mar 2024) to "68/100" (6 Apr 2024), never a reply: the person's own
/// series. Nothing else recurs; #DANA is one retweet.
#[test]
fn real_alrocar_100daysofcode_is_a_series_not_a_chat() {
    let fixtures = crate::fixtures_or_skip!();
    let mut dir = DirContainer::open(&fixtures.join("twitter-alrocar-2024")).unwrap();
    let report = find_chats(&read(&mut dir), &ChatDirectory::builtin());
    assert!(report.chats.is_empty(), "{:?}", report.chats);
    assert!(report.events.is_empty(), "{:?}", report.events);
    assert_eq!(report.series.len(), 1);
    let s = &report.series[0];
    assert_eq!(s.tag, "100DaysOfCode");
    assert_eq!((s.posts, s.days, s.counted), (9, 9, 9));
    assert_eq!((s.counter_from, s.counter_to), (52, 68));
    assert_eq!(
        (s.first_day, s.last_day),
        (date(2024, 3, 20), date(2024, 4, 6))
    );
    assert_eq!(s.post_ids[0], "1770538229965504799");
    assert_eq!(s.post_ids[8], "1776702010894504077");
}

/// `data/chats.csv` is built from the research CSV in `../shared/chat-directory/`: the
/// same rows, hashtags in the same order, so the two cannot drift apart silently (a
/// deliberate correction must be made in both). `data/chats-SOURCES.md` is the research
/// notes' copy.
#[test]
fn the_directory_matches_the_research_csv() {
    let fixtures = crate::fixtures_or_skip!();
    let research = fixtures.join("../chat-directory");
    let csv = std::fs::read_to_string(research.join("chats.csv")).expect("research CSV");
    let rows = pln_lens::chats::directory::parse_csv(&csv);
    let theirs: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    let ours = ChatDirectory::builtin();
    assert_eq!(ours.len(), theirs.len(), "row counts differ");
    let ours: Vec<&str> = ours.entries().iter().map(|e| e.hashtag.as_str()).collect();
    assert_eq!(ours, theirs);
    let notes = std::fs::read_to_string(research.join("SOURCES.md")).expect("SOURCES.md");
    let copy = include_str!("../../data/chats-SOURCES.md");
    assert_eq!(
        copy, notes,
        "data/chats-SOURCES.md differs from the research notes"
    );
}

/// An education researcher's legacy archive (`tweets.csv`, 5,317 tweets, 2010-2012).
/// Checked by hand in the CSV: of 31 #edchat posts, one falls in a scheduled hour: "There
/// are 10-15 tweets/minute on #edchat right now" at 20:08 New York time on Tuesday 11
/// October 2011 (the evening session); the others are resource shares at other times, so
/// ordinary hashtag use. A #scichat retweet mentioning the person comes at 20:53 on
/// Tuesday 27 September 2011 (the 20:30 chat), and an #edchatie contribution at 20:44 on
/// Monday 3 December 2012 in Dublin (the 20:30 chat). #nsta12 (the NSTA 2012 conference:
/// 45 of its 46 posts from 28 to 30 March 2012) and #coetc12 are events.
#[test]
fn real_legacy_archive_finds_three_single_sessions_and_the_conferences() {
    let fixtures = crate::fixtures_or_skip!();
    let mut dir = DirContainer::open(&fixtures.join("twitter-legacy-csv-2010-2012")).unwrap();
    let report = find_chats(&read(&mut dir), &ChatDirectory::builtin());
    let chats: Vec<_> = report
        .chats
        .iter()
        .map(|c| {
            let s = &c.sessions[0];
            (
                c.tag.as_str(),
                c.sessions.len(),
                s.date.to_string(),
                s.local_start.time().to_string(),
                s.live_post_ids.clone(),
                c.later_posts,
                c.role,
            )
        })
        .collect();
    let row = |tag, date: &str, time: &str, id: &str| {
        (
            tag,
            1,
            date.to_string(),
            time.to_string(),
            vec![id.to_string()],
            0,
            Role::Occasional,
        )
    };
    assert_eq!(
        chats,
        [
            row("edchat", "2011-10-11", "19:00:00", "123912861583032320"),
            row("edchatie", "2012-12-03", "20:30:00", "275702002875514882"),
            row("scichat", "2011-09-27", "20:30:00", "118850661633892352"),
        ]
    );
    let nsta = report
        .events
        .iter()
        .find(|e| e.tag == "nsta12")
        .expect("#nsta12");
    let burst = nsta.burst.expect("a burst");
    assert_eq!((nsta.posts, burst.posts), (46, 45));
    assert_eq!(
        (burst.from, burst.to),
        (date(2012, 3, 28), date(2012, 3, 30))
    );
    assert!(report.events.iter().any(|e| e.tag == "coetc12"));
    assert!(report.series.is_empty(), "{:?}", report.series);
}
