//! Unit tests of the network stage, on tiny inline archives with a known truth.

use super::*;
use crate::fixture::{archive, post, reply, utc};
use crate::model::{AccountRef, Link};
use crate::network::tools::SiteKinds;

fn mention(mut p: Post, handles: &[&str]) -> Post {
    p.mentions = handles.iter().map(|h| AccountRef::handle(h)).collect();
    p
}

fn repost(id: &str, at: DateTime<Utc>, of: &str, also_named: &[&str]) -> Post {
    let mut p = mention(post(id, at, &format!("RT @{of}: something")), also_named);
    p.kind = PostKind::Repost;
    p.shared_from = Some(Box::new(AccountRef::handle(of)));
    p
}

fn quote(id: &str, at: DateTime<Utc>, of: &str) -> Post {
    let mut p = post(id, at, "so true");
    p.kind = PostKind::Quote;
    p.shared_from = Some(Box::new(AccountRef::handle(of)));
    p.links = vec![Link::new(&format!("https://twitter.com/{of}/status/9"))];
    p
}

fn with_links(mut p: Post, urls: &[&str]) -> Post {
    p.links = urls.iter().map(|u| Link::new(u)).collect();
    p
}

fn run(archive: &Archive, own: &[&str]) -> Network {
    let chats = ChatReport::default();
    run_with(archive, own, &chats)
}

fn run_with(archive: &Archive, own: &[&str], chats: &ChatReport) -> Network {
    let purposes: Vec<&str> = archive.posts.iter().map(|_| "share").collect();
    let own: Vec<String> = own.iter().map(|s| s.to_string()).collect();
    let is_own = |l: &Link| own.iter().any(|o| *l.domain == **o);
    let sites = SiteKinds::builtin();
    build(&NetworkInput {
        archive,
        purposes: &purposes,
        chats,
        is_own_site: &is_own,
        sites: &sites,
        time_zone: Tz::UTC,
    })
}

fn person<'a>(n: &'a Network, key: &str) -> &'a PersonTie {
    n.people
        .iter()
        .find(|p| p.key == key)
        .unwrap_or_else(|| panic!("no {key}"))
}

#[test]
fn each_post_person_pair_counts_once_as_its_strongest_act() {
    let a = archive(
        vec![
            // A reply to jo that also names jo and sam: a reply to jo, a mention of sam.
            mention(
                reply("1", utc(2021, 1, 1, 9, 0), "@jo @sam yes", "jo", "99"),
                &["jo", "sam"],
            ),
            // A repost of jo's post that names ali: only the repost is the person's act.
            repost("2", utc(2021, 1, 2, 9, 0), "jo", &["jo", "ali"]),
            quote("3", utc(2021, 2, 3, 9, 0), "Sam"),
            mention(post("4", utc(2021, 3, 4, 9, 0), "thanks @jo"), &["jo"]),
        ],
        vec![],
    );
    let n = run(&a, &[]);
    let jo = person(&n, "jo");
    assert_eq!(
        (jo.replies, jo.reposts, jo.mentions, jo.quotes, jo.posts),
        (1, 1, 1, 0, 3)
    );
    assert_eq!(jo.post_ids, ["1", "2", "4"]);
    assert_eq!(jo.score, REPLY_WEIGHT + REPOST_WEIGHT + MENTION_WEIGHT);
    let sam = person(&n, "sam");
    assert_eq!((sam.mentions, sam.quotes, sam.posts), (1, 1, 2));
    assert_eq!(
        sam.handle.as_deref(),
        Some("sam"),
        "first spelling seen is kept"
    );
    assert!(n.people.iter().all(|p| p.key != "ali"));
    assert_eq!(n.concentration.people, 2);
    assert_eq!(n.concentration.interactions, 5);
    assert_eq!(n.concentration.replies, 1);
    assert_eq!(n.concentration.replied_people, 1);
    // jo has the higher score, so comes first.
    assert_eq!(n.people[0].key, "jo");
    assert_eq!(jo.months_active, 2, "January and March");
    assert_eq!(jo.first_contact, utc(2021, 1, 1, 9, 0));
    assert_eq!(jo.last_contact, utc(2021, 3, 4, 9, 0));
}

#[test]
fn a_reply_naming_only_an_id_joins_the_person_its_mentions_name() {
    let mut first = mention(post("1", utc(2021, 1, 1, 9, 0), "hi @Jo"), &[]);
    first.mentions = vec![AccountRef {
        handle: Some("Jo".into()),
        id: Some("42".into()),
        name: Some("Jo Park".into()),
    }];
    let mut r = reply("2", utc(2021, 1, 2, 9, 0), "agreed", "x", "99");
    r.reply_to.as_mut().unwrap().account = AccountRef {
        id: Some("42".into()),
        ..Default::default()
    };
    let n = run(&archive(vec![first, r], vec![]), &[]);
    assert_eq!(n.people.len(), 1);
    let jo = person(&n, "jo");
    assert_eq!((jo.replies, jo.mentions), (1, 1));
    assert_eq!(jo.name.as_deref(), Some("Jo Park"));
}

#[test]
fn tie_strength_needs_frequency_and_duration() {
    let mut posts = Vec::new();
    // 5 replies to "often" in one month: score 15 but one month -> medium.
    for d in 1..=5 {
        posts.push(reply(
            &format!("o{d}"),
            utc(2021, 1, d, 9, 0),
            "@often yes",
            "often",
            "9",
        ));
    }
    // 5 replies to "steady", one a month: score 15 over 5 months -> strong.
    for m in 1..=5 {
        posts.push(reply(
            &format!("s{m}"),
            utc(2021, m, 10, 9, 0),
            "@steady yes",
            "steady",
            "9",
        ));
    }
    posts.push(mention(
        post("w", utc(2021, 6, 1, 9, 0), "hi @once"),
        &["once"],
    ));
    let n = run(&archive(posts, vec![]), &[]);
    assert_eq!(person(&n, "often").strength, TieStrength::Medium);
    assert_eq!(person(&n, "steady").strength, TieStrength::Strong);
    assert_eq!(person(&n, "once").strength, TieStrength::Weak);
    assert_eq!(n.concentration.one_off_people, 1);
}

#[test]
fn gini_and_hhi_follow_their_textbook_values() {
    assert_eq!(gini(&[5, 5, 5, 5]), 0.0);
    assert!((gini(&[0, 0, 0, 10]) - 0.75).abs() < 1e-9);
    assert_eq!(gini(&[7]), 0.0);
    assert!((hhi(&[1, 1, 1, 1]) - 0.25).abs() < 1e-9);
    assert!((hhi(&[10]) - 1.0).abs() < 1e-9);
    assert_eq!(hhi(&[]), 0.0);
}

#[test]
fn top_shares_count_the_largest_people() {
    let mut posts = Vec::new();
    let mut id = 0;
    // Six people: a gets 5 replies, the rest 1 each: top 5 hold 9 of 10.
    for (who, n) in [("a", 5), ("b", 1), ("c", 1), ("d", 1), ("e", 1), ("f", 1)] {
        for _ in 0..n {
            id += 1;
            posts.push(reply(
                &id.to_string(),
                utc(2021, 1, 1, 9, id),
                "yes",
                who,
                "9",
            ));
        }
    }
    let n = run(&archive(posts, vec![]), &[]);
    let c = &n.concentration;
    assert!((c.top5_share - 0.9).abs() < 1e-9, "{}", c.top5_share);
    assert!((c.replies_top5_share - 0.9).abs() < 1e-9);
    assert_eq!(c.top10_share, 1.0);
    assert!((c.effective_people - 1.0 / (0.25 + 5.0 * 0.01)).abs() < 1e-9);
}

#[test]
fn ties_are_new_kept_returning_or_lost_year_by_year() {
    let r = |id: &str, y: i32, who: &str| reply(id, utc(y, 3, 1, 9, 0), "yes", who, "9");
    let a = archive(
        vec![
            r("1", 2019, "a"),
            r("2", 2019, "b"),
            r("3", 2020, "a"),
            r("4", 2020, "c"),
            // 2021: no posts with people, but a post: the year is listed.
            post("5", utc(2021, 3, 1, 9, 0), "quiet year"),
            r("6", 2022, "b"),
        ],
        vec![],
    );
    let n = run(&a, &[]);
    let years: Vec<(i32, u32, u32, u32, u32, u32)> = n
        .people_by_year
        .iter()
        .map(|y| (y.year, y.people, y.new, y.kept, y.returning, y.lost))
        .collect();
    assert_eq!(
        years,
        [
            (2019, 2, 2, 0, 0, 0),
            (2020, 2, 1, 1, 0, 1),
            (2021, 0, 0, 0, 0, 2),
            (2022, 1, 0, 0, 1, 0),
        ]
    );
    assert_eq!(n.people_by_year[2].posts, 1);
}

#[test]
fn years_follow_the_report_time_zone() {
    // 23:30 UTC on 31 December is already next year in Berlin.
    let a = archive(
        vec![reply("1", utc(2020, 12, 31, 23, 30), "yes", "a", "9")],
        vec![],
    );
    let purposes = ["share"];
    let sites = SiteKinds::builtin();
    let n = build(&NetworkInput {
        archive: &a,
        purposes: &purposes,
        chats: &ChatReport::default(),
        is_own_site: &|_| false,
        sites: &sites,
        time_zone: "Europe/Berlin".parse().unwrap(),
    });
    assert_eq!(n.people_by_year[0].year, 2021);
    assert_eq!(
        n.people[0].years,
        [YearCount {
            year: 2021,
            count: 1
        }]
    );
}

#[test]
fn spaces_group_spellings_and_mark_events_and_chats() {
    let a = archive(
        vec![
            post("1", utc(2021, 1, 1, 9, 0), "#EdTech tools"),
            post("2", utc(2021, 1, 2, 9, 0), "#edtech #edtech again"),
            post("3", utc(2022, 1, 3, 9, 0), "#edtech #ISTE2022"),
        ],
        vec![],
    );
    let chats = ChatReport {
        events: vec![crate::chats::EventTag {
            tag: "ISTE2022".into(),
            posts: 1,
            post_ids: vec!["3".into()],
            first_day: utc(2022, 1, 3, 0, 0).date_naive(),
            last_day: utc(2022, 1, 3, 0, 0).date_naive(),
            days: 1,
            burst: None,
            year_in_name: Some(2022),
            lurking: Default::default(),
        }],
        ..Default::default()
    };
    let n = run_with(&a, &[], &chats);
    let edtech = &n.spaces[0];
    assert_eq!((edtech.tag.as_str(), edtech.posts), ("edtech", 3));
    assert_eq!(edtech.kind, SpaceKind::Hashtag);
    assert_eq!(edtech.post_ids, ["1", "2", "3"]);
    assert_eq!(edtech.purposes["share"], 3);
    assert_eq!(
        edtech.years,
        [
            YearCount {
                year: 2021,
                count: 2
            },
            YearCount {
                year: 2022,
                count: 1
            }
        ]
    );
    assert_eq!(n.spaces[1].kind, SpaceKind::Event);
    let y: Vec<(i32, u32, u32, u32, u32)> = n
        .spaces_by_year
        .iter()
        .map(|y| (y.year, y.hashtags, y.new, y.kept, y.lost))
        .collect();
    assert_eq!(y, [(2021, 1, 1, 0, 0), (2022, 2, 1, 1, 0)]);
}

#[test]
fn tools_are_sites_by_kind_with_own_sites_first_and_quotes_left_out() {
    let a = archive(
        vec![
            with_links(
                post("1", utc(2021, 1, 1, 9, 0), "read"),
                &[
                    "https://www.youtube.com/watch?v=1",
                    "https://mrsjones.blog/post",
                ],
            ),
            with_links(
                post("2", utc(2021, 1, 2, 9, 0), "read"),
                &["https://youtu.be/2"],
            ),
            with_links(
                post("3", utc(2021, 1, 3, 9, 0), "paper"),
                &["https://doi.org/10.1/x", "https://doi.org/10.1/y"],
            ),
            quote("4", utc(2021, 1, 4, 9, 0), "jo"),
        ],
        vec![],
    );
    let n = run(&a, &["mrsjones.blog"]);
    let domains: Vec<(&str, ToolKind, u32)> = n
        .tools
        .iter()
        .map(|t| (t.domain.as_str(), t.kind, t.posts))
        .collect();
    assert_eq!(
        domains,
        [
            ("doi.org", ToolKind::Research, 1),
            ("mrsjones.blog", ToolKind::OwnSite, 1),
            ("youtu.be", ToolKind::Video, 1),
            ("youtube.com", ToolKind::Video, 1),
        ]
    );
    let kinds: Vec<(ToolKind, u32, u32)> = n
        .tool_kinds
        .iter()
        .map(|k| (k.kind, k.posts, k.sites))
        .collect();
    assert_eq!(
        kinds,
        [
            (ToolKind::OwnSite, 1, 1),
            (ToolKind::Research, 1, 1),
            (ToolKind::Video, 2, 2),
        ]
    );
    assert!((n.tool_kinds[2].share - 2.0 / 3.0).abs() < 1e-9);
}

#[test]
fn conversing_is_talking_with_someone_broadcasting_is_the_rest() {
    let a = archive(
        vec![
            reply("1", utc(2021, 1, 1, 9, 0), "@jo yes", "jo", "9"),
            mention(post("2", utc(2021, 1, 1, 9, 0), "thanks @sam"), &["sam"]),
            repost("3", utc(2021, 1, 1, 9, 0), "jo", &["jo"]),
            post("4", utc(2021, 1, 1, 9, 0), "New post on my blog"),
            reply("5", utc(2021, 1, 1, 9, 0), "2/ more", "me", "4"),
        ],
        vec![],
    );
    let n = run(&a, &[]);
    assert_eq!(n.conversation.conversing, 2);
    assert_eq!(n.conversation.broadcasting, 3);
    assert!((n.conversation.conversing_share - 0.4).abs() < 1e-9);
}

#[test]
fn an_empty_archive_gives_an_empty_network_not_a_division_by_zero() {
    let n = run(&Archive::default(), &[]);
    assert!(n.people.is_empty() && n.spaces.is_empty() && n.tools.is_empty());
    assert_eq!(n.concentration, Concentration::default());
    assert_eq!(n.conversation.conversing_share, 0.0);
    assert!(n.people_by_year.is_empty());
}

#[test]
fn apps_posting_for_the_person_are_apps_not_people() {
    let mut posts = Vec::new();
    for d in 1..=3 {
        let mut p = mention(
            post(
                &format!("r{d}"),
                utc(2021, 1, d, 7, 0),
                "Just completed a 5 km run with @RunKeeper",
            ),
            &["RunKeeper"],
        );
        p.client = Some("RunKeeper".into());
        posts.push(p);
    }
    // Named once from another app: still an app (3 of 4 posts).
    posts.push(mention(
        post("w", utc(2021, 1, 9, 7, 0), "my @runkeeper stats"),
        &["runkeeper"],
    ));
    posts.push(reply("j", utc(2021, 1, 5, 9, 0), "@jo yes", "jo", "9"));
    let n = run(&archive(posts, vec![]), &[]);
    assert_eq!(n.people.len(), 1);
    assert_eq!(n.people[0].key, "jo");
    assert_eq!(n.apps.len(), 1);
    assert_eq!((n.apps[0].key.as_str(), n.apps[0].posts), ("runkeeper", 4));
    assert!(n.apps[0].app && !n.people[0].app);
    assert_eq!(n.concentration.people, 1);
    // The app's posts name no one: broadcasting, except the one in the person's own words
    // that names only the app (also broadcasting).
    assert_eq!(
        (n.conversation.conversing, n.conversation.broadcasting),
        (1, 4)
    );
}

#[test]
fn short_or_unrelated_app_names_never_make_an_app() {
    assert!(sent_by_app(Some("RunKeeper"), Some("runkeeper")));
    assert!(sent_by_app(Some("foursquare"), Some("foursquare")));
    assert!(!sent_by_app(Some("web"), Some("web")));
    assert!(!sent_by_app(Some("TweetDeck"), Some("jo_science")));
    assert!(!sent_by_app(None, Some("runkeeper")));
}

#[test]
fn each_year_says_how_many_of_its_months_the_archive_covers() {
    let a = archive(
        vec![
            post("1", utc(2019, 3, 10, 9, 0), "a"),
            post("2", utc(2020, 6, 1, 9, 0), "b"),
            post("3", utc(2021, 1, 20, 9, 0), "c"),
        ],
        vec![],
    );
    let n = run(&a, &[]);
    let months: Vec<(i32, u32)> = n
        .people_by_year
        .iter()
        .map(|y| (y.year, y.months))
        .collect();
    assert_eq!(months, [(2019, 10), (2020, 12), (2021, 1)]);
}

/// Issue 9: network and classify disagreed on X's `/i/web/status/<id>` links; a link to a
/// post, with or without its author's handle, is never a tool.
#[test]
fn links_to_posts_without_a_handle_are_not_tools() {
    let a = archive(
        vec![with_links(
            post("1", utc(2021, 1, 1, 9, 0), "see this"),
            &[
                "https://twitter.com/i/web/status/123",
                "https://x.com/jo/status/9",
                "https://www.edutopia.org/a",
            ],
        )],
        vec![],
    );
    let n = run(&a, &[]);
    let domains: Vec<&str> = n.tools.iter().map(|t| t.domain.as_str()).collect();
    assert_eq!(domains, ["edutopia.org"]);
}
