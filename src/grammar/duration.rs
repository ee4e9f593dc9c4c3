//! The duration grammar (nom): what policies write as a lifetime → seconds and ISO 8601.
//!
//! It reads a quantity and a unit in any supported language ("13 mois", "2 years", "24h",
//! "one year"), an upper bound ("up to 12 months") and a range ("30 seconds to 1 year"), and
//! otherwise the words for a session or a persistent cookie. The words come from grammar/*.toml;
//! the grammar runs on folded text (lower case, no accents). The earliest expression in the cell
//! wins, so "1 day / 24 hours" is one day and "Token reset … Up to 12 months" twelve months.
//!
//! One month is 30.436875 days and one year 365.2425 days (the Gregorian averages).
use crate::grammar::{lexicons, Lexicons, Phrase, Unit};
pub use crate::model::{Duration, DurationKind};
use crate::text::{fold, Fnv, PhraseSet, PrefixTrie};
use nom::branch::alt;
use nom::bytes::complete::take_while1;
use nom::character::complete::{char, digit1, one_of, space0};
use nom::combinator::{opt, recognize};
use nom::{IResult, Parser};
use std::collections::{HashMap, HashSet};

use std::sync::OnceLock;

pub const SECONDS_PER_DAY: f64 = 86_400.0;
pub const DAYS_PER_MONTH: f64 = 30.436875;
pub const DAYS_PER_YEAR: f64 = 365.2425;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: Unit,
}

impl Quantity {
    pub fn seconds(self) -> u64 {
        (self.value * unit_seconds(self.unit)).round().max(0.0) as u64
    }

    pub fn iso8601(self) -> String {
        let value = format_number(self.value);
        match self.unit {
            Unit::Year => format!("P{value}Y"),
            Unit::Month => format!("P{value}M"),
            Unit::Week => format!("P{value}W"),
            Unit::Day => format!("P{value}D"),
            Unit::Hour => format!("PT{value}H"),
            Unit::Minute => format!("PT{value}M"),
            Unit::Second => format!("PT{value}S"),
        }
    }
}

pub fn unit_seconds(unit: Unit) -> f64 {
    match unit {
        Unit::Second => 1.0,
        Unit::Minute => 60.0,
        Unit::Hour => 3_600.0,
        Unit::Day => SECONDS_PER_DAY,
        Unit::Week => 7.0 * SECONDS_PER_DAY,
        Unit::Month => DAYS_PER_MONTH * SECONDS_PER_DAY,
        Unit::Year => DAYS_PER_YEAR * SECONDS_PER_DAY,
    }
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{}", value as u64)
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A length of time: one quantity, or several in ever smaller units written one after the
/// other ("1 year 1 month 4 days", as consent tools print a cookie's expiry; "1 hour and 30
/// minutes"; "1 an et 1 jour").
#[derive(Debug, Clone, PartialEq)]
struct Length(Vec<Quantity>);

impl Length {
    fn seconds(&self) -> u64 {
        match self.0.as_slice() {
            [single] => single.seconds(),
            parts => parts.iter().map(|q| q.value * unit_seconds(q.unit)).sum::<f64>().round().max(0.0) as u64,
        }
    }

    /// One ISO 8601 duration for all the parts: `P1Y1M4D`, `PT1H30M`, `P1DT12H`.
    fn iso8601(&self) -> String {
        if let [single] = self.0.as_slice() {
            return single.iso8601();
        }
        let (mut date, mut time) = (String::from("P"), String::new());
        for part in &self.0 {
            let value = format_number(part.value);
            match part.unit {
                Unit::Year => date += &format!("{value}Y"),
                Unit::Month => date += &format!("{value}M"),
                Unit::Week => date += &format!("{value}W"),
                Unit::Day => date += &format!("{value}D"),
                Unit::Hour => time += &format!("{value}H"),
                Unit::Minute => time += &format!("{value}M"),
                Unit::Second => time += &format!("{value}S"),
            }
        }
        if !time.is_empty() {
            date.push('T');
            date.push_str(&time);
        }
        date
    }
}

/// What the grammar read in a cell.
#[derive(Debug, Clone, PartialEq)]
enum Expression {
    Exact(Length),
    AtMost(Length),
    Range(Length, Length),
}

/// The longest of `words` that `input` starts with and that `ends_well` accepts (given the word
/// and what follows it), with its value; of one text, the first listed.
fn longest_opening<T: Copy>(
    input: &str,
    words: &PrefixTrie<T>,
    ends_well: impl Fn(&str, &str) -> bool,
) -> Option<(usize, T)> {
    let mut found: Option<(usize, T)> = None;
    words.for_each_prefix(input, |length, value| {
        if found.is_none_or(|(longest, _)| longest < length) && ends_well(&input[..length], &input[length..]) {
            found = Some((length, value));
        }
    });
    found
}

/// The words of every language, merged once.
struct Words {
    units: HashMap<String, Unit, Fnv>,
    /// Number words of letters only ("one", "zwei"), by the whole word: a number word counts
    /// only where a word ends, so it is the word at the input's start or nothing.
    number_words: HashMap<String, f64, Fnv>,
    /// The words an expression can open with, besides digits: every number word, and the first
    /// word of every upper-bound phrase ("up" of "up to"). See [`may_open_expression`].
    openers: HashSet<String, Fnv>,
    /// Number words with another sign inside ("vingt-et-un"; no grammar file has one today),
    /// longest first.
    numbers: PrefixTrie<f64>,
    upper_bound: PrefixTrie<()>,
    range: PrefixTrie<()>,
    compound: PrefixTrie<()>,
    /// Session and persistence words of every language, each searched in one pass.
    session: PhraseSet<()>,
    persistent: PhraseSet<()>,
    /// The session phrases of several words ("when the browser is closed"), for
    /// [`has_session_clause`].
    session_clauses: PhraseSet<()>,
}

fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| Words::from_lexicons(lexicons()))
}

impl Words {
    fn from_lexicons(lexicons: &Lexicons) -> Words {
        let mut units: Vec<(String, Unit)> = Vec::new();
        let mut numbers: Vec<(String, f64)> = Vec::new();
        let mut upper_bound: Vec<(String, ())> = Vec::new();
        let mut range: Vec<(String, ())> = Vec::new();
        let mut compound: Vec<(String, ())> = Vec::new();
        let mut session = Vec::new();
        let mut persistent = Vec::new();
        for lexicon in &lexicons.languages {
            units.extend(lexicon.units.iter().cloned());
            numbers.extend(lexicon.numbers.iter().cloned());
            upper_bound.extend(lexicon.upper_bound.iter().map(|w| (w.clone(), ())));
            range.extend(lexicon.range.iter().map(|w| (w.clone(), ())));
            compound.extend(lexicon.compound.iter().map(|w| (w.clone(), ())));
            session.extend(lexicon.session.iter().cloned());
            persistent.extend(lexicon.persistent.iter().cloned());
        }
        // Looked up by what the input starts with, the longest match first ("minutes" before
        // "min", "jusqu'a" before "a"); the first language to define a word keeps it.
        fn trie<T: Copy>(list: &[(String, T)]) -> PrefixTrie<T> {
            PrefixTrie::new(list.iter().map(|(word, value)| (word.as_str(), *value)))
        }
        let mut unit_map = HashMap::default();
        for (word, unit) in units {
            unit_map.entry(word).or_insert(unit);
        }
        let (number_words, signed_numbers): (Vec<_>, Vec<_>) =
            numbers.into_iter().partition(|(word, _)| word.chars().all(char::is_alphanumeric));
        let openers = number_words
            .iter()
            .map(|(word, _)| word.clone())
            .chain(upper_bound.iter().map(|(phrase, _)| leading_word(phrase).to_string()))
            .collect();
        Words {
            units: unit_map,
            openers,
            number_words: number_words.into_iter().collect(),
            numbers: trie(&signed_numbers),
            upper_bound: trie(&upper_bound),
            range: trie(&range),
            compound: trie(&compound),
            session_clauses: phrase_set(&session.iter().filter(|p| p.text.contains(' ')).cloned().collect::<Vec<_>>()),
            session: phrase_set(&session),
            persistent: phrase_set(&persistent),
        }
    }
}

/// Parses a duration cell. Never fails: text it cannot read comes back with kind `unknown`.
pub fn parse_duration(text: &str) -> Duration {
    let words = words();
    let folded = fold(text);
    let expression = scan(&folded, words);
    let session_at = earliest_phrase(&folded, &words.session);
    let unknown = Duration {
        text: text.to_string(),
        seconds: None,
        iso8601: None,
        kind: DurationKind::Unknown,
        min_seconds: None,
        max_seconds: None,
    };
    match (expression, session_at) {
        (Some((at, expression)), session) if session.is_none_or(|s| at <= s) => from_expression(text, expression),
        (_, Some(_)) => Duration { kind: DurationKind::Session, ..unknown },
        (None, None) if earliest_phrase(&folded, &words.persistent).is_some() => {
            Duration { kind: DurationKind::Persistent, ..unknown }
        }
        _ => unknown,
    }
}

/// A duration written inside a text: where, and its value.
type Found = (std::ops::Range<usize>, Duration);

thread_local! {
    static READS_AS_DURATION: std::cell::RefCell<crate::memo::TextMemo<bool>> = Default::default();
    static FOUND_DURATIONS: std::cell::RefCell<crate::memo::TextMemo<Option<Found>>> = Default::default();
    static LIFETIME_CELLS: std::cell::RefCell<crate::memo::TextMemo<bool>> = Default::default();
}

/// True when `text` is a lifetime rather than a sentence that mentions one: a duration
/// expression or a session/persistent word within its first three words ("2 years",
/// "End of session", but not "groups one day's visits").
pub fn reads_as_duration(text: &str) -> bool {
    // Remembered: every reader asks whether its cells and lines are lifetimes, and archives repeat them.
    crate::memo::remembered(&READS_AS_DURATION, crate::memo::COMPILED_IN, 0, text, || read_reads_as_duration(text))
}

fn read_reads_as_duration(text: &str) -> bool {
    let words = words();
    let folded = fold(text);
    // Where the third word starts (the folded text has one space between words): what starts
    // after it is not within the first three words, so neither search goes past it.
    let third_word = folded.match_indices(' ').nth(1).map_or(folded.len(), |(at, _)| at + 1);
    // A session word is also ordinary vocabulary ("Protects your session while…"): it makes a
    // lifetime only at the start or in a short cell ("End of session").
    let short = || folded.split_whitespace().count() <= 5;
    let lifetime_word = |at: usize| at == 0 || short();
    scan_until(&folded, words, third_word).is_some()
        || earliest_phrase_by(&folded, &words.session, third_word).is_some_and(lifetime_word)
        || earliest_phrase_by(&folded, &words.persistent, third_word).is_some_and(lifetime_word)
}

/// True when `text` begins with a lifetime ("6 mois …", "Fin de session").
pub fn starts_with_duration(text: &str) -> bool {
    let words = words();
    let folded = fold(text);
    scan_until(&folded, words, 0).is_some()
        || earliest_phrase_by(&folded, &words.session, 0).is_some()
        || earliest_phrase_by(&folded, &words.persistent, 0).is_some()
}

fn from_expression(text: &str, expression: Expression) -> Duration {
    let (seconds, iso, min, max) = match expression {
        Expression::Exact(length) => (length.seconds(), length.iso8601(), None, None),
        Expression::AtMost(length) => (length.seconds(), length.iso8601(), None, Some(length.seconds())),
        // A range written backwards ("2 years to 30 days", or a mistyped "69 seconds to 0 year",
        // found by fuzzing) still has its bounds in order; the lifetime is the larger.
        Expression::Range(low, high) => {
            let (low, high) = if low.seconds() <= high.seconds() { (low, high) } else { (high, low) };
            (high.seconds(), high.iso8601(), Some(low.seconds()), Some(high.seconds()))
        }
    };
    Duration {
        text: text.to_string(),
        seconds: Some(seconds),
        iso8601: Some(iso),
        kind: DurationKind::Persistent,
        min_seconds: min,
        max_seconds: max,
    }
}

fn phrase_set(phrases: &[Phrase]) -> PhraseSet<()> {
    PhraseSet::new(phrases.iter().map(|p| (p.text.as_str(), p.stem, ())))
}

/// Where the first of the phrases starts (each at word edges), if any does.
fn earliest_phrase(folded: &str, phrases: &PhraseSet<()>) -> Option<usize> {
    phrases.matches(folded).map(|(at, ..)| at).min()
}

/// [`earliest_phrase`] when it starts at or before byte `last_start`.
fn earliest_phrase_by(folded: &str, phrases: &PhraseSet<()>, last_start: usize) -> Option<usize> {
    phrases.matches_starting_by(folded, last_start).map(|(at, ..)| at).min()
}

/// Tries the grammar at every word start; the first expression found wins.
fn scan(folded: &str, words: &Words) -> Option<(usize, Expression)> {
    scan_with_end(folded, words).map(|(at, _, expression)| (at, expression))
}

/// Like [`scan`], with the end of the expression.
fn scan_with_end(folded: &str, words: &Words) -> Option<(usize, usize, Expression)> {
    scan_until(folded, words, folded.len())
}

/// [`scan_with_end`]'s expression when it starts at or before byte `last_start`: the word
/// starts after it are not tried.
fn scan_until(folded: &str, words: &Words, last_start: usize) -> Option<(usize, usize, Expression)> {
    let mut previous: Option<char> = None;
    for (at, c) in folded.char_indices() {
        if at > last_start {
            break;
        }
        let word_start = previous.is_none_or(|p| !p.is_alphanumeric());
        previous = Some(c);
        if !word_start || !c.is_alphanumeric() || !may_open_expression(&folded[at..], words) {
            continue;
        }
        if let Ok((rest, expression)) = expression(&folded[at..], words) {
            return Some((at, folded.len() - rest.len(), expression));
        }
    }
    None
}

/// The word `phrase` opens with: its leading run of letters and digits ("up" of "up to", "max"
/// of "max.").
fn leading_word(phrase: &str) -> &str {
    &phrase[..phrase.find(|c: char| !c.is_alphanumeric()).unwrap_or(phrase.len())]
}

/// False when no expression can start at `input`, a word start: an expression opens with a
/// number (digits, a number word) or an upper-bound phrase, and at a word start either is the
/// whole word (a number word and a phrase's first word end where the word ends), so one lookup
/// of the word rules out most words of running text before the grammar tries its alternatives.
fn may_open_expression(input: &str, words: &Words) -> bool {
    if input.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let mut signed_number = false;
    words.numbers.for_each_prefix(input, |_, _| signed_number = true);
    if signed_number {
        return true;
    }
    let end = input.find(|c: char| !c.is_alphanumeric()).unwrap_or(input.len());
    words.openers.contains(&input[..end])
}

/// The first duration expression written inside running text ("Ha una durata di 2 anni e …"),
/// as a byte range of `text` and its parsed value.
pub fn find_duration(text: &str) -> Option<Found> {
    // Remembered: asked of descriptions and cells, which archives repeat.
    crate::memo::remembered(&FOUND_DURATIONS, crate::memo::COMPILED_IN, 0, text, || read_find_duration(text))
}

fn read_find_duration(text: &str) -> Option<Found> {
    let (folded, origin) = crate::text::fold_with_origin(text, false);
    let (at, end, expression) = scan_with_end(&folded, words())?;
    let trimmed_end = folded[..end].trim_end().len();
    let range = origin[at]..origin[trimmed_end];
    let written = &text[range.clone()];
    Some((range.clone(), from_expression(written, expression)))
}

fn expression<'a>(input: &'a str, words: &Words) -> IResult<&'a str, Expression> {
    if let Ok((rest, _)) = keyword(input, &words.upper_bound) {
        let (rest, _) = space0(rest)?;
        let (rest, quantity) = quantity(rest, words)?;
        let (rest, length) = more_parts(rest, quantity, words);
        return Ok((rest, Expression::AtMost(length)));
    }
    // "30 seconds to 1 year", "1-2 years", "30 à 90 jours"
    if let Ok((rest, low)) = number(input, words) {
        let (rest, _) = space0(rest)?;
        let (low_rest, low_unit) = opt(|i| unit(i, words)).parse(rest)?;
        // "1 year and 1 day" is one length, not a range: the second unit is smaller.
        if let Some(unit) = low_unit {
            let (rest, length) = more_parts(low_rest, Quantity { value: low, unit }, words);
            if length.0.len() > 1 {
                return Ok((rest, Expression::Exact(length)));
            }
        }
        let (after_sep, _) = space0(low_rest)?;
        if let Ok((after_sep, _)) = keyword(after_sep, &words.range) {
            let (after_sep, _) = space0(after_sep)?;
            if let Ok((rest, high)) = quantity(after_sep, words) {
                let low = Quantity { value: low, unit: low_unit.unwrap_or(high.unit) };
                let (rest, high) = more_parts(rest, high, words);
                return Ok((rest, Expression::Range(Length(vec![low]), high)));
            }
        }
        if let Some(unit) = low_unit {
            return Ok((low_rest, Expression::Exact(Length(vec![Quantity { value: low, unit }]))));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Alt)))
}

fn quantity<'a>(input: &'a str, words: &Words) -> IResult<&'a str, Quantity> {
    let (rest, value) = number(input, words)?;
    let (rest, _) = opt(alt((char('-'), char(' ')))).parse(rest)?;
    let (rest, _) = space0(rest)?;
    let (rest, unit) = unit(rest, words)?;
    Ok((rest, Quantity { value, unit }))
}

/// The quantities that follow `first` as parts of the same length, each in a smaller unit than
/// the one before, separated by spaces, a comma or a word of the grammar's `compound` list.
/// A larger unit after a smaller one ("1 day and 2 years") is left to the range grammar.
fn more_parts<'a>(mut input: &'a str, first: Quantity, words: &Words) -> (&'a str, Length) {
    let mut parts = vec![first];
    loop {
        let rest = input.trim_start_matches(' ');
        let rest = rest.strip_prefix(',').unwrap_or(rest).trim_start_matches(' ');
        let rest = keyword(rest, &words.compound).map_or(rest, |(rest, _)| rest).trim_start_matches(' ');
        match quantity(rest, words) {
            Ok((after, next)) if parts.last().is_some_and(|last| unit_seconds(next.unit) < unit_seconds(last.unit)) => {
                parts.push(next);
                input = after;
            }
            _ => break,
        }
    }
    (input, Length(parts))
}

/// `12`, `1.5`, `1,5`, or a number word of any language.
fn number<'a>(input: &'a str, words: &Words) -> IResult<&'a str, f64> {
    let digits: IResult<&str, &str> = recognize((digit1, opt((one_of(".,"), digit1)))).parse(input);
    if let Ok((rest, text)) = digits {
        // A following digit group ("1,000") is a thousands separator, not a decimal part.
        if let Ok(value) = text.replace(',', ".").parse::<f64>() {
            return Ok((rest, value));
        }
    }
    // A word with another sign inside is longer than the word of letters it starts with, and
    // the longest match wins.
    if let Some((length, value)) =
        longest_opening(input, &words.numbers, |_, rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
    {
        return Ok((&input[length..], value));
    }
    let end = input.find(|c: char| !c.is_alphanumeric()).unwrap_or(input.len());
    if let Some(value) = words.number_words.get(&input[..end]) {
        return Ok((&input[end..], *value));
    }
    Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Digit)))
}

/// A whole word that names a time unit.
fn unit<'a>(input: &'a str, words: &Words) -> IResult<&'a str, Unit> {
    let (rest, word) = take_while1(|c: char| c.is_alphabetic())(input)?;
    match words.units.get(word) {
        Some(unit) => Ok((rest, *unit)),
        None => Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Tag))),
    }
}

/// One of `keywords` at the start of `input`, ending at a word edge.
fn keyword<'a>(input: &'a str, keywords: &PrefixTrie<()>) -> IResult<&'a str, ()> {
    let at_edge = |word: &str, rest: &str| {
        !word.ends_with(|c: char| c.is_alphanumeric()) || !rest.starts_with(|c: char| c.is_alphanumeric())
    };
    match longest_opening(input, keywords, at_edge) {
        Some((length, ())) => Ok((&input[length..], ())),
        None => Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Tag))),
    }
}

/// Writes a number of seconds as words of one language ("2 years", "13 mois"), choosing the
/// largest unit that divides it exactly. Used to render durations and in round-trip tests.
pub fn render_seconds(seconds: u64, language: &str) -> Option<String> {
    let lexicon = lexicons().get(language)?;
    for unit in [Unit::Year, Unit::Month, Unit::Week, Unit::Day, Unit::Hour, Unit::Minute, Unit::Second] {
        let size = unit_seconds(unit);
        let value = seconds as f64 / size;
        if value >= 1.0 && (value.round() * size - seconds as f64).abs() < 0.5 {
            let value = value.round() as u64;
            // The longest word for the unit is its full name; the plural is the longest of all.
            let mut names: Vec<&str> =
                lexicon.units.iter().filter(|(_, u)| *u == unit).map(|(w, _)| w.as_str()).collect();
            names.sort_by_key(|w| std::cmp::Reverse(w.len()));
            let plural = names.first()?;
            let singular = names.get(1).filter(|w| plural.starts_with(*w)).unwrap_or(plural);
            return Some(format!("{value} {}", if value == 1 { singular } else { plural }));
        }
    }
    (seconds == 0).then(|| "0".to_string())
}

/// A lifetime cell: a quantity within its first words ("2 years", "Up to 365 days", "Expires
/// after 1 day"), or a session or persistence phrase that opens it ("Session", "When the browser
/// is closed" after its first word); "identifies the user session" is a description.
pub fn is_lifetime_cell(text: &str) -> bool {
    // Remembered: the readers of a section ask about the same cells, and archives repeat them.
    crate::memo::remembered(&LIFETIME_CELLS, crate::memo::COMPILED_IN, 0, text, || read_is_lifetime_cell(text))
}

fn read_is_lifetime_cell(text: &str) -> bool {
    const WITHIN_WORDS: usize = 3;
    const SHORT: usize = 6;
    if !reads_as_duration(text) && !has_session_clause(text) {
        return false;
    }
    if let Some((found, _)) = find_duration(text).filter(|(_, d)| d.seconds.is_some()) {
        return text[..found.start].split_whitespace().count() <= WITHIN_WORDS;
    }
    // No quantity: a session or persistence phrase in a short cell ("Session", "End of session",
    // "When the user's browser is closed"); "Session Management Stores the …" is a description.
    let short = text.split_whitespace().count() <= SHORT;
    let after_first_word = text.split_once(char::is_whitespace).map_or("", |(_, rest)| rest.trim_start());
    short && (starts_with_duration(text) || starts_with_duration(after_first_word)) || has_session_clause(text)
}

/// A lifetime written at the end of a description, after its last comma or semicolon ("counts
/// visits from our adverts, 3 months"), as its last sentence ("marks the visit. Session."), or
/// in parentheses ("distinguishes visitors (2 years)"): the description before it and the
/// lifetime, as ranges of `piece`.
pub fn trailing_lifetime(piece: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    const MAX_LIFETIME_WORDS: usize = 4;
    let is_lifetime = |tail: &str| {
        !tail.is_empty() && tail.split_whitespace().count() <= MAX_LIFETIME_WORDS && is_lifetime_cell(tail)
    };
    // "(2 years)" closing the piece (a full stop may follow), with a description before it.
    if let Some(inner) = piece.trim_end_matches('.').strip_suffix(')') {
        if let Some(open) = inner.rfind('(') {
            let tail = inner[open + 1..].trim();
            let head = piece[..open].trim_end();
            if !tail.contains(['(', ')']) && is_lifetime(tail) && head.chars().any(char::is_alphanumeric) {
                let at = open + 1 + (inner[open + 1..].len() - inner[open + 1..].trim_start().len());
                return Some((0..head.len(), at..at + tail.len()));
            }
        }
    }
    // After the last comma or semicolon, or the last full stop that ends a sentence (the stop
    // stays with the description, and is no part of the lifetime).
    // (Each mark is one byte: the text after it starts right after it.)
    let body = piece.trim_end_matches('.');
    // A stop ends a sentence when white space follows, and then a capital, or a digit after a
    // word of more than three letters ("ca. 1 Jahr", "max. 2 years" are abbreviations).
    let ends_sentence = |at: usize| {
        let after = body[at + 1..].trim_start();
        let word = body[..at].rsplit(char::is_whitespace).next().unwrap_or("");
        body[at + 1..].starts_with(char::is_whitespace)
            && (after.starts_with(char::is_uppercase)
                || after.starts_with(|c: char| c.is_ascii_digit()) && word.chars().count() > 3)
    };
    let stop = body.rmatch_indices('.').map(|(at, _)| at).find(|&at| ends_sentence(at));
    // A comma between digits is a decimal comma ("1,5 Jahre").
    let decimal = |at: usize| {
        piece[..at].ends_with(|c: char| c.is_ascii_digit()) && piece[at + 1..].starts_with(|c: char| c.is_ascii_digit())
    };
    let comma = piece.rmatch_indices([',', ';']).map(|(at, _)| at).find(|&at| !decimal(at));
    let mut cuts: Vec<usize> = stop.into_iter().chain(comma).collect();
    cuts.sort_unstable_by(|a, b| b.cmp(a));
    cuts.into_iter().find_map(|cut| {
        let tail = piece[cut + 1..].trim_start();
        let at = piece.len() - tail.len();
        if Some(cut) != stop {
            return is_lifetime(tail).then(|| (0..piece[..cut].trim_end().len(), at..piece.len()));
        }
        // A sentence gives its lifetime as the quantity it holds ("Expires after 2 years." → "2
        // years"), or whole when it has none ("Session.").
        let sentence = tail.trim_end_matches('.');
        if !is_lifetime(sentence) {
            return None;
        }
        let lifetime = find_duration(sentence).map_or(0..sentence.len(), |(found, _)| found);
        Some((0..piece[..=cut].trim_end().len(), at + lifetime.start..at + lifetime.end))
    })
}

/// A short cell holding a phrase of several words for the end of a session ("When the user's
/// browser is closed", "until the browser is closed"); a one-word session noun inside a
/// description ("identifies the user session") is no lifetime.
fn has_session_clause(text: &str) -> bool {
    const MAX_WORDS: usize = 8;
    if text.split_whitespace().count() > MAX_WORDS {
        return false;
    }
    words().session_clauses.matches(&fold(text)).next().is_some()
}

/// A cell that is exactly a lifetime: "1 an", "6 months", "Fin de session", "Session". A cell
/// starts with a capital or a digit, which tells "Fin de session" from the words "session
/// ouverte" of a purpose.
pub fn is_exact_lifetime(cell: &str) -> bool {
    let cell = cell.trim().trim_end_matches(['.', ',', ';']);
    if !cell.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    if let Some((range, _)) = find_duration(cell) {
        return range.start == 0 && cell[range.end..].trim().is_empty();
    }
    let words: Vec<&str> = cell.split_whitespace().collect();
    words.len() <= 3
        && parse_duration(cell).kind == DurationKind::Session
        && words.last().is_some_and(|w| parse_duration(w).kind == DurationKind::Session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lifetime_that_ends_a_description() {
        let cut = |piece: &'static str| {
            trailing_lifetime(piece).map(|(description, lifetime)| (&piece[description], &piece[lifetime]))
        };
        assert_eq!(cut("counts visits, 3 months"), Some(("counts visits", "3 months")));
        assert_eq!(cut("marks the visit. Session."), Some(("marks the visit.", "Session")));
        assert_eq!(cut("marks the visit.\n  Expires after 2 years."), Some(("marks the visit.", "2 years")));
        assert_eq!(cut("tells visitors apart (2 years)"), Some(("tells visitors apart", "2 years")));
        assert_eq!(cut("tells visitors apart (2 years)."), Some(("tells visitors apart", "2 years")));
        // A sentence ended by a stop and a white space of several bytes.
        assert_eq!(cut("marks the visit.\u{a0}Session."), Some(("marks the visit.", "Session")));
        assert_eq!(cut("marks the visit.\u{3000}1 year"), Some(("marks the visit.", "1 year")));
        // The last sentence is no lifetime, or there is no description before it.
        assert_eq!(cut("counts visits. See our policy."), None);
        // A decimal comma, an abbreviation's stop.
        assert_eq!(cut("Speichert die Einwilligung, 1,5 Jahre"), Some(("Speichert die Einwilligung", "1,5 Jahre")));
        assert_eq!(cut("Speichert die Auswahl für ca. 1 Jahr."), None);
        assert_eq!(cut("(2 years)"), None);
        assert_eq!(cut("Identifies the user session"), None);
    }

    /// The shortcuts (a word start tried only when its word can open an expression; searches
    /// that stop after the first three words, or at the first word, where only those count)
    /// give what the plain formulations give: every word start tried, over the whole text.
    #[test]
    fn shortcuts_agree_with_trying_every_word_start() {
        use proptest::prelude::*;
        let plain_scan = |folded: &str| -> Option<usize> {
            let mut previous: Option<char> = None;
            for (at, c) in folded.char_indices() {
                let word_start = previous.is_none_or(|p| !p.is_alphanumeric());
                previous = Some(c);
                if word_start && c.is_alphanumeric() && expression(&folded[at..], words()).is_ok() {
                    return Some(at);
                }
            }
            None
        };
        let plain_reads_as_duration = |text: &str| {
            let folded = fold(text);
            let within_three_words = |at: usize| folded[..at].split_whitespace().count() < 3;
            let short = folded.split_whitespace().count() <= 5;
            let lifetime_word = |at: usize| at == 0 || (short && within_three_words(at));
            plain_scan(&folded).is_some_and(within_three_words)
                || earliest_phrase(&folded, &words().session).is_some_and(lifetime_word)
                || earliest_phrase(&folded, &words().persistent).is_some_and(lifetime_word)
        };
        let plain_starts_with_duration = |text: &str| {
            let folded = fold(text);
            plain_scan(&folded) == Some(0)
                || earliest_phrase(&folded, &words().session) == Some(0)
                || earliest_phrase(&folded, &words().persistent) == Some(0)
        };
        let plain_session_clause = |text: &str| {
            let folded = fold(text);
            text.split_whitespace().count() <= 8
                && lexicons()
                    .languages
                    .iter()
                    .flat_map(|l| &l.session)
                    .any(|p| p.text.contains(' ') && p.find_in(&folded).is_some())
        };
        let pool = vec![
            "2",
            "13",
            "1,5",
            "one",
            "zwei",
            "un",
            "une",
            "years",
            "months",
            "mois",
            "Tage",
            "h",
            "24h",
            "up",
            "to",
            "up to",
            "max.",
            "jusqu'à",
            "maximum",
            "and",
            "-",
            "session",
            "end of session",
            "when the browser is closed",
            "persistent",
            "permanent",
            "the",
            "cookie",
            "stores",
            "Session",
            "(",
            ")",
            "ends",
            "after",
            "é",
        ];
        let text = prop::collection::vec(
            (
                prop::sample::select(pool),
                prop::sample::select(vec![" ", "  ", ", ", "-", "\n", "", "\u{a0}", "\u{b}", "\t", "\u{ad}"]),
            ),
            0..12,
        );
        proptest!(ProptestConfig::with_cases(3000), |(pieces in text)| {
            let text: String = pieces.iter().map(|(word, gap)| format!("{word}{gap}")).collect();
            let folded = fold(&text);
            prop_assert_eq!(scan_with_end(&folded, words()).map(|(at, ..)| at), plain_scan(&folded), "{:?}", text);
            prop_assert_eq!(reads_as_duration(&text), plain_reads_as_duration(&text), "{:?}", text);
            prop_assert_eq!(starts_with_duration(&text), plain_starts_with_duration(&text), "{:?}", text);
            prop_assert_eq!(has_session_clause(&text), plain_session_clause(&text), "{:?}", text);
            // The answers remembered across documents are the ones read, asked again or not.
            for _ in 0..2 {
                prop_assert_eq!(reads_as_duration(&text), read_reads_as_duration(&text), "{:?}", text);
                prop_assert_eq!(find_duration(&text), read_find_duration(&text), "{:?}", text);
                prop_assert_eq!(is_lifetime_cell(&text), read_is_lifetime_cell(&text), "{:?}", text);
            }
        });
    }

    #[test]
    fn a_backwards_range_keeps_its_bounds_in_order() {
        let d = parse_duration("69 seconds to 0 year");
        assert_eq!((d.min_seconds, d.max_seconds, d.seconds), (Some(0), Some(69), Some(69)));
        let d = parse_duration("2 years to 30 days");
        assert_eq!(d.min_seconds, Some(30 * 86_400));
        assert!(d.max_seconds > d.min_seconds);
    }

    fn seconds(text: &str) -> Option<u64> {
        parse_duration(text).seconds
    }

    const YEAR: u64 = 31_556_952;
    const MONTH: f64 = 2_629_746.0;

    #[test]
    fn quantities_in_english_and_french() {
        assert_eq!(seconds("2 years"), Some(2 * YEAR));
        assert_eq!(seconds("13 months"), Some((13.0 * MONTH) as u64));
        assert_eq!(seconds("24 Hrs"), Some(86_400));
        assert_eq!(seconds("30 mins from set/update"), Some(1_800));
        assert_eq!(seconds("1 day / 24 hours"), Some(86_400));
        assert_eq!(seconds("2 weeks by default"), Some(14 * 86_400));
        assert_eq!(seconds("13 mois"), Some((13.0 * MONTH) as u64));
        assert_eq!(seconds("1 an"), Some(YEAR));
        assert_eq!(seconds("un an"), Some(YEAR));
        assert_eq!(seconds("one year"), Some(YEAR));
        assert_eq!(seconds("1.5 years"), Some(47_335_428));
        assert_eq!(seconds("1,5 ans"), Some(47_335_428));
        assert_eq!(seconds("24h"), Some(86_400));
    }

    #[test]
    fn bounds_and_ranges() {
        let d = parse_duration("Up to 12 months");
        assert_eq!(d.seconds, Some((12.0 * MONTH) as u64));
        assert_eq!(d.max_seconds, d.seconds);
        assert_eq!(d.iso8601.as_deref(), Some("P12M"));
        let d = parse_duration("30 seconds to 1 year");
        assert_eq!((d.min_seconds, d.max_seconds), (Some(30), Some(YEAR)));
        let d = parse_duration("Token randomly reset between two requests or two sessions. Up to 12 months");
        assert_eq!(d.iso8601.as_deref(), Some("P12M"));
        assert_eq!(d.kind, DurationKind::Persistent);
        assert_eq!(parse_duration("Jusqu’à 3650 jours").iso8601.as_deref(), Some("P3650D"));
    }

    /// Consent tools print expiries as "1 year 1 month 4 days": one length, its parts summed,
    /// in every language; a larger unit after a smaller one stays a range.
    #[test]
    fn lengths_in_several_units() {
        let day = 86_400;
        let d = parse_duration("1 year 1 month 4 days");
        assert_eq!(d.seconds, Some(YEAR + MONTH.round() as u64 + 4 * day));
        assert_eq!(d.iso8601.as_deref(), Some("P1Y1M4D"));
        assert_eq!((d.min_seconds, d.max_seconds), (None, None));
        for text in ["1 year and 1 day", "1 an et 1 jour", "1 Jahr und 1 Tag", "1 año y 1 día", "2 Jahre, 1 Tag"] {
            let d = parse_duration(text);
            let years = if text.starts_with('2') { 2 } else { 1 };
            assert_eq!(d.seconds, Some(years * YEAR + day), "{text}");
            assert_eq!(d.min_seconds, None, "{text}");
        }
        let d = parse_duration("1 hour 30 minutes");
        assert_eq!((d.seconds, d.iso8601.as_deref()), (Some(5_400), Some("PT1H30M")));
        assert_eq!(parse_duration("1 day 12 hours").iso8601.as_deref(), Some("P1DT12H"));
        let d = parse_duration("up to 1 year 6 months");
        assert_eq!(d.max_seconds, Some(YEAR + (6.0 * MONTH).round() as u64));
        let d = parse_duration("1 day and 2 years");
        assert_eq!((d.min_seconds, d.max_seconds), (Some(day), Some(2 * YEAR)));
        let d = parse_duration("entre 1 et 2 ans");
        assert_eq!((d.min_seconds, d.max_seconds), (Some(YEAR), Some(2 * YEAR)));
        assert_eq!(seconds("1 day / 24 hours"), Some(day));
    }

    #[test]
    fn session_persistent_and_unknown() {
        for text in ["Session", "End of browser session", "fin de session", "A la fin de la session"] {
            let d = parse_duration(text);
            assert_eq!(d.kind, DurationKind::Session, "{text}");
            assert_eq!(d.seconds, None);
        }
        assert_eq!(parse_duration("Persistent").kind, DurationKind::Persistent);
        // Kept until the visitor deletes it: persistent, with no length to give.
        for text in
            ["Until deleted", "Bis zur Löschung", "jusqu'à suppression", "hasta su eliminación", "tot verwijdering"]
        {
            let d = parse_duration(text);
            assert_eq!((d.kind, d.seconds), (DurationKind::Persistent, None), "{text}");
        }
        let d = parse_duration("until you log out");
        assert_eq!(d.kind, DurationKind::Unknown);
        assert_eq!(d.text, "until you log out");
    }

    #[test]
    fn lifetimes_versus_sentences() {
        assert!(reads_as_duration("2 years"));
        assert!(reads_as_duration("End of session (browser)"));
        assert!(reads_as_duration("up to 13 months"));
        assert!(!reads_as_duration("Google Analytics: groups one day's visits"));
        assert!(!reads_as_duration("protects the order form"));
    }

    #[test]
    fn durations_inside_sentences() {
        let text = "E’ il cookie che distingue il Visitatore. Ha una durata di 2 anni e, fra le altre cose";
        let (range, duration) = find_duration(text).unwrap();
        assert_eq!(&text[range], "2 anni");
        assert_eq!(duration.seconds, Some(2 * YEAR));
        assert!(find_duration("no lifetime here").is_none());
    }

    #[test]
    fn iso8601() {
        assert_eq!(parse_duration("2 years").iso8601.as_deref(), Some("P2Y"));
        assert_eq!(parse_duration("30 minutes").iso8601.as_deref(), Some("PT30M"));
        assert_eq!(parse_duration("1.5 years").iso8601.as_deref(), Some("P1.5Y"));
    }

    /// Every example the normalization issue lists, in all seven languages.
    #[test]
    fn the_listed_examples() {
        let month = |n: f64| Some((n * MONTH).round() as u64);
        let cases: &[(&str, Option<u64>, DurationKind)] = &[
            ("2 years", Some(2 * YEAR), DurationKind::Persistent),
            ("13 months", month(13.0), DurationKind::Persistent),
            ("24 Hrs", Some(86_400), DurationKind::Persistent),
            ("30 mins from set/update", Some(1_800), DurationKind::Persistent),
            ("1 day / 24 hours", Some(86_400), DurationKind::Persistent),
            ("Session", None, DurationKind::Session),
            ("End of browser session", None, DurationKind::Session),
            ("Persistent", None, DurationKind::Persistent),
            ("2 weeks by default", Some(14 * 86_400), DurationKind::Persistent),
            ("Up to 12 months", month(12.0), DurationKind::Persistent),
            ("30 seconds to 1 year", Some(YEAR), DurationKind::Persistent),
            ("Token randomly reset between two requests… Up to 12 months", month(12.0), DurationKind::Persistent),
            ("13 mois", month(13.0), DurationKind::Persistent),
            ("1 an", Some(YEAR), DurationKind::Persistent),
            ("fin de session", None, DurationKind::Session),
            ("2 Jahre", Some(2 * YEAR), DurationKind::Persistent),
            ("14 Tage", Some(14 * 86_400), DurationKind::Persistent),
            ("Sitzungsende", None, DurationKind::Session),
            ("1 año", Some(YEAR), DurationKind::Persistent),
            ("sesión", None, DurationKind::Session),
            ("30 giorni", Some(30 * 86_400), DurationKind::Persistent),
            ("sessione", None, DurationKind::Session),
            ("1 jaar", Some(YEAR), DurationKind::Persistent),
            ("sessie", None, DurationKind::Session),
            ("2 anos", Some(2 * YEAR), DurationKind::Persistent),
            ("sessão", None, DurationKind::Session),
            ("one year", Some(YEAR), DurationKind::Persistent),
            ("un an", Some(YEAR), DurationKind::Persistent),
            ("zwei Jahre", Some(2 * YEAR), DurationKind::Persistent),
            ("1.5 years", Some(47_335_428), DurationKind::Persistent),
            ("1,5 ans", Some(47_335_428), DurationKind::Persistent),
            ("Bis zu zwei Jahre ab dem letzten Besuch", Some(2 * YEAR), DurationKind::Persistent),
            ("Ein Jahr ab dem letzten Besuch", Some(YEAR), DurationKind::Persistent),
            ("hasta 2 años", Some(2 * YEAR), DurationKind::Persistent),
            ("fino a 6 mesi", month(6.0), DurationKind::Persistent),
            ("maximaal 1 jaar", Some(YEAR), DurationKind::Persistent),
            ("até 12 meses", month(12.0), DurationKind::Persistent),
            ("10 ans à partir de la date de création", Some(10 * YEAR), DurationKind::Persistent),
        ];
        for (text, seconds, kind) in cases {
            let d = parse_duration(text);
            assert_eq!((d.seconds, d.kind), (*seconds, *kind), "{text}");
            assert_eq!(d.text, *text);
        }
        let d = parse_duration("30 seconds to 1 year");
        assert_eq!((d.min_seconds, d.max_seconds), (Some(30), Some(YEAR)));
    }

    #[test]
    fn rendered_durations_parse_back() {
        for language in lexicons().languages.iter().map(|l| l.code.as_str()) {
            for seconds in [30, 60, 3_600, 86_400, 7 * 86_400, 2_629_746, YEAR, 2 * YEAR, 13 * 2_629_746] {
                let text = render_seconds(seconds, language).unwrap();
                assert_eq!(parse_duration(&text).seconds, Some(seconds), "{language}: {text}");
            }
        }
    }
}
