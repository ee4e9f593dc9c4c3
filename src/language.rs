//! Document-level language identification: every word of a language's `[identify]` list found
//! in the text is a vote, worth 1/n when n languages list the word (so "para", shared by Spanish
//! and Portuguese, counts half for each); the language with most votes wins. Function words are
//! frequent enough that a short policy gives dozens of votes.
use crate::grammar::Lexicons;
use crate::text::{fold_char, Fnv};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How much text is read: enough for a reliable vote, bounded for huge inputs.
pub const MAX_BYTES: usize = 64 * 1024;

/// The document's language: each line votes for the language most of its words vote for, and
/// the language of most lines wins (ties go to the most word votes, then to the earlier language
/// in file order). Counting lines rather than words keeps a few long cells copied from a
/// vendor's English descriptions from outvoting the policy's own text around them.
pub fn identify(text: &str, lexicons: &Lexicons) -> Option<String> {
    identify_reading(text, lexicons, true)
}

/// [`identify`], stopping once the winner is decided or (`stop_when_decided` false, for tests)
/// reading every line.
fn identify_reading(text: &str, lexicons: &Lexicons, stop_when_decided: bool) -> Option<String> {
    let text = &text[..crate::text::floor_char_boundary(text, MAX_BYTES)];
    let languages = lexicons.languages.len();
    let mut lines_won = vec![0f64; languages];
    let mut word_votes = vec![0f64; languages];
    // One buffer for every line's votes and one for the word being read: a policy has
    // thousands of lines.
    let mut votes = vec![0f64; languages];
    let mut word = String::new();
    let voters = voters(lexicons);
    // Lines not tallied yet: once one language has won more lines than any other by more
    // than that, no line left can change the winner, and the rest is not tallied (a policy in
    // one language whose lines all vote is decided half way; lines without a vote delay it).
    let lines = lines_of(text);
    let mut lines_left = lines.len();
    for line in lines {
        lines_left -= 1;
        votes.fill(0.0);
        tally(line, voters, &mut votes, &mut word);
        let top = votes.iter().copied().fold(0f64, f64::max);
        if top <= 0.0 {
            continue;
        }
        let winners = votes.iter().filter(|&&v| v == top).count() as f64;
        for (language, &v) in votes.iter().enumerate() {
            word_votes[language] += v;
            if v == top {
                lines_won[language] += 1.0 / winners;
            }
        }
        if stop_when_decided && is_decided(&lines_won, lines_left) {
            break;
        }
    }
    let mut best: Option<usize> = None;
    for language in 0..languages {
        let better = |b: usize| (lines_won[language], word_votes[language]) > (lines_won[b], word_votes[b]);
        if lines_won[language] > 0.0 && best.is_none_or(better) {
            best = Some(language);
        }
    }
    best.map(|b| lexicons.languages[b].code.clone())
}

/// The text between line breaks, each `\n` and each `\r` one (as `text.split(['\n', '\r'])`
/// cuts it, with a vectorized search for both bytes).
fn lines_of(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    for at in memchr::memchr2_iter(b'\n', b'\r', text.as_bytes()) {
        lines.push(&text[start..at]);
        start = at + 1;
    }
    lines.push(&text[start..]);
    lines
}

/// Whether the language with most lines won stays ahead whatever `lines_left` more lines vote:
/// each line gives at most one line to any language, so a lead of more than that is final, and
/// no tie is left for the word votes to break. Half a line of margin keeps the sums of
/// fractions (a line shared by three languages gives each a third) from deciding by rounding.
fn is_decided(lines_won: &[f64], lines_left: usize) -> bool {
    let (mut first, mut second) = (0f64, 0f64);
    for &won in lines_won {
        if won > first {
            second = first;
            first = won;
        } else if won > second {
            second = won;
        }
    }
    first - second > lines_left as f64 + 0.5
}

/// The weighted votes of each language (in `lexicons.languages` order) for a text.
pub fn votes(text: &str, lexicons: &Lexicons) -> Vec<f64> {
    let mut votes = vec![0f64; lexicons.languages.len()];
    let text = &text[..crate::text::floor_char_boundary(text, MAX_BYTES)];
    tally(text, voters(lexicons), &mut votes, &mut String::new());
    votes
}

/// Each `[identify]` word with the languages that list it and the vote each gets (1/n).
struct Voters {
    words: HashMap<String, Vec<(usize, f64)>, Fnv>,
    /// The most letters (bytes other than apostrophes) a word has: a word of the text with more
    /// is not looked up.
    longest: usize,
}

fn letters_of(word: &str) -> usize {
    word.bytes().filter(|&b| b != b'\'').count()
}

fn voters(lexicons: &Lexicons) -> &'static Voters {
    static VOTERS: OnceLock<Voters> = OnceLock::new();
    VOTERS.get_or_init(|| {
        let mut listed: HashMap<String, Vec<usize>, Fnv> = HashMap::default();
        for (index, lexicon) in lexicons.languages.iter().enumerate() {
            for word in &lexicon.identify {
                listed.entry(word.clone()).or_default().push(index);
            }
        }
        // A short document (a table of names and lifetimes) has few function words; the words a
        // cookie table is written with (column labels, time units, category and session words)
        // vote too, for half as much. A word any language lists among its function words votes
        // as one only.
        let mut vocabulary: HashMap<String, Vec<usize>, Fnv> = HashMap::default();
        for (index, lexicon) in lexicons.languages.iter().enumerate() {
            let phrases = lexicon
                .columns
                .iter()
                .map(|(_, p)| p)
                .chain(lexicon.categories.iter().map(|(_, p)| p))
                .chain(&lexicon.session)
                .filter(|p| !p.stem)
                .map(|p| p.text.as_str());
            let units = lexicon.units.iter().map(|(w, _)| w.as_str());
            for word in phrases.chain(units).filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic)) {
                if !listed.contains_key(word) {
                    let languages = vocabulary.entry(word.to_string()).or_default();
                    if !languages.contains(&index) {
                        languages.push(index);
                    }
                }
            }
        }
        let longest = listed.keys().chain(vocabulary.keys()).map(|w| letters_of(w)).max().unwrap_or(0);
        let weighted = |(word, languages): (String, Vec<usize>), worth: f64| {
            let weight = worth / languages.len() as f64;
            (word, languages.into_iter().map(|l| (l, weight)).collect::<Vec<_>>())
        };
        let words = listed
            .into_iter()
            .map(|entry| weighted(entry, 1.0))
            .chain(vocabulary.into_iter().map(|entry| weighted(entry, 0.5)))
            .collect();
        Voters { words, longest }
    })
}

/// Adds the votes of the words of `text` to `votes`; `word` is scratch space. A word is a run
/// of folded letters and apostrophes, looked up without its outer apostrophes.
fn tally(text: &str, voters: &Voters, votes: &mut [f64], word: &mut String) {
    word.clear();
    // Bytes of the word that are not apostrophes: past `voters.longest` the word is no voter,
    // and is no longer copied.
    let mut letters = 0usize;
    let mut vote = |word: &mut String, letters: &mut usize| {
        if !word.is_empty() && *letters <= voters.longest {
            if let Some(languages) = voters.words.get(word.trim_matches('\'')) {
                for &(language, weight) in languages {
                    votes[language] += weight;
                }
            }
        }
        word.clear();
        *letters = 0;
    };
    for c in text.chars() {
        // Most text is ASCII, where folding is lower-casing (and ` reads as an apostrophe).
        let folded = if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                c.to_ascii_lowercase()
            } else if c == '\'' || c == '`' {
                '\''
            } else {
                vote(word, &mut letters);
                continue;
            }
        } else {
            match fold_char(c) {
                Some(f) if f.is_alphabetic() || f == '\'' => f,
                None => continue,
                Some(_) => {
                    vote(word, &mut letters);
                    continue;
                }
            }
        };
        if folded != '\'' {
            letters += folded.len_utf8();
        }
        if letters <= voters.longest {
            word.push(folded);
        }
    }
    vote(word, &mut letters);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::lexicons;

    /// A Spanish policy whose table keeps a vendor's long English descriptions: more English
    /// words, but most lines are Spanish.
    #[test]
    fn the_language_of_most_lines_wins() {
        let lex = lexicons();
        let text = "¿Qué es una cookie?\nUna cookie es un pequeño archivo que los sitios web instalan en el ordenador.\n\
                    Las cookies se utilizan para que los sitios funcionen y para recabar información de su uso.\n\
                    ¿Qué cookies utilizamos?\nEn la siguiente tabla se explican las cookies que utilizamos:\n\
                    _ga | 2 years | The cookie is installed by the analytics service to calculate the visitor, session and campaign data and to keep track of the use of the site for the report of the owner of the site, and it stores the information in an anonymous way. |\n\
                    _gid | 1 day | The cookie stores the information on how the visitors use a website, while it also creates a report of the performance of the website for the owner of the website. |\n";
        assert_eq!(identify(text, lex).as_deref(), Some("es"));
    }

    /// The votes as the first version counted them: every character folded, every word looked
    /// up, whatever its length.
    fn counted_char_by_char(text: &str, lexicons: &Lexicons) -> Vec<f64> {
        // The same voters and weights; the words are found by folding every character.
        let listed = &voters(lexicons).words;
        let mut votes = vec![0f64; lexicons.languages.len()];
        let mut word = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            match fold_char(c) {
                Some(c) if c.is_alphabetic() || c == '\'' => word.push(c),
                None => {}
                Some(_) if !word.is_empty() => {
                    if let Some(languages) = listed.get(word.trim_matches('\'')) {
                        for &(language, weight) in languages {
                            votes[language] += weight;
                        }
                    }
                    word.clear();
                }
                Some(_) => {}
            }
        }
        votes
    }

    /// The ASCII fast path and the cut at the longest listed word change no vote: words of
    /// every language, capitals, accents, apostrophes of three kinds, zero-width characters,
    /// digits and long words, glued or spaced.
    #[test]
    fn fast_tally_counts_what_folding_every_character_counts() {
        use proptest::prelude::*;
        let lex = lexicons();
        // The longest listed words, as written and one letter longer: the edge of the cut.
        let longest = voters(lex).longest;
        let edge: Vec<String> = voters(lex)
            .words
            .keys()
            .filter(|w| letters_of(w) == longest)
            .flat_map(|w| [w.clone(), format!("{w}s"), format!("'{}'", w.to_uppercase())])
            .collect();
        let mut words: Vec<String> = edge;
        words.extend(
            [
                "the",
                "THE",
                "and",
                "de",
                "la",
                "Les",
                "und",
                "für",
                "FÜR",
                "der",
                "het",
                "een",
                "para",
                "que",
                "il",
                "l'",
                "d’une",
                "`the`",
                "'and'",
                "''",
                "é",
                "co\u{ad}okie",
                "zero\u{200b}width",
                "12",
                "_ga",
                "é,",
                "Datenschutzgrundverordnung",
                "supercalifragilisticexpialidocious'",
                "ß",
                "İstanbul",
                "\u{a0}",
            ]
            .map(String::from),
        );
        let pool = prop::sample::select(words);
        let text = prop::collection::vec((pool, prop::sample::select(vec!["", " ", ", ", ".\n", "-"])), 0..16);
        proptest!(ProptestConfig::with_cases(3000), |(parts in text)| {
            let text: String = parts.iter().map(|(w, sep)| format!("{w}{sep}")).collect();
            prop_assert_eq!(votes(&text, lex), counted_char_by_char(&text, lex), "text {:?}", text);
        });
    }

    /// Stopping once the winner is decided gives the language reading every line gives: lines
    /// of several languages in any order and number, lines shared by two languages, lines with
    /// no vote, and every kind of line break.
    #[test]
    fn stopping_when_decided_gives_the_language_of_every_line() {
        use proptest::prelude::*;
        let lex = lexicons();
        let lines = [
            "We use cookies to remember your choices and the pages you visit.",
            "The cookie is set by the analytics service.",
            "Nous utilisons des cookies pour mémoriser vos choix.",
            "Wir verwenden Cookies, um Ihre Auswahl zu speichern.",
            "Utilizamos cookies para recordar sus preferencias.",
            "Utilizamos cookies para lembrar as suas preferências.",
            "Utilizziamo i cookie per ricordare le tue preferenze.",
            "para",
            "Nome | Durata",
            "Navn | Udløb",
            "_ga | 2 | _gid",
            "",
        ];
        let breaks = prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"]);
        let text = prop::collection::vec((prop::sample::select(lines.to_vec()), breaks), 0..40);
        proptest!(ProptestConfig::with_cases(3000), |(parts in text)| {
            let text: String = parts.iter().map(|(line, end)| format!("{line}{end}")).collect();
            prop_assert_eq!(identify_reading(&text, lex, true), identify_reading(&text, lex, false), "text {:?}", text);
            prop_assert_eq!(lines_of(&text), text.split(['\n', '\r']).collect::<Vec<_>>());
        });
    }

    #[test]
    fn a_lead_is_final_only_past_the_lines_left() {
        assert!(is_decided(&[5.0, 1.0, 0.0], 3));
        assert!(!is_decided(&[5.0, 1.0, 0.0], 4), "four more lines could tie");
        assert!(!is_decided(&[2.0, 2.0], 0), "a tie is left to the word votes");
        assert!(is_decided(&[1.0, 0.0], 0));
        assert!(!is_decided(&[], 0));
    }

    #[test]
    fn short_texts() {
        let lex = lexicons();
        assert_eq!(identify("We use cookies to remember your choices.", lex).as_deref(), Some("en"));
        assert_eq!(identify("Nous utilisons des cookies pour mémoriser vos choix.", lex).as_deref(), Some("fr"));
        assert_eq!(identify("Wir verwenden Cookies, um Ihre Auswahl zu speichern.", lex).as_deref(), Some("de"));
        assert_eq!(identify("Utilizamos cookies para recordar sus preferencias.", lex).as_deref(), Some("es"));
        assert_eq!(identify("Utilizziamo i cookie per ricordare le tue preferenze.", lex).as_deref(), Some("it"));
        assert_eq!(identify("Wij gebruiken cookies om uw voorkeuren te onthouden.", lex).as_deref(), Some("nl"));
        assert_eq!(identify("Utilizamos cookies para lembrar as suas preferências.", lex).as_deref(), Some("pt"));
        assert_eq!(identify("12 34", lex), None);
    }

    /// A table of names and lifetimes has few function words: its labels, units and session
    /// words tell the language.
    #[test]
    fn short_tables() {
        let lex = lexicons();
        let it = "Nome | Durata | Descrizione\n_ga | 2 anni | Registra un ID univoco\n_gat | 1 minuto | Limita le richieste\n";
        assert_eq!(identify(it, lex).as_deref(), Some("it"));
        assert_eq!(identify("Navn | Udløb\n_ga | 2 år\n_gid | 1 dag\n", lex).as_deref(), Some("da"));
        assert_eq!(identify("Název | Platnost\n_ga | 2 roky\n_gid | 24 hodin\n", lex).as_deref(), Some("cs"));
        assert_eq!(identify("Nombre | Duración\n_ga | 2 años\n_gid | 1 día\n", lex).as_deref(), Some("es"));
    }
}
