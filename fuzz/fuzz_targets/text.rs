//! Any bytes as a `.txt` document: read, checked and assembled as indexing would.
#![no_main]

use std::sync::OnceLock;

use indexer::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    static TAXONOMY: OnceLock<indexer::Taxonomy> = OnceLock::new();
    let taxonomy = TAXONOMY.get_or_init(fuzzing::taxonomy);
    let _ = fuzzing::read("2016-12-02-fuzz.txt", bytes, taxonomy);
});
