//! Policy archives in git: `batch --git-history` reads every version of every policy with its
//! commit date, and `diff --git` prints one policy's cookie-level history. The repository is
//! built here with the git command line, one commit per snapshot with a set date.
use std::path::Path;
use std::process::Command;

fn git(repo: &Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .current_dir(repo)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "archive")
        .env("GIT_AUTHOR_EMAIL", "archive@example.org")
        .env("GIT_COMMITTER_NAME", "archive")
        .env("GIT_COMMITTER_EMAIL", "archive@example.org")
        .status()
        .expect("git on PATH");
    assert!(status.success(), "git {args:?}");
}

const V1: &str = "# Cookies\n\n## Statistics cookies\n\n| Cookie | Duration |\n|---|---|\n| _ga | 13 months |\n| _gid | 24 hours |\n";
const V2: &str = "# Cookies\n\n## Statistics cookies\n\n| Cookie | Duration |\n|---|---|\n| _ga | 2 years |\n| _gid | 24 hours |\n\n## Marketing cookies\n\n| Cookie | Duration |\n|---|---|\n| _fbp | 3 months |\n";
const V3: &str = "# Cookies\n\n## Statistics cookies\n\n| Cookie | Duration |\n|---|---|\n| _ga | 2 years |\n\n## Marketing cookies\n\n| Cookie | Duration |\n|---|---|\n| _fbp | 3 months |\n";

/// Three snapshots of shop.example.md, one of other.example.md, an unrelated README change,
/// and the removal of other.example.md.
fn archive(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"], "2024-01-01T00:00:00Z");
    let snapshot = |files: &[(&str, Option<&str>)], date: &str| {
        for (name, text) in files {
            match text {
                Some(text) => std::fs::write(dir.join(name), text).unwrap(),
                None => std::fs::remove_file(dir.join(name)).unwrap(),
            }
        }
        git(dir, &["add", "-A"], date);
        git(dir, &["commit", "-q", "-m", "snapshot"], date);
    };
    snapshot(&[("shop.example.md", Some(V1)), ("other.example.md", Some(V1))], "2024-01-03T10:00:00Z");
    snapshot(&[("README", Some("policies\n"))], "2024-02-01T10:00:00Z");
    snapshot(&[("shop.example.md", Some(V2))], "2024-05-10T10:00:00Z");
    snapshot(&[("shop.example.md", Some(V3)), ("other.example.md", None)], "2025-06-01T10:00:00Z");
}

#[test]
fn batch_reads_every_version_with_its_date() {
    let dir = tempfile::tempdir().unwrap();
    archive(dir.path());
    let output = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .args(["batch", "--quiet", "--ordered", "--git-history"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let records: Vec<serde_json::Value> =
        String::from_utf8_lossy(&output.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let seen: Vec<(String, String, usize)> = records
        .iter()
        .map(|r| {
            let source = r["source"].as_str().unwrap();
            let path = source.split('@').next().unwrap().to_string();
            (path, r["date"].as_str().unwrap()[..10].to_string(), r["cookies"].as_array().map_or(0, Vec::len))
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("other.example.md".to_string(), "2024-01-03".to_string(), 2),
            ("shop.example.md".to_string(), "2024-01-03".to_string(), 2),
            ("shop.example.md".to_string(), "2024-05-10".to_string(), 3),
            ("shop.example.md".to_string(), "2025-06-01".to_string(), 2),
        ],
        "README is not a policy; an unchanged file is not read again; a removal is no document"
    );
    let only = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .args(["batch", "--quiet", "--path", "shop.*", "--git-history"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&only.stdout).lines().count(), 3);
    let missing = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .args(["batch", "--quiet", "--git-history"])
        .arg(dir.path().join("nowhere"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2), "an unreadable repository is an error record");
    assert!(String::from_utf8_lossy(&missing.stdout).contains("\"status\":\"error\""));
}

#[test]
fn diff_prints_the_history_of_one_policy() {
    let dir = tempfile::tempdir().unwrap();
    archive(dir.path());
    let run = |json: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cookielint"));
        command.args(["diff", "--git"]).arg(dir.path()).arg("shop.example.md");
        if json {
            command.arg("--json");
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let history: serde_json::Value = serde_json::from_str(&run(true)).unwrap();
    let timeline = |name: &str| -> Vec<String> {
        history["cookies"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{} {}", &e[0].as_str().unwrap()[..10], e[2].as_str().unwrap()))
            .collect()
    };
    assert_eq!(timeline("_ga"), ["2024-01-03 appeared", "2024-05-10 changed: duration"]);
    assert_eq!(timeline("_gid"), ["2024-01-03 appeared", "2025-06-01 disappeared"]);
    assert_eq!(timeline("_fbp"), ["2024-05-10 appeared"]);
    assert_eq!(history["steps"].as_array().unwrap().len(), 3);
    let text = run(false);
    assert!(text.contains("3 version(s), 2024-01-03 → 2025-06-01"), "{text}");
    assert!(text.contains("~ _ga (duration)") && text.contains("- _gid"), "{text}");
    let other: serde_json::Value = {
        let output = Command::new(env!("CARGO_BIN_EXE_cookielint"))
            .args(["diff", "--json", "--git"])
            .arg(dir.path())
            .arg("other.example.md")
            .output()
            .unwrap();
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let steps = other["steps"].as_array().unwrap();
    assert!(steps[1]["deleted"].as_bool().unwrap(), "the removal is the last step");
    assert_eq!(steps[1]["changes"]["removed"].as_array().unwrap().len(), 2);
}
