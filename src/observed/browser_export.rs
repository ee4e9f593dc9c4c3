//! Cookies as browsers' extension API lists them, which carries an absolute expiry but not the
//! time of capture: session or persistent only.
//! - Blacklight (The Markup): `browser-cookies.json` is `{"browser_cookies": [...]}` with
//!   `expires` an ISO date or −1 and `session`; its `inspection.json` has `reports.cookies` with
//!   Blacklight's `third_party` verdict.
//! - Cookie-Editor and EditThisCookie exports: an array of `{name, domain, hostOnly, session,
//!   expirationDate, storeId, …}`.
use super::{normalize_domain, Lifetime, ObservedCookie};
use serde_json::Value;

pub fn read_blacklight(root: &Value, cookies: &Value) -> Vec<ObservedCookie> {
    let site = root.get("uri_ins").or_else(|| root.get("uri_dest")).and_then(Value::as_str).map(normalize_domain);
    let items = cookies.as_array().map(Vec::as_slice).unwrap_or_default();
    items
        .iter()
        .filter_map(|cookie| {
            let name = cookie.get("name").and_then(Value::as_str).filter(|n| !n.is_empty())?;
            let expires = cookie.get("expires");
            let no_expiry = match expires {
                None | Some(Value::Null) => true,
                Some(Value::Number(n)) => n.as_f64().is_some_and(|e| e <= 0.0),
                Some(_) => false,
            };
            let session = cookie.get("session").and_then(Value::as_bool).unwrap_or(no_expiry);
            let lifetime = if session { Lifetime::Session } else { Lifetime::Persistent(None) };
            let domain = cookie.get("domain").and_then(Value::as_str).unwrap_or_default();
            let mut observed = ObservedCookie::new(name, domain, lifetime);
            observed.third_party = cookie.get("third_party").and_then(Value::as_bool);
            observed.site = site.clone();
            Some(observed)
        })
        .collect()
}

/// An item only a browser extension's export has.
pub fn is_extension_item(item: &Value) -> bool {
    ["expirationDate", "hostOnly", "storeId"].iter().any(|key| item.get(key).is_some())
}

pub fn read_extension_item(item: &Value) -> Option<ObservedCookie> {
    let name = item.get("name").and_then(Value::as_str).filter(|n| !n.is_empty())?;
    let has_expiry = item.get("expirationDate").and_then(Value::as_f64).is_some_and(|e| e > 0.0);
    let session = item.get("session").and_then(Value::as_bool).unwrap_or(!has_expiry);
    let lifetime = if session { Lifetime::Session } else { Lifetime::Persistent(None) };
    let domain = item.get("domain").and_then(Value::as_str).unwrap_or_default();
    Some(ObservedCookie::new(name, domain, lifetime))
}
