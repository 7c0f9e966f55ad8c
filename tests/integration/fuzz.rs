//! The fuzz targets on stable (issue #11): every synthetic crasher committed in
//! `fuzz/regressions/<target>/` is replayed, then each target runs a short, deterministic
//! mutation smoke run from seeds built at test time (synthetic ones, and the real fixtures
//! read in place from `../shared`, never copied here). The long runs are libFuzzer's, on
//! nightly: `make fuzz`.
//!
//! A panic or an input slower than [`SLOW_INPUT`] fails the test and leaves the input in
//! `target/fuzz-found/<target>/` to replay and, once reduced to something synthetic,
//! commit as a regression input.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../../fuzz/targets.rs"]
mod targets;

/// How long each target's smoke run lasts (`PLN_FUZZ_SMOKE_SECONDS` to change it).
const SMOKE_SECONDS: u64 = 4;
/// One input taking longer than this is a hang, as far as the smoke run is concerned (wall
/// time, on a machine whose cores are shared: far above what any input should take).
const SLOW_INPUT: Duration = Duration::from_secs(30);
/// Inputs are kept below this size, so a smoke run tries many.
const MAX_INPUT: usize = 256 * 1024;

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the parsers: mutations favour them.
const INTERESTING: &[u8] = b"{}[]\",:\\\n\r\t 0-+=@\x00\xff\xfePK\x03\x04";

/// One to four mutations of `input`, libFuzzer style.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>, other: &[u8]) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => {
                let i = rng.below(len + 1);
                let b = INTERESTING[rng.below(INTERESTING.len())];
                let most = if rng.below(16) == 0 { 4096 } else { 4 };
                let n = 1 + rng.below(most);
                input.splice(i..i, std::iter::repeat_n(b, n));
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below((len - i).min(256)) + 1;
                input.drain(i..i + n);
            }
            4 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below((len - i).min(512)) + 1;
                let copy = input[i..i + n].to_vec();
                let at = rng.below(len + 1);
                input.splice(at..at, copy);
            }
            5 if len > 0 => input.truncate(rng.below(len)),
            6 if !other.is_empty() => {
                let i = rng.below(other.len());
                let n = rng.below((other.len() - i).min(1024)) + 1;
                let at = rng.below(len + 1);
                input.splice(at..at, other[i..i + n].iter().copied());
            }
            _ => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next() as u8);
            }
        }
    }
    input.truncate(MAX_INPUT);
}

/// The real fixtures' folder, if there (in CI it must be: see `support::fixtures`).
fn fixtures() -> Option<PathBuf> {
    crate::support::fixtures()
}

/// Reads `path` under the fixtures, cut to `max` bytes.
fn fixture_file(dir: &Path, path: &str, max: usize) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(dir.join(path)).ok()?;
    bytes.truncate(max);
    Some(bytes)
}

/// A zip (deflated, as exports are) of every file in a fixture folder.
fn fixture_zip(dir: &Path) -> Vec<u8> {
    let out = crate::support::scratch("fuzz-seed-zip").join("seed.zip");
    crate::support::zip_folder(dir, None, &out);
    std::fs::read(out).expect("the zip just written")
}

const TWEET: &str = r##"  {
    "tweet" : {
      "id_str" : "1500000000000000001",
      "created_at" : "Mon Mar 04 10:00:00 +0000 2024",
      "full_text" : "RT @a: #edchat is on https://t.co/x",
      "entities" : { "hashtags" : [ { "text" : "edchat" } ], "user_mentions" : [ { "screen_name" : "a", "id_str" : "5" } ], "urls" : [ { "expanded_url" : "https://doi.org/1" } ] }
    }
  }"##;

/// The seeds of `target`: synthetic ones always, the fixtures' when they are there.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let tweets = format!("window.YTD.tweets.part0 = [\n{TWEET},\n{TWEET}\n]").into_bytes();
    let grailbird = br##"Grailbird.data.tweets_2013_05 = [ {
  "source" : "web", "entities" : { "user_mentions" : [ ], "media" : [ ], "hashtags" : [ { "text" : "edchat", "indices" : [ 0, 7 ] } ], "urls" : [ ] },
  "id_str" : "336000000000000001", "text" : "#edchat hello", "id" : 336000000000000001, "created_at" : "2013-05-19 10:00:00 +0000",
  "user" : { "name" : "Me", "screen_name" : "me", "id_str" : "7" }
}, {
  "id_str" : "336000000000000002", "text" : "second", "created_at" : "2013-05-20 10:00:00 +0000"
} ]"##
        .to_vec();
    let csv = b"\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\",\"timestamp\",\"source\",\"text\",\"retweeted_status_id\",\"retweeted_status_user_id\",\"retweeted_status_timestamp\",\"expanded_urls\"\n\"1\",\"\",\"\",\"2012-05-01 10:00:00 +0000\",\"web\",\"#edchat hi \"\"q\"\"\",\"\",\"\",\"\",\"http://a.org\"\n".to_vec();
    let manifest = br#"window.__THAR_CONFIG = { "userInfo" : { "accountId" : "7", "userName" : "me" }, "archiveInfo" : { "generationDate" : "2024-11-16T10:00:00.000Z" }, "dataTypes" : { "tweets" : { "files" : [ { "fileName" : "data/tweets.js", "count" : "1" } ] } } }"#;
    let account = br#"window.YTD.account.part0 = [ { "account" : { "accountId" : "7", "username" : "me", "accountDisplayName" : "Me" } } ]"#;
    let small = [&manifest[..], b"\0", &account[..]].concat();
    let mut out = match target {
        "zip" => vec![targets::stored_zip(&[("data/tweets.js", &tweets)]), {
            let mut spec = pln_lens::synth::ArchiveSpec::new(pln_lens::synth::teacher_account());
            spec.posts = pln_lens::synth::bulk_posts(
                20,
                1,
                chrono::DateTime::from_timestamp(1_420_070_400, 0).unwrap(),
            );
            crate::support::zip_bytes(&spec)
        }],
        "x_tweets_js" | "elements" => vec![tweets, grailbird],
        "x_small_files" => vec![small],
        "grailbird_js" => vec![grailbird],
        "legacy_csv" => vec![csv],
        "mastodon_outbox" => vec![br##"{"@context":"https://www.w3.org/ns/activitystreams","type":"OrderedCollection","totalItems":2,"orderedItems":[],"orderedItems":[{"type":"Create","published":"2024-03-04T10:00:00Z","to":["https://www.w3.org/ns/activitystreams#Public"],"object":{"type":"Note","id":"https://social.example/users/me/statuses/1","published":"2024-03-04T10:00:00Z","content":"<p>Hello <a href=\"https://social.example/tags/edchat\">#<span>edchat</span></a> &amp; all</p>","tag":[{"type":"Hashtag","name":"#edchat"}],"inReplyTo":null,"to":["https://www.w3.org/ns/activitystreams#Public"]}},{"type":"Announce","published":"2024-03-05T10:00:00Z","object":"https://other.example/users/ann/statuses/9","to":["https://www.w3.org/ns/activitystreams#Public"]}]}"##.to_vec()],
        // A CAR header alone: the fixtures give the real repositories.
        "bluesky_car" => vec![b"\x0a\xa1\x65roots\x80".to_vec()],
        other => panic!("no seeds for {other}"),
    };
    if let Some(dir) = fixtures() {
        let x = ["twitter-rtiatmla-2021", "twitter-alrocar-2024"];
        match target {
            "zip" => {
                for name in x.iter().chain(&["twitter-legacy-csv-2010-2012"]) {
                    out.push(fixture_zip(&dir.join(name)));
                }
            }
            "x_tweets_js" | "elements" => {
                for f in [
                    "twitter-alrocar-2024/data/tweets.js",
                    "twitter-rtiatmla-2021/data/tweet.js",
                    "twitter-rtiatmla-2021/data/like.js",
                ] {
                    out.extend(fixture_file(&dir, f, 64 * 1024));
                }
            }
            "x_small_files" => {
                for name in x {
                    let m = fixture_file(&dir, &format!("{name}/data/manifest.js"), 64 * 1024);
                    let a = fixture_file(&dir, &format!("{name}/data/account.js"), 64 * 1024);
                    if let (Some(m), Some(a)) = (m, a) {
                        out.push([m, vec![0], a].concat());
                    }
                }
            }
            "legacy_csv" => {
                out.extend(fixture_file(
                    &dir,
                    "twitter-legacy-csv-2010-2012/tweets.csv",
                    32 * 1024,
                ));
            }
            "mastodon_outbox" => {
                out.extend(fixture_file(
                    &dir,
                    "mastodon-dealingwith-2024/outbox.json",
                    256 * 1024,
                ));
            }
            "bluesky_car" => {
                for f in [
                    "bluesky-indigo/greenground.repo.car",
                    "bluesky-indigo/bnewbold.robocracy.org.20250310005405.car",
                ] {
                    out.extend(fixture_file(&dir, f, 64 * 1024));
                }
            }
            _ => {}
        }
    }
    out
}

/// Runs `body` on `input`; a panic or a slow input fails with the input saved.
fn run_one(target: &str, body: fn(&[u8]), input: &[u8]) {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(|| body(input));
    let slow = started.elapsed() > SLOW_INPUT;
    if outcome.is_err() || slow {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target/fuzz-found")
            .join(target);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("input-{:016x}", fxhash(input)));
        std::fs::write(&path, input).unwrap();
        panic!(
            "fuzz target {target} {} on an input, saved at {}",
            if slow { "took too long" } else { "panicked" },
            path.display()
        );
    }
}

fn fxhash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Replays the committed regression inputs, then runs the smoke run; returns the number
/// of inputs tried.
fn smoke(target: &str) -> u64 {
    let body = targets::TARGETS
        .iter()
        .find(|(n, _)| *n == target)
        .expect("a target")
        .1;
    let regressions = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut tried = 0u64;
    if let Ok(dir) = std::fs::read_dir(&regressions) {
        for entry in dir {
            let input = std::fs::read(entry.unwrap().path()).unwrap();
            run_one(target, body, &input);
            tried += 1;
        }
    }
    let seeds = seeds(target);
    for s in &seeds {
        run_one(target, body, s);
        tried += 1;
    }
    let seconds = std::env::var("PLN_FUZZ_SMOKE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SMOKE_SECONDS);
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ fxhash(target.as_bytes()));
    // Quiet: a target's own panics are caught and reported once, with the input.
    while Instant::now() < until {
        let mut input = seeds[rng.below(seeds.len())].clone();
        let other = &seeds[rng.below(seeds.len())];
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut input, other);
        }
        run_one(target, body, &input);
        tried += 1;
    }
    eprintln!("fuzz smoke {target}: {tried} inputs, no crash");
    tried
}

#[test]
fn fuzz_smoke_zip() {
    assert!(smoke("zip") > 0);
}

#[test]
fn fuzz_smoke_x_tweets_js() {
    assert!(smoke("x_tweets_js") > 0);
}

#[test]
fn fuzz_smoke_x_small_files() {
    assert!(smoke("x_small_files") > 0);
}

#[test]
fn fuzz_smoke_elements() {
    assert!(smoke("elements") > 0);
}

#[test]
fn fuzz_smoke_grailbird_js() {
    assert!(smoke("grailbird_js") > 0);
}

#[test]
fn fuzz_smoke_legacy_csv() {
    assert!(smoke("legacy_csv") > 0);
}

#[test]
fn fuzz_smoke_mastodon_outbox() {
    assert!(smoke("mastodon_outbox") > 0);
}

#[test]
fn fuzz_smoke_bluesky_car() {
    assert!(smoke("bluesky_car") > 0);
}

/// Writes every target's seeds to `target/fuzz-corpus/<target>/` for libFuzzer
/// (`make fuzz` runs this first): built at run time, never committed.
#[test]
#[ignore = "run by scripts/fuzz.sh"]
fn write_fuzz_seeds() {
    for (target, _) in targets::TARGETS {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target/fuzz-corpus")
            .join(target);
        std::fs::create_dir_all(&dir).unwrap();
        for s in seeds(target) {
            std::fs::write(dir.join(format!("seed-{:016x}", fxhash(&s))), s).unwrap();
        }
    }
}
