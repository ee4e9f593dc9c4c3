//! Tables and declarations read together: the declaration stage over running text, the
//! outline's categories for tables, and the reading of contested lines whose names read better.
use super::*;
use crate::grammar::Field;

/// Whether the declaration stage changes anything about `tables`: it finds declarations
/// outside them, or reads a contested table better.
pub(super) fn declares_outside_tables(
    source: &Source,
    blocks: &[Block],
    tables: &[interpret::Table],
    lexicons: &Lexicons,
    language: Option<&str>,
) -> bool {
    let outline = crate::outline::Outline::new(&source.text, blocks, lexicons);
    let (declared, dropped) = declare_and_contest(source, blocks, tables, &outline, lexicons, language);
    !declared.is_empty()
        || dropped.iter().any(|&d| d)
        || tables.iter().any(|t| outline_category(source, &outline, t).is_some())
}

/// The category the outline gives a table the interpretation left without one (it keeps only
/// heading blocks): a title line in running text ("2.1 Strictly Necessary Cookies"), else the
/// sentence that introduces the table ("These are essential cookies that do not require
/// consent."); with the title's text.
pub(super) fn outline_category(
    source: &Source,
    outline: &crate::outline::Outline,
    table: &interpret::Table,
) -> Option<(crate::grammar::Category, Option<String>)> {
    if table.category.is_some() {
        return None;
    }
    let start = table.span.start;
    outline
        .category_at(start)
        .map(|(category, heading)| (category, Some(heading.text.clone())))
        .or_else(|| outline.lead_in_category(&source.text, start).map(|c| (c, None)))
}

/// Tables read line by line from a stream of cells (pipe cells, one cell per line, bare names,
/// running text): readings the declaration stage can contest.
pub(super) fn contestable(table: &interpret::Table) -> bool {
    use crate::tables::Layout;
    matches!(table.layout, Layout::PipeCells | Layout::CellPerLine | Layout::NameLines | Layout::Prose | Layout::List)
}

/// The declarations found outside the firm tables ([`crate::declare`]), and which of `tables`
/// they replace. A contested table is read again by the declaration stage; where the two
/// readings of the same lines disagree, the one whose name cells read more as names is kept.
pub(super) fn declare_and_contest(
    source: &Source,
    blocks: &[Block],
    tables: &[interpret::Table],
    outline: &crate::outline::Outline,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> (Vec<interpret::Table>, Vec<bool>) {
    let firm: Vec<&interpret::Table> = tables.iter().filter(|t| !contestable(t)).collect();
    // Every name the tables declare: a sentence that names one again declares nothing new.
    let declaring = || tables.iter().filter_map(|t| t.column(crate::grammar::Field::Name).map(|c| (t, c)));
    let elsewhere = crate::declare::Elsewhere {
        name_cells: declaring()
            .flat_map(|(t, c)| t.body.iter().filter_map(move |r| r.cell(c)))
            .map(|cell| cell.text.as_str())
            .collect(),
        at: declaring().filter(|(t, _)| t.rows > 0).map(|(t, _)| t.span.start).collect(),
    };
    let mut declared = crate::declare::declarations(source, blocks, &firm, &elsewhere, outline, lexicons, language);
    let mut dropped = vec![false; tables.len()];
    if declared.is_empty() {
        return (declared, dropped);
    }
    // Every declared row by where its name starts (a declaration stands where its name stands),
    // so that each contested table looks up the rows over its lines instead of scanning all.
    let name_of = |row: &interpret::Row| row.cells.first().map_or(row.span, |c| c.span);
    let mut by_name: Vec<(usize, usize, usize)> = declared
        .iter()
        .enumerate()
        .flat_map(|(t, table)| table.body.iter().enumerate().map(move |(r, row)| (name_of(row).start, t, r)))
        .collect();
    by_name.sort_unstable();
    // The rows that hold another text inside them (their description), for nested lists.
    let holders =
        crate::span::RangeCover::new(declared.iter().flat_map(|t| &t.body).map(|r| name_of(r).end..r.span.end));
    let mut removed: Vec<Vec<bool>> = declared.iter().map(|t| vec![false; t.body.len()]).collect();
    for (index, table) in tables.iter().enumerate().filter(|(_, t)| contestable(t)) {
        let range = table.span.range();
        // A list nested inside one declaration describes that cookie (the keys its value holds).
        if holders.contains(&range) {
            dropped[index] = true;
            continue;
        }
        let first = by_name.partition_point(|&(start, _, _)| start < range.start);
        let last = by_name.partition_point(|&(start, _, _)| start < range.end);
        let over: &[(usize, usize, usize)] = &by_name[first..last];
        if over.is_empty() {
            continue;
        }
        let advantage = name_advantage(&declared, over, table);
        // Between readings whose names read as well, the one that finds more of their fields
        // (a name heading followed by its labelled lines, read as a bare list by the other).
        let more_fields = || {
            let mine: usize =
                over.iter().map(|&(_, t, r)| crate::declare::row_fields(&declared[t], &declared[t].body[r])).sum();
            mine > table.body.iter().map(|row| crate::declare::row_fields(table, row)).sum()
        };
        if advantage > 0 || advantage == 0 && more_fields() {
            dropped[index] = true;
        } else {
            for &(_, t, r) in over {
                removed[t][r] = true;
            }
        }
    }
    for (table, removed) in declared.iter_mut().zip(&removed) {
        let mut row = 0;
        table.body.retain(|_| {
            row += 1;
            !removed[row - 1]
        });
        table.rows = table.body.len();
    }
    declared.retain(|t| !t.body.is_empty());
    (declared, dropped)
}

/// How much better the declared rows `over` a contested table read as names than the table's
/// own rows: the sum of their [`crate::declare::row_name_score`]s less the table's
/// [`crate::declare::name_score`].
/// (A row scored within its own table: cloning the table per row went quadratic.)
fn name_advantage(declared: &[interpret::Table], over: &[(usize, usize, usize)], table: &interpret::Table) -> i64 {
    let all = || {
        over.iter().map(|&(_, t, r)| crate::declare::row_name_score(&declared[t], &declared[t].body[r])).sum::<i64>()
            - crate::declare::name_score(table)
    };
    if over.len() != table.body.len() {
        return all();
    }
    // Both readings have as many rows: the difference of the sums is the sum of the differences
    // of rows paired in order, whatever the pairing. A row's score reads only its name cell, its
    // lifetime cell and whether its table has a name column, so a pair alike in those adds
    // nothing, and is not scored (splitting names and parsing lifetimes is the costly part).
    let advantage = over
        .iter()
        .zip(&table.body)
        .map(|(&(_, t, r), row)| {
            let (mine, mine_row) = (&declared[t], &declared[t].body[r]);
            let differ = |field| scored_cell(mine, mine_row, field) != scored_cell(table, row, field);
            let names_differ = differ(Field::Name);
            let names = if names_differ {
                crate::declare::name_cell_score(mine, mine_row) - crate::declare::name_cell_score(table, row)
            } else {
                0
            };
            let lifetimes = if names_differ || differ(Field::Duration) {
                crate::declare::lifetime_cell_score(mine, mine_row) - crate::declare::lifetime_cell_score(table, row)
            } else {
                0
            };
            names + lifetimes
        })
        .sum();
    // Every test run over the corpus and the development sets checks the shortcut.
    debug_assert_eq!(advantage, all());
    advantage
}

/// The text of a row's cell for `field`: `None` where the table has no such column, `Some(None)`
/// where the row leaves it empty.
fn scored_cell<'a>(table: &interpret::Table, row: &'a interpret::Row, field: Field) -> Option<Option<&'a str>> {
    table.column(field).map(|c| row.cell(c).map(|cell| cell.text.as_str()))
}

/// Adds the declarations found outside the interpreted tables to them, in document order, and
/// drops the contested tables they read better (see [`declare_and_contest`]); a table-like block
/// reported as unrecognized that they read is no longer reported. Returns whether anything
/// changed.
pub(super) fn with_declarations(
    source: &Source,
    blocks: &[Block],
    mut interpretation: interpret::Interpretation,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> (interpret::Interpretation, bool) {
    let outline = crate::outline::Outline::new(&source.text, blocks, lexicons);
    let (declared, dropped) = declare_and_contest(source, blocks, &interpretation.tables, &outline, lexicons, language);
    let mut changed = !declared.is_empty() || dropped.iter().any(|&d| d);
    // A table under no heading the interpretation saw takes its category from the outline: a
    // title line in running text ("2.1 Strictly Necessary Cookies") or the sentence that
    // introduces it ("These are essential cookies that do not require consent.").
    for table in interpretation.tables.iter_mut() {
        if let Some((category, heading)) = outline_category(source, &outline, table) {
            table.category = Some(category);
            table.category_heading = heading;
            changed = true;
        }
    }
    let mut index = 0;
    interpretation.tables.retain(|_| {
        index += 1;
        !dropped[index - 1]
    });
    if declared.is_empty() {
        return (interpretation, changed);
    }
    let read = crate::span::RangeCover::new(declared.iter().map(|t| t.span.range()));
    interpretation.diagnostics.retain(|d| d.rule != "unrecognized-table" || !read.overlaps(&d.span.range()));
    // Both lists are in document order: merge them (an insertion per table went quadratic).
    let found = std::mem::take(&mut interpretation.tables);
    let mut merged = Vec::with_capacity(found.len() + declared.len());
    let mut declared = declared.into_iter().peekable();
    for table in found {
        while let Some(next) = declared.next_if(|d| d.span.start < table.span.start) {
            merged.push(next);
        }
        merged.push(table);
    }
    merged.extend(declared);
    interpretation.tables = merged;
    (interpretation, changed)
}
