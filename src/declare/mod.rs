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
mod assemble;
pub mod fields;
mod free;
pub mod heads;
mod lines;
mod mentions;
mod periodic;
mod rows;

use crate::blocks::Block;
use crate::grammar::duration::{find_duration, starts_with_duration};
use crate::grammar::names::NameEvidence;
use crate::grammar::{Field, Lexicons};
use crate::interpret::{Cell, Row, Table};
use crate::outline::Outline;
use crate::source::Source;
use crate::span::RangeCover;
use crate::tables::Layout;
use assemble::{mention_tables, table};
use fields::Part;
use free::free_units;
use heads::{Head, Separator};
use lines::Line;
use periodic::periodic_regions;
use rows::{pipe_rows, records};
use std::collections::HashSet;
use std::ops::Range;

/// What the tables read before this stage declare: the text of every name cell, and where each
/// table starts.
#[derive(Debug, Default)]
pub struct Elsewhere<'a> {
    pub name_cells: Vec<&'a str>,
    pub at: Vec<usize>,
}

/// The names declared already, which a sentence that names one again does not declare anew:
/// those of the units this stage found, and those of the tables read before it. The tables'
/// name cells are split into names only when a sentence first asks: most documents hold no
/// sentence that does, and splitting every cell of a long policy was most of this stage's time.
pub struct DeclaredNames<'a> {
    name_cells: &'a [&'a str],
    from_cells: std::cell::OnceCell<HashSet<String>>,
    from_units: HashSet<&'a str>,
}

impl DeclaredNames<'_> {
    pub fn contains(&self, name: &str) -> bool {
        self.from_units.contains(name)
            || self
                .from_cells
                .get_or_init(|| {
                    self.name_cells
                        .iter()
                        .flat_map(|cell| crate::grammar::names::split_names(cell).into_iter().map(|n| n.name))
                        .collect()
                })
                .contains(name)
    }
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
    declared_elsewhere: &Elsewhere<'_>,
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
    let declared = DeclaredNames {
        name_cells: &declared_elsewhere.name_cells,
        from_cells: std::cell::OnceCell::new(),
        from_units: groups.iter().flatten().flat_map(|u| u.names.iter().map(|n| &text[n.clone()])).collect(),
    };
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
        .flat_map(|units| split_at_headings(units, outline))
        .map(|units| table(source, units, outline, lexicons))
        .collect();
    let found: Vec<mentions::Mention> =
        found.into_iter().filter(|m| cut_at.is_none_or(|end| m.name.end < end)).collect();
    tables.extend(mention_tables(source, found, outline));
    tables.sort_by_key(|t| t.span.start);
    // Runs of declarations that follow one another with nothing between them (a list read as
    // several runs where its entries change shape) share what introduced the first: the sentence
    // before it gave its category, and no heading stands between them to give another.
    for next in 1..tables.len() {
        let (before, after) = tables.split_at_mut(next);
        let (previous, table) = (&before[next - 1], &mut after[0]);
        let between = previous.span.end..table.span.start;
        if table.category.is_none()
            && previous.category.is_some()
            && previous.category_heading.is_none()
            && between.start <= between.end
            && text[between.clone()].trim().is_empty()
            && !outline.heading_within(between)
        {
            table.category = previous.category;
        }
    }
    tables
}

/// A run of declarations never spans a heading: each heading between two units starts a run
/// of its own, which takes what that heading gives (its category, its vendor).
fn split_at_headings(units: Vec<Unit>, outline: &Outline) -> Vec<Vec<Unit>> {
    let mut runs: Vec<Vec<Unit>> = Vec::new();
    for unit in units {
        match runs.last_mut() {
            Some(run)
                if !run.last().is_some_and(|last| {
                    last.range.end < unit.range.start && outline.heading_within(last.range.end..unit.range.start)
                }) =>
            {
                run.push(unit)
            }
            _ => runs.push(vec![unit]),
        }
    }
    runs
}

/// How much a table's name cells read as names: two for a strong name, one for a plain
/// identifier (`datr`, `PREF`), less than nothing for a word of the text (`Google`, `Site`).
/// Two readings of the same lines are compared by it.
pub fn name_score(table: &Table) -> i64 {
    table.body.iter().map(|row| row_name_score(table, row)).sum()
}

/// One row's part of [`name_score`]: its name cell, and whether its lifetime lands in the
/// table's lifetime column.
pub fn row_name_score(table: &Table, row: &crate::model::Row) -> i64 {
    lifetime_cell_score(table, row) + name_cell_score(table, row)
}

/// Between readings that find the same names, the one whose lifetimes land in its lifetime
/// column reads the lines better: one for a lifetime, none for another duration or no cell,
/// minus one for a cell that is no duration; nothing in a table without a name column.
/// (A sentence that gives a lifetime, "It has a duration of 2 years.", is neither.)
pub fn lifetime_cell_score(table: &Table, row: &crate::model::Row) -> i64 {
    if table.column(Field::Name).is_none() {
        return 0;
    }
    table.column(Field::Duration).and_then(|d| row.cell(d)).map_or(0, |cell| {
        if crate::grammar::duration::is_lifetime_cell(&cell.text) {
            1
        } else if crate::grammar::duration::parse_duration(&cell.text).kind
            != crate::grammar::duration::DurationKind::Unknown
        {
            0
        } else {
            -1
        }
    })
}

/// How much a row's name cell reads as names (see [`name_score`]): nothing without a name column
/// or without text in the cell, minus one for text in which no name is found.
pub fn name_cell_score(table: &Table, row: &crate::model::Row) -> i64 {
    let Some(column) = table.column(Field::Name) else { return 0 };
    row.cell(column).map_or(0, |cell| {
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
}

/// How many fields besides the name one row of `table` fills.
pub fn row_fields(table: &Table, row: &crate::model::Row) -> usize {
    let name = table.column(Field::Name);
    (0..row.cells.len()).filter(|&c| Some(c) != name && row.cell(c).is_some()).count()
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
    let stretch = Stretch { text, lines, heads, content: &content, outline, lexicons, language };
    let mut taken = vec![false; content.len()];
    let mut groups = Vec::new();
    groups.extend(pipe_rows(stretch, &mut taken));
    groups.extend(records(stretch, &mut taken));
    for region in periodic_regions(stretch, &taken) {
        for i in region.lines.clone() {
            taken[i] = true;
        }
        let units = region.units(text, lines, &content, lexicons, language);
        groups.push(units);
    }
    groups.extend(free_units(stretch, &mut taken));
    groups
}

/// What every reader of one stretch of running text shares: the document's lines and their
/// anchors, the lines of the stretch that hold content (by position), the outline and the
/// language.
#[derive(Clone, Copy)]
struct Stretch<'a> {
    text: &'a str,
    lines: &'a [Line],
    heads: &'a [Option<Head>],
    content: &'a [usize],
    outline: &'a Outline<'a>,
    lexicons: &'a Lexicons,
    language: Option<&'a str>,
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

/// A name cell alone on its line: what a period of one-cell-per-line rows is anchored on.
fn alone(head: &Option<Head>) -> bool {
    head.as_ref().is_some_and(|h| matches!(h.separator, Separator::End | Separator::Pipe) && h.names.len() <= 3)
}

/// A name cell alone on its line that reads as a name on its own (`NameEvidence::Strong`).
fn strong_alone(head: &Option<Head>) -> bool {
    alone(head) && head.as_ref().is_some_and(|h| h.evidence == NameEvidence::Strong)
}
