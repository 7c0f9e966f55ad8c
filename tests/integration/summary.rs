//! Issue 12: the anonymous summary keeps figures only. Every string in a summary made from
//! a whole archive (demo personas, real fixtures) is checked: it must be a codebook code
//! or label, a fixed word, a month, a public chat of the directory or the pseudonym; and
//! no handle, name, id, URL or non-directory hashtag of the archive appears anywhere in
//! the file. https://github.com/pln-lens/pln-lens/issues/12

use std::collections::BTreeSet;
use std::io::Cursor;

use pln_lens::analysis::{Analysis, Options};
use pln_lens::chats::directory::ChatDirectory;
use pln_lens::read::DirContainer;
use pln_lens::summary::{PARTS, Summary};
use pln_lens::synth::{personas::PERSONAS, x_archive};
use pln_lens::{NoProgress, ZipContainer};

/// Every object key and string value in `v`, walking the whole tree.
fn strings(v: &serde_json::Value, keys: &mut Vec<String>, values: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => values.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, keys, values)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                keys.push(k.clone());
                strings(x, keys, values);
            }
        }
        _ => {}
    }
}

/// The field names of the summary's types, from its JSON Schema.
fn field_names() -> BTreeSet<String> {
    let schema = serde_json::to_value(schemars::schema_for!(Summary)).unwrap();
    let mut keys = Vec::new();
    let mut values = Vec::new();
    strings(&schema, &mut keys, &mut values);
    let mut names = BTreeSet::new();
    fn props(v: &serde_json::Value, names: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::Object(p)) = o.get("properties") {
                    names.extend(p.keys().cloned());
                }
                o.values().for_each(|x| props(x, names));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| props(x, names)),
            _ => {}
        }
    }
    props(&schema, &mut names);
    names
}

/// Checks `analysis`'s summary against everything its archive holds.
fn assert_anonymous(analysis: &Analysis, what: &str) {
    let report = analysis.report();
    let summary = Summary::of(&report, Some("Blue Heron"));
    let json = serde_json::to_value(&summary).unwrap();
    let text = serde_json::to_string(&summary).unwrap().to_lowercase();
    let directory = ChatDirectory::builtin();

    // What may appear: the codebook's words, fixed words, the directory, the pseudonym.
    let mut allowed: BTreeSet<String> = BTreeSet::new();
    for c in report
        .codebook
        .purposes
        .iter()
        .chain(&report.codebook.topics)
    {
        allowed.insert(c.code.clone());
        allowed.insert(c.label.clone());
    }
    for t in &report.network.tool_kinds {
        allowed.insert(
            serde_json::to_value(t.kind)
                .unwrap()
                .as_str()
                .unwrap()
                .into(),
        );
        allowed.insert(t.label.clone());
    }
    for r in pln_lens::chats::Role::ALL {
        allowed.insert(r.code().into());
    }
    for e in directory.entries() {
        allowed.insert(e.hashtag.clone());
        allowed.insert(e.name.clone());
    }
    allowed.extend(
        [
            pln_lens::summary::KIND,
            "x",
            "twitter_legacy",
            "mastodon",
            "Blue Heron",
        ]
        .map(String::from),
    );
    let fields = field_names();

    let mut keys = Vec::new();
    let mut values = Vec::new();
    strings(&json, &mut keys, &mut values);
    let month = regex::Regex::new(r"^\d{4}-(0[1-9]|1[0-2])$").unwrap();
    for v in &values {
        assert!(
            allowed.contains(v) || month.is_match(v),
            "{what}: the summary holds {v:?}, which is not a code, label, month or public chat"
        );
    }
    for k in &keys {
        assert!(
            fields.contains(k) || allowed.contains(k),
            "{what}: the summary has a key {k:?} that is not a field or a code"
        );
    }

    // What must not appear anywhere, even inside another string.
    let archive = analysis.archive();
    let mut forbidden: BTreeSet<String> = BTreeSet::new();
    let o = &archive.owner;
    for s in [&o.handle, &o.display_name, &o.id, &o.website, &o.location]
        .into_iter()
        .flatten()
    {
        forbidden.insert(s.to_string());
    }
    for p in &archive.posts {
        forbidden.insert(p.id.to_string());
        for l in &p.links {
            forbidden.insert(l.url.to_string());
            forbidden.insert(l.domain.to_string());
        }
        let accounts = p
            .mentions
            .iter()
            .chain(p.shared_from.as_deref())
            .chain(p.reply_to.as_deref().map(|r| &r.account));
        for a in accounts {
            for s in [&a.handle, &a.id, &a.name].into_iter().flatten() {
                forbidden.insert(s.to_string());
            }
        }
        for h in &p.hashtags {
            if !directory.contains(h) {
                forbidden.insert(h.to_string());
            }
        }
        // Text fragments: every run of four words of every post.
        let words: Vec<&str> = p.text.split_whitespace().collect();
        for w in words.windows(4) {
            forbidden.insert(w.join(" "));
        }
    }
    for person in &report.network.people {
        forbidden.insert(person.key.clone());
    }
    let allowed_lower: Vec<String> = allowed
        .iter()
        .chain(&fields)
        .map(|a| a.to_lowercase())
        .collect();
    let mut checked = 0;
    for f in &forbidden {
        // Short strings (a one-letter handle, id "7", the hashtag "ai") would match
        // numbers and codes by chance; a word inside a code or label ("teaching") is the
        // codebook's and a key such as `conversation` the format's, not the archive's (the check of every value above covers it).
        let lower = f.to_lowercase();
        if f.chars().count() < 5 || allowed_lower.iter().any(|a| a.contains(&lower)) {
            continue;
        }
        checked += 1;
        assert!(
            !text.contains(&lower),
            "{what}: {f:?} from the archive is in the summary"
        );
    }
    assert!(checked > 0, "{what}: nothing was checked");
    assert!(summary.activity.as_ref().unwrap().posts > 0, "{what}");
    eprintln!(
        "{what}: {} strings in the summary, {checked} archive strings absent",
        values.len()
    );
}

#[test]
fn summaries_of_the_demo_personas_hold_nothing_from_the_archive() {
    for persona in PERSONAS {
        let bytes = x_archive::write(&persona.spec(), Cursor::new(Vec::new()))
            .unwrap()
            .into_inner();
        let mut zip = ZipContainer::open(Cursor::new(bytes)).unwrap();
        let analysis = Analysis::run(&mut zip, &mut NoProgress, Options::default()).unwrap();
        assert_anonymous(&analysis, persona.id);
    }
}

#[test]
fn summaries_of_real_archives_hold_nothing_from_the_archive() {
    let dir = crate::fixtures_or_skip!();
    for name in [
        "twitter-rtiatmla-2021",
        "twitter-alrocar-2024",
        "twitter-legacy-csv-2010-2012",
    ] {
        let mut folder = DirContainer::open(&dir.join(name)).expect("fixture folder");
        let analysis = Analysis::run(&mut folder, &mut NoProgress, Options::default()).unwrap();
        assert_anonymous(&analysis, name);
    }
    // A long real 2009-2017 archive with many chats and events.
    let file = std::fs::File::open(dir.join("educators/bhwilkoff-grailbird.zip")).unwrap();
    let mut zip = ZipContainer::open(file).unwrap();
    let analysis = Analysis::run(&mut zip, &mut NoProgress, Options::default()).unwrap();
    assert_anonymous(&analysis, "bhwilkoff-grailbird");
}

#[test]
fn every_part_of_a_summary_can_be_removed_and_read_back() {
    let persona = &PERSONAS[0];
    let bytes = x_archive::write(&persona.spec(), Cursor::new(Vec::new()))
        .unwrap()
        .into_inner();
    let mut zip = ZipContainer::open(Cursor::new(bytes)).unwrap();
    let report = Analysis::run(&mut zip, &mut NoProgress, Options::default())
        .unwrap()
        .report();
    let mut summary = Summary::of(&report, Some("  Blue   Heron "));
    assert_eq!(summary.pseudonym.as_deref(), Some("Blue Heron"));
    let text = serde_json::to_string(&summary).unwrap();
    assert_eq!(Summary::from_json(&text).unwrap(), summary);
    for part in PARTS {
        assert!(summary.remove(part), "{part}");
    }
    assert!(!summary.remove("pseudonym"));
    let json = serde_json::to_value(&summary).unwrap();
    for part in PARTS {
        assert!(json[part].is_null(), "{part}");
    }
    assert!(Summary::from_json(&serde_json::to_string(&summary).unwrap()).is_ok());
    assert!(Summary::from_json(r#"{"kind":"report"}"#).is_err());
    assert!(Summary::from_json("{\"format_version\": 2}").is_err());
}
