//! The IAB Transparency & Consent Framework's Device Storage Disclosure (`deviceStorage.json`):
//! what a vendor says it stores on the device, one disclosure per identifier.
//!
//! Written from a policy (`extract --format tcf-device-storage`): each declared cookie becomes a
//! disclosure of type `cookie`; the identifier is the name or its pattern (`_ga_*`, the wildcard
//! the specification allows); `maxAgeSeconds` is the normalized lifetime (the longest end of a
//! range), 0 for a session cookie and null when the policy gives none; `domains` is the declared
//! domain (`*.example.com` when declared with a leading dot) or `*` (the site the vendor runs
//! on); the purposes follow the category: statistics → 1, 8; marketing → 1, 2, 3, 4, 7;
//! preferences and unclassified → 1; strictly necessary storage has no TCF purpose (none is
//! written). `cookieRefresh` is written false: policies do not say it in any form the extractor
//! reads. Review the purposes before publishing: a category is coarser than TCF's purposes.
//!
//! Read (`lint --declared FILE`) to compare a policy with what its vendors disclose.
use crate::glob::glob_match;
use crate::grammar::duration::DurationKind;
use crate::grammar::Category;
use crate::model::{Cookie, Kind, Policy};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DeviceStorage {
    #[serde(default)]
    pub disclosures: Vec<Disclosure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<DomainUse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Disclosure {
    pub identifier: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Seconds; 0 or less for a session cookie; null when not a cookie or not known.
    #[serde(default, deserialize_with = "seconds")]
    pub max_age_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookie_refresh: Option<bool>,
    /// The single domain of the 1.0 format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    #[serde(default)]
    pub purposes: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_purposes: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainUse {
    pub domain: String,
    #[serde(default)]
    pub r#use: String,
}

impl Disclosure {
    pub fn is_cookie(&self) -> bool {
        self.kind.eq_ignore_ascii_case("cookie")
    }

    /// Web storage (local or session storage), TCF type `web`.
    pub fn is_web_storage(&self) -> bool {
        self.kind.eq_ignore_ascii_case("web")
    }

    /// Whether a declaration of `kind` is the storage this disclosure describes: a cookie for a
    /// `cookie`, a local- or session-storage key for `web`; `app` storage is not in web policies.
    pub fn same_kind(&self, kind: Kind) -> bool {
        match kind {
            Kind::Cookie => self.is_cookie(),
            Kind::LocalStorage | Kind::SessionStorage => self.is_web_storage(),
            Kind::Pixel | Kind::Other => false,
        }
    }

    pub fn is_session(&self) -> bool {
        self.max_age_seconds.is_some_and(|s| s <= 0)
    }

    /// Whether a declared cookie and this disclosure name the same storage: equal identifiers,
    /// or one's wildcard pattern matching the other's name.
    pub fn names(&self, cookie: &Cookie) -> bool {
        let declared = cookie.pattern_glob.as_deref().unwrap_or(&cookie.name);
        self.identifier == declared
            || self.identifier == cookie.name
            || (self.identifier.contains('*') && glob_match(&self.identifier, &cookie.name))
            || cookie.pattern_glob.as_deref().is_some_and(|glob| glob_match(glob, &self.identifier))
    }
}

/// Reads a `deviceStorage.json`; the error says what is wrong.
pub fn parse(text: &str) -> Result<DeviceStorage, String> {
    let value: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{FEFF}')).map_err(|e| format!("invalid JSON: {e}"))?;
    if !value.get("disclosures").is_some_and(serde_json::Value::is_array) {
        return Err("not a TCF device storage disclosure: no `disclosures` array".into());
    }
    let storage: DeviceStorage =
        serde_json::from_value(value).map_err(|e| format!("not a TCF device storage disclosure: {e}"))?;
    if storage.disclosures.iter().any(|d| d.identifier.is_empty()) {
        return Err("a disclosure has an empty identifier".into());
    }
    Ok(storage)
}

/// Seconds as published: an integer, though some files write `2592000.0`.
fn seconds<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    let value: Option<f64> = Option::deserialize(deserializer)?;
    Ok(value.filter(|v| v.is_finite()).map(|v| v.round() as i64))
}

fn purposes(category: Option<Category>) -> Vec<u32> {
    match category {
        Some(Category::Necessary) => Vec::new(),
        Some(Category::Statistics) => vec![1, 8],
        Some(Category::Marketing) => vec![1, 2, 3, 4, 7],
        Some(Category::Preferences) | Some(Category::Unclassified) | None => vec![1],
    }
}

/// The disclosure a vendor would publish for the cookies a policy declares.
pub fn from_policy(policy: &Policy) -> DeviceStorage {
    let mut disclosures: Vec<Disclosure> = Vec::new();
    for cookie in &policy.cookies {
        // The TCF types of device storage: HTTP cookies, and web storage (local and session
        // storage). Pixels and other kinds store nothing on the device themselves.
        let storage_type = match cookie.kind {
            Kind::Cookie => "cookie",
            Kind::LocalStorage | Kind::SessionStorage => "web",
            Kind::Pixel | Kind::Other => continue,
        };
        let identifier = cookie.pattern_glob.clone().unwrap_or_else(|| cookie.name.clone());
        if disclosures.iter().any(|d| d.identifier == identifier) {
            continue;
        }
        let max_age_seconds = cookie.declared_duration().and_then(|d| match d.kind {
            DurationKind::Session => Some(0),
            _ => d.seconds.map(|s| s as i64),
        });
        let domain = cookie.domain.as_deref().map(str::trim).filter(|d| d.contains('.') && !d.contains(' '));
        let domains = vec![match domain {
            Some(d) if d.starts_with('.') => format!("*{d}"),
            Some(d) => crate::observed::normalize_domain(d),
            None => "*".to_string(),
        }];
        disclosures.push(Disclosure {
            identifier,
            kind: storage_type.into(),
            max_age_seconds,
            cookie_refresh: Some(false),
            domain: None,
            domains,
            purposes: purposes(cookie.category),
            special_purposes: Vec::new(),
        });
    }
    let mut domains: Vec<DomainUse> = Vec::new();
    for disclosure in &disclosures {
        for domain in &disclosure.domains {
            match domains.iter_mut().find(|d| &d.domain == domain) {
                Some(known) => known.r#use.push_str(&format!(", {}", disclosure.identifier)),
                None => domains
                    .push(DomainUse { domain: domain.clone(), r#use: format!("Stores {}", disclosure.identifier) }),
            }
        }
    }
    DeviceStorage { disclosures, domains }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_becomes_disclosures_and_reads_back() {
        let text = "## Statistics cookies\n\n| Cookie | Domain | Duration |\n|---|---|---|\n| _ga | .shop.example | 2 years |\n| _ga_<container-id> | .shop.example | 2 years |\n| sid | | Session |\n";
        let policy = crate::extract_text("p.md", text.to_string(), &Default::default());
        let storage = from_policy(&policy);
        let ga = &storage.disclosures[0];
        assert_eq!((ga.identifier.as_str(), ga.purposes.as_slice()), ("_ga", &[1, 8][..]));
        assert_eq!(ga.max_age_seconds, Some(63_113_904));
        assert_eq!(ga.domains, ["*.shop.example"]);
        assert_eq!(storage.disclosures[1].identifier, "_ga_*");
        assert!(storage.disclosures[2].is_session());
        let json = serde_json::to_string(&storage).unwrap();
        assert!(json.contains("\"maxAgeSeconds\":63113904,") && json.contains("\"type\":\"cookie\""), "{json}");
        assert_eq!(parse(&json).unwrap(), storage);
        assert!(storage.disclosures[1].names(&policy.cookies[1]));
    }

    #[test]
    fn the_published_shape_is_read() {
        let text = r#"{"disclosures": [{"identifier": "uid*", "type": "cookie", "maxAgeSeconds": 2592000,
            "cookieRefresh": true, "domain": "*.ads.example", "purposes": [1, 2, 4]},
            {"identifier": "prefs", "type": "web", "maxAgeSeconds": null, "purposes": [1]}],
            "domains": [{"domain": "*.ads.example", "use": "ad serving"}]}"#;
        let storage = parse(text).unwrap();
        assert_eq!(storage.disclosures.len(), 2);
        assert!(storage.disclosures[0].is_cookie() && !storage.disclosures[1].is_cookie());
        assert!(parse("[]").is_err());
    }
}
