//! Post HTML made plain: the text a person wrote and the links they put in it.
//!
//! In: the HTML of a Mastodon status (`content`) or profile note (`summary`). Out: [`Plain`],
//! the text with paragraphs as blank lines and `<br>` as line breaks, character references
//! decoded, and the `href` of every link that is not a mention or a hashtag.
//!
//! Why a real tokenizer (html5gum, the WHATWG tokenizer) rather than stripping tags with
//! patterns: statuses come from every server and client, with attributes in any order,
//! entities named and numbered, comments and broken markup; a tokenizer reads them all the
//! way browsers do, and never lets markup through as text. Mastodon hides parts of long
//! URLs in `<span class="invisible">`; their text is kept, so a URL reads whole.

use html5gum::{Token, Tokenizer};

/// A status's HTML as text and links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plain {
    /// The text, trimmed.
    pub text: String,
    /// The `href` of each link to a page (not a mention or a hashtag), in order.
    pub links: Vec<String>,
}

/// Whether an `<a>` is Mastodon's markup for a mention or a hashtag rather than a link.
fn is_person_or_tag(class: &str, rel: &str) -> bool {
    class
        .split_whitespace()
        .any(|c| matches!(c, "mention" | "hashtag" | "u-url"))
        || rel.split_whitespace().any(|r| r == "tag")
}

/// Turns status HTML into [`Plain`].
pub fn plain(html: &str) -> Plain {
    let mut out = Plain::default();
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::String(s) => out.text.push_str(&String::from_utf8_lossy(&s.value)),
            Token::StartTag(tag) => {
                let attr = |name: &[u8]| {
                    tag.attributes
                        .get(name)
                        .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                        .unwrap_or_default()
                };
                match &tag.name[..] {
                    b"br" => out.text.push('\n'),
                    b"p" | b"div" | b"blockquote" | b"li" => paragraph(&mut out.text),
                    b"a" => {
                        let href = attr(b"href");
                        let linked = href.starts_with("http://") || href.starts_with("https://");
                        if linked && !is_person_or_tag(&attr(b"class"), &attr(b"rel")) {
                            out.links.push(href);
                        }
                    }
                    _ => {}
                }
            }
            Token::EndTag(tag) if matches!(&tag.name[..], b"p" | b"div" | b"blockquote") => {
                paragraph(&mut out.text)
            }
            _ => {}
        }
    }
    out.text = out.text.trim().to_string();
    out
}

/// Starts a new paragraph: one blank line, never more, and none at the start.
fn paragraph(text: &mut String) {
    while text.ends_with(' ') {
        text.pop();
    }
    if text.is_empty() || text.ends_with("\n\n") {
        return;
    }
    text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_and_entities() {
        let p = plain("<p>One &amp; two&#39;s</p><p>three<br>four &lt;b&gt;</p>");
        assert_eq!(p.text, "One & two's\n\nthree\nfour <b>");
        assert!(p.links.is_empty());
    }

    #[test]
    fn links_read_whole_and_mentions_and_tags_are_not_links() {
        let html = r#"<p><span class="h-card" translate="no"><a href="https://mastodon.social/@jo" class="u-url mention">@<span>jo</span></a></span> see <a href="https://example.org/a/long-path" target="_blank" rel="nofollow noopener noreferrer"><span class="invisible">https://</span><span class="ellipsis">example.org/a/lo</span><span class="invisible">ng-path</span></a> <a href="https://mastodon.social/tags/EdChat" class="mention hashtag" rel="tag">#<span>EdChat</span></a></p>"#;
        let p = plain(html);
        assert_eq!(p.text, "@jo see https://example.org/a/long-path #EdChat");
        assert_eq!(p.links, ["https://example.org/a/long-path"]);
    }

    #[test]
    fn markup_never_becomes_text() {
        let p = plain("<p>a<script>alert(1)</script><!-- note --><img src=x onerror=y>b</p>");
        assert!(!p.text.contains('<'), "{}", p.text);
        assert!(p.text.starts_with('a') && p.text.ends_with('b'));
        assert_eq!(plain("plain words").text, "plain words");
        assert_eq!(plain("").text, "");
    }
}
