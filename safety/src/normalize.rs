//! One normalised form of a text that every filter reads, with a map back
//! to the original characters so matches can be reported as spans of what
//! the person wrote.
//!
//! Steps, each undoing one way people hide words from naive filters:
//! 1. look-alike letters from other scripts, full-width forms, accents and
//!    styled letters are folded to plain lowercase by `decancer` (a
//!    confusables library built on Unicode's confusables data);
//! 2. zero-width and other invisible characters are dropped;
//! 3. `[at]`, `(at)`, `{dot}` and the like become ` at `, ` dot `;
//! 4. letters spelled out one by one (`w h a t s a p p`, `i.n.s.t.a`) are
//!    joined into the word;
//! 5. words mixing letters and digits are read as leetspeak (`5n4pch4t`,
//!    `d1sc0rd`) when that spells a known app name.
//!
//! Every step keeps one output character per input character or drops
//! characters, so `map[i]` (the original character index of byte `i` of the
//! normalised text, which is ASCII but for letters decancer cannot fold) is
//! exact.

use decancer::{Options, Translation};

/// A normalised text and, for each of its bytes, the index of the original
/// character it came from.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    pub map: Vec<usize>,
}

impl Normalized {
    /// The original character span `[start, end)` of normalised bytes `range`.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.map.get(start).copied().unwrap_or(0);
        let last = end
            .checked_sub(1)
            .and_then(|i| self.map.get(i))
            .copied()
            .unwrap_or(first);
        (first, last + 1)
    }
}

fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Steps 1–2: one lowercase character (or a few) per original character.
fn fold(input: &str) -> Vec<(char, usize)> {
    let options = Options::default();
    let mut out = Vec::with_capacity(input.len());
    for (index, c) in input.chars().enumerate() {
        if invisible(c) {
            continue;
        }
        if c.is_ascii() {
            out.push((c.to_ascii_lowercase(), index));
            continue;
        }
        if c.is_whitespace() {
            out.push((' ', index));
            continue;
        }
        match decancer::cure_char(c, options) {
            Translation::Character(folded) => {
                for lower in folded.to_lowercase() {
                    out.push((lower, index));
                }
            }
            Translation::String(s) => out.extend(s.chars().map(|ch| (ch, index))),
            Translation::None => {}
        }
    }
    out
}

/// Step 3: bracketed "at" and "dot" lose their brackets.
fn unbracket(chars: &mut [(char, usize)]) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let open = chars[i].0;
        if matches!(open, '[' | '(' | '{' | '<') {
            for word in ["at", "dot"] {
                let end = i + 1 + word.len();
                let close_ok = chars
                    .get(end)
                    .is_some_and(|c| matches!(c.0, ']' | ')' | '}' | '>'));
                let word_ok = chars
                    .get(i + 1..end)
                    .is_some_and(|w| w.iter().map(|c| c.0).eq(word.chars()));
                if close_ok && word_ok {
                    chars[i].0 = ' ';
                    chars[end].0 = ' ';
                    i = end;
                    break;
                }
            }
        }
        i += 1;
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn spacer(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '_' | '*' | '/' | '|')
}

/// Step 4: "w h a t s a p p" → "whatsapp". A run of at least three single
/// letters or digits, each separated by one spacer, is joined.
fn join_spelled(chars: Vec<(char, usize)>) -> Vec<(char, usize)> {
    let n = chars.len();
    // A letter standing alone: not part of a word, nor of "let's".
    let joined = |c: &(char, usize)| is_word_char(c.0) || c.0 == '\'';
    let single = |i: usize| -> bool {
        chars.get(i).is_some_and(|c| is_word_char(c.0))
            && (i == 0 || !chars.get(i - 1).is_some_and(joined))
            && !chars.get(i + 1).is_some_and(joined)
    };
    let mut keep = vec![true; n];
    let mut i = 0;
    while i < n {
        if !single(i) {
            i += 1;
            continue;
        }
        // Extend: single, spacer, single, spacer, ...
        let mut members = vec![i];
        let mut j = i;
        while j + 2 < n + 1 && chars.get(j + 1).is_some_and(|c| spacer(c.0)) && single(j + 2) {
            members.push(j + 2);
            j += 2;
        }
        if members.len() >= 3 {
            for pair in members.windows(2) {
                keep[pair[0] + 1..pair[1]].fill(false);
            }
        }
        i = j + 1;
    }
    chars
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// App names that leetspeak words are checked against (step 5).
const LEET_TARGETS: &[&str] = &[
    "snapchat",
    "snap",
    "instagram",
    "insta",
    "whatsapp",
    "telegram",
    "discord",
    "kik",
    "wechat",
    "signal",
    "tiktok",
    "facebook",
    "skype",
    "email",
    "gmail",
];

fn leet(c: char, one: char) -> char {
    match c {
        '0' => 'o',
        '1' => one,
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        '8' => 'b',
        other => other,
    }
}

/// Step 5, in place (one character for one, so the map is unchanged).
fn unleet(chars: &mut [(char, usize)]) {
    let n = chars.len();
    let mut start = 0;
    while start < n {
        let in_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '@' | '$');
        if !in_word(chars[start].0) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < n && in_word(chars[end].0) {
            end += 1;
        }
        let word = &chars[start..end];
        let has_digit = word.iter().any(|c| !c.0.is_ascii_alphabetic());
        let has_letter = word.iter().any(|c| c.0.is_ascii_alphabetic());
        if has_digit && has_letter && word.len() >= 3 {
            for one in ['i', 'l'] {
                let folded: String = word.iter().map(|c| leet(c.0, one)).collect();
                if LEET_TARGETS.iter().any(|t| folded.contains(t)) {
                    for (slot, c) in chars[start..end].iter_mut().zip(folded.chars()) {
                        slot.0 = c;
                    }
                    break;
                }
            }
        }
        start = end;
    }
}

/// The normalised form of `input`.
pub fn normalize(input: &str) -> Normalized {
    let mut chars = fold(input);
    unbracket(&mut chars);
    let mut chars = join_spelled(chars);
    unleet(&mut chars);
    let mut out = Normalized {
        text: String::with_capacity(chars.len()),
        map: Vec::with_capacity(chars.len()),
    };
    for (c, index) in chars {
        out.text.push(c);
        for _ in 0..c.len_utf8() {
            out.map.push(index);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_lookalikes_fullwidth_and_invisible_characters() {
        assert_eq!(normalize("ѕnapchat").text, "snapchat");
        assert_eq!(normalize("ＳＮＡＰ").text, "snap");
        assert_eq!(normalize("sn\u{200B}ap\u{200D}chat").text, "snapchat");
        assert_eq!(normalize("Ιnstagram").text, "instagram");
    }

    #[test]
    fn joins_spelled_out_words_and_reads_leetspeak() {
        assert_eq!(normalize("w h a t s a p p me").text, "whatsapp me");
        assert_eq!(normalize("my i.n.s.t.a is").text, "my insta is");
        assert_eq!(normalize("5n4pch4t").text, "snapchat");
        assert_eq!(normalize("d1sc0rd").text, "discord");
        assert_eq!(normalize("I'm 19 and 5 ft").text, "i'm 19 and 5 ft");
        assert_eq!(
            normalize("a sparrow [at] mail [dot] org").text,
            "a sparrow  at  mail  dot  org"
        );
    }

    #[test]
    fn spans_point_at_the_original_characters() {
        let n = normalize("x ѕ n a p y");
        let start = n.text.find("snap").unwrap_or(0);
        assert_eq!(n.span(start, start + 4), (2, 9));
    }
}
