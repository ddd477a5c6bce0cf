//! Whether a form was sent from a page of this site: every form that changes something
//! (signing in and out today, adding and editing material next) refuses the others.

use axum::http::HeaderMap;

/// Whether a form post comes from another site: the browser says so (`Sec-Fetch-Site`), or
/// its `Origin` names another host than the one asked. A request with neither (an old
/// browser, a script) is not refused: it carries no cookie of a victim's browser.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    match (text("origin"), text("host")) {
        (None, _) => false,
        (Some(origin), Some(host)) if origin != "null" => origin
            .split_once("://")
            .is_none_or(|(_, rest)| !rest.eq_ignore_ascii_case(host)),
        // An opaque origin ("null"), or no host to compare with.
        (Some(_), _) => true,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for &(name, value) in pairs {
            headers.insert(name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn form_posts_from_other_sites_are_told_apart() {
        for own in [
            headers(&[("sec-fetch-site", "same-origin"), ("origin", "http://a.se")]),
            headers(&[
                ("origin", "https://hinder.example.se"),
                ("host", "hinder.example.se"),
            ]),
            headers(&[("host", "hinder.example.se")]),
            headers(&[("sec-fetch-site", "none")]),
        ] {
            assert!(!is_cross_site(&own), "{own:?}");
        }
        for foreign in [
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[
                ("origin", "https://evil.example"),
                ("host", "hinder.example.se"),
            ]),
            headers(&[("origin", "null"), ("host", "hinder.example.se")]),
            headers(&[
                ("origin", "https://hinder.example.se.evil.example"),
                ("host", "hinder.example.se"),
            ]),
        ] {
            assert!(is_cross_site(&foreign), "{foreign:?}");
        }
    }
}
