//! What the editor shows: diagnostics, hover, code actions and the outline.
use super::position::range;
use super::{Document, Server};
use crate::diagnostics::{Diagnostic, Severity};
use crate::grammar::duration::{render_seconds, DurationKind};
use crate::grammar::Field;
use crate::interpret::Table;
use crate::lint::Rule;
use crate::model::{CategorySource, Cookie};
use crate::source::Format;
use crate::tables::Layout;
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

fn text_edit<W: Write>(server: &Server<W>, document: &Document, start: usize, end: usize, new_text: String) -> Value {
    json!({"range": lsp_range(server, document, start, end), "newText": new_text})
}

/// The byte range of whole lines covering `start..end` (from the first line's start to after
/// the last line's break).
fn whole_lines(text: &str, start: usize, end: usize) -> (usize, usize) {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    (line_start, line_end)
}

fn table_at(tables: &[Table], offset: usize) -> Option<(usize, &Table)> {
    tables.iter().enumerate().find(|(_, t)| t.span.start <= offset && offset <= t.span.end)
}

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

    // Rewrite the table under the cursor as a clean Markdown table.
    if let Some((_, table)) = table_at(&analysis.extraction.policy.tables, start) {
        let (from, to) = whole_lines(text, table.span.start, table.span.end);
        let rendered = crate::render::markdown::table_markdown(table);
        actions.push(json!({
            "title": "Rewrite this table as a normalized Markdown table",
            "kind": "refactor.rewrite",
            "edit": edit(&document.uri, vec![text_edit(server, document, from, to, rendered)]),
        }));
    }
    for diagnostic in ours {
        let lsp = diagnostics(server, document, std::slice::from_ref(diagnostic));
        let table = table_at(&analysis.extraction.policy.tables, diagnostic.span.start).map(|(_, t)| t);
        match diagnostic.rule.as_str() {
            "missing-duration" => {
                if let Some(table) = table.filter(|t| t.column(Field::Duration).is_none()) {
                    let mut with_duration = table.clone();
                    with_duration.headers.push("Duration".to_string());
                    with_duration.columns.push(Some(Field::Duration));
                    for row in &mut with_duration.body {
                        while row.cells.len() < table.headers.len() {
                            row.cells.push(crate::interpret::Cell { text: String::new(), span: row.span });
                        }
                        row.cells.push(crate::interpret::Cell { text: String::new(), span: row.span });
                    }
                    let (from, to) = whole_lines(text, table.span.start, table.span.end);
                    actions.push(json!({
                        "title": "Add a Duration column (empty cells to fill in)",
                        "kind": "quickfix",
                        "diagnostics": lsp,
                        "edit": edit(&document.uri, vec![text_edit(server, document, from, to, crate::render::markdown::table_markdown(&with_duration))]),
                    }));
                }
            }
            "missing-expected" => {
                let name = diagnostic.message.split('`').nth(1).unwrap_or_default().to_string();
                if let Some(table) = analysis.extraction.policy.tables.last().filter(|_| !name.is_empty()) {
                    let (_, to) = whole_lines(text, table.span.end.saturating_sub(1), table.span.end.saturating_sub(1));
                    let width = table.headers.len().max(table.columns.len()).max(1);
                    let name_column = table.column(Field::Name).unwrap_or(0);
                    let cells: Vec<String> =
                        (0..width).map(|i| if i == name_column { name.clone() } else { String::new() }).collect();
                    let row = match table.layout {
                        Layout::TabSeparated => format!("{}\n", cells.join("\t")),
                        _ => format!("| {} |\n", cells.join(" | ")),
                    };
                    let row = if text[..to].ends_with('\n') || to == 0 { row } else { format!("\n{row}") };
                    actions.push(json!({
                        "title": format!("Add a row for `{name}`"),
                        "kind": "quickfix",
                        "diagnostics": lsp,
                        "edit": edit(&document.uri, vec![text_edit(server, document, to, to, row)]),
                    }));
                }
            }
            _ => {}
        }
        // Suppress this rule on the table (or the line) with an inline comment.
        let (from, to) = match table {
            Some(t) => whole_lines(text, t.span.start, t.span.end),
            None => whole_lines(text, diagnostic.span.start, diagnostic.span.start),
        };
        let rule = &diagnostic.rule;
        let edits = if document.source.format == Format::Markdown {
            let closing = if text[..to].ends_with('\n') { String::new() } else { "\n".to_string() };
            vec![
                text_edit(server, document, from, from, format!("<!-- cookielint-disable {rule} -->\n")),
                text_edit(server, document, to, to, format!("{closing}<!-- cookielint-enable {rule} -->\n")),
            ]
        } else {
            vec![text_edit(server, document, from, from, format!("cookielint: ignore {rule}\n"))]
        };
        actions.push(json!({
            "title": format!("Disable {rule} for this {}", if table.is_some() { "table" } else { "line" }),
            "kind": "quickfix",
            "diagnostics": lsp,
            "edit": edit(&document.uri, edits),
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
