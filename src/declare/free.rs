//! Anchors in no period and no row: a name at the head of a line or list item, read with the rest
//! of its line and the lines under it, kept when its context declares it.
use super::fields::{self, Part};
use super::heads::{Head, Separator};
use super::*;
use std::cell::LazyCell;

/// Anchors not in a period: each reads the rest of its line and the lines after it, up to the
/// next anchor, a heading, a blank line or a line at its own level.
pub(super) fn free_units(stretch: Stretch, taken: &mut [bool]) -> Vec<Vec<Unit>> {
    let Stretch { text, lines, heads, content, outline, lexicons, language } = stretch;
    let parents = parent_items(lines, content);
    // The vendor each parent item names, read once for all the items nested in it.
    let mut vendors: std::collections::HashMap<usize, Option<Range<usize>>> = std::collections::HashMap::new();
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
            // Lines of only pipes between (a copied table's empty cells, one per line) do not
            // part a name from its description; an empty line does.
            let gap_blank = (content[q - 1] + 1..content[q]).any(|k| text[lines[k].range.clone()].trim().is_empty());
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
            // An item of an outer list ends the items nested in it.
            if line.bullet && next.bullet && next.indent < line.indent {
                break;
            }
            // A blank line ends the unit, unless the name stood alone (its description may run
            // over paragraphs, up to the next name), or what follows is deeper (a nested list
            // under the cookie).
            if gap_blank && !deeper && !head.alone() {
                break;
            }
            // Lines of another shape end an item's unit, unless the item is a name alone and the
            // line gives one of its fields by label ("1. PHPSESSID", then "Duration: …").
            let labelled = || fields::labelled(text, next.body.clone(), lexicons, language).is_some();
            if !deeper && next.bullet != line.bullet && read > 0 && !(head.alone() && labelled()) {
                break;
            }
            // What is nested under the name is its description whatever its length; only lines at
            // its own level count towards the unit's bound.
            if !deeper {
                for part in fields::parts(text, next.body.clone(), lexicons, language) {
                    parts.extend(described_part(text, part, lexicons));
                }
                read += 1;
            }
            end = next.range.end;
            q += 1;
        }
        taken[p..q].fill(true);
        // Under an item that names a vendor ("- Google Analytics", then the cookies it sets as
        // the items nested in it), the vendor is the provider, unless the unit names its own.
        if let Some(vendor) = parents[p].and_then(|parent| {
            vendors
                .entry(parent)
                .or_insert_with(|| crate::outline::providers::item_vendor(text, lines[parent].body.clone(), lexicons))
                .clone()
        }) {
            parts.push((Part { range: vendor, label: None }, Some(Field::Provider)));
        }
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

/// For each line of `content` (by position), the item of an outer list that it is nested in, as
/// a line index: the nearest line above it that is less indented, when the line is an indented
/// list item and that line is a list item too. A heading starts afresh; a less indented line of
/// text means the item is in no outer list. One pass, with the lines still open above kept on a
/// stack.
fn parent_items(lines: &[Line], content: &[usize]) -> Vec<Option<usize>> {
    let mut open: Vec<usize> = Vec::new();
    content
        .iter()
        .map(|&index| {
            let line = &lines[index];
            if line.heading {
                open.clear();
            }
            while open.last().is_some_and(|&k| lines[k].indent >= line.indent) {
                open.pop();
            }
            let parent = open.last().copied().filter(|&k| line.bullet && line.indent > 0 && lines[k].bullet);
            open.push(index);
            parent
        })
        .collect()
}

/// The parts of the rest of a head line: a lifetime that opens it ("__utma 24 months Used to
/// …") is cut off as its own part.
pub(super) fn rest_parts(
    text: &str,
    head: &Head,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<(Part, Option<Field>)> {
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
        out.extend(described_part(text, part, lexicons));
    }
    out
}

/// A part with the field it holds; a description that ends with its lifetime ("counts visits
/// from our adverts, 3 months", "… Expires after 2 years.") is two parts.
fn described_part(text: &str, part: Part, lexicons: &Lexicons) -> Vec<(Part, Option<Field>)> {
    if let Some(split) = lifetime_after_description(text, &part) {
        return split.into();
    }
    let field = part.label.or_else(|| fields::typed(&text[part.range.clone()], lexicons));
    vec![(part, field)]
}

/// An unlabelled part cut into its description and the lifetime that ends it (see
/// [`crate::grammar::duration::trailing_lifetime`]).
pub(super) fn lifetime_after_description(text: &str, part: &Part) -> Option<[(Part, Option<Field>); 2]> {
    if part.label.is_some() {
        return None;
    }
    let (head, tail) = crate::grammar::duration::trailing_lifetime(&text[part.range.clone()])?;
    let at = part.range.start;
    Some([
        (Part { range: at + head.start..at + head.end, label: None }, None),
        (Part { range: at + tail.start..at + tail.end, label: None }, Some(Field::Duration)),
    ])
}

/// Whether a free unit declares a cookie: its context says so.
pub(super) fn declares(
    text: &str,
    unit: &Unit,
    head: &Head,
    siblings: usize,
    outline: &Outline,
    lexicons: &Lexicons,
) -> bool {
    // Each piece of context is read only when the decision below comes to it: finding
    // lifetimes and cookie words in every part is most of the stage's time.
    let lifetime = LazyCell::new(|| {
        unit.parts
            .iter()
            .any(|(part, field)| *field == Some(Field::Duration) || find_duration(&text[part.range.clone()]).is_some())
    });
    let described = LazyCell::new(|| {
        unit.parts
            .iter()
            .any(|(part, field)| field.is_none() && text[part.range.clone()].split_whitespace().count() >= 3)
    });
    // A known name of one letter ("i" under a cookie heading) is as likely a stray word: the
    // knowledge base counts for names of two characters or more, as in `name_evidence`.
    let known = LazyCell::new(|| {
        head.names.iter().any(|n| {
            let name = &text[n.clone()];
            name.chars().count() >= 2 && !crate::knowledge::base().lookup(name).is_empty()
        })
    });
    let cookie_section = LazyCell::new(|| {
        outline.open_at(unit.range.start).any(|h| {
            outline.category(h).is_some() || lexicons.cookie_nouns_in(&crate::text::fold(&h.text)).next().is_some()
        })
    });
    // "X: This is the session cookie …", "This cookie contains …": a description that calls
    // what it describes a cookie.
    let calls_itself_a_cookie = LazyCell::new(|| {
        unit.parts.iter().any(|(part, field)| {
            field.is_none() && lexicons.cookie_nouns_in(&crate::text::fold(&text[part.range.clone()])).next().is_some()
        })
    });
    match (head.evidence, head.separator) {
        (NameEvidence::Strong, Separator::Space) => {
            let listed = head.names.iter().any(|n| crate::knowledge::base().has_exact(&text[n.clone()]));
            opens_with_lifetime(&text[head.rest.clone()]) || listed && (*described || *lifetime)
        }
        (NameEvidence::Strong, _) => {
            (*described || head.alone() && siblings >= 2 || *lifetime)
                && (siblings >= 2 || head.marked || *known || *cookie_section || *lifetime)
        }
        (NameEvidence::Weak, _) => {
            // "PHPSSESID: This is the session cookie …": a description that names what it
            // describes a cookie.
            let labelled = matches!(head.separator, Separator::Colon | Separator::Dash);
            // A plain word alone on the first line of a page is its title (a site's name).
            let title = head.alone() && text[..unit.range.start].trim().is_empty();
            !title && (siblings >= 2 && (*described || *lifetime))
                || (*known || *lifetime || *described && labelled && *calls_itself_a_cookie)
                    && (siblings >= 2 || *cookie_section)
        }
        (NameEvidence::None, _) => false,
    }
}

/// A lifetime within the first words of a text ("24 měsíců …", "na konci relácie …"): the cells
/// after a name in a row of space-separated columns.
pub(super) fn opens_with_lifetime(text: &str) -> bool {
    const WITHIN_WORDS: usize = 3;
    if find_duration(text).is_some_and(|(found, _)| text[..found.start].split_whitespace().count() <= WITHIN_WORDS) {
        return true;
    }
    // A session phrase in the first words ("na konci relácie Používa sa …").
    let opening: Vec<&str> = text.split_whitespace().take(WITHIN_WORDS + 1).collect();
    crate::grammar::duration::parse_duration(&opening.join(" ")).kind == crate::grammar::duration::DurationKind::Session
}
