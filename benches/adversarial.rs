//! Linear time on adversarial input: each generator builds a document at size n and at 10 n, and
//! the benchmark prints the time of extract + lint (findings serialized as JSON) for both, the ratio of the times and the ratio
//! of the sizes in bytes (nested lists by indentation grow with the square of their depth, so
//! their size ratio is 100). A time ratio above 1.2 × the size ratio (10× the input costing more
//! than ~12× the time) is marked SUPER-LINEAR.
//!
//! `cargo bench --bench adversarial` (all cases, up to 50 MB), or
//! `cargo bench --bench adversarial -- NAME` for the cases whose name contains NAME;
//! `--scale F` multiplies every n by F (0.01 to compare with a build that is quadratic on them);
//! `--once` times each document once instead of the best of three.
use cookielint::{Limits, Options};
use std::fmt::Write;
use std::time::{Duration, Instant};

type Generator = fn(usize) -> String;

/// (name, generator, n, file name): the document at n and at 10 n is timed, read as the file
/// name says (Markdown, HTML or text). n is large enough that the small document already
/// outgrows the processor's caches: a 270 KB document that fits in them runs up to 1.5x faster
/// per byte than its 10x version for that reason alone (measured on the unclosed-emphasis case,
/// now at 2.7 MB → 27 MB).
const CASES: &[(&str, Generator, usize, &str)] = &[
    ("one long line (5 MB → 50 MB)", long_line, 5_000_000, MD),
    ("header of many columns (10k → 100k)", wide_header, 10_000, MD),
    ("table of many rows (100k → 1M)", many_rows, 100_000, MD),
    ("pipes on one line (10^4 → 10^5)", pipes, 10_000, MD),
    ("nested lists (1k → 10k levels)", nested_lists, 1_000, MD),
    ("nested block quotes (1k → 10k levels)", nested_quotes, 1_000, MD),
    ("runs of tabs and spaces (1 MB → 10 MB)", blank_runs, 1_000_000, MD),
    ("unclosed emphasis and HTML (1M → 10M)", unclosed, 1_000_000, MD),
    ("one cell per line (100k → 1M lines)", cell_per_line, 100_000, MD),
    ("text: cells one per line, no blank line (50k → 500k records)", text_cells, 50_000, TXT),
    ("html: one-line page, a finding per row (5k → 50k rows)", one_line_findings, 5_000, HTML),
    ("a sentence listing names (10k → 100k)", sentence_of_names, 10_000, MD),
    ("key-value blocks (20k → 200k)", key_values, 20_000, MD),
    ("many small tables (5k → 50k)", small_tables, 5_000, MD),
    ("tables between code blocks (5k → 50k)", tables_and_code, 5_000, MD),
    ("many headings (20k → 200k)", many_headings, 20_000, MD),
    ("suppression comments (2k → 20k tables)", suppressions, 2_000, MD),
    // Unclosed openers, 1 MB → 10 MB.
    ("md: brackets [ (1 MB → 10 MB)", brackets, 1_000_000, MD),
    ("md: emphasis *_ (1 MB → 10 MB)", emphasis, 1_000_000, MD),
    ("md: inline HTML <span> (1 MB → 10 MB)", spans, 1_000_000, MD),
    ("md: link openers [a]( (1 MB → 10 MB)", link_openers, 1_000_000, MD),
    ("md: parentheses ( (1 MB → 10 MB)", parentheses, 1_000_000, MD),
    ("md: quotation marks \" “ « (1 MB → 10 MB)", quotation_marks, 1_000_000, MD),
    ("md: backticks ` (1 MB → 10 MB)", backticks, 1_000_000, MD),
    ("md: quote openers on one line (1 MB → 10 MB)", quotes_on_one_line, 1_000_000, MD),
    ("md: list openers on one line (1 MB → 10 MB)", lists_on_one_line, 1_000_000, MD),
    ("md: lists in quotes on one line (1 MB → 10 MB)", quoted_lists_on_one_line, 1_000_000, MD),
    ("text: parentheses and quotes (1 MB → 10 MB)", text_openers, 1_000_000, TXT),
    ("html: nested div (1 MB → 10 MB)", html_divs, 1_000_000, HTML),
    ("html: nested table cells (1 MB → 10 MB)", html_cells, 1_000_000, HTML),
    ("html: nested lists (1 MB → 10 MB)", html_lists, 1_000_000, HTML),
    ("html: nested block quotes (1 MB → 10 MB)", html_blockquotes, 1_000_000, HTML),
    ("html: nested spans (1 MB → 10 MB)", html_spans, 1_000_000, HTML),
    ("html: unclosed formatting (1 MB → 10 MB)", html_formatting, 1_000_000, HTML),
    ("html: unclosed p and li (1 MB → 10 MB)", html_unclosed_blocks, 1_000_000, HTML),
    ("html: unclosed tags and comments (1 MB → 10 MB)", html_unclosed_tags, 1_000_000, HTML),
    ("html: words moved out of tables (1 MB → 10 MB)", html_fostered, 1_000_000, HTML),
    ("html: cells spanning rows (1 MB → 10 MB)", html_rowspans, 1_000_000, HTML),
];

const MD: &str = "adversarial.md";
const HTML: &str = "adversarial.html";
const TXT: &str = "adversarial.txt";

/// A cookie table first, so that every document has something to extract.
const TABLE: &str = "## Cookies\n\n| Name | Duration |\n|---|---|\n| _ga | 2 years |\n\n";
const HTML_TABLE: &str =
    "<h2>Cookies</h2><table><tr><th>Name</th><th>Duration</th></tr><tr><td>_ga</td><td>2 years</td></tr></table>";

/// `unit` repeated to `bytes`, after the table.
fn repeated(bytes: usize, unit: &str) -> String {
    let mut s = String::from(TABLE);
    s.push_str(&unit.repeat(bytes / unit.len()));
    s.push('\n');
    s
}

fn html_repeated(bytes: usize, unit: &str, tail: &str) -> String {
    let mut s = format!("<!DOCTYPE html><html><body>{HTML_TABLE}");
    s.push_str(&unit.repeat(bytes.checked_div(unit.len()).unwrap_or(0)));
    s.push_str(tail);
    s
}

fn brackets(n: usize) -> String {
    repeated(n, "[")
}

fn emphasis(n: usize) -> String {
    repeated(n, "*_")
}

fn spans(n: usize) -> String {
    repeated(n, "<span>")
}

fn link_openers(n: usize) -> String {
    repeated(n, "[a](")
}

fn parentheses(n: usize) -> String {
    repeated(n, "(")
}

fn quotation_marks(n: usize) -> String {
    repeated(n, "\"a “b «c ")
}

fn backticks(n: usize) -> String {
    repeated(n, "`a ``b ")
}

/// Containers opened on one line, then a tenth of the bytes in lines that continue it lazily.
fn opened_on_one_line(n: usize, opener: &str) -> String {
    let mut s = String::from(TABLE);
    s.push_str(&opener.repeat(n * 9 / 10 / opener.len()));
    s.push_str("deep\n");
    s.push_str(&"lazy line\n".repeat(n / 10 / 10));
    s
}

fn quotes_on_one_line(n: usize) -> String {
    opened_on_one_line(n, ">")
}

fn lists_on_one_line(n: usize) -> String {
    opened_on_one_line(n, "- ")
}

fn quoted_lists_on_one_line(n: usize) -> String {
    opened_on_one_line(n, "> - ")
}

fn text_openers(n: usize) -> String {
    let mut s = String::from("Name\tDuration\n_ga\t2 years\n\n");
    s.push_str(&"(a \"b [c ".repeat(n / 10));
    s.push('\n');
    s
}

fn html_divs(n: usize) -> String {
    let count = n / 11;
    let mut s = html_repeated(count * 5, "<div>", "deep");
    s.push_str(&"</div>".repeat(count));
    s
}

fn html_cells(n: usize) -> String {
    html_repeated(n, "<table><tr><td>", "deep")
}

fn html_lists(n: usize) -> String {
    html_repeated(n, "<ul><li>", "deep")
}

fn html_blockquotes(n: usize) -> String {
    html_repeated(n, "<blockquote>", "deep")
}

fn html_spans(n: usize) -> String {
    html_repeated(n, "<span>", "deep")
}

fn html_formatting(n: usize) -> String {
    let mut s = html_repeated(0, "", "");
    let mut i = 0;
    while s.len() < n {
        let _ = write!(s, "<b id={i}><p>x");
        i += 1;
    }
    s
}

fn html_unclosed_blocks(n: usize) -> String {
    html_repeated(n, "<p>a<li>b", "")
}

fn html_unclosed_tags(n: usize) -> String {
    html_repeated(n, "<!- <? </ <a b='", "")
}

/// Text the parser moves before its table, so that the words of each table are met after the
/// text that follows them in the source.
fn html_fostered(n: usize) -> String {
    let mut s = html_repeated(0, "", "");
    let mut i = 0;
    while s.len() < n {
        let _ = write!(s, "<table><tr><td>w{i}</td></tr>m{i}</table>");
        i += 1;
    }
    s
}

fn html_rowspans(n: usize) -> String {
    let mut s = html_repeated(0, "", "");
    s.push_str("<table><tr>");
    for _ in 0..300 {
        let _ = write!(s, "<td rowspan=65534>{}</td>", "long text ".repeat(10));
    }
    s.push_str("</tr>");
    while s.len() < n {
        s.push_str("<tr></tr>");
    }
    s.push_str("</table>");
    s
}

fn long_line(n: usize) -> String {
    let mut s = String::from("# Cookies\n\n");
    while s.len() < n {
        s.push_str("_ga 2 years analytics cookie set by Google ");
    }
    s.push('\n');
    s
}

fn wide_header(n: usize) -> String {
    let mut s = String::from("| Name | Duration");
    for i in 0..n {
        let _ = write!(s, " | c{i}");
    }
    s.push_str(" |\n|---|---");
    for _ in 0..n {
        s.push_str("|---");
    }
    s.push_str("|\n| _ga | 2 years |\n");
    s
}

fn many_rows(n: usize) -> String {
    let mut s = String::from("## Analytics cookies\n\n| Name | Provider | Purpose | Duration |\n|---|---|---|---|\n");
    for i in 0..n {
        let _ = writeln!(s, "| c_{i} | Example | Counts visits | {} days |", i % 400 + 1);
    }
    s
}

fn pipes(n: usize) -> String {
    format!("| Name | Duration |\n|---|---|\n{}\n", "|".repeat(n))
}

fn nested_lists(n: usize) -> String {
    let mut s = String::new();
    for depth in 0..n {
        let _ = writeln!(s, "{}- _c{depth} — 1 day — level", "  ".repeat(depth));
    }
    s
}

fn nested_quotes(n: usize) -> String {
    format!("{} _ga — 2 years — deep\n", ">".repeat(n))
}

fn blank_runs(n: usize) -> String {
    let mut s = String::from("Name\tDuration\n_ga");
    s.push_str(&" \t".repeat(n / 2));
    s.push_str("2 years\n");
    s
}

fn unclosed(n: usize) -> String {
    let mut s = String::from("# Cookies\n\n");
    for i in 0..n / 10 {
        let _ = write!(s, "*a _b <div <span **{i} `x ");
    }
    s.push('\n');
    s
}

fn cell_per_line(n: usize) -> String {
    let mut s = String::from("Cookie name\nProvider\nPurpose\nExpiry\n");
    for i in 0..n / 4 {
        let _ = write!(s, "c_{i}\nExample\nCounts visits\n{} days\n", i % 90 + 1);
    }
    s
}

/// Records of three cells, one per line, with no blank line between them, in plain text: the
/// declaration stage reads them as one table of n rows.
fn text_cells(n: usize) -> String {
    let mut text = String::from("Name\nProvider\nDuration\n");
    for i in 0..n {
        let _ = write!(text, "_c{i}\nExample Ltd\n{} days\n", i % 30 + 1);
    }
    text
}

/// A page printed on one line, a table of n rows none of which gives a duration: n findings,
/// each with a column far into the line.
fn one_line_findings(n: usize) -> String {
    let mut text = String::from("<html><body><h2>Cookies</h2><table><tr><th>Name</th><th>Duration</th></tr>");
    for i in 0..n {
        let _ = write!(text, "<tr><td>_c{i}</td><td></td></tr>");
    }
    text.push_str("</table></body></html>");
    text
}

fn key_values(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = write!(s, "Name: c_{i}\nProvider: Example\nPurpose: Counts visits\nDuration: 1 year\n\n");
    }
    s
}

/// Each table under its own heading: every table, block and heading must be found once, not
/// compared with every other one.
fn small_tables(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = write!(s, "## Section {i}\n\n| Name | Duration |\n|---|---|\n| c_{i} | {} days |\n\n", i % 90 + 1);
    }
    s
}

/// Fenced code blocks between line-layout tables: lines are tested against the fenced ranges.
fn tables_and_code(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = write!(s, "```\ncode {i}\n```\n\nName\tDuration\nc_{i}\t{} days\n\n", i % 90 + 1);
    }
    s
}

/// A suppression comment above every table and a finding in every table: each finding is
/// checked against the suppressions once, not against each of them.
fn suppressions(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = write!(
            s,
            "## Section {i}\n\n<!-- cookielint-disable translation-mismatch -->\n\n| Name | Duration |\n|---|---|\n| c_{i} | 2 days |\n\n"
        );
    }
    s
}

fn many_headings(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let level = "#".repeat(i % 6 + 1);
        let _ = write!(s, "{level} Heading {i}\n\nSome words about section {i}.\n\n");
    }
    s
}

/// One sentence listing n names in a section that declares cookies: each name an entry, each
/// entry with findings, all on one line.
fn sentence_of_names(n: usize) -> String {
    let mut text = String::from(
        "## Analytics cookies\n\n| Name | Duration |\n|---|---|\n| _x | 1 day |\n\nThe cookies set by Hotjar (",
    );
    for i in 0..n {
        let _ = write!(text, "_qz{i}, ");
    }
    text.push_str("_qz) count visits.\n");
    text
}

fn time(name: &str, text: &str) -> Duration {
    // Default limits (256 cells per row), except size and rows, so that the 1M-row table is read.
    let options =
        Options { limits: Limits { max_file_size: u64::MAX, max_rows_per_table: 1 << 24, ..Limits::default() } };
    let start = Instant::now();
    let (source, policy) = cookielint::extract_bytes(name, text.as_bytes(), &options).expect("text");
    let findings = cookielint::lint::lint_document(&source, &policy);
    // Each finding as `lint --format json` writes it (its line and column included).
    let json: Vec<_> = findings.iter().map(|f| cookielint::render::findings::finding_json(&source, f)).collect();
    std::hint::black_box((policy.cookies.len(), findings.len(), json.len()));
    start.elapsed()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut filter: Option<String> = None;
    let mut scale = 1.0f64;
    let mut once = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--scale" => scale = rest.next().and_then(|v| v.parse().ok()).expect("--scale F"),
            "--once" => once = true,
            a if a.starts_with('-') => {} // cargo bench passes --bench
            a => filter = Some(a.to_string()),
        }
    }
    println!("{:<48} {:>10} {:>10} {:>7} {:>7}", "case", "n", "10 n", "time ×", "size ×");
    for (name, generate, n, file) in CASES {
        if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let n = ((*n as f64 * scale) as usize).max(10);
        let small = generate(n);
        let large = generate(n * 10);
        // The best of three runs, so that a slow run (the machine's other work) does not count:
        // the small cases take a few milliseconds, where one interruption doubles the time.
        let runs = if once { 1 } else { 3 };
        let best = |text: &str| (0..runs).map(|_| time(file, text)).min().expect("a run");
        let t_small = best(&small);
        let t_large = best(&large);
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
        let size_ratio = large.len() as f64 / small.len() as f64;
        let verdict = if ratio > 1.2 * size_ratio { "  SUPER-LINEAR" } else { "" };
        println!("{name:<48} {:>9.1?} {:>9.1?} {ratio:>6.1}× {size_ratio:>6.1}×{verdict}", t_small, t_large);
    }
}
