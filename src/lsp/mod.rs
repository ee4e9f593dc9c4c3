//! `cookielint lsp`: the language server. Synchronous and single-threaded like ruff's and
//! rust-analyzer's (`lsp-server` message types, our own framing): messages are handled in the
//! order they arrive, so a document's text and version are never out of step with its findings.
//!
//! Diagnostics are published on open and save at once, and after a change once the client has
//! been quiet for `debounceMs` (initialization option, default 30 ms); a burst of changes is
//! linted once. A document with no cookie table gets no findings at all.
mod features;
pub mod position;
mod transport;

use crate::diagnostics::Diagnostic;
use crate::lint::config::{self, Config};
use crate::lint::{self, Context};
use crate::source::Source;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use position::Encoding;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};
use transport::Incoming;

/// One open document and what was found in it.
pub struct Document {
    pub uri: String,
    pub path: Option<PathBuf>,
    pub version: i64,
    pub source: Source,
    pub analysis: Option<Analysis>,
    /// When the last unlinted change arrived.
    dirty_since: Option<Instant>,
}

pub struct Analysis {
    /// The extraction, kept so that the next change redoes only the sections it touched.
    pub extraction: crate::analysis::Analysis,
    pub diagnostics: Vec<Diagnostic>,
}

/// A configuration file seen on disk, reloaded when its modification time changes.
struct CachedConfig {
    modified: Option<SystemTime>,
    config: Config,
}

pub struct Server<W: Write> {
    output: W,
    encoding: Encoding,
    debounce: Duration,
    rules_url: Option<String>,
    /// The lifetime profile the client chose (initialization option `profile`), over the
    /// configuration file's, as `--profile` on the command line.
    profile: Option<String>,
    documents: HashMap<String, Document>,
    configs: HashMap<PathBuf, CachedConfig>,
    initialized: bool,
    shutdown_requested: bool,
}

/// Runs the server on standard input and output until `exit` or the end of input.
pub fn run_stdio() -> i32 {
    let stdin = std::io::stdin();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut input = stdin.lock();
        while let Ok(Some(incoming)) = transport::read(&mut input) {
            if sender.send(incoming).is_err() {
                break;
            }
        }
    });
    let stdout = std::io::stdout();
    Server::new(stdout.lock()).serve(&receiver)
}

/// Runs the server on any stream (used by tests).
pub fn run(input: impl BufRead + Send + 'static, output: impl Write) -> i32 {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut input = input;
        while let Ok(Some(incoming)) = transport::read(&mut input) {
            if sender.send(incoming).is_err() {
                break;
            }
        }
    });
    Server::new(output).serve(&receiver)
}

impl<W: Write> Server<W> {
    fn new(output: W) -> Self {
        Server {
            output,
            encoding: Encoding::Utf16,
            debounce: Duration::from_millis(30),
            rules_url: None,
            profile: None,
            documents: HashMap::new(),
            configs: HashMap::new(),
            initialized: false,
            shutdown_requested: false,
        }
    }

    /// The message loop. Returns the process exit code: 0 after `shutdown` then `exit`.
    fn serve(&mut self, receiver: &mpsc::Receiver<Incoming>) -> i32 {
        loop {
            let deadline =
                self.documents.values().filter_map(|d| d.dirty_since).min().map(|since| since + self.debounce);
            let incoming = match deadline {
                Some(deadline) => match receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                    Ok(incoming) => Some(incoming),
                    Err(mpsc::RecvTimeoutError::Timeout) => None,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return self.exit_code(),
                },
                None => match receiver.recv() {
                    Ok(incoming) => Some(incoming),
                    Err(_) => return self.exit_code(),
                },
            };
            match incoming {
                Some(Incoming::Malformed(detail)) => {
                    let _ = transport::write_parse_error(&mut self.output, &detail);
                }
                Some(Incoming::Message(Message::Notification(n))) if n.method == "exit" => return self.exit_code(),
                Some(Incoming::Message(message)) => self.handle_guarded(message),
                None => {}
            }
            self.lint_settled();
        }
    }

    fn exit_code(&self) -> i32 {
        if self.shutdown_requested {
            0
        } else {
            1
        }
    }

    /// A panic in one handler becomes an error answer; the server goes on.
    fn handle_guarded(&mut self, message: Message) {
        let id = match &message {
            Message::Request(request) => Some(request.id.clone()),
            _ => None,
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle(message)));
        if outcome.is_err() {
            if let Some(id) = id {
                self.respond_error(id, ErrorCode::InternalError, "internal error while handling the request".into());
            }
        }
    }

    fn handle(&mut self, message: Message) {
        match message {
            Message::Request(request) => self.handle_request(request),
            Message::Notification(notification) => self.handle_notification(notification),
            Message::Response(_) => {}
        }
    }

    fn handle_request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if method == "initialize" {
            let result = self.initialize(&params);
            self.respond(id, result);
            return;
        }
        if !self.initialized {
            self.respond_error(id, ErrorCode::ServerNotInitialized, "initialize first".into());
            return;
        }
        if self.shutdown_requested {
            self.respond_error(id, ErrorCode::InvalidRequest, "the server is shutting down".into());
            return;
        }
        let result = match method.as_str() {
            "shutdown" => {
                self.shutdown_requested = true;
                Some(Value::Null)
            }
            "textDocument/hover" => self.with_document(&params, |server, doc| features::hover(server, doc, &params)),
            "textDocument/codeAction" => {
                self.with_document(&params, |server, doc| Some(features::code_actions(server, doc, &params)))
            }
            "textDocument/documentSymbol" => {
                self.with_document(&params, |server, doc| Some(features::symbols(server, doc)))
            }
            _ => {
                self.respond_error(id, ErrorCode::MethodNotFound, format!("unknown method {method}"));
                return;
            }
        };
        self.respond(id, result.unwrap_or(Value::Null));
    }

    /// Runs `f` on the (linted) document named in `params.textDocument.uri`.
    fn with_document(&mut self, params: &Value, f: impl FnOnce(&Self, &Document) -> Option<Value>) -> Option<Value> {
        let uri = params.pointer("/textDocument/uri")?.as_str()?.to_string();
        if self.documents.get(&uri)?.analysis.is_none() || self.documents.get(&uri)?.dirty_since.is_some() {
            self.lint(&uri);
        }
        let document = self.documents.get(&uri)?;
        f(self, document)
    }

    fn initialize(&mut self, params: &Value) -> Value {
        let offered: Vec<&str> = params
            .pointer("/capabilities/general/positionEncodings")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        self.encoding = if offered.contains(&"utf-8") { Encoding::Utf8 } else { Encoding::Utf16 };
        if let Some(ms) = params.pointer("/initializationOptions/debounceMs").and_then(Value::as_u64) {
            self.debounce = Duration::from_millis(ms);
        }
        self.rules_url = params.pointer("/initializationOptions/rulesUrl").and_then(Value::as_str).map(str::to_string);
        // An unknown profile name is passed over: the configuration's (or the default) applies.
        self.profile = params
            .pointer("/initializationOptions/profile")
            .and_then(Value::as_str)
            .filter(|p| crate::lint::config::profile_limits(p).is_some())
            .map(str::to_string);
        self.initialized = true;
        json!({
            "capabilities": {
                "positionEncoding": self.encoding.name(),
                "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
                "hoverProvider": true,
                "codeActionProvider": {"codeActionKinds": ["quickfix", "refactor.rewrite"]},
                "documentSymbolProvider": true,
            },
            "serverInfo": {"name": "cookielint", "version": env!("CARGO_PKG_VERSION")},
        })
    }

    fn handle_notification(&mut self, notification: Notification) {
        let params = &notification.params;
        let uri = params.pointer("/textDocument/uri").and_then(Value::as_str).map(str::to_string);
        match (notification.method.as_str(), uri) {
            ("textDocument/didOpen", Some(uri)) => {
                let text = params.pointer("/textDocument/text").and_then(Value::as_str).unwrap_or_default().to_string();
                let version = params.pointer("/textDocument/version").and_then(Value::as_i64).unwrap_or(0);
                let path = file_path(&uri);
                let name = path.as_ref().map_or_else(|| uri.clone(), |p| p.display().to_string());
                let source = Source::from_text(&name, text);
                self.documents.insert(
                    uri.clone(),
                    Document { uri: uri.clone(), path, version, source, analysis: None, dirty_since: None },
                );
                self.lint_and_publish(&uri);
            }
            ("textDocument/didChange", Some(uri)) => {
                let encoding = self.encoding;
                let Some(document) = self.documents.get_mut(&uri) else { return };
                let mut text = std::mem::take(&mut document.source.text);
                for change in params.get("contentChanges").and_then(Value::as_array).into_iter().flatten() {
                    let new_text = change.get("text").and_then(Value::as_str).unwrap_or_default();
                    match change.get("range") {
                        Some(range) => {
                            let lines = crate::span::LineIndex::new(&text);
                            let start = position::offset(&text, &lines, encoding, &range["start"]);
                            let end = position::offset(&text, &lines, encoding, &range["end"]).max(start);
                            text.replace_range(start..end, new_text);
                        }
                        None => text = new_text.to_string(),
                    }
                }
                document.source = Source::from_text(&document.source.name, text);
                document.version =
                    params.pointer("/textDocument/version").and_then(Value::as_i64).unwrap_or(document.version);
                document.dirty_since = Some(Instant::now());
            }
            ("textDocument/didSave", Some(uri)) => self.lint_and_publish(&uri),
            ("textDocument/didClose", Some(uri)) => {
                self.documents.remove(&uri);
                self.publish(&uri, Vec::new(), None);
            }
            ("workspace/didChangeWatchedFiles", _) | ("workspace/didChangeConfiguration", _) => {
                self.configs.clear();
                let uris: Vec<String> = self.documents.keys().cloned().collect();
                for uri in uris {
                    self.lint_and_publish(&uri);
                }
            }
            _ => {}
        }
    }

    /// Lints the documents whose last change is older than the debounce delay.
    fn lint_settled(&mut self) {
        let now = Instant::now();
        let settled: Vec<String> = self
            .documents
            .values()
            .filter(|d| d.dirty_since.is_some_and(|since| now.duration_since(since) >= self.debounce))
            .map(|d| d.uri.clone())
            .collect();
        for uri in settled {
            self.lint_and_publish(&uri);
        }
    }

    fn lint_and_publish(&mut self, uri: &str) {
        self.lint(uri);
        if let Some(document) = self.documents.get(uri) {
            let diagnostics = document
                .analysis
                .as_ref()
                .map(|a| features::diagnostics(self, document, &a.diagnostics))
                .unwrap_or_default();
            let version = document.version;
            self.publish(uri, diagnostics, Some(version));
        }
    }

    fn lint(&mut self, uri: &str) {
        let config = self.documents.get(uri).and_then(|d| d.path.clone()).and_then(|p| self.config_for(&p));
        let Some(document) = self.documents.get_mut(uri) else { return };
        let options = Default::default();
        let extraction = match document.analysis.take() {
            Some(previous) => previous.extraction.update(&document.source, &options),
            None => crate::analysis::Analysis::new(&document.source, &options),
        };
        let policy = &extraction.policy;
        let resolved = config.unwrap_or_default().resolve(document.path.as_deref(), self.profile.as_deref());
        // A document that declares no cookies is not a policy: no findings at all.
        let diagnostics = if policy.tables.is_empty() {
            Vec::new()
        } else {
            let context = Context::new(&document.source, policy, &resolved);
            lint::lint(&[context]).remove(0)
        };
        document.analysis = Some(Analysis { extraction, diagnostics });
        document.dirty_since = None;
    }

    /// The configuration for a file, found upward from its folder, reloaded when it changed.
    fn config_for(&mut self, path: &Path) -> Option<Config> {
        let file = config::discover(path.parent()?)?;
        let modified = std::fs::metadata(&file).and_then(|m| m.modified()).ok();
        if let Some(cached) = self.configs.get(&file).filter(|c| c.modified == modified) {
            return Some(cached.config.clone());
        }
        match Config::load(&file) {
            Ok(config) => {
                self.configs.insert(file, CachedConfig { modified, config: config.clone() });
                Some(config)
            }
            Err(error) => {
                self.notify("window/showMessage", json!({"type": 1, "message": format!("cookielint: {error}")}));
                None
            }
        }
    }

    fn publish(&mut self, uri: &str, diagnostics: Vec<Value>, version: Option<i64>) {
        let mut params = json!({"uri": uri, "diagnostics": diagnostics});
        if let Some(version) = version {
            params["version"] = json!(version);
        }
        self.notify("textDocument/publishDiagnostics", params);
    }

    fn notify(&mut self, method: &str, params: Value) {
        let message = Message::Notification(Notification { method: method.to_string(), params });
        let _ = transport::write(&mut self.output, &message);
    }

    fn respond(&mut self, id: RequestId, result: Value) {
        let _ = transport::write(&mut self.output, &Message::Response(Response::new_ok(id, result)));
    }

    fn respond_error(&mut self, id: RequestId, code: ErrorCode, message: String) {
        let _ = transport::write(&mut self.output, &Message::Response(Response::new_err(id, code as i32, message)));
    }
}

/// `file:///home/a%20b/p.md` → `/home/a b/p.md`.
fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16) {
                decoded.push(byte);
                i += 3;
                continue;
            }
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8(decoded).ok()?))
}
