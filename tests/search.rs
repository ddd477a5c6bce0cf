//! Searching the seed corpus through the library: Swedish analysis, query language,
//! filters, facets, order and snippets.

use indexer::{Date, Hit, IndexView, SearchRequest, SearchResults, Sort};

use crate::support;

#[expect(
    clippy::needless_pass_by_value,
    reason = "tests build their requests inline"
)]
fn search(index: &IndexView, request: SearchRequest) -> SearchResults {
    index.search(&request).expect("search succeeds")
}

fn text(query: &str) -> SearchResults {
    search(&support::seed().index, SearchRequest::new(query))
}

fn texts(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.text.as_str()).collect()
}

fn date(text: &str) -> Option<Date> {
    Some(text.parse().expect("a valid date"))
}

/// Every finding of an index, following pages.
fn all(index: &IndexView, request: &SearchRequest) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut request = SearchRequest {
        limit: indexer::MAX_LIMIT,
        ..request.clone()
    };
    loop {
        let page = search(index, request.clone());
        hits.extend(page.hits);
        request.offset += request.limit;
        if request.offset >= page.total {
            return hits;
        }
    }
}

#[test]
fn both_forms_of_the_law_find_the_sormland_statements() {
    for query in ["utbyggnadslagen", "utbyggnadslag", "Utbyggnadslagen"] {
        let results = text(query);
        assert_eq!(results.total, 2, "{query}: {:?}", texts(&results));
        for hit in &results.hits {
            assert_eq!(hit.source, "sormland");
            assert!(
                hit.text.to_lowercase().contains("utbyggnadslagen"),
                "{}",
                hit.text
            );
        }
    }
}

#[test]
fn singular_finds_torrinstallationer() {
    let results = text("torrinstallation");
    assert_eq!(results.total, 1);
    assert!(results.hits[0].text.contains("undvika torrinstallationer"));
    assert_eq!(
        results.hits[0]
            .snippet
            .matches("<mark>torrinstallationer</mark>")
            .count(),
        1
    );
}

#[test]
fn exact_form_ranks_above_stem_only_matches() {
    let results = text("kommunerna");
    let has_exact = |hit: &Hit| {
        hit.text
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "kommunerna")
    };
    let first_stem_only = results
        .hits
        .iter()
        .position(|hit| !has_exact(hit))
        .expect("stem-only hits exist");
    assert!(first_stem_only > 0, "an exact hit comes first");
    assert!(
        results.hits[first_stem_only..]
            .iter()
            .all(|hit| !has_exact(hit)),
        "{:#?}",
        texts(&results)
    );
    assert!(
        results.hits[first_stem_only..]
            .iter()
            .any(|hit| hit.text.contains("kommuner ")),
        "stems match too"
    );
}

#[test]
fn all_words_are_required() {
    let both = text("operatörerna kommunerna");
    assert!(both.total >= 1);
    for hit in &both.hits {
        let lower = hit.text.to_lowercase();
        assert!(
            lower.contains("operatör") && lower.contains("kommun"),
            "{}",
            hit.text
        );
    }
    assert!(both.total < text("operatörerna").total);
}

#[test]
fn quotes_make_a_phrase() {
    let phrase = text("\"lokal nivå\"");
    assert_eq!(
        texts(&phrase),
        [
            "Det krävs en flexibilitet på lokal nivå och en förståelse för att nationella villkor kan vara en ram, men i grund och botten ska det anläggas lokalt."
        ]
    );
    assert!(
        text("\"nivå lokal\"").total == 0,
        "word order matters in a phrase"
    );
    let stop_words_kept = text("\"var god dröj\"");
    assert_eq!(stop_words_kept.total, 1);
    assert_eq!(
        stop_words_kept.hits[0].snippet,
        "Digitalisering <mark>var</mark> <mark>god</mark> <mark>dröj</mark>"
    );
}

#[test]
fn minus_excludes_and_or_widens() {
    let operators = text("operatörerna");
    let without = text("operatörerna -kommunen");
    assert!(without.total < operators.total);
    let inflections = ["kommun", "kommunen", "kommuner", "kommunerna"];
    for hit in &without.hits {
        let lower = hit.text.to_lowercase();
        assert!(
            !lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| inflections.contains(&word)),
            "{}",
            hit.text
        );
    }
    let either = text("torrinstallationer OR utbyggnadslagen");
    assert_eq!(either.total, 3);
}

#[test]
fn user_text_is_never_an_error() {
    for query in [
        "\"",
        "-",
        "OR",
        "((",
        "a:b",
        "*",
        "\"unclosed phrase",
        "-\"\"",
        "🙂",
        "och",
        "   ",
    ] {
        let results = support::seed().index.search(&SearchRequest::new(query));
        assert!(results.is_ok(), "{query:?}: {results:?}");
    }
    assert!(
        text("och").total > 0,
        "a query of stop words still matches their exact form"
    );
    assert_eq!(
        text("?!").total,
        0,
        "punctuation asks for nothing that exists"
    );
    let without = text("-kommun");
    assert!(without.total > 0 && (without.total as u64) < support::seed().index.finding_count());
    let forms = [
        "kommun",
        "kommunen",
        "kommuner",
        "kommunerna",
        "kommunens",
        "kommunernas",
    ];
    for hit in all(&support::seed().index, &SearchRequest::new("-kommun")) {
        let lower = hit.text.to_lowercase();
        assert!(
            !lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| forms.contains(&word)),
            "{}",
            hit.text
        );
    }
}

#[test]
fn empty_query_lists_everything_newest_first() {
    let index = &support::with_fixtures().index;
    let everything = all(index, &SearchRequest::default());
    assert_eq!(everything.len() as u64, index.finding_count());
    let dates: Vec<Option<Date>> = everything.iter().map(|hit| hit.date).collect();
    assert!(
        dates.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );
    assert_eq!(everything[0].date, date("2017-03-29"));
    let first_of_2016 = everything
        .iter()
        .position(|hit| hit.date == date("2016-12-02"))
        .unwrap();
    // On the same date the statements lead, then the headings and agenda items, each part
    // in document order.
    let day: Vec<&Hit> = everything[first_of_2016..].iter().collect();
    let words = |hit: &Hit| {
        hit.text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .count()
    };
    let statements = day.iter().take_while(|hit| words(hit) >= 4).count();
    assert!(
        statements > 0 && statements < day.len(),
        "both kinds on the day"
    );
    assert!(
        day[statements..].iter().all(|hit| words(hit) < 4),
        "short findings after every statement: {:?}",
        day[statements..]
            .iter()
            .map(|h| &h.text)
            .collect::<Vec<_>>()
    );
    for part in [&day[..statements], &day[statements..]] {
        assert!(
            part.windows(2)
                .all(|pair| (pair[0].section, pair[0].number) < (pair[1].section, pair[1].number)),
            "same date and kind: document order"
        );
    }
}

#[test]
fn date_sorts_order_by_date_both_ways() {
    let index = &support::with_fixtures().index;
    let request = |sort| SearchRequest {
        text: "landsbygden".into(),
        sort,
        ..SearchRequest::default()
    };
    let newest = search(index, request(Sort::DateDesc));
    let oldest = search(index, request(Sort::DateAsc));
    assert_eq!(newest.hits.first().unwrap().date, date("2017-03-29"));
    assert_eq!(oldest.hits.first().unwrap().date, date("2016-12-02"));
    assert!(newest.hits.iter().all(|hit| hit.score.is_none()));
    assert_eq!(newest.total, oldest.total);
}

#[test]
fn source_filter_returns_only_that_source() {
    let index = &support::seed().index;
    let sormland = all(
        index,
        &SearchRequest {
            sources: vec!["sormland".into()],
            ..SearchRequest::default()
        },
    );
    assert!(!sormland.is_empty());
    assert!(sormland.iter().all(|hit| hit.source == "sormland"));
    assert!(sormland.iter().all(|hit| (13..=17).contains(&hit.section)));
    let unfiltered = search(index, SearchRequest::default());
    let count = unfiltered
        .facets
        .source
        .iter()
        .find(|f| f.value == "sormland")
        .unwrap()
        .count;
    assert_eq!(sormland.len() as u64, count);
}

#[test]
fn filters_or_within_a_kind_and_across_kinds() {
    let index = &support::seed().index;
    let count = |areas: &[&str], sources: &[&str]| {
        let request = SearchRequest {
            areas: areas.iter().map(|&a| a.to_owned()).collect(),
            sources: sources.iter().map(|&s| s.to_owned()).collect(),
            ..SearchRequest::default()
        };
        all(index, &request)
    };
    let fiber = count(&["fiber"], &[]);
    let landsbygd = count(&["landsbygd"], &[]);
    let either = count(&["fiber", "landsbygd"], &[]);
    let both = fiber
        .iter()
        .filter(|hit| hit.areas.contains(&"landsbygd".to_owned()))
        .count();
    assert_eq!(either.len(), fiber.len() + landsbygd.len() - both);
    let fiber_in_sormland = count(&["fiber"], &["sormland"]);
    assert!(
        fiber_in_sormland
            .iter()
            .all(|hit| hit.source == "sormland" && hit.areas.contains(&"fiber".to_owned()))
    );
    assert!(fiber_in_sormland.len() < fiber.len());
}

#[test]
fn date_range_outside_2016_returns_nothing() {
    let index = &support::seed().index;
    let range = |from: &str, to: &str| SearchRequest {
        from: date(from),
        to: date(to),
        ..SearchRequest::default()
    };
    assert_eq!(search(index, range("2017-01-01", "2030-12-31")).total, 0);
    assert_eq!(search(index, range("1990-01-01", "2016-12-01")).total, 0);
    assert_eq!(
        search(index, range("2016-12-02", "2016-12-02")).total as u64,
        index.finding_count()
    );
    let open_ended = SearchRequest {
        from: date("2016-12-03"),
        ..SearchRequest::default()
    };
    assert_eq!(search(index, open_ended).total, 0);
}

#[test]
fn facet_counts_agree_with_the_hits() {
    let index = &support::with_fixtures().index;
    for query in ["", "fiber", "kommunerna", "bredbandssamordnare"] {
        let results = search(index, SearchRequest::new(query));
        let total = results.total as u64;
        let sum = |counts: &[indexer::FacetCount]| counts.iter().map(|c| c.count).sum::<u64>();
        assert_eq!(
            sum(&results.facets.source),
            total,
            "{query}: one source per finding"
        );
        assert_eq!(
            sum(&results.facets.year),
            total,
            "{query}: one year per finding"
        );
        for area in &results.facets.area {
            let filtered = SearchRequest {
                text: query.into(),
                areas: vec![area.value.clone()],
                ..SearchRequest::default()
            };
            assert_eq!(
                search(index, filtered).total as u64,
                area.count,
                "{query}: area {}",
                area.value
            );
        }
    }
}

#[test]
fn a_filtered_dimension_still_counts_its_other_values() {
    let index = &support::seed().index;
    let unfiltered = search(index, SearchRequest::default());
    let filtered = search(
        index,
        SearchRequest {
            areas: vec!["landsbygd".into()],
            ..SearchRequest::default()
        },
    );
    assert_eq!(
        filtered.facets.area,
        unfiltered
            .facets
            .area
            .iter()
            .map(|f| indexer::FacetCount {
                selected: f.value == "landsbygd",
                ..f.clone()
            })
            .collect::<Vec<_>>()
    );
    let landsbygd = filtered
        .facets
        .area
        .iter()
        .find(|f| f.value == "landsbygd")
        .unwrap();
    assert_eq!(landsbygd.count, filtered.total as u64);
    assert_eq!(
        filtered.facets.source.iter().map(|f| f.count).sum::<u64>(),
        filtered.total as u64
    );
}

#[test]
fn english_findings_get_english_stemming() {
    let index = &support::with_fixtures().index;
    let results = search(index, SearchRequest::new("network"));
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.language, indexer::Language::English);
    assert!(
        hit.snippet.contains("<mark>networks</mark>"),
        "{}",
        hit.snippet
    );
    assert_eq!(hit.areas, ["mobilitet-iot"]);
}

#[test]
fn snippets_escape_document_text() {
    let index = &support::with_fixtures().index;
    let results = search(index, SearchRequest::new("xss"));
    assert_eq!(results.total, 1);
    let snippet = &results.hits[0].snippet;
    assert!(!snippet.contains("<script"), "{snippet}");
    assert!(
        snippet.contains("&lt;script&gt;alert(\"<mark>xss</mark>\")&lt;/script&gt;"),
        "{snippet}"
    );
    assert!(snippet.contains("&amp; &lt; &gt;"), "{snippet}");
}

#[test]
fn paging_walks_one_ordered_list() {
    let index = &support::seed().index;
    let page = |offset| {
        search(
            index,
            SearchRequest {
                text: "kommun".into(),
                limit: 5,
                offset,
                ..SearchRequest::default()
            },
        )
    };
    let whole = search(
        index,
        SearchRequest {
            text: "kommun".into(),
            limit: 15,
            ..SearchRequest::default()
        },
    );
    let paged: Vec<String> = [0, 5, 10]
        .into_iter()
        .flat_map(|offset| page(offset).hits)
        .map(|hit| hit.id)
        .collect();
    let ids: Vec<String> = whole.hits.into_iter().map(|hit| hit.id).collect();
    assert_eq!(paged, ids);
    let again: Vec<String> = search(
        index,
        SearchRequest {
            text: "kommun".into(),
            limit: 15,
            ..SearchRequest::default()
        },
    )
    .hits
    .into_iter()
    .map(|hit| hit.id)
    .collect();
    assert_eq!(again, ids, "the order is deterministic");
}

#[test]
fn a_synonym_phrase_never_marks_its_stop_words() {
    // The thesaurus lists "lagen om åtgärder för utbyggnad av bredbandsnät" for the law.
    let results = text("utbyggnadslagen");
    assert!(results.total > 0);
    let snippets: Vec<String> = results
        .hits
        .iter()
        .map(|hit| hit.snippet.to_lowercase())
        .collect();
    assert!(
        snippets
            .iter()
            .any(|s| s.contains("<mark>utbyggnadslagen</mark>")),
        "{snippets:?}"
    );
    for stop in ["om", "för", "av"] {
        let marked = format!("<mark>{stop}</mark>");
        assert!(
            snippets.iter().all(|s| !s.contains(&marked)),
            "{marked} in {snippets:?}"
        );
    }
}

#[test]
fn compound_parts_typos_and_synonyms_rank_below_the_word_itself() {
    let results = text("samordnare");
    assert!(
        results.total >= 8,
        "every bredbandssamordnare compound is found"
    );
    assert!(
        results
            .hits
            .iter()
            .any(|hit| hit.snippet.contains("<mark>Bredbandssamordnarna</mark>"))
    );
    let typo = text("utbygnadslagen");
    assert_eq!(typo.total, 2, "one typo still finds the law");
    assert!(typo.hits.iter().all(|hit| {
        hit.snippet
            .to_lowercase()
            .contains("<mark>utbyggnadslagen</mark>")
    }));
    let misspelt = text("komunerna");
    assert!(misspelt.total >= 20, "a typo finds every form of kommun");
    assert!(
        misspelt
            .hits
            .iter()
            .all(|hit| hit.snippet.contains("<mark>")),
        "every near miss is marked"
    );
    let short = text("lga");
    assert_eq!(short.total, 0, "short words get no typo allowance");
    let abbreviation = text("AG");
    let long = text("arbetsgruppen");
    let ids = |results: &SearchResults| {
        results
            .hits
            .iter()
            .map(|h| h.id.clone())
            .collect::<std::collections::HashSet<_>>()
    };
    assert_eq!(
        abbreviation.total, long.total,
        "the thesaurus works both ways"
    );
    assert_eq!(ids(&abbreviation), ids(&long));
    assert!(
        long.hits[0].text.to_lowercase().contains("arbetsgrupp"),
        "the word itself ranks first"
    );
}

#[test]
fn filters_can_be_written_in_the_query() {
    let written = text("fiber källa:sormland");
    let given = search(
        &support::seed().index,
        SearchRequest {
            text: "fiber".into(),
            sources: vec!["sormland".into()],
            ..SearchRequest::default()
        },
    );
    assert_eq!(written.total, given.total);
    assert_eq!(written.request.sources, ["sormland"]);
    assert!(
        written
            .facets
            .source
            .iter()
            .any(|f| f.value == "sormland" && f.selected)
    );
    let unknown = support::seed()
        .index
        .search(&SearchRequest::new("fiber area:skogsbruk"));
    assert!(
        matches!(
            unknown,
            Err(indexer::Error::Query(indexer::QueryError::UnknownArea(ref slug))) if slug == "skogsbruk"
        ),
        "an unknown area in the text is the same mistake as in the filter: {unknown:?}"
    );
}

#[test]
fn every_form_of_hinder_finds_the_others() {
    for form in ["hinder", "hindret", "hindren", "hindrens"] {
        let results = text(form);
        let texts: Vec<&str> = results.hits.iter().map(|hit| hit.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("hindret"))
                && texts.iter().any(|t| t.contains("hindren")),
            "{form}: {texts:?}"
        );
    }
}

/// A near miss keeps its first letter: `operatörrena` finds `operatörerna`, a slip of the
/// first key does not (the automaton walks that letter's branch of the dictionary alone).
#[test]
fn near_misses_keep_the_first_letter() {
    let index = &support::seed().index;
    let total = |text: &str| search(index, SearchRequest::new(text)).total;
    assert!(total("operatörrena") > 0);
    assert_eq!(total("aperatörerna"), 0);
}

#[test]
fn swedish_operators_mean_what_the_english_ones_do() {
    let ids =
        |query: &str| -> Vec<String> { text(query).hits.iter().map(|h| h.id.clone()).collect() };
    let either = ids("fiber OR 5G");
    assert!(either.len() >= ids("fiber").len().max(2), "{either:?}");
    assert_eq!(ids("fiber ELLER 5G"), either);
    assert_eq!(ids("operatörer INTE kommun"), ids("operatörer -kommun"));
    assert_eq!(ids("fiber OCH kommun"), ids("fiber kommun"));
}

#[test]
fn words_that_find_nothing_together_are_counted_alone_and_partly_matched() {
    let together = text("kommunal roll");
    assert_eq!(together.total, 0);
    let counts: Vec<(String, Option<usize>)> = together
        .help
        .words
        .iter()
        .map(|word| (word.word.clone(), word.findings))
        .collect();
    let alone = |word: &str| Some(text(word).total);
    assert_eq!(
        counts,
        [
            ("kommunal".to_owned(), alone("kommunal")),
            ("roll".to_owned(), alone("roll"))
        ]
    );
    let partial = together
        .help
        .partial
        .expect("findings with some of the words");
    assert!(partial.total >= alone("kommunal").unwrap().max(alone("roll").unwrap()));
    assert!(!partial.hits.is_empty());
}

#[test]
fn a_word_that_finds_nothing_is_corrected_to_the_index_s_own_word() {
    let misspelt = text("fibr");
    assert_eq!(misspelt.total, 0);
    let correction = misspelt.help.did_you_mean.expect("a correction");
    assert_eq!(correction.text, "fiber");
    assert_eq!(
        correction.total,
        text("fiber").total,
        "the count is what its search gives"
    );
}

#[test]
fn a_forgiven_typo_says_which_word_was_searched() {
    let results = text("utbygnadslagen");
    assert!(results.total > 0);
    assert_eq!(
        results.help.words[0].searched_as.as_deref(),
        Some("utbyggnadslagen")
    );
    assert_eq!(text("utbyggnadslagen").help.words[0].searched_as, None);
    let plenty = text("kommun");
    assert!(plenty.total >= indexer::HELP_BELOW);
    assert_eq!(
        plenty.help.words[0].findings, None,
        "enough found: nothing counted"
    );
}

#[test]
fn near_misses_are_looked_for_in_the_first_four_unknown_words_only() {
    // Six misspelt words of the seed, each forgiven when searched alone.
    let typos = [
        "utbygnadslagen",
        "torinstallationer",
        "styrgrupen",
        "arbetsgrupen",
        "bredbandsstrategn",
        "regerngen",
    ];
    for typo in typos {
        let alone = text(typo);
        assert!(
            alone.help.words[0].searched_as.is_some(),
            "{typo} alone is forgiven"
        );
    }
    let together = text(&typos.join(" "));
    let forgiven: Vec<bool> = together
        .help
        .words
        .iter()
        .map(|word| word.searched_as.is_some())
        .collect();
    assert_eq!(forgiven, [true, true, true, true, false, false]);

    // A word typed twice is one word of the query, and costs one near miss.
    let repeated = text("utbygnadslagen utbygnadslagen");
    assert_eq!(repeated.help.words.len(), 1);
    assert_eq!(repeated.total, text("utbygnadslagen").total);
}
