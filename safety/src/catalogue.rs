//! The places two people can talk privately, away from Haven: social
//! networks, messengers, gaming networks, payment apps with messages,
//! video meetings and channels, e-mail providers. Each with the names
//! people use for it (full, short, abbreviated, nicknames), the links that
//! open a profile or a chat, and the emoji people put in its place.
//!
//! A name alone never makes a text a contact attempt ("I deleted tiktok"
//! is fine): it is one cue the detector combines with others (a handle, an
//! invitation, "my … is"). Names that are also ordinary words ("signal",
//! "line", "steam") are marked `common`: they count only in a contact
//! frame ("add me on line", "line id: …"), never as a mention on their own.

/// One off-site channel.
#[derive(Debug, Clone, Copy)]
pub struct Platform {
    /// The name staff see in explanations.
    pub name: &'static str,
    /// Every way of writing it, lowercase, after normalisation (spaces
    /// between words as written). The first is the canonical spelling.
    pub names: &'static [&'static str],
    /// Short forms (two or three letters) that only count right before a
    /// handle or after "my"/"on" ("sc: moonlit", "my ig is …").
    pub abbreviations: &'static [&'static str],
    /// Link prefixes that open a profile, a chat or a meeting
    /// (`t.me/`, `zoom.us/j/`).
    pub links: &'static [&'static str],
    /// Emoji people write instead of the name.
    pub emoji: &'static [char],
    /// Whether every name is also an ordinary word.
    pub common: bool,
}

const fn p(
    name: &'static str,
    names: &'static [&'static str],
    abbreviations: &'static [&'static str],
    links: &'static [&'static str],
    emoji: &'static [char],
) -> Platform {
    Platform {
        name,
        names,
        abbreviations,
        links,
        emoji,
        common: false,
    }
}

/// A platform whose names are ordinary words too.
const fn word(
    name: &'static str,
    names: &'static [&'static str],
    abbreviations: &'static [&'static str],
    links: &'static [&'static str],
) -> Platform {
    Platform {
        name,
        names,
        abbreviations,
        links,
        emoji: &[],
        common: true,
    }
}

/// The catalogue. Sources: the platforms named in the guideline
/// discussions Haven is built for, app-store categories (social,
/// communication, games with chat, finance apps with messaging), and the
/// providers behind the most common e-mail domains.
pub const PLATFORMS: &[Platform] = &[
    // Social networks.
    p(
        "Snapchat",
        &[
            "snapchat",
            "snap chat",
            "snap",
            "the ghost app",
            "ghost app",
            "yellow ghost app",
            "yellow app",
        ],
        &["sc"],
        &["snapchat.com/add/", "snapchat.com/", "snap.com/"],
        &['👻'],
    ),
    p(
        "Instagram",
        &["instagram", "insta", "insta gram", "the gram"],
        &["ig"],
        &["instagram.com/", "instagr.am/", "ig.me/"],
        &['📸', '📷'],
    ),
    p(
        "TikTok",
        &[
            "tiktok",
            "tik tok",
            "tick tock",
            "ticktock",
            "tik tock",
            "tic toc",
            "tic tok",
        ],
        &["tt"],
        &["tiktok.com/@", "tiktok.com/", "vm.tiktok.com/"],
        &['🎵'],
    ),
    p(
        "Facebook",
        &[
            "facebook",
            "face book",
            "fbook",
            "messenger",
            "fb messenger",
        ],
        &["fb"],
        &[
            "facebook.com/",
            "fb.com/",
            "m.me/",
            "fb.me/",
            "messenger.com/",
        ],
        &[],
    ),
    p(
        "X (Twitter)",
        &[
            "twitter",
            "the bird app",
            "bird app",
            "blue bird app",
            "bluebird app",
            "the blue bird app",
            "x app",
        ],
        &[],
        &["twitter.com/", "x.com/"],
        &['🐦'],
    ),
    // X's one-letter name counts only in a contact frame ("find me on x,
    // @name"), like the other names that are ordinary words.
    word("X", &["x"], &[], &[]),
    // "threads" alone is a word; "threads app" (below) is not.
    word("Threads", &["threads"], &[], &[]),
    p(
        "Threads",
        &["threads app", "threads.net"],
        &[],
        &["threads.net/@", "threads.net/"],
        &['🧵'],
    ),
    p(
        "Bluesky",
        &["bluesky", "blue sky app", "bsky"],
        &[],
        &["bsky.app/profile/", "bsky.social"],
        &['🦋'],
    ),
    p(
        "Mastodon",
        &["mastodon", "the fediverse", "fediverse"],
        &[],
        &["mastodon.social/@", "mastodon.online/@", "mstdn.social/@"],
        &['🐘'],
    ),
    p(
        "Tumblr",
        &["tumblr"],
        &[],
        &["tumblr.com/", ".tumblr.com"],
        &[],
    ),
    p(
        "Reddit",
        &["reddit"],
        &[],
        &["reddit.com/u/", "reddit.com/user/", "reddit.com/"],
        &[],
    ),
    p(
        "Pinterest",
        &["pinterest"],
        &[],
        &["pinterest.com/", "pin.it/"],
        &['📌'],
    ),
    p(
        "LinkedIn",
        &["linkedin", "linked in"],
        &[],
        &["linkedin.com/in/", "linkedin.com/"],
        &[],
    ),
    p("VK", &["vkontakte", "vk"], &[], &["vk.com/"], &[]),
    p("Weibo", &["weibo"], &[], &["weibo.com/"], &[]),
    p("Tellonym", &["tellonym"], &[], &["tellonym.me/"], &[]),
    p("NGL", &["ngl link"], &[], &["ngl.link/"], &[]),
    p(
        "BeReal",
        &["bereal", "be real app"],
        &[],
        &["bere.al/"],
        &[],
    ),
    p("Yubo", &["yubo"], &[], &["yubo.live/"], &[]),
    p("Wattpad", &["wattpad"], &[], &["wattpad.com/user/"], &[]),
    p(
        "DeviantArt",
        &["deviantart", "deviant art"],
        &[],
        &["deviantart.com/"],
        &[],
    ),
    p(
        "Amino",
        &["amino app", "amino"],
        &[],
        &["aminoapps.com/"],
        &[],
    ),
    p("Quora", &["quora"], &[], &["quora.com/profile/"], &[]),
    p(
        "OnlyFans",
        &["onlyfans", "only fans"],
        &[],
        &["onlyfans.com/"],
        &[],
    ),
    p(
        "Linktree",
        &["linktree", "linktr"],
        &[],
        &["linktr.ee/"],
        &['🌳'],
    ),
    p("Carrd", &["carrd"], &[], &[".carrd.co"], &[]),
    // Link shorteners: a short link hides where it goes, often a chat.
    p(
        "a link shortener",
        &["bitly", "tinyurl"],
        &[],
        &[
            "bit.ly/",
            "tinyurl.com/",
            "goo.gl/",
            "ow.ly/",
            "is.gd/",
            "cutt.ly/",
            "rebrand.ly/",
            "shorturl.at/",
            "tiny.cc/",
        ],
        &[],
    ),
    // Messengers.
    p(
        "WhatsApp",
        &[
            "whatsapp",
            "whats app",
            "the green app",
            "green app",
            "green chat",
        ],
        &["wa", "wapp", "wsp"],
        &["wa.me/", "chat.whatsapp.com/", "api.whatsapp.com/"],
        &[],
    ),
    p(
        "Telegram",
        &[
            "telegram",
            "the paper plane app",
            "paper plane app",
            "paperplane app",
        ],
        &["tg"],
        &["t.me/", "telegram.me/", "telegram.dog/"],
        &['✈'],
    ),
    word(
        "Signal",
        &["signal", "signal app"],
        &[],
        &["signal.me/", "signal.group/"],
    ),
    p(
        "Discord",
        &["discord", "dizzy cord"],
        &["dc", "dsc"],
        &[
            "discord.gg/",
            "discord.com/invite/",
            "discordapp.com/invite/",
            "discord.com/users/",
        ],
        &[],
    ),
    p("Kik", &["kik", "kik messenger"], &[], &["kik.me/"], &[]),
    p(
        "WeChat",
        &["wechat", "weixin"],
        &["wc", "wx"],
        &["weixin.qq.com/"],
        &[],
    ),
    word("LINE", &["line", "line app"], &[], &["line.me/"]),
    p(
        "Viber",
        &["viber"],
        &[],
        &["viber.me/", "invite.viber.com/"],
        &[],
    ),
    p("Threema", &["threema"], &[], &["threema.id/"], &[]),
    p("Wickr", &["wickr"], &[], &["wickr.me/"], &[]),
    word(
        "Session",
        &["session app", "session messenger"],
        &[],
        &["getsession.org/"],
    ),
    p(
        "Element / Matrix",
        &["element app", "riot.im"],
        &[],
        &["matrix.to/#/", "app.element.io/"],
        &[],
    ),
    word(
        "Wire",
        &["wire", "wire app", "wire messenger"],
        &[],
        &["wire.com/"],
    ),
    word("Element", &["element"], &[], &[]),
    p(
        "Skype",
        &["skype"],
        &[],
        &["join.skype.com/", "skype:"],
        &[],
    ),
    p(
        "FaceTime",
        &["facetime", "face time"],
        &[],
        &["facetime.apple.com/"],
        &[],
    ),
    p(
        "iMessage",
        &["imessage", "i message", "imsg"],
        &[],
        &[],
        &[],
    ),
    p(
        "Google Chat",
        &[
            "google chat",
            "hangouts",
            "google hangouts",
            "google voice",
            "gvoice",
        ],
        &[],
        &["chat.google.com/"],
        &[],
    ),
    p(
        "KakaoTalk",
        &["kakaotalk", "kakao talk", "kakao"],
        &[],
        &["open.kakao.com/"],
        &[],
    ),
    p("QQ", &["qq"], &[], &["qm.qq.com/"], &[]),
    p("Zalo", &["zalo"], &[], &["zalo.me/"], &[]),
    p(
        "Omegle-style chat sites",
        &["omegle", "chatroulette", "emerald chat", "ome tv", "ometv"],
        &[],
        &["emeraldchat.com/"],
        &[],
    ),
    p(
        "Tinder and dating apps",
        &[
            "tinder",
            "bumble",
            "grindr",
            "her app",
            "hily",
            "hinge",
            "okcupid",
            "plenty of fish",
            "badoo",
            "feeld",
        ],
        &[],
        &["tinder.com/@"],
        &[],
    ),
    // Video meetings and channels.
    word(
        "Zoom",
        &["zoom", "zoom call", "zoom link"],
        &[],
        &[
            "zoom.us/j/",
            "zoom.us/my/",
            "us02web.zoom.us/j/",
            "us04web.zoom.us/j/",
            "us05web.zoom.us/j/",
            "us06web.zoom.us/j/",
        ],
    ),
    p(
        "Google Meet",
        &["google meet", "gmeet", "meet link"],
        &[],
        &["meet.google.com/", "g.co/meet/"],
        &[],
    ),
    p(
        "Microsoft Teams",
        &["ms teams", "microsoft teams", "teams call", "teams link"],
        &[],
        &["teams.microsoft.com/l/", "teams.live.com/"],
        &[],
    ),
    p("Jitsi", &["jitsi"], &[], &["meet.jit.si/"], &[]),
    p("Whereby", &["whereby"], &[], &["whereby.com/"], &[]),
    // Booking pages: a slot in a call with the writer.
    p(
        "Calendly and booking pages",
        &["calendly"],
        &[],
        &["calendly.com/", "cal.com/", "savvycal.com/", "tidycal.com/"],
        &[],
    ),
    p(
        "YouTube",
        &["youtube", "you tube", "yt channel", "youtube channel"],
        &["yt"],
        &[
            "youtube.com/@",
            "youtube.com/c/",
            "youtube.com/channel/",
            "youtu.be/",
        ],
        &['📺'],
    ),
    p("Twitch", &["twitch"], &["ttv"], &["twitch.tv/"], &[]),
    // Shops, reviews and hobby networks: each has private messages or a
    // profile to write on.
    p(
        "Etsy",
        &["etsy", "etsy shop"],
        &[],
        &["etsy.com/shop/"],
        &[],
    ),
    p("Depop", &["depop"], &[], &["depop.com/"], &[]),
    p("Vinted", &["vinted"], &[], &["vinted.co.uk/member/"], &[]),
    p(
        "Goodreads",
        &["goodreads", "good reads"],
        &[],
        &["goodreads.com/user/"],
        &[],
    ),
    p(
        "Letterboxd",
        &["letterboxd"],
        &[],
        &["letterboxd.com/"],
        &[],
    ),
    p("Strava", &["strava"], &[], &["strava.com/athletes/"], &[]),
    p("Ravelry", &["ravelry"], &[], &["ravelry.com/people/"], &[]),
    // Music: asking whether someone has it is ordinary talk, so its name
    // counts like a word's (with an id word or a handle).
    word("Spotify", &["spotify"], &[], &["open.spotify.com/user/"]),
    word("Slack", &["slack"], &[], &["slack.com/", "join.slack.com/"]),
    p(
        "Kick",
        &["kick.com", "kick stream"],
        &[],
        &["kick.com/"],
        &[],
    ),
    // Games and gaming networks.
    word(
        "Steam",
        &["steam", "steam id", "steam friend code"],
        &[],
        &[
            "steamcommunity.com/id/",
            "steamcommunity.com/profiles/",
            "s.team/p/",
        ],
    ),
    p(
        "PlayStation Network",
        &["psn", "playstation", "play station", "ps5", "ps4"],
        &[],
        &["my.playstation.com/"],
        &[],
    ),
    p(
        "Xbox",
        &["xbox", "xbox live", "gamertag", "gamer tag"],
        &["xbl"],
        &["account.xbox.com/profile"],
        &[],
    ),
    p(
        "Nintendo Switch",
        &[
            "nintendo",
            "switch friend code",
            "nintendo switch",
            "friend code",
        ],
        &[],
        &[],
        &[],
    ),
    p(
        "Roblox",
        &["roblox"],
        &["rblx"],
        &["roblox.com/users/"],
        &[],
    ),
    p("Minecraft", &["minecraft", "mc server"], &[], &[], &[]),
    p(
        "Fortnite / Epic",
        &["fortnite", "epic games", "epic id"],
        &[],
        &[],
        &[],
    ),
    p(
        "Battle.net",
        &["battlenet", "battle.net", "battletag", "battle tag"],
        &[],
        &[],
        &[],
    ),
    p(
        "VRChat",
        &["vrchat", "vr chat"],
        &["vrc"],
        &["vrchat.com/home/user/"],
        &[],
    ),
    p("Among Us", &["among us code", "lobby code"], &[], &[], &[]),
    p("Genshin / game UID", &["genshin", "uid"], &[], &[], &[]),
    // Payment apps (they carry messages and real names).
    p(
        "Cash App",
        &["cashapp", "cash app", "cash tag", "cashtag"],
        &[],
        &["cash.app/$", "cash.app/"],
        &['💵'],
    ),
    p(
        "Venmo",
        &["venmo"],
        &[],
        &["venmo.com/u/", "venmo.com/"],
        &[],
    ),
    p(
        "PayPal",
        &["paypal", "pay pal", "paypal me"],
        &[],
        &["paypal.me/", "paypal.com/paypalme/"],
        &['💸'],
    ),
    p("Zelle", &["zelle"], &[], &[], &[]),
    p(
        "Revolut",
        &["revolut", "revtag"],
        &[],
        &["revolut.me/"],
        &[],
    ),
    p(
        "Ko-fi / Patreon",
        &["kofi", "ko-fi", "patreon", "buy me a coffee"],
        &[],
        &["ko-fi.com/", "patreon.com/", "buymeacoffee.com/"],
        &['☕'],
    ),
    p(
        "Throne / Amazon wishlist",
        &["amazon wishlist"],
        &[],
        &["throne.com/", "amazon.com/hz/wishlist/"],
        &[],
    ),
    // E-mail providers (named without a domain ending: "at gmail").
    p(
        "Gmail",
        &["gmail", "g mail", "googlemail"],
        &[],
        &["gmail.com"],
        &[],
    ),
    p(
        "Outlook / Hotmail",
        &["hotmail", "outlook", "live.com", "msn"],
        &[],
        &["outlook.com", "hotmail.com", "hotmail.co.uk"],
        &[],
    ),
    p(
        "Yahoo Mail",
        &["yahoo", "ymail"],
        &[],
        &["yahoo.com", "yahoo.co.uk"],
        &[],
    ),
    p(
        "iCloud Mail",
        &["icloud", "i cloud", "me.com"],
        &[],
        &["icloud.com"],
        &[],
    ),
    p(
        "Proton Mail",
        &["protonmail", "proton mail", "proton", "pm.me"],
        &[],
        &["proton.me", "protonmail.com"],
        &[],
    ),
    p(
        "Other mail",
        &[
            "aol",
            "gmx",
            "mail.ru",
            "yandex",
            "tutanota",
            "tuta",
            "zoho mail",
            "fastmail",
            "web.de",
            "orange.fr",
            "btinternet",
            "comcast",
            "verizon",
        ],
        &[],
        &[],
        &[],
    ),
];

/// Every name and abbreviation, for building patterns, longest first so
/// an alternation prefers "snapchat" to "snap".
pub fn all_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = PLATFORMS
        .iter()
        .flat_map(|p| p.names.iter().copied())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
}

/// The name an emoji stands for, if any.
pub fn emoji_name(c: char) -> Option<&'static str> {
    PLATFORMS
        .iter()
        .find(|p| p.emoji.contains(&c))
        .and_then(|p| p.names.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_broad_and_consistent() {
        assert!(PLATFORMS.len() >= 60, "{} platforms", PLATFORMS.len());
        for p in PLATFORMS {
            assert!(!p.names.is_empty(), "{}", p.name);
            for n in p.names.iter().chain(p.abbreviations) {
                assert_eq!(*n, n.to_lowercase(), "{n} is lowercase");
                assert_eq!(n.trim(), *n);
            }
        }
    }
}
