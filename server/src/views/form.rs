//! What the forms offer: options with their Swedish labels, ticked or chosen, and the
//! counties with their municipalities for the region's choice.

use indexer::Regions;

/// A value a form offers: its slug and its Swedish label.
#[derive(Debug, Clone)]
pub struct FormOption {
    /// The value sent.
    pub value: String,
    /// What the person reads.
    pub label: String,
}

/// A value of a `<select>`, chosen or not.
#[derive(Debug, Clone)]
pub struct Selectable {
    /// Its slug and label.
    pub option: FormOption,
    /// Whether it is the current value.
    pub selected: bool,
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

/// Every county with its municipalities, in SCB code order.
pub fn region_groups() -> Vec<RegionGroup> {
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
}

/// An area of a form, ticked or not.
#[derive(Debug, Clone)]
pub struct AreaChoice {
    /// Its slug and label.
    pub option: FormOption,
    /// Whether it is ticked.
    pub checked: bool,
}
