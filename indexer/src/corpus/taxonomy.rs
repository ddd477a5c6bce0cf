//! The two taxonomies, `corpus/areas.toml` and `corpus/sources.toml`: stable slugs with
//! Swedish labels. Documents may only use slugs declared here.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// File name of the area taxonomy inside the corpus folder.
pub const AREAS_FILE: &str = "areas.toml";
/// File name of the source taxonomy inside the corpus folder.
pub const SOURCES_FILE: &str = "sources.toml";

/// One entry of a taxonomy: a stable slug for machines, a Swedish label for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Stable identifier used in URLs, the API and the corpus (`kommunala-processer`).
    pub slug: String,
    /// Swedish label shown in the UI (`Kommunala processer`).
    pub label: String,
    /// One Swedish line on what belongs here.
    pub description: String,
    /// Words that assign this area to findings that set none (areas only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

/// A challenge area a finding concerns (`landsbygd`, `samverkan`, ...).
pub type Area = Category;
/// Where a finding comes from (`presentation`, `styrgrupp`, ...).
pub type Source = Category;

/// Both taxonomies, in the order their files list them (the order the UI shows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taxonomy {
    /// Challenge areas.
    pub areas: Vec<Area>,
    /// Sources.
    pub sources: Vec<Source>,
    /// The source of documents that name none.
    pub default_source: String,
}

/// Why the taxonomy files could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    /// A taxonomy file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A taxonomy file is not valid TOML of the expected shape.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The TOML parser's explanation, with line and column.
        message: String,
    },
    /// A slug is not lower-case ASCII words joined by hyphens.
    #[error("{}: invalid slug `{slug}`, use lower-case a-z, 0-9 and hyphens", path.display())]
    InvalidSlug {
        /// The file.
        path: PathBuf,
        /// The offending slug.
        slug: String,
    },
    /// The same slug is declared twice.
    #[error("{}: slug `{slug}` is declared twice", path.display())]
    DuplicateSlug {
        /// The file.
        path: PathBuf,
        /// The repeated slug.
        slug: String,
    },
    /// `default` in `sources.toml` names no declared source.
    #[error("{}: default source `{slug}` is not declared", path.display())]
    UnknownDefaultSource {
        /// The file.
        path: PathBuf,
        /// The undeclared slug.
        slug: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreasFile {
    #[serde(default)]
    area: Vec<Category>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    default: String,
    #[serde(default)]
    source: Vec<Category>,
}

impl Taxonomy {
    /// No areas, and one source, the default, which an import fills in as it goes.
    pub fn empty(default_source: &str) -> Self {
        Self {
            areas: Vec::new(),
            sources: vec![Category {
                slug: default_source.to_owned(),
                label: default_source.to_owned(),
                description: String::new(),
                keywords: Vec::new(),
            }],
            default_source: default_source.to_owned(),
        }
    }

    /// Reads `areas.toml` and `sources.toml` from the corpus folder.
    ///
    /// # Errors
    /// When a file is missing or malformed, or a slug is invalid or repeated.
    pub fn load(corpus_dir: &Path) -> Result<Self, TaxonomyError> {
        let read = |name: &str| {
            let path = corpus_dir.join(name);
            fs::read_to_string(&path)
                .map(|text| (text, path.clone()))
                .map_err(|source| TaxonomyError::Io { path, source })
        };
        let (areas, areas_path) = read(AREAS_FILE)?;
        let (sources, sources_path) = read(SOURCES_FILE)?;
        Self::parse(&areas, &areas_path, &sources, &sources_path)
    }

    /// Parses the two files' contents; the paths only label errors.
    ///
    /// # Errors
    /// As [`Taxonomy::load`], without the I/O.
    pub fn parse(
        areas: &str,
        areas_path: &Path,
        sources: &str,
        sources_path: &Path,
    ) -> Result<Self, TaxonomyError> {
        let parse_error = |path: &Path, error: toml::de::Error| TaxonomyError::Parse {
            path: path.to_owned(),
            message: error.to_string().trim_end().to_owned(),
        };
        let areas_file: AreasFile =
            toml::from_str(areas).map_err(|error| parse_error(areas_path, error))?;
        let sources_file: SourcesFile =
            toml::from_str(sources).map_err(|error| parse_error(sources_path, error))?;
        validate_slugs(&areas_file.area, areas_path)?;
        validate_slugs(&sources_file.source, sources_path)?;
        if !sources_file
            .source
            .iter()
            .any(|source| source.slug == sources_file.default)
        {
            return Err(TaxonomyError::UnknownDefaultSource {
                path: sources_path.to_owned(),
                slug: sources_file.default,
            });
        }
        Ok(Self {
            areas: areas_file.area,
            sources: sources_file.source,
            default_source: sources_file.default,
        })
    }

    /// The area with this slug.
    pub fn area(&self, slug: &str) -> Option<&Area> {
        self.areas.iter().find(|area| area.slug == slug)
    }

    /// The source with this slug.
    pub fn source(&self, slug: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.slug == slug)
    }
}

fn validate_slugs(categories: &[Category], path: &Path) -> Result<(), TaxonomyError> {
    let mut seen = HashSet::new();
    for category in categories {
        if !is_slug(&category.slug) {
            return Err(TaxonomyError::InvalidSlug {
                path: path.to_owned(),
                slug: category.slug.clone(),
            });
        }
        if !seen.insert(category.slug.as_str()) {
            return Err(TaxonomyError::DuplicateSlug {
                path: path.to_owned(),
                slug: category.slug.clone(),
            });
        }
    }
    Ok(())
}

/// Lower-case ASCII letters and digits in hyphen-separated words: safe in URLs and facets.
pub(crate) fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREAS: &str = r#"
[[area]]
slug = "landsbygd"
label = "Landsbygd"
description = "Utbyggnad utanför tätorterna."

[[area]]
slug = "robusta-nat"
label = "Robusta nät"
description = "Driftsäkerhet."
"#;

    const SOURCES: &str = r#"
default = "presentation"

[[source]]
slug = "presentation"
label = "Mötespresentation"
description = "Arbetsgruppens bilder."
"#;

    fn parse(areas: &str, sources: &str) -> Result<Taxonomy, TaxonomyError> {
        Taxonomy::parse(
            areas,
            Path::new("areas.toml"),
            sources,
            Path::new("sources.toml"),
        )
    }

    #[test]
    fn reads_both_files_in_order() {
        let taxonomy = parse(AREAS, SOURCES).unwrap();
        assert_eq!(taxonomy.areas.len(), 2);
        assert_eq!(taxonomy.area("robusta-nat").unwrap().label, "Robusta nät");
        assert_eq!(taxonomy.default_source, "presentation");
        assert!(taxonomy.source("styrgrupp").is_none());
    }

    #[test]
    fn invalid_slug_is_reported_with_its_file() {
        let areas = AREAS.replace("robusta-nat", "Robusta nät");
        let error = parse(&areas, SOURCES).unwrap_err();
        assert_eq!(
            error.to_string(),
            "areas.toml: invalid slug `Robusta nät`, use lower-case a-z, 0-9 and hyphens"
        );
    }

    #[test]
    fn duplicate_slug_is_an_error() {
        let areas = AREAS.replace("robusta-nat", "landsbygd");
        let error = parse(&areas, SOURCES).unwrap_err();
        assert_eq!(
            error.to_string(),
            "areas.toml: slug `landsbygd` is declared twice"
        );
    }

    #[test]
    fn undeclared_default_source_is_an_error() {
        let sources = SOURCES.replace("default = \"presentation\"", "default = \"okand\"");
        let error = parse(AREAS, &sources).unwrap_err();
        assert_eq!(
            error.to_string(),
            "sources.toml: default source `okand` is not declared"
        );
    }

    #[test]
    fn malformed_toml_names_file_and_line() {
        let error = parse("[[area]\nslug=", SOURCES).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("areas.toml: "), "{message}");
        assert!(message.contains("line 1"), "{message}");
    }

    #[test]
    fn slugs_are_lowercase_words_with_hyphens() {
        for good in ["fiber", "mobilitet-iot", "5g"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in ["", "-fiber", "fiber-", "a--b", "Fiber", "nät", "a b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
