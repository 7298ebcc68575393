//! Detector throughput on one core: how many texts per second it checks.
//! The goal is at least 10 000 texts per second on the 2-core CI machine.
//! Run with `cargo bench -p safety`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use safety::Detector;

fn corpus() -> Vec<String> {
    include_str!("../tests/corpus.jsonl")
        .lines()
        .filter_map(|line| {
            let start = line.find("\"text\": \"")? + 9;
            let rest = &line[start..];
            let end = rest.find("\", \"contact\"")?;
            Some(rest[..end].replace("\\\"", "\""))
        })
        .collect()
}

/// Whether a way of detecting catches a text.
type Caught = fn(&Detector, &str) -> bool;

fn bench(c: &mut Criterion) {
    let detector = Detector::default();
    let texts = corpus();
    let paragraphs: Vec<String> = texts.chunks(6).map(|c| c.join(" ")).collect();
    let mut group = c.benchmark_group("detect");
    // The patterns alone, and what Haven runs: the patterns, then the
    // learned model on what they leave (every benign text, and every
    // attempt no pattern names).
    let ways: [(&str, Caught); 2] = [
        ("", |d, t| d.detect(t).contact),
        ("with the model, ", |d, t| d.detect_with_model(t).contact),
    ];
    for (prefix, caught) in ways {
        group.throughput(Throughput::Elements(texts.len() as u64));
        group.bench_function(format!("{prefix}labelled set (one text each)"), |b| {
            b.iter(|| texts.iter().filter(|t| caught(&detector, t)).count())
        });
        // Forum posts are longer than the labelled one-liners: also
        // measure paragraphs of several of them.
        group.throughput(Throughput::Elements(paragraphs.len() as u64));
        group.bench_function(format!("{prefix}paragraphs of six"), |b| {
            b.iter(|| paragraphs.iter().filter(|t| caught(&detector, t)).count())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
