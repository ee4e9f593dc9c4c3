//! Fixes: the edits that resolve findings, shared by `lint --fix` and the language server's code
//! actions (one implementation, so that the editor and the command line change a policy the
//! same way).
//!
//! A fix to a table rewrites the whole table as its normalized Markdown table (the same text
//! `extract --output-format markdown` writes) with the fix applied: a column added, empty cells
//! filled, rows appended. Every fix that touches one table is folded into one rewrite, so edits
//! never overlap. A table is rewritten only when its lines hold nothing but the table: a grid
//! (pipe, tab-separated, aligned or space-separated columns, pipe cells in plain text) in a
//! Markdown or plain-text document, not cut short by a limit.
//!
//! Safe fixes keep what the policy says and only add room for what it lacks (an empty Duration
//! column). Unsafe fixes change what it says: a lifetime, a category or a provider taken from the
//! knowledge base, a row for a cookie listed as expected or seen in a browser.
use crate::diagnostics::Diagnostic;
use crate::grammar::Field;
use crate::interpret::{Cell, Table};
use crate::model::{Cookie, Policy};
use crate::observed::ObservedCookie;
use crate::source::{Format, Source};
use crate::tables::Layout;
use std::ops::Range;

/// Whether a fix keeps what the policy says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Adds room for what the policy lacks, and changes nothing it says.
    Safe,
    /// Changes what the policy says (facts from the knowledge base or from observed cookies).
    Unsafe,
}

/// One replacement in the document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// A fix: what it does, whether it is safe, and its edits (never overlapping).
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// What a table gains from the fixes folded into its rewrite.
#[derive(Debug, Clone, Default, PartialEq)]
struct TablePlan {
    /// Add a Duration column.
    add_duration: bool,
    /// Fill empty lifetime cells from the knowledge base (for these body rows).
    durations: Vec<usize>,
    /// Empty cells to fill from the knowledge base: (body row, column, field).
    fills: Vec<(usize, usize, Field)>,
    /// Rows to append, as (field, text) cells.
    rows: Vec<Vec<(Field, String)>>,
    applicability: Option<Applicability>,
}

impl TablePlan {
    fn mark(&mut self, applicability: Applicability) {
        self.applicability = self.applicability.max(Some(applicability));
    }

    fn merge(&mut self, other: TablePlan) {
        self.add_duration |= other.add_duration;
        for row in other.durations {
            if !self.durations.contains(&row) {
                self.durations.push(row);
            }
        }
        for fill in other.fills {
            if !self.fills.contains(&fill) {
                self.fills.push(fill);
            }
        }
        for row in other.rows {
            if !self.rows.contains(&row) {
                self.rows.push(row);
            }
        }
        self.applicability = self.applicability.max(other.applicability);
    }
}

/// What fixes are planned from: the document, its extraction and what the linter was given.
pub struct Document<'a> {
    pub source: &'a Source,
    pub policy: &'a Policy,
    /// Cookies seen in a browser (`--observed`), for rows of undeclared ones.
    pub observed: Option<&'a [ObservedCookie]>,
}

impl Document<'_> {
    /// Whether table `index` can be rewritten (see the module's notes).
    fn rewritable(&self, index: usize) -> bool {
        let Some(table) = self.policy.tables.get(index) else { return false };
        // In Markdown every grid becomes a pipe table; plain text keeps its layout (a pipe table
        // there would make the document read as Markdown).
        let grid = match self.source.format {
            Format::Markdown => matches!(
                table.layout,
                Layout::PipeTable | Layout::TabSeparated | Layout::Aligned | Layout::SpaceSeparated | Layout::PipeCells
            ),
            Format::Text => matches!(table.layout, Layout::TabSeparated | Layout::Aligned | Layout::SpaceSeparated),
            _ => false,
        };
        let cut = self
            .policy
            .diagnostics
            .iter()
            .any(|d| d.rule == "limit-exceeded" && table.span.range().contains(&d.span.start));
        // A table written as HTML inside Markdown is read through its rendering: it stays HTML.
        let html = || {
            crate::blocks::html_table_regions(&self.source.text, crate::Limits::default().max_nesting_depth)
                .iter()
                .any(|r| r.start < table.span.end && table.span.start < r.end)
        };
        grid && !cut && table.header_span.is_some() && !table.body.is_empty() && !html() && self.only_the_table(table)
    }

    /// Whether the whole lines under `table` hold the table and nothing else: each line with
    /// content is its header or one of its rows (not a heading or comment between two parts
    /// of a table read as one, not a last row dropped as cut), and in Markdown no line is
    /// quoted or indented (a table inside a block quote or a list item) or inside a code block.
    fn only_the_table(&self, table: &Table) -> bool {
        let text = &self.source.text;
        let (from, to) = whole_lines(text, table.span.start, table.span.end);
        let mut parts: Vec<Range<usize>> = table.body.iter().map(|r| r.span.range()).collect();
        parts.extend(table.header_span.map(|s| s.range()));
        let markdown = self.source.format == Format::Markdown;
        let mut at = from;
        for line in text[from..to].split_inclusive('\n') {
            let range = at..at + line.len();
            at = range.end;
            let content = line.trim_end_matches(['\n', '\r']);
            if content.trim().is_empty() {
                // A blank line ends a Markdown table: two tables read as one.
                if markdown {
                    return false;
                }
                continue;
            }
            if markdown {
                let delimiter = content.trim().chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
                if content.starts_with([' ', '\t', '>']) || delimiter && table.layout != Layout::PipeTable {
                    return false;
                }
                if delimiter {
                    continue;
                }
            }
            if !parts.iter().any(|p| p.start < range.end && range.start < p.end.max(p.start + 1)) {
                return false;
            }
        }
        let in_code = self.policy.blocks.iter().any(|b| {
            matches!(b.kind, crate::blocks::BlockKind::Code | crate::blocks::BlockKind::CodeSample)
                && b.range.start < to
                && from < b.range.end
        });
        !in_code
    }

    /// The table a finding is about: the one its span starts in.
    fn table_of(&self, diagnostic: &Diagnostic) -> Option<usize> {
        self.policy.tables.iter().position(|t| {
            t.span.start <= diagnostic.span.start && diagnostic.span.start < t.span.end.max(t.span.start + 1)
        })
    }

    fn cookie_at(&self, diagnostic: &Diagnostic) -> Option<&Cookie> {
        self.policy.cookies.iter().find(|c| c.span == diagnostic.span)
    }

    /// The plan that fixes one finding, on the table it changes.
    fn plan(&self, diagnostic: &Diagnostic) -> Option<(usize, TablePlan, String)> {
        let mut plan = TablePlan::default();
        match diagnostic.rule.as_str() {
            "missing-duration" => {
                let index = self.table_of(diagnostic)?;
                let table = &self.policy.tables[index];
                if table.column(Field::Duration).is_none() {
                    plan.add_duration = true;
                    plan.mark(Applicability::Safe);
                    Some((index, plan, "Add a Duration column".to_string()))
                } else {
                    let cookie = self.cookie_at(diagnostic)?;
                    knowledge_value(cookie, Field::Duration)?;
                    plan.durations.push(cookie.row);
                    plan.mark(Applicability::Unsafe);
                    Some((index, plan, format!("Fill in the lifetime of `{}` from the knowledge base", cookie.name)))
                }
            }
            "empty-cell" => {
                // The row by where the finding is; the cell it points at, or, for a cell the row
                // lacks, the column its message names (`the "Header" cell of this row is empty`).
                let index = self.table_of(diagnostic)?;
                let table = &self.policy.tables[index];
                let row = table
                    .body
                    .iter()
                    .position(|r| r.span.start <= diagnostic.span.start && diagnostic.span.start <= r.span.end)?;
                let column = table.body[row]
                    .cells
                    .iter()
                    .position(|c| c.span == diagnostic.span && c.span.end > c.span.start)
                    .or_else(|| {
                        let header = diagnostic.message.split('"').nth(1)?;
                        table.headers.iter().position(|h| h == header)
                    })?;
                let field = table.columns.get(column).copied().flatten()?;
                let cookie = self.policy.cookies_of(index).iter().find(|c| c.row == row)?;
                // A value the document gives elsewhere (a heading's vendor or category) is not
                // replaced by the knowledge base's.
                // Only what the knowledge base filled in: a value the document gives elsewhere (a
                // heading's vendor or category) is the document's, not a cell to fill.
                knowledge_value(cookie, field)?;
                plan.fills.push((row, column, field));
                plan.mark(Applicability::Unsafe);
                Some((
                    index,
                    plan,
                    format!("Fill in the {} of `{}` from the knowledge base", field.as_str(), cookie.name),
                ))
            }
            "missing-expected" => {
                let name = diagnostic.message.split('`').nth(1).filter(|n| !n.is_empty())?;
                let index = self.policy.tables.len().checked_sub(1)?;
                plan.rows.push(known_row(name));
                plan.mark(Applicability::Unsafe);
                Some((index, plan, format!("Add a row for `{name}`")))
            }
            "undeclared-observed" => {
                let name = diagnostic.message.split('`').nth(1).filter(|n| !n.is_empty())?;
                let observed = self.observed?.iter().find(|c| c.name == name)?;
                let index = self.policy.tables.len().checked_sub(1)?;
                let mut row = known_row(name);
                if !row.iter().any(|(f, _)| *f == Field::Duration) {
                    if let Some(lifetime) = observed_lifetime(observed) {
                        row.push((Field::Duration, lifetime));
                    }
                }
                if !observed.domain.is_empty() {
                    row.push((Field::Domain, observed.domain.clone()));
                }
                plan.rows.push(row);
                plan.mark(Applicability::Unsafe);
                Some((index, plan, format!("Add a row for the observed cookie `{name}`")))
            }
            _ => None,
        }
        .filter(|(index, _, _)| self.rewritable(*index))
    }

    /// The fix for one finding, when it has one.
    pub fn fix(&self, diagnostic: &Diagnostic) -> Option<Fix> {
        let (index, plan, title) = self.plan(diagnostic)?;
        let applicability = plan.applicability.unwrap_or(Applicability::Safe);
        let edit = self.rewrite(index, &plan, applicability);
        self.keeps_every_cookie(&edit).then(|| Fix { title, applicability, edits: vec![edit] })
    }

    /// The last safeguard: the document with `edit` applied, read again, still declares every
    /// cookie it declared, with every field it gave (the fix may only add). A rewrite that would
    /// read differently (a row whose cells the new column moves, a table that reads as another
    /// layout) is not offered.
    fn keeps_every_cookie(&self, edit: &Edit) -> bool {
        let text = apply(&self.source.text, std::slice::from_ref(edit));
        let mut source = Source::from_text(&self.source.name, text);
        source.format = self.source.format;
        let after = crate::extract(&source, &crate::Options::default());
        let mut unmatched: Vec<&Cookie> = after.cookies.iter().collect();
        for before in &self.policy.cookies {
            let Some(at) = unmatched.iter().position(|after| kept(before, after)) else { return false };
            unmatched.remove(at);
        }
        true
    }

    /// Table `index` rewritten as a normalized Markdown table, nothing else changed.
    pub fn normalize_table(&self, index: usize) -> Option<Fix> {
        self.rewritable(index).then(|| Fix {
            title: "Rewrite this table as a normalized Markdown table".to_string(),
            applicability: Applicability::Safe,
            edits: vec![self.rewrite(index, &TablePlan::default(), Applicability::Safe)],
        })
    }

    /// A comment that turns `diagnostic`'s rule off around the table it is in (or on its line):
    /// `<!-- cookielint-disable RULE -->` … `<!-- cookielint-enable RULE -->` in Markdown,
    /// `cookielint: ignore RULE` on the line above in plain text.
    pub fn suppress(&self, diagnostic: &Diagnostic) -> Fix {
        let text = &self.source.text;
        let table = self.table_of(diagnostic).map(|i| &self.policy.tables[i]);
        let (from, to) = match table {
            Some(t) => whole_lines(text, t.span.start, t.span.end),
            None => whole_lines(text, diagnostic.span.start, diagnostic.span.start),
        };
        let rule = &diagnostic.rule;
        let edits = if self.source.format == Format::Markdown {
            let closing = if text[..to].ends_with('\n') { "" } else { "\n" };
            vec![
                Edit { range: from..from, text: format!("<!-- cookielint-disable {rule} -->\n") },
                Edit { range: to..to, text: format!("{closing}<!-- cookielint-enable {rule} -->\n") },
            ]
        } else {
            vec![Edit { range: from..from, text: format!("cookielint: ignore {rule}\n") }]
        };
        Fix {
            title: format!("Disable {rule} for this {}", if table.is_some() { "table" } else { "line" }),
            applicability: Applicability::Safe,
            edits,
        }
    }

    /// The table whose lines hold `offset`, if one does.
    pub fn table_at(&self, offset: usize) -> Option<usize> {
        self.policy.tables.iter().position(|t| t.span.start <= offset && offset <= t.span.end)
    }

    /// Every fix for `diagnostics` up to `allowed`, folded into one rewrite per table: the edits
    /// and the findings they fix (indices into `diagnostics`).
    pub fn fix_all(&self, diagnostics: &[Diagnostic], allowed: Applicability) -> (Vec<Edit>, Vec<usize>) {
        let mut plans: Vec<(usize, TablePlan)> = Vec::new();
        let mut fixed = Vec::new();
        for (at, diagnostic) in diagnostics.iter().enumerate() {
            let Some((index, plan, _)) = self.plan(diagnostic) else { continue };
            if plan.applicability.unwrap_or(Applicability::Safe) > allowed {
                continue;
            }
            fixed.push(at);
            match plans.iter_mut().find(|(i, _)| *i == index) {
                Some((_, existing)) => existing.merge(plan),
                None => plans.push((index, plan)),
            }
        }
        let mut edits = Vec::new();
        for (index, plan) in &plans {
            let edit = self.rewrite(*index, plan, plan.applicability.unwrap_or(Applicability::Safe));
            if self.keeps_every_cookie(&edit) {
                edits.push(edit);
            } else {
                // Its findings are not fixed after all.
                fixed.retain(|&at| self.plan(&diagnostics[at]).is_none_or(|(i, _, _)| i != *index));
            }
        }
        (edits, fixed)
    }

    /// The edit that replaces table `index`'s lines by its normalized table with `plan`
    /// applied; unsafe parts of the plan only when `allowed` is unsafe. In Markdown the cells
    /// keep their markup as written (a link, emphasis); text the fix adds is escaped.
    fn rewrite(&self, index: usize, plan: &TablePlan, allowed: Applicability) -> Edit {
        let table = &self.policy.tables[index];
        let text = &self.source.text;
        let markdown = self.source.format == Format::Markdown;
        let unsafe_allowed = allowed == Applicability::Unsafe;
        let width = table.headers.len().max(table.body.iter().map(|r| r.cells.len()).max().unwrap_or(0));
        let added =
            |value: &str| if markdown { crate::render::markdown::escape_cell(value) } else { value.to_string() };
        let written = |cell: &Cell| {
            if cell.text.is_empty() {
                return String::new();
            }
            if !markdown || cell.span.end <= cell.span.start {
                return added(&cell.text);
            }
            let raw = crate::text::collapse_whitespace(text.get(cell.span.range()).unwrap_or(&cell.text).trim());
            if table.layout == Layout::PipeTable {
                raw
            } else {
                escape_pipes(&raw)
            }
        };
        let mut columns: Vec<Option<Field>> = (0..width).map(|i| table.columns.get(i).copied().flatten()).collect();
        let mut header: Vec<String> =
            (0..width).map(|i| added(table.headers.get(i).map_or("", String::as_str))).collect();
        let mut grid: Vec<Vec<String>> = table
            .body
            .iter()
            .map(|row| (0..width).map(|i| row.cells.get(i).map_or(String::new(), written)).collect())
            .collect();
        // Writes `value` into an empty cell.
        let fill = |grid: &mut Vec<Vec<String>>, row: usize, column: usize, value: &str| {
            if let Some(cell) = grid.get_mut(row).and_then(|r| r.get_mut(column)) {
                if matches!(cell.trim(), "" | "-" | "–" | "—") {
                    *cell = added(value);
                }
            }
        };
        if plan.add_duration && !columns.contains(&Some(Field::Duration)) {
            header.push(added("Duration"));
            columns.push(Some(Field::Duration));
            grid.iter_mut().for_each(|row| row.push(String::new()));
        }
        if unsafe_allowed {
            let cookies = self.policy.cookies_of(index);
            if let Some(column) = columns.iter().position(|c| *c == Some(Field::Duration)) {
                // A column just added takes every lifetime the knowledge base knows, as the
                // fixes of the rows it leaves empty would.
                let rows: Vec<usize> =
                    if plan.add_duration { cookies.iter().map(|c| c.row).collect() } else { plan.durations.clone() };
                for row in rows {
                    let Some(cookie) = cookies.iter().find(|c| c.row == row) else { continue };
                    if let Some(lifetime) = knowledge_value(cookie, Field::Duration) {
                        fill(&mut grid, row, column, &lifetime);
                    }
                }
            }
            for &(row, column, field) in &plan.fills {
                let Some(cookie) = cookies.iter().find(|c| c.row == row) else { continue };
                if let Some(value) = knowledge_value(cookie, field) {
                    fill(&mut grid, row, column, &value);
                }
            }
            let name_column = columns.iter().position(|c| *c == Some(Field::Name)).unwrap_or(0);
            for cells in &plan.rows {
                let mut row: Vec<String> = columns
                    .iter()
                    .map(|column| {
                        column
                            .and_then(|field| cells.iter().find(|(f, _)| *f == field))
                            .map_or(String::new(), |(_, value)| added(value))
                    })
                    .collect();
                if let (Some(cell), Some((_, name))) = (row.get_mut(name_column), cells.first()) {
                    *cell = added(name);
                }
                grid.push(row);
            }
        }
        let (from, to) = whole_lines(text, table.span.start, table.span.end);
        let mut rendered = match (self.source.format, table.layout) {
            (Format::Text, Layout::TabSeparated) => tab_separated(&header, &grid),
            (Format::Text, _) => aligned(&header, &grid),
            _ => crate::render::markdown::pipe_grid(&header, &grid),
        };
        // A pipe table made from another layout needs blank lines around it: text right after
        // it would read as one more row.
        if markdown && table.layout != Layout::PipeTable {
            if from > 0 && !text[..from].ends_with("\n\n") && !text[..from].trim_end_matches(['\n', '\r']).is_empty() {
                rendered.insert(0, '\n');
            }
            if !text[to..].trim().is_empty() && !text[to..].starts_with(['\n', '\r']) {
                rendered.push('\n');
            }
        }
        if !text[..to].ends_with('\n') {
            rendered.pop();
        }
        // The table's lines end as the document's do.
        if text[from..to].contains("\r\n") {
            rendered = rendered.replace('\n', "\r\n");
        }
        Edit { range: from..to, text: rendered }
    }
}

/// Unescaped pipes in a cell's text escaped (a cell of another layout moved into a pipe table).
fn escape_pipes(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut escaped = false;
    for c in cell.chars() {
        if c == '|' && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

/// A table as plain-text lines, cells separated by tabs.
fn tab_separated(header: &[String], grid: &[Vec<String>]) -> String {
    let mut out = header.join("\t");
    out.push('\n');
    for row in grid {
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// A table as plain-text lines, columns aligned with spaces (at least two between columns).
fn aligned(header: &[String], grid: &[Vec<String>]) -> String {
    let rows: Vec<&[String]> = std::iter::once(header).chain(grid.iter().map(Vec::as_slice)).collect();
    let columns = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| rows.iter().map(|r| r.get(i).map_or(0, |c| c.chars().count())).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, width) in widths.iter().enumerate() {
            let cell = row.get(i).map_or("", String::as_str);
            line.push_str(cell);
            if i + 1 < columns {
                line.push_str(&" ".repeat(width - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Whether `after` is `before` with at most fields added: the same name and kind, and every
/// field `before` had, unchanged.
fn kept(before: &Cookie, after: &Cookie) -> bool {
    let same_or_added = |a: &Option<String>, b: &Option<String>| a.is_none() || a == b;
    before.name == after.name
        && before.kind == after.kind
        && same_or_added(&before.provider, &after.provider)
        && same_or_added(&before.purpose, &after.purpose)
        && same_or_added(&before.function, &after.function)
        && (before.category.is_none() || before.category == after.category)
        && (before.duration.is_none()
            || before.duration.as_ref().map(|d| d.seconds) == after.duration.as_ref().map(|d| d.seconds))
}

/// The byte range of the whole lines covering `start..end` (from the first line's start to
/// after the last line's break).
pub fn whole_lines(text: &str, start: usize, end: usize) -> (usize, usize) {
    let start = crate::text::floor_char_boundary(text, start.min(text.len()));
    let end = crate::text::floor_char_boundary(text, end.min(text.len())).max(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let last = if end > start && text[..end].ends_with('\n') { end - 1 } else { end };
    let line_end = text[last..].find('\n').map_or(text.len(), |i| last + i + 1);
    (line_start, line_end)
}

/// What extraction filled in from the knowledge base for `cookie`'s field (provider,
/// category, lifetime): written into its cell, it reads back as the same value, now the
/// document's. None when the document gave the field itself.
fn knowledge_value(cookie: &Cookie, field: Field) -> Option<String> {
    let knowledge = Some(crate::model::FieldSource::Knowledge);
    match field {
        Field::Provider => cookie.provider.clone().filter(|_| cookie.provider_source == knowledge),
        Field::Category => {
            cookie.category.filter(|_| cookie.category_source == knowledge).map(|c| c.as_str().to_string())
        }
        Field::Duration => {
            cookie.duration.as_ref().filter(|_| cookie.duration_source == knowledge).map(|d| d.text.clone())
        }
        _ => None,
    }
    .filter(|value| !value.trim().is_empty())
}

/// A new row for `name`: the name, and what the knowledge base says of it (provider, category,
/// lifetime), as extraction would fill them in, when its entries agree.
fn known_row(name: &str) -> Vec<(Field, String)> {
    let mut row = vec![(Field::Name, name.to_string())];
    let known = crate::knowledge::base().lookup(name);
    let Some(first) = known.first() else { return row };
    if known.iter().all(|k| k.platform == first.platform) && !first.platform.trim().is_empty() {
        row.push((Field::Provider, first.platform.trim().to_string()));
    }
    if let Some(category) = first.category().filter(|c| known.iter().all(|k| k.category() == Some(*c))) {
        row.push((Field::Category, category.as_str().to_string()));
    }
    if known.iter().all(|k| k.retention == first.retention) && !first.retention.trim().is_empty() {
        row.push((Field::Duration, first.retention.trim().to_string()));
    }
    row
}

fn observed_lifetime(cookie: &ObservedCookie) -> Option<String> {
    use crate::observed::Lifetime;
    match cookie.lifetime {
        Lifetime::Session => Some("Session".to_string()),
        Lifetime::Persistent(Some(seconds)) => Some(lifetime_words(seconds)),
        Lifetime::Persistent(None) | Lifetime::Unknown => None,
    }
}

/// A number of seconds in the largest unit that keeps it near ("13 months", "30 days"), in the
/// English grammar's words (which every grammar reads back).
fn lifetime_words(seconds: u64) -> String {
    use crate::grammar::duration::{unit_seconds, DAYS_PER_MONTH, DAYS_PER_YEAR, SECONDS_PER_DAY};
    use crate::grammar::Unit;
    let days = seconds as f64 / SECONDS_PER_DAY;
    let unit = if days >= DAYS_PER_YEAR * 2.0 {
        Unit::Year
    } else if days >= DAYS_PER_MONTH * 2.0 {
        Unit::Month
    } else if days >= 2.0 {
        Unit::Day
    } else if seconds >= 7_200 {
        Unit::Hour
    } else {
        Unit::Minute
    };
    let size = unit_seconds(unit);
    let rounded = ((seconds as f64 / size).round().max(1.0) * size).round() as u64;
    crate::grammar::duration::render_seconds(rounded, "en").unwrap_or_else(|| format!("{rounded} seconds"))
}

/// `text` with `edits` applied (they must not overlap; they are applied from the end).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut ordered: Vec<&Edit> = edits.iter().collect();
    ordered.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    let mut limit = text.len();
    for edit in ordered {
        if edit.range.end > limit || edit.range.start > edit.range.end {
            continue; // an overlapping edit is dropped rather than applied half
        }
        out.replace_range(edit.range.clone(), &edit.text);
        limit = edit.range.start;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observed_lifetimes_in_words() {
        assert_eq!(lifetime_words(400 * 86_400), "13 months");
        assert_eq!(lifetime_words(30 * 86_400), "30 days");
        assert_eq!(lifetime_words(3 * 365 * 86_400), "3 years");
        assert_eq!(lifetime_words(1_800), "30 minutes");
        assert_eq!(lifetime_words(70), "1 minute");
    }

    #[test]
    fn whole_lines_cover_the_span_and_its_line_break() {
        let text = "a\n| x |\n| y |\nb";
        let start = text.find("| x").unwrap();
        let end = text.find("\nb").unwrap() + 1;
        assert_eq!(whole_lines(text, start, end), (2, end));
        assert_eq!(whole_lines(text, start + 2, start + 3), (2, text.find("| y").unwrap()));
    }

    #[test]
    fn edits_apply_from_the_end_and_overlaps_are_dropped() {
        let edits = [
            Edit { range: 0..1, text: "A".into() },
            Edit { range: 2..3, text: "C".into() },
            Edit { range: 2..4, text: "X".into() },
        ];
        assert_eq!(apply("abcd", &edits[..2]), "AbCd");
        assert_eq!(apply("abcd", &edits), "AbCd", "an edit overlapping one applied is dropped");
    }
}
