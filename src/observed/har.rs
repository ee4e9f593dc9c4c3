//! HAR 1.2: cookies set by responses (lifetime = `expires` − the entry's start) and cookies only
//! seen sent by requests (lifetime unknown). The page of the first entry is the captured site.
use super::{normalize_domain, Lifetime, ObservedCookie};
use crate::calendar::parse_rfc3339;
use serde_json::Value;

pub fn read(log: &Value) -> Vec<ObservedCookie> {
    let entries = log.get("entries").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let site = log
        .pointer("/pages/0/title")
        .and_then(Value::as_str)
        .filter(|t| t.contains("://"))
        .or_else(|| entries.first().and_then(|e| e.pointer("/request/url")).and_then(Value::as_str))
        .map(normalize_domain);
    let mut cookies: Vec<ObservedCookie> = Vec::new();
    for entry in entries {
        let started = entry.get("startedDateTime").and_then(Value::as_str).and_then(parse_rfc3339);
        let url_host = entry.pointer("/request/url").and_then(Value::as_str).map(normalize_domain).unwrap_or_default();
        for cookie in entry.pointer("/response/cookies").and_then(Value::as_array).into_iter().flatten() {
            let Some(name) = cookie.get("name").and_then(Value::as_str) else { continue };
            let expires_text = cookie.get("expires").and_then(Value::as_str).filter(|e| !e.trim().is_empty());
            let lifetime = match (expires_text.map(parse_rfc3339), started) {
                (None, _) => Lifetime::Session,
                (Some(Some(e)), Some(s)) if e > s => Lifetime::Persistent(Some((e - s).round() as u64)),
                (Some(_), _) => Lifetime::Persistent(None),
            };
            let domain = cookie.get("domain").and_then(Value::as_str).unwrap_or(&url_host);
            let mut observed = ObservedCookie::new(name, domain, lifetime);
            observed.site = site.clone();
            cookies.push(observed);
        }
        for cookie in entry.pointer("/request/cookies").and_then(Value::as_array).into_iter().flatten() {
            let Some(name) = cookie.get("name").and_then(Value::as_str) else { continue };
            if !cookies.iter().any(|c| c.name == name) {
                let mut observed = ObservedCookie::new(name, &url_host, Lifetime::Unknown);
                observed.site = site.clone();
                cookies.push(observed);
            }
        }
    }
    cookies
}
