//! Observed cookies in the formats auditing tools write (files in tests/observed/, written by
//! hand in each tool's format), and the lint rules that compare them with a policy.
use cookielint::observed::{read_observed, Lifetime, ObservedCookie, ObservedFormat};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/observed").join(name)
}

fn read(name: &str) -> (ObservedFormat, Vec<ObservedCookie>) {
    read_observed(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn find<'a>(cookies: &'a [ObservedCookie], name: &str) -> &'a ObservedCookie {
    cookies.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no {name} in {cookies:?}"))
}

#[test]
fn website_evidence_collector() {
    let (format, cookies) = read("wec-inspection.json");
    assert_eq!(format, ObservedFormat::WebsiteEvidenceCollector);
    assert_eq!(find(&cookies, "_ga").lifetime, Lifetime::Persistent(Some(731 * 86_400)));
    assert_eq!(find(&cookies, "basket").lifetime, Lifetime::Session);
    let ide = find(&cookies, "IDE");
    assert_eq!((ide.domain.as_str(), ide.third_party), ("doubleclick.net", Some(true)));
    assert_eq!(find(&cookies, "_ga").is_third_party(None), Some(false));
}

#[test]
fn har_with_the_site_from_its_first_page() {
    let (format, cookies) = read("capture.har");
    assert_eq!(format, ObservedFormat::Har);
    assert_eq!(find(&cookies, "_ga").lifetime, Lifetime::Persistent(Some(731 * 86_400)));
    assert_eq!(find(&cookies, "basket").lifetime, Lifetime::Session);
    assert_eq!(find(&cookies, "consent").lifetime, Lifetime::Unknown, "only seen sent by the browser");
    let ide = find(&cookies, "IDE");
    assert_eq!(ide.domain, "ad.doubleclick.net", "no domain attribute: the host that set it");
    assert_eq!(ide.is_third_party(None), Some(true));
    assert_eq!(find(&cookies, "_ga").is_third_party(None), Some(false), "www. and the leading dot removed");
}

#[test]
fn blacklight_files() {
    let (format, cookies) = read("blacklight-browser-cookies.json");
    assert_eq!(format, ObservedFormat::Blacklight);
    assert_eq!(find(&cookies, "_fbp").lifetime, Lifetime::Persistent(None), "an absolute expiry: persistent only");
    assert_eq!(find(&cookies, "basket").lifetime, Lifetime::Session);
    assert_eq!(find(&cookies, "_fbp").is_third_party(Some("https://www.bakery.example/cookies")), Some(false));
    let (format, cookies) = read("blacklight-inspection.json");
    assert_eq!(format, ObservedFormat::Blacklight);
    assert_eq!(find(&cookies, "IDE").third_party, Some(true));
    assert_eq!(find(&cookies, "basket").is_third_party(None), Some(false));
}

#[test]
fn browser_extension_exports() {
    for file in ["cookie-editor.json", "editthiscookie.json"] {
        let (format, cookies) = read(file);
        assert_eq!(format, ObservedFormat::CookieEditor, "{file}");
        for cookie in &cookies {
            assert!(!cookie.domain.starts_with('.') && !cookie.domain.starts_with("www."), "{file}: {cookie:?}");
        }
    }
    let (_, cookies) = read("cookie-editor.json");
    assert_eq!(find(&cookies, "_ga").lifetime, Lifetime::Persistent(None));
    assert_eq!(find(&cookies, "basket").lifetime, Lifetime::Session);
    assert_eq!(find(&cookies, "basket").domain, "bakery.example");
}

#[test]
fn netscape_and_csv() {
    let (format, cookies) = read("cookies.txt");
    assert_eq!(format, ObservedFormat::Netscape);
    assert_eq!(find(&cookies, "_ga").lifetime, Lifetime::Persistent(None));
    assert_eq!(find(&cookies, "basket").lifetime, Lifetime::Session);
    let (format, cookies) = read("cookies.csv");
    assert_eq!(format, ObservedFormat::Csv);
    assert_eq!(find(&cookies, "_ga").lifetime, Lifetime::Persistent(Some(63_072_000)));
}

/// An OpenWPM crawl database with the current schema, and one from an older crawl (`change`
/// instead of `record_type`, no `site_visits`).
#[test]
fn openwpm_databases() {
    let dir = tempfile::tempdir().unwrap();
    let current = dir.path().join("crawl-data.sqlite");
    let db = rusqlite::Connection::open(&current).unwrap();
    db.execute_batch(
        "CREATE TABLE site_visits (visit_id INTEGER PRIMARY KEY, browser_id INTEGER NOT NULL, site_url VARCHAR(500) NOT NULL, site_rank INTEGER);
         CREATE TABLE javascript_cookies (id INTEGER PRIMARY KEY ASC, browser_id INTEGER NOT NULL, visit_id INTEGER NOT NULL,
           extension_session_uuid TEXT, event_ordinal INTEGER, record_type TEXT, change_cause TEXT, expiry DATETIME,
           is_http_only BOOLEAN, is_host_only BOOLEAN, is_session BOOLEAN, host TEXT, is_secure BOOLEAN, name TEXT,
           path TEXT, value TEXT, same_site TEXT, first_party_domain TEXT, store_id TEXT, time_stamp DATETIME);
         INSERT INTO site_visits VALUES (7, 1, 'https://www.bakery.example/', 1);
         INSERT INTO javascript_cookies (browser_id, visit_id, record_type, change_cause, expiry, is_session, host, name, path, value, time_stamp) VALUES
           (1, 7, 'added-or-changed', 'explicit', '2028-03-02T09:00:00.000Z', 0, '.bakery.example', '_ga', '/', 'GA1', '2026-03-02T09:00:00.000Z'),
           (1, 7, 'added-or-changed', 'explicit', '2026-03-02T09:00:00.000Z', 1, 'bakery.example', 'basket', '/', '3', '2026-03-02T09:00:00.000Z'),
           (1, 7, 'added-or-changed', 'explicit', '2027-03-28T09:00:00.000Z', 0, '.doubleclick.net', 'IDE', '/', 'x', '2026-03-02T09:00:00.000Z'),
           (1, 7, 'deleted', 'expired', '2026-03-02T09:00:00.000Z', 0, 'bakery.example', 'gone', '/', '', '2026-03-02T09:00:00.000Z');",
    )
    .unwrap();
    drop(db);
    let (format, cookies) = read_observed(&current).unwrap();
    assert_eq!(format, ObservedFormat::OpenWpm);
    assert_eq!(cookies.len(), 3, "the deleted cookie is skipped: {cookies:?}");
    assert_eq!(find(&cookies, "_ga").lifetime, Lifetime::Persistent(Some(731 * 86_400)));
    assert_eq!(find(&cookies, "basket").lifetime, Lifetime::Session);
    assert_eq!(find(&cookies, "IDE").is_third_party(None), Some(true), "site from site_visits");
    assert_eq!(find(&cookies, "_ga").is_third_party(None), Some(false));

    let old = dir.path().join("old-crawl.sqlite");
    let db = rusqlite::Connection::open(&old).unwrap();
    db.execute_batch(
        "CREATE TABLE javascript_cookies (id INTEGER PRIMARY KEY, crawl_id INTEGER, visit_id INTEGER, change TEXT,
           creationTime DATETIME, expiry DATETIME, is_http_only INTEGER, is_host_only INTEGER, is_session INTEGER,
           last_accessed DATETIME, raw_host TEXT, expires INTEGER, host TEXT, is_domain INTEGER, is_secure INTEGER,
           name TEXT, path TEXT, policy INTEGER, status INTEGER, value TEXT, time_stamp DATETIME);
         INSERT INTO javascript_cookies (visit_id, change, expiry, is_session, host, name, time_stamp) VALUES
           (1, 'added', '2027-03-02T09:00:00Z', 0, '.bakery.example', '_ga', '2026-03-02T09:00:00Z'),
           (1, 'deleted', '2027-03-02T09:00:00Z', 0, '.bakery.example', 'old', '2026-03-02T09:00:00Z');",
    )
    .unwrap();
    drop(db);
    let (_, cookies) = read_observed(&old).unwrap();
    assert_eq!(cookies.len(), 1);
    assert_eq!(cookies[0].lifetime, Lifetime::Persistent(Some(365 * 86_400)));
    assert_eq!(cookies[0].is_third_party(Some("bakery.example")), Some(false));

    let empty = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&empty).unwrap().execute_batch("CREATE TABLE t (x INTEGER);").unwrap();
    assert!(read_observed(&empty).unwrap_err().contains("javascript_cookies"));
}

/// `lint --observed` on a policy, with the inspection of the Website Evidence Collector: the
/// lifetime over CookieBlock's bound, the session cookie observed persistent, the first-party
/// declaration observed on a third party's domain, the undeclared cookie.
#[test]
fn lint_against_an_evidence_collector_inspection() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.md");
    std::fs::write(
        &policy,
        "# Cookies on bakery.example\n\n| Cookie | Provider | Purpose | Duration | Party |\n|---|---|---|---|---|\n\
         | _ga | Google | Counts visits | 13 months | first party |\n\
         | IDE | Google | Advertising | 13 months | first party |\n\
         | basket | Bakery | Keeps the basket | 1 year | first party |\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .args(["lint", "--format", "jsonl", "--observed"])
        .arg(fixture("wec-inspection.json"))
        .arg(&policy)
        .output()
        .unwrap();
    let findings: Vec<(String, u64, String)> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|f| {
            (f["rule"].as_str().unwrap().into(), f["line"].as_u64().unwrap(), f["message"].as_str().unwrap().into())
        })
        .collect();
    let has = |rule: &str, line: u64| findings.iter().any(|(r, l, _)| r == rule && *l == line);
    assert!(has("observed-lifetime", 5), "_ga: 731 days observed for 13 months declared: {findings:?}");
    assert!(!has("observed-lifetime", 6), "IDE: 391 days is under 1.5 × 13 months");
    assert!(has("observed-lifetime", 7), "basket: declared for a year, observed as a session cookie");
    assert!(has("observed-party", 6), "IDE declared first party, set on doubleclick.net");
    assert!(!has("observed-party", 5));
    assert!(!findings.iter().any(|(r, _, _)| r == "undeclared-observed"), "{findings:?}");
}

/// `extract --format tcf-device-storage` writes what `lint --declared` reads: the policy agrees
/// with its own disclosure; a vendor file with another lifetime and one more cookie does not.
#[test]
fn tcf_device_storage_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.md");
    std::fs::write(
        &policy,
        "## Statistics cookies\n\n| Cookie | Domain | Purpose | Duration |\n|---|---|---|---|\n\
         | _ga | .bakery.example | Counts visits | 13 months |\n| _ga_* | .bakery.example | Keeps the session state | 13 months |\n\n\
         ## Necessary cookies\n\n| Cookie | Purpose | Duration |\n|---|---|---|\n| basket | Keeps the basket | Session |\n",
    )
    .unwrap();
    let cookielint = || Command::new(env!("CARGO_BIN_EXE_cookielint"));
    let output = cookielint().args(["extract", "--format", "tcf-device-storage"]).arg(&policy).output().unwrap();
    assert!(output.status.success());
    let storage: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let disclosures = storage["disclosures"].as_array().unwrap();
    assert_eq!(disclosures.len(), 3);
    assert_eq!(disclosures[1]["identifier"], "_ga_*");
    assert_eq!(disclosures[0]["maxAgeSeconds"], 34_186_698);
    assert_eq!(disclosures[0]["domains"][0], "*.bakery.example");
    assert_eq!(disclosures[0]["purposes"], serde_json::json!([1, 8]));
    assert_eq!(disclosures[2]["maxAgeSeconds"], 0, "a session cookie");
    let own = dir.path().join("deviceStorage.json");
    std::fs::write(&own, &output.stdout).unwrap();
    let lint = |declared: &Path| {
        let output = cookielint()
            .args([
                "lint",
                "--format",
                "jsonl",
                "--select",
                "missing-vendor-cookie,vendor-lifetime-mismatch",
                "--declared",
            ])
            .arg(declared)
            .arg(&policy)
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["rule"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(lint(&own).is_empty(), "a policy agrees with its own disclosure");
    let vendor = dir.path().join("vendor.json");
    std::fs::write(
        &vendor,
        r#"{"disclosures": [{"identifier": "_ga", "type": "cookie", "maxAgeSeconds": 63072000, "cookieRefresh": true, "purposes": [1, 8]},
            {"identifier": "_gid", "type": "cookie", "maxAgeSeconds": 86400, "purposes": [1, 8]}]}"#,
    )
    .unwrap();
    let mut rules = lint(&vendor);
    rules.sort();
    assert_eq!(rules, ["missing-vendor-cookie", "vendor-lifetime-mismatch"]);
}
