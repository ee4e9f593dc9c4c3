//! Column headers and labels: which field a header cell or a "Name:" label names, in every
//! language, and the label or link text a cell carries beside its value.
use super::*;

thread_local! {
    static COLUMN_FIELDS: std::cell::RefCell<crate::memo::TextMemo<Option<Field>>> = Default::default();
}

impl Lexicons {
    /// Calls `found(length, field)` for every column synonym of three letters or more that
    /// already folded `text` starts with, shorter synonyms first.
    pub fn labels_opening(&self, text: &str, found: impl FnMut(usize, Field)) {
        self.run_together_labels.for_each_prefix(text, found)
    }

    /// Whether a label of [`Self::labels_opening`] opens `text` once folded, folding no more of
    /// it than the longest label that could open it.
    pub fn label_opens_folded(&self, text: &str) -> bool {
        let mut opens = false;
        self.run_together_labels.for_each_prefix_of(crate::text::folded_bytes(text), |_, _| opens = true);
        opens
    }

    /// The canonical field a header cell names: an exact synonym first (the document's language
    /// preferred), else the longest synonym found inside the cell.
    pub fn column_field(&self, header: &str, language: Option<&str>) -> Option<Field> {
        // Remembered: the line readers of a section ask about the same short lines.
        let slot = self.index_of(language).map_or(0, |at| at + 1);
        crate::memo::remembered(&COLUMN_FIELDS, self.id, slot, header, || self.read_column_field(header, language))
    }

    /// [`Self::column_field`], read from the lexicons.
    pub(super) fn read_column_field(&self, header: &str, language: Option<&str>) -> Option<Field> {
        let folded = fold(header);
        let key = folded.trim_end_matches([':', '*', '.', ' ', '|']);
        if key.is_empty() {
            return None;
        }
        if let Some(field) = self.exact_column(key, language) {
            return Some(field);
        }
        let preferred = self.index_of(language);
        // A long cell is a sentence, not a header; one token joined by underscores
        // (`apbct_cookies_test`) is a cookie's name, not a label holding a synonym.
        if key.chars().count() > 48 || !key.contains(' ') && key.contains('_') {
            return None;
        }
        let mut best: Option<(usize, bool, Field)> = None;
        for found in self.column_search.find_overlapping_iter(key) {
            let (at, length) = (found.start(), found.len());
            // The synonym must be a good part of the cell: "cookie" inside "Cookie banner
            // (whole site)" is a row's text, not a header.
            if length * 3 < key.len() || !key.is_char_boundary(at) {
                continue;
            }
            let needle = &key[at..at + length];
            for &(index, field, stem) in &self.column_hits[found.pattern().as_usize()] {
                if !crate::text::at_word_edges(key, at, needle, stem) {
                    continue;
                }
                let candidate = (length, Some(index) == preferred, field);
                if best.is_none_or(|b| (candidate.0, candidate.1) > (b.0, b.1)) {
                    best = Some(candidate);
                }
            }
        }
        best.map(|(_, _, field)| field)
    }

    /// The field a phrase names when it is itself a label of some language (no containment, no
    /// `|` trimmed), preferring the document's language: one hash lookup.
    pub fn exact_label_field(&self, phrase: &str, language: Option<&str>) -> Option<Field> {
        self.exact_folded_label_field(&fold(phrase), language)
    }

    /// [`Self::exact_label_field`] of a phrase already folded.
    pub fn exact_folded_label_field(&self, folded: &str, language: Option<&str>) -> Option<Field> {
        self.exact_column(folded.trim_end_matches([':', '*', '.', ' ']), language)
    }

    /// Whether an exact label (as [`Lexicons::exact_label_field`] looks it up) may start with
    /// `word`, a word without white space. False only when no label can: a phrase's folded
    /// first word is the first word of its key, or the whole key once trailing punctuation is
    /// trimmed.
    pub fn may_start_label(&self, word: &str) -> bool {
        self.may_start_folded_label(&fold(word))
    }

    /// [`Self::may_start_label`] of a word already folded.
    pub fn may_start_folded_label(&self, folded: &str) -> bool {
        // A word of only zero-width characters folds to nothing: the phrase's key then starts
        // with the next word.
        folded.is_empty()
            || self.label_first_words.contains(folded)
            || self.label_first_words.contains(folded.trim_end_matches([':', '*', '.', ' ']))
    }

    /// The field of a folded label, the document's language preferred when languages disagree.
    pub(super) fn exact_column(&self, key: &str, language: Option<&str>) -> Option<Field> {
        let candidates = self.exact_columns.get(key)?;
        let preferred = self.index_of(language);
        candidates.iter().find(|(i, _)| Some(*i) == preferred).or(candidates.first()).map(|(_, field)| *field)
    }

    /// The field a header cell names when the whole cell is a known label (no containment).
    pub fn exact_field(&self, header: &str) -> Option<Field> {
        let folded = fold(header);
        let key = folded.trim_end_matches([':', '*', '.', ' ', '|']);
        self.exact_columns.get(key).and_then(|c| c.first()).map(|(_, field)| *field)
    }

    /// `text` without a leading label of `field` and its colon ("Expires: 2 years" → "2 years");
    /// unchanged when it has none or nothing follows the label.
    pub fn without_label<'t>(&self, text: &'t str, field: Field) -> &'t str {
        const MAX_LABEL_WORDS: usize = 3;
        let Some((label, value)) = text.split_once(':') else { return text };
        let value = value.trim();
        let labelled = label.split_whitespace().count() <= MAX_LABEL_WORDS
            && !value.is_empty()
            && self.exact_label_field(label.trim(), None) == Some(field);
        if labelled {
            value
        } else {
            text
        }
    }

    /// `text` without a link's text glued to its end ("Google Learn more" → "Google"), in any
    /// grammar language; unchanged when nothing is left before the link's text.
    pub fn without_link_text<'t>(&self, text: &'t str) -> &'t str {
        const MAX_LINK_WORDS: usize = 4;
        // Most provider cells end in no link text: the last word decides cheaply (a link text
        // can only be the cell's end when its last word is the cell's last word).
        let Some(last) = text.split_whitespace().next_back() else { return text };
        let Some(tails) = self.link_texts_by_last_word.get(fold(last).as_str()) else { return text };
        let words: Vec<&str> = text.split_whitespace().collect();
        for link in tails {
            let count = link.split(' ').count();
            if count > MAX_LINK_WORDS || words.len() <= count {
                continue;
            }
            if fold(&words[words.len() - count..].join(" ")) == *link {
                let tail = words[words.len() - count];
                let at = tail.as_ptr() as usize - text.as_ptr() as usize;
                return text[..at].trim_end();
            }
        }
        text
    }
}
