//! The detector on the frozen held-out set (`heldout/frozen.jsonl`),
//! written before the issue-16 work and never used for tuning (see
//! `heldout/README.md`). The numbers are printed and copied to the README;
//! the test checks the set is unchanged and guards against regressions
//! below the figures measured when it was first scored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use safety::Detector;
use sha2::{Digest, Sha256};

const FROZEN: &str = include_str!("heldout/frozen.jsonl");
const FROZEN_SHA256: &str = "f1431e6013f538ef3a34ec7ab7c64aaf7b757caa1a5658707a6323525aeef80c";

#[test]
fn the_held_out_set_is_unchanged() {
    let digest = Sha256::digest(FROZEN.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, FROZEN_SHA256, "frozen.jsonl must not change");
}

#[test]
fn precision_and_recall_on_the_held_out_set() {
    let detector = Detector::default();
    let (mut tp, mut fp, mut fn_, mut tn) = (0u32, 0u32, 0u32, 0u32);
    let mut misses = Vec::new();
    for line in FROZEN.lines().filter(|l| !l.trim().is_empty()) {
        let row: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let text = row["text"].as_str().expect("text");
        let label = row["contact"].as_bool().expect("contact");
        let kind = row["kind"].as_str().unwrap_or("");
        match (label, detector.detect(text).contact) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                misses.push(format!("false alarm ({kind}): {text}"));
            }
            (true, false) => {
                fn_ += 1;
                misses.push(format!("missed ({kind}): {text}"));
            }
            (false, false) => tn += 1,
        }
    }
    let precision = f64::from(tp) / f64::from(tp + fp);
    let recall = f64::from(tp) / f64::from(tp + fn_);
    let false_alarms = f64::from(fp) / f64::from(fp + tn);
    println!(
        "held-out: {} texts; recall {recall:.3} ({tp} of {}), false alarms {false_alarms:.3} ({fp} of {}), precision {precision:.3}",
        tp + fp + fn_ + tn,
        tp + fn_,
        fp + tn
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(recall >= RECALL_FLOOR, "recall {recall:.3}");
    assert!(
        false_alarms <= FALSE_ALARM_CEILING,
        "false alarms {false_alarms:.3}"
    );
}

/// The figures measured when the set was first scored (README), as floors:
/// later changes must not make the detector worse on unseen text.
const RECALL_FLOOR: f64 = 0.93;
const FALSE_ALARM_CEILING: f64 = 0.01;
