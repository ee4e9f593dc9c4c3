//! Tables made from raw tables: the header, the rows appended (a repeated header dropped, rows
//! that lost or skipped a cell put back in place), and what the headings above give.
use super::*;

pub(super) fn new_table(
    source: &Source,
    raw: RawTable,
    mut header: Vec<Option<Field>>,
    headings: &[OpenHeading],
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Table {
    promote_function(&mut header);
    resolve_name_columns(&mut header, &raw.rows[1..]);
    party_column_of_names(&mut header, &raw.rows[1..]);
    category_column_of_purposes(&mut header, &raw.rows[1..]);
    let headers: Vec<String> = raw.rows[0].cells.iter().map(|c| c.text.clone()).collect();
    let header_span = source.span(raw.rows[0].range.clone());
    let mut table = new_table_with(source, &raw, header, headers, Some(header_span), headings);
    let mut raw = raw;
    raw.rows.remove(0);
    append_rows(source, &mut table, raw, limits, diagnostics);
    table
}

pub(super) fn new_table_with(
    source: &Source,
    raw: &RawTable,
    columns: Vec<Option<Field>>,
    headers: Vec<String>,
    header_span: Option<Span>,
    headings: &[OpenHeading],
) -> Table {
    let nearest = headings.last();
    let lead = crate::outline::lead_in(&source.text, raw.range.start);
    let lexicons = crate::grammar::lexicons();
    let since = nearest.map_or(0, |h| h.span.end);
    let introduced_by = crate::outline::providers::introduced_provider(&source.text, raw.range.start, since, lexicons);
    let kind =
        lead.and_then(|l| lexicons.storage_named(l)).or_else(|| nearest.and_then(|h| lexicons.storage_named(&h.text)));
    Table {
        kind,
        heading: nearest.map(|h| h.text.clone()),
        category: headings.iter().rev().find_map(|h| h.category),
        category_heading: headings.iter().rev().find(|h| h.category.is_some()).map(|h| h.text.clone()),
        provider: crate::outline::providers::lead_in_or_heading(
            introduced_by,
            headings.iter().rev().find_map(|h| h.provider.as_deref()),
        ),
        columns,
        headers,
        layout: raw.layout,
        span: source.span(raw.range.clone()),
        rows: 0,
        body: Vec::new(),
        heading_span: nearest.map(|h| h.span),
        header_span,
    }
}

/// Appends a raw table's rows: a leading continuation joins the last row, a repeated header
/// (printed again after a page break) is dropped, rows past the limit are reported.
pub(super) fn append_rows(
    source: &Source,
    table: &mut Table,
    raw: RawTable,
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut rows = raw.rows.into_iter();
    if raw.starts_with_continuation {
        if let (Some(first), Some(last)) = (rows.next(), table.body.last_mut()) {
            let mut merged = to_raw(last);
            merged.absorb(first);
            *last = to_row(source, merged);
        }
    }
    for row in rows {
        let texts: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        if texts.len() == table.headers.len() && texts.iter().zip(&table.headers).all(|(a, b)| a == b) {
            continue;
        }
        if table.body.len() >= limits.max_rows_per_table {
            diagnostics.push(Diagnostic::new(
                "limit-exceeded",
                Severity::Warning,
                format!("the table has more than {} rows; the rest were not read", limits.max_rows_per_table),
                source.span(row.range.clone()),
            ));
            break;
        }
        // A row that lost a spanning cell in front is put back in place before its lifetime is
        // looked for: both shift its cells.
        let row = realign_name(table, to_row(source, row));
        let row = realign(table, row);
        table.body.push(row);
    }
    table.span.end = table.span.end.max(raw.range.end);
    table.rows = table.body.len();
}

/// A row that left out a cell ("| _ga | 2 years | text | |" under "Cookie | Type | Duration |
/// Description"): when the duration column holds no duration but a cell before it does, and
/// the row ends with an empty cell, empty cells are put back where the row skipped them.
pub(super) fn realign(table: &Table, mut row: Row) -> Row {
    let Some(duration) = table.column(Field::Duration) else { return row };
    let width = table.columns.len();
    let reads = |cell: Option<&Cell>| cell.is_some_and(|c| !c.text.is_empty() && reads_as_duration(&c.text));
    let trailing_empty = row.cells.last().is_some_and(|c| c.text.is_empty()) || row.cells.len() < width;
    if reads(row.cells.get(duration)) || !trailing_empty {
        return row;
    }
    let Some(early) = (0..duration).rev().find(|&j| reads(row.cells.get(j)) && table.columns[j] != Some(Field::Name))
    else {
        return row;
    };
    let filler = Cell { text: String::new(), span: row.cells[early].span };
    // Where the row skipped its cells: right before the lifetime, unless the cells between the
    // name and the lifetime are descriptions and the columns right after the name hold short
    // values (a provider cell spanning rows, lost: "_ga | Distinguishes unique users | 2 years"
    // under "Cookie | Provider | Purpose | Duration").
    let missing = duration - early;
    let after_name = table.column(Field::Name).map_or(0, |n| n + 1);
    let describes = |cell: &Cell| cell.text.split_whitespace().count() >= 3;
    let short_columns = (after_name..after_name + missing).all(|j| {
        matches!(table.columns.get(j), Some(Some(Field::Provider | Field::Domain | Field::Party | Field::Category)))
    });
    let at = if after_name < early && row.cells[after_name..early].iter().all(describes) && short_columns {
        after_name
    } else {
        early
    };
    for _ in 0..missing {
        row.cells.insert(at, filler.clone());
    }
    while row.cells.len() > width && row.cells.last().is_some_and(|c| c.text.is_empty()) {
        row.cells.pop();
    }
    row
}

/// A row that lost its leading cells (a provider cell spanning several rows is written once, in
/// the first of them): its name stands left of the name column and the name column holds text.
/// Empty cells are put back in front, and each takes the text of the cell above it, the spanning
/// cell's.
pub(super) fn realign_name(table: &Table, mut row: Row) -> Row {
    use crate::grammar::names::{name_evidence, NameEvidence};
    let Some(name_column) = table.column(Field::Name).filter(|&n| n > 0) else { return row };
    let single_name = |cell: Option<&Cell>, wanted: NameEvidence| {
        cell.is_some_and(|c| !c.text.contains(char::is_whitespace) && name_evidence(&c.text) >= wanted)
    };
    if single_name(row.cells.get(name_column), NameEvidence::Weak) {
        return row;
    }
    let Some(found) = (0..name_column).rev().find(|&j| single_name(row.cells.get(j), NameEvidence::Strong)) else {
        return row;
    };
    let Some(above) = table.body.last() else { return row };
    let shift = name_column - found;
    for column in (0..shift).rev() {
        let inherited = above.cells.get(column).cloned();
        row.cells.insert(0, inherited.unwrap_or(Cell { text: String::new(), span: row.span }));
    }
    let width = table.columns.len();
    while row.cells.len() > width && row.cells.last().is_some_and(|c| c.text.is_empty()) {
        row.cells.pop();
    }
    row
}

pub(super) fn to_row(source: &Source, raw: RawRow) -> Row {
    Row {
        cells: raw.cells.into_iter().map(|c| Cell { text: c.text, span: source.span(c.range) }).collect(),
        span: source.span(raw.range),
    }
}

pub(super) fn to_raw(row: &Row) -> RawRow {
    RawRow {
        cells: row
            .cells
            .iter()
            .map(|c| crate::tables::RawCell { text: c.text.clone(), range: c.span.range() })
            .collect(),
        range: row.span.range(),
    }
}

pub(super) fn unrecognized(source: &Source, raw: &RawTable) -> Diagnostic {
    let header: Vec<&str> = raw.rows[0].cells.iter().map(|c| c.text.as_str()).collect();
    Diagnostic::new(
        "unrecognized-table",
        Severity::Warning,
        format!(
            "a table-like block ({} rows) whose header names no cookie column: {:?}",
            raw.rows.len(),
            header.join(" | ")
        ),
        source.span(raw.range.clone()),
    )
    .with_help(
        "if it declares cookies, give it a header with a name column (e.g. \"Cookie\", \"Name\", \"Nom du cookie\")",
    )
}
