//! Declarations wherever they are written: each layout the declaration stage reads by its
//! anchors, with invented names the knowledge base does not know, in languages with and without
//! a grammar file.
use cookielint::model::{Kind, Policy};

fn extract(name: &str, text: &str) -> Policy {
    cookielint::extract_text(name, text.to_string(), &Default::default())
}

fn names(policy: &Policy) -> Vec<&str> {
    policy.cookies.iter().map(|c| c.name.as_str()).collect()
}

fn duration(policy: &Policy, name: &str) -> Option<String> {
    policy.cookies.iter().find(|c| c.name == name)?.duration.as_ref().map(|d| d.text.clone())
}

/// A name alone on its line, its description and lifetime on the lines after it, no header.
#[test]
fn a_name_alone_then_its_description() {
    let text = "Essential cookies\n\nqx_session_tag\nKeeps the visitor signed in between pages.\nIt expires in 13 months.\nqx_form_guard\nProtects the contact form against forged requests.\nIt expires at the end of the session.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["qx_session_tag", "qx_form_guard"]);
    assert_eq!(duration(&policy, "qx_session_tag").as_deref(), Some("13 months"));
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Keeps the visitor signed in between pages."));
    assert_eq!(policy.cookies[0].category.map(|c| c.as_str()), Some("necessary"));
}

/// Names in quotes or code at the head of list items, several on one item.
#[test]
fn names_at_the_head_of_list_items() {
    let text = "## Analytics cookies\n\n- ‘zt_visit’ – counts visits, 2 years\n- **`zt_a`** + **`zt_b`**: groups one day's visits, 24 hours\n- `zt_rate` - limits the request rate, 1 minute\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["zt_visit", "zt_a", "zt_b", "zt_rate"]);
    assert_eq!(duration(&policy, "zt_visit").as_deref(), Some("2 years"));
    assert_eq!(duration(&policy, "zt_rate").as_deref(), Some("1 minute"));
    assert!(policy.cookies.iter().all(|c| c.category.map(|c| c.as_str()) == Some("statistics")));
}

/// Cells one per line, a header of labels first, blank lines anywhere.
#[test]
fn cells_one_per_line_with_a_period() {
    let text = "Cookies we use\n\nName\n\nPurpose\n\nExpiry\n\nab_lang\n\nRemembers the language\n\n1 year\n\nab_cart\n\nKeeps the basket\n\n7 days\n\nab_seen\n\nHides the welcome banner\n\n30 days\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["ab_lang", "ab_cart", "ab_seen"]);
    assert_eq!(duration(&policy, "ab_cart").as_deref(), Some("7 days"));
    assert_eq!(policy.cookies[1].purpose.as_deref(), Some("Keeps the basket"));
}

/// Rows cut by pipes that no Markdown parser reads as a table: the first cell spans rows and
/// is written once, the rows below lost it.
#[test]
fn pipe_rows_that_lost_a_spanning_cell() {
    let text = "| SOURCE | COOKIE NAME | PURPOSE | EXPIRES |\n| Mapvendor | mv_tile | Caches map tiles | After 1 year |\n| mv_zoom | Remembers the zoom level | After 2 days |\n| Chatly | ch_user | Keeps the chat open | When the browser is closed |\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["mv_tile", "mv_zoom", "ch_user"]);
    assert_eq!(policy.cookies[1].provider.as_deref(), Some("Mapvendor"));
    assert_eq!(duration(&policy, "mv_zoom").as_deref(), Some("After 2 days"));
}

/// Names in sentences: an identifier near a noun for a cookie, a quoted word after a naming
/// word; a name inside another cookie's description is no declaration.
#[test]
fn names_in_sentences() {
    let text = "How we use cookies\n\nWhen you sign in, we set a cookie called \"Auth\" to remember you. The shop also stores the cookie kv_basket_v2 for 7 days. See https://example.org/kv_not_a_cookie for details.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["Auth", "kv_basket_v2"]);
    assert_eq!(duration(&policy, "kv_basket_v2").as_deref(), Some("7 days"));
}

/// A list nested under a declaration lists what its value holds, not more cookies.
#[test]
fn a_nested_list_describes_its_cookie() {
    let text = "Consent cookie (cm_token)\n\nThis cookie holds the visitor's consent choices.\n\nIt contains:\n\n    • user_key: the visitor's random identifier\n    • vendors.allowed: the vendors accepted\n    • purposes.allowed: the purposes accepted\n\nVisit counter (cm_visits)\n\nThis cookie counts visits. It expires in 6 months.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["cm_token", "cm_visits"]);
}

/// Labels run into the name ("…AnalyticsExpires:"): the name ends where the vocabulary starts.
#[test]
fn labels_glued_to_the_name() {
    let text = "Vendorly sets these cookies.\nvx_idAnalyticsExpires: 6 monthsMain analytics cookie.\nvx_chatFunctionalExpires: 30 minutesKeeps the chat open.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["vx_id", "vx_chat"]);
}

/// What a policy lists beside cookies gets its kind from the type cell or the lead-in.
#[test]
fn storage_beside_cookies_has_its_kind() {
    let text = "## Cookies and storage\n\n| Name | Type | Purpose | Duration |\n|---|---|---|---|\n| pq_sid | HTTP Cookie | Session | Session |\n| pq_prefs | HTML Local Storage | Preferences | Persistent |\n\nWe also store the following in the browser's local storage:\n\n- pq_theme: the chosen colour theme\n- pq_layout: the chosen layout\n";
    let policy = extract("p.md", text);
    let kinds: Vec<(&str, Kind)> = policy.cookies.iter().map(|c| (c.name.as_str(), c.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("pq_sid", Kind::Cookie),
            ("pq_prefs", Kind::LocalStorage),
            ("pq_theme", Kind::LocalStorage),
            ("pq_layout", Kind::LocalStorage)
        ]
    );
}

/// Name finding does not depend on a grammar file: Romanian and Estonian have none. Names are
/// found by their shape and place; lifetimes in those languages stay text.
#[test]
fn names_in_languages_without_a_grammar() {
    let ro = "Ce cookie-uri folosim\n\n| Nume | Furnizor | Scop | Durată |\n|---|---|---|---|\n| rx_sesiune | Magazinul | Păstrează coșul de cumpărături | 2 ore |\n| rx_limba | Magazinul | Reține limba aleasă | 1 an |\n\nrx_banner\nAscunde bannerul de consimțământ după alegerea vizitatorului.\n\nrx_vizite\nNumără vizitele pe site.\n";
    let policy = extract("ro.md", ro);
    assert_eq!(names(&policy), ["rx_sesiune", "rx_limba", "rx_banner", "rx_vizite"]);
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Păstrează coșul de cumpărături"));
    let et = "Küpsised\n\n- `ek_keel` – jätab meelde valitud keele\n- `ek_ostukorv` – hoiab ostukorvi sisu\n- `ek_nous` – salvestab nõusoleku\n\nVeebileht kasutab küpsist ek_statistika külastuste loendamiseks.\n";
    let policy = extract("et.md", et);
    assert_eq!(names(&policy), ["ek_keel", "ek_ostukorv", "ek_nous", "ek_statistika"]);
}

/// Text around declarations declares nothing: technical words of the text, a domain, a file,
/// a function, a value and a capitalized heading word are no names.
#[test]
fn words_of_the_text_are_no_names() {
    let text = "Cookie policy\n\nThis site uses JavaScript, first-party cookies and the file analytics.js from cdn.example.com. Call setCookieTimeout() to change it; the value looks like ab_c=1234. GDPR applies.\n\nNOTE: these settings apply to this browser only.\n";
    let policy = extract("p.txt", text);
    assert!(policy.cookies.is_empty(), "{:?}", names(&policy));
}

/// A consent tool's cookie list converted to Markdown: a "Cookie Subgroup" column of hosts, the
/// names listed in one cell with one lifetime each, a party column; and a table whose header
/// row is empty, the real header its first row in bold.
#[test]
fn consent_tool_lists_converted_to_markdown() {
    let text = "## Performance Cookies\n\n| Cookie Subgroup | Cookies | Cookies used | Lifespan |\n| --- | --- | --- | --- |\n| [shop.example](https://shop.example) | qa_one, qa_two, qa_three | First Party | 730 days, 1 days, 30 seconds |\n\n## Targeting Cookies\n\n|  |  |  |\n| --- | --- | --- |\n| **Name** | **Provider** | **Expiry** |\n| qt_ads | Adnet | 390 days |\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["qa_one", "qa_two", "qa_three", "qt_ads"]);
    assert_eq!(duration(&policy, "qa_two").as_deref(), Some("1 days"));
    assert_eq!(policy.cookies[0].domain.as_deref(), Some("shop.example"));
    assert_eq!(policy.cookies[0].party.map(|p| format!("{p:?}")).as_deref(), Some("First"));
    assert_eq!(policy.cookies[3].provider.as_deref(), Some("Adnet"));
}

/// Random documents built from the fragments the declaration stage reads (names, quotes, code
/// marks, parentheses, pipes, bullets, icons, labels, lifetimes, multi-byte spaces) never make it
/// panic, and every span stays inside the text on character boundaries.
#[test]
fn random_declaration_shapes_never_panic() {
    use proptest::prelude::*;
    let pieces = vec![
        "_ga",
        "qx_id",
        "(2)",
        "(",
        ")",
        "( _x )",
        "|",
        " | ",
        "- ",
        "• ",
        "  ",
        "\u{a0}",
        "\u{1F36A} ",
        "**",
        "`",
        "'",
        "\u{2018}",
        "\u{2019}",
        "\"",
        "«",
        "»",
        ":",
        " – ",
        "Name",
        "Expires: ",
        "2 years",
        "Session",
        "cookie",
        "called ",
        "Title (_ga)",
        "__utmaAnalyticsExpires",
        "a/b",
        "x=1",
        "f()",
        "www.x.org",
        "{{x}}",
        "<id>_key",
        "\t",
        ".",
        ",",
        "é",
        "ß",
        "#",
        "## ",
        "> ",
        "1. ",
        "[",
        "]",
        "https://a.example/_ga",
    ];
    let line = prop::collection::vec(prop::sample::select(pieces), 0..8).prop_map(|p| p.concat());
    let document = prop::collection::vec((line, prop::sample::select(vec!["\n", "\n\n", "\r\n", ""])), 0..14);
    // PROPTEST_CASES runs it longer.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1500);
    proptest!(ProptestConfig::with_cases(cases), |(lines in document, markdown in any::<bool>())| {
        let text: String = lines.iter().map(|(l, end)| format!("{l}{end}")).collect();
        let name = if markdown { "p.md" } else { "p.txt" };
        let policy = extract(name, &text);
        for cookie in &policy.cookies {
            for span in [cookie.span, cookie.name_span] {
                prop_assert!(span.start <= span.end && span.end <= text.len(), "{span:?} in {text:?}");
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
    });
}

/// A Markdown page that writes its tables as raw HTML under Markdown headings: each table is read
/// with the heading above it (here a vendor, written as a tab link), and spans point into the
/// Markdown file.
#[test]
fn html_tables_inside_markdown() {
    let text = "# Cookies\n\nWe list them per service.\n\n# [Matomo](#tab/matomo)\n\n<table>\n  <tr><th>Cookie</th><th>Description</th><th>Expiry</th></tr>\n\n  <tr><td>mq_id</td><td>Counts visits.</td><td>13 months</td></tr>\n</table>\n\n# [Hotjar](#tab/hotjar)\n\n<table>\n  <tr><th>Cookie</th><th>Description</th><th>Expiry</th></tr>\n  <tr><td>hq_seen</td><td>Marks a returning visitor.</td><td>1 year</td></tr>\n</table>\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["mq_id", "hq_seen"]);
    assert_eq!(policy.format, cookielint::source::Format::Markdown);
    let providers: Vec<_> = policy.cookies.iter().map(|c| c.provider.as_deref()).collect();
    assert_eq!(providers, [Some("Matomo"), Some("Hotjar")]);
    assert_eq!(duration(&policy, "mq_id").as_deref(), Some("13 months"));
    for cookie in &policy.cookies {
        assert_eq!(&text[cookie.name_span.start..cookie.name_span.end], cookie.name);
    }
}

/// Who sets the cookies, from the sentence that introduces them, as the document writes it.
#[test]
fn the_provider_the_lead_in_names() {
    let text = "Qwertly uses cookies to remember your consent.\nHere are the cookies we deposit:\nqw_consent | Holds the visitor's choices | 6 months |\nqw_token | An anonymous identifier | 6 months |\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["qw_consent", "qw_token"]);
    assert!(policy.cookies.iter().all(|c| c.provider.as_deref() == Some("Qwertly")), "{:?}", policy.cookies);
    let text = "Cookies\n\nDéfinis directement par Ovenmetrics :\n\n- ov_session : session d'authentification\n- ov_csrf : protection des formulaires\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["ov_session", "ov_csrf"]);
    assert!(policy.cookies.iter().all(|c| c.provider.as_deref() == Some("Ovenmetrics")), "{:?}", policy.cookies);
}

/// Rows of a table whose provider cell spanned rows, flattened to pipes: the group's cell stands
/// on its own line with a link's text glued to it, later rows keep an empty cell at their end
/// for the one they lost, and plain words are names where the row's shape says so.
#[test]
fn rows_under_a_spanning_provider_cell() {
    let text = "| SOURCE | COOKIE NAME | PURPOSE | EXPIRES |\n| Ovenmetrics | ov_sid | Keeps the session | When the browser is closed |\n| ovConsent | Records the visitor's choice | After 1 year | |\n| Chatly Learn more |\nch_user | Opens the chat window. | After 3 months |\n| presence | Holds the chat status | When the browser is closed | |\n| sb | – | After 2 years | |\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["ov_sid", "ovConsent", "ch_user", "presence", "sb"]);
    let providers: Vec<_> = policy.cookies.iter().map(|c| c.provider.as_deref().unwrap_or("-")).collect();
    assert_eq!(providers, ["Ovenmetrics", "Ovenmetrics", "Chatly", "Chatly", "Chatly"]);
    assert_eq!(duration(&policy, "presence").as_deref(), Some("When the browser is closed"));
    assert_eq!(duration(&policy, "ovConsent").as_deref(), Some("After 1 year"));
}

/// A Markdown table whose rows lost the provider cell in front of the description: the empty
/// cell goes back where the short value was, and the description stays a description.
#[test]
fn a_row_that_lost_its_provider_cell() {
    let text = "## Analytics cookies (Ovenmetrics)\n\n| Cookie name | Provider | Purpose | Duration |\n|---|---|---|---|\nov_a | Distinguishes unique visitors | 2 years | |\nov_b | Keeps the state of a session | 24 hours |\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["ov_a", "ov_b"]);
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Distinguishes unique visitors"));
    assert_eq!(duration(&policy, "ov_b").as_deref(), Some("24 hours"));
    assert_ne!(policy.cookies[1].provider.as_deref(), Some("Keeps the state of a session"));
}

/// Lines whose fields ran together when the page's text was copied: a category word and a
/// label glued to the name, a description glued to the lifetime.
#[test]
fn fields_that_ran_together() {
    let text = "Qwertly sets 2 cookies on websites that load its scripts.\nqw_visitAnalyticsExpires: 6 monthsQwertly main visitor cookie. Counts visits.\nqw_chatFunctionalExpires: SessionQwertly chat flag. Keeps the chat open.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["qw_visit", "qw_chat"]);
    assert_eq!(duration(&policy, "qw_visit").as_deref(), Some("6 months"));
    assert_eq!(duration(&policy, "qw_chat").as_deref(), Some("Session"));
    let categories: Vec<_> = policy.cookies.iter().map(|c| c.category.map(|c| c.as_str())).collect();
    assert_eq!(categories, [Some("statistics"), Some("preferences")]);
    assert!(policy.cookies.iter().all(|c| c.provider.as_deref() == Some("Qwertly")));
}

/// Headers whose labels ran together, one group per category, each under its title: every
/// group keeps its own category, and a label written in parentheses after a name is no part of
/// the lifetime.
#[test]
fn glued_tables_under_category_titles() {
    let text = "Functional (required)\n\nNamePurposeDuration\nqx_sidSession handling1 day\n\nAnalytics (opt-in)\n\nNamePurposeDuration\nqx_aVisitor statistics13 months\nqx_bShort-term statistics24 hours\n\nAnalytics\n\n- qx_c (lifetime: 2 years) - distinguishes visitors\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["qx_sid", "qx_a", "qx_b", "qx_c"]);
    let categories: Vec<_> = policy.cookies.iter().map(|c| c.category.map(|c| c.as_str())).collect();
    assert_eq!(categories, [Some("preferences"), Some("statistics"), Some("statistics"), Some("statistics")]);
    assert_eq!(duration(&policy, "qx_c").as_deref(), Some("2 years"));
}

/// A column headed "Purpose" that holds category words beside a column that describes: the
/// first gives the category, the second the purpose.
#[test]
fn a_purpose_column_of_category_words() {
    let text = "<table><tr><th>Cookie</th><th>Purpose</th><th>Description</th><th>Expiry</th></tr>\n<tr><td>qa_node</td><td>Strictly Necessary</td><td>Routes the visitor to the same server.</td><td>Session</td></tr>\n<tr><td>qa_token</td><td>Functional</td><td>Lets the visitor comment with an account.</td><td>2 months</td></tr></table>\n";
    let policy = extract("p.html", text);
    assert_eq!(names(&policy), ["qa_node", "qa_token"]);
    let categories: Vec<_> = policy.cookies.iter().map(|c| c.category.map(|c| c.as_str())).collect();
    assert_eq!(categories, [Some("necessary"), Some("preferences")]);
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Routes the visitor to the same server."));
}

/// A one-letter line under a cookie heading is a stray word, even where the knowledge base lists
/// a name under that letter.
#[test]
fn a_stray_letter_is_no_name() {
    let text = "# Cookie policy\n\n## Statistics\ni\n\n| Name | Provider | Duration |\n|---|---|---|\n| _pk_ref | Matomo | 1 month |\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["_pk_ref"]);
}

/// Numbered name titles, each followed by paragraphs that give its fields by label: the
/// labelled paragraphs belong to the name above them, "Function:" is what the cookie does (its
/// purpose), "Type of cookie:" its category, and a lifetime written as a sentence is kept whole.
#[test]
fn numbered_names_followed_by_labelled_paragraphs() {
    let text = "Cookie explanation\n\nSmall text files a site keeps on your device.\n\n1. vq_sid\n\nWhat it is: A cookie the server software creates.\n\nFunction: vq_sid tells one visitor's session from another.\n\nDuration: It is deleted when you close the browser.\n\nType of cookie: Technical and session.\n\n2. vq_pref\n\nWhat it is: A cookie that keeps a choice.\n\nFunction: vq_pref keeps the language the visitor picked.\n\nDuration: It has a duration of 24 hours.\n\nType of cookie: Functional.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["vq_sid", "vq_pref"]);
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("vq_sid tells one visitor's session from another."));
    assert_eq!(duration(&policy, "vq_pref").as_deref(), Some("It has a duration of 24 hours."));
    assert_eq!(policy.cookies[0].duration.as_ref().map(|d| d.kind), Some(cookielint::model::DurationKind::Session));
    assert_eq!(policy.cookies[0].category.map(|c| c.as_str()), Some("necessary"));
    assert_eq!(policy.cookies[1].category.map(|c| c.as_str()), Some("preferences"));
}

/// A lifetime in parentheses right after the name, then the description after a dash.
#[test]
fn a_parenthesized_lifetime_then_the_description() {
    let text = "Analytics\nWith consent, the following cookies are set:\nkx_visitor (lifetime: 2 years) — tells visitors apart.\nkx_visit_<id> (lifetime: 30 minutes) — keeps the state of one visit.\nNothing else is stored.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["kx_visitor", "kx_visit_<id>"]);
    assert_eq!(duration(&policy, "kx_visitor").as_deref(), Some("2 years"));
    assert_eq!(policy.cookies[1].purpose.as_deref(), Some("keeps the state of one visit."));
}

/// An overview list whose items open with a category's label, then tables that declare the
/// same names again: each is a declaration of its own (the overview's entries come first), the
/// label gives the overview's category, a known vendor right before the parenthesis that holds
/// the names is their provider, and a pattern's trailing `*` stays part of its name.
#[test]
fn an_overview_by_category_before_the_tables() {
    let text = "Cookie policy\n\n1. Overview by category\n\n  • Functional (required): wq_sess for the session.\n  • Analytics (opt-in): Hotjar (wq_hj_id, wq_hj_ses_*) — only after consent.\n\n2. Details\n\n| Name | Provider | Purpose | Duration |\n|---|---|---|---|\n| wq_sess | Example | Keeps the session | Session |\n| wq_hj_id | Hotjar | Tells visitors apart | 1 year |\n| wq_hj_ses_* | Hotjar | Marks one visit | 30 minutes |\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["wq_sess", "wq_hj_id", "wq_hj_ses_*", "wq_sess", "wq_hj_id", "wq_hj_ses_*"]);
    let category = |i: usize| policy.cookies[i].category.map(|c| c.as_str());
    assert_eq!((category(0), category(1)), (Some("preferences"), Some("statistics")));
    assert_eq!(policy.cookies[2].provider.as_deref(), Some("Hotjar"));
    assert_eq!(policy.cookies[5].duration.as_ref().map(|d| d.text.as_str()), Some("30 minutes"));
}

/// Cells one per line repeating with a period, where a row stops short (no lifetime): the next
/// name alone on its line starts the next cookie, it is not the short row's missing cell; and a
/// dash glued to a name (a prefix cut off) is part of it.
#[test]
fn a_row_cut_short_is_followed_by_the_next_name() {
    let text = "kq_opt_out |\nRemembers that the visitor declined cookies.\n|\nExpires: 2 years |\nkq_test |\nTests whether cookies can be set.\n|\nExpires: Session cookie |\nkq_lang_choice\n|\nRedirects to the language the visitor chose.\n|\n|\n<id>_kq_key\n|\nSet on a page behind a password so that the visitor signs in once.\n|\n|\n-kq-saving-post (TTL 1 day)\n|\nKeeps a draft while it is edited.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["kq_opt_out", "kq_test", "kq_lang_choice", "<id>_kq_key", "-kq-saving-post"]);
    assert_eq!(
        policy.cookies[3].purpose.as_deref(),
        Some("Set on a page behind a password so that the visitor signs in once.")
    );
}

/// Cells one per line with a period whose rows hold a provider written like a name (`HubSpot`,
/// `LinkedIn`): the provider of the last row is its cell, not the next cookie.
#[test]
fn a_column_of_names_does_not_end_the_last_row() {
    let text = "Cookies\n\nqa_one\nHubSpot\nCounts visits to the site.\nqa_two\nLinkedIn\nMeasures the campaigns seen.\nqa_three\nYouTube\nRemembers the player settings.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["qa_one", "qa_two", "qa_three"]);
    assert_eq!(policy.cookies[2].purpose.as_deref(), Some("Remembers the player settings."));
}

/// A name with its lifetime in parentheses, then its description after lines of only pipes (a
/// table copied one cell per line with its empty cells): the description is the cookie's.
#[test]
fn lines_of_pipes_do_not_part_a_name_from_its_description() {
    let text = "vq-chat-open (TTL 30 minutes)\n|\nRemembers whether the chat window is open.\n|\n|\nvq-chat-welcome (TTL 1 day)\n|\nHides the welcome message once it was closed.\n|\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["vq-chat-open", "vq-chat-welcome"]);
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Remembers whether the chat window is open."));
    assert_eq!(policy.cookies[1].purpose.as_deref(), Some("Hides the welcome message once it was closed."));
}

/// A grid table (reStructuredText, Pandoc): rules part the rows, and a cell goes on over the
/// row's lines. A table ruled only around its header and at its end (a database client's
/// output) has a row per line.
#[test]
fn grid_table_rows_over_several_lines() {
    let text = "Cookies\n\n+-----------+-------------+-----------------+----------+\n\
                | Cookie    | Set by      | What it does    | Lifetime |\n\
                +===========+=============+=================+==========+\n\
                | wy_lang   | example.org | Remembers the   | 1 month  |\n\
                |           |             | chosen language |          |\n\
                +-----------+-------------+-----------------+----------+\n\
                | wy_seen   | example.org | Hides the intro | 30       |\n\
                |           |             | once it is read | minutes  |\n\
                +-----------+-------------+-----------------+----------+\n\
                \n\
                +---------+----------+----------+\n\
                | Name    | Provider | Expiry   |\n\
                +---------+----------+----------+\n\
                | wy_a    | Wyvern   | 2 years  |\n\
                | wy_b    | Wyvern   | 1 day    |\n\
                +---------+----------+----------+\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["wy_lang", "wy_seen", "wy_a", "wy_b"]);
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Remembers the chosen language"));
    assert_eq!(policy.cookies[1].purpose.as_deref(), Some("Hides the intro once it is read"));
    assert_eq!(duration(&policy, "wy_seen").as_deref(), Some("30 minutes"));
    assert_eq!(duration(&policy, "wy_b").as_deref(), Some("1 day"));
    assert_eq!(policy.cookies[2].provider.as_deref(), Some("Wyvern"));

    // One row under a header ruled off with `=`: its lines are still one row.
    let one = "+---------+---------------+\n| Cookie  | What it does  |\n+=========+===============+\n\
               | wy_solo | Keeps the     |\n|         | chosen theme  |\n+---------+---------------+\n";
    let policy = extract("p.txt", one);
    assert_eq!(names(&policy), ["wy_solo"]);
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Keeps the chosen theme"));
}

/// An AsciiDoc table between `|===` lines: each `|` opens a cell, cells one per line or several
/// on a line, rows of the header's width; its section is an AsciiDoc `==` heading.
#[test]
fn asciidoc_table_under_an_asciidoc_heading() {
    let text = "= Cookie policy\n\n== Analytics cookies\n\n[cols=\"1,1,2,1\"]\n|===\n|Name |Provider |Purpose |Expiry\n\n\
                |qk_first\n|Quokka\n|Tells visitors apart\n|2 years\n\n|qk_second |Quokka |Counts page views |24 hours\n|===\n\n\
                | Name | Purpose |\n| qk_third | Keeps the basket for the\nnext visit |\n";
    let policy = extract("p.adoc", text);
    assert_eq!(names(&policy), ["qk_first", "qk_second", "qk_third"]);
    // A pipe table after the AsciiDoc one keeps its rows broken across lines.
    assert_eq!(policy.cookies[2].purpose.as_deref(), Some("Keeps the basket for the next visit"));
    assert_eq!(policy.cookies[0].provider.as_deref(), Some("Quokka"));
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Tells visitors apart"));
    assert_eq!(duration(&policy, "qk_first").as_deref(), Some("2 years"));
    assert_eq!(duration(&policy, "qk_second").as_deref(), Some("24 hours"));
    assert!(policy.cookies[..2].iter().all(|c| c.category.map(|c| c.as_str()) == Some("statistics")));
}

/// Records written down the page: labels in the left cells, values in the right, one table per
/// cookie (an HTML table with `<th>` down its first column) or several records in one table.
/// A two-column table whose left cells are not labels stays a table of rows.
#[test]
fn records_with_labels_down_the_left_column() {
    let html = "<h2>Marketing cookies</h2>\
                <table><tr><th>Name</th><td>jb_ad</td></tr><tr><th>Provider</th><td>Jackal Ads</td></tr>\
                <tr><th>Purpose</th><td>Shows ads</td></tr><tr><th>Expiry</th><td>90 days</td></tr></table>\
                <table><tr><th>Name</th><td>jb_seen</td></tr><tr><th>Provider</th><td>Jackal Ads</td></tr>\
                <tr><th>Purpose</th><td>Counts views of an ad</td></tr><tr><th>Expiry</th><td>30 days</td></tr></table>";
    let policy = extract("p.html", html);
    assert_eq!(names(&policy), ["jb_ad", "jb_seen"]);
    assert_eq!(policy.cookies[1].provider.as_deref(), Some("Jackal Ads"));
    assert_eq!(policy.cookies[1].purpose.as_deref(), Some("Counts views of an ad"));
    assert_eq!(duration(&policy, "jb_seen").as_deref(), Some("30 days"));
    assert!(policy.cookies.iter().all(|c| c.category.map(|c| c.as_str()) == Some("marketing")));

    let markdown = "## Funktionale Cookies\n\n| Name | jb_lang |\n|---|---|\n| Anbieter | Schakal GmbH |\n\
                    | Zweck | Speichert die Sprache |\n| Laufzeit | 1 Jahr |\n| Name | jb_theme |\n\
                    | Zweck | Speichert das Farbschema |\n| Laufzeit | 6 Monate |\n\n\
                    | Cookie | Zweck |\n|---|---|\n| jb_cart | Speichert den Warenkorb |\n| jb_csrf | Schützt Formulare |\n";
    let policy = extract("p.md", markdown);
    assert_eq!(names(&policy), ["jb_lang", "jb_theme", "jb_cart", "jb_csrf"]);
    assert_eq!(policy.cookies[0].provider.as_deref(), Some("Schakal GmbH"));
    assert_eq!(policy.cookies[1].purpose.as_deref(), Some("Speichert das Farbschema"));
    assert_eq!(duration(&policy, "jb_theme").as_deref(), Some("6 Monate"));
    assert_eq!(policy.cookies[3].purpose.as_deref(), Some("Schützt Formulare"));

    // A table that explains the columns ("Name | Description", then a row per column) is no
    // record: no cookie named "Description".
    let legend = "## Columns\n\n| Name | Description |\n|---|---|\n| Provider | Who sets the cookie |\n| Purpose | What it is for |\n| Expiry | How long it lasts |\n";
    let policy = extract("p.md", legend);
    assert!(!names(&policy).contains(&"Description"), "{:?}", names(&policy));
}

/// Names alone on their lines, each followed by its description, under a title and a heading
/// that both hold the word "cookie": the two titles are not a header naming the columns.
#[test]
fn titles_above_names_alone_are_no_header() {
    for title in ["Cookie Policy", "About cookies", "Our policy"] {
        let text = format!(
            "{title}\n\nAnalytics cookies\n\nzq_visit\nTells visitors apart. Expires after 2 years.\nzq_rate\nLimits the request rate. Expires after 1 minute.\n"
        );
        let policy = extract("p.txt", &text);
        assert_eq!(names(&policy), ["zq_visit", "zq_rate"], "{title}");
        assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Tells visitors apart."), "{title}");
        assert_eq!(duration(&policy, "zq_rate").as_deref(), Some("1 minute"), "{title}");
    }
}

/// A definition list: each term a name, its definition the description, whose last sentence
/// gives the lifetime.
#[test]
fn definition_list_terms_and_their_descriptions() {
    let html = "<h2>Analytics cookies</h2><dl><dt><code>yn_visit</code></dt><dd>Tells visitors apart. Expires after 2 years.</dd>\
                <dt><code>yn_rate</code></dt><dd>Limits the request rate. Expires after 1 minute.</dd></dl>";
    let policy = extract("p.html", html);
    assert_eq!(names(&policy), ["yn_visit", "yn_rate"]);
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("Tells visitors apart."));
    assert_eq!(duration(&policy, "yn_rate").as_deref(), Some("1 minute"));
}

/// Items nested under an item that names a vendor: the vendor is their provider, a lifetime in
/// parentheses or as the last sentence is cut from the description, and an item of the outer
/// list is no part of the nested item above it.
#[test]
fn nested_items_under_the_vendor_that_sets_them() {
    let text = "## Analytics cookies\n\n- **Vixen Analytics** sets:\n  - `qv_id`: distinguishes visitors (2 years)\n  - `qv_s` (30 minutes)\n- Cookies set by Orbit Metrics:\n  - `qo_uid`: counts returning visitors. Session.\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["qv_id", "qv_s", "qo_uid"]);
    let providers: Vec<Option<&str>> = policy.cookies.iter().map(|c| c.provider.as_deref()).collect();
    assert_eq!(providers, [Some("Vixen Analytics"), Some("Vixen Analytics"), Some("Orbit Metrics")]);
    assert_eq!(policy.cookies[0].purpose.as_deref(), Some("distinguishes visitors"));
    assert_eq!(duration(&policy, "qv_id").as_deref(), Some("2 years"));
    assert_eq!(policy.cookies[1].purpose, None);
    assert_eq!(duration(&policy, "qo_uid").as_deref(), Some("Session"));
    assert_eq!(policy.cookies[2].purpose.as_deref(), Some("counts returning visitors."));
}

/// The same in HTML: a list nested in a list item is read as items under that item.
#[test]
fn nested_html_lists_under_the_vendor_that_sets_them() {
    let html = "<h2>Analytics cookies</h2><ul><li><strong>Vixen Analytics</strong> sets:<ul><li><code>qv_id</code>: distinguishes visitors. Expires after 2 years.</li>\
                <li><code>qv_s</code>: keeps one visit together. Expires after 30 minutes.</li></ul></li>\
                <li>Cookies set by Orbit Metrics:<ul><li><code>qo_uid</code>: counts returning visitors, 1 year</li></ul></li></ul>";
    let policy = extract("p.html", html);
    assert_eq!(names(&policy), ["qv_id", "qv_s", "qo_uid"]);
    let providers: Vec<Option<&str>> = policy.cookies.iter().map(|c| c.provider.as_deref()).collect();
    assert_eq!(providers, [Some("Vixen Analytics"), Some("Vixen Analytics"), Some("Orbit Metrics")]);
    assert_eq!(policy.cookies[1].purpose.as_deref(), Some("keeps one visit together."));
    assert_eq!(duration(&policy, "qv_s").as_deref(), Some("30 minutes"));
}

/// A fenced block that names its language is a sample of code or configuration: its keys are
/// no cookies. A fence that names no language, or plain text, often holds a table pasted as
/// text, and is read.
#[test]
fn code_samples_in_fences_declare_nothing() {
    let text = "## Cookies we set\n\n```yaml\ncookies:\n  - name: qz_uid\n    expires: 2 years\n```\n\n```text\nName      Expires   Purpose\nqz_ses    Session   Keeps one visit together\nqz_pref   1 year    Remembers the language\n```\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["qz_ses", "qz_pref"]);
}

/// Labelled values one after another on the name's line, parted by pipes, middle dots or bold
/// labels, in a language with a space before its colons: one record per line.
#[test]
fn labelled_values_on_one_line() {
    let piped = "Analytics cookies\n\nName: _qz_uid | Provider: Zephyr Metrics | Purpose: tells visitors apart | Expiry: 2 years\nName: qz_ses_* | Provider: Zephyr Metrics | Purpose: keeps one visit together | Expiry: 30 minutes\n";
    let bold = "## Analytics cookies\n\n**Name:** _qz_uid **Provider:** Zephyr Metrics **Purpose:** tells visitors apart **Expiry:** 2 years\n\n**Name:** `qz_ses_*` **Provider:** Zephyr Metrics **Purpose:** keeps one visit together **Expiry:** 30 minutes\n";
    let french = "Cookies de mesure d'audience\n\nNom : _qz_uid · Fournisseur : Zephyr Metrics · Finalité : distingue les visiteurs · Durée : 2 ans\nNom : qz_ses_* · Fournisseur : Zephyr Metrics · Finalité : garde une visite ensemble · Durée : 30 minutes\n";
    for (name, text) in [("p.txt", piped), ("p.md", bold), ("p.txt", french)] {
        let policy = extract(name, text);
        assert_eq!(names(&policy), ["_qz_uid", "qz_ses_*"], "{text}");
        assert!(policy.cookies.iter().all(|c| c.provider.as_deref() == Some("Zephyr Metrics")), "{text}");
        assert_eq!(duration(&policy, "qz_ses_*").as_deref(), Some("30 minutes"), "{text}");
        assert!(policy.cookies[0].purpose.as_deref().is_some_and(|p| !p.contains(':')), "{text}");
    }
}

/// A Markdown definition list (Pandoc, PHP Markdown Extra): the colon that opens a definition is
/// no part of it, and the lifetime its last sentence gives is not part of the description.
#[test]
fn markdown_definition_lists() {
    let text = "## Functional cookies\n\nqz_lang\n: Remembers the language you chose. Expires after 1 year.\n\nqz_theme\n: Remembers the colour theme. Expires after 6 months.\n";
    let policy = extract("p.md", text);
    assert_eq!(names(&policy), ["qz_lang", "qz_theme"]);
    assert_eq!(policy.cookies[1].purpose.as_deref(), Some("Remembers the colour theme."));
    assert_eq!(duration(&policy, "qz_lang").as_deref(), Some("1 year"));
}

/// Several names in one sentence: each takes the lifetime of the clause that follows it.
#[test]
fn each_name_of_a_sentence_takes_the_lifetime_of_its_clause() {
    let text = "Cookies on this site\n\nOur analytics sets a cookie called qz_uid, which expires after 2 years, and a cookie called qz_hit, which expires after 30 minutes.\n";
    let policy = extract("p.txt", text);
    assert_eq!(names(&policy), ["qz_uid", "qz_hit"]);
    assert_eq!(duration(&policy, "qz_uid").as_deref(), Some("2 years"));
    assert_eq!(duration(&policy, "qz_hit").as_deref(), Some("30 minutes"));
}
