//! Importing X/Twitter archives of every layout (issue #3): real fixtures read in place and
//! synthetic archives built at test time, asserting exact counts. The real-fixture figures
//! were computed independently with a Python `json` script over the raw files.

use std::io::{Cursor, Write};

use chrono::{TimeZone, Utc};
use pln_lens::read::{Container, DirContainer, ZipContainer};
use pln_lens::report::{ByKind, Report};
use pln_lens::synth::{
    ArchiveSpec, Layout, Person, ReplyTarget, SynthPost, bulk_posts, teacher_account,
};
use pln_lens::{NoProgress, analyze};
use zip::write::SimpleFileOptions;

use crate::support::{scratch, zip_bytes, zip_folder};

fn report_of(container: &mut dyn Container) -> Report {
    analyze(container, &mut NoProgress).expect("report")
}

fn report_of_zip(bytes: Vec<u8>) -> Report {
    let mut zip = ZipContainer::open(Cursor::new(bytes)).expect("zip");
    report_of(&mut zip)
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

fn warning_codes(r: &Report) -> Vec<&str> {
    r.warnings.iter().map(|w| w.code.code()).collect()
}

fn kinds(original: u64, reply: u64, thread: u64, repost: u64, quote: u64) -> ByKind {
    ByKind {
        original,
        reply,
        thread,
        repost,
        quote,
    }
}

#[test]
fn real_2021_archive_folder_zip_and_rezip_read_the_same() {
    let fixtures = crate::fixtures_or_skip!();
    let dir = fixtures.join("twitter-rtiatmla-2021");
    let out = scratch("x-2021");
    zip_folder(&dir, None, &out.join("flat.zip"));
    zip_folder(
        &dir,
        Some("twitter-2021-11-20-abc"),
        &out.join("nested.zip"),
    );
    let reports = [
        report_of(&mut DirContainer::open(&dir).unwrap()),
        report_of(
            &mut ZipContainer::open(std::fs::File::open(out.join("flat.zip")).unwrap()).unwrap(),
        ),
        report_of(
            &mut ZipContainer::open(std::fs::File::open(out.join("nested.zip")).unwrap()).unwrap(),
        ),
    ];
    for r in &reports {
        let t = &r.totals;
        assert_eq!(r.account.handle.as_deref(), Some("RTIatMLA"));
        assert_eq!(
            r.account.display_name.as_deref(),
            Some("Research Training Institute for Librarians")
        );
        assert_eq!(t.posts, 70);
        assert_eq!((t.found, t.skipped, t.duplicates), (70, 0, 0));
        // 14 replies, all to the account's own posts: thread continuations.
        assert_eq!(t.by_kind, kinds(44, 0, 14, 12, 0));
        assert_eq!(t.expected_posts, Some(70));
        assert_eq!(
            (t.likes, t.followers, t.following, t.listed_on),
            (29, 111, 124, 4)
        );
        assert_eq!((t.dm_conversations, t.group_conversations), (0, 0));
        let p = r.period.as_ref().unwrap();
        assert_eq!(
            p.first,
            Utc.with_ymd_and_hms(2020, 10, 30, 22, 0, 0).unwrap()
        );
        assert_eq!(
            p.last,
            Utc.with_ymd_and_hms(2021, 11, 19, 21, 9, 33).unwrap()
        );
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let posts_source = r
            .sources
            .iter()
            .find(|s| s.entry.ends_with("data/tweet.js"))
            .unwrap();
        assert_eq!(
            (posts_source.holds.code(), posts_source.items),
            ("posts", 70)
        );
    }
    assert_eq!(reports[2].archive.root, "twitter-2021-11-20-abc/");
}

#[test]
fn real_2024_archive_joins_long_posts_and_reports_its_excerpt_honestly() {
    let fixtures = crate::fixtures_or_skip!();
    let r = report_of(&mut DirContainer::open(&fixtures.join("twitter-alrocar-2024")).unwrap());
    let t = &r.totals;
    assert_eq!(r.account.handle.as_deref(), Some("alrocar"));
    assert_eq!(t.posts, 38);
    assert_eq!(t.by_kind, kinds(20, 7, 2, 6, 3));
    // 5 posts have a note; the other 36 notes belong to posts cut from this excerpt.
    assert_eq!(t.notes_joined, 5);
    assert_eq!(t.expected_posts, Some(1223));
    let codes = warning_codes(&r);
    assert!(codes.contains(&"unmatched_notes"));
    let mismatch = r
        .warnings
        .iter()
        .find(|w| w.code == "count_mismatch")
        .unwrap();
    assert!(
        mismatch.message.contains("1223") && mismatch.message.contains("38"),
        "{}",
        mismatch.message
    );
    // The manifest names likes, follows and messages this excerpt lacks: each is named.
    assert_eq!(codes.iter().filter(|c| **c == "missing_file").count(), 6);
}

#[test]
fn real_2024_long_post_gets_its_full_text() {
    let fixtures = crate::fixtures_or_skip!();
    let mut dir = DirContainer::open(&fixtures.join("twitter-alrocar-2024")).unwrap();
    let detected = pln_lens::import::detect(&dir).unwrap();
    let archive = pln_lens::import::import(&mut dir, &detected, &mut NoProgress).unwrap();
    let long = archive
        .posts
        .iter()
        .find(|p| p.text.contains("10.000 líneas, 283 páginas"))
        .expect("the note's full text replaced the cut one");
    assert!(long.text.chars().count() > 280);
    assert!(long.hashtags.iter().any(|h| &**h == "100DaysOfCode"));
}

fn spec_with(posts: Vec<SynthPost>) -> ArchiveSpec {
    let mut s = ArchiveSpec::new(teacher_account());
    s.posts = posts;
    s
}

#[test]
fn split_parts_every_layout_and_no_manifest_read_every_post_once() {
    let posts = bulk_posts(1000, 11, Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0).unwrap());
    let mut expected = ByKind::default();
    for p in &posts {
        let kind = if p.text.starts_with("RT @") {
            pln_lens::model::PostKind::Repost
        } else if p.reply_to.is_some() {
            pln_lens::model::PostKind::Reply
        } else if !p.urls.is_empty() && p.urls.iter().any(|u| u.contains("/status/")) {
            pln_lens::model::PostKind::Quote
        } else {
            pln_lens::model::PostKind::Original
        };
        expected.add(kind);
    }
    for (layout, parts, manifest) in [
        (Layout::X2024, 1, true),
        (Layout::X2024, 4, true),
        (Layout::X2021, 3, true),
        (Layout::X2019Bare, 2, false),
        (Layout::X2024, 5, false),
    ] {
        let mut spec = spec_with(posts.clone());
        spec.layout = layout;
        spec.parts = parts;
        spec.manifest = manifest;
        let r = report_of_zip(zip_bytes(&spec));
        let t = &r.totals;
        let case = format!("{layout:?} in {parts} parts, manifest {manifest}");
        assert_eq!(
            (t.posts, t.found, t.skipped, t.duplicates),
            (1000, 1000, 0, 0),
            "{case}"
        );
        assert_eq!(t.by_kind, expected, "{case}");
        assert_eq!(t.expected_posts, manifest.then_some(1000), "{case}");
        assert_eq!(
            r.sources.iter().filter(|s| s.holds == "posts").count(),
            parts as usize,
            "{case}"
        );
        assert!(r.warnings.is_empty(), "{case}: {:?}", r.warnings);
    }
}

#[test]
fn long_posts_are_joined_from_notes_in_synthetic_archives() {
    let mut posts = bulk_posts(20, 5, Utc.with_ymd_and_hms(2024, 2, 1, 0, 0, 0).unwrap());
    for p in posts.iter_mut().take(3) {
        p.text = format!(
            "{} {}",
            p.text,
            "and a long reflection on feedback ".repeat(12)
        );
    }
    let r = report_of_zip(zip_bytes(&spec_with(posts)));
    assert_eq!(r.totals.posts, 20);
    assert_eq!(r.totals.notes_joined, 3);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// One post's element in the 2024 layout, as text.
fn element(id: u64, date: &str, text: &str) -> String {
    format!(
        r#"{{ "tweet" : {{ "id_str" : "{id}", "id" : "{id}", "created_at" : "{date}", "full_text" : "{text}", "entities" : {{ }} }} }}"#
    )
}

#[test]
fn broken_posts_are_skipped_and_named_and_duplicates_counted_once() {
    let ok = "Mon Mar 04 10:00:00 +0000 2024";
    let part0 = format!(
        "window.YTD.tweets.part0 = [ {}, {}, {}, {}, {} ]",
        element(1, ok, "first"),
        element(2, "the day after tomorrow", "bad date"),
        r#"{ "tweet" : { "id_str" : "3", "created_at" : "Mon Mar 04 10:00:00 +0000 2024", "full_text" : 42 } }"#,
        element(4, ok, "fourth"),
        r#"{ "tweet" : { "id_str" : "5", "created_at" : ] } }"#,
    );
    let part1 = format!(
        "window.YTD.tweets.part1 = [ {}, {} ]",
        element(4, ok, "fourth again, in the next part"),
        element(6, ok, "sixth"),
    );
    let r = report_of_zip(zip_with(&[
        ("data/tweets.js", part0.as_bytes()),
        ("data/tweets-part1.js", part1.as_bytes()),
    ]));
    let t = &r.totals;
    assert_eq!((t.found, t.posts, t.skipped, t.duplicates), (7, 3, 3, 1));
    let reasons: Vec<_> = t
        .skipped_reasons
        .iter()
        .map(|s| (s.reason.as_str(), s.count))
        .collect();
    assert_eq!(
        reasons,
        [
            ("a field has the wrong type", 1),
            ("not valid JSON", 1),
            ("unreadable date", 1)
        ]
    );
    let named: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == "skipped_post")
        .map(|w| (w.entry.as_deref().unwrap(), w.index.unwrap()))
        .collect();
    assert_eq!(
        named,
        [
            ("data/tweets.js", 1),
            ("data/tweets.js", 2),
            ("data/tweets.js", 4)
        ]
    );
    let first = r
        .warnings
        .iter()
        .find(|w| w.code == "skipped_post")
        .unwrap();
    assert!(
        first
            .message
            .starts_with("post 2 in data/tweets.js was skipped: unreadable date"),
        "{}",
        first.message
    );
}

#[test]
fn a_data_file_cut_short_keeps_the_posts_before_the_cut() {
    let ok = "Mon Mar 04 10:00:00 +0000 2024";
    let cut = format!(
        "window.YTD.tweets.part0 = [ {}, {}, {{ \"tweet\" : {{ \"id_str\" : \"3\", \"full_te",
        element(1, ok, "one"),
        element(2, ok, "two")
    );
    let r = report_of_zip(zip_with(&[("data/tweets.js", cut.as_bytes())]));
    assert_eq!(r.totals.posts, 2);
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "damaged_file")
        .expect("a warning");
    assert!(w.message.contains("middle of item 3"), "{}", w.message);
}

#[test]
fn an_inflation_bomb_among_the_data_files_is_refused_and_the_rest_read() {
    let ok = "Mon Mar 04 10:00:00 +0000 2024";
    let tweets = format!("window.YTD.tweets.part0 = [ {} ]", element(1, ok, "one"));
    let mut bomb = b"window.YTD.like.part0 = [ ".to_vec();
    bomb.resize(80_000_000, b' ');
    let r = report_of_zip(zip_with(&[
        ("data/tweets.js", tweets.as_bytes()),
        ("data/like.js", &bomb),
    ]));
    assert_eq!(r.totals.posts, 1);
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "unreadable_file")
        .expect("bomb warning");
    assert!(
        w.message.contains("zip bomb") && w.message.contains("data/like.js"),
        "{}",
        w.message
    );
}

#[test]
fn replies_to_oneself_are_threads_and_quotes_of_oneself_are_originals() {
    let me = teacher_account();
    let at = Utc.with_ymd_and_hms(2022, 5, 1, 9, 0, 0).unwrap();
    let owner = Person {
        handle: me.handle.clone(),
        id: me.id.clone(),
        name: me.display_name.clone(),
    };
    let post = |id: u64, text: &str, reply: Option<Person>, urls: Vec<String>| SynthPost {
        id,
        created_at: at + chrono::Duration::minutes(id as i64),
        text: text.into(),
        // A reply to oneself answers the post before; a reply to another person answers
        // one of theirs (never an own post id, as in real exports).
        reply_to: reply.map(|user| ReplyTarget {
            status_id: if user.id == me.id { id - 1 } else { 900 + id },
            user,
            with_screen_name: true,
        }),
        mentions: vec![],
        urls,
        media: 0,
        lang: "en".into(),
    };
    let other = Person::new("jo_science", "Jo Park");
    let posts = vec![
        post(10, "1/ a thread on feedback", None, vec![]),
        post(
            11,
            "2/ it only works when acted on",
            Some(owner.clone()),
            vec![],
        ),
        post(12, "@jo_science agreed!", Some(other), vec![]),
        post(
            13,
            "as I said",
            None,
            vec![format!("https://twitter.com/{}/status/10", me.handle)],
        ),
        post(
            14,
            "worth reading",
            None,
            vec!["https://x.com/edutopia/status/99".into()],
        ),
    ];
    let r = report_of_zip(zip_bytes(&spec_with(posts)));
    assert_eq!(r.totals.by_kind, kinds(2, 1, 1, 0, 1));
}

#[test]
fn a_reply_to_an_own_post_is_a_thread_even_without_account_js() {
    let ok = "Mon Mar 04 10:00:00 +0000 2024";
    let reply = r#"{ "tweet" : { "id_str" : "2", "created_at" : "Mon Mar 04 10:05:00 +0000 2024", "full_text" : "2/ more", "in_reply_to_status_id_str" : "1", "in_reply_to_user_id_str" : "777" } }"#;
    let other = r#"{ "tweet" : { "id_str" : "3", "created_at" : "Mon Mar 04 10:09:00 +0000 2024", "full_text" : "@jo yes", "in_reply_to_status_id_str" : "99", "in_reply_to_user_id_str" : "555" } }"#;
    let tweets = format!(
        "window.YTD.tweets.part0 = [ {}, {reply}, {other} ]",
        element(1, ok, "1/ a thread")
    );
    let r = report_of_zip(zip_with(&[("data/tweets.js", tweets.as_bytes())]));
    assert_eq!(r.totals.by_kind, kinds(1, 1, 1, 0, 0));
}

#[test]
fn report_json_keeps_the_documented_contract() {
    let dir = scratch("x-json-contract");
    let path = dir.join("a.zip");
    std::fs::write(
        &path,
        zip_bytes(&spec_with(bulk_posts(
            40,
            2,
            Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
        ))),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pln-lens"))
        .args(["report", path.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["totals"]["posts"], 40);
    for kind in ["original", "reply", "repost", "quote"] {
        assert!(json["totals"]["by_kind"][kind].is_u64(), "by_kind.{kind}");
    }
    let by_kind_sum: u64 = ["original", "reply", "thread", "repost", "quote"]
        .iter()
        .map(|k| json["totals"]["by_kind"][k].as_u64().unwrap())
        .sum();
    assert_eq!(by_kind_sum, 40);
    assert_eq!(json["totals"]["skipped"], 0);
    assert_eq!(json["account"]["handle"], "ms_rivera_teaches");
    assert_eq!(json["account"]["display_name"], "Ana Rivera");
    assert!(
        json["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["entry"] == "data/tweets.js")
    );
    assert!(json["warnings"].as_array().unwrap().is_empty());
}
