//! Wasm tests, run inside a dedicated Worker in headless Chromium (`FileReaderSync`
//! exists only in Workers), through wasm-bindgen's test runner: see scripts/test.sh.
#![cfg(target_arch = "wasm32")]

use std::io::{Cursor, Read, Write};

use js_sys::{Array, Uint8Array};
use pln_lens::read::{Container, ZipContainer};
use pln_lens::source::ReadAhead;
use pln_lens::wasm::BlobSlices;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Blob;
use zip::write::SimpleFileOptions;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// A browser Blob holding `bytes`, as a dropped File would.
fn blob_of(bytes: &[u8]) -> Blob {
    let parts = Array::new();
    parts.push(&Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence(&parts).expect("blob")
}

/// A zip with one small data file and a stored "photo" of `media` bytes.
fn archive(media: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("data/tweets.js", SimpleFileOptions::default())
        .unwrap();
    w.write_all(b"window.YTD.tweets.part0 = [ ]").unwrap();
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("data/tweets_media/1-a.jpg", stored).unwrap();
    w.write_all(&vec![7u8; media]).unwrap();
    w.finish().unwrap().into_inner()
}

#[wasm_bindgen_test]
fn blob_slices_open_a_zip_reading_only_its_directory_and_the_entry_asked_for() {
    let media = 8 * 1024 * 1024;
    let bytes = archive(media);
    let source = BlobSlices::new(blob_of(&bytes)).expect("FileReaderSync in a worker");
    let mut zip = ZipContainer::open(ReadAhead::new(source)).expect("open");
    let names: Vec<_> = zip.entries().iter().map(|e| e.name.clone()).collect();
    assert_eq!(names, ["data/tweets.js", "data/tweets_media/1-a.jpg"]);
    let mut text = String::new();
    zip.open("data/tweets.js")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "window.YTD.tweets.part0 = [ ]");
    let stats = zip.into_inner().stats();
    // The 8 MB photo was never read: only headers, the directory and the data entry.
    assert!(
        stats.bytes < 300 * 1024,
        "read {} bytes of {}",
        stats.bytes,
        bytes.len()
    );
}

#[wasm_bindgen_test]
fn analyze_blob_answers_with_a_report_or_a_plain_error() {
    let ok = pln_lens::wasm::analyze_blob(blob_of(&archive(1024))).expect("report");
    let kind = js_sys::Reflect::get(&ok, &JsValue::from_str("type")).unwrap();
    assert_eq!(kind.as_string().as_deref(), Some("report"));

    let err = pln_lens::wasm::analyze_blob(blob_of(b"%PDF-1.4 not an archive")).expect_err("error");
    let kind = js_sys::Reflect::get(&err, &JsValue::from_str("kind")).unwrap();
    assert_eq!(kind.as_string().as_deref(), Some("not_an_archive"));
}

/// Issue #3: the same import runs in the browser Worker on a real fixture. The 2021
/// archive's files are built into the test (read in place from ../shared at compile time,
/// never copied into the project), zipped in memory, read through `FileReaderSync` slices
/// and compared with the figures the native tests pin for the same files.
#[cfg(pln_fixtures)]
#[wasm_bindgen_test]
fn a_real_2021_archive_reads_in_the_worker_as_natively() {
    macro_rules! fixture {
        ($name:literal) => {
            (
                concat!("data/", $name),
                include_bytes!(concat!(
                    env!("PLN_FIXTURES"),
                    "/twitter-rtiatmla-2021/data/",
                    $name
                ))
                .as_slice(),
            )
        };
    }
    let files = [
        fixture!("account.js"),
        fixture!("profile.js"),
        fixture!("manifest.js"),
        fixture!("tweet.js"),
        fixture!("like.js"),
        fixture!("follower.js"),
        fixture!("following.js"),
        fixture!("direct-messages.js"),
        fixture!("lists-member.js"),
    ];
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(name, SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    let reply = pln_lens::wasm::analyze_blob(blob_of(&zip)).expect("report");
    let json: serde_json::Value = serde_json::from_str(
        &js_sys::JSON::stringify(&reply)
            .unwrap()
            .as_string()
            .unwrap(),
    )
    .unwrap();
    let r = &json["report"];
    assert_eq!(r["account"]["handle"], "RTIatMLA");
    assert_eq!(r["totals"]["posts"], 70);
    let k = &r["totals"]["by_kind"];
    assert_eq!(
        (
            k["original"].as_u64(),
            k["thread"].as_u64(),
            k["repost"].as_u64()
        ),
        (Some(44), Some(14), Some(12))
    );
    assert_eq!(r["totals"]["likes"], 29);
    assert_eq!(r["totals"]["followers"], 111);
    let purposes: u64 = r["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["posts"].as_u64().unwrap())
        .sum();
    assert_eq!(purposes, 70, "every post has a purpose");
    assert!(
        r["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["tag"] == "RTI2021")
    );
    assert_eq!(
        r["prompts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["audience"] == "mentor")
            .count(),
        5
    );
}
