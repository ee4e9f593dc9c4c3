//! Rows whose cells are cut by pipes but that no Markdown parser read as a table, and rows of
//! one cell per line with a blank line after each row.
use super::fields::{self, Part};
use super::heads;
use super::lines::Line;
use super::*;

/// The cells of a line cut by pipes (`| a | b |`, `a | b |`), as absolute ranges, empty cells
/// kept in their place; the outer pipes give no cell.
pub(super) fn pipe_cells(text: &str, line: &Line) -> Vec<Range<usize>> {
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
pub(super) fn pipe_rows(stretch: Stretch, taken: &mut [bool]) -> Vec<Vec<Unit>> {
    let Stretch { text, lines, content, lexicons, language, .. } = stretch;
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
            // Empty cells at the end of a row are the room its missing front cell left
            // ("| datr | Used for security | After 2 years | |").
            let filled = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |last| last + 1);
            if !name_ok(&cells) && filled < width {
                cells.truncate(filled);
                // Where a row is short by the cells in front of its name, a single token there
                // is the name, whatever its evidence elsewhere ("presence", "sb").
                let token = |r: &Range<usize>| {
                    let cell = text[r.clone()].trim_matches(['*', '`']);
                    !cell.contains(char::is_whitespace)
                        && crate::grammar::names::name_evidence(cell) >= NameEvidence::Weak
                };
                if let Some(found) = (0..name_column.min(cells.len()))
                    .rev()
                    .find(|&j| strong(&cells[j]) || token(&cells[j]) && filled + name_column - j <= width)
                {
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
pub(super) fn records(stretch: Stretch, taken: &mut [bool]) -> Vec<Vec<Unit>> {
    let Stretch { text, lines, heads, content, lexicons, language, .. } = stretch;
    // Blocks of content positions, cut where a blank line stands between two lines.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for p in 1..=content.len() {
        if p == content.len() || content[p] > content[p - 1] + 1 {
            blocks.push(start..p);
            start = p;
        }
    }
    let strong_alone = |p: usize| strong_alone(&heads[content[p]]);
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
