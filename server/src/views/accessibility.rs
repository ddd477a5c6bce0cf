//! `/tillganglighet`: the accessibility statement that the Swedish law on accessible digital
//! public services (2018:1937) asks every public body's site to publish.

use askama::Template;

/// The statement; its text is the template's.
#[derive(Debug, Default, Template)]
#[template(path = "accessibility.html")]
pub struct AccessibilityPage;
