//! The floor under Hinder's import: how long tantivy alone takes to index the terms Hinder's
//! Swedish analysis makes of a corpus, with the analysis already done.
//!
//! It reads NDJSON lines (`text`, `title`, as the benchmark corpus has them), analyses every
//! distinct text and title with Hinder's own analyzers, builds documents of Hinder's own
//! schema, and only then starts the clock: tantivy's writer, on the threads and the memory
//! an import uses, with a tokenizer per Swedish field that hands it the tokens made before,
//! indexes those documents and commits. Compare its time with tantivy-py's whole run on
//! the same corpus (`bench/notes.md`):
//!
//! ```sh
//! cargo run --release -p indexer --example indexing_floor -- CORPUS.jsonl
//! ```

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;
use std::time::Instant;

use indexer::analysis::{Analyzers, EXACT, SWEDISH, SWEDISH_PARTS, register_analyzers, tokens};
use tantivy::schema::Facet;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{Index, TantivyDocument};

/// What a bulk import gives tantivy's writer on two cores (`write/sink.rs`).
const HEAP_BYTES: usize = 384 * 1024 * 1024;
const THREADS: usize = 2;

/// The tokens one of Hinder's analyzers made of each text, computed before the clock starts.
type Analysed = Arc<HashMap<String, Vec<Token>>>;

/// A tokenizer that hands tantivy the tokens analysed beforehand: one look-up per text.
#[derive(Clone)]
struct Replay(Analysed);

struct ReplayStream<'a> {
    tokens: &'a [Token],
    next: usize,
}

impl Tokenizer for Replay {
    type TokenStream<'a> = ReplayStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReplayStream<'a> {
        ReplayStream {
            tokens: self.0.get(text).map_or(&[], Vec::as_slice),
            next: 0,
        }
    }
}

impl TokenStream for ReplayStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        unreachable!("tantivy's indexer only reads the tokens")
    }
}

/// Every distinct text and title of the corpus analysed by one analyzer.
fn analyse_all(analyzer: &mut TextAnalyzer, texts: &[&str]) -> (Analysed, usize) {
    let mut known = HashMap::new();
    for &text in texts {
        known
            .entry(text.to_owned())
            .or_insert_with(|| tokens(analyzer, text));
    }
    let terms = known.values().map(Vec::len).sum();
    (Arc::new(known), terms)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: indexing_floor CORPUS.jsonl")?;
    let mut records = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        records.push(serde_json::from_str::<serde_json::Value>(&line?)?);
    }
    let field = |record: &serde_json::Value, name: &str| {
        record[name].as_str().unwrap_or_default().to_owned()
    };
    let texts: Vec<String> = records
        .iter()
        .flat_map(|record| [field(record, "text"), field(record, "title")])
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = Instant::now();
    let mut analyzers = Analyzers::default();
    let (exact, exact_terms) = analyse_all(&mut analyzers.exact, &texts);
    let (swedish, swedish_terms) = analyse_all(&mut analyzers.swedish, &texts);
    let (parts, parts_terms) = analyse_all(&mut analyzers.parts, &texts);
    eprintln!(
        "distinct texts and titles analysed in {:.2} s (not timed below): \
         {exact_terms} written, {swedish_terms} whole-word, {parts_terms} parts terms",
        started.elapsed().as_secs_f64()
    );

    // Hinder's own schema: its fields, index options, stored and fast fields.
    let schema = indexer::build_schema();
    let id = schema.get_field("id")?;
    let doc_id = schema.get_field("doc_id")?;
    let text = schema.get_field("text")?;
    let text_sv = schema.get_field("text_sv")?;
    let text_exact = schema.get_field("text_exact")?;
    let text_parts = schema.get_field("text_parts")?;
    let title = schema.get_field("title")?;
    let title_sv = schema.get_field("title_sv")?;
    let title_exact = schema.get_field("title_exact")?;
    let title_parts = schema.get_field("title_parts")?;
    let source = schema.get_field("source")?;
    let area = schema.get_field("area")?;
    let day = schema.get_field("day")?;
    let position = schema.get_field("position")?;
    let doc_key = schema.get_field("doc_key")?;
    let words = schema.get_field("words")?;
    let language = schema.get_field("language")?;

    let documents: Vec<TantivyDocument> = records
        .iter()
        .enumerate()
        .map(|(number, record)| {
            let (body, heading) = (field(record, "text"), field(record, "title"));
            let mut document = TantivyDocument::new();
            document.add_text(id, field(record, "id"));
            document.add_text(doc_id, field(record, "doc"));
            for target in [text, text_exact, text_sv, text_parts] {
                document.add_text(target, &body);
            }
            for target in [title, title_exact, title_sv, title_parts] {
                document.add_text(target, &heading);
            }
            document.add_facet(source, Facet::from_path([field(record, "source")]));
            document.add_facet(area, Facet::from_path([field(record, "area")]));
            document.add_i64(day, (number % 40_000) as i64);
            document.add_u64(position, number as u64);
            document.add_u64(doc_key, number as u64 / 12);
            document.add_u64(words, (body.len() / 6) as u64);
            document.add_text(language, "sv");
            document
        })
        .collect();

    let dir = tempfile::tempdir()?;
    let index = Index::create_in_dir(dir.path(), schema)?;
    // Hinder's analyzers for every field, then the three Swedish ones replaced by replays.
    register_analyzers(&index);
    index.tokenizers().register(EXACT, Replay(exact));
    index.tokenizers().register(SWEDISH, Replay(swedish));
    index.tokenizers().register(SWEDISH_PARTS, Replay(parts));
    let started = Instant::now();
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(THREADS, HEAP_BYTES)?;
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let passages = documents.len();
    for document in documents {
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "tantivy alone indexed {passages} passages in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
