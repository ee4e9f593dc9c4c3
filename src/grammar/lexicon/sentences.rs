//! Words of running text: parties, kinds of storage, the words that name a cookie, set it
//! or say who sets it, nouns for a cookie and words for the site.
use super::*;

thread_local! {
    static STORAGE_NAMED: std::cell::RefCell<crate::memo::TextMemo<Option<Kind>>> = Default::default();
}

impl Lexicons {
    /// First or third party, when the text says so.
    pub fn party_in(&self, text: &str) -> Option<Party> {
        self.parties.earliest(&fold(text))
    }

    /// The kind of storage other than cookies a text names ("local storage", "pixel"): the
    /// earliest such word.
    pub fn kind_in(&self, text: &str) -> Option<Kind> {
        self.kinds.earliest(&fold(text))
    }

    /// The storage other than cookies a heading or lead-in is about ("Local storage", "we store
    /// the following in local storage:"): a kind word, and no noun for a cookie beside it
    /// ("Cookies and local storage" is about both).
    pub fn storage_named(&self, text: &str) -> Option<Kind> {
        // Remembered: asked of every table's heading and lead-in, which documents repeat.
        crate::memo::remembered(&STORAGE_NAMED, self.id, 0, text, || self.read_storage_named(text))
    }

    pub(super) fn read_storage_named(&self, text: &str) -> Option<Kind> {
        let folded = fold(text);
        let kind = self.kinds.earliest(&folded)?;
        let names_cookies = self.cookie_nouns.matches(&folded).next().is_some();
        (!names_cookies).then_some(kind)
    }

    /// Where in already folded `text` the kind words of every language occur: (start, end, kind).
    pub fn kinds_in_folded<'s>(&'s self, folded: &'s str) -> impl Iterator<Item = (usize, usize, Kind)> + 's {
        self.kinds.matches(folded).map(|(start, length, _, kind)| (start, start + length, kind))
    }

    /// Where in already folded `text` a word introducing a name ("called", "nommé") ends.
    pub fn naming_ends<'s>(&'s self, folded: &'s str) -> impl Iterator<Item = usize> + 's {
        self.naming.matches(folded).map(|(start, length, _, _)| start + length)
    }

    /// Where in already folded `text` a verb by which a provider places cookies starts.
    pub fn setting_starts<'s>(&'s self, folded: &'s str) -> impl Iterator<Item = usize> + 's {
        self.setting.matches(folded).map(|(start, _, _, _)| start)
    }

    /// Where in already folded `text` an agent word ("by", "par") starts.
    pub fn agent_starts<'s>(&'s self, folded: &'s str) -> impl Iterator<Item = usize> + 's {
        self.agent.matches(folded).map(|(start, _, _, _)| start)
    }

    /// Where in already folded `text` a noun for a cookie occurs: (start, end).
    pub fn cookie_nouns_in<'s>(&'s self, folded: &'s str) -> impl Iterator<Item = (usize, usize)> + 's {
        self.cookie_nouns.matches(folded).map(|(start, length, _, _)| (start, start + length))
    }

    /// True when the text holds a word that names the site the policy covers.
    pub fn names_site(&self, text: &str) -> bool {
        self.site_words.matches(&fold(text)).next().is_some()
    }
}
