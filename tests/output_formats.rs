//! `--output-format` on every command, the formats CI tools read (concise, GitLab Code Quality,
//! JUnit, rdjson), `--statistics`, `--show-settings` and `--stdin-filename`.
mod common;

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cookielint")).current_dir(cwd).args(args).output().unwrap()
}

fn run_with_stdin(args: &[&str], cwd: &Path, input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    })
}

/// Every finding of `lint -f json` over the corpus.
fn corpus_findings(root: &Path) -> Vec<Value> {
    json(&run(&["lint", "--output-format", "json", "corpus"], root)).as_array().unwrap().clone()
}

#[test]
fn every_command_takes_output_format_json() {
    let root = common::repo_root();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("old.md"), "| Cookie | Duration |\n|---|---|\n| _ga | 2 years |\n").unwrap();
    std::fs::write(d.join("new.md"), "| Cookie | Duration |\n|---|---|\n| _ga | 1 year |\n").unwrap();
    std::fs::create_dir_all(d.join("gold")).unwrap();
    std::fs::create_dir_all(d.join("docs")).unwrap();
    std::fs::copy(d.join("old.md"), d.join("docs/001.md")).unwrap();
    std::fs::write(d.join("gold/001.json"), r#"{"cookies": [{"name": "_ga"}]}"#).unwrap();
    let with = |args: &[&str], cwd: &Path| json(&run(args, cwd));
    assert!(with(&["rules", "--output-format", "json"], &root).as_array().unwrap().len() > 10);
    assert_eq!(with(&["explain", "CL001", "--output-format", "json"], &root)["name"], "missing-duration");
    assert!(with(&["lookup", "_ga", "-f", "json"], &root).is_array());
    assert!(with(&["diff", "old.md", "new.md", "--output-format", "json"], d)["changed"].is_array());
    assert!(with(&["eval", "gold", "docs", "--output-format", "json"], d).is_object());
    // The old spellings still work.
    assert!(with(&["rules", "--json"], &root).is_array());
    assert!(with(&["lint", "--format", "json", "corpus/en-markdown-bakery.md"], &root).is_array());
    // batch: the records are JSON Lines (or Parquet); the summary on standard error is JSON.
    let batch = run(&["batch", "--summary-format", "json", "--jobs", "1", "docs"], d);
    let summary: Value = serde_json::from_slice(&batch.stderr).unwrap();
    assert_eq!(summary["documents"], 1, "{summary}");
    // extract: json-lines, with jsonl as an alias.
    let lines = run(&["extract", "--output-format", "json-lines", "corpus"], &root);
    let alias = run(&["extract", "-f", "jsonl", "corpus"], &root);
    assert_eq!(lines.stdout, alias.stdout);
    // A format a command cannot write is a usage error naming the ones it can.
    let wrong = run(&["extract", "--output-format", "junit", "corpus"], &root);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("json-lines"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
}

#[test]
fn concise_prints_one_line_per_finding() {
    let root = common::repo_root();
    let all = corpus_findings(&root);
    let output = run(&["lint", "--output-format", "concise", "corpus"], &root);
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), all.len());
    for (line, finding) in lines.iter().zip(&all) {
        let expected = format!(
            "{}:{}:{}: {} {} ",
            finding["source"].as_str().unwrap(),
            finding["line"],
            finding["column"],
            finding["code"].as_str().unwrap(),
            finding["rule"].as_str().unwrap()
        );
        assert!(line.starts_with(&expected), "{line} / {expected}");
    }
}

#[test]
fn gitlab_code_quality_has_the_fields_gitlab_requires_and_stable_fingerprints() {
    let root = common::repo_root();
    let all = corpus_findings(&root);
    let report = json(&run(&["lint", "--output-format", "gitlab", "corpus"], &root));
    let issues = report.as_array().unwrap();
    assert_eq!(issues.len(), all.len());
    let mut fingerprints = std::collections::HashSet::new();
    for (issue, finding) in issues.iter().zip(&all) {
        assert!(issue["description"].is_string() && issue["check_name"].is_string());
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap()));
        assert_eq!(issue["location"]["path"], finding["source"]);
        assert_eq!(issue["location"]["lines"]["begin"], finding["line"]);
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()), "unique");
    }
    // The same findings moved down by an edit above them keep their fingerprints.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let policy = std::fs::read_to_string(root.join("corpus/en-markdown-lists-florist.md")).unwrap();
    std::fs::write(d.join("p.md"), &policy).unwrap();
    let before = json(&run(&["lint", "-f", "gitlab", "p.md"], d));
    std::fs::write(d.join("p.md"), format!("Updated in spring.\n\n{policy}")).unwrap();
    let after = json(&run(&["lint", "-f", "gitlab", "p.md"], d));
    let prints = |v: &Value| v.as_array().unwrap().iter().map(|i| i["fingerprint"].clone()).collect::<Vec<_>>();
    assert!(!prints(&before).is_empty());
    assert_eq!(prints(&before), prints(&after));
    assert_ne!(before[0]["location"]["lines"]["begin"], after[0]["location"]["lines"]["begin"]);
}

#[test]
fn junit_counts_a_failure_per_finding_and_a_test_per_clean_document() {
    let root = common::repo_root();
    let all = corpus_findings(&root);
    let documents = run(&["extract", "-f", "json-lines", "corpus"], &root)
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    let output = run(&["lint", "--output-format", "junit", "corpus"], &root);
    let xml = String::from_utf8(output.stdout).unwrap();
    let suites = xml.matches("<testsuite ").count();
    assert_eq!(suites, documents);
    assert_eq!(xml.matches("<failure ").count(), all.len());
    let clean =
        documents - all.iter().map(|f| f["source"].as_str().unwrap()).collect::<std::collections::HashSet<_>>().len();
    assert_eq!(xml.matches("name=\"no findings\"").count(), clean);
    assert!(xml.contains(&format!("failures=\"{}\"", all.len())));
    assert!(!xml.contains("\"\"\""), "attributes are escaped");
}

#[test]
fn rdjson_columns_count_utf8_bytes_and_ends_are_exclusive() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Non-ASCII text before the findings on their lines: characters and bytes differ.
    let policy = "## Cookies\n\nÉtape — où nous plaçons les cookies : _ga (mesure d’audience) et _gid (2 ans).\n";
    std::fs::write(d.join("p.md"), policy).unwrap();
    let findings = json(&run(&["lint", "-f", "json", "p.md"], d));
    let report = json(&run(&["lint", "-f", "rdjson", "p.md"], d));
    assert_eq!(report["source"]["name"], "cookielint");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), findings.as_array().unwrap().len());
    assert!(!diagnostics.is_empty());
    for (diagnostic, finding) in diagnostics.iter().zip(findings.as_array().unwrap()) {
        let start = finding["span"]["start"].as_u64().unwrap() as usize;
        let line_start = policy[..start].rfind('\n').map_or(0, |i| i + 1);
        let range = &diagnostic["location"]["range"];
        assert_eq!(range["start"]["line"], finding["line"]);
        assert_eq!(range["start"]["column"].as_u64().unwrap() as usize, start - line_start + 1);
        assert!(["ERROR", "WARNING", "INFO"].contains(&diagnostic["severity"].as_str().unwrap()));
        assert_eq!(diagnostic["code"]["value"], finding["code"]);
    }
    let differs = diagnostics
        .iter()
        .zip(findings.as_array().unwrap())
        .any(|(diagnostic, finding)| diagnostic["location"]["range"]["start"]["column"] != finding["column"]);
    assert!(differs, "a finding after non-ASCII text on its line");
}

#[test]
fn statistics_count_findings_per_rule() {
    let root = common::repo_root();
    let all = corpus_findings(&root);
    let counts = json(&run(&["lint", "--statistics", "-f", "json", "corpus"], &root));
    let counts = counts.as_array().unwrap();
    let total: u64 = counts.iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, all.len());
    for count in counts {
        let rule = count["rule"].as_str().unwrap();
        let n = all.iter().filter(|f| f["rule"] == rule).count();
        assert_eq!(count["count"].as_u64().unwrap() as usize, n, "{rule}");
    }
    let text = String::from_utf8(run(&["lint", "--statistics", "corpus"], &root).stdout).unwrap();
    assert_eq!(text.lines().count(), counts.len());
    assert!(text.lines().next().unwrap().trim_start().starts_with(&counts[0]["count"].to_string()));
    let refused = run(&["lint", "--statistics", "-f", "sarif", "corpus"], &root);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn stdin_filename_names_the_source_chooses_the_format_and_finds_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::create_dir_all(d.join("site")).unwrap();
    std::fs::write(d.join("site/cookielint.toml"), "ignore = [\"missing-duration\"]\n").unwrap();
    let policy = "## Necessary cookies\n\n| Cookie | Purpose |\n|---|---|\n| sid | Keeps you signed in |\n";
    let plain = run_with_stdin(&["lint", "-f", "json", "-"], d, policy);
    let rules = |o: &Output| {
        json(o).as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert!(rules(&plain).contains(&"missing-duration".to_string()));
    assert_eq!(json(&plain)[0]["source"], "-");
    let named = run_with_stdin(&["lint", "-f", "json", "--stdin-filename", "site/policy.md", "-"], d, policy);
    assert!(!rules(&named).contains(&"missing-duration".to_string()), "the site's configuration applies");
    // HTML piped in is read as HTML, unless the name says Markdown (which may hold HTML blocks).
    let html = "<html><body><h2>Cookies</h2><p>We use <b>one</b> cookie.</p></body></html>\n";
    let sniffed = json(&run_with_stdin(&["extract", "-"], d, html));
    assert_eq!(sniffed["format"], "html");
    let named = json(&run_with_stdin(&["extract", "--stdin-filename", "site/policy.md", "-"], d, html));
    assert_eq!(named["source"], "site/policy.md");
    assert_eq!(named["format"], "markdown");
}

#[test]
fn show_settings_says_where_each_value_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::write(
        d.join("cookielint.toml"),
        "profile = \"cnil\"\nignore = [\"missing-provider\"]\n[limits]\nany = \"13 months\"\n",
    )
    .unwrap();
    std::fs::write(d.join("p.md"), "| Cookie | Duration |\n|---|---|\n| _ga | 2 years |\n").unwrap();
    let setting = |value: &Value, key: &str| -> (Value, String) {
        let s = value[0]["settings"].as_array().unwrap().iter().find(|s| s["key"] == key).unwrap().clone();
        (s["value"].clone(), s["source"].as_str().unwrap().to_string())
    };
    let shown = json(&run(&["lint", "--show-settings", "-f", "json", "p.md"], d));
    assert_eq!(shown[0]["source"], "p.md");
    let (profile, source) = setting(&shown, "profile");
    assert_eq!(profile, "cnil");
    assert!(source.contains("cookielint.toml"), "{source}");
    let (any, source) = setting(&shown, "limits.any.seconds");
    assert!(any.as_u64().unwrap() < 400 * 86_400 && source.contains("13 months"), "{any} {source}");
    let (statistics, source) = setting(&shown, "limits.statistics.seconds");
    assert!(statistics.as_u64().is_some() && source == "profile cnil", "{source}");
    let (rules, _) = setting(&shown, "rules");
    assert!(!rules.as_array().unwrap().contains(&Value::from("missing-provider")));
    let flagged = json(&run(
        &["lint", "--show-settings", "-f", "json", "--profile", "generic", "--fail-on", "warning", "p.md"],
        d,
    ));
    assert_eq!(setting(&flagged, "profile"), (Value::from("generic"), "--profile".to_string()));
    assert_eq!(setting(&flagged, "fail-on"), (Value::from("warning"), "--fail-on".to_string()));
    let text = String::from_utf8(run(&["lint", "--show-settings", "p.md"], d).stdout).unwrap();
    assert!(text.starts_with("Settings for p.md:") && text.contains("profile"), "{text}");
}
