//! Linear time on adversarial input: each generator builds a document at size n and at 10 n, and
//! the benchmark prints the time of extract + lint for both, the ratio of the times and the ratio
//! of the sizes in bytes (nested lists grow with the square of their depth, so their size ratio
//! is 100). A time ratio above 1.2 × the size ratio (10× the input costing more than ~12× the
//! time) is marked SUPER-LINEAR.
//!
//! `cargo bench --bench adversarial` (all cases, up to a 50 MB line), or
//! `cargo bench --bench adversarial -- NAME` for the cases whose name contains NAME.
use cookielint::{Limits, Options};
use std::fmt::Write;
use std::time::{Duration, Instant};

type Generator = fn(usize) -> String;

/// (name, generator, n): the document at n and at 10 n is timed. n is large enough that the
/// small document already outgrows the processor's caches: a 270 KB document that fits in them
/// runs up to 1.5x faster per byte than its 10x version for that reason alone (measured on the
/// unclosed-emphasis case, now at 2.7 MB → 27 MB).
const CASES: &[(&str, Generator, usize)] = &[
    ("one long line (5 MB → 50 MB)", long_line, 5_000_000),
    ("header of many columns (10k → 100k)", wide_header, 10_000),
    ("table of many rows (100k → 1M)", many_rows, 100_000),
    ("pipes on one line (10^4 → 10^5)", pipes, 10_000),
    ("nested lists (1k → 10k levels)", nested_lists, 1_000),
    ("nested block quotes (1k → 10k levels)", nested_quotes, 1_000),
    ("runs of tabs and spaces (1 MB → 10 MB)", blank_runs, 1_000_000),
    ("unclosed emphasis and HTML (1M → 10M)", unclosed, 1_000_000),
    ("one cell per line (100k → 1M lines)", cell_per_line, 100_000),
    ("key-value blocks (20k → 200k)", key_values, 20_000),
    ("many small tables (5k → 50k)", small_tables, 5_000),
    ("tables between code blocks (5k → 50k)", tables_and_code, 5_000),
    ("many headings (20k → 200k)", many_headings, 20_000),
    ("suppression comments (2k → 20k tables)", suppressions, 2_000),
];

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

fn time(text: &str) -> Duration {
    // Default limits (256 cells per row), except size and rows, so that the 1M-row table is read.
    let options =
        Options { limits: Limits { max_file_size: u64::MAX, max_rows_per_table: 1 << 24, ..Limits::default() } };
    let start = Instant::now();
    let policy = cookielint::extract_text("adversarial.md", text.to_string(), &options);
    let source = cookielint::source::Source::from_text("adversarial.md", text.to_string());
    let findings = cookielint::lint::lint_document(&source, &policy);
    std::hint::black_box((policy.cookies.len(), findings.len()));
    start.elapsed()
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    println!("{:<42} {:>10} {:>10} {:>7} {:>7}", "case", "n", "10 n", "time ×", "size ×");
    for (name, generate, n) in CASES {
        if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let small = generate(*n);
        let large = generate(n * 10);
        // The best of three runs, so that a slow run (the machine's other work) does not count:
        // the small cases take a few milliseconds, where one interruption doubles the time.
        let best = |text: &str| (0..3).map(|_| time(text)).min().expect("three runs");
        let t_small = best(&small);
        let t_large = best(&large);
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
        let size_ratio = large.len() as f64 / small.len() as f64;
        let verdict = if ratio > 1.2 * size_ratio { "  SUPER-LINEAR" } else { "" };
        println!("{name:<42} {:>9.1?} {:>9.1?} {ratio:>6.1}× {size_ratio:>6.1}×{verdict}", t_small, t_large);
    }
}
