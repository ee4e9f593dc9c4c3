//! What the editor shows: diagnostics, hover, code actions and the outline.
use super::position::range;
use super::{Document, Server};
use crate::diagnostics::{Diagnostic, Severity};
use crate::grammar::duration::{render_seconds, DurationKind};
use crate::lint::Rule;
use crate::model::{CategorySource, Cookie};
use serde_json::{json, Value};
use std::io::Write;

fn lsp_range<W: Write>(server: &Server<W>, document: &Document, start: usize, end: usize) -> Value {
    range(&document.source.text, &document.source.lines, server.encoding, start, end)
}

/// Percent-encoding for a `data:` URI.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The rule's documentation as a URI: the `rulesUrl` initialization option with `{rule}`
/// replaced, or else the documentation itself as a `data:` URI.
fn rule_href<W: Write>(server: &Server<W>, rule: &Rule) -> String {
    match &server.rules_url {
        Some(template) => template.replace("{rule}", rule.name),
        None => {
            let doc = format!(
                "# {} ({})\n\n{}\n\n{}\n\nReported:\n\n    {}\n\nFixed:\n\n    {}\n",
                rule.name,
                rule.code,
                rule.summary,
                rule.rationale,
                rule.violation.replace('\n', "\n    "),
                rule.fix.replace('\n', "\n    ")
            );
            format!("data:text/markdown;charset=utf-8,{}", percent_encode(&doc))
        }
    }
}

pub fn diagnostics<W: Write>(server: &Server<W>, document: &Document, found: &[Diagnostic]) -> Vec<Value> {
    found
        .iter()
        .map(|d| {
            let severity = match d.severity {
                Severity::Error => 1,
                Severity::Warning => 2,
                Severity::Info => 3,
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            let mut value = json!({
                "range": lsp_range(server, document, d.span.start, d.span.end),
                "severity": severity,
                "code": d.rule,
                "source": "cookielint",
                "message": message,
                "data": {"rule": d.rule},
            });
            if let Some(rule) = Rule::find(&d.rule) {
                value["codeDescription"] = json!({"href": rule_href(server, rule)});
            }
            if !d.related.is_empty() {
                value["relatedInformation"] = d
                    .related
                    .iter()
                    .map(|r| {
                        json!({
                            "location": {"uri": document.uri, "range": lsp_range(server, document, r.span.start, r.span.end)},
                            "message": r.message,
                        })
                    })
                    .collect();
            }
            value
        })
        .collect()
}

/// Hover on a cookie's row or name: the normalized entry and what the knowledge base knows.
pub fn hover<W: Write>(server: &Server<W>, document: &Document, params: &Value) -> Option<Value> {
    let analysis = document.analysis.as_ref()?;
    let offset = super::position::offset(
        &document.source.text,
        &document.source.lines,
        server.encoding,
        params.get("position")?,
    );
    let in_row: Vec<&Cookie> =
        analysis.extraction.policy.cookies.iter().filter(|c| c.span.start <= offset && offset <= c.span.end).collect();
    let cookie = in_row.iter().find(|c| c.name_span.start <= offset && offset <= c.name_span.end).or(in_row.first())?;
    let table = analysis.extraction.policy.tables.get(cookie.table);
    let mut lines = vec![format!(
        "**{}**{}",
        cookie.name,
        cookie.pattern_glob.as_ref().map_or(String::new(), |g| format!(" (pattern `{g}`)"))
    )];
    let category = match (cookie.category, cookie.category_source) {
        (Some(c), Some(CategorySource::Heading)) => {
            let heading = table.and_then(|t| t.category_heading.clone()).unwrap_or_default();
            format!("{} (from the heading \"{heading}\")", c.as_str())
        }
        (Some(c), Some(CategorySource::Column)) => format!("{} (from the category column)", c.as_str()),
        (Some(c), Some(CategorySource::Description)) => format!("{} (from the cookie's description)", c.as_str()),
        (Some(c), Some(CategorySource::Knowledge)) => format!("{} (inferred from the knowledge base)", c.as_str()),
        (Some(c), None) => c.as_str().to_string(),
        (None, _) => "not given".to_string(),
    };
    lines.push(format!("- category: {category}"));
    let duration = match &cookie.duration {
        None => "not given".to_string(),
        Some(d) => match (d.kind, d.seconds) {
            (_, Some(seconds)) => {
                let words = render_seconds(seconds, "en").unwrap_or_default();
                let bound = if d.min_seconds.is_some() {
                    "up to "
                } else if d.max_seconds.is_some() {
                    "at most "
                } else {
                    ""
                };
                format!("{bound}{words} ({seconds} s), written \"{}\"", d.text)
            }
            (DurationKind::Session, None) => format!("until the browser session ends, written \"{}\"", d.text),
            (DurationKind::Persistent, None) => format!("persistent, no length given (\"{}\")", d.text),
            (DurationKind::Unknown, None) => format!("cannot be read: \"{}\"", d.text),
        },
    };
    lines.push(format!("- duration: {duration}"));
    if let Some(provider) = &cookie.provider {
        let canonical = cookie
            .provider_canonical
            .as_deref()
            .filter(|c| *c != provider)
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        lines.push(format!("- provider: {provider}{canonical}"));
    }
    if let Some(party) = cookie.party {
        lines.push(format!("- party: {}", if party == crate::grammar::Party::First { "first" } else { "third" }));
    }
    if let Some(purpose) = &cookie.purpose {
        lines.push(format!("- purpose: {purpose}"));
    }
    let known = crate::knowledge::base().lookup(&cookie.name);
    if let Some(k) = known.first() {
        let retention = k.retention_seconds.map_or_else(|| k.retention.clone(), |s| format!("{} ({s} s)", k.retention));
        let category = k.category().map_or("functional (necessary or preferences)", |c| c.as_str());
        lines.push(String::new());
        lines
            .push(format!("**Known cookie:** {} ({}), {category}, usually kept {retention}", k.platform, k.controller));
        if crate::knowledge::is_generic_name(&cookie.name) {
            lines.push("_A common name: other applications use it too._".to_string());
        }
    }
    Some(json!({
        "contents": {"kind": "markdown", "value": lines.join("\n")},
        "range": lsp_range(server, document, cookie.name_span.start, cookie.name_span.end),
    }))
}

fn edit(uri: &str, edits: Vec<Value>) -> Value {
    json!({"changes": {uri: edits}})
}

/// A fix as an LSP workspace edit.
fn workspace_edit<W: Write>(server: &Server<W>, document: &Document, fix: &crate::fix::Fix) -> Value {
    let edits = fix
        .edits
        .iter()
        .map(|e| json!({"range": lsp_range(server, document, e.range.start, e.range.end), "newText": e.text}))
        .collect();
    edit(&document.uri, edits)
}

/// The code actions at a range: the table under the cursor rewritten as a normalized Markdown
/// table, and for each finding in the request its fix (the one `lint --fix` applies) and its
/// suppression.
pub fn code_actions<W: Write>(server: &Server<W>, document: &Document, params: &Value) -> Value {
    let Some(analysis) = document.analysis.as_ref() else { return json!([]) };
    let text = &document.source.text;
    let lines = &document.source.lines;
    let start = params.pointer("/range/start").map_or(0, |p| super::position::offset(text, lines, server.encoding, p));
    let mut actions = Vec::new();
    let in_context: Vec<Value> =
        params.pointer("/context/diagnostics").and_then(Value::as_array).cloned().unwrap_or_default();
    let ours: Vec<&Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| {
            in_context.iter().any(|c| {
                c["code"] == json!(d.rule) && c["range"] == lsp_range(server, document, d.span.start, d.span.end)
            })
        })
        .collect();
    let fixes = crate::fix::Document { source: &document.source, policy: &analysis.extraction.policy, observed: None };
    if let Some(fix) = fixes.table_at(start).and_then(|index| fixes.normalize_table(index)) {
        actions.push(json!({
            "title": fix.title,
            "kind": "refactor.rewrite",
            "edit": workspace_edit(server, document, &fix),
        }));
    }
    for diagnostic in ours {
        let lsp = diagnostics(server, document, std::slice::from_ref(diagnostic));
        if let Some(fix) = fixes.fix(diagnostic) {
            let title = match fix.applicability {
                crate::fix::Applicability::Safe => fix.title.clone(),
                crate::fix::Applicability::Unsafe => format!("{} (changes what the policy says)", fix.title),
            };
            actions.push(json!({
                "title": title,
                "kind": "quickfix",
                "isPreferred": fix.applicability == crate::fix::Applicability::Safe,
                "diagnostics": lsp,
                "edit": workspace_edit(server, document, &fix),
            }));
        }
        let suppress = fixes.suppress(diagnostic);
        actions.push(json!({
            "title": suppress.title,
            "kind": "quickfix",
            "diagnostics": lsp,
            "edit": workspace_edit(server, document, &suppress),
        }));
    }
    Value::Array(actions)
}

/// The outline: each table (with its category) and the cookies under it.
pub fn symbols<W: Write>(server: &Server<W>, document: &Document) -> Value {
    let Some(analysis) = document.analysis.as_ref() else { return json!([]) };
    let symbols: Vec<Value> = analysis
        .extraction
        .policy
        .tables
        .iter()
        .enumerate()
        .map(|(index, table)| {
            let children: Vec<Value> = analysis
                .extraction
                .policy
                .cookies_of(index)
                .iter()
                .map(|c| {
                    let detail =
                        [c.category.map(|c| c.as_str().to_string()), c.duration.as_ref().map(|d| d.text.clone())]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(", ");
                    json!({
                        "name": c.name,
                        "detail": detail,
                        "kind": 8,
                        "range": lsp_range(server, document, c.span.start, c.span.end),
                        "selectionRange": lsp_range(server, document, c.name_span.start, c.name_span.end),
                    })
                })
                .collect();
            let selection = table.header_span.unwrap_or(table.span);
            json!({
                "name": table.heading.clone().unwrap_or_else(|| format!("Table {}", index + 1)),
                "detail": table.category.map_or("no category", |c| c.as_str()),
                "kind": 23,
                "range": lsp_range(server, document, table.span.start, table.span.end),
                "selectionRange": lsp_range(server, document, selection.start, selection.end),
                "children": children,
            })
        })
        .collect();
    Value::Array(symbols)
}
