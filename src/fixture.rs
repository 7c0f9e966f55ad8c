//! Tiny inline archives for the unit tests of every stage (compiled only for tests).
//!
//! In: ids, times and texts. Out: [`Post`]s, [`Like`]s and [`Archive`]s built from
//! [`Post::new`], the one place a test starts a post from.

use chrono::{DateTime, TimeZone, Utc};

use crate::model::{AccountRef, Archive, Like, Post, PostKind, ReplyRef};

/// A UTC time.
pub fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// An original post read from `data/tweets.js`; hashtags are read from the `#words` of
/// the text.
pub fn post(id: &str, at: DateTime<Utc>, text: &str) -> Post {
    let mut p = Post::new(id, at, text);
    p.hashtags = text
        .split_whitespace()
        .filter_map(|w| w.strip_prefix('#'))
        .map(|t| t.trim_end_matches(|c: char| !c.is_alphanumeric()).into())
        .collect();
    p.origin.entry = "data/tweets.js".into();
    p
}

/// A reply to `handle`'s post `parent` (a thread continuation when `handle` is "me").
pub fn reply(id: &str, at: DateTime<Utc>, text: &str, handle: &str, parent: &str) -> Post {
    let mut p = post(id, at, text);
    p.kind = if handle == "me" {
        PostKind::Thread
    } else {
        PostKind::Reply
    };
    p.reply_to = Some(Box::new(ReplyRef {
        post_id: Some(parent.into()),
        account: AccountRef::handle(handle),
    }));
    p
}

/// A like of a post with this text.
pub fn like(id: &str, text: &str) -> Like {
    Like {
        post_id: id.into(),
        text: Some(text.into()),
        hashtags: post(id, utc(2020, 1, 1, 0, 0), text).hashtags,
    }
}

/// An archive of these posts and likes.
pub fn archive(posts: Vec<Post>, likes: Vec<Like>) -> Archive {
    Archive {
        posts,
        likes,
        ..Default::default()
    }
}
