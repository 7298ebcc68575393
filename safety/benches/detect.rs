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

fn bench(c: &mut Criterion) {
    let detector = Detector::default();
    let texts = corpus();
    // Forum posts are longer than the labelled one-liners: also measure
    // paragraphs of several of them.
    let paragraphs: Vec<String> = texts.chunks(6).map(|c| c.join(" ")).collect();
    let mut group = c.benchmark_group("detect");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("labelled set (one text each)", |b| {
        b.iter(|| texts.iter().filter(|t| detector.detect(t).contact).count())
    });
    group.throughput(Throughput::Elements(paragraphs.len() as u64));
    group.bench_function("paragraphs of six", |b| {
        b.iter(|| {
            paragraphs
                .iter()
                .filter(|t| detector.detect(t).contact)
                .count()
        })
    });
    // What Haven runs: the patterns, then the learned model on what they
    // leave (every benign text, and every attempt no pattern names).
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("with the model, labelled set (one text each)", |b| {
        b.iter(|| {
            texts
                .iter()
                .filter(|t| detector.detect_with_model(t).contact)
                .count()
        })
    });
    group.throughput(Throughput::Elements(paragraphs.len() as u64));
    group.bench_function("with the model, paragraphs of six", |b| {
        b.iter(|| {
            paragraphs
                .iter()
                .filter(|t| detector.detect_with_model(t).contact)
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
