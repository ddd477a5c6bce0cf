//! Throughput of the analysis chains on the real seed presentation.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use indexer::Language;
use indexer::analysis::{compounds, exact_analyzer, parts_analyzer, stemming_analyzer, tokens};

const SEED: &str = include_str!("../../tests/fixtures/seed.txt");

fn analyzers(c: &mut Criterion) {
    // Throughput in words of the seed (tokens of the plain word chain), so that the chains
    // compare per word whatever they emit: tokens per second.
    let mut group = c.benchmark_group("analyzer");

    let mut swedish = stemming_analyzer(Language::Swedish);
    let swedish_tokens = tokens(&mut swedish, SEED).len();
    assert!(
        swedish_tokens > 700,
        "the Swedish chain produced {swedish_tokens} tokens"
    );
    let words = {
        let mut plain =
            tantivy::tokenizer::TextAnalyzer::builder(indexer::analysis::WordTokenizer::default())
                .filter(tantivy::tokenizer::LowerCaser)
                .build();
        tokens(&mut plain, SEED).len() as u64
    };
    group.throughput(Throughput::Elements(words));
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

    let mut plain =
        tantivy::tokenizer::TextAnalyzer::builder(indexer::analysis::WordTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .build();
    assert!(
        tokens(&mut plain, SEED).len() <= exact_tokens,
        "elliptic completion only adds tokens"
    );
    group.bench_function("words_only", |b| {
        b.iter(|| tokens(&mut plain, black_box(SEED)).len())
    });

    let mut parts = parts_analyzer();
    let part_tokens = tokens(&mut parts, SEED).len();
    assert!(
        part_tokens > 100,
        "the parts chain found {part_tokens} compound parts"
    );
    group.bench_function("swedish_parts", |b| {
        b.iter(|| tokens(&mut parts, black_box(SEED)).len())
    });

    group.bench_function("detect_language", |b| {
        b.iter(|| indexer::analysis::detect_document_language(black_box(SEED)))
    });
    group.finish();
}

/// Splitting one long compound, and one long word that is not a compound.
fn splitting(c: &mut Criterion) {
    let mut group = c.benchmark_group("compounds");
    assert_eq!(
        compounds::split("bredbandssamordnarnas").map(|p| p.len()),
        Some(2)
    );
    group.bench_function("split_compound", |b| {
        b.iter(|| compounds::split(black_box("bredbandssamordnarnas")).map(|p| p.len()))
    });
    assert!(compounds::split("kommunikationerna").is_none());
    group.bench_function("split_non_compound", |b| {
        b.iter(|| compounds::split(black_box("kommunikationerna")).is_none())
    });
    let lexicon = indexer::analysis::Lexicon::swedish();
    group.bench_function("lexicon_lookup", |b| {
        b.iter(|| lexicon.get(black_box("utbyggnaderna")).is_some())
    });
    group.finish();
}

criterion_group!(benches, analyzers, splitting);
criterion_main!(benches);
