//! Re-extraction after an edit: the sections before it kept, the sections it touched read
//! again, the rest moved to their new place once the state at a section start matches (see the
//! module documentation above).
use super::*;

/// Where the previous text's offsets and lines are in the new one: unchanged before the edit,
/// moved by the edit's growth after it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Edit {
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
pub(super) struct Update<'a> {
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

pub(super) fn move_table(table: &mut interpret::Table, edit: &Edit) {
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

pub(super) fn move_diagnostic(diagnostic: &mut Diagnostic, edit: &Edit) {
    diagnostic.span = edit.moved(diagnostic.span);
    for related in &mut diagnostic.related {
        related.span = edit.moved(related.span);
    }
}

/// Line ends in `range` as [`crate::span::LineIndex`] counts them (a "\r" not followed by "\n"
/// ends a line too), looking past the range's end for that "\n".
pub(super) fn line_breaks(bytes: &[u8], range: Range<usize>) -> usize {
    bytes[range.clone()]
        .iter()
        .enumerate()
        .filter(|&(i, &byte)| byte == b'\n' || byte == b'\r' && bytes.get(range.start + i + 1) != Some(&b'\n'))
        .count()
}

/// `result[i]` is the minimum of `values[i..]` (`usize::MAX` past the end).
pub(super) fn suffix_minimum(values: impl DoubleEndedIterator<Item = usize> + ExactSizeIterator) -> Vec<usize> {
    let mut result = vec![usize::MAX; values.len() + 1];
    for (i, value) in values.enumerate().rev() {
        result[i] = value.min(result[i + 1]);
    }
    result
}
