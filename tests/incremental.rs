//! The incremental extraction the language server runs after each edit (`analysis::Analysis::
//! update`) gives exactly what a fresh extraction gives, and Markdown cut into sections gives
//! the blocks one parse of the whole document gives.
use cookielint::analysis::Analysis;
use cookielint::blocks;
use cookielint::source::{Format, Source};
use proptest::prelude::*;
use std::path::PathBuf;

fn corpus_markdown() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut documents: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("corpus/")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| (path.display().to_string(), std::fs::read_to_string(&path).expect("text")))
        .collect();
    documents.sort();
    documents
}

/// A policy of many sections with what carries state from one section to the next: a title
/// naming a vendor, nested headings with and without categories, a table continued without a
/// header after a heading, a list, a fence with a heading inside, a comment, a link.
fn sectioned_policy() -> String {
    let mut text = String::from(
        "# Matomo cookie policy\n\nThis policy covers https://shop.example (our site).\n\n## Necessary cookies\n\n| Cookie | Purpose | Duration |\n|---|---|---|\n| sessionid | Keeps you signed in | Session |\n| csrftoken | Protects forms | 1 year |\n\n### Details\n\n| lang | Remembers the language | 30 days |\n| theme | Remembers the theme | 6 months |\n\n## Statistics cookies\n\n",
    );
    text.push_str("| Name | Provider | Duration |\n|---|---|---|\n| _pk_id.* | Matomo | 13 months |\n| _pk_ses.* | Matomo | 30 minutes |\n\n");
    text.push_str("## Marketing cookies\n\n- `_fbp`: Meta, 3 months\n- `IDE`: Google, 13 months\n\n");
    text.push_str("## Examples\n\n```\n# not a heading\n| a | b |\n```\n\n<!-- cookielint-disable-next-table missing-duration -->\n\n");
    text.push_str("## Preference cookies\n\nCookie: prefs\nPurpose: Remembers choices\nDuration: 1 year\n\n");
    for section in 0..6 {
        let heading = ["Necessary", "Analytics", "Advertising", "Functional", "Other", "Social media"][section];
        text.push_str(&format!(
            "## {heading} cookies\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n"
        ));
        for row in 0..4 {
            text.push_str(&format!("| c{section}_{row} | Example Ltd | Setting {row} | {} days |\n", row + 1));
        }
        text.push('\n');
    }
    text
}

fn documents() -> Vec<(String, String)> {
    let mut documents = corpus_markdown();
    documents.push(("sectioned.md".to_string(), sectioned_policy()));
    for index in 0..12 {
        let policy = cookielint::synth::generate(7, index);
        if policy.file_name.ends_with(".md") {
            documents.push((policy.file_name, policy.text));
        }
    }
    documents
}

#[test]
fn sections_give_the_blocks_of_one_parse() {
    for (name, text) in documents() {
        let source = Source::from_text(&name, text.clone());
        if source.format != Format::Markdown {
            continue;
        }
        let sectioned = format!("{:?}", blocks::segment(&source));
        let whole = format!(
            "{:?}",
            blocks::segment_text(&text, Format::Markdown, cookielint::Limits::default().max_nesting_depth)
        );
        assert_eq!(sectioned, whole, "{name}");
    }
}

/// Lines Markdown documents are made of: common ones, and rarer ones that could carry state from
/// one section to the next (fences, raw HTML, link definitions, lone carriage returns).
const COMMON_LINES: &[&str] = &[
    "",
    "",
    "",
    "",
    "# Title",
    "## Necessary cookies",
    "### Details",
    "#hashtag",
    "   # indented heading",
    "Some text.",
    "| Cookie | Duration |",
    "|---|---|",
    "| _ga | 2 years |",
    "- item",
    "- `_fbp`: 3 months",
    "  continued",
    "1. first",
    "> quote",
    "    code",
    "Title",
    "===",
    "---",
    "***",
    "Name: x",
    "Duration: 2 days",
    "* # star heading",
    "\u{a0}",
    "See [the list][ref].",
    "<!-- note -->",
];
const RARE_LINES: &[&str] = &[
    "```",
    "~~~",
    "````",
    "> ```",
    "- ```",
    "\tcode",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "<script>",
    "[ref]: https://example.com",
    "```\rtext",
    "text\r\r# heading",
    "text\r```",
    "text\r<div>",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// Cutting any document into sections gives the blocks of one parse of the whole.
    #[test]
    fn sections_never_change_the_blocks(
        lines in prop::collection::vec(
            prop_oneof![12 => prop::sample::select(COMMON_LINES), 1 => prop::sample::select(RARE_LINES)],
            1..40,
        ),
        crlf: bool,
    ) {
        let ending = if crlf { "\r\n" } else { "\n" };
        let text: String = lines.iter().map(|line| format!("{line}{ending}")).collect();
        let mut source = Source::from_text("random.md", text.clone());
        // Read as Markdown whatever the detection says (tab-indented lines look like PDF text).
        source.format = Format::Markdown;
        prop_assert_eq!(
            format!("{:?}", blocks::segment(&source)),
            format!("{:?}", blocks::segment_text(&text, Format::Markdown, cookielint::Limits::default().max_nesting_depth)),
            "{:?}", text
        );
    }
}

/// Text an editor types or deletes: characters, line breaks, table pipes, heading marks,
/// fences, whole rows and headings.
const SNIPPETS: &[&str] = &[
    "x",
    "é",
    "😀",
    "\t",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "|",
    " | ",
    "#",
    "# ",
    "## Marketing cookies\n\n",
    "### Other\n\n",
    "```",
    "```\n",
    "<!-- note -->\n",
    "<div>\n",
    "[x]: https://e.example\n",
    "| _ga | Google | 2 years |\n",
    "| Cookie | Duration |\n|---|---|\n| a | 1 day |\n",
    "- `_gid`: 24 hours\n",
    "Google Analytics",
    "https://other.example ",
    "Name: x\nDuration: 2 days\n",
    "13 months",
    "Session",
];

fn apply(text: &str, at: f64, delete: usize, snippet: &str) -> String {
    let mut at = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + delete).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{}{}", &text[..at], snippet, &text[end..])
}

fn assert_same(incremental: &Analysis, text: &str, name: &str) -> Result<(), TestCaseError> {
    let fresh = Analysis::new(&Source::from_text(name, text.to_string()), &Default::default());
    prop_assert_eq!(format!("{:#?}", incremental.policy), format!("{:#?}", fresh.policy), "after an edit of {}", name);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// After any series of edits, the updated analysis equals a fresh one.
    #[test]
    fn updates_equal_fresh_extraction(
        document in 0usize..64,
        edits in prop::collection::vec((0.0f64..1.0, 0usize..40, 0usize..SNIPPETS.len()), 1..8),
    ) {
        let documents = documents();
        let (name, mut text) = documents[document % documents.len()].clone();
        let mut analysis = Analysis::new(&Source::from_text(&name, text.clone()), &Default::default());
        for (at, delete, snippet) in edits {
            text = apply(&text, at, delete, SNIPPETS[snippet]);
            analysis = analysis.update(&Source::from_text(&name, text.clone()), &Default::default());
            assert_same(&analysis, &text, &name)?;
        }
    }
}

/// Typing in one table of a long policy reads that table's section again, not the document.
#[test]
fn typing_in_a_table_redoes_one_section() {
    let text = sectioned_policy();
    let name = "policy.md";
    let analysis = Analysis::new(&Source::from_text(name, text.clone()), &Default::default());
    assert_eq!(analysis.sections_redone(), None);
    let at = text.find("Setting 2 |").expect("a cell") + "Setting 2".len();
    let edited = format!("{}, kept{}", &text[..at], &text[at..]);
    let updated = analysis.update(&Source::from_text(name, edited.clone()), &Default::default());
    assert_eq!(updated.sections_redone(), Some(1));
    let fresh = Analysis::new(&Source::from_text(name, edited), &Default::default());
    assert_eq!(format!("{:?}", updated.policy), format!("{:?}", fresh.policy));
    assert!(updated.policy.cookies.iter().any(|c| c.purpose.as_deref() == Some("Setting 2, kept")));
}

/// An edit that changes a heading's category makes the sections under it be read again until
/// the state is the same as before.
#[test]
fn a_heading_edit_reads_on_until_the_state_agrees() {
    let text = sectioned_policy();
    let name = "policy.md";
    let analysis = Analysis::new(&Source::from_text(name, text.clone()), &Default::default());
    let edited = text.replacen("## Necessary cookies\n", "## Marketing cookies\n", 1);
    let updated = analysis.update(&Source::from_text(name, edited.clone()), &Default::default());
    let redone = updated.sections_redone().expect("an incremental update");
    assert!((1..=3).contains(&redone), "{redone} sections read again");
    let fresh = Analysis::new(&Source::from_text(name, edited), &Default::default());
    assert_eq!(format!("{:?}", updated.policy), format!("{:?}", fresh.policy));
    assert_eq!(updated.policy.cookies[0].category.map(|c| c.as_str()), Some("marketing"));
}

/// An update reads only the sections it redid for declarations outside tables: a sentence typed
/// there that declares a cookie sends it the full way, and so does removing a table's name that
/// a sentence of another section names; both end equal to a fresh read.
#[test]
fn declarations_outside_tables_after_an_edit() {
    let name = "policy.md";
    let mut text = sectioned_policy();
    text.push_str("## Notes\n\nThe c0_1 cookie is described in its table above.\n");
    let analysis = Analysis::new(&Source::from_text(name, text.clone()), &Default::default());
    // A sentence typed in one section that names a cookie no table declares.
    let at = text.find("Setting 2 |").expect("a cell");
    let at = text[at..].find("\n\n").map(|n| at + n + 2).expect("end of the table");
    let typed = format!("{}We also set a cookie called `zz_visit` for one day.\n\n{}", &text[..at], &text[at..]);
    let updated = analysis.update(&Source::from_text(name, typed.clone()), &Default::default());
    let fresh = Analysis::new(&Source::from_text(name, typed.clone()), &Default::default());
    assert_eq!(format!("{:?}", updated.policy), format!("{:?}", fresh.policy));
    assert!(updated.policy.cookies.iter().any(|c| c.name == "zz_visit"));
    // The table row of c0_1 removed: the sentence in the last section now declares it.
    let analysis = Analysis::new(&Source::from_text(name, text.clone()), &Default::default());
    let row = text.find("| c0_1 |").expect("the row");
    let end = row + text[row..].find('\n').expect("end of the row") + 1;
    let removed = format!("{}{}", &text[..row], &text[end..]);
    let updated = analysis.update(&Source::from_text(name, removed.clone()), &Default::default());
    let fresh = Analysis::new(&Source::from_text(name, removed), &Default::default());
    assert_eq!(format!("{:?}", updated.policy), format!("{:?}", fresh.policy));
    assert!(updated.policy.cookies.iter().any(|c| c.name == "c0_1"), "the sentence declares it now");
}

/// A case the property test found: a table row typed into a heading line, then a deletion
/// that joins the heading to the table below it.
#[test]
fn a_row_typed_into_a_heading_then_joined_to_the_table_below() {
    let documents = documents();
    let (name, mut text) = documents[49 % documents.len()].clone();
    let mut analysis = Analysis::new(&Source::from_text(&name, text.clone()), &Default::default());
    for (at, delete, snippet) in [(0.4124828663757208, 34, 19), (0.3417290050709712, 18, 0)] {
        text = apply(&text, at, delete, SNIPPETS[snippet]);
        analysis = analysis.update(&Source::from_text(&name, text.clone()), &Default::default());
        let fresh = Analysis::new(&Source::from_text(&name, text.clone()), &Default::default());
        assert_eq!(format!("{:#?}", analysis.policy), format!("{:#?}", fresh.policy), "{text}");
    }
}
