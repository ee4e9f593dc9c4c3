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
