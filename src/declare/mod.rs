//! Declarations wherever they are written. The layout readers find the tables a header declares;
//! this stage reads the rest of the document for cookie names by their anchors — the head of a
//! line or list item (`_ga – …`, `‘_pk_ref’`, `sessionId / csrf:`), a name alone on its line
//! followed by its description, cells one per line repeating with a period — and keeps a
//! candidate when its context declares it (a lifetime or description beside it, sibling
//! declarations, a known name). Its fields come from the unit around the anchor: the rest of its
//! line, the lines that follow up to the next anchor, the cells of its period (typed by a header
//! or by what they hold), then the outline (the heading's category, a lead-in's or heading's
//! vendor).
//!
//! A candidate is dropped when it only stands inside another cookie's description (lines or
//! bullets deeper than that cookie's line), inside a code block or raw HTML, or in a table that
//! already declared its cookies.
pub mod fields;
pub mod heads;
mod lines;
mod mentions;

use crate::blocks::Block;
use crate::grammar::duration::{find_duration, starts_with_duration};
use crate::grammar::names::NameEvidence;
use crate::grammar::{Field, Lexicons};
use crate::interpret::{Cell, Row, Table};
use crate::outline::Outline;
use crate::source::Source;
use crate::span::RangeCover;
use crate::tables::Layout;
use fields::Part;
use heads::{Head, Separator};
use lines::Line;
use std::collections::HashSet;
use std::ops::Range;

/// What the tables read before this stage declare: every name, and where each table starts.
#[derive(Debug, Default)]
pub struct Elsewhere {
    pub names: HashSet<String>,
    pub at: Vec<usize>,
}

/// The columns of every table this stage makes, in order.
const COLUMNS: [Field; 8] = [
    Field::Name,
    Field::Provider,
    Field::Purpose,
    Field::Duration,
    Field::Category,
    Field::Party,
    Field::Type,
    Field::Domain,
];

/// Lines a free unit reads after its head at most.
const MAX_UNIT_LINES: usize = 12;

/// A unit: the anchor's names and the parts its fields come from.
struct Unit {
    names: Vec<Range<usize>>,
    /// The whole unit, from its first line to its last.
    range: Range<usize>,
    /// Each part with the field it holds (None: description text).
    parts: Vec<(Part, Option<Field>)>,
}

/// Declarations found outside the tables already read, as tables of implicit columns (one per
/// run of declarations), in document order.
pub fn declarations(
    source: &Source,
    blocks: &[Block],
    tables: &[&Table],
    declared_elsewhere: &Elsewhere,
    outline: &Outline,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<Table> {
    let text = &source.text;
    // What the tables already read hold: a grid all its lines (rows past a limit included), a
    // table read line by line its rows and header (a line between them that no row took is still
    // running text).
    let grid = |t: &Table| {
        matches!(
            t.layout,
            Layout::PipeTable | Layout::TabSeparated | Layout::Aligned | Layout::SpaceSeparated | Layout::Concatenated
        )
    };
    let claimed = RangeCover::new(tables.iter().filter(|t| t.column(Field::Name).is_some() && t.rows > 0).flat_map(
        |t| -> Vec<Range<usize>> {
            if grid(t) {
                vec![t.span.range()]
            } else {
                t.body.iter().map(|r| r.span.range()).chain(t.header_span.map(|s| s.range())).collect()
            }
        },
    ));
    let lines = lines::lines(text, blocks, outline, &claimed);
    let heads: Vec<Option<Head>> = lines
        .iter()
        .map(|line| {
            if line.blank || line.barrier {
                return None;
            }
            heads::head(text, line.body.clone(), lexicons, language).filter(|h| candidate(text, h))
        })
        .collect();
    let mut groups: Vec<Vec<Unit>> = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        if lines[start].barrier {
            start += 1;
            continue;
        }
        let end = (start..lines.len()).find(|&i| lines[i].barrier).unwrap_or(lines.len());
        groups.extend(segment(text, &lines, &heads, start..end, outline, lexicons, language));
        start = end;
    }
    // Names in sentences, outside every unit.
    let units_cover = RangeCover::new(groups.iter().flatten().map(|u| u.range.clone()));
    let free: Vec<bool> = lines.iter().map(|l| !l.barrier && !units_cover.overlaps(&l.range)).collect();
    let mut declared: HashSet<String> = declared_elsewhere.names.clone();
    for unit in groups.iter().flatten() {
        declared.extend(unit.names.iter().map(|n| text[n.clone()].to_string()));
    }
    // Sections (by their heading) that hold declarations already.
    let section_of = |offset: usize| outline.nearest(offset).map(|h| h.range.start);
    let declaring: HashSet<Option<usize>> = groups
        .iter()
        .flatten()
        .map(|u| u.range.start)
        .chain(declared_elsewhere.at.iter().copied())
        .map(section_of)
        .collect();
    let declaring_section = |offset: usize| declaring.contains(&section_of(offset));
    let found = mentions::mentions(text, &lines, &free, &declared, &declaring_section, lexicons);
    // A document cut right after a name may have cut the name: no entry from it (the same rule as
    // the interpretation's truncated rows).
    let cut_at = crate::interpret::may_cut_last_row(text)
        .then(|| text.trim_end_matches(|c: char| c.is_whitespace() && c != '\n' && c != '\r').len());
    let mut tables: Vec<Table> = groups
        .into_iter()
        .map(|mut units| {
            units.retain(|u| cut_at.is_none_or(|end| u.names.iter().all(|n| n.end < end)));
            units
        })
        .filter(|units| !units.is_empty())
        .map(|units| table(source, &lines, units, outline, lexicons))
        .collect();
    let found: Vec<mentions::Mention> =
        found.into_iter().filter(|m| cut_at.is_none_or(|end| m.name.end < end)).collect();
    tables.extend(mention_tables(source, found, outline));
    tables.sort_by_key(|t| t.span.start);
    tables
}

/// How much a table's name cells read as names: two for a strong name, one for a plain
/// identifier (`datr`, `PREF`), less than nothing for a word of the text (`Google`, `Site`).
/// Two readings of the same lines are compared by it.
pub fn name_score(table: &Table) -> i64 {
    let Some(column) = table.column(Field::Name) else { return 0 };
    // Between readings that find the same names, the one whose lifetimes land in its lifetime
    // column reads the lines better.
    let lifetimes: i64 = table.column(Field::Duration).map_or(0, |d| {
        table
            .body
            .iter()
            .filter_map(|row| row.cell(d))
            .map(|cell| if fields::is_lifetime_cell(&cell.text) { 1 } else { -1 })
            .sum()
    });
    let names: i64 = table
        .body
        .iter()
        .filter_map(|row| row.cell(column))
        .map(|cell| {
            let names = crate::grammar::names::split_names(&cell.text);
            if names.is_empty() {
                return -1;
            }
            names
                .iter()
                .map(|n| match crate::grammar::names::name_evidence(&n.name) {
                    NameEvidence::Strong => 2,
                    NameEvidence::Weak if plain_name(&n.name) => 1,
                    _ => -1,
                })
                .sum()
        })
        .sum();
    lifetimes + names
}

/// Whether a head may anchor a declaration at all (before its context is looked at).
fn candidate(text: &str, head: &Head) -> bool {
    match head.evidence {
        NameEvidence::Strong => true,
        NameEvidence::Weak => {
            !matches!(head.separator, Separator::Space) && head.names.iter().all(|n| plain_name(&text[n.clone()]))
        }
        NameEvidence::None => false,
    }
}

/// A weak name still has the shape of an identifier: no capitalized word of the text
/// ("Safari", "Note") unless it is all capitals (`PREF`, `NID`).
fn plain_name(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let lower = letters.iter().all(|c| c.is_lowercase());
    upper || lower
}

/// The units of one stretch of running text (between barriers), grouped into runs.
fn segment(
    text: &str,
    lines: &[Line],
    heads: &[Option<Head>],
    range: Range<usize>,
    outline: &Outline,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<Vec<Unit>> {
    // Lines with content, by position: cells one per line are counted without the blank lines
    // between them.
    let content: Vec<usize> = range.clone().filter(|&i| !lines[i].blank).collect();
    if content.is_empty() {
        return Vec::new();
    }
    let mut taken = vec![false; content.len()];
    let mut groups = Vec::new();
    groups.extend(pipe_rows(text, lines, heads, &content, &mut taken, lexicons, language));
    groups.extend(records(text, lines, heads, &content, &mut taken, lexicons, language));
    for region in periodic_regions(text, lines, heads, &content, &taken, lexicons, language) {
        for i in region.lines.clone() {
            taken[i] = true;
        }
        let units = region.units(text, lines, &content, lexicons, language);
        groups.push(units);
    }
    groups.extend(free_units(text, lines, heads, &content, &mut taken, outline, lexicons, language));
    groups
}

/// Cells one per line repeating with a period: `name / purpose / lifetime`, again and again.
struct Region {
    /// Positions in `content` of the lines it covers.
    lines: Range<usize>,
    /// Positions in `content` of each name cell.
    anchors: Vec<usize>,
    period: usize,
    /// Where the name stands in each period.
    offset: usize,
    /// Fields of each position of the period when a header names them.
    header: Option<Vec<Option<Field>>>,
}

impl Region {
    fn units(
        &self,
        text: &str,
        lines: &[Line],
        content: &[usize],
        lexicons: &Lexicons,
        language: Option<&str>,
    ) -> Vec<Unit> {
        // Each position of the period typed once for every unit: by the header, else by what its
        // cells hold.
        let columns: Vec<Option<Field>> = match &self.header {
            Some(header) => header.clone(),
            None => (0..self.period)
                .map(|j| {
                    if j == self.offset {
                        return Some(Field::Name);
                    }
                    let cells: Vec<&str> = self
                        .anchors
                        .iter()
                        .filter_map(|&a| (a + j).checked_sub(self.offset))
                        .filter(|&p| p < self.lines.end)
                        .map(|p| line_text(text, &lines[content[p]]))
                        .collect();
                    column_by_content(&cells, lexicons)
                })
                .collect(),
        };
        // The first untyped column of text is the description, unless a column is one already.
        let mut purpose_taken = columns.contains(&Some(Field::Purpose));
        let columns: Vec<Option<Field>> = columns
            .into_iter()
            .map(|f| match f {
                // The first untyped column of text is the description.
                None if !purpose_taken => {
                    purpose_taken = true;
                    Some(Field::Purpose)
                }
                other => other,
            })
            .collect();
        let mut units = Vec::new();
        for (k, &anchor) in self.anchors.iter().enumerate() {
            let first = anchor - self.offset;
            let last = (first + self.period).min(self.lines.end);
            // The last unit also holds the lines nested under it.
            let through = if k + 1 == self.anchors.len() { self.lines.end } else { last };
            let line = &lines[content[anchor]];
            let Some(head) = heads::head(text, line.body.clone(), lexicons, language) else { continue };
            let mut parts = Vec::new();
            for (j, p) in (first..last).enumerate() {
                if p == anchor {
                    continue;
                }
                let cell = &lines[content[p]];
                for part in fields::parts(text, cell.body.clone(), lexicons, language) {
                    let field = part.label.or(columns.get(j).copied().flatten());
                    parts.push((part, field));
                }
            }
            let start = lines[content[first]].range.start;
            let end = lines[content[through.max(last) - 1]].range.end.max(line.range.end);
            units.push(Unit { names: head.names, range: start.min(line.range.start)..end, parts });
        }
        units
    }
}

/// The text of a line's body, trimmed of pipes and decoration.
fn line_text<'a>(text: &'a str, line: &Line) -> &'a str {
    text[line.body.clone()].trim_matches(|c: char| c.is_whitespace() || c == '|')
}

/// What a column of cells holds when most cells say the same: a lifetime, a category, a party, a
/// type, a provider; None for text.
fn column_by_content(cells: &[&str], lexicons: &Lexicons) -> Option<Field> {
    if cells.is_empty() {
        return None;
    }
    let most = |test: &dyn Fn(&str) -> bool| cells.iter().filter(|c| test(c)).count() * 5 >= cells.len() * 3;
    for field in [Field::Duration, Field::Category, Field::Party, Field::Type] {
        if most(&|c| fields::typed(c, lexicons) == Some(field)) {
            return Some(field);
        }
    }
    if most(&|c| fields::reads_as_provider(c)) {
        return Some(Field::Provider);
    }
    None
}

/// The cells of a line cut by pipes (`| a | b |`, `a | b |`), as absolute ranges, empty cells
/// kept in their place; the outer pipes give no cell.
fn pipe_cells(text: &str, line: &Line) -> Vec<Range<usize>> {
    let body = &text[line.range.clone()];
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, _) in body.match_indices('|') {
        cells.push(start..i);
        start = i + 1;
    }
    cells.push(start..body.len());
    let trim = |r: Range<usize>| {
        let piece = &body[r.clone()];
        let lead = piece.len() - piece.trim_start().len();
        let at = line.range.start + r.start + lead;
        at..at + piece.trim().len()
    };
    let mut cells: Vec<Range<usize>> = cells.into_iter().map(trim).collect();
    if cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    if cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    cells
}

/// Rows of cells cut by pipes that no Markdown parser took as a table (no delimiter row, blank
/// lines between rows, text before the first pipe): the header's name column, else the column
/// that holds names, gives each row's name; a row that lost its leading cells to a cell spanning
/// several rows is put back in place, and takes the spanning cell's text.
#[allow(clippy::too_many_arguments)]
fn pipe_rows(
    text: &str,
    lines: &[Line],
    heads: &[Option<Head>],
    content: &[usize],
    taken: &mut [bool],
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<Vec<Unit>> {
    let _ = heads;
    let is_pipe = |p: usize| text[lines[content[p]].range.clone()].contains('|');
    let mut groups = Vec::new();
    let mut p = 0;
    while p < content.len() {
        if !is_pipe(p) || taken[p] {
            p += 1;
            continue;
        }
        let start = p;
        while p < content.len() && is_pipe(p) && !taken[p] {
            p += 1;
        }
        let run: Vec<(usize, Vec<Range<usize>>)> =
            (start..p).map(|q| (q, pipe_cells(text, &lines[content[q]]))).collect();
        // A grid: at least two lines of several cells (a header and a row, or two rows).
        if run.iter().filter(|(_, cells)| cells.len() >= 2).count() < 2 {
            continue;
        }
        let field = |r: &Range<usize>| {
            let cell = &text[r.clone()];
            (cell.split_whitespace().count() <= 5).then(|| lexicons.column_field(cell, language)).flatten()
        };
        let header_at = run.iter().position(|(_, cells)| {
            let fields: Vec<Option<Field>> = cells.iter().map(field).collect();
            fields.contains(&Some(Field::Name)) && fields.iter().flatten().count() >= 2
        });
        let header: Option<Vec<Option<Field>>> = header_at.map(|h| run[h].1.iter().map(field).collect());
        let width = header.as_ref().map_or_else(|| run.iter().map(|(_, c)| c.len()).max().unwrap_or(0), Vec::len);
        let body = &run[header_at.map_or(0, |h| h + 1)..];
        let strong = |r: &Range<usize>| {
            let cell = &text[r.clone()];
            !cell.contains(char::is_whitespace)
                && crate::grammar::names::name_evidence(cell.trim_matches(['*', '`'])) == NameEvidence::Strong
        };
        // Without a header, the column most of whose cells are strong names.
        let name_column = header.as_ref().and_then(|h| h.iter().position(|f| *f == Some(Field::Name))).or_else(|| {
            let rows = body.iter().filter(|(_, cells)| cells.len() >= 2).count();
            (0..width)
                .map(|c| (c, body.iter().filter(|(_, cells)| cells.get(c).is_some_and(strong)).count()))
                .filter(|&(_, n)| n > 0 && n * 2 >= rows)
                .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
                .map(|(c, _)| c)
        });
        let Some(name_column) = name_column else { continue };
        // Columns the header does not name, typed by what their cells hold across the rows.
        let by_content: Vec<Option<Field>> = {
            let cells_of = |j: usize| -> Vec<&str> {
                body.iter()
                    .filter_map(|(_, cells)| cells.get(j))
                    .map(|r| &text[r.clone()])
                    .filter(|t| !t.is_empty())
                    .collect()
            };
            let named = |j: usize| header.as_ref().and_then(|h| h.get(j).copied().flatten());
            let mut typed: Vec<Option<Field>> = (0..width)
                .map(|j| {
                    if j == name_column || named(j).is_some() {
                        None
                    } else {
                        column_by_content(&cells_of(j), lexicons)
                    }
                })
                .collect();
            let has = |f: Field, typed: &[Option<Field>]| {
                typed.contains(&Some(f)) || header.as_ref().is_some_and(|h| h.contains(&Some(f)))
            };
            let open = |j: usize, typed: &[Option<Field>]| j != name_column && named(j).is_none() && typed[j].is_none();
            let words = |j: usize| {
                let cells = cells_of(j);
                cells.iter().map(|c| c.split_whitespace().count()).sum::<usize>() as f64 / cells.len().max(1) as f64
            };
            if !has(Field::Purpose, &typed) {
                if let Some(j) = (0..width)
                    .filter(|&j| open(j, &typed) && words(j) >= 2.5)
                    .max_by(|a, b| words(*a).total_cmp(&words(*b)))
                {
                    typed[j] = Some(Field::Purpose);
                }
            }
            if !has(Field::Provider, &typed) {
                let capitalized = |j: usize| {
                    let cells = cells_of(j);
                    !cells.is_empty()
                        && cells.iter().filter(|c| c.starts_with(char::is_uppercase)).count() * 5 >= cells.len() * 3
                };
                if let Some(j) = (0..width).find(|&j| open(j, &typed) && words(j) <= 2.0 && capitalized(j)) {
                    typed[j] = Some(Field::Provider);
                }
            }
            typed
        };
        let mut units = Vec::new();
        let mut above: Vec<Range<usize>> = Vec::new();
        let mut pending: Option<Range<usize>> = None;
        let mut broken: Option<Range<usize>> = None;
        for (q, cells) in body {
            let mut cells = cells.clone();
            if cells.len() == 1 && width >= 3 {
                let cell = text[cells[0].clone()].trim_matches(['*', '`']);
                let name_like = !cell.contains(char::is_whitespace)
                    && crate::grammar::names::name_evidence(cell) >= NameEvidence::Weak;
                if name_column == 0 && name_like {
                    // A row broken after its name: the other cells are on the next line.
                    broken = Some(cells[0].clone());
                } else {
                    // The first line of a cell that spans the rows below ("| Google |").
                    pending = Some(cells[0].clone());
                }
                taken[*q] = true;
                continue;
            }
            if let Some(name) = broken.take() {
                if cells.len() < width {
                    cells.insert(0, name);
                }
            }
            let name_ok = |cells: &[Range<usize>]| {
                cells.get(name_column).is_some_and(|r| {
                    let cell = text[r.clone()].trim_matches(['*', '`']);
                    !cell.is_empty()
                        && cell.split_whitespace().count() <= 3
                        && crate::grammar::names::name_evidence(cell.split_whitespace().next().unwrap_or(""))
                            >= NameEvidence::Weak
                })
            };
            if !name_ok(&cells) && cells.len() < width {
                if let Some(found) = (0..name_column.min(cells.len())).rev().find(|&j| strong(&cells[j])) {
                    for column in (0..name_column - found).rev() {
                        let inherited = pending.clone().filter(|_| column == 0).or_else(|| above.get(column).cloned());
                        cells.insert(0, inherited.unwrap_or(cells[0].start..cells[0].start));
                    }
                }
            }
            pending = None;
            if !name_ok(&cells) {
                continue;
            }
            let name_cell = cells[name_column].clone();
            let Some(head) = heads::head(text, name_cell.clone(), lexicons, language) else { continue };
            if head.evidence == NameEvidence::None
                || head.evidence == NameEvidence::Weak && !head.names.iter().all(|n| plain_name(&text[n.clone()]))
            {
                continue;
            }
            let mut parts = Vec::new();
            for (j, cell) in cells.iter().enumerate() {
                if j == name_column || cell.is_empty() {
                    continue;
                }
                let by_header =
                    header.as_ref().and_then(|h| h.get(j).copied().flatten()).or(by_content.get(j).copied().flatten());
                let value = &text[cell.clone()];
                let part = Part { range: cell.clone(), label: None };
                // A column the header does not name is typed by what the cell holds; a lifetime
                // under a type or party header ("Session or persistent") is a lifetime.
                let by_content = fields::typed(value, lexicons);
                let typed = match (by_header, by_content) {
                    (Some(Field::Type | Field::Party | Field::Category), Some(Field::Duration)) => by_content,
                    (Some(field), _) => Some(field),
                    (None, content) => content,
                };
                parts.push((part, typed));
            }
            let line = &lines[content[*q]];
            units.push(Unit { names: head.names, range: line.range.clone(), parts });
            above = cells;
            taken[*q] = true;
        }
        if !units.is_empty() {
            if let Some(h) = header_at {
                taken[run[h].0] = true;
            }
            groups.push(units);
        }
    }
    groups
}

/// Rows written one cell per line with a blank line after each row: a block of lines whose
/// first is a name alone. The block before them, when it holds column labels, names the cells.
#[allow(clippy::too_many_arguments)]
fn records(
    text: &str,
    lines: &[Line],
    heads: &[Option<Head>],
    content: &[usize],
    taken: &mut [bool],
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<Vec<Unit>> {
    // Blocks of content positions, cut where a blank line stands between two lines.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for p in 1..=content.len() {
        if p == content.len() || content[p] > content[p - 1] + 1 {
            blocks.push(start..p);
            start = p;
        }
    }
    let strong_alone = |p: usize| {
        alone(&heads[content[p]]) && heads[content[p]].as_ref().is_some_and(|h| h.evidence == NameEvidence::Strong)
    };
    let free: Vec<bool> = taken.iter().map(|t| !t).collect();
    let is_record = |b: &Range<usize>| {
        b.len() >= 2
            && b.len() <= 12
            && b.clone().all(|p| free[p])
            && alone(&heads[content[b.start]])
            && heads[content[b.start]].as_ref().is_some_and(|h| {
                h.evidence == NameEvidence::Strong || h.names.iter().all(|n| plain_name(&text[n.clone()]))
            })
            && !(b.start + 1..b.end).any(strong_alone)
    };
    let mut groups = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        if !is_record(&blocks[i]) {
            i += 1;
            continue;
        }
        let first = i;
        while i < blocks.len() && is_record(&blocks[i]) {
            i += 1;
        }
        let run = &blocks[first..i];
        if run.len() < 2 || !run.iter().any(|b| strong_alone(b.start)) {
            continue;
        }
        // A header block right above: labels, the name's first.
        let header: Option<Vec<Option<Field>>> = first.checked_sub(1).map(|h| &blocks[h]).and_then(|b| {
            let fields: Vec<Option<Field>> = b
                .clone()
                .map(|p| {
                    let cell = line_text(text, &lines[content[p]]);
                    (cell.split_whitespace().count() <= 5).then(|| lexicons.column_field(cell, language)).flatten()
                })
                .collect();
            (fields.first() == Some(&Some(Field::Name)) && fields.iter().flatten().count() >= 2).then_some(fields)
        });
        let mut units = Vec::new();
        for block in run {
            let line = &lines[content[block.start]];
            let Some(head) = heads[content[block.start]].clone() else { continue };
            let mut parts = Vec::new();
            for (j, p) in block.clone().enumerate().skip(1) {
                let cell = &lines[content[p]];
                // Cells by their place under the header (a row may stop short of the last
                // columns); a lifetime read where the header says otherwise is a lifetime.
                let by_header =
                    header.as_ref().filter(|h| h.len() >= block.len()).and_then(|h| h.get(j).copied().flatten());
                for part in fields::parts(text, cell.body.clone(), lexicons, language) {
                    let typed = fields::typed(&text[part.range.clone()], lexicons);
                    let field = part.label.or(if typed == Some(Field::Duration) { typed } else { by_header.or(typed) });
                    parts.push((part, field));
                }
            }
            let end = lines[content[block.end - 1]].range.end;
            units.push(Unit { names: head.names, range: line.range.start..end, parts });
            for p in block.clone() {
                taken[p] = true;
            }
        }
        groups.push(units);
    }
    groups
}

/// A name cell alone on its line: what a period of one-cell-per-line rows is anchored on.
fn alone(head: &Option<Head>) -> bool {
    head.as_ref().is_some_and(|h| matches!(h.separator, Separator::End | Separator::Pipe) && h.names.len() <= 3)
}

fn periodic_regions(
    text: &str,
    lines: &[Line],
    heads: &[Option<Head>],
    content: &[usize],
    taken: &[bool],
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<Region> {
    const MIN_PERIOD: usize = 2;
    const MAX_PERIOD: usize = 12;
    let strong: Vec<usize> = (0..content.len())
        .filter(|&p| !taken[p] && alone(&heads[content[p]]))
        .filter(|&p| heads[content[p]].as_ref().is_some_and(|h| h.evidence == NameEvidence::Strong))
        .collect();
    if strong.len() < 2 {
        return Vec::new();
    }
    let mut gap_counts = std::collections::BTreeMap::<usize, usize>::new();
    for pair in strong.windows(2) {
        let gap = pair[1] - pair[0];
        if (MIN_PERIOD..=MAX_PERIOD).contains(&gap) {
            *gap_counts.entry(gap).or_default() += 1;
        }
    }
    let mut regions = Vec::new();
    // Periods most seen first; a region claims its lines, later periods take what is left.
    let mut periods: Vec<(usize, usize)> = gap_counts.into_iter().filter(|&(_, n)| n >= 1).collect();
    periods.sort_by_key(|&(gap, n)| (std::cmp::Reverse(n), gap));
    let mut used = taken.to_vec();
    for (period, _) in periods {
        let mut i = 0;
        while i < strong.len() {
            if used[strong[i]] {
                i += 1;
                continue;
            }
            // A chain of strong anchors whose gaps are multiples of the period.
            let mut j = i;
            while j + 1 < strong.len()
                && !used[strong[j + 1]]
                && (strong[j + 1] - strong[j]) % period == 0
                && strong[j + 1] - strong[j] <= 4 * period
                && fits_period(text, lines, heads, content, strong[j], strong[j + 1], period)
            {
                j += 1;
            }
            if j > i {
                let region = grow(text, lines, heads, content, strong[i], strong[j], period, &used, lexicons, language);
                if region.anchors.len() >= 3 || region.anchors.len() >= 2 && region.header.is_some() {
                    for p in region.lines.clone() {
                        used[p] = true;
                    }
                    regions.push(region);
                }
            }
            i = j + 1;
        }
    }
    regions.sort_by_key(|r| r.lines.start);
    regions
}

/// Between two strong anchors a period apart (or several), every period position holds a name
/// cell alone, and no other line is a strong name alone.
fn fits_period(
    _text: &str,
    _lines: &[Line],
    heads: &[Option<Head>],
    content: &[usize],
    from: usize,
    to: usize,
    period: usize,
) -> bool {
    (from + 1..to).all(|p| {
        let at_period = (p - from) % period == 0;
        let head = &heads[content[p]];
        if at_period {
            alone(head)
        } else {
            !(alone(head) && head.as_ref().is_some_and(|h| h.evidence == NameEvidence::Strong && h.marked))
        }
    })
}

/// A region from a chain of anchors, grown by whole periods before and after while the name
/// position still holds a name alone, with the header found above it.
#[allow(clippy::too_many_arguments)]
fn grow(
    text: &str,
    lines: &[Line],
    heads: &[Option<Head>],
    content: &[usize],
    first: usize,
    last: usize,
    period: usize,
    used: &[bool],
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Region {
    let label = |p: usize| heads::is_label_word(line_text(text, &lines[content[p]]), lexicons, language);
    let name_at = |p: usize| !used[p] && alone(&heads[content[p]]) && !label(p) && !lines[content[p]].heading;
    let mut anchors: Vec<usize> = (first..=last).step_by(period).collect();
    let mut start = first;
    while start >= period && name_at(start - period) && (start - period + 1..start).all(|p| !used[p]) {
        start -= period;
        anchors.insert(0, start);
    }
    let mut end = last;
    while end + period < content.len() && name_at(end + period) && (end + 1..end + period).all(|p| !used[p]) {
        end += period;
        anchors.push(end);
    }
    // The header: `period` labels right above the first row, the name label among them.
    // Of the places the header may stand (the name first in a row, or later), the one whose
    // lines are most of all column labels.
    let mut header = None;
    let mut offset = 0;
    let mut best = 0;
    for o in 0..period {
        let Some(row_start) = start.checked_sub(o) else { break };
        let Some(header_start) = row_start.checked_sub(period) else { continue };
        if (header_start..row_start).any(|p| used[p]) {
            continue;
        }
        let fields: Vec<Option<Field>> = (header_start..row_start)
            .map(|p| {
                let cell = line_text(text, &lines[content[p]]);
                (cell.split_whitespace().count() <= 5).then(|| lexicons.column_field(cell, language)).flatten()
            })
            .collect();
        let known = fields.iter().flatten().count();
        if fields.get(o) == Some(&Some(Field::Name)) && known * 2 >= period && known >= 2 && known > best {
            best = known;
            header = Some(fields);
            offset = o;
        }
    }
    // The last row may stop short of a whole period (the end of an excerpt).
    let mut lines_end = end + period - offset;
    lines_end = lines_end.min(content.len());
    for p in end + 1..lines_end {
        // A cell alone on its line is shaped like a title ("Active", "Necessary"); only a
        // Markdown heading ends the last row early.
        let marked_heading =
            lines[content[p]].heading && text[lines[content[p]].range.clone()].trim_start().starts_with('#');
        if used[p] || marked_heading {
            lines_end = p;
            break;
        }
    }
    // Lines deeper than the last name (a nested list of what its value holds) describe it.
    let anchor_line = &lines[content[end]];
    while lines_end < content.len() && !used[lines_end] && {
        let next = &lines[content[lines_end]];
        next.indent > anchor_line.indent || next.bullet && !anchor_line.bullet
    } {
        lines_end += 1;
    }
    let first_line = start.saturating_sub(offset);
    Region { lines: first_line..lines_end, anchors, period, offset, header }
}

/// Anchors not in a period: each reads the rest of its line and the lines after it, up to the
/// next anchor, a heading, a blank line or a line at its own level.
#[allow(clippy::too_many_arguments)]
fn free_units(
    text: &str,
    lines: &[Line],
    heads: &[Option<Head>],
    content: &[usize],
    taken: &mut [bool],
    outline: &Outline,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<Vec<Unit>> {
    // Every anchor's unit, in order.
    let mut found: Vec<(usize, Unit, Head)> = Vec::new();
    let mut p = 0;
    while p < content.len() {
        let index = content[p];
        let Some(head) = heads[index].as_ref().filter(|_| !taken[p]) else {
            p += 1;
            continue;
        };
        let line = &lines[index];
        let mut parts: Vec<(Part, Option<Field>)> = Vec::new();
        if !head.rest.is_empty() {
            for part in rest_parts(text, head, lexicons, language) {
                parts.push(part);
            }
        }
        let mut end = line.range.end;
        let mut q = p + 1;
        let mut read = 0;
        while q < content.len() && read < MAX_UNIT_LINES {
            let next = &lines[content[q]];
            let gap_blank = content[q] > content[q - 1] + 1;
            let deeper = next.indent > line.indent || next.bullet && !line.bullet;
            if taken[q] {
                break;
            }
            if next.heading && !deeper {
                break;
            }
            if heads[content[q]].is_some() && !deeper {
                break;
            }
            // A blank line ends the unit, unless the name stood alone (its description may run
            // over paragraphs, up to the next name), or what follows is deeper (a nested list
            // under the cookie).
            if gap_blank && !deeper && !head.alone() {
                break;
            }
            if !deeper && next.bullet != line.bullet && read > 0 {
                break;
            }
            // What is nested under the name is its description whatever its length; only lines at
            // its own level count towards the unit's bound.
            if !deeper {
                for part in fields::parts(text, next.body.clone(), lexicons, language) {
                    let field = part.label.or_else(|| fields::typed(&text[part.range.clone()], lexicons));
                    parts.push((part, field));
                }
                read += 1;
            }
            end = next.range.end;
            q += 1;
        }
        taken[p..q].fill(true);
        let unit = Unit { names: head.names.clone(), range: line.range.start..end, parts };
        found.push((p, unit, head.clone()));
        p = q;
    }
    // Runs: anchors next to one another under the same heading.
    let mut runs: Vec<Vec<(usize, Unit, Head)>> = Vec::new();
    for item in found {
        let same_run = runs.last().and_then(|run| run.last()).is_some_and(|(_, last, _)| {
            !outline.heading_within(last.range.end..item.1.range.start)
                && text[last.range.end..item.1.range.start].matches('\n').count() <= 3
        });
        if same_run {
            if let Some(run) = runs.last_mut() {
                run.push(item);
            }
        } else {
            runs.push(vec![item]);
        }
    }
    runs.into_iter()
        .map(|run| {
            let siblings = run.len();
            run.into_iter()
                .filter(|(_, unit, head)| declares(text, unit, head, siblings, outline, lexicons))
                .map(|(_, unit, _)| unit)
                .collect()
        })
        .collect()
}

/// The parts of the rest of a head line: a lifetime that opens it ("__utma 24 months Used to
/// …") is cut off as its own part.
fn rest_parts(text: &str, head: &Head, lexicons: &Lexicons, language: Option<&str>) -> Vec<(Part, Option<Field>)> {
    let mut out = Vec::new();
    let rest = head.rest.clone();
    let s = &text[rest.clone()];
    if matches!(head.separator, Separator::Space | Separator::Gap) && starts_with_duration(s) {
        if let Some((found, _)) = find_duration(s) {
            out.push((
                Part { range: rest.start + found.start..rest.start + found.end, label: None },
                Some(Field::Duration),
            ));
            let after = &s[found.end..];
            let trimmed = after.trim_start();
            if trimmed.chars().any(char::is_alphanumeric) {
                let at = rest.start + found.end + (after.len() - trimmed.len());
                for part in fields::parts(text, at..rest.end, lexicons, language) {
                    let field = part.label.or_else(|| fields::typed(&text[part.range.clone()], lexicons));
                    out.push((part, field));
                }
            }
            return out;
        }
    }
    for part in fields::parts(text, rest, lexicons, language) {
        // "counts visits from our adverts, 3 months": a lifetime after the last comma is a part
        // of its own.
        let piece = &text[part.range.clone()];
        if part.label.is_none() {
            if let Some(comma) = piece.rfind([',', ';']) {
                let tail = piece[comma + 1..].trim_start();
                if !tail.is_empty() && fields::is_lifetime_cell(tail) && tail.split_whitespace().count() <= 4 {
                    let tail_at = part.range.end - tail.len();
                    let head = part.range.start..part.range.start + piece[..comma].trim_end().len();
                    out.push((Part { range: head, label: None }, None));
                    out.push((Part { range: tail_at..part.range.end, label: None }, Some(Field::Duration)));
                    continue;
                }
            }
        }
        let field = part.label.or_else(|| fields::typed(piece, lexicons));
        out.push((part, field));
    }
    out
}

/// Whether a free unit declares a cookie: its context says so.
fn declares(text: &str, unit: &Unit, head: &Head, siblings: usize, outline: &Outline, lexicons: &Lexicons) -> bool {
    let lifetime = unit
        .parts
        .iter()
        .any(|(part, field)| *field == Some(Field::Duration) || find_duration(&text[part.range.clone()]).is_some());
    let described = unit
        .parts
        .iter()
        .any(|(part, field)| field.is_none() && text[part.range.clone()].split_whitespace().count() >= 3);
    let known = head.names.iter().any(|n| !crate::knowledge::base().lookup(&text[n.clone()]).is_empty());
    let cookie_section = outline
        .open_at(unit.range.start)
        .any(|h| h.category.is_some() || lexicons.cookie_nouns_in(&crate::text::fold(&h.text)).next().is_some());
    // "X: This is the session cookie …", "This cookie contains …": a description that calls
    // what it describes a cookie.
    let calls_itself_a_cookie = unit.parts.iter().any(|(part, field)| {
        field.is_none() && lexicons.cookie_nouns_in(&crate::text::fold(&text[part.range.clone()])).next().is_some()
    });
    match (head.evidence, head.separator) {
        (NameEvidence::Strong, Separator::Space) => {
            let listed = head.names.iter().any(|n| crate::knowledge::base().has_exact(&text[n.clone()]));
            opens_with_lifetime(&text[head.rest.clone()]) || listed && (lifetime || described)
        }
        (NameEvidence::Strong, _) => {
            (lifetime || described || head.alone() && siblings >= 2)
                && (siblings >= 2 || known || lifetime || cookie_section || head.marked)
        }
        (NameEvidence::Weak, _) => {
            // "PHPSSESID: This is the session cookie …": a description that names what it
            // describes a cookie.
            let labelled = matches!(head.separator, Separator::Colon | Separator::Dash);
            // A plain word alone on the first line of a page is its title (a site's name).
            let title = head.alone() && text[..unit.range.start].trim().is_empty();
            !title && (siblings >= 2 && (lifetime || described))
                || (lifetime || known || described && labelled && calls_itself_a_cookie)
                    && (cookie_section || siblings >= 2)
        }
        (NameEvidence::None, _) => false,
    }
}

/// "(TTL 30 minutes)" → "TTL 30 minutes": a qualifier written in parentheses after a name.
fn unwrap_parentheses(text: &str) -> &str {
    match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) if !inner.contains(['(', ')']) => inner.trim(),
        _ => text,
    }
}

/// A lifetime within the first words of a text ("24 měsíců …", "na konci relácie …"): the cells
/// after a name in a row of space-separated columns.
fn opens_with_lifetime(text: &str) -> bool {
    const WITHIN_WORDS: usize = 3;
    if find_duration(text).is_some_and(|(found, _)| text[..found.start].split_whitespace().count() <= WITHIN_WORDS) {
        return true;
    }
    // A session phrase in the first words ("na konci relácie Používa sa …").
    let opening: Vec<&str> = text.split_whitespace().take(WITHIN_WORDS + 1).collect();
    crate::grammar::duration::parse_duration(&opening.join(" ")).kind == crate::grammar::duration::DurationKind::Session
}

fn table(source: &Source, lines: &[Line], units: Vec<Unit>, outline: &Outline, lexicons: &Lexicons) -> Table {
    let text = &source.text;
    let start = units[0].range.start;
    let end = units.iter().map(|u| u.range.end).max().unwrap_or(start);
    let nearest = outline.nearest(start);
    let category = outline.category_at(start);
    let kind = lead_in(text, lines, start).and_then(|l| lexicons.storage_named(l)).or_else(|| outline.kind_at(start));
    let provider = lead_in(text, lines, start)
        .and_then(crate::knowledge::vendor_in)
        .or_else(|| outline.vendor_at(start).map(str::to_string));
    let mut body = Vec::new();
    for unit in units {
        let first = unit.names[0].start;
        let last = unit.names[unit.names.len() - 1].end;
        let mut cells: Vec<Cell> = COLUMNS
            .iter()
            .map(|_| Cell { text: String::new(), span: source.span(unit.range.end..unit.range.end) })
            .collect();
        cells[0] = Cell {
            text: unit.names.iter().map(|n| &text[n.clone()]).collect::<Vec<_>>().join(", "),
            span: source.span(first..last),
        };
        let mut duration_found = false;
        // Parts that say what they hold first; then the first text left is the description.
        let ordered =
            unit.parts.iter().filter(|(_, f)| f.is_some()).chain(unit.parts.iter().filter(|(_, f)| f.is_none()));
        for (part, field) in ordered {
            let Some(column) = COLUMNS.iter().position(|f| Some(*f) == *field).or_else(|| field.is_none().then_some(2))
            else {
                continue;
            };
            if column == 0 || !cells[column].text.is_empty() {
                continue;
            }
            let value = crate::text::collapse_whitespace(unwrap_parentheses(
                text[part.range.clone()].trim_matches(|c: char| c == '|' || c.is_whitespace()),
            ));
            if value.is_empty() {
                continue;
            }
            // A "Source" cell that names no party names the provider.
            let column =
                if column == 5 && lexicons.party_in(&value).is_none() && cells[1].text.is_empty() { 1 } else { column };
            duration_found |= column == 3;
            cells[column] = Cell { text: value, span: source.span(part.range.clone()) };
        }
        if !duration_found {
            // A lifetime inside the description ("It expires in 13 months.").
            if let Some((part, (found, _))) = unit
                .parts
                .iter()
                .filter(|(_, f)| f.is_none())
                .find_map(|(part, _)| find_duration(&text[part.range.clone()]).map(|d| (part, d)))
            {
                let range = part.range.start + found.start..part.range.start + found.end;
                cells[3] =
                    Cell { text: crate::text::collapse_whitespace(&text[range.clone()]), span: source.span(range) };
            }
        }
        body.push(Row { cells, span: source.span(unit.range.clone()) });
    }
    Table {
        kind,
        heading: nearest.map(|h| h.text.clone()),
        category: category.map(|(c, _)| c),
        category_heading: category.map(|(_, h)| h.text.clone()),
        provider,
        columns: COLUMNS.iter().map(|f| Some(*f)).collect(),
        headers: COLUMNS.iter().map(|f| f.as_str().to_string()).collect(),
        layout: Layout::Items,
        span: source.span(start..end),
        rows: body.len(),
        body,
        heading_span: nearest.map(|h| source.span(h.range.clone())),
        header_span: None,
    }
}

/// Mentions as tables, one per section of the outline (so each takes its heading's category).
fn mention_tables(source: &Source, found: Vec<mentions::Mention>, outline: &Outline) -> Vec<Table> {
    let text = &source.text;
    let mut out: Vec<Table> = Vec::new();
    let mut section: Option<(Option<usize>, Option<crate::model::Kind>)> = None;
    for mention in found {
        let here = (outline.nearest(mention.name.start).map(|h| h.range.start), mention.kind);
        let cell = |range: Option<Range<usize>>| match range {
            Some(r) => Cell { text: crate::text::collapse_whitespace(&text[r.clone()]), span: source.span(r) },
            None => Cell { text: String::new(), span: source.span(mention.name.end..mention.name.end) },
        };
        let mut cells: Vec<Cell> = COLUMNS.iter().map(|_| cell(None)).collect();
        cells[0] = cell(Some(mention.name.clone()));
        cells[1] = cell(mention.provider.clone());
        cells[2] = cell(Some(mention.sentence.clone()));
        cells[3] = cell(mention.duration.clone());
        let row = Row { cells, span: source.span(mention.sentence.clone()) };
        match out.last_mut() {
            Some(table) if section == Some(here) => {
                table.span = source.span(table.span.start..row.span.end.max(table.span.end));
                table.body.push(row);
                table.rows = table.body.len();
            }
            _ => {
                section = Some(here);
                let start = row.span.start;
                let nearest = outline.nearest(start);
                let category = outline.category_at(start);
                out.push(Table {
                    kind: mention.kind.or_else(|| outline.kind_at(start)),
                    heading: nearest.map(|h| h.text.clone()),
                    category: category.map(|(c, _)| c),
                    category_heading: category.map(|(_, h)| h.text.clone()),
                    provider: outline.vendor_at(start).map(str::to_string),
                    columns: COLUMNS.iter().map(|f| Some(*f)).collect(),
                    headers: COLUMNS.iter().map(|f| f.as_str().to_string()).collect(),
                    layout: Layout::Prose,
                    span: row.span,
                    rows: 1,
                    body: vec![row],
                    heading_span: nearest.map(|h| source.span(h.range.clone())),
                    header_span: None,
                });
            }
        }
    }
    out
}

/// The line that introduces a run of declarations ("Google Analytics sets the following
/// cookies:"): the last line with content before `start`, when it ends with a colon.
fn lead_in<'a>(text: &'a str, lines: &[Line], start: usize) -> Option<&'a str> {
    const MAX_LEAD_IN_WORDS: usize = 16;
    // Lines are in document order: the ones ending before `start` are a prefix.
    let ending_before = lines.partition_point(|l| l.range.end <= start);
    let before = lines[..ending_before].iter().rev().find(|l| !l.blank)?;
    let line = text[before.range.clone()].trim();
    (line.ends_with(':') && line.split_whitespace().count() <= MAX_LEAD_IN_WORDS).then_some(line)
}
