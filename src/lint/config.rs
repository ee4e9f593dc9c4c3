//! `cookielint.toml`: rule selection and severities, the lifetime profile, expected cookies,
//! per-file ignores and translation groups. Found from each file's folder upward (stopping at
//! the repository root), or given with `--config`. Unknown keys and unknown rule names are
//! errors, with the closest valid name suggested.
use super::{LifetimeLimits, Rule};
use crate::diagnostics::Severity;
use crate::grammar::duration::parse_duration;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "cookielint.toml";

// The JSON Schema of this file (`cookielint schema`, shipped as schemas/cookielint.schema.json)
// is derived from these types; the doc comments are its descriptions.
#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = "cookielint.toml",
    description = "Configuration of cookielint's lint rules (found from each policy's folder upward, or given with --config)."
)]
pub struct ConfigFile {
    /// Lifetime profile for excessive-lifetime: `generic` (default, no cookie over 2 years) or
    /// `cnil` (also audience measurement at most 13 months, the consent choice at most 6 months).
    #[serde(default)]
    #[schemars(schema_with = "profile_schema")]
    pub profile: Option<String>,
    /// Rules to run, by name or code (default: every rule).
    #[serde(default)]
    #[schemars(schema_with = "rule_list_schema")]
    pub select: Option<Vec<String>>,
    /// Rules not to run, by name or code.
    #[serde(default)]
    #[schemars(schema_with = "rule_list_schema")]
    pub ignore: Vec<String>,
    /// The severity of a rule: rule name or code → `error`, `warning` or `info`.
    #[serde(default)]
    #[schemars(schema_with = "severity_map_schema")]
    pub severity: BTreeMap<String, String>,
    /// Lifetime limits that override the profile's.
    #[serde(default)]
    pub limits: LimitsFile,
    /// Cookies the policy must declare (names or globs such as `_ga_*`).
    #[serde(default)]
    pub expected: Vec<String>,
    /// Path glob (relative to this file's folder) → rules not run on the files it matches.
    #[serde(default)]
    #[schemars(schema_with = "per_file_ignores_schema")]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Which documents are translations of each other (translation-mismatch).
    #[serde(default)]
    pub translations: TranslationsFile,
    /// The lowest severity that makes `lint` exit 1: `error` (default), `warning` or `info`.
    #[serde(default)]
    #[schemars(schema_with = "severity_schema")]
    pub fail_on: Option<String>,
}

/// Lifetime limits, each a duration as a policy writes one ("13 months", "6 mois", "2 years").
#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitsFile {
    /// The longest lifetime of an audience-measurement (statistics) cookie.
    pub statistics: Option<String>,
    /// The longest lifetime of the cookie that stores the consent choice.
    pub consent: Option<String>,
    /// The longest lifetime of any cookie.
    pub any: Option<String>,
}

/// What a rule may be called: its name, or its code in any case (as `Rule::find` reads them).
fn rule_name_schema() -> serde_json::Value {
    let names: Vec<&str> = super::rules::ALL.iter().flat_map(|r| [r.name, r.code]).collect();
    // A code in any case: each letter as a class ("[Cc][Ll]001"), as JSON Schema patterns have
    // no case-insensitive flag.
    let any_case = |code: &str| -> String {
        code.chars()
            .map(|c| {
                if c.is_ascii_alphabetic() {
                    format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    let codes: Vec<String> = super::rules::ALL.iter().map(|r| any_case(r.code)).collect();
    let pattern = format!("^({})$", codes.join("|"));
    serde_json::json!({"anyOf": [{"type": "string", "enum": names}, {"type": "string", "pattern": pattern}]})
}

fn profile_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "enum": PROFILES})
}

fn severity_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "enum": ["error", "warning", "info"]})
}

fn rule_list_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "array", "items": rule_name_schema()})
}

fn severity_map_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "propertyNames": rule_name_schema(),
        "additionalProperties": severity_schema(generator),
    })
}

fn per_file_ignores_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "object", "additionalProperties": rule_list_schema(generator)})
}

/// The JSON Schema of `cookielint.toml`, from the types that read it.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ConfigFile)).unwrap_or_default()
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TranslationsFile {
    /// Documents whose `site` is the same host are translations of each other.
    #[serde(default = "yes")]
    pub group_by_site: bool,
    /// Explicit groups of paths (relative to the config's folder).
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
}

impl Default for TranslationsFile {
    fn default() -> Self {
        TranslationsFile { group_by_site: true, groups: Vec::new() }
    }
}

fn yes() -> bool {
    true
}

/// A configuration problem, reported with the file and a suggestion.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path}: {message}")]
#[diagnostic(code(cookielint::config))]
pub struct ConfigError {
    pub path: String,
    pub message: String,
    #[help]
    pub help: Option<String>,
}

/// A loaded configuration and the folder its relative paths are read from.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub file: ConfigFile,
    pub dir: PathBuf,
    pub path: Option<PathBuf>,
}

/// The profiles' limits. `generic`: no cookie over 2 years. `cnil`: the CNIL's recommendations
/// on top — audience measurement at most 13 months, the consent choice kept at most 6 months.
pub fn profile_limits(name: &str) -> Option<LifetimeLimits> {
    let month = |n: f64| (n * crate::grammar::duration::DAYS_PER_MONTH * 86_400.0).round() as u64;
    let year = |n: f64| (n * crate::grammar::duration::DAYS_PER_YEAR * 86_400.0).round() as u64;
    match name {
        "generic" => Some(LifetimeLimits { statistics: None, consent: None, any: Some(year(2.0)) }),
        "cnil" => {
            Some(LifetimeLimits { statistics: Some(month(13.0)), consent: Some(month(6.0)), any: Some(year(2.0)) })
        }
        _ => None,
    }
}

pub const PROFILES: [&str; 2] = ["generic", "cnil"];

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: display.clone(),
            message: format!("cannot read: {e}"),
            help: None,
        })?;
        Config::parse(&text, path)
    }

    /// A configuration given as its settings (not read from a file: from another program, such
    /// as the Python package), checked as a file is; relative paths are read from `dir`.
    pub fn from_settings(file: ConfigFile, dir: PathBuf) -> Result<Config, ConfigError> {
        let config = Config { file, dir, path: None };
        config.check().map_err(|(message, help)| ConfigError { path: "config".into(), message, help })?;
        Ok(config)
    }

    /// Parses and checks the text of a configuration file found at `path` (which places the
    /// per-file patterns and translation groups).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let file: ConfigFile = toml::from_str(text).map_err(|e| ConfigError {
            path: display.clone(),
            message: e.message().to_string(),
            help: e.span().map(|s| {
                let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                format!("at line {line}")
            }),
        })?;
        let config =
            Config { file, dir: path.parent().map(Path::to_path_buf).unwrap_or_default(), path: Some(path.into()) };
        config.check().map_err(|(message, help)| ConfigError { path: display, message, help })?;
        Ok(config)
    }

    fn check(&self) -> Result<(), (String, Option<String>)> {
        let file = &self.file;
        let mut names: Vec<&String> = file.ignore.iter().chain(file.severity.keys()).collect();
        names.extend(file.select.iter().flatten());
        names.extend(file.per_file_ignores.values().flatten());
        for name in names {
            if Rule::find(name).is_none() {
                return Err((format!("unknown rule `{name}`"), suggestion(name)));
            }
        }
        for (rule, severity) in &file.severity {
            if Severity::parse(severity).is_none() {
                return Err((format!("severity of `{rule}` must be error, warning or info, not `{severity}`"), None));
            }
        }
        if let Some(level) = &file.fail_on {
            if Severity::parse(level).is_none() {
                return Err((format!("fail-on must be error, warning or info, not `{level}`"), None));
            }
        }
        if let Some(profile) = &file.profile {
            if profile_limits(profile).is_none() {
                return Err((
                    format!("unknown profile `{profile}`"),
                    Some(format!("profiles: {}", PROFILES.join(", "))),
                ));
            }
        }
        for (key, value) in
            [("statistics", &file.limits.statistics), ("consent", &file.limits.consent), ("any", &file.limits.any)]
        {
            if let Some(text) = value {
                if parse_duration(text).seconds.is_none() {
                    return Err((
                        format!("limits.{key}: cannot read `{text}` as a duration"),
                        Some("e.g. \"13 months\"".into()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The settings for one file: per-file ignores applied, the profile chosen (`profile`
    /// from the command line wins over the file's).
    pub fn resolve(&self, file: Option<&Path>, profile: Option<&str>) -> Resolved {
        let f = &self.file;
        let mut enabled: HashSet<&'static str> = match &f.select {
            Some(select) => select.iter().filter_map(|n| Rule::find(n)).map(|r| r.name).collect(),
            None => super::rules::ALL.iter().map(|r| r.name).collect(),
        };
        for name in &f.ignore {
            if let Some(rule) = Rule::find(name) {
                enabled.remove(rule.name);
            }
        }
        if let Some(file) = file {
            let relative = relative_to(file, &self.dir);
            for (glob, rules) in &f.per_file_ignores {
                if crate::glob::glob_match(glob, &relative) {
                    for rule in rules.iter().filter_map(|n| Rule::find(n)) {
                        enabled.remove(rule.name);
                    }
                }
            }
        }
        let severities = f
            .severity
            .iter()
            .filter_map(|(name, level)| Some((Rule::find(name)?.name.to_string(), Severity::parse(level)?)))
            .collect();
        let profile = profile.or(f.profile.as_deref()).unwrap_or("generic");
        let mut limits = profile_limits(profile).unwrap_or_default();
        let seconds = |text: &Option<String>| text.as_deref().and_then(|t| parse_duration(t).seconds);
        limits.statistics = seconds(&f.limits.statistics).or(limits.statistics);
        limits.consent = seconds(&f.limits.consent).or(limits.consent);
        limits.any = seconds(&f.limits.any).or(limits.any);
        Resolved {
            enabled,
            severities,
            limits,
            expected: f.expected.clone(),
            translation_groups: f
                .translations
                .groups
                .iter()
                .map(|g| g.iter().map(|p| self.dir.join(p)).collect())
                .collect(),
            group_by_site: f.translations.group_by_site,
            fail_on: f.fail_on.as_deref().and_then(Severity::parse),
        }
    }
}

/// One setting in force for a file, with where its value came from (`lint --show-settings`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Setting {
    pub key: String,
    pub value: serde_json::Value,
    pub source: String,
}

impl Config {
    /// Every setting [`Config::resolve`] gives `file`, with its source: this configuration file,
    /// the profile, `--profile` (`profile`), or the default.
    pub fn settings(&self, file: Option<&Path>, profile: Option<&str>) -> Vec<Setting> {
        use serde_json::json;
        let f = &self.file;
        let here = self.path.as_ref().map_or_else(|| "default".to_string(), |p| p.display().to_string());
        let from_file = |key: &str| format!("{here} ({key})");
        let resolved = self.resolve(file, profile);
        let mut settings = Vec::new();
        let mut push = |key: &str, value: serde_json::Value, source: String| {
            settings.push(Setting { key: key.to_string(), value, source });
        };
        push("config", json!(self.path), if self.path.is_some() { "found or given".into() } else { "none".into() });
        let (profile_name, profile_source) = match (profile, &f.profile) {
            (Some(name), _) => (name, "--profile".to_string()),
            (None, Some(name)) => (name.as_str(), from_file("profile")),
            (None, None) => ("generic", "default".to_string()),
        };
        push("profile", json!(profile_name), profile_source);
        let from_profile = profile_limits(profile_name).unwrap_or_default();
        for (key, written, value, profile_value) in [
            ("statistics", &f.limits.statistics, resolved.limits.statistics, from_profile.statistics),
            ("consent", &f.limits.consent, resolved.limits.consent, from_profile.consent),
            ("any", &f.limits.any, resolved.limits.any, from_profile.any),
        ] {
            let source = match (written, profile_value) {
                (Some(text), _) => from_file(&format!("limits.{key} = \"{text}\"")),
                (None, Some(_)) => format!("profile {profile_name}"),
                (None, None) => "none".to_string(),
            };
            push(&format!("limits.{key}.seconds"), json!(value), source);
        }
        let (selected, select_source) = match &f.select {
            Some(select) => (json!(select), from_file("select")),
            None => (json!("all"), "default".to_string()),
        };
        push("select", selected, select_source);
        push("ignore", json!(f.ignore), if f.ignore.is_empty() { "default".into() } else { from_file("ignore") });
        let mut per_file: Vec<String> = Vec::new();
        let mut per_file_sources: Vec<String> = Vec::new();
        if let Some(file) = file {
            let relative = relative_to(file, &self.dir);
            for (glob, rules) in &f.per_file_ignores {
                if crate::glob::glob_match(glob, &relative) {
                    per_file.extend(rules.iter().cloned());
                    per_file_sources.push(from_file(&format!("per-file-ignores \"{glob}\"")));
                }
            }
        }
        let per_file_source = if per_file_sources.is_empty() { "default".into() } else { per_file_sources.join(", ") };
        push("per-file-ignores", json!(per_file), per_file_source);
        let mut enabled: Vec<&str> = resolved.enabled.iter().copied().collect();
        enabled.sort_unstable();
        push("rules", json!(enabled), "select, ignore and per-file-ignores".into());
        push(
            "severity",
            json!(f.severity),
            if f.severity.is_empty() { "default".into() } else { from_file("severity") },
        );
        push(
            "expected",
            json!(f.expected),
            if f.expected.is_empty() { "default".to_string() } else { from_file("expected") },
        );
        push(
            "translations.group-by-site",
            json!(f.translations.group_by_site),
            if f.translations.group_by_site { "default".to_string() } else { from_file("translations") },
        );
        push(
            "translations.groups",
            json!(f.translations.groups),
            if f.translations.groups.is_empty() { "default".to_string() } else { from_file("translations") },
        );
        push(
            "fail-on",
            json!(f.fail_on.as_deref().unwrap_or("error")),
            if f.fail_on.is_some() { from_file("fail-on") } else { "default".to_string() },
        );
        settings
    }
}

/// What the rules of one file run with.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub enabled: HashSet<&'static str>,
    pub severities: HashMap<String, Severity>,
    pub limits: LifetimeLimits,
    pub expected: Vec<String>,
    pub translation_groups: Vec<Vec<PathBuf>>,
    pub group_by_site: bool,
    pub fail_on: Option<Severity>,
}

impl Default for Resolved {
    fn default() -> Self {
        Config::default().resolve(None, None)
    }
}

impl Resolved {
    pub fn enabled(&self, rule: &str) -> bool {
        self.enabled.contains(rule)
    }

    pub fn severity(&self, rule: &str, default: Severity) -> Severity {
        self.severities.get(rule).copied().unwrap_or(default)
    }
}

/// `cookielint.toml` in `start` or the nearest folder above it, stopping at a repository root
/// (a folder holding `.git`).
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = std::fs::canonicalize(start).ok()?;
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() || !dir.pop() {
            return None;
        }
    }
}

/// The path of `file` relative to `dir`, with `/` separators, for matching config globs.
pub fn relative_to(file: &Path, dir: &Path) -> String {
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (file, dir) = (absolute(file), absolute(dir));
    let relative = file.strip_prefix(&dir).map(Path::to_path_buf).unwrap_or(file);
    relative.to_string_lossy().replace('\\', "/")
}

/// "did you mean `missing-duration`?" for a misspelt rule name.
pub fn suggestion(name: &str) -> Option<String> {
    let best = super::rules::ALL.iter().map(|r| (edit_distance(name, r.name), r.name)).min()?;
    (best.0 <= name.len().max(3) / 2).then(|| format!("did you mean `{}`?", best.1))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, ConfigError> {
        let dir = std::env::temp_dir().join(format!("cookielint-config-{}-{}", std::process::id(), text.len()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        let loaded = Config::load(&path);
        // Leave nothing behind in the temporary folder, run after run.
        let _ = std::fs::remove_dir_all(&dir);
        loaded
    }

    #[test]
    fn unknown_rules_and_keys_are_errors_with_suggestions() {
        let error = load("ignore = [\"missing-duraton\"]\n").unwrap_err();
        assert!(error.message.contains("missing-duraton"));
        assert_eq!(error.help.as_deref(), Some("did you mean `missing-duration`?"));
        let error = load("profil = \"cnil\"\n").unwrap_err();
        assert!(error.message.contains("profil"), "{}", error.message);
        assert!(load("profile = \"cnil\"\n[severity]\nmissing-provider = \"error\"\n").is_ok());
    }

    #[test]
    fn resolution() {
        let config = load("profile = \"cnil\"\nignore = [\"mixed-language\"]\n[severity]\nmissing-provider = \"error\"\n[limits]\nconsent = \"3 months\"\n").unwrap();
        let resolved = config.resolve(None, None);
        assert!(!resolved.enabled("mixed-language"));
        assert!(resolved.enabled("missing-duration"));
        assert_eq!(resolved.severity("missing-provider", Severity::Warning), Severity::Error);
        assert_eq!(resolved.limits.consent, Some(7_889_238));
        assert_eq!(resolved.limits.statistics, Some(34_186_698));
    }
}
