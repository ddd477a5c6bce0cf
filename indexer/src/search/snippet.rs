//! Snippets: the finding's text, HTML-escaped, with `<mark>` around every word that matched,
//! whether it matched by its exact form or by its stem.
//!
//! The marking re-runs the analysis over the stored text, so anything the index matched is
//! marked. Swedish text is split into words once, and each word's terms come from the same
//! per-word cache the analysis chains use: running the three chains one after the other
//! took two thirds of a search's time (ten hits a page, 54,000 findings). Long texts are
//! cut to a window around the first match.

use std::sync::Arc;

use tantivy::tokenizer::TextAnalyzer;

use super::near::automaton;
use super::query::MatchedTerms;
use levenshtein_automata::{DFA, Distance};

use crate::analysis::Analyzers;
use crate::analysis::swedish::{Normalizer, with_word_terms};
use crate::corpus::Language;

/// Texts up to this many characters are shown whole.
const MAX_SNIPPET_CHARS: usize = 320;
/// Characters of context kept before the first match when a text is cut.
const LEAD_CHARS: usize = 80;
const ELLIPSIS: &str = "…";

/// Marks matched words in texts.
pub(crate) struct Highlighter {
    terms: MatchedTerms,
    analyzers: Analyzers,
    normalizer: Normalizer,
    /// Automata of the words searched with typos allowed, built once per search.
    fuzzy: Vec<(Arc<DFA>, u8)>,
    fuzzy_stems: Vec<(Arc<DFA>, u8)>,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter")
            .field("terms", &self.terms)
            .finish_non_exhaustive()
    }
}

impl Highlighter {
    pub(crate) fn new(terms: MatchedTerms, analyzers: Analyzers) -> Self {
        let automata = |words: &[(String, u8)]| {
            words
                .iter()
                .map(|(word, distance)| (automaton(word, *distance), *distance))
                .collect()
        };
        Self {
            fuzzy: automata(&terms.fuzzy),
            fuzzy_stems: automata(&terms.fuzzy_stems),
            terms,
            analyzers,
            normalizer: Normalizer::default(),
        }
    }

    /// The snippet of a text in a language, as safe HTML.
    pub(crate) fn snippet(&mut self, text: &str, language: Language) -> String {
        let spans = self.matches(text, language);
        let (start, end) = window(text, spans.first().map(|&(start, _)| start));
        let mut html = String::with_capacity(end - start + 32);
        if start > 0 {
            html.push_str(ELLIPSIS);
        }
        let mut cursor = start;
        for &(span_start, span_end) in &spans {
            if span_start < cursor || span_end > end {
                continue;
            }
            html_escape::encode_text_to_string(&text[cursor..span_start], &mut html);
            html.push_str("<mark>");
            html_escape::encode_text_to_string(&text[span_start..span_end], &mut html);
            html.push_str("</mark>");
            cursor = span_end;
        }
        html_escape::encode_text_to_string(&text[cursor..end], &mut html);
        if end < text.len() {
            html.push_str(ELLIPSIS);
        }
        html
    }

    /// Byte ranges of matched words, sorted and merged. A compound that matched through one
    /// of its parts is marked whole.
    fn matches(&mut self, text: &str, language: Language) -> Vec<(usize, usize)> {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        if self.terms.exact.is_empty() {
            return spans;
        }
        let terms = &self.terms;
        let near = |automata: &[(Arc<DFA>, u8)], word: &str| {
            automata.iter().any(
                |(dfa, distance)| matches!(dfa.eval(word), Distance::Exact(d) if d <= *distance),
            )
        };
        let (fuzzy, fuzzy_stems) = (&self.fuzzy, &self.fuzzy_stems);
        let normalizer = &self.normalizer;
        // Straight from the token stream: collecting the tokens first cost an allocation
        // per word, ten hits per page.
        let mut mark = |analyzer: &mut TextAnalyzer, matches: &dyn Fn(&str) -> bool| {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let token = stream.token();
                if matches(&token.text) {
                    spans.push((token.offset_from, token.offset_to));
                }
            }
        };
        let analyzers = &mut self.analyzers;
        let written = |word: &str| terms.exact.contains(word) || near(fuzzy, word);
        match language {
            // The Swedish chains split words exactly as the exact chain does and differ
            // only in what they make of each word: one pass, each word's terms looked up.
            Language::Swedish => mark(&mut analyzers.exact, &|word| {
                written(word)
                    || with_word_terms(word, normalizer, |of_word| {
                        !of_word.stop
                            && (of_word.whole().any(|term| {
                                terms.swedish.contains(term) || near(fuzzy_stems, term)
                            }) || of_word.parts().any(|term| terms.parts.contains(term)))
                    })
            }),
            Language::English => {
                mark(&mut analyzers.exact, &written);
                mark(&mut analyzers.english, &|term| terms.english.contains(term));
            }
            Language::Other(_) => mark(&mut analyzers.exact, &written),
        }
        merged(spans)
    }
}

/// Byte ranges sorted, overlapping ones joined.
fn merged(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The byte range of `text` to show: all of it when short, else a window that starts a
/// little before the first match, cut at spaces.
fn window(text: &str, first_match: Option<usize>) -> (usize, usize) {
    if text.chars().count() <= MAX_SNIPPET_CHARS {
        return (0, text.len());
    }
    let anchor = first_match.unwrap_or(0);
    let mut start = back_chars(text, anchor, LEAD_CHARS);
    if start > 0 {
        // Start after a space so no word is cut.
        start = text[start..anchor]
            .find(' ')
            .map_or(start, |space| start + space + 1);
    }
    let mut end = forward_chars(text, start, MAX_SNIPPET_CHARS);
    if end < text.len() {
        end = text[start..end]
            .rfind(' ')
            .map_or(end, |space| start + space);
    }
    (start, end)
}

fn back_chars(text: &str, from: usize, count: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(text: &str, from: usize, count: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(i, _)| from + i)
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::super::query::QueryBuilder;
    use super::*;
    use crate::schema::{Fields, build_schema};

    fn snippet(query: &str, text: &str) -> String {
        highlighter(query).snippet(text, Language::Swedish)
    }

    fn highlighter(query: &str) -> Highlighter {
        let index = tantivy::Index::create_in_ram(build_schema());
        crate::analysis::register_analyzers(&index);
        let searcher = index.reader().unwrap().searcher();
        let fields = Fields::new(&index.schema()).unwrap();
        let analyzers = Analyzers::default();
        let mut builder =
            QueryBuilder::new(fields, &crate::corpus::Thesaurus::default(), &analyzers);
        let taxonomy = crate::corpus::Taxonomy {
            areas: Vec::new(),
            sources: Vec::new(),
            default_source: String::new(),
        };
        let terms = builder
            .build(&parse(query, &taxonomy), &searcher)
            .expect("no deadline in tests")
            .terms;
        Highlighter::new(terms, analyzers)
    }

    type Matcher<'a> = dyn Fn(&str) -> bool + 'a;

    /// What marking was before it became one pass: every chain run over the text.
    fn marked_by_each_chain(highlighter: &mut Highlighter, text: &str) -> Vec<(usize, usize)> {
        let terms = &highlighter.terms;
        let near = |automata: &[(Arc<DFA>, u8)], word: &str| {
            automata.iter().any(
                |(dfa, distance)| matches!(dfa.eval(word), Distance::Exact(d) if d <= *distance),
            )
        };
        let mut spans = Vec::new();
        let chains: [(&mut TextAnalyzer, &Matcher<'_>); 3] = [
            (&mut highlighter.analyzers.exact, &|word| {
                terms.exact.contains(word) || near(&highlighter.fuzzy, word)
            }),
            (&mut highlighter.analyzers.swedish, &|term| {
                terms.swedish.contains(term) || near(&highlighter.fuzzy_stems, term)
            }),
            (&mut highlighter.analyzers.parts, &|term| {
                terms.parts.contains(term)
            }),
        ];
        for (analyzer, matches) in chains {
            for token in crate::analysis::tokens(analyzer, text) {
                if matches(&token.text) {
                    spans.push((token.offset_from, token.offset_to));
                }
            }
        }
        merged(spans)
    }

    #[test]
    fn one_pass_marks_what_every_chain_marks() {
        let document =
            include_str!("../../../corpus/documents/2016-12-02-nystartsgruppen-mote-3.md");
        let queries = [
            "utbyggnadslagen",
            "samordnare",
            "kommunerna",
            "bredband fiber",
            "torinstallationer",
            "hinder",
            "\"i kommunen\"",
            "och",
            "landsbygd",
            "operatörer",
            "e-tjänster",
            "region",
            "varor",
            "hadet",
            "mycken",
        ];
        let mut marked = 0;
        for query in queries {
            let mut highlighter = highlighter(query);
            for line in document.lines() {
                let expected = marked_by_each_chain(&mut highlighter, line);
                marked += expected.len();
                assert_eq!(
                    highlighter.matches(line, Language::Swedish),
                    expected,
                    "query {query:?} in {line:?}"
                );
            }
        }
        assert!(
            marked > 50,
            "the texts and queries must mark something: {marked}"
        );
    }

    #[test]
    fn marks_exact_and_stemmed_matches() {
        assert_eq!(
            snippet(
                "utbyggnadslag",
                "Insikter om utbyggnadslagen behövs. Utbyggnadslag!"
            ),
            "Insikter om <mark>utbyggnadslagen</mark> behövs. <mark>Utbyggnadslag</mark>!"
        );
        assert_eq!(
            snippet(
                "torrinstallation",
                "undvika torrinstallationer (dvs anslutning)"
            ),
            "undvika <mark>torrinstallationer</mark> (dvs anslutning)"
        );
    }

    #[test]
    fn escapes_everything_around_marks() {
        assert_eq!(
            snippet("script", "<script>alert('x')</script> & mer"),
            "&lt;<mark>script</mark>&gt;alert('x')&lt;/<mark>script</mark>&gt; &amp; mer"
        );
    }

    #[test]
    fn compounds_are_marked_whole_and_typos_marked_too() {
        assert_eq!(
            snippet("samordnare", "Bredbandssamordnarna behöver stöd."),
            "<mark>Bredbandssamordnarna</mark> behöver stöd."
        );
        assert_eq!(
            snippet("torinstallationer", "undvika torrinstallationer nu"),
            "undvika <mark>torrinstallationer</mark> nu"
        );
    }

    #[test]
    fn excluded_words_are_not_marked() {
        assert_eq!(
            snippet("fiber -kommun", "fiber i kommun"),
            "<mark>fiber</mark> i kommun"
        );
    }

    #[test]
    fn empty_query_marks_nothing() {
        assert_eq!(snippet("", "Fiber & <b>"), "Fiber &amp; &lt;b&gt;");
    }

    #[test]
    fn long_text_is_cut_around_the_first_match() {
        let text = format!(
            "{} torrinstallationer {}",
            "början ".repeat(60),
            "slut ".repeat(80)
        );
        let html = snippet("torrinstallation", &text);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>torrinstallationer</mark>"), "{html}");
        let visible = html.replace("<mark>", "").replace("</mark>", "");
        assert!(
            visible.chars().count() <= MAX_SNIPPET_CHARS + 2,
            "{visible}"
        );
        assert!(
            !visible.contains("börj ") && !visible.contains(" sl…"),
            "cut mid-word: {visible}"
        );
    }
}
