//! Who makes a change: the name every change records in the document's history and, where
//! the corpus is a git work tree, as the commit's author.

use std::fmt;

use super::error::Error;

/// The longest name accepted.
const MAX_NAME_CHARS: usize = 100;

/// A person's name, checked once so that every record of it is well formed (git refuses
/// identities with `<`, `>` or line breaks).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Author(String);

impl Author {
    /// A name with its surrounding white space removed.
    ///
    /// # Errors
    /// [`Error::InvalidAuthor`] for an empty name, one over 100 characters, or one with
    /// control characters, `<` or `>`.
    pub fn new(name: &str) -> Result<Self, Error> {
        let trimmed = name.trim();
        let valid = !trimmed.is_empty()
            && trimmed.chars().count() <= MAX_NAME_CHARS
            && !trimmed
                .chars()
                .any(|c| c.is_control() || c == '<' || c == '>');
        if valid {
            Ok(Self(trimmed.to_owned()))
        } else {
            Err(Error::InvalidAuthor(name.to_owned()))
        }
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Author {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(Author::new("  Anna Ek ").unwrap().name(), "Anna Ek");
        assert_eq!(Author::new("Åsa Öberg").unwrap().to_string(), "Åsa Öberg");
        for bad in ["", "   ", "anna <a@b.se>", "anna\nbo", &"x".repeat(101)] {
            assert!(
                matches!(Author::new(bad), Err(Error::InvalidAuthor(_))),
                "{bad:?}"
            );
        }
    }
}
