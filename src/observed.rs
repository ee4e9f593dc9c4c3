//! Cookies actually observed on a site, read from what browsers and crawlers write. The format
//! is detected from the content:
//! - HAR 1.2 (browser developer tools): every cookie set by a response (`response.cookies`,
//!   lifetime = `expires` − the entry's `startedDateTime`) or sent by a request;
//! - Netscape `cookies.txt` (curl, wget, browser extensions): lifetime unknown (no capture
//!   time), expiry 0 = session;
//! - a JSON array of `{name, domain, expires}` and CSV `name,domain,expires`: `expires` is the
//!   lifetime in seconds, empty / `session` / 0 / -1 for a session cookie (a Unix time, above
//!   10^9, gives no lifetime: the capture time is unknown).
//!
//! Domains are normalized: no scheme, no leading dot, no `www.`.
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedCookie {
    pub name: String,
    pub domain: String,
    /// Lifetime in seconds, when the source says it.
    pub lifetime: Option<u64>,
    pub session: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObservedFormat {
    Har,
    Netscape,
    Json,
    Csv,
}

/// Reads observed cookies, detecting the format. The error says what was expected.
pub fn parse_observed(text: &str) -> Result<(ObservedFormat, Vec<ObservedCookie>), String> {
    let trimmed = text.trim_start_matches('\u{FEFF}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let value: Value = serde_json::from_str(trimmed).map_err(|e| format!("invalid JSON: {e}"))?;
        if let Some(log) = value.get("log") {
            return Ok((ObservedFormat::Har, from_har(log)));
        }
        if let Value::Array(items) = &value {
            return Ok((ObservedFormat::Json, items.iter().filter_map(from_json_item).collect()));
        }
        return Err("a JSON object that is not a HAR file (no `log`)".into());
    }
    let netscape = trimmed.starts_with("# Netscape")
        || trimmed.starts_with("# HTTP Cookie File")
        || trimmed.lines().any(|l| !l.starts_with('#') && l.split('\t').count() == 7);
    if netscape {
        return Ok((ObservedFormat::Netscape, from_netscape(trimmed)));
    }
    let header = trimmed.lines().next().unwrap_or_default().to_ascii_lowercase();
    if header.split(',').any(|c| c.trim() == "name") {
        return from_csv(trimmed).map(|c| (ObservedFormat::Csv, c));
    }
    Err("not a HAR file, a cookies.txt file, a JSON array of {name, domain, expires} or a CSV with a `name` column"
        .into())
}

pub fn normalize_domain(domain: &str) -> String {
    let domain = domain.trim();
    let domain = domain.split_once("://").map_or(domain, |(_, rest)| rest);
    let domain = domain.split(['/', ':']).next().unwrap_or(domain);
    let domain = domain.trim_start_matches('.');
    domain.strip_prefix("www.").unwrap_or(domain).to_ascii_lowercase()
}

fn from_har(log: &Value) -> Vec<ObservedCookie> {
    let mut cookies = Vec::new();
    for entry in log.get("entries").and_then(Value::as_array).into_iter().flatten() {
        let started = entry.get("startedDateTime").and_then(Value::as_str).and_then(parse_rfc3339);
        let url_host = entry.pointer("/request/url").and_then(Value::as_str).map(normalize_domain).unwrap_or_default();
        for cookie in entry.pointer("/response/cookies").and_then(Value::as_array).into_iter().flatten() {
            let Some(name) = cookie.get("name").and_then(Value::as_str) else { continue };
            let expires = cookie.get("expires").and_then(Value::as_str).and_then(parse_rfc3339);
            let lifetime = match (expires, started) {
                (Some(e), Some(s)) if e > s => Some((e - s).round() as u64),
                _ => None,
            };
            let domain = cookie.get("domain").and_then(Value::as_str).map(normalize_domain);
            cookies.push(ObservedCookie {
                name: name.to_string(),
                domain: domain.unwrap_or_else(|| url_host.clone()),
                lifetime,
                session: expires.is_none(),
            });
        }
        for cookie in entry.pointer("/request/cookies").and_then(Value::as_array).into_iter().flatten() {
            let Some(name) = cookie.get("name").and_then(Value::as_str) else { continue };
            if !cookies.iter().any(|c| c.name == name) {
                cookies.push(ObservedCookie {
                    name: name.to_string(),
                    domain: url_host.clone(),
                    lifetime: None,
                    session: false,
                });
            }
        }
    }
    cookies
}

fn lifetime_of(expires: Option<&Value>) -> (Option<u64>, bool) {
    match expires {
        None | Some(Value::Null) => (None, true),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if v <= 0.0 => (None, true),
            Some(v) if v < 1e9 => (Some(v.round() as u64), false),
            _ => (None, false),
        },
        Some(Value::String(s)) => lifetime_of_text(s),
        Some(_) => (None, false),
    }
}

fn lifetime_of_text(text: &str) -> (Option<u64>, bool) {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("session") {
        return (None, true);
    }
    match text.parse::<f64>() {
        Ok(v) => lifetime_of(serde_json::Number::from_f64(v).map(Value::Number).as_ref()),
        Err(_) => (None, false),
    }
}

fn from_json_item(item: &Value) -> Option<ObservedCookie> {
    let name = item.get("name")?.as_str()?;
    let (lifetime, session) = lifetime_of(item.get("expires"));
    Some(ObservedCookie {
        name: name.to_string(),
        domain: item.get("domain").and_then(Value::as_str).map(normalize_domain).unwrap_or_default(),
        lifetime,
        session,
    })
}

fn from_netscape(text: &str) -> Vec<ObservedCookie> {
    text.lines()
        .filter_map(|line| {
            let line = line.strip_prefix("#HttpOnly_").unwrap_or(line);
            if line.starts_with('#') {
                return None;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [domain, _, _, _, expiry, name, _] = fields[..] else { return None };
            Some(ObservedCookie {
                name: name.to_string(),
                domain: normalize_domain(domain),
                lifetime: None,
                session: expiry.trim() == "0",
            })
        })
        .collect()
}

fn from_csv(text: &str) -> Result<Vec<ObservedCookie>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| e.to_string())?.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (name, domain, expires) = (column("name").ok_or("no `name` column")?, column("domain"), column("expires"));
    let mut cookies = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let Some(cookie_name) = record.get(name).filter(|n| !n.trim().is_empty()) else { continue };
        let (lifetime, session) = lifetime_of_text(expires.and_then(|i| record.get(i)).unwrap_or(""));
        cookies.push(ObservedCookie {
            name: cookie_name.trim().to_string(),
            domain: domain.and_then(|i| record.get(i)).map(normalize_domain).unwrap_or_default(),
            lifetime,
            session,
        });
    }
    Ok(cookies)
}

/// `2026-11-23T08:00:00.000Z` or with an offset → Unix seconds.
pub fn parse_rfc3339(text: &str) -> Option<f64> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', ' '])?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    let (clock, offset) = match time.find(['Z', 'z', '+']).or_else(|| time.rfind('-')) {
        Some(at) => (&time[..at], &time[at..]),
        None => (time, "Z"),
    };
    let mut c = clock.split(':');
    let hours: f64 = c.next()?.parse().ok()?;
    let minutes: f64 = c.next()?.parse().ok()?;
    let seconds: f64 = c.next().unwrap_or("0").parse().ok()?;
    let offset_seconds = match offset {
        "Z" | "z" => 0.0,
        o => {
            let sign = if o.starts_with('-') { -1.0 } else { 1.0 };
            let (h, m) = o[1..].split_once(':').unwrap_or((&o[1..], "0"));
            sign * (h.parse::<f64>().ok()? * 3600.0 + m.parse::<f64>().ok()? * 60.0)
        }
    };
    Some(
        days_from_civil(year, month, day) as f64 * 86_400.0 + hours * 3600.0 + minutes * 60.0 + seconds
            - offset_seconds,
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn har() {
        let har = r#"{"log": {"version": "1.2", "entries": [{"startedDateTime": "2026-01-01T00:00:00.000Z",
            "request": {"url": "https://www.shop.example/", "cookies": [{"name": "sent_only", "value": "1"}]},
            "response": {"cookies": [
                {"name": "_ga", "value": "x", "domain": ".shop.example", "expires": "2028-01-01T00:00:00.000Z"},
                {"name": "sid", "value": "y"}]}}]}}"#;
        let (format, cookies) = parse_observed(har).unwrap();
        assert_eq!(format, ObservedFormat::Har);
        assert_eq!(cookies[0].name, "_ga");
        assert_eq!(cookies[0].domain, "shop.example");
        assert_eq!(cookies[0].lifetime, Some(730 * 86_400));
        assert!(cookies[1].session);
        assert_eq!(cookies[2].name, "sent_only");
    }

    #[test]
    fn netscape_json_csv() {
        let txt = "# Netscape HTTP Cookie File\n.shop.example\tTRUE\t/\tFALSE\t0\tsid\tv\n#HttpOnly_www.shop.example\tFALSE\t/\tTRUE\t1900000000\tauth\tv\n";
        let (format, cookies) = parse_observed(txt).unwrap();
        assert_eq!(format, ObservedFormat::Netscape);
        assert_eq!(cookies.len(), 2);
        assert!(cookies[0].session);
        assert_eq!(cookies[1].domain, "shop.example");
        let (format, cookies) = parse_observed(
            r#"[{"name": "_ga", "domain": "www.shop.example", "expires": 63072000}, {"name": "s", "expires": null}]"#,
        )
        .unwrap();
        assert_eq!(format, ObservedFormat::Json);
        assert_eq!(cookies[0].lifetime, Some(63_072_000));
        assert!(cookies[1].session);
        let (format, cookies) =
            parse_observed("name,domain,expires\n_ga,shop.example,63072000\nsid,shop.example,session\n").unwrap();
        assert_eq!(format, ObservedFormat::Csv);
        assert_eq!(cookies[0].lifetime, Some(63_072_000));
        assert!(cookies[1].session);
        assert!(parse_observed("hello").is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_rfc3339("2000-03-01T00:00:00+01:00"), Some(951_865_200.0));
    }
}
