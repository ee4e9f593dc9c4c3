//! The page of `cookielint report`: charts drawn as inline SVG here, tables as HTML with a small
//! inline script that sorts them (click a column's header) and filters them (the box above).
use super::{count, escape, Aggregates, LIFETIME_BUCKETS, TOP};
use std::fmt::Write as _;

const STYLE: &str = r#"
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { background: #1d2a44; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 6px; font-size: 22px; }
header dl { display: flex; gap: 28px; margin: 0; }
header dt { font-size: 12px; text-transform: uppercase; opacity: .75; }
header dd { margin: 0; font-size: 24px; font-weight: 600; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 18px; padding: 18px 32px 40px; }
section { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 14px 18px; }
section.wide { grid-column: 1 / -1; }
h2 { font-size: 16px; margin: 0 0 10px; }
p.note { color: #5a6375; font-size: 13px; margin: 4px 0 10px; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2330; }
svg .bar { fill: #3d6fd9; }
svg .bar.alt { fill: #e0823d; }
svg .mark { stroke: #c0392b; stroke-width: 2; stroke-dasharray: 4 3; }
svg .mark-label { fill: #c0392b; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef0f4; vertical-align: top; }
th { cursor: pointer; user-select: none; background: #f1f3f7; position: sticky; top: 0; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { max-height: 420px; overflow: auto; }
input.filter { width: 100%; box-sizing: border-box; padding: 6px 8px; margin-bottom: 8px; border: 1px solid #c9ced8; border-radius: 5px; }
ul.examples { margin: 0; padding-left: 16px; color: #3c4456; }
code { font-size: 12px; }
"#;

const SCRIPT: &str = r#"
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var descending = th.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var key = function (row) {
        var cell = row.cells[column];
        var value = cell.getAttribute("data-value");
        return value !== null ? parseFloat(value) : cell.textContent.toLowerCase();
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
document.querySelectorAll("input.filter").forEach(function (input) {
  var table = document.getElementById(input.getAttribute("data-table"));
  input.addEventListener("input", function () {
    var needle = input.value.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
    });
  });
});
"#;

/// Horizontal bars, one per item, the count at the end of each.
fn bars(name: &str, items: &[(String, u64)]) -> String {
    const WIDTH: f64 = 480.0;
    const LABEL: f64 = 150.0;
    const ROW: f64 = 22.0;
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let height = ROW * items.len().max(1) as f64 + 4.0;
    let mut svg = format!(
        r#"<svg class="chart" data-chart="{name}" role="img" aria-label="{name}" viewBox="0 0 {WIDTH} {height}" width="100%" height="{height}">"#
    );
    if items.is_empty() {
        let _ = write!(svg, r#"<text x="0" y="16">none</text>"#);
    }
    for (i, (label, n)) in items.iter().enumerate() {
        let y = i as f64 * ROW + 2.0;
        let length = (WIDTH - LABEL - 70.0) * (*n as f64) / max;
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{ty}" text-anchor="end">{label}</text><rect class="bar" data-label="{label}" data-value="{n}" x="{LABEL}" y="{y}" width="{length:.1}" height="{h}"/><text x="{tx:.1}" y="{ty}">{c}</text>"#,
            x = LABEL - 6.0,
            ty = y + 14.0,
            label = escape(label),
            h = ROW - 6.0,
            tx = LABEL + length + 5.0,
            c = count(*n),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Vertical bars over ordered buckets, with dashed marks after some of them (a limit).
fn columns(name: &str, items: &[(String, u64)], marks: &[(usize, &str)], alt: &[usize]) -> String {
    const WIDTH: f64 = 760.0;
    const HEIGHT: f64 = 250.0;
    const BASE: f64 = 215.0;
    // Room above the tallest bar for its count and the marks' labels.
    const TOP_ROOM: f64 = 70.0;
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / items.len().max(1) as f64;
    let mut svg = format!(
        r#"<svg class="chart" data-chart="{name}" role="img" aria-label="{name}" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" height="{HEIGHT}">"#
    );
    for (i, (label, n)) in items.iter().enumerate() {
        let height = (BASE - TOP_ROOM) * (*n as f64) / max;
        let x = i as f64 * slot + slot * 0.15;
        let class = if alt.contains(&i) { "bar alt" } else { "bar" };
        let _ = write!(
            svg,
            r#"<rect class="{class}" data-label="{label}" data-value="{n}" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{height:.1}"/><text x="{cx:.1}" y="{ty:.1}" text-anchor="middle">{c}</text><text x="{cx:.1}" y="{ly}" text-anchor="middle">{label}</text>"#,
            label = escape(label),
            y = BASE - height,
            w = slot * 0.7,
            cx = i as f64 * slot + slot / 2.0,
            ty = BASE - height - 4.0,
            c = count(*n),
            ly = BASE + 16.0,
        );
    }
    for (after, label) in marks {
        let x = (*after + 1) as f64 * slot;
        let _ = write!(
            svg,
            r#"<line class="mark" x1="{x:.1}" y1="8" x2="{x:.1}" y2="{BASE}"/><text class="mark-label" x="{tx:.1}" y="{y}" text-anchor="end">{label}</text>"#,
            tx = x - 4.0,
            y = 16.0 + 16.0 * marks.iter().position(|(a, _)| a == after).unwrap_or(0) as f64,
            label = escape(label),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A sortable, filterable table: a header row and rows of (text, numeric value for sorting).
fn table(id: &str, headers: &[&str], rows: &[Vec<(String, Option<f64>)>]) -> String {
    let mut html = format!(
        r#"<input class="filter" type="search" placeholder="Filter…" data-table="{id}" aria-label="filter"><div class="scroll"><table id="{id}" class="sortable" data-rows="{}"><thead><tr>"#,
        rows.len()
    );
    for header in headers {
        let _ = write!(html, "<th>{}</th>", escape(header));
    }
    html.push_str("</tr></thead><tbody>");
    for row in rows {
        html.push_str("<tr>");
        for (text, value) in row {
            match value {
                Some(v) => {
                    let _ = write!(html, r#"<td class="n" data-value="{v}">{text}</td>"#);
                }
                None => {
                    let _ = write!(html, "<td>{text}</td>");
                }
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    html
}

fn numeric(n: u64) -> (String, Option<f64>) {
    (count(n), Some(n as f64))
}

fn plain(text: &str) -> (String, Option<f64>) {
    (escape(text), None)
}

pub fn page(all: &Aggregates, title: &str) -> String {
    let pairs = |map: &std::collections::BTreeMap<String, u64>| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = map.iter().map(|(k, n)| (k.clone(), *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let mut html = String::with_capacity(64 * 1024);
    let _ = write!(
        html,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{t}</title><style>{STYLE}</style></head><body>"#,
        t = escape(title)
    );
    let _ = write!(
        html,
        r#"<header><h1>{t}</h1><dl id="totals" data-documents="{d}" data-cookies="{c}" data-findings="{f}"><div><dt>documents</dt><dd>{dc}</dd></div><div><dt>cookies declared</dt><dd>{cc}</dd></div><div><dt>distinct names</dt><dd>{nc}</dd></div><div><dt>findings</dt><dd>{fc}</dd></div></dl></header><main>"#,
        t = escape(title),
        d = all.documents,
        c = all.cookies,
        f = all.findings,
        dc = count(all.documents),
        cc = count(all.cookies),
        nc = count(all.names.len() as u64),
        fc = count(all.findings),
    );
    let _ = write!(
        html,
        r#"<section id="status"><h2>Documents by status</h2>{}{}</section>"#,
        bars("status", &pairs(&all.by_status)),
        if all.unreadable > 0 {
            format!(r#"<p class="note">{} line(s) of the input were not records.</p>"#, count(all.unreadable))
        } else {
            String::new()
        }
    );
    let _ = write!(
        html,
        r#"<section id="languages"><h2>Documents by language</h2>{}</section>"#,
        bars("languages", &pairs(&all.by_language))
    );
    let _ = write!(
        html,
        r#"<section id="categories"><h2>Cookies by category</h2>{}</section>"#,
        bars("categories", &pairs(&all.categories))
    );

    // Lifetimes: session, the buckets, and the regulators' limits between them.
    let mut lifetimes: Vec<(String, u64)> = vec![("session".to_string(), all.session)];
    lifetimes.extend(LIFETIME_BUCKETS.iter().zip(all.lifetimes).map(|((_, label), n)| (label.to_string(), n)));
    let thirteen = 1 + LIFETIME_BUCKETS.iter().position(|(_, l)| *l == "≤ 13 months").unwrap_or(0);
    let two_years = 1 + LIFETIME_BUCKETS.iter().position(|(_, l)| *l == "≤ 2 years").unwrap_or(0);
    let over: Vec<usize> = (thirteen + 1..lifetimes.len()).collect();
    let _ = write!(
        html,
        r#"<section id="lifetimes" class="wide"><h2>Declared lifetimes</h2><p class="note">Dashed lines: 13 months, the CNIL's limit for audience measurement (profile cnil); 2 years, the generic limit. Orange bars are past 13 months. {} cookie(s) with no lifetime the grammar could read.</p>{}</section>"#,
        count(all.unknown_lifetime),
        columns(
            "lifetimes",
            &lifetimes,
            &[(thirteen, "13 months (CNIL, audience measurement)"), (two_years, "2 years (generic)")],
            &over,
        )
    );

    let names: Vec<Vec<(String, Option<f64>)>> = Aggregates::top(&all.names, TOP)
        .into_iter()
        .map(|(name, n)| vec![(format!("<code>{}</code>", escape(name)), None), numeric(n)])
        .collect();
    let _ = write!(
        html,
        r#"<section id="names"><h2>Most declared cookies</h2><p class="note">The {TOP} names the most documents declare.</p>{}</section>"#,
        table("names-table", &["cookie", "documents"], &names)
    );
    let providers: Vec<Vec<(String, Option<f64>)>> = Aggregates::top(&all.providers, TOP)
        .into_iter()
        .map(|(provider, n)| vec![plain(provider), numeric(n)])
        .collect();
    let _ = write!(
        html,
        r#"<section id="providers"><h2>Providers</h2><p class="note">Cookies by provider (canonical name where known).</p>{}</section>"#,
        table("providers-table", &["provider", "cookies"], &providers)
    );

    let mut rules: Vec<(&String, &(u64, Vec<super::Example>))> = all.rules.iter().collect();
    rules.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
    let rule_rows: Vec<Vec<(String, Option<f64>)>> = rules
        .iter()
        .map(|(rule, (n, examples))| {
            let code = crate::lint::Rule::find(rule).map_or("", |r| r.code);
            let mut list = String::from(r#"<ul class="examples">"#);
            for example in examples {
                let _ = write!(
                    list,
                    "<li><code>{}:{}</code> {}</li>",
                    escape(&example.source),
                    example.line,
                    escape(&example.message)
                );
            }
            list.push_str("</ul>");
            vec![plain(code), plain(rule), numeric(*n), (list, None)]
        })
        .collect();
    let _ = write!(
        html,
        r#"<section id="findings" class="wide"><h2>Findings by rule</h2>{}</section>"#,
        table("findings-table", &["code", "rule", "findings", "examples (source:line)"], &rule_rows)
    );

    if !all.months.is_empty() {
        let changes = all.changes();
        let per_policy: Vec<(String, u64)> = all
            .months
            .iter()
            .map(|(month, (documents, cookies))| (month.clone(), cookies.checked_div(*documents).unwrap_or(0)))
            .collect();
        let change_rows: Vec<Vec<(String, Option<f64>)>> = all
            .months
            .iter()
            .map(|(month, (documents, cookies))| {
                let (added, removed) = changes.get(month).copied().unwrap_or_default();
                vec![plain(month), numeric(*documents), numeric(*cookies), numeric(added), numeric(removed)]
            })
            .collect();
        let _ = write!(
            html,
            r#"<section id="timeline" class="wide"><h2>Over time</h2><p class="note">Dated inputs (WARC dates, git history): cookies declared per policy, by month; and cookies added and removed from one version of a policy to the next.</p>{}{}</section>"#,
            columns("timeline", &per_policy, &[], &[]),
            table("timeline-table", &["month", "documents", "cookies", "added", "removed"], &change_rows)
        );
    }
    let _ = writeln!(html, "</main><script>{SCRIPT}</script></body></html>");
    html
}
