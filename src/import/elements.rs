//! The elements of a JavaScript data file's array, one at a time, from a stream.
//!
//! In: the inflated bytes of a file such as `data/tweets.js`
//! (`window.YTD.tweets.part0 = [ {...}, {...} ]`) or a legacy
//! `Grailbird.data.tweets_2013_05 = [ ... ]`. Everything before the first `[` is skipped,
//! so the variable name never matters. Out: the raw bytes of each array element in turn,
//! which the importer hands to serde_json.
//!
//! Why frame elements instead of parsing the whole array with serde: memory stays at the
//! size of one element (not the size of the file, which reaches hundreds of MB), the text is
//! scanned once at memchr speed, and one broken element is skipped without losing the rest.
//! This is framing only (brackets and string quotes); all JSON parsing is serde_json's.

use std::io::{self, Read};

/// The initial read buffer; it grows only if a single element is larger.
const INITIAL_BUFFER: usize = 256 * 1024;

/// How a file ended, once [`ArrayElements::next_element`] returns `None`.
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
}

impl<R: Read> ArrayElements<R> {
    /// Starts framing `reader`.
    pub fn new(reader: R) -> Self {
        ArrayElements {
            reader,
            buf: vec![0; INITIAL_BUFFER],
            filled: 0,
            pos: 0,
            consumed: 0,
            started: false,
            eof: false,
            index: 0,
            ending: Ending::Open,
        }
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
            self.pos -= keep_from;
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

    /// The next element's index and bytes, or `None` at the end (see [`Self::ending`]).
    pub fn next_element(&mut self) -> io::Result<Option<(u32, &[u8])>> {
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
        // Skip separators to the start of the next element (or the closing bracket).
        loop {
            while self.pos < self.filled
                && matches!(self.buf[self.pos], b' ' | b'\n' | b'\r' | b'\t' | b',')
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
        let mut state = ScanState {
            at: start,
            open: Vec::new(),
            in_string: false,
        };
        loop {
            if let Some(end) = scan_element(&self.buf[..self.filled], &mut state) {
                return Ok(Some(self.emit(start, end)));
            }
            // Need more data: keep the element so far, now moved to the buffer's front.
            let scanned = state.at - start;
            if !self.fill(start)? {
                self.ending = Ending::CutInElement { index: self.index };
                self.pos = self.filled;
                return Ok(None);
            }
            start = 0;
            state.at = scanned;
        }
    }

    fn emit(&mut self, start: usize, end: usize) -> (u32, &[u8]) {
        self.pos = end;
        let index = self.index;
        self.index += 1;
        (index, &self.buf[start..end])
    }
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
    t
};

/// Scans `buf` from `state.at` for the end of the element being framed. Returns the end
/// offset (exclusive), or `None` when `buf` runs out first (with `state` ready to resume).
fn scan_element(buf: &[u8], state: &mut ScanState) -> Option<usize> {
    let mut scan = state.at;
    while scan < buf.len() {
        if state.in_string {
            match memchr::memchr2(b'"', b'\\', &buf[scan..]) {
                Some(i) if buf[scan + i] == b'\\' => {
                    // Skip the escaped byte too (it may be a quote); resume here if it is
                    // not in the buffer yet.
                    if scan + i + 1 >= buf.len() {
                        state.at = scan + i;
                        return None;
                    }
                    scan += i + 2;
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
            b'"' => state.in_string = true,
            b'{' => state.open.push(b'}'),
            b'[' => state.open.push(b']'),
            c @ (b'}' | b']') if state.open.last() == Some(&c) => {
                state.open.pop();
                if state.open.is_empty() {
                    return Some(scan + 1);
                }
            }
            // A scalar element ends at the next separator.
            b',' | b']' if state.open.is_empty() => return Some(scan),
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
        while let Some((i, bytes)) = it.next_element().unwrap() {
            assert_eq!(i as usize, out.len());
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
