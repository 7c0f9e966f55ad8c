//! The `pln-lens` command: its output contract and its behaviour on bad input (exit status
//! 2 and one `error: ...` line naming the problem and what to do).

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{scratch, zip_bytes};
use pln_lens::synth::{ArchiveSpec, bulk_posts, teacher_account};

fn pln(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pln-lens"))
        .args(args)
        .output()
        .expect("run pln-lens")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Bad input must give exit status 2 and exactly one line starting `error: `.
fn assert_clean_error(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(o));
    let err = stderr(o);
    let lines: Vec<_> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected: {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    assert!(err.contains(needle), "{needle:?} not in {err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn report_json_describes_a_synthetic_archive() {
    let dir = scratch("cli-report-json");
    let path = dir.join("archive.zip");
    let mut spec = ArchiveSpec::new(teacher_account());
    spec.posts = bulk_posts(
        30,
        1,
        chrono::DateTime::from_timestamp(1_420_070_400, 0).unwrap(),
    );
    spec.media_bytes = 2_000_000;
    std::fs::write(&path, zip_bytes(&spec)).unwrap();
    let o = pln(&["report", path.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["archive"]["platform"], "x");
    let data: Vec<_> = json["archive"]["data_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(data.contains(&"data/tweets.js"));
    assert!(!data.iter().any(|n| n.contains("_media/")), "{data:?}");
}

#[test]
fn not_a_zip_is_a_clean_error() {
    let dir = scratch("cli-not-zip");
    let path = dir.join("notes.pdf");
    std::fs::write(&path, b"%PDF-1.7\n...").unwrap();
    assert_clean_error(
        &pln(&["report", path.to_str().unwrap()]),
        "not a zip archive",
    );
}

#[test]
fn an_empty_file_and_a_missing_file_are_clean_errors() {
    let dir = scratch("cli-empty");
    let path = dir.join("empty.zip");
    std::fs::write(&path, b"").unwrap();
    assert_clean_error(&pln(&["report", path.to_str().unwrap()]), "empty");
    let missing = dir.join("nope.zip");
    assert_clean_error(&pln(&["report", missing.to_str().unwrap()]), "cannot open");
}

#[test]
fn a_truncated_download_is_named_as_such() {
    let dir = scratch("cli-truncated");
    let mut spec = ArchiveSpec::new(teacher_account());
    spec.posts = bulk_posts(
        200,
        2,
        chrono::DateTime::from_timestamp(1_420_070_400, 0).unwrap(),
    );
    let bytes = zip_bytes(&spec);
    let path = dir.join("cut.zip");
    // Cut before any post file is whole: nothing to recover (issue #11 recovers the files
    // before a cut, see `hostile::defect_7_...`).
    std::fs::write(&path, &bytes[..bytes.len() / 10]).unwrap();
    assert_clean_error(&pln(&["report", path.to_str().unwrap()]), "incomplete");
}

#[test]
fn generate_writes_an_archive_that_report_reads() {
    let dir = scratch("cli-generate");
    let path = dir.join("gen.zip");
    let p = path.to_str().unwrap();
    let o = pln(&[
        "generate",
        p,
        "--posts",
        "50",
        "--parts",
        "2",
        "--media-bytes",
        "3M",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(Path::new(p).metadata().unwrap().len() > 3_000_000);
    let o = pln(&["report", p, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names = json["archive"]["data_files"].to_string();
    assert!(names.contains("data/tweets-part1.js"), "{names}");
}

/// A small synthetic archive on disk, for the commands below.
fn small_archive(name: &str, posts: usize) -> std::path::PathBuf {
    let dir = scratch(name);
    let path = dir.join("archive.zip");
    let mut spec = ArchiveSpec::new(teacher_account());
    spec.posts = bulk_posts(
        posts,
        5,
        chrono::DateTime::from_timestamp(1_420_070_400, 0).unwrap(),
    );
    std::fs::write(&path, zip_bytes(&spec)).unwrap();
    path
}

#[test]
fn codes_csv_has_one_row_per_post_in_the_documented_columns() {
    let path = small_archive("cli-codes", 120);
    let p = path.to_str().unwrap();
    let report = pln(&["report", p, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let o = pln(&["codes", p, "--csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id",
            "created_at",
            "kind",
            "purpose",
            "topics",
            "chat",
            "live",
            "why"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as u64, json["totals"]["posts"].as_u64().unwrap());
    let purposes: Vec<&str> = json["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    for row in &rows {
        assert!(purposes.contains(&&row[3]), "{:?}", row);
        assert!(!row[7].is_empty(), "every code has a reason: {row:?}");
        assert!(row[1].ends_with('Z'));
    }
    // The purpose counts in the report are the CSV's.
    for p in json["purposes"].as_array().unwrap() {
        let n = rows
            .iter()
            .filter(|r| &r[3] == p["code"].as_str().unwrap())
            .count();
        assert_eq!(n as u64, p["posts"].as_u64().unwrap(), "{}", p["code"]);
    }
    let with_text = pln(&["codes", p, "--with-text"]);
    let mut reader = csv::Reader::from_reader(with_text.stdout.as_slice());
    assert_eq!(reader.headers().unwrap().iter().next_back(), Some("text"));
}

#[test]
fn the_text_report_has_every_section() {
    let path = small_archive("cli-text", 300);
    let o = pln(&["report", path.to_str().unwrap(), "--tz", "Europe/London"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    for needle in [
        "posts from",
        "times in Europe/London",
        "What your posts do",
        "Chats",
        "People",
        "the five most frequent take",
        "Spaces",
        "For reflection",
        "For a mentor, step by step",
        "1. People: who is in the network?",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

#[test]
fn a_researchers_codebook_is_used_and_a_broken_one_is_a_clean_error() {
    let path = small_archive("cli-codebook", 60);
    let p = path.to_str().unwrap();
    let dir = path.parent().unwrap();
    let book = dir.join("mine.toml");
    std::fs::write(
        &book,
        "extends = \"default\"\nname = \"Our study codebook\"\nversion = \"2.0\"\n",
    )
    .unwrap();
    let o = pln(&["report", p, "--json", "--codebook", book.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["codebook"]["name"], "Our study codebook");
    assert_eq!(json["codebook"]["builtin"], false);
    let check = pln(&["codebook", "--check", book.to_str().unwrap()]);
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("a valid codebook"));

    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "precedence = [\"ask\"\n").unwrap();
    assert_clean_error(
        &pln(&["report", p, "--codebook", broken.to_str().unwrap()]),
        "broken.toml",
    );
    assert_clean_error(&pln(&["report", p, "--tz", "Mars/Olympus"]), "Mars/Olympus");
}

#[test]
fn the_builtin_codebook_prints_as_the_data_file_it_is() {
    let o = pln(&["codebook"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text, pln_lens::classify::codebook::DEFAULT_TOML);
    let json = pln(&["codebook", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["purposes"].as_array().unwrap().len() >= 7);
    assert!(
        v["cues"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["reason"].is_string())
    );
}

/// Issue 10: real Mastodon and Bluesky exports are read, alone and together with an X
/// archive in one report (several archives on the command line).
#[test]
fn mastodon_and_bluesky_exports_are_read_alone_and_together() {
    let dir = crate::fixtures_or_skip!();
    let mastodon = dir.join("mastodon-dealingwith-2024");
    let car = dir.join("bluesky-indigo/paul_staging.repo.car");
    let x = dir.join("twitter-rtiatmla-2021");
    let o = pln(&["report", mastodon.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("followers: not in a Mastodon archive"),
        "{text}"
    );
    let o = pln(&["report", car.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["totals"]["posts"], 116);
    let paths = [
        x.to_str().unwrap(),
        mastodon.to_str().unwrap(),
        car.to_str().unwrap(),
    ];
    let o = pln(&["report", paths[0], paths[1], paths[2], "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["totals"]["posts"], 70 + 57 + 116);
    let posts: Vec<u64> = r["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["posts"].as_u64().unwrap())
        .collect();
    assert_eq!(posts, [70, 57, 116]);
    assert_eq!(r["archive"]["files"].as_array().unwrap().len(), 3);
    let o = pln(&["report", paths[0], "/nonexistent/archive.zip"]);
    assert_clean_error(&o, "archive.zip: cannot open");
}

#[test]
fn check_reads_an_archive_and_accounts_for_every_post_without_coding() {
    let path = small_archive("cli-check", 80);
    let p = path.to_str().unwrap();
    let o = pln(&["check", p, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let t = &json["totals"];
    assert_eq!(t["posts"], 80);
    assert_eq!(
        t["found"].as_u64().unwrap(),
        t["posts"].as_u64().unwrap()
            + t["skipped"].as_u64().unwrap()
            + t["duplicates"].as_u64().unwrap()
    );
    assert!(json.get("purposes").is_none(), "nothing is coded");
    let text = pln(&["check", p]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Of 80 post entries found: 80 read"));
}

/// A person's own codes, given back as an edited `codes --csv`: they replace the
/// classifier's, the report counts how far it agreed, and a model file can be named.
#[test]
fn corrections_from_an_edited_codes_csv_are_applied_and_counted() {
    let path = small_archive("cli-corrections", 60);
    let p = path.to_str().unwrap();
    let o = pln(&["codes", p, "--csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The person codes the first five posts "personal", leaves the rest blank, and keeps
    // one as the classifier had it.
    let mut edited = csv::Writer::from_writer(Vec::new());
    edited.write_record(&header).unwrap();
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(String::from).collect();
        cells[3] = match i {
            0..5 => "personal".into(),
            5 => cells[3].clone(),
            _ => String::new(),
        };
        edited.write_record(&cells).unwrap();
    }
    let dir = path.parent().unwrap();
    let corrections = dir.join("mine.csv");
    std::fs::write(&corrections, edited.into_inner().unwrap()).unwrap();
    let c = corrections.to_str().unwrap();

    let o = pln(&["codes", p, "--csv", "--corrections", c]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let after: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for row in &after[..5] {
        assert_eq!(&row[3], "personal", "{row:?}");
    }
    assert_eq!(&after[5][3], &rows[5][3]);

    let o = pln(&["report", p, "--json", "--corrections", c]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let k = &json["corrections"];
    assert_eq!(k["posts"], 6, "{k}");
    let agreed = rows[..5].iter().filter(|r| &r[3] == "personal").count() + 1;
    assert_eq!(k["agreed"].as_u64().unwrap() as usize, agreed, "{k}");
    assert_eq!(k["learned"], true);

    // The built-in model named as a file codes as the default does; a broken one is a
    // clean error.
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/data/model/model.json");
    let with_model = pln(&["codes", p, "--csv", "--model", model]);
    assert!(with_model.status.success(), "{}", stderr(&with_model));
    let default = pln(&["codes", p, "--csv"]);
    assert_eq!(with_model.stdout, default.stdout);
    let broken = dir.join("model.json");
    std::fs::write(&broken, "{\"purposes\": 3}").unwrap();
    assert_clean_error(
        &pln(&["codes", p, "--model", broken.to_str().unwrap()]),
        "model.json",
    );
    let missing_column = dir.join("bad.csv");
    std::fs::write(&missing_column, "id,code\n1,share\n").unwrap();
    assert_clean_error(
        &pln(&[
            "codes",
            p,
            "--corrections",
            missing_column.to_str().unwrap(),
        ]),
        "\"purpose\" column",
    );
}
