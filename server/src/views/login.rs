//! `/logga-in`: the members' sign-in form.

use askama::Template;

/// The sign-in page.
#[derive(Debug, Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    /// The name typed, kept after a failed attempt.
    pub name: String,
    /// Where to go once signed in (a path on this site).
    pub next: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// False when no members are configured, so nobody can sign in.
    pub enabled: bool,
}
