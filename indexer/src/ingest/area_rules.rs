//! Areas assigned by rule: each area's `keywords` in `areas.toml`, matched through the same
//! Swedish analysis as search, so that inflections and compound parts count. Used only for
//! findings whose document, section and finding set no areas themselves: a manual tag wins.

use std::collections::HashSet;

use crate::analysis::{parts_analyzer, stemming_analyzer, tokens};
use crate::corpus::{Language, Taxonomy};

/// The compiled keywords of every area.
pub(crate) struct AreaRules {
    /// Per area: its slug and, per keyword, the terms that must all occur.
    rules: Vec<(String, Vec<Vec<String>>)>,
}

impl AreaRules {
    pub(crate) fn new(taxonomy: &Taxonomy) -> Self {
        let mut analyzer = stemming_analyzer(Language::Swedish);
        let rules = taxonomy
            .areas
            .iter()
            .map(|area| {
                let keywords = area
                    .keywords
                    .iter()
                    .map(|keyword| {
                        tokens(&mut analyzer, keyword)
                            .into_iter()
                            .map(|t| t.text)
                            .collect::<Vec<_>>()
                    })
                    .filter(|terms| !terms.is_empty())
                    .collect();
                (area.slug.clone(), keywords)
            })
            .collect();
        Self { rules }
    }

    /// The areas whose keywords a text contains, in taxonomy order.
    pub(crate) fn areas(&self, text: &str) -> Vec<String> {
        if self.rules.iter().all(|(_, keywords)| keywords.is_empty()) {
            return Vec::new();
        }
        let mut terms: HashSet<String> = HashSet::new();
        for mut analyzer in [stemming_analyzer(Language::Swedish), parts_analyzer()] {
            terms.extend(tokens(&mut analyzer, text).into_iter().map(|t| t.text));
        }
        self.rules
            .iter()
            .filter(|(_, keywords)| {
                keywords
                    .iter()
                    .any(|keyword| keyword.iter().all(|term| terms.contains(term)))
            })
            .map(|(slug, _)| slug.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn rules() -> AreaRules {
        let taxonomy = Taxonomy::parse(
            "[[area]]\nslug = \"fiber\"\nlabel = \"Fiber\"\ndescription = \"\"\nkeywords = [\"fiber\", \"torrinstallation\"]\n\
             [[area]]\nslug = \"mobilitet-iot\"\nlabel = \"M\"\ndescription = \"\"\nkeywords = [\"IoT\", \"sakernas internet\"]\n\
             [[area]]\nslug = \"landsbygd\"\nlabel = \"L\"\ndescription = \"\"\n",
            Path::new("areas.toml"),
            "default = \"p\"\n[[source]]\nslug = \"p\"\nlabel = \"P\"\ndescription = \"\"\n",
            Path::new("sources.toml"),
        )
        .unwrap();
        AreaRules::new(&taxonomy)
    }

    #[test]
    fn keywords_match_inflections_and_compound_parts() {
        let rules = rules();
        assert_eq!(
            rules.areas("Undvika torrinstallationer i nätet."),
            ["fiber"]
        );
        assert_eq!(rules.areas("Fiberföreningen bygger."), ["fiber"]);
        assert_eq!(rules.areas("Sakernas internet och mer"), ["mobilitet-iot"]);
        assert_eq!(
            rules.areas("Internet på landsbygden"),
            Vec::<String>::new(),
            "every word of a keyword"
        );
        assert_eq!(rules.areas("Kommunledningen"), Vec::<String>::new());
    }
}
