//! Mastodon and Bluesky exports, alone and merged with others (issue 10): the real
//! fixtures read in place with exact counts, and synthetic exports built here for what
//! the fixtures lack (a pre-4.2 `.tar.gz` Mastodon archive, a Bluesky account that
//! replies, quotes and reposts, several platforms in one report).

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use ipld_core::cid::Cid;
use ipld_core::cid::multihash::Multihash;
use ipld_core::ipld::Ipld;
use pln_lens::analysis::{Analysis, Options};
use pln_lens::import::{Platform, detect};
use pln_lens::model::{Archive, Holds, PostKind};
use pln_lens::read::{AnyContainer, Container, DirContainer};
use pln_lens::report::{ByKind, Report};
use pln_lens::synth::{ArchiveSpec, bulk_posts, teacher_account};
use pln_lens::{NoProgress, analyze};
use serde_json::{Value, json};

use crate::support::{scratch, zip_folder};

fn kinds(original: u64, reply: u64, thread: u64, repost: u64, quote: u64) -> ByKind {
    ByKind {
        original,
        reply,
        thread,
        repost,
        quote,
    }
}

fn import(container: &mut dyn Container, platform: Platform) -> Archive {
    let detected = detect(container).expect("detected");
    assert_eq!(detected.platform, platform);
    pln_lens::import::import(container, &detected, &mut NoProgress).expect("archive")
}

fn by_kind(a: &Archive) -> ByKind {
    let mut k = ByKind::default();
    for p in &a.posts {
        k.add(p.kind);
    }
    k
}

fn open_bytes(bytes: Vec<u8>) -> AnyContainer<Cursor<Vec<u8>>> {
    AnyContainer::open(Cursor::new(bytes)).expect("opened")
}

fn accounted(a: &Archive) {
    let t = &a.totals;
    assert_eq!(t.found, t.posts + t.skipped + t.duplicates, "{t:?}");
    assert_eq!(t.posts as usize, a.posts.len());
    assert_eq!(a.platforms.len(), a.posts.len());
}

// ---- Mastodon: the real 4.2+ archive ----

/// The real archive (an excerpt: 57 outbox items, the duplicate `orderedItems` key), as a
/// folder and as the zip a person downloads: the same exact counts either way, checked
/// against a Python `json` reading of the same files.
#[test]
fn the_real_mastodon_archive_reads_with_exact_counts() {
    let dir = crate::fixtures_or_skip!().join("mastodon-dealingwith-2024");
    let zip = scratch("mastodon-fixture").join("archive.zip");
    zip_folder(&dir, None, &zip);
    let from_dir = import(&mut DirContainer::open(&dir).unwrap(), Platform::Mastodon);
    let from_zip = import(
        &mut open_bytes(std::fs::read(&zip).unwrap()),
        Platform::Mastodon,
    );
    for a in [&from_dir, &from_zip] {
        accounted(a);
        assert_eq!(a.totals.found, 57);
        assert_eq!(a.totals.skipped, 0);
        assert_eq!(by_kind(a), kinds(34, 6, 5, 12, 0));
        assert_eq!(a.followers_only.len(), 3);
        assert_eq!(a.likes.len(), 1115);
        assert!(a.followers.is_empty() && a.following.is_empty());
        assert_eq!(
            a.messages.messages, 0,
            "the excerpt holds no direct messages"
        );
        assert_eq!(
            a.owner.handle.as_deref(),
            Some("dealingwith@indieweb.social")
        );
        assert_eq!(
            a.posts.first().unwrap().created_at.to_rfc3339(),
            "2022-11-08T03:07:14+00:00"
        );
        assert_eq!(
            a.posts.last().unwrap().created_at.to_rfc3339(),
            "2023-08-04T03:28:18+00:00"
        );
        let mentions: usize = a.posts.iter().map(|p| p.mentions.len()).sum();
        assert_eq!(mentions, 14);
        let media: u32 = a.posts.iter().map(|p| u32::from(p.media)).sum();
        assert_eq!(media, 24);
        let bookmarks = a.sources.iter().find(|s| s.holds == Holds::Bookmarks);
        assert_eq!(bookmarks.map(|s| s.items), Some(865));
        let lacking: Vec<Holds> = a.lacking.iter().map(|l| l.holds).collect();
        assert_eq!(lacking, [Holds::Followers, Holds::Following]);
        // HTML is text: no markup, and Mastodon's hidden URL parts read whole.
        assert!(
            a.posts
                .iter()
                .all(|p| !p.text.contains("<p>") && !p.text.contains("<span"))
        );
        assert!(a.posts.iter().any(|p| {
            p.text
                .contains("https://daniel.industries/2022/11/07/less-twitter-more-indieweb/")
        }));
    }
    let ids = |a: &Archive| a.posts.iter().map(|p| p.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&from_dir), ids(&from_zip));
}

/// The report says a Mastodon archive has no follower lists instead of showing zeros.
#[test]
fn a_mastodon_report_says_followers_are_not_in_the_archive() {
    let dir = crate::fixtures_or_skip!().join("mastodon-dealingwith-2024");
    let r: Report = analyze(&mut DirContainer::open(&dir).unwrap(), &mut NoProgress).unwrap();
    assert_eq!(r.totals.posts, 57);
    assert_eq!(r.followers_only, 3);
    assert_eq!(r.platforms.len(), 1);
    assert_eq!(r.platforms[0].platform, Platform::Mastodon);
    assert_eq!(r.platforms[0].followers_only, 3);
    assert!(r.across.is_none());
    assert!(
        r.lacking.iter().any(
            |l| l.holds == Holds::Followers && l.why.contains("Mastodon archives hold no list")
        )
    );
}

// ---- Mastodon: synthetic archives for what the fixture lacks ----

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
const ME: &str = "https://school.social/users/rivera";

/// An outbox item as Mastodon before 4.2 wrote it: `@context` and a signature on each.
fn create(n: u32, to: &[&str], cc: &[&str], extra: Value) -> Value {
    let mut note = json!({
        "id": format!("{ME}/statuses/{n}"), "type": "Note",
        "published": format!("2021-03-{:02}T19:00:00Z", n.min(28)),
        "content": format!("<p>Post {n} about reading &amp; writing</p>"),
        "contentMap": {"en": "x"}, "to": to, "cc": cc, "tag": [], "attachment": [],
    });
    if let (Some(o), Value::Object(e)) = (note.as_object_mut(), extra) {
        o.extend(e);
    }
    json!({
        "@context": ["https://www.w3.org/ns/activitystreams"],
        "id": format!("{ME}/statuses/{n}/activity"), "type": "Create", "actor": ME,
        "published": note["published"], "to": to, "cc": cc, "object": note,
        "signature": {"type": "RsaSignature2017", "signatureValue": "abc=="},
    })
}

fn outbox(items: &[Value], total: usize) -> String {
    json!({"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
        "type": "OrderedCollection", "totalItems": total, "orderedItems": items})
    .to_string()
}

fn actor() -> String {
    json!({"@context": ["https://www.w3.org/ns/activitystreams"], "id": ME, "type": "Person",
        "preferredUsername": "rivera", "name": "Ms Rivera",
        "summary": "<p>Year 5 teacher &amp; reader</p>", "published": "2017-04-01T00:00:00Z",
        "outbox": "outbox.json"})
    .to_string()
}

/// The items of the synthetic account: public, followers-only, direct, a boost, a thread
/// and an unlisted post.
fn rivera_items() -> Vec<Value> {
    let followers = format!("{ME}/followers");
    vec![
        create(
            1,
            &[PUBLIC],
            &[&followers],
            json!({"content": "<p><span class=\"h-card\"><a href=\"https://mastodon.social/@ann\" class=\"u-url mention\">@<span>ann</span></a></span> joining <a href=\"https://school.social/tags/edchat\" class=\"mention hashtag\" rel=\"tag\">#<span>edchat</span></a> tonight <a href=\"https://edutopia.org/x\">edutopia.org/x</a></p>",
                "tag": [{"type": "Mention", "href": "https://mastodon.social/users/ann", "name": "@ann@mastodon.social"},
                        {"type": "Hashtag", "href": "https://school.social/tags/edchat", "name": "#edchat"}]}),
        ),
        create(2, &[&followers], &[], json!({})),
        create(
            3,
            &["https://mastodon.social/users/ann"],
            &[],
            json!({"content": "<p>a private word</p>"}),
        ),
        json!({"@context": "https://www.w3.org/ns/activitystreams", "id": format!("{ME}/statuses/4/activity"),
            "type": "Announce", "actor": ME, "published": "2021-03-04T19:00:00Z", "to": [PUBLIC],
            "cc": [followers], "object": "https://mastodon.social/users/ann/statuses/99"}),
        create(
            5,
            &[PUBLIC],
            &[],
            json!({"inReplyTo": format!("{ME}/statuses/1")}),
        ),
        create(6, &[&followers], &[PUBLIC], json!({})),
    ]
}

/// A pre-4.2 archive: a `.tar.gz`, media first (as Mastodon wrote it), items with their
/// own `@context` and signatures, and a `totalItems` that counts what the file lacks.
fn rivera_targz() -> Vec<u8> {
    let items = rivera_items();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("media_attachments/files/000/000/001/original/photo.jpg", vec![0xffu8; 300_000]),
        ("outbox.json", outbox(&items, 40).into_bytes()),
        ("likes.json", br#"{"type":"OrderedCollection","orderedItems":["https://a.b/users/x/statuses/1","https://a.b/users/x/statuses/2"]}"#.to_vec()),
        ("bookmarks.json", br#"{"type":"OrderedCollection","orderedItems":["https://a.b/users/x/statuses/3"]}"#.to_vec()),
        ("actor.json", actor().into_bytes()),
        ("avatar.png", vec![1u8; 1000]),
    ];
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for (name, body) in &files {
        let mut header = tar::Header::new_gnu();
        header.set_size(body.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, &body[..]).unwrap();
    }
    let mut gz = tar.into_inner().unwrap();
    gz.flush().unwrap();
    gz.finish().unwrap()
}

#[test]
fn a_pre_4_2_mastodon_tar_gz_reads_and_direct_messages_stay_out() {
    let mut c = open_bytes(rivera_targz());
    assert_eq!(c.kind(), "tar.gz archive");
    let a = import(&mut c, Platform::Mastodon);
    accounted(&a);
    assert_eq!(
        (a.totals.found, a.totals.posts, a.totals.skipped),
        (6, 5, 1)
    );
    assert_eq!(by_kind(&a), kinds(3, 0, 1, 1, 0));
    assert!(
        a.totals.skipped_reasons[0].0.contains("direct message"),
        "{:?}",
        a.totals.skipped_reasons
    );
    assert!(a.posts.iter().all(|p| !p.text.contains("private word")));
    assert_eq!(a.messages.messages, 1);
    let only: Vec<&str> = a.followers_only.iter().map(|s| &**s).collect();
    assert_eq!(only, [format!("{ME}/statuses/2").as_str()]);
    assert_eq!(a.likes.len(), 2);
    assert_eq!(a.owner.display_name.as_deref(), Some("Ms Rivera"));
    assert_eq!(a.owner.bio.as_deref(), Some("Year 5 teacher & reader"));
    let first = &a.posts[0];
    assert_eq!(&*first.hashtags[0], "edchat");
    assert_eq!(
        first.mentions[0].handle.as_deref(),
        Some("ann@mastodon.social")
    );
    assert_eq!(&*first.links[0].domain, "edutopia.org");
    let boost = a.posts.iter().find(|p| p.kind == PostKind::Repost).unwrap();
    assert_eq!(
        boost.shared_from.as_ref().unwrap().handle.as_deref(),
        Some("ann@mastodon.social")
    );
    // Media were listed, never kept.
    assert!(c.entries().iter().any(|e| e.name.ends_with("photo.jpg")));
    assert!(
        !a.sources.iter().any(|s| s.entry.contains("media")),
        "{:?}",
        a.sources
    );
}

/// Issue 10: Mastodon 4.2+ writes `"orderedItems":[],"orderedItems":[...]`; the last key
/// wins, as in every JSON reader, even when the first is not empty.
#[test]
fn the_last_duplicate_ordered_items_key_is_the_one_read() {
    let a_item = create(1, &[PUBLIC], &[], json!({}));
    let b_item = create(2, &[PUBLIC], &[], json!({}));
    let c_item = create(3, &[PUBLIC], &[], json!({}));
    let text = format!(
        r#"{{"@context":["https://www.w3.org/ns/activitystreams",{{"orderedItems":"as:items"}}],"id":"outbox.json","type":"OrderedCollection","totalItems":3,"orderedItems":[{a_item}],"orderedItems":[{b_item},{c_item}]}}"#
    );
    let zip = zip_of(&[
        ("outbox.json", text.as_bytes()),
        ("actor.json", actor().as_bytes()),
    ]);
    let a = import(&mut open_bytes(zip), Platform::Mastodon);
    let ids: Vec<&str> = a.posts.iter().map(|p| &*p.id).collect();
    assert_eq!(
        ids,
        [format!("{ME}/statuses/2"), format!("{ME}/statuses/3")]
    );
    accounted(&a);
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A broken item is skipped with its reason; the others are read.
#[test]
fn a_broken_outbox_item_is_skipped_and_counted() {
    let good = create(1, &[PUBLIC], &[], json!({}));
    let text = format!(
        r#"{{"orderedItems":[{good},{{"type":"Create","to":["{PUBLIC}"],"object":{{"type":"Note"}}}},{{"type":"Create","object":[1,2]}}]}}"#
    );
    let a = import(
        &mut open_bytes(zip_of(&[("outbox.json", text.as_bytes())])),
        Platform::Mastodon,
    );
    accounted(&a);
    assert_eq!(
        (a.totals.found, a.totals.posts, a.totals.skipped),
        (3, 1, 2)
    );
    assert!(a.warnings.iter().any(|w| w.code == "no_owner"));
}

// ---- Bluesky: the real repositories ----

fn car_fixture(name: &str) -> Option<Vec<u8>> {
    let dir = crate::support::fixtures()?;
    Some(std::fs::read(dir.join("bluesky-indigo").join(name)).expect("fixture"))
}

/// Record counts agree with the fixtures' manifest (23 posts, 1 repost, 2 likes and 3
/// follows; 101 posts, 15 reposts and 60 likes); the old repository's history holds 17
/// follow blocks, of which its current tree keeps 8, and the retired votes,
/// confirmations and declaration are history only.
#[test]
fn the_real_bluesky_repositories_read_with_exact_counts() {
    let Some(bytes) = car_fixture("bnewbold.robocracy.org.20250310005405.car") else {
        return;
    };
    let a = import(&mut open_bytes(bytes), Platform::Bluesky);
    accounted(&a);
    assert_eq!(a.totals.found, 24);
    assert_eq!(by_kind(&a), kinds(21, 2, 0, 1, 0));
    assert_eq!((a.likes.len(), a.following.len()), (2, 3));
    assert_eq!(
        a.owner.id.as_deref(),
        Some("did:plc:nhxcyu4ewwhl5pqil4dotqjo")
    );
    assert_eq!(a.owner.display_name.as_deref(), Some("now roaming free"));
    let other = a
        .warnings
        .iter()
        .find(|w| w.message.contains("does not use"))
        .expect("other records named");
    assert!(
        other.message.contains("com.atproto.lexicon.schema (5)"),
        "{}",
        other.message
    );
    let other_items: u64 = a
        .sources
        .iter()
        .filter(|s| s.holds == Holds::Other)
        .map(|s| s.items)
        .sum();
    assert_eq!(other_items, 8);

    let a = import(
        &mut open_bytes(car_fixture("paul_staging.repo.car").unwrap()),
        Platform::Bluesky,
    );
    accounted(&a);
    assert_eq!(a.totals.found, 116);
    assert_eq!(by_kind(&a), kinds(80, 8, 11, 15, 2));
    assert_eq!((a.likes.len(), a.following.len()), (60, 8));
    assert!(
        a.warnings
            .iter()
            .any(|w| w.message.contains("215 blocks of its history")),
        "{:?}",
        a.warnings
    );
    // Mentions are DIDs with the handle their text wrote.
    assert!(
        a.posts
            .iter()
            .flat_map(|p| &p.mentions)
            .all(|m| m.id.as_deref().is_some_and(|id| id.starts_with("did:")))
    );

    let a = import(
        &mut open_bytes(car_fixture("greenground.repo.car").unwrap()),
        Platform::Bluesky,
    );
    accounted(&a);
    assert_eq!((a.posts.len(), a.following.len()), (0, 2));
}

// ---- Bluesky: a synthetic repository ----

/// A fake CID per number (the reader never checks a block's hash against its bytes).
fn cid(n: u64) -> Cid {
    let mut digest = [0u8; 32];
    digest[..8].copy_from_slice(&n.to_be_bytes());
    Cid::new_v1(0x71, Multihash::<64>::wrap(0x12, &digest).unwrap())
}

/// JSON to IPLD: `{"$link": n}` is a link to `cid(n)`, `{"$bytes": "text"}` bytes.
fn ipld(v: &Value) -> Ipld {
    match v {
        Value::Null => Ipld::Null,
        Value::Bool(b) => Ipld::Bool(*b),
        Value::Number(n) => Ipld::Integer(i128::from(n.as_i64().unwrap())),
        Value::String(s) => Ipld::String(s.clone()),
        Value::Array(a) => Ipld::List(a.iter().map(ipld).collect()),
        Value::Object(o) => match (o.get("$link"), o.get("$bytes")) {
            (Some(n), _) => Ipld::Link(cid(n.as_u64().unwrap())),
            (_, Some(Value::String(s))) => Ipld::Bytes(s.as_bytes().to_vec()),
            _ => Ipld::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), ipld(v)))
                    .collect::<BTreeMap<_, _>>(),
            ),
        },
    }
}

/// A tree node: `left` subtree, then `(key, record, right subtree)` entries with their
/// keys' shared prefixes computed as atproto writes them.
fn mst(left: Option<u64>, entries: &[(&str, u64, Option<u64>)]) -> Value {
    let mut prev = "";
    let e: Vec<Value> = entries
        .iter()
        .map(|(key, value, tree)| {
            let p = prev
                .bytes()
                .zip(key.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            prev = key;
            json!({"p": p, "k": {"$bytes": &key[p..]}, "v": {"$link": value},
                "t": tree.map_or(Value::Null, |t| json!({"$link": t}))})
        })
        .collect();
    json!({"l": left.map_or(Value::Null, |l| json!({"$link": l})), "e": e})
}

fn varint(mut n: u64, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A CARv1 file of these blocks, rooted at `root`.
fn car(root: u64, blocks: &[(u64, Value)]) -> Vec<u8> {
    let header =
        serde_ipld_dagcbor::to_vec(&ipld(&json!({"roots": [{"$link": root}], "version": 1})))
            .unwrap();
    let mut out = Vec::new();
    varint(header.len() as u64, &mut out);
    out.extend(header);
    for (n, value) in blocks {
        let id = cid(*n).to_bytes();
        let data = serde_ipld_dagcbor::to_vec(&ipld(value)).unwrap();
        varint((id.len() + data.len()) as u64, &mut out);
        out.extend(id);
        out.extend(data);
    }
    out
}

const DID: &str = "did:plc:rivera";

fn post_uri(did: &str, key: &str) -> String {
    format!("at://{did}/app.bsky.feed.post/{key}")
}

/// A teacher's repository that replies, continues a thread, quotes (with and without
/// media), reposts, likes and follows, keeps a retired vote and one record of its history.
fn rivera_car() -> Vec<u8> {
    let text = "Thanks @ann.bsky.social for #EduSky tips: edutopia.org/x";
    let at = |s: &str| text.find(s).unwrap();
    let time = |d: u32| format!("2024-05-{d:02}T18:00:00.000Z");
    let records: Vec<(u64, Value)> = vec![
        (
            1,
            json!({"$type": "app.bsky.actor.profile", "displayName": "Ms Rivera", "description": "Year 5"}),
        ),
        (
            2,
            json!({"$type": "app.bsky.feed.like", "createdAt": time(1),
            "subject": {"uri": post_uri("did:plc:bob", "b1"), "cid": "x"}}),
        ),
        (
            10,
            json!({"$type": "app.bsky.feed.post", "text": text, "createdAt": time(2), "langs": ["en"],
            "facets": [
                {"index": {"byteStart": at("@ann"), "byteEnd": at(" for")},
                 "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:ann"}]},
                {"index": {"byteStart": at("#Edu"), "byteEnd": at(" tips")},
                 "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "EduSky"}]},
                {"index": {"byteStart": at("edutopia"), "byteEnd": text.len()},
                 "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://edutopia.org/x"}]}]}),
        ),
        (
            11,
            json!({"$type": "app.bsky.feed.post", "text": "So true!", "createdAt": time(3),
            "reply": {"root": {"uri": post_uri("did:plc:ann", "a1")}, "parent": {"uri": post_uri("did:plc:ann", "a1")}}}),
        ),
        (
            12,
            json!({"$type": "app.bsky.feed.post", "text": "And another thing", "createdAt": time(4),
            "reply": {"root": {"uri": post_uri(DID, "3p1")}, "parent": {"uri": post_uri(DID, "3p1")}}}),
        ),
        (
            13,
            json!({"$type": "app.bsky.feed.post", "text": "Read this", "createdAt": time(5),
            "embed": {"$type": "app.bsky.embed.record", "record": {"uri": post_uri("did:plc:bob", "b2")}}}),
        ),
        (
            14,
            json!({"$type": "app.bsky.feed.post", "text": "Our class today", "createdAt": time(6),
            "embed": {"$type": "app.bsky.embed.recordWithMedia",
                "record": {"record": {"uri": post_uri("did:plc:bob", "b3")}},
                "media": {"$type": "app.bsky.embed.images", "images": [{"alt": ""}, {"alt": ""}]}}}),
        ),
        (
            15,
            json!({"$type": "app.bsky.feed.post", "text": "no date"}),
        ),
        (
            20,
            json!({"$type": "app.bsky.feed.repost", "createdAt": time(7),
            "subject": {"uri": post_uri("did:plc:ann", "a2"), "cid": "x"}}),
        ),
        (
            30,
            json!({"$type": "app.bsky.feed.vote", "direction": "up", "createdAt": time(1)}),
        ),
        (
            40,
            json!({"$type": "app.bsky.graph.follow", "subject": "did:plc:ann", "createdAt": time(1)}),
        ),
        (
            41,
            json!({"$type": "app.bsky.graph.follow", "subject": "did:plc:bob", "createdAt": time(1)}),
        ),
        // History: a post deleted since, in no tree node.
        (
            99,
            json!({"$type": "app.bsky.feed.post", "text": "deleted", "createdAt": time(1)}),
        ),
    ];
    let nodes = vec![
        (
            100,
            mst(
                Some(101),
                &[
                    ("app.bsky.feed.post/3p1", 10, Some(102)),
                    ("app.bsky.feed.post/3p4", 13, None),
                    ("app.bsky.feed.post/3p5", 14, None),
                    ("app.bsky.feed.post/3p6", 15, None),
                    ("app.bsky.feed.repost/3r1", 20, None),
                    ("app.bsky.feed.vote/3v1", 30, Some(103)),
                ],
            ),
        ),
        (
            101,
            mst(
                None,
                &[
                    ("app.bsky.actor.profile/self", 1, None),
                    ("app.bsky.feed.like/3k1", 2, None),
                ],
            ),
        ),
        (
            102,
            mst(
                None,
                &[
                    ("app.bsky.feed.post/3p2", 11, None),
                    ("app.bsky.feed.post/3p3", 12, None),
                ],
            ),
        ),
        (
            103,
            mst(
                None,
                &[
                    ("app.bsky.graph.follow/3f1", 40, None),
                    ("app.bsky.graph.follow/3f2", 41, None),
                ],
            ),
        ),
    ];
    let commit = (
        200,
        json!({"did": DID, "version": 3, "data": {"$link": 100}, "rev": "3kabc", "prev": null, "sig": {"$bytes": "sig"}}),
    );
    let mut blocks = vec![commit];
    blocks.extend(nodes);
    blocks.extend(records);
    car(200, &blocks)
}

#[test]
fn a_bluesky_account_that_replies_quotes_and_reposts() {
    let a = import(&mut open_bytes(rivera_car()), Platform::Bluesky);
    accounted(&a);
    assert_eq!(
        (a.totals.found, a.totals.posts, a.totals.skipped),
        (7, 6, 1)
    );
    assert_eq!(by_kind(&a), kinds(1, 1, 1, 1, 2));
    assert_eq!((a.likes.len(), a.following.len()), (1, 2));
    assert_eq!(a.owner.display_name.as_deref(), Some("Ms Rivera"));
    let first = &a.posts[0];
    assert_eq!(&*first.id, post_uri(DID, "3p1"));
    assert_eq!(first.mentions[0].handle.as_deref(), Some("ann.bsky.social"));
    assert_eq!(&*first.hashtags[0], "EduSky");
    assert_eq!(&*first.links[0].domain, "edutopia.org");
    // The reply names Ann by the handle her mention wrote elsewhere.
    let reply = a.posts.iter().find(|p| p.kind == PostKind::Reply).unwrap();
    assert_eq!(
        reply.reply_to.as_ref().unwrap().account.handle.as_deref(),
        Some("ann.bsky.social")
    );
    let quotes: Vec<u16> = a
        .posts
        .iter()
        .filter(|p| p.kind == PostKind::Quote)
        .map(|p| p.media)
        .collect();
    assert_eq!(quotes, [0, 2]);
    assert!(
        a.posts.iter().all(|p| &*p.text != "deleted"),
        "history is not read"
    );
    let messages: Vec<&str> = a.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("app.bsky.feed.vote (1)")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("1 blocks of its history")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("a post without a date")),
        "{messages:?}"
    );
}

#[test]
fn a_damaged_repository_gives_a_clear_error_not_a_panic() {
    let bytes = rivera_car();
    // Cut inside the first block: the commit is gone.
    let cut = bytes[..80].to_vec();
    let e = AnyContainer::open(Cursor::new(cut))
        .err()
        .expect("an error");
    assert!(e.message.contains("commit"), "{}", e.message);
    // Every shorter cut is an error or a readable part, never a panic.
    for n in (0..bytes.len()).step_by(97) {
        if let Ok(mut c) = AnyContainer::open(Cursor::new(bytes[..n].to_vec()))
            && let Ok(d) = detect(&c)
        {
            let _ = pln_lens::import::import(&mut c, &d, &mut NoProgress);
        }
    }
}

// ---- Several platforms in one report ----

#[test]
fn exports_from_three_platforms_merge_into_one_report() {
    let mut spec = ArchiveSpec::new(teacher_account());
    spec.posts = bulk_posts(
        40,
        3,
        chrono::DateTime::from_timestamp(1_420_070_400, 0).unwrap(),
    );
    let x = crate::support::zip_bytes(&spec);
    let mut x = open_bytes(x);
    let mut mastodon = open_bytes(rivera_targz());
    let mut bluesky = open_bytes(rivera_car());
    let analysis = Analysis::run_many(
        vec![
            ("x.zip".into(), &mut x as &mut dyn Container),
            ("archive.tar.gz".into(), &mut mastodon),
            ("repo.car".into(), &mut bluesky),
        ],
        &mut NoProgress,
        Options::default(),
    )
    .unwrap();
    let a = analysis.archive();
    accounted(a);
    assert_eq!(a.totals.posts, 40 + 5 + 6);
    assert_eq!(
        a.totals.skipped, 2,
        "the direct message and the dateless post"
    );
    let r = analysis.report();
    assert_eq!(r.archive.files.len(), 3);
    assert_eq!(
        r.archive.platform_label,
        "X/Twitter archive + Mastodon archive + Bluesky repository"
    );
    let by: BTreeMap<Platform, u64> = r.platforms.iter().map(|p| (p.platform, p.posts)).collect();
    assert_eq!(
        by,
        BTreeMap::from([
            (Platform::X, 40),
            (Platform::Mastodon, 5),
            (Platform::Bluesky, 6)
        ])
    );
    for p in &r.platforms {
        let purposes: u64 = p.purposes.iter().map(|c| c.posts).sum();
        assert_eq!(
            purposes, p.posts,
            "{:?}: every post has a purpose",
            p.platform
        );
    }
    // Ann is @ann@mastodon.social and @ann.bsky.social: she moved too.
    let across = r.across.as_ref().expect("several platforms");
    let ann = across
        .people
        .iter()
        .find(|m| m.name == "ann")
        .expect("ann moved");
    assert!(ann.on.iter().filter(|c| c.posts > 0).count() >= 2);
    // Entries and warnings name their export; every post row names its platform.
    assert!(
        r.sources
            .iter()
            .any(|s| s.entry == "archive.tar.gz: outbox.json")
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.starts_with("repo.car: "))
    );
    let page = analysis.posts(
        pln_lens::report::posts::PostFilter {
            platform: Some(Platform::Bluesky),
            ..Default::default()
        },
        0,
        100,
    );
    assert_eq!(page.total, 6);
    assert!(page.posts.iter().all(|p| p.platform == Platform::Bluesky));
    let hidden = analysis.posts(
        pln_lens::report::posts::PostFilter {
            followers_only: Some(false),
            ..Default::default()
        },
        0,
        0,
    );
    assert_eq!(
        hidden.total,
        51 - 1,
        "the followers-only post can be left out"
    );
    assert!(
        r.lacking
            .iter()
            .any(|l| l.platform == Platform::Mastodon && l.holds == Holds::Following)
    );
}
