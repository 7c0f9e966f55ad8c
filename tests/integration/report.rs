//! The whole pipeline's report (issue #4): a synthetic archive with a known network, read
//! through the real import path, with exact figures; the JSON Schema in
//! `docs/report.schema.json` kept in step with the types and checked against real output
//! (every real X fixture and the synthetic archives).

use std::io::Cursor;
use std::path::PathBuf;

use chrono::{NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe;
use pln_lens::analysis::{Analysis, Options, Recode};
use pln_lens::classify::Coder;
use pln_lens::network::TieStrength;
use pln_lens::network::tools::ToolKind;
use pln_lens::read::{DirContainer, ZipContainer};
use pln_lens::report::Report;
use pln_lens::report::posts::PostFilter;
use pln_lens::report::prompts::Audience;
use pln_lens::synth::scenarios::Scenario;
use pln_lens::synth::{Person, teacher_account};
use pln_lens::{NoProgress, analyze};

use crate::fixtures_or_skip;
use crate::support::{scratch, zip_bytes};

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json")
}

/// The known network: three colleagues met over two school years, a chat, links.
struct Known {
    archive: Vec<u8>,
    jo_posts: Vec<u64>,
    chat_live: usize,
}

fn known() -> Known {
    let mut s = Scenario::new(teacher_account());
    let jo = Person::new("jo_science", "Jo Park");
    let sam = Person::new("sam_maths", "Sam Okafor");
    let ali = Person::new("ali_history", "Ali Reyes");
    let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
    let mut jo_posts = Vec::new();
    // 2020: six replies to Jo, one a month (a strong tie), two to Sam in one month.
    for m in 1..=6 {
        jo_posts.push(s.reply(
            at(2020, m, 10, 17),
            "@jo_science Agreed, that worked for my Y9 too",
            &jo,
            900 + u64::from(m),
        ));
    }
    s.reply(
        at(2020, 3, 11, 17),
        "@sam_maths Thanks, I will try it",
        &sam,
        950,
    );
    s.reply(
        at(2020, 3, 12, 17),
        "@sam_maths Did it work with mixed sets?",
        &sam,
        951,
    );
    // 2021: Jo again (kept), Ali for the first time (new); Sam gone (lost).
    jo_posts.push(s.reply(
        at(2021, 2, 1, 17),
        "@jo_science Still using your idea",
        &jo,
        990,
    ));
    s.reply(
        at(2021, 2, 2, 17),
        "@ali_history Welcome to the chat!",
        &ali,
        991,
    );
    // Posts with links, no people: broadcasting.
    let blog = s.post(
        at(2021, 3, 1, 8),
        "New post on my blog: retrieval practice in science",
    );
    let video = s.post(at(2021, 3, 2, 8), "Great explainer video on feedback");
    let paper = s.post(at(2021, 3, 3, 8), "A useful paper on cognitive load");
    for p in &mut s.posts {
        if p.id == blog {
            p.urls = vec!["https://riveraclass.example.org/retrieval".into()];
        } else if p.id == video {
            p.urls = vec!["https://www.youtube.com/watch?v=abc".into()];
        } else if p.id == paper {
            p.urls = vec!["https://doi.org/10.1000/xyz".into()];
        }
    }
    // Three #ukedchat sessions in 2021 (participant: A1..A5 and more).
    let chat = s.chat_participant(
        "ukedchat",
        Weekday::Thu,
        NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        Europe::London,
        chrono::NaiveDate::from_ymd_opt(2021, 4, 1).unwrap(),
        3,
    );
    let spec = s.into_spec();
    Known {
        archive: zip_bytes(&spec),
        jo_posts,
        chat_live: chat.live(),
    }
}

fn analysis_of(bytes: Vec<u8>) -> Analysis {
    let mut zip = ZipContainer::open(Cursor::new(bytes)).expect("a zip");
    Analysis::run(&mut zip, &mut NoProgress, Options::default()).expect("analysed")
}

#[test]
fn a_known_network_gives_exact_figures() {
    let k = known();
    let r = analysis_of(k.archive).report();
    let person = |key: &str| {
        r.network
            .people
            .iter()
            .find(|p| p.key == key)
            .unwrap_or_else(|| panic!("{key}"))
    };

    let jo = person("jo_science");
    assert_eq!((jo.replies, jo.mentions, jo.posts), (7, 0, 7));
    assert_eq!(jo.strength, TieStrength::Strong);
    assert_eq!(jo.name.as_deref(), Some("Jo Park"));
    let ids: Vec<String> = k.jo_posts.iter().map(u64::to_string).collect();
    assert_eq!(jo.post_ids, ids, "every figure traces to its posts");
    let sam = person("sam_maths");
    assert_eq!(
        (sam.replies, sam.strength),
        (2, TieStrength::Medium),
        "repeated contact"
    );
    assert_eq!(person("ali_history").strength, TieStrength::Weak);
    assert_eq!(person("ali_history").replies, 1);

    let y: Vec<(i32, u32, u32, u32, u32)> = r
        .network
        .people_by_year
        .iter()
        .map(|y| (y.year, y.people, y.new, y.kept, y.lost))
        .collect();
    assert_eq!(y[0], (2020, 2, 2, 0, 0));
    let y2021 = y[1];
    assert_eq!(
        (y2021.0, y2021.3, y2021.4),
        (2021, 1, 1),
        "Jo kept, Sam lost"
    );

    // Tools: own blog (named in the bio), video, research.
    let kind = |d: &str| {
        r.network
            .tools
            .iter()
            .find(|t| t.domain == d)
            .map(|t| t.kind)
    };
    assert_eq!(kind("riveraclass.example.org"), Some(ToolKind::OwnSite));
    assert_eq!(kind("youtube.com"), Some(ToolKind::Video));
    assert_eq!(kind("doi.org"), Some(ToolKind::Research));
    assert_eq!(r.network.link_posts, 3);

    // The chat: found, with its live posts, as a space of kind chat.
    let chat = r
        .chats
        .iter()
        .find(|c| c.tag == "ukedchat")
        .expect("ukedchat");
    assert_eq!(chat.sessions.len(), 3);
    assert_eq!(chat.live_posts as usize, k.chat_live);
    let space = r
        .network
        .spaces
        .iter()
        .find(|s| s.tag.eq_ignore_ascii_case("ukedchat"))
        .unwrap();
    assert_eq!(serde_json::to_value(space.kind).unwrap(), "chat");

    // Every post is counted once as conversing or broadcasting; the three link posts are
    // broadcasting.
    let c = &r.network.conversation;
    assert_eq!(u64::from(c.conversing + c.broadcasting), r.totals.posts);
    assert!(c.broadcasting >= 3);
    // Mix: every post has one purpose.
    assert_eq!(
        r.purposes.iter().map(|p| u64::from(p.posts)).sum::<u64>(),
        r.totals.posts
    );
    // Months run without gaps from January 2020 to April 2021.
    assert_eq!(r.timeline.months.len(), 16);
    assert_eq!(r.timeline.months.first().unwrap().month, "2020-01");
    assert_eq!(
        r.timeline
            .months
            .iter()
            .map(|m| u64::from(m.posts))
            .sum::<u64>(),
        r.totals.posts
    );
    // Prompts for both audiences, each resting on figures.
    assert!(r.prompts.iter().any(|p| p.audience == Audience::Teacher));
    assert_eq!(
        r.prompts
            .iter()
            .filter(|p| p.audience == Audience::Mentor)
            .count(),
        5
    );
    assert!(r.prompts.iter().all(|p| !p.basis.is_empty()));
    assert!(
        r.prompts.iter().any(|p| p.id == "chats-ukedchat"),
        "{:?}",
        r.prompts.iter().map(|p| &p.id).collect::<Vec<_>>()
    );
}

/// With the codebook's own weights, which learn nothing from a re-code, so that every
/// figure moves by exactly the one post (learning is tested in `analysis`).
#[test]
fn re_coding_a_post_moves_every_figure_and_the_posts_behind_it_are_listed() {
    let k = known();
    let mut zip = ZipContainer::open(Cursor::new(k.archive)).expect("a zip");
    let options = Options {
        coder: Coder::Rules,
        ..Options::default()
    };
    let mut a = Analysis::run(&mut zip, &mut NoProgress, options).expect("analysed");
    let jo_first = k.jo_posts[0].to_string();
    let before = a.report();
    let page = a.posts(
        PostFilter {
            ids: Some(
                before
                    .network
                    .people
                    .iter()
                    .find(|p| p.key == "jo_science")
                    .unwrap()
                    .post_ids
                    .clone(),
            ),
            ..Default::default()
        },
        0,
        100,
    );
    assert_eq!(page.total, 7);
    let machine = a.post(&jo_first).unwrap();
    let target = if machine.purpose == "personal" {
        "social"
    } else {
        "personal"
    };
    a.recode(&Recode {
        id: jo_first.clone(),
        purpose: target.into(),
        topics: vec![],
    })
    .unwrap();
    let after = a.report();
    let count = |r: &Report, code: &str| r.purposes.iter().find(|p| p.code == code).unwrap().posts;
    assert_eq!(count(&after, target), count(&before, target) + 1);
    assert_eq!(
        count(&after, &machine.purpose),
        count(&before, &machine.purpose) - 1
    );
    let month = &after.timeline.months[0];
    assert_eq!(
        month.purposes.get(target).copied().unwrap_or(0),
        before.timeline.months[0]
            .purposes
            .get(target)
            .copied()
            .unwrap_or(0)
            + 1
    );
    assert_eq!(after.recoded, 1);
    let mut buf = Vec::new();
    a.write_codes_csv(&mut buf, false).unwrap();
    let csv = String::from_utf8(buf).unwrap();
    let row = csv.lines().find(|l| l.starts_with(&jo_first)).unwrap();
    assert!(row.contains(&format!(",{target},")), "{row}");
}

/// Every key the report promises (issues #3 and #4).
#[test]
fn the_report_keeps_its_documented_keys() {
    let r = serde_json::to_value(analysis_of(known().archive).report()).unwrap();
    for key in [
        "totals",
        "account",
        "warnings",
        "sources",
        "chats",
        "people",
        "spaces",
        "tools",
        "purposes",
        "topics",
        "timeline",
        "prompts",
        "concentration",
        "people_by_year",
        "spaces_by_year",
        "conversation",
        "codebook",
        "events",
        "series",
    ] {
        assert!(r.get(key).is_some(), "no {key}");
    }
    for key in ["original", "reply", "repost", "quote"] {
        assert!(r["totals"]["by_kind"][key].is_u64(), "{key}");
    }
    let chat = &r["chats"][0];
    assert_eq!(chat["tag"], "ukedchat", "written without '#'");
    for key in ["sessions", "live_posts", "later_posts", "role"] {
        assert!(chat.get(key).is_some(), "chat has no {key}");
    }
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(schema_path()).expect("docs/report.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

fn assert_valid(validator: &jsonschema::Validator, report: &Report, what: &str) {
    let value = serde_json::to_value(report).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

/// The schema in docs/ is the one the types describe. After changing the report, run
/// `PLN_BLESS=1 cargo test --test integration schema` to write it again, and read the diff.
#[test]
fn the_schema_in_docs_matches_the_report_types() {
    let generated = serde_json::to_string_pretty(&schemars::schema_for!(Report)).unwrap() + "\n";
    assert_blessed(&schema_path(), &generated);
}

/// The page's message types come from this schema (`scripts/gen-types.mjs` writes
/// `www/types.d.ts` from it, and `tsc` checks the page against them): issue 9, the page
/// copied the protocol by hand.
#[test]
fn the_protocol_schema_in_docs_matches_the_message_types() {
    let schema = schemars::schema_for!(pln_lens::protocol::Protocol);
    let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/protocol.schema.json");
    assert_blessed(&path, &generated);
}

/// Writes `generated` to `path` with `PLN_BLESS` set; otherwise checks they are the same.
fn assert_blessed(path: &std::path::Path, generated: &str) {
    if std::env::var_os("PLN_BLESS").is_some() {
        std::fs::write(path, generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date; run PLN_BLESS=1 cargo test --test integration schema",
        path.display()
    );
}

#[test]
fn synthetic_reports_match_the_schema() {
    let v = schema_validator();
    assert_valid(&v, &analysis_of(known().archive).report(), "known network");
    let mut spec = pln_lens::synth::ArchiveSpec::new(teacher_account());
    spec.posts = pln_lens::synth::bulk_posts(
        500,
        3,
        chrono::DateTime::from_timestamp(1_420_070_400, 0).unwrap(),
    );
    assert_valid(&v, &analysis_of(zip_bytes(&spec)).report(), "bulk posts");
    let empty = pln_lens::synth::ArchiveSpec::new(teacher_account());
    assert_valid(&v, &analysis_of(zip_bytes(&empty)).report(), "no posts");
}

#[test]
fn real_fixture_reports_match_the_schema() {
    let dir = fixtures_or_skip!();
    let v = schema_validator();
    let scratch = scratch("schema-fixtures");
    for name in [
        "twitter-rtiatmla-2021",
        "twitter-alrocar-2024",
        "twitter-legacy-csv-2010-2012",
    ] {
        let mut folder = DirContainer::open(&dir.join(name)).expect("fixture folder");
        let r = analyze(&mut folder, &mut NoProgress).expect(name);
        assert!(r.totals.posts > 0, "{name}");
        assert_valid(&v, &r, name);
        // And zipped, as a person would give it.
        let zip = scratch.join(format!("{name}.zip"));
        crate::support::zip_folder(&dir.join(name), None, &zip);
        let file = std::fs::File::open(&zip).unwrap();
        let mut c = ZipContainer::open(file).unwrap();
        let z = analyze(&mut c, &mut NoProgress).unwrap();
        assert_eq!(z.totals.posts, r.totals.posts, "{name}");
        assert_eq!(z.purposes, r.purposes, "{name}");
    }
}
