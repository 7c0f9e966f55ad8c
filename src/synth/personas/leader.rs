//! `leader`: Jordan Beckwith (invented), principal of an invented middle school in
//! Illinois, from January 2021 to May 2024.
//!
//! His character: he posts mostly about technology: the school's Chromebooks, AI, digital
//! citizenship, tools for staff. He promotes his own blog (named in his profile) and his
//! conference talks, broadcasts school and district news, runs a weekly numbered
//! #TechTipTuesday series, joins #edtechchat and once hosts it, and goes to ISTE.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::America::Chicago;

use super::{
    Life, Theme, Voice, cast, chat_dates, days, host, schedule, someone, take_part, us_holiday,
};
use crate::chats::sessions::local_instant;
use crate::synth::{Account, ArchiveSpec, Person};

const SEED: u64 = 0x1EAD_2021;

/// The blog named in his profile (a reserved `.example` domain: invented).
const BLOG: &str = "https://beckwithleads.example.org";

const TOOLS: &[&str] = &[
    "Google Classroom",
    "Chromebooks",
    "our new LMS",
    "AI chatbots",
    "Canva",
    "Flip",
    "Kahoot",
    "Desmos",
    "screencasting",
    "digital portfolios",
    "Google Forms",
    "coding clubs",
];

const BLOG_POSTS: &[(&str, &str)] = &[
    (
        "What our first year of 1:1 Chromebooks taught us",
        "one-to-one-year-one",
    ),
    (
        "Five questions to ask before buying any edtech",
        "five-edtech-questions",
    ),
    (
        "AI in middle school: the guidelines we wrote with our teachers",
        "ai-guidelines",
    ),
    (
        "Digital citizenship is a leadership job",
        "digital-citizenship-leadership",
    ),
    (
        "Why we stopped counting screen time and started asking what it is for",
        "screen-time-purpose",
    ),
    (
        "Tech PD that teachers actually want",
        "tech-pd-teachers-want",
    ),
    ("Our phone policy, one year on", "phone-policy-year-one"),
    ("Leading a school through an LMS switch", "lms-switch"),
    (
        "ChatGPT and homework: a principal's notes",
        "chatgpt-homework",
    ),
    (
        "Cybersecurity basics every school leader should know",
        "cybersecurity-basics",
    ),
    ("Building a student tech team", "student-tech-team"),
    ("What ISTE taught me about AI this year", "iste-ai-notes"),
];

const BLOG_INTROS: &[&str] = &[
    "New on the blog: {title}",
    "My latest post: {title}",
    "I wrote about this week's staff PD: {title}",
    "New blog post, with the slides: {title}",
    "From the blog: {title}. Would love your pushback.",
];

const TECH_SHARES: &[(&str, &str)] = &[
    (
        "Free digital citizenship lessons for middle school, worth a look",
        "https://www.commonsense.org/education/digital-citizenship",
    ),
    (
        "Helpful guide to AI tools for teachers",
        "https://www.edutopia.org/article/ai-tools-teachers",
    ),
    (
        "Great free coding lessons for grades 6-8",
        "https://code.org/educate/csd",
    ),
    (
        "Useful video on getting started with Google Classroom",
        "https://www.youtube.com/watch?v=Gc4lTq8Zr2p",
    ),
    (
        "Handy checklist for choosing edtech apps that protect student data",
        "https://studentprivacycompass.org/resources/",
    ),
    (
        "Free online PD on computational thinking",
        "https://www.iste.org/learn/computational-thinking",
    ),
    (
        "Our shared doc of AI classroom guidelines, feel free to copy",
        "https://docs.google.com/document/d/1AiGuideLines2023",
    ),
    (
        "Research on laptops and learning worth reading before the next device purchase",
        "https://www.tandfonline.com/doi/full/10.1080/15391523.2020.1747757",
    ),
];

const TECH_NEWS: &[(&str, &str)] = &[
    (
        "District announces new AI guidance for schools",
        "https://www.edweek.org/technology/ai-guidance-districts",
    ),
    (
        "New report finds most districts now run 1:1 device programs",
        "https://www.edsurge.com/news/one-to-one-devices-report",
    ),
    (
        "State releases new computer science standards",
        "https://www.chalkbeat.org/computer-science-standards",
    ),
];

const ANNOUNCEMENTS: &[&str] = &[
    "Reminder: family tech night is Thursday at 6pm in the library. Bring your questions about Chromebooks and online safety.",
    "Chromebook collection for 8th graders starts Monday. Chargers too, please!",
    "Our new LMS goes live for all students on Monday. Login help is on the school website.",
    "Schools closed tomorrow due to weather. Remote learning schedule is posted online.",
    "Registration for our summer coding camp is now open.",
    "Reminder: staff tech PD this Wednesday at 3:15 in the media center.",
    "Update: the Wi-Fi outage is fixed. Thank you for your patience, everyone.",
];

const TECH_THOUGHTS: &[&str] = &[
    "The question is never which app. It is what we want students to learn, and whether {tool} helps.",
    "Walked classrooms today. Best use of {tool}: students explaining their thinking, not clicking.",
    "Every new tool costs teachers time. Leaders should count that cost before the licence fee.",
    "AI will not replace teachers, but teachers who understand AI will help students more than those who do not.",
    "Our students know the apps. What they need from us is judgment about using them well.",
    "I think digital citizenship belongs in every class, not one assembly a year.",
    "Watching our 7th graders teach staff how to use {tool} was the best PD we had all year.",
    "Tech is a tool for learning, not a goal. Still worth saying in 2023.",
];

const LEADERSHIP: &[&str] = &[
    "Proud of our staff this week. Parent conferences, a fire drill and a snow day, all with a smile.",
    "Leadership is mostly listening. Spent the morning in classrooms and learned more than in any meeting.",
    "Our school improvement plan is done. Three goals, not twelve.",
];

const REPLIES: &[&str] = &[
    "Thanks for sharing, we are piloting {tool} next fall and this helps.",
    "Great question. We started with a small group of teachers and let them lead the Chromebook rollout.",
    "Agree. The tech is the easy part; the change in practice is the hard part.",
    "Love this! Would your students show ours how they use {tool}?",
    "Congratulations, well deserved!",
    "Happy to share our AI guidelines, I will send them over.",
    "We tried {tool} last year. Worth it for feedback, less so for everything else.",
    "Thank you for a great session today!",
];

const PERSONAL: &[&str] = &[
    "Saturday soccer with the kids, then pancakes.",
    "Finally a weekend with no emails. Lake, books, family.",
    "Cubs game with my dad tonight!",
];

const THEMES: &[Theme] = &[
    Theme {
        topic: "AI in schools",
        questions: [
            "How are students in your school using AI tools right now?",
            "What guidelines has your school set for AI?",
            "How are you helping teachers learn about AI?",
            "What worries you most about AI in classrooms?",
            "What is one way AI has saved you time?",
        ],
        answers: &[
            "we wrote AI guidelines with teachers and students, and revisit them each semester",
            "our staff PD starts with teachers trying the AI tools themselves",
            "AI drafts, students revise and explain. The thinking stays with them",
            "data privacy. We only approve tools that pass our student data review",
            "AI helps me draft newsletters, which gives me back time for classrooms",
            "the digital divide: not every family has the same access at home",
        ],
    },
    Theme {
        topic: "1:1 devices",
        questions: [
            "What has changed since your school went 1:1?",
            "How do you support teachers with devices in class?",
            "How do you handle broken or forgotten Chromebooks?",
            "What is the right amount of screen time at school?",
            "What would you tell a school about to go 1:1?",
        ],
        answers: &[
            "teachers use the Chromebooks for feedback and drafting, not worksheets on a screen",
            "instructional coaches in classrooms, not a one-off tech training day",
            "a student tech team runs a help desk at lunch and fixes most problems",
            "screen time matters less than what the students do with the device",
            "start with what you want students to learn, then pick the devices and apps",
            "a loaner cart in every hallway solved the forgotten charger problem",
        ],
    },
    Theme {
        topic: "digital citizenship",
        questions: [
            "How does your school teach digital citizenship?",
            "Who is responsible for digital citizenship?",
            "How do you involve families?",
            "How do you respond to online conflict between students?",
            "What is one digital citizenship lesson every student needs?",
        ],
        answers: &[
            "short lessons in advisory every month, with real cases from social media",
            "everyone. Digital citizenship cannot be one teacher's job",
            "family tech nights, with students teaching parents about privacy settings",
            "restorative conversations, the same as any other conflict",
            "how to check whether something online is true before sharing it",
            "modeling it ourselves, as leaders, on our own social media",
        ],
    },
];

const VOICE: Voice = Voice {
    hello: &[
        "Hi #{tag}! Jordan, middle school principal in Illinois. Tonight: {topic}",
        "Evening all, checking in from Illinois for #{tag}",
    ],
    thanks: &[
        "Thanks #{tag}, great learning tonight on {topic}",
        "Thank you all. Taking three ideas to our staff meeting #{tag}",
    ],
    later: &[
        "Still thinking about last night's #{tag} on {topic}. Shared the best ideas with our tech team.",
    ],
    follow_up: &[
        "The key for us was letting teachers lead the tech rollout.",
        "And students should be part of that conversation too.",
    ],
    to_peer: &[
        "Love this. How did your teachers respond?",
        "Agree! We saw the same thing with our Chromebook rollout.",
        "Great point about data privacy.",
    ],
};

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
        website: Some(format!("{BLOG}/")),
        created_at: Utc.with_ymd_and_hms(2021, 1, 4, 6, 45, 0).unwrap(),
    };
    let mut life = Life::new(account, SEED, Chicago);
    let people = cast(
        SEED + 1,
        80,
        &[
            "Adam", "Bianca", "Carlos", "Dana", "Eli", "Fatima", "Greg", "Heather", "Ivan",
            "Jenna", "Kyle", "Lena", "Marcus", "Nicole", "Omar", "Paula", "Ryan", "Tara",
        ],
        &[
            "Ashby",
            "Brightwater",
            "Coldwell",
            "Durand",
            "Ellery",
            "Faircloth",
            "Grantham",
            "Holloway",
            "Ingram",
            "Jessup",
            "Kingsley",
            "Lowell",
            "Mayhew",
            "Norwood",
            "Overby",
            "Prescott",
            "Redfield",
            "Sutter",
        ],
        &[
            "edtech",
            "prin",
            "techcoach",
            "cs",
            "ai",
            "lead",
            "ap",
            "cio",
        ],
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
                &THEMES[0],
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
        let theme = &THEMES[life.rng.below(THEMES.len() as u64) as usize];
        let host = life.rng.pick(hosts).clone();
        let n = life.between(2, 4) as usize;
        take_part(life, "edtechchat", start, theme, &host, peers, &VOICE, n);
    }
    let (wd, time, tz) = schedule("satchat", "");
    for date in [d(2021, 10, 16), d(2022, 2, 5)] {
        let date = crate::synth::scenarios::first_weekday(date, wd);
        let start = local_instant(tz, date.and_time(time));
        let host = life.rng.pick(hosts).clone();
        take_part(life, "satchat", start, &THEMES[1], &host, peers, &VOICE, 2);
    }
}

/// Ordinary days: blog posts, tech resources, news, announcements, thoughts and replies.
fn daily(life: &mut Life, people: &[Person]) {
    let tools: &[(&str, &[&str])] = &[("tool", TOOLS)];
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
                    blog_left = (0..BLOG_POSTS.len()).collect();
                    year_of_post = date.year();
                }
                let k = life.rng.below(blog_left.len() as u64) as usize;
                let (title, slug) = BLOG_POSTS[blog_left.remove(k)];
                let intro = life.pick(BLOG_INTROS);
                let text = intro.replace("{title}", title);
                let url = format!("{BLOG}/{}/{:02}/{slug}", date.year(), date.month());
                let tag = life.pick(&["edtech", "edleadership", "AI", "edtech"]);
                life.link(at, &format!("{text} #{tag}"), &url);
            }
            18..=39 => {
                let (text, url) = TECH_SHARES[life.rng.below(TECH_SHARES.len() as u64) as usize];
                let tag = life.pick(&["edtech", "digcit", "AI", "edtech", "CSforAll"]);
                life.link(at, &format!("{text} #{tag}"), url);
            }
            40..=46 => {
                let who = someone(&mut life.rng, people).clone();
                let (text, url) = TECH_SHARES[life.rng.below(TECH_SHARES.len() as u64) as usize];
                life.repost(at, &who, &format!("{text} #edtech"), Some(url));
            }
            47..=57 => {
                let (text, url) = TECH_NEWS[life.rng.below(TECH_NEWS.len() as u64) as usize];
                life.link(at, &format!("{text} #edtech"), url);
            }
            58..=72 => {
                let text = life.pick(ANNOUNCEMENTS);
                life.post(at, &format!("{text} #PrairieRidgePride"));
            }
            73..=79 => {
                let thought = life.pick(TECH_THOUGHTS);
                let text = life.fill(thought, tools);
                let tag = life.pick(&["edtech", "edleadership", "AI"]);
                life.post(at, &format!("{text} #{tag}"));
            }
            80..=82 => {
                let text = life.pick(LEADERSHIP);
                life.post(at, &format!("{text} #edleadership"));
            }
            83..=96 => {
                let who = someone(&mut life.rng, people).clone();
                let reply = life.pick(REPLIES);
                let text = life.fill(reply, tools);
                life.reply(at, &who, &text);
            }
            _ => {
                let text = life.pick(PERSONAL);
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
    let tools: &[(&str, &[&str])] = &[("tool", TOOLS)];
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
