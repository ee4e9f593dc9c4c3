//! Cookie-level changes between two versions of a policy: cookies added, removed, and changed
//! (category, duration, provider, purpose). Cookies are matched by name, so the two versions may
//! have any layout (a PDF-derived old version against a Markdown new one).
use crate::model::{Cookie, Policy};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CookieChange {
    pub name: String,
    pub old_line: usize,
    pub new_line: usize,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Listed {
    pub name: String,
    pub line: usize,
    pub category: Option<&'static str>,
    pub duration: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct PolicyDiff {
    pub added: Vec<Listed>,
    pub removed: Vec<Listed>,
    pub changed: Vec<CookieChange>,
}

impl PolicyDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn listed(cookie: &Cookie) -> Listed {
    Listed {
        name: cookie.name.clone(),
        line: cookie.name_span.line,
        category: cookie.category.map(|c| c.as_str()),
        duration: cookie.duration.as_ref().map(|d| d.text.clone()),
    }
}

/// First declaration of each name, in document order.
fn first_of_each(policy: &Policy) -> Vec<&Cookie> {
    let mut seen: Vec<&Cookie> = Vec::new();
    for cookie in &policy.cookies {
        if !seen.iter().any(|c| c.name == cookie.name) {
            seen.push(cookie);
        }
    }
    seen
}

pub fn diff(old: &Policy, new: &Policy) -> PolicyDiff {
    let (old_cookies, new_cookies) = (first_of_each(old), first_of_each(new));
    let mut result = PolicyDiff::default();
    for cookie in &new_cookies {
        match old_cookies.iter().find(|c| c.name == cookie.name) {
            None => result.added.push(listed(cookie)),
            Some(before) => {
                let changes = field_changes(before, cookie);
                if !changes.is_empty() {
                    result.changed.push(CookieChange {
                        name: cookie.name.clone(),
                        old_line: before.name_span.line,
                        new_line: cookie.name_span.line,
                        changes,
                    });
                }
            }
        }
    }
    for cookie in &old_cookies {
        if !new_cookies.iter().any(|c| c.name == cookie.name) {
            result.removed.push(listed(cookie));
        }
    }
    result
}

fn field_changes(old: &Cookie, new: &Cookie) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let mut compare = |field: &'static str, a: Option<String>, b: Option<String>, same: bool| {
        if !same {
            changes.push(FieldChange { field, old: a, new: b });
        }
    };
    let category = |c: &Cookie| c.category.map(|c| c.as_str().to_string());
    compare("category", category(old), category(new), old.category == new.category);
    let duration_text = |c: &Cookie| c.duration.as_ref().map(|d| d.text.clone());
    let duration_value =
        |c: &Cookie| c.duration.as_ref().map(|d| (d.seconds, d.kind, d.seconds.is_none().then(|| d.text.clone())));
    compare("duration", duration_text(old), duration_text(new), duration_value(old) == duration_value(new));
    compare("provider", old.provider.clone(), new.provider.clone(), old.provider_canonical == new.provider_canonical);
    let folded = |c: &Cookie| c.purpose.as_deref().map(crate::text::fold);
    compare("purpose", old.purpose.clone(), new.purpose.clone(), folded(old) == folded(new));
    changes
}

/// One version of a policy in its git history, with what changed since the version before.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistoryStep {
    pub commit: String,
    pub date: String,
    /// The file was removed in this commit: every cookie disappears.
    pub deleted: bool,
    /// The version could not be read (the error); the next readable one is compared with the
    /// last readable one before it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub cookies: usize,
    pub changes: PolicyDiff,
}

/// When one cookie appeared, changed and disappeared.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CookieTimeline {
    pub name: String,
    /// `(date, commit, what)`, `what` being `appeared`, `changed: FIELD, …` or `disappeared`.
    pub events: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct History {
    pub path: String,
    pub steps: Vec<HistoryStep>,
    pub cookies: Vec<CookieTimeline>,
}

/// The cookie-level history of the file `path` in the git repository `repository`: every
/// version (oldest first) compared with the one before.
pub fn history(repository: &std::path::Path, path: &str, options: &crate::Options) -> Result<History, String> {
    let mut result = History { path: path.to_string(), ..History::default() };
    let mut previous: Option<Policy> = None;
    let select = |candidate: &str| candidate == path;
    crate::batch::git::versions(repository, &select, options.limits.max_file_size, |version| {
        let (commit, date) = (version.commit.clone(), version.date());
        let read = match version.content {
            Err(error) => Err(error),
            Ok(_) if version.deleted => Ok(None),
            Ok(bytes) => crate::extract_bytes(path, &bytes, options).map(|(_, p)| Some(p)).map_err(|e| e.to_string()),
        };
        let step = match read {
            Ok(policy) => {
                let changes = match (&previous, &policy) {
                    (Some(old), Some(new)) => diff(old, new),
                    (None, Some(new)) => PolicyDiff {
                        added: first_of_each(new).into_iter().map(listed).collect(),
                        ..PolicyDiff::default()
                    },
                    (Some(old), None) => PolicyDiff {
                        removed: first_of_each(old).into_iter().map(listed).collect(),
                        ..PolicyDiff::default()
                    },
                    (None, None) => PolicyDiff::default(),
                };
                let cookies = policy.as_ref().map_or(0, |p| first_of_each(p).len());
                previous = policy;
                HistoryStep { commit, date, deleted: version.deleted, error: None, cookies, changes }
            }
            Err(error) => HistoryStep {
                commit,
                date,
                deleted: false,
                error: Some(error),
                cookies: 0,
                changes: PolicyDiff::default(),
            },
        };
        result.steps.push(step);
        true
    })?;
    if result.steps.is_empty() {
        return Err(format!("no version of `{path}` in the history of HEAD"));
    }
    let mut timelines: Vec<CookieTimeline> = Vec::new();
    let mut event = |name: &str, step: &HistoryStep, what: String| {
        let at = (step.date.clone(), step.commit[..step.commit.len().min(12)].to_string(), what);
        match timelines.iter_mut().find(|t| t.name == name) {
            Some(timeline) => timeline.events.push(at),
            None => timelines.push(CookieTimeline { name: name.to_string(), events: vec![at] }),
        }
    };
    for step in &result.steps {
        for cookie in &step.changes.added {
            event(&cookie.name, step, "appeared".into());
        }
        for cookie in &step.changes.changed {
            let fields: Vec<&str> = cookie.changes.iter().map(|c| c.field).collect();
            event(&cookie.name, step, format!("changed: {}", fields.join(", ")));
        }
        for cookie in &step.changes.removed {
            event(&cookie.name, step, "disappeared".into());
        }
    }
    result.cookies = timelines;
    Ok(result)
}
