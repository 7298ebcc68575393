//! The labelled texts the contact model (`safety/src/model.rs`) is trained
//! on, shared by `examples/train.rs` (which writes the model) and
//! `tests/model.rs` (which checks the shipped model is what training gives).
//!
//! Ordinary English: four in five of WordNet's usage examples
//! (`wordnet.txt`).
//!
//! Written texts: `corpus.jsonl`, the frozen sets of rounds 1–13 and the
//! texts of the detector's unit tests (`src/tests.rs`: `hit("…")` is an
//! attempt, `quiet("…")` is not), all of them read and tuned on (each
//! frozen set since it was scored at the end of its round). Generated texts
//! (`generator/`): every catalogued contact plain and under one random
//! obfuscation, inside a longer message, the composed invitations, and the
//! composed benign texts; and [`composed`], texts made for training only.
//! `heldout/frozen-14.jsonl` is **not** here: it was written before round 13
//! to judge it and is never trained on.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use super::generator::{Rng, TRANSFORMS, benign, contacts, in_long_message, invitations};
use safety::catalogue::PLATFORMS;

/// One labelled text and how much it counts in training.
pub struct Example {
    pub text: String,
    pub contact: bool,
    pub weight: f32,
    /// The written set it comes from (an index into [`WRITTEN`]); None for
    /// generated texts, which are always in training.
    pub set: Option<usize>,
}

/// The written sets, by file name, in a fixed order (the unit tests' texts
/// are one more set after these).
pub const WRITTEN: &[(&str, &str)] = &[
    ("corpus.jsonl", include_str!("../corpus.jsonl")),
    ("frozen.jsonl", include_str!("../heldout/frozen.jsonl")),
    ("frozen-2.jsonl", include_str!("../heldout/frozen-2.jsonl")),
    ("frozen-3.jsonl", include_str!("../heldout/frozen-3.jsonl")),
    ("frozen-4.jsonl", include_str!("../heldout/frozen-4.jsonl")),
    ("frozen-5.jsonl", include_str!("../heldout/frozen-5.jsonl")),
    ("frozen-6.jsonl", include_str!("../heldout/frozen-6.jsonl")),
    ("frozen-7.jsonl", include_str!("../heldout/frozen-7.jsonl")),
    ("frozen-8.jsonl", include_str!("../heldout/frozen-8.jsonl")),
    ("frozen-9.jsonl", include_str!("../heldout/frozen-9.jsonl")),
    (
        "frozen-10.jsonl",
        include_str!("../heldout/frozen-10.jsonl"),
    ),
    (
        "frozen-11.jsonl",
        include_str!("../heldout/frozen-11.jsonl"),
    ),
    (
        "frozen-12.jsonl",
        include_str!("../heldout/frozen-12.jsonl"),
    ),
    (
        "frozen-13.jsonl",
        include_str!("../heldout/frozen-13.jsonl"),
    ),
];

/// The unit tests, whose texts are read from their source.
const UNIT_TESTS: &str = include_str!("../../src/tests.rs");

/// The name [`examples`] gives the unit tests' texts as a set.
pub const UNIT_TESTS_SET: &str = "src/tests.rs";

/// `hit("…")`/`kinds("…")` and `quiet("…")` calls in the unit tests, with
/// their string literal unescaped.
fn unit_test_texts() -> Vec<(String, bool)> {
    let call = regex::Regex::new(r#"\b(quiet|hit|kinds)\(\s*"((?:[^"\\]|\\.)*)""#).unwrap();
    call.captures_iter(UNIT_TESTS)
        .map(|c| (unescape(&c[2]), &c[1] != "quiet"))
        .collect()
}

/// Rust string-literal escapes: `\"`, `\\`, `\n`, `\u{…}`.
fn unescape(literal: &str) -> String {
    let mut out = String::new();
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                let value = u32::from_str_radix(&code, 16).expect("a \\u{…} escape");
                out.push(char::from_u32(value).expect("a character"));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Ordinary English: WordNet's usage examples (`wordnet.txt`, see
/// `WORDNET-LICENSE`). Without them the model's only benign texts are a few
/// thousand about the same subjects as the attempts, and anything unlike
/// them reads as an attempt.
const WORDNET: &str = include_str!("wordnet.txt");

/// Each WordNet example counts this much (there are ~38 000 in training).
const WORDNET_WEIGHT: f32 = 0.2;

/// WordNet's examples: every fifth is kept out of training (`held_out`),
/// ordinary English the model never saw, to measure its false alarms on.
pub fn wordnet(held_out: bool) -> impl Iterator<Item = &'static str> {
    WORDNET
        .lines()
        .enumerate()
        .filter(move |(i, _)| (i % 5 == 4) == held_out)
        .map(|(_, line)| line)
}

/// Generated contacts far outnumber written texts; each counts this much.
const GENERATED_CONTACT_WEIGHT: f32 = 0.25;

/// Every training example, in a fixed order.
pub fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    for (set, (_, text)) in WRITTEN.iter().enumerate() {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let row: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            out.push(Example {
                text: row["text"].as_str().expect("text").to_string(),
                contact: row["contact"].as_bool().expect("contact"),
                weight: 1.0,
                set: Some(set),
            });
        }
    }
    for (text, contact) in unit_test_texts() {
        out.push(Example {
            text,
            contact,
            weight: 1.0,
            set: Some(WRITTEN.len()),
        });
    }
    let mut rng = Rng::new(9);
    for contact in contacts() {
        out.push(generated(contact.text(), true, GENERATED_CONTACT_WEIGHT));
        let (_, transform) = rng.pick(TRANSFORMS);
        if let Some(changed) = transform(&contact, &mut rng) {
            out.push(generated(changed.text(), true, GENERATED_CONTACT_WEIGHT));
        }
        let long = in_long_message(&contact, &mut rng);
        out.push(generated(long.text(), true, GENERATED_CONTACT_WEIGHT));
    }
    for text in invitations() {
        out.push(generated(text, true, 1.0));
    }
    for (text, contact) in composed() {
        out.push(generated(text, contact, COMPOSED_WEIGHT));
    }
    for (_, text) in benign() {
        out.push(generated(text, false, 1.0));
    }
    for text in wordnet(false) {
        out.push(generated(text.to_string(), false, WORDNET_WEIGHT));
        // Short fragments of it too ("the old house", "ok see you"): without
        // them the only short texts are attempts and chat about them, so
        // the model read any short text it did not know ("qqq zzz xxx",
        // "hi bob, one") as an attempt.
        for fragment in fragments(text) {
            out.push(generated(fragment, false, WORDNET_WEIGHT));
        }
    }
    out
}

/// Each [`composed`] text counts this much.
const COMPOSED_WEIGHT: f32 = 0.5;

const FIRST_NAMES: &[&str] = &[
    "rosie", "dev", "kai", "ines", "tomas", "sol", "juno", "pip", "wren", "mara", "ollie", "priya",
    "sam", "noor", "finn", "lena", "theo", "zara", "luca", "amara", "jess", "omar", "niamh", "eli",
    "maya", "rory", "sana", "jack", "ivy", "tariq",
];
const SECOND_PARTS: &[&str] = &[
    "finch", "marsh", "reyes", "okafor", "brennan", "quill", "hart", "knits", "draws", "plays",
    "moss", "vale", "bloom", "ray", "stone", "rivers", "lane", "fox", "wood", "sky",
];

/// A handle as people make them: a name and a word, run together or
/// joined, sometimes with digits. Many different ones, so the model learns
/// the frame around a handle rather than a few handles.
fn handle(rng: &mut Rng) -> String {
    let first = *rng.pick(FIRST_NAMES);
    let second = *rng.pick(SECOND_PARTS);
    let joined = match rng.below(4) {
        0 => format!("{first}{second}"),
        1 => format!("{first}.{second}"),
        2 => format!("{first}_{second}"),
        _ => format!("{}{second}", &first[..first.len().min(3)]),
    };
    match rng.below(3) {
        0 => format!("{joined}{}", rng.below(100)),
        _ => joined,
    }
}

/// Training-only texts composed from parts, for what the written sets show
/// the model reading too narrowly: an app (any catalogued one, including
/// those named like ordinary words) beside a handle shaped like a name,
/// questions about being anywhere else, proposals to meet alone; and the
/// ordinary texts that share their words: calling or meeting the people in
/// one's own life, greeting someone here by name. Never used by the
/// property tests (those stay on [`contacts`]).
pub fn composed() -> Vec<(String, bool)> {
    let mut rng = Rng::new(12);
    let mut out = Vec::new();
    for platform in PLATFORMS {
        let mut names: Vec<&str> = platform.names.iter().take(2).copied().collect();
        names.extend(platform.abbreviations.iter().take(1));
        for name in names {
            for _ in 0..3 {
                let h = handle(&mut rng);
                let frame = *rng.pick(&[
                    "{app}: {h}, send a request",
                    "{app}: {h}",
                    "{app} is {h}, same pfp as here",
                    "{h} on {app}, add me",
                    "my {app} is {h}, message me there",
                    "I'm on {app} as {h}, dm me",
                    "find me on {app}, same name as here",
                    "are you on {app}? I'm {h}",
                    "do you have {app}? mine is {h}",
                    "{app}? {h}",
                    "{h} ({app}), message me about it",
                    "I'm {h} on {app}, comment and I'll reply",
                ]);
                out.push((frame.replace("{app}", name).replace("{h}", &h), true));
            }
        }
    }
    for ask in [
        "are you on anything other than haven?",
        "are you anywhere else online?",
        "do you have any other way to talk?",
        "what else are you on?",
        "is there anywhere else I can reach you?",
        "are you on any other sites?",
        "where else can I find you?",
        "do you use anything besides this site?",
        "is there another way to get hold of you?",
        "are you on any apps at all?",
    ] {
        for opener in ["", "hey, ", "btw ", "quick question, "] {
            out.push((format!("{opener}{ask}"), true));
        }
    }
    let meets = [
        "meet me",
        "let's meet",
        "fancy meeting",
        "want to meet",
        "come and meet me",
        "I'll meet you",
        "we could meet",
    ];
    let places = [
        "at the bus stop by the library",
        "for a coffee in town",
        "outside the station",
        "at the park after school",
        "at the cafe on the high street",
        "by the shopping centre",
        "at the train station in leeds",
    ];
    let tails = [
        "",
        ", just us",
        ", come alone",
        " at 5",
        " on saturday",
        ", don't tell anyone",
        "? just the two of us",
    ];
    for _ in 0..120 {
        let text = format!(
            "{} {}{}",
            rng.pick(&meets),
            rng.pick(&places),
            rng.pick(&tails)
        );
        out.push((text, true));
    }
    // Contact with the people in one's own life is not an attempt.
    let subjects = [
        "I'll",
        "I need to",
        "I'm going to",
        "I should",
        "I'm scared to",
        "I finally",
        "I might",
        "remind me to",
    ];
    let verbs = [
        "call", "text", "ring", "message", "email", "phone", "meet", "see",
    ];
    let people = [
        "my mum",
        "my dad",
        "my sister",
        "my gp",
        "my therapist",
        "my best friend",
        "the doctor",
        "my nan",
        "my boss",
        "the council",
        "the school",
        "my brother",
        "my counsellor",
        "my partner",
        "the clinic",
    ];
    let times = [
        "after this",
        "tonight",
        "tomorrow",
        "later",
        "when I get home",
        "on monday",
        "",
        "about it",
        "this weekend",
    ];
    for _ in 0..300 {
        let text = format!(
            "{} {} {} {}",
            rng.pick(&subjects),
            rng.pick(&verbs),
            rng.pick(&people),
            rng.pick(&times)
        );
        out.push((text.trim_end().to_string(), false));
    }
    for _ in 0..60 {
        let text = format!(
            "meeting {} {} {}",
            rng.pick(&people),
            rng.pick(&places),
            rng.pick(&["later", "tomorrow", "on saturday", "after work", ""])
        );
        out.push((text.trim_end().to_string(), false));
    }
    // Short talk about an app: what the writer did with it or thinks of it.
    for platform in PLATFORMS {
        for _ in 0..2 {
            let frame = *rng.pick(&[
                "I deleted {app}",
                "I quit {app} last month",
                "uninstalled {app} today",
                "{app} is so toxic",
                "I hate {app} honestly",
                "I muted {app} for a week",
                "logged out of {app} for good",
                "{app} keeps me up at night",
            ]);
            out.push((frame.replace("{app}", platform.names[0]), false));
        }
    }
    // The words of contact details in their everyday senses: one's own
    // phone, numbers that count things, calls and messages in one's life.
    let owners = ["my", "mum's", "my brother's", "her", "his", "our"];
    let phone_lines = [
        "{o} phone died halfway through the day",
        "{o} phone screen cracked again",
        "I'm always on {o} phone at {t}",
        "{o} phone battery is on 3% and I can't be bothered",
        "put {o} phone in another room at {t}, it helped",
        "checking {o} phone every five minutes is exhausting",
    ];
    let times = [
        "2am",
        "3am",
        "midnight",
        "night",
        "11pm",
        "4 in the morning",
    ];
    for _ in 0..120 {
        let line = *rng.pick(&phone_lines);
        let owner = *rng.pick(&owners);
        let time = *rng.pick(&times);
        out.push((line.replace("{o}", owner).replace("{t}", time), false));
    }
    let counted = [
        "post number {n}! thanks for being here everyone",
        "day {n} of no self-harm",
        "number {n} on my gratitude list: warm socks",
        "that's the {n}th time this week I've cried",
        "I counted {n} things I could see and it helped",
        "page {n} of the workbook made me think",
        "question {n} on the worksheet is about triggers",
        "{n} days sober today",
        "my score went down to {n} this week",
    ];
    for _ in 0..150 {
        let n = (rng.below(400) + 1).to_string();
        let line = *rng.pick(&counted);
        out.push((line.replace("{n}", &n), false));
    }
    // Calls and messages that already happened, or that are about them.
    for text in [
        "I called in sick today and felt guilty all morning",
        "the phone call with the benefits office went okay",
        "I hate talking on the phone, it makes me shake",
        "I missed a call from the hospital and now I'm panicking",
        "no messages from him all week",
        "I'm waiting for an email about the job",
        "I finally answered all my emails",
        "my inbox is full of stuff I'm scared to open",
        "group chat drama at school again",
        "I left the class group chat and feel lighter",
    ] {
        out.push((text.to_string(), false));
    }
    // Greeting someone here by name, with a colon or a comma and a number.
    for _ in 0..150 {
        let name = *rng.pick(FIRST_NAMES);
        let frame = *rng.pick(&[
            "{n}: thanks, that really helps",
            "hi {n}, two weeks clean today",
            "{n}, same here honestly",
            "thank you {n}, I'll try that tonight",
            "{n} you are so kind, sending love",
            "hey {n}! how did the appointment go?",
            "@{n} I read your post, it made me cry",
            "{n}: day 3, still going",
        ]);
        out.push((frame.replace("{n}", name), false));
    }
    out
}

/// The first three words of `text`, and its second to fifth words when it
/// has more than five.
fn fragments(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    if words.len() > 3 {
        out.push(words[..3].join(" "));
    }
    if words.len() > 5 {
        out.push(words[1..5].join(" "));
    }
    out
}

fn generated(text: String, contact: bool, weight: f32) -> Example {
    Example {
        text,
        contact,
        weight,
        set: None,
    }
}

/// The model's training rows for `examples`: each text's hashed features,
/// and for a benign text also each of its sentences of three words or more
/// on its own (the model scores sentences alone too, see
/// `Model::strongest`, so it must learn that they are benign alone).
pub fn rows<'a>(examples: impl IntoIterator<Item = &'a Example>) -> Vec<(Vec<u32>, f32, bool)> {
    let mut out = Vec::new();
    for e in examples {
        let normalized = safety::normalize(&e.text).text;
        let mut features = Vec::new();
        safety::model::features_of(&normalized, &mut features);
        out.push((features, e.weight, e.contact));
        if e.contact {
            continue;
        }
        for (s, t) in safety::model::sentences(&normalized) {
            let sentence = &normalized[s..t];
            if (s, t) == (0, normalized.len()) || sentence.split_whitespace().nth(2).is_none() {
                continue;
            }
            let mut features = Vec::new();
            safety::model::features_of(sentence, &mut features);
            out.push((features, e.weight, false));
        }
    }
    out
}
