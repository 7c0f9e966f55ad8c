//! `early-career`: Sam Whitlow (invented), a primary teacher in West Yorkshire, from her
//! training year (2021-22) through two years as an early-career teacher (to July 2024).
//!
//! Her character: she asks the network a lot and passes on the resources she finds; she
//! answers the questions of #UKEdChat most Thursday evenings in term, drops into the
//! afternoon #edchat after school and now and then #ASEChat; she went to one conference.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::London;

use super::{Life, Theme, Voice, cast, chat_dates, days, schedule, someone, take_part, uk_holiday};
use crate::chats::sessions::local_instant;
use crate::synth::{Account, ArchiveSpec, Person};

const SEED: u64 = 0x5A3_2024;

const MATHS: &[&str] = &[
    "column subtraction",
    "times tables",
    "fractions of amounts",
    "short division",
    "area and perimeter",
    "Roman numerals",
    "decimals",
    "the 7 times table",
    "rounding to the nearest 10",
    "equivalent fractions",
];
const SCIENCE: &[&str] = &[
    "states of matter",
    "electricity",
    "the digestive system",
    "sound",
    "living things and their habitats",
    "the water cycle",
];
const READING: &[&str] = &[
    "whole-class reading",
    "guided reading",
    "reading for pleasure",
    "reading fluency",
    "vocabulary teaching",
    "phonics for older readers",
];
const ROUTINES: &[&str] = &[
    "lining up",
    "the transition after lunch",
    "handing out books",
    "tidy-up time",
    "the first ten minutes of the day",
    "moving to the carpet",
];
const FOUNDATION: &[&str] = &[
    "the Romans",
    "the Anglo-Saxons",
    "rivers",
    "the Ancient Egyptians",
    "volcanoes",
    "the Stone Age",
];

const ASKS: &[&str] = &[
    "Anyone got a go-to starter for {maths} in Year 4?",
    "How do you teach {maths} so it actually sticks?",
    "What are your favourite picture books for teaching {foundation}?",
    "Can anyone recommend a class novel for Year 4 this term?",
    "ECTs: how are you fitting planning around marking?",
    "How do you keep {routine} calm with 30 eight-year-olds?",
    "Has anyone tried mini whiteboards in every maths lesson? Worth it?",
    "Does anyone have a knowledge organiser for {science} they would share?",
    "Looking for a {science} investigation that needs hardly any kit. Any suggestions?",
    "What do you put on your working wall for {maths}?",
    "How long are your guided reading sessions, and what do the other groups do?",
    "Any tips for my first parents' evening?",
    "How do you give feedback in maths without marking every book every night?",
    "What is the best way to set up a reading corner with no budget?",
    "Who else is teaching {foundation} this half term? Any trip ideas?",
    "Is anyone using retrieval quizzes in foundation subjects? How often?",
    "Mentors: what should I ask for in my ECT review meeting?",
    "How do you handle a pupil who shouts out all the time without stopping the lesson?",
    "Best free resources for {reading} in KS2?",
    "What does a really good {maths} lesson look like in your school?",
    "Does anyone know a short video on {science} for Year 4?",
    "Do you still send spellings home every week, or have you stopped?",
    "How do you plan for the pupil in your class who is working well below?",
    "Does anyone have a times tables routine that really works?",
    "What are your go-to brain breaks when the class has gone flat?",
    "How do you teach {reading} when half the class are still decoding?",
    "Any advice for teaching {foundation} so it is more than colouring in?",
    "What do you do in the last week of term that is still learning?",
];

const HASHTAGS: &[&str] = &["edutwitter", "primaryrocks", "ECT", "teacher5aday"];

/// (site, paths) pairs: real public education sites, invented paths.
const RESOURCES: &[(&str, &[&str])] = &[
    (
        "https://www.ncetm.org.uk/",
        &[
            "classroom-resources/primary-mastery",
            "features/fluency-ideas",
            "resources/ks2-spine",
        ],
    ),
    (
        "https://www.edutopia.org/article/",
        &[
            "retrieval-practice-primary",
            "calm-classroom-routines",
            "mini-whiteboards",
            "brain-breaks",
        ],
    ),
    (
        "https://www.youtube.com/watch?v=",
        &["q7Lx0sTm4e2", "Hd2kP9vYw1s", "m3RtB8cZq0a", "Yp5wN2kLx8d"],
    ),
    (
        "https://docs.google.com/",
        &[
            "presentation/d/1fK3aYx9Lm2Q",
            "document/d/1Ab7cHq2RtZ0",
            "spreadsheets/d/1Pq8zL0mXw3",
        ],
    ),
    (
        "https://literacytrust.org.uk/resources/",
        &[
            "reading-for-pleasure-ks2",
            "vocabulary-in-the-classroom",
            "book-talk",
        ],
    ),
    (
        "https://educationendowmentfoundation.org.uk/education-evidence/guidance-reports/",
        &["literacy-ks2", "metacognition", "maths-ks-2-3", "send"],
    ),
    (
        "https://padlet.com/",
        &["y4booklist/reads", "ectnetwork/ideas"],
    ),
    (
        "https://www.cultofpedagogy.com/",
        &[
            "retrieval-practice",
            "classroom-routines",
            "formative-assessment-ideas",
        ],
    ),
];

const SHARES: &[&str] = &[
    "Brilliant free resources for {maths} here, saved me hours this week",
    "This guide to {reading} is so useful for anyone new to KS2",
    "Great list of retrieval practice ideas that work in primary",
    "Really clear explainer on {science} for Year 4",
    "Made a {maths} fluency deck for Y4, free to copy if it is useful",
    "Worth a read before planning a new unit",
    "Lovely list of book recommendations for Year 4, thanks to whoever started it",
    "Handy behaviour strategies for the first weeks with a new class",
    "Great post on getting more out of mini whiteboards",
    "Useful free planning template for science investigations",
    "Helpful read on {reading} for teachers who never trained in it",
    "Fantastic free unit on {foundation}, with the knowledge organiser included",
    "Check out these tips for {routine}, they made such a difference in my room",
];

const RETWEETS: &[&str] = &[
    "Free {maths} worksheets for KS2, help yourselves",
    "New: a short guide to {reading} in the primary classroom",
    "Our {science} unit is free to download, with all the slides",
    "Ten routines that buy you back ten minutes a day",
    "Free CPD webinar for ECTs next week on behaviour",
];

const REFLECTIONS: &[&str] = &[
    "Six weeks into mini whiteboards in every maths lesson and I think it is the best change I have made this year.",
    "Today the lesson I over-planned went worst and the one I nearly scrapped went best. Teaching is strange.",
    "The most useful thing my mentor said this term: teach less, check more.",
    "I used to think behaviour was about the loud moments. Now I think it is about the routines nobody notices.",
    "Starting to believe that reading aloud to the class every day matters more than any scheme.",
    "Observed a colleague's {maths} lesson today. The pace of the questioning was the thing I need to learn.",
    "My class finally cracked {maths} today. The trick was more examples, fewer words from me.",
    "Struck by how much calmer my classroom is since we sorted out {routine}.",
    "Second year teaching and I think my planning finally starts from what they need to remember, not what they do.",
    "Feedback only works when pupils act on it. Trying to leave ten minutes for that every lesson.",
];

const SOCIALS: &[&str] = &[
    "Happy Friday everyone, we made it!",
    "Huge thanks to everyone who answered my question about {maths} yesterday, so many great ideas.",
    "Congratulations to all the trainees who got their QTS this week!",
    "Welcome to all the new ECTs starting this week, you have got this.",
    "Thank you to my mentor for an hour of patience today.",
    "Good luck to everyone with their first observations this week!",
    "Happy half term everyone, thank you for another busy half term!",
];

const PERSONAL: &[&str] = &[
    "Long walk in the Dales this morning, legs are done.",
    "Sunday roast and an early night. Bliss.",
    "Rain again. My dog refuses to go out.",
    "Half term plan: sleep, walks, and not looking at a laminator.",
    "Finally finished the book I started at Easter.",
    "Parkrun PB this morning!",
    "Family birthday weekend, back to the planning on Sunday night.",
];

const INFORMS: &[&str] = &[
    "Reminder: registration for the ECT network meeting closes Friday.",
    "The new reading framework has been published today.",
    "Local ECT TeachMeet is on Wednesday at 4pm, registration is open.",
];

const REPLIES: &[&str] = &[
    "This is brilliant, could you share the lesson slides?",
    "Thank you so much, trying this with my class tomorrow!",
    "Yes! We tried this last week and the lesson flew.",
    "How did you introduce the routine to your pupils?",
    "Agree. I think the feedback matters more than the marking.",
    "Thanks, that is really helpful.",
    "Do you do this every lesson or just for starters?",
    "Ooh, where did you find those lesson resources?",
    "I had the same problem with {routine} in my classroom. Counting down quietly helped.",
    "We use a knowledge organiser for {foundation} and the pupils love the quizzes.",
    "Really interesting, thank you for sharing.",
    "Well done! What a week.",
    "Same in my class. I think they need more practice before the reasoning questions.",
    "Could you say more about how you group them for {reading}?",
    "That is so kind, thank you!",
    "Which reading scheme do you use with your lower readers?",
    "Do you have a link to that maths game? My class would love it.",
    "How do you fit that into the timetable alongside phonics and maths?",
    "Would you mind sharing the knowledge organiser for {foundation}?",
];

/// Chat subjects on UK chats, in a new teacher's voice.
const THEMES: &[Theme] = &[
    Theme {
        topic: "feedback that pupils act on",
        questions: [
            "What does useful feedback look like in your classroom?",
            "How do you make time for pupils to act on feedback?",
            "Verbal or written feedback: what works best for you?",
            "How do you know feedback has made a difference?",
            "One change to feedback you will make this week?",
        ],
        answers: &[
            "live marking during the lesson, so they can fix it straight away",
            "I leave ten minutes at the start of the next lesson for fixes, still working on it",
            "whole-class feedback sheets have saved my evenings and the pupils read them",
            "verbal mostly, but I write one target in their books each week",
            "if they can do it in the next lesson without help, it worked",
            "I am trying a visualiser to show good examples from their books",
        ],
    },
    Theme {
        topic: "behaviour and routines",
        questions: [
            "Which routine makes the biggest difference to your classroom?",
            "How do you teach routines at the start of the year?",
            "What do you do when a routine starts slipping?",
            "How do you keep calm when behaviour is tough?",
            "What would you tell a new teacher about behaviour?",
        ],
        answers: &[
            "lining up in register order, it sounds small but it sets the tone",
            "practising the routine like a lesson, then practising it again",
            "I re-teach it the next morning, without fuss",
            "a calm voice and a script I have practised, so I do not have to think",
            "be boringly consistent, it is the thing my mentor says most",
            "praise the pupils who are doing it right, then wait",
        ],
    },
    Theme {
        topic: "reading for pleasure",
        questions: [
            "How do you build a reading culture in your class?",
            "Which book has hooked your class this year?",
            "How do you get reluctant readers reading?",
            "How do you involve families in reading?",
            "What is in your reading corner?",
        ],
        answers: &[
            "reading aloud every day, no questions, just the story",
            "Varjak Paw had my Year 4s begging for one more chapter",
            "letting them choose, even if it is the same comic every week",
            "a book swap shelf by the door at home time",
            "book recommendations from the pupils themselves, on little cards",
            "we share what we are reading at the start of the day, me too",
        ],
    },
    Theme {
        topic: "retrieval practice",
        questions: [
            "How do you use retrieval practice in your lessons?",
            "How often do you revisit old content?",
            "Low-stakes quizzes: what works for you?",
            "How do you use retrieval in foundation subjects?",
            "What is the biggest mistake with retrieval practice?",
        ],
        answers: &[
            "five quick questions at the start of every maths lesson, from last week and last term",
            "I try to revisit each unit after a week, a month and a term",
            "mini whiteboards for the quiz so I can see every answer at once",
            "quizzes on the knowledge organiser in history and science",
            "making it feel like a test. Mine are never marked in books",
            "I think it is only retrieval if they have to think, not copy",
        ],
    },
    Theme {
        topic: "workload and wellbeing",
        questions: [
            "What is one thing that has cut your workload this year?",
            "How do you switch off at the weekend?",
            "What does your school do well for staff wellbeing?",
            "How do you say no to extra jobs?",
            "What would you tell a new teacher about workload?",
        ],
        answers: &[
            "whole-class feedback instead of marking every book, my evenings are back",
            "no school email on my phone, it helped more than anything",
            "our head protects PPA time, and it makes such a difference",
            "as an ECT I am still learning to say no, honestly",
            "plan together with the year group partner and share everything",
            "one evening a week with no school work at all, no matter what",
        ],
    },
    Theme {
        topic: "questioning",
        questions: [
            "How do you make sure every pupil answers, not just the keen ones?",
            "What is your favourite questioning technique?",
            "How do you plan your questions?",
            "How long do you wait after a question?",
            "How do you use questions to check understanding?",
        ],
        answers: &[
            "cold calling with lolly sticks, and no hands up most of the time",
            "think, pair, share before anyone answers out loud",
            "I script the three key questions in my planning",
            "counting to five in my head, it feels forever but it works",
            "hinge questions on mini whiteboards before moving on",
            "asking 'how do you know?' after every answer",
        ],
    },
    Theme {
        topic: "supporting pupils with SEND",
        questions: [
            "How do you adapt lessons for pupils with SEND?",
            "What support has made the most difference in your class?",
            "How do you work with your SENCo?",
            "How do you include every pupil in whole-class teaching?",
            "What do you wish you had learnt in training about SEND?",
        ],
        answers: &[
            "visual timetables and now-and-next boards help the whole class, not just one pupil",
            "pre-teaching the vocabulary the day before",
            "a quick weekly chat with our SENCo, even five minutes helps",
            "chunking the task and giving a checklist on the table",
            "more about sensory needs, I am learning on the job",
            "fewer worksheets, more modelling and talk",
        ],
    },
];

const VOICE: Voice = Voice {
    hello: &[
        "Hi all, Sam here, Y4 teacher in Yorkshire. Looking forward to tonight's #{tag} on {topic}",
        "Hello everyone! Joining #{tag} for the first time in a few weeks",
        "Hi #{tag}! Year 4 teacher, cup of tea ready, here to learn",
        "Hello from a tired ECT, ready for #{tag}",
    ],
    thanks: &[
        "Thanks all for a great #{tag} tonight, so many ideas to steal",
        "Thank you #{tag}, my to-do list for tomorrow just grew!",
        "That flew by. Thanks everyone, see you next week #{tag}",
        "Thank you for having me #{tag}, lovely to learn from you all",
    ],
    later: &[
        "Still thinking about last night's #{tag} on {topic}. Trying two of the ideas today.",
        "Tried an idea from last night's #{tag} this morning and it worked!",
        "Catching up on the #{tag} thread from last night, so many good answers on {topic}.",
    ],
    follow_up: &[
        "...and the biggest thing for me is checking pupils have understood before moving on",
        "(still learning this one as an ECT, teaching is hard!)",
        "Also: keep the feedback short. Ten minutes, not thirty.",
        "Would love to hear how others do this in KS2.",
    ],
    to_peer: &[
        "Love this idea, stealing it for Monday!",
        "Yes! Do you do this every lesson?",
        "Same here, it really helps my class.",
        "Ooh, how do you organise that?",
        "Such a good point about the pupils doing the thinking.",
    ],
};

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
        &[
            "Amira", "Ben", "Chloe", "Dan", "Ella", "Farah", "Gemma", "Harry", "Isla", "Jack",
            "Kiran", "Laura", "Megan", "Nadia", "Owen", "Pip", "Rhys", "Sophie", "Tom", "Zara",
        ],
        &[
            "Ashdown",
            "Brackley",
            "Carrow",
            "Dunmore",
            "Elsworth",
            "Fenwick",
            "Garside",
            "Hollin",
            "Inchley",
            "Jessop",
            "Kettlewell",
            "Lindley",
            "Marsden",
            "Northey",
            "Ormerod",
            "Pickles",
            "Quarmby",
            "Ridsdale",
            "Sowerby",
            "Thwaite",
        ],
        &[
            "maths", "ks2", "y4", "teach", "reads", "primary", "sci", "sen",
        ],
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
        ("maths", MATHS),
        ("science", SCIENCE),
        ("reading", READING),
        ("routine", ROUTINES),
        ("foundation", FOUNDATION),
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
        let theme = &THEMES[life.rng.below(THEMES.len() as u64) as usize];
        let host = life.rng.pick(hosts).clone();
        let answers = life.between(2, 5) as usize;
        take_part(
            life, "ukedchat", start, theme, &host, peers, &VOICE, answers,
        );
    }
    // The afternoon #edchat (noon in New York is five in the afternoon in Yorkshire).
    let (wd, time, tz) = schedule("edchat", "afternoon");
    for date in chat_dates(wd, d(2022, 9, 12), d(2024, 7, 12)) {
        if uk_holiday(date) || !life.chance(0.16) {
            continue;
        }
        let start = local_instant(tz, date.and_time(time));
        let theme = &THEMES[life.rng.below(THEMES.len() as u64) as usize];
        let host = life.rng.pick(hosts).clone();
        let answers = life.between(1, 3) as usize;
        take_part(life, "edchat", start, theme, &host, peers, &VOICE, answers);
    }
    let (wd, time, tz) = schedule("ASEChat", "");
    let science = Theme {
        topic: "practical work in primary science",
        questions: THEMES[0].questions,
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
        take_part(life, "ASEChat", start, &science, &host, peers, &VOICE, 2);
    }
}

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
                format!(" #{}", life.pick(HASHTAGS))
            } else {
                String::new()
            };
            match roll {
                0..=27 => {
                    let template = life.pick(ASKS);
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
                    let template = life.pick(SHARES);
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
                    let template = life.pick(RETWEETS);
                    let text = life.fill(template, &slots);
                    let url = resource(life);
                    life.repost(at, &who, &format!("{text}{tag}"), Some(&url));
                }
                58..=76 => {
                    let who = someone(&mut life.rng, close).clone();
                    let template = life.pick(REPLIES);
                    let text = life.fill(template, &slots);
                    life.reply(at, &who, &text);
                }
                77..=83 => {
                    let template = life.pick(REFLECTIONS);
                    let text = life.fill(template, &slots);
                    life.post(at, &format!("{text}{tag}"));
                }
                84..=89 => {
                    let template = life.pick(SOCIALS);
                    let text = life.fill(template, &slots);
                    life.post(at, &text);
                }
                90..=96 => {
                    let text = life.pick(PERSONAL);
                    life.post(at, text);
                    if life.chance(0.4) {
                        life.photo();
                    }
                }
                _ => {
                    let text = life.pick(INFORMS);
                    life.post(at, text);
                }
            }
        }
    }
}

fn resource(life: &mut Life) -> String {
    let (site, paths) = RESOURCES[life.rng.below(RESOURCES.len() as u64) as usize];
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
