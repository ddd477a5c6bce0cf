//! The thesaurus as a lookup table for queries: a normalised term → the other terms of its
//! groups. Normalising both sides with the Swedish chain makes `arbetsgruppens` match the
//! entry `arbetsgruppen`.

use std::collections::HashMap;

use crate::corpus::Thesaurus;

/// The most alternatives one term expands to, its own group's first. Each is searched with
/// its forms and compound parts, so a thesaurus group of hundreds of terms (a list of every
/// municipality, say) would make one word of a query cost hundreds; past this many, the
/// extra alternatives are dropped, as Elasticsearch's `max_clause_count` bounds expansions.
pub(crate) const MAX_ALTERNATIVES: usize = 16;

/// Alternatives per normalised term.
#[derive(Debug, Clone, Default)]
pub(crate) struct Synonyms {
    alternatives: HashMap<String, Vec<String>>,
    max_words: usize,
}

impl Synonyms {
    /// Indexes a thesaurus; `key` normalises a term (the same way queries are normalised).
    pub(crate) fn new(thesaurus: &Thesaurus, mut key: impl FnMut(&str) -> String) -> Self {
        let mut alternatives: HashMap<String, Vec<String>> = HashMap::new();
        let mut max_words = 1;
        for group in &thesaurus.groups {
            let keyed: Vec<(String, &String)> = group
                .terms
                .iter()
                .map(|term| (key(term), term))
                .filter(|(key, _)| !key.is_empty())
                .collect();
            for (own_key, own_term) in &keyed {
                max_words = max_words.max(own_term.split_whitespace().count());
                let entry = alternatives.entry(own_key.clone()).or_default();
                for (other_key, other_term) in &keyed {
                    if entry.len() < MAX_ALTERNATIVES
                        && other_key != own_key
                        && !entry.contains(other_term)
                    {
                        entry.push((*other_term).clone());
                    }
                }
            }
        }
        Self {
            alternatives,
            max_words,
        }
    }

    /// Whether a normalised term is in the thesaurus.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.alternatives.contains_key(key)
    }

    /// The other terms of a normalised term's groups.
    pub(crate) fn alternatives(&self, key: &str) -> &[String] {
        self.alternatives.get(key).map_or(&[], Vec::as_slice)
    }

    /// The most words in one term: how far a query must look for multi-word terms.
    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SynonymGroup;

    fn thesaurus() -> Thesaurus {
        Thesaurus {
            groups: vec![
                SynonymGroup {
                    terms: vec!["AG".into(), "arbetsgruppen".into()],
                    note: String::new(),
                },
                SynonymGroup {
                    terms: vec![
                        "ref grupp".into(),
                        "referensgruppen".into(),
                        "referensgrupp".into(),
                    ],
                    note: String::new(),
                },
            ],
        }
    }

    #[test]
    fn alternatives_go_both_ways() {
        let synonyms = Synonyms::new(&thesaurus(), str::to_lowercase);
        assert_eq!(synonyms.alternatives("ag"), ["arbetsgruppen"]);
        assert_eq!(synonyms.alternatives("arbetsgruppen"), ["AG"]);
        assert_eq!(
            synonyms.alternatives("ref grupp"),
            ["referensgruppen", "referensgrupp"]
        );
        assert!(synonyms.alternatives("fiber").is_empty());
        assert_eq!(synonyms.max_words(), 2);
    }

    #[test]
    fn a_huge_group_expands_to_a_bounded_number_of_alternatives() {
        let terms: Vec<String> = (0..200).map(|n| format!("kommun{n}")).collect();
        let thesaurus = Thesaurus {
            groups: vec![SynonymGroup {
                terms: terms.clone(),
                note: String::new(),
            }],
        };
        let synonyms = Synonyms::new(&thesaurus, str::to_owned);
        for term in [&terms[0], &terms[199]] {
            let alternatives = synonyms.alternatives(term);
            assert_eq!(alternatives.len(), MAX_ALTERNATIVES, "{term}");
            assert!(!alternatives.contains(term));
        }
        assert_eq!(
            synonyms.alternatives("kommun0")[0],
            "kommun1",
            "listed order"
        );
    }

    #[test]
    fn terms_with_the_same_key_are_one_entry() {
        let synonyms = Synonyms::new(&thesaurus(), |term| {
            term.to_lowercase().trim_end_matches("en").to_owned()
        });
        assert_eq!(synonyms.alternatives("referensgrupp"), ["ref grupp"]);
    }
}
