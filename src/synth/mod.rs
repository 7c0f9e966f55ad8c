//! Synthetic exports: archives in the real X layout, built from a spec, for tests,
//! benchmarks and the demo personas.
//!
//! In: an [`ArchiveSpec`] (an account, its posts, likes, follows, direct-message counts,
//! a layout, how many part files, how many bytes of media). Out: a zip written by
//! [`x_archive::write`] in exactly the layout X produces, so it is read by the same code
//! path as a real archive. [`bulk_posts`] fills a spec with any number of plausible
//! educator posts; tests that need a known truth list their posts explicitly.
//!
//! Native only: the page reads archives, it never writes them.
//!
//! Why this lives in the library and not in the CLI: three users need it, the CLI
//! (`pln-lens generate`, which also writes the demo archives `make dist` ships), the
//! integration tests and the benchmarks, and tests and benchmarks can reach only the
//! library (a binary's modules are not importable). It is never compiled into the Wasm
//! (`cfg(not(target_arch = "wasm32"))` in `lib.rs`), so the page pays nothing for it. What
//! made it large, the personas' word lists, is data (`data/personas/`), not code.

pub mod legacy_archive;
pub mod personas;
pub mod scenarios;
pub mod sparse;
pub mod x_archive;

use chrono::{DateTime, Duration, TimeZone, Utc};

/// A deterministic pseudo-random sequence (SplitMix64), so a seed always builds the same
/// archive on every machine and every version (library generators promise neither).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A sequence from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// The owner of a synthetic archive.
#[derive(Debug, Clone)]
pub struct Account {
    /// Numeric account id, as a string (X's style).
    pub id: String,
    /// Handle without `@`.
    pub handle: String,
    /// Display name.
    pub display_name: String,
    /// Profile bio.
    pub bio: String,
    /// The website named in the profile (full URL).
    pub website: Option<String>,
    /// When the account was made.
    pub created_at: DateTime<Utc>,
}

/// Another account a post refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Handle without `@`.
    pub handle: String,
    /// Numeric id as a string.
    pub id: String,
    /// Display name.
    pub name: String,
}

impl Person {
    /// A person with an id derived from the handle (stable across runs).
    pub fn new(handle: &str, name: &str) -> Self {
        let id = handle.bytes().fold(1_469_598_103_934_665_603u64, |h, b| {
            (h ^ b as u64).wrapping_mul(1_099_511_628_211)
        }) % 9_000_000_000
            + 1_000_000_000;
        Person {
            handle: handle.to_string(),
            id: id.to_string(),
            name: name.to_string(),
        }
    }
}

/// What a post answers, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTarget {
    /// The status replied to.
    pub status_id: u64,
    /// Its author.
    pub user: Person,
    /// Whether the archive names the author's handle (`in_reply_to_screen_name`); some
    /// real replies lack it.
    pub with_screen_name: bool,
}

/// One post of the archive's owner.
#[derive(Debug, Clone)]
pub struct SynthPost {
    /// Status id.
    pub id: u64,
    /// When it was posted (UTC).
    pub created_at: DateTime<Utc>,
    /// The full text. Retweets start `RT @handle: `; mentions appear as `@handle`;
    /// hashtags as `#tag`; links are given in `urls` and appended as t.co links.
    pub text: String,
    /// The post replied to.
    pub reply_to: Option<ReplyTarget>,
    /// The accounts mentioned (each must appear in `text` as `@handle`).
    pub mentions: Vec<Person>,
    /// Expanded URLs linked from the post.
    pub urls: Vec<String>,
    /// Attached photos.
    pub media: u32,
    /// Language code.
    pub lang: String,
}

/// A liked post (X keeps only its id, text and URL).
#[derive(Debug, Clone)]
pub struct SynthLike {
    /// The liked status.
    pub tweet_id: u64,
    /// Its text.
    pub text: String,
}

/// Which generation of the X layout to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// 2019-2022: `data/tweet.js` (`window.YTD.tweet.part0`), `{"tweet": {...}}` elements.
    X2021,
    /// Some early archives: `data/tweet.js` with bare tweet objects (no wrapper).
    X2019Bare,
    /// 2023 onward: `data/tweets.js`, `edit_info`, `note-tweet.js` for long posts.
    X2024,
}

/// Everything a synthetic archive holds.
#[derive(Debug, Clone)]
pub struct ArchiveSpec {
    /// The owner.
    pub account: Account,
    /// The owner's posts, in any order.
    pub posts: Vec<SynthPost>,
    /// Liked posts.
    pub likes: Vec<SynthLike>,
    /// Follower account ids.
    pub followers: Vec<String>,
    /// Followed account ids.
    pub following: Vec<String>,
    /// Direct-message conversations: counterpart id and message count (texts are never
    /// needed: the report only counts them).
    pub dm_conversations: Vec<(String, u32)>,
    /// The layout generation.
    pub layout: Layout,
    /// How many `tweets-partN.js` files to split posts over (1 = a single file).
    pub parts: u32,
    /// Bytes of stored media to add in all (spread over the posts that have media).
    pub media_bytes: u64,
    /// Whether to write `data/manifest.js`.
    pub manifest: bool,
    /// Put everything under this top folder, as a macOS re-zip does.
    pub top_folder: Option<String>,
}

impl ArchiveSpec {
    /// An empty archive for `account` in the 2024 layout.
    pub fn new(account: Account) -> Self {
        ArchiveSpec {
            account,
            posts: Vec::new(),
            likes: Vec::new(),
            followers: Vec::new(),
            following: Vec::new(),
            dm_conversations: Vec::new(),
            layout: Layout::X2024,
            parts: 1,
            media_bytes: 0,
            manifest: true,
            top_folder: None,
        }
    }
}

/// A plausible teacher account for generated archives.
pub fn teacher_account() -> Account {
    Account {
        id: "1000000001".into(),
        handle: "ms_rivera_teaches".into(),
        display_name: "Ana Rivera".into(),
        bio: "Year 7 science teacher. Retrieval practice, ed tech, coffee. Blog: https://riveraclass.example.org".into(),
        website: Some("https://riveraclass.example.org".into()),
        created_at: Utc.with_ymd_and_hms(2012, 3, 4, 9, 0, 0).unwrap(),
    }
}

/// The colleagues bulk posts mention and reply to (a fixed network).
pub fn colleagues() -> Vec<Person> {
    [
        ("jo_science", "Jo Park"),
        ("mr_khan_maths", "Imran Khan"),
        ("edtech_sam", "Sam Ortiz"),
        ("dr_lee_research", "Dr Mei Lee"),
        ("head_of_y7", "Chris Doyle"),
        ("literacy_lou", "Louise Grant"),
        ("sen_support_tom", "Tom Becker"),
        ("newteacher_amy", "Amy Walsh"),
        ("pe_with_raj", "Raj Patel"),
        ("history_hannah", "Hannah Cole"),
    ]
    .iter()
    .map(|(h, n)| Person::new(h, n))
    .collect()
}

const OPENERS: &[&str] = &[
    "Great list of formative assessment strategies",
    "Trying exit tickets with a twist in Y7 tomorrow",
    "Anyone using Desmos with Year 8? Tips welcome",
    "My new post on retrieval practice is up",
    "Thanks all for a great chat tonight!",
    "Snow day! Sledging with the kids",
    "Registration for TeachMeet North closes Friday",
    "I think feedback only works when students act on it",
    "How do you give feedback at scale?",
    "Loved this thread on behaviour and routines",
    "Free resource for teaching photosynthesis",
    "Reading the new paper on cognitive load",
];

const TAGS: &[&str] = &[
    "edchat",
    "ukedchat",
    "scichat",
    "edtech",
    "mathschat",
    "teachertwitter",
];

const LINKS: &[&str] = &[
    "https://www.edutopia.org/article/formative-assessment",
    "https://riveraclass.example.org/2020/retrieval",
    "https://www.youtube.com/watch?v=abc123",
    "https://docs.google.com/document/d/1xyz",
    "https://educationendowmentfoundation.org.uk/guidance",
    "https://www.bbc.co.uk/news/education-1",
];

/// Generates `n` plausible posts from `seed`, one every few hours from `start`: a mix of
/// originals with hashtags and links, replies to and mentions of [`colleagues`],
/// retweets, and a few photos. Ids increase with time, as on X.
pub fn bulk_posts(n: usize, seed: u64, start: DateTime<Utc>) -> Vec<SynthPost> {
    let mut rng = Rng::new(seed);
    let people = colleagues();
    let mut at = start;
    let mut posts = Vec::with_capacity(n);
    // About five hours between posts, so 15,000 posts cover some nine years; bigger
    // archives post more often rather than run on for a century (a 200,000-post account
    // posts every 25 minutes or so), as the heaviest real accounts do.
    let pace = (15_000.0 / n.max(1) as f64).min(1.0);
    for i in 0..n {
        let minutes = 30 + rng.below(600) as i64;
        at += Duration::seconds(((minutes * 60) as f64 * pace).max(60.0) as i64);
        let id = 1_000_000_000_000_000_000 + i as u64 * 1000 + rng.below(999);
        let roll = rng.below(100);
        let mut mentions = Vec::new();
        let mut reply_to = None;
        let mut urls = Vec::new();
        let mut text = String::new();
        let opener = rng.pick(OPENERS);
        if roll < 15 {
            // A retweet of a colleague.
            let who = rng.pick(&people).clone();
            text = format!("RT @{}: {opener} #{}", who.handle, rng.pick(TAGS));
            mentions.push(who);
        } else if roll < 45 {
            // A reply to a colleague.
            let who = rng.pick(&people).clone();
            text = format!("@{} {opener}", who.handle);
            reply_to = Some(ReplyTarget {
                status_id: id - 500,
                user: who.clone(),
                with_screen_name: true,
            });
            mentions.push(who);
        } else {
            text.push_str(opener);
            if rng.chance(0.3) {
                let who = rng.pick(&people).clone();
                text.push_str(&format!(" h/t @{}", who.handle));
                mentions.push(who);
            }
            if rng.chance(0.6) {
                text.push_str(&format!(" #{}", rng.pick(TAGS)));
            }
            if rng.chance(0.5) {
                urls.push(rng.pick(LINKS).to_string());
            }
        }
        posts.push(SynthPost {
            id,
            created_at: at,
            text,
            reply_to,
            mentions,
            urls,
            media: u32::from(rng.chance(0.08)),
            lang: "en".into(),
        });
    }
    posts
}
