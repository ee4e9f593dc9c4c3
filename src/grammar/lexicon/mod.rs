//! The per-language lexicons in `grammar/*.toml`, compiled in by `build.rs` and parsed once.
//!
//! Matching is done on folded text (see [`crate::text::fold`]): lower case, no accents, plain
//! quotes. Column headers and category words are looked up in every language, the document's
//! own first, because real tables mix languages (a French header over English rows).
//!
//! Here: the lexicons and their indexes across languages. One file per job besides: `file`
//! (a grammar file's TOML, checked), `labels` (column headers, "Name:" labels, link texts),
//! `categories` (words, headings and sentences that give a category) and `sentences` (the
//! words of running text: parties, storage, naming and setting words, cookie nouns).
use crate::model::Kind;
pub use crate::model::{Category, Field, Party};
use crate::text::{find_phrase, fold};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

mod categories;
mod file;
mod labels;
mod page;
mod sentences;

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
    /// Words of a line that only numbers a page ("page", "of"), folded.
    pub page_words: Vec<String>,
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

/// All compiled-in lexicons, with lookups across languages.
#[derive(Debug)]
pub struct Lexicons {
    /// Not changed once the set is built: answers read from it are remembered by its `id`.
    pub languages: Vec<Lexicon>,
    /// Tells this set from any other in the answers remembered ([`crate::memo`]).
    pub(crate) id: u64,
    exact_columns: HashMap<String, Vec<(usize, Field)>, crate::text::Fnv>,
    /// The first word of every key of `exact_columns`: a header scanner that tries phrases of
    /// one to five words at each word asks this first, with one word folded instead of five
    /// phrases.
    label_first_words: std::collections::HashSet<String, crate::text::Fnv>,
    /// The words that identify a language ("the", "we", "der", "nous"), of every language: its
    /// function words.
    function_words: std::collections::HashSet<String, crate::text::Fnv>,
    /// The link texts of every language ("learn more"), by their last word, in listing order.
    link_texts_by_last_word: HashMap<String, Vec<String>, crate::text::Fnv>,
    /// The conjunctions of every language, folded, and the length in characters of the longest.
    conjunctions: std::collections::HashSet<String, crate::text::Fnv>,
    longest_conjunction: usize,
    /// The companies' legal forms of every language, as written and without a final period.
    company_forms: std::collections::HashSet<String, crate::text::Fnv>,
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
    /// Column synonyms of three letters or more, looked up by what a text starts with (for
    /// headers whose labels ran together).
    run_together_labels: crate::text::PrefixTrie<Field>,
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
    /// The page-numbering words of every language, folded.
    page_words: std::collections::HashSet<String, crate::text::Fnv>,
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
        let mut pattern_index: HashMap<&str, usize, crate::text::Fnv> = HashMap::default();
        for (index, lexicon) in languages.iter().enumerate() {
            for (field, phrase) in &lexicon.columns {
                let at = *pattern_index.entry(phrase.text.as_str()).or_insert_with(|| {
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
        let run_together_labels = crate::text::PrefixTrie::new(
            languages
                .iter()
                .flat_map(|l| l.columns.iter())
                .filter(|(_, phrase)| phrase.text.len() >= 3)
                .map(|(field, phrase)| (phrase.text.as_str(), *field)),
        );
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
        let mut link_texts_by_last_word: HashMap<String, Vec<String>, crate::text::Fnv> = HashMap::default();
        for link in languages.iter().flat_map(|l| &l.link_texts) {
            let last = link.rsplit(' ').next().unwrap_or_default().to_string();
            link_texts_by_last_word.entry(last).or_default().push(link.clone());
        }
        let function_words = languages.iter().flat_map(|l| l.identify.iter().cloned()).collect();
        let conjunctions: std::collections::HashSet<String, crate::text::Fnv> =
            languages.iter().flat_map(|l| l.conjunctions.iter().cloned()).collect();
        let longest_conjunction = conjunctions.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        // Each form as written, and without its final period ("Inc." and "Inc").
        let company_forms = languages
            .iter()
            .flat_map(|l| &l.company_forms)
            .flat_map(|form| std::iter::once(form.clone()).chain(form.strip_suffix('.').map(str::to_string)))
            .collect();
        let page_words = languages.iter().flat_map(|l| l.page_words.iter().cloned()).collect();
        // From 1: 0 is the owner of compiled-in data (`memo::COMPILED_IN`).
        static SETS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Lexicons {
            id: SETS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            link_texts_by_last_word,
            function_words,
            conjunctions,
            longest_conjunction,
            company_forms,
            languages,
            kinds,
            naming,
            setting,
            agent,
            cookie_nouns,
            page_words,
            exact_columns,
            label_first_words,
            column_search,
            column_hits,
            categories,
            parties,
            consent,
            site_words,
            run_together_labels,
        }
    }

    /// Whether `word` (folded) is a function word of some grammar language ("the", "we", "der").
    pub fn is_function_word(&self, word: &str) -> bool {
        self.function_words.contains(word)
    }

    /// A word that joins the names of a list in one of the grammar languages ("and", "oder",
    /// "lub"), whatever its case. A word longer than every conjunction is not folded.
    pub fn is_conjunction(&self, word: &str) -> bool {
        word.chars().count() <= self.longest_conjunction && self.conjunctions.contains(fold(word).as_str())
    }

    /// "GmbH", "Ltd", "S.A.": the legal form of a company, as written (with or without its final
    /// period), in an address or copyright line under a table.
    pub fn is_company_form(&self, token: &str) -> bool {
        self.company_forms.contains(token)
    }

    pub fn get(&self, code: &str) -> Option<&Lexicon> {
        self.languages.iter().find(|l| l.code == code)
    }

    fn index_of(&self, code: Option<&str>) -> Option<usize> {
        code.and_then(|code| self.languages.iter().position(|l| l.code == code))
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

    /// The remembered answers of `column_field` are the answers read from the lexicons, whatever
    /// was asked before on the thread: phrases of column labels of every language mixed with
    /// other words, asked in every language and none, twice each, in random order.
    #[test]
    fn a_remembered_column_field_is_the_one_read() {
        use proptest::prelude::*;
        let lex = lexicons();
        let mut pool: Vec<String> = lex.exact_columns.keys().flat_map(|k| k.split(' ')).map(str::to_string).collect();
        pool.extend(
            ["Cookie", "name", "the", "of", "_ga", "2 years", "Durée", "NAME:", "-", "x".repeat(100).as_str()]
                .map(String::from),
        );
        pool.sort();
        pool.dedup();
        let mut codes: Vec<Option<String>> = lex.languages.iter().map(|l| Some(l.code.clone())).collect();
        codes.extend([None, Some("xx".to_string())]);
        let question = (prop::collection::vec(prop::sample::select(pool), 1..=4), prop::sample::select(codes));
        proptest!(ProptestConfig::with_cases(20_000), |(questions in prop::collection::vec(question, 1..8))| {
            for (words, language) in questions.iter().chain(questions.iter().rev()) {
                let text = words.join(" ");
                let language = language.as_deref();
                let read = lex.read_column_field(&text, language);
                prop_assert_eq!(lex.column_field(&text, language), read, "{:?} in {:?}", text, language);
            }
        });
    }

    /// The remembered heading lookups answer as the lexicons read: headings made of category,
    /// storage and cookie words of every language mixed with others, asked twice each.
    #[test]
    fn remembered_heading_answers_are_the_ones_read() {
        use proptest::prelude::*;
        let lex = lexicons();
        let mut pool: Vec<String> = lex
            .languages
            .iter()
            .flat_map(|l| {
                l.categories.iter().map(|(_, p)| p.text.clone()).chain(l.kinds.iter().map(|(_, p)| p.text.clone()))
            })
            .collect();
        pool.extend(
            ["Cookies", "and", "Google", "Analytics", "local storage", "consent", "the", "Hotjar", "4"]
                .map(String::from),
        );
        pool.sort();
        pool.dedup();
        let heading = prop::collection::vec(prop::sample::select(pool), 1..=4);
        proptest!(ProptestConfig::with_cases(5_000), |(headings in prop::collection::vec(heading, 1..6))| {
            for words in headings.iter().chain(headings.iter()) {
                let text = words.join(" ");
                prop_assert_eq!(lex.heading_category(&text), lex.read_heading_category(&text), "{:?}", text);
                prop_assert_eq!(lex.storage_named(&text), lex.read_storage_named(&text), "{:?}", text);
            }
        });
    }

    /// Two sets of lexicons on one thread each answer from their own words, whichever asked
    /// first; a label that names one field in one language and another in the next is
    /// remembered by language.
    #[test]
    fn each_set_of_lexicons_remembers_its_own_answers() {
        let all = lexicons();
        let english_only: Vec<Lexicon> = all.languages.iter().filter(|l| l.code == "en").cloned().collect();
        let english = Lexicons::new(english_only);
        for _ in 0..2 {
            assert_eq!(all.column_field("Durée de vie", None), Some(Field::Duration));
            assert_eq!(english.column_field("Durée de vie", None), None);
            assert_eq!(all.heading_category("Reichweitenmessung"), Some(Category::Statistics));
            assert_eq!(english.heading_category("Reichweitenmessung"), None);
            assert_eq!(all.storage_named("Lokaler Speicher"), Some(Kind::LocalStorage));
            assert_eq!(english.storage_named("Lokaler Speicher"), None);
        }
        for _ in 0..2 {
            assert_eq!(all.column_field("Role", Some("fr")), Some(Field::Purpose));
            assert_eq!(all.column_field("Role", Some("en")), Some(Field::Function));
            assert_eq!(all.column_field("Art", Some("de")), Some(Field::Category));
            assert_eq!(all.column_field("Art", Some("da")), Some(Field::Type));
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
