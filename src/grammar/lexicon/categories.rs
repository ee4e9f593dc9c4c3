//! Categories: the category a word, a heading, an introducing sentence or a cookie's
//! description gives.
use super::*;

thread_local! {
    static HEADING_CATEGORIES: std::cell::RefCell<crate::memo::TextMemo<Option<Category>>> = Default::default();
}

impl Lexicons {
    /// The category a heading or cell names: the earliest category word in it (the longest on a
    /// tie), so "Cookies necessary … / functionality cookies" is `necessary`.
    pub fn category_in(&self, text: &str) -> Option<Category> {
        self.categories.earliest(&fold(text))
    }

    /// The category a section heading gives. A heading about the consent tool ("Cookie
    /// preferences", "Gestion de vos préférences sur les cookies") uses the preferences
    /// category's word without heading a section of preference cookies, so the consent phrases
    /// are taken out before the category is looked for: "Preference cookies and cookie
    /// settings" still heads preference cookies.
    pub fn heading_category(&self, text: &str) -> Option<Category> {
        // Remembered: documents of one site or template repeat their headings.
        crate::memo::remembered(&HEADING_CATEGORIES, self.id, 0, text, || self.read_heading_category(text))
    }

    pub(super) fn read_heading_category(&self, text: &str) -> Option<Category> {
        let mut folded = fold(text);
        // Blanking phrases never adds a category: a heading with no category word (most of
        // them) is done in one pass. Most of the others hold no consent phrase: one pass tells,
        // before the phrases are blanked one by one in their listed order.
        let category = self.categories.earliest(&folded)?;
        if !self.has_consent_phrase(&folded) {
            return Some(category);
        }
        self.blank_consent_phrases(&mut folded);
        self.categories.earliest(&folded)
    }

    /// The category a sentence of running text gives the cookies it introduces ("These are
    /// essential cookies that do not require consent", "these are purely technical cookies"): it
    /// names a cookie and exactly one category, once consent phrases are taken out. A sentence
    /// that names two ("unlike necessary cookies, analytics cookies …") gives none.
    pub fn introduced_category(&self, sentence: &str) -> Option<Category> {
        let mut folded = fold(sentence);
        self.cookie_nouns_in(&folded).next()?;
        if self.has_consent_phrase(&folded) {
            self.blank_consent_phrases(&mut folded);
        }
        let found: Vec<(usize, usize, Category)> =
            self.categories.matches(&folded).map(|(at, length, _, category)| (at, at + length, category)).collect();
        let first = found.first()?.2;
        if found.iter().all(|&(.., c)| c == first) {
            return Some(first);
        }
        // Several categories: the one that qualifies the noun ("uses strictly necessary cookies to
        // provide the functionality of the site"), when one alone does.
        let nouns: Vec<usize> = self.cookie_nouns_in(&folded).map(|(start, _)| start).collect();
        let mut qualifying = found.iter().filter(|&&(_, end, _)| nouns.contains(&(end + 1))).map(|&(.., c)| c);
        let qualified = qualifying.next()?;
        qualifying.all(|c| c == qualified).then_some(qualified)
    }

    /// Whether already folded `text` holds a consent phrase of any language.
    pub fn has_consent_phrase(&self, folded: &str) -> bool {
        self.consent.matches(folded).next().is_some()
    }

    pub(super) fn blank_consent_phrases(&self, folded: &mut String) {
        for phrase in self.languages.iter().flat_map(|l| &l.consent) {
            if phrase.text.trim().is_empty() {
                continue;
            }
            while let Some(at) = phrase.find_in(folded) {
                let blank = " ".repeat(phrase.text.len());
                folded.replace_range(at..at + phrase.text.len(), &blank);
            }
        }
    }

    /// The category a row's description gives its cookie when it opens by classifying it
    /// ("first-party technical consent cookie, 180 days", "pseudonymous analytics identifiers",
    /// "cookie technique de session"): a category word next to a noun for a cookie, within the
    /// first words. A description that only mentions a category ("Stores your consent to
    /// analytics cookies") does not classify: the noun comes too late, and a consent cookie is
    /// never given a category other than necessary this way.
    pub fn described_category(&self, description: &str) -> Option<Category> {
        const NOUN_WITHIN_WORDS: usize = 5;
        const CATEGORY_AFTER_NOUN: usize = 3;
        let folded = fold(description);
        let words: Vec<&str> = folded
            .split_whitespace()
            .take(NOUN_WITHIN_WORDS + CATEGORY_AFTER_NOUN)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let is_cookie_word = |word: &str| {
            let last_part = word.rsplit('-').next().unwrap_or(word);
            self.languages.iter().flat_map(|l| &l.cookie_words).any(|stem| match stem.strip_suffix('*') {
                Some(stem) => last_part.starts_with(stem),
                None => last_part == stem,
            })
        };
        let noun = words.iter().take(NOUN_WITHIN_WORDS).position(|w| is_cookie_word(w))?;
        let window = words[..(noun + 1 + CATEGORY_AFTER_NOUN).min(words.len())].join(" ");
        let category = self.categories.earliest(&window)?;
        // The noun phrase itself ("analytics consent cookie") says it stores a consent choice.
        let noun_phrase = words[..=noun].join(" ");
        let consent = self.has_consent_phrase(&noun_phrase);
        (category == Category::Necessary || !consent).then_some(category)
    }
}
