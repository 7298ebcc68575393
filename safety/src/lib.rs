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

pub mod catalogue;
pub mod crisis;
pub mod model;
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
    Link,
    Offsite,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::Address => "address",
            Kind::Handle => "handle",
            Kind::Link => "link",
            Kind::Offsite => "offsite",
        }
    }

    /// What the author is told was found, in plain words.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Phone => "a phone number",
            Kind::Email => "an e-mail address",
            Kind::Address => "a home or postal address",
            Kind::Handle => "a username on another app",
            Kind::Link => "a link to a profile, chat or meeting elsewhere",
            Kind::Offsite => "an invitation to talk or meet somewhere else",
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
    /// Only the learned model fired ([`Detector::detect_with_model`]): the
    /// text reads like an invitation to talk elsewhere but holds no contact
    /// detail a pattern knows, so it is a guess (Haven flags such a text
    /// for moderators and publishes it; it never holds or blocks on it).
    pub learned: bool,
}

/// Crisis lines people must always be able to share, from the directory
/// in [`crisis`] (digits only).
pub static DEFAULT_ALLOWED_NUMBERS: LazyLock<Vec<String>> =
    LazyLock::new(|| crisis::numbers().collect());

/// Off-site contact detection, configured with the numbers that are always
/// allowed.
#[derive(Debug, Clone)]
pub struct Detector {
    allowed_numbers: Vec<String>,
    allowed_domains: Vec<String>,
}

impl Default for Detector {
    fn default() -> Self {
        Self::new(DEFAULT_ALLOWED_NUMBERS.iter().cloned())
    }
}

/// Top-level domains an e-mail address or a link is believed to end in.
const TLD: &str = r"(?:com|org|net|edu|gov|io|co|uk|de|fr|nl|me|info|us|ca|au|biz|xyz|app|dev|ie|nz|in|ly|gg|tv|ee|to|be|es|it|jp|ru|cc|page|site|online|link|social|live|chat|club|blog)";

/// Words that are never a handle ("my snap is down", "insta: the best").
const NOT_HANDLE: &[&str] = &[
    "is",
    "are",
    "was",
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "so",
    "to",
    "too",
    "for",
    "me",
    "my",
    "you",
    "your",
    "ur",
    "it",
    "its",
    "this",
    "that",
    "there",
    "here",
    "if",
    "on",
    "in",
    "at",
    "of",
    "with",
    "not",
    "no",
    "yes",
    "ok",
    "okay",
    "down",
    "up",
    "gone",
    "deleted",
    "private",
    "public",
    "dead",
    "broken",
    "blocked",
    "banned",
    "hacked",
    "account",
    "app",
    "page",
    "now",
    "again",
    "just",
    "still",
    "also",
    "lol",
    "pls",
    "please",
    "thanks",
    "same",
    "streak",
    "streaks",
    "stories",
    "story",
    "feed",
    "post",
    "posts",
    "reels",
    "dms",
    "messages",
    "notifications",
    "addiction",
    "addict",
    "time",
    "break",
    "detox",
    "makes",
    "made",
    "helped",
    "helps",
    "were",
    "has",
    "had",
    "have",
    "gets",
    "got",
    "sucks",
    "ruined",
    "because",
    "when",
    "where",
    "what",
    "why",
    "how",
    "him",
    "her",
    "them",
    "us",
    "hours",
    "hour",
    "days",
    "day",
    "than",
    "talking",
    "chatting",
    "then",
    "they",
    "we",
    "i",
    "im",
    "i'm",
    "he",
    "she",
    "who",
    "everyone",
    "anyone",
    "someone",
    "nobody",
    "people",
    "friends",
    "friend",
    "mum",
    "mom",
    "dad",
    "all",
    "any",
    "some",
    "every",
    "lots",
    "much",
    "more",
    "less",
    "late",
    "night",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "well",
    "good",
    "bad",
    "fine",
    "ever",
    "never",
    "always",
    "sometimes",
    "usually",
    "often",
    "really",
    "very",
    "even",
    "only",
    "like",
    "about",
    "from",
    "into",
    "over",
    "by",
    "as",
    "be",
    "been",
    "being",
    "do",
    "does",
    "did",
    "doing",
    "can",
    "could",
    "would",
    "should",
    "will",
    "won't",
    "don't",
    "can't",
    "isn't",
    "wasn't",
    "mine",
    "yours",
    "ours",
    "these",
    "those",
    "which",
    "whose",
    "whom",
    "before",
    "after",
    "since",
    "until",
    "while",
    "during",
    "though",
    "although",
    "unless",
    "instead",
    "either",
    "neither",
    "both",
    "each",
    "anymore",
    "anyway",
    "honestly",
    "literally",
    "basically",
    "actually",
    "sorry",
    "thank",
    "hello",
    "hi",
    "hey",
    "yeah",
    "yep",
    "nope",
    "nah",
    "haha",
    "lmao",
    "something",
    "smth",
    "like",
    "active",
    "new",
    "back",
    "one",
    "user",
    "name",
    "handle",
    // What people say about an app or an account ("my insta, it's creepy").
    "creepy",
    "weird",
    "locked",
    "empty",
    "old",
    "closed",
    "boring",
    "inactive",
    "different",
    "annoying",
    "toxic",
    "scary",
    "awful",
    "terrible",
    "horrible",
    "great",
    "amazing",
    "nice",
    "fun",
    "funny",
    "embarrassing",
    "cringe",
    "full",
    "messy",
    "dumb",
    "stupid",
    "complicated",
    "exhausting",
    "overwhelming",
    "obsessed",
    "dangerous",
    "unsafe",
    "safe",
];

/// Up to `n` bytes of `text` before byte `at`, starting on a character
/// boundary.
fn preceding(text: &str, at: usize, n: usize) -> &str {
    let mut from = at.saturating_sub(n);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..at]
}

/// Whether a captured handle could be one: a short number ("my facebook
/// is 10 years old") is not, nor are abbreviations written with dots ("e.g", "a.k.a", "i.e") are not; a dotted handle has a part of
/// three characters or more ("moth.and.lamp").
fn handle_shaped(handle: &str) -> bool {
    if handle.len() < 5 && handle.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    !handle.contains('.')
        || handle
            .split(['.', '_', '-'])
            .any(|part| part.chars().count() >= 3)
}

struct Pattern {
    kind: Kind,
    /// Strong: the text itself carries a way to reach someone (a handle, a
    /// link, an address). Weak: an invitation or a request, which context
    /// can undo ("someone asked for my number and I said no").
    strong: bool,
    /// The pattern cannot match unless an app is named (its source needs
    /// NAME, SHORT or COMMON at the top level): skipped on the many texts
    /// that name none, after one pass of [`PLATFORM_NAMED`].
    needs_platform: bool,
    regex: Regex,
}

/// Whether a pattern's source can only match where an app is named: it has
/// no top-level alternation, and a top-level part that is the name of an
/// app and nothing else (`NAME`, or a group of only NAME/SHORT/COMMON,
/// where a short name must start a word) and is not optional.
fn needs_platform(source: &str) -> bool {
    let bytes = source.as_bytes();
    let (mut depth, mut escaped) = (0usize, false);
    let mut found = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if escaped {
            escaped = false;
        } else if c == b'\\' {
            escaped = true;
        } else if c == b'[' {
            // Skip a character class.
            while i < bytes.len() && bytes[i] != b']' {
                i += usize::from(bytes[i] == b'\\') + 1;
            }
        } else if c == b'(' {
            if depth == 0 {
                let rest = &source[i..];
                let end = rest.find(')').unwrap_or(rest.len());
                let group = &rest[..end];
                let after = rest[end..].chars().nth(1);
                if let Some(inner) = group.strip_prefix("(?:")
                    && inner
                        .split('|')
                        .all(|alt| matches!(alt, "NAME" | "SHORT" | "COMMON"))
                    && (!inner.contains("SHORT") || word_starts_before(&source[..i]))
                    && !matches!(after, Some('?' | '*' | '{'))
                {
                    found = true;
                }
            }
            depth += 1;
        } else if c == b')' {
            depth = depth.saturating_sub(1);
        } else if c == b'|' && depth == 0 {
            return false;
        } else if depth == 0 && source[i..].starts_with("NAME") {
            let after = source[i + 4..].chars().next();
            found |= !matches!(after, Some('?' | '*' | '{'));
        }
        i += 1;
    }
    found
}

/// Whether what a pattern has before an app name makes the name start a
/// word: `\b`, whitespace, or a group of the start or non-word characters
/// (`(?:^|[\s(,;])`). Short names ("ig", "sc") are only looked for there.
fn word_starts_before(before: &str) -> bool {
    if before.ends_with("\\b") || before.ends_with("\\s") || before.ends_with("\\s+") {
        return true;
    }
    before.ends_with(")")
        && before.rfind("(?:^|[").is_some_and(|at| {
            let group = &before[at..];
            !group.contains("a-z") && !group.contains("\\w")
        })
}

/// Any app's name, anywhere: if this does not match, no pattern that
/// [`needs_platform`] can.
static PLATFORM_NAMED: LazyLock<Regex> =
    LazyLock::new(|| pattern(Kind::Handle, true, r"NAME|COMMON|\bSHORT").regex);

fn alternation<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut items: Vec<&str> = items.into_iter().collect();
    items.sort_by_key(|n| std::cmp::Reverse(n.len()));
    items.dedup();
    let parts: Vec<String> = items
        .iter()
        .map(|n| regex::escape(n).replace(' ', r"\s*"))
        .collect();
    format!("(?:{})", parts.join("|"))
}

/// Every name of every platform (`APP`), the short forms (`ABBR`), and the
/// link prefixes (`LINK`), as regex alternations.
static VOCABULARY: LazyLock<[(&str, String); 5]> = LazyLock::new(|| {
    use catalogue::PLATFORMS;
    let all = alternation(PLATFORMS.iter().flat_map(|p| p.names.iter().copied()));
    let names = alternation(
        PLATFORMS
            .iter()
            .filter(|p| !p.common)
            .flat_map(|p| p.names.iter().copied()),
    );
    let common = alternation(
        PLATFORMS
            .iter()
            .filter(|p| p.common)
            .flat_map(|p| p.names.iter().copied()),
    );
    let abbreviations = alternation(
        PLATFORMS
            .iter()
            .flat_map(|p| p.abbreviations.iter().copied()),
    );
    // "t.me/" also as "t dot me slash".
    let links = alternation(PLATFORMS.iter().flat_map(|p| p.links.iter().copied()))
        .replace(r"\.", r"\s*(?:\.|\bdot\b)\s*")
        .replace('/', r"\s*(?:/|\bslash\b)\s*");
    [
        (
            "APP",
            format!(
                r"(?:{all}|{abbreviations}|the\s+(?:\w+\s+)?app|socials?|e-?mail|mail|number|phone|cell|mobile|digits|handle|user\s*name|id)"
            ),
        ),
        ("NAME", names),
        ("COMMON", common),
        ("LINK", links),
        (
            "HANDLE",
            r"@?(?:[a-z0-9][a-z0-9_.#-]*[a-z0-9_#]|[a-z0-9]{3,})".to_string(),
        ),
    ]
});

fn pattern(kind: Kind, strong: bool, source: &str) -> Pattern {
    let needs_platform = needs_platform(source);
    let mut source = source
        .replace("TLD", TLD)
        .replace("REACH", REACH)
        .replace("ADVERB", ADVERB)
        .replace(
            "SHORT",
            &alternation(
                catalogue::PLATFORMS
                    .iter()
                    .flat_map(|p| p.abbreviations.iter().copied()),
            ),
        );
    for (key, value) in VOCABULARY.iter() {
        source = source.replace(key, value);
    }
    Pattern {
        kind,
        strong,
        needs_platform,
        // The patterns are constants: a failure here is a bug caught by the tests.
        regex: regex::RegexBuilder::new(&source)
            // The lazy DFA of a pattern naming every app outgrows the
            // default 2 MiB cache: it would be cleared on every few texts
            // and fall back to the much slower PikeVM.
            .dfa_size_limit(DFA_CACHE)
            .build()
            .unwrap_or_else(|e| panic!("bad pattern {source}: {e}")),
    }
}

/// The lazy DFA cache of each pattern, in bytes (it grows only as a
/// pattern needs it).
const DFA_CACHE: usize = 16 << 20;

/// Words people put between "we should" and the verb ("we should totally
/// meet up").
const ADVERB: &str = r"(?:just|totally|def|defo|definitely|really|maybe|actually|all|prob|probably|honestly|so|literally)";

/// Verbs that ask the reader to reach the writer somewhere.
const REACH: &str = r"(?:add|dm|pm|message|msg|text|hit|hmu|inbox|holla|follow|find|reach|ping|contact|call|ring|talk to|chat with|friend|whisper|snap|send|write|mail|email|e-mail|look|search|catch|join|meet|invite|facetime|video\s*call|voice\s*call)";

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let handle_after = r"\s*(?:'?s)?(?:\s+(?:pls|plz|please|lol|btw|tho|now|rn|again|then|if\s+(?:you|u)\s+(?:want|wanna)|add|ok|okay|handle|account|username|user|name|id|tag|channel|page|profile|server))*\s*[?,]?\s*(?:is|=|:|\s[-–]|[-–]\s|it'?s|name|handle|id|user(?:name)?|tag|code|@|#)+\s*(?:is\s+|:\s*)?";
    vec![
        // E-mail, written plainly or as "name at host dot org".
        pattern(
            Kind::Email,
            true,
            r"\b[a-z0-9_%+-]+(?:\s*(?:\.|\bdot\b)\s*[a-z0-9_%+-]+)*\s*(?:@|\bat\b)\s*[a-z0-9-]+(?:\s*(?:\.|\bdot\b)\s*[a-z0-9-]+)*\s*(?:\.|\bdot\b)\s*TLD\b",
        ),
        // An address with no ending ("k.l.m@icloud"), or a provider named
        // without a domain ("hazel at gmail", "quietfox on hotmail").
        pattern(
            Kind::Email,
            true,
            r"[a-z0-9_.+-]*[a-z0-9_]@[a-z][a-z0-9-]{2,}",
        ),
        pattern(
            Kind::Email,
            true,
            r"\b(?P<h>[a-z0-9][a-z0-9_.+-]*)\s*(?:@|\bat\b|\bon\b|\(at\))\s*(?:gmail|googlemail|hotmail|outlook|yahoo|ymail|icloud|proton(?:mail)?|aol|gmx|yandex|tutanota|tuta|fastmail|zoho|msn|live|btinternet|comcast|verizon|web\.de)\b",
        ),
        // Links that open a chat, a profile or a meeting elsewhere.
        pattern(Kind::Link, true, r"LINK\s*[a-z0-9_@$.#/+-]*[a-z0-9_]"),
        pattern(Kind::Link, true, r"LINK"),
        pattern(Kind::Link, true, r"\b[a-z0-9-]+\.(?:LINK)"),
        // Links spelled out with words, or announced as one's own.
        pattern(
            Kind::Link,
            true,
            r"\b(?:h\s*t\s*t\s*p\s*s?\s*(?::|colon)\s*(?:/|slash)\s*(?:/|slash)\s*)?(?:www\s*(?:\.|\bdot\b)\s*)?[a-z0-9-]+(?:\s*\bdot\b\s*[a-z0-9-]+)*\s*\bdot\b\s*TLD\b(?:\s*(?:/|\bslash\b)\s*[a-z0-9_.@-]+)*",
        ),
        pattern(
            Kind::Link,
            true,
            r"\bmy\s+(?:own\s+)?(?:site|website|page|blog|link|linktree|channel|server|group|profile)\b[^.!?\n]{0,20}\b[a-z0-9-]+\.TLD\b",
        ),
        // "add me on snap", "dm me on insta", "hmu on dc".
        pattern(
            Kind::Handle,
            false,
            r"\bREACH\s+(?:me|us)\s+(?:up\s+|back\s+)?(?:on|at|via|over|in|through|with)\s+(?:the\s+|my\s+)?APP\b",
        ),
        pattern(
            Kind::Handle,
            false,
            r"\bhmu\s+(?:on|at|via|over)\s+(?:the\s+)?APP\b",
        ),
        // "whatsapp me", "fb messenger me", "snap me".
        pattern(
            Kind::Handle,
            false,
            r"\b(?:NAME|SHORT)\s+(?:me|us)\b(?:\s+(?:up|back|at|on|sometime|later|tonight|whenever|if|when|pls|please|lol|ok|and|or|so|but)\b|\s*(?:@|:|[(,.!?]|$))",
        ),
        // "my insta is …", "my snap: …", "my tt is …", "psn: driftwood".
        pattern(
            Kind::Handle,
            true,
            &format!(
                r#"\bmy\s+(?:NAME|SHORT)(?:\s+(?:account|name|user|id|tag|handle|page|channel|profile))?{handle_after}["“']?(?P<h>HANDLE)"#
            ),
        ),
        pattern(
            Kind::Handle,
            true,
            r"(?:^|[\s(,;])(?:NAME|SHORT)(?:\s+(?:account|name|user|id|tag|handle|page|channel|profile|friend\s+code|code))?\s*\??\s*(?::|=|[-=–]*>|→|\s[-–]|[-–]\s|@|\bid\b|\bname\b|\btag\b|\buser(?:name)?\b)+\s*(?:is\s+)?(?P<h>HANDLE)",
        ),
        // Without "my", "insta is toxic" is talk about the app: after "is"
        // only a word shaped like a handle counts ("insta? its moth.and.lamp").
        pattern(
            Kind::Handle,
            true,
            r"(?:^|[\s(,;])(?:NAME|SHORT)\s*\??\s*(?:is|it'?s|its)\s+(?P<h>@?(?:[a-z][a-z0-9]*[._][a-z0-9._]*[a-z0-9]|[a-z]+_?\d+[a-z0-9]*))\b",
        ),
        // An app asked about, then a handle: "kik? tbren99", "insta? kai.nr".
        // Only a word shaped like a handle (digits, an underscore, a dot
        // inside it) counts, so "insta? no. I deleted it" is talk.
        pattern(
            Kind::Handle,
            true,
            r"(?:^|[\s(,;])(?:NAME|SHORT)\s*\?\s*(?P<h>@?[a-z][a-z0-9]*(?:_[a-z0-9]*|\.[a-z0-9]+)+|@?[a-z]+_?\d+[a-z0-9]*)(?:$|[\s,.!?)])",
        ),
        // Apps whose names are words count with an id word: "line id: moon".
        pattern(
            Kind::Handle,
            true,
            r"\b(?:my\s+)?COMMON\s+(?:id|user(?:name)?|tag|handle|friend\s+code|code|name)\s*(?:is|:|=|-)?\s*(?P<h>HANDLE)",
        ),
        // An app (or its emoji) right before a handle: "👻 pine_22".
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT)\s+(?P<h>@?[a-z][a-z0-9]*[._][a-z0-9._]*[a-z0-9]|@?[a-z]+\d+[a-z0-9]*|@[a-z0-9_.]{3,})",
        ),
        // "I'm on threema as 4KD8WQ2Z".
        pattern(
            Kind::Handle,
            true,
            r"\bi\s*(?:'?m|am)\s+on\s+(?:the\s+)?APP\s*(?:as|,|:|-)\s*(?P<h>HANDLE)",
        ),
        // "tg @paperlanterns", "ig: moss", an @handle right after an app.
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT)\b[^.?!\n]{0,25}\s@[a-z0-9_.]{2,}",
        ),
        pattern(
            Kind::Handle,
            true,
            r"@[a-z0-9_.]{2,}\s+(?:on|at)\s+(?:the\s+)?NAME\b",
        ),
        // "I'm bookworm_88 on the blue bird app", "I'm on signal, same name".
        pattern(
            Kind::Handle,
            true,
            r"\bi\s*(?:'?m|am)\s+@?[a-z0-9._]*[0-9_.][a-z0-9._]*\s+on\s+(?:the\s+)?APP\b",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\b(?:same|my)\s+(?:user\s*name|name|handle|number|@|tag|id)\s+(?:as\s+(?:here|on\s+here|always|before|usual)|everywhere|on\s+(?:every|all|most)\s+(?:the\s+)?(?:other\s+)?(?:apps?|sites?|platforms?))",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\b(?:look|search|find)\s+me\s+up\b|\bi'?m\s+@?[a-z0-9_.]{3,}\s+(?:everywhere|on\s+(?:every|all)\s+(?:the\s+)?(?:other\s+)?(?:apps?|sites?))",
        ),
        // Friend codes and game ids: "SW-5521-0874-3310", "friend code 412 883 019".
        pattern(
            Kind::Handle,
            true,
            r"\b(?:sw|ds)\s*-\s*\d{4}\s*-\s*\d{4}\s*-\s*\d{4}\b",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\b(?:friend\s*code|gamer\s*tag|uid|steam\s*id|epic\s*id|battle\s*tag|psn|xbox|ps[45]|switch|roblox|minecraft|fortnite)\b\s*(?:id|tag|name|user(?:name)?|code)?\s*(?:is|:|-|=)\s*(?P<h>HANDLE)",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\b(?:friend\s*code|gamer\s*tag|uid|steam\s*id|epic\s*id|battle\s*tag)\s*(?:is|:|-)?\s*(?P<h>[a-z0-9#_-]*\d[a-z0-9#_-]*)",
        ),
        // Asking for someone's details: "what's your number", "send me your
        // insta", "give me ur @".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:what'?s|wh?ats|what\s+is|give\s+me|send\s+me|drop|share|tell\s+me|can\s+i\s+(?:get|have)|could\s+i\s+(?:get|have)|may\s+i\s+(?:get|have)|gimme|dm\s+me|pm\s+me|text\s+me|i\s+need|i\s+want)\s+(?:me\s+)?(?:your|ur|yr|u?r)\s+(?:phone\s+|cell\s+|mobile\s+|home\s+|real\s+)?(?:number|num|digits|cell|mobile|email|e-mail|mail|address|addy|socials?|handle|@|user\s*name|contact|details|APP)(?:\s|$|[?.!,])|\b(?:swap|exchange|trade|share)\s+(?:our\s+)?(?:numbers|socials|contacts|contact\s+details|details|handles|emails|@s|usernames)\b|\b(?:swap|exchange|trade)\s+(?:our\s+)?(?:NAME|SHORT)s?\b",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:do|are|r)\s+(?:you|u)\s+(?:have|got|use|on|still\s+on|active\s+on)\s+(?:a\s+|an\s+|any\s+)?(?:NAME|SHORT|other\s+apps?|socials?|social\s+media|another\s+app|a\s+phone|a\s+number|an\s+email|discord|snap)\b",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:what|which)\s+(?:other\s+)?(?:apps?|socials?|platforms?|sites?|messengers?)\s+(?:do|are|r)\s+(?:you|u)\b",
        ),
        // Offering one's own: "I can give you my number", "want my email?".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:i\s*(?:'ll|will|can|could|'d|would)|let\s+me|want|wanna|want\s+me\s+to|should\s+i|i'?m\s+gonna|imma)\s+(?:give|send|dm|pm|text|share|drop|write|leave|post)?\s*(?:you|u|ya)?\s*(?:my|me\s+your)\s+(?:phone\s+|cell\s+|mobile\s+|personal\s+)?(?:number|num|digits|cell|email|e-mail|address|addy|socials?|handle|@|contact|details|NAME|SHORT)\b",
        ),
        // "somewhere more private we can chat".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:somewhere|anywhere|someplace|a\s+place)\s+(?:else|more\s+private|private|quieter|safer|without\s+mods)\b[^.!?\n]{0,30}\b(?:talk|chat|message|speak|continue|go|text|dm)",
        ),
        // "another app where we can talk", "talk somewhere else".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:another|other|different|separate|private|better)\s+(?:chat\s+)?(?:app|site|platform|server|place)\b[^.!?\n]{0,40}\b(?:talk|chat|message|speak|continue|dm)",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:talk(?:ing)?|chat(?:ting)?|messag(?:e|ing)|speak(?:ing)?|continu(?:e|ing)|mov(?:e|ing)|switch(?:ing)?|hop|jump|head|go)\b[^.!?\n]{0,40}\b(?:(?:another|other|different|separate)\s+(?:chat\s+)?(?:app|site|platform)|somewhere\s+(?:else|more\s+private|private|quieter|safer|without|with\s+no|unmoderated|less\s+(?:watched|moderated))|anywhere\s+else|elsewhere|off\s+(?:here|this\s+site|the\s+forum|haven)|outside\s+(?:of\s+)?(?:here|haven|the\s+forum|this\s+forum|this\s+site)|(?:in|on)\s+private\b)",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:somewhere|anywhere|place|app|chat)\b[^.!?\n]{0,30}\b(?:mods?|moderators?|mentors?|admins?|staff|leaders?|helpers?|listeners?|adults|grown\s*ups|parents|no\s*one|nobody|they|others|other\s+people|anyone\s+else)\s+(?:can'?t|cannot|won'?t|don'?t|aren'?t)\s+(?:read|see|watch|check|look|reading|watching|find)|\b(?:where|somewhere)\s+(?:no\s*one|nobody|no\s+mods?)\s+(?:watch(?:es)?|reads?|checks?|moderates?|monitors?|cares?|can\s+see|is\s+watching)|\b(?:somewhere|where|place|app|chat|server)\s+(?:we|i|you|u)\s+(?:won'?t|don'?t|can'?t|will\s+not|wouldn'?t)\s+(?:get\s+|be\s+)?(?:moderated|watched|monitored|flagged|seen|read|banned|caught|reported|censored)",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:move|take)\s+(?:this|it|our\s+chat|the\s+conversation|this\s+conversation|things)\s+(?:to\s+)?(?:a\s+)?(?:somewhere\s+else|elsewhere|private|offline|off\s*line|off\s+here|video\s+call|phone\s+call|dms?\s+on|APP)",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:video|voice|phone)\s*(?:call|chat)\b[^.!?\n]{0,40}\b(?:somewhere\s+else|elsewhere|outside|off\s+here|on\s+APP|just\s+(?:the\s+two\s+of\s+us|us|you\s+and\s+me)|privately|sometime|tonight|later)",
        ),
        // "let's talk on telegram instead".
        pattern(
            Kind::Handle,
            false,
            r"\b(?:let'?s|we\s+can|we\s+could|can\s+we|could\s+we|wanna|want\s+to|shall\s+we|why\s+don'?t\s+we|we\s+should)\s+(?:just\s+|maybe\s+|prob(?:ably)?\s+|all\s+|totally\s+)?(?:talk|chat|continue|text|speak|call|move|switch|go|hop|jump|head|keep\s+talking)\s+(?:(?:this|it|things|our\s+(?:chat|conversation|talk)|the\s+conversation)\s+)?(?:on|over|via|through|to|in)\s+(?:the\s+)?APP\b",
        ),
        // Meeting in person.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:let'?s|we\s+should|wanna|want\s+to|can\s+we|could\s+we|we\s+could|come\s+and|shall\s+we|why\s+don'?t\s+we)\s+(?:ADVERB\s+)?(?:(?:meet|hang\s+out|link\s+up)\s+(?:up|in\s+person|irl|at|somewhere|tonight|tomorrow|this|after|near|offline|sometime|for|one\s+day|on|when)|get\s+(?:coffee|a\s+coffee|food|lunch|dinner|together))\b|\bmeet\s+(?:up\s+)?(?:in\s+person|irl|in\s+real\s+life)\b|\bmeet\s+me\s+(?:at|in|near|outside|after|by|tonight|tomorrow)\b|\bcome\s+over\b|\bdrop\s+by\b|\bvisit\s+me\b|\bcome\s+(?:to|visit)\s+(?:my|me)\b|\b(?:come|pop|swing)\s+(?:round|around|over|by)\s+(?:to\s+)?(?:mine|my\s+(?:place|house|flat|room|dorm))\b",
        ),
        // "I'll text you", "I'll add you on snap", "ill text u".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:i'?ll|ill|i\s+will|imma|i'?m\s+gonna|i\s+can|let\s+me)\s+(?:text|call|snap|add|ring|facetime|whatsapp|dm\s+you\s+on|message\s+you\s+on)\s+(?:you|u|ya)\b",
        ),
        // Ids in a platform's own shape: a cashtag or an @ after the app
        // ("cash app $quietriver"), a Matrix id, a Discord tag, "u/name".
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT)\b[^.?!\n]{0,25}(?:^|\s)[$][a-z][a-z0-9_-]{2,}",
        ),
        pattern(
            Kind::Handle,
            true,
            r"@[a-z0-9._=-]{2,}:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT|add)\b[^.?!\n]{0,30}\b[a-z][a-z0-9_.]{1,31}#\d{4}\b",
        ),
        pattern(Kind::Handle, true, r"(?:^|[\s(])/?u/[a-z0-9_-]{3,}"),
        // A Skype id ("live:cid.33aa").
        pattern(
            Kind::Handle,
            true,
            r"\blive:(?:\.?cid\.)?[a-z0-9][a-z0-9._-]{2,}",
        ),
        // A handle-shaped word announced after the app in the same clause:
        // "my snap got banned, new one is fern2", "telegram, user is fern".
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT)\b[^.?!\n]{0,40}\b(?:it'?s|its|is|=)\s+(?P<h>@?(?:[a-z][a-z0-9]*[._][a-z0-9._]*[a-z0-9]|[a-z]+_?\d+[a-z0-9]*))\b",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT|COMMON)\b[^\n]{0,60}\b(?:(?:it'?s|its|i'?m|is)\s+)?(?:called|named|under)\s+(?P<h>@?[a-z0-9][a-z0-9_.-]{2,})",
        ),
        // "my steam is wolfpack_rin": an app whose name is a word, with a
        // handle-shaped word after it.
        pattern(
            Kind::Handle,
            true,
            r"\bmy\s+COMMON\s*(?:is|:|=|-)\s*(?P<h>@?(?:[a-z][a-z0-9]*[._][a-z0-9._]*[a-z0-9]|[a-z]+_?\d+[a-z0-9]*))\b",
        ),
        // "my number's in my bio on insta".
        pattern(
            Kind::Handle,
            true,
            r"\bmy\s+(?:number|num|digits|email|e-mail|socials?|NAME|SHORT)(?:'s|\s+is)?\s+(?:in|on)\s+my\s+(?:bio|profile|page|about)\b",
        ),
        // "find me anywhere as lunarmoth", "same on every app".
        pattern(
            Kind::Handle,
            true,
            r"\b(?:find|search|look\s+for|look\s+up)\s+me\b[^.!?\n]{0,30}\bas\s+(?P<h>@?[a-z0-9][a-z0-9_.-]{2,})|\bsame\s+(?:name\s+|user\s*name\s+|handle\s+|@\s+)?(?:on|across)\s+(?:every|all|most)\s+(?:the\s+)?(?:other\s+)?(?:apps?|sites?|platforms?|socials?)",
        ),
        // "join my private discord server", "dm me for the invite".
        pattern(
            Kind::Offsite,
            false,
            r"\bjoin\s+(?:my|our)\s+(?:private\s+|little\s+|own\s+|secret\s+)?(?:NAME\s+|SHORT\s+|COMMON\s+)?(?:server|group\s*chat|gc|group|channel|chat)\b|\b(?:dm|pm|message|msg|ask)\s+me\s+for\s+(?:the|an?)\s+(?:invite|link|code|server)\b",
        ),
        // "feels weird not having your number", "can I get ur snap".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:have|having|get|getting|got|need|want)\s+(?:your|ur|yr)\s+(?:phone\s+)?(?:number|num|digits|email|e-mail|socials?|NAME|SHORT)\b",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT)\b[^.?!\n]{0,30}\b(?:user(?:\s*name)?|id|handle|tag|gamer\s*tag|account)\s*\??\s*(?:is|:|=|-|–)?\s*(?P<h>@?[a-z0-9][a-z0-9_.-]{2,})",
        ),
        // "add me: moonpie_2009".
        pattern(
            Kind::Handle,
            true,
            r"\badd\s+me\s*(?::|-|–|,|\bas\b|\bon\s+there\b)?\s*(?P<h>@?(?:[a-z][a-z0-9]*[._][a-z0-9._]*[a-z0-9]|[a-z]+_?\d+[a-z0-9]*))",
        ),
        // "I'm @fern over there", "@fern on there".
        pattern(
            Kind::Handle,
            true,
            r"@[a-z0-9_.]{2,}\s+(?:on|over|in)\s+there\b|\bi\s*(?:'?m|am)\s+@[a-z0-9_.]{2,}\s+(?:on\s+|over\s+)?(?:there|everywhere)\b",
        ),
        // The same name as here: "my kik is the same as my name here".
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT)\b[^.?!\n]{0,25}\bsame\b[^.?!\n]{0,25}\b(?:(?:as|like)\s+(?:on\s+)?here|here|as\s+my\s+(?:user\s*)?name|as\s+(?:always|before|usual))\b|\bsame\s+(?:user\s*name|name|handle|@|tag|id)\s+(?:on|for)\s+(?:NAME|SHORT)\b",
        ),
        // "u on snap?", "got discord?".
        pattern(
            Kind::Offsite,
            false,
            r"(?:^|[\s,.!])(?:(?:you|u|ya)\s+(?:on|got|have|use)|got)\s+(?:a\s+|an\s+|any\s+)?(?:NAME|SHORT|COMMON)(?:\s*(?:,|or|and|/)\s*(?:NAME|SHORT|COMMON))*(?:\s*,?\s*(?:right|too|yet|by\s+any\s+chance|or\s+not|then|tho|though|still|as\s+well))?\s*\?",
        ),
        // "I'm on telegram if you ever wanna talk", "if you want to keep
        // talking I'm fern on snapchat".
        pattern(
            Kind::Offsite,
            false,
            r"\bi\s*(?:'?m|am)\s+(?:also\s+|still\s+)?on\s+(?:NAME|SHORT)\b[^.!?\n]{0,20}\b(?:if\s+(?:you|u|ya|anyone)|hmu|add|dm|msg|message|talk|chat|find)",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\bif\s+(?:you|u|ya|anyone)\s+(?:ever\s+)?(?:want|wanna|need|would\s+like)\b[^.!?\n]{0,30}\bi\s*(?:'?m|am)\s+(?:\S+\s+)?on\s+(?:NAME|SHORT)\b\s*(?:too|as\s+well|also)?\s*(?:[.!,)]|$|\s+(?:as|under)\b)",
        ),
        // Invitations with no app or number in them: to talk privately,
        // another way to reach each other, friends outside, a real name to
        // look up, a city to meet in.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:we|us|let'?s|lets|you\s+and\s+(?:me|i))\b[^.!?\n]{0,25}\b(?:talk|chat|speak|message|text|vent)\s+(?:more\s+)?(?:privately|in\s+private|one\s+on\s+one|1\s*on\s*1|alone|just\s+(?:us|the\s+two\s+of\s+us)|without\s+(?:everyone|anyone|people|others|the\s+mods|mods|moderators))\b|\b(?:talk|chat|speak|vent)\s+(?:to|with)\s+(?:you|u|ya)\s+(?:privately|in\s+private|alone|one\s+on\s+one|without\s+(?:everyone|anyone|people|others|the\s+mods|mods|moderators))\b",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:another|other|different|private|some\s+other)\s+way\s+(?:to|i\s+can|we\s+can|for\s+us\s+to)\s+(?:chat|talk|reach|contact|message|text|call|keep\s+in\s+touch|get\s+in\s+touch|stay\s+in\s+touch)\b|\b(?:a|the\s+best|best|easiest|better|quickest)\s+way\s+(?:to|i\s+can)\s+(?:reach|contact|message|text|call|get\s+(?:in\s+touch|hold\s+of))\s+(?:with\s+)?(?:you|u|ya)\b|\bhow\s+(?:else\s+)?(?:can|could|do|should|will)\s+i\s+(?:reach|contact|find|text|call|message)\s+(?:you|u|ya)\b",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\bfriends?\s+outside\s+(?:of\s+)?(?:here|haven|this\s+(?:site|forum|place))\b|\bbe\s+friends?\s+(?:irl|in\s+real\s+life|off\s+(?:here|this\s+site))\b|\bwhere\s+else\s+(?:do\s+|are\s+|r\s+)?(?:you|u)\s+(?:hang\s+out|post|go|chat|talk|online|active|on)\b",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:can|could|may)\s+i\s+(?:call|ring|phone|text|facetime|video\s*call)\s+(?:you|u|ya)\b|\brather\s+(?:talk|speak|chat)\s+(?:on|over|by)\s+(?:the\s+)?phone\b|\b(?:find|add|follow|look\s+for|search\s+for|text|call|message|dm)\s+(?:you|u|ya)\s+(?:on|at|via)\s+(?:the\s+)?APP\b",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:what'?s|what\s+is|tell\s+me|give\s+me|send\s+me|share|know|need)\s+(?:your|ur|yr)\s+(?:real|full|last|sur|family)\s*name\b|\blook\s+(?:you|u|ya)\s+up\b",
        ),
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:which|what)\s+(?:city|town|school|area|neighbou?rhood|street|suburb|county|village|part\s+of\s+town)\s+(?:are|do|r)\s+(?:you|u)\b|\b(?:close|near)\s+enough\s+to\s+meet\b|\b(?:we|i)\s+(?:could|can|should|might)\s+(?:ADVERB\s+)?meet\b",
        ),
        // "i'd love to meet you irl", "i could come find you", "where do
        // you go to school?", "let's get off this site".
        pattern(
            Kind::Offsite,
            false,
            r"\bmeet\s+(?:you|u|ya)\s+(?:irl|in\s+person|in\s+real\s+life|for\s+real|face\s+to\s+face|one\s+day|sometime|some\s+time)\b|\b(?:love|like|want|wanna|hope|dying)\s+to\s+meet\s+(?:you|u|ya)\s*(?:[,.!]|$|irl|in\s+person|sometime|someday|one\s+day)|\bcome\s+(?:and\s+)?(?:find|see|visit|meet|get)\s+(?:you|u|ya)\b|\bwhere\s+do\s+(?:you|u)\s+(?:go\s+to\s+school|live|work|study|stay|hang\s+out)\b|\b(?:get|go|move|hop|jump)\s+off\s+(?:of\s+)?(?:this\s+(?:site|app|forum|place)|here|haven)\b",
        ),
        // "sc? mine's plumtea_", "i go by marigoldhaze on most apps".
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT|COMMON)\s*\?+\s*(?:mine'?s|mine\s+is|i'?m|it'?s)\s+(?P<h>HANDLE)",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\bi\s+go\s+by\s+@?(?P<h>[a-z0-9][a-z0-9_.-]{2,})\s+(?:everywhere|(?:on|in|across)\s+(?:most|all|every|the\s+other|other)\s+(?:the\s+)?(?:apps?|sites?|platforms?|socials?))\b",
        ),
        // A word-named app before ": @handle" ("threads: @meadow.lark").
        pattern(Kind::Handle, true, r"\bCOMMON\s*:\s*@[a-z0-9_.]{2,}"),
        // "shoot me a text", "drop me a line", "my @ is …".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:shoot|drop|send|flick|ping)\s+me\s+(?:a|an)\s+(?:text|email|e-mail|mail|call|snap|whatsapp)\b",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\bmy\s+@\s*(?:is|:|=|-)?\s*(?P<h>@?[a-z0-9][a-z0-9_.]{2,})",
        ),
        // "send me a friend request on steam": Haven has no friends list.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:send|give)\s+(?:me|us)\s+(?:a\s+)?(?:friend|follow)\s+request\b|\b(?:friend|follow)\s+request\s+(?:on|at|in)\s+(?:NAME|SHORT|COMMON)\b",
        ),
        // A Session messenger id: 66 hex digits starting with 05.
        pattern(Kind::Handle, true, r"\b05[0-9a-f]{64}\b"),
        // A link with spaces around its dots ("www . name . net").
        pattern(
            Kind::Link,
            true,
            r"\bwww\s*\.\s*[a-z0-9-]{2,}\s*\.\s*TLD\b|\b[a-z0-9-]{3,}\s+\.\s+(?:com|net|org|io)\b",
        ),
        // Being picked up or met at a place a person is every day.
        pattern(
            Kind::Offsite,
            false,
            r"\bpick\s+(?:you|u|ya)\s+up\s+(?:after|from|at|outside|near|tonight|tomorrow|later|on|before)\b|\b(?:meet|wait\s+for|see)\s+(?:you|u|ya)\s+(?:after|before|outside|near)\s+(?:school|class|college|work|practice|church|the\s+gym)\b|\bi\s+(?:can|could|will|'ll|would)\s+(?:come|drive|walk|get)\s+(?:over\s+)?to\s+(?:your|ur)\s+(?:place|house|home|school|work|college)\b",
        ),
        // "add me back, you know where".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:add|find|text|message|msg|dm|call|follow)\s+me\b[^.!?\n]{0,25}\byou\s+know\s+where\b|\byou\s+know\s+where\s+to\s+(?:find|reach|add|message|text)\s+me\b",
        ),
        // A room in a named building ("Ashby Hall, room 4.12").
        pattern(
            Kind::Address,
            true,
            r"\b(?:hall|halls|house|court|tower|building|residence|lodge|block)\s*,?\s*(?:room|rm|flat|apt|apartment)\s*#?\s*\d+(?:[.-]\d+)?[a-z]?\b",
        ),
        // An app and a name, and nothing else on the line ("snapchat
        // juniperrainy", "👻 name" once the emoji is read as the app).
        pattern(
            Kind::Handle,
            false,
            r"(?:^|\n)[ \t]*(?:NAME|SHORT)\b(?:[ \t]*[:\-–>][ \t]*|[ \t]+)(?P<h>@?[a-z][a-z0-9_.]{3,})[ \t]*[.!]?[ \t]*(?:$|\n)",
        ),
        // Any app, if the writer's name there comes with "message me
        // there" ("my vsco is juniperrain, you can dm there").
        pattern(
            Kind::Handle,
            false,
            r"\bmy\s+[a-z0-9]+\s+(?:is|=|:)\s+@?(?P<h>[a-z][a-z0-9_.]{3,})\b[^.!?\n]{0,40}\b(?:dm|message|msg|text|chat|talk|add|find|follow)\b[^.!?\n]{0,20}\b(?:there|on\s+there|on\s+it)\b",
        ),
        // A link host and a name joined by a spoken slash.
        pattern(
            Kind::Link,
            true,
            r"\b(?:NAME|SHORT|linktree|linktr|carrd|beacons|lnk|bio\s+link)\s+(?:dot\s+[a-z]{2,4}\s+)?slash\s+@?[a-z0-9_.]{3,}",
        ),
        // An e-mail named by its provider ("my mail is fern (the google one)").
        pattern(
            Kind::Email,
            false,
            r"\bmy\s+(?:e-?mail|mail|addy|email\s+address)\s+(?:is|=|:)\s+(?P<h>[a-z][a-z0-9_.]{3,})\b[^.!?\n]{0,30}\b(?:gmail|google|yahoo|outlook|hotmail|proton|protonmail|icloud|aol|gmx|live|msn)\b",
        ),
        // "can we video call?": Haven has no calls.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:can|could|shall|should)\s+(?:we|i)\s+(?:ADVERB\s+)?(?:video\s*call|video\s*chat|facetime|vc|voice\s*call|voice\s*chat|phone\s*call|call)(?:\s+(?:you|u|ya))?\s*(?:\?|sometime|later|tonight|tomorrow|soon|instead|one\s+day)",
        ),
        // A meeting id ("zoom, meeting id 845 2290 1134"): a call to join.
        pattern(
            Kind::Handle,
            true,
            r"\b(?:meeting|room|call|conference)\s*(?:id|code|number|no\.?|#)\s*(?:is|:|-)?\s*\d[\d\s-]{7,}\d",
        ),
        // A place made for the two of them ("I made a private subreddit
        // for us", "a group chat just for you and me").
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:made|created|set\s+up|started|making|creating|make|create|set\s+up)\s+(?:a|an|our\s+own|my\s+own)\s+(?:private\s+|secret\s+|little\s+|new\s+)*(?:[a-z]+\s+)?(?:server|group\s*chat|gc|group|subreddit|sub|channel|chat|room|space|community)\b[^.!?\n]{0,20}\b(?:for\s+(?:us|the\s+two\s+of\s+us|you\s+and\s+(?:me|i)|just\s+us)|just\s+for\s+(?:us|you|the\s+two))\b",
        ),
        // Moving to a group chat or to DMs somewhere else.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:move|go|switch|take\s+(?:this|it))\s+(?:over\s+)?to\s+(?:a|an|my|our)\s+(?:private\s+)?(?:group\s*chat|gc|group\s+call|server|chat\s*room)\b|\b(?:go|move|slide|take\s+(?:this|it))\s+(?:in)?to\s+(?:the\s+|my\s+|your\s+|ur\s+)?dms\s+(?:somewhere|elsewhere|on\s+(?:another|a\s+different|some\s+other)|off\s+here)\b",
        ),
        // Keeping the talk from the people who moderate it ("I don't want
        // the mentors reading this, can we …"). Strong: its own "don't
        // want" is not a refusal.
        pattern(
            Kind::Offsite,
            true,
            r"\b(?:don'?t|do\s+not)\s+want\s+(?:the\s+|any\s+)?(?:mods?|moderators?|mentors?|staff|admins?|leaders?|listeners?)\s+(?:to\s+)?(?:read(?:ing)?|see(?:ing)?|watch(?:ing)?)\b[^.!?\n]{0,40}\b(?:can|could|shall)\s+(?:we|i)\b",
        ),
        // "are you free to call tonight?": Haven has no calls.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:are|r)\s+(?:you|u|ya)\s+(?:free|around|up|able|awake)\s+(?:to|for\s+a)\s+(?:call|phone\s+call|ring|facetime|video\s*call|voice\s*call|vc|meet(?:\s+up)?|hang\s+out)\b",
        ),
        // A room in a hotel or a hostel the writer is staying in.
        pattern(
            Kind::Address,
            true,
            r"\b(?:staying|stay|booked|checked\s+in(?:to)?)\s+(?:at|in)\b[^.!?\n]{0,40}\b(?:room|rm)\s*#?\s*\d+[a-z]?\b",
        ),
        // An app whose name is a word, then a name and a way to reach
        // them there ("steam: fernleaf, add me and we'll voice chat").
        pattern(
            Kind::Handle,
            true,
            r"\bCOMMON\s*(?::|-|=|[-=]*>)\s*@?(?P<h>[a-z][a-z0-9_.]{3,})\b[^.!?\n]{0,30}\b(?:add|dm|pm|message|msg|chat|talk|call|text|find|follow)\b",
        ),
        // "I'm on wire and element too, same name fernleaf".
        pattern(
            Kind::Handle,
            true,
            r"\bi\s*(?:'?m|am)\s+(?:also\s+)?on\s+[a-z]+\b[^.!?\n]{0,30}\bsame\s+(?:user\s*)?(?:name|handle|@|id|tag)\b",
        ),
        // An unknown word before a colon, then a handle with a separator
        // and digits, alone on a line ("sigal: fern.leaf.07").
        pattern(
            Kind::Handle,
            false,
            r"(?:^|\n)[ \t]*[a-z]{2,12}[ \t]*(?::|[-=]*>)[ \t]*@?(?P<h>[a-z][a-z0-9]*[._][a-z0-9._]*\d[a-z0-9._]*)[ \t]*[.!]?[ \t]*(?:$|\n)",
        ),
        // A street address, or an address announced as one.
        pattern(
            Kind::Address,
            true,
            r"\b\d{1,5}[a-z]?,?\s+(?:[a-z'’]+\s+){1,3}(?:street|st|lane|ln|road|rd|avenue|ave|drive|dr|court|ct|boulevard|blvd|way|place|pl|terrace|close|crescent|cres|gardens|grove|row|square|sq|mews|parade|walk|hill|highway|hwy|parkway|pkwy)\b",
        ),
        pattern(
            Kind::Address,
            true,
            r"\b(?:rue|avenue|boulevard|chemin|via|viale|piazza|calle|avenida|plaza|rua|straat|laan|gasse)\s+(?:[a-z'’]+\s+){0,3}[a-z'’]+,?\s+\d{1,4}\b|\b\d{1,4},?\s+(?:rue|avenue|boulevard|chemin|via|calle|rua)\s+[a-z]|\b[a-z]+(?:strasse|straße|str\.|weg|platz|allee|gasse|straat|laan|gade|gatan|vej|veien)\s+\d{1,4}[a-z]?\b",
        ),
        // Postcodes (UK, Canada, US ZIP after a state, 4–5 digits after a
        // street line) next to a street or a town.
        pattern(
            Kind::Address,
            true,
            r"\b(?:street|st|lane|road|rd|avenue|ave|drive|way|place|close|crescent|row|square|straße|strasse|rue|calle|via)\b[^.!?\n]{0,40}\b(?:[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}|[a-z]\d[a-z]\s*\d[a-z]\d|[a-z]{2}\s+\d{5}(?:-\d{4})?|\d{4,5}\s+[a-z]+)\b",
        ),
        pattern(
            Kind::Address,
            true,
            r"\b(?:p\.?\s*o\.?\s*box|postbox|post\s+office\s+box)\s*\d+",
        ),
        pattern(
            Kind::Address,
            true,
            r"\b(?:flat|apt|apartment|unit|suite)\s*\d+[a-z]?\s*,?\s*\d{1,5}\s+[a-z]",
        ),
        pattern(
            Kind::Address,
            true,
            r"\b(?:room|rm|dorm)\s*#?\s*\d+(?:[.-]\d+)?[a-z]?\s*,?\s*(?:in\s+|at\s+|of\s+)?(?:the\s+)?(?:[a-z]+\s+){0,2}(?:hall|halls|building|house|tower|residence|residences|dorms?|block|wing|court)\b|\b(?:flat|apt|apartment|unit|room|rm|block)\s*#?\s*(?:\d+[a-z]?|[a-z]\d*)\b[^.!?\n]{0,25}?\b(?:[a-z]+\s+){1,2}(?:halls?|house|court|tower|building|residences?|lodge|apartments|dorms?)\b|\bbuilding\s+[a-z0-9]+,?\s+(?:room|rm|apt|flat|floor)\s*\d+",
        ),
        pattern(
            Kind::Address,
            true,
            r"\b(?:my\s+(?:home\s+|house\s+|dorm\s+)?address\s+is|i\s+live\s+(?:at|on)|my\s+house\s+is\s+(?:at|on)?|send\s+(?:it|them|letters?|mail|post|stuff)\s+to|write\s+to\s+me\s+at)\s*(?:flat\s+|apt\s+|unit\s+)?\d",
        ),
        // Round 7 (from frozen-6's misses).
        // "hmu on my other account": another account of the writer's.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:hmu|hit\s+me\s+up|add|find|follow|message|msg|dm|text|reach)\s+(?:me\s+)?(?:on|at|via)\s+my\s+(?:other|second|main|alt|private|real|spam|finsta)\s+(?:account|acc|acct|page|profile|one)\b",
        ),
        // "we could do a teams call", "I'll send an invite to your email".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:we|i)\s+(?:could|can|should|might)\s+(?:ADVERB\s+)?(?:do|have|hop\s+on|jump\s+on|set\s+up)\s+(?:a|an)\s+[a-z]+\s+(?:call|chat|meeting)\b|\bsend\s+(?:you\s+|u\s+)?(?:an?\s+)?(?:invite|invitation|link)\s+to\s+(?:your|ur|yr)\s+(?:email|e-mail|mail|inbox|number|phone)\b",
        ),
        // "im on signall if u want to talk privately": any app, misspelt
        // or unknown, offered for talking.
        pattern(
            Kind::Offsite,
            false,
            r"\bi\s*(?:'?m|am)\s+on\s+[a-z]{3,}\s+if\s+(?:you|u|ya)\s+(?:ever\s+)?(?:want|wanna|need)\s+to\s+(?:talk|chat|message|text|vent|call)\b|\b(?:talk|chat|speak)\s+(?:more\s+)?(?:privately|in\s+private)\s+(?:on|over|via)\s+[a-z]{3,}\b",
        ),
        // A Matrix room or user: "#quietplace:matrix.org", "@name:server.net".
        pattern(
            Kind::Handle,
            true,
            r"[#@!][a-z0-9._=-]{2,}:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.TLD\b",
        ),
        // "find me on goodreads, pip marlow, message me there": any site,
        // then "message me there".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:find|add|follow)\s+me\s+on\s+[a-z]{3,}\b[^.!?\n]{0,40}\b(?:message|msg|dm|pm|text|add|follow|talk\s+to)\s+me\s+(?:there|on\s+there|over\s+there)\b",
        ),
        // An app, then a real name to search for ("messenger works, search
        // Pip Marlow"; "fb is pip marlow").
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|COMMON|SHORT)\b[^.!?\n]{0,25}\b(?:search|look\s+up|look\s+for)\s+(?:for\s+)?(?:me\s+)?(?:as\s+)?[a-z]{2,}\s+[a-z]{2,}\b",
        ),
        pattern(
            Kind::Handle,
            true,
            r"(?:^|\bmy\s+)(?:fb|facebook|faceb[a-z]{2,4}|linkedin)\s*(?:is|:|=|-)\s*(?:just\s+)?[a-z]{2,}\s+[a-z]{2,}\s*(?:[,.!(]|$|\bthe\s+one\b|\bif\b|\bwith\b|\bfrom\b)",
        ),
        // "i'm pipmarlow on the gram", "bereal add pipmarlow", "my onlyfans
        // lol pipmarlow".
        pattern(
            Kind::Handle,
            true,
            r"\bi\s*(?:'?m|am)\s+@?(?P<h>[a-z0-9][a-z0-9_.]{3,})\s+on\s+(?:the\s+)?(?:NAME|COMMON|SHORT)\b",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\b(?:NAME|SHORT)\s+(?:add|follow|find)\s+(?:me\s+)?@?(?P<h>[a-z0-9][a-z0-9_.]{3,})\b",
        ),
        pattern(
            Kind::Handle,
            true,
            r"\bmy\s+(?:NAME|COMMON|SHORT)\s+(?:lol|lmao|haha|btw|tho|rn|\W)*\s*@?(?P<h>[a-z]+[0-9_.][a-z0-9_.]*|[a-z]{4,}[a-z]*)\s*$",
        ),
        // "can i pm you my socials?", "i'll dm you my number".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:pm|dm|message|msg|send|text|give|slide)\s+(?:you|u|ya)\s+my\s+(?:socials?|number|digits|snap|insta|ig|email|e-mail|details|contact|handle|@|info|deets)\b",
        ),
        // "i'll be at the station cafe at 4, come find me": a place and a
        // time, and being found there.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|gonna)\s+be\s+(?:at|in|outside)\s+(?:the\s+)?[a-z' ]{2,40}?\s+(?:at|on|around|from|after|by)\s+[0-9a-z:]{1,8}\b[^.!?\n]{0,40}\b(?:come\s+(?:and\s+)?(?:find|see|meet|say\s+hi)|find\s+me|meet\s+(?:me|up)|if\s+(?:you|u)\s+(?:want|wanna)\s+to\s+meet)\b",
        ),
        // Round 8 (from frozen-7's misses).
        // "I stream on twitch as junodraws".
        pattern(
            Kind::Handle,
            true,
            r"\bi\s+(?:stream|post|play|game|draw|write|upload|vlog|sing|make\s+videos)\s+on\s+(?:the\s+)?APP\s+as\s+(?P<h>HANDLE)",
        ),
        // "u got insta or nah": asking whether the reader has an app.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:you|u|ya)\s+(?:got|have|use|on)\s+(?:an?\s+)?(?:NAME|COMMON|SHORT)\s*(?:\?|or\s+(?:nah|no|not|what)|$)",
        ),
        // "linkedin slash in slash name": a profile path said aloud.
        pattern(
            Kind::Link,
            true,
            r"\blinked\s*in\s*(?:\.\s*com|\s+dot\s+com)?\s*(?:/|\bslash\b)\s*in\s*(?:/|\bslash\b)\s*[a-z0-9]",
        ),
        // "my username is juno.reyes": a handle-shaped name announced.
        pattern(
            Kind::Handle,
            true,
            r"\bmy\s+(?:user\s*name|handle|gamertag|tag|@)\s+(?:is|:|=)\s*@?(?P<h>[a-z0-9]*[a-z][a-z0-9]*[._][a-z0-9._]+|[a-z]+\d{2,}[a-z0-9]*)\b",
        ),
        // Another account of the writer's, a conversation moved to an app.
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:continue|carry\s+on|talk|chat)\s+(?:this\s+)?(?:on|over\s+on|from)\s+my\s+(?:other|second|alt|private|spam)\s+(?:account|acc|acct|page|profile)\b|\b(?:move|take|continue|switch)\s+(?:this|it|the\s+(?:chat|conversation|talk))\s+(?:to|over\s+to|onto)\s+(?:NAME|COMMON|SHORT|session)\b",
        ),
        // "here's my id 05a1b2…": an id with letters and digits.
        pattern(
            Kind::Handle,
            true,
            r"\bhere'?s\s+my\s+(?:id|code|number|handle)\s*:?\s*(?P<h>[a-z0-9]*\d[a-z0-9]{5,})\b",
        ),
        // "can I add you on something?".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:add|follow|find|message|text)\s+(?:you|u|ya)\s+on\s+(?:something|anything|another\s+app|other\s+apps?|any\s+apps?|socials?)\b",
        ),
        // A Discord-style name with its four-digit tag ("juno#4471").
        pattern(Kind::Handle, true, r"\b[a-z][a-z0-9_.]{1,31}#\d{4}\b"),
        // "link in my bio", "same as my number".
        pattern(
            Kind::Offsite,
            false,
            r"\blink\s+in\s+(?:my\s+)?bio\b|\bsame\s+as\s+my\s+(?:phone\s+)?(?:number|phone|cell|mobile)\b",
        ),
        // "my flat is 3B, Kestrel House".
        pattern(
            Kind::Address,
            true,
            r"\b(?:flat|apt|apartment|unit|room)\s+(?:is\s+|number\s+)?#?\d+[a-z]?\s*,?\s*(?:[a-z]+\s+){1,2}(?:house|court|tower|building|hall|halls|lodge|mansions|apartments)\b",
        ),
        // "if you give me your email I'll tell you".
        pattern(
            Kind::Offsite,
            false,
            r"\b(?:give|send|tell|dm|pm|text)\s+me\s+(?:your|ur|yr)\s+(?:email|e-mail|number|digits|snap|insta|ig|socials?|address|phone|cell|handle|@|discord)\b",
        ),
    ]
});

/// Cues that are only evidence together, anywhere within a short distance
/// of each other in a longer message: long chat messages spread a contact
/// attempt over clauses ("you could add me, it's rowan.sky on the ghost
/// app"; "can we voice chat somewhere? i have discord").
struct Cues {
    /// A platform named in a way that refers to the platform.
    platform: Regex,
    /// A word shaped like a handle: `@name`, `name_with_underscore`,
    /// `dotted.name`, `name2010`, or any name after "look it up:".
    handle: Regex,
    /// A word tying a handle to the writer: "my", "add me", "it's", "I'm".
    ownership: Regex,
    /// An invitation to talk, call, play or be found.
    invitation: Regex,
}

/// How far apart (bytes of normalised text) two cues may be.
const CUE_DISTANCE: usize = 100;

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues {
    platform: pattern(
        Kind::Handle,
        true,
        r"\bNAME\b|\b(?:my|on|add\s+me\s+on|have|use)\s+(?:SHORT|COMMON)\b",
    )
    .regex,
    handle: pattern(
        Kind::Handle,
        true,
        r"(?:^|[\s(:,])(?:@[a-z0-9_.]{3,}|[a-z][a-z0-9]*(?:[._][a-z0-9]+)+|[a-z]{3,}\d{2,})\b|\b(?:look\s+(?:it|me)\s+up|search(?:\s+for)?|find\s+me(?:\s+as)?|look\s+for)\s*:\s*@?[a-z][a-z0-9_.]{3,}\b",
    )
    .regex,
    ownership: pattern(
        Kind::Handle,
        true,
        r"\b(?:my|me|mine|mine'?s|i'?m|im|i\s+am|i\s+have|i\s+go\s+by|add|find|search|look|follow|it'?s|its|called|named|name'?s|user\s*name|handle|account|id)\b",
    )
    .regex,
    invitation: pattern(
        Kind::Offsite,
        false,
        r"\b(?:(?:can|could|shall|should)\s+we|let'?s|lets|wanna|want\s+to|we\s+(?:could|can|should)|(?:you|u)\s+(?:can|could|should)|feel\s+free\s+to|come)\s+(?:ADVERB\s+)?(?:talk|chat|call|vc|text|(?:play|game)(?:\s+\w+)?\s+(?:with\s+me|together|sometime)|hang\s+out|facetime|voice\s*chat|video\s*chat|voice\s*call|video\s*call|add\s+me|find\s+me|message\s+me|dm\s+me|text\s+me|follow\s+me|hmu|hit\s+me\s+up|keep\s+talking)\b|\b(?:add|text|message|msg|follow|ring)\s+me\b|\bcall\s+me\s+(?:at|on|tonight|later|sometime|when|whenever|if|any\s*time|maybe)\b|\bhit\s+me\s+up\b|\bhmu\b|\b(?:maybe|how\s+about|what\s+about|up\s+for|fancy)\s+(?:a\s+)?(?:quick\s+)?(?:call|chat|vc|voice\s*chat|video\s*(?:call|chat)|facetime|game)\b|\bhear\s+(?:your|ur)\s+voice\b",
    )
    .regex,
}
});

/// Words right after an invitation that make it about something, not an
/// invitation ("can we talk about instagram"), or keep the talk on Haven for words that keep the talk on Haven ("let's keep talking
/// here", "in this thread").
const ABOUT: &[&str] = &[
    "about",
    "through",
    "more about",
    "to",
    "with",
    "here",
    "on here",
    "in this",
    "in the thread",
    "in the forum",
    "on the forum",
    "on haven",
];

/// What comes before an @mention of someone on Haven: the start of the
/// message, a greeting or thanks ("thanks @moss_fern").
static ADDRESSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\n|\b(?:hi|hey|hello|thanks|thank\s+you|ty|dear|welcome|congrats|proud\s+of\s+you|agree\s+with|like|so|and|@\S+)[\s,!]*)\s*$")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// A name said to be the writer's name here, on Haven ("my username here
/// is sunny_22", "on here I'm moss_fern").
static HAVEN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(?:user\s*name|name|handle|account)\s+(?:here|on\s+here|on\s+haven)|(?:here|on\s+here|on\s+haven),?\s+i'?m)\b[^.!?\n]*$")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// An app the writer no longer has ("I don't even have snapchat", "I
/// deleted insta"): no handle next to it is theirs on it.
static PLATFORM_GONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:don'?t\s+(?:even\s+)?(?:have|use)|deleted|quit|left|got\s+rid\s+of|no\s+longer\s+(?:have|use|on)|stopped\s+using|not\s+on|never\s+(?:had|used))\s+(?:my\s+|the\s+)?$")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// Handle-shaped words that are everyday words.
static NOT_A_HANDLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:covid|iphone|windows|win|top|day|year|week|gen|ww|form|class|room|ward|level|grade|mp|ps|version|v|e\.g|i\.e|a\.k\.a)\d*$")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// What makes an invitation or a request not an attempt, when it comes
/// before it in the same sentence: someone else asked (reported speech), the
/// writer refused, the rule itself is the subject, or it is a warning.
static NOT_AN_ATTEMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:someone|somebody|some\s+(?:guy|girl|person|people|one)|an?\s+(?:[a-z]+\s+){0,2}(?:guy|girl|man|woman|boy|lady|adult|person|member|stranger|user)|people|they|he|she|this\s+(?:guy|girl|person)|(?:my|her|his|their|a|this|some)\s+(?:[a-z']+\s+){0,2}(?:friend|boyfriend|girlfriend|bf|gf|partner|cousin|sister|brother|mum|mom|dad|parent|uncle|aunt|therapist|teacher|coach|ex|classmate|neighbou?r|colleague|coworker|boss|roommate|flatmate))\s+(?:\w+\s+)?(?:asked|asks|asking|wanted|wants|kept|keeps|tried|tries|told|tells|said|says|was\s+asking|messaged|dmed|pmed|begged|pressured|pushed)\b",
        r"|\b(?:no\s+thanks|no\s+thank\s+you|i\s+won'?t|i\s+will\s+not|i'?m\s+not\s+(?:going\s+to|gonna)|i\s+don'?t\s+(?:want|feel|think)|i'?d\s+rather\s+not|i\s+(?:refuse|refused|declined|said\s+no|blocked|reported)|not\s+comfortable|never\s+(?:give|share|send|post|add|meet)|don'?t\s+(?:give|share|send|post|ask|add|meet|move|take)|do\s+not\s+(?:give|share|send|post|ask|add|meet|move)|please\s+don'?t|shouldn'?t|should\s+not|(?:we|you|i|people|members)\s+(?:can'?t|cannot|aren'?t\s+allowed\s+to)\s+(?:swap|share|give|post|send|exchange|ask\s+for)|why\s+(?:can'?t|cannot)\s+(?:we|i|you|people|members)\s+(?:just\s+)?(?:swap|share|give\s+out|post|exchange))\b",
        r"|\b(?:rules?|guidelines?|not\s+allowed|against\s+the|allowed\s+to|is\s+it\s+(?:ok|okay|allowed|safe|against)|reminder|warning|be\s+careful|careful\s+(?:if|when)|report\s+(?:it|them|anyone)|what\s+(?:do|should)\s+i\s+do|how\s+do\s+i\s+(?:say\s+no|refuse|report)|if\s+(?:someone|anyone|somebody|a\s+stranger)|(?:nobody|no\s*one)\s+(?:should|may|is\s+allowed|has\s+the\s+right|from\s+here|on\s+here|here\s+should)|than\s+(?:anywhere|somewhere|any\s*where)\s+else|than\s+elsewhere|(?:posts?|messages?|comments?|people|anyone|members?|users?|accounts?)\s+(?:that|who|which)\s+(?:share|post|ask|give|send|include|move|invite)s?)\b",
    ))
    .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// A name given to someone or something else ("videos by a woman called
/// Rosa", "a channel named …"): not the writer's handle.
static THIRD_PARTY_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:a|an|the|some|this|that|her|his|their|whose)\s+(?:[a-z']+\s+){0,2}(?:called|named)\s+@?$")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// A place the writer lived before ("14 Elm Road was the worst", "I
/// grew up on 3 Mill Lane"): a memory, not an address to find them at.
static PAST_ADDRESS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:used\s+to\s+live|grew\s+up|lived|growing\s+up|childhood|old\s+(?:house|home|place|flat|address)|former|previous|moved\s+(?:away\s+)?(?:from|out\s+of)|left)\b[^.!?\n]{0,30}$")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// A place that is someone's or something else's, not the writer's home
/// ("my counsellor is at 10 Harley Street", "the clinic on …").
static OTHERS_ADDRESS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:my|our|the|her|his|their|a)\s+(?:[a-z]+\s+)?(?:counsell?or|therapist|doctor|gp|psychiatrist|psychologist|nurse|dentist|clinic|surgery|practice|hospital|pharmacy|chemist|office|school|college|library|church|mosque|temple|job|work|support\s+group|group|centre|center|charity|service)(?:'s|\s+is|\s+are|\s+was)?\s+(?:based\s+|located\s+)?(?:at|on|in)\s+$")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// Whether the address at `start..end` is where the writer lived before,
/// or belongs to someone or something else.
fn past_address(text: &str, start: usize, end: usize) -> bool {
    let after = text[end..].trim_start_matches([',', ' ']);
    ["was ", "was,", "were ", "used to "]
        .iter()
        .any(|w| after.starts_with(w))
        || PAST_ADDRESS_BEFORE.is_match(preceding(text, start, 60))
        || OTHERS_ADDRESS_BEFORE.is_match(preceding(text, start, 60))
}

/// Speech verbs before a quotation: what is in the quote was someone
/// else's words.
static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:said|says|asked|asks|wrote|writes|messaged|told\s+me|goes|went|like)\s*,?\s*[:]?\s*["“'‘][^"”'’\n]*["”'’]"#)
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// Where quotations after a speech verb are in `text`, as byte ranges.
fn quotations(text: &str) -> Vec<(usize, usize)> {
    QUOTED
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// A run of digits with the separators people put inside a number.
static NUMBER_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\+?\d(?:[\d\s().–-]*\d)?").unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// Words before a number that say it is not a phone number.
static NOT_PHONE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:isbn|order|id|ref|reference|ticket|tracking|account|student|invoice|serial|flight|room|zip|postcode|code)\b[^0-9]{0,15}$|\bcase\s*(?:no|number|#|id|ref)\b[^0-9]{0,6}$")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// Opening hours written with digits.
static ROUND_THE_CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b24\s*/\s*7\b|\b24\s*x\s*7\b|\b24\s*(?:hours?|hrs?|h)\b|\b7\s+days\b|\b365\s+days\b",
    )
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

/// Number words for 10–19, and for 20–90 by tens.
const TEENS: [&str; 10] = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [(&str, char); 8] = [
    ("twenty", '2'),
    ("thirty", '3'),
    ("forty", '4'),
    ("fifty", '5'),
    ("sixty", '6'),
    ("seventy", '7'),
    ("eighty", '8'),
    ("ninety", '9'),
];

/// The two digits a teen or tens word at `at` stands for ("fourteen" 14,
/// "twenty three" or "twenty-three" 23, "twenty" 20), and the bytes it
/// spans.
fn tens_at(
    text: &str,
    at: usize,
    unit_at: impl Fn(usize) -> Option<(char, usize)>,
) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let whole = |word: &str| {
        text.get(at..at + word.len()) == Some(word)
            && bytes
                .get(at + word.len())
                .is_none_or(|b| !b.is_ascii_alphabetic())
    };
    if let Some(n) = TEENS.iter().position(|w| whole(w)) {
        return Some((format!("1{n}"), TEENS[n].len()));
    }
    let (word, tens) = TENS.iter().find(|(w, _)| whole(w))?;
    let after = at + word.len();
    let gap = match bytes.get(after) {
        Some(b' ' | b'-') => 1,
        _ => 0,
    };
    match unit_at(after + gap) {
        // "oh" after a tens word is its own zero, not a unit.
        Some((unit, len)) if gap == 1 && unit != '0' => {
            Some((format!("{tens}{unit}"), word.len() + gap + len))
        }
        _ => Some((format!("{tens}0"), word.len())),
    }
}

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
                && (word.iter().any(u8::is_ascii_digit)
                    // "O7 9 OO 123": a word of O's inside a run of digits.
                    || (current.is_some() && word.len() <= 3 && word.iter().all(|b| *b == b'o')))
        } {
            Some((if c == b'o' { '0' } else { '1' }, 1))
        } else if c.is_ascii_alphabetic() && (i == 0 || !bytes[i - 1].is_ascii_alphabetic()) {
            let word_at = |at: usize| -> Option<(char, usize)> {
                NUMBER_WORDS.iter().find_map(|(word, d)| {
                    let end = at + word.len();
                    (text.get(at..end) == Some(*word)
                        && bytes.get(end).is_none_or(|b| !b.is_ascii_alphabetic()))
                    .then_some((*d, word.len()))
                })
            };
            // "double seven", "triple oh": the next digit, repeated.
            let repeat = ["double", "triple", "dbl"].iter().find_map(|w| {
                let after = i + w.len();
                let gap = text
                    .get(after..)?
                    .bytes()
                    .take_while(|b| matches!(b, b' ' | b'-' | b'.' | b','))
                    .count();
                // "double 0", and glued: "9double00".
                let next_is_digit = bytes.get(after + gap).is_some_and(u8::is_ascii_digit);
                (text.get(i..after) == Some(*w) && (gap > 0 || next_is_digit))
                    .then(|| (w.len() + gap, if w.starts_with('t') { 3 } else { 2 }))
            });
            if let Some((len, times)) = repeat {
                let next = i + len;
                let following = bytes
                    .get(next)
                    .filter(|b| b.is_ascii_digit())
                    .map(|b| (*b as char, 1))
                    .or_else(|| word_at(next));
                if let Some((d, dlen)) = following {
                    let run = current.get_or_insert_with(|| DigitRun {
                        digits: String::new(),
                        start: i,
                        end: i,
                        plus: false,
                        groups: vec![0],
                        spoken: false,
                    });
                    run.spoken = true;
                    for _ in 0..times {
                        run.digits.push(d);
                    }
                    if let Some(g) = run.groups.last_mut() {
                        *g += times;
                    }
                    run.end = next + dlen;
                    last_digit_end = next + dlen;
                    i = next + dlen;
                    continue;
                }
            }
            // "seven hundred" after digits: two zeros.
            if current.is_some()
                && let Some(len) = ["hundred", "thousand"].iter().find_map(|w| {
                    (text.get(i..i + w.len()) == Some(*w)
                        && bytes
                            .get(i + w.len())
                            .is_none_or(|b| !b.is_ascii_alphabetic()))
                    .then_some(w.len())
                })
                && let Some(run) = current.as_mut()
            {
                let zeros = if len == 7 { 2 } else { 3 };
                for _ in 0..zeros {
                    run.digits.push('0');
                }
                if let Some(g) = run.groups.last_mut() {
                    *g += zeros;
                }
                run.end = i + len;
                last_digit_end = i + len;
                i += len;
                continue;
            }
            // "fourteen", "twenty three" inside a spoken number ("oh eight
            // seven, fourteen oh, twenty three thirty one"): two digits.
            // Only after other digits, so "I'm fourteen" stays a word.
            if current.is_some()
                && let Some((digits, len)) = tens_at(text, i, word_at)
                && let Some(run) = current.as_mut()
            {
                run.spoken = true;
                if run.groups.last().is_some_and(|g| *g > 0) {
                    run.groups.push(0);
                }
                run.digits.push_str(&digits);
                if let Some(g) = run.groups.last_mut() {
                    *g += digits.len();
                }
                run.end = i + len;
                last_digit_end = i + len;
                i += len;
                continue;
            }
            word_at(i).filter(|(_, len)| {
                // "oh" counts next to other digits: after one, or before one.
                *len != 2 || current.is_some() || {
                    let rest = text[i + 2..].trim_start_matches([' ', ',', '-']);
                    rest.starts_with(|c: char| c.is_ascii_digit())
                        || word_at(text.len() - rest.len()).is_some_and(|(_, l)| l > 2)
                }
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
        if separator && current.is_some() && i - last_digit_end < 4 {
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
            allowed_domains: crisis::domains(),
        }
    }

    fn allowed(&self, digits: &str) -> bool {
        // "+44 116 123": a crisis line with a country code.
        let national = |a: &String| {
            let a = a.trim_start_matches('0');
            a.len() >= 6
                && digits.len() > a.len()
                && digits.len() - a.len() <= 3
                && digits.ends_with(a)
                && !digits.starts_with('0')
        };
        // "0722 178 177": a line listed with its country code ("+254 722
        // 178 177"), written the national way, with the trunk 0.
        let trunk = |a: &String| {
            let rest = &digits[1..];
            digits.starts_with('0')
                && rest.len() >= 6
                && a.len() > rest.len()
                && a.len() - rest.len() <= 3
                && a.ends_with(rest)
        };
        self.allowed_numbers
            .iter()
            .any(|a| a == digits || national(a) || trunk(a))
    }

    /// Whether `span` shares crisis lines and no other number: every digit
    /// run in it of five digits or more is on the directory, and there is
    /// at least one.
    fn only_crisis_lines(&self, span: &str) -> bool {
        let mut lines = 0;
        for run in NUMBER_RUN.find_iter(span) {
            let digits: String = run.as_str().chars().filter(char::is_ascii_digit).collect();
            if self.allowed(&digits) {
                lines += 1;
            } else if digits.len() >= 5 {
                return false;
            }
        }
        lines > 0
    }

    /// Checks one text with the patterns alone (what holds or blocks a
    /// post; see [`Detector::detect_with_model`] for what Haven runs).
    pub fn detect(&self, input: &str) -> Detection {
        self.detect_normalized(&normalize(input))
    }

    /// The patterns, and the learned model ([`model`]) for what they do not
    /// catch: what Haven runs. A detection by the model alone is marked
    /// [`Detection::learned`]; its span is the sentence the model scored
    /// highest (what moderators are shown).
    pub fn detect_with_model(&self, input: &str) -> Detection {
        self.detect_normalized_with_model(&normalize(input))
    }

    /// [`Detector::detect_with_model`] on a text already normalised.
    pub fn detect_normalized_with_model(&self, norm: &Normalized) -> Detection {
        let found = self.detect_normalized(norm);
        if found.contact {
            return found;
        }
        let (probability, (start, end)) = model::MODEL.strongest(&norm.text);
        if probability < model::MODEL.threshold || self.explained_away(&norm.text, start, end) {
            return found;
        }
        Detection {
            contact: true,
            kinds: vec![Kind::Offsite],
            spans: vec![norm.span(start, end)],
            learned: true,
        }
    }

    fn allowed_address(&self, found: &str) -> bool {
        let squashed: String = found
            .split(|c: char| c.is_whitespace())
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" dot ", ".")
            .replace(" at ", "@");
        self.allowed_domains
            .iter()
            .any(|d| squashed.contains(d.as_str()))
    }

    /// Checks a text already normalised (the rules read the same form).
    pub fn detect_normalized(&self, norm: &Normalized) -> Detection {
        let text = norm.text.as_str();
        let mut hits: Vec<(Kind, usize, usize)> = Vec::new();

        // "24/7" and "24 hours" after a number are opening hours, not
        // more digits of it ("Samaritans are on 116 123 24/7"): masked with
        // the same number of bytes so positions stay put.
        let hours =
            ROUND_THE_CLOCK.replace_all(text, |c: &regex::Captures<'_>| "~".repeat(c[0].len()));
        for run in digit_runs(&hours) {
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

        let quoted = quotations(text);
        let platform_named = PLATFORM_NAMED.is_match(text);
        for p in PATTERNS.iter() {
            if (p.needs_platform && !platform_named) || !p.regex.is_match(text) {
                continue;
            }
            for caps in p.regex.captures_iter(text) {
                let Some(m) = caps.get(0) else { continue };
                // A handle that is a plain word is weaker evidence than one
                // with digits, dots or underscores: context can undo it.
                let mut strong = p.strong;
                if let Some(h) = caps.name("h") {
                    let handle = h.as_str().trim_start_matches('@');
                    if NOT_HANDLE.contains(&handle)
                        || !handle_shaped(handle)
                        || THIRD_PARTY_NAMED.is_match(preceding(text, h.start(), 40))
                    {
                        continue;
                    }
                    strong &= !handle.bytes().all(|b| b.is_ascii_alphabetic());
                }
                if p.kind == Kind::Address && past_address(text, m.start(), m.end()) {
                    continue;
                }
                let token_end = text[m.end()..]
                    .find(char::is_whitespace)
                    .map_or(text.len(), |i| m.end() + i);
                if matches!(p.kind, Kind::Email | Kind::Link)
                    && self.allowed_address(&text[m.start()..token_end])
                {
                    continue;
                }
                if !strong && self.not_an_attempt(text, m.start(), m.end(), &quoted) {
                    continue;
                }
                hits.push((p.kind, m.start(), m.end()));
            }
        }

        hits.extend(self.combinations(text, &quoted));

        // A spelled-out address is an e-mail, not also a link.
        let emails: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| h.0 == Kind::Email)
            .map(|h| (h.1, h.2))
            .collect();
        hits.retain(|h| h.0 != Kind::Link || !emails.iter().any(|e| h.1 < e.1 && e.0 < h.2));
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
            learned: false,
        }
    }

    /// Cues that count together: a platform and a handle near each other
    /// with a word tying the handle to the writer between them (or just
    /// before the handle); a platform near an invitation. Both are treated
    /// as weak evidence (context can undo them), since either cue alone is
    /// ordinary talk.
    fn combinations(&self, text: &str, quoted: &[(usize, usize)]) -> Vec<(Kind, usize, usize)> {
        let cues = &*CUES;
        let platforms: Vec<(usize, usize)> = cues
            .platform
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        if platforms.is_empty() {
            return Vec::new();
        }
        let near = |a: (usize, usize), b: (usize, usize)| {
            let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
            second.0.saturating_sub(first.1) <= CUE_DISTANCE
                && !text[first.1.min(second.0)..second.0].contains("\n\n")
        };
        let mut hits = Vec::new();
        for m in cues.handle.find_iter(text) {
            // The handle is the match's last word ("look it up: name").
            let token = m
                .as_str()
                .rsplit(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | ','))
                .next()
                .unwrap_or_default();
            let start = m.end() - token.len();
            let bare = token.trim_start_matches('@');
            if NOT_HANDLE.contains(&bare)
                || NOT_A_HANDLE_WORD.is_match(bare)
                || !handle_shaped(bare)
                || text[..start].ends_with("r/")
                || (token.starts_with('@') && ADDRESSED.is_match(&text[..start]))
                || HAVEN_NAME.is_match(preceding(text, start, 30))
            {
                continue;
            }
            let span = (start, m.end());
            for &p in &platforms {
                if !near(p, span)
                    || (p.0 < span.1 && span.0 < p.1)
                    || PLATFORM_GONE.is_match(preceding(text, p.0, 30))
                {
                    continue;
                }
                let between = if p.1 <= span.0 {
                    &text[p.1..span.0]
                } else {
                    &text[span.1..p.0]
                };
                let lead = preceding(text, start, 20);
                // A handle before the platform is tied to the writer just
                // before it ("add me, it's rowan.sky on the ghost app"); one
                // after it, anywhere between ("my tumblr… it's rowan.sky").
                let tied = if span.1 <= p.0 {
                    between.len() <= 40 && cues.ownership.is_match(lead)
                } else {
                    cues.ownership.is_match(between) || cues.ownership.is_match(lead)
                };
                if !tied {
                    continue;
                }
                let (s, e) = (p.0.min(span.0), p.1.max(span.1));
                if !self.not_an_attempt(text, s, e, quoted) {
                    hits.push((Kind::Handle, span.0, span.1));
                    hits.push((Kind::Handle, p.0, p.1));
                }
                break;
            }
        }
        for m in cues.invitation.find_iter(text) {
            let rest = text[m.end()..].trim_start();
            if ABOUT.iter().any(|w| {
                rest.strip_prefix(w)
                    .is_some_and(|r| r.is_empty() || r.starts_with(|c: char| !c.is_alphanumeric()))
            }) {
                continue;
            }
            let span = (m.start(), m.end());
            let Some(&p) = platforms.iter().find(|&&p| near(p, span)) else {
                continue;
            };
            if !self.not_an_attempt(text, m.start(), m.end(), quoted)
                && !self.not_an_attempt(text, p.0, p.1, quoted)
            {
                hits.push((Kind::Offsite, span.0, span.1));
                hits.push((Kind::Offsite, p.0, p.1));
            }
        }
        hits
    }

    /// Whether the sentence the model read at `start..end` says what it is
    /// about in a way that makes it no attempt: the same reading the
    /// patterns give an invitation (reported speech, a refusal, a warning, a
    /// question about the rule, a quotation). The model reads words, not
    /// who says them to whom, so without this "he said \"let's talk on
    /// telegram\" and I said no" scored like the invitation it quotes. Only
    /// a span of one sentence is read this way: in a longer span the words
    /// that explain one sentence say nothing about the next.
    pub fn explained_away(&self, text: &str, start: usize, end: usize) -> bool {
        let span = &text[start..end];
        // A crisis line is never an attempt, wherever the model reads it
        // ("India: iCall on 9152987821" was flagged: the model does not
        // know the directory).
        if self.only_crisis_lines(span) {
            return true;
        }
        if model::sentences(span).len() > 1 {
            return false;
        }
        let quoted = quotations(text);
        self.not_an_attempt(text, start, end, &quoted)
            || quoted.iter().any(|&(s, e)| s <= start + 1 && end <= e + 1)
    }

    /// Whether an invitation or request at bytes `at..end` is reported
    /// speech, a refusal, a warning or a question about the rule: its
    /// sentence up to its end says so, or it is inside a quotation.
    fn not_an_attempt(&self, text: &str, at: usize, end: usize, quoted: &[(usize, usize)]) -> bool {
        if quoted.iter().any(|(s, e)| (*s..*e).contains(&at)) {
            return true;
        }
        let before = &text[..at];
        let sentence_start = before
            .char_indices()
            .rev()
            .find(|(i, c)| {
                matches!(c, '!' | '?' | '\n' | ';')
                    || (*c == '.' && before[i + 1..].starts_with(' '))
            })
            .map_or(0, |(i, _)| i + 1);
        NOT_AN_ATTEMPT.is_match(&text[sentence_start..end])
    }
}

#[cfg(test)]
mod tests;
