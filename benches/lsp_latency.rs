//! Time from `didChange` to the `publishDiagnostics` it causes, on a 200 KB policy, through the
//! real binary over stdio (debounce set to 0 so that only the work is measured). Run with
//! `cargo bench --bench lsp_latency`; prints the median and the 90th percentile of 100 edits at
//! each of three places (the top, the middle and the end of the policy), and of all 300.
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn frame(value: &Value) -> Vec<u8> {
    let body = value.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn read(reader: &mut impl BufRead) -> Value {
    let mut length = 0;
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.trim().strip_prefix("Content-Length:") {
            length = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

/// A policy of about 200 KB: sections of Markdown tables with durations and providers.
fn policy() -> String {
    let mut text =
        String::from("# Cookie policy\n\nWe use cookies to run the shop and, with consent, to measure visits.\n\n");
    let mut section = 0;
    while text.len() < 200 * 1024 {
        let heading =
            ["Necessary cookies", "Preference cookies", "Statistics cookies", "Marketing cookies"][section % 4];
        text.push_str(&format!("## {heading}\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n"));
        for row in 0..40 {
            text.push_str(&format!(
                "| c{section}_{row} | Example Ltd | Remembers setting {row} of section {section} | {} days |\n",
                row % 30 + 1
            ));
        }
        text.push('\n');
        section += 1;
    }
    text
}

fn report(what: &str, bytes: usize, mut samples: Vec<Duration>) {
    samples.sort();
    let median = samples[samples.len() / 2];
    let p90 = samples[samples.len() * 9 / 10];
    println!(
        "lsp didChange -> publishDiagnostics on a {} KB policy, {what}: median {:.2} ms, p90 {:.2} ms ({} samples)",
        bytes / 1024,
        median.as_secs_f64() * 1000.0,
        p90.as_secs_f64() * 1000.0,
        samples.len()
    );
}

fn main() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cookielint lsp");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let uri = "file:///bench/policy.md";
    let text = policy();
    stdin.write_all(&frame(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "initializationOptions": {"debounceMs": 0}}}))).unwrap();
    while read(&mut stdout).get("id") != Some(&json!(1)) {}
    stdin.write_all(&frame(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}))).unwrap();
    stdin.write_all(&frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}))).unwrap();
    stdin.flush().unwrap();
    while read(&mut stdout)["method"] != "textDocument/publishDiagnostics" {}
    // Where an editor types: at the end of the opening paragraph, in a cell of a table in the
    // middle of the policy, and in the last row of the last table.
    let position = |needle: &str| -> (usize, usize) {
        let at = text.find(needle).expect("needle in the policy") + needle.len();
        let line = text[..at].matches('\n').count();
        let column = at - text[..at].rfind('\n').map_or(0, |n| n + 1);
        (line, column)
    };
    let sections = text.matches("## ").count();
    let places = [
        ("opening paragraph", (2, 10)),
        ("table cell mid-document", position(&format!("| c{}_20 | Example Ltd | Remembers setting 20", sections / 2))),
        ("last table row", position(&format!("| c{}_39 | Example Ltd | Remembers setting 39", sections - 1))),
    ];
    let mut version = 1;
    let mut all: Vec<Duration> = Vec::new();
    for (place, (line, character)) in places {
        let mut samples: Vec<Duration> = Vec::new();
        for typed in 0..101 {
            version += 1;
            // Type one character, each after the one before.
            let character = character + typed;
            let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}}, "text": "x"}],
            }});
            let start = Instant::now();
            stdin.write_all(&frame(&change)).unwrap();
            stdin.flush().unwrap();
            loop {
                let message = read(&mut stdout);
                if message["method"] == "textDocument/publishDiagnostics"
                    && message["params"]["version"] == json!(version)
                {
                    break;
                }
            }
            samples.push(start.elapsed());
        }
        samples.remove(0);
        all.extend(&samples);
        report(&format!("typing in the {place}"), text.len(), samples);
    }
    report("all edits", text.len(), all);
    stdin.write_all(&frame(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))).unwrap();
    stdin.write_all(&frame(&json!({"jsonrpc": "2.0", "method": "exit"}))).unwrap();
    drop(stdin);
    let _ = child.wait();
}
