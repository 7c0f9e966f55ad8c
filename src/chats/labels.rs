//! Reading the marks people put in chat posts: question and answer labels (`Q1:`, `A2`)
//! and the counters of a numbered series (`52/100`, `Day 12`).
//!
//! In: a post's text. Out: the label or the counter, or `None`. Pure and cheap: the regular
//! expressions are compiled once per process.

use std::sync::LazyLock;

use regex::Regex;

/// The codebook's Q/A label (section 4, after Rosenberg et al.'s #NGSSchat studies): any
/// leading @mentions, then `Q` or `A`, an optional space, one or two digits, optional
/// punctuation.
pub const QA_PATTERN: &str = r"^(?:@\w+\s+)*([QqAa])(\s?)(\d{1,2})(\s*)([:.)\-]?)";

static QA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(QA_PATTERN).expect("the Q/A pattern is valid"));

/// The Q/A label a post starts with (after any leading @mentions): `('Q', 1)` for
/// "Q1: How do you...", `('A', 2)` for "@host A2 I think...". The letter is upper-cased.
///
/// The codebook's pattern is applied as written, with four guards against everyday
/// English it would otherwise read as labels:
/// - the number must end the word: "A100", "Q4th", "a1c" are not labels;
/// - a letter, a space and a number with no punctuation after it is an article or a
///   quantity, not a label: "a 10 minute task", "A 5 star day" (write "A 5:" or "A5");
/// - a hyphen after the number must not join a word: "A5-minute" is not a label, "A5 - yes"
///   and "A5- yes" are;
/// - a number followed by a point and a digit is a decimal: "A 26.2 mile race" (seen in a
///   real 2012 archive) is not a label.
pub fn qa_label(text: &str) -> Option<(char, u8)> {
    let text = text.trim_start();
    let caps = QA.captures(text)?;
    let letter = caps.get(1)?.as_str().chars().next()?.to_ascii_uppercase();
    let spaced = !caps.get(2)?.as_str().is_empty();
    let digits = caps.get(3)?;
    let punct = caps.get(5)?.as_str();
    let after_digits = text[digits.end()..].chars().next();
    if after_digits.is_some_and(char::is_alphanumeric) {
        return None;
    }
    if spaced && punct.is_empty() {
        return None;
    }
    let after = text[caps.get(0)?.end()..].chars().next();
    if punct == "-" && after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    if punct == "." && after.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let number = digits.as_str().parse().ok()?;
    Some((letter, number))
}

static COUNTERS: LazyLock<[Regex; 3]> = LazyLock::new(|| {
    [
        // "Day 12", "día 3", "Module 4", "Week 2 of ..." anywhere in the post.
        r"(?i)\b(?:day|d[ií]a|week|semana|module|lesson|episode|part|tip)\s*#?(\d{1,4})\b",
        // "52/100", "61-64/100" at the start.
        r"^(\d{1,4})(?:\s*[-–]\s*\d{1,4})?\s*/\s*\d{1,4}\b",
        // "58 #100DaysOfCode", "55-57 #100DaysOfCode": a number right before a hashtag.
        r"^(\d{1,4})(?:\s*[-–]\s*\d{1,4})?\s+#\w",
    ]
    .map(|p| Regex::new(p).expect("the counter patterns are valid"))
});

/// The counter of a numbered series post: 52 for "52/100 #100DaysOfCode", 55 for
/// "55-57 #100DaysOfCode", 12 for "Day 12 of ...", 3 for "In Module 3, ...". `None` when
/// the post carries no counter.
pub fn series_counter(text: &str) -> Option<u32> {
    let text = text.trim_start();
    COUNTERS
        .iter()
        .find_map(|re| re.captures(text))
        .and_then(|c| c.get(1)?.as_str().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_after_mentions_in_any_case() {
        assert_eq!(qa_label("Q1: How do you give feedback?"), Some(('Q', 1)));
        assert_eq!(qa_label("A2 I think feedback..."), Some(('A', 2)));
        assert_eq!(qa_label("a3. yes"), Some(('A', 3)));
        assert_eq!(qa_label("@host @jo A12) exit tickets"), Some(('A', 12)));
        assert_eq!(qa_label("  q 4: spaced"), Some(('Q', 4)));
        assert_eq!(qa_label("A5 - yes"), Some(('A', 5)));
        assert_eq!(qa_label("A5- yes"), Some(('A', 5)));
        assert_eq!(qa_label("A1"), Some(('A', 1)));
    }

    #[test]
    fn everyday_english_is_not_a_label() {
        for text in [
            "A 10 minute task works",
            "A 26.2 mile bathroom line!",
            "a 5 star lesson",
            "A5-minute starter",
            "A100 reasons",
            "Q4th quarter",
            "Answer: 4",
            "RT @host: Q1: How do you...",
            "Thanks all for a great chat",
            "hello @jo A1",
        ] {
            assert_eq!(qa_label(text), None, "{text}");
        }
    }

    #[test]
    fn series_counters() {
        assert_eq!(
            series_counter("52/100 #100DaysOfCode 👨‍💻 He creado"),
            Some(52)
        );
        assert_eq!(series_counter("61-64/100 #100DaysOfCode"), Some(61));
        assert_eq!(series_counter("55-57 #100DaysOfCode"), Some(55));
        assert_eq!(series_counter("58 #100DaysOfCode 👨‍💻"), Some(58));
        assert_eq!(series_counter("Day 3/30 of #RiveraReads"), Some(3));
        assert_eq!(series_counter("In Module 4, #RTI2021 fellows"), Some(4));
        assert_eq!(series_counter("5 ways to use exit tickets"), None);
        assert_eq!(series_counter("Great chat tonight #edchat"), None);
        assert_eq!(series_counter("Today was a good day"), None);
    }
}
