//! The command line as a user meets it: every output format, standard input, and bad inputs
//! (not UTF-8, empty, binary, missing, a directory with no policies) that are reported by name
//! while the other inputs are still processed.
mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cookielint")).current_dir(cwd).args(args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const POLICY: &str = "## Necessary cookies\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n| ex_sid | Example | Keeps the session | Session |\n";

#[test]
fn bad_inputs_are_reported_and_the_others_processed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.md"), POLICY).unwrap();
    // "Durée" and curly quotes in Windows-1252.
    std::fs::write(d.join("latin1.txt"), b"Cookies n\xE9cessaires\n\nNom du cookie\tFinalit\xE9\tDur\xE9e\nx_sess\tSe souvenir de vous \x93toujours\x94\tSession\n").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(d.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let output = run(&["extract", "--format", "jsonl", ".", "missing.md"], d);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "an input could not be read: {err}");
    for name in ["missing.md", "binary.txt", "latin1.txt", "empty.txt"] {
        assert!(err.contains(name), "stderr should name {name}:\n{err}");
    }
    assert!(err.contains("Windows-1252"), "{err}");
    assert!(err.contains("looks binary"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let docs: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let sources: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["./empty.txt", "./good.md", "./latin1.txt"]);
    let latin1 = &docs[2];
    assert_eq!(latin1["encoding"], "windows1252");
    assert_eq!(latin1["cookies"][0]["name"], "x_sess");
    assert_eq!(latin1["cookies"][0]["purpose"], "Se souvenir de vous “toujours”");
    assert_eq!(latin1["cookies"][0]["category"], "necessary");
}

#[test]
fn readable_inputs_exit_zero_even_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.md"), b"").unwrap();
    std::fs::write(d.join("latin1.txt"), b"Dur\xE9e\n").unwrap();
    let output = run(&["extract", "empty.md", "latin1.txt"], d);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("empty"));
    let docs: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(docs.as_array().map(Vec::len), Some(2), "several documents make an array");
}

#[test]
fn a_directory_without_policies_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.json"), b"{}").unwrap();
    let output = run(&["extract", "."], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("no policy files"), "{}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "[]");
}

#[test]
fn one_document_is_one_object_and_stdin_works() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(POLICY.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["source"], "-");
    assert_eq!(doc["format"], "markdown");
    assert_eq!(doc["cookies"][0]["name"], "ex_sid");
    assert_eq!(doc["cookies"][0]["duration"]["kind"], "session");
}

#[test]
fn csv_has_one_row_per_cookie_with_its_source() {
    let root = common::repo_root();
    let output = run(&["extract", "--format", "csv", "corpus"], &root);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "source");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json = run(&["extract", "--format", "jsonl", "corpus"], &root);
    let cookies: usize = String::from_utf8(json.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["cookies"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len(), cookies);
    assert!(rows.iter().any(|r| &r[0] == "corpus/fr-pdf-wrapped-transports.txt" && &r[5] == "tdl_auth"));
}

#[test]
fn markdown_output_is_a_clean_table() {
    let root = common::repo_root();
    let output = run(&["extract", "--format", "markdown", "corpus/en-pdf-wrapped-rail.txt"], &root);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("### Essential cookies"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("| nwr_sid ")
            && l.contains("Identifies your session while you search for a journey and buy a ticket")),
        "{text}"
    );
    assert!(!text.contains('\t'));
}

#[test]
fn usage_errors_exit_two() {
    let output = run(&["extract", "--format", "yaml", "x"], &common::repo_root());
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn row_and_cell_limits_are_flags_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let table = "## Necessary cookies\n\n| Name | Purpose | Duration | Extra |\n|---|---|---|---|\n| a | x | 1 day | e |\n| b | y | 2 days | f |\n| c | z | 3 days | g |\n";
    std::fs::write(d.join("p.md"), table).unwrap();
    let rows = run(&["extract", "--format", "jsonl", "--max-rows-per-table", "2", "p.md"], d);
    let doc: serde_json::Value = serde_json::from_slice(&rows.stdout).unwrap();
    assert_eq!(doc["cookies"].as_array().unwrap().len(), 2);
    assert!(stderr(&rows).contains("more than 2 rows"), "{}", stderr(&rows));
    let cells = run(&["lint", "--max-cells-per-row", "3", "--format", "json", "p.md"], d);
    assert!(stderr(&cells).contains("limit-exceeded"), "{}", stderr(&cells));
    let batch = run(&["batch", "-q", "--max-rows-per-table", "2", "p.md"], d);
    let record: serde_json::Value = serde_json::from_slice(&batch.stdout).unwrap();
    assert_eq!(record["status"], "error");
    assert_eq!(batch.status.code(), Some(2));
}

/// A reader that closes the pipe early (`cookielint rules | head -1`) ends the run quietly
/// (status 141, as after SIGPIPE), without a panic message.
#[test]
fn closed_output_pipe_is_not_a_panic() {
    // The reading end is closed before the program starts, so every write fails with EPIPE
    // whatever the timing (a reader closed after spawning races with a short output).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .arg("rules")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(141));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}
