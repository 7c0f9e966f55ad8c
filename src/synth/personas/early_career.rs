//! `early-career`: Sam Whitlow (invented), a primary teacher in West Yorkshire, from her
//! training year (2021-22) through two years as an early-career teacher (to July 2024).
//!
//! Her character: she asks the network a lot and passes on the resources she finds; she
//! answers the questions of #UKEdChat most Thursday evenings in term, drops into the
//! afternoon #edchat after school and now and then #ASEChat; she went to one conference.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::London;

use super::words::{self, Words};
use super::{
    Life, Theme, cast, chat_dates, days, join_session, schedule, someone, take_part, uk_holiday,
};
use crate::chats::sessions::local_instant;
use crate::synth::{Account, ArchiveSpec, Person};

const SEED: u64 = 0x5A3_2024;

/// The persona's word lists (data/personas/early-career.toml).
static WORDS: LazyLock<&Words> = LazyLock::new(|| words::of("early-career"));

/// Sam's archive: about three years, some 1,000 posts and many more likes.
pub fn early_career() -> ArchiveSpec {
    let account = Account {
        id: "1403921765220012033".into(),
        handle: "MissWhitlowY4".into(),
        display_name: "Sam Whitlow".into(),
        bio: "Year 4 teacher in West Yorkshire, ECT2. Learning out loud: maths, reading, \
              science. Invented demo persona for PLN Lens, not a real person."
            .into(),
        website: None,
        created_at: Utc.with_ymd_and_hms(2021, 6, 14, 19, 12, 0).unwrap(),
    };
    let mut life = Life::new(account, SEED, London);
    let people = cast(
        SEED + 1,
        70,
        WORDS.list("first_names"),
        WORDS.list("family_names"),
        WORDS.list("handle_words"),
    );
    let hosts = &people[40..52];

    chats(&mut life, &people, hosts);
    daily(&mut life, &people);
    conference(&mut life);
    likes(&mut life, &people);
    life.into_spec(612, 1_105)
}

fn slots() -> [(&'static str, &'static [&'static str]); 5] {
    [
        ("maths", WORDS.list("maths")),
        ("science", WORDS.list("science")),
        ("reading", WORDS.list("reading")),
        ("routine", WORDS.list("routines")),
        ("foundation", WORDS.list("foundation")),
    ]
}

/// #UKEdChat most term-time Thursdays (from the spring of her training year), the
/// afternoon #edchat now and then after school, and #ASEChat three times.
fn chats(life: &mut Life, people: &[Person], hosts: &[Person]) {
    let peers = &people[..30];
    let (wd, time, tz) = schedule("ukedchat", "");
    for date in chat_dates(wd, d(2022, 1, 10), d(2024, 7, 12)) {
        let keen = if date < d(2022, 7, 1) {
            0.3
        } else if date < d(2023, 7, 22) {
            0.6
        } else {
            0.35
        };
        if uk_holiday(date) || !life.chance(keen) {
            continue;
        }
        let start = local_instant(tz, date.and_time(time));
        join_session(life, &WORDS, "ukedchat", start, hosts, peers, (2, 5));
    }
    // The afternoon #edchat (noon in New York is five in the afternoon in Yorkshire).
    let (wd, time, tz) = schedule("edchat", "afternoon");
    for date in chat_dates(wd, d(2022, 9, 12), d(2024, 7, 12)) {
        if uk_holiday(date) || !life.chance(0.16) {
            continue;
        }
        let start = local_instant(tz, date.and_time(time));
        join_session(life, &WORDS, "edchat", start, hosts, peers, (1, 3));
    }
    let (wd, time, tz) = schedule("ASEChat", "");
    let science = Theme {
        topic: "practical work in primary science",
        questions: WORDS.themes[0].questions,
        answers: &[
            "a fair test on the playground with ice cubes, they still talk about it",
            "I keep a box of cheap kit so practicals are not a big event",
            "asking them to predict first and explain after, every time",
            "working scientifically posters on the wall that we refer to",
        ],
    };
    for date in [d(2023, 1, 16), d(2023, 3, 6), d(2023, 11, 13)] {
        let date = super::super::scenarios::first_weekday(date, wd);
        let start = local_instant(tz, date.and_time(time));
        let host = life.rng.pick(hosts).clone();
        take_part(
            life,
            "ASEChat",
            start,
            &science,
            &host,
            peers,
            &WORDS.voice,
            2,
        );
    }
}

// One function on purpose: the persona's ordinary day as one schedule, read top to
// bottom; its chances together make the character the tests look for.
/// Ordinary days: questions, resources, replies, reflections, thanks and life.
fn daily(life: &mut Life, people: &[Person]) {
    let slots = slots();
    let close = &people[..25];
    for date in days(d(2021, 9, 6), d(2024, 7, 19)) {
        let holiday = uk_holiday(date);
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let p = match (holiday, weekend) {
            (true, _) => 0.2,
            (false, true) => 0.35,
            (false, false) => 0.6,
        };
        if !life.chance(p) {
            continue;
        }
        let n = life.between(1, 2);
        for _ in 0..n {
            let at = if weekend || holiday {
                life.time_between(date, 9, 21)
            } else if life.chance(0.2) {
                life.time_between(date, 6, 8)
            } else {
                life.time_between(date, 16, 22)
            };
            let roll = life.rng.below(100);
            let tag = if life.chance(0.4) {
                format!(" #{}", life.pick(WORDS.list("hashtags")))
            } else {
                String::new()
            };
            match roll {
                0..=27 => {
                    let template = life.pick(WORDS.list("asks"));
                    let text = life.fill(template, &slots);
                    let ask = life.post(at, &format!("{text}{tag}"));
                    if life.chance(0.25) {
                        // Coming back to thank the people who answered.
                        let later = at + Duration::hours(life.between(2, 20) as i64);
                        let thanks = life.pick(&[
                            "Thank you all for the ideas, going to try the first two tomorrow.",
                            "So many helpful replies, thank you!",
                            "Thanks everyone, this is why I love this network.",
                        ]);
                        life.thread(later, ask, thanks);
                    }
                }
                28..=47 => {
                    let template = life.pick(WORDS.list("shares"));
                    let text = life.fill(template, &slots);
                    let url = resource(life);
                    if life.chance(0.3) {
                        let who = someone(&mut life.rng, people).clone();
                        life.link(at, &format!("{text} via @{}{tag}", who.handle), &url);
                        if let Some(p) = life.s.posts.last_mut() {
                            p.mentions.push(who);
                        }
                    } else {
                        life.link(at, &format!("{text}{tag}"), &url);
                    }
                }
                48..=57 => {
                    let who = someone(&mut life.rng, people).clone();
                    let template = life.pick(WORDS.list("retweets"));
                    let text = life.fill(template, &slots);
                    let url = resource(life);
                    life.repost(at, &who, &format!("{text}{tag}"), Some(&url));
                }
                58..=76 => {
                    let who = someone(&mut life.rng, close).clone();
                    let template = life.pick(WORDS.list("replies"));
                    let text = life.fill(template, &slots);
                    life.reply(at, &who, &text);
                }
                77..=83 => {
                    let template = life.pick(WORDS.list("reflections"));
                    let text = life.fill(template, &slots);
                    life.post(at, &format!("{text}{tag}"));
                }
                84..=89 => {
                    let template = life.pick(WORDS.list("socials"));
                    let text = life.fill(template, &slots);
                    life.post(at, &text);
                }
                90..=96 => {
                    let text = life.pick(WORDS.list("personal"));
                    life.post(at, text);
                    if life.chance(0.4) {
                        life.photo();
                    }
                }
                _ => {
                    let text = life.pick(WORDS.list("informs"));
                    life.post(at, text);
                }
            }
        }
    }
}

fn resource(life: &mut Life) -> String {
    let (site, paths) = WORDS.sites[life.rng.below(WORDS.sites.len() as u64) as usize];
    format!("{site}{}", life.pick(paths))
}

/// researchED's national conference, September 2023: a day of notes.
fn conference(life: &mut Life) {
    let day = d(2023, 9, 9);
    let notes = [
        "Excited and nervous for my first #researchED2023!",
        "Brilliant session on cognitive load and worked examples at #researchED2023, notes to follow",
        "Retrieval practice session at #researchED2023: little and often beats big reviews",
        "Reading fluency talk at #researchED2023 was exactly what I needed for Year 4",
        "Heading home from #researchED2023 with a notebook full of ideas. Thank you to every speaker.",
    ];
    for (i, text) in notes.iter().enumerate() {
        let at = life.local(day, 8 + 2 * i as u32, 15);
        life.post(at, text);
    }
}

/// What she liked: chat posts from the sessions she read, resources and colleagues' posts.
fn likes(life: &mut Life, people: &[Person]) {
    let slots = slots();
    let chat_likes = [
        "A1: exit tickets every lesson, three questions max #ukedchat",
        "A2: we read aloud for fifteen minutes at the end of every day #ukedchat",
        "A3: cold calling changed everything for my Year 5s #ukedchat",
        "A4: PPA at home once a half term has been a lifesaver #ukedchat",
        "A1: whole-class feedback and a fix-it lesson on Fridays #ukedchat",
        "Welcome everyone to tonight's #ukedchat!",
        "A2: start with the routine, not the rules #edchat",
        "A3: students need to know why before they care how #edchat",
        "A1: a box of cheap kit means practicals happen every week #ASEChat",
    ];
    let general = [
        "Free {maths} resources for KS2, all editable https://t.co/abc",
        "My class's favourite book about {foundation} this year #edutwitter",
        "Lovely lesson on {science} today, they asked such good questions",
        "A thread on {routine} that every new teacher should read",
        "Remember: you do not have to do everything this week. #teacher5aday",
        "So proud of my Year 4s in their {maths} assessment today",
    ];
    for date in days(d(2021, 9, 6), d(2024, 7, 19)) {
        let n = life.between(0, 3);
        for _ in 0..n {
            let at = life.time_between(date, 7, 22);
            if life.chance(0.3) {
                let text = life.pick(&chat_likes);
                life.like(at, text);
            } else {
                let template = life.pick(&general);
                let mut text = life.fill(template, &slots);
                if life.chance(0.3) {
                    let who = someone(&mut life.rng, people);
                    text = format!("{text} h/t @{}", who.handle);
                }
                life.like(at, &text);
            }
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}
