//! Fixes (`lint --fix`, the language server's code actions): a fix never loses a cell, a second
//! fix changes nothing, and the command line applies, diffs and reports them.
mod common;

use cookielint::fix::{self, Applicability};
use cookielint::lint::{self, config, Context};
use cookielint::model::{Cookie, Policy};
use cookielint::source::Source;
use cookielint::Options;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The configuration the fixes run under: every rule, and two expected cookies (one the
/// knowledge base knows, one it does not) so that rows get added.
fn settings() -> config::Resolved {
    config::Resolved {
        expected: vec!["_gid".to_string(), "zq_expected_pref".to_string()],
        ..config::Resolved::default()
    }
}

fn read(path: &Path) -> Option<(Source, Policy)> {
    let bytes = std::fs::read(path).ok()?;
    cookielint::extract_bytes(&path.display().to_string(), &bytes, &Options::default()).ok()
}

fn findings(source: &Source, policy: &Policy, resolved: &config::Resolved) -> Vec<cookielint::diagnostics::Diagnostic> {
    lint::lint(&[Context::new(source, policy, resolved)]).remove(0)
}

/// What a fix must keep of a cookie: every field the policy gave it.
fn kept(before: &Cookie, after: &Cookie) -> bool {
    let same_or_added = |a: &Option<String>, b: &Option<String>| a.is_none() || a == b;
    before.name == after.name
        && same_or_added(&before.provider, &after.provider)
        && same_or_added(&before.purpose, &after.purpose)
        && same_or_added(&before.function, &after.function)
        && (before.category.is_none() || before.category == after.category)
        && (before.duration.is_none()
            || before.duration.as_ref().map(|d| &d.text) == after.duration.as_ref().map(|d| &d.text))
        && before.kind == after.kind
}

fn documents() -> Vec<PathBuf> {
    let mut all = common::corpus_documents();
    for sub in ["seeds", "realworld/docs", "realworld2/docs"] {
        let Some(dir) = common::shared_dir(sub) else { continue };
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        files.sort();
        all.extend(files);
    }
    all
}

/// On every document of the corpus, the seeds and both development sets: the fixed document
/// declares every cookie it declared, with every field it gave, plus the added rows; fixing it
/// again changes nothing.
#[test]
fn fixes_keep_every_cookie_and_field_and_a_second_fix_changes_nothing() {
    let resolved = settings();
    let (mut fixed_documents, mut fixed_findings) = (0, 0);
    for path in documents() {
        let Some((source, policy)) = read(&path) else { continue };
        let diagnostics = findings(&source, &policy, &resolved);
        let document = fix::Document { source: &source, policy: &policy, observed: None };
        let (edits, fixed) = document.fix_all(&diagnostics, Applicability::Unsafe);
        if edits.is_empty() {
            continue;
        }
        fixed_documents += 1;
        fixed_findings += fixed.len();
        let text = fix::apply(&source.text, &edits);
        let (source2, policy2) = cookielint::extract_bytes(&source.name, text.as_bytes(), &Options::default()).unwrap();
        let name = path.display();
        let mut unmatched: Vec<&Cookie> = policy2.cookies.iter().collect();
        for before in &policy.cookies {
            let Some(at) = unmatched.iter().position(|after| kept(before, after)) else {
                panic!("{name}: `{}` lost or changed by the fix:\n{text}", before.name);
            };
            unmatched.remove(at);
        }
        for added in &unmatched {
            assert!(
                ["_gid", "zq_expected_pref"].contains(&added.name.as_str()),
                "{name}: `{}` appeared from nowhere",
                added.name
            );
        }
        for rule in fixed.iter().map(|&i| diagnostics[i].rule.as_str()) {
            assert!(["missing-duration", "missing-expected", "empty-cell"].contains(&rule), "{name}: {rule}");
        }
        // The fixed findings are gone, and nothing is left to fix.
        let again = findings(&source2, &policy2, &resolved);
        let document2 = fix::Document { source: &source2, policy: &policy2, observed: None };
        let (edits2, _) = document2.fix_all(&again, Applicability::Unsafe);
        let text2 = fix::apply(&source2.text, &edits2);
        assert_eq!(text2, text, "{name}: a second fix changed the text");
        assert!(
            !again.iter().any(|d| d.rule == "missing-expected"),
            "{name}: an expected cookie is still missing after its row was added"
        );
    }
    eprintln!("fixed {fixed_findings} findings in {fixed_documents} documents");
    assert!(fixed_documents >= 3, "the fixes were exercised on {fixed_documents} documents");
    assert!(fixed_findings >= 3);
}

/// The safe fix adds an empty Duration column and nothing else; the unsafe fixes fill in what
/// the knowledge base knows and add rows.
#[test]
fn safe_fixes_add_room_and_unsafe_fixes_add_facts() {
    let text = "## Analytics cookies\n\n| Cookie | Purpose |\n|---|---|\n| _ga | Counts visits |\n\nMore text.\n";
    let (source, policy) = cookielint::extract_bytes("p.md", text.as_bytes(), &Options::default()).unwrap();
    let resolved = settings();
    let diagnostics = findings(&source, &policy, &resolved);
    let document = fix::Document { source: &source, policy: &policy, observed: None };
    let (edits, fixed) = document.fix_all(&diagnostics, Applicability::Safe);
    assert_eq!(fixed.len(), 1, "only the missing column is safe to fix");
    let safe = fix::apply(&source.text, &edits);
    assert!(safe.contains("| Cookie | Purpose       | Duration |"), "{safe}");
    assert!(safe.ends_with("\n\nMore text.\n") && safe.starts_with("## Analytics cookies\n\n|"), "{safe}");
    assert!(!safe.contains("_gid"));
    let (edits, _) = document.fix_all(&diagnostics, Applicability::Unsafe);
    let unsafe_text = fix::apply(&source.text, &edits);
    assert!(unsafe_text.contains("| _gid "), "{unsafe_text}");
    assert!(unsafe_text.contains("| zq_expected_pref "), "{unsafe_text}");
    // An empty provider cell takes the knowledge base's provider (unsafe); one the heading
    // gives is kept.
    let empty = "## Cookies\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n| _ga |  | Counts visits | 2 years |\n";
    let (source, policy) = cookielint::extract_bytes("p.md", empty.as_bytes(), &Options::default()).unwrap();
    let diagnostics = findings(&source, &policy, &config::Resolved::default());
    let document = fix::Document { source: &source, policy: &policy, observed: None };
    let cell = diagnostics.iter().find(|d| d.rule == "empty-cell").expect("an empty provider cell");
    let fill = document.fix(cell).expect("a fix for it");
    assert_eq!(fill.applicability, Applicability::Unsafe);
    let filled = fix::apply(&source.text, &fill.edits);
    assert!(filled.contains("| _ga    | Google Analytics |"), "{filled}");
    let vendor_heading = empty.replace("## Cookies", "## Google Analytics cookies");
    let (source, policy) = cookielint::extract_bytes("p.md", vendor_heading.as_bytes(), &Options::default()).unwrap();
    let diagnostics = findings(&source, &policy, &config::Resolved::default());
    let document = fix::Document { source: &source, policy: &policy, observed: None };
    assert!(diagnostics.iter().filter(|d| d.rule == "empty-cell").all(|d| document.fix(d).is_none()));
    // A sentence that declares a cookie is never rewritten as a table.
    let prose = "We set the _ga cookie to count visits.\n";
    let (source, policy) = cookielint::extract_bytes("p.md", prose.as_bytes(), &Options::default()).unwrap();
    let diagnostics = findings(&source, &policy, &resolved);
    let document = fix::Document { source: &source, policy: &policy, observed: None };
    assert!(document.fix_all(&diagnostics, Applicability::Unsafe).0.is_empty());
}

fn cookielint(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cookielint")).current_dir(cwd).args(args).output().unwrap()
}

#[test]
fn the_command_line_fixes_in_place_diffs_and_reports_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let policy = "## Analytics cookies\r\n\r\n| Cookie | Purpose |\r\n|---|---|\r\n| _ga | Counts visits |\r\n";
    std::fs::write(d.join("p.md"), policy).unwrap();
    let diff = cookielint(&["lint", "--diff", "p.md"], d);
    assert_eq!(diff.status.code(), Some(1), "a fix is available");
    let shown = String::from_utf8(diff.stdout).unwrap();
    assert!(
        shown.starts_with("--- a/p.md\n+++ b/p.md\n") && shown.contains("+| _ga    | Counts visits |          |"),
        "{shown}"
    );
    assert_eq!(std::fs::read_to_string(d.join("p.md")).unwrap(), policy, "--diff writes nothing");
    let fixed = cookielint(&["lint", "--fix", "-f", "json", "p.md"], d);
    let after = std::fs::read_to_string(d.join("p.md")).unwrap();
    assert!(
        after.contains("| Duration |\r\n") && !after.replace("\r\n", "").contains('\n'),
        "line endings kept: {after:?}"
    );
    let left: serde_json::Value = serde_json::from_slice(&fixed.stdout).unwrap();
    assert!(left
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["message"].as_str().unwrap().contains("no duration is given for `_ga`")));
    assert!(String::from_utf8_lossy(&fixed.stderr).contains("Fixed 1 finding(s) in 1 file(s)"));
    let again = cookielint(&["lint", "--fix", "p.md"], d);
    assert_eq!(std::fs::read_to_string(d.join("p.md")).unwrap(), after, "a second --fix changes nothing");
    assert!(String::from_utf8_lossy(&again.stderr).contains("Fixed 0 finding(s)"));
    // The knowledge base knows _ga's lifetime: an unsafe fix.
    let hinted = String::from_utf8_lossy(&again.stderr).to_string();
    assert!(hinted.contains("more with --unsafe-fixes"), "{hinted}");
    cookielint(&["lint", "--fix", "--unsafe-fixes", "p.md"], d);
    let filled = std::fs::read_to_string(d.join("p.md")).unwrap();
    assert!(!filled.contains("|          |"), "{filled}");
    // Standard input: the fixed text is printed.
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .current_dir(d)
        .args(["lint", "--fix", "--stdin-filename", "q.md", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(policy.replace("\r\n", "\n").as_bytes()).unwrap();
    let printed = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    assert!(printed.starts_with("## Analytics cookies\n\n| Cookie | Purpose       | Duration |\n"), "{printed}");
}

/// What a rewrite must never touch: each of these documents has a fix available in principle
/// (a table with no duration column), and either the fix leaves the text around the table as it
/// was or no fix is offered.
#[test]
fn a_fix_never_rewrites_what_is_not_the_table() {
    let cases: &[(&str, &str, &[&str])] = &[
        // A last row cut by the end of the file is dropped by extraction but is still text.
        ("cut.md", "## Cookies\n\n| Cookie | Purpose |\n|---|---|\n| _ga | Counts visits |\n| _gid", &["| _gid"]),
        // A heading between two parts of a table read as one.
        (
            "merged.md",
            "| Cookie | Purpose |\n|---|---|\n| _ga | Counts visits |\n\n### Google\n\n| _gid | Counts visits too |\n",
            &["### Google", "| _gid | Counts visits too |"],
        ),
        // A table in a block quote, and one in a list item.
        (
            "quote.md",
            "> | Cookie | Purpose |\n> |---|---|\n> | _ga | Counts visits |\n",
            &["> | _ga | Counts visits |"],
        ),
        (
            "item.md",
            "1. Cookies:\n\n   | Cookie | Purpose |\n   |---|---|\n   | _ga | Counts visits |\n",
            &["   | _ga | Counts visits |"],
        ),
        // A tab-separated table inside a code block.
        ("code.md", "```\nCookie\tPurpose\n_ga\tCounts visits\n```\n", &["_ga\tCounts visits"]),
    ];
    for (name, text, kept_lines) in cases {
        let (source, policy) = cookielint::extract_bytes(name, text.as_bytes(), &Options::default()).unwrap();
        let diagnostics = findings(&source, &policy, &config::Resolved::default());
        let document = fix::Document { source: &source, policy: &policy, observed: None };
        let (edits, _) = document.fix_all(&diagnostics, Applicability::Unsafe);
        let fixed = fix::apply(&source.text, &edits);
        for line in *kept_lines {
            assert!(fixed.contains(line), "{name}: `{line}` was rewritten:\n{fixed}");
        }
    }
    // Markup in cells is kept as written; a converted table is set apart from the text after it.
    let linked = "## Analytics cookies\n\n| Cookie | Purpose |\n|---|---|\n| [_ga](https://example.org/ga) | Counts **visits** |\n";
    let (source, policy) = cookielint::extract_bytes("link.md", linked.as_bytes(), &Options::default()).unwrap();
    let diagnostics = findings(&source, &policy, &config::Resolved::default());
    let document = fix::Document { source: &source, policy: &policy, observed: None };
    let fixed = fix::apply(&source.text, &document.fix_all(&diagnostics, Applicability::Safe).0);
    assert!(fixed.contains("[_ga](https://example.org/ga)") && fixed.contains("Counts **visits**"), "{fixed}");
    assert!(fixed.contains("| Duration |"), "{fixed}");
    let tabbed = "# Cookies\n\nCookie\tPurpose\tProvider\n_ga\tCounts visits\tGoogle\nMore text right after.\n";
    let (source, policy) = cookielint::extract_bytes("tabs.md", tabbed.as_bytes(), &Options::default()).unwrap();
    let diagnostics = findings(&source, &policy, &config::Resolved::default());
    let document = fix::Document { source: &source, policy: &policy, observed: None };
    let fixed = fix::apply(&source.text, &document.fix_all(&diagnostics, Applicability::Safe).0);
    if fixed != tabbed {
        assert!(fixed.contains("|\n\nMore text right after."), "{fixed}");
    }
}

/// A new column that would make a row read differently is not added: with a Duration column,
/// "Session" in the purpose cell of `sid` would be read as its lifetime and its provider lost.
#[test]
fn a_fix_that_would_change_what_a_row_says_is_not_offered() {
    let text = "Cookie\tPurpose\tProvider\nsid\tSession\tUs\n_ga\tCounts visits\tGoogle\n";
    let (source, policy) = cookielint::extract_bytes("p.txt", text.as_bytes(), &Options::default()).unwrap();
    let diagnostics = findings(&source, &policy, &config::Resolved::default());
    let document = fix::Document { source: &source, policy: &policy, observed: None };
    let (edits, _) = document.fix_all(&diagnostics, Applicability::Unsafe);
    let fixed = fix::apply(&source.text, &edits);
    let (_, after) = cookielint::extract_bytes("p.txt", fixed.as_bytes(), &Options::default()).unwrap();
    for before in &policy.cookies {
        let now = after.cookies.iter().find(|c| c.name == before.name).unwrap();
        assert_eq!(before.provider, now.provider, "{fixed}");
    }
}

#[cfg(unix)]
#[test]
fn the_command_line_keeps_standard_input_and_links_whole() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run_stdin = |args: &[&str], input: &[u8]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
            .current_dir(d)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        child.wait_with_output().unwrap()
    };
    // Windows-1252 text is not rewritten, and comes back as its own bytes.
    let latin = b"## Cookies\n\n| Cookie | Purpose |\n|---|---|\n| _ga | Mesure d'audience \xe9t\xe9 |\n";
    let out = run_stdin(&["lint", "--fix", "--stdin-filename", "p.md", "-"], latin);
    assert_eq!(out.stdout, latin.to_vec());
    // The findings left go to standard error, and the exit status counts them.
    let utf8 = "## Cookies\n\n| Cookie | Purpose |\n|---|---|\n| _ga | Counts visits |\n";
    let out = run_stdin(&["lint", "--fix", "-f", "concise", "--stdin-filename", "p.md", "-"], utf8.as_bytes());
    assert!(String::from_utf8(out.stdout).unwrap().contains("| Duration |"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CL001 missing-duration no duration is given for `_ga`"));
    assert_eq!(out.status.code(), Some(1));
    // Standard input and files in one --fix run: a usage error.
    std::fs::write(d.join("a.md"), utf8).unwrap();
    let out = run_stdin(&["lint", "--fix", "a.md", "-"], utf8.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(d.join("a.md")).unwrap(), utf8, "nothing written");
    // Through a symbolic link, the file it points to is fixed and the link stays a link.
    std::fs::create_dir(d.join("real")).unwrap();
    std::fs::write(d.join("real/policy.md"), utf8).unwrap();
    std::os::unix::fs::symlink(d.join("real/policy.md"), d.join("link.md")).unwrap();
    let out = cookielint(&["lint", "--fix", "link.md"], d);
    assert_eq!(out.status.code(), Some(1));
    assert!(std::fs::symlink_metadata(d.join("link.md")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(d.join("real/policy.md")).unwrap().contains("| Duration |"));
    // --unsafe-fixes alone says what it needs.
    assert_eq!(cookielint(&["lint", "--unsafe-fixes", "a.md"], d).status.code(), Some(2));
}
