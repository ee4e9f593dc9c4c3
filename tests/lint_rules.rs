//! Every lint rule, shown firing on a small document and not firing on its fixed version.
use cookielint::diagnostics::Diagnostic;
use cookielint::lint::config::{Config, Resolved};
use cookielint::lint::{self, Context};
use cookielint::model::Policy;
use cookielint::observed::{parse_observed, ObservedCookie};
use cookielint::source::Source;

fn document(text: &str) -> (Source, Policy) {
    let source = Source::from_text("policy.md", text.to_string());
    let policy = cookielint::extract(&source, &Default::default());
    (source, policy)
}

#[derive(Default)]
struct Setup {
    config: Resolved,
    observed: Option<Vec<ObservedCookie>>,
    disclosed: Option<Vec<cookielint::tcf::Disclosure>>,
    baseline: Option<Policy>,
}

fn run(text: &str, setup: &Setup) -> Vec<Diagnostic> {
    let (source, policy) = document(text);
    let mut context = Context::new(&source, &policy, &setup.config);
    context.observed = setup.observed.as_deref();
    context.disclosed = setup.disclosed.as_deref();
    context.baseline = setup.baseline.as_ref();
    lint::lint(&[context]).remove(0)
}

/// Lines on which `rule` fires.
fn fired(text: &str, rule: &str, setup: &Setup) -> Vec<usize> {
    run(text, setup).into_iter().filter(|d| d.rule == rule).map(|d| d.span.line).collect()
}

fn fires(text: &str, rule: &str) -> Vec<usize> {
    fired(text, rule, &Setup::default())
}

const HEAD: &str = "# Cookies\n\n## Necessary cookies\n\n";

#[test]
fn missing_duration() {
    let no_column = format!("{HEAD}| Cookie | Purpose |\n|---|---|\n| sid | Keeps you signed in |\n");
    assert_eq!(fires(&no_column, "missing-duration"), [5]);
    let empty_cell = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Keeps you signed in | |\n");
    assert_eq!(fires(&empty_cell, "missing-duration"), [7]);
    let fixed =
        format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Keeps you signed in | Session |\n");
    assert!(fires(&fixed, "missing-duration").is_empty());
}

#[test]
fn missing_purpose() {
    let text = format!("{HEAD}| Cookie | Duration |\n|---|---|\n| sid | Session |\n");
    assert_eq!(fires(&text, "missing-purpose"), [5]);
    let fixed =
        format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Keeps you signed in | Session |\n");
    assert!(fires(&fixed, "missing-purpose").is_empty());
}

#[test]
fn missing_provider() {
    let text = format!(
        "{HEAD}| Cookie | Party | Purpose | Duration |\n|---|---|---|---|\n| adr | Third party | Ads | 90 days |\n"
    );
    assert_eq!(fires(&text, "missing-provider"), [7]);
    let fixed = format!("{HEAD}| Cookie | Provider | Party | Purpose | Duration |\n|---|---|---|---|---|\n| adr | Adreef | Third party | Ads | 90 days |\n");
    assert!(fires(&fixed, "missing-provider").is_empty());
}

/// What the knowledge base fills in is not what the policy says: a known cookie whose row gives no
/// lifetime or provider is still reported, although its entry carries the base's values.
#[test]
fn knowledge_does_not_declare_for_the_policy() {
    let text = format!(
        "{HEAD}| Cookie | Party | Purpose | Duration |\n|---|---|---|---|\n| _ga | Third party | Analytics | |\n"
    );
    let (_, policy) = document(&text);
    let ga = &policy.cookies[0];
    assert!(ga.duration.is_some() && ga.provider.is_some(), "{ga:?}");
    assert_eq!(ga.duration_source, Some(cookielint::model::FieldSource::Knowledge));
    assert_eq!(fires(&text, "missing-duration"), [7]);
    assert_eq!(fires(&text, "missing-provider"), [7]);
}

/// A name declared as a cookie and as a local-storage key is two declarations, not a repeat.
#[test]
fn a_cookie_and_a_storage_key_of_one_name_are_no_duplicate() {
    let table = "| Cookie | Purpose | Duration |\n|---|---|---|\n| sid_x | Keeps you signed in | 1 day |\n";
    let text = format!("{HEAD}{table}\n## Local storage\n\n{table}");
    let (_, policy) = document(&text);
    let kinds: Vec<&str> = policy.cookies.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, ["cookie", "local-storage"]);
    assert!(fires(&text, "duplicate-cookie").is_empty());
    let repeated = format!("{HEAD}{table}\n## More necessary cookies\n\n{table}");
    assert_eq!(fires(&repeated, "duplicate-cookie"), [13]);
}

#[test]
fn empty_cell() {
    let text = format!(
        "{HEAD}| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n| sid | - | Session id | Session |\n"
    );
    assert_eq!(fires(&text, "empty-cell"), [7]);
    let fixed = text.replace("| - |", "| Example Ltd |");
    assert!(fires(&fixed, "empty-cell").is_empty());
}

#[test]
fn unparseable_duration() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | varies |\n");
    assert_eq!(fires(&text, "unparseable-duration"), [7]);
    assert!(fires(&text.replace("varies", "2 years"), "unparseable-duration").is_empty());
}

#[test]
fn duplicate_and_conflicting() {
    let twice = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | Session |\n| sid | Session id | Session |\n");
    let diagnostics = run(&twice, &Setup::default());
    let duplicate: Vec<_> = diagnostics.iter().filter(|d| d.rule == "duplicate-cookie").collect();
    assert_eq!(duplicate.len(), 1);
    assert_eq!(duplicate[0].span.line, 8);
    assert_eq!(duplicate[0].related[0].span.line, 7, "the first declaration is the related span");
    assert!(fires(&twice, "conflicting-declaration").is_empty());
    let conflict = format!("{twice}\n## Statistics cookies\n\n| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | 2 years |\n");
    assert_eq!(fires(&conflict, "conflicting-declaration"), [14]);
    let once = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | Session |\n| sid2 | Session id | Session |\n");
    assert!(fires(&once, "duplicate-cookie").is_empty());
}

#[test]
fn miscategorized_cookie() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| _ga | Analytics id | 2 years |\n");
    assert_eq!(fires(&text, "miscategorized-cookie"), [7]);
    assert!(fires(&text.replace("Necessary cookies", "Statistics cookies"), "miscategorized-cookie").is_empty());
    // A plain word such as `sessionid` is no evidence (the base lists an Instagram cookie of that name).
    assert!(fires(&text.replace("_ga", "sessionid"), "miscategorized-cookie").is_empty());
}

#[test]
fn excessive_lifetime() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | 3 years |\n");
    assert_eq!(fires(&text, "excessive-lifetime"), [7]);
    assert!(fires(&text.replace("3 years", "1 year"), "excessive-lifetime").is_empty());
    let cnil = Setup { config: Config::default().resolve(None, Some("cnil")), ..Setup::default() };
    let stats = "## Statistics cookies\n\n| Cookie | Purpose | Duration |\n|---|---|---|\n| st_id | Counts visitors | 18 months |\n";
    assert_eq!(fired(stats, "excessive-lifetime", &cnil), [5]);
    assert!(fired(&stats.replace("18 months", "13 months"), "excessive-lifetime", &cnil).is_empty());
    assert!(fires(stats, "excessive-lifetime").is_empty(), "the generic profile allows 18 months");
    let consent =
        format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| choices | Stores your consent | 1 year |\n");
    assert_eq!(fired(&consent, "excessive-lifetime", &cnil), [7]);
    assert!(fired(&consent.replace("1 year", "6 months"), "excessive-lifetime", &cnil).is_empty());
}

#[test]
fn undeclared_category() {
    let text = format!("We use cookies to keep you signed in and to perform web analytics.\n\n{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | Session |\n");
    assert_eq!(fires(&text, "undeclared-category"), [1]);
    let fixed = format!("{text}\n## Statistics cookies\n\n| Cookie | Purpose | Duration |\n|---|---|---|\n| st | Counts visits | 13 months |\n");
    assert!(fires(&fixed, "undeclared-category").is_empty());
    // An explanation of what cookies can do in general is not an announcement.
    let general = text.replace(
        "We use cookies to keep you signed in and to perform web analytics.",
        "Cookies can be used for analytics or advertising.",
    );
    assert!(fires(&general, "undeclared-category").is_empty());
    let embedded = format!("Videos on this site are third-party content from another host.\n\n{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | Session |\n");
    assert_eq!(fires(&embedded, "undeclared-category"), [1]);
}

#[test]
fn mixed_language() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Se souvenir de vous d'une page à l'autre | Session |\n| b | To remember the basket | Session |\n\nThese are the cookies we use on this website, and what each of them is for.\n");
    assert_eq!(fires(&text, "mixed-language"), [7]);
    assert!(fires(
        &text.replace("Se souvenir de vous d'une page à l'autre", "To keep you signed in"),
        "mixed-language"
    )
    .is_empty());
}

#[test]
fn translation_mismatch() {
    let en = "# Cookies on https://shop.example site\n\n## Necessary cookies\n\n| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Keeps you signed in | Session |\n| cart | Keeps the basket | 7 days |\n";
    let fr = "# Les cookies du site https://shop.example\n\n## Cookies nécessaires\n\n| Nom du cookie | Finalité | Durée |\n|---|---|---|\n| sid | Vous garder connecté | Session |\n| cart | Garder le panier | 30 jours |\n";
    let lint_pair = |a: &str, b: &str| {
        let ((sa, pa), (sb, pb)) = (document(a), document(b));
        let config = Resolved::default();
        let contexts = [Context::new(&sa, &pa, &config), Context::new(&sb, &pb, &config)];
        lint::lint(&contexts)
            .remove(1)
            .into_iter()
            .filter(|d| d.rule == "translation-mismatch")
            .map(|d| d.span.line)
            .collect::<Vec<_>>()
    };
    assert_eq!(lint_pair(en, fr), [8], "the basket's duration differs");
    assert!(lint_pair(en, &fr.replace("30 jours", "7 jours")).is_empty());
}

#[test]
fn missing_expected() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | Session |\n| _ga_* | Analytics | 2 years |\n");
    let mut setup = Setup::default();
    setup.config.expected = vec!["_ga_ABC".into(), "sid".into(), "lang".into()];
    let messages: Vec<String> =
        run(&text, &setup).into_iter().filter(|d| d.rule == "missing-expected").map(|d| d.message).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("`lang`"));
    let baseline = document(&format!(
        "{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | x | Session |\n| theme | x | 1 year |\n"
    ))
    .1;
    let setup = Setup { baseline: Some(baseline), ..Setup::default() };
    let found: Vec<String> =
        run(&text, &setup).into_iter().filter(|d| d.rule == "missing-expected").map(|d| d.message).collect();
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("`theme`"));
}

fn observed(json: &str) -> Setup {
    Setup { observed: Some(parse_observed(json).unwrap().1), ..Setup::default() }
}

#[test]
fn undeclared_observed_and_stale_declaration() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | Session |\n| _ga_* | Analytics | 2 years |\n| old | Gone | 1 day |\n");
    let setup = observed(
        r#"[{"name": "sid"}, {"name": "_ga_XYZ", "expires": 63000000}, {"name": "_hjid", "domain": "www.shop.example"}]"#,
    );
    let diagnostics = run(&text, &setup);
    let undeclared: Vec<&str> =
        diagnostics.iter().filter(|d| d.rule == "undeclared-observed").map(|d| d.message.as_str()).collect();
    assert_eq!(undeclared.len(), 1);
    assert!(undeclared[0].contains("`_hjid`") && undeclared[0].contains("shop.example"));
    let stale: Vec<usize> = diagnostics.iter().filter(|d| d.rule == "stale-declaration").map(|d| d.span.line).collect();
    assert_eq!(stale, [9]);
    assert!(fires(&text, "undeclared-observed").is_empty(), "without observations the rules are silent");
}

#[test]
fn observed_lifetime() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| _ga | Analytics | 13 months |\n| sid | Session id | Session |\n");
    let longer = observed(r#"[{"name": "_ga", "expires": 63113904}, {"name": "sid", "expires": 31556952}]"#);
    assert_eq!(fired(&text, "observed-lifetime", &longer), [7, 8]);
    let matching = observed(r#"[{"name": "_ga", "expires": 34186698}, {"name": "sid", "expires": null}]"#);
    assert!(fired(&text, "observed-lifetime", &matching).is_empty());
}

#[test]
fn observed_party() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration | Party |\n|---|---|---|---|\n| IDE | Ads | 1 year | first party |\n| sid | Session id | Session | first party |\n");
    // Domains compared after normalization: `.shop.example` and `www.shop.example` are the site.
    let mut setup = observed(
        r#"[{"name": "IDE", "domain": ".doubleclick.net", "expires": 1}, {"name": "sid", "domain": ".shop.example"}]"#,
    );
    for cookie in setup.observed.iter_mut().flatten() {
        cookie.site = Some("www.shop.example".into());
    }
    assert_eq!(fired(&text, "observed-party", &setup), [7]);
    let mut first = observed(r#"[{"name": "IDE", "domain": "cdn.shop.example", "expires": 1}]"#);
    for cookie in first.observed.iter_mut().flatten() {
        cookie.site = Some("www.shop.example".into());
    }
    assert!(fired(&text, "observed-party", &first).is_empty(), "a subdomain of the site is first party");
}

fn disclosed(json: &str) -> Setup {
    Setup { disclosed: Some(cookielint::tcf::parse(json).unwrap().disclosures), ..Setup::default() }
}

const VENDOR: &str = r#"{"disclosures": [
    {"identifier": "uid*", "type": "cookie", "maxAgeSeconds": 33696000, "cookieRefresh": true, "purposes": [1, 2]},
    {"identifier": "vsid", "type": "cookie", "maxAgeSeconds": 0, "purposes": [1]},
    {"identifier": "ads_prefs", "type": "web", "maxAgeSeconds": null, "purposes": [1]},
    {"identifier": "tk", "type": "cookie", "maxAgeSeconds": 2592000, "purposes": [1]}]}"#;

#[test]
fn missing_vendor_cookie() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| uid_abc | Ads | 390 days |\n| vsid | Visit | Session |\n");
    let messages: Vec<String> = run(&text, &disclosed(VENDOR))
        .into_iter()
        .filter(|d| d.rule == "missing-vendor-cookie")
        .map(|d| d.message)
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}: uid* covers uid_abc");
    assert!(messages[0].contains("`ads_prefs`") && messages[1].contains("`tk`"), "{messages:?}");
    // A web-storage disclosure is declared by a local-storage key, not by a cookie of that name.
    let as_cookie = format!("{text}| tk | Ads | 30 days |\n| ads_prefs | Ads | 30 days |\n");
    assert_eq!(fired(&as_cookie, "missing-vendor-cookie", &disclosed(VENDOR)).len(), 1);
    let complete = format!(
        "{text}| tk | Ads | 30 days |\n\n## Local storage\n\n| Key | Purpose | Duration |\n|---|---|---|\n| ads_prefs | Ads | 30 days |\n"
    );
    assert!(fired(&complete, "missing-vendor-cookie", &disclosed(VENDOR)).is_empty());
}

#[test]
fn vendor_lifetime_mismatch() {
    let text = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| uid_abc | Ads | 30 days |\n| vsid | Visit | 1 year |\n| tk | Ads | 1 month |\n");
    assert_eq!(fired(&text, "vendor-lifetime-mismatch", &disclosed(VENDOR)), [7, 8], "tk: 1 month ≈ 30 days");
    let agreeing = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| uid_abc | Ads | 390 days |\n| vsid | Visit | Session |\n");
    assert!(fired(&agreeing, "vendor-lifetime-mismatch", &disclosed(VENDOR)).is_empty());
}

#[test]
fn unrecognized_table() {
    let text = "## Browsers\n\n| Browser | Menu |\n|---|---|\n| Firefox | Settings |\n";
    assert_eq!(fires(text, "unrecognized-table"), [3]);
    let fixed = format!("{HEAD}| Cookie | Purpose | Duration |\n|---|---|---|\n| sid | Session id | Session |\n");
    assert!(fires(&fixed, "unrecognized-table").is_empty());
}

#[test]
fn truncated_row() {
    let cut =
        "NAMEPURPOSEEXPIRY\nab_session_Keeps you signed in.Session\nab_lang_Remembers the language.1 year\nab_test_";
    assert_eq!(fires(cut, "truncated-row"), [4]);
    let policy = cookielint::extract_text("cut.txt", cut.to_string(), &Default::default());
    let names: Vec<&str> = policy.cookies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["ab_session_", "ab_lang_"]);
    // A cut can fall after a space: still no line break, still cut.
    assert_eq!(fires(&format!("{cut} \t"), "truncated-row"), [4]);
    assert!(fires(&format!("{cut}  \n"), "truncated-row").is_empty());
    // The same row followed by a line break, or with its other cells, is complete.
    assert!(fires(&format!("{cut}\n"), "truncated-row").is_empty());
    assert!(fires(&format!("{cut}Checks cookies.Session"), "truncated-row").is_empty());
    // A list of bare names has nothing else in any row: its last name is complete.
    assert!(fires("Analytics cookies:\n\n_pk_ref\n_pk_cvar\n_pk_ses", "truncated-row").is_empty());
}

#[test]
fn inline_suppressions() {
    let text = format!("{HEAD}<!-- cookielint-disable missing-duration -->\n| Cookie | Purpose |\n|---|---|\n| sid | Session id |\n<!-- cookielint-enable missing-duration -->\n");
    assert!(fires(&text, "missing-duration").is_empty());
    let plain = "Necessary cookies\n\ncookielint: ignore missing-duration\nCookie\tPurpose\tProvider\nsid\tSession id\tExample\n";
    assert!(fires(plain, "missing-duration").is_empty());
    assert_eq!(fires(&plain.replace("cookielint: ignore missing-duration\n", ""), "missing-duration"), [3]);
}

#[test]
fn every_rule_has_a_test_here() {
    let source = include_str!("lint_rules.rs");
    for rule in lint::rules::ALL {
        assert!(source.contains(&format!("\"{}\"", rule.name)), "no test names {}", rule.name);
    }
}
