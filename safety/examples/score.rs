//! Scores the detector on a labelled JSON-lines file
//! (`{"text": …, "contact": true|false}` per line) and prints every miss
//! and false alarm: `cargo run -p safety --release --example score -- FILE`;
//! `-- --text TEXT` shows what one text is caught for, and where.
//! The way to try the detector on a set written elsewhere without adding
//! it to the repository.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: score FILE.jsonl | score --text TEXT");
    if path == "--text" {
        // One text: what was found and where.
        let text = std::env::args().nth(2).expect("a text after --text");
        let detector = safety::Detector::default();
        let found = detector.detect_with_model(&text);
        let normalised = safety::normalize(&text).text;
        println!("normalised: {normalised}");
        let model = &*safety::model::MODEL;
        println!(
            "model: {:.3}, fires at {:.3} (a flag, when no pattern fired)",
            model.strongest(&normalised).0,
            model.threshold
        );
        println!(
            "{:?}{}",
            found.kinds,
            if found.learned {
                " (the model alone)"
            } else {
                ""
            }
        );
        for (start, end) in found.spans {
            let part: String = text.chars().skip(start).take(end - start).collect();
            println!("  {part:?}");
        }
        return;
    }
    let text = std::fs::read_to_string(&path).expect("a readable file");
    let detector = safety::Detector::default();
    // [patterns alone, patterns or model]: (tp, fp, fn, tn)
    let mut counts = [(0u32, 0u32, 0u32, 0u32); 2];
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let row: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let text = row["text"].as_str().expect("text");
        let label = row["contact"].as_bool().expect("contact");
        let found = detector.detect_with_model(text);
        let by = if found.learned { " (model)" } else { "" };
        match (label, found.contact) {
            (false, true) => println!("false alarm{by} {:?}: {text}", found.kinds),
            (true, false) => println!("missed: {text}"),
            _ => {}
        }
        for (i, caught) in [found.contact && !found.learned, found.contact]
            .into_iter()
            .enumerate()
        {
            let c = &mut counts[i];
            match (label, caught) {
                (true, true) => c.0 += 1,
                (false, true) => c.1 += 1,
                (true, false) => c.2 += 1,
                (false, false) => c.3 += 1,
            }
        }
    }
    let ratio = |a: u32, b: u32| {
        if b == 0 {
            0.0
        } else {
            f64::from(a) / f64::from(b)
        }
    };
    for (name, (tp, fp, fn_, tn)) in ["patterns (hold)", "patterns or model (hold or flag)"]
        .into_iter()
        .zip(counts)
    {
        println!(
            "{name}: {} texts: recall {:.3} ({tp} of {}), false alarms {:.3} ({fp} of {}), precision {:.3}",
            tp + fp + fn_ + tn,
            ratio(tp, tp + fn_),
            tp + fn_,
            ratio(fp, fp + tn),
            fp + tn,
            ratio(tp, tp + fp),
        );
    }
}
