//! The bodies of the fuzz targets (issue #11), shared by the libFuzzer targets in
//! `fuzz/fuzz_targets/` (`make fuzz`, nightly) and the stable smoke run in
//! `tests/integration/fuzz.rs` (`make test`).
//!
//! In: arbitrary bytes. Out: nothing; a target fails only by panicking, hanging or
//! allocating without bound. Each puts the bytes where an archive would carry them and runs
//! every parser the archive reaches: the zip directory and entries, the X JSON and JS
//! wrappers with the element framer, the small files (manifest, account), Grailbird's JS
//! files, the legacy CSV, a Mastodon outbox (ActivityStreams JSON with HTML content) and a
//! Bluesky repository (CAR framing, DAG-CBOR blocks, the Merkle Search Tree walk).
//!
//! Invariants checked besides "no panic": the framer's buffer stays within its cap, and
//! every post element is accounted for (read, skipped or duplicate).

use std::io::{Cursor, Read, Write};

use pln_lens::import::elements::{ArrayElements, Framed};
use pln_lens::import::{detect, import};
use pln_lens::read::{AnyContainer, Container, ZipContainer};
use pln_lens::{NoProgress, analyze};

/// A target's body.
pub type Target = fn(&[u8]);

/// Every target, by name (the names of the files in `fuzz/fuzz_targets/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("zip", zip),
    ("x_tweets_js", x_tweets_js),
    ("x_small_files", x_small_files),
    ("elements", elements),
    ("grailbird_js", grailbird_js),
    ("legacy_csv", legacy_csv),
    ("mastodon_outbox", mastodon_outbox),
    ("bluesky_car", bluesky_car),
];

/// A stored (not deflated) zip of `files`: building it costs little per run.
pub fn stored_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in files {
        w.start_file(*name, options).expect("a name");
        w.write_all(body).expect("in memory");
    }
    w.finish().expect("in memory").into_inner()
}

/// Imports `container` and checks the accounting.
fn import_all(container: &mut dyn Container) {
    let Ok(detected) = detect(container) else {
        return;
    };
    if let Ok(archive) = import(container, &detected, &mut NoProgress) {
        let t = &archive.totals;
        assert_eq!(t.posts + t.skipped + t.duplicates, t.found, "{t:?}");
    }
}

/// The bytes as a whole zip: its directory, every entry (read to the end), then the import
/// and the whole report.
pub fn zip(data: &[u8]) {
    let Ok(mut zip) = ZipContainer::open(Cursor::new(data)) else {
        return;
    };
    let names: Vec<String> = zip.entries().iter().map(|e| e.name.clone()).collect();
    for name in names.iter().take(64) {
        if let Ok(mut r) = zip.open(name) {
            let _ = std::io::copy(&mut r.by_ref().take(1 << 24), &mut std::io::sink());
        }
    }
    let _ = analyze(&mut zip, &mut NoProgress);
}

/// The bytes as `data/tweets.js` of an X archive.
pub fn x_tweets_js(data: &[u8]) {
    let bytes = stored_zip(&[("data/tweets.js", data)]);
    let mut zip = ZipContainer::open(Cursor::new(bytes)).expect("a zip");
    import_all(&mut zip);
}

/// The bytes cut in two (at the first NUL, or halfway) as `data/manifest.js` and
/// `data/account.js`, beside a small `data/tweets.js`.
pub fn x_small_files(data: &[u8]) {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let (manifest, account) = (&data[..cut], &data[(cut + 1).min(data.len())..]);
    let tweets = br#"window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "1", "created_at" : "Mon Mar 04 10:00:00 +0000 2024", "full_text" : "hi" } } ]"#;
    let bytes = stored_zip(&[
        ("data/manifest.js", manifest),
        ("data/account.js", account),
        ("data/tweets.js", tweets),
    ]);
    let mut zip = ZipContainer::open(Cursor::new(bytes)).expect("a zip");
    import_all(&mut zip);
}

/// The framer alone, with a small cap so the over-the-cap path runs often.
pub fn elements(data: &[u8]) {
    const CAP: usize = 256;
    let mut it = ArrayElements::with_cap(Cursor::new(data), CAP);
    let mut last = 0u32;
    let mut n = 0u32;
    while let Ok(Some((index, framed))) = it.next_framed() {
        assert!(n == 0 || index == last + 1, "indices run on");
        if let Framed::Element(bytes) = framed {
            assert!(!bytes.is_empty() && bytes.len() <= 4 * CAP + 4096);
        }
        last = index;
        n += 1;
        assert!(it.buffer_capacity() <= 4 * CAP + 256 * 1024);
    }
}

/// The bytes as one of Grailbird's monthly JS files, listed in its tweet index.
pub fn grailbird_js(data: &[u8]) {
    let index = br#"var tweet_index = [ { "file_name" : "data/js/tweets/2013_05.js", "year" : 2013, "var_name" : "tweets_2013_05", "tweet_count" : 2, "month" : 5 } ]"#;
    let bytes = stored_zip(&[
        ("data/js/tweet_index.js", index),
        ("data/js/tweets/2013_05.js", data),
    ]);
    let mut zip = ZipContainer::open(Cursor::new(bytes)).expect("a zip");
    import_all(&mut zip);
}

/// The bytes as a legacy `tweets.csv`.
pub fn legacy_csv(data: &[u8]) {
    let bytes = stored_zip(&[("tweets.csv", data)]);
    let mut zip = ZipContainer::open(Cursor::new(bytes)).expect("a zip");
    import_all(&mut zip);
}

/// The bytes as `outbox.json` of a Mastodon archive, beside a small `actor.json`.
pub fn mastodon_outbox(data: &[u8]) {
    let actor = br#"{"type":"Person","id":"https://social.example/users/me","preferredUsername":"me","name":"Me","summary":"<p>teacher</p>"}"#;
    let bytes = stored_zip(&[("actor.json", actor), ("outbox.json", data)]);
    let mut zip = ZipContainer::open(Cursor::new(bytes)).expect("a zip");
    import_all(&mut zip);
}

/// The bytes as a Bluesky repository (`.car`), opened as any export is: by its first
/// bytes, then the whole report.
pub fn bluesky_car(data: &[u8]) {
    let Ok(mut car) = AnyContainer::open(Cursor::new(data)) else {
        return;
    };
    import_all(&mut car);
    let _ = analyze(&mut car, &mut NoProgress);
}
