//! The elements of a JavaScript data file's array, one at a time, from a stream.
//!
//! In: the inflated bytes of a file such as `data/tweets.js`
//! (`window.YTD.tweets.part0 = [ {...}, {...} ]`) or a legacy
//! `Grailbird.data.tweets_2013_05 = [ ... ]`. Everything before the first `[` is skipped,
//! so the variable name never matters. Out: each array element in turn ([`Framed`]): its
//! raw bytes, which the importer hands to serde_json, or only its size when it is larger
//! than any real element ([`MAX_ELEMENT_BYTES`], or the cap given to
//! [`ArrayElements::with_cap`]).
//!
//! Why frame elements instead of parsing the whole array with serde: memory stays at the
//! size of one element (not the size of the file, which reaches hundreds of MB), the text is
//! scanned once at memchr speed, and one broken element is skipped without losing the rest.
//! This is framing only (brackets, string quotes and line starts); all JSON parsing is
//! serde_json's.
//!
//! Invariants:
//! - Memory is bounded by the cap: an element over it is scanned to its end without being
//!   kept, and reported as [`Framed::TooLarge`].
//! - One broken element costs one element (issue #11). X and Grailbird write each element
//!   on its own lines, its closing `}` at a fixed indentation; the framer learns that
//!   indentation and, when a line at or left of it begins with `{`, `}` or `]` while the
//!   brackets do not balance (an unbalanced `[` or `{`, a dropped quote), ends the broken
//!   element there. A raw line break cannot be inside a JSON string, so one also ends a
//!   string left open by a dropped quote.

use std::io::{self, Read};

/// The initial read buffer; it grows only if a single element is larger.
const INITIAL_BUFFER: usize = 256 * 1024;

/// The largest element kept, in bytes. A real post element is 2-30 KB (a long post with
/// its note and entities stays under 100 KB); 1 MiB is far above any of them and small
/// enough that a hostile 1.5 GB "post" costs 2 MiB of memory, not the page.
pub const MAX_ELEMENT_BYTES: usize = 1024 * 1024;

/// Nesting deeper than this is never a real element (serde_json refuses more than 128
/// levels); deeper brackets are not tracked, so a run of `[[[[` cannot grow memory.
const MAX_NESTING: usize = 512;

/// One framed element.
#[derive(Debug, PartialEq, Eq)]
pub enum Framed<'a> {
    /// The element's bytes.
    Element(&'a [u8]),
    /// An element larger than the cap: only its size in bytes is known; it was not kept.
    TooLarge(u64),
}

/// How a file ended, once [`ArrayElements::next_framed`] returns `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Not finished yet.
    Open,
    /// The array's closing `]` was found.
    Closed,
    /// The data ended inside an element (`index`): the elements before it were complete.
    CutInElement {
        /// The element that was cut.
        index: u32,
    },
    /// The data ended between elements, before the closing `]`.
    CutBetweenElements,
    /// No `[` was found at all.
    NoArray,
}

/// Frames the elements of the first JSON array in a stream.
pub struct ArrayElements<R> {
    reader: R,
    buf: Vec<u8>,
    /// Valid data is `buf[..filled]`.
    filled: usize,
    /// The scan position in `buf`.
    pos: usize,
    /// Bytes dropped from the front of `buf` so far (to report stream offsets).
    consumed: u64,
    started: bool,
    eof: bool,
    index: u32,
    ending: Ending,
    /// The largest element kept.
    cap: usize,
    /// The indentation of the elements' closing lines, once learnt (see the module doc).
    closer_indent: Option<usize>,
}

impl<R: Read> ArrayElements<R> {
    /// Starts framing `reader`, keeping elements up to [`MAX_ELEMENT_BYTES`].
    pub fn new(reader: R) -> Self {
        Self::with_cap(reader, MAX_ELEMENT_BYTES)
    }

    /// Starts framing `reader`, keeping elements up to `cap` bytes.
    pub fn with_cap(reader: R, cap: usize) -> Self {
        ArrayElements {
            reader,
            buf: vec![0; INITIAL_BUFFER.min(cap.max(16))],
            filled: 0,
            pos: 0,
            consumed: 0,
            started: false,
            eof: false,
            index: 0,
            ending: Ending::Open,
            cap,
            closer_indent: None,
        }
    }

    /// The read buffer's size: at most about twice the cap, whatever the input.
    pub fn buffer_capacity(&self) -> usize {
        self.buf.len()
    }

    /// Gives back the reader (to read what follows the array, so its checksum is checked).
    pub fn into_inner(self) -> R {
        self.reader
    }

    /// How the data ended (meaningful after `next_element` returned `None`).
    pub fn ending(&self) -> Ending {
        self.ending
    }

    /// The offset in the stream of the scan position (for error messages).
    pub fn offset(&self) -> u64 {
        self.consumed + self.pos as u64
    }

    /// Reads more data, keeping `buf[keep_from..]`; returns false at the end of the data.
    fn fill(&mut self, keep_from: usize) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if keep_from > 0 {
            self.buf.copy_within(keep_from..self.filled, 0);
            self.filled -= keep_from;
            // While an element over the cap is skipped, the scan has left `pos` behind.
            self.pos = self.pos.saturating_sub(keep_from);
            self.consumed += keep_from as u64;
        }
        if self.filled == self.buf.len() {
            // One element larger than the buffer: grow it.
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.filled..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.filled += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    // One function on purpose: one state machine over the bytes (refill, skip to the
    // array, frame, resume), kept whole so the hot loop of the import compiles as one;
    // measured in benches/BENCHMARKS.md (the import at 1.25x the floor).
    /// The next element's index and bytes (or size, when over the cap), or `None` at the
    /// end (see [`Self::ending`]).
    pub fn next_framed(&mut self) -> io::Result<Option<(u32, Framed<'_>)>> {
        if self.ending != Ending::Open {
            return Ok(None);
        }
        if !self.started {
            loop {
                if let Some(i) = memchr::memchr(b'[', &self.buf[self.pos..self.filled]) {
                    self.pos += i + 1;
                    self.started = true;
                    break;
                }
                self.pos = self.filled;
                let keep = self.pos;
                if !self.fill(keep)? {
                    self.ending = Ending::NoArray;
                    return Ok(None);
                }
            }
        }
        // Skip separators to the start of the next element (or the closing bracket). A
        // stray `}` between elements (one closer too many in the element before) is
        // skipped too: it is no element of its own.
        loop {
            while self.pos < self.filled
                && matches!(
                    self.buf[self.pos],
                    b' ' | b'\n' | b'\r' | b'\t' | b',' | b'}'
                )
            {
                self.pos += 1;
            }
            if self.pos < self.filled {
                break;
            }
            let keep = self.pos;
            if !self.fill(keep)? {
                self.ending = Ending::CutBetweenElements;
                return Ok(None);
            }
        }
        if self.buf[self.pos] == b']' {
            self.pos += 1;
            self.ending = Ending::Closed;
            return Ok(None);
        }
        let mut start = self.pos;
        if self.closer_indent.is_none() && self.buf[start] == b'{' {
            self.closer_indent = indent_before(&self.buf[..self.filled], start);
        }
        let mut state = ScanState {
            at: start,
            open: Vec::new(),
            in_string: false,
        };
        // Bytes of an element over the cap, dropped from the buffer so far.
        let mut dropped: Option<u64> = None;
        loop {
            if let Some((end, closed_at)) =
                scan_element(&self.buf[..self.filled], &mut state, self.closer_indent)
            {
                if let Some(indent) = closed_at.and_then(|p| indent_before(&self.buf, p)) {
                    self.closer_indent = Some(indent);
                }
                self.pos = end;
                let index = self.index;
                self.index += 1;
                return Ok(Some(match dropped {
                    Some(n) => (index, Framed::TooLarge(n + (end - start) as u64)),
                    None => (index, Framed::Element(&self.buf[start..end])),
                }));
            }
            // Need more data. Keep the element so far, moved to the buffer's front, unless
            // it is over the cap: then keep only where the scan resumes.
            let scanned = state.at - start;
            let keep_from = if dropped.is_some() || scanned > self.cap {
                *dropped.get_or_insert(0) += scanned as u64;
                state.at
            } else {
                start
            };
            if !self.fill(keep_from)? {
                self.ending = Ending::CutInElement { index: self.index };
                self.pos = self.filled;
                return Ok(None);
            }
            state.at -= keep_from;
            start = 0;
        }
    }
}

/// The indentation of the line `at` is on, if only spaces and tabs come before it there
/// (and the line's start is in `buf`).
fn indent_before(buf: &[u8], at: usize) -> Option<usize> {
    let indent = buf[..at]
        .iter()
        .rev()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    (at > indent && buf[at - indent - 1] == b'\n').then_some(indent)
}

/// Where the scan of one element stands, so it can resume after a refill.
struct ScanState {
    /// The next byte to look at.
    at: usize,
    /// The closers expected for the brackets and braces still open, innermost last.
    /// Tracking their kinds (not just a depth) means a stray `]` inside a broken object
    /// cannot end the element early and split it into phantom elements.
    open: Vec<u8>,
    /// Inside a string literal.
    in_string: bool,
}

/// Bytes that matter to framing outside strings; everything else (mostly indentation in
/// pretty-printed exports) is skipped in a tight loop.
static STRUCTURAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t[b',' as usize] = true;
    t[b'\n' as usize] = true;
    t
};

// One function on purpose: one state machine over the bytes (brackets, strings, line
// starts), kept whole so the innermost loop of the import compiles as one; measured in
// benches/BENCHMARKS.md (the import at 1.25x the floor).
/// Scans `buf` from `state.at` for the end of the element being framed. Returns the end
/// offset (exclusive) and, when the element closed normally, where its closing bracket is;
/// or `None` when `buf` runs out first (with `state` ready to resume). `closer_indent` is
/// the indentation of element closers, when known (see the module doc).
fn scan_element(
    buf: &[u8],
    state: &mut ScanState,
    closer_indent: Option<usize>,
) -> Option<(usize, Option<usize>)> {
    let mut scan = state.at;
    while scan < buf.len() {
        if state.in_string {
            match memchr::memchr3(b'"', b'\\', b'\n', &buf[scan..]) {
                Some(i) if buf[scan + i] == b'\\' => {
                    // Skip the escaped byte too (it may be a quote); resume here if it is
                    // not in the buffer yet.
                    if scan + i + 1 >= buf.len() {
                        state.at = scan + i;
                        return None;
                    }
                    scan += i + 2;
                }
                Some(i) if buf[scan + i] == b'\n' => {
                    // A raw line break ends a string left open by a dropped quote; look at
                    // the new line as structure.
                    state.in_string = false;
                    scan += i;
                }
                Some(i) => {
                    state.in_string = false;
                    scan += i + 1;
                }
                None => scan = buf.len(),
            }
            continue;
        }
        while scan < buf.len() && !STRUCTURAL[buf[scan] as usize] {
            scan += 1;
        }
        if scan == buf.len() {
            break;
        }
        match buf[scan] {
            b'\n' => {
                if let Some(limit) = closer_indent {
                    let line = &buf[scan + 1..];
                    let indent = line
                        .iter()
                        .take_while(|b| matches!(b, b' ' | b'\t'))
                        .count();
                    let Some(&first) = line.get(indent) else {
                        if indent > limit {
                            // Deeper than any closer: no boundary, whatever comes next.
                            scan += 1;
                            continue;
                        }
                        // The line's start is not in the buffer yet: resume at the break.
                        state.at = scan;
                        return None;
                    };
                    let balanced_closer = first == b'}' && state.open.as_slice() == [b'}'];
                    if indent <= limit && !balanced_closer {
                        match first {
                            // The element's closing line, with its brackets unbalanced.
                            b'}' => return Some((scan + 1 + indent + 1, None)),
                            // The next element, or the array's end: this one ends here.
                            b'{' | b']' => return Some((scan, None)),
                            _ => {}
                        }
                    }
                }
            }
            b'"' => state.in_string = true,
            b'{' | b'[' if state.open.len() >= MAX_NESTING => {}
            b'{' => state.open.push(b'}'),
            b'[' => state.open.push(b']'),
            c @ (b'}' | b']') if state.open.last() == Some(&c) => {
                state.open.pop();
                if state.open.is_empty() {
                    return Some((scan + 1, Some(scan)));
                }
            }
            // A scalar element ends at the next separator.
            b',' | b']' if state.open.is_empty() => return Some((scan, None)),
            // A closer of the wrong kind: broken JSON, which serde will report; ignore it here.
            _ => {}
        }
        scan += 1;
    }
    state.at = scan;
    None
}

/// The JSON value assigned in a small data file, such as the object in
/// `var user_details = {...}` or `window.__THAR_CONFIG = {...}`: the text from the first
/// `{` or `[` on (whichever comes first), with a trailing `;` removed.
pub fn assigned_value(text: &str) -> &str {
    let start = text.find(['{', '[']).unwrap_or(text.len());
    text[start..].trim_end().trim_end_matches(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collects all elements of `text` read through a reader that returns `chunk` bytes at
    /// a time (to exercise elements split across refills).
    fn elements(text: &str, chunk: usize) -> (Vec<String>, Ending) {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut it = ArrayElements::new(Trickle(text.as_bytes(), chunk));
        it.buf = vec![0; 8]; // tiny, to force growth and compaction
        let mut out = Vec::new();
        while let Some((i, framed)) = it.next_framed().unwrap() {
            assert_eq!(i as usize, out.len());
            let Framed::Element(bytes) = framed else {
                panic!("{framed:?}")
            };
            out.push(String::from_utf8(bytes.to_vec()).unwrap());
        }
        (out, it.ending())
    }

    #[test]
    fn frames_objects_with_tricky_strings_whatever_the_chunking() {
        let text = r#"window.YTD.tweets.part0 = [ {"a":"x]}\"{["}, {
  "tweet" : { "t" : "[,]" , "n": [1,2] } } ,{"e":"\\"}]"#;
        for chunk in [1, 2, 3, 7, 64, 4096] {
            let (els, end) = elements(text, chunk);
            assert_eq!(
                els,
                [
                    r#"{"a":"x]}\"{["}"#,
                    "{\n  \"tweet\" : { \"t\" : \"[,]\" , \"n\": [1,2] } }",
                    r#"{"e":"\\"}"#
                ],
                "chunk {chunk}"
            );
            assert_eq!(end, Ending::Closed);
        }
    }

    #[test]
    fn a_mismatched_bracket_does_not_split_an_element() {
        let (els, end) = elements(r#"x = [ {"a": ] }, {"b":1} ]"#, 3);
        assert_eq!(els, [r#"{"a": ] }"#, r#"{"b":1}"#]);
        assert_eq!(end, Ending::Closed);
    }

    #[test]
    fn empty_arrays_scalars_and_the_variable_name_do_not_matter() {
        assert_eq!(
            elements("window.YTD.direct_messages.part0 = [ ]", 3),
            (vec![], Ending::Closed)
        );
        assert_eq!(
            elements("Grailbird.data.tweets_2013_05 = [1, \"a,b\" ,2]", 2).0,
            ["1", "\"a,b\" ", "2"]
        );
    }

    #[test]
    fn a_cut_file_keeps_the_complete_elements_and_says_where_it_was_cut() {
        let (els, end) = elements(r#"x = [ {"a":1}, {"b":2}, {"c":"#, 5);
        assert_eq!(els, [r#"{"a":1}"#, r#"{"b":2}"#]);
        assert_eq!(end, Ending::CutInElement { index: 2 });
        let (els, end) = elements(r#"x = [ {"a":1}, "#, 5);
        assert_eq!(els.len(), 1);
        assert_eq!(end, Ending::CutBetweenElements);
        assert_eq!(elements("no array here", 4), (vec![], Ending::NoArray));
    }

    #[test]
    fn assigned_value_strips_the_assignment() {
        assert_eq!(
            assigned_value("var user_details = {\"a\":1};\n"),
            "{\"a\":1}"
        );
        assert_eq!(assigned_value("window.__THAR_CONFIG = {}"), "{}");
    }
}
