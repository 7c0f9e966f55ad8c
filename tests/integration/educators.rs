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
