//! `cookielint lint`, `rules`, `explain` and `diff` as a CI job runs them.
mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cookielint")).current_dir(cwd).args(args).output().unwrap()
}

fn findings(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The lint issue's acceptance check: on every seed, missing-duration and undeclared-category,
/// and mixed-language on the four English ones, each on the line where the problem is.
#[test]
fn seeds_report_the_expected_findings_on_the_right_lines() {
    let Some(seeds) = common::shared_dir("seeds") else { return };
    let expected: &[(&str, &[(&str, usize)])] = &[
        ("000_66e0ef1e7cddbeeb.txt", &[("undeclared-category", 5), ("missing-duration", 25), ("mixed-language", 29)]),
        ("001_0ba90551462f95d4.txt", &[("undeclared-category", 3), ("missing-duration", 23), ("mixed-language", 31)]),
        ("002_db3c7c1b22631390.txt", &[("undeclared-category", 5), ("missing-duration", 25), ("mixed-language", 29)]),
        ("003_769dc022f45119dc.txt", &[("undeclared-category", 15), ("missing-duration", 25)]),
        ("004_39ff0abf11086ea9.txt", &[("undeclared-category", 5), ("missing-duration", 25), ("mixed-language", 29)]),
    ];
    for (seed, wanted) in expected {
        let output = run(&["lint", "--format", "jsonl", seed], &seeds);
        assert_eq!(output.status.code(), Some(1), "missing-duration is an error");
        let got: Vec<(String, usize)> = findings(&output)
            .iter()
            .map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap() as usize))
            .collect();
        for (rule, line) in *wanted {
            assert!(got.contains(&(rule.to_string(), *line)), "{seed}: no {rule} on line {line}: {got:?}");
        }
        if seed.starts_with("003") {
            assert!(!got.iter().any(|(r, _)| r == "mixed-language"), "the French seed is in one language");
        }
    }
}

#[test]
fn exit_codes_follow_fail_on() {
    let root = common::repo_root();
    assert_eq!(run(&["lint", "corpus/fr-markdown-mairie.md"], &root).status.code(), Some(0));
    let with_warnings = "corpus/en-markdown-lists-florist.md";
    assert_eq!(run(&["lint", with_warnings], &root).status.code(), Some(0), "warnings do not fail by default");
    assert_eq!(run(&["lint", "--fail-on", "warning", with_warnings], &root).status.code(), Some(1));
    assert_eq!(
        run(&["lint", "--fail-on", "never", "corpus/en-markdown-tabs-observatory.md"], &root).status.code(),
        Some(0)
    );
    assert_eq!(run(&["lint", "corpus/en-markdown-tabs-observatory.md"], &root).status.code(), Some(1));
    assert_eq!(run(&["lint", "no-such-file.md"], &root).status.code(), Some(2));
    assert_eq!(run(&["lint", "--select", "missing-duraton", "corpus"], &root).status.code(), Some(2));
}

#[test]
fn human_output_shows_the_snippet_and_a_summary() {
    let output = run(&["lint", "corpus/en-markdown-tabs-observatory.md"], &common::repo_root());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("cookielint::missing-duration"), "{text}");
    assert!(text.contains("Provider\tFunction and location") || text.contains("Provider    Function"), "{text}");
    assert!(text.contains("Found 2 finding(s) in 1 of 1 file(s): 2 error(s)"), "{text}");
}

#[test]
fn sarif_and_github_formats() {
    let root = common::repo_root();
    let output = run(&["lint", "--format", "sarif", "corpus"], &root);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["rules"].as_array().unwrap().len(), cookielint::lint::rules::ALL.len());
    let result = &run0["results"][0];
    assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
    let output = run(&["lint", "--format", "github", "corpus/en-markdown-tabs-observatory.md"], &root);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.lines().next().unwrap().starts_with("::error file=corpus/en-markdown-tabs-observatory.md,line=9,col=1,"),
        "{text}"
    );
}

#[test]
fn configuration_is_found_upward_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::create_dir_all(d.join("policies/legacy")).unwrap();
    let policy = "## Necessary cookies\n\n| Cookie | Purpose |\n|---|---|\n| sid | Keeps you signed in |\n";
    std::fs::write(d.join("policies/a.md"), policy).unwrap();
    std::fs::write(d.join("policies/legacy/b.md"), policy).unwrap();
    std::fs::write(
        d.join("cookielint.toml"),
        "[per-file-ignores]\n\"policies/legacy/*.md\" = [\"missing-duration\"]\n",
    )
    .unwrap();
    let output = run(&["lint", "--format", "jsonl", "policies"], d);
    let sources: Vec<String> = findings(&output)
        .iter()
        .filter(|f| f["rule"] == "missing-duration")
        .map(|f| f["source"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sources, ["policies/a.md"]);
    std::fs::write(d.join("cookielint.toml"), "ignore = [\"missing-duraton\"]\n").unwrap();
    let output = run(&["lint", "policies"], d);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `missing-duration`?"));
    std::fs::write(d.join("custom.toml"), "[severity]\nmissing-duration = \"info\"\n").unwrap();
    let output = run(&["lint", "--config", "custom.toml", "policies/a.md"], d);
    assert_eq!(output.status.code(), Some(0), "missing-duration lowered to info");
}

#[test]
fn rules_and_explain() {
    let root = common::repo_root();
    let output = run(&["rules", "--json"], &root);
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rules.len(), cookielint::lint::rules::ALL.len());
    for name in [
        "missing-duration",
        "missing-purpose",
        "missing-provider",
        "empty-cell",
        "unparseable-duration",
        "duplicate-cookie",
        "conflicting-declaration",
        "miscategorized-cookie",
        "excessive-lifetime",
        "undeclared-category",
        "mixed-language",
        "translation-mismatch",
        "missing-expected",
        "undeclared-observed",
        "stale-declaration",
        "unrecognized-table",
    ] {
        assert!(rules.iter().any(|r| r["name"] == name), "{name} is not registered");
    }
    let output = run(&["explain", "CL001"], &root);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("missing-duration (CL001)") && text.contains("Art. 13(2)(a)"), "{text}");
    assert_eq!(run(&["explain", "missing-duraton"], &root).status.code(), Some(2));
}

#[test]
fn diff_across_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The old version came out of a PDF (tabs, a wrapped cell); the new one is Markdown.
    std::fs::write(
        d.join("old.txt"),
        "Necessary cookies\n\nName\tProvider\tPurpose\tDuration\nsid\tShop\tKeeps you\tSession\n\t\tsigned in\t\nold_ab\tShop\tA/B test\t30 days\ncart\tShop\tBasket\t7 days\n",
    )
    .unwrap();
    std::fs::write(
        d.join("new.md"),
        "## Necessary cookies\n\n| Name | Provider | Purpose | Duration |\n|---|---|---|---|\n| sid | Shop | Keeps you signed in | Session |\n| cart | Shop | Basket | 30 days |\n\n## Statistics cookies\n\n| Name | Provider | Purpose | Duration |\n|---|---|---|---|\n| st_id | Statly | Counts visits | 13 months |\n",
    )
    .unwrap();
    let output = run(&["diff", "--json", "old.txt", "new.md"], d);
    assert_eq!(output.status.code(), Some(0));
    let diff: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(diff["added"][0]["name"], "st_id");
    assert_eq!(diff["removed"][0]["name"], "old_ab");
    assert_eq!(diff["changed"].as_array().unwrap().len(), 1, "sid is unchanged: {diff}");
    assert_eq!(diff["changed"][0]["name"], "cart");
    assert_eq!(diff["changed"][0]["changes"][0]["field"], "duration");
    assert_eq!(run(&["diff", "--fail-on", "added", "old.txt", "new.md"], d).status.code(), Some(1));
    assert_eq!(run(&["diff", "--fail-on", "any", "new.md", "new.md"], d).status.code(), Some(0));
    let text = String::from_utf8(run(&["diff", "old.txt", "new.md"], d).stdout).unwrap();
    assert!(
        text.contains("+ st_id (statistics, 13 months)")
            && text.contains("- old_ab")
            && text.contains("duration: 7 days → 30 days"),
        "{text}"
    );
}
