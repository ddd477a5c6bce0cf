//! Where in Sweden a document comes from: a county (län) and optionally a municipality
//! (kommun), named by SCB's codes from the list shipped with Hinder (`indexer/data/regions.toml`,
//! which names its source).
//!
//! A region is a code, never free text: "Sörmland", "Södermanland" and "Region Sörmland"
//! would otherwise be three regions to filter on. A municipality's code starts with its
//! county's (`0480` Nyköping is in `04` Södermanlands län), so one code says both.

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The shipped list, read once.
const REGIONS_TOML: &str = include_str!("../../data/regions.toml");

/// A county or a municipality with its SCB code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Place {
    /// SCB's code: two digits for a county, four for a municipality.
    pub code: String,
    /// The name as SCB writes it (`Södermanlands län`, `Nyköping`).
    pub name: String,
}

/// Every county and municipality, in code order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regions {
    /// The 21 counties.
    #[serde(rename = "county")]
    pub counties: Vec<Place>,
    /// The 290 municipalities.
    #[serde(rename = "municipality")]
    pub municipalities: Vec<Place>,
}

impl Regions {
    /// The shipped list.
    pub fn all() -> &'static Self {
        static REGIONS: OnceLock<Regions> = OnceLock::new();
        REGIONS.get_or_init(|| {
            toml::from_str(REGIONS_TOML).expect("the shipped regions.toml is valid (tested)")
        })
    }

    /// The county with this two-digit code.
    pub fn county(&self, code: &str) -> Option<&Place> {
        find(&self.counties, code)
    }

    /// The municipality with this four-digit code.
    pub fn municipality(&self, code: &str) -> Option<&Place> {
        find(&self.municipalities, code)
    }

    /// The municipalities of a county, in code order.
    pub fn municipalities_of<'a>(&'a self, county: &'a str) -> impl Iterator<Item = &'a Place> {
        self.municipalities
            .iter()
            .filter(move |municipality| municipality.code.starts_with(county))
    }

    /// The name of a county's or a municipality's code.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.county(code)
            .or_else(|| self.municipality(code))
            .map(|place| place.name.as_str())
    }
}

/// The place of a code in a list in code order (as the shipped file is, tested): every hit's
/// region is named through here.
fn find<'a>(places: &'a [Place], code: &str) -> Option<&'a Place> {
    places
        .binary_search_by(|place| place.code.as_str().cmp(code))
        .ok()
        .map(|at| &places[at])
}

/// A county, or a municipality and so its county: a code of the shipped list. Read and
/// written as its code; reading checks it ([`Region::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Region(String);

/// A code that names no county or municipality.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown region `{0}`: a county's two-digit SCB code (01 Stockholms län … 25 Norrbottens \
     län) or a municipality's four-digit code (0480 Nyköping)"
)]
pub struct UnknownRegion(pub String);

impl Region {
    /// The region of a code: `04` or `0480`.
    ///
    /// # Errors
    /// [`UnknownRegion`] for a code of neither a county nor a municipality.
    pub fn parse(code: &str) -> Result<Self, UnknownRegion> {
        let code = code.trim();
        let regions = Regions::all();
        if regions.county(code).is_some() || regions.municipality(code).is_some() {
            Ok(Self(code.to_owned()))
        } else {
            Err(UnknownRegion(code.to_owned()))
        }
    }

    /// The code as written: two or four digits.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// The county's code.
    pub fn county_code(&self) -> &str {
        &self.0[..2]
    }

    /// The municipality's code, when the region is one.
    pub fn municipality_code(&self) -> Option<&str> {
        (self.0.len() == 4).then_some(self.0.as_str())
    }

    /// The codes a search filters and counts on: the county's, and the municipality's if any.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.county_code()).chain(self.municipality_code())
    }

    /// The name people read: `Södermanlands län`, or `Nyköping, Södermanlands län`.
    pub fn label(&self) -> String {
        let regions = Regions::all();
        let county = regions.name(self.county_code()).unwrap_or_default();
        match self.municipality_code().and_then(|code| regions.name(code)) {
            Some(municipality) => format!("{municipality}, {county}"),
            None => county.to_owned(),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(code: &str) -> Result<Self, UnknownRegion> {
        Self::parse(code)
    }
}

impl TryFrom<String> for Region {
    type Error = UnknownRegion;

    fn try_from(code: String) -> Result<Self, UnknownRegion> {
        Self::parse(&code)
    }
}

impl From<Region> for String {
    fn from(region: Region) -> Self {
        region.0
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_shipped_list_has_every_county_and_municipality_once() {
        let regions = Regions::all();
        assert_eq!(regions.counties.len(), 21);
        assert_eq!(regions.municipalities.len(), 290);
        let codes: HashSet<&str> = regions
            .counties
            .iter()
            .chain(&regions.municipalities)
            .map(|place| place.code.as_str())
            .collect();
        assert_eq!(codes.len(), 21 + 290, "codes are unique");
        for list in [&regions.counties, &regions.municipalities] {
            assert!(
                list.windows(2).all(|pair| pair[0].code < pair[1].code),
                "in code order, as the look-ups need"
            );
        }
        for municipality in &regions.municipalities {
            assert_eq!(municipality.code.len(), 4, "{municipality:?}");
            assert!(
                regions.county(&municipality.code[..2]).is_some(),
                "{municipality:?} lies in a listed county"
            );
        }
        assert_eq!(regions.municipalities_of("04").count(), 9);
        assert_eq!(regions.municipalities_of("14").count(), 49);
    }

    #[test]
    fn a_municipality_names_its_county() {
        let nykoping = Region::parse("0480").unwrap();
        assert_eq!(nykoping.county_code(), "04");
        assert_eq!(nykoping.municipality_code(), Some("0480"));
        assert_eq!(nykoping.label(), "Nyköping, Södermanlands län");
        assert_eq!(nykoping.codes().collect::<Vec<_>>(), ["04", "0480"]);
        let county = Region::parse("04").unwrap();
        assert_eq!(county.label(), "Södermanlands län");
        assert_eq!(county.codes().collect::<Vec<_>>(), ["04"]);
    }

    #[test]
    fn unknown_codes_and_free_text_are_refused() {
        for code in ["02", "0499", "Sörmland", "", "4", "04800"] {
            let error = Region::parse(code).unwrap_err();
            assert!(error.to_string().contains("SCB"), "{error}");
        }
        let error = toml::from_str::<toml::Table>("region = \"99\"")
            .ok()
            .and_then(|table| table.get("region").cloned())
            .map(|value| value.try_into::<Region>());
        assert!(matches!(error, Some(Err(_))));
    }
}
