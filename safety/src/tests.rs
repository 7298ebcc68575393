//! One test per obfuscation the detector must see through, and per kind of
//! ordinary talk it must leave alone.

use super::*;

fn hit(text: &str) -> Detection {
    let d = Detector::default().detect(text);
    assert!(d.contact, "missed: {text}");
    d
}

fn quiet(text: &str) {
    let d = Detector::default().detect(text);
    assert!(!d.contact, "false alarm {:?} on: {text}", d.kinds);
}

fn kinds(text: &str) -> Vec<Kind> {
    hit(text).kinds
}

#[test]
fn phone_numbers_plain_and_spaced() {
    assert_eq!(kinds("call me on 415 555 0132 tonight"), [Kind::Phone]);
    assert_eq!(kinds("my phone: +1 (646) 555-0100"), [Kind::Phone]);
    assert_eq!(
        kinds("0 2 0 7 9 4 6 0 9 5 8 is my home line"),
        [Kind::Phone]
    );
    hit("4.1.5.5.5.5.0.1.3.2");
    hit("four one five - five five five - oh one three two");
}

#[test]
fn digits_as_words_and_letters_for_digits() {
    assert_eq!(
        kinds("eight zero one, five five five, zero one nine nine"),
        [Kind::Phone]
    );
    hit("text me 555-O1OO ext 4 at 415");
    hit("seven one eight two two two three four five six");
}

#[test]
fn phone_spans_cover_the_number() {
    let text = "ok so 415 555 0132 is me";
    let d = hit(text);
    let (s, e) = d.spans[0];
    let chars: String = text.chars().skip(s).take(e - s).collect();
    assert_eq!(chars, "415 555 0132");
}

#[test]
fn emails_with_at_and_dot_disguises() {
    assert_eq!(kinds("mail me: robin.hood@example.org"), [Kind::Email]);
    assert_eq!(kinds("robin dot hood at example dot org"), [Kind::Email]);
    assert_eq!(
        kinds("my address is sparrow [at] mailbox [dot] org"),
        [Kind::Email]
    );
    hit("sparrow (at) gmail (dot) com");
}

#[test]
fn lookalike_fullwidth_and_zero_width_characters() {
    hit("add me on ѕnapchat, name is lotus"); // Cyrillic ѕ
    hit("ａｄｄ ｍｅ ｏｎ ｓｎａｐ");
    hit("add me on sn\u{200B}apch\u{200C}at");
    hit("mail: robin\u{200B}@exa\u{200D}mple.org");
}

#[test]
fn spaced_and_dotted_letters() {
    hit("w h a t s a p p me");
    hit("my i.n.s.t.a is @paper.planes");
    hit("add me on s-n-a-p");
}

#[test]
fn leetspeak_app_names() {
    hit("add me on 5n4pch4t");
    assert_eq!(kinds("d1sc0rd: stormchaser#0042"), [Kind::Handle]);
    hit("my 1nst4 is sunny.days");
}

#[test]
fn app_names_described_rather_than_named() {
    hit("I'm bookworm_88 on the blue bird app, follow me");
    hit("add me on the ghost app");
    hit("join my group at t.me/calmwaters");
}

#[test]
fn addresses_and_meeting_up() {
    assert!(kinds("my house is 12 Birch Lane, Portland, drop by").contains(&Kind::Address));
    assert_eq!(
        kinds("let's meet in person, I'm near Central Park"),
        [Kind::Offsite]
    );
}

#[test]
fn asking_to_move_off_site() {
    hit("do you have another app where we can talk privately?");
    hit("what's your number? I'll text you");
    hit("send me your insta so we can keep talking");
    hit("can we move this to a video call somewhere else?");
    hit("gimme your snap");
}

#[test]
fn mentioning_an_app_is_fine() {
    quiet("I deleted snapchat last week and feel better");
    quiet("Social media like snapchat makes me feel left out.");
    quiet("Discord used to be where I hid from my problems.");
    quiet("A member asked for my instagram, I declined and reported it.");
    quiet("I love my cat Snap, she's so fluffy.");
    quiet("Instagram makes me compare myself to everyone");
}

#[test]
fn dates_times_ages_counts_prices_and_pages_are_fine() {
    quiet("My therapist appointment is at 4:15 on 12/03.");
    quiet("I've been self-harm free for 100 days.");
    quiet("I'm 19 and starting college in the fall.");
    quiet("My sister lives 300 miles away and I miss her.");
    quiet("It cost $1,250,000 and that's why we moved");
    quiet("See page 2024 2025 of the report");
    quiet("I was depressed from 2019-2024 but it got better");
    quiet("Born 12.03.2004, so 22 now");
    quiet("Read pages 12-45 and 100-120 of the workbook");
    quiet("I get 5 hours of sleep on a good night.");
}

#[test]
fn on_site_mentions_and_messages_are_fine() {
    quiet("@hopefulheart I hear you, that sounds really hard.");
    quiet("Feel free to message me here on the forum any time.");
    quiet("Send me a DM here on Haven if you want to talk");
    quiet("Thanks @sam_staff and @lea_leader for the help");
}

#[test]
fn questions_about_the_rule_are_fine() {
    quiet("what do I do if someone asks for my number?");
    quiet("Is it against the rules to share my instagram?");
    quiet("Someone asked me to add them on snap, is that allowed?");
}

#[test]
fn crisis_lines_are_allowed_and_configurable() {
    quiet("If you're thinking of suicide in the US, call or text 988.");
    quiet("Crisis Text Line: text HELLO to 741741.");
    quiet("In the UK you can call Samaritans free on 116 123.");
    quiet("US lifeline: 1-800-273-8255, any time");
    let strict = Detector::new(Vec::new());
    assert!(
        strict
            .detect("US lifeline: 1-800-273-8255, any time")
            .contact
    );
    let custom = Detector::new(vec!["415 555 0132".to_string()]);
    assert!(!custom.detect("our helpline is 415 555 0132").contact);
}

#[test]
fn hard_subjects_are_fine() {
    quiet("I want to talk about sex and intimacy problems after my trauma.");
    quiet("Phone anxiety is real, I can't even order pizza.");
    quiet("My address book is empty, no one to call.");
    quiet("I called my dad today for the first time in 2 years.");
}

// Issue 16, one test per category of text that got through ...

#[test]
fn short_and_misspelt_app_names() {
    assert_eq!(kinds("sc - pinecone_22"), [Kind::Handle]);
    hit("yt: softvoices, subscribe and comment so I can reply");
    hit("add me on snpachat, I'm pinecone");
    hit("my telegarm is @harbourlights");
    hit("follow my lnstagram @soft.rain");
    hit("dm me on dlscord, user riverstone");
    hit("wsp me when you can");
}

#[test]
fn platforms_beyond_the_big_five() {
    hit("my venmo is @lena-k, send me a message there");
    hit("psn id: cloudwalker_9");
    hit("zoom.us/j/5551234567 join at 8");
    hit("meet.google.com/xyz-abcd-efg");
    hit("I'm on threema as 4KD8WQ2Z");
    hit("friend code 1234-5678-9012 add me");
    hit("my twitch is foggymorning, whisper me there");
    hit("linktr.ee/pinecone has all my links");
    hit("add me on roblox: SkyLantern_07");
}

#[test]
fn emoji_keycaps_superscripts_and_dashes() {
    hit("👻 pinecone_22");
    hit("📱 0770 0900 555");
    hit("1️⃣2️⃣1️⃣2️⃣5️⃣5️⃣5️⃣0️⃣1️⃣9️⃣4️⃣");
    hit("reach me: ⁴¹⁵ ⁵⁵⁵ ⁰¹⁹⁸");
    hit("ring 312–555–0177");
}

#[test]
fn numbers_as_people_say_them() {
    hit("oh seven seven double oh nine double oh five five five");
    hit("my cell is two one two, triple five, oh one four four");
    hit("call 3one2 5five5 01double7");
    // Teens and tens inside a spoken number.
    hit("text me: oh seven seven one two, thirty four, fifty six, seventy eight");
    hit("my number's oh seven nine, eleven, forty-two, sixty one, oh three");
    quiet("I'm fourteen and my sister is twenty three");
    quiet("we left at seven twenty and got there at nine fifteen");
}

#[test]
fn short_links() {
    hit("my page: bit.ly/moonlit-x");
    hit("tinyurl.com/moonlitchat has everything");
}

#[test]
fn links_spelled_out() {
    hit("my blog: rainyday dot blog slash contact");
    hit("t dot me slash pinecone");
    hit("look up pinecone dot carrd dot co");
}

#[test]
fn invitations_with_no_app_or_number() {
    hit("let's go somewhere the moderators can't see us");
    hit("which apps are you on?");
    hit("I can send you my email if you want");
    hit("we could meet at the library on saturday");
    hit("is there somewhere more private we can chat?");
    hit("do you have a phone? I'd rather text");
}

#[test]
fn emails_and_addresses_without_the_usual_shape() {
    hit("it's pinecone at yahoo");
    hit("mail pinecone＠outlook．com");
    hit("I'm at 9 Elm Grove, Leeds LS6 2AB");
    hit("room 14 in Newton Hall, come find me");
    hit("Bahnhofstraße 12, 10115 Berlin");
    hit("PO Box 4410, Wellington");
}

// ... and per category of supportive text that was wrongly caught.

#[test]
fn crisis_lines_of_many_countries() {
    quiet("Australia: Lifeline 13 11 14, or text 0477 13 11 14");
    quiet("Kids Help Phone in Canada: 1-800-668-6868");
    quiet("in Germany the TelefonSeelsorge is free: 0800 111 0 111");
    quiet("SOS Amitié 09 72 39 40 50 if you're in France");
    quiet("the Samaritans' email is jo@samaritans.org, they reply within a day");
    quiet("Pieta in Ireland: 1800 247 247");
    quiet("NZ Youthline 0800 376 633");
    quiet("Samaritans from abroad: +44 116 123 may not work, try 116 123 locally");
}

#[test]
fn a_line_listed_with_its_country_code_is_allowed_written_the_national_way() {
    // The directory lists "+254 722 178 177".
    quiet("Befrienders in Nairobi, 0722 178 177, picked up at 3am for me");
    // Not any number ending the same way: a different trunk length.
    hit("text me on 00722 178 177");
}

#[test]
fn the_model_never_flags_a_sentence_that_only_shares_crisis_lines() {
    let detector = Detector::default();
    let explained = |text: &str| {
        let n = normalize(text).text;
        detector.explained_away(&n, 0, n.len())
    };
    assert!(explained("India: iCall on 9152987821"));
    assert!(explained(
        "Kenya: Befrienders 0722 178 177 or the Red Cross on 1199"
    ));
    assert!(!explained(
        "India: iCall on 9152987821, or just text me on 07700 900412"
    ));
    assert!(!explained("ring me on 07700 900412 tonight"));
}

#[test]
fn warnings_and_reminders_about_the_rule() {
    quiet("Please never share your snapchat or phone number with people from here.");
    quiet("Reminder: asking for someone's whatsapp will get your post held.");
    quiet("Is it allowed to say which apps I use?");
}

#[test]
fn reported_speech_and_refusals() {
    quiet("A member kept asking me to move to telegram so I reported them.");
    quiet("He told me 'send me your number' and I didn't.");
    quiet("I said no when she asked for my instagram");
    quiet("I'm not going to give out my email, sorry");
    quiet("No thanks, I don't want to talk on discord");
    quiet("a much older man asked to meet me at the station and I told a teacher");
    quiet("you can't share numbers on here, the mods hold the post");
    quiet("why can't people share emails here? I don't get the rule");
}

#[test]
fn app_names_inside_ordinary_words() {
    quiet("Took a snapshot of the sunset, felt calm for once");
    quiet("Their discordant voices at home make me anxious");
    quiet("The steamroller of exams is flattening me");
    quiet("We discarded the old photos");
    quiet("That telegraph pole outside my window");
}

#[test]
fn past_events() {
    quiet("I used to message people on kik when I was younger, it was bad");
    quiet("Years ago I met a friend on discord");
}

#[test]
fn spans_mark_what_triggered() {
    let text = "hi! my snap is pinecone_22, add me";
    let d = hit(text);
    let marked: Vec<String> = d
        .spans
        .iter()
        .map(|(s, e)| text.chars().skip(*s).take(e - s).collect())
        .collect();
    assert!(
        marked.iter().any(|m| m.contains("snap is pinecone_22")),
        "{marked:?}"
    );
    assert!(!marked.iter().any(|m| m.contains("hi!")), "{marked:?}");
}

#[test]
fn cues_spread_over_a_long_message() {
    hit(
        "honestly this site is slow for me, if you ever want to talk properly you could add me, it's rowan.sky on the ghost app",
    );
    hit("trust me it's safer to talk on telegram, nobody reads it. my @ is quiet_harbor");
    hit(
        "this is so hard to explain in writing. can we voice chat somewhere? i have discord and whatsapp",
    );
    hit("it's fine, nobody can see what we say on snapchat anyway. just add me, i'm wildberry_pie");
    hit("haha you'd love my tumblr, it's all soft aesthetics. it's called dewdrop-diaries");
}

#[test]
fn platform_ids_in_their_own_shape() {
    hit("cash app $quietriver if u wanna talk lol");
    hit("find me on reddit u/rainy_tuesday");
    hit("you can reach me on matrix @owl:matrix.org");
    hit("my discord pls add: ferngully#2231");
    hit("skype: live:cid.7f3e21ab");
}

#[test]
fn invitations_in_longer_chat_with_no_app_or_number() {
    hit("is there a way we can talk privately? this thread feels so public");
    hit("do you have another way to chat?");
    hit("do you want to be friends outside of here?");
    hit("whats the best way to reach you when you're not on here?");
    hit("can i call you? typing is exhausting");
    hit("what's your real name? i want to look you up");
    hit("which city are you in? maybe we're close enough to meet");
    hit("u on snap?");
    hit("you on whatsapp or signal?");
}

#[test]
fn app_talk_next_to_names_on_haven_is_left_alone() {
    quiet("thanks @moss_fern, your advice about tiktok really helped me cut down");
    quiet("@quiet_river I'm the same, instagram makes me feel so much worse, I deleted it");
    quiet("my username here is willow_2008 because of my cat. I don't even have snapchat anymore.");
    quiet("let's keep talking here, this forum feels safer than discord ever did");
    quiet("can we talk about how snapchat streaks make us anxious?");
    quiet("hi everyone, call me Sam, I'm new here and I left twitter last month");
    quiet("I wanna play minecraft again, it used to calm me down");
    quiet("youtube is e.g. where I find calming videos");
    quiet("my facebook is 10 years old and full of cringe");
    quiet("insta is toxic for me, so I logged out for a week");
    quiet("is there a way to talk privately with a mentor here?");
    quiet("the best way to reach the mentors is the flag button, right?");
    quiet("we met on discord years ago, now she's my best friend in real life");
}

#[test]
fn multibyte_text_around_cues_never_panics() {
    for text in [
        "ßßßßßßßßßßßßßßßßßß snapchat ßßß add me ßß moon_light",
        "👻👻👻👻👻👻👻👻👻👻 my snap 👻 is moon.light 👻👻",
        "日本語の文章です instagram 日本語 add me 日本語 name_2009 日本語",
        "é@moss_fernéééééééééééééé tiktok éééé",
    ] {
        let _ = Detector::default().detect(text);
    }
}

#[test]
fn round_three_phrasings() {
    // Contractions and "go by", "mine's", quoted names, one-letter X.
    hit("im always on snap, name's tobyjm_03");
    hit("i go by marigoldhaze on most apps");
    hit("sc? mine's plumtea_");
    hit("my yt is \"Rainy Window ASMR\", leave a comment");
    hit("find me on x, @QuietKestrel");
    hit("threads: @meadow.lark.ok");
    hit("tik tock: @greysky.days");
    hit("gogle chat: ashen.sky_07");
    // Invitations.
    hit("want to swap snaps?");
    hit("lets talk privately somewhere, not here");
    hit("i want to talk to you without anyone else reading");
    hit("let's continue this on whatsapp");
    hit("i'd love to meet you irl");
    hit("where do you go to school? i could come find you");
    hit("let's get off this site and talk properly");
    hit("shoot me a text later");
    // Two ordinary words are not joined into a name ("read it" is not
    // "reddit"), so the invitation is still seen.
    hit("could we continue this somewhere the mods can't read it's 2am");
}

#[test]
fn round_three_benign() {
    quiet("PSA: don't give your address to anyone from any online forum");
    quiet("i cried at the kik-off meeting for my new job");
    quiet("I'd love to meet you all at the group next week");
    quiet("i go by bus on weekdays");
    quiet("Send me a DM here on Haven if you want to talk");
    quiet("3 four six 1 two three");
}

#[test]
fn round_four_phrasings() {
    // A Session messenger id.
    hit("add me on session: 057aeb66e45660c3bdfb7c62706f6440226af43ec13f3b6f899c1dd4db1b8fce5b");
    // Links with spaces around the dots.
    hit("check www . quietharbor . org for my page");
    hit("it's moonbeam . net if you want to write");
    // A handle after "look it up:" once the app is named.
    hit("my tumblr has everything, just look it up: saltmarsh");
    // Talking outside, in any tense.
    hit("are you up for talking outside the forum sometime?");
    // Asking whether someone has an app, with a tag at the end.
    hit("u have kik too?");
    // Where nobody here can see.
    hit("we could chat somewhere the listeners can't read it");
    // Being picked up or met where a person is every day.
    hit("i could pick you up from practice on friday");
    hit("i'll wait for you outside school tomorrow");
    // "you know where".
    hit("message me later, you know where");
    // A room in a named building, the building first.
    hit("I'm in Carver House, rm 12, come by");
    // A phone number after "in case".
    hit("here's my number just in case: 07 98 76 54 32");
}

#[test]
fn round_four_benign() {
    // Warnings about the rule, someone else's asking, comparisons.
    quiet("reminder: no one here should ask for your address, ever");
    quiet("my cousin's husband keeps asking for my snapchat and it's awkward");
    quiet("I feel more understood talking here than anywhere else");
    // A person or a channel someone else named.
    quiet("there's a podcast on spotify by a guy called Theo that helps");
    // A place the writer lived before.
    quiet("we lived at 22 Birch Lane when I was small, it had a garden");
    quiet("honestly 9 Kings Road was the loneliest year of my life");
    // A case number is not a phone number.
    quiet("my case number is 20231145 and they still haven't called");
}

#[test]
fn round_five_phrasings() {
    // An app and a name alone on a line, the app as an emoji too.
    hit("kik  moonlitfern");
    hit("hi!\n📸 moonlit.fern\nbye");
    // Any app, if the name there comes with "message me there".
    hit("my glimpse is moonlitfern, text me on there");
    // A link host and a name joined by a spoken slash.
    hit("carrd slash moonlitfern has all my stuff");
    // An e-mail named by its provider.
    hit("my email is moonlitfern, it's a yahoo one");
    // Calls, which Haven does not have.
    hit("could we facetime sometime?");
    // Somewhere unmoderated.
    hit("there's a server where no mods check anything");
    hit("let's find an app where we won't get flagged");
}

#[test]
fn round_five_benign() {
    // Opening hours after a helpline number.
    quiet("Lifeline is 13 11 14, open 24 hours");
    quiet("the Samaritans line 116 123 is 24/7 and free");
    // Statements about what kinds of post are removed.
    quiet("mods delete messages that share numbers or emails, which is fair");
    // An app and a word that is not a name.
    quiet("instagram\nis the worst app");
    // Calling someone who is not the reader.
    quiet("can we call the helpline together tomorrow? I'm scared to do it alone");
}

#[test]
fn patterns_skipped_without_an_app_really_need_one() {
    assert!(needs_platform(r"\b(?:NAME|SHORT)\s+(?:me|us)\b"));
    assert!(needs_platform(r"\bNAME\b[^\n]{0,60}\bcalled"));
    assert!(!needs_platform(r"\bNAME\b|\bfoo\b"));
    assert!(!needs_platform(r"\b(?:NAME|SHORT|add)\s+x"));
    assert!(!needs_platform(r"x(?:NAME|SHORT)?y"));
    assert!(!needs_platform(r"(?:a|(?:NAME|SHORT))x"));
    assert!(!needs_platform(r"[(]NAME?x"));
    // Short names only where they start a word, as the prefilter has them.
    assert!(!needs_platform(r"x(?:NAME|SHORT)y"));
    assert!(needs_platform(r"x(?:NAME|COMMON)y"));
    assert!(needs_platform(r"(?:^|[\s(,;])(?:NAME|SHORT)\s*\?"));
    assert!(!needs_platform(r"(?:^|[a-z])(?:NAME|SHORT)"));
    let plain = "add me on ghostapp, it's rowan.sky, 415 555 0132, my insta is fern_22";
    assert!(PLATFORM_NAMED.is_match(plain));
    assert!(!PLATFORM_NAMED.is_match("call me tonight at the usual place"));
}

#[test]
fn the_prefilter_skips_a_good_share_of_patterns() {
    let skippable = PATTERNS.iter().filter(|p| p.needs_platform).count();
    assert!(skippable >= 12, "only {skippable} patterns need an app");
}

/// Round 6 (from frozen-5's misses): worded differently from that set, so
/// each test checks the rule rather than one sentence.
#[test]
fn round_six_channels_and_invitations() {
    hit("kik -> birch_lantern9");
    hit("the call is on zoom, meeting id 912 4471 3306");
    hit("i set up a secret discord server for you and me");
    hit("made a private group just for us, ask and i'll add you");
    hit("lets switch to a group chat, easier");
    hit("we could take this to dms somewhere else");
    hit("r u free to facetime later?");
    hit("pop round mine after school");
    hit("we're staying at the Premier Inn by the station, room 118");
    hit("steam: birchlantern, add me and we can talk");
    hit("i'm on wire as well, same username");
    hit("viibr: birch.lantern.9");
    hit("book a slot: calendly.com/birchlantern");
    hit("i don't want the mods seeing this, could we talk on another app");
    hit("hinge: birch_lantern9");
}

#[test]
fn round_six_ordinary_talk_left_alone() {
    quiet("we moved out of 4 Station Road when my parents split");
    quiet("my GP surgery is on 22 Church Lane and they were kind today");
    quiet("the support group is at 3 Market Street every thursday");
    quiet("the meeting id was wrong so the school zoom assembly was cancelled");
    quiet("I'm in room 4 of the ward and the nurses are kind");
    quiet("i don't want the mods to read this as an attack, i just disagree");
    quiet("time: 10.30 tomorrow");
}

/// Round 7 (from frozen-6's misses): worded differently from that set, so
/// each test checks the rule rather than one sentence.
#[test]
fn round_seven_channels_and_invitations() {
    hit("add me on my alt account, same name plus a 3");
    hit("we should do a zoom call, i'll send the link to your email");
    hit("i'm on signall if you ever want to chat");
    hit("join us at #latenight:matrix.org");
    hit("messenger is easiest, search for Robin Hale");
    hit("find me on letterboxd as robin, message me there");
    hit("i'm robinhale on the gram");
    hit("bereal add robin.hale");
    hit("my onlyfans lol robinhale");
    hit("can i dm you my number?");
    hit("i'll be at the park gates at 5, come and find me");
    hit("facebook is robin hale, the one with the dog");
    hit("ring me on O7 7 OO 9 OO 4 5 6");
}

#[test]
fn round_seven_ordinary_talk_left_alone() {
    quiet("my sister went to the park at 5 and came back happier");
    quiet("can you send the link to the guideline again?");
    quiet("i'm on holiday if you want to know why i was quiet");
    quiet("I'm not on facebook anymore and I don't miss it");
    quiet("the room was #1 on the list");
    quiet("I have 2 oo gauge model trains");
}

/// Round 8 (from frozen-7's misses), worded differently from that set.
#[test]
fn round_eight_channels_and_invitations() {
    hit("do u have snap or no");
    hit("linkedin slash in slash robin hale");
    hit("my username is robin.hale on most things");
    hit("we can carry on from my second account");
    hit("let's take this to telegram");
    hit("here's my id 7f3a9c21e8");
    hit("could i add you on another app?");
    hit("robin#0042");
    hit("check the link in my bio");
    hit("my signal is the same as my number");
    hit("my flat is 12, Rowan House, off Mill Road");
    hit("just give me your number and we'll sort it");
    hit("I stream on twitch as robinhale");
    hit("ping me on slack, I'm robin");
    hit("add me on spotify, robin.hale");
}

#[test]
fn round_eight_ordinary_talk_left_alone() {
    quiet("my kik-boxing class was cancelled");
    quiet("my ig-tv phase was embarrassing");
    quiet("I post on reddit as well sometimes");
    quiet("cut me some slack, it's been a long week");
    quiet("do you have spotify premium? is it worth it");
    quiet("take it to heart, you did well");
    quiet("the teacher said to give me your homework by friday");
}

#[test]
fn an_app_asked_about_then_a_handle() {
    assert_eq!(kinds("kik? tbren99"), [Kind::Handle]);
    hit("insta? kai.nr");
    hit("snpchat? kaibird_");
    hit("tg? @noor_vale");
    quiet("insta? no. I deleted it months ago");
    quiet("snapchat? nah, not for me");
    quiet("tiktok? lol no, it rots my brain");
}

#[test]
fn shops_and_hobby_networks_with_messages() {
    hit("find me on depop, ivy_bloom22");
    hit("my strava is sam.rivers, follow me");
    hit("add me on ravelry, I'm noorknits");
    quiet("I sold my old coat on vinted and bought a book with it");
    quiet("goodreads says I read 12 books this year");
}
