//! Post rendering: Markdown (pulldown-cmark) to HTML, sanitised by ammonia.
//! Rendering happens once, when a post is written; pages show the stored HTML.
//!
//! Choices:
//! - `@name` becomes a link to the profile when the person exists (not inside
//!   code); the caller resolves names so this module stays database-free.
//! - `:shortcode:` becomes the emoji (GitHub/Discourse shortcodes).
//! - Images are turned into plain links: a remote image would tell its host
//!   the IP address of every reader, which a support forum must not do.
//! - Only http, https and mailto links survive; every link gets
//!   `rel="nofollow ugc noopener"`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(Some("nofollow ugc noopener"))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .rm_tags(["img"])
        .add_allowed_classes("a", ["mention"]);
    builder
});

fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS
}

/// The distinct `@names` a text mentions, lower-cased, outside code.
pub fn mentioned_names(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_code = false;
    for event in TextMergeStream::new(Parser::new_ext(source, options())) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => {
                for (_, _, name) in find_mentions(&text) {
                    let key = name.to_lowercase();
                    if !names.contains(&key) {
                        names.push(key);
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// A post's text as a reader sees it, without Markdown marks: what the
/// parser reads as text and code (a link keeps its words, an image its
/// description, raw HTML is dropped), one line per block. Plain text: it
/// is escaped wherever it is shown.
pub fn plain_text(source: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow,
            ) if !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
    text.trim_end().to_string()
}

/// [`plain_text`] on one line, cut to about `max` characters at a word
/// boundary with "…": for excerpts in notices and profiles.
pub fn excerpt(source: &str, max: usize) -> String {
    let text = plain_text(source);
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max && !out.is_empty() {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > max {
        let cut: String = out.chars().take(max).collect();
        return cut + "…";
    }
    out
}

/// Renders `source` to sanitised HTML. `known` maps a lower-cased name to the
/// person's canonical name; mentions of anyone else stay plain text.
pub fn render(source: &str, known: &HashMap<String, String>) -> String {
    let mut in_code = false;
    let mut events = Vec::new();
    for event in TextMergeStream::new(Parser::new_ext(source, options())) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) => {
                events.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => events.push(Event::End(TagEnd::Link)),
            Event::Text(text) if !in_code => expand_text(&text, known, &mut events),
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(source.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    SANITIZER.clean(&html).to_string()
}

/// Splits a text run into text, mention links and emoji.
fn expand_text<'a>(text: &str, known: &HashMap<String, String>, out: &mut Vec<Event<'a>>) {
    let mut rest_start = 0;
    for (start, end, name) in find_mentions(text) {
        if let Some(canonical) = known.get(&name.to_lowercase()) {
            push_with_emoji(&text[rest_start..start], out);
            // Names are limited to [A-Za-z0-9_], so they need no escaping.
            out.push(Event::InlineHtml(CowStr::from(format!(
                r#"<a class="mention" href="/u/{canonical}">@{canonical}</a>"#
            ))));
            rest_start = end;
        }
    }
    push_with_emoji(&text[rest_start..], out);
}

fn push_with_emoji<'a>(text: &str, out: &mut Vec<Event<'a>>) {
    if text.is_empty() {
        return;
    }
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(':') {
        let after = &rest[open + 1..];
        let close = after.find(':');
        let emoji = close.and_then(|close| {
            let code = &after[..close];
            let valid = !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'));
            if valid {
                emojis::get_by_shortcode(code).map(|e| (e, close))
            } else {
                None
            }
        });
        match emoji {
            Some((emoji, close)) => {
                result.push_str(&rest[..open]);
                result.push_str(emoji.as_str());
                rest = &after[close + 1..];
            }
            None => {
                result.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    result.push_str(rest);
    out.push(Event::Text(CowStr::from(result)));
}

/// `@name` occurrences: (byte start, byte end, name). A mention starts at the
/// beginning or after a character that is not part of a word, so e-mail
/// addresses are not mentions.
fn find_mentions(text: &str) -> Vec<(usize, usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'@' {
            let boundary = i == 0 || !is_name_byte(bytes[i - 1]) && bytes[i - 1] != b'.';
            let mut end = i + 1;
            while end < bytes.len() && is_name_byte(bytes[end]) {
                end += 1;
            }
            let len = end - i - 1;
            if boundary && (3..=32).contains(&len) {
                found.push((i, end, &text[i + 1..end]));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(names: &[&str]) -> HashMap<String, String> {
        names
            .iter()
            .map(|n| (n.to_lowercase(), n.to_string()))
            .collect()
    }

    #[test]
    fn scripts_handlers_and_dangerous_urls_are_removed() {
        let html = render(
            "<script>alert(1)</script><b onclick=\"x()\">bold</b>\n\n[a](javascript:alert(1)) [d](data:text/html,hi) <a href=\"javascript:x()\">raw</a>",
            &known(&[]),
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
        assert!(!html.contains("href=\"data:"), "{html}");
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(html.contains(">raw</a>"), "{html}");
    }

    #[test]
    fn links_get_safe_rel() {
        let html = render("[site](https://example.org)", &known(&[]));
        assert!(html.contains(r#"rel="nofollow ugc noopener""#), "{html}");
        assert!(html.contains(r#"href="https://example.org""#), "{html}");
    }

    #[test]
    fn images_become_links() {
        let html = render("![cat](https://example.org/cat.png)", &known(&[]));
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(r#"href="https://example.org/cat.png""#),
            "{html}"
        );
        assert!(html.contains(">cat</a>"), "{html}");
    }

    #[test]
    fn mentions_of_known_people_link_and_others_stay_text() {
        let html = render(
            "thanks @Robin and @nobody_here, mail a@b.org",
            &known(&["Robin"]),
        );
        assert!(
            html.contains(r#"<a class="mention" href="/u/Robin""#),
            "{html}"
        );
        assert!(html.contains("@nobody_here"), "{html}");
        assert!(!html.contains(r#"href="/u/b""#), "{html}");
        assert_eq!(
            mentioned_names("hi @Robin and @robin, `@code` a@b.org"),
            vec!["robin"]
        );
    }

    #[test]
    fn mentions_in_code_blocks_are_ignored() {
        let source = "```\n@Robin\n```";
        assert!(mentioned_names(source).is_empty());
        assert!(!render(source, &known(&["Robin"])).contains("mention"));
    }

    #[test]
    fn emoji_shortcodes_render_and_times_are_untouched() {
        let html = render("good news :heart: see you at 10:30:00", &known(&[]));
        assert!(html.contains('❤'), "{html}");
        assert!(html.contains("10:30:00"), "{html}");
    }

    #[test]
    fn quotes_render_as_blockquotes() {
        let html = render("> earlier words\n\nmy answer", &known(&[]));
        assert!(html.contains("<blockquote>"), "{html}");
    }
}

#[cfg(test)]
mod excerpt_tests {
    use super::excerpt;

    #[test]
    fn excerpts_are_text_without_marks_and_cut_at_a_word() {
        assert_eq!(
            excerpt(
                "> quoted **bold** and `code`\n\n- a [link](https://x.org/a)",
                200
            ),
            "quoted bold and code a link"
        );
        assert_eq!(excerpt("one two three four", 9), "one two…");
        assert_eq!(excerpt("hi <span>x</span>", 50), "hi x");
        assert_eq!(excerpt("abcdefghij", 4), "abcd…");
        assert_eq!(
            super::plain_text("# Title\n\nOne *two*\nthree\n\n- a\n- b"),
            "Title\nOne two three\na\nb"
        );
    }
}
