//! Staff-written phrase rules, matched on word boundaries of the normalised
//! text (so look-alike letters and spaced-out words do not slip past them).
//! A rule is a phrase (`"meet up"`: its words with any spacing between), or
//! a regular expression written between slashes (`/\bkys\b/`).

use regex::{Regex, RegexBuilder};

use crate::normalize::Normalized;

/// One compiled rule, known by the caller's id.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub id: i32,
    regex: Regex,
}

/// Why a rule's pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError(pub String);

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Compiles a rule's pattern; the message says what is wrong.
pub fn compile(id: i32, pattern: &str) -> Result<CompiledRule, PatternError> {
    let pattern = pattern.trim();
    let source = if let Some(inner) = pattern
        .strip_prefix('/')
        .and_then(|p| p.strip_suffix('/'))
        .filter(|p| !p.is_empty())
    {
        inner.to_string()
    } else {
        let words: Vec<String> = crate::normalize(pattern)
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(regex::escape)
            .collect();
        if words.is_empty() {
            return Err(PatternError("Give a phrase with at least one word.".into()));
        }
        format!(r"\b{}\b", words.join(r"[\s\W_]+"))
    };
    let regex = RegexBuilder::new(&source)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| {
            PatternError(format!(
                "That pattern is not a valid regular expression: {e}"
            ))
        })?;
    Ok(CompiledRule { id, regex })
}

impl CompiledRule {
    /// The normalised byte ranges where the rule matches.
    pub fn find(&self, norm: &Normalized) -> Vec<(usize, usize)> {
        self.regex
            .find_iter(&norm.text)
            .filter(|m| !m.is_empty())
            .map(|m| (m.start(), m.end()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    #[test]
    fn phrases_match_whole_words_through_obfuscation() {
        let rule = compile(1, "meet up").unwrap();
        assert_eq!(rule.find(&normalize("let's MEET   UP later")).len(), 1);
        assert_eq!(rule.find(&normalize("let's m e e t up")).len(), 1);
        assert!(rule.find(&normalize("we met upstairs")).is_empty());
        assert!(rule.find(&normalize("meetup")).is_empty());
    }

    #[test]
    fn regex_rules_and_bad_patterns() {
        let rule = compile(2, r"/\bkys\b/").unwrap();
        assert_eq!(rule.find(&normalize("just KYS")).len(), 1);
        assert!(compile(3, "/(unclosed/").is_err());
        assert!(compile(4, "  ...  ").is_err());
    }
}
