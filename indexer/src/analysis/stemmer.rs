//! Snowball stemming with rust-stemmers, as a tantivy token filter.
//!
//! tantivy ships its own stemmer filter, but Hinder's analysis must use rust-stemmers'
//! Snowball algorithms so that the index, the highlighter and the benchmarks agree on one
//! definition of a stem.

use std::borrow::Cow;

use rust_stemmers::Algorithm;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Replaces each token's text with its Snowball stem. Expects lower-case input.
#[derive(Debug, Clone, Copy)]
pub struct SnowballStem {
    algorithm: Algorithm,
}

impl SnowballStem {
    /// A filter for one Snowball algorithm.
    pub fn new(algorithm: Algorithm) -> Self {
        Self { algorithm }
    }
}

impl TokenFilter for SnowballStem {
    type Tokenizer<T: Tokenizer> = SnowballStemTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SnowballStemTokenizer<T> {
        SnowballStemTokenizer {
            algorithm: self.algorithm,
            inner: tokenizer,
        }
    }
}

/// The tokenizer a [`SnowballStem`] filter wraps around.
#[derive(Debug, Clone)]
pub struct SnowballStemTokenizer<T> {
    algorithm: Algorithm,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SnowballStemTokenizer<T> {
    type TokenStream<'a> = SnowballStemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SnowballStemStream {
            inner: self.inner.token_stream(text),
            stemmer: rust_stemmers::Stemmer::create(self.algorithm),
        }
    }
}

/// Token stream that stems as it goes.
pub struct SnowballStemStream<S> {
    inner: S,
    stemmer: rust_stemmers::Stemmer,
}

impl<S> std::fmt::Debug for SnowballStemStream<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnowballStemStream").finish_non_exhaustive()
    }
}

impl<S: TokenStream> TokenStream for SnowballStemStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        // A borrowed result means Snowball left the word unchanged.
        if let Cow::Owned(stem) = self.stemmer.stem(&token.text) {
            token.text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}
