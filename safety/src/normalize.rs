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
//! 5. words that spell a catalogued app name once digits are read as
//!    letters and `l`/`i` as one letter (`5n4pch4t`, `d1zzy c0rd`, `lnsta`)
//!    are rewritten as the name;
//! 6. misspelt app names (one edit away: `instgram`) likewise.
//!
//! Every step keeps the order of the original characters (a rewritten name
//! maps each of its characters into the span of what it replaced), so `map[i]` (the original character index of byte `i` of the
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

/// Characters that show nothing: zero-width spaces and joiners, direction
/// marks, the soft hyphen, fillers that render blank (Hangul, Braille),
/// and tag characters.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// What one character stands for before folding: digits written as
/// superscripts, subscripts or circled digits, every dash, full-width and
/// small `@` and full stops, and emoji people write instead of an app, a
/// phone or an e-mail. `None`: fold it the usual way.
fn stand_in(c: char) -> Option<&'static str> {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let digit = |d: u32| Some(DIGITS[d as usize]);
    match c {
        '⁰' | '₀' | '⓪' | '０' => digit(0),
        '¹' | '₁' | '①' | '➀' | '❶' => digit(1),
        '²' | '₂' | '②' | '➁' | '❷' => digit(2),
        '³' | '₃' | '③' | '➂' | '❸' => digit(3),
        '⁴'..='⁹' => digit(c as u32 - '⁴' as u32 + 4),
        '₄'..='₉' => digit(c as u32 - '₄' as u32 + 4),
        '④'..='⑨' => digit(c as u32 - '④' as u32 + 4),
        '➃'..='➈' => digit(c as u32 - '➃' as u32 + 4),
        '❹'..='❾' => digit(c as u32 - '❹' as u32 + 4),
        '１'..='９' => digit(c as u32 - '１' as u32 + 1),
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{2043}' => Some("-"),
        '＠' | '﹫' => Some("@"),
        'ß' | 'ẞ' => Some("ss"),
        '．' | '｡' | '。' | '․' => Some("."),
        // The keycap mark after a digit ("4️⃣"): the digit stays.
        '\u{20E3}' => Some(""),
        '📞' | '☎' | '📱' | '📲' | '☏' | '📟' => Some("phone"),
        '📧' | '✉' | '📩' | '📨' | '💌' => Some("email"),
        other => crate::catalogue::emoji_name(other),
    }
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
        if let Some(s) = stand_in(c) {
            // An emoji for an app reads as its name, set apart as a word.
            let word = s.len() > 2 && s.chars().all(|c| c.is_ascii_alphabetic());
            if word {
                out.push((' ', index));
            }
            out.extend(s.chars().map(|ch| (ch, index)));
            if word {
                out.push((' ', index));
            }
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

/// App names looked for inside longer words written in leetspeak
/// ("5n4pch4tgirl").
const LEET_TARGETS: &[&str] = &[
    "snapchat",
    "instagram",
    "insta",
    "whatsapp",
    "telegram",
    "discord",
    "wechat",
    "tiktok",
    "facebook",
    "skype",
    "gmail",
    "hotmail",
    "twitter",
];

/// A word's skeleton: digits and symbols read as the letters they stand
/// for (`0`→o, `1`/`!`/`|`→i, `3`→e, `4`/`@`→a, `5`/`$`→s, `7`→t, `8`→b,
/// `9`→g), `l` and `i` as one letter (they look alike: `lnstagram`), and
/// separators dropped. Two spellings with one skeleton are one name.
pub fn skeleton(word: &str) -> String {
    word.chars()
        .filter_map(|c| match c {
            'l' => Some('i'),
            c => leet_letter(c).or_else(|| c.is_ascii_alphanumeric().then_some(c)),
        })
        .collect()
}

/// The letter a digit or symbol stands for in leetspeak.
fn leet_letter(c: char) -> Option<char> {
    match c {
        '0' => Some('o'),
        '1' | '!' | '|' => Some('i'),
        '3' => Some('e'),
        '4' | '@' => Some('a'),
        '5' | '$' => Some('s'),
        '7' => Some('t'),
        '8' => Some('b'),
        '9' => Some('g'),
        _ => None,
    }
}

/// Every catalogued name and abbreviation by its skeleton.
static SKELETONS: std::sync::LazyLock<std::collections::HashMap<String, &'static str>> =
    std::sync::LazyLock::new(|| {
        let mut map = std::collections::HashMap::new();
        for p in crate::catalogue::PLATFORMS {
            for name in p.names.iter().chain(p.abbreviations) {
                map.entry(skeleton(name)).or_insert(*name);
            }
        }
        map
    });

/// App names a misspelling (one letter dropped, added, changed or two
/// swapped) is read as (step 6): every catalogued name of one word and six
/// letters or more that is not an ordinary word. Shorter names have too
/// many ordinary neighbours.
static SPELLING_TARGETS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut names: Vec<&'static str> = crate::catalogue::PLATFORMS
        .iter()
        .filter(|p| !p.common)
        .flat_map(|p| p.names.iter().copied())
        .filter(|n| n.len() >= 6 && n.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
});

/// English words one edit away from a spelling target; they are never
/// rewritten ("discard" is not "discord"). Generated from
/// /usr/share/dict/words by the test `word_neighbours_are_excluded`.
pub const WORD_NEIGHBOURS: &[&str] = &[
    "atwitter",
    "binder",
    "bubble",
    "bumbled",
    "bumbler",
    "bumbles",
    "burble",
    "cereal",
    "cinder",
    "cloud",
    "discard",
    "discoed",
    "discords",
    "finder",
    "fumble",
    "grind",
    "grinder",
    "grinds",
    "handouts",
    "hangout",
    "hashtag",
    "hereby",
    "hinder",
    "humble",
    "interest",
    "jumble",
    "kinder",
    "linker",
    "mastodons",
    "message",
    "messengers",
    "mumble",
    "outlooks",
    "papal",
    "patron",
    "photon",
    "protons",
    "revolt",
    "rumble",
    "switch",
    "telegrams",
    "tender",
    "thereby",
    "tinier",
    "tinker",
    "titter",
    "tumble",
    "tumbler",
    "twister",
    "twitted",
    "twitters",
    "voice",
    "welkin",
    "witch",
];

/// Whether the optimal string alignment distance of `a` and `b` is at most
/// 1: equal, or one letter changed, added, removed, or two neighbours
/// swapped. A linear scan from the first difference (this runs against
/// every catalogued name for every unknown word, so it must not allocate).
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let Some(i) = long.iter().zip(short).position(|(x, y)| x != y) else {
        // One is the other, or the other plus one letter at the end.
        return true;
    };
    if long.len() != short.len() {
        // One letter added at i.
        return long[i + 1..] == short[i..];
    }
    // One letter changed at i, or i and i + 1 swapped.
    long[i + 1..] == short[i + 1..]
        || (i + 1 < long.len()
            && long[i] == short[i + 1]
            && long[i + 1] == short[i]
            && long[i + 2..] == short[i + 2..])
}

/// Names of two words ("google chat", "threads app") that a misspelling
/// of them, read joined, is one edit away from. Nine letters or more:
/// shorter ones have ordinary neighbours ("my teams" for "ms teams").
fn near_two_word_app(joined: &str) -> Option<&'static str> {
    static KEYS: std::sync::LazyLock<Vec<(String, &'static str)>> =
        std::sync::LazyLock::new(|| {
            crate::catalogue::PLATFORMS
                .iter()
                .filter(|p| !p.common)
                .flat_map(|p| p.names.iter().copied())
                .filter(|n| n.matches(' ').count() == 1 && n.len() >= 10)
                .filter(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b' '))
                .map(|n| (skeleton(n), n))
                .collect()
        });
    let key = skeleton(joined);
    KEYS.iter()
        .find(|(k, _)| within_one_edit(key.as_bytes(), k.as_bytes()))
        .map(|(_, n)| *n)
}

/// The app name a word is one edit away from, by skeleton.
fn near_app(word: &str) -> Option<&'static str> {
    static KEYS: std::sync::LazyLock<Vec<(String, &'static str)>> =
        std::sync::LazyLock::new(|| SPELLING_TARGETS.iter().map(|t| (skeleton(t), *t)).collect());
    let key = skeleton(word);
    if key.len() < 5 {
        return None;
    }
    KEYS.iter()
        .find(|(k, _)| within_one_edit(key.as_bytes(), k.as_bytes()))
        .map(|(_, t)| *t)
}

/// The app name a misspelt word stands for, if any ("instgram").
pub fn misspelled_app(word: &str) -> Option<&'static str> {
    if WORD_NEIGHBOURS.contains(&word) || SPELLING_TARGETS.contains(&word) {
        return None;
    }
    near_app(word)
}

/// Steps 5–6: words that spell an app name in leetspeak or with look-alike
/// letters (`5n4pch4t`, `d1zzy c0rd`, `lnsta`), even across the spaces
/// of a name of several words, and misspelt app names (`instgram`,
/// `d1scrod`), are rewritten as the name. A rewritten word may change
/// length; its characters all map to the word's original span.
fn respell(chars: Vec<(char, usize)>) -> Vec<(char, usize)> {
    let in_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '@' | '$' | '!' | '|');
    // Words, as [start, end) indices into `chars`.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if in_word(chars[i].0) {
            let start = i;
            while i < chars.len() && in_word(chars[i].0) {
                i += 1;
            }
            words.push((start, i));
        } else {
            i += 1;
        }
    }
    let text = |from: usize, to: usize| -> String { chars[from..to].iter().map(|c| c.0).collect() };
    // Rewrites: [start, end) of chars, and the name written there.
    let mut rewrites: Vec<(usize, usize, String)> = Vec::new();
    let mut w = 0;
    while w < words.len() {
        let mut done = false;
        // Longest window first: "d1zzy c0rd" before "d1zzy".
        for width in (1..=4).rev() {
            let Some(last) = words.get(w + width - 1) else {
                continue;
            };
            let (from, to) = (words[w].0, last.1);
            // Words of one name are a space apart ("d1zzy c0rd"), or a dot
            // or dash the name itself has ("7hr34d5.n37").
            let gaps: Vec<char> = words[w..w + width]
                .windows(2)
                .flat_map(|pair| chars[pair[0].1..pair[1].0].iter().map(|c| c.0))
                .collect();
            let close = words[w..w + width]
                .windows(2)
                .all(|pair| pair[1].0 - pair[0].1 <= 2)
                && gaps.iter().all(|c| matches!(c, ' ' | '.' | '-'));
            if !close {
                continue;
            }
            let plain = text(from, to);
            if !plain.chars().any(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            let found = SKELETONS
                .get(&skeleton(&plain))
                .copied()
                .or_else(|| match width {
                    1 => misspelled_app(&plain),
                    // A misspelt name of two words ("gogle chat"), read
                    // joined, when both are words (not "three 4").
                    2 if gaps.iter().all(|c| *c == ' ')
                        && plain
                            .split(' ')
                            .all(|w| w.chars().any(|c| c.is_ascii_alphabetic())) =>
                    {
                        // Not single-word names: two ordinary words joined
                        // are too often one edit from one ("read it").
                        near_two_word_app(&plain.replace(' ', ""))
                    }
                    _ => None,
                });
            if let Some(name) = found {
                // Ordinary words that spell a name together ("we chat") are
                // left: only disguised or misspelt words are rewritten.
                let bare = |s: &str| s.replace([' ', '.', '-'], "");
                // A name with a digit in it ("ps4") is not a plain word
                // read as leetspeak ("psa").
                let digit_lost = name.chars().any(|c| c.is_ascii_digit())
                    && !plain.chars().any(|c| c.is_ascii_digit());
                if bare(&plain) != bare(name) && !digit_lost {
                    rewrites.push((from, to, name.to_string()));
                    w += width;
                    done = true;
                    break;
                }
            }
        }
        if !done {
            // Leetspeak inside a longer word: "5n4pch4tgirl".
            let (from, to) = words[w];
            let plain = text(from, to);
            if plain.chars().any(|c| !c.is_ascii_alphabetic()) && plain.len() >= 3 {
                let folded: String = plain.chars().map(|c| leet_letter(c).unwrap_or(c)).collect();
                if LEET_TARGETS.iter().any(|t| folded.contains(t)) && folded != plain {
                    rewrites.push((from, to, folded));
                }
            }
            w += 1;
        }
    }
    if rewrites.is_empty() {
        return chars;
    }
    let mut out = Vec::with_capacity(chars.len());
    let mut at = 0;
    for (from, to, name) in rewrites {
        out.extend_from_slice(&chars[at..from]);
        let last = to - 1;
        out.extend(
            name.chars()
                .enumerate()
                .map(|(k, c)| (c, chars[(from + k).min(last)].1)),
        );
        at = to;
    }
    out.extend_from_slice(&chars[at..]);
    out
}

/// The normalised form of `input`.
pub fn normalize(input: &str) -> Normalized {
    let mut chars = fold(input);
    unbracket(&mut chars);
    let chars = join_spelled(chars);
    let chars = respell(chars);
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

    /// The optimal string alignment distance, by the textbook table.
    fn osa_distance(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn one_edit_agrees_with_the_distance_table_on_every_short_word() {
        // Every word of up to five letters over three letters, against
        // every other: 364 × 364 pairs.
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last = words.clone();
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|w| {
                    b"abc".iter().map(move |c| {
                        let mut w = w.clone();
                        w.push(*c);
                        w
                    })
                })
                .collect();
            words.extend(last.iter().cloned());
        }
        for a in &words {
            for b in &words {
                assert_eq!(
                    within_one_edit(a, b),
                    osa_distance(a, b) <= 1,
                    "{:?} {:?}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                );
            }
        }
    }

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

    /// The words a misspelling check must never rewrite are exactly the
    /// dictionary's neighbours of the targets (checked where a system word
    /// list is installed: Debian's `wamerican`).
    #[test]
    fn word_neighbours_are_excluded() {
        let Ok(words) = std::fs::read_to_string("/usr/share/dict/words") else {
            eprintln!("no /usr/share/dict/words: not checked");
            return;
        };
        let mut expected: Vec<String> = words
            .lines()
            .map(str::trim)
            .filter(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .map(str::to_lowercase)
            .filter(|w| !SPELLING_TARGETS.contains(&w.as_str()) && near_app(w).is_some())
            .collect();
        expected.sort();
        expected.dedup();
        assert_eq!(
            expected, WORD_NEIGHBOURS,
            "regenerate WORD_NEIGHBOURS: {expected:?}"
        );
    }

    #[test]
    fn misspelt_app_names_are_read_as_the_name() {
        assert_eq!(normalize("instgram").text, "instagram");
        assert_eq!(normalize("telegarm").text, "telegram");
        assert_eq!(normalize("lnstagram").text, "instagram");
        assert_eq!(normalize("d1scrod").text, "discord");
        assert_eq!(normalize("discard the rest").text, "discard the rest");
        assert_eq!(normalize("a switch").text, "a switch");
    }

    #[test]
    fn digits_symbols_and_emoji_stand_ins() {
        assert_eq!(normalize("⁰⁷⁷").text, "077");
        assert_eq!(normalize("4\u{FE0F}\u{20E3}1\u{FE0F}\u{20E3}").text, "41");
        assert_eq!(normalize("555–0100—2").text, "555-0100-2");
        assert_eq!(normalize("a＠b．c").text, "a@b.c");
        assert_eq!(normalize("👻 moon").text, " snapchat  moon");
        assert_eq!(normalize("📞 0").text, " phone  0");
    }

    #[test]
    fn spans_point_at_the_original_characters() {
        let n = normalize("x ѕ n a p y");
        let start = n.text.find("snap").unwrap_or(0);
        assert_eq!(n.span(start, start + 4), (2, 9));
    }
}
