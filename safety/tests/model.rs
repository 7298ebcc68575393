//! The shipped contact model (`safety/model/contact.bin`) is exactly what
//! `examples/train.rs` makes from the texts in the repository, and what it
//! adds to the patterns (`Detector::detect_with_model`, what Haven runs)
//! reaches moderators as a sentence they can see.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod generator;
mod training;

use safety::model::{self, MODEL, TrainOptions};
use safety::{Detector, Kind};

#[test]
fn the_shipped_model_is_what_training_gives() {
    let mut trained = model::train(
        &training::rows(&training::examples()),
        TrainOptions::default(),
    );
    // The threshold comes from cross-validation, which the example runs.
    trained.threshold = MODEL.threshold;
    let shipped = include_bytes!("../model/contact.bin");
    assert!(
        trained.to_bytes() == shipped.as_slice(),
        "safety/model/contact.bin is not what training gives: run `cargo run -p safety --release --example train`"
    );
}

#[test]
fn invitations_no_pattern_names_are_caught_by_the_model_with_their_sentence() {
    let detector = Detector::default();
    for (text, sentence) in [
        (
            "thanks for listening. is there anywhere else you hang out online?",
            "is there anywhere else you hang out online?",
        ),
        (
            "is there anywhere else you hang out online? this place is so strict",
            "is there anywhere else you hang out online?",
        ),
    ] {
        assert!(
            !detector.detect(text).contact,
            "a pattern now catches {text:?}: pick a text only the model catches"
        );
        let found = detector.detect_with_model(text);
        assert!(found.contact, "missed: {text}");
        assert_eq!(found.kinds, [Kind::Offsite]);
        let shown: Vec<String> = found
            .spans
            .iter()
            .map(|&(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect();
        assert_eq!(shown, [sentence], "{text}");
    }
}

#[test]
fn the_model_leaves_ordinary_talk_about_other_places_alone() {
    let detector = Detector::default();
    for text in [
        "I moved somewhere else last year and it helped",
        "my counsellor said we can talk about it next session",
        "I'd love to chat more here tomorrow, goodnight everyone",
    ] {
        assert!(
            !detector.detect_with_model(text).contact,
            "false alarm: {text}"
        );
    }
}

/// The model reads words, not who says them to whom: a sentence the
/// patterns would read as reported speech, a refusal or a question about
/// the rule is not flagged, however high the model scores it; an
/// invitation in the next sentence still is.
#[test]
fn reported_speech_and_refusals_are_not_flagged_by_the_model() {
    let detector = Detector::default();
    for text in [
        "he said \"let's talk somewhere the mods can't see\" and I said no",
        "someone asked me if we could talk somewhere more private, I blocked him",
        "I won't move this chat somewhere else, sorry",
    ] {
        let normalized = safety::normalize(text).text;
        let (_, (s, e)) = MODEL.strongest(&normalized);
        assert!(
            detector.explained_away(&normalized, s, e),
            "not read as reported speech or a refusal: {text}"
        );
        assert!(!detector.detect_with_model(text).contact, "flagged: {text}");
    }
    let text = "someone asked me that once. anyway, is there anywhere else you hang out online?";
    assert!(detector.detect_with_model(text).contact, "missed: {text}");
}
