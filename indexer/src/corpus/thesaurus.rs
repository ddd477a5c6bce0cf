//! `corpus/thesaurus.toml`: words and phrases that mean the same in this field, such as the
//! material's abbreviations (`AG` = arbetsgruppen, `Ws` = workshop). A search for any term
//! of a group also finds the others, both ways.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::TaxonomyError;

/// File name of the thesaurus inside the corpus folder; the file is optional.
pub const THESAURUS_FILE: &str = "thesaurus.toml";

/// Groups of interchangeable terms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thesaurus {
    /// The groups, in file order.
    #[serde(default, rename = "group")]
    pub groups: Vec<SynonymGroup>,
}

/// Terms that mean the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymGroup {
    /// Words or phrases, as they are usually written.
    pub terms: Vec<String>,
    /// Why they belong together (Swedish, for editors).
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThesaurusFile {
    #[serde(default)]
    group: Vec<SynonymGroup>,
}

impl Thesaurus {
    /// Reads `thesaurus.toml` from the corpus folder; an absent file is an empty thesaurus.
    ///
    /// # Errors
    /// When the file exists but cannot be read or is malformed.
    pub fn load(corpus_dir: &Path) -> Result<Self, TaxonomyError> {
        let path = corpus_dir.join(THESAURUS_FILE);
        match fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text, &path),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(TaxonomyError::Io { path, source }),
        }
    }

    /// Parses the file's contents; the path only labels errors.
    ///
    /// # Errors
    /// Malformed TOML, or a group with fewer than two terms.
    pub fn parse(text: &str, path: &Path) -> Result<Self, TaxonomyError> {
        let parse_error = |message: String| TaxonomyError::Parse {
            path: PathBuf::from(path),
            message,
        };
        let file: ThesaurusFile = toml::from_str(text)
            .map_err(|error| parse_error(error.to_string().trim_end().to_owned()))?;
        for (index, group) in file.group.iter().enumerate() {
            let terms = group
                .terms
                .iter()
                .filter(|term| !term.trim().is_empty())
                .count();
            if terms < 2 {
                return Err(parse_error(format!(
                    "group {} needs at least two terms",
                    index + 1
                )));
            }
        }
        Ok(Self { groups: file.group })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_groups() {
        let thesaurus = Thesaurus::parse(
            "[[group]]\nterms = [\"AG\", \"arbetsgruppen\"]\nnote = \"Förkortning\"\n",
            Path::new("thesaurus.toml"),
        )
        .unwrap();
        assert_eq!(thesaurus.groups[0].terms, ["AG", "arbetsgruppen"]);
    }

    #[test]
    fn a_group_of_one_is_an_error() {
        let error = Thesaurus::parse("[[group]]\nterms = [\"AG\"]\n", Path::new("thesaurus.toml"))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "thesaurus.toml: group 1 needs at least two terms"
        );
    }

    #[test]
    fn missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Thesaurus::load(dir.path()).unwrap(), Thesaurus::default());
    }
}
