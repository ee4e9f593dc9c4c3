//! Deep nesting and long runs of unclosed openers: shapes that aborted the process (a stack
//! overflow) or took seconds, at the size that did. Each must finish, keep the cookies declared
//! around it, and say when it went past the nesting limit. Their time is measured in
//! `benches/adversarial.rs`, not here.
use cookielint::model::Policy;
use cookielint::{Limits, Options};

const TABLE_MD: &str = "## Analytics cookies\n\n| Name | Duration |\n|---|---|\n| _ga | 2 years |\n\n";
const TABLE_HTML: &str = "<h2>Analytics cookies</h2><table><tr><th>Name</th><th>Duration</th></tr><tr><td>_ga</td><td>2 years</td></tr></table>";

fn extract(name: &str, text: &str) -> Policy {
    let (_, policy) = cookielint::extract_bytes(name, text.as_bytes(), &Options::default()).expect("readable");
    policy
}

fn nesting_notes(policy: &Policy) -> usize {
    policy.diagnostics.iter().filter(|d| cookielint::nesting::is_note(d)).count()
}

fn declares_ga(policy: &Policy) {
    let ga = policy.cookies.iter().find(|c| c.name == "_ga").expect("the table before the nesting is read");
    assert_eq!(ga.duration.as_ref().map(|d| d.text.as_str()), Some("2 years"));
}

/// Runs `f` on a thread with a small stack: whatever the input's depth, nothing recurses with it.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(256 * 1024).spawn(f).expect("thread").join().expect("no overflow")
}

#[test]
fn forty_thousand_nested_divs() {
    let html =
        format!("<html><body>{TABLE_HTML}{}deep text{}</body></html>", "<div>".repeat(40_000), "</div>".repeat(40_000));
    let policy = on_small_stack(move || extract("deep.html", &html));
    declares_ga(&policy);
    assert_eq!(nesting_notes(&policy), 1, "{:?}", policy.diagnostics);
    let note = policy.diagnostics.iter().find(|d| cookielint::nesting::is_note(d)).expect("note");
    assert!(note.message.contains("128 levels"), "{}", note.message);
}

#[test]
fn twelve_thousand_five_hundred_nested_table_cells() {
    let html = format!("<html><body>{TABLE_HTML}{}deep text</body></html>", "<table><tr><td>".repeat(12_500));
    let policy = on_small_stack(move || extract("cells.html", &html));
    declares_ga(&policy);
    assert_eq!(nesting_notes(&policy), 1);
}

#[test]
fn html_within_a_raised_limit_is_walked_without_recursion() {
    // Inline elements cost the parser nothing per level: 5,000 levels under a limit raised past
    // them reach the renderer whole, on a 256 KiB stack.
    let html = format!("<body>{TABLE_HTML}<p>{}deep text</p></body>", "<span>".repeat(5_000));
    let policy = on_small_stack(move || {
        let options = Options { limits: Limits { max_nesting_depth: 1_000_000, ..Limits::default() } };
        cookielint::extract_bytes("spans.html", html.as_bytes(), &options).expect("readable").1
    });
    declares_ga(&policy);
    assert_eq!(nesting_notes(&policy), 0);
}

#[test]
fn unclosed_formatting_elements_in_html() {
    let runs: String = (0..20_000).map(|i| format!("<b id={i}><p>x")).collect();
    let html = format!("<body>{TABLE_HTML}{runs}</body>");
    let policy = extract("formatting.html", &html);
    declares_ga(&policy);
    assert_eq!(nesting_notes(&policy), 1);
}

#[test]
fn markdown_runs_of_unclosed_openers() {
    for (what, unit) in
        [("brackets", "["), ("emphasis", "*_"), ("inline HTML", "<span>"), ("links", "[a]("), ("code", "`a")]
    {
        let text = format!("{TABLE_MD}{}\n", unit.repeat(40_000));
        let policy = extract("runs.md", &text);
        declares_ga(&policy);
        assert_eq!(nesting_notes(&policy), 0, "{what}");
    }
}

/// 40,000 containers opened on one line, then lines that continue its paragraph lazily: each
/// of those made the parser match every open container again (2,000 of them took seconds).
fn nested_on_one_line(opener: &str) {
    let text = format!("{TABLE_MD}{} deep\n{}", opener.repeat(40_000), "lazy line\n".repeat(2_000));
    let policy = on_small_stack(move || extract("deep.md", &text));
    declares_ga(&policy);
    assert_eq!(nesting_notes(&policy), 1);
}

#[test]
fn markdown_nested_quotes() {
    nested_on_one_line(">");
}

#[test]
fn markdown_nested_lists() {
    nested_on_one_line("- ");
}

#[test]
fn markdown_nested_ordered_lists() {
    nested_on_one_line("1. ");
}

#[test]
fn markdown_lists_nested_in_quotes() {
    nested_on_one_line("> - ");
}

#[test]
fn markdown_list_nested_by_indentation() {
    let text: String = (0..300).map(|level| format!("{}- item {level}\n", "  ".repeat(level))).collect();
    let policy = extract("indented.md", &format!("{TABLE_MD}{text}"));
    declares_ga(&policy);
    assert_eq!(nesting_notes(&policy), 1);
}

#[test]
fn markdown_within_a_raised_limit_is_read_without_recursion() {
    let text = format!("{TABLE_MD}{} deep\n", "> ".repeat(5_000));
    let policy = on_small_stack(move || {
        let options = Options { limits: Limits { max_nesting_depth: 1_000_000, ..Limits::default() } };
        cookielint::extract_text("quotes.md", text, &options)
    });
    declares_ga(&policy);
    assert_eq!(nesting_notes(&policy), 0);
}

#[test]
fn the_limit_is_a_flag() {
    let html = format!("<body>{TABLE_HTML}{}x</body>", "<div>".repeat(20));
    assert_eq!(nesting_notes(&extract("shallow.html", &html)), 0);
    let options = Options { limits: Limits { max_nesting_depth: 10, ..Limits::default() } };
    let (_, policy) = cookielint::extract_bytes("shallow.html", html.as_bytes(), &options).expect("readable");
    assert_eq!(nesting_notes(&policy), 1);
    declares_ga(&policy);
}
