//! A reader for the subset of Hunspell's `.aff`/`.dic` format that the Swedish dictionary
//! uses: suffix and prefix rules with conditions and continuation classes, and the compound
//! flags. It expands every dictionary entry into all its word forms, each with the lemma it
//! came from and where it may stand in a compound.
//!
//! This file is compiled twice: into the crate (where its tests run) and into `build.rs`,
//! which turns the expansion into the FST the analyzer reads. It therefore uses only `std`.
//!
//! Format reference: `man 5 hunspell`.

use std::collections::HashMap;

/// Bit set of what a word form may do.
pub type FormFlags = u8;
/// The form may be the first part of a compound.
pub const BEGIN: FormFlags = 1;
/// The form may be a middle part of a compound.
pub const MIDDLE: FormFlags = 2;
/// The form may be the last part of a compound.
pub const END: FormFlags = 4;
/// The form is a word on its own (not only inside compounds).
pub const STANDALONE: FormFlags = 8;
/// The form belongs to an adjective (its entry has one of [`Affixes::set_adjective_classes`]).
pub const ADJECTIVE: FormFlags = 16;

/// One word form produced by expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The form, lower case.
    pub text: String,
    /// The dictionary entry it came from, lower case.
    pub lemma: String,
    /// What the form may do.
    pub flags: FormFlags,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Prefix,
    Suffix,
}

/// One character position of a rule condition.
#[derive(Debug, Clone)]
enum CharClass {
    Any,
    Is(char),
    OneOf(Vec<char>),
    NoneOf(Vec<char>),
}

impl CharClass {
    fn matches(&self, c: char) -> bool {
        match self {
            Self::Any => true,
            Self::Is(expected) => c == *expected,
            Self::OneOf(set) => set.contains(&c),
            Self::NoneOf(set) => !set.contains(&c),
        }
    }
}

#[derive(Debug, Clone)]
struct Rule {
    strip: String,
    add: String,
    continuation: Vec<char>,
    condition: Vec<CharClass>,
}

#[derive(Debug, Clone)]
struct AffixClass {
    kind: Kind,
    cross_product: bool,
    rules: Vec<Rule>,
}

/// The parsed `.aff` file.
#[derive(Debug, Default)]
pub struct Affixes {
    classes: HashMap<char, AffixClass>,
    compound_begin: Option<char>,
    compound_middle: Option<char>,
    compound_end: Option<char>,
    only_in_compound: Option<char>,
    need_affix: Option<char>,
    forbidden: Option<char>,
    adjective_classes: Vec<char>,
}

/// A malformed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffixError {
    /// 1-based line in the `.aff` file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for AffixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn single_flag(value: Option<&str>) -> Option<char> {
    let mut chars = value?.chars();
    let flag = chars.next()?;
    chars.next().is_none().then_some(flag)
}

fn parse_condition(text: &str) -> Result<Vec<CharClass>, String> {
    if text == "." {
        return Ok(Vec::new());
    }
    let mut classes = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        classes.push(match c {
            '.' => CharClass::Any,
            '[' => {
                let mut set = Vec::new();
                let mut negated = false;
                let mut closed = false;
                for (index, member) in chars.by_ref().enumerate() {
                    match member {
                        '^' if index == 0 => negated = true,
                        ']' => {
                            closed = true;
                            break;
                        }
                        other => set.push(other),
                    }
                }
                if !closed {
                    return Err(format!("unclosed `[` in condition `{text}`"));
                }
                if negated {
                    CharClass::NoneOf(set)
                } else {
                    CharClass::OneOf(set)
                }
            }
            other => CharClass::Is(other),
        });
    }
    Ok(classes)
}

impl Affixes {
    /// Parses the text of an `.aff` file (UTF-8, single-character flags).
    ///
    /// # Errors
    /// A rule line that cannot be read.
    pub fn parse(text: &str) -> Result<Self, AffixError> {
        let mut affixes = Self::default();
        for (index, line) in text.lines().enumerate() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let error = |message: String| AffixError {
                line: index + 1,
                message,
            };
            match fields.first().copied() {
                Some("COMPOUNDBEGIN") => {
                    affixes.compound_begin = single_flag(fields.get(1).copied())
                }
                Some("COMPOUNDMIDDLE") => {
                    affixes.compound_middle = single_flag(fields.get(1).copied())
                }
                Some("COMPOUNDEND") => affixes.compound_end = single_flag(fields.get(1).copied()),
                Some("ONLYINCOMPOUND") => {
                    affixes.only_in_compound = single_flag(fields.get(1).copied())
                }
                Some("NEEDAFFIX") => affixes.need_affix = single_flag(fields.get(1).copied()),
                Some("FORBIDDENWORD") => affixes.forbidden = single_flag(fields.get(1).copied()),
                Some(keyword @ ("SFX" | "PFX")) => {
                    let kind = if keyword == "SFX" {
                        Kind::Suffix
                    } else {
                        Kind::Prefix
                    };
                    let flag = single_flag(fields.get(1).copied())
                        .ok_or_else(|| error(format!("`{keyword}` needs a one-character flag")))?;
                    if fields.len() == 4 {
                        // Header: SFX flag cross_product count
                        affixes.classes.insert(
                            flag,
                            AffixClass {
                                kind,
                                cross_product: fields[2] == "Y",
                                rules: Vec::new(),
                            },
                        );
                        continue;
                    }
                    if fields.len() < 5 {
                        return Err(error(format!(
                            "`{keyword}` rule needs strip, add and condition"
                        )));
                    }
                    let class = affixes.classes.get_mut(&flag).ok_or_else(|| {
                        error(format!("rule for flag `{flag}` before its header"))
                    })?;
                    let (add, continuation) = fields[3].split_once('/').unwrap_or((fields[3], ""));
                    let zero_is_empty = |text: &str| {
                        if text == "0" {
                            String::new()
                        } else {
                            text.to_owned()
                        }
                    };
                    class.rules.push(Rule {
                        strip: zero_is_empty(fields[2]),
                        add: zero_is_empty(add),
                        continuation: continuation.chars().collect(),
                        condition: parse_condition(fields[4]).map_err(error)?,
                    });
                }
                _ => {}
            }
        }
        Ok(affixes)
    }

    /// Names the affix classes that only adjectives take (the `.aff` format has no parts of
    /// speech; in `sv_SE` the comparison classes `O` and `P` mark adjectives).
    pub fn set_adjective_classes(&mut self, classes: &[char]) {
        self.adjective_classes = classes.to_vec();
    }

    /// Every form of one dictionary entry (`word` with its flags), in no particular order.
    pub fn expand(&self, word: &str, flags: &str) -> Vec<Form> {
        let flags: Vec<char> = flags.chars().collect();
        let has = |flag: Option<char>| flag.is_some_and(|f| flags.contains(&f));
        let mut forms = Vec::new();
        if has(self.forbidden) {
            return forms;
        }
        let lemma = word.to_lowercase();
        let adjective = if flags
            .iter()
            .any(|flag| self.adjective_classes.contains(flag))
        {
            ADJECTIVE
        } else {
            0
        };
        let root_flags = self.compound_flags(&flags, !has(self.need_affix)) | adjective;
        // Inflected forms (no compound flags of their own) may end a compound when the
        // entry may, as Hunspell allows affixes on the last part.
        let inflected_flags = STANDALONE | adjective | if has(self.compound_end) { END } else { 0 };
        if !has(self.need_affix) {
            forms.push(Form {
                text: lemma.clone(),
                lemma: lemma.clone(),
                flags: root_flags,
            });
        }
        for &flag in &flags {
            let Some(class) = self.classes.get(&flag) else {
                continue;
            };
            for rule in &class.rules {
                let Some(text) = apply(class.kind, rule, &lemma) else {
                    continue;
                };
                let own = self.rule_flags(rule, inflected_flags);
                // Twofold affixes: the continuation classes apply to the new form.
                for &next in &rule.continuation {
                    let Some(next_class) = self.classes.get(&next) else {
                        continue;
                    };
                    if next_class.kind == Kind::Prefix
                        && !(class.cross_product && next_class.cross_product)
                    {
                        continue;
                    }
                    for next_rule in &next_class.rules {
                        if let Some(twice) = apply(next_class.kind, next_rule, &text) {
                            forms.push(Form {
                                text: twice,
                                lemma: lemma.clone(),
                                flags: self.rule_flags(next_rule, inflected_flags) | adjective,
                            });
                        }
                    }
                }
                forms.push(Form {
                    text,
                    lemma: lemma.clone(),
                    flags: own | adjective,
                });
            }
        }
        forms
    }

    fn compound_flags(&self, flags: &[char], standalone: bool) -> FormFlags {
        let has = |flag: Option<char>| flag.is_some_and(|f| flags.contains(&f));
        let mut out = 0;
        if has(self.compound_begin) {
            out |= BEGIN;
        }
        if has(self.compound_middle) {
            out |= MIDDLE;
        }
        if has(self.compound_end) {
            out |= END;
        }
        if standalone && !has(self.only_in_compound) {
            out |= STANDALONE;
        }
        out
    }

    /// A rule's compound flags when its continuation names any, else those of an inflection.
    fn rule_flags(&self, rule: &Rule, inflected: FormFlags) -> FormFlags {
        let compound_markers = [
            self.compound_begin,
            self.compound_middle,
            self.compound_end,
            self.only_in_compound,
        ];
        let marks_compounds = compound_markers
            .iter()
            .flatten()
            .any(|flag| rule.continuation.contains(flag));
        if marks_compounds {
            self.compound_flags(&rule.continuation, true)
        } else {
            inflected
        }
    }
}

fn apply(kind: Kind, rule: &Rule, word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let condition_holds = match kind {
        Kind::Suffix => {
            chars.len() >= rule.condition.len()
                && rule
                    .condition
                    .iter()
                    .zip(&chars[chars.len() - rule.condition.len()..])
                    .all(|(class, &c)| class.matches(c))
        }
        Kind::Prefix => {
            chars.len() >= rule.condition.len()
                && rule
                    .condition
                    .iter()
                    .zip(&chars)
                    .all(|(class, &c)| class.matches(c))
        }
    };
    if !condition_holds {
        return None;
    }
    match kind {
        Kind::Suffix => {
            let stem = word.strip_suffix(rule.strip.as_str())?;
            (!stem.is_empty() || !rule.add.is_empty()).then(|| format!("{stem}{}", rule.add))
        }
        Kind::Prefix => {
            let stem = word.strip_prefix(rule.strip.as_str())?;
            Some(format!("{}{stem}", rule.add))
        }
    }
}

/// The entries of a `.dic` file: `(word, flags)`, skipping the leading count line.
pub fn dictionary_entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .enumerate()
        .filter(|(index, line)| !(*index == 0 && line.trim().chars().all(|c| c.is_ascii_digit())))
        .map(|(_, line)| line.trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            // Morphological fields after a tab are not used.
            let entry = line.split('\t').next().unwrap_or(line);
            entry.split_once('/').unwrap_or((entry, ""))
        })
        .filter(|(word, _)| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const AFF: &str = "\
SET UTF-8
COMPOUNDBEGIN X
COMPOUNDMIDDLE U
COMPOUNDEND Y
ONLYINCOMPOUND Z
NEEDAFFIX ¤
FORBIDDENWORD %
COMPOUNDPERMITFLAG W
SFX D Y 2
SFX D 0 en [^a]
SFX D 0 nde a
SFX H Y 2
SFX H 0 er [^a]
SFX H 0 erna [^a]
SFX v N 2
SFX v a s/WXZ a
SFX v 0 s/WXZ [^a]
SFX T Y 3
SFX T 0 re a
SFX T 0 ren a
SFX T 0 rna a
SFX R Y 1
SFX R a ing/D a
";

    fn forms(word: &str, flags: &str) -> Vec<(String, FormFlags)> {
        let affixes = Affixes::parse(AFF).unwrap();
        let mut forms: Vec<(String, FormFlags)> = affixes
            .expand(word, flags)
            .into_iter()
            .map(|f| (f.text, f.flags))
            .collect();
        forms.sort();
        forms
    }

    #[test]
    fn expands_suffixes_with_conditions() {
        assert_eq!(
            forms("kommun", "DHXY"),
            [
                ("kommun".to_owned(), BEGIN | END | STANDALONE),
                ("kommunen".to_owned(), END | STANDALONE),
                ("kommuner".to_owned(), END | STANDALONE),
                ("kommunerna".to_owned(), END | STANDALONE),
            ]
        );
    }

    #[test]
    fn linking_forms_carry_their_compound_flags() {
        let expanded = forms("utbyggnad", "DvY");
        assert!(
            expanded.contains(&("utbyggnads".to_owned(), BEGIN)),
            "{expanded:?}"
        );
        assert!(
            expanded.contains(&("utbyggnaden".to_owned(), END | STANDALONE)),
            "{expanded:?}"
        );
    }

    #[test]
    fn derived_forms_keep_the_entry_as_lemma() {
        let affixes = Affixes::parse(AFF).unwrap();
        let expanded = affixes.expand("Samordna", "TY");
        let texts: Vec<&str> = expanded.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            ["samordna", "samordnare", "samordnaren", "samordnarna"]
        );
        assert!(
            expanded
                .iter()
                .all(|f| f.lemma == "samordna" && f.flags & END != 0)
        );
    }

    #[test]
    fn twofold_suffixes_apply_their_continuation() {
        let texts: Vec<String> = forms("samordna", "R").into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts, ["samordna", "samordning", "samordningen"]);
    }

    #[test]
    fn adjective_classes_mark_every_form() {
        let mut affixes = Affixes::parse(AFF).unwrap();
        affixes.set_adjective_classes(&['D']);
        let forms = affixes.expand("sjuk", "DX");
        assert!(
            forms.iter().all(|form| form.flags & ADJECTIVE != 0),
            "{forms:?}"
        );
        assert!(
            Affixes::parse(AFF)
                .unwrap()
                .expand("sjuk", "DX")
                .iter()
                .all(|form| form.flags & ADJECTIVE == 0)
        );
    }

    #[test]
    fn forbidden_and_need_affix_entries() {
        assert!(forms("fel", "%").is_empty());
        let expanded = forms("stad", "¤D");
        assert_eq!(expanded, [("staden".to_owned(), STANDALONE)]);
    }

    #[test]
    fn conditions_parse_classes() {
        let condition = parse_condition("[^o]t").unwrap();
        assert!(
            !condition[0].matches('o') && condition[0].matches('a') && condition[1].matches('t')
        );
        assert!(parse_condition("[ab").is_err());
        assert!(parse_condition(".").unwrap().is_empty());
    }

    #[test]
    fn dictionary_lines_split_word_and_flags() {
        let entries: Vec<(&str, &str)> =
            dictionary_entries("3\nkommun/ADHXY\nIoT\n\nfiber/AE\tpo:noun\n").collect();
        assert_eq!(entries, [("kommun", "ADHXY"), ("IoT", ""), ("fiber", "AE")]);
    }

    #[test]
    fn rule_before_header_is_an_error() {
        let error = Affixes::parse("SFX Q 0 s .").unwrap_err();
        assert_eq!(error.line, 1);
    }
}
