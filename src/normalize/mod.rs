//! Stage 5: interpreted tables → normalized cookie entries: names split and patterns made
//! globs, durations parsed, categories and parties mapped to the one vocabulary.
pub mod duration;
pub mod names;

use crate::interpret::{Row, Table};
use crate::knowledge;
use crate::lexicon::{Category, Field, Lexicons, Party};
use crate::model::{CategorySource, Cookie};
use crate::source::Source;
use crate::span::Span;
use crate::text::Fnv;
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
            let duration = field_text(table, row, Field::Duration).map(|t| memo.duration(t));
            let provider = field_text(table, row, Field::Provider).or(table.provider.as_deref());
            let provider_canonical = provider.map(|p| memo.canonical(p));
            let party = party.or_else(|| provider.and_then(|p| memo.inferred_party(p, site)));
            for item in names::split_names(&name_cell.text).into_iter().filter(|n| !names::is_vocabulary_word(&n.name))
            {
                // The knowledge base gives a category only when the document gives none.
                let known = knowledge::identify(&item.name, provider);
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
                cookies.push(Cookie {
                    name_span: locate(source, name_cell.span, &item.name),
                    name: item.name,
                    pattern: item.pattern,
                    pattern_glob: item.glob,
                    provider: provider.map(str::to_string),
                    provider_canonical: provider_canonical.clone(),
                    function: field_text(table, row, Field::Function).map(str::to_string),
                    purpose: field_text(table, row, Field::Purpose).map(str::to_string),
                    category,
                    category_source,
                    duration: duration.clone(),
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

impl Memo {
    fn duration(&mut self, text: &str) -> duration::Duration {
        memoized(&mut self.durations, text, || duration::parse_duration(text))
    }

    fn canonical(&mut self, provider: &str) -> String {
        memoized(&mut self.canonical, provider, || knowledge::canonical_provider(provider))
    }

    fn party(&mut self, lexicons: &Lexicons, text: &str) -> Option<Party> {
        memoized(&mut self.parties, text, || lexicons.party_in(text))
    }

    fn inferred_party(&mut self, provider: &str, site: Option<&str>) -> Option<Party> {
        memoized(&mut self.inferred, provider, || knowledge::infer_party(provider, site))
    }

    fn category(&mut self, lexicons: &Lexicons, text: &str) -> Option<Category> {
        memoized(&mut self.categories, text, || lexicons.category_in(text))
    }

    fn described_category(&mut self, lexicons: &Lexicons, text: &str) -> Option<Category> {
        memoized(&mut self.described, text, || lexicons.described_category(text))
    }
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
