//! Cookies actually observed on a site, read from what browsers, crawlers and auditing tools
//! write. The format is detected from the content, never from the file name:
//!
//! | format | detected by | lifetime |
//! |---|---|---|
//! | HAR 1.2 (developer tools, WEC's `requests.har`) | `{"log": …}` | `expires` − the entry's `startedDateTime` |
//! | EDPS Website Evidence Collector `inspection.json` | `cookies` beside `uri_ins` | `expiresDays`, or `expires` − `start_time` |
//! | OpenWPM crawl database | SQLite, table `javascript_cookies` | `expiry` − `time_stamp` |
//! | Blacklight `browser-cookies.json` / `inspection.json` | `browser_cookies` or `reports.cookies` | session or persistent only |
//! | Cookie-Editor / EditThisCookie export | array with `expirationDate` / `hostOnly` | session or persistent only |
//! | Netscape `cookies.txt` | seven tab-separated fields | session (expiry 0) or persistent |
//! | JSON array / CSV of `name, domain, expires` | `name` key or column | `expires` in seconds |
//!
//! An absolute expiry without the time of capture gives no lifetime: only whether the cookie
//! is persistent. Domains are normalized (no scheme, no leading dot, no `www.`), and a cookie
//! counts as third party when the tool says so or when its domain is not the captured site's.
mod browser_export;
mod evidence_collector;
mod har;
mod openwpm;
mod tabular;

use serde_json::Value;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedCookie {
    pub name: String,
    /// Normalized domain; empty when the source gives none.
    pub domain: String,
    pub lifetime: Lifetime,
    /// The tool's own first/third-party verdict, when it records one.
    pub third_party: Option<bool>,
    /// The site the capture was made on, when the source records it (normalized domain).
    pub site: Option<String>,
}

/// How long an observed cookie lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// Gone when the browser closes.
    Session,
    /// Stored; the number of seconds when the source gives both the expiry and the capture time.
    Persistent(Option<u64>),
    /// The source does not say (a cookie only seen sent in a request).
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObservedFormat {
    Har,
    Netscape,
    Json,
    Csv,
    WebsiteEvidenceCollector,
    OpenWpm,
    Blacklight,
    CookieEditor,
}

impl ObservedFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ObservedFormat::Har => "har",
            ObservedFormat::Netscape => "cookies.txt",
            ObservedFormat::Json => "json",
            ObservedFormat::Csv => "csv",
            ObservedFormat::WebsiteEvidenceCollector => "website-evidence-collector",
            ObservedFormat::OpenWpm => "openwpm",
            ObservedFormat::Blacklight => "blacklight",
            ObservedFormat::CookieEditor => "cookie-editor",
        }
    }
}

impl ObservedCookie {
    pub(crate) fn new(name: &str, domain: &str, lifetime: Lifetime) -> Self {
        ObservedCookie {
            name: name.trim().to_string(),
            domain: normalize_domain(domain),
            lifetime,
            third_party: None,
            site: None,
        }
    }

    /// Third party: the tool's verdict, else the cookie's domain against the captured site (or,
    /// when the capture does not name it, the site the policy covers). None when unknown.
    pub fn is_third_party(&self, policy_site: Option<&str>) -> Option<bool> {
        if self.third_party.is_some() {
            return self.third_party;
        }
        if self.domain.is_empty() {
            return None;
        }
        let site = self.site.clone().or_else(|| policy_site.map(normalize_domain)).filter(|s| !s.is_empty())?;
        Some(!same_site(&self.domain, &site))
    }
}

/// Reads observed cookies from a file: an SQLite database (OpenWPM) or text in one of the
/// formats above.
pub fn read_observed(path: &Path) -> Result<(ObservedFormat, Vec<ObservedCookie>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.starts_with(b"SQLite format 3\0") {
        return openwpm::read(path).map(|c| (ObservedFormat::OpenWpm, c));
    }
    let text =
        String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))?;
    parse_observed(&text)
}

/// Reads observed cookies from text, detecting the format. The error says what was expected.
pub fn parse_observed(text: &str) -> Result<(ObservedFormat, Vec<ObservedCookie>), String> {
    let trimmed = text.trim_start_matches('\u{FEFF}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let value: Value = serde_json::from_str(trimmed).map_err(|e| format!("invalid JSON: {e}"))?;
        return from_json(&value);
    }
    let netscape = trimmed.starts_with("# Netscape")
        || trimmed.starts_with("# HTTP Cookie File")
        || trimmed.lines().any(|l| !l.starts_with('#') && l.split('\t').count() == 7);
    if netscape {
        return Ok((ObservedFormat::Netscape, tabular::from_netscape(trimmed)));
    }
    let header = trimmed.lines().next().unwrap_or_default().to_ascii_lowercase();
    if header.split(',').any(|c| c.trim() == "name") {
        return tabular::from_csv(trimmed).map(|c| (ObservedFormat::Csv, c));
    }
    Err("not a HAR file, a Website Evidence Collector inspection.json, a Blacklight browser-cookies.json, \
         a Cookie-Editor export, a cookies.txt file, a JSON array of {name, domain, expires}, a CSV with a \
         `name` column or an OpenWPM database"
        .into())
}

fn from_json(value: &Value) -> Result<(ObservedFormat, Vec<ObservedCookie>), String> {
    if let Some(log) = value.get("log") {
        return Ok((ObservedFormat::Har, har::read(log)));
    }
    if value.get("cookies").is_some_and(Value::is_array)
        && (value.get("uri_ins").is_some() || value.get("browsing_history").is_some())
    {
        return Ok((ObservedFormat::WebsiteEvidenceCollector, evidence_collector::read(value)));
    }
    if let Some(cookies) = value.get("browser_cookies").or_else(|| value.pointer("/reports/cookies")) {
        return Ok((ObservedFormat::Blacklight, browser_export::read_blacklight(value, cookies)));
    }
    if let Value::Array(items) = value {
        if items.iter().any(browser_export::is_extension_item) {
            return Ok((
                ObservedFormat::CookieEditor,
                items.iter().filter_map(browser_export::read_extension_item).collect(),
            ));
        }
        return Ok((ObservedFormat::Json, items.iter().filter_map(tabular::from_json_item).collect()));
    }
    Err("a JSON object that is neither a HAR file (`log`), a Website Evidence Collector inspection \
         (`cookies` and `uri_ins`) nor a Blacklight file (`browser_cookies`)"
        .into())
}

/// `https://www.Shop.example:443/x` → `shop.example`; `.shop.example` → `shop.example`.
pub fn normalize_domain(domain: &str) -> String {
    let domain = domain.trim();
    let domain = domain.split_once("://").map_or(domain, |(_, rest)| rest);
    let domain = domain.split(['/', ':']).next().unwrap_or(domain);
    let domain = domain.trim_start_matches('.');
    domain.strip_prefix("www.").unwrap_or(domain).to_ascii_lowercase()
}

/// Two normalized domains belong to the same site when their registrable parts are equal
/// (`cdn.shop.example` and `shop.example`; `a.shop.co.uk` and `shop.co.uk`).
pub fn same_site(a: &str, b: &str) -> bool {
    registrable(a) == registrable(b)
}

/// The registrable part of a domain: the last two labels, or three under a second-level
/// registry such as `co.uk` or `com.au`. An approximation of the public suffix list, which the
/// binary does not carry; it errs towards "same site" only for those registries.
fn registrable(domain: &str) -> &str {
    const SECOND_LEVEL: [&str; 11] = ["co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "gv", "gob"];
    let mut labels = domain.rsplit('.');
    let (top, second) = (labels.next().unwrap_or_default(), labels.next().unwrap_or_default());
    let keep = if top.len() == 2 && SECOND_LEVEL.contains(&second) { 3 } else { 2 };
    domain.rmatch_indices('.').nth(keep - 1).map_or(domain, |(dot, _)| &domain[dot + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert_eq!(normalize_domain("https://www.Shop.example:443/x"), "shop.example");
        assert_eq!(normalize_domain(".shop.example"), "shop.example");
        assert!(same_site("cdn.shop.example", "shop.example"));
        assert!(same_site("a.shop.co.uk", "shop.co.uk"));
        assert!(!same_site("shop.co.uk", "other.co.uk"));
        assert!(!same_site("doubleclick.net", "shop.example"));
        assert_eq!(registrable("localhost"), "localhost");
    }

    #[test]
    fn unknown_text_says_what_was_expected() {
        assert!(parse_observed("hello").unwrap_err().contains("OpenWPM"));
        assert!(parse_observed(r#"{"a": 1}"#).is_err());
    }
}
