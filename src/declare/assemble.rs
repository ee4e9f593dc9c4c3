//! Units and mentions made into tables of implicit columns, with what the outline gives them:
//! the heading's category, a lead-in's or heading's vendor and kind of storage.
use super::mentions;
use super::*;

/// "(TTL 30 minutes)" → "TTL 30 minutes": a qualifier written in parentheses after a name.
pub(super) fn unwrap_parentheses(text: &str) -> &str {
    match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) if !inner.contains(['(', ')']) => inner.trim(),
        _ => text,
    }
}

pub(super) fn table(source: &Source, units: Vec<Unit>, outline: &Outline, lexicons: &Lexicons) -> Table {
    let text = &source.text;
    let start = units[0].range.start;
    let end = units.iter().map(|u| u.range.end).max().unwrap_or(start);
    let nearest = outline.nearest(start);
    let category = outline
        .category_at(start)
        .map(|(c, h)| (c, Some(h.text.clone())))
        .or_else(|| outline.lead_in_category(text, start).map(|c| (c, None)));
    let kind =
        crate::outline::lead_in(text, start).and_then(|l| lexicons.storage_named(l)).or_else(|| outline.kind_at(start));
    let since = nearest.map_or(0, |h| h.range.end);
    let provider = crate::outline::providers::lead_in_or_heading(
        crate::outline::providers::introduced_provider(text, start, since, lexicons),
        outline.vendor_at(start),
    );
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
        // Parts that say what they hold first, those with a label before those typed by what
        // they hold ("Duration: 2 years" over a lifetime read at a description's end); then the
        // first text left is the description.
        let labelled = |part: &Part, field: &Option<Field>| part.label.is_some() && field.is_some();
        let ordered = unit
            .parts
            .iter()
            .filter(|(p, f)| labelled(p, f))
            .chain(unit.parts.iter().filter(|(p, f)| !labelled(p, f) && f.is_some()))
            .chain(unit.parts.iter().filter(|(_, f)| f.is_none()));
        for (part, field) in ordered {
            // What a cookie does ("Function: …") is its purpose here: these tables have no
            // column of their own for it, and a labelled text says more than an unlabelled one.
            let field = if *field == Some(Field::Function) { Some(Field::Purpose) } else { *field };
            let Some(column) = COLUMNS.iter().position(|f| Some(*f) == field).or_else(|| field.is_none().then_some(2))
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
                cells[3] = Cell {
                    text: crate::text::collapse_whitespace(&text[range.clone()]),
                    span: source.span(range.clone()),
                };
                // When the lifetime ends the description ("… Expires after 2 years."), the
                // description is what comes before it.
                let purpose_here = cells[2].span == source.span(part.range.clone());
                if let Some([(description, _), (lifetime, _)]) =
                    purpose_here.then(|| super::free::lifetime_after_description(text, part)).flatten()
                {
                    if lifetime.range.start <= range.start && range.end <= lifetime.range.end {
                        let value = crate::text::collapse_whitespace(&text[description.range.clone()]);
                        cells[2] = Cell { text: value, span: source.span(description.range) };
                    }
                }
            }
        }
        body.push(Row { cells, span: source.span(unit.range.clone()) });
    }
    Table {
        kind,
        heading: nearest.map(|h| h.text.clone()),
        category: category.as_ref().map(|(c, _)| *c),
        category_heading: category.and_then(|(_, h)| h),
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

/// The longest sentence a mention takes as its cookie's purpose, in bytes (the longest purpose
/// of the development sets is 649).
pub const MAX_PURPOSE_SENTENCE: usize = 2_000;

/// Mentions as tables, one per section of the outline (so each takes its heading's category).
pub(super) fn mention_tables(source: &Source, found: Vec<mentions::Mention>, outline: &Outline) -> Vec<Table> {
    let text = &source.text;
    let mut out: Vec<Table> = Vec::new();
    let mut section: Option<(Option<usize>, Option<crate::model::Kind>, Option<crate::grammar::Category>)> = None;
    for mention in found {
        let here = (outline.nearest(mention.name.start).map(|h| h.range.start), mention.kind, mention.category);
        let cell = |range: Option<Range<usize>>| match range {
            Some(r) => Cell { text: crate::text::collapse_whitespace(&text[r.clone()]), span: source.span(r) },
            None => Cell { text: String::new(), span: source.span(mention.name.end..mention.name.end) },
        };
        let mut cells: Vec<Cell> = COLUMNS.iter().map(|_| cell(None)).collect();
        cells[0] = cell(Some(mention.name.clone()));
        cells[1] = cell(mention.provider.clone());
        // A "sentence" longer than any description (a list of thousands of names run together)
        // is no cookie's purpose: copied for each of its names, it grew as their square.
        cells[2] = cell((mention.sentence.len() <= MAX_PURPOSE_SENTENCE).then(|| mention.sentence.clone()));
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
                // An overview's item gives its own category by its label.
                let category = match mention.category {
                    Some(label) => Some((label, None)),
                    None => outline.category_at(start).map(|(c, h)| (c, Some(h.text.clone()))),
                };
                out.push(Table {
                    kind: mention.kind.or_else(|| outline.kind_at(start)),
                    heading: nearest.map(|h| h.text.clone()),
                    category: category.as_ref().map(|(c, _)| *c),
                    category_heading: category.and_then(|(_, h)| h),
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
