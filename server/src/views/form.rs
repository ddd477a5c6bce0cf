//! What the forms offer (the upload form, the feedback form, a document's metadata form):
//! kinds, sources, areas and statuses with their Swedish labels, each chosen or not, and the
//! counties with their municipalities for the region's choice.

use std::sync::OnceLock;

use indexer::{DocumentKind, Regions, Status, Taxonomy};

/// A value a form offers: its slug and its Swedish label.
#[derive(Debug, Clone)]
pub struct FormOption {
    /// The value sent.
    pub value: String,
    /// What the person reads.
    pub label: String,
}

/// A value of a `<select>` or a checkbox, chosen (ticked) or not.
#[derive(Debug, Clone)]
pub struct Selectable {
    /// Its slug and label.
    pub option: FormOption,
    /// Whether it is chosen.
    pub selected: bool,
}

impl Selectable {
    fn new(value: &str, label: &str, selected: bool) -> Self {
        Self {
            option: FormOption {
                value: value.to_owned(),
                label: label.to_owned(),
            },
            selected,
        }
    }
}

/// Every kind of material, `chosen` selected.
pub fn kind_choices(chosen: Option<DocumentKind>) -> Vec<Selectable> {
    DocumentKind::ALL
        .iter()
        .map(|kind| Selectable::new(kind.slug(), kind.label(), Some(*kind) == chosen))
        .collect()
}

/// Every source of the taxonomy, `chosen` selected.
pub fn source_choices(taxonomy: &Taxonomy, chosen: Option<&str>) -> Vec<Selectable> {
    taxonomy
        .sources
        .iter()
        .map(|source| {
            Selectable::new(
                &source.slug,
                &source.label,
                Some(source.slug.as_str()) == chosen,
            )
        })
        .collect()
}

/// Every area of the taxonomy, those in `ticked` ticked.
pub fn area_choices(taxonomy: &Taxonomy, ticked: &[String]) -> Vec<Selectable> {
    taxonomy
        .areas
        .iter()
        .map(|area| Selectable::new(&area.slug, &area.label, ticked.contains(&area.slug)))
        .collect()
}

/// The statuses an editor chooses from, with who reads each, `chosen` selected.
pub fn status_choices(chosen: Status) -> Vec<Selectable> {
    [
        (Status::Arbetsmaterial, "Arbetsmaterial (medlemmar)"),
        (Status::Styrgruppsunderlag, "Styrgruppsunderlag (medlemmar)"),
        (Status::Publicerad, "Publicerad (alla)"),
    ]
    .into_iter()
    .map(|(status, label)| Selectable::new(status.slug(), label, status == chosen))
    .collect()
}

/// A county with its municipalities, for a `<select>` grouped by county.
#[derive(Debug, Clone)]
pub struct RegionGroup {
    /// The county's code.
    pub code: String,
    /// The county's name.
    pub name: String,
    /// Its municipalities.
    pub municipalities: Vec<FormOption>,
}

/// Every county with its municipalities, in SCB code order; made once, as the list ships
/// with Hinder.
pub fn region_groups() -> &'static [RegionGroup] {
    static GROUPS: OnceLock<Vec<RegionGroup>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let regions = Regions::all();
        regions
            .counties
            .iter()
            .map(|county| RegionGroup {
                code: county.code.clone(),
                name: county.name.clone(),
                municipalities: regions
                    .municipalities_of(&county.code)
                    .map(|municipality| FormOption {
                        value: municipality.code.clone(),
                        label: municipality.name.clone(),
                    })
                    .collect(),
            })
            .collect()
    })
}
