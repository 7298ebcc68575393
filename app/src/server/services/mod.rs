//! Domain services, in two layers. `base` holds the lookups and recorders
//! every use case needs (people, access, audit, notify, content, queue
//! items, screening, pins, standing) and imports no use case. The use cases
//! (the other modules) call down into `base` and never into each other, so
//! nothing here is a cycle; `tests` below checks both rules on the source.
//! Each use case reads top to bottom: validate → check permission → write →
//! notify → return a browser type.

pub mod accounts;
pub mod appeals;
pub mod audit;
pub mod base;
pub mod composer;
pub mod email;
pub mod filters;
pub mod forums;
pub mod messages;
pub mod moderation;
pub mod notifications;
pub mod pins;
pub mod policy;
pub mod posts;
pub mod revisions;
pub mod search;
pub mod self_care;
pub mod topics;

#[cfg(test)]
mod tests {
    //! The layering, checked on the source: a use case imports only `base`,
    //! and a `base` module only the `base` modules before it in the order
    //! `base/mod.rs` gives.

    use std::path::{Path, PathBuf};

    /// `base`, bottom first: each may use only those before it.
    const BASE: [&str; 13] = [
        "people",
        "access",
        "audit",
        "notify",
        "content",
        "items",
        "screen",
        "pinned",
        "standing",
        "reading",
        "drafts",
        "mail",
        "conversations",
    ];
    const USE_CASES: [&str; 17] = [
        "accounts",
        "appeals",
        "audit",
        "composer",
        "email",
        "filters",
        "forums",
        "messages",
        "moderation",
        "notifications",
        "pins",
        "policy",
        "posts",
        "revisions",
        "search",
        "self_care",
        "topics",
    ];

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("services folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The service modules a source names through `services::…` or, in
    /// `base`, through `super::…`.
    fn named(source: &str, prefix: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut rest = source;
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            if let Some(list) = rest.strip_prefix('{') {
                let end = list.find('}').unwrap_or(list.len());
                found.extend(list[..end].split(',').map(|m| m.trim().to_string()));
            } else {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                found.push(rest[..end].to_string());
            }
        }
        // `base::people` is the module `base`.
        found
            .into_iter()
            .filter_map(|m| m.split("::").next().map(str::to_string))
            .filter(|m| !m.is_empty())
            .collect()
    }

    #[test]
    fn use_cases_call_only_down_and_base_only_leftwards() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server/services");
        let mut files = Vec::new();
        sources(&root, &mut files);
        let mut wrong = Vec::new();
        for file in &files {
            let source = std::fs::read_to_string(file).expect("readable source");
            let relative = file.strip_prefix(&root).expect("under services");
            let parts: Vec<&str> = relative
                .iter()
                .map(|p| p.to_str().unwrap_or_default().trim_end_matches(".rs"))
                .collect();
            if parts == ["mod"] {
                continue;
            }
            let own = parts[0];
            for module in named(&source, "services::") {
                let allowed = module == "base" || (own != "base" && module == own);
                if !allowed {
                    wrong.push(format!("{} names services::{module}", relative.display()));
                }
            }
            if own == "base" {
                let me = BASE.iter().position(|m| *m == parts[1]);
                for module in named(&source, "super::") {
                    let theirs = BASE.iter().position(|m| *m == module);
                    if me.is_none() || theirs.is_none() || theirs >= me {
                        wrong.push(format!("{} uses super::{module}", relative.display()));
                    }
                }
            } else if !USE_CASES.contains(&own) {
                wrong.push(format!(
                    "{own} is neither a use case nor base: list it here"
                ));
            }
        }
        assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
        // The check saw the whole tree, both layers.
        assert!(files.len() > 20, "found only {} sources", files.len());
    }

    #[test]
    fn the_check_sees_imports_in_both_spellings() {
        let source = "use crate::server::services::{accounts, base::people};\n\
                      use crate::server::services::posts;\nuse super::{notify, access};";
        assert_eq!(named(source, "services::"), ["accounts", "base", "posts"]);
        assert_eq!(named(source, "super::"), ["notify", "access"]);
    }
}
