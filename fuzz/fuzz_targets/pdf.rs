//! Any bytes as a `.pdf` document: read, checked and assembled as indexing would.
//!
//! The PDF library panics on some malformed files, and `ingest::pdf` catches those panics
//! (the file is then reported as corrupt). libFuzzer's panic hook would abort on them even
//! when caught, so this target puts the default hook back: a panic our code does not catch
//! still ends the run, through `fuzz_target!`'s own check.
#![no_main]

use std::sync::OnceLock;

use indexer::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    static TAXONOMY: OnceLock<indexer::Taxonomy> = OnceLock::new();
    let taxonomy = TAXONOMY.get_or_init(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        fuzzing::taxonomy()
    });
    let _ = fuzzing::read("2016-12-02-fuzz.pdf", bytes, taxonomy);
});
