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
        grid && !cut && !html() && table.header_span.is_some() && !table.body.is_empty()
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
                // `the "Header" cell of this row is empty`: the column by its header, the row by
                // where the finding is.
                let index = self.table_of(diagnostic)?;
                let table = &self.policy.tables[index];
                let header = diagnostic.message.split('"').nth(1)?;
                let column = table.headers.iter().position(|h| h == header)?;
                let field = table.columns.get(column).copied().flatten()?;
                let row = table
                    .body
                    .iter()
                    .position(|r| r.span.start <= diagnostic.span.start && diagnostic.span.start <= r.span.end)?;
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
        Some(Fix { title, applicability, edits: vec![self.rewrite(index, &plan, applicability)] })
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
        let edits = plans
            .iter()
            .map(|(index, plan)| self.rewrite(*index, plan, plan.applicability.unwrap_or(Applicability::Safe)))
            .collect();
        (edits, fixed)
    }

    /// The edit that replaces table `index`'s lines by its normalized Markdown with `plan`
    /// applied; unsafe parts of the plan only when `allowed` is unsafe.
    fn rewrite(&self, index: usize, plan: &TablePlan, allowed: Applicability) -> Edit {
        let table = &self.policy.tables[index];
        let mut table: Table = table.clone();
        let unsafe_allowed = allowed == Applicability::Unsafe;
        let width = table.headers.len().max(table.body.iter().map(|r| r.cells.len()).max().unwrap_or(0));
        let empty = |row: &crate::interpret::Row| Cell { text: String::new(), span: row.span };
        for row in &mut table.body {
            while row.cells.len() < width {
                row.cells.push(empty(row));
            }
        }
        while table.headers.len() < width {
            table.headers.push(String::new());
        }
        while table.columns.len() < width {
            table.columns.push(None);
        }
        if plan.add_duration && table.column(Field::Duration).is_none() {
            table.headers.push("Duration".to_string());
            table.columns.push(Some(Field::Duration));
            for row in &mut table.body {
                row.cells.push(empty(row));
            }
        }
        if unsafe_allowed {
            if let Some(column) = table.column(Field::Duration) {
                let cookies = self.policy.cookies_of(index);
                // A column just added takes every lifetime the knowledge base knows, as the
                // fixes of the rows it leaves empty would.
                let all_rows: Vec<usize>;
                let rows = if plan.add_duration {
                    all_rows = cookies.iter().map(|c| c.row).collect();
                    &all_rows
                } else {
                    &plan.durations
                };
                for &row in rows {
                    let Some(cookie) = cookies.iter().find(|c| c.row == row) else { continue };
                    let Some(lifetime) = knowledge_value(cookie, Field::Duration) else { continue };
                    if let Some(cell) = table.body.get_mut(row).and_then(|r| r.cells.get_mut(column)) {
                        if cell.text.is_empty() {
                            cell.text = lifetime;
                        }
                    }
                }
            }
            let cookies = self.policy.cookies_of(index);
            for &(row, column, field) in &plan.fills {
                let Some(cookie) = cookies.iter().find(|c| c.row == row) else { continue };
                let Some(value) = knowledge_value(cookie, field) else { continue };
                if let Some(cell) = table.body.get_mut(row).and_then(|r| r.cells.get_mut(column)) {
                    if matches!(cell.text.trim(), "" | "-" | "–" | "—") {
                        cell.text = value;
                    }
                }
            }
            for cells in &plan.rows {
                let span = table.span;
                let mut row = crate::interpret::Row { cells: Vec::new(), span };
                for column in &table.columns {
                    let text = column
                        .and_then(|field| cells.iter().find(|(f, _)| *f == field))
                        .map_or(String::new(), |(_, t)| t.clone());
                    row.cells.push(Cell { text, span });
                }
                // A table with no name column (which cannot be) would lose the name: the first
                // cell takes it.
                if table.column(Field::Name).is_none() {
                    if let (Some(first), Some((_, name))) = (row.cells.first_mut(), cells.first()) {
                        first.text = name.clone();
                    }
                }
                table.body.push(row);
            }
        }
        let text = &self.source.text;
        let (from, to) = whole_lines(text, table.span.start, table.span.end);
        let mut markdown = match (self.source.format, table.layout) {
            (Format::Text, Layout::TabSeparated) => tab_separated(&table),
            (Format::Text, _) => aligned(&table),
            _ => crate::render::markdown::table_markdown(&table),
        };
        if !text[..to].ends_with('\n') {
            markdown.pop();
        }
        // The table's lines end as the document's do.
        if text[from..to].contains("\r\n") {
            markdown = markdown.replace('\n', "\r\n");
        }
        Edit { range: from..to, text: markdown }
    }
}

/// A table as plain-text lines, cells separated by tabs.
fn tab_separated(table: &Table) -> String {
    let mut text = table.headers.join("\t");
    text.push('\n');
    for row in &table.body {
        let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    text
}

/// A table as plain-text lines, columns aligned with spaces (at least two between columns).
fn aligned(table: &Table) -> String {
    let mut grid: Vec<Vec<&str>> = vec![table.headers.iter().map(String::as_str).collect()];
    grid.extend(table.body.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()));
    let columns = grid.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| grid.iter().map(|r| r.get(i).map_or(0, |c| c.chars().count())).max().unwrap_or(0))
        .collect();
    let mut text = String::new();
    for row in &grid {
        let mut line = String::new();
        for (i, width) in widths.iter().enumerate() {
            let cell = row.get(i).copied().unwrap_or("");
            line.push_str(cell);
            if i + 1 < columns {
                line.push_str(&" ".repeat(width - cell.chars().count() + 2));
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
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

/// A number of seconds in the largest unit that keeps it near ("13 months", "30 days"), in
/// words every grammar reads back.
fn lifetime_words(seconds: u64) -> String {
    use crate::grammar::duration::{DAYS_PER_MONTH, DAYS_PER_YEAR, SECONDS_PER_DAY};
    let days = seconds as f64 / SECONDS_PER_DAY;
    let (value, unit) = if days >= DAYS_PER_YEAR * 2.0 {
        (days / DAYS_PER_YEAR, "years")
    } else if days >= DAYS_PER_MONTH * 2.0 {
        (days / DAYS_PER_MONTH, "months")
    } else if days >= 2.0 {
        (days, "days")
    } else if seconds >= 7_200 {
        (seconds as f64 / 3_600.0, "hours")
    } else {
        (seconds as f64 / 60.0, "minutes")
    };
    format!("{} {unit}", value.round().max(1.0))
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
