//! The language server driven over JSON-RPC exactly as an editor does: the binary is spawned
//! and spoken to on stdin/stdout.
mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    next_id: i64,
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cookielint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some(value) = line.trim().strip_prefix("Content-Length:") {
                        length = value.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let _ = sender.send(serde_json::from_slice(&body).unwrap());
            }
        });
        Client { child, stdin, messages, next_id: 1 }
    }

    fn send(&mut self, value: Value) {
        self.stdin.write_all(&frame(&value.to_string())).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == json!(id), "a response")
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn wait(&mut self, mut predicate: impl FnMut(&Value) -> bool, what: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if predicate(&message) => return message,
                Ok(_) => continue,
                Err(_) => panic!("timed out waiting for {what}"),
            }
        }
    }

    fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        let uri = uri.to_string();
        let message = self.wait(
            |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(uri),
            "diagnostics",
        );
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, encodings: &[&str]) -> Value {
        self.initialize_with(encodings, json!({"debounceMs": 0}))
    }

    fn initialize_with(&mut self, encodings: &[&str], options: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {"general": {"positionEncodings": encodings}},
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        response
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn shutdown(mut self) -> i32 {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none());
        self.notify("exit", Value::Null);
        drop(self.stdin);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A line with accents, an emoji and a tab before a French cell in an English policy.
const POLICY: &str = "# Cookies\n\nWe use cookies on this website; this page lists them and what each of them is for.\n\n## Necessary cookies\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n| sid | Café\t😀 Ltd | Se souvenir de vous d'une page à l'autre | Session |\n| basket | Shop | Keeps the basket | 2 weeks |\n";

fn mixed_cell_start(text: &str) -> (usize, usize) {
    let line = text.lines().position(|l| l.starts_with("| sid")).unwrap();
    let line_text = text.lines().nth(line).unwrap();
    let byte = line_text.find("Se souvenir").unwrap();
    (line, byte)
}

#[test]
fn diagnostics_with_utf16_positions_then_utf8() {
    for (encodings, utf8) in [(vec![], false), (vec!["utf-8", "utf-16"], true)] {
        let mut client = Client::start();
        let init = client.initialize(&encodings);
        assert_eq!(init["result"]["capabilities"]["positionEncoding"], if utf8 { "utf-8" } else { "utf-16" });
        client.open("file:///tmp/policy.md", POLICY);
        let diagnostics = client.diagnostics_for("file:///tmp/policy.md");
        let mixed = diagnostics.iter().find(|d| d["code"] == "mixed-language").expect("mixed-language");
        let (line, byte) = mixed_cell_start(POLICY);
        let line_text = POLICY.lines().nth(line).unwrap();
        let character = if utf8 { byte } else { line_text[..byte].encode_utf16().count() };
        assert_eq!(mixed["range"]["start"], json!({"line": line, "character": character}), "utf8={utf8}");
        assert!(mixed["codeDescription"]["href"].as_str().unwrap().len() > 10);
        assert_eq!(mixed["source"], "cookielint");
        assert_eq!(client.shutdown(), 0);
    }
}

#[test]
fn incremental_changes_hover_actions_and_symbols() {
    let mut client = Client::start();
    client.initialize(&[]);
    let uri = "file:///tmp/edit.md";
    client.open(uri, POLICY);
    let before = client.diagnostics_for(uri);
    assert!(!before.iter().any(|d| d["code"] == "missing-duration"));
    // Delete "2 weeks" with a ranged change.
    let line = POLICY.lines().position(|l| l.starts_with("| basket")).unwrap();
    let line_text = POLICY.lines().nth(line).unwrap();
    let start = line_text.find("2 weeks").unwrap();
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": start + 7}}, "text": ""}],
        }),
    );
    let after = client.diagnostics_for(uri);
    let missing = after.iter().find(|d| d["code"] == "missing-duration").expect("missing-duration after the edit");
    assert_eq!(missing["range"]["start"]["line"], json!(line));

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line - 1, "character": 3}}),
    );
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**sid**") && text.contains("necessary") && text.contains("heading"), "{text}");
    assert!(text.contains("until the browser session ends"), "{text}");

    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": missing["range"], "context": {"diagnostics": [missing]}}),
    );
    let titles: Vec<&str> =
        actions["result"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Rewrite this table as a normalized Markdown table"), "{titles:?}");
    assert!(titles.contains(&"Disable missing-duration for this table"), "{titles:?}");
    let disable = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Disable missing-duration for this table")
        .unwrap();
    let edits = disable["edit"]["changes"][uri].as_array().unwrap();
    assert_eq!(edits[0]["newText"], "<!-- cookielint-disable missing-duration -->\n");

    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let table = &symbols["result"][0];
    assert_eq!(table["name"], "Necessary cookies");
    assert_eq!(table["detail"], "necessary");
    let names: Vec<&str> = table["children"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["sid", "basket"]);
    assert_eq!(client.shutdown(), 0);
}

/// After each edit the server reads only the sections the edit touched (`analysis::Analysis::
/// update`); what it publishes must be what opening the edited text afresh gives.
#[test]
fn edits_give_the_diagnostics_of_a_fresh_open() {
    let mut client = Client::start();
    client.initialize(&[]);
    let uri = "file:///tmp/edited.md";
    let fresh_uri = "file:///tmp/fresh.md";
    let mut text = String::from("# Cookies\n\nWe use cookies on this website.\n\n");
    for (heading, rows) in [
        (
            "Necessary cookies",
            "| sid | Shop | Keeps you signed in | Session |\n| csrf | Shop | Protects forms | 1 year |\n",
        ),
        (
            "Statistics cookies",
            "| _ga | Google | Counts visits | 2 years |\n| _gid | Google | Counts visits | 24 hours |\n",
        ),
        ("Marketing cookies", "| _fbp | Meta | Ads | 3 months |\n| sid | Shop | Keeps you signed in | 1 day |\n"),
    ] {
        text.push_str(&format!(
            "## {heading}\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n{rows}\n"
        ));
    }
    client.open(uri, &text);
    client.diagnostics_for(uri);
    // (what to find, what to put in its place): a cell emptied, a heading renamed, a new section,
    // a row removed, text typed at the top.
    let edits = [
        ("| 2 years |", "| |"),
        ("## Marketing cookies", "## Functional cookies"),
        (
            "## Statistics cookies",
            "## Extra\n\n| Cookie | Duration |\n|---|---|\n| lang | 13 months |\n\n## Statistics cookies",
        ),
        ("| csrf | Shop | Protects forms | 1 year |\n", ""),
        ("this website", "this shop's website"),
    ];
    for (version, (find, replace)) in edits.iter().enumerate() {
        let at = text.find(find).expect("the text to edit");
        let line = text[..at].matches('\n').count();
        let character = at - text[..at].rfind('\n').map_or(0, |n| n + 1);
        let end = at + find.len();
        let end_line = text[..end].matches('\n').count();
        let end_character = end - text[..end].rfind('\n').map_or(0, |n| n + 1);
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version + 2},
                "contentChanges": [{"range": {"start": {"line": line, "character": character}, "end": {"line": end_line, "character": end_character}}, "text": replace}],
            }),
        );
        text.replace_range(at..end, replace);
        let edited = client.diagnostics_for(uri);
        client.open(fresh_uri, &text);
        let fresh = client.diagnostics_for(fresh_uri);
        client.notify("textDocument/didClose", json!({"textDocument": {"uri": fresh_uri}}));
        client.diagnostics_for(fresh_uri);
        let edited = serde_json::to_string(&edited).unwrap();
        let fresh = serde_json::to_string(&fresh).unwrap().replace(fresh_uri, uri);
        assert_eq!(edited, fresh, "after replacing {find:?}");
        assert!(edited.contains("duplicate") || edited.contains("conflict"), "{edited}");
    }
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn quick_fixes_for_a_missing_column_and_an_expected_cookie() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cookielint.toml"), "expected = [\"lang\"]\n").unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let path = dir.path().join("p.md");
    let text = "## Necessary cookies\n\n| Cookie | Purpose |\n|---|---|\n| sid | Signs you in |\n";
    std::fs::write(&path, text).unwrap();
    let uri = format!("file://{}", path.display());
    let mut client = Client::start();
    client.initialize(&[]);
    client.open(&uri, text);
    let diagnostics = client.diagnostics_for(&uri);
    for (rule, title) in [
        ("missing-duration", "Add a Duration column"),
        ("missing-expected", "Add a row for `lang` (changes what the policy says)"),
    ] {
        let diagnostic =
            diagnostics.iter().find(|d| d["code"] == rule).unwrap_or_else(|| panic!("{rule}: {diagnostics:?}"));
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        );
        let action = actions["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("{title}: {actions}"));
        let new_text = action["edit"]["changes"][&uri][0]["newText"].as_str().unwrap();
        match rule {
            "missing-duration" => {
                assert!(
                    new_text.contains("| Duration |") && new_text.contains("| sid    | Signs you in |"),
                    "{new_text}"
                )
            }
            // The same rewrite `lint --fix --unsafe-fixes` makes: the table with the new row.
            _ => assert!(new_text.ends_with("| sid    | Signs you in |\n| lang   |              |\n"), "{new_text}"),
        }
    }
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn configuration_is_found_and_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    let config = dir.path().join("cookielint.toml");
    std::fs::write(&config, "ignore = [\"mixed-language\"]\n").unwrap();
    let path = dir.path().join("policies/p.md");
    std::fs::write(&path, POLICY).unwrap();
    let uri = format!("file://{}", path.display());
    let mut client = Client::start();
    client.initialize(&[]);
    client.open(&uri, POLICY);
    assert!(!client.diagnostics_for(&uri).iter().any(|d| d["code"] == "mixed-language"));
    // A different length makes the new modification time certain to differ in effect.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&config, "ignore = []\n").unwrap();
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}}));
    assert!(
        client.diagnostics_for(&uri).iter().any(|d| d["code"] == "mixed-language"),
        "the configuration was reloaded"
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn documents_that_are_not_policies_get_no_noise() {
    let mut client = Client::start();
    client.initialize(&[]);
    client.open(
        "file:///tmp/readme.md",
        "# Notes\n\nWe use cookies to perform web analytics, says the draft.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
    );
    assert!(client.diagnostics_for("file:///tmp/readme.md").is_empty());
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn malformed_messages_and_unknown_methods_do_not_stop_the_server() {
    let mut client = Client::start();
    client.initialize(&[]);
    client.stdin.write_all(&frame("{this is not json")).unwrap();
    client.stdin.flush().unwrap();
    let error = client.wait(|m| m["id"].is_null() && m.get("error").is_some(), "a parse error");
    assert_eq!(error["error"]["code"], -32700);
    let unknown = client.request("cookielint/doesNotExist", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    client.notify("$/unknownNotification", json!({}));
    client.open("file:///tmp/after.md", POLICY);
    assert!(!client.diagnostics_for("file:///tmp/after.md").is_empty(), "still serving");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_five_megabyte_document() {
    let mut text = String::from("## Necessary cookies\n\n| Cookie | Purpose | Duration |\n|---|---|---|\n");
    let mut i = 0;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!("| c_{i} | Keeps a small preference for the visitor | {} days |\n", i % 400 + 1));
        i += 1;
    }
    let mut client = Client::start();
    client.initialize(&[]);
    client.open("file:///tmp/big.md", &text);
    let diagnostics = client.diagnostics_for("file:///tmp/big.md");
    assert!(diagnostics.iter().all(|d| d["code"] != "missing-duration"));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///tmp/big.md"}, "position": {"line": 4, "character": 3}}),
    );
    assert!(hover["result"]["contents"]["value"].as_str().unwrap().contains("c_0"));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn the_server_exits_when_input_closes() {
    let mut client = Client::start();
    client.initialize(&[]);
    drop(client.stdin);
    let deadline = Instant::now() + Duration::from_secs(10);
    while client.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "still running after stdin closed");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The client's `profile` initialization option chooses the lifetime profile, as `--profile`
/// does on the command line (the editor extension's setting).
#[test]
fn the_profile_option_chooses_the_lifetime_limits() {
    let text = "## Analytics cookies\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n| _ga | Google | Counts visits | 24 months |\n";
    // A folder of its own (with a repository root): no configuration file around it applies.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let uri = format!("file://{}", dir.path().join("p.md").display());
    let excessive = |options: Value| {
        let mut client = Client::start();
        client.initialize_with(&[], options);
        client.open(&uri, text);
        let found = client.diagnostics_for(&uri).iter().any(|d| d["code"] == "excessive-lifetime");
        assert_eq!(client.shutdown(), 0);
        found
    };
    assert!(
        excessive(json!({"debounceMs": 0, "profile": "cnil"})),
        "24 months of audience measurement: over the CNIL's 13"
    );
    assert!(!excessive(json!({"debounceMs": 0, "profile": "generic"})));
    assert!(!excessive(json!({"debounceMs": 0, "profile": "no-such-profile"})), "an unknown profile is passed over");
}
