//! Opening containers: zips of every shape, folders, and what is not an archive.

use std::io::Cursor;

use pln_lens::import::{Platform, detect};
use pln_lens::read::{Container, DirContainer, ZipContainer};
use pln_lens::synth::{ArchiveSpec, bulk_posts, teacher_account};

use crate::support::{scratch, zip_bytes, zip_folder};

fn spec(posts: usize) -> ArchiveSpec {
    let mut s = ArchiveSpec::new(teacher_account());
    s.posts = bulk_posts(
        posts,
        3,
        chrono::DateTime::from_timestamp(1_420_070_400, 0).unwrap(),
    );
    s
}

#[test]
fn an_archive_rezipped_under_one_top_folder_is_found_there() {
    let mut s = spec(10);
    s.top_folder = Some("twitter-2024-11-16-abc".into());
    let zip = ZipContainer::open(Cursor::new(zip_bytes(&s))).unwrap();
    let found = detect(&zip).unwrap();
    assert_eq!(found.platform, Platform::X);
    assert_eq!(found.root, "twitter-2024-11-16-abc/");
}

#[test]
fn a_real_fixture_folder_and_its_zip_read_the_same_entries() {
    let fixtures = crate::fixtures_or_skip!();
    let dir = fixtures.join("twitter-rtiatmla-2021");
    let folder = DirContainer::open(&dir).unwrap();
    assert_eq!(detect(&folder).unwrap().platform, Platform::X);

    let out = scratch("fixture-zip").join("rti.zip");
    zip_folder(&dir, Some("RTIatMLA archive"), &out);
    let zip = ZipContainer::open(std::fs::File::open(&out).unwrap()).unwrap();
    let found = detect(&zip).unwrap();
    assert_eq!(found.root, "RTIatMLA archive/");
    let mut in_zip: Vec<_> = zip
        .entries()
        .iter()
        .map(|e| e.name.trim_start_matches(&found.root).to_string())
        .collect();
    in_zip.sort();
    let in_folder: Vec<_> = folder.entries().iter().map(|e| e.name.clone()).collect();
    assert_eq!(in_zip, in_folder);
    assert_eq!(in_folder.len(), 16);
}

#[test]
fn a_zip_of_something_else_is_an_unknown_platform() {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file(
        "holiday/beach.jpg",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let zip = ZipContainer::open(Cursor::new(bytes)).unwrap();
    let e = detect(&zip).unwrap_err();
    assert_eq!(e.kind, pln_lens::ErrorKind::UnknownPlatform);
    assert!(e.message.contains("1 files"), "{}", e.message);
}
