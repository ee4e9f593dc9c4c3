//! Cells one per line repeating with a period (`name / purpose / lifetime`, again and again):
//! the period found from the strong names, grown over the weak ones, typed by the header above
//! it or by what its cells hold.
use super::fields;
use super::heads::{self, Head};
use super::lines::Line;
use super::*;

/// Cells one per line repeating with a period: `name / purpose / lifetime`, again and again.
pub(super) struct Region {
    /// Positions in `content` of the lines it covers.
    pub(super) lines: Range<usize>,
    /// Positions in `content` of each name cell.
    anchors: Vec<usize>,
    period: usize,
    /// Where the name stands in each period.
    offset: usize,
    /// Fields of each position of the period when a header names them.
    header: Option<Vec<Option<Field>>>,
}

impl Region {
    pub(super) fn units(
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
                    let positions: Vec<usize> = self
                        .anchors
                        .iter()
                        .filter_map(|&a| (a + j).checked_sub(self.offset))
                        .filter(|&p| p < self.lines.end)
                        .collect();
                    let cells: Vec<&str> = positions.iter().map(|&p| line_text(text, &lines[content[p]])).collect();
                    column_by_content(&cells, lexicons).or_else(|| {
                        // Cells that each open with the same label ("Function: …") hold its field.
                        let label =
                            |p: &usize| fields::labelled(text, lines[content[*p]].body.clone(), lexicons, language);
                        let first = positions.first().and_then(label)?.0;
                        positions[1..].iter().all(|p| label(p).is_some_and(|(f, _)| f == first)).then_some(first)
                    })
                })
                .collect(),
        };
        // The first untyped column of text is the description, unless a column is one already
        // (what a cookie does, "Function: …", is its description: see `assemble::table`).
        let mut purpose_taken = columns.iter().any(|f| matches!(f, Some(Field::Purpose | Field::Function)));
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

pub(super) fn periodic_regions(stretch: Stretch, taken: &[bool]) -> Vec<Region> {
    let Stretch { text, lines, heads, content, .. } = stretch;
    const MIN_PERIOD: usize = 2;
    const MAX_PERIOD: usize = 12;
    let strong: Vec<usize> = (0..content.len()).filter(|&p| !taken[p] && strong_alone(&heads[content[p]])).collect();
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
                let region = grow(stretch, strong[i], strong[j], period, &used);
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
pub(super) fn fits_period(
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
pub(super) fn grow(stretch: Stretch, first: usize, last: usize, period: usize, used: &[bool]) -> Region {
    let Stretch { text, lines, heads, content, lexicons, language, .. } = stretch;
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
        // A header names at least two different columns: two titles above the first row that
        // both read as the name label ("Cookie Policy", "Analytics cookies") are no header.
        let mut named: Vec<Field> = fields.iter().flatten().copied().collect();
        named.sort_unstable();
        named.dedup();
        if fields.get(o) == Some(&Some(Field::Name)) && known * 2 >= period && named.len() >= 2 && known > best {
            best = known;
            header = Some(fields);
            offset = o;
        }
    }
    // The last row may stop short of a whole period (the end of an excerpt).
    let mut lines_end = end + period - offset;
    lines_end = lines_end.min(content.len());
    let name_cell = |p: usize| strong_alone(&heads[content[p]]) && !label(p);
    for p in end + 1..lines_end {
        // A cell alone on its line is shaped like a title ("Active", "Necessary"): of those, a
        // Markdown heading ends the last row early. So does a strong name alone where the rows
        // above hold no such name (their lifetimes or descriptions): no anchor after the last
        // row vouches for its cells, and a row cut short is followed by the next cookie's name.
        // A column of names (a provider "HubSpot", a type "localStorage") does not end it.
        let marked_heading =
            lines[content[p]].heading && text[lines[content[p]].range.clone()].trim_start().starts_with(['#', '=']);
        let column = p + offset - end;
        let next_name = name_cell(p)
            && !anchors[..anchors.len() - 1]
                .iter()
                .filter_map(|&a| (a + column).checked_sub(offset))
                .any(|q| q < end && name_cell(q));
        if used[p] || marked_heading || next_name {
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
