//! One grammar file: its TOML sections as written, checked and compiled into a [`Lexicon`].
use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GrammarFile {
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
    #[serde(default)]
    page: PageSection,
}

/// The words of a line that only numbers a page ("Page 2 of 7").
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PageSection {
    #[serde(default)]
    words: Vec<String>,
}

/// How the language names storage that is not an HTTP cookie.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KindsSection {
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
pub(super) struct DeclareSection {
    #[serde(default)]
    naming: Vec<String>,
    #[serde(default)]
    setting: Vec<String>,
    #[serde(default)]
    agent: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LintSection {
    we_use: Vec<String>,
    consent: Vec<String>,
    third_party_content: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WordList {
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NamesSection {
    conjunctions: Vec<String>,
    company_forms: Vec<String>,
    cookie_words: Vec<String>,
    prefix_phrases: Vec<String>,
    #[serde(default)]
    link_texts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DurationSection {
    session: Vec<String>,
    persistent: Vec<String>,
    upper_bound: Vec<String>,
    range: Vec<String>,
    compound: Vec<String>,
    units: BTreeMap<String, Vec<String>>,
    numbers: BTreeMap<String, f64>,
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
        if let Some(word) = raw.page.words.iter().find(|w| !super::page::can_be_page_word(w)) {
            return Err(error(format!(
                "page word `{word}`: one word of at most {} characters",
                super::page::LONGEST_PAGE_WORD
            )));
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
            page_words: raw.page.words.iter().map(|w| fold(w)).collect(),
        })
    }
}
