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
    spec.posts = bulk_posts(30, 1, chrono::DateTime::UNIX_EPOCH);
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
    spec.posts = bulk_posts(200, 2, chrono::DateTime::UNIX_EPOCH);
    let bytes = zip_bytes(&spec);
    let path = dir.join("cut.zip");
    std::fs::write(&path, &bytes[..bytes.len() * 2 / 3]).unwrap();
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
