//! Composes labelled texts for the contact detector: contact details from
//! the platform catalogue, phone formats of 20 countries, e-mail providers
//! and addresses of 8 countries, each written in a handful of sentences and
//! put through every obfuscation people use (and every pair of them); and
//! benign texts of the kinds that were wrongly caught (crisis lines from
//! the directory, rule reminders, reported speech, refusals, app names
//! inside ordinary words, past events, numbers that are not phones).
//!
//! The detector was developed against these texts: numbers measured on
//! them are "tuned" figures. The frozen held-out set is the unseen measure.
#![allow(dead_code)]

use safety::catalogue::{PLATFORMS, Platform};
use safety::crisis::{Channel, LINES};

/// A small deterministic random source (SplitMix64), so a failure names a
/// case that reproduces.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What a generated contact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Handle,
    Link,
    Phone,
    Email,
    Address,
    Invitation,
}

/// One generated contact attempt: the sentence, and the part of it that
/// transforms act on (the app name, the number, the address).
#[derive(Debug, Clone)]
pub struct Contact {
    pub sort: Sort,
    pub before: String,
    pub part: String,
    pub after: String,
}

impl Contact {
    pub fn text(&self) -> String {
        format!("{}{}{}", self.before, self.part, self.after)
    }
}

const HANDLES: &[&str] = &[
    "moonlit.owl",
    "quiet_harbor22",
    "fernlight",
    "ashen.sky_07",
    "driftwood",
    "pale.ember",
    "stillwater99",
    "nightjar_",
];

/// Phone numbers as people in 20 countries write them (fictional ranges
/// where a country has one).
pub const PHONES: &[(&str, &str)] = &[
    ("US", "415 555 0132"),
    ("US", "+1 (212) 555-0147"),
    ("CA", "604-555-0178"),
    ("GB", "07700 900 123"),
    ("GB", "+44 20 7946 0958"),
    ("IE", "087 765 4321"),
    ("AU", "0491 570 006"),
    ("AU", "+61 2 5550 1234"),
    ("NZ", "021 234 5678"),
    ("IN", "+91 98123 45678"),
    ("DE", "0151 2345 6789"),
    ("FR", "06 12 34 56 78"),
    ("ES", "+34 612 345 678"),
    ("IT", "347 123 4567"),
    ("NL", "06 1234 5678"),
    ("BR", "+55 11 91234 5678"),
    ("MX", "+52 55 1234 5678"),
    ("ZA", "082 123 4567"),
    ("JP", "090-1234-5678"),
    ("PH", "0917 123 4567"),
    ("SG", "+65 8123 4567"),
    ("NG", "0803 123 4567"),
    ("KE", "+254 712 345678"),
];

pub const EMAILS: &[&str] = &[
    "rowan.blake@gmail.com",
    "quietfox22@outlook.com",
    "ember_light@hotmail.co.uk",
    "s.harper@yahoo.com",
    "lakeside@icloud.com",
    "wren@proton.me",
    "mila.k@gmx.de",
    "tovah@web.de",
    "nightowl@aol.com",
    "kira@mail.ru",
    "lune@orange.fr",
    "pablo.r@outlook.es",
];

/// Addresses of 8 countries, as people write them.
pub const ADDRESSES: &[(&str, &str)] = &[
    ("US", "1186 Birchwood Drive, Columbus, OH 43215"),
    ("US", "52 Cedar Avenue, Apt 4"),
    ("GB", "27 Mill Road, Leeds LS6 2BA"),
    ("GB", "Flat 2, 18 Station Road, Cardiff CF10 1EP"),
    ("CA", "310 Bay Street, Toronto ON M5H 2Y4"),
    ("AU", "7 Ocean Parade, Bondi NSW 2026"),
    ("FR", "8 rue Victor Hugo, 69002 Lyon"),
    ("DE", "Lindenstraße 14, 50674 Köln"),
    ("ES", "Calle Mayor 10, 28013 Madrid"),
    ("NL", "Kerkstraat 21, 1017 GC Amsterdam"),
];

fn handle_frames(name: &str, handle: &str, common: bool) -> Vec<(String, String, String)> {
    let mut frames = vec![
        (
            "add me on ".to_string(),
            name.to_string(),
            format!(", I'm {handle}"),
        ),
        (
            "you can find me on ".into(),
            name.to_string(),
            format!(" as {handle}"),
        ),
        (
            "message me on ".into(),
            name.to_string(),
            " whenever you want".into(),
        ),
    ];
    if !common {
        frames.push(("my ".into(), name.to_string(), format!(" is {handle}")));
        frames.push((String::new(), name.to_string(), format!(": {handle}")));
        frames.push((
            "hey ".into(),
            name.to_string(),
            format!(" @{handle} if you want to talk"),
        ));
    } else {
        frames.push(("my ".into(), name.to_string(), format!(" id is {handle}")));
    }
    frames
}

/// Every catalogued contact, in every frame.
pub fn contacts() -> Vec<Contact> {
    let mut out = Vec::new();
    let mut rng = Rng::new(7);
    for platform in PLATFORMS {
        let mut names: Vec<&str> = vec![platform.names[0]];
        if let Some(second) = platform.names.get(1) {
            names.push(second);
        }
        names.extend(platform.abbreviations.iter().take(1));
        for name in names {
            let handle = *rng.pick(HANDLES);
            let abbreviation = platform.abbreviations.contains(&name);
            for (before, part, after) in handle_frames(name, handle, platform.common) {
                if abbreviation && !(after.starts_with(':') || before == "my ") {
                    continue; // "sc: moon", "my sc is moon"; not "add me on sc".
                }
                out.push(Contact {
                    sort: Sort::Handle,
                    before,
                    part,
                    after,
                });
            }
        }
        for link in platform.links.iter().filter(|l| l.ends_with('/')) {
            let handle = *rng.pick(HANDLES);
            out.push(Contact {
                sort: Sort::Link,
                before: "come say hi: ".into(),
                part: format!("{link}{}", handle.replace('.', "")),
                after: String::new(),
            });
        }
    }
    let phone_frames = [
        ("call me on ", " tonight"),
        ("my number is ", ""),
        ("text ", " when you can"),
        ("", " is my cell"),
    ];
    for (_, phone) in PHONES {
        for (before, after) in phone_frames {
            out.push(Contact {
                sort: Sort::Phone,
                before: before.into(),
                part: phone.to_string(),
                after: after.into(),
            });
        }
    }
    let email_frames = [
        ("email me at ", ""),
        ("my email is ", " if you want"),
        ("write to ", " ok?"),
    ];
    for email in EMAILS {
        for (before, after) in email_frames {
            out.push(Contact {
                sort: Sort::Email,
                before: before.into(),
                part: email.to_string(),
                after: after.into(),
            });
        }
    }
    let address_frames = [
        ("I live at ", ""),
        ("send it to ", " please"),
        ("come to ", " on friday"),
    ];
    for (_, address) in ADDRESSES {
        for (before, after) in address_frames {
            out.push(Contact {
                sort: Sort::Address,
                before: before.into(),
                part: address.to_string(),
                after: after.into(),
            });
        }
    }
    for text in invitations() {
        out.push(Contact {
            sort: Sort::Invitation,
            before: String::new(),
            part: text,
            after: String::new(),
        });
    }
    out
}

/// Invitations and requests with no app or number in them, composed.
pub fn invitations() -> Vec<String> {
    let mut out = Vec::new();
    for opener in ["can we", "let's", "could we", "we should", "why don't we"] {
        for verb in ["talk", "chat", "continue this"] {
            for place in [
                "somewhere more private",
                "somewhere else",
                "off this site",
                "on another app",
                "outside the forum",
                "somewhere the mods can't read",
            ] {
                out.push(format!("{opener} {verb} {place}"));
            }
        }
    }
    for ask in [
        "what's your",
        "can I get your",
        "send me your",
        "drop your",
        "gimme ur",
    ] {
        for thing in [
            "number",
            "phone number",
            "email",
            "snap",
            "insta",
            "socials",
            "@",
            "discord",
        ] {
            out.push(format!("{ask} {thing}"));
        }
    }
    for offer in [
        "I can give you my",
        "want my",
        "I'll send you my",
        "should I dm you my",
        "let me give you my",
    ] {
        for thing in ["number", "email", "socials", "snap", "address"] {
            out.push(format!("{offer} {thing}"));
        }
    }
    for question in [
        "do you have snapchat?",
        "are you on instagram?",
        "what apps do you use?",
        "do you use discord?",
        "are you on any other apps?",
        "wanna swap numbers?",
        "do u have whatsapp",
    ] {
        out.push(question.to_string());
    }
    for meet in [
        "we should meet up sometime",
        "let's meet in person, I'm nearby",
        "meet me at the station after school",
        "come over to mine this weekend",
        "can we meet irl?",
        "let's get coffee together on saturday",
    ] {
        out.push(meet.to_string());
    }
    out
}

/// One obfuscation. `None`: it does not apply to this contact.
pub type Transform = fn(&Contact, &mut Rng) -> Option<Contact>;

fn on_part(c: &Contact, f: impl Fn(&str) -> String) -> Contact {
    Contact {
        part: f(&c.part),
        ..c.clone()
    }
}

fn has_digits(c: &Contact) -> bool {
    c.part.chars().filter(char::is_ascii_digit).count() >= 7
}

fn named(c: &Contact) -> bool {
    c.sort == Sort::Handle
}

pub fn uppercase(c: &Contact, _: &mut Rng) -> Option<Contact> {
    Some(Contact {
        before: c.before.to_uppercase(),
        part: c.part.to_uppercase(),
        after: c.after.to_uppercase(),
        sort: c.sort,
    })
}

pub fn spaced_letters(c: &Contact, _: &mut Rng) -> Option<Contact> {
    let letters = c.part.chars().all(|ch| ch.is_ascii_alphabetic());
    (named(c) && c.part.len() >= 3 && letters).then(|| {
        on_part(c, |p| {
            p.chars().map(String::from).collect::<Vec<_>>().join(" ")
        })
    })
}

pub fn separators(c: &Contact, rng: &mut Rng) -> Option<Contact> {
    let sep = *rng.pick(&[".", "-", "–", "—", " - ", "  ", " . "]);
    (c.sort == Sort::Phone).then(|| on_part(c, |p| p.replace(' ', sep)))
}

const WORDS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

pub fn spoken_digits(c: &Contact, rng: &mut Rng) -> Option<Contact> {
    if c.sort != Sort::Phone || !has_digits(c) {
        return None;
    }
    let style = rng.below(3);
    Some(on_part(c, |p| {
        let digits: Vec<u32> = p.chars().filter_map(|ch| ch.to_digit(10)).collect();
        let mut words = Vec::new();
        let mut i = 0;
        while i < digits.len() {
            let d = digits[i] as usize;
            let zero = if style == 1 { "oh" } else { "zero" };
            let word = if d == 0 { zero } else { WORDS[d] };
            if style != 0 && i + 1 < digits.len() && digits[i + 1] == digits[i] {
                words.push(format!("double {word}"));
                i += 2;
            } else if style == 2 && i % 3 == 0 {
                words.push(d.to_string()); // digits and words mixed
                i += 1;
            } else {
                words.push(word.to_string());
                i += 1;
            }
        }
        words.join(" ")
    }))
}

fn leet_char(ch: char) -> char {
    match ch {
        'a' => '4',
        'e' => '3',
        'i' => '1',
        'o' => '0',
        's' => '5',
        't' => '7',
        other => other,
    }
}

/// Letters written as digits, where a letter stays ("77" is not TikTok).
pub fn leet(c: &Contact, _: &mut Rng) -> Option<Contact> {
    let changed: String = c.part.chars().map(leet_char).collect();
    let letters = changed.chars().any(|ch| ch.is_alphabetic());
    (named(c) && changed != c.part && letters).then(|| on_part(c, |_| changed.clone()))
}

pub fn lookalikes(c: &Contact, rng: &mut Rng) -> Option<Contact> {
    let variant = rng.below(2);
    (named(c) || c.sort == Sort::Email).then(|| {
        on_part(c, |p| {
            p.chars()
                .map(|ch| match (ch, variant) {
                    ('a', _) => 'а',
                    ('o', 0) => 'о',
                    ('e', _) => 'е',
                    ('c', _) => 'с',
                    ('p', _) => 'р',
                    ('l', 1) => 'I',
                    ('i', 1) => 'l',
                    (other, _) => other,
                })
                .collect()
        })
    })
}

pub fn fullwidth(c: &Contact, _: &mut Rng) -> Option<Contact> {
    let wide = |s: &str| -> String {
        s.chars()
            .map(|ch| match ch {
                '!'..='~' => char::from_u32(ch as u32 - 0x21 + 0xFF01).unwrap_or(ch),
                ' ' => '\u{3000}',
                other => other,
            })
            .collect()
    };
    Some(Contact {
        before: wide(&c.before),
        part: wide(&c.part),
        after: wide(&c.after),
        sort: c.sort,
    })
}

pub fn superscript(c: &Contact, _: &mut Rng) -> Option<Contact> {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    has_digits(c).then(|| {
        on_part(c, |p| {
            p.chars()
                .map(|ch| ch.to_digit(10).map_or(ch, |d| SUP[d as usize]))
                .collect()
        })
    })
}

pub fn keycaps(c: &Contact, _: &mut Rng) -> Option<Contact> {
    has_digits(c).then(|| {
        on_part(c, |p| {
            p.chars()
                .map(|ch| {
                    if ch.is_ascii_digit() {
                        format!("{ch}\u{FE0F}\u{20E3}")
                    } else {
                        ch.to_string()
                    }
                })
                .collect()
        })
    })
}

pub fn zero_width(c: &Contact, rng: &mut Rng) -> Option<Contact> {
    let mark = *rng.pick(&['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}']);
    Some(on_part(c, |p| {
        p.chars()
            .enumerate()
            .map(|(i, ch)| {
                if i % 2 == 1 && ch.is_alphanumeric() {
                    format!("{mark}{ch}")
                } else {
                    ch.to_string()
                }
            })
            .collect()
    }))
}

/// One letter dropped, swapped with the next, or doubled, in an app name of
/// six letters or more.
pub fn misspelling(c: &Contact, rng: &mut Rng) -> Option<Contact> {
    // Names of one word of six letters or more, or of two words of nine
    // letters or more ("google chat" → "gogle chat"); shorter names have
    // ordinary words as neighbours, and the detector leaves them (README).
    let spaces = c.part.matches(' ').count();
    let long = c.part.bytes().all(|b| b.is_ascii_lowercase() || b == b' ')
        && ((spaces == 0 && c.part.len() >= 6) || (spaces == 1 && c.part.len() >= 10))
        && !c.part.starts_with(' ')
        && !c.part.ends_with(' ');
    (named(c) && long && !common(&c.part))
        .then(|| {
            let kind = rng.below(3);
            // A letter, and the one after it, inside a word: the space
            // between two words stays where it is.
            let letters: Vec<usize> = (1..c.part.len() - 2)
                .filter(|&i| c.part.as_bytes()[i] != b' ' && c.part.as_bytes()[i + 1] != b' ')
                .collect();
            let at = letters[rng.below(letters.len())];
            on_part(c, |p| {
                let mut chars: Vec<char> = p.chars().collect();
                match kind {
                    0 => {
                        chars.remove(at);
                    }
                    1 => chars.swap(at, at + 1),
                    _ => chars.insert(at, chars[at]),
                }
                chars.into_iter().collect()
            })
        })
        // A misspelling that is an ordinary word ("revolt") is not a contact.
        .filter(|c| !safety::normalize::WORD_NEIGHBOURS.contains(&c.part.as_str()))
}

fn common(name: &str) -> bool {
    PLATFORMS
        .iter()
        .any(|p| p.common && p.names.contains(&name))
}

fn platform_of(name: &str) -> Option<&'static Platform> {
    PLATFORMS.iter().find(|p| p.names.contains(&name))
}

/// The app's emoji instead of its name, or a phone emoji before a number.
pub fn emoji(c: &Contact, _: &mut Rng) -> Option<Contact> {
    match c.sort {
        Sort::Handle => {
            let emoji = platform_of(&c.part)?.emoji.first()?;
            Some(on_part(c, |_| emoji.to_string()))
        }
        Sort::Phone => Some(on_part(c, |p| format!("📞 {p}"))),
        Sort::Email => Some(on_part(c, |p| format!("📧 {p}"))),
        _ => None,
    }
}

/// "at" and "dot" written as words, bracketed or not.
pub fn spelled_symbols(c: &Contact, rng: &mut Rng) -> Option<Contact> {
    let (at, dot) = *rng.pick(&[
        (" at ", " dot "),
        (" [at] ", " [dot] "),
        ("(at)", "(dot)"),
        (" AT ", " DOT "),
    ]);
    matches!(c.sort, Sort::Email | Sort::Link).then(|| {
        on_part(c, |p| {
            p.replace('@', at).replace('.', dot).replace('/', " slash ")
        })
    })
}

/// Every transform, by name.
pub const TRANSFORMS: &[(&str, Transform)] = &[
    ("uppercase", uppercase),
    ("spaced letters", spaced_letters),
    ("separators", separators),
    ("spoken digits", spoken_digits),
    ("leetspeak", leet),
    ("look-alike letters", lookalikes),
    ("full-width", fullwidth),
    ("superscript digits", superscript),
    ("keycap digits", keycaps),
    ("zero-width characters", zero_width),
    ("misspelling", misspelling),
    ("emoji stand-in", emoji),
    ("spelled-out at/dot/slash", spelled_symbols),
];

/// Sentences of ordinary supportive talk, to put a contact attempt in the
/// middle of a longer message the way people write in chat.
const FILLER: &[&str] = &[
    "honestly today was rough and I didn't want to get out of bed.",
    "thank you for listening, it means a lot to me.",
    "I feel like you actually get what I'm going through lol.",
    "school has been so stressful and my parents don't understand.",
    "anyway, no pressure at all, only if you want to.",
    "sorry for the long message, I just needed to get this out!",
    "I've been trying the breathing thing you mentioned and it helps a bit.",
    "it's 2am and I can't sleep again...",
    "you're the only person I can talk to about this tbh",
    "hope your week gets better, you deserve it",
];

/// The contact in the middle of a longer message: one to three sentences
/// of ordinary talk before it and after it.
pub fn in_long_message(c: &Contact, rng: &mut Rng) -> Contact {
    let mut before = String::new();
    for _ in 0..=rng.below(3) {
        let filler: &&str = rng.pick(FILLER);
        before.push_str(filler);
        before.push(' ');
    }
    let mut after = String::new();
    for _ in 0..=rng.below(3) {
        after.push(' ');
        let filler: &&str = rng.pick(FILLER);
        after.push_str(filler);
    }
    Contact {
        sort: c.sort,
        before: format!("{before}{}", c.before),
        part: c.part.clone(),
        after: format!("{}{after}", c.after),
    }
}

/// Usernames people mention on Haven itself (they look like handles).
const MENTIONED: &[&str] = &["moss_fern", "quiet.river", "sunny_days_22", "ash2009"];

/// Benign texts of every kind that was wrongly caught, composed at scale.
pub fn benign() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for line in LINES {
        let how = match line.channel {
            Channel::Phone => "call",
            Channel::Text => "text",
            Channel::Email => "email",
        };
        out.push((
            "crisis line",
            format!(
                "If you're struggling, {} is there for you: {how} {}",
                line.service, line.contact
            ),
        ));
        out.push((
            "crisis line",
            format!(
                "{} ({}): {}, any time, day or night.",
                line.service, line.country, line.contact
            ),
        ));
    }
    let apps: Vec<&str> = PLATFORMS
        .iter()
        .filter(|p| !p.common)
        .map(|p| p.names[0])
        .collect();
    for app in &apps {
        for template in [
            "please don't share your {app} here, the mods will remove it",
            "reminder: never give your {app} to someone you met online",
            "is it against the rules to say I use {app}?",
            "someone asked for my {app} and I said no",
            "a guy kept asking me to add him on {app}, I blocked him",
            "she said \"add me on {app}\" and I reported it",
            "no thanks, I'd rather keep talking here than on {app}",
            "I won't share my {app}, I hope you understand",
            "I used to spend hours on {app} and it made me feel worse",
            "I deleted {app} last year and I sleep better",
            "{app} makes me compare myself to everyone",
            "what do I do if someone asks me for my {app}?",
        ] {
            out.push(("about the rule", template.replace("{app}", app)));
        }
        // Talk about the app next to people mentioned on Haven, in longer
        // messages: handles and app names near each other, no attempt.
        for (i, template) in [
            "thanks @{user}, your advice about {app} really helped me cut down. I feel calmer.",
            "@{user} I'm the same, {app} makes me feel so much worse. I'm taking a break.",
            "my username here is {user} because of my cat. I don't even have {app} anymore.",
            "can we talk about how {app} affects our sleep? I'm up until 3am every night.",
            "let's keep talking here, this forum feels safer than {app} ever did.",
            "I'm so proud of you @{user}! leaving {app} takes courage.",
            "my sister is on {app} way too much and it worries me. what would you do?",
            "I wanna try {app} again but I'm scared of the comments.",
        ]
        .iter()
        .enumerate()
        {
            let user = MENTIONED[i % MENTIONED.len()];
            out.push((
                "app talk",
                template.replace("{app}", app).replace("{user}", user),
            ));
        }
    }
    for word in [
        "snapshot",
        "snapdragon",
        "snappy",
        "discordant",
        "telegraph",
        "telegraphic",
        "signalling",
        "steamboat",
        "steamed",
        "zoomed",
        "linear",
        "lineage",
        "kikuyu",
        "threadbare",
        "skyline",
        "instant",
        "facetious",
        "redditch",
        "gramophone",
        "tumbleweed",
        "twitching",
        "messaging board",
        "mailbox",
        "vibrant",
        "tiktaalik",
    ] {
        out.push((
            "compound word",
            format!("the {word} thing made me smile today"),
        ));
        out.push((
            "compound word",
            format!("I keep thinking about {word}, weird right"),
        ));
    }
    for text in [
        "I've been clean for 365 days today",
        "my exam is on 12/06/2026 at 9:30 in room 204",
        "I take 50 mg of sertraline and 0.5 mg of something else",
        "I slept from 11 to 3, then 4 to 7",
        "born in 2009, I'm 17 now",
        "I walked 12 000 steps today, first time in months",
        "it cost £1,250 to fix the car, mum was so stressed",
        "page 142 of the workbook has the breathing exercise",
        "my PHQ-9 score went from 21 to 9 in six months",
        "bus 73 then the 12 to the hospital, takes an hour",
        "we were together from 2019 to 2024",
        "the 2024-2025 school year was the hardest",
        "I got 88 out of 100 on my test",
        "order number 12345678 still hasn't arrived",
        "my student id 20231234 got me into the library",
    ] {
        out.push(("numbers", text.to_string()));
    }
    out.extend(small_talk().into_iter().map(|t| ("small talk", t)));
    out
}

/// Ordinary talk about talking (round 9): checking someone is still
/// there, talking here, talking to people in one's life, calling or
/// meeting them. The words of an invitation ("talk", "chat", "call",
/// "message", "meet", "there") are everyday words; a model that has only
/// seen them in attempts would hold "are you still there?".
pub fn small_talk() -> Vec<String> {
    const TIMES: &[&str] = &[
        "tonight",
        "tomorrow",
        "later",
        "this weekend",
        "after school",
    ];
    const TOPICS: &[&str] = &[
        "what happened",
        "my exams",
        "the panic attacks",
        "how you're feeling",
        "the thing with my mum",
        "sleep",
    ];
    const PEOPLE: &[&str] = &[
        "my mum",
        "my therapist",
        "my best friend",
        "the school nurse",
        "my GP",
        "my dad",
    ];
    let mut out: Vec<String> = [
        "are you still there?",
        "are you okay?",
        "are you still around?",
        "I just want to talk",
        "I need someone to talk to",
        "thanks for the chat, it helped",
        "thanks for talking with me",
        "I'm here if you want to talk",
        "reply here whenever you're ready",
        "you can message me on here any time",
        "what do you do when it gets bad?",
        "is anyone else awake?",
        "sorry I went quiet, I'm back now",
        "where did everyone go?",
        "1, 2, 3, in. 4, 5, 6, out. again",
        "one two three breathe, one two three let go",
        "name 5 things you can see and 4 you can touch",
        "3 things I'm grateful for: tea, my cat, this thread",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let mut fill = |slot: &str, values: &[&str], templates: &[&str]| {
        for value in values {
            for template in templates {
                out.push(template.replace(slot, value));
            }
        }
    };
    fill(
        "{time}",
        TIMES,
        &[
            "can we talk {time}?",
            "are you around {time}?",
            "I'll reply here {time}",
            "talk to you {time}, take care",
            "I'll check this thread {time}",
            "is anyone around to talk {time}?",
            "I'll be on here {time} if anyone needs me",
        ],
    );
    fill(
        "{topic}",
        TOPICS,
        &[
            "can we talk about {topic}?",
            "could we talk about {topic} in this thread?",
            "I just want to talk about {topic}",
            "anyone want to chat about {topic}?",
            "how do you cope with {topic}?",
        ],
    );
    // Listeners and members offering to talk *here*, and counting
    // exercises (numbers that are not phone numbers).
    fill(
        "{who}",
        &[
            "I'm a listener",
            "I'm a volunteer listener",
            "I'm one of the listeners",
            "I'm a mentor in this forum",
            "I'm around most evenings",
        ],
        &[
            "{who}, reply anytime and I'll read it",
            "{who}, post in this thread whenever you need",
            "{who} if anyone wants to talk on here",
            "{who}, you can always reply to me here",
            "{who}, I'll answer when I see it",
        ],
    );
    fill(
        "{n}",
        &["3", "4", "5", "6", "7", "8", "ten"],
        &[
            "breathe in for {n}, then out slowly",
            "count to {n} and breathe, it helps me",
            "{n} slow breaths, then drink some water",
            "hold it for {n} seconds and let go",
        ],
    );
    fill(
        "{person}",
        PEOPLE,
        &[
            "I talked to {person} and it helped",
            "I called {person} today",
            "I'm going to call {person} tomorrow",
            "I'll text {person} later",
            "{person} texted me and I cried",
            "I'm meeting {person} on friday",
            "should I message {person} or wait?",
            "I want to tell {person} but I'm scared",
        ],
    );
    out
}
