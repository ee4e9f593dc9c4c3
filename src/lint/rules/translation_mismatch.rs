use crate::diagnostics::Severity;
use crate::lint::{Check, Context, Rule, SetFindings};
use crate::observed::normalize_domain;
use std::path::PathBuf;

pub static RULE: Rule = Rule {
    name: "translation-mismatch",
    code: "CL012",
    severity: Severity::Warning,
    summary: "Translations of one site's policy declare different cookies, durations or categories.",
    rationale: "Every visitor must get the same information whatever the language they read it in (GDPR \
                Art. 12(1)); a cookie missing from one translation, or given another lifetime there, means \
                some visitors consent on wrong information. Documents are grouped by the site they cover \
                or by groups in cookielint.toml ([translations] groups).",
    violation: "policy.en.md declares `_ga` for 2 years; politique.fr.md declares it for 13 mois.",
    fix: "Give `_ga` the same lifetime in both translations.",
    check: Check::Set(check),
};

fn canonical(name: &str) -> PathBuf {
    std::fs::canonicalize(name).unwrap_or_else(|_| PathBuf::from(name))
}

fn check(contexts: &[Context], findings: &mut SetFindings) {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // Groups named in the configuration.
    if let Some(first) = contexts.first() {
        for group in &first.config.translation_groups {
            let wanted: Vec<PathBuf> = group.iter().map(|p| canonical(&p.to_string_lossy())).collect();
            let members: Vec<usize> =
                (0..contexts.len()).filter(|&i| wanted.contains(&canonical(&contexts[i].source.name))).collect();
            groups.push(members);
        }
    }
    // Documents that say they cover the same site.
    let mut by_site: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, context) in contexts.iter().enumerate() {
        if !context.config.group_by_site || groups.iter().any(|g| g.contains(&index)) {
            continue;
        }
        let Some(site) = context.policy.site.as_deref().map(normalize_domain) else { continue };
        match by_site.iter_mut().find(|(s, _)| *s == site) {
            Some((_, members)) => members.push(index),
            None => by_site.push((site, vec![index])),
        }
    }
    groups.extend(by_site.into_iter().map(|(_, members)| members));
    for group in groups {
        let languages: Vec<Option<&str>> = group.iter().map(|&i| contexts[i].policy.language.as_deref()).collect();
        if group.len() < 2 || languages.iter().all(|l| *l == languages[0]) {
            continue;
        }
        let reference = group[0];
        for &other in &group[1..] {
            compare(contexts, reference, other, findings);
        }
    }
}

fn compare<'a>(contexts: &'a [Context<'a>], reference: usize, other: usize, findings: &mut SetFindings) {
    let (a, b) = (&contexts[reference], &contexts[other]);
    let a_name = &a.source.name;
    // The first declaration of each name, looked up once per cookie (a scan of the other
    // translation per cookie went quadratic on long policies).
    let first_by_name = |policy: &'a crate::model::Policy| {
        let mut first: std::collections::HashMap<&str, &crate::model::Cookie> = std::collections::HashMap::new();
        for cookie in &policy.cookies {
            first.entry(cookie.name.as_str()).or_insert(cookie);
        }
        first
    };
    let (in_a, in_b) = (first_by_name(a.policy), first_by_name(b.policy));
    for cookie in &a.policy.cookies {
        match in_b.get(cookie.name.as_str()).copied() {
            None => {
                findings.report(
                    other,
                    b.document_span(),
                    format!(
                        "`{}` is declared in {a_name} (line {}) but not in this translation",
                        cookie.name, cookie.name_span.line
                    ),
                );
            }
            Some(theirs) => {
                let seconds = |c: &crate::model::Cookie| c.declared_duration().map(|d| (d.seconds, d.kind));
                if cookie.declared_duration().is_some()
                    && theirs.declared_duration().is_some()
                    && seconds(cookie) != seconds(theirs)
                {
                    let text = cookie.declared_duration().map_or("", |d| d.text.as_str());
                    findings.report(
                        other,
                        theirs.name_span,
                        format!("`{}` has another duration than in {a_name} (\"{text}\")", theirs.name),
                    );
                }
                if cookie.category.is_some() && theirs.category.is_some() && cookie.category != theirs.category {
                    let category = cookie.category.map_or("", |c| c.as_str());
                    findings.report(
                        other,
                        theirs.name_span,
                        format!("`{}` has another category than in {a_name} ({category})", theirs.name),
                    );
                }
            }
        }
    }
    for cookie in &b.policy.cookies {
        if !in_a.contains_key(cookie.name.as_str()) {
            findings.report(other, cookie.name_span, format!("`{}` is not declared in {a_name}", cookie.name));
        }
    }
}
