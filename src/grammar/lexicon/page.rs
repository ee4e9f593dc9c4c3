//! Lines that only number a page: the one home of that predicate (format detection, page
//! furniture of PDF text, and cells written one per line all ask it).
use super::Lexicons;

/// Page words are short ("Seite", "página", "blz."); a longer word makes the line text.
pub(super) const LONGEST_PAGE_WORD: usize = 6;

/// Whether a grammar file's page word can ever match: one word, not cut by a slash, of at most
/// `LONGEST_PAGE_WORD` characters, as `is_page_number_line` splits and measures a line's words.
pub(super) fn can_be_page_word(word: &str) -> bool {
    word.chars().count() <= LONGEST_PAGE_WORD && !word.contains(|c: char| c.is_whitespace() || c == '/')
}

impl Lexicons {
    /// `12`, `- 3 -`, `Page 2`, `Page 2 of 7`, `2/7`, `Seite 3 von 5`: a line of at most two
    /// numbers and page words of any language (`[page] words`, six characters at most each), 24
    /// bytes or fewer.
    pub fn is_page_number_line(&self, line: &str) -> bool {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{0C}' || c == '-' || c == '–');
        if line.is_empty() || line.len() > 24 {
            return false;
        }
        let words: Vec<&str> = line.split(|c: char| c.is_whitespace() || c == '/').filter(|w| !w.is_empty()).collect();
        let is_number = |word: &str| word.bytes().all(|b| b.is_ascii_digit());
        let numbers = words.iter().filter(|w| is_number(w)).count();
        if numbers == 0 || numbers > 2 || words.iter().any(|w| w.chars().count() > LONGEST_PAGE_WORD) {
            return false;
        }
        words.iter().all(|w| is_number(w) || self.page_words.contains(crate::text::fold(w).as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{lexicons, Lexicon};
    use super::Lexicons;

    #[test]
    fn numbers_and_page_words_of_any_language() {
        let all = lexicons();
        for line in [
            "12",
            "- 3 -",
            "Page 2 of 7",
            "2/7",
            "Seite 3 von 5",
            "page 4 sur 9",
            "Pag. 3",
            "blz. 2",
            "Pagina 2 di 7",
            "Pagina 2 van 7",
            "Strona 2 z 7",
            "Strana 3 z 4",
            "Side 2 af 7",
            "Sida 2 av 7",
            "Sivu 2 / 7",
            "Sayfa 2 / 7",
            "3 oldal",
        ] {
            assert!(all.is_page_number_line(line), "{line}");
        }
        for line in ["13 months", "2 years", "Page", "1 2 3", "Page 2 of 7 of the policy"] {
            assert!(!all.is_page_number_line(line), "{line}");
        }
    }

    /// The words come from the grammar files: without a language's `[page]` words, its page
    /// lines are text, and bare numbers are still page numbers.
    #[test]
    fn page_words_come_from_the_grammar_files() {
        let german: Vec<Lexicon> = lexicons().languages.iter().filter(|l| l.code == "de").cloned().collect();
        let german = Lexicons::new(german);
        assert!(german.is_page_number_line("Seite 3 von 5"));
        assert!(!german.is_page_number_line("Page 2 of 7"));
        assert!(german.is_page_number_line("- 3 -"));
    }
}
