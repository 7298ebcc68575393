//! `haven check-text`: the contact detector over JSON lines, so it can be
//! evaluated on any labelled corpus. Each input line is `{"text": "..."}`;
//! each output line is `{"contact": bool, "kinds": [...], "spans":
//! [[start, end], ...], "rules": [...], "action": ...}`, spans in
//! characters. It runs what Haven runs: the patterns (`"rules":
//! ["contact"]`, the post is held) and the learned model on what they leave
//! (`"rules": ["likely contact"]`, the post is published and flagged for
//! moderators). A line that is
//! not such an object gets `{"error": "..."}` and the run goes on.

use std::io::{BufRead, Write};

use safety::Detector;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Input {
    text: String,
}

#[derive(Serialize)]
struct Output<'a> {
    contact: bool,
    kinds: Vec<&'static str>,
    spans: &'a [(usize, usize)],
    /// The built-in rules that fired: "contact" for the patterns, "likely
    /// contact" for the model alone.
    rules: Vec<&'static str>,
    /// What the built-in contact rule does in an ordinary forum: "hold",
    /// "flag" (the model alone), or null.
    action: Option<&'static str>,
}

/// Checks every line of `input`, writing one line per input line. Returns
/// how many lines were checked.
pub fn run(
    detector: &Detector,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<usize> {
    let mut count = 0;
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        count += 1;
        match serde_json::from_str::<Input>(&line) {
            Ok(input) => {
                let d = detector.detect_with_model(&input.text);
                let (rule, action) = match (d.contact, d.learned) {
                    (false, _) => (None, None),
                    (true, false) => (Some("contact"), Some("hold")),
                    (true, true) => (Some("likely contact"), Some("flag")),
                };
                let out = Output {
                    contact: d.contact,
                    kinds: d.kinds.iter().map(|k| k.as_str()).collect(),
                    spans: &d.spans,
                    rules: rule.into_iter().collect(),
                    action,
                };
                serde_json::to_writer(&mut output, &out)?;
            }
            Err(err) => {
                serde_json::to_writer(
                    &mut output,
                    &serde_json::json!({ "error": format!("line {count}: expected {{\"text\": \"...\"}}: {err}") }),
                )?;
            }
        }
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_json_line_out_per_line_in() {
        let input = "{\"text\": \"call me on 415 555 0132\"}\n\n{\"text\": \"I deleted snapchat last year\"}\nnot json\n{\"text\": \"Thanks for listening. Honestly it would be easier to keep chatting somewhere away from this site, just the two of us.\"}\n";
        let mut out = Vec::new();
        let n = run(&Detector::default(), input.as_bytes(), &mut out).unwrap_or(0);
        assert_eq!(n, 4);
        let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_default())
            .collect();
        assert_eq!(lines[0]["contact"], true);
        assert_eq!(lines[0]["kinds"][0], "phone");
        assert_eq!(lines[0]["spans"][0], serde_json::json!([11, 23]));
        assert_eq!(lines[0]["rules"][0], "contact");
        assert_eq!(lines[0]["action"], "hold");
        assert_eq!(lines[1]["contact"], false);
        assert_eq!(lines[1]["action"], serde_json::Value::Null);
        // The model alone: flagged, and the sentence it read is the span.
        assert_eq!(lines[3]["rules"][0], "likely contact");
        assert_eq!(lines[3]["action"], "flag");
        assert_eq!(lines[3]["spans"][0], serde_json::json!([22, 117]));
        assert!(
            lines[2]["error"]
                .as_str()
                .is_some_and(|e| e.contains("line 3"))
        );
    }
}
