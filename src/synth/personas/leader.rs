//! `leader`: Jordan Beckwith (invented), principal of an invented middle school in
//! Illinois, from January 2021 to May 2024.
//!
//! His character: he posts mostly about technology: the school's Chromebooks, AI, digital
//! citizenship, tools for staff. He promotes his own blog (named in his profile) and his
//! conference talks, broadcasts school and district news, runs a weekly numbered
//! #TechTipTuesday series, joins #edtechchat and once hosts it, and goes to ISTE.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::America::Chicago;

use super::words::{self, Words};
use super::{
    Life, cast, chat_dates, days, host, join_session, schedule, someone, take_part, us_holiday,
};
use crate::chats::sessions::local_instant;
use crate::synth::{Account, ArchiveSpec, Person};

const SEED: u64 = 0x1EAD_2021;

/// The persona's word lists (data/personas/leader.toml).
static WORDS: LazyLock<&Words> = LazyLock::new(|| words::of("leader"));

/// Jordan's archive: over three years, some 800 posts, mostly about technology.
pub fn leader() -> ArchiveSpec {
    let account = Account {
        id: "1346187752390815744".into(),
        handle: "PrincipalBeck".into(),
        display_name: "Jordan Beckwith".into(),
        bio: "Principal, Prairie Ridge Middle School. Edtech, AI and learning, in that \
              order. Blog: beckwithleads.example.org - invented demo persona for PLN Lens, \
              not a real person."
            .into(),
        website: Some(format!("{}/", WORDS.text("blog"))),
        created_at: Utc.with_ymd_and_hms(2021, 1, 4, 6, 45, 0).unwrap(),
    };
    let mut life = Life::new(account, SEED, Chicago);
    let people = cast(
        SEED + 1,
        80,
        WORDS.list("first_names"),
        WORDS.list("family_names"),
        WORDS.list("handle_words"),
    );
    chats(&mut life, &people);
    daily(&mut life, &people);
    series(&mut life);
    conferences(&mut life);
    likes(&mut life, &people);
    life.into_spec(2_310, 1_480)
}

/// #edtechchat on some Mondays, a guest-hosted session in March 2023, and #satchat twice.
fn chats(life: &mut Life, people: &[Person]) {
    let peers = &people[..50];
    let hosts = &people[50..60];
    let guest = d(2023, 3, 13);
    let (wd, time, tz) = schedule("edtechchat", "");
    for date in chat_dates(wd, d(2021, 1, 11), d(2024, 5, 27)) {
        let start = local_instant(tz, date.and_time(time));
        if date == guest {
            let welcome = "Welcome to #edtechchat! I am your guest host tonight: AI in schools. \
                           Introduce yourself and tell us where you lead or teach";
            host(
                life,
                "edtechchat",
                start,
                &WORDS.themes[0],
                welcome,
                peers,
                &[
                    "Great answer, thank you!",
                    "Love this, and the point about teachers trying it first.",
                    "Yes! Guidelines written with teachers last longer.",
                ],
            );
            life.post(
                start + Duration::minutes(58),
                "Thank you all for a brilliant #edtechchat tonight. The archive and my notes will be on the blog tomorrow.",
            );
            continue;
        }
        if us_holiday(date) || !life.chance(0.09) {
            continue;
        }
        join_session(life, &WORDS, "edtechchat", start, hosts, peers, (2, 4));
    }
    let (wd, time, tz) = schedule("satchat", "");
    for date in [d(2021, 10, 16), d(2022, 2, 5)] {
        let date = crate::synth::scenarios::first_weekday(date, wd);
        let start = local_instant(tz, date.and_time(time));
        let host = life.rng.pick(hosts).clone();
        take_part(
            life,
            "satchat",
            start,
            &WORDS.themes[1],
            &host,
            peers,
            &WORDS.voice,
            2,
        );
    }
}

// One function on purpose: the persona's ordinary day as one schedule, read top to
// bottom; its chances together make the character the tests look for.
/// Ordinary days: blog posts, tech resources, news, announcements, thoughts and replies.
fn daily(life: &mut Life, people: &[Person]) {
    let tools: &[(&str, &[&str])] = &[("tool", WORDS.list("tools"))];
    let mut blog_left: Vec<usize> = Vec::new();
    let mut year_of_post = 0;
    for date in days(d(2021, 1, 5), d(2024, 5, 31)) {
        let holiday = us_holiday(date);
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let p = if holiday {
            0.2
        } else if weekend {
            0.3
        } else {
            0.55
        };
        if !life.chance(p) {
            continue;
        }
        let at = if weekend || holiday {
            life.time_between(date, 8, 20)
        } else if life.chance(0.5) {
            life.time_between(date, 6, 8)
        } else {
            life.time_between(date, 17, 22)
        };
        match life.rng.below(100) {
            0..=17 => {
                // A blog post: each title once a year, as a new post goes out.
                if blog_left.is_empty() || year_of_post != date.year() {
                    blog_left = (0..WORDS.pairs("blog_posts").len()).collect();
                    year_of_post = date.year();
                }
                let k = life.rng.below(blog_left.len() as u64) as usize;
                let (title, slug) = WORDS.pairs("blog_posts")[blog_left.remove(k)];
                let intro = life.pick(WORDS.list("blog_intros"));
                let text = intro.replace("{title}", title);
                let url = format!(
                    "{}/{}/{:02}/{slug}",
                    WORDS.text("blog"),
                    date.year(),
                    date.month()
                );
                let tag = life.pick(&["edtech", "edleadership", "AI", "edtech"]);
                life.link(at, &format!("{text} #{tag}"), &url);
            }
            18..=39 => {
                let (text, url) = WORDS.pairs("tech_shares")
                    [life.rng.below(WORDS.pairs("tech_shares").len() as u64) as usize];
                let tag = life.pick(&["edtech", "digcit", "AI", "edtech", "CSforAll"]);
                life.link(at, &format!("{text} #{tag}"), url);
            }
            40..=46 => {
                let who = someone(&mut life.rng, people).clone();
                let (text, url) = WORDS.pairs("tech_shares")
                    [life.rng.below(WORDS.pairs("tech_shares").len() as u64) as usize];
                life.repost(at, &who, &format!("{text} #edtech"), Some(url));
            }
            47..=57 => {
                let (text, url) = WORDS.pairs("tech_news")
                    [life.rng.below(WORDS.pairs("tech_news").len() as u64) as usize];
                life.link(at, &format!("{text} #edtech"), url);
            }
            58..=72 => {
                let text = life.pick(WORDS.list("announcements"));
                life.post(at, &format!("{text} #PrairieRidgePride"));
            }
            73..=79 => {
                let thought = life.pick(WORDS.list("tech_thoughts"));
                let text = life.fill(thought, tools);
                let tag = life.pick(&["edtech", "edleadership", "AI"]);
                life.post(at, &format!("{text} #{tag}"));
            }
            80..=82 => {
                let text = life.pick(WORDS.list("leadership"));
                life.post(at, &format!("{text} #edleadership"));
            }
            83..=96 => {
                let who = someone(&mut life.rng, people).clone();
                let reply = life.pick(WORDS.list("replies"));
                let text = life.fill(reply, tools);
                life.reply(at, &who, &text);
            }
            _ => {
                let text = life.pick(WORDS.list("personal"));
                life.post(at, text);
                life.photo();
            }
        }
    }
}

/// #TechTipTuesday: forty numbered tips for staff, one each school-year Tuesday.
fn series(life: &mut Life) {
    let tips = [
        "pin the three tabs you open every morning in Chrome",
        "use Google Forms quizzes with answer keys for instant feedback",
        "record a two-minute screencast instead of a long email",
        "turn on live captions in Google Slides for every presentation",
        "share Google Docs as 'make a copy' links so students get their own",
        "use the Chromebook magnifier for students who need larger text",
        "schedule Classroom posts on Sunday night, not Monday at 7am",
        "try AI to draft a rubric, then rewrite it in your own words",
    ];
    let mut n = 1;
    for date in chat_dates(Weekday::Tue, d(2022, 8, 23), d(2023, 6, 6)) {
        if us_holiday(date) || n > 40 {
            continue;
        }
        let at = life.local(date, 7, 0);
        let tip = tips[(n - 1) % tips.len()];
        let text = format!("Tech Tip {n} of 40: {tip}. Try this one this week! #TechTipTuesday");
        life.post(at, &text);
        n += 1;
    }
}

/// ISTE in 2022 and 2023: notes, a talk of his own, and hellos.
fn conferences(life: &mut Life) {
    let days22 = [
        "Landed in New Orleans for #ISTELive22! Ready to learn about AI and edtech",
        "Packed session on computational thinking across subjects #ISTELive22",
        "I am presenting at #ISTELive22 tomorrow at 11am: our 1:1 Chromebook story. Come by!",
        "Thank you to everyone who came to my session at #ISTELive22. Slides are on the blog.",
        "Expo hall lesson: ask every edtech vendor about student data privacy first #ISTELive22",
    ];
    let days23 = [
        "Philadelphia, here we come! #ISTELive23",
        "Every session at #ISTELive23 is about AI, and that is fine by me",
        "I'm speaking at #ISTELive23 on Tuesday: writing AI guidelines with teachers. Join us!",
        "Great keynote on digital equity at #ISTELive23",
    ];
    for (first, notes) in [(d(2022, 6, 26), &days22[..]), (d(2023, 6, 25), &days23[..])] {
        for (i, text) in notes.iter().enumerate() {
            let date = first + Duration::days(i as i64 / 2);
            let at = life.local(date, 9 + 4 * (i as u32 % 2), 30);
            life.post(at, text);
        }
    }
}

/// Likes: edtech resources, colleagues, the odd chat post.
fn likes(life: &mut Life, people: &[Person]) {
    let tools: &[(&str, &[&str])] = &[("tool", WORDS.list("tools"))];
    let general = [
        "How our students use {tool} to give each other feedback #edtech",
        "New free course on AI for educators",
        "Great article on leading digital change in schools",
        "Our principal just taught the whole staff {tool} in ten minutes. Legend.",
        "A2: we let students lead the tech help desk #edtechchat",
    ];
    for date in days(d(2021, 1, 5), d(2024, 5, 31)) {
        if !life.chance(0.6) {
            continue;
        }
        let at = life.time_between(date, 6, 22);
        let template = life.pick(&general);
        let mut text = life.fill(template, tools);
        if life.chance(0.3) {
            let who = someone(&mut life.rng, people);
            text = format!("{text} cc @{}", who.handle);
        }
        life.like(at, &text);
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}
