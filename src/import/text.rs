//! Small readers of post text and export fields shared by the importers.
//!
//! In: strings from an export. Out: hashtags and mentions found in plain text (for exports
//! without entities, such as legacy CSV and likes), the author of a post URL (to recognise
//! quotes), the app name in a `source` link, and X's HTML-escaped text made plain.
//!
//! The date parser reads X's own layout by position before trying chrono's general
//! parser: measured, chrono's format parsing was the slowest step of an import (every
//! post has a date), and the fixed layout is cheap to check exactly.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::model::PostLink;

/// X escapes `&`, `<` and `>` in post text as HTML entities; this turns them back. The
/// one HTML unescaper: every importer calls it once, so later stages get plain text and
/// must not decode it again.
pub fn unescape_x(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `#hashtags` in plain text, without `#`, in order (Twitter's rule of thumb: after a
/// non-word character, letters/digits/underscores, not digits only).
pub fn hashtags_in(text: &str) -> Vec<std::sync::Arc<str>> {
    tokens_after(text, &['#', '＃'], usize::MAX)
        .into_iter()
        .filter(|t| !t.chars().all(|c| c.is_ascii_digit()))
        .map(Into::into)
        .collect()
}

/// `@handles` in plain text, without `@`, in order (up to 15 ASCII word characters, as
/// X allows; longer runs are e-mail addresses or noise and are still cut at 15).
pub fn mentions_in(text: &str) -> Vec<&str> {
    tokens_after(text, &['@', '＠'], 15)
        .into_iter()
        .filter(|t| t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

fn tokens_after<'a>(text: &'a str, marks: &[char], max_len: usize) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at_boundary = prev.is_none_or(|p| !is_word_char(p) && p != '&');
        if marks.contains(&c) && at_boundary {
            let start = i + c.len_utf8();
            let mut end = start;
            let mut n = 0;
            while let Some(&(j, d)) = chars.peek() {
                if !is_word_char(d) || n == max_len {
                    break;
                }
                end = j + d.len_utf8();
                n += 1;
                chars.next();
            }
            if end > start {
                out.push(&text[start..end]);
            }
            prev = text[..end].chars().next_back();
            continue;
        }
        prev = Some(c);
    }
    out
}

/// For a link to a post on X or Twitter that names its author
/// (`https://twitter.com/<user>/status/<id>`, `x.com`, `mobile.twitter.com`...), the
/// author's handle and the post id ([`PostLink::parse`], which also knows X's
/// `/i/web/status/<id>` links that name no author).
pub fn status_url(url: &str) -> Option<(String, String)> {
    let link = PostLink::parse(url)?;
    Some((link.author?, link.id))
}

/// The app name inside an X `source` field (`<a href="...">TweetDeck</a>`), or the field
/// itself when it is plain text ("web").
pub fn client_name(source: &str) -> Option<&str> {
    let inner = match (source.find('>'), source.rfind("</a>")) {
        (Some(open), Some(close)) if open < close => &source[open + 1..close],
        _ => source,
    };
    let inner = inner.trim();
    (!inner.is_empty()).then_some(inner)
}

/// Parses the dates exports use: X's `Sat Nov 09 12:14:18 +0000 2024`, legacy
/// `2013-05-20 20:47:50 +0000`, and RFC 3339 (`2024-01-30T08:14:27.000Z`).
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if let Some(d) = parse_x_date_utc(t) {
        return Some(d);
    }
    DateTime::parse_from_str(t, "%a %b %d %H:%M:%S %z %Y")
        .or_else(|_| DateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S %z"))
        .or_else(|_| DateTime::parse_from_rfc3339(t))
        .map(|d| d.to_utc())
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|n| n.and_utc())
        })
}

/// X's own layout in UTC, `Sat Nov 09 12:14:18 +0000 2024`, read by position: every post
/// has one, and chrono's general format parser is the slowest step of an import otherwise.
/// Anything else (another offset, another layout) returns `None` for the general path.
fn parse_x_date_utc(t: &str) -> Option<DateTime<Utc>> {
    let b = t.as_bytes();
    if b.len() != 30 || &b[19..26] != b" +0000 " || b[3] != b' ' || b[7] != b' ' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> { t.get(r)?.parse().ok() };
    let month = match &b[4..7] {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    };
    let date = chrono::NaiveDate::from_ymd_opt(num(26..30)? as i32, month, num(8..10)?)?;
    let time = chrono::NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
    Some(date.and_time(time).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_and_handles_like_x_does() {
        let t =
            "RT @Jo_Sci: A1 great #edchat, #ukedchat! mail me@example.com &#39; #2023 #Y7science";
        assert_eq!(mentions_in(t), ["Jo_Sci"]);
        let tags: Vec<_> = hashtags_in(t).iter().map(|s| s.to_string()).collect();
        assert_eq!(tags, ["edchat", "ukedchat", "Y7science"]);
        assert_eq!(
            hashtags_in("#éducation et #NGSSchat")[0].as_ref(),
            "éducation"
        );
    }

    #[test]
    fn recognises_post_links_on_both_domains() {
        let status_url = |u| status_url(u).map(|(a, b)| (leak(a), leak(b)));
        fn leak(s: String) -> &'static str {
            Box::leak(s.into_boxed_str())
        }
        assert_eq!(
            status_url("https://twitter.com/edutopia/status/123?s=20"),
            Some(("edutopia", "123"))
        );
        assert_eq!(status_url("https://x.com/Jo/status/9"), Some(("Jo", "9")));
        assert_eq!(
            status_url("https://mobile.twitter.com/a_b/statuses/5/photo/1"),
            Some(("a_b", "5"))
        );
        assert_eq!(status_url("https://twitter.com/i/web/status/5"), None);
        assert_eq!(status_url("https://example.com/a/status/5"), None);
    }

    #[test]
    fn reads_client_names_and_dates() {
        assert_eq!(
            client_name(
                "<a href=\"https://about.twitter.com/products/tweetdeck\" rel=\"nofollow\">TweetDeck</a>"
            ),
            Some("TweetDeck")
        );
        assert_eq!(client_name("web"), Some("web"));
        let want = "2024-11-09T12:14:18Z";
        for t in [
            "Sat Nov 09 12:14:18 +0000 2024",
            "2024-11-09 12:14:18 +0000",
            "2024-11-09T12:14:18.000Z",
        ] {
            assert_eq!(
                parse_date(t)
                    .unwrap()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                want,
                "{t}"
            );
        }
        assert!(parse_date("yesterday").is_none());
        assert!(
            parse_date("Sat Feb 30 12:14:18 +0000 2024").is_none(),
            "no 30 February"
        );
        // Another offset takes the general path and is still right.
        assert_eq!(
            parse_date("Sat Nov 09 14:14:18 +0200 2024")
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            want
        );
    }

    #[test]
    fn unescapes_only_what_x_escapes() {
        assert_eq!(unescape_x("a &amp;&lt;b&gt; &amp;lt;"), "a &<b> &lt;");
    }
}
