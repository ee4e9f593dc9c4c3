//! Stage 5: interpreted tables → normalized cookie entries: names split and patterns made
//! globs, durations parsed, categories and parties mapped to the one vocabulary.
/// The grammars entries are read with, under their former paths.
pub use crate::grammar::{duration, names};

use crate::grammar::{Category, Field, Lexicons, Party};
use crate::interpret::{Row, Table};
use crate::knowledge;
use crate::memo::{remembered, TextMemo, COMPILED_IN};
use crate::model::{CategorySource, Cookie, FieldSource, Kind};
use crate::source::Source;
use crate::span::Span;
use crate::text::Fnv;
use std::cell::RefCell;
use std::collections::HashMap;

/// Cells that say "nothing here".
fn is_placeholder(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "–" | "—" | "/" | "n/a" | "N/A" | "n.a." | "N.A." | "—/—")
}

fn field_text<'a>(table: &Table, row: &'a Row, field: Field) -> Option<&'a str> {
    let column = table.column(field)?;
    row.cell(column).map(|c| c.text.as_str()).filter(|t| !is_placeholder(t))
}

/// One entry per name in every row of every table, in document order. `site` (the URL the
/// policy covers) lets the party be inferred from the provider.
pub fn entries(source: &Source, tables: &[Table], lexicons: &Lexicons, site: Option<&str>) -> Vec<Cookie> {
    let mut cookies = Vec::new();
    // Tables repeat the same provider, type and duration texts row after row: each distinct
    // text is normalized once.
    let mut memo = Memo::default();
    for (table_index, table) in tables.iter().enumerate() {
        let Some(name_column) = table.column(Field::Name) else { continue };
        let heading_party = table.heading.as_deref().and_then(|h| lexicons.party_in(h));
        for (row_index, row) in table.body.iter().enumerate() {
            let Some(name_cell) = row.cell(name_column) else { continue };
            let type_text = field_text(table, row, Field::Type);
            let (category, category_source) = field_text(table, row, Field::Category)
                .and_then(|t| memo.category(lexicons, t))
                .or_else(|| type_text.and_then(|t| memo.category(lexicons, t)))
                .map(|c| (Some(c), Some(CategorySource::Column)))
                .or_else(|| table.category.map(|c| (Some(c), Some(CategorySource::Heading))))
                .or_else(|| {
                    field_text(table, row, Field::Purpose)
                        .and_then(|t| memo.described_category(lexicons, t))
                        .map(|c| (Some(c), Some(CategorySource::Description)))
                })
                .unwrap_or((None, None));
            let party = field_text(table, row, Field::Party)
                .and_then(|t| memo.party(lexicons, t))
                .or_else(|| type_text.and_then(|t| memo.party(lexicons, t)))
                .or(heading_party);
            // "lifetime: 2 years" in a lifetime cell: the label is not part of the lifetime.
            let duration = field_text(table, row, Field::Duration)
                .map(|t| memo.duration(lexicons.without_label(t, Field::Duration)));
            // "Google Learn more": the text of a link the page put after the name is not part of it.
            let row_provider = field_text(table, row, Field::Provider).map(|t| lexicons.without_link_text(t));
            let provider = row_provider.or(table.provider.as_deref());
            let provider_source = match (row_provider, provider) {
                (Some(_), _) => Some(FieldSource::Column),
                (None, Some(_)) => Some(FieldSource::Heading),
                (None, None) => None,
            };
            // What the row says it stores (a type cell: "HTTP Cookie", "HTML Local Storage",
            // "localStorage"), else what its heading or lead-in says, else a cookie.
            let kind = type_text
                .and_then(|t| memo.kind(lexicons, t))
                .or_else(|| field_text(table, row, Field::Category).and_then(|t| memo.kind(lexicons, t)))
                .or(table.kind)
                .unwrap_or_default();
            let provider_canonical = provider.map(|p| memo.canonical(p));
            let party = party.or_else(|| provider.and_then(|p| memo.inferred_party(p, site)));
            let items: Vec<names::NameItem> = names::split_names(&name_cell.text)
                .into_iter()
                .filter(|n| !names::is_vocabulary_word(&n.name))
                .collect();
            // "_ga, _gid, _gat" with "730 days, 1 days, Few seconds": one lifetime per name, in
            // order, when the cell lists as many lifetimes as there are names.
            let per_name: Option<Vec<duration::Duration>> =
                (items.len() > 1).then(|| field_text(table, row, Field::Duration)).flatten().and_then(|text| {
                    let parts: Vec<&str> = text.split([',', ';']).map(str::trim).collect();
                    (parts.len() == items.len()
                        && parts.iter().filter(|p| duration::reads_as_duration(p)).count() * 2 > parts.len())
                    .then(|| parts.iter().map(|p| memo.duration(p)).collect())
                });
            for (position, item) in items.into_iter().enumerate() {
                let duration = per_name.as_ref().map(|d| d[position].clone()).or_else(|| duration.clone());
                // The knowledge base gives a category only when the document gives none.
                let known = knowledge::identify_with_canonical(&item.name, provider_canonical.as_deref());
                let (category, category_source) = match category {
                    Some(_) => (category, category_source),
                    None => known
                        .and_then(|known| known.category())
                        .map_or((None, None), |c| (Some(c), Some(CategorySource::Knowledge))),
                };
                // With neither a party nor a provider in the document, the base's vendor decides.
                let party = party.or_else(|| {
                    known.filter(|_| provider.is_none()).and_then(|k| memo.inferred_party(&k.controller, site))
                });
                // What the document does not say, the knowledge base fills, marked as such; it never
                // overrides the document. Only for cookies: the base knows cookies.
                let known_cookie = known.filter(|_| kind == Kind::Cookie);
                let (provider, provider_canonical, provider_source) = match (provider, known_cookie) {
                    (Some(p), _) => (Some(p.to_string()), provider_canonical.clone(), provider_source),
                    (None, Some(k)) if !k.platform.is_empty() => {
                        (Some(k.platform.clone()), Some(memo.canonical(&k.platform)), Some(FieldSource::Knowledge))
                    }
                    _ => (None, None, None),
                };
                let (duration, duration_source) = match (&duration, known_cookie) {
                    (Some(d), _) => (Some(d.clone()), Some(FieldSource::Column)),
                    (None, Some(k)) => (knowledge_duration(k), Some(FieldSource::Knowledge)),
                    (None, None) => (None, None),
                };
                let duration_source = duration.as_ref().and(duration_source);
                cookies.push(Cookie {
                    name_span: locate(source, name_cell.span, &item.name),
                    name: item.name,
                    pattern: item.pattern,
                    pattern_glob: item.glob,
                    provider,
                    provider_canonical,
                    provider_source,
                    duration_source,
                    kind,
                    function: field_text(table, row, Field::Function).map(str::to_string),
                    purpose: field_text(table, row, Field::Purpose).map(str::to_string),
                    category,
                    category_source,
                    duration,
                    party,
                    domain: field_text(table, row, Field::Domain).map(str::to_string),
                    table: table_index,
                    row: row_index,
                    span: row.span,
                });
            }
        }
    }
    cookies
}

/// Normalizations already computed in this document, by cell text.
#[derive(Default)]
struct Memo {
    durations: HashMap<String, duration::Duration, Fnv>,
    canonical: HashMap<String, String, Fnv>,
    parties: HashMap<String, Option<Party>, Fnv>,
    inferred: HashMap<String, Option<Party>, Fnv>,
    categories: HashMap<String, Option<Category>, Fnv>,
    kinds: HashMap<String, Option<Kind>, Fnv>,
    described: HashMap<String, Option<Category>, Fnv>,
}

/// The value kept for `key`, computed and kept on first use. Looked up by `&str` first, so
/// that a hit (most rows) copies no key.
fn memoized<V: Clone>(map: &mut HashMap<String, V, Fnv>, key: &str, compute: impl FnOnce() -> V) -> V {
    if let Some(value) = map.get(key) {
        return value.clone();
    }
    let value = compute();
    map.insert(key.to_string(), value.clone());
    value
}

thread_local! {
    static DURATIONS: RefCell<TextMemo<duration::Duration>> = RefCell::default();
    static CANONICAL: RefCell<TextMemo<String>> = RefCell::default();
    static PARTIES: RefCell<TextMemo<Option<Party>>> = RefCell::default();
    static KINDS: RefCell<TextMemo<Option<Kind>>> = RefCell::default();
    static CATEGORIES: RefCell<TextMemo<Option<Category>>> = RefCell::default();
    static DESCRIBED: RefCell<TextMemo<Option<Category>>> = RefCell::default();
}

/// The normalizations of a document's cells are kept for the document (any length), and those of
/// short cells for the thread too ([`crate::memo`]): archives repeat their lifetimes, providers
/// and category words from one document to the next.
impl Memo {
    fn duration(&mut self, text: &str) -> duration::Duration {
        memoized(&mut self.durations, text, || {
            remembered(&DURATIONS, COMPILED_IN, 0, text, || duration::parse_duration(text))
        })
    }

    fn canonical(&mut self, provider: &str) -> String {
        memoized(&mut self.canonical, provider, || {
            remembered(&CANONICAL, COMPILED_IN, 0, provider, || knowledge::canonical_provider(provider))
        })
    }

    fn party(&mut self, lexicons: &Lexicons, text: &str) -> Option<Party> {
        memoized(&mut self.parties, text, || remembered(&PARTIES, lexicons.id, 0, text, || lexicons.party_in(text)))
    }

    fn inferred_party(&mut self, provider: &str, site: Option<&str>) -> Option<Party> {
        // The canonical name is kept already: the row asks for it as well.
        let canonical = self.canonical(provider);
        memoized(&mut self.inferred, provider, || knowledge::infer_party_of_canonical(&canonical, site))
    }

    fn kind(&mut self, lexicons: &Lexicons, text: &str) -> Option<Kind> {
        memoized(&mut self.kinds, text, || remembered(&KINDS, lexicons.id, 0, text, || kind_named(lexicons, text)))
    }

    fn category(&mut self, lexicons: &Lexicons, text: &str) -> Option<Category> {
        memoized(&mut self.categories, text, || {
            remembered(&CATEGORIES, lexicons.id, 0, text, || lexicons.category_in(text))
        })
    }

    fn described_category(&mut self, lexicons: &Lexicons, text: &str) -> Option<Category> {
        memoized(&mut self.described, text, || {
            remembered(&DESCRIBED, lexicons.id, 0, text, || lexicons.described_category(text))
        })
    }
}

/// The kind of storage a cell names: a kind word, else a noun for a cookie.
fn kind_named(lexicons: &Lexicons, text: &str) -> Option<Kind> {
    lexicons.kind_in(text).or_else(|| lexicons.cookie_nouns_in(&crate::text::fold(text)).next().map(|_| Kind::Cookie))
}

/// A known cookie's lifetime as the base gives it: its retention text read by the duration
/// grammar, with the base's own figure when the grammar cannot read the text.
fn knowledge_duration(known: &knowledge::Known) -> Option<duration::Duration> {
    if known.retention.trim().is_empty() {
        return None;
    }
    let mut parsed = duration::parse_duration(&known.retention);
    if parsed.kind == duration::DurationKind::Unknown {
        if known.session {
            parsed.kind = duration::DurationKind::Session;
        } else if let Some(seconds) = known.retention_seconds {
            parsed.seconds = Some(seconds);
            parsed.kind = duration::DurationKind::Persistent;
        }
    }
    Some(parsed)
}

/// The exact place of `name` inside a cell, or the whole cell when it is not written verbatim.
fn locate(source: &Source, cell: Span, name: &str) -> Span {
    source
        .text
        .get(cell.range())
        .and_then(|text| text.find(name))
        .map(|at| source.span(cell.start + at..cell.start + at + name.len()))
        .unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The normalizations remembered across documents are the ones read: cells of lifetime,
    /// provider, party, kind and category words of every language, each asked of a fresh
    /// document's memo (so that only the thread's answers can be remembered) twice.
    #[test]
    fn remembered_normalizations_are_the_ones_read() {
        let lexicons = crate::grammar::lexicons();
        let mut pool: Vec<String> = lexicons
            .languages
            .iter()
            .flat_map(|l| {
                l.units
                    .iter()
                    .map(|(word, _)| word.clone())
                    .chain(l.session.iter().map(|p| p.text.clone()))
                    .chain(l.categories.iter().map(|(_, p)| p.text.clone()))
                    .chain(l.parties.iter().map(|(_, p)| p.text.clone()))
                    .chain(l.kinds.iter().map(|(_, p)| p.text.clone()))
            })
            .collect();
        pool.extend(["2", "13", "Google LLC", "Meta Platforms", "cookie", "of", "-", "1.5"].map(String::from));
        pool.sort();
        pool.dedup();
        let cell = prop::collection::vec(prop::sample::select(pool), 1..=3);
        proptest!(ProptestConfig::with_cases(3_000), |(cells in prop::collection::vec(cell, 1..6))| {
            for words in cells.iter().chain(cells.iter()) {
                let text = words.join(" ");
                let mut memo = Memo::default();
                prop_assert_eq!(memo.duration(&text), duration::parse_duration(&text), "{:?}", text);
                prop_assert_eq!(memo.canonical(&text), knowledge::canonical_provider(&text), "{:?}", text);
                prop_assert_eq!(memo.party(lexicons, &text), lexicons.party_in(&text), "{:?}", text);
                prop_assert_eq!(memo.category(lexicons, &text), lexicons.category_in(&text), "{:?}", text);
                let described = lexicons.described_category(&text);
                prop_assert_eq!(memo.described_category(lexicons, &text), described, "{:?}", text);
                prop_assert_eq!(memo.kind(lexicons, &text), kind_named(lexicons, &text), "{:?}", text);
            }
        });
    }
}
