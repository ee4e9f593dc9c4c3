//! Document-level language identification: every word of a language's `[identify]` list found
//! in the text is a vote, worth 1/n when n languages list the word (so "para", shared by Spanish
//! and Portuguese, counts half for each); the language with most votes wins. Function words are
//! frequent enough that a short policy gives dozens of votes.
use crate::lexicon::Lexicons;
use crate::text::{fold_char, Fnv};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How much text is read: enough for a reliable vote, bounded for huge inputs.
const MAX_BYTES: usize = 64 * 1024;

pub fn identify(text: &str, lexicons: &Lexicons) -> Option<String> {
    let votes = votes(text, lexicons);
    // On a tie the earlier language (in file order) wins.
    let (best, count) = votes.iter().enumerate().fold((0, 0.0), |best, (i, &v)| if v > best.1 { (i, v) } else { best });
    (count > 0.0).then(|| lexicons.languages[best].code.clone())
}

/// The weighted votes of each language (in `lexicons.languages` order) for a text.
pub fn votes(text: &str, lexicons: &Lexicons) -> Vec<f64> {
    static VOTERS: OnceLock<HashMap<String, Vec<usize>, Fnv>> = OnceLock::new();
    let voters = VOTERS.get_or_init(|| {
        let mut voters: HashMap<String, Vec<usize>, Fnv> = HashMap::default();
        for (index, lexicon) in lexicons.languages.iter().enumerate() {
            for word in &lexicon.identify {
                voters.entry(word.clone()).or_default().push(index);
            }
        }
        voters
    });
    let mut votes = vec![0f64; lexicons.languages.len()];
    let mut word = String::new();
    let text = &text[..crate::text::floor_char_boundary(text, MAX_BYTES)];
    for c in text.chars().chain(std::iter::once(' ')) {
        match fold_char(c) {
            Some(c) if c.is_alphabetic() || c == '\'' => word.push(c),
            None => {}
            Some(_) if !word.is_empty() => {
                if let Some(languages) = voters.get(word.trim_matches('\'')) {
                    for &language in languages {
                        votes[language] += 1.0 / languages.len() as f64;
                    }
                }
                word.clear();
            }
            Some(_) => {}
        }
    }
    votes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::lexicons;

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
}
