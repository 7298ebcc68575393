//! The words of a query and of a hit: splitting, typo distance, and
//! marking matched words in text and snippets.

use super::*;

/// Marks the start and end of a matched run in what the database returns;
/// private-use characters, which nobody types.
pub(super) const START: char = '\u{E000}';
pub(super) const END: char = '\u{E001}';

/// The most words a query uses.
pub(super) const MAX_WORDS: usize = 8;

/// Lowercased words of a query (letters and digits only, so nothing in
/// them is query syntax).
pub fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .take(MAX_WORDS)
        .collect()
}

/// How many edits a word of this length may be away from its correction.
pub(super) fn allowed_edits(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The closest candidate within the allowed edits; ties go to the one in
/// more documents, then the alphabetically first.
pub fn closest<'a>(word: &str, candidates: &'a [(String, i64)]) -> Option<&'a str> {
    let allowed = allowed_edits(word);
    if allowed == 0 {
        return None;
    }
    candidates
        .iter()
        .filter(|(c, _)| c != word)
        .map(|(c, docs)| (strsim::damerau_levenshtein(word, c), -docs, c))
        .filter(|(distance, _, _)| *distance <= allowed)
        .min()
        .map(|(_, _, c)| c.as_str())
}

/// Words a snippet shows around its first match.
pub(super) const SNIPPET_WORDS: usize = 24;

/// Marks every word of `text` that starts with one of `words` (lowercase),
/// as the index matches them; with `crop`, keeps about that many words from
/// a little before the first match, with " … " where text was cut.
pub fn mark_words(text: &str, words: &[String], crop: Option<usize>) -> String {
    // (start, end, matched) byte ranges of the words.
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let lower = text[s..i].to_lowercase();
                let hit = words.iter().any(|w| lower.starts_with(w.as_str()));
                spans.push((s, i, hit));
                start = None;
            }
            _ => {}
        }
    }
    let (from, to) = match crop {
        Some(n) if spans.len() > n => {
            let first = spans.iter().position(|s| s.2).unwrap_or(0);
            let begin = first.saturating_sub(3).min(spans.len() - n);
            (begin, begin + n)
        }
        _ => (0, spans.len()),
    };
    let text_from = if from == 0 { 0 } else { spans[from].0 };
    let text_to = if to == spans.len() {
        text.len()
    } else {
        spans[to - 1].1
    };
    let mut out = String::new();
    if text_from > 0 {
        out.push_str("… ");
    }
    let mut at = text_from;
    for &(s, e, hit) in &spans[from..to] {
        out.push_str(&text[at..s]);
        if hit {
            out.push(START);
            out.push_str(&text[s..e]);
            out.push(END);
        } else {
            out.push_str(&text[s..e]);
        }
        at = e;
    }
    out.push_str(&text[at..text_to]);
    if text_to < text.len() {
        out.push_str(" …");
    }
    out
}

/// Splits text with start/end markers into marked runs.
pub fn marked(text: &str) -> Vec<Marked> {
    let mut runs: Vec<Marked> = Vec::new();
    let mut current = String::new();
    let mut hit = false;
    for c in text.chars() {
        if c == START || c == END {
            if !current.is_empty() {
                runs.push(Marked {
                    text: std::mem::take(&mut current),
                    hit,
                });
            }
            hit = c == START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        runs.push(Marked { text: current, hit });
    }
    runs
}

/// A snippet of a post's Markdown source as the text a reader sees: block
/// marks at line starts (quotes, headings, list bullets), emphasis and code
/// marks, and link targets are dropped (`[label](url)` shows "label");
/// lines join with spaces. Match marks ([`START`], [`END`]) are kept, even
/// from a dropped link target, so runs stay balanced.
pub fn plain_snippet(source: &str) -> String {
    let mut lines = Vec::new();
    for line in source.split('\n') {
        let mut rest = line.trim_start();
        loop {
            let hashes = rest.chars().take_while(|c| *c == '#').count();
            if let Some(after) = rest.strip_prefix('>') {
                rest = after.trim_start();
            } else if (1..=6).contains(&hashes) && rest[hashes..].starts_with(' ') {
                rest = rest[hashes..].trim_start();
            } else if let Some(after) = ["- ", "* ", "+ "].iter().find_map(|b| rest.strip_prefix(b))
            {
                rest = after.trim_start();
            } else {
                break;
            }
        }
        if !rest.is_empty() {
            lines.push(rest);
        }
    }
    let text = lines.join(" ");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '`' => {}
            '_' | '~' if chars.get(i + 1) == Some(&c) => i += 1,
            '!' if chars.get(i + 1) == Some(&'[') => {}
            ']' if chars.get(i + 1) == Some(&'(') => {
                // A link target: skip to its closing parenthesis, keeping
                // only match marks.
                match chars[i + 2..].iter().position(|c| *c == ')') {
                    Some(close) => {
                        out.extend(
                            chars[i + 2..i + 2 + close]
                                .iter()
                                .filter(|c| **c == START || **c == END),
                        );
                        i += close + 2;
                    }
                    None => out.push(c),
                }
            }
            '[' if chars[i + 1..].iter().take(200).any(|c| *c == ']') => {}
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod plain_tests {
    use super::*;

    #[test]
    fn snippets_show_text_not_markdown() {
        assert_eq!(
            plain_snippet("> quoted **bold** and `code`\n- a [link](https://x.org/a) ~~gone~~"),
            "quoted bold and code a link gone"
        );
        assert_eq!(plain_snippet("## Heading\n1. first"), "Heading 1. first");
        assert_eq!(plain_snippet("user_name stays"), "user_name stays");
        let marked = format!("see [here](https://a.org/{START}sleep{END}) now");
        assert_eq!(plain_snippet(&marked), format!("see here{START}{END} now"));
    }
}
