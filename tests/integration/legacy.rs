//! Importing legacy Twitter archives (before 2019): the real 2010-2012 `tweets.csv`
//! fixture read in place (as a folder, a zip and a re-zip under a top folder), and
//! synthetic archives with the CSV, the Grailbird JS files or both, asserting exact counts.

use std::io::{Cursor, Read, Write};
use std::process::Command;

use chrono::{TimeZone, Utc};
use pln_lens::import::{Platform, detect};
use pln_lens::model::{Archive, PostKind};
use pln_lens::read::{Container, DirContainer, ZipContainer};
use pln_lens::report::{ByKind, Report};
use pln_lens::synth::legacy_archive::{self, CsvColumns, LegacyOptions};
use pln_lens::synth::{ArchiveSpec, Person, ReplyTarget, SynthPost, teacher_account};
use pln_lens::{NoProgress, analyze};
use zip::write::SimpleFileOptions;

use crate::support::{scratch, zip_folder};

fn kinds(original: u64, reply: u64, thread: u64, repost: u64, quote: u64) -> ByKind {
    ByKind {
        original,
        reply,
        thread,
        repost,
        quote,
    }
}

fn report_of(container: &mut dyn Container) -> Report {
    analyze(container, &mut NoProgress).expect("report")
}

fn archive_of(container: &mut dyn Container) -> Archive {
    let detected = detect(container).expect("detected");
    assert_eq!(detected.platform, Platform::TwitterLegacy);
    pln_lens::import::import(container, &detected, &mut NoProgress).expect("archive")
}

fn zip_open(bytes: Vec<u8>) -> ZipContainer<Cursor<Vec<u8>>> {
    ZipContainer::open(Cursor::new(bytes)).expect("zip")
}

fn legacy_zip(spec: &ArchiveSpec, options: &LegacyOptions) -> Vec<u8> {
    legacy_archive::write(spec, options, Cursor::new(Vec::new()))
        .expect("synthetic legacy archive")
        .into_inner()
}

/// A zip of the given files, written as they are (for hand-made damage).
fn zip_with(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in files {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn by_kind(a: &Archive) -> ByKind {
    let mut k = ByKind::default();
    for p in &a.posts {
        k.add(p.kind);
    }
    k
}

// ---- The real fixture ----

/// Figures for `twitter-legacy-csv-2010-2012/tweets.csv`, derived independently of the
/// importer with Python's `csv` module (a script reading columns by header name, missing
/// trailing columns as empty, extra trailing fields as further expanded URLs):
/// - 5,317 rows, all with an id and a readable timestamp; 2010-01-02 18:36:39 to
///   2013-01-01 04:17:40 UTC.
/// - repost: text matches `^RT @[A-Za-z0-9_]+:` or `retweeted_status_id` is non-empty: 655.
/// - else reply/thread: `in_reply_to_status_id` non-empty (1,125); thread when it is one of
///   the file's own tweet ids or its `in_reply_to_user_id` is the owner's; the owner's id
///   is the most common `in_reply_to_user_id` of the rows answering an own id (9 rows, all
///   `10950512`): 9 threads, 1,116 replies. (174 `@user` messages with only an
///   `in_reply_to_user_id` answer no post and are not replies.)
/// - else quote: a link (expanded URLs, plus non-t.co URLs in the text) to
///   `(twitter|x).com/<user>/status/<id>` where `<id>` is not an own tweet and `<user>` is
///   not the owner (`jrosenberg6432`, the most common user of links to own ids): 2.
/// - else original: 3,535.
/// - 53 expanded URLs are a tweet's link to its own photo (`.../status/<its id>/photo/1`).
fn assert_fixture(a: &Archive) {
    let t = &a.totals;
    assert_eq!(t.posts, 5317);
    assert_eq!((t.found, t.skipped, t.duplicates), (5317, 0, 0));
    assert_eq!(t.expected, None, "a lone tweets.csv announces no count");
    assert_eq!(by_kind(a), kinds(3535, 1116, 9, 655, 2));
    assert_eq!(
        a.posts.first().unwrap().created_at,
        Utc.with_ymd_and_hms(2010, 1, 2, 18, 36, 39).unwrap()
    );
    assert_eq!(
        a.posts.last().unwrap().created_at,
        Utc.with_ymd_and_hms(2013, 1, 1, 4, 17, 40).unwrap()
    );
    assert_eq!(a.owner.id.as_deref(), Some("10950512"));
    assert_eq!(a.owner.handle.as_deref(), Some("jrosenberg6432"));
    assert_eq!(a.posts.iter().map(|p| u64::from(p.media)).sum::<u64>(), 53);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    assert_eq!(a.sources.len(), 1);
    let s = &a.sources[0];
    assert!(s.entry.ends_with("tweets.csv"), "{}", s.entry);
    assert_eq!(
        (s.holds.code(), s.items, s.skipped, s.bytes),
        ("posts", 5317, 0, 1_259_035)
    );
    // Texts keep their line breaks and lose the CSV's doubled quotes.
    let multi_line = a.posts.iter().filter(|p| p.text.contains('\n')).count();
    assert_eq!(multi_line, 20);
    let quoted = a
        .posts
        .iter()
        .find(|p| &*p.id == "274877228783902722")
        .unwrap();
    assert_eq!(
        &*quoted.text,
        "\"A new version of iTunes, sweet!\" - said nobody to no one"
    );
}

#[test]
fn real_legacy_csv_as_a_folder_a_zip_and_a_rezip() {
    let fixtures = crate::fixtures_or_skip!();
    let dir = fixtures.join("twitter-legacy-csv-2010-2012");
    let out = scratch("legacy-fixture");
    zip_folder(&dir, None, &out.join("flat.zip"));
    zip_folder(&dir, Some("twitter-archive-2013"), &out.join("nested.zip"));

    assert_fixture(&archive_of(&mut DirContainer::open(&dir).unwrap()));
    let r = report_of(&mut DirContainer::open(&dir).unwrap());
    assert_eq!(r.archive.platform, Platform::TwitterLegacy);
    assert_eq!(r.totals.posts, 5317);
    assert_eq!(r.totals.by_kind, kinds(3535, 1116, 9, 655, 2));
    let period = r.period.as_ref().unwrap();
    assert_eq!(
        (period.first, period.last),
        (
            Utc.with_ymd_and_hms(2010, 1, 2, 18, 36, 39).unwrap(),
            Utc.with_ymd_and_hms(2013, 1, 1, 4, 17, 40).unwrap()
        )
    );
    assert_eq!(r.account.id.as_deref(), Some("10950512"));
    let mut flat = ZipContainer::open(std::fs::File::open(out.join("flat.zip")).unwrap()).unwrap();
    assert_fixture(&archive_of(&mut flat));
    let mut nested =
        ZipContainer::open(std::fs::File::open(out.join("nested.zip")).unwrap()).unwrap();
    assert_eq!(detect(&nested).unwrap().root, "twitter-archive-2013/");
    let a = archive_of(&mut nested);
    assert_fixture(&a);
    assert_eq!(a.sources[0].entry, "twitter-archive-2013/tweets.csv");
}

// ---- Synthetic archives ----

const OWNER_ID: &str = "1000000001";
const OWNER_HANDLE: &str = "ms_rivera_teaches";

fn post(id: u64, day: u32, text: &str) -> SynthPost {
    let month = if day > 30 { 5 } else { 4 };
    let day = if day > 30 { day - 30 } else { day };
    SynthPost {
        id,
        created_at: Utc.with_ymd_and_hms(2013, month, day, 19, 30, 0).unwrap(),
        text: text.to_string(),
        reply_to: None,
        mentions: Vec::new(),
        urls: Vec::new(),
        media: 0,
        lang: "en".into(),
    }
}

/// Ten posts whose kinds are known by construction: 5 originals (one with a photo, one
/// linking the owner's own post, one `@` message that answers no post, one with `&` and
/// `<`), 1 reply, 2 threads (one answering an own post in the archive, one an own post
/// that is not), 1 repost, 1 quote. Five in April 2013, five in May.
fn known_spec() -> ArchiveSpec {
    let me = Person {
        handle: OWNER_HANDLE.into(),
        id: OWNER_ID.into(),
        name: "Ana Rivera".into(),
    };
    let jo = Person::new("jo_science", "Jo Park");
    let sam = Person::new("edtech_sam", "Sam Ortiz");
    let lou = Person::new("literacy_lou", "Louise Grant");
    let mut posts = Vec::new();

    let mut p = post(100, 1, "Trying exit tickets tomorrow #edchat");
    p.urls = vec!["https://www.edutopia.org/article/exit-tickets".into()];
    posts.push(p);
    let mut p = post(110, 2, "@jo_science great idea, trying it #scichat");
    p.reply_to = Some(ReplyTarget {
        status_id: 50,
        user: jo.clone(),
        with_screen_name: true,
    });
    p.mentions = vec![jo];
    posts.push(p);
    let mut p = post(120, 3, "And the results were great");
    p.reply_to = Some(ReplyTarget {
        status_id: 100,
        user: me.clone(),
        with_screen_name: true,
    });
    posts.push(p);
    let mut p = post(130, 4, "RT @edtech_sam: New tool for quick quizzes #edtech");
    p.mentions = vec![sam];
    posts.push(p);
    let mut p = post(140, 5, "Worth reading for every new teacher");
    p.urls = vec!["https://twitter.com/dr_lee_research/status/999".into()];
    posts.push(p);
    let mut p = post(150, 31, "Our lab today");
    p.media = 1;
    posts.push(p);
    let mut p = post(160, 32, "As I said last month");
    p.urls = vec![format!("https://twitter.com/{OWNER_HANDLE}/status/100")];
    posts.push(p);
    let mut p = post(170, 33, "@literacy_lou see you Friday");
    p.mentions = vec![lou];
    posts.push(p);
    let mut p = post(180, 34, "Part two of my old thread");
    p.reply_to = Some(ReplyTarget {
        status_id: 90,
        user: me,
        with_screen_name: false,
    });
    posts.push(p);
    posts.push(post(190, 35, "Tea & biscuits <3 #staffroom"));

    let mut spec = ArchiveSpec::new(teacher_account());
    spec.posts = posts;
    spec
}

const KNOWN_KINDS: (u64, u64, u64, u64, u64) = (5, 1, 2, 1, 1);

fn known_kinds() -> ByKind {
    let (o, r, t, rp, q) = KNOWN_KINDS;
    kinds(o, r, t, rp, q)
}

/// What must read the same whichever files a post came from.
fn projection(a: &Archive) -> Vec<String> {
    a.posts
        .iter()
        .map(|p| {
            let mentions: Vec<String> = p
                .mentions
                .iter()
                .filter_map(|m| m.handle.as_deref().map(str::to_lowercase))
                .collect();
            let links: Vec<&str> = p.links.iter().map(|l| &*l.url).collect();
            format!(
                "{} {} {:?} {:?} {mentions:?} {links:?} media={} reply={:?} from={:?} client={:?}",
                p.id,
                p.created_at,
                p.kind,
                p.text,
                p.media,
                p.reply_to.as_ref().and_then(|r| r.post_id.as_deref()),
                p.shared_from
                    .as_ref()
                    .and_then(|s| s.handle.as_deref())
                    .map(str::to_lowercase),
                p.client.as_deref(),
            ) + &format!(" tags={:?}", p.hashtags)
        })
        .collect()
}

#[test]
fn js_and_csv_together_count_each_post_once() {
    let spec = known_spec();
    let a = archive_of(&mut zip_open(legacy_zip(&spec, &LegacyOptions::both())));
    let t = &a.totals;
    assert_eq!(t.posts, 10);
    // Every post is in a JS file and in the CSV: 20 found, the 10 CSV rows repeat them.
    assert_eq!((t.found, t.skipped, t.duplicates), (20, 0, 10));
    assert_eq!(t.expected, Some(10));
    assert_eq!(by_kind(&a), known_kinds());
    assert_eq!(a.owner.handle.as_deref(), Some(OWNER_HANDLE));
    assert_eq!(a.owner.id.as_deref(), Some(OWNER_ID));
    assert_eq!(a.owner.display_name.as_deref(), Some("Ana Rivera"));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    let sources: Vec<_> = a
        .sources
        .iter()
        .map(|s| (s.entry.as_str(), s.holds.code(), s.items, s.skipped))
        .collect();
    assert_eq!(
        sources,
        vec![
            ("data/js/user_details.js", "account", 1, 0),
            ("data/js/payload_details.js", "manifest", 1, 0),
            ("data/js/tweet_index.js", "manifest", 1, 0),
            ("data/js/tweets/2013_04.js", "posts", 5, 0),
            ("data/js/tweets/2013_05.js", "posts", 5, 0),
            ("tweets.csv", "posts", 10, 0),
        ]
    );
    // The JS files were read first: the posts come from them, with their richer fields.
    assert!(
        a.posts
            .iter()
            .all(|p| p.origin.entry.starts_with("data/js/tweets/"))
    );
    let repost = a.posts.iter().find(|p| &*p.id == "130").unwrap();
    let from = repost.shared_from.as_deref().unwrap();
    assert_eq!(
        (from.handle.as_deref(), from.name.as_deref()),
        (Some("edtech_sam"), Some("Sam Ortiz"))
    );
    let tea = a.posts.iter().find(|p| &*p.id == "190").unwrap();
    assert_eq!(&*tea.text, "Tea & biscuits <3 #staffroom");
}

#[test]
fn a_month_missing_from_the_js_files_is_filled_from_the_csv() {
    // Copy a whole archive without its May file: the index still lists it.
    let whole = legacy_zip(&known_spec(), &LegacyOptions::both());
    let mut zip = zip::ZipArchive::new(Cursor::new(whole)).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name == "data/js/tweets/2013_05.js" {
            continue;
        }
        let mut body = Vec::new();
        f.read_to_end(&mut body).unwrap();
        files.push((name, body));
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let a = archive_of(&mut zip_open(zip_with(&borrowed)));
    let t = &a.totals;
    assert_eq!(t.posts, 10);
    // 5 April posts from JS, then 10 CSV rows of which the 5 April ones repeat.
    assert_eq!((t.found, t.skipped, t.duplicates), (15, 0, 5));
    assert_eq!(by_kind(&a), known_kinds());
    let from_csv = a
        .posts
        .iter()
        .filter(|p| &*p.origin.entry == "tweets.csv")
        .count();
    assert_eq!(from_csv, 5);
    let missing: Vec<_> = a
        .warnings
        .iter()
        .filter(|w| w.code == "missing_file")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        missing,
        vec![
            "the archive's tweet index lists data/js/tweets/2013_05.js with 5 posts, but the archive does not contain it"
        ]
    );
}

#[test]
fn csv_only_and_js_only_read_the_same_posts() {
    let spec = known_spec();
    let both = archive_of(&mut zip_open(legacy_zip(&spec, &LegacyOptions::both())));
    let csv = archive_of(&mut zip_open(legacy_zip(&spec, &LegacyOptions::csv_only())));
    let early = LegacyOptions {
        columns: CsvColumns::Early,
        ..LegacyOptions::csv_only()
    };
    let csv_early = archive_of(&mut zip_open(legacy_zip(&spec, &early)));
    let js = archive_of(&mut zip_open(legacy_zip(&spec, &LegacyOptions::js_only())));
    // No tweet_index.js: the monthly files are found by name.
    let unindexed = LegacyOptions {
        index: false,
        ..LegacyOptions::js_only()
    };
    let js_unindexed = archive_of(&mut zip_open(legacy_zip(&spec, &unindexed)));
    // No user_details.js or payload_details.js: the owner comes from the tweets.
    let anonymous = LegacyOptions {
        details: false,
        ..LegacyOptions::js_only()
    };
    let js_anonymous = archive_of(&mut zip_open(legacy_zip(&spec, &anonymous)));

    for a in [&csv, &csv_early, &js, &js_unindexed, &js_anonymous] {
        assert_eq!(a.totals.posts, 10);
        assert_eq!(
            (a.totals.found, a.totals.skipped, a.totals.duplicates),
            (10, 0, 0)
        );
        assert_eq!(by_kind(a), known_kinds());
        assert_eq!(projection(a), projection(&both));
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }
    // The announced count: payload_details.js, else the sum of tweet_index.js; a CSV has none.
    assert_eq!(
        [&csv, &js, &js_unindexed, &js_anonymous].map(|a| a.totals.expected),
        [None, Some(10), Some(10), Some(10)]
    );
    // The CSV names no owner: the id comes from the reply to own post 100, the handle from
    // the link to own post 100 and the photo link; with them, post 180 (answering an own
    // post not in the archive) is a thread and post 160 (linking an own post) no quote.
    assert_eq!(csv.owner.id.as_deref(), Some(OWNER_ID));
    assert_eq!(csv.owner.handle.as_deref(), Some(OWNER_HANDLE));
    let kind_of = |a: &Archive, id: &str| a.posts.iter().find(|p| &*p.id == id).unwrap().kind;
    assert_eq!(kind_of(&csv, "180"), PostKind::Thread);
    assert_eq!(kind_of(&csv, "160"), PostKind::Original);
    assert_eq!(kind_of(&csv, "170"), PostKind::Original);
    // Without user_details.js, the JS files name the owner on every tweet.
    assert_eq!(js_anonymous.owner.handle.as_deref(), Some(OWNER_HANDLE));
    assert_eq!(js_anonymous.owner.id.as_deref(), Some(OWNER_ID));
    assert!(
        !js_unindexed
            .sources
            .iter()
            .any(|s| s.entry == "data/js/tweet_index.js")
    );
    let photo = csv.posts.iter().find(|p| &*p.id == "150").unwrap();
    assert_eq!((photo.media, photo.links.len()), (1, 0));
}

#[test]
fn broken_rows_and_elements_are_named_by_file_and_index() {
    let csv = "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls\n\
        1,,,2012-05-01 10:00:00 +0000,web,first,,,,\n\
        2,,,2012-05-01 11:00 +0000,web,bad date,,,,\n\
        3,,,2012-05-01 12:00:00 +0000\n\
        ,,,2012-05-01 13:00:00 +0000,web,no id,,,,\n\
        5,,,2012-05-01 14:00:00 +0000,web,last,,,,\n";
    let ok = |id: u32| {
        format!(
            r#"{{"id":{id},"id_str":"{id}","created_at":"2013-05-0{id} 10:00:00 +0000","text":"post {id}","user":{{"screen_name":"me","id":7}}}}"#
        )
    };
    let js = format!(
        "Grailbird.data.tweets_2013_05 = [ {}, {{\"id\":3,\"created_at\":\"soon\",\"text\":\"x\"}}, {}, {{\"id\":9,\"tex",
        ok(1),
        ok(4)
    );
    let index = r#"var tweet_index = [ { "file_name" : "data/js/tweets/2013_05.js", "year" : 2013, "var_name" : "tweets_2013_05", "tweet_count" : 4, "month" : 5 } ]"#;
    let bytes = zip_with(&[
        ("tweets.csv", csv.as_bytes()),
        ("data/js/tweet_index.js", index.as_bytes()),
        ("data/js/tweets/2013_05.js", js.as_bytes()),
    ]);
    let a = archive_of(&mut zip_open(bytes));
    let t = &a.totals;
    // JS: 3 whole elements (2 read, 1 skipped) before the cut; CSV: 5 rows (2 read, 3
    // skipped). Ids 1 of the JS and 1 of the CSV differ in nothing but the file: the CSV's
    // repeats the JS post's id, so it is a duplicate.
    assert_eq!((t.found, t.posts, t.skipped, t.duplicates), (8, 3, 4, 1));
    assert_eq!(
        t.skipped_reasons,
        vec![
            ("unreadable date".to_string(), 2),
            ("no post id".to_string(), 1),
            ("wrong number of fields".to_string(), 1),
        ]
    );
    let named: Vec<_> = a
        .warnings
        .iter()
        .filter(|w| w.code == "skipped_post")
        .map(|w| {
            (
                w.entry.as_deref().unwrap(),
                w.index.unwrap(),
                w.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        named,
        vec![
            (
                "data/js/tweets/2013_05.js",
                1,
                "post 2 in data/js/tweets/2013_05.js was skipped: unreadable date (\"soon\")"
            ),
            (
                "tweets.csv",
                1,
                "post 2 in tweets.csv was skipped: unreadable date (line 3: \"2012-05-01 11:00 +0000\")"
            ),
            (
                "tweets.csv",
                2,
                "post 3 in tweets.csv was skipped: wrong number of fields (line 4: 4 fields where the header names 10)"
            ),
            (
                "tweets.csv",
                3,
                "post 4 in tweets.csv was skipped: no post id (line 5: tweet_id is empty)"
            ),
        ]
    );
    let damaged = a
        .warnings
        .iter()
        .find(|w| w.code == "damaged_file")
        .unwrap();
    assert_eq!(damaged.entry.as_deref(), Some("data/js/tweets/2013_05.js"));
    assert_eq!(
        damaged.message,
        "data/js/tweets/2013_05.js ends in the middle of item 4: the file is cut short; the 3 items before it were read"
    );
    let mismatch = a
        .warnings
        .iter()
        .find(|w| w.code == "count_mismatch")
        .unwrap();
    assert_eq!(
        mismatch.message,
        "the archive's tweet index announces 4 posts in data/js/tweets/2013_05.js, but the file holds 3"
    );
}

#[test]
fn a_synthetic_archive_under_a_top_folder_is_found_and_read() {
    let mut spec = known_spec();
    spec.top_folder = Some("my twitter archive".into());
    let mut zip = zip_open(legacy_zip(&spec, &LegacyOptions::both()));
    assert_eq!(detect(&zip).unwrap().root, "my twitter archive/");
    let a = archive_of(&mut zip);
    assert_eq!(
        (a.totals.posts, a.totals.found, a.totals.duplicates),
        (10, 20, 10)
    );
    assert_eq!(by_kind(&a), known_kinds());
    assert_eq!(a.owner.handle.as_deref(), Some(OWNER_HANDLE));
    assert!(
        a.sources
            .iter()
            .all(|s| s.entry.starts_with("my twitter archive/"))
    );
}

#[test]
fn cli_report_json_shows_legacy_totals() {
    let dir = scratch("legacy-cli");
    let path = dir.join("twitter-archive.zip");
    std::fs::write(&path, legacy_zip(&known_spec(), &LegacyOptions::both())).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pln-lens"))
        .args(["report", path.to_str().unwrap(), "--json"])
        .output()
        .expect("run pln-lens");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["archive"]["platform"], "twitter_legacy");
    let t = &json["totals"];
    assert_eq!(t["posts"], 10);
    assert_eq!(
        (t["found"].as_u64(), t["duplicates"].as_u64()),
        (Some(20), Some(10))
    );
    assert_eq!(t["expected_posts"], 10);
    let (o, r, th, rp, q) = KNOWN_KINDS;
    assert_eq!(
        t["by_kind"],
        serde_json::json!({ "original": o, "reply": r, "thread": th, "repost": rp, "quote": q })
    );
    assert_eq!(json["account"]["handle"], OWNER_HANDLE);
}
