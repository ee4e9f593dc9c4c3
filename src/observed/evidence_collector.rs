//! The EDPS Website Evidence Collector's `inspection.json`: `cookies` as Chromium lists them
//! (`expires` in Unix seconds, −1 for a session cookie, `session`), with WEC's own
//! `expiresDays` (days from the start of the collection), `firstPartyStorage` (its party
//! verdict) and the inspected address in `uri_ins`.
use super::{normalize_domain, Lifetime, ObservedCookie};
use crate::calendar::parse_rfc3339;
use serde_json::Value;

pub fn read(inspection: &Value) -> Vec<ObservedCookie> {
    let site = inspection.get("uri_ins").and_then(Value::as_str).map(normalize_domain);
    let started = inspection.get("start_time").and_then(Value::as_str).and_then(parse_rfc3339);
    let cookies = inspection.get("cookies").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    cookies
        .iter()
        .filter_map(|cookie| {
            let name = cookie.get("name").and_then(Value::as_str).filter(|n| !n.is_empty())?;
            let domain = cookie.get("domain").and_then(Value::as_str).unwrap_or_default();
            let expires = cookie.get("expires").and_then(Value::as_f64);
            let session = cookie.get("session").and_then(Value::as_bool).unwrap_or(expires.is_none_or(|e| e < 0.0));
            let lifetime = if session {
                Lifetime::Session
            } else if let Some(days) = cookie.get("expiresDays").and_then(Value::as_f64).filter(|d| *d > 0.0) {
                Lifetime::Persistent(Some((days * 86_400.0).round() as u64))
            } else {
                match (expires, started) {
                    (Some(e), Some(s)) if e > s => Lifetime::Persistent(Some((e - s).round() as u64)),
                    _ => Lifetime::Persistent(None),
                }
            };
            let mut observed = ObservedCookie::new(name, domain, lifetime);
            observed.third_party = cookie.get("firstPartyStorage").and_then(Value::as_bool).map(|first| !first);
            observed.site = site.clone();
            Some(observed)
        })
        .collect()
}
