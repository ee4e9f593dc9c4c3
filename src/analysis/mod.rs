//! Extraction section by section, and re-extraction after an edit that redoes only the sections
//! the edit touched.
//!
//! A Markdown document is cut into sections at its top-level headings ([`crate::sections`]).
//! Blocks and raw tables are found in each section alone, so they depend on nothing but the
//! section's text (and the document's language). Interpretation reads the sections in order
//! with a state ([`interpret::State`]: open headings, the table that may go on); the state at
//! the start of every section is recorded. After an edit, [`Analysis::update`] keeps the
//! sections before the edit as they were, redoes the sections the edit touched, and goes on
//! section by section until it reaches an unchanged section whose recorded state equals the
//! state it has reached: from there on every result of the previous run is moved to its new
//! place instead of being computed again.
//!
//! The result is the same as a fresh extraction, by construction and by the property test in
//! `tests/incremental.rs`. Whatever the record cannot vouch for goes the full way: a change of
//! format, language, site or title vendor, a document with no table (running text is then read
//! as a whole), a document that does not end with a line break (its last row may be cut), a
//! section that added rows to a table of a section kept from before.
use crate::blocks::{self, Block};
use crate::diagnostics::{Diagnostic, Severity};
use crate::grammar::{lexicon, Lexicons};
use crate::interpret::{self, Interpreter};
use crate::model::Policy;
use crate::source::{Format, Source};
use crate::span::Span;
use crate::tables::{self, RawTable};
use crate::{language, normalize, Limits, Options};
use std::ops::Range;

mod declared;
mod rendered;
mod update;
use declared::*;
use rendered::*;

/// An extraction that keeps what it needs to be redone quickly after an edit.
pub struct Analysis {
    pub policy: Policy,
    /// The text that was analysed, to find what an edit changed.
    text: String,
    record: Option<Record>,
    /// How the last analysis was made: `None` for a full one, else the number of sections
    /// that were read again.
    sections_redone: Option<usize>,
}

/// What was found section by section, for [`Analysis::update`].
pub(crate) struct Record {
    sections: Vec<SectionRecord>,
    /// The interpretation's findings in the order it made them (the policy's are sorted).
    interpretation_diagnostics: Vec<Diagnostic>,
    title_vendor: Option<String>,
}

pub(crate) struct SectionRecord {
    range: Range<usize>,
    first_block: usize,
    first_table: usize,
    first_diagnostic: usize,
    /// The interpretation's state where the section starts.
    state: interpret::State,
    /// The lowest index of a table the section added rows to (`usize::MAX` for none).
    lowest_appended: usize,
    /// How many of its raw tables declare cookies.
    declaring: usize,
    /// The block of its first raw table.
    first_raw_block: Option<usize>,
}

impl SectionRecord {
    /// The record of a section about to be interpreted (`lowest_appended` is set after).
    fn starting(
        range: Range<usize>,
        first_block: usize,
        interpreter: &Interpreter,
        declaring: usize,
        raw: &[RawTable],
    ) -> SectionRecord {
        SectionRecord {
            range,
            first_block,
            first_table: interpreter.tables.len(),
            first_diagnostic: interpreter.diagnostics.len(),
            state: interpreter.state(),
            lowest_appended: usize::MAX,
            declaring,
            first_raw_block: raw.first().map(|t| t.block),
        }
    }
}

/// Runs the pipeline on a decoded source: HTML through its Markdown rendering, every other
/// format section by section.
pub fn extract_policy(source: &Source, options: &Options) -> Policy {
    if source.format == Format::Html {
        return extract_html(source, options);
    }
    if let Some(policy) = extract_markdown_with_html_tables(source, options) {
        return policy;
    }
    extract_text_source(source, options)
}

fn extract_text_source(source: &Source, options: &Options) -> Policy {
    extract(source, options, false).0
}

/// Reads one section: its blocks, with offsets in the document, are appended to `blocks`; its
/// raw tables are returned with block indices into `blocks`.
fn read_section(
    source: &Source,
    range: Range<usize>,
    blocks: &mut Vec<Block>,
    limits: &Limits,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<RawTable> {
    let text = &source.text[range.clone()];
    let found = blocks::segment_text(text, source.format, limits.max_nesting_depth);
    let mut raw = tables::recognize_layouts(text, &found, limits, lexicons, language);
    let first_block = blocks.len();
    blocks.extend(found.into_iter().map(|mut block| {
        block.shift(range.start as isize);
        block
    }));
    for table in &mut raw {
        table.shift(range.start, first_block);
    }
    raw
}

fn declaring(raw: &[RawTable], lexicons: &Lexicons, language: Option<&str>) -> usize {
    raw.iter().filter(|t| tables::declares(t, lexicons, language)).count()
}

/// The policy's findings: decoding notes, an empty document, Markdown nested past the limit,
/// the interpretation's, in order.
fn policy_diagnostics(source: &Source, interpretation: &[Diagnostic], limits: &Limits) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = source.notes.clone();
    if source.format == Format::Markdown {
        let limit = limits.max_nesting_depth;
        if let Some((first, count)) = crate::nesting::markdown::excess(&source.text, limit) {
            diagnostics.push(crate::nesting::note(source, first, count, limit, crate::nesting::Markup::Markers));
        }
    }
    if source.text.trim().is_empty() {
        diagnostics.push(Diagnostic::new(
            "empty-document",
            Severity::Warning,
            "the document is empty".to_string(),
            source.span(0..source.text.len()),
        ));
    }
    diagnostics.extend(interpretation.iter().cloned());
    diagnostics.sort_by_key(|d| (d.span.start, d.rule.clone()));
    diagnostics
}

/// Runs the pipeline on a decoded text source (Markdown, plain or PDF text), keeping the
/// section record when `keep` is set.
pub(crate) fn extract(source: &Source, options: &Options, keep: bool) -> (Policy, Option<Record>) {
    let lexicons = lexicon::lexicons();
    let limits = &options.limits;
    let language = language::identify(&source.text, lexicons);
    let lang = language.as_deref();
    let ranges = blocks::sections(source);
    let mut blocks: Vec<Block> = Vec::new();
    let mut sections: Vec<(Range<usize>, usize, Vec<RawTable>)> = Vec::with_capacity(ranges.len());
    for range in ranges {
        let first_block = blocks.len();
        let raw = read_section(source, range.clone(), &mut blocks, limits, lexicons, lang);
        sections.push((range, first_block, raw));
    }
    // Each section's count of declaring tables is kept for an update; without a record, the
    // first declaring table is enough to know.
    let declaring_per_section: Vec<usize> =
        if keep { sections.iter().map(|(_, _, raw)| declaring(raw, lexicons, lang)).collect() } else { Vec::new() };
    let any_declaring = if keep {
        declaring_per_section.iter().any(|&n| n > 0)
    } else {
        sections.iter().flat_map(|(_, _, raw)| raw).any(|t| tables::declares(t, lexicons, lang))
    };
    if !any_declaring {
        // No table declares cookies: running text is read, over the whole document.
        let raw: Vec<RawTable> = sections.into_iter().flat_map(|(_, _, raw)| raw).collect();
        let raw = tables::with_prose(&source.text, &blocks, raw, limits, lexicons);
        let first_table_block = raw.first().map_or(blocks.len(), |t| t.block);
        let interpretation = interpret::interpret(source, &blocks, raw, lang, lexicons, limits);
        let (interpretation, _) = with_declarations(source, &blocks, interpretation, lexicons, lang);
        let site = find_site(&blocks[..first_table_block], &blocks, lexicons);
        let cookies = normalize::entries(source, &interpretation.tables, lexicons, site.as_deref());
        let diagnostics = policy_diagnostics(source, &interpretation.diagnostics, limits);
        let policy = assemble(source, language, site, interpretation.tables, cookies, diagnostics, blocks);
        return (policy, None);
    }
    let first_table_block =
        sections.iter().find_map(|(_, _, raw)| raw.first().map(|t| t.block)).unwrap_or(blocks.len());
    let mut interpreter = Interpreter::new(source, lang, lexicons, limits, None);
    let mut records = Vec::with_capacity(if keep { sections.len() } else { 0 });
    let block_ends: Vec<usize> =
        sections.iter().skip(1).map(|(_, first, _)| *first).chain(std::iter::once(blocks.len())).collect();
    for (index, ((range, first_block, raw), end_block)) in sections.into_iter().zip(block_ends).enumerate() {
        let record =
            keep.then(|| SectionRecord::starting(range, first_block, &interpreter, declaring_per_section[index], &raw));
        interpreter.blocks(&blocks[first_block..end_block], first_block, raw);
        let lowest = interpreter.take_lowest_appended();
        if let Some(mut record) = record {
            record.lowest_appended = lowest.unwrap_or(usize::MAX);
            records.push(record);
        }
    }
    let title_vendor = interpret::title_vendor(&blocks);
    let interpretation = interpreter.finish(0, title_vendor.as_deref(), true);
    let (interpretation, declared) = with_declarations(source, &blocks, interpretation, lexicons, lang);
    let site = find_site(&blocks[..first_table_block], &blocks, lexicons);
    let cookies = normalize::entries(source, &interpretation.tables, lexicons, site.as_deref());
    let diagnostics = policy_diagnostics(source, &interpretation.diagnostics, limits);
    // Declarations outside tables are read over the whole document: an update reads it afresh.
    let record = (keep && !declared && source.format == Format::Markdown && !interpret::may_cut_last_row(&source.text))
        .then_some(Record { sections: records, interpretation_diagnostics: interpretation.diagnostics, title_vendor });
    let policy = assemble(source, language, site, interpretation.tables, cookies, diagnostics, blocks);
    (policy, record)
}

fn assemble(
    source: &Source,
    language: Option<String>,
    site: Option<String>,
    tables: Vec<interpret::Table>,
    cookies: Vec<crate::model::Cookie>,
    diagnostics: Vec<Diagnostic>,
    blocks: Vec<Block>,
) -> Policy {
    Policy {
        source: source.name.clone(),
        format: source.format,
        encoding: source.encoding,
        language,
        site,
        tables,
        cookies,
        diagnostics,
        blocks,
    }
}

/// The URL the policy says it covers: the first URL in a heading or paragraph that also holds
/// a word such as "platform" or "site"; else the first URL in a heading; else the first URL of
/// the opening paragraphs, before any table (help links to browsers come later in a policy).
pub(crate) fn find_site(before_tables: &[Block], blocks: &[Block], lexicons: &Lexicons) -> Option<String> {
    use crate::blocks::BlockKind;
    let prose = |b: &&Block| b.is_heading() || b.kind == BlockKind::Paragraph;
    let url_of = |b: &Block| crate::text::first_url_joined(&b.text);
    let with_site_word = blocks.iter().filter(prose).find(|b| url_of(b).is_some() && lexicons.names_site(&b.text));
    if let Some(block) = with_site_word {
        return url_of(block);
    }
    if let Some(url) = blocks.iter().filter(|b| b.is_heading()).find_map(url_of) {
        return Some(url);
    }
    before_tables.iter().filter(|b| b.kind == BlockKind::Paragraph).take(3).find_map(url_of)
}
