//! `cookielint report` over a batch run: the page's totals are the batch summary's, every chart
//! and table is there, and nothing on it is fetched from elsewhere.
mod common;

use std::process::Command;

fn cookielint(args: &[&str], cwd: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cookielint")).current_dir(cwd).args(args).output().unwrap()
}

fn attribute(html: &str, name: &str) -> u64 {
    let at = html.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("no {name}")) + name.len() + 2;
    html[at..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn the_page_counts_what_the_batch_summary_counts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let root = common::repo_root();
    let corpus = root.join("corpus");
    let batch = cookielint(
        &["batch", "-q", "--lint", corpus.to_str().unwrap(), "-o", "out.jsonl", "--summary", "summary.json"],
        d,
    );
    assert_eq!(batch.status.code(), Some(0), "{}", String::from_utf8_lossy(&batch.stderr));
    let report = cookielint(&["report", "out.jsonl", "-o", "report.html", "--title", "Corpus <test>"], d);
    assert_eq!(report.status.code(), Some(0), "{}", String::from_utf8_lossy(&report.stderr));
    let html = std::fs::read_to_string(d.join("report.html")).unwrap();
    let summary = common::read_json(&d.join("summary.json"));
    assert_eq!(attribute(&html, "data-documents"), summary["documents"].as_u64().unwrap());
    assert_eq!(attribute(&html, "data-cookies"), summary["cookies"].as_u64().unwrap());
    assert_eq!(attribute(&html, "data-findings"), summary["findings"].as_u64().unwrap());
    for chart in ["status", "languages", "categories", "lifetimes"] {
        assert!(html.contains(&format!("data-chart=\"{chart}\"")), "{chart}");
    }
    for table in ["names-table", "providers-table", "findings-table"] {
        assert!(html.contains(&format!("id=\"{table}\"")), "{table}");
    }
    assert!(html.contains("13 months (CNIL, audience measurement)") && html.contains("2 years (generic)"));
    assert!(html.contains("Corpus &lt;test&gt;"), "the title is escaped");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "nothing is fetched");
    assert!(!html.contains("id=\"timeline\""), "no dated input, no timeline");
    // A line that is not a record is counted, not fatal.
    std::fs::write(d.join("bad.jsonl"), "not json\n").unwrap();
    let report = cookielint(&["report", "out.jsonl", "bad.jsonl", "-o", "report2.html"], d);
    assert_eq!(report.status.code(), Some(0));
    assert!(std::fs::read_to_string(d.join("report2.html"))
        .unwrap()
        .contains("1 line(s) of the input were not records"));
}

/// The page over the Parquet files of the same run counts the same cookies and findings (its
/// documents are those with cookies: the cookie file has no row for the others).
#[test]
fn the_page_reads_the_parquet_files_of_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let corpus = common::repo_root().join("corpus");
    let corpus = corpus.to_str().unwrap();
    cookielint(&["batch", "-q", "--lint", corpus, "-o", "out.jsonl"], d);
    let parquet = cookielint(
        &["batch", "-q", "--lint", corpus, "--output-format", "parquet", "-o", "c.parquet", "--findings", "f.parquet"],
        d,
    );
    assert_eq!(parquet.status.code(), Some(0), "{}", String::from_utf8_lossy(&parquet.stderr));
    cookielint(&["report", "out.jsonl", "-o", "j.html"], d);
    let report = cookielint(&["report", "c.parquet", "f.parquet", "-o", "p.html"], d);
    assert_eq!(report.status.code(), Some(0), "{}", String::from_utf8_lossy(&report.stderr));
    let (json, parquet) =
        (std::fs::read_to_string(d.join("j.html")).unwrap(), std::fs::read_to_string(d.join("p.html")).unwrap());
    for name in ["data-cookies", "data-findings"] {
        assert_eq!(attribute(&json, name), attribute(&parquet, name), "{name}");
    }
    assert!(attribute(&parquet, "data-documents") > 0);
}

/// Two records of one source (a page captured twice) are two documents in the Parquet files too;
/// the cookie and findings files cannot be one file.
#[test]
fn parquet_keeps_two_captures_of_a_page_apart() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let record =
        r#"{"id": "https://a.example/cookies", "text": "| Cookie | Duration |\n|---|---|\n| _ga | 2 years |\n"}"#;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .current_dir(d)
        .args(["batch", "-q", "--stdin-jsonl", "--output-format", "parquet", "-o", "c.parquet"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{record}\n{record}\n").as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    cookielint(&["report", "c.parquet", "-o", "p.html"], d);
    let html = std::fs::read_to_string(d.join("p.html")).unwrap();
    assert_eq!(attribute(&html, "data-documents"), 2);
    let same =
        cookielint(&["batch", "-q", "--lint", "-f", "parquet", "-o", "x.parquet", "--findings", "x.parquet", "."], d);
    assert_eq!(same.status.code(), Some(2));
}
