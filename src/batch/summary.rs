//! The end-of-run summary of a batch: documents by status, tables, cookies, findings by rule,
//! the most frequent providers and the categories.
use super::inputs::Skipped;
use super::{Record, Status};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// How many providers the summary lists.
const TOP_PROVIDERS: usize = 20;

#[derive(Debug, Default)]
pub struct Tally {
    pub documents: u64,
    pub by_status: BTreeMap<&'static str, u64>,
    pub bytes: u64,
    pub tables: u64,
    pub cookies: u64,
    pub findings_by_rule: BTreeMap<String, u64>,
    pub providers: HashMap<String, u64>,
    pub categories: BTreeMap<String, u64>,
    /// Sources passed over because the output already had them (`--resume`).
    pub resumed: u64,
    /// Files met in folders and not read.
    pub skipped: Skipped,
    /// Documents read with markup nested past the limit (read as text, status unchanged).
    pub nested_past_limit: u64,
}

impl Tally {
    /// Counts a finished record ([`Record::finish`]).
    pub fn add(&mut self, record: &Record) {
        self.documents += 1;
        *self.by_status.entry(record.status.as_str()).or_default() += 1;
        self.bytes += record.bytes;
        let counts = &record.counts;
        self.nested_past_limit += u64::from(counts.nested_past_limit);
        self.tables += counts.tables;
        self.cookies += counts.cookies;
        for provider in &counts.providers {
            *self.providers.entry(provider.clone()).or_default() += 1;
        }
        for category in &counts.categories {
            *self.categories.entry(category.to_string()).or_default() += 1;
        }
        for rule in &counts.rules {
            *self.findings_by_rule.entry(rule.clone()).or_default() += 1;
        }
    }

    pub fn failed(&self) -> u64 {
        self.by_status.get(Status::Error.as_str()).copied().unwrap_or(0)
    }

    pub fn summary(&self, seconds: f64) -> Summary {
        let mut providers: Vec<(String, u64)> = self.providers.iter().map(|(k, v)| (k.clone(), *v)).collect();
        providers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        providers.truncate(TOP_PROVIDERS);
        let rate = |n: f64| if seconds > 0.0 { n / seconds } else { 0.0 };
        Summary {
            documents: self.documents,
            by_status: self.by_status.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            resumed: self.resumed,
            skipped: self.skipped.clone(),
            nested_past_limit: self.nested_past_limit,
            bytes: self.bytes,
            tables: self.tables,
            cookies: self.cookies,
            findings: self.findings_by_rule.values().sum(),
            findings_by_rule: self.findings_by_rule.clone(),
            top_providers: providers
                .into_iter()
                .map(|(provider, cookies)| ProviderCount { provider, cookies })
                .collect(),
            categories: self.categories.clone(),
            seconds,
            documents_per_second: rate(self.documents as f64),
            megabytes_per_second: rate(self.bytes as f64 / 1e6),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ProviderCount {
    pub provider: String,
    pub cookies: u64,
}

/// Written to `--summary FILE.json` and printed on stderr.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub documents: u64,
    pub by_status: BTreeMap<String, u64>,
    pub resumed: u64,
    /// Files met in folders and not read, by why.
    pub skipped: Skipped,
    pub nested_past_limit: u64,
    pub bytes: u64,
    pub tables: u64,
    pub cookies: u64,
    pub findings: u64,
    pub findings_by_rule: BTreeMap<String, u64>,
    pub top_providers: Vec<ProviderCount>,
    pub categories: BTreeMap<String, u64>,
    pub seconds: f64,
    pub documents_per_second: f64,
    pub megabytes_per_second: f64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let statuses: Vec<String> = self.by_status.iter().map(|(k, v)| format!("{v} {k}")).collect();
        writeln!(
            f,
            "{} documents ({}){} in {:.2} s: {:.0} documents/s, {:.1} MB/s",
            self.documents,
            if statuses.is_empty() { "none".to_string() } else { statuses.join(", ") },
            if self.resumed > 0 { format!(", {} already in the output", self.resumed) } else { String::new() },
            self.seconds,
            self.documents_per_second,
            self.megabytes_per_second
        )?;
        let skipped = &self.skipped;
        if skipped.total() > 0 {
            let mut parts = Vec::new();
            if skipped.not_a_policy > 0 {
                let endings: Vec<String> = skipped
                    .not_a_policy_by_ending
                    .iter()
                    .take(8)
                    .map(|(ending, count)| format!("{ending} {count}"))
                    .collect();
                parts.push(format!("{} not policies ({})", skipped.not_a_policy, endings.join(", ")));
            }
            if skipped.excluded > 0 {
                parts.push(format!("{} excluded by --exclude or --include", skipped.excluded));
            }
            if skipped.hidden > 0 {
                parts.push(format!("{} hidden", skipped.hidden));
            }
            writeln!(f, "{} files in folders not read: {}", skipped.total(), parts.join(", "))?;
        }
        if self.nested_past_limit > 0 {
            writeln!(f, "{} documents nested past --max-nesting-depth (read as text there)", self.nested_past_limit)?;
        }
        writeln!(f, "{} tables, {} cookies, {} findings", self.tables, self.cookies, self.findings)?;
        if !self.findings_by_rule.is_empty() {
            let rules: Vec<String> = self.findings_by_rule.iter().map(|(k, v)| format!("{k} {v}")).collect();
            writeln!(f, "findings by rule: {}", rules.join(", "))?;
        }
        if !self.categories.is_empty() {
            let categories: Vec<String> = self.categories.iter().map(|(k, v)| format!("{k} {v}")).collect();
            writeln!(f, "categories: {}", categories.join(", "))?;
        }
        if !self.top_providers.is_empty() {
            let providers: Vec<String> =
                self.top_providers.iter().take(10).map(|p| format!("{} {}", p.provider, p.cookies)).collect();
            writeln!(f, "top providers: {}", providers.join(", "))?;
        }
        Ok(())
    }
}
