//! Answers of pure functions of a short text, remembered on each thread. The lookups that read
//! a text against the phrases of every language (which field a cell names, which category a
//! heading gives) are asked about the same texts again and again: the readers of a section
//! about the same lines, and every document of an archive about its template's headings and
//! labels. An answer is kept by the text, a slot (a language) and the owner of the words (one
//! set of lexicons, or [`COMPILED_IN`]): a caller remembers only a function of those, which no
//! option, document or edit changes (the code cannot check it; each caller's property test
//! holds its remembered answers to the ones read).
use crate::text::Fnv;
use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// Remembered answers, for one function. Bounded: emptied when full.
pub struct TextMemo<V> {
    /// The owner the answers are from (another owner's words may answer otherwise).
    owner: Option<u64>,
    /// By slot, then text.
    answers: Vec<HashMap<Box<str>, V, Fnv>>,
    entries: usize,
}

impl<V> Default for TextMemo<V> {
    fn default() -> Self {
        TextMemo { owner: None, answers: Vec::new(), entries: 0 }
    }
}

/// The owner of answers read from compiled-in data alone (the duration grammar, the knowledge
/// base). Sets of lexicons are numbered from 1.
pub const COMPILED_IN: u64 = 0;

/// Longer texts are read each time: the lookups remembered are asked about cells, lines and
/// headings, and a long text is rarely asked about twice.
pub const LONGEST_TEXT: usize = 96;
/// Answers kept per function and thread before they are all let go.
pub const MOST_ENTRIES: usize = 2048;

/// The answer for `text` in `slot` from `owner`'s words: remembered, or `read` and remembered.
/// `read` runs outside the memo, so it may ask other remembered lookups, or this one.
pub fn remembered<V: Clone + 'static>(
    memo: &'static LocalKey<RefCell<TextMemo<V>>>,
    owner: u64,
    slot: usize,
    text: &str,
    read: impl FnOnce() -> V,
) -> V {
    if text.len() > LONGEST_TEXT {
        return read();
    }
    let known = memo.with_borrow(|memo| {
        if memo.owner != Some(owner) {
            return None;
        }
        memo.answers.get(slot)?.get(text).cloned()
    });
    if let Some(answer) = known {
        return answer;
    }
    let answer = read();
    memo.with_borrow_mut(|memo| {
        if memo.owner != Some(owner) {
            *memo = TextMemo { owner: Some(owner), ..TextMemo::default() };
        }
        if memo.entries >= MOST_ENTRIES {
            // Let go of the tables too, not only their entries.
            memo.answers.iter_mut().for_each(|answers| *answers = HashMap::default());
            memo.entries = 0;
        }
        if memo.answers.len() <= slot {
            memo.answers.resize_with(slot + 1, HashMap::default);
        }
        if memo.answers[slot].insert(text.into(), answer.clone()).is_none() {
            memo.entries += 1;
        }
    });
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static LENGTHS: RefCell<TextMemo<usize>> = RefCell::default();
    }

    /// An answer is read once per owner, slot and text; a full memo starts again; a long text
    /// is read every time.
    #[test]
    fn answers_are_kept_by_owner_slot_and_text() {
        let reads = std::cell::Cell::new(0);
        let length = |owner: u64, slot: usize, text: &str| {
            remembered(&LENGTHS, owner, slot, text, || {
                reads.set(reads.get() + 1);
                text.len() + slot + owner as usize
            })
        };
        assert_eq!(length(1, 0, "abc"), 4);
        assert_eq!(length(1, 0, "abc"), 4);
        assert_eq!(reads.get(), 1);
        assert_eq!(length(1, 2, "abc"), 6);
        assert_eq!(length(2, 0, "abc"), 5);
        assert_eq!(length(1, 0, "abc"), 4, "the first owner's answer is read again");
        assert_eq!(reads.get(), 4);
        let long = "x".repeat(LONGEST_TEXT + 1);
        length(1, 0, &long);
        length(1, 0, &long);
        assert_eq!(reads.get(), 6);
        for index in 0..MOST_ENTRIES + 10 {
            length(3, 0, &index.to_string());
        }
        assert!(LENGTHS.with_borrow(|memo| memo.entries) <= MOST_ENTRIES);
        assert_eq!(length(3, 0, &(MOST_ENTRIES + 9).to_string()), (MOST_ENTRIES + 9).to_string().len() + 3);
    }
}
