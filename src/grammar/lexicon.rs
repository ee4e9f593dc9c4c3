//! The per-language lexicons in `grammar/*.toml`, compiled in by `build.rs` and parsed once.
//!
//! Matching is done on folded text (see [`crate::text::fold`]): lower case, no accents, plain
//! quotes. Column headers and category words are looked up in every language, the document's
//! own first, because real tables mix languages (a French header over English rows).
use crate::model::Kind;
pub use crate::model::{Category, Field, Party};
use crate::text::{find_phrase, fold};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/grammar_files.rs"));

/// Time units of the duration grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    const ALL: [Unit; 7] = [Unit::Second, Unit::Minute, Unit::Hour, Unit::Day, Unit::Week, Unit::Month, Unit::Year];

    pub fn key(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// A folded word or phrase; `stem` when it was written with a trailing `*`.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub text: String,
    pub stem: bool,
}

impl Phrase {
    fn new(raw: &str) -> Phrase {
        let stem = raw.ends_with('*');
        Phrase { text: fold(raw.trim_end_matches('*')), stem }
    }

    /// Byte offset of the phrase in already folded `text`.
    pub fn find_in(&self, text: &str) -> Option<usize> {
        find_phrase(text, &self.text, self.stem)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrammarFile {
    code: String,
    name: String,
    identify: WordList,
    site: WordList,
    columns: BTreeMap<String, Vec<String>>,
    categories: BTreeMap<String, Vec<String>>,
    party: BTreeMap<String, Vec<String>>,
    names: NamesSection,
    duration: DurationSection,
    lint: LintSection,
    #[serde(default)]
    kinds: KindsSection,
    #[serde(default)]
    declare: DeclareSection,
}

/// How the language names storage that is not an HTTP cookie.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindsSection {
    #[serde(default)]
    local_storage: Vec<String>,
    #[serde(default)]
    session_storage: Vec<String>,
    #[serde(default)]
    pixel: Vec<String>,
    #[serde(default)]
    other: Vec<String>,
}

/// Words of running text that introduce a cookie's name or its provider.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeclareSection {
    #[serde(default)]
    naming: Vec<String>,
    #[serde(default)]
    setting: Vec<String>,
    #[serde(default)]
    agent: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintSection {
    we_use: Vec<String>,
    consent: Vec<String>,
    third_party_content: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordList {
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesSection {
    conjunctions: Vec<String>,
    company_forms: Vec<String>,
    cookie_words: Vec<String>,
    prefix_phrases: Vec<String>,
    #[serde(default)]
    link_texts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DurationSection {
    session: Vec<String>,
    persistent: Vec<String>,
    upper_bound: Vec<String>,
    range: Vec<String>,
    compound: Vec<String>,
    units: BTreeMap<String, Vec<String>>,
    numbers: BTreeMap<String, f64>,
}

/// One language's vocabulary.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub code: String,
    pub name: String,
    pub identify: Vec<String>,
    pub site_words: Vec<Phrase>,
    pub columns: Vec<(Field, Phrase)>,
    pub categories: Vec<(Category, Phrase)>,
    pub parties: Vec<(Party, Phrase)>,
    pub conjunctions: Vec<String>,
    /// Legal forms of companies ("GmbH", "Ltd"), as written: words of an address or a copyright
    /// line, never a cookie's name.
    pub company_forms: Vec<String>,
    /// Texts of links pages put after a name ("Learn more", "En savoir plus"), folded.
    pub link_texts: Vec<String>,
    /// Nouns for a cookie ("cookie", "identifier"), stems ending in `*`.
    pub cookie_words: Vec<String>,
    pub prefix_phrases: Vec<Phrase>,
    pub session: Vec<Phrase>,
    pub persistent: Vec<Phrase>,
    pub upper_bound: Vec<String>,
    pub range: Vec<String>,
    /// Words joining the parts of one length ("1 year and 1 day").
    pub compound: Vec<String>,
    pub units: Vec<(String, Unit)>,
    pub numbers: Vec<(String, f64)>,
    /// Phrases that make a sentence an announcement of what the site does ("we use").
    pub we_use: Vec<Phrase>,
    /// Words that mark the cookie storing consent choices.
    pub consent: Vec<Phrase>,
    /// Phrases announcing embedded third-party content.
    pub third_party_content: Vec<Phrase>,
    /// Words naming storage other than HTTP cookies (local storage, pixels), with the kind.
    pub kinds: Vec<(Kind, Phrase)>,
    /// Words after which a sentence gives a cookie's name ("a cookie called").
    pub naming: Vec<Phrase>,
    /// Verbs by which a provider places cookies ("Google Analytics sets the following cookies").
    pub setting: Vec<Phrase>,
    /// Words after which a sentence names who sets the cookies ("set by", "par", "von").
    pub agent: Vec<Phrase>,
}

/// Why a grammar file was refused.
#[derive(Debug, thiserror::Error)]
#[error("grammar file {file}: {message}")]
pub struct GrammarError {
    pub file: String,
    pub message: String,
}

impl Lexicon {
    /// Parses one grammar file; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Lexicon, GrammarError> {
        let error = |message: String| GrammarError { file: file.to_string(), message };
        let raw: GrammarFile = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        let phrases = |words: &[String]| words.iter().map(|w| Phrase::new(w)).collect::<Vec<_>>();
        let mut columns = Vec::new();
        for (key, words) in &raw.columns {
            let field = Field::parse(key).ok_or_else(|| error(format!("unknown column field `{key}`")))?;
            columns.extend(words.iter().map(|w| (field, Phrase::new(w))));
        }
        let mut categories = Vec::new();
        for (key, words) in &raw.categories {
            let category = Category::parse(key).ok_or_else(|| error(format!("unknown category `{key}`")))?;
            categories.extend(words.iter().map(|w| (category, Phrase::new(w))));
        }
        let mut parties = Vec::new();
        for (key, words) in &raw.party {
            let party = match key.as_str() {
                "first" => Party::First,
                "third" => Party::Third,
                other => return Err(error(format!("unknown party `{other}` (first or third)"))),
            };
            parties.extend(words.iter().map(|w| (party, Phrase::new(w))));
        }
        let mut units = Vec::new();
        for (key, words) in &raw.duration.units {
            let unit = Unit::ALL
                .into_iter()
                .find(|u| u.key() == key)
                .ok_or_else(|| error(format!("unknown duration unit `{key}`")))?;
            units.extend(words.iter().map(|w| (fold(w), unit)));
        }
        // Longest first, so that "minutes" is tried before "min" and "mo" before "m".
        units.sort_by_key(|u| std::cmp::Reverse(u.0.len()));
        let mut numbers: Vec<(String, f64)> = raw.duration.numbers.iter().map(|(w, n)| (fold(w), *n)).collect();
        numbers.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
        Ok(Lexicon {
            code: raw.code,
            name: raw.name,
            identify: raw.identify.words.iter().map(|w| fold(w)).collect(),
            site_words: phrases(&raw.site.words),
            columns,
            categories,
            parties,
            conjunctions: raw.names.conjunctions.iter().map(|w| fold(w)).collect(),
            company_forms: raw.names.company_forms.clone(),
            link_texts: raw.names.link_texts.iter().map(|t| fold(t)).collect(),
            cookie_words: raw.names.cookie_words.iter().map(|w| fold(w)).collect(),
            prefix_phrases: phrases(&raw.names.prefix_phrases),
            session: phrases(&raw.duration.session),
            persistent: phrases(&raw.duration.persistent),
            upper_bound: raw.duration.upper_bound.iter().map(|w| fold(w)).collect(),
            range: raw.duration.range.iter().map(|w| fold(w)).collect(),
            compound: raw.duration.compound.iter().map(|w| fold(w)).collect(),
            units,
            numbers,
            we_use: phrases(&raw.lint.we_use),
            consent: phrases(&raw.lint.consent),
            third_party_content: phrases(&raw.lint.third_party_content),
            kinds: [
                (Kind::LocalStorage, &raw.kinds.local_storage),
                (Kind::SessionStorage, &raw.kinds.session_storage),
                (Kind::Pixel, &raw.kinds.pixel),
                (Kind::Other, &raw.kinds.other),
            ]
            .into_iter()
            .flat_map(|(kind, words)| words.iter().map(move |w| (kind, Phrase::new(w))))
            .collect(),
            naming: phrases(&raw.declare.naming),
            setting: phrases(&raw.declare.setting),
            agent: phrases(&raw.declare.agent),
        })
    }
}

/// All compiled-in lexicons, with lookups across languages.
#[derive(Debug)]
pub struct Lexicons {
    pub languages: Vec<Lexicon>,
    exact_columns: HashMap<String, Vec<(usize, Field)>, crate::text::Fnv>,
    /// The first word of every key of `exact_columns`: a header scanner that tries phrases of
    /// one to five words at each word asks this first, with one word folded instead of five
    /// phrases.
    label_first_words: std::collections::HashSet<String, crate::text::Fnv>,
    /// Every column synonym of every language in one automaton: a header cell is searched once
    /// instead of once per synonym (this search runs on nearly every line of every document).
    column_search: aho_corasick::AhoCorasick,
    /// For each pattern of `column_search`: (language index, field, stem).
    column_hits: Vec<Vec<(usize, Field, bool)>>,
    categories: crate::text::PhraseSet<Category>,
    parties: crate::text::PhraseSet<Party>,
    /// The consent phrases of every language, to tell in one pass whether a text has any.
    consent: crate::text::PhraseSet<()>,
    /// The site words of every language.
    site_words: crate::text::PhraseSet<()>,
    /// Column synonyms of three letters or more, bucketed by their first byte (for headers whose
    /// labels ran together).
    labels_by_first_byte: Vec<Vec<(String, Field)>>,
    /// Words naming storage other than cookies, of every language.
    kinds: crate::text::PhraseSet<Kind>,
    /// Words introducing a cookie's name in a sentence, of every language.
    naming: crate::text::PhraseSet<()>,
    /// Verbs by which a provider places cookies, of every language.
    setting: crate::text::PhraseSet<()>,
    /// Agent words of every language ("by", "par").
    agent: crate::text::PhraseSet<()>,
    /// Nouns for a cookie, of every language.
    cookie_nouns: crate::text::PhraseSet<()>,
}

/// The compiled-in lexicons. Every grammar file is checked by a unit test, so parsing them here
/// cannot fail in a released binary.
pub fn lexicons() -> &'static Lexicons {
    static LEXICONS: OnceLock<Lexicons> = OnceLock::new();
    LEXICONS.get_or_init(|| {
        let languages = GRAMMAR_FILES
            .iter()
            .map(|(stem, text)| Lexicon::parse(&format!("grammar/{stem}.toml"), text))
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("a compiled-in grammar is invalid (caught by tests): {e}"));
        Lexicons::new(languages)
    })
}

impl Lexicons {
    pub fn new(languages: Vec<Lexicon>) -> Lexicons {
        let mut exact_columns: HashMap<String, Vec<(usize, Field)>, crate::text::Fnv> = HashMap::default();
        for (index, lexicon) in languages.iter().enumerate() {
            for (field, phrase) in &lexicon.columns {
                exact_columns.entry(phrase.text.clone()).or_default().push((index, *field));
            }
        }
        let label_first_words =
            exact_columns.keys().map(|key| key.split(' ').next().unwrap_or_default().to_string()).collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut column_hits: Vec<Vec<(usize, Field, bool)>> = Vec::new();
        for (index, lexicon) in languages.iter().enumerate() {
            for (field, phrase) in &lexicon.columns {
                let at = patterns.iter().position(|p| *p == phrase.text).unwrap_or_else(|| {
                    patterns.push(phrase.text.clone());
                    column_hits.push(Vec::new());
                    patterns.len() - 1
                });
                column_hits[at].push((index, *field, phrase.stem));
            }
        }
        let column_search = aho_corasick::AhoCorasick::new(&patterns)
            .unwrap_or_else(|e| panic!("the column synonyms make an automaton (caught by tests): {e}"));
        let categories = crate::text::PhraseSet::new(
            languages.iter().flat_map(|l| l.categories.iter()).map(|(c, p)| (p.text.as_str(), p.stem, *c)),
        );
        let parties = crate::text::PhraseSet::new(
            languages.iter().flat_map(|l| l.parties.iter()).map(|(c, p)| (p.text.as_str(), p.stem, *c)),
        );
        let consent = crate::text::PhraseSet::new(
            languages.iter().flat_map(|l| l.consent.iter()).map(|p| (p.text.as_str(), p.stem, ())),
        );
        let site_words = crate::text::PhraseSet::new(
            languages.iter().flat_map(|l| l.site_words.iter()).map(|p| (p.text.as_str(), p.stem, ())),
        );
        let mut labels_by_first_byte: Vec<Vec<(String, Field)>> = vec![Vec::new(); 256];
        for (field, phrase) in languages.iter().flat_map(|l| l.columns.iter()) {
            if phrase.text.len() >= 3 {
                labels_by_first_byte[phrase.text.as_bytes()[0] as usize].push((phrase.text.clone(), *field));
            }
        }
        let kinds = crate::text::PhraseSet::new(
            languages.iter().flat_map(|l| l.kinds.iter()).map(|(k, p)| (p.text.as_str(), p.stem, *k)),
        );
        let naming = crate::text::PhraseSet::new(
            languages.iter().flat_map(|l| l.naming.iter()).map(|p| (p.text.as_str(), p.stem, ())),
        );
        let setting = crate::text::PhraseSet::new(
            languages.iter().flat_map(|l| l.setting.iter()).map(|p| (p.text.as_str(), p.stem, ())),
        );
        let agent = crate::text::PhraseSet::new(
            languages.iter().flat_map(|l| l.agent.iter()).map(|p| (p.text.as_str(), p.stem, ())),
        );
        let nouns: Vec<(String, bool)> = languages
            .iter()
            .flat_map(|l| l.cookie_words.iter())
            .map(|w| match w.strip_suffix('*') {
                Some(stem) => (stem.to_string(), true),
                None => (w.clone(), false),
            })
            .collect();
        let cookie_nouns = crate::text::PhraseSet::new(nouns.iter().map(|(w, stem)| (w.as_str(), *stem, ())));
        Lexicons {
            languages,
            kinds,
            naming,
            setting,
            agent,
            cookie_nouns,
            exact_columns,
            label_first_words,
            column_search,
            column_hits,
            categories,
            parties,
            consent,
            site_words,
            labels_by_first_byte,
        }
    }

    /// Column synonyms of three letters or more, in 256 buckets by first byte.
    pub fn labels_by_first_byte(&self) -> &[Vec<(String, Field)>] {
        &self.labels_by_first_byte
    }

    pub fn get(&self, code: &str) -> Option<&Lexicon> {
        self.languages.iter().find(|l| l.code == code)
    }

    fn index_of(&self, code: Option<&str>) -> Option<usize> {
        code.and_then(|code| self.languages.iter().position(|l| l.code == code))
    }

    /// The canonical field a header cell names: an exact synonym first (the document's language
    /// preferred), else the longest synonym found inside the cell.
    pub fn column_field(&self, header: &str, language: Option<&str>) -> Option<Field> {
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
        self.exact_column(fold(phrase).trim_end_matches([':', '*', '.', ' ']), language)
    }

    /// Whether an exact label (as [`Lexicons::exact_label_field`] looks it up) may start with
    /// `word`, a word without white space. False only when no label can: a phrase's folded
    /// first word is the first word of its key, or the whole key once trailing punctuation is
    /// trimmed.
    pub fn may_start_label(&self, word: &str) -> bool {
        let folded = fold(word);
        // A word of only zero-width characters folds to nothing: the phrase's key then starts
        // with the next word.
        folded.is_empty()
            || self.label_first_words.contains(folded.as_str())
            || self.label_first_words.contains(folded.trim_end_matches([':', '*', '.', ' ']))
    }

    /// The field of a folded label, the document's language preferred when languages disagree.
    fn exact_column(&self, key: &str, language: Option<&str>) -> Option<Field> {
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
        let mut folded = fold(text);
        // Most headings hold no consent phrase: one pass over the heading tells, before the
        // phrases are blanked one by one in their listed order.
        if self.has_consent_phrase(&folded) {
            self.blank_consent_phrases(&mut folded);
        }
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

    fn blank_consent_phrases(&self, folded: &mut String) {
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
        // Most provider cells end in no link text: the last word decides cheaply.
        let Some(last) = text.split_whitespace().next_back() else { return text };
        let last = fold(last);
        let tails = self.languages.iter().flat_map(|l| &l.link_texts).filter(|link| link.ends_with(last.as_str()));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_category_that_qualifies_the_noun_introduces() {
        let lexicons = lexicons();
        let sentence = "This website uses strictly necessary cookies to provide the functionality of the site.";
        assert_eq!(lexicons.introduced_category(sentence), Some(Category::Necessary));
        assert_eq!(lexicons.introduced_category("These cookies are used to target users."), Some(Category::Marketing));
        // Two categories, neither qualifying the noun: none.
        assert_eq!(lexicons.introduced_category("Cookies for analytics and for marketing."), None);
    }

    /// The first-word filter never turns away a phrase that is an exact label: phrases of one
    /// to five words taken from the labels of every language, capitalized or not, with the
    /// trailing punctuation headers carry.
    #[test]
    fn a_label_always_passes_the_first_word_filter() {
        use proptest::prelude::*;
        let lex = lexicons();
        let mut pool: Vec<String> = Vec::new();
        for key in lex.exact_columns.keys() {
            for word in key.split(' ') {
                let capitalized: String =
                    word.chars().take(1).flat_map(char::to_uppercase).chain(word.chars().skip(1)).collect();
                pool.extend([
                    word.to_string(),
                    capitalized,
                    format!("{word}:"),
                    format!("{word}*"),
                    word.to_uppercase(),
                ]);
            }
        }
        pool.sort();
        pool.dedup();
        let phrase = prop::collection::vec(prop::sample::select(pool), 1..=5);
        proptest!(ProptestConfig::with_cases(20_000), |(words in phrase)| {
            let phrase = words.join(" ");
            if lex.exact_label_field(&phrase, None).is_some() {
                prop_assert!(lex.may_start_label(&words[0]), "{:?}", phrase);
            }
        });
        // Every label itself, written as its key.
        for key in lex.exact_columns.keys() {
            assert!(lex.may_start_label(key.split(' ').next().unwrap_or_default()), "{key}");
        }
    }

    #[test]
    fn a_description_that_classifies_its_cookie_gives_the_category() {
        let l = lexicons();
        assert_eq!(l.described_category("first-party technical consent cookie, 180 days"), Some(Category::Necessary));
        assert_eq!(
            l.described_category("pseudonymous analytics identifiers, set after consent"),
            Some(Category::Statistics)
        );
        assert_eq!(l.described_category("Cookie technique de session"), Some(Category::Necessary));
        assert_eq!(l.described_category("Ein Statistik-Cookie von Matomo"), Some(Category::Statistics));
        // Mentions, not classifications.
        assert_eq!(l.described_category("Stores your consent to analytics cookies"), None);
        assert_eq!(l.described_category("Remembers the analytics consent cookie choice"), None);
        assert_eq!(l.described_category("Keeps the basket while you pay"), None);
    }

    #[test]
    fn every_grammar_file_parses() {
        assert!(!GRAMMAR_FILES.is_empty());
        for (stem, text) in GRAMMAR_FILES {
            let lexicon = Lexicon::parse(stem, text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&lexicon.code, stem, "grammar/{stem}.toml must declare code = \"{stem}\"");
            for field in [Field::Name, Field::Provider, Field::Purpose, Field::Duration, Field::Category] {
                assert!(lexicon.columns.iter().any(|(f, _)| *f == field), "{stem}: no header word for {field:?}");
            }
            for category in Category::ALL {
                assert!(lexicon.categories.iter().any(|(c, _)| *c == category), "{stem}: no word for {category:?}");
            }
            assert!(lexicon.identify.len() >= 20, "{stem}: too few identifying words");
        }
    }

    #[test]
    fn maps_seed_headers() {
        let lex = lexicons();
        assert_eq!(lex.column_field("Service provider's name", Some("en")), Some(Field::Provider));
        assert_eq!(lex.column_field("Function and location", Some("en")), Some(Field::Function));
        assert_eq!(lex.column_field("Cookie name(s)", Some("en")), Some(Field::Name));
        assert_eq!(lex.column_field("Purposes", Some("en")), Some(Field::Purpose));
        assert_eq!(lex.column_field("Nom du prestataire", Some("fr")), Some(Field::Provider));
        assert_eq!(lex.column_field("Service et emplacement", Some("fr")), Some(Field::Function));
        assert_eq!(lex.column_field("Nom du cookies", Some("fr")), Some(Field::Name));
        assert_eq!(lex.column_field("Finalités", Some("fr")), Some(Field::Purpose));
        assert_eq!(lex.column_field("Durée de vie", Some("fr")), Some(Field::Duration));
        assert_eq!(lex.column_field("Opendatasoft", Some("en")), None);
        assert_eq!(lex.column_field("Cookie banner (whole site)", Some("en")), None);
        assert_eq!(lex.column_field("Storage duration (max)", Some("en")), Some(Field::Duration));
    }

    #[test]
    fn categories_from_headings() {
        let lex = lexicons();
        let en = "Cookies necessary for the platform to function properly/functionality cookies";
        assert_eq!(lex.category_in(en), Some(Category::Necessary));
        let fr = "Cookies nécessaires au bon fonctionnement de la plateforme / cookies fonctionnels";
        assert_eq!(lex.category_in(fr), Some(Category::Necessary));
        assert_eq!(lex.category_in("Statistical cookies"), Some(Category::Statistics));
        assert_eq!(lex.category_in("Cookies publicitaires"), Some(Category::Marketing));
        assert_eq!(lex.category_in("What is a cookie?"), None);
        // The consent tool's title is no section of preference cookies.
        assert_eq!(lex.heading_category("Gestion de vos préférences sur les cookies"), None);
        assert_eq!(lex.heading_category("Cookie preferences"), None);
        assert_eq!(lex.heading_category("Preference cookies"), Some(Category::Preferences));
        assert_eq!(lex.heading_category("Preference cookies and cookie settings"), Some(Category::Preferences));
        assert_eq!(lex.heading_category("Cookies de préférences"), Some(Category::Preferences));
        assert_eq!(lex.heading_category("Statistics cookies"), Some(Category::Statistics));
    }
}
