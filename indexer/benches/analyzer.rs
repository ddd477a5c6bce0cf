//! Throughput of the analysis chains on the real seed presentation.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use indexer::Language;
use indexer::analysis::{exact_analyzer, stemming_analyzer, tokens};

const SEED: &str = include_str!("../../tests/fixtures/seed.txt");

fn analyzers(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(SEED.len() as u64));

    let mut swedish = stemming_analyzer(Language::Swedish);
    let swedish_tokens = tokens(&mut swedish, SEED).len();
    assert!(
        swedish_tokens > 700,
        "the Swedish chain produced {swedish_tokens} tokens"
    );
    group.bench_function("swedish", |b| {
        b.iter(|| tokens(&mut swedish, black_box(SEED)).len())
    });

    let mut exact = exact_analyzer();
    let exact_tokens = tokens(&mut exact, SEED).len();
    assert!(
        exact_tokens > swedish_tokens,
        "stop words are kept in the exact chain"
    );
    group.bench_function("exact", |b| {
        b.iter(|| tokens(&mut exact, black_box(SEED)).len())
    });

    group.bench_function("detect_language", |b| {
        b.iter(|| indexer::analysis::detect_document_language(black_box(SEED)))
    });
    group.finish();
}

criterion_group!(benches, analyzers);
criterion_main!(benches);
