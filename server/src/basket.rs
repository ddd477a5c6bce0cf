//! The draft basket: findings a coordinator collects across several searches before writing
//! with them in `/utkast`.
//!
//! The basket lives in a cookie of finding ids, so the server stays stateless and the basket
//! works with plain links when JavaScript is off. What is shared is not the cookie but the
//! draft link it leads to (`/utkast?ids=…`), as drafts were shared before.

use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};

use crate::limits::MAX_CHOSEN;

/// The cookie's name.
pub const COOKIE_NAME: &str = "utkastkorg";
/// How long a basket is kept without use: a working week and a weekend.
const MAX_AGE_SECONDS: u32 = 9 * 24 * 60 * 60;
/// Ids longer than this are not finding ids; a cookie carrying them was not written here.
const MAX_ID_CHARS: usize = 200;
/// Between ids in the cookie: percent-encoded ids never contain it.
const SEPARATOR: char = '|';

/// The findings in a caller's basket, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Basket {
    ids: Vec<String>,
}

/// A basket holds as many findings as one draft may cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BasketFull;

impl Basket {
    /// The basket a request carries; an unreadable cookie is an empty basket.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let mut basket = Self::default();
        let cookies = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'));
        for cookie in cookies {
            let Some((name, value)) = cookie.trim().split_once('=') else {
                continue;
            };
            if name != COOKIE_NAME {
                continue;
            }
            for encoded in value.split(SEPARATOR) {
                let id: String = form_urlencoded::parse(format!("i={encoded}").as_bytes())
                    .map(|(_, id)| id.into_owned())
                    .next()
                    .unwrap_or_default();
                if is_plausible_id(&id) && basket.ids.len() < MAX_CHOSEN {
                    basket.push_unique(id);
                }
            }
        }
        basket
    }

    /// The ids, oldest first.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Whether the finding is in the basket.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.iter().any(|own| own == id)
    }

    /// Adds a finding (once).
    ///
    /// # Errors
    /// [`BasketFull`] when it already holds as many findings as a draft may cite.
    pub fn add(&mut self, id: &str) -> Result<(), BasketFull> {
        if self.contains(id) {
            return Ok(());
        }
        if self.ids.len() >= MAX_CHOSEN {
            return Err(BasketFull);
        }
        self.ids.push(id.to_owned());
        Ok(())
    }

    /// Takes a finding out.
    pub fn remove(&mut self, id: &str) {
        self.ids.retain(|own| own != id);
    }

    /// Empties the basket.
    pub fn clear(&mut self) {
        self.ids.clear();
    }

    /// The draft assistant with the basket's findings ticked: the basket's shareable form.
    pub fn draft_url(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for id in &self.ids {
            query.append_pair("ids", id);
        }
        let query = query.finish();
        if query.is_empty() {
            "/utkast".to_owned()
        } else {
            format!("/utkast?{query}")
        }
    }

    /// The `Set-Cookie` value that stores this basket (or deletes the cookie when empty).
    /// Not `HttpOnly`: nothing in it is secret, and the page's script shows its count.
    pub fn set_cookie(&self, secure: bool) -> HeaderValue {
        let value: Vec<String> = self
            .ids
            .iter()
            .map(|id| form_urlencoded::byte_serialize(id.as_bytes()).collect())
            .collect();
        let max_age = if self.ids.is_empty() {
            0
        } else {
            MAX_AGE_SECONDS
        };
        let secure = if secure { "; Secure" } else { "" };
        let cookie = format!(
            "{COOKIE_NAME}={}; Path=/; Max-Age={max_age}; SameSite=Lax{secure}",
            value.join(&SEPARATOR.to_string())
        );
        // Percent-encoded ids and the fixed attributes are visible ASCII.
        HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    fn push_unique(&mut self, id: String) {
        if !self.contains(&id) {
            self.ids.push(id);
        }
    }
}

/// Whether a text could be a finding id: short, no control characters or spaces.
pub fn is_plausible_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && !id.chars().any(|c| c.is_control() || c.is_whitespace())
}

impl<S: Send + Sync> FromRequestParts<S> for Basket {
    type Rejection = std::convert::Infallible;

    /// The basket the caching layer read already, else the cookie's.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Self>()
            .cloned()
            .unwrap_or_else(|| Self::from_headers(&parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(cookie: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_str(cookie).unwrap());
        headers
    }

    #[test]
    fn a_basket_survives_its_cookie() {
        let mut basket = Basket::default();
        basket.add("2016-12-02-mote-3-0b6e5a1c").unwrap();
        basket.add("id-med-å|och%streck+1").unwrap();
        basket.add("2016-12-02-mote-3-0b6e5a1c").unwrap();
        let set = basket.set_cookie(false);
        let pair = set.to_str().unwrap().split(';').next().unwrap().to_owned();
        let read = Basket::from_headers(&with_cookie(&format!("other=1; {pair}")));
        assert_eq!(read, basket);
        assert_eq!(read.ids().len(), 2);
    }

    #[test]
    fn a_hostile_cookie_gives_at_most_a_full_basket_of_plausible_ids() {
        let many: Vec<String> = (0..500).map(|n| format!("f{n}")).collect();
        let long = "x".repeat(MAX_ID_CHARS + 1);
        let cookie = format!("{COOKIE_NAME}={}|{long}|%0A|", many.join("|"));
        let basket = Basket::from_headers(&with_cookie(&cookie));
        assert_eq!(basket.ids().len(), MAX_CHOSEN);
        assert!(basket.ids().iter().all(|id| is_plausible_id(id)));
        let mut full = basket;
        assert_eq!(full.add("one-more"), Err(BasketFull));
        assert!(full.add("f0").is_ok(), "a finding already in is no error");
    }

    #[test]
    fn an_empty_basket_deletes_its_cookie_and_links_to_a_blank_draft() {
        let mut basket = Basket::default();
        basket.add("a").unwrap();
        basket.add("b").unwrap();
        assert_eq!(basket.draft_url(), "/utkast?ids=a&ids=b");
        basket.remove("a");
        assert_eq!(basket.draft_url(), "/utkast?ids=b");
        basket.clear();
        assert_eq!(basket.draft_url(), "/utkast");
        assert!(
            basket
                .set_cookie(true)
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        assert!(
            basket
                .set_cookie(true)
                .to_str()
                .unwrap()
                .contains("; Secure")
        );
    }
}
