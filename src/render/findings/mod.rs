//! Lint findings in every output format, each behind [`Emitter`], one file per format. Positions
//! are computed from the byte spans at this edge: 1-based lines, and columns in Unicode code
//! points except where a format counts otherwise (reviewdog counts UTF-8 bytes).
use crate::diagnostics::Diagnostic;
use crate::lint::Rule;
use crate::source::Source;
use serde_json::{json, Value};
use std::io::{self, Write};

mod concise;
mod full;
mod github;
mod gitlab;
mod json;
mod junit;
mod rdjson;
mod sarif;
mod statistics;

pub use full::Full;
pub use sarif::sarif;
pub use statistics::{statistics, RuleCount};

/// The formats findings are written in. The names are the command line's (`--output-format`),
/// which takes this type as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with the exact cells labelled (miette's report).
    #[value(alias = "human")]
    Full,
    /// One line per finding: `path:line:column: CODE rule message`.
    Concise,
    /// One JSON array of findings.
    Json,
    /// One finding per line.
    #[value(alias = "jsonl")]
    JsonLines,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML: one test suite per document, one failed test case per finding.
    Junit,
    /// reviewdog's diagnostic format (rdjson).
    Rdjson,
}

/// Writes the findings of a run in one format.
pub trait Emitter {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()>;
}

/// The emitter of `format`; `color` only matters to `full`.
pub fn emitter(format: Format, color: bool) -> Box<dyn Emitter> {
    match format {
        Format::Full => Box::new(Full { color }),
        Format::Concise => Box::new(concise::Concise),
        Format::Json => Box::new(json::Json),
        Format::JsonLines => Box::new(json::JsonLines),
        Format::Sarif => Box::new(sarif::Sarif),
        Format::Github => Box::new(github::Github),
        Format::Gitlab => Box::new(gitlab::Gitlab),
        Format::Junit => Box::new(junit::Junit),
        Format::Rdjson => Box::new(rdjson::Rdjson),
    }
}

/// The findings of one document.
pub struct Report<'a> {
    pub source: &'a Source,
    pub diagnostics: &'a [Diagnostic],
}

pub(crate) fn position(source: &Source, offset: usize) -> (usize, usize) {
    source.lines.line_col(&source.text, offset)
}

pub(crate) fn code_of(rule: &str) -> Option<&'static str> {
    Rule::find(rule).map(|r| r.code)
}

/// One finding as a JSON object.
pub fn finding_json(source: &Source, d: &Diagnostic) -> Value {
    let (line, column) = position(source, d.span.start);
    let (end_line, end_column) = position(source, d.span.end);
    let related: Vec<Value> = d
        .related
        .iter()
        .map(|r| {
            let (line, column) = position(source, r.span.start);
            json!({"message": r.message, "line": line, "column": column, "span": r.span})
        })
        .collect();
    json!({
        "source": source.name,
        "rule": d.rule,
        "code": code_of(&d.rule),
        "severity": d.severity,
        "message": d.message,
        "help": d.help,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "span": d.span,
        "related": related,
    })
}

/// A relative path as a URI reference: `/` separators, anything outside the unreserved set
/// percent-encoded.
pub(crate) fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}
