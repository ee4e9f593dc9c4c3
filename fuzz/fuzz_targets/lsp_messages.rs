//! The language server on arbitrary input: the fuzz bytes are sent both as a raw stream (framing
//! and JSON parsing) and as the text of an opened document that is then edited, hovered and asked
//! for code actions and symbols. The server must answer and exit, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fn frame(message: serde_json::Value) -> Vec<u8> {
    let body = message.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body.as_bytes());
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let uri = "file:///fuzz/policy.md";
    let cut = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    let mut stream = Vec::new();
    stream.extend(frame(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}, "initializationOptions": {"debounceMs": 0}}})));
    stream.extend(frame(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})));
    stream.extend(frame(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})));
    stream.extend(frame(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 3}}, "text": &text[cut..]}]}})));
    for (id, method) in [(2, "textDocument/hover"), (3, "textDocument/codeAction"), (4, "textDocument/documentSymbol")] {
        stream.extend(frame(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": {
            "textDocument": {"uri": uri}, "position": {"line": 2, "character": 4},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
            "context": {"diagnostics": []}}})));
    }
    // The raw bytes as a message body, then a clean end.
    stream.extend(format!("Content-Length: {}\r\n\r\n", data.len()).into_bytes());
    stream.extend(data);
    stream.extend(frame(json!({"jsonrpc": "2.0", "id": 9, "method": "shutdown"})));
    stream.extend(frame(json!({"jsonrpc": "2.0", "method": "exit"})));
    let mut output = Vec::new();
    cookielint::lsp::run(std::io::Cursor::new(stream), &mut output);
});
