//! `experienced`: Rosa Kettridge (invented), a high-school history teacher of twenty years
//! in Ohio, from August 2018 to June 2022.
//!
//! Her character: most of what she posts answers someone. She argues, agrees, disagrees
//! and asks back, with a wide circle of teachers, researchers and the odd principal, on
//! many hashtags; she takes part in #sschat and the evening #edchat, quotes and passes on
//! what she thinks deserves reading, and went to NCSS in 2019.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::America::New_York;

use super::{Life, Theme, Voice, cast, chat_dates, days, schedule, someone, take_part, us_holiday};
use crate::chats::sessions::local_instant;
use crate::synth::{Account, ArchiveSpec, Person};

const SEED: u64 = 0xE4_2018;

/// Claims she makes and answers with.
const CLAIMS: &[&str] = &[
    "students remember the history they argue about, not the notes they copy",
    "grades measure compliance as much as learning",
    "the textbook is a resource, not the curriculum",
    "primary sources only work in a history lesson when students have the context to read them",
    "teaching controversial issues is part of the job, not a risk to avoid",
    "retakes are where most of the student learning happens",
    "the research on homework in high school is more mixed than people admit",
    "discussion has to be taught like any other skill",
    "local history is the best way into national history",
    "standards-based grading fails when it is only a new gradebook",
    "testing has narrowed social studies more than any other policy",
    "new teachers need fewer initiatives and more time with a mentor",
    "civics is learned by doing, not by memorizing amendments",
    "we underestimate what ninth graders can read in history class",
    "the best PD I ever had was watching a colleague teach",
    "students need to see themselves in the history we teach",
    "phone bans in the classroom treat the symptom, not the cause",
    "feedback without a chance to revise is just a grade",
    "a good essay question does more for student learning than a week of worksheets",
    "equity work means looking hard at who fails our classes",
    "the lecture is not dead in the classroom, it is just overused",
    "zeros for late work punish kids twice and distort the grade",
    "a curriculum that skips the hard parts of history is not neutral",
    "teacher voice in policy is the exception when it should be the rule",
];

const REPLY_OPENERS: &[&str] = &[
    "I agree, and I think {claim}.",
    "Respectfully, I disagree. In my experience {claim}.",
    "Exactly. Twenty years in and I still think {claim}.",
    "Yes, and the research backs this up: {claim}.",
    "I see the point, but I would push back a little: {claim}.",
    "This is the heart of it for me: {claim}.",
    "Not sure I agree. My students have shown me that {claim}.",
    "Agreed. Our department learned the hard way that {claim}.",
    "That matches what I see in my classroom: {claim}.",
    "The problem is that {claim}, and nobody wants to say it.",
    "I think we are closer than it sounds. My view: {claim}.",
    "Important thread. I would only add that {claim}.",
];

const REPLY_QUESTIONS: &[&str] = &[
    "What did your students make of it?",
    "How do you grade the discussion itself?",
    "Which sources did you use with the juniors?",
    "Would you share the rubric?",
    "How did your admin respond?",
    "Does it hold up with ninth graders?",
];

const REPLY_SOCIAL: &[&str] = &[
    "Congratulations, so well deserved!",
    "Thank you, this made my day.",
    "Ha! Yes. Every single October.",
    "Welcome to the profession, you will be great.",
    "Good luck tomorrow, you have got this.",
];

const ORIGINALS: &[&str] = &[
    "Hot take after twenty years: {claim}.",
    "Still thinking about today's discussion with my juniors. I think {claim}.",
    "Unpopular opinion in my building: {claim}.",
    "Every August I relearn the same lesson: {claim}.",
    "Spent the morning rereading my old unit plans. What changed most: I now believe {claim}.",
    "A colleague asked why I spend a week on one document. Because {claim}.",
    "The longer I teach, the more I think {claim}.",
];

const ASKS: &[&str] = &[
    "History teachers: what is the best primary source you have used with ninth graders?",
    "How are you teaching the election this fall without losing half the class?",
    "Has anyone moved a whole department to standards-based grading? What would you do differently?",
    "What are you reading this summer for your teaching?",
    "Who has a good structured academic controversy on Reconstruction they would share?",
    "How do you assess a Socratic seminar fairly?",
];

const SHARES: &[(&str, &str)] = &[
    (
        "This collection of primary sources on the Dust Bowl is superb, and free",
        "https://www.loc.gov/classroom-materials/dust-bowl-migrant-experience/",
    ),
    (
        "Great read on structured academic controversy",
        "https://www.edutopia.org/article/structured-academic-controversy",
    ),
    (
        "Worth every minute: a historian on teaching hard histories",
        "https://www.youtube.com/watch?v=Kt4sVq9hB2w",
    ),
    (
        "Useful guide to reading documents like a historian",
        "https://sheg.stanford.edu/history-lessons",
    ),
    (
        "Free lesson plans on the Constitution, with the documents",
        "https://www.archives.gov/education/lessons",
    ),
    (
        "A study worth reading on grading practices and equity",
        "https://journals.sagepub.com/doi/10.3102/0034654316672069",
    ),
    (
        "Smart piece on why discussion needs structure",
        "https://www.cultofpedagogy.com/speaking-listening-techniques/",
    ),
    (
        "Good list of sources for teaching civil rights beyond the usual three names",
        "https://www.zinnedproject.org/materials/",
    ),
];

const NEWS: &[(&str, &str)] = &[
    (
        "State board delays the new social studies standards again",
        "https://www.edweek.org/teaching-learning/social-studies-standards",
    ),
    (
        "New report finds civics time falling in middle schools",
        "https://www.npr.org/sections/education/civics-time",
    ),
];

const PERSONAL: &[&str] = &[
    "Cleveland in the rain, but the coffee is good.",
    "Marathon training, week 6. Legs are unhappy.",
    "Family dinner, no grading, no phones. Perfect Sunday.",
    "Finally watching the game everyone told me about.",
    "Road trip to the lake this weekend.",
];

const HASHTAGS: &[&str] = &[
    "sschat",
    "edchat",
    "historyteacher",
    "edequity",
    "ttog",
    "civics",
    "edpolicy",
    "teaching",
    "sblchat",
];

/// History and social studies chat subjects, in an experienced teacher's voice.
const THEMES: &[Theme] = &[
    Theme {
        topic: "teaching controversial issues",
        questions: [
            "How do you prepare students to discuss controversial issues?",
            "What norms do you set for hard conversations?",
            "How do you handle a comment that crosses a line?",
            "How do you communicate with families about controversial topics?",
            "What resources help you teach current events?",
        ],
        answers: &[
            "norms first, co-written with the class, and revisited before every discussion",
            "I teach them to argue with evidence from the sources, not from cable news",
            "I stop, name it calmly, and come back to the evidence. Then I talk with the student after class",
            "a letter home at the start of the unit with the questions we will ask",
            "structured academic controversy, where they have to argue the other side first",
            "my job is to teach them how to think about it, not what to think",
        ],
    },
    Theme {
        topic: "primary sources",
        questions: [
            "What is your favorite primary source to teach with?",
            "How do you help students read difficult documents?",
            "How do you build context before a source?",
            "How do you assess historical thinking?",
            "Where do you find good sources?",
        ],
        answers: &[
            "the letters of ordinary soldiers, students never forget them",
            "chunk it, gloss the vocabulary, and read the first paragraph aloud together",
            "a two-minute story first: who wrote it, when, and why it survived",
            "short document-based questions every unit, graded on sourcing and argument",
            "the Library of Congress and our county historical society",
            "I think sourcing is the skill, the content follows",
        ],
    },
    Theme {
        topic: "grading and assessment",
        questions: [
            "What does a grade mean in your classroom?",
            "Do you allow retakes? Why?",
            "How do you grade participation?",
            "What is one assessment practice you have dropped?",
            "How do you give feedback on writing at scale?",
        ],
        answers: &[
            "it should mean what a student knows and can do, not how compliant they were",
            "yes, always, because the retake is where the learning happens",
            "I stopped grading it and started teaching it",
            "zeros for late work. They told me nothing about learning",
            "comment on one skill per essay, and conference with five students a day",
            "standards-based grading, but only after a year of talking with students about it",
        ],
    },
    Theme {
        topic: "civic engagement",
        questions: [
            "How do your students practice civic skills?",
            "How do you teach elections in a divided community?",
            "What action civics projects have worked for you?",
            "How do you connect local and national issues?",
            "What do you wish every graduate knew about government?",
        ],
        answers: &[
            "students research a local issue and present to the city council, every spring",
            "we study the process and the arguments, never the candidates I prefer",
            "a voter registration drive run by seniors for seniors",
            "local history first: the school board is government too",
            "how to read a ballot and where their representatives' offices are",
            "deliberation is a skill and school is the place to practice it",
        ],
    },
    Theme {
        topic: "equity in our classrooms",
        questions: [
            "What does equity look like in your classroom?",
            "Whose stories are missing from your curriculum?",
            "How do you look at who is failing your class?",
            "What policy in your school most needs to change?",
            "What is one step you will take this month?",
        ],
        answers: &[
            "looking at my gradebook by student group every quarter, and acting on it",
            "local Black and Indigenous history, which our textbook barely mentions",
            "homework policies that assume every kid has a quiet place to work",
            "tracking into honors in ninth grade. It decides too much too early",
            "listening to students about what they need, then changing one thing",
            "representation matters, and so does rigor for every student",
        ],
    },
];

const VOICE: Voice = Voice {
    hello: &[
        "Evening #{tag}, Rosa from Ohio, high school history. Tonight: {topic}",
        "Hi all, glad to be back at #{tag} tonight",
        "Hello friends! Grading can wait, it is #{tag} time",
    ],
    thanks: &[
        "Thank you #{tag}, always the best hour of my week",
        "Great chat tonight, thanks to our moderator #{tag}",
        "Thanks all. Lots to think about on {topic} #{tag}",
    ],
    later: &[
        "Still turning over last night's #{tag} on {topic}. I think we agree on more than it seemed.",
        "One more thought after #{tag}: the hard part of {topic} is time, not ideas.",
    ],
    follow_up: &[
        "And my students notice when the curriculum skips the hard parts.",
        "That took me ten years of teaching to learn, for what it is worth.",
        "Happy to share the lesson materials if anyone wants them.",
    ],
    to_peer: &[
        "Yes, and this is why norms matter so much.",
        "Respectfully, I think it depends on the grade level.",
        "Agree completely. We did the same in our department.",
        "Great point. How do your students respond?",
        "This is so important, thank you for saying it.",
    ],
};

/// Rosa's archive: four years, close to 2,000 posts, most of them replies.
pub fn experienced() -> ArchiveSpec {
    let account = Account {
        id: "94816637201".into(),
        handle: "RosaTeachesHist".into(),
        display_name: "Rosa Kettridge".into(),
        bio: "High school history and civics, 20 years and counting. Sources, arguments, \
              equity. Invented demo persona for PLN Lens, not a real person."
            .into(),
        website: None,
        created_at: Utc.with_ymd_and_hms(2011, 2, 7, 21, 4, 0).unwrap(),
    };
    let mut life = Life::new(account, SEED, New_York);
    let people = cast(
        SEED + 1,
        140,
        &[
            "Alicia", "Brandon", "Carmen", "Darnell", "Erin", "Felipe", "Grace", "Hector", "Imani",
            "Jamal", "Keisha", "Luis", "Maya", "Nathan", "Olivia", "Priya", "Quinn", "Rachel",
            "Sean", "Tanya", "Victor", "Wendy", "Xavier", "Yolanda",
        ],
        &[
            "Abernathy",
            "Birchfield",
            "Calloway",
            "Delacroix",
            "Eastwick",
            "Fairbanks",
            "Galloway",
            "Hargrove",
            "Ivers",
            "Jankowski",
            "Kessler",
            "Lockhart",
            "Merriweather",
            "Nakashima",
            "Okafor",
            "Pendleton",
            "Quintero",
            "Rutledge",
            "Stanhope",
            "Treadwell",
            "Underhill",
            "Vasquez",
            "Whitcombe",
            "Yarborough",
        ],
        &[
            "hist", "civics", "sschat", "teach", "ela", "prin", "edu", "apush",
        ],
    );
    let hosts = &people[100..112];
    chats(&mut life, &people, hosts);
    daily(&mut life, &people);
    conference(&mut life, &people);
    likes(&mut life, &people);
    life.into_spec(4_870, 1_932)
}

/// #sschat on many Mondays and the evening #edchat on some Tuesdays, in term time.
fn chats(life: &mut Life, people: &[Person], hosts: &[Person]) {
    let peers = &people[..90];
    for (tag, session, keen, answers) in [("sschat", "", 0.45, 4), ("edchat", "evening", 0.22, 3)] {
        let (wd, time, tz) = schedule(tag, session);
        for date in chat_dates(wd, d(2018, 8, 27), d(2022, 6, 10)) {
            if us_holiday(date) || !life.chance(keen) {
                continue;
            }
            let start = local_instant(tz, date.and_time(time));
            let theme = &THEMES[life.rng.below(THEMES.len() as u64) as usize];
            let host = life.rng.pick(hosts).clone();
            let n = life.between(2, answers) as usize;
            take_part(life, tag, start, theme, &host, peers, &VOICE, n);
        }
    }
}

/// Ordinary days: mostly replies, with opinions, quotes, shares and the odd question.
fn daily(life: &mut Life, people: &[Person]) {
    let claims: &[(&str, &[&str])] = &[("claim", CLAIMS)];
    for date in days(d(2018, 8, 1), d(2022, 6, 30)) {
        let holiday = us_holiday(date);
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let p = if holiday {
            0.35
        } else if weekend {
            0.5
        } else {
            0.7
        };
        if !life.chance(p) {
            continue;
        }
        let n = life.between(1, 3);
        for _ in 0..n {
            let at = if weekend || holiday {
                life.time_between(date, 8, 22)
            } else if life.chance(0.25) {
                life.time_between(date, 6, 7)
            } else {
                life.time_between(date, 15, 23)
            };
            let tag = if life.chance(0.35) {
                format!(" #{}", life.pick(HASHTAGS))
            } else {
                String::new()
            };
            match life.rng.below(100) {
                0..=41 => {
                    let who = someone(&mut life.rng, people).clone();
                    let opener = life.pick(REPLY_OPENERS);
                    let mut text = life.fill(opener, claims);
                    if life.chance(0.2) {
                        text.push(' ');
                        text.push_str(life.pick(REPLY_QUESTIONS));
                    }
                    let id = life.reply(at, &who, &format!("{text}{tag}"));
                    if life.chance(0.12) {
                        // Running over the limit: the argument goes on in a thread.
                        let more = life.fill("And one more thing: {claim}.", claims);
                        life.thread(at + Duration::minutes(2), id, &more);
                    }
                }
                42..=49 => {
                    let who = someone(&mut life.rng, people).clone();
                    if life.chance(0.3) {
                        // Answering a question with a source.
                        let (_, url) = SHARES[life.rng.below(SHARES.len() as u64) as usize];
                        let text = life.pick(&[
                            "Here is the one I use with my juniors.",
                            "This collection is where I would start.",
                            "We built our unit around these documents.",
                        ]);
                        life.reply_link(at, &who, text, url);
                    } else {
                        let text = if life.chance(0.5) {
                            life.pick(REPLY_QUESTIONS).to_string()
                        } else {
                            life.pick(REPLY_SOCIAL).to_string()
                        };
                        life.reply(at, &who, &text);
                    }
                }
                50..=57 => {
                    let who = someone(&mut life.rng, people).clone();
                    let comment = life.fill("This. I think {claim}.", claims);
                    life.quote(at, &who, &format!("{comment}{tag}"));
                }
                58..=67 => {
                    let opener = life.pick(ORIGINALS);
                    let text = life.fill(opener, claims);
                    life.post(at, &format!("{text}{tag}"));
                }
                68..=77 => {
                    let (text, url) = SHARES[life.rng.below(SHARES.len() as u64) as usize];
                    life.link(at, &format!("{text}{tag}"), url);
                }
                78..=84 => {
                    let who = someone(&mut life.rng, people).clone();
                    let text = life.fill("{claim}, and the evidence keeps piling up", claims);
                    let (_, url) = SHARES[life.rng.below(SHARES.len() as u64) as usize];
                    let mut text = text;
                    if let Some(first) = text.get(..1) {
                        text = format!("{}{}", first.to_uppercase(), &text[1..]);
                    }
                    life.repost(at, &who, &format!("{text}{tag}"), Some(url));
                }
                85..=88 => {
                    let text = life.pick(ASKS);
                    life.post(at, &format!("{text}{tag}"));
                }
                89..=91 => {
                    let (text, url) = NEWS[life.rng.below(NEWS.len() as u64) as usize];
                    life.link(at, text, url);
                }
                92..=95 => {
                    let who = someone(&mut life.rng, people).clone();
                    let text = format!(
                        "So proud of @{}, who taught me half of what I know about teaching history. Follow them!",
                        who.handle
                    );
                    life.post(at, &text);
                    if let Some(p) = life.s.posts.last_mut() {
                        p.mentions.push(who);
                    }
                }
                _ => {
                    let text = life.pick(PERSONAL);
                    life.post(at, text);
                }
            }
        }
    }
}

/// NCSS in Austin, November 2019: three days of notes and a few hellos.
fn conference(life: &mut Life, people: &[Person]) {
    let notes = [
        "Landed in Austin for #NCSS2019! Who else is here?",
        "Packed room for the session on teaching hard histories #NCSS2019",
        "Inquiry design model workshop this morning, so many ideas for my juniors #NCSS2019",
        "Finally met so many of my PLN in person at #NCSS2019",
        "Best session yet: civic online reasoning with real student work #NCSS2019",
        "Last day at #NCSS2019. Tired, grateful, and full of plans.",
        "Flying home from #NCSS2019 with a notebook full of sources.",
    ];
    let first = d(2019, 11, 22);
    for (i, text) in notes.iter().enumerate() {
        let date = first + Duration::days(i as i64 / 3);
        let at = life.local(date, 9 + 3 * (i as u32 % 3), 20);
        life.post(at, text);
    }
    let who = people[3].clone();
    let at = life.local(first, 18, 5);
    life.reply(at, &who, "So good to finally meet you at #NCSS2019!");
}

/// Likes: many of the people she talks with, some chat posts.
fn likes(life: &mut Life, people: &[Person]) {
    let claims: &[(&str, &[&str])] = &[("claim", CLAIMS)];
    for date in days(d(2018, 8, 1), d(2022, 6, 30)) {
        for _ in 0..life.between(0, 3) {
            let at = life.time_between(date, 6, 23);
            let text = if life.chance(0.15) {
                let theme = &THEMES[life.rng.below(THEMES.len() as u64) as usize];
                let n = life.between(1, 5);
                let tag = life.pick(&["sschat", "edchat", "sschat"]);
                format!("A{n}: {} #{tag}", life.pick(theme.answers))
            } else {
                let who = someone(&mut life.rng, people);
                let who = who.handle.clone();
                let t = life.fill("So true: {claim}.", claims);
                if life.chance(0.3) {
                    format!("{t} cc @{who}")
                } else {
                    t
                }
            };
            life.like(at, &text);
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}
