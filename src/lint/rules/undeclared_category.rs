use crate::blocks::BlockKind;
use crate::diagnostics::Severity;
use crate::grammar::{lexicons, Category, Party, Phrase};
use crate::lint::{Check, Context, Findings, Rule};
use crate::text::{fold, PhraseSet};
use std::sync::OnceLock;

pub static RULE: Rule = Rule {
    name: "undeclared-category",
    code: "CL010",
    severity: Severity::Warning,
    summary: "The text says cookies are used for analytics, advertising or third-party content, but no such cookie is declared.",
    rationale: "Consent is only informed if every purpose and every cookie is listed (ePrivacy Art. 5(3), \
                GDPR Art. 13(1)(c)); the ICO's guidance asks for the cookies behind each announced use. A \
                policy that announces web analytics but lists no statistics cookie leaves the visitor \
                unable to know what is set.",
    violation: "We use cookies to keep you signed in and to perform web analytics.\n\n## Necessary cookies\n| Cookie | Duration |\n|---|---|\n| sid | Session |",
    fix: "Add the analytics cookies (e.g. a \"Statistics cookies\" table), or remove the announcement if none is set.",
    check: Check::Document(check),
};

/// What a sentence announces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Category(Category),
    ThirdPartyContent,
}

fn check(ctx: &Context, findings: &mut Findings) {
    let declared: Vec<Category> = ctx.policy.cookies.iter().filter_map(|c| c.category).collect();
    let third_party_declared =
        ctx.policy.cookies.iter().any(|c| c.party == Some(Party::Third) || c.category == Some(Category::Marketing));
    let missing = |announced: Use| match announced {
        Use::Category(category) => !declared.contains(&category),
        Use::ThirdPartyContent => !third_party_declared,
    };
    // Most policies declare every use the rule knows: then no sentence needs reading.
    let mut unreported: Vec<Use> =
        [Use::Category(Category::Statistics), Use::Category(Category::Marketing), Use::ThirdPartyContent]
            .into_iter()
            .filter(|&u| missing(u))
            .collect();
    if unreported.is_empty() {
        return;
    }
    let tables = crate::span::RangeCover::new(ctx.policy.tables.iter().map(|t| t.span.range()));
    for block in &ctx.policy.blocks {
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::List { .. } | BlockKind::Heading { .. }) {
            continue;
        }
        for (range, sentence) in sentences(&ctx.source.text, block.range.clone()) {
            if tables.overlaps(&range) {
                continue;
            }
            for (announced, words) in announcements(&sentence, &unreported) {
                unreported.retain(|&u| u != announced);
                let what = match announced {
                    Use::Category(c) => format!("{} cookie", c.as_str()),
                    Use::ThirdPartyContent => "third-party or marketing cookie".to_string(),
                };
                findings
                    .report(
                        ctx.source.span(range.clone()),
                        format!("the text announces {words}, but no {what} is declared"),
                    )
                    .help =
                    Some(format!("declare the {what}s the site sets, or remove the announcement if there are none"));
            }
            if unreported.is_empty() {
                return;
            }
        }
    }
}

/// Sentences of a block (split at line ends and at `.`, `!`, `?` followed by a space), with
/// their byte ranges in the source.
fn sentences(text: &str, range: std::ops::Range<usize>) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    for line in crate::blocks::lines_in(text, range) {
        let content = &text[line.clone()];
        let mut start = 0;
        let bytes = content.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(|n| *n == b' ') {
                out.push((line.start + start..line.start + i + 1, fold(&content[start..=i])));
                start = i + 2;
            }
        }
        if start < content.len() {
            out.push((line.start + start..line.end, fold(&content[start..])));
        }
    }
    out.retain(|(r, s)| r.start < r.end && !s.is_empty());
    out
}

/// The phrase lists this rule reads, each searched in one pass.
struct Phrases {
    we_use: PhraseSet<()>,
    statistics: PhraseSet<()>,
    marketing: PhraseSet<()>,
    third_party_content: PhraseSet<()>,
}

fn phrases() -> &'static Phrases {
    static PHRASES: OnceLock<Phrases> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let lex = lexicons();
        let set = |list: Vec<&Phrase>| PhraseSet::new(list.into_iter().map(|p| (p.text.as_str(), p.stem, ())));
        let category = |category: Category| {
            set(lex
                .languages
                .iter()
                .flat_map(|l| l.categories.iter())
                .filter(|(c, _)| *c == category)
                .map(|(_, p)| p)
                .collect())
        };
        Phrases {
            we_use: set(lex.languages.iter().flat_map(|l| l.we_use.iter()).collect()),
            statistics: category(Category::Statistics),
            marketing: category(Category::Marketing),
            third_party_content: set(lex.languages.iter().flat_map(|l| l.third_party_content.iter()).collect()),
        }
    })
}

/// The words of `sentence` the first listed phrase of `set` matches (to the end of the last
/// word, for stems).
fn matched(sentence: &str, set: &PhraseSet<()>) -> Option<String> {
    let (at, length, ()) = set.first_listed_match(sentence)?;
    let end = at + length;
    let end = end + sentence[end..].find(|c: char| !c.is_alphanumeric()).unwrap_or(sentence.len() - end);
    Some(sentence[at..end].to_string())
}

/// The uses a folded sentence announces, with the words that announce them: a first-person
/// statement ("we use cookies … to perform web analytics"), a quoted cookie type the policy
/// presents (“Statistical” cookies …), or embedded third-party content. Only the uses in
/// `wanted` are looked for.
fn announcements(sentence: &str, wanted: &[Use]) -> Vec<(Use, String)> {
    let phrases = phrases();
    let mut uses = Vec::new();
    let first_person = matched(sentence, &phrases.we_use).is_some();
    for (category, set) in [(Category::Statistics, &phrases.statistics), (Category::Marketing, &phrases.marketing)] {
        if !wanted.contains(&Use::Category(category)) {
            continue;
        }
        let found = if first_person { matched(sentence, set).map(|w| format!("\"{w}\"")) } else { None };
        let found = found.or_else(|| quoted_types(sentence).into_iter().find(|(c, _)| *c == category).map(|(_, w)| w));
        if let Some(words) = found {
            uses.push((Use::Category(category), words));
        }
    }
    if !wanted.contains(&Use::ThirdPartyContent) {
        return uses;
    }
    if let Some(words) = matched(sentence, &phrases.third_party_content) {
        uses.push((Use::ThirdPartyContent, format!("\"{words}\"")));
    }
    uses
}

/// Categories named in quotes in a sentence with a noun for a cookie (of any grammar language):
/// “Statistical” cookies, les cookies « statistiques ». `sentence` is folded.
fn quoted_types(sentence: &str) -> Vec<(Category, String)> {
    if lexicons().cookie_nouns_in(sentence).next().is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut rest = sentence;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else { break };
        let inner = after[..close].trim();
        if inner.chars().count() <= 30 {
            if let Some(category) = lexicons().category_in(inner) {
                found.push((category, format!("\u{201c}{inner}\u{201d} cookies")));
            }
        }
        rest = &after[close + 1..];
    }
    found
}
