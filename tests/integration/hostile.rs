//! Hostile and damaged archives (issue #11): one test per defect found, named after it.
//! Every archive here is built at test time; none holds fixture content.

use std::io::{Cursor, Write};

use pln_lens::error::ErrorKind;
use pln_lens::read::ZipContainer;
use pln_lens::report::Report;
use pln_lens::{NoProgress, analyze};
use zip::write::SimpleFileOptions;

/// A zip of the given files, written as they are.
pub fn zip_with(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in files {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn report(bytes: Vec<u8>) -> pln_lens::error::Result<Report> {
    let mut zip = ZipContainer::open(Cursor::new(bytes))?;
    analyze(&mut zip, &mut NoProgress)
}

fn report_ok(bytes: Vec<u8>) -> Report {
    report(bytes).expect("a report")
}

/// One post as X writes it: each element on its own lines, indented by two spaces.
pub fn x_element(id: u64, date: &str, text: &str) -> String {
    format!(
        "  {{\n    \"tweet\" : {{\n      \"id_str\" : \"{id}\",\n      \"created_at\" : \"{date}\",\n      \"full_text\" : \"{text}\",\n      \"entities\" : {{\n        \"hashtags\" : [ ]\n      }}\n    }}\n  }}"
    )
}

/// A `data/tweets.js` holding `elements`, laid out as X lays it out.
pub fn x_tweets(elements: &[String]) -> String {
    format!("window.YTD.tweets.part0 = [\n{}\n]", elements.join(",\n"))
}

const OK: &str = "Mon Mar 04 10:00:00 +0000 2024";

fn warnings_of<'r>(r: &'r Report, code: &str) -> Vec<&'r str> {
    r.warnings
        .iter()
        .filter(|w| w.code == code)
        .map(|w| w.message.as_str())
        .collect()
}

fn accounted(r: &Report) {
    let t = &r.totals;
    assert_eq!(t.posts + t.skipped + t.duplicates, t.found, "{t:?}");
}

/// Defect 1: an unbalanced `[` or `{` in post 6 of 1,006 lost the 1,000 after it, and
/// the warning said the file was cut short.
#[test]
fn defect_1_one_broken_post_does_not_throw_away_the_rest_of_its_file() {
    let breakages = [
        (
            "an unbalanced brace",
            "      \"entities\" : {\n",
            "      \"entities\" : { {\n",
        ),
        (
            "an unbalanced bracket",
            "        \"hashtags\" : [ ]\n",
            "        \"hashtags\" : [ [ ]\n",
        ),
        (
            "a dropped quote",
            "\"full_text\" : \"post 6\"",
            "\"full_text\" : \"post 6",
        ),
    ];
    for (what, good, bad) in breakages {
        let mut els: Vec<String> = (1..=1006)
            .map(|i| x_element(i, OK, &format!("post {i}")))
            .collect();
        assert!(els[5].contains(good), "{what}");
        els[5] = els[5].replacen(good, bad, 1);
        let r = report_ok(zip_with(&[("data/tweets.js", x_tweets(&els).as_bytes())]));
        accounted(&r);
        assert_eq!(
            (r.totals.found, r.totals.posts, r.totals.skipped),
            (1006, 1005, 1),
            "{what}: {:?}",
            r.warnings
        );
        assert!(
            warnings_of(&r, "damaged_file").is_empty(),
            "{what}: {:?}",
            r.warnings
        );
        let named = warnings_of(&r, "skipped_post");
        assert!(
            named[0].starts_with("post 6 in data/tweets.js"),
            "{what}: {named:?}"
        );
    }
}

/// Defect 1, legacy CSV: an unclosed quote swallowed the next row, and no count showed it.
#[test]
fn defect_1_an_unclosed_quote_in_a_legacy_csv_is_counted() {
    let header = "\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\",\"retweeted_status_id\",\"retweeted_status_user_id\",\"timestamp\",\"source\",\"text\",\"expanded_urls\"\n";
    let row = |id: u32, text: &str| {
        format!(
            "\"{id}\",\"\",\"\",\"\",\"\",\"2010-01-31 22:47:38 +0000\",\"web\",\"{text}\",\"\"\n"
        )
    };
    let mut csv = header.to_string();
    for i in 1..=10 {
        if i == 4 {
            csv.push_str(&format!("\"{i}\",\"\",\"\",\"\",\"\",\"2010-01-31 22:47:38 +0000\",\"web\",\"dropped quote,\"\"\n"));
        } else {
            csv.push_str(&row(i, &format!("post {i}")));
        }
    }
    let r = report_ok(zip_with(&[("tweets.csv", csv.as_bytes())]));
    accounted(&r);
    assert_eq!(r.totals.found, 10, "{:?} {:?}", r.totals, r.warnings);
    assert!(r.totals.posts >= 8, "{:?}", r.totals);
}

/// Defect 2: posts dated in years -262143 and +262142 made the timeline fill millions of
/// empty months.
#[test]
fn defect_2_extreme_dates_are_refused_and_the_timeline_stays_small() {
    let els = [
        x_element(1, "Mon Mar 04 10:00:00 +0000 2024", "real"),
        x_element(2, "Mon Mar 04 10:00:00 +0000 2023", "real too"),
        x_element(3, "-262143-01-01T00:00:00Z", "far past"),
        x_element(4, "+262142-12-31T23:59:59Z", "far future"),
        x_element(5, "Thu Jan 01 00:00:00 +0000 1970", "epoch"),
        x_element(6, "Fri Dec 31 00:00:00 +0000 9999", "far future again"),
    ];
    let started = std::time::Instant::now();
    let r = report_ok(zip_with(&[("data/tweets.js", x_tweets(&els).as_bytes())]));
    assert!(started.elapsed().as_secs() < 10);
    accounted(&r);
    assert_eq!(
        (r.totals.posts, r.totals.skipped),
        (2, 4),
        "{:?}",
        r.warnings
    );
    assert!(r.timeline.months.len() <= 13, "{}", r.timeline.months.len());
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("impossible date")),
        "{:?}",
        r.warnings
    );
    assert!(serde_json::to_vec(&r).unwrap().len() < 2_000_000);
}

/// Defect 3: one 1.5 GB string took everything down with it (here: 3 MB, over the cap).
#[test]
fn defect_3_one_huge_post_is_skipped_and_the_rest_read() {
    let huge = "a".repeat(3 * 1024 * 1024);
    let els = [
        x_element(1, OK, "before"),
        x_element(2, OK, &huge),
        x_element(3, OK, "after"),
    ];
    let r = report_ok(zip_with(&[("data/tweets.js", x_tweets(&els).as_bytes())]));
    accounted(&r);
    assert_eq!(
        (r.totals.found, r.totals.posts, r.totals.skipped),
        (3, 2, 1)
    );
    let named = warnings_of(&r, "skipped_post");
    assert!(named[0].contains("larger than"), "{named:?}");
}

/// Defect 3, the framer alone: an element far over the cap never fills memory.
#[test]
fn defect_3_the_framer_does_not_buffer_an_element_over_the_cap() {
    use pln_lens::import::elements::{ArrayElements, Framed, MAX_ELEMENT_BYTES};
    let mut text = b"x = [ {\"a\": \"".to_vec();
    text.resize(text.len() + 4 * MAX_ELEMENT_BYTES, b'[');
    text.extend_from_slice(b"\"}, {\"b\": 1} ]");
    let mut it = ArrayElements::new(Cursor::new(text));
    let mut seen = Vec::new();
    while let Some((i, el)) = it.next_framed().unwrap() {
        seen.push(match el {
            Framed::Element(b) => (i, String::from_utf8_lossy(b).into_owned()),
            Framed::TooLarge(n) => (i, format!("too large {}", n > 4 * MAX_ELEMENT_BYTES as u64)),
        });
    }
    assert_eq!(
        seen,
        [
            (0, "too large true".to_string()),
            (1, "{\"b\": 1}".to_string())
        ]
    );
    assert!(it.buffer_capacity() <= 2 * MAX_ELEMENT_BYTES);
}

/// Defect 4: an entry declaring exactly 64 MiB escaped the ratio check.
#[test]
fn defect_4_an_entry_of_exactly_the_floor_is_judged_by_its_ratio() {
    let ok = x_tweets(&[x_element(1, OK, "one")]);
    let mut bomb = b"window.YTD.like.part0 = [ ".to_vec();
    bomb.resize(pln_lens::read::RATIO_FLOOR as usize, b' ');
    let r = report_ok(zip_with(&[
        ("data/tweets.js", ok.as_bytes()),
        ("data/like.js", &bomb),
    ]));
    let w = warnings_of(&r, "unreadable_file");
    assert!(w.iter().any(|m| m.contains("zip bomb")), "{:?}", r.warnings);
}

/// Defect 4: a manifest listing `tweets.js` 20,000 times read it 20,000 times.
#[test]
fn defect_4_a_manifest_listing_a_file_many_times_reads_it_once() {
    let tweets = x_tweets(&[x_element(1, OK, "one"), x_element(2, OK, "two")]);
    let listed: Vec<String> = (0..20_000)
        .map(|_| r#"{ "fileName" : "data/tweets.js", "count" : "2" }"#.to_string())
        .collect();
    let manifest = format!(
        "window.__THAR_CONFIG = {{ \"dataTypes\" : {{ \"tweets\" : {{ \"files\" : [ {} ] }} }} }}",
        listed.join(", ")
    );
    let started = std::time::Instant::now();
    let r = report_ok(zip_with(&[
        ("data/manifest.js", manifest.as_bytes()),
        ("data/tweets.js", tweets.as_bytes()),
    ]));
    assert!(started.elapsed().as_secs() < 5);
    assert_eq!(
        (r.totals.found, r.totals.posts, r.totals.duplicates),
        (2, 2, 0)
    );
    assert_eq!(
        r.sources
            .iter()
            .filter(|s| s.entry == "data/tweets.js")
            .count(),
        1
    );
}

/// Defect 4: 3,000 entries pointing at one compressed stream inflated it 3,000 times.
#[test]
fn defect_4_overlapping_entries_are_refused() {
    let bytes = overlapping_zip(50);
    let mut zip = ZipContainer::open(Cursor::new(bytes)).expect("zip");
    use pln_lens::read::Container;
    let names: Vec<String> = zip.entries().iter().map(|e| e.name.clone()).collect();
    assert_eq!(names.len(), 50);
    let mut opened = 0;
    for n in &names {
        if let Ok(mut r) = zip.open(n) {
            opened += 1;
            std::io::copy(&mut r, &mut std::io::sink()).unwrap();
        }
    }
    assert_eq!(opened, 1);
    assert!(!zip.problems().is_empty());
}

/// A zip whose central directory lists `n` entries that all point at the first one's
/// local header (the overlapping-entries zip bomb).
fn overlapping_zip(n: usize) -> Vec<u8> {
    let body = x_tweets(&[x_element(1, OK, "one")]);
    let one = zip_with(&[("data/tweets.js", body.as_bytes())]);
    // Find the central directory record and the end record.
    let cd = one.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
    let eocd = one.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    let record = &one[cd..eocd];
    let name_len = u16::from_le_bytes([record[28], record[29]]) as usize;
    let mut out = one[..cd].to_vec();
    let cd_start = out.len();
    for i in 0..n {
        let mut r = record.to_vec();
        let name = format!("data/tweets-part{i:05}.js");
        // Keep the name's length: "data/tweets.js" is 14 bytes, so rename in place only
        // when the lengths match; otherwise rebuild the record.
        let mut rebuilt = r[..46].to_vec();
        rebuilt[28..30].copy_from_slice(&(name.len() as u16).to_le_bytes());
        rebuilt.extend_from_slice(name.as_bytes());
        rebuilt.extend_from_slice(&r[46 + name_len..]);
        r = rebuilt;
        out.extend_from_slice(&r);
    }
    let cd_len = out.len() - cd_start;
    let mut end = one[eocd..].to_vec();
    end[8..10].copy_from_slice(&(n as u16).to_le_bytes());
    end[10..12].copy_from_slice(&(n as u16).to_le_bytes());
    end[12..16].copy_from_slice(&(cd_len as u32).to_le_bytes());
    end[16..20].copy_from_slice(&(cd_start as u32).to_le_bytes());
    out.extend_from_slice(&end);
    out
}

/// Defect 4: 200,000 part files took minutes, as entry look-ups were quadratic.
#[test]
fn defect_4_many_part_files_are_looked_up_by_name() {
    let n = 20_000;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..n {
        w.start_file(format!("data/tweets-part{i}.js"), opts)
            .unwrap();
        w.write_all(b"window.YTD.tweets.part0 = [ ]").unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    let started = std::time::Instant::now();
    let r = report_ok(bytes);
    assert_eq!(r.sources.len(), n);
    let took = started.elapsed().as_secs_f64();
    assert!(took < 20.0, "{took} s");
}

/// Defect 5: two entries with the same name lost half the posts without a word.
#[test]
fn defect_5_two_entries_with_one_name_are_both_named_in_a_warning() {
    let a = x_tweets(&(1..=10).map(|i| x_element(i, OK, "a")).collect::<Vec<_>>());
    let b = x_tweets(&(11..=20).map(|i| x_element(i, OK, "b")).collect::<Vec<_>>());
    let bytes = same_name_zip(&[
        ("data/tweets.js", a.as_bytes()),
        ("data/tweets.js", b.as_bytes()),
    ]);
    let r = report_ok(bytes);
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.message.contains("twice") || w.message.contains("same name"))
        .collect();
    assert!(!w.is_empty(), "{:?} {:?}", r.totals, r.warnings);
}

/// A zip with entries written as given, duplicate names included (the writer refuses
/// them, so the second name is patched in afterwards).
fn same_name_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut placeholders = Vec::new();
    for (i, (name, body)) in files.iter().enumerate() {
        let mut unique = name.to_string();
        if i > 0 {
            // Same length as the name, different bytes: patched back below.
            unique.replace_range(0..1, "X");
            placeholders.push((unique.clone(), name.to_string()));
        }
        w.start_file(unique, SimpleFileOptions::default()).unwrap();
        w.write_all(body).unwrap();
    }
    let mut bytes = w.finish().unwrap().into_inner();
    for (from, to) in placeholders {
        let (from, to) = (from.as_bytes(), to.as_bytes());
        let mut at = 0;
        while let Some(i) = bytes[at..].windows(from.len()).position(|w| w == from) {
            bytes[at + i..at + i + from.len()].copy_from_slice(to);
            at += i + from.len();
        }
    }
    bytes
}

/// Defect 5: corrupt text was reported as good, as the CRC was never checked.
#[test]
fn defect_5_a_failed_checksum_is_a_warning() {
    let body = x_tweets(&[x_element(1, OK, "hello world")]);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("data/tweets.js", opts).unwrap();
    w.write_all(body.as_bytes()).unwrap();
    let mut bytes = w.finish().unwrap().into_inner();
    let at = bytes.windows(11).position(|w| w == b"hello world").unwrap();
    bytes[at] = b'j';
    let r = report_ok(bytes);
    let w = warnings_of(&r, "damaged_file");
    assert!(w.iter().any(|m| m.contains("checksum")), "{:?}", r.warnings);
}

/// Defect 5: a symbolic link to a part file in a folder was skipped without a word.
#[cfg(unix)]
#[test]
fn defect_5_a_symlinked_part_file_in_a_folder_is_named() {
    let dir = crate::support::scratch("hostile-symlink");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let outside = crate::support::scratch("hostile-symlink-target");
    std::fs::write(
        dir.join("data/tweets.js"),
        x_tweets(&[x_element(1, OK, "a")]),
    )
    .unwrap();
    std::fs::write(outside.join("part1.js"), x_tweets(&[x_element(2, OK, "b")])).unwrap();
    std::os::unix::fs::symlink(outside.join("part1.js"), dir.join("data/tweets-part1.js")).unwrap();
    let mut folder = pln_lens::read::DirContainer::open(&dir).unwrap();
    let r = analyze(&mut folder, &mut NoProgress).unwrap();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("tweets-part1.js") && w.message.contains("link")),
        "{:?}",
        r.warnings
    );
}

/// Defect 6: an encrypted zip gave an empty report with exit 0.
#[test]
fn defect_6_an_encrypted_zip_is_an_error_of_its_own() {
    let body = x_tweets(&[x_element(1, OK, "secret")]);
    // The zip crate writes no encrypted entries without an extra feature: set the
    // "encrypted" flag (bit 0) in the local header and the directory record instead.
    let mut bytes = zip_with(&[("data/tweets.js", body.as_bytes())]);
    bytes[6] |= 1;
    let cd = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
    bytes[cd + 8] |= 1;
    let e = report(bytes).expect_err("an error");
    assert_eq!(e.kind, ErrorKind::Encrypted, "{}", e.message);
    assert!(e.hint().contains("unzip"), "{}", e.hint());
}

/// Defect 6: a zip whose only post file is a bomb gave an empty report with exit 0.
#[test]
fn defect_6_no_readable_post_is_an_error() {
    let mut bomb = b"window.YTD.tweets.part0 = [ ".to_vec();
    bomb.resize(80_000_000, b' ');
    let e = report(zip_with(&[("data/tweets.js", &bomb)])).expect_err("an error");
    assert_eq!(e.kind, ErrorKind::TooLarge, "{}", e.message);
    // Broken posts only: an error too, naming why.
    let els = [x_element(1, "soon", "a"), x_element(2, "later", "b")];
    let e =
        report(zip_with(&[("data/tweets.js", x_tweets(&els).as_bytes())])).expect_err("an error");
    assert_eq!(e.kind, ErrorKind::Malformed, "{}", e.message);
    assert!(e.message.contains("no post"), "{}", e.message);
    // An archive with no posts at all, read cleanly, is not an error.
    let r = report_ok(zip_with(&[(
        "data/tweets.js",
        b"window.YTD.tweets.part0 = [ ]",
    )]));
    assert_eq!(r.totals.posts, 0);
}

/// Defect 7: an archive cut at 95% (every post file intact, media cut) read nothing.
#[test]
fn defect_7_a_cut_download_keeps_what_came_before_the_cut() {
    let tweets = x_tweets(
        &(1..=30)
            .map(|i| x_element(i, OK, "kept"))
            .collect::<Vec<_>>(),
    );
    let media: Vec<u8> = (0..400_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("data/tweets.js", SimpleFileOptions::default())
        .unwrap();
    w.write_all(tweets.as_bytes()).unwrap();
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("data/tweets_media/1-a.jpg", stored).unwrap();
    w.write_all(&media).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let cut = bytes[..bytes.len() * 95 / 100].to_vec();
    let r = report_ok(cut);
    assert_eq!(r.totals.posts, 30);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("cut short") || w.message.contains("recovered")),
        "{:?}",
        r.warnings
    );
}

/// Defect 10: two files announcing u64::MAX posts wrapped the expected count around.
#[test]
fn defect_10_a_huge_announced_count_does_not_wrap_around() {
    let tweets = x_tweets(&[x_element(1, OK, "one")]);
    let manifest = r#"window.__THAR_CONFIG = { "dataTypes" : { "tweets" : { "files" : [
        { "fileName" : "data/tweets.js", "count" : "18446744073709551615" },
        { "fileName" : "data/tweets-part1.js", "count" : "18446744073709551615" } ] } } }"#;
    let r = report_ok(zip_with(&[
        ("data/manifest.js", manifest.as_bytes()),
        ("data/tweets.js", tweets.as_bytes()),
        ("data/tweets-part1.js", tweets.as_bytes()),
    ]));
    assert_ne!(r.totals.expected_posts, Some(18446744073709551614));
}

/// Defect 10: a UTF-16 export gave 20 "not valid JSON" warnings instead of one sentence.
#[test]
fn defect_10_a_utf16_file_is_one_clear_warning() {
    let text = x_tweets(&(1..=20).map(|i| x_element(i, OK, "x")).collect::<Vec<_>>());
    let mut utf16 = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let r = report(zip_with(&[
        ("data/tweets.js", &utf16),
        (
            "data/tweets-part1.js",
            x_tweets(&[x_element(99, OK, "fine")]).as_bytes(),
        ),
    ]))
    .expect("report");
    let about: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.entry.as_deref() == Some("data/tweets.js"))
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(about[0].message.contains("UTF-16"), "{}", about[0].message);
}

/// Defect 10: the error for a folder of something else said "this looks like a zip".
#[test]
fn defect_10_a_folder_is_not_called_a_zip() {
    let dir = crate::support::scratch("hostile-folder");
    std::fs::write(dir.join("notes.txt"), "hello").unwrap();
    let mut folder = pln_lens::read::DirContainer::open(&dir).unwrap();
    let e = analyze(&mut folder, &mut NoProgress).expect_err("an error");
    assert_eq!(e.kind, ErrorKind::UnknownPlatform);
    let said = format!("{}; {}", e.message, e.hint());
    assert!(!said.contains("zip,"), "{said}");
    assert!(said.contains("folder"), "{said}");
}

/// Defect 8: cells starting with `=`, `+`, `-`, `@`, tab or CR were written as they are,
/// the id column included, and a spreadsheet runs them as formulas.
#[test]
fn defect_8_csv_cells_never_start_a_formula() {
    let mut els: Vec<String> = [
        "=HYPERLINK(\"http://evil\")",
        "+1+1",
        "-2",
        "@SUM(A1)",
        "\\tx",
        "\\rx",
        "fine",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| x_element(i as u64 + 1, OK, t))
    .collect();
    els.push(x_element(99, OK, "id").replace("\"id_str\" : \"99\"", "\"id_str\" : \"=1+99\""));
    let zip = zip_with(&[("data/tweets.js", x_tweets(&els).as_bytes())]);
    let dir = crate::support::scratch("hostile-csv");
    let path = dir.join("a.zip");
    std::fs::write(&path, zip).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pln-lens"))
        .args(["codes", path.to_str().unwrap(), "--csv", "--with-text"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut csv = csv::Reader::from_reader(out.stdout.as_slice());
    let mut rows = 0;
    for rec in csv.records() {
        let rec = rec.unwrap();
        rows += 1;
        for cell in rec.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {rec:?}"
            );
        }
    }
    assert!(rows >= 7, "{rows}");
}

/// An account.js naming the owner as given (JSON-escaped by the caller).
fn account_js(handle: &str, name: &str) -> String {
    format!(
        r#"window.YTD.account.part0 = [ {{ "account" : {{ "accountId" : "7", "username" : "{handle}", "accountDisplayName" : "{name}", "createdAt" : "2015-01-01T00:00:00.000Z" }} }} ]"#
    )
}

/// Defect 9: names, hashtags, mentions and entry names went to the terminal raw: ESC and
/// OSC sequences passed, and a line break in a name could forge an `error:` line.
#[test]
fn defect_9_the_text_report_cannot_drive_the_terminal() {
    let evil = r"\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007\u001b[2J\nerror: forged\r\u202eevil";
    let post = |i: u64| {
        format!(
            r#"  {{ "tweet" : {{ "id_str" : "{i}", "created_at" : "{OK}", "full_text" : "hi #tag{evil} @who{evil}", "entities" : {{ "hashtags" : [ {{ "text" : "tag{evil}" }} ], "user_mentions" : [ {{ "screen_name" : "who{evil}", "id_str" : "5" }} ], "urls" : [ {{ "expanded_url" : "https://ex{evil}.org/a" }} ] }} }} }}"#
        )
    };
    let els: Vec<String> = (1..=5).map(post).collect();
    let zip = zip_with(&[
        (
            "data/account.js",
            account_js(&format!("me{evil}"), &format!("Name{evil}")).as_bytes(),
        ),
        ("data/tweets.js", x_tweets(&els).as_bytes()),
        (
            &format!("data/tweets-part1{}.js", "\u{1b}[31m\nerror: x"),
            b"window.YTD.tweets.part1 = [ {",
        ),
    ]);
    let dir = crate::support::scratch("hostile-terminal");
    let path = dir.join("a.zip");
    std::fs::write(&path, zip).unwrap();
    for args in [&["report"][..], &["check"][..]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pln-lens"))
            .args(args)
            .arg(&path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        for text in [&stdout, &stderr] {
            assert!(
                !text
                    .chars()
                    .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
                "{text:?}"
            );
            assert!(!text.lines().any(|l| l.starts_with("error:")), "{text}");
        }
        assert!(stdout.contains("\\u{1b}"), "escapes are shown: {stdout}");
    }
}

/// Defect 3, small files: a huge `account.js` was read whole into memory.
#[test]
fn defect_3_a_huge_small_file_is_refused_and_the_posts_read() {
    let mut account = b"window.YTD.account.part0 = [ { \"account\" : { \"username\" : \"".to_vec();
    account.resize(20 * 1024 * 1024, b'a');
    account.extend_from_slice(b"\" } } ]");
    let r = report_ok(zip_with(&[
        ("data/account.js", &account),
        (
            "data/tweets.js",
            x_tweets(&[x_element(1, OK, "one")]).as_bytes(),
        ),
    ]));
    assert_eq!(r.totals.posts, 1);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("data/account.js is larger than")),
        "{:?}",
        r.warnings
    );
}

/// A post with links, as X writes it.
fn linking_element(id: u64, date: &str, urls: &[&str]) -> String {
    let urls: Vec<String> = urls
        .iter()
        .map(|u| {
            format!(
                r#"{{ "url" : "https://t.co/abc", "expanded_url" : "{u}", "display_url" : "x" }}"#
            )
        })
        .collect();
    format!(
        r#"  {{ "tweet" : {{ "id_str" : "{id}", "created_at" : "{date}", "full_text" : "look https://t.co/abc", "entities" : {{ "urls" : [ {} ] }} }} }}"#,
        urls.join(", ")
    )
}

/// Honest data: when the export gives only `t.co` as the expanded address, the report said
/// "78% of your links go to one site (t.co)" and "0% go to research".
#[test]
fn honest_data_a_shortened_link_is_site_unknown() {
    let mut els: Vec<String> = (1..=30)
        .map(|i| linking_element(i, OK, &["https://t.co/x"]))
        .collect();
    for i in 31..=36 {
        els.push(linking_element(i, OK, &["https://doi.org/10.1/x"]));
    }
    for i in 37..=40 {
        els.push(linking_element(i, OK, &["https://www.edutopia.org/a"]));
    }
    let r = report_ok(zip_with(&[("data/tweets.js", x_tweets(&els).as_bytes())]));
    let n = &r.network;
    assert_eq!((n.link_posts, n.known_link_posts), (40, 10));
    assert_ne!(n.tools[0].domain, "t.co", "{:?}", n.tools);
    assert_eq!(n.tools.last().unwrap().domain, "t.co");
    let research = n
        .tool_kinds
        .iter()
        .find(|k| k.kind == pln_lens::network::tools::ToolKind::Research)
        .unwrap();
    assert!((research.share - 0.6).abs() < 1e-9, "{}", research.share);
    for p in &r.prompts {
        assert!(!p.text.contains("t.co"), "{}", p.text);
        assert_ne!(p.id, "tools-little-research");
    }
}

/// Honest data: before November 2010 X archives give many posts the time 00:00:00, and the
/// report said "your busiest hour is Wednesday 00:00".
#[test]
fn honest_data_a_midnight_time_before_time_based_ids_is_unknown() {
    let mut els: Vec<String> = (1..=40)
        .map(|i| x_element(1_000_000 + i, "Wed Mar 04 00:00:00 +0000 2009", "no time"))
        .collect();
    for i in 0..5 {
        els.push(x_element(
            2_000_000 + i,
            "Thu Mar 05 14:10:00 +0000 2009",
            "a time",
        ));
    }
    // A time-based id at midnight is a real midnight.
    els.push(x_element(
        1_400_000_000_000_000_000,
        "Wed Mar 04 00:00:00 +0000 2020",
        "late",
    ));
    let r = report_ok(zip_with(&[("data/tweets.js", x_tweets(&els).as_bytes())]));
    let w = &r.timeline.week_hours;
    assert_eq!(w.time_unknown, 40);
    let b = w.busiest.as_ref().unwrap();
    assert_eq!((b.day.as_str(), b.hour, b.posts), ("Thursday", 14, 5));
    assert_eq!(w.counts.iter().flatten().sum::<u32>(), 6);
}
