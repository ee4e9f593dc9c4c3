//! The lint engine: rules read the extracted [`Policy`] (never the raw text again, except for
//! prose rules that read its blocks) and report [`Diagnostic`]s.
//!
//! Each rule is one file in `rules/` with a stable kebab-case name, a short code, a default
//! severity, its rationale and an example; `rules::ALL` is the registry. Configuration
//! (`cookielint.toml`) selects rules and changes severities; inline comments suppress findings.
pub mod config;
pub mod rules;
pub mod suppress;

use crate::diagnostics::{Diagnostic, Severity};
use crate::grammar::Field;
use crate::interpret::{Cell, Table};
use crate::model::{Cookie, Policy};
use crate::observed::ObservedCookie;
use crate::source::Source;
use crate::span::Span;
use config::Resolved;

/// A rule's check: on one document, or on the whole set (translations of one site).
pub enum Check {
    Document(fn(&Context, &mut Findings)),
    Set(fn(&[Context], &mut SetFindings)),
}

/// A lint rule and its documentation. `rules::ALL` lists them.
pub struct Rule {
    /// Stable kebab-case name, used in config, suppressions and output.
    pub name: &'static str,
    /// Short stable code (`CL001`).
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters, with the texts it rests on.
    pub rationale: &'static str,
    /// A declaration the rule reports…
    pub violation: &'static str,
    /// …and the same declaration fixed.
    pub fix: &'static str,
    pub check: Check,
}

impl Rule {
    pub fn find(name: &str) -> Option<&'static Rule> {
        rules::ALL.iter().copied().find(|r| r.name == name || r.code.eq_ignore_ascii_case(name))
    }
}

/// Lifetime limits of a profile, in seconds (`None`: no limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LifetimeLimits {
    /// Audience-measurement (statistics) cookies.
    pub statistics: Option<u64>,
    /// The cookie that stores the visitor's consent choices.
    pub consent: Option<u64>,
    /// Any cookie.
    pub any: Option<u64>,
}

/// What a rule sees of one document.
pub struct Context<'a> {
    pub source: &'a Source,
    pub policy: &'a Policy,
    pub config: &'a Resolved,
    pub observed: Option<&'a [ObservedCookie]>,
    /// What the vendors disclose in their TCF `deviceStorage.json` (`lint --declared`).
    pub disclosed: Option<&'a [crate::tcf::Disclosure]>,
    pub baseline: Option<&'a Policy>,
    /// Later declarations of a name with the first one, as indices into `policy.cookies`:
    /// computed once, on first use, for the rules that compare declarations.
    repeats: std::cell::OnceCell<Vec<(usize, usize)>>,
}

impl<'a> Context<'a> {
    /// A document's context with nothing to compare it with (no observed cookies, no vendor
    /// disclosures, no baseline); set those fields afterwards.
    pub fn new(source: &'a Source, policy: &'a Policy, config: &'a Resolved) -> Self {
        Context {
            source,
            policy,
            config,
            observed: None,
            disclosed: None,
            baseline: None,
            repeats: std::cell::OnceCell::new(),
        }
    }

    /// Every later declaration of a name with its first declaration. One pass over a map of
    /// first declarations sized for the whole table, so that 100,000 rows cost 100,000 lookups
    /// and no rehashing.
    pub fn repeats(&self) -> impl Iterator<Item = (&'a Cookie, &'a Cookie)> + '_ {
        let cookies = &self.policy.cookies;
        let pairs = self.repeats.get_or_init(|| {
            let mut first: std::collections::HashMap<(&str, crate::model::Kind), usize> =
                std::collections::HashMap::with_capacity(cookies.len());
            let mut pairs = Vec::new();
            for (index, cookie) in cookies.iter().enumerate() {
                // A name declared as a cookie and as a local-storage key is two declarations.
                match first.entry((cookie.name.as_str(), cookie.kind)) {
                    std::collections::hash_map::Entry::Occupied(earlier) => {
                        if cookies[*earlier.get()].span != cookie.span {
                            pairs.push((*earlier.get(), index));
                        }
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(index);
                    }
                }
            }
            pairs
        });
        pairs.iter().map(|&(a, b)| (&cookies[a], &cookies[b]))
    }

    pub fn table_of(&self, cookie: &Cookie) -> Option<&Table> {
        self.policy.tables.get(cookie.table)
    }

    /// The cell of a cookie's row that holds `field`, if the table has that column.
    pub fn cell(&self, cookie: &Cookie, field: Field) -> Option<&Cell> {
        let table = self.table_of(cookie)?;
        let column = table.column(field)?;
        table.body.get(cookie.row)?.cells.get(column)
    }

    /// Where a finding about the whole document goes: the first table's header, else the start.
    pub fn document_span(&self) -> Span {
        self.policy.tables.first().map(|t| t.header_span.unwrap_or(t.span)).unwrap_or(Span {
            start: 0,
            end: 0,
            line: 1,
        })
    }
}

/// Collects one rule's findings on one document.
pub struct Findings {
    rule: &'static Rule,
    pub out: Vec<Diagnostic>,
}

impl Findings {
    pub fn new(rule: &'static Rule) -> Self {
        Findings { rule, out: Vec::new() }
    }

    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.out.push(Diagnostic::new(self.rule.name, self.rule.severity, message.into(), span));
        self.out.last_mut().expect("just pushed")
    }
}

/// Collects a set rule's findings, each for one document of the set.
pub struct SetFindings {
    rule: &'static Rule,
    pub out: Vec<(usize, Diagnostic)>,
}

impl SetFindings {
    pub fn report(&mut self, document: usize, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.out.push((document, Diagnostic::new(self.rule.name, self.rule.severity, message.into(), span)));
        &mut self.out.last_mut().expect("just pushed").1
    }
}

/// Lints a set of documents together (set rules compare them). Returns each document's findings,
/// after configuration and inline suppressions, sorted by position.
pub fn lint(contexts: &[Context]) -> Vec<Vec<Diagnostic>> {
    let mut results: Vec<Vec<Diagnostic>> = vec![Vec::new(); contexts.len()];
    for rule in rules::ALL {
        match rule.check {
            Check::Document(check) => {
                for (index, context) in contexts.iter().enumerate() {
                    if context.config.enabled(rule.name) {
                        let mut findings = Findings::new(rule);
                        check(context, &mut findings);
                        results[index].extend(findings.out);
                    }
                }
            }
            Check::Set(check) => {
                let mut findings = SetFindings { rule, out: Vec::new() };
                check(contexts, &mut findings);
                for (index, diagnostic) in findings.out {
                    if contexts[index].config.enabled(rule.name) {
                        results[index].push(diagnostic);
                    }
                }
            }
        }
    }
    for (context, diagnostics) in contexts.iter().zip(&mut results) {
        let suppressions = suppress::Suppressions::parse(&context.source.text);
        diagnostics.retain(|d| !suppressions.suppresses(&d.rule, d.span.start));
        for diagnostic in diagnostics.iter_mut() {
            diagnostic.severity = context.config.severity(diagnostic.rule.as_str(), diagnostic.severity);
        }
        diagnostics.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    }
    results
}

/// Lints one document with the default configuration (every rule, `generic` profile).
pub fn lint_document(source: &Source, policy: &Policy) -> Vec<Diagnostic> {
    let config = Resolved::default();
    lint(&[Context::new(source, policy, &config)]).remove(0)
}

/// Names a declaration covers: itself, or everything its glob matches.
pub fn declares(cookie: &Cookie, name: &str) -> bool {
    cookie.name == name
        || cookie.pattern_glob.as_deref().is_some_and(|glob| crate::glob::glob_match(glob, name) || glob == name)
}

/// An observed cookie is the one a declaration covers: the name matches and, when both give a
/// domain, they belong to the same site (after normalization: no scheme, `www.` or leading dot).
pub fn covers_observed(cookie: &Cookie, observed: &ObservedCookie) -> bool {
    // Observations are HTTP cookies: a local-storage key of the same name does not declare one.
    if cookie.kind != crate::model::Kind::Cookie || !declares(cookie, &observed.name) {
        return false;
    }
    let declared = cookie.domain.as_deref().map(crate::observed::normalize_domain).unwrap_or_default();
    // A domain cell may hold several domains or a word ("third party"): compare only a domain.
    let is_domain = declared.contains('.') && !declared.contains(char::is_whitespace);
    !is_domain || observed.domain.is_empty() || crate::observed::same_site(&declared, &observed.domain)
}
