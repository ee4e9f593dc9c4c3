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

/// Markdown that holds HTML tables as raw HTML blocks: the tables are rendered in place, the
/// rest read as written, every span mapped back. `None` when there is no such table.
fn extract_markdown_with_html_tables(source: &Source, options: &Options) -> Option<Policy> {
    if source.format != Format::Markdown {
        return None;
    }
    let regions = blocks::html_table_regions(&source.text, options.limits.max_nesting_depth);
    if regions.is_empty() {
        return None;
    }
    let rendered = crate::html::render_regions_within(&source.text, &regions, &options.limits);
    Some(extract_rendered(source, &rendered, options))
}

/// HTML: the pipeline runs on the Markdown rendering of the DOM, then every span is mapped back
/// into the HTML source.
fn extract_html(source: &Source, options: &Options) -> Policy {
    let rendered = crate::html::render_within(&source.text, &options.limits);
    let mut policy = extract_rendered(source, &rendered, options);
    policy.format = Format::Html;
    policy
}

/// The pipeline on a rendering of `source` as Markdown, every span mapped back into `source`.
fn extract_rendered(source: &Source, rendered: &crate::html::Rendered, options: &Options) -> Policy {
    let mut markdown = Source::from_text(&source.name, rendered.text.clone());
    markdown.format = Format::Markdown;
    let mut policy = extract_text_source(&markdown, options);
    // The offset map is exact for text copied verbatim from the HTML; around entities and
    // malformed markup it can point past a character or past the end, so clamp it (found by
    // fuzzing).
    let clamp = |offset: usize| crate::text::floor_char_boundary(&source.text, offset.min(source.text.len()));
    let map = |span: Span| -> Span {
        let start = clamp(rendered.start(span.start));
        let end = clamp(rendered.end(span.end)).max(start);
        source.span(start..end)
    };
    for table in &mut policy.tables {
        table.span = map(table.span);
        table.heading_span = table.heading_span.map(map);
        table.header_span = table.header_span.map(map);
        for row in &mut table.body {
            row.span = map(row.span);
            for cell in &mut row.cells {
                cell.span = map(cell.span);
            }
        }
    }
    for cookie in &mut policy.cookies {
        cookie.span = map(cookie.span);
        cookie.name_span = map(cookie.name_span);
    }
    for diagnostic in &mut policy.diagnostics {
        diagnostic.span = map(diagnostic.span);
        for related in &mut diagnostic.related {
            related.span = map(related.span);
        }
    }
    // Prose rules read block text from the source: give them the rendered text's blocks mapped
    // back, so that sentences are read from the HTML around the same words.
    for block in &mut policy.blocks {
        let mapped = map(source.span(block.range.clone()));
        block.range = mapped.start..mapped.end;
    }
    policy.diagnostics.extend(source.notes.iter().cloned());
    if let Some((first, count)) = rendered.nesting {
        policy.diagnostics.push(crate::nesting::note(
            source,
            first,
            count,
            options.limits.max_nesting_depth,
            crate::nesting::Markup::Tags,
        ));
    }
    policy.format = source.format;
    policy.encoding = source.encoding;
    policy
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
        let raw = tables::with_prose(&source.text, &blocks, raw, limits);
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

/// Whether the declaration stage changes anything about `tables`: it finds declarations
/// outside them, or reads a contested table better.
fn declares_outside_tables(
    source: &Source,
    blocks: &[Block],
    tables: &[interpret::Table],
    lexicons: &Lexicons,
    language: Option<&str>,
) -> bool {
    let outline = crate::outline::Outline::new(&source.text, blocks, lexicons);
    let (declared, dropped) = declare_and_contest(source, blocks, tables, &outline, lexicons, language);
    !declared.is_empty()
        || dropped.iter().any(|&d| d)
        || tables.iter().any(|t| outline_category(source, &outline, t, lexicons).is_some())
}

/// The category the outline gives a table the interpretation left without one (it keeps only
/// heading blocks): a title line in running text ("2.1 Strictly Necessary Cookies"), else the
/// sentence that introduces the table ("These are essential cookies that do not require
/// consent."); with the title's text.
fn outline_category(
    source: &Source,
    outline: &crate::outline::Outline,
    table: &interpret::Table,
    lexicons: &Lexicons,
) -> Option<(crate::grammar::Category, Option<String>)> {
    if table.category.is_some() {
        return None;
    }
    let start = table.span.start;
    outline
        .category_at(start)
        .map(|(category, heading)| (category, Some(heading.text.clone())))
        .or_else(|| outline.lead_in_category(&source.text, start, lexicons).map(|c| (c, None)))
}

/// Tables read line by line from a stream of cells (pipe cells, one cell per line, bare names,
/// running text): readings the declaration stage can contest.
fn contestable(table: &interpret::Table) -> bool {
    use crate::tables::Layout;
    matches!(table.layout, Layout::PipeCells | Layout::CellPerLine | Layout::NameLines | Layout::Prose | Layout::List)
}

/// The declarations found outside the firm tables ([`crate::declare`]), and which of `tables`
/// they replace. A contested table is read again by the declaration stage; where the two
/// readings of the same lines disagree, the one whose name cells read more as names is kept.
fn declare_and_contest(
    source: &Source,
    blocks: &[Block],
    tables: &[interpret::Table],
    outline: &crate::outline::Outline,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> (Vec<interpret::Table>, Vec<bool>) {
    let firm: Vec<&interpret::Table> = tables.iter().filter(|t| !contestable(t)).collect();
    // Every name the tables declare: a sentence that names one again declares nothing new.
    let declaring = || tables.iter().filter_map(|t| t.column(crate::grammar::Field::Name).map(|c| (t, c)));
    let elsewhere = crate::declare::Elsewhere {
        names: declaring()
            .flat_map(|(t, c)| t.body.iter().filter_map(move |r| r.cell(c)))
            .flat_map(|cell| crate::grammar::names::split_names(&cell.text).into_iter().map(|n| n.name))
            .collect(),
        at: declaring().filter(|(t, _)| t.rows > 0).map(|(t, _)| t.span.start).collect(),
    };
    let mut declared = crate::declare::declarations(source, blocks, &firm, &elsewhere, outline, lexicons, language);
    let mut dropped = vec![false; tables.len()];
    if declared.is_empty() {
        return (declared, dropped);
    }
    // Every declared row by where its name starts (a declaration stands where its name stands),
    // so that each contested table looks up the rows over its lines instead of scanning all.
    let name_of = |row: &interpret::Row| row.cells.first().map_or(row.span, |c| c.span);
    let mut by_name: Vec<(usize, usize, usize)> = declared
        .iter()
        .enumerate()
        .flat_map(|(t, table)| table.body.iter().enumerate().map(move |(r, row)| (name_of(row).start, t, r)))
        .collect();
    by_name.sort_unstable();
    // The rows that hold another text inside them (their description), for nested lists.
    let holders =
        crate::span::RangeCover::new(declared.iter().flat_map(|t| &t.body).map(|r| name_of(r).end..r.span.end));
    let mut removed: Vec<Vec<bool>> = declared.iter().map(|t| vec![false; t.body.len()]).collect();
    for (index, table) in tables.iter().enumerate().filter(|(_, t)| contestable(t)) {
        let range = table.span.range();
        // A list nested inside one declaration describes that cookie (the keys its value holds).
        if holders.contains(&range) {
            dropped[index] = true;
            continue;
        }
        let first = by_name.partition_point(|&(start, _, _)| start < range.start);
        let last = by_name.partition_point(|&(start, _, _)| start < range.end);
        let over: &[(usize, usize, usize)] = &by_name[first..last];
        if over.is_empty() {
            continue;
        }
        let mut mine = 0;
        for &(_, t, r) in over {
            let one = interpret::Table { body: vec![declared[t].body[r].clone()], ..declared[t].clone() };
            mine += crate::declare::name_score(&one);
        }
        if mine > crate::declare::name_score(table) {
            dropped[index] = true;
        } else {
            for &(_, t, r) in over {
                removed[t][r] = true;
            }
        }
    }
    for (table, removed) in declared.iter_mut().zip(&removed) {
        let mut row = 0;
        table.body.retain(|_| {
            row += 1;
            !removed[row - 1]
        });
        table.rows = table.body.len();
    }
    declared.retain(|t| !t.body.is_empty());
    (declared, dropped)
}

/// Adds the declarations found outside the interpreted tables to them, in document order, and
/// drops the contested tables they read better (see [`declare_and_contest`]); a table-like block
/// reported as unrecognized that they read is no longer reported. Returns whether anything
/// changed.
fn with_declarations(
    source: &Source,
    blocks: &[Block],
    mut interpretation: interpret::Interpretation,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> (interpret::Interpretation, bool) {
    let outline = crate::outline::Outline::new(&source.text, blocks, lexicons);
    let (declared, dropped) = declare_and_contest(source, blocks, &interpretation.tables, &outline, lexicons, language);
    let mut changed = !declared.is_empty() || dropped.iter().any(|&d| d);
    // A table under no heading the interpretation saw takes its category from the outline: a
    // title line in running text ("2.1 Strictly Necessary Cookies") or the sentence that
    // introduces it ("These are essential cookies that do not require consent.").
    for table in interpretation.tables.iter_mut() {
        if let Some((category, heading)) = outline_category(source, &outline, table, lexicons) {
            table.category = Some(category);
            table.category_heading = heading;
            changed = true;
        }
    }
    let mut index = 0;
    interpretation.tables.retain(|_| {
        index += 1;
        !dropped[index - 1]
    });
    if declared.is_empty() {
        return (interpretation, changed);
    }
    let read = crate::span::RangeCover::new(declared.iter().map(|t| t.span.range()));
    interpretation.diagnostics.retain(|d| d.rule != "unrecognized-table" || !read.overlaps(&d.span.range()));
    // Both lists are in document order: merge them (an insertion per table went quadratic).
    let found = std::mem::take(&mut interpretation.tables);
    let mut merged = Vec::with_capacity(found.len() + declared.len());
    let mut declared = declared.into_iter().peekable();
    for table in found {
        while let Some(next) = declared.next_if(|d| d.span.start < table.span.start) {
            merged.push(next);
        }
        merged.push(table);
    }
    merged.extend(declared);
    interpretation.tables = merged;
    (interpretation, changed)
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

/// Where the previous text's offsets and lines are in the new one: unchanged before the edit,
/// moved by the edit's growth after it.
#[derive(Debug, Clone, Copy)]
struct Edit {
    /// First changed byte (the same in both texts).
    start: usize,
    /// End of the changed bytes in the previous text.
    old_end: usize,
    bytes: isize,
    lines: isize,
}

impl Edit {
    fn between(old: &str, new: &str) -> Edit {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        // On a character boundary, and not right after a "\r": whether that "\r" ends a line
        // depends on the byte after it, which the edit may have changed.
        while !old.is_char_boundary(prefix) || prefix > 0 && a[prefix - 1] == b'\r' {
            prefix -= 1;
        }
        let room = a.len().min(b.len()) - prefix;
        let mut suffix = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
        while !old.is_char_boundary(a.len() - suffix) {
            suffix -= 1;
        }
        let old_end = a.len() - suffix;
        let new_end = b.len() - suffix;
        Edit {
            start: prefix,
            old_end,
            bytes: b.len() as isize - a.len() as isize,
            lines: line_breaks(b, prefix..new_end) as isize - line_breaks(a, prefix..old_end) as isize,
        }
    }

    /// An offset after the edit in the previous text, in the new one.
    fn offset(&self, offset: usize) -> usize {
        (offset as isize + self.bytes) as usize
    }

    /// A span of the previous text in the new one: kept before the edit, moved after it, lost
    /// inside it.
    fn map(&self, span: Span) -> Option<Span> {
        if span.end <= self.start {
            Some(span)
        } else if span.start >= self.old_end {
            Some(Span {
                start: self.offset(span.start),
                end: self.offset(span.end),
                line: (span.line as isize + self.lines) as usize,
            })
        } else {
            None
        }
    }

    /// A span of a part kept from after the edit (it may point before the edit: the heading of
    /// its table).
    fn moved(&self, span: Span) -> Span {
        if span.start >= self.old_end {
            self.map(span).unwrap_or(span)
        } else {
            span
        }
    }
}

impl Analysis {
    /// Extracts `source` from scratch.
    pub fn new(source: &Source, options: &Options) -> Analysis {
        if source.format == Format::Html {
            return Analysis {
                policy: extract_html(source, options),
                text: String::new(),
                record: None,
                sections_redone: None,
            };
        }
        // HTML tables inside Markdown are read through a rendering: no section record holds.
        if let Some(policy) = extract_markdown_with_html_tables(source, options) {
            return Analysis { policy, text: String::new(), record: None, sections_redone: None };
        }
        let (policy, record) = extract(source, options, true);
        Analysis { policy, text: source.text.clone(), record, sections_redone: None }
    }

    /// How the last analysis was made: `None` for a full one, else how many sections were read
    /// again.
    pub fn sections_redone(&self) -> Option<usize> {
        self.sections_redone
    }

    /// Extracts `source`, an edited version of the text analysed before, redoing only what the
    /// edit changed. The result equals `Analysis::new(source, options).policy`.
    pub fn update(self, source: &Source, options: &Options) -> Analysis {
        if source.text == self.text && source.format == self.policy.format && source.name == self.policy.source {
            return self;
        }
        match self.try_update(source, options) {
            Ok(analysis) => analysis,
            Err(()) => Analysis::new(source, options),
        }
    }

    fn try_update(self, source: &Source, options: &Options) -> Result<Analysis, ()> {
        let Analysis { policy: old, text: old_text, record, .. } = self;
        let record = record.ok_or(())?;
        if source.format != Format::Markdown || old.format != Format::Markdown || source.name != old.source {
            return Err(());
        }
        if interpret::may_cut_last_row(&source.text) || !source.notes.is_empty() {
            return Err(());
        }
        if !blocks::html_table_regions(&source.text, options.limits.max_nesting_depth).is_empty() {
            return Err(());
        }
        let lexicons = lexicon::lexicons();
        let limits = &options.limits;
        let edit = Edit::between(&old_text, &source.text);
        let language = if edit.start >= language::MAX_BYTES {
            old.language.clone()
        } else {
            language::identify(&source.text, lexicons)
        };
        if language != old.language {
            return Err(());
        }
        let lang = language.as_deref();
        let new_ranges = blocks::sections(source);
        let old_sections = &record.sections;
        // Sections before the edit, cut where they were.
        let kept_before = old_sections
            .iter()
            .zip(&new_ranges)
            .take_while(|(old, new)| old.range.end <= edit.start && old.range == **new)
            .count();
        // Sections after the edit, cut where they were (moved).
        let kept_after = old_sections
            .iter()
            .rev()
            .zip(new_ranges.iter().rev())
            .take(old_sections.len().min(new_ranges.len()) - kept_before)
            .take_while(|(old, new)| {
                old.range.start >= edit.old_end
                    && edit.offset(old.range.start) == new.start
                    && edit.offset(old.range.end) == new.end
            })
            .count();
        let Some(first_redone) = old_sections.get(kept_before) else { return Err(()) };
        // A later section that added rows to a table before the edit would have to add them
        // again.
        let lowest_appended_from = suffix_minimum(old_sections.iter().map(|s| s.lowest_appended));
        if lowest_appended_from[kept_before] < first_redone.first_table {
            return Err(());
        }

        let mut old_blocks = old.blocks;
        let mut old_tables = old.tables;
        let mut old_cookies = old.cookies;
        let mut old_diagnostics = record.interpretation_diagnostics;
        let tail_blocks = old_blocks.split_off(first_redone.first_block);
        let tail_tables = old_tables.split_off(first_redone.first_table);
        let tail_cookies = old_cookies.split_off(old_cookies.partition_point(|c| c.table < first_redone.first_table));
        let tail_diagnostics = old_diagnostics.split_off(first_redone.first_diagnostic);
        let mut blocks = old_blocks;
        let prefix_tables = first_redone.first_table;
        let mut interpreter = Interpreter::new(
            source,
            lang,
            lexicons,
            limits,
            Some((first_redone.state.clone(), old_tables, old_diagnostics)),
        );
        let mut sections: Vec<SectionRecord> = Vec::with_capacity(new_ranges.len());
        let mut old_sections = record.sections;
        let mut later_old = old_sections.split_off(kept_before);
        sections.extend(old_sections);
        let old_count = sections.len() + later_old.len();
        let first_kept_after = new_ranges.len() - kept_after;
        // The index in `later_old` of the section where the previous run takes over.
        let mut resumed_at: Option<usize> = None;
        let mut redone = 0;
        for (index, range) in new_ranges.iter().enumerate().skip(kept_before) {
            if index >= first_kept_after {
                let old_index = index + old_count - new_ranges.len();
                let old = &later_old[old_index - kept_before];
                // The previous run takes over when it was in the same state here and no section
                // from here on added rows to a table before it.
                if lowest_appended_from[old_index] >= old.first_table
                    && old.state.matches_mapped(&interpreter.state(), |s| edit.map(s))
                {
                    resumed_at = Some(old_index - kept_before);
                    break;
                }
            }
            redone += 1;
            let first_block = blocks.len();
            let raw = read_section(source, range.clone(), &mut blocks, limits, lexicons, lang);
            let mut section = SectionRecord::starting(
                range.clone(),
                first_block,
                &interpreter,
                declaring(&raw, lexicons, lang),
                &raw,
            );
            interpreter.blocks(&blocks[first_block..], first_block, raw);
            section.lowest_appended = interpreter.take_lowest_appended().unwrap_or(usize::MAX);
            if section.lowest_appended < prefix_tables {
                return Err(());
            }
            sections.push(section);
        }

        // The title's vendor must be the one the kept tables were given.
        let first_heading = blocks.iter().find(|b| b.is_heading()).or_else(|| match resumed_at {
            Some(at) => {
                tail_blocks[later_old[at].first_block - later_old[0].first_block..].iter().find(|b| b.is_heading())
            }
            None => None,
        });
        let title_vendor = first_heading.and_then(|b| crate::knowledge::vendor_in(&b.text));
        if title_vendor != record.title_vendor {
            return Err(());
        }
        let interpretation = interpreter.finish(prefix_tables, title_vendor.as_deref(), false);
        let mut tables = interpretation.tables;
        let mut diagnostics = interpretation.diagnostics;
        let redone_tables = prefix_tables..tables.len();

        // Move what the previous run found after the point where it took over.
        let mut moved_cookies: Vec<crate::model::Cookie> = Vec::new();
        if let Some(at) = resumed_at {
            let from = &later_old[at];
            let (block_base, table_base, diagnostic_base) =
                (later_old[0].first_block, later_old[0].first_table, later_old[0].first_diagnostic);
            let block_delta = blocks.len() as isize - from.first_block as isize;
            let table_delta = tables.len() as isize - from.first_table as isize;
            let diagnostic_delta = diagnostics.len() as isize - from.first_diagnostic as isize;
            let shift = |i: usize, by: isize| (i as isize + by) as usize;
            // Every block kept from here on starts after the edit.
            blocks.extend(tail_blocks.into_iter().skip(from.first_block - block_base).map(|mut b| {
                b.shift(edit.bytes);
                b
            }));
            tables.extend(tail_tables.into_iter().skip(from.first_table - table_base).map(|mut t| {
                move_table(&mut t, &edit);
                t
            }));
            diagnostics.extend(tail_diagnostics.into_iter().skip(from.first_diagnostic - diagnostic_base).map(
                |mut d| {
                    move_diagnostic(&mut d, &edit);
                    d
                },
            ));
            let cookies_from = tail_cookies.partition_point(|c| c.table < from.first_table);
            moved_cookies = tail_cookies
                .into_iter()
                .skip(cookies_from)
                .map(|mut c| {
                    c.table = shift(c.table, table_delta);
                    c.span = edit.moved(c.span);
                    c.name_span = edit.moved(c.name_span);
                    c
                })
                .collect();
            for mut section in later_old.drain(at..) {
                section.range = edit.offset(section.range.start)..edit.offset(section.range.end);
                section.first_block = shift(section.first_block, block_delta);
                section.first_table = shift(section.first_table, table_delta);
                section.first_diagnostic = shift(section.first_diagnostic, diagnostic_delta);
                section.first_raw_block = section.first_raw_block.map(|b| shift(b, block_delta));
                if section.lowest_appended != usize::MAX {
                    section.lowest_appended = shift(section.lowest_appended, table_delta);
                }
                section.state.move_spans(|s| edit.moved(s));
                sections.push(section);
            }
        }
        // Declarations outside tables are read over the whole document: when there are any, the
        // document is read afresh.
        if declares_outside_tables(source, &blocks, &tables, lexicons, lang) {
            return Err(());
        }
        Update {
            source,
            lexicons,
            limits,
            language,
            old_site: old.site,
            cookies: old_cookies,
            redone_tables,
            tables,
            diagnostics,
            blocks,
            sections,
            moved_cookies,
            title_vendor: record.title_vendor,
            redone,
        }
        .finish()
    }
}

/// What an update has put together, to be finished into an analysis.
struct Update<'a> {
    source: &'a Source,
    lexicons: &'a Lexicons,
    limits: &'a Limits,
    language: Option<String>,
    old_site: Option<String>,
    /// The entries of the tables kept from before the edit.
    cookies: Vec<crate::model::Cookie>,
    /// The tables read again, whose entries are still to be made.
    redone_tables: Range<usize>,
    tables: Vec<interpret::Table>,
    diagnostics: Vec<Diagnostic>,
    blocks: Vec<Block>,
    sections: Vec<SectionRecord>,
    /// The entries of the tables kept from after the edit, moved.
    moved_cookies: Vec<crate::model::Cookie>,
    title_vendor: Option<String>,
    redone: usize,
}

impl Update<'_> {
    /// Makes the entries of the tables read again and checks what the record cannot vouch for
    /// (a document that declares nothing, a changed site).
    fn finish(mut self) -> Result<Analysis, ()> {
        if self.sections.iter().all(|s| s.declaring == 0) {
            return Err(());
        }
        let first_table_block = self.sections.iter().find_map(|s| s.first_raw_block).unwrap_or(self.blocks.len());
        let site = find_site(&self.blocks[..first_table_block], &self.blocks, self.lexicons);
        if site != self.old_site {
            return Err(());
        }
        let redone = &self.tables[self.redone_tables.clone()];
        let mut redone_cookies = normalize::entries(self.source, redone, self.lexicons, site.as_deref());
        for cookie in &mut redone_cookies {
            cookie.table += self.redone_tables.start;
        }
        self.cookies.extend(redone_cookies);
        self.cookies.extend(self.moved_cookies);
        let findings = policy_diagnostics(self.source, &self.diagnostics, self.limits);
        let policy = assemble(self.source, self.language, site, self.tables, self.cookies, findings, self.blocks);
        Ok(Analysis {
            policy,
            text: self.source.text.clone(),
            record: Some(Record {
                sections: self.sections,
                interpretation_diagnostics: self.diagnostics,
                title_vendor: self.title_vendor,
            }),
            sections_redone: Some(self.redone),
        })
    }
}

fn move_table(table: &mut interpret::Table, edit: &Edit) {
    table.span = edit.moved(table.span);
    table.heading_span = table.heading_span.map(|s| edit.moved(s));
    table.header_span = table.header_span.map(|s| edit.moved(s));
    for row in &mut table.body {
        row.span = edit.moved(row.span);
        for cell in &mut row.cells {
            cell.span = edit.moved(cell.span);
        }
    }
}

fn move_diagnostic(diagnostic: &mut Diagnostic, edit: &Edit) {
    diagnostic.span = edit.moved(diagnostic.span);
    for related in &mut diagnostic.related {
        related.span = edit.moved(related.span);
    }
}

/// Line ends in `range` as [`crate::span::LineIndex`] counts them (a "\r" not followed by "\n"
/// ends a line too), looking past the range's end for that "\n".
fn line_breaks(bytes: &[u8], range: Range<usize>) -> usize {
    bytes[range.clone()]
        .iter()
        .enumerate()
        .filter(|&(i, &byte)| byte == b'\n' || byte == b'\r' && bytes.get(range.start + i + 1) != Some(&b'\n'))
        .count()
}

/// `result[i]` is the minimum of `values[i..]` (`usize::MAX` past the end).
fn suffix_minimum(values: impl DoubleEndedIterator<Item = usize> + ExactSizeIterator) -> Vec<usize> {
    let mut result = vec![usize::MAX; values.len() + 1];
    for (i, value) in values.enumerate().rev() {
        result[i] = value.min(result[i + 1]);
    }
    result
}
