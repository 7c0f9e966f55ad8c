//! The five educators' own archives (`../shared/fixtures/educators`, 118,000 real posts):
//! each is read, coded and reported end to end, with every post accounted for. One of them
//! once made the import panic on a link cut short by an ellipsis ("http://t.co…").

use pln_lens::NoProgress;
use pln_lens::analysis::{Analysis, Options};
use pln_lens::read::ZipContainer;

use crate::fixtures_or_skip;

/// Archive, posts (distinct ids, as the fixtures' README counts them), duplicates.
const ARCHIVES: [(&str, u64, u64); 5] = [
    ("bhwilkoff-grailbird.zip", 18_751, 5),
    ("dkuropatwa-grailbird.zip", 24_933, 0),
    ("ellenforsyth-grailbird.zip", 37_567, 62),
    ("hibbittsdesign-grailbird.zip", 5_049, 4_025),
    ("mrkrndvs-grailbird.zip", 32_158, 1),
];

#[test]
fn every_educators_archive_is_read_coded_and_reported() {
    let dir = fixtures_or_skip!().join("educators");
    for (name, posts, duplicates) in ARCHIVES {
        let file = std::fs::File::open(dir.join(name)).expect(name);
        let mut zip = ZipContainer::open(std::io::BufReader::new(file)).expect(name);
        let analysis = Analysis::run(&mut zip, &mut NoProgress, Options::default()).expect(name);
        let report = analysis.report();
        let t = &report.totals;
        assert_eq!(
            (report.totals.posts, t.duplicates, t.skipped),
            (posts, duplicates, 0),
            "{name}"
        );
        let coded: u64 = report.purposes.iter().map(|p| u64::from(p.posts)).sum();
        assert_eq!(coded, posts, "{name}: every post has one purpose");
        assert!(
            !report.chats.is_empty(),
            "{name}: these educators took part in chats"
        );
    }
}

/// Chats outside the directory are counted in the person's own zone, found from their
/// profile's location, so their usual hour is the hour they met at (issue 8, item 5); a
/// dated event's hashtag is not a chat however regular.
#[test]
fn chats_of_real_educators_keep_their_local_hour_and_events_are_not_chats() {
    let dir = fixtures_or_skip!().join("educators");
    // Archive, chat, its zone, usual weekday and hour there.
    let expected = [
        (
            "dkuropatwa-grailbird.zip",
            "mbedchat",
            "America/Winnipeg",
            "Wed",
            21,
        ),
        // The Breakfast Club at 5:30, Colorado.
        (
            "bhwilkoff-grailbird.zip",
            "BFC530",
            "America/Denver",
            "Wed",
            5,
        ),
        (
            "ellenforsyth-grailbird.zip",
            "rwpchat",
            "Australia/Sydney",
            "Tue",
            20,
        ),
    ];
    for (name, tag, zone, weekday, hour) in expected {
        let file = std::fs::File::open(dir.join(name)).expect(name);
        let mut zip = ZipContainer::open(std::io::BufReader::new(file)).expect(name);
        let report = Analysis::run(&mut zip, &mut NoProgress, Options::default())
            .expect(name)
            .report();
        let chat = report.chats.iter().find(|c| c.tag == tag).expect(tag);
        assert_eq!(chat.time_zone, zone, "{name} {tag}");
        assert_eq!(
            (
                chat.typical_weekday.map(|d| d.to_string()),
                chat.typical_hour
            ),
            (Some(weekday.to_string()), Some(hour)),
            "{name} {tag}"
        );
        if name.starts_with("ellenforsyth") {
            assert!(
                report
                    .chats
                    .iter()
                    .all(|c| !c.tag.eq_ignore_ascii_case("nyr12")),
                "#nyr12, the National Year of Reading 2012, is an event"
            );
        }
    }
}
