//! Property tests over the generator (`generator/`): every catalogued
//! contact, under every single obfuscation and every pair of them, is
//! detected; the generated benign texts are left alone. These are the
//! texts the detector was developed against ("tuned" in the README); the
//! frozen held-out set (`heldout.rs`) is the unseen measure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod generator;

use generator::{Rng, TRANSFORMS, benign, contacts, in_long_message};
use safety::Detector;

fn report(name: &str, total: usize, failures: &[String]) {
    println!(
        "{name}: {} of {total} ({:.3})",
        total - failures.len(),
        (total - failures.len()) as f64 / total.max(1) as f64
    );
    for f in failures.iter().take(40) {
        println!("  {f}");
    }
}

#[test]
fn every_contact_is_detected_plain_and_under_every_single_transform() {
    let detector = Detector::default();
    let contacts = contacts();
    let mut rng = Rng::new(1);
    let mut total = 0;
    let mut failures = Vec::new();
    for contact in &contacts {
        let plain = contact.text();
        total += 1;
        if !detector.detect(&plain).contact {
            failures.push(format!("plain: {plain}"));
        }
        for (name, transform) in TRANSFORMS {
            let Some(changed) = transform(contact, &mut rng) else {
                continue;
            };
            total += 1;
            let text = changed.text();
            if !detector.detect(&text).contact {
                failures.push(format!("{name}: {text}"));
            }
        }
    }
    report("contacts, plain and single transforms", total, &failures);
    assert!(total > 3000, "{total} cases");
    assert!(failures.is_empty(), "{} missed", failures.len());
}

#[test]
fn every_pair_of_transforms_is_seen_through() {
    let detector = Detector::default();
    let contacts = contacts();
    let mut rng = Rng::new(2);
    let mut total = 0;
    let mut failures = Vec::new();
    for (first_name, first) in TRANSFORMS {
        for (second_name, second) in TRANSFORMS {
            if first_name == second_name {
                continue;
            }
            // Every pair, on a seeded sample of the contacts it applies to.
            for _ in 0..100 {
                let contact = &contacts[rng.below(contacts.len())];
                let Some(once) = first(contact, &mut rng) else {
                    continue;
                };
                let Some(twice) = second(&once, &mut rng) else {
                    continue;
                };
                total += 1;
                let text = twice.text();
                if !detector.detect(&text).contact {
                    failures.push(format!("{first_name} + {second_name}: {text}"));
                }
            }
        }
    }
    report("contacts under pairs of transforms", total, &failures);
    assert!(total > 2000, "{total} cases");
    assert!(failures.is_empty(), "{} missed", failures.len());
}

#[test]
fn every_contact_inside_a_long_message_is_detected() {
    let detector = Detector::default();
    let mut rng = Rng::new(3);
    let mut total = 0;
    let mut failures = Vec::new();
    for contact in &contacts() {
        // Plain, and under one transform drawn at random.
        let (name, transform) = TRANSFORMS[rng.below(TRANSFORMS.len())];
        let changed = transform(contact, &mut rng);
        for (how, c) in [("plain", Some(contact.clone())), (name, changed)] {
            let Some(c) = c else { continue };
            total += 1;
            let text = in_long_message(&c, &mut rng).text();
            if !detector.detect(&text).contact {
                failures.push(format!("{how}: {text}"));
            }
        }
    }
    report("contacts inside longer messages", total, &failures);
    assert!(total > 1000, "{total} cases");
    assert!(failures.is_empty(), "{} missed", failures.len());
}

#[test]
fn generated_benign_texts_are_left_alone() {
    let detector = Detector::default();
    let texts = benign();
    let mut failures = Vec::new();
    for (kind, text) in &texts {
        let found = detector.detect(text);
        if found.contact {
            failures.push(format!("{kind}: {text} ({:?})", found.kinds));
        }
    }
    report("benign texts left alone", texts.len(), &failures);
    assert!(texts.len() > 1000, "{} texts", texts.len());
    assert!(failures.is_empty(), "{} false alarms", failures.len());
}
