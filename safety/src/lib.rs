//! Haven's safety filters.
//!
//! [`Detector`] says whether a text shares or asks for off-site contact
//! (phone, e-mail, address, an app handle, or an invitation to move
//! off-site), with the character spans involved. It reads the text through
//! [`normalize`], so look-alike letters, spaced-out words, `[at]`/`dot`,
//! digits written as words and leetspeak do not hide anything. It is built
//! to stay quiet on ordinary supportive talk: mentioning that an app exists,
//! numbers that are dates, times, ages, counts or prices, on-site @mentions,
//! questions about the rule itself, and crisis lines on an allow list.
//!
//! [`rules::RuleSet`] matches staff-written phrases on word boundaries of
//! the same normalised text.

pub mod normalize;
pub mod rules;

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

pub use normalize::{Normalized, normalize};

/// What kind of off-site contact a text involves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Phone,
    Email,
    Address,
    Handle,
    Offsite,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::Address => "address",
            Kind::Handle => "handle",
            Kind::Offsite => "offsite",
        }
    }
}

/// The detector's answer for one text. Spans are `[start, end)` indices of
/// Unicode characters (not bytes) of the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detection {
    pub contact: bool,
    pub kinds: Vec<Kind>,
    pub spans: Vec<(usize, usize)>,
}

/// Crisis lines people must always be able to share (988 and 741741 in the
/// US, 116 123 in the UK and Ireland, …). Digits only.
pub const DEFAULT_ALLOWED_NUMBERS: &[&str] = &[
    "988",
    "741741",
    "116123",
    "116111",
    "911",
    "999",
    "112",
    "18002738255",
    "8002738255",
    "0800068414",
    "08457909090",
    "131114",
    "18668447233",
];

/// Off-site contact detection, configured with the numbers that are always
/// allowed.
#[derive(Debug, Clone)]
pub struct Detector {
    allowed_numbers: Vec<String>,
}

impl Default for Detector {
    fn default() -> Self {
        Self::new(DEFAULT_ALLOWED_NUMBERS.iter().map(|s| s.to_string()))
    }
}

/// App and service names, including the ways people describe them.
const APP: &str = r"(?:snapchat|snap|insta|instagram|ig|whatsapp|whats app|telegram|discord|kik|wechat|signal|tiktok|tik tok|facebook|fb|messenger|twitter|skype|facetime|viber|zoom|reddit|tumblr|gmail|hotmail|outlook|yahoo|e-?mail|the gram|(?:the )?(?:blue ?bird|bird|ghost|paper ?plane|green chat|green|yellow ghost) app)";

/// Top-level domains an e-mail address is believed to end in.
const TLD: &str =
    r"(?:com|org|net|edu|gov|io|co|uk|de|fr|nl|me|info|us|ca|au|biz|xyz|app|dev|ie|nz|in)";

struct Pattern {
    kind: Kind,
    regex: Regex,
}

fn pattern(kind: Kind, source: &str) -> Pattern {
    let source = source.replace("APP", APP).replace("TLD", TLD);
    Pattern {
        kind,
        // The patterns are constants: a failure here is a bug caught by the tests.
        regex: Regex::new(&source).unwrap_or_else(|e| panic!("bad pattern {source}: {e}")),
    }
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    vec![
        // E-mail, written plainly or as "name at host dot org".
        pattern(
            Kind::Email,
            r"\b[a-z0-9_%+-]+(?:\s*(?:\.|\bdot\b)\s*[a-z0-9_%+-]+)*\s*(?:@|\bat\b)\s*[a-z0-9-]+(?:\s*(?:\.|\bdot\b)\s*[a-z0-9-]+)*\s*(?:\.|\bdot\b)\s*TLD\b",
        ),
        // Links that open a chat or profile elsewhere.
        pattern(
            Kind::Handle,
            r"\b(?:t\.me|telegram\.me|wa\.me|discord\.gg|discord(?:app)?\.com/invite|instagram\.com|snapchat\.com/add|tiktok\.com/@|facebook\.com|fb\.com|m\.me|twitter\.com|x\.com|kik\.me)/[a-z0-9_.-]+",
        ),
        // "add me on snap", "dm me on insta", "hit me up on discord".
        pattern(
            Kind::Handle,
            r"\b(?:add|snap|dm|pm|message|msg|text|hit|follow|find|reach|ping|contact|call|talk to|chat with)\s+me\s+(?:up\s+)?(?:on|at|via|over|in|through)\s+(?:the\s+)?APP\b",
        ),
        // "snap me", "whatsapp me".
        // ("dm me" alone is not here: people DM on Haven too.)
        pattern(
            Kind::Handle,
            r"\b(?:snap|snapchat|whatsapp|insta|kik|telegram|discord|skype|facetime|e-?mail)\s+me\b",
        ),
        // "let's talk on telegram".
        pattern(
            Kind::Handle,
            r"\b(?:let'?s|we can|we could|can we|could we|wanna|want to)\s+(?:talk|chat|continue|text|speak|call)\s+(?:on|over|via|through)\s+(?:the\s+)?APP\b",
        ),
        // "my insta is …", "my snap: …".
        pattern(
            Kind::Handle,
            r"\bmy\s+APP\s*(?:is\b|=|:|-|name\b|handle\b|id\b|user(?:name)?\b|@)",
        ),
        // "snap: cloudy_skies", "discord - storm#0042".
        pattern(
            Kind::Handle,
            r"\bAPP\s*(?::|=|-)\s*@?[a-z0-9_.#]*[a-z0-9_#]{3,}",
        ),
        // "I'm bookworm_88 on the blue bird app".
        pattern(
            Kind::Handle,
            r"\bi\s*(?:'?m|am)\s+@?[a-z0-9._]*[0-9_.][a-z0-9._]*\s+on\s+(?:the\s+)?APP\b",
        ),
        // An @handle right after an app name.
        pattern(Kind::Handle, r"\bAPP\b[^.?!\n]{0,25}\s@[a-z0-9_.]{2,}"),
        // Asking for someone's details: "what's your number", "send me your
        // insta", "whats ur num".
        pattern(
            Kind::Offsite,
            r"\b(?:what'?s|wh?ats|what is|give me|send me|drop|share|tell me|can i (?:get|have)|could i (?:get|have)|gimme|dm me|pm me)\s+(?:me\s+)?(?:your|ur|yr)\s+(?:phone\s+)?(?:number|num|digits|cell|mobile|email|e-mail|address|addy|socials?|handle|APP)\b",
        ),
        // "another app where we can talk", "talk somewhere else".
        pattern(
            Kind::Offsite,
            r"\b(?:another|other|different|separate|private)\s+(?:chat\s+)?(?:app|site|platform|server)\b[^.!?\n]{0,40}\b(?:talk|chat|message|speak|continue|dm)",
        ),
        pattern(
            Kind::Offsite,
            r"\b(?:talk|chat|message|speak|continue|move (?:this|it))\b[^.!?\n]{0,40}\b(?:(?:another|other|different|separate)\s+(?:chat\s+)?(?:app|site|platform)|somewhere else|elsewhere|off (?:here|this site|the forum)|outside (?:of )?(?:here|haven|the forum))",
        ),
        pattern(
            Kind::Offsite,
            r"\b(?:move|take)\s+(?:this|it|our chat|the conversation|this conversation)\s+(?:to\s+)?(?:a\s+)?(?:somewhere else|elsewhere|private|video call|phone call|dms? on|APP)",
        ),
        pattern(
            Kind::Offsite,
            r"\b(?:video|voice|phone)\s+call\b[^.!?\n]{0,30}\b(?:somewhere else|elsewhere|outside|off here|on APP)",
        ),
        // Meeting in person.
        pattern(
            Kind::Offsite,
            r"\b(?:let'?s|we should|wanna|want to|can we|could we|we could|come and)\s+(?:meet|hang out|link up)\s+(?:up|in person|irl|at|somewhere|tonight|tomorrow|this|after|near|offline)\b|\bmeet\s+(?:up\s+)?(?:in person|irl|in real life)\b|\bcome over\b|\bdrop by\b",
        ),
        // "I'll text you", "I'll add you on snap", "ill text u".
        pattern(
            Kind::Offsite,
            r"\b(?:i'?ll|ill|i will|imma|i'?m gonna)\s+(?:text|call|snap|add|ring|facetime|whatsapp)\s+(?:you|u|ya)\b",
        ),
        // A street address, or an address announced as one.
        pattern(
            Kind::Address,
            r"\b\d{1,5}\s+(?:[a-z]+\s+){1,3}(?:street|st|lane|ln|road|rd|avenue|ave|drive|dr|court|ct|boulevard|blvd|way|place|pl|terrace|close|crescent|gardens|grove)\b",
        ),
        pattern(
            Kind::Address,
            r"\b(?:my (?:home |house )?address is|i live (?:at|on)|my house is (?:at|on)?)\s*\d",
        ),
    ]
});

/// Words before a number that say it is not a phone number.
static NOT_PHONE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:isbn|order|id|ref|reference|case|ticket|tracking|account|student|invoice|serial|flight|room|zip|postcode|code)\b[^0-9]{0,15}$")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// Words that make a short digit run read as a phone number.
static PHONE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:call|text|phone|number|line|cell|mobile|whatsapp|reach|ring|dial|digits|landline|sms)\b")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

const NUMBER_WORDS: [(&str, char); 11] = [
    ("zero", '0'),
    ("oh", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
];

/// A run of digits (written as digits or words) in the normalised text.
#[derive(Debug)]
struct DigitRun {
    digits: String,
    start: usize,
    end: usize,
    plus: bool,
    /// Sizes of the groups between separators, to recognise dates.
    groups: Vec<usize>,
    spoken: bool,
}

/// Finds runs of digits, allowing the separators people put in phone
/// numbers (spaces, dots, dashes, parentheses, commas) and digits written as
/// words. Colons and slashes end a run, so times and dates stay apart.
fn digit_runs(text: &str) -> Vec<DigitRun> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    let mut current: Option<DigitRun> = None;
    let mut last_digit_end = 0;
    let finish = |run: Option<DigitRun>, runs: &mut Vec<DigitRun>| {
        if let Some(run) = run {
            runs.push(run);
        }
    };
    while i < bytes.len() {
        let c = bytes[i];
        // A digit, or O/l in a word of digits ("555-O1OO").
        let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let digit = if c.is_ascii_digit() {
            Some((c as char, 1))
        } else if matches!(c, b'o' | b'l') && (current.is_some() || !word_start) && {
            let from = (0..=i)
                .rev()
                .take_while(|&k| bytes[k].is_ascii_alphanumeric())
                .last()
                .unwrap_or(i);
            let to = (i..bytes.len())
                .take_while(|&k| bytes[k].is_ascii_alphanumeric())
                .last()
                .unwrap_or(i);
            let word = &bytes[from..=to];
            word.iter()
                .all(|b| b.is_ascii_digit() || matches!(b, b'o' | b'l'))
                && word.iter().any(u8::is_ascii_digit)
        } {
            Some((if c == b'o' { '0' } else { '1' }, 1))
        } else if c.is_ascii_alphabetic() && (i == 0 || !bytes[i - 1].is_ascii_alphabetic()) {
            NUMBER_WORDS.iter().find_map(|(word, d)| {
                let end = i + word.len();
                let whole = text.get(i..end) == Some(*word)
                    && bytes.get(end).is_none_or(|b| !b.is_ascii_alphabetic());
                // "oh" only counts next to other digits.
                (whole && (*word != "oh" || current.is_some())).then_some((*d, word.len()))
            })
        } else {
            None
        };
        if let Some((d, len)) = digit {
            let run = current.get_or_insert_with(|| DigitRun {
                digits: String::new(),
                start: i,
                end: i,
                plus: i > 0 && bytes[i - 1] == b'+',
                groups: vec![0],
                spoken: false,
            });
            if len > 1 {
                run.spoken = true;
                // Spoken digits are their own groups.
                if run.groups.last().is_some_and(|g| *g > 0) {
                    run.groups.push(0);
                }
            }
            run.digits.push(d);
            if let Some(g) = run.groups.last_mut() {
                *g += 1;
            }
            run.end = i + len;
            last_digit_end = i + len;
            i += len;
            continue;
        }
        let separator = matches!(c, b' ' | b'.' | b'-' | b'(' | b')' | b',' | b'+');
        if separator && current.is_some() && i - last_digit_end < 3 {
            if let Some(run) = current.as_mut()
                && run.groups.last().is_some_and(|g| *g > 0)
            {
                run.groups.push(0);
            }
            i += 1;
            continue;
        }
        finish(current.take(), &mut runs);
        i += 1;
    }
    finish(current.take(), &mut runs);
    runs
}

/// Two years ("2019-2024"), or a day, month and year ("12.03.2024").
fn looks_like_dates(run: &DigitRun) -> bool {
    let groups: Vec<usize> = run.groups.iter().copied().filter(|g| *g > 0).collect();
    let year = |s: &str| s.starts_with("19") || s.starts_with("20");
    match groups.as_slice() {
        [4, 4] => year(&run.digits[..4]) && year(&run.digits[4..]),
        [2, 2, 4] | [1, 2, 4] | [2, 1, 4] | [1, 1, 4] => {
            let y = &run.digits[run.digits.len() - 4..];
            year(y)
        }
        [4, 2, 2] => year(&run.digits[..4]),
        _ => false,
    }
}

fn valid_phone(digits: &str, plus: bool) -> bool {
    use phonenumber::country::Id;
    if plus {
        return phonenumber::parse(None, format!("+{digits}"))
            .map(|n| phonenumber::is_valid(&n))
            .unwrap_or(false);
    }
    [
        Id::US,
        Id::GB,
        Id::CA,
        Id::AU,
        Id::IE,
        Id::NZ,
        Id::IN,
        Id::DE,
        Id::FR,
    ]
    .into_iter()
    .any(|region| {
        phonenumber::parse(Some(region), digits)
            .map(|n| phonenumber::is_valid(&n))
            .unwrap_or(false)
    })
}

impl Detector {
    /// A detector that never flags the given numbers (digits only; other
    /// characters are ignored).
    pub fn new(allowed: impl IntoIterator<Item = String>) -> Self {
        Self {
            allowed_numbers: allowed
                .into_iter()
                .map(|n| n.chars().filter(char::is_ascii_digit).collect())
                .filter(|n: &String| !n.is_empty())
                .collect(),
        }
    }

    fn allowed(&self, digits: &str) -> bool {
        self.allowed_numbers.iter().any(|a| a == digits)
    }

    /// Checks one text.
    pub fn detect(&self, input: &str) -> Detection {
        self.detect_normalized(&normalize(input))
    }

    /// Checks a text already normalised (the rules read the same form).
    pub fn detect_normalized(&self, norm: &Normalized) -> Detection {
        let text = norm.text.as_str();
        let mut hits: Vec<(Kind, usize, usize)> = Vec::new();

        for run in digit_runs(text) {
            let n = run.digits.len();
            if !(7..=15).contains(&n) || self.allowed(&run.digits) || looks_like_dates(&run) {
                continue;
            }
            // A price ("$1,250,000"), or a number named as something else
            // ("order number 1234567", "ISBN 978…").
            let before = text
                .get(run.start.saturating_sub(30)..run.start)
                .unwrap_or("");
            if before.ends_with(['$', '#', '£', '€']) || NOT_PHONE_CONTEXT.is_match(before) {
                continue;
            }
            let context = {
                let from = run.start.saturating_sub(40);
                let to = (run.end + 40).min(text.len());
                text.get(from..to)
                    .is_some_and(|around| PHONE_CONTEXT.is_match(around))
            };
            let phone = if n >= 10 || run.spoken {
                true
            } else {
                context || valid_phone(&run.digits, run.plus)
            };
            if phone {
                let start = if run.plus { run.start - 1 } else { run.start };
                hits.push((Kind::Phone, start, run.end));
            }
        }

        for p in PATTERNS.iter() {
            for m in p.regex.find_iter(text) {
                hits.push((p.kind, m.start(), m.end()));
            }
        }

        let mut kinds: Vec<Kind> = hits.iter().map(|h| h.0).collect();
        kinds.sort();
        kinds.dedup();
        let mut spans: Vec<(usize, usize)> = hits.iter().map(|h| norm.span(h.1, h.2)).collect();
        spans.sort();
        // Merge overlapping spans.
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Detection {
            contact: !kinds.is_empty(),
            kinds,
            spans: merged,
        }
    }
}

#[cfg(test)]
mod tests;
