//! The text a page puts around its cookie tables (navigation links, a contact address, a phone
//! number, a version line) declares no cookie: appending it to a policy, in any layout, leaves the
//! extracted names and the findings as they were.
use cookielint::Options;

/// The names extracted and the rules that fire.
fn read(name: &str, text: &str) -> (Vec<String>, Vec<String>) {
    let source = cookielint::source::Source::from_text(name, text.to_string());
    let policy = cookielint::extract(&source, &Options::default());
    let mut rules: Vec<String> =
        cookielint::lint::lint_document(&source, &policy).into_iter().map(|d| d.rule.to_string()).collect();
    rules.sort();
    (policy.cookies.into_iter().map(|c| c.name).collect(), rules)
}

const FOOTERS: &[&str] = &[
    "Imprint | Privacy | Cookie settings | Contact",
    "Questions? Write to privacy@example.org.",
    "Tel. +49 30 1234567 / Fax +49 30 7654321",
    "Version 2.1 of 12.03.2024",
    "For more information see https://www.example.org/privacy-policy.",
    "Example GmbH, Musterstraße 12, 10115 Berlin",
    "© 2026 Example S.A. All rights reserved.",
];

/// One policy per layout where a footer could be taken for a row.
const POLICIES: &[(&str, &str, &[&str])] = &[
    (
        "pipe-cells.txt",
        "Necessary cookies\n\nCookie | Type | Duration | Description |\n\
         sess_main | First party | Session | Keeps the cart between pages |\n\
         lang_pref | First party | 1 year | Remembers the chosen language |\n\
         consent_state | First party | 6 months | Stores the consent choices |\n",
        &["sess_main", "lang_pref", "consent_state"],
    ),
    (
        "pipe-per-line.txt",
        "Cookies we use\n\nName |\nDuration |\nPurpose |\nsess_main |\nSession |\nKeeps the cart |\n\
         lang_pref |\n1 year |\nRemembers the language |\nconsent_state |\n6 months |\nStores the choices |\n",
        &["sess_main", "lang_pref", "consent_state"],
    ),
    (
        "space-separated.txt",
        "Cookies on this site\n\nService provider's name Function and location Cookie name(s) Purposes\n\
         Shopkit Sign-in (front office) shop_sid To keep you signed in between pages\n\
         Shopkit Language choice (front office) shop_lang To remember the language\n",
        &["shop_sid", "shop_lang"],
    ),
    (
        "tab-separated.txt",
        "Statistics cookies\n\nCookie\tSet by\tPurpose\tExpires\nst_visit\tExample Ltd\tCounts visits\t13 months\n",
        &["st_visit"],
    ),
    (
        "markdown.md",
        "## Statistics cookies\n\n| Name | Duration | Purpose |\n|---|---|---|\n\
         | _ga | 2 years | Tells visitors apart |\n| _gid | 24 hours | Tells visitors apart |\n",
        &["_ga", "_gid"],
    ),
    (
        "prose.txt",
        "About cookies\n\nTo keep you signed in and remember your display settings, the site sets the \
         cookies session_token (session), ui_theme (1 year) and ui_font (1 year).\n",
        &["session_token", "ui_theme", "ui_font"],
    ),
];

#[test]
fn footers_add_no_cookie_and_no_finding() {
    let mut changed = Vec::new();
    for (name, policy, expected) in POLICIES {
        let alone = read(name, policy);
        assert_eq!(alone.0, *expected, "{name}: the policy itself");
        for footer in FOOTERS {
            let with_footer = read(name, &format!("{policy}\n{footer}\n"));
            if with_footer != alone {
                changed.push(format!("{name} + {footer:?}: {alone:?} became {with_footer:?}"));
            }
        }
    }
    assert!(changed.is_empty(), "{}", changed.join("\n"));
}

/// Text copied out of an HTML table often ends every line with a tab or spaces: the same
/// entries and findings as without them.
#[test]
fn trailing_tabs_and_spaces_change_nothing() {
    let mut changed = Vec::new();
    for (name, policy, _) in POLICIES {
        let alone = read(name, policy);
        for tail in ["\t", "   ", " \t"] {
            let padded: String = policy.lines().map(|line| format!("{line}{tail}\n")).collect();
            let with_tail = read(name, &padded);
            if with_tail != alone {
                changed.push(format!("{name} with {tail:?} after each line: {alone:?} became {with_tail:?}"));
            }
        }
    }
    assert!(changed.is_empty(), "{}", changed.join("\n"));
}

/// Cells run together under a header of abutting labels: rows may stand between blank lines
/// (HTML converted to text), and a sentence under the table is no row.
#[test]
fn concatenated_rows_across_blank_lines() {
    let policy = "NAMEPURPOSEEXPIRY\nab_session_Keeps you signed in.Session\n\
                  ab_lang_Remembers the language.1 year\nab_consent_Stores your choices.6 months\n";
    let expected = ["ab_session_", "ab_lang_", "ab_consent_"];
    assert_eq!(read("concat.txt", policy).0, expected);
    let spread: String = policy.lines().map(|line| format!("{line}\n\n")).collect();
    assert_eq!(read("concat.txt", &spread), read("concat.txt", policy));
    for footer in FOOTERS.iter().chain(&["Leave a comment"]) {
        let with_footer = format!("{policy}\n{footer}\n");
        assert_eq!(read("concat.txt", &with_footer).0, expected, "{footer}");
    }
}

/// Lines a page puts above its title (the date of the last update, the breadcrumb trail) are
/// not the title: a guide titled after one vendor still gives its rows that vendor.
#[test]
fn leading_lines_do_not_hide_the_title() {
    let providers = |text: &str| -> Vec<Option<String>> {
        let policy = cookielint::extract_text("guide.txt", text.to_string(), &Options::default());
        policy.cookies.into_iter().map(|c| c.provider).collect()
    };
    // The table stands under a section title of its own, which replaces the guide's title among
    // the headings above it (plain-text titles have no levels): the vendor comes from the title.
    let guide = "Cookies set by Google Analytics\n\nThe statistics on this site come from one tool.\n\n\
                 Current version\n\n\
                 Cookie\tPurpose\tDuration\n_ga\tTells visitors apart\t2 years\n_gid\tTells visitors apart\t24 hours\n";
    let expected = providers(guide);
    assert_eq!(expected, vec![Some("Google Analytics".to_string()); 2]);
    for leading in [
        "Last updated: 1 March 2026",
        "Stand: 03/2026",
        "Dernière mise à jour : 1er mars 2026",
        "Home > Legal > Cookies",
        "Startseite › Datenschutz › Cookies",
    ] {
        assert_eq!(providers(&format!("{leading}\n\n{guide}")), expected, "{leading}");
    }
}

/// A page titled after the consent tool ("Manage your cookie preferences") does not make every
/// cookie under it a preference cookie; a section of preference cookies still does.
#[test]
fn a_consent_tool_title_is_no_category() {
    let categories = |text: &str| -> Vec<Option<&'static str>> {
        let policy = cookielint::extract_text("policy.md", text.to_string(), &Options::default());
        policy.cookies.iter().map(|c| c.category.map(|c| c.as_str())).collect()
    };
    let table = "| Name | Purpose | Duration |\n|---|---|---|\n| site_sess | Keeps you signed in | Session |\n";
    for title in ["Manage your cookie preferences", "Gestion de vos préférences sur les cookies"] {
        assert_eq!(categories(&format!("# {title}\n\n{table}")), [None], "{title}");
    }
    assert_eq!(categories(&format!("# Preference cookies\n\n{table}")), [Some("preferences")]);
}
