//! The plain formats: Netscape `cookies.txt` (no capture time: session when the expiry is 0),
//! and a JSON array or CSV of `name, domain, expires` where `expires` is the lifetime in
//! seconds (empty, `session`, 0 or −1 for a session cookie; a Unix time, above 10^9, says only
//! that the cookie persists).
use super::{Lifetime, ObservedCookie};
use serde_json::Value;

pub fn from_netscape(text: &str) -> Vec<ObservedCookie> {
    text.lines()
        .filter_map(|line| {
            let line = line.strip_prefix("#HttpOnly_").unwrap_or(line);
            if line.starts_with('#') {
                return None;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [domain, _, _, _, expiry, name, _] = fields[..] else { return None };
            let lifetime = if expiry.trim() == "0" { Lifetime::Session } else { Lifetime::Persistent(None) };
            Some(ObservedCookie::new(name, domain, lifetime))
        })
        .collect()
}

fn lifetime_of(expires: Option<&Value>) -> Lifetime {
    match expires {
        None | Some(Value::Null) => Lifetime::Session,
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if v <= 0.0 => Lifetime::Session,
            Some(v) if v < 1e9 => Lifetime::Persistent(Some(v.round() as u64)),
            _ => Lifetime::Persistent(None),
        },
        Some(Value::String(s)) => lifetime_of_text(s),
        Some(_) => Lifetime::Unknown,
    }
}

fn lifetime_of_text(text: &str) -> Lifetime {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("session") {
        return Lifetime::Session;
    }
    match text.parse::<f64>() {
        Ok(v) => lifetime_of(serde_json::Number::from_f64(v).map(Value::Number).as_ref()),
        Err(_) => Lifetime::Unknown,
    }
}

pub fn from_json_item(item: &Value) -> Option<ObservedCookie> {
    let name = item.get("name")?.as_str()?;
    let domain = item.get("domain").and_then(Value::as_str).unwrap_or_default();
    Some(ObservedCookie::new(name, domain, lifetime_of(item.get("expires"))))
}

pub fn from_csv(text: &str) -> Result<Vec<ObservedCookie>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| e.to_string())?.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (name, domain, expires) = (column("name").ok_or("no `name` column")?, column("domain"), column("expires"));
    let mut cookies = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let Some(cookie_name) = record.get(name).filter(|n| !n.trim().is_empty()) else { continue };
        let lifetime = lifetime_of_text(expires.and_then(|i| record.get(i)).unwrap_or(""));
        cookies.push(ObservedCookie::new(cookie_name, domain.and_then(|i| record.get(i)).unwrap_or(""), lifetime));
    }
    Ok(cookies)
}
