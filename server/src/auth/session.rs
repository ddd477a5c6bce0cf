//! Session cookies, signed rather than stored: the server keeps no session state, so it stays
//! stateless over its index and a restart signs nobody out.
//!
//! A cookie holds the member's name, when it was issued, a fingerprint of their password
//! hash and a random session id, signed with HMAC-SHA-256 under the members file's session
//! key. Changing a password or removing a member ends their sessions; changing the key ends
//! everyone's; signing out puts the session's id on the list of ended sessions
//! ([`super::ended`]), and "sign out everywhere" ends every session issued until then.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::members::{Member, Members, random_bytes};

/// The cookie's name.
pub const COOKIE_NAME: &str = "hinder_session";
/// How long a sign-in lasts: a working day.
pub const LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

type Signer = Hmac<Sha256>;

/// What a genuine cookie says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    /// The member signed in.
    pub member: String,
    /// Random, and the same nowhere else: what signing out ends.
    pub id: String,
    /// When it was issued, in milliseconds since the epoch.
    pub issued: u64,
}

/// A signed cookie value for a member, valid for [`LIFETIME`] from `now`; `None` when the
/// members file has no session key.
pub(crate) fn issue(members: &Members, member: &Member, now: SystemTime) -> Option<String> {
    let id = URL_SAFE_NO_PAD.encode(random_bytes::<16>().ok()?);
    let payload = format!(
        "{}|{}|{}|{id}",
        member.name,
        millis(now),
        member.password_fingerprint()
    );
    let signature = sign(&members.session_key(), payload.as_bytes())?;
    Some(format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(payload),
        URL_SAFE_NO_PAD.encode(signature)
    ))
}

/// The session a cookie value holds, if it is genuine, unexpired and its member's password
/// unchanged. (Whether it was signed out is [`super::ended`]'s to say.)
pub(crate) fn verify(members: &Members, value: &str, now: SystemTime) -> Option<Session> {
    let (payload, signature) = value.split_once('.')?;
    let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    let key = members.session_key();
    if key.is_empty() {
        return None;
    }
    let mut mac = Signer::new_from_slice(&key).ok()?;
    mac.update(&payload);
    mac.verify_slice(&signature).ok()?;
    let payload = String::from_utf8(payload).ok()?;
    let mut parts = payload.split('|');
    let (name, issued, fingerprint, id) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let issued: u64 = issued.parse().ok()?;
    let lifetime = u64::try_from(LIFETIME.as_millis()).ok()?;
    let member = members.get(name)?;
    (millis(now) < issued.saturating_add(lifetime)
        && member.password_fingerprint() == fingerprint
        && parts.next().is_none())
    .then(|| Session {
        member: member.name.clone(),
        id: id.to_owned(),
        issued,
    })
}

/// The session cookie of a request, if it sent one.
pub(crate) fn from_headers(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value)
}

/// `Set-Cookie` for a new session: not readable by scripts, not sent with cross-site
/// requests other than top-level links, and only over TLS when the site is served so.
pub(crate) fn set_cookie(value: &str, secure: bool) -> String {
    format!(
        "{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        LIFETIME.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` that ends the session in the browser.
pub(crate) fn clear_cookie(secure: bool) -> String {
    format!(
        "{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

fn sign(key: &[u8], payload: &[u8]) -> Option<Vec<u8>> {
    if key.is_empty() {
        return None;
    }
    let mut mac = Signer::new_from_slice(key).ok()?;
    mac.update(payload);
    Some(mac.finalize().into_bytes().to_vec())
}

/// Milliseconds since the epoch (0 before it).
pub(crate) fn millis(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |since| {
        u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members() -> Members {
        let mut members = Members::default();
        members
            .add("anna", "ett långt lösenord", crate::auth::Role::Member)
            .expect("added");
        members
            .add("bertil", "ett annat lösenord", crate::auth::Role::Member)
            .expect("added");
        members
    }

    #[test]
    fn a_cookie_signs_in_its_member_until_it_expires() {
        let members = members();
        let now = SystemTime::now();
        let anna = members.get("anna").expect("anna");
        let cookie = issue(&members, anna, now).expect("a cookie");
        assert_eq!(
            verify(&members, &cookie, now).map(|s| s.member),
            Some("anna".to_owned())
        );
        let again = issue(&members, anna, now).expect("a second cookie");
        assert_ne!(
            verify(&members, &cookie, now).map(|s| s.id),
            verify(&members, &again, now).map(|s| s.id),
            "every sign-in is its own session"
        );
        assert!(
            verify(&members, &cookie, now + LIFETIME).is_none(),
            "expired"
        );
    }

    #[test]
    fn forged_altered_and_outdated_cookies_sign_in_nobody() {
        let mut members = members();
        let now = SystemTime::now();
        let cookie = issue(&members, members.get("anna").expect("anna"), now).expect("cookie");
        let (payload, signature) = cookie.split_once('.').expect("two parts");
        let as_bertil = URL_SAFE_NO_PAD.encode(
            String::from_utf8(URL_SAFE_NO_PAD.decode(payload).expect("base64"))
                .expect("text")
                .replace("anna", "bertil"),
        );
        assert!(verify(&members, &format!("{as_bertil}.{signature}"), now).is_none());
        assert!(verify(&members, "", now).is_none());
        assert!(verify(&members, "x.y", now).is_none());
        assert!(
            verify(&Members::default(), &cookie, now).is_none(),
            "another key"
        );
        members
            .set_password("anna", "ett nytt långt lösenord")
            .expect("changed");
        assert!(
            verify(&members, &cookie, now).is_none(),
            "a new password ends sessions"
        );
    }

    #[test]
    fn the_cookie_is_found_among_others_and_flagged() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            "a=1; hinder_session=abc.def; b=2".parse().expect("header"),
        );
        assert_eq!(from_headers(&headers), Some("abc.def"));
        let set = set_cookie("abc.def", true);
        for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(set.contains(flag), "{set}");
        }
        assert!(!set_cookie("abc.def", false).contains("Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }
}
