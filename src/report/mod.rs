//! `cookielint report`: one self-contained HTML page (inline CSS, SVG and a little script; nothing
//! fetched) over the records of a batch run. The records are read line by line and only
//! aggregates are kept (counts, top lists, a few examples per rule, a histogram, a timeline), so
//! the page and the memory stay small for a million documents.
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::BufRead;

mod html;

/// How many cookie names and providers the page lists.
pub const TOP: usize = 100;
/// Examples kept per rule.
pub const EXAMPLES_PER_RULE: usize = 5;

/// Lifetime buckets: their upper bounds in seconds (a session cookie has its own bar), and the
/// label of each.
const DAY: u64 = 86_400;
const MONTH: u64 = 2_629_746; // 30.436875 days
const YEAR: u64 = 31_556_952; // 365.2425 days
pub const LIFETIME_BUCKETS: [(u64, &str); 7] = [
    (DAY, "≤ 1 day"),
    (7 * DAY, "≤ 1 week"),
    (MONTH, "≤ 1 month"),
    (6 * MONTH, "≤ 6 months"),
    (13 * MONTH, "≤ 13 months"),
    (2 * YEAR, "≤ 2 years"),
    (u64::MAX, "> 2 years"),
];

/// One finding shown as an example of its rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub source: String,
    pub line: u64,
    pub message: String,
}

/// What the page shows, counted over every record.
#[derive(Debug, Default)]
pub struct Aggregates {
    pub documents: u64,
    pub by_status: BTreeMap<String, u64>,
    pub by_language: BTreeMap<String, u64>,
    pub cookies: u64,
    /// Documents declaring each cookie name.
    pub names: HashMap<String, u64>,
    /// Cookies of each provider (canonical name where known).
    pub providers: HashMap<String, u64>,
    pub categories: BTreeMap<String, u64>,
    pub session: u64,
    pub lifetimes: [u64; LIFETIME_BUCKETS.len()],
    pub unknown_lifetime: u64,
    pub findings: u64,
    pub rules: BTreeMap<String, (u64, Vec<Example>)>,
    /// By month (YYYY-MM) of dated records: documents and cookies.
    pub months: BTreeMap<String, (u64, u64)>,
    /// Versions of each dated policy: (date, hashes of its cookie names), for the changes.
    versions: HashMap<String, Vec<(String, Vec<u64>)>>,
    /// Lines that were not records.
    pub unreadable: u64,
}

/// Cookies added and removed between consecutive versions of the same policy, by month.
pub type Changes = BTreeMap<String, (u64, u64)>;

impl Aggregates {
    /// Counts one record (a line `cookielint batch` wrote).
    pub fn add(&mut self, record: &Value) {
        self.documents += 1;
        let text = |key: &str| record.get(key).and_then(Value::as_str);
        *self.by_status.entry(text("status").unwrap_or("unknown").to_string()).or_default() += 1;
        if let Some(language) = text("language") {
            *self.by_language.entry(language.to_string()).or_default() += 1;
        }
        let cookies = record.get("cookies").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        self.cookies += cookies.len() as u64;
        let mut names: Vec<&str> = cookies.iter().filter_map(|c| c.get("name").and_then(Value::as_str)).collect();
        names.sort_unstable();
        names.dedup();
        for name in &names {
            *self.names.entry((*name).to_string()).or_default() += 1;
        }
        for cookie in cookies {
            let field = |key: &str| cookie.get(key).and_then(Value::as_str);
            if let Some(provider) = field("provider_canonical").or_else(|| field("provider")) {
                *self.providers.entry(provider.to_string()).or_default() += 1;
            }
            if let Some(category) = field("category") {
                *self.categories.entry(category.to_string()).or_default() += 1;
            }
            let duration = cookie.get("duration");
            let kind = duration.and_then(|d| d.get("kind")).and_then(Value::as_str);
            match (kind, duration.and_then(|d| d.get("seconds")).and_then(Value::as_u64)) {
                (Some("session"), _) => self.session += 1,
                (_, Some(seconds)) => {
                    let bucket = LIFETIME_BUCKETS.iter().position(|(bound, _)| seconds <= *bound).unwrap_or(0);
                    self.lifetimes[bucket] += 1;
                }
                _ => self.unknown_lifetime += 1,
            }
        }
        for finding in record.get("findings").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            self.add_finding(text("source").unwrap_or("-"), finding);
        }
        if let Some(date) = text("date") {
            let month: String = date.chars().take(7).collect();
            let entry = self.months.entry(month).or_default();
            entry.0 += 1;
            entry.1 += cookies.len() as u64;
            // The policy a version belongs to: its path without the commit (`PATH@COMMIT`), else
            // its URL.
            let source = text("source").unwrap_or("-");
            let key = text("url")
                .map(str::to_string)
                .unwrap_or_else(|| source.rsplit_once('@').map_or(source, |(path, _)| path).to_string());
            let hashes = names.iter().map(|n| hash(n)).collect();
            self.versions.entry(key).or_default().push((date.to_string(), hashes));
        }
    }

    /// Counts one finding of the document `source`.
    pub fn add_finding(&mut self, source: &str, finding: &Value) {
        self.findings += 1;
        let rule = finding.get("rule").and_then(Value::as_str).unwrap_or("unknown");
        let entry = self.rules.entry(rule.to_string()).or_default();
        entry.0 += 1;
        if entry.1.len() < EXAMPLES_PER_RULE {
            entry.1.push(Example {
                source: source.to_string(),
                line: finding.get("line").and_then(Value::as_u64).unwrap_or(0),
                message: finding.get("message").and_then(Value::as_str).unwrap_or_default().to_string(),
            });
        }
    }

    /// Reads JSON Lines of records; a line that is not a JSON object is counted as unreadable.
    pub fn read(&mut self, reader: impl BufRead) -> std::io::Result<()> {
        for line in reader.lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Value>(&line) {
                Ok(record) if record.is_object() => self.add(&record),
                _ => self.unreadable += 1,
            }
        }
        Ok(())
    }

    /// Reads a Parquet file `batch --output-format parquet` wrote: cookie rows (the rows of one
    /// `document` number are one document) or, in a `--findings` file, finding rows (counted by
    /// rule; their documents are the cookie file's).
    #[cfg(feature = "parquet")]
    pub fn read_parquet(&mut self, file: std::fs::File) -> std::io::Result<()> {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let reader = SerializedFileReader::new(file).map_err(std::io::Error::other)?;
        let findings = reader.metadata().file_metadata().schema_descr().columns().iter().any(|c| c.name() == "rule");
        let mut document: Option<Value> = None;
        for row in reader.get_row_iter(None).map_err(std::io::Error::other)? {
            let row = row.map_err(std::io::Error::other)?;
            // The few physical types batch writes: text, integers, a boolean.
            let row: serde_json::Map<String, Value> = row
                .get_column_iter()
                .map(|(name, field)| {
                    use parquet::record::Field;
                    let value = match field {
                        Field::Str(text) => Value::from(text.as_str()),
                        Field::Long(n) => Value::from(*n),
                        Field::Int(n) => Value::from(*n),
                        Field::Bool(b) => Value::from(*b),
                        _ => Value::Null,
                    };
                    (name.clone(), value)
                })
                .collect();
            let field = |key: &str| row.get(key).cloned().unwrap_or(Value::Null);
            if findings {
                self.add_finding(
                    row.get("source").and_then(Value::as_str).unwrap_or("-"),
                    &serde_json::json!({"rule": field("rule"), "line": field("line"), "message": field("message")}),
                );
                continue;
            }
            let number = field("document");
            if document.as_ref().is_some_and(|d| d["document"] != number) {
                self.add(&document.take().unwrap_or_default());
            }
            let document = document.get_or_insert_with(|| {
                serde_json::json!({"document": number, "source": field("source"), "status": "ok", "language": field("language"),
                    "date": field("date"), "url": field("url"), "cookies": []})
            });
            let cookie = serde_json::json!({
                "name": field("name"), "provider": field("provider"), "provider_canonical": field("provider_canonical"),
                "category": field("category"),
                "duration": {"seconds": field("duration_seconds"), "kind": field("duration_kind")},
            });
            if let Some(cookies) = document["cookies"].as_array_mut() {
                cookies.push(cookie);
            }
        }
        if let Some(document) = document {
            self.add(&document);
        }
        Ok(())
    }

    /// Cookies added and removed from one version of a policy to the next, by the month of the
    /// later version.
    pub fn changes(&self) -> Changes {
        let mut changes = Changes::new();
        for versions in self.versions.values() {
            let mut ordered: Vec<&(String, Vec<u64>)> = versions.iter().collect();
            ordered.sort_by(|a, b| a.0.cmp(&b.0));
            for pair in ordered.windows(2) {
                let (before, after) = (&pair[0].1, &pair[1].1);
                let added = after.iter().filter(|h| !before.contains(h)).count() as u64;
                let removed = before.iter().filter(|h| !after.contains(h)).count() as u64;
                let entry = changes.entry(pair[1].0.chars().take(7).collect()).or_default();
                entry.0 += added;
                entry.1 += removed;
            }
        }
        changes
    }

    /// The `n` largest counts of a map, largest first, then by name.
    pub fn top(map: &HashMap<String, u64>, n: usize) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64)> = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        all.truncate(n);
        all
    }

    /// The page.
    pub fn html(&self, title: &str) -> String {
        html::page(self, title)
    }
}

fn hash(name: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = crate::text::Fnv.build_hasher();
    hasher.write(name.as_bytes());
    hasher.finish()
}

pub(crate) use crate::text::escape_markup as escape;

/// A number with thin spaces between thousands ("1 234 567").
pub(crate) fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            let _ = write!(out, "\u{202F}");
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(source: &str, date: Option<&str>, names: &[&str]) -> Value {
        let cookies: Vec<Value> = names
            .iter()
            .map(|n| {
                serde_json::json!({"name": n, "category": "statistics", "provider_canonical": "Google",
                "duration": {"seconds": 300 * DAY, "kind": "persistent"}})
            })
            .collect();
        let mut r = serde_json::json!({"source": source, "status": "ok", "language": "en", "cookies": cookies,
            "findings": [{"rule": "excessive-lifetime", "line": 3, "message": "over <13 months>"}]});
        if let Some(date) = date {
            r["date"] = Value::from(date);
        }
        r
    }

    #[test]
    fn counts_names_lifetimes_findings_and_changes() {
        let mut all = Aggregates::default();
        all.add(&record("p.md@a1", Some("2025-01-03T00:00:00Z"), &["_ga", "_gid"]));
        all.add(&record("p.md@b2", Some("2025-03-09T00:00:00Z"), &["_ga", "_fbp"]));
        all.add(&record("q.md", None, &["_ga"]));
        assert_eq!((all.documents, all.cookies), (3, 5));
        assert_eq!(all.names["_ga"], 3);
        assert_eq!(all.lifetimes[4], 5, "300 days: between 6 and 13 months");
        assert_eq!(all.rules["excessive-lifetime"].0, 3);
        assert_eq!(all.months.len(), 2);
        assert_eq!(all.changes()["2025-03"], (1, 1), "_fbp added, _gid removed");
        let page = all.html("t");
        assert!(page.contains("over &lt;13 months&gt;") && !page.contains("<13 months>"));
        assert!(!page.contains("http://") && !page.contains("https://"), "nothing fetched");
    }

    #[test]
    fn lines_that_are_not_records_are_counted() {
        let mut all = Aggregates::default();
        all.read("{\"status\": \"ok\"}\nnot json\n[1]\n\n".as_bytes()).unwrap();
        assert_eq!((all.documents, all.unreadable), (1, 2));
    }
}
