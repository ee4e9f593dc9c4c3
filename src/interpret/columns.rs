//! The columns of a table: what its header names, read against what its cells hold.
use super::*;

/// A header names the cookie column and at least one other, different field.
pub(super) fn is_cookie_header(header: &[Option<Field>]) -> bool {
    let mut fields: Vec<Field> = header.iter().flatten().copied().collect();
    fields.sort();
    fields.dedup();
    fields.contains(&Field::Name) && fields.len() >= 2
}

/// "Function" alone describes what the cookie is for when no column says "purpose".
pub(super) fn promote_function(columns: &mut [Option<Field>]) {
    if !columns.contains(&Some(Field::Purpose)) {
        if let Some(function) = columns.iter_mut().find(|f| **f == Some(Field::Function)) {
            *function = Some(Field::Purpose);
        }
    }
}

/// How much a column's cells look like cookie names: one token, technical (`_ga`, `cart_id`),
/// all lower case (`locale`) or all capitals (`NID`); not a capitalized word (`Facebook`).
pub(super) fn name_likeness(rows: &[RawRow], column: usize) -> f64 {
    use crate::grammar::names::{name_evidence, NameEvidence};
    share(rows, column, |text| {
        let single = !text.contains(' ') && looks_like_name_cell(text) && name_evidence(text) != NameEvidence::None;
        let technical = crate::grammar::names::looks_technical(text);
        let lower = text.chars().all(|c| !c.is_alphabetic() || c.is_lowercase());
        let upper = text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && text.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
        // A list of names in one cell ("_ga, _gid, OptanonConsent") holds names too.
        let list = || {
            let items = crate::grammar::names::split_names(text);
            items.len() >= 2 && items.iter().all(|n| name_evidence(&n.name) == NameEvidence::Strong)
        };
        single && (technical || lower || upper) || text.contains([',', ';']) && list()
    })
}

/// Share of the non-empty cells of a column that pass `test`.
pub(super) fn share(rows: &[RawRow], column: usize, test: impl Fn(&str) -> bool) -> f64 {
    let cells: Vec<&str> =
        rows.iter().filter_map(|r| r.cells.get(column)).map(|c| c.text.as_str()).filter(|t| !t.is_empty()).collect();
    if cells.is_empty() {
        return 0.0;
    }
    cells.iter().filter(|t| test(t)).count() as f64 / cells.len() as f64
}

/// A "Source" column is a party column in some tables ("Third party") and the provider's in
/// others ("Mapvendor"): when most of its cells name no party, it names the provider (unless
/// another column does).
pub(super) fn party_column_of_names(header: &mut [Option<Field>], body: &[RawRow]) {
    if header.contains(&Some(Field::Provider)) {
        return;
    }
    let lexicons = crate::grammar::lexicons();
    if let Some(column) = header.iter().position(|f| *f == Some(Field::Party)) {
        if !body.is_empty() && share(body, column, |t| lexicons.party_in(t).is_some()) < 0.5 {
            header[column] = Some(Field::Provider);
        }
    }
}

/// A column headed as the purpose whose cells are category words ("Purpose": "Strictly
/// Necessary", "Functional") beside another that describes: the first is the category column,
/// the other the purpose. With no other column to describe, the header stands.
pub(super) fn category_column_of_purposes(header: &mut [Option<Field>], body: &[RawRow]) {
    const MAX_CATEGORY_WORDS: usize = 3;
    if body.is_empty() || header.contains(&Some(Field::Category)) {
        return;
    }
    let lexicons = crate::grammar::lexicons();
    let Some(column) = header.iter().position(|f| *f == Some(Field::Purpose)) else { return };
    let categories = share(body, column, |t| {
        t.split_whitespace().count() <= MAX_CATEGORY_WORDS && lexicons.category_in(t).is_some()
    });
    let describing = (0..header.len()).find(|&j| {
        j != column
            && header[j].is_none_or(|f| matches!(f, Field::Function | Field::Type | Field::Purpose))
            && share(body, j, |t| t.split_whitespace().count() >= 4) >= 0.5
    });
    if let (true, Some(describing)) = (categories >= 0.6, describing) {
        header[column] = Some(Field::Category);
        header[describing] = Some(Field::Purpose);
    }
}

/// Two columns named for the cookie ("Cookie" and "Nom"): the one whose cells look like names
/// holds them; the other names the service, so it is the provider when there is none.
pub(super) fn resolve_name_columns(header: &mut [Option<Field>], body: &[RawRow]) {
    let names: Vec<usize> =
        header.iter().enumerate().filter(|(_, f)| **f == Some(Field::Name)).map(|(i, _)| i).collect();
    if names.len() < 2 || body.is_empty() {
        return;
    }
    let best = names
        .iter()
        .copied()
        .max_by(|a, b| name_likeness(body, *a).total_cmp(&name_likeness(body, *b)))
        .unwrap_or(names[0]);
    let has_provider = header.contains(&Some(Field::Provider));
    let mut provider_given = has_provider;
    let lexicons = crate::grammar::lexicons();
    for column in names {
        if column == best {
            continue;
        }
        // The other columns named for the cookie, by what they hold: parties ("Cookies used":
        // "First Party"), hosts ("Cookie Subgroup": "shop.example"), else the service.
        let host = |t: &str| {
            let t = t.trim_start_matches('.');
            let labels: Vec<&str> = t.split('.').collect();
            labels.len() >= 2
                && labels.iter().all(|l| {
                    !l.is_empty() && l.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                })
                && labels.last().is_some_and(|l| l.len() >= 2 && l.chars().all(|c| c.is_ascii_lowercase()))
        };
        header[column] = if share(body, column, |t| lexicons.party_in(t).is_some()) >= 0.6
            && !header.contains(&Some(Field::Party))
        {
            Some(Field::Party)
        } else if share(body, column, host) >= 0.6 && !header.contains(&Some(Field::Domain)) {
            Some(Field::Domain)
        } else if provider_given {
            None
        } else {
            provider_given = true;
            Some(Field::Provider)
        };
    }
}

/// Columns of a table with no header, typed by what their cells hold: durations, category
/// words, cookie names, long text (purpose) and short capitalized names (provider). Only a table
/// with a name column and one more typed column is accepted.
pub(super) fn infer_fields(rows: &[RawRow], lexicons: &Lexicons) -> Option<Vec<Option<Field>>> {
    let width = rows.iter().map(|r| r.cells.len()).max()?;
    if width < 2 || rows.iter().filter(|r| r.cells.len() >= 2).count() == 0 {
        return None;
    }
    let mut fields: Vec<Option<Field>> = vec![None; width];
    let pick = |fields: &[Option<Field>], score: &dyn Fn(usize) -> f64, min: f64| -> Option<usize> {
        (0..width)
            .filter(|c| fields[*c].is_none())
            .map(|c| (c, score(c)))
            .filter(|(_, s)| *s >= min)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, _)| c)
    };
    let words = |column: usize| -> f64 {
        let cells: Vec<usize> = rows
            .iter()
            .filter_map(|r| r.cells.get(column))
            .filter(|c| !c.text.is_empty())
            .map(|c| c.text.split_whitespace().count())
            .collect();
        if cells.is_empty() {
            0.0
        } else {
            cells.iter().sum::<usize>() as f64 / cells.len() as f64
        }
    };
    if let Some(c) =
        pick(&fields, &|c| share(rows, c, |t| t.split_whitespace().count() <= 6 && reads_as_duration(t)), 0.6)
    {
        fields[c] = Some(Field::Duration);
    }
    if let Some(c) = pick(
        &fields,
        &|c| share(rows, c, |t| t.split_whitespace().count() <= 3 && lexicons.category_in(t).is_some()),
        0.6,
    ) {
        fields[c] = Some(Field::Category);
    }
    let name = pick(&fields, &|c| name_likeness(rows, c), 0.6)?;
    fields[name] = Some(Field::Name);
    // The description: the column of the longest text, three words or more on average.
    if let Some(c) = pick(&fields, &|c| if words(c) >= 3.0 { words(c) } else { 0.0 }, 3.0) {
        fields[c] = Some(Field::Purpose);
    }
    let capitalized = |t: &str| t.split_whitespace().count() <= 4 && t.chars().next().is_some_and(char::is_uppercase);
    if let Some(c) = pick(&fields, &|c| if words(c) <= 3.0 { share(rows, c, capitalized) } else { 0.0 }, 0.6) {
        fields[c] = Some(Field::Provider);
    }
    (fields.iter().flatten().count() >= 2).then_some(fields)
}
