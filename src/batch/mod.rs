//! Batch processing of policy archives: documents stream in from directories, tar, zip, WARC
//! and JSON Lines files ([`inputs`]), are extracted (and linted) on every core, and come out as
//! one [`Record`] each, whatever happened to them.
//!
//! Memory stays flat: the reader hands documents to the workers through a bounded queue, and
//! with `ordered` the writer holds back at most a fixed window of finished records. A document
//! that fails (unreadable, not text, over a limit, or even a panic inside the pipeline) becomes a
//! record with status `error`; the run goes on.
#[cfg(feature = "parquet")]
pub mod columnar;
pub mod git;
pub mod inputs;
pub mod isolation;
pub mod summary;
pub mod warc;

use crate::lint::config::Resolved;
use crate::lint::{self, Context};
use crate::model::Policy;
use crate::render::findings::finding_json;
use crate::source::{Format, Source};
use crate::Options;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex};

/// One document read from an input, before extraction.
#[derive(Debug)]
pub struct Document {
    /// Path, `ARCHIVE!MEMBER`, a WARC record's target URI, or a JSON Lines record's id.
    pub source: String,
    /// The bytes, or why they could not be had (a corrupt member, a body that is not text).
    pub content: Result<Vec<u8>, String>,
    /// Set when the container says what the bytes are (a JSON Lines `html` field, an HTTP
    /// `Content-Type`), which wins over detection from the name and the text.
    pub format: Option<Format>,
    pub url: Option<String>,
    /// Capture date (WARC-Date, a commit date), as the container gives it.
    pub date: Option<String>,
}

impl Document {
    pub fn failed(source: impl Into<String>, message: impl Into<String>) -> Self {
        Document { source: source.into(), content: Err(message.into()), format: None, url: None, date: None }
    }

    /// A record of `{"id", "url", "text" | "html"}` (what `batch --stdin-jsonl` reads, and the
    /// Python package's `records`): HTML is read as HTML, text by its content.
    pub fn record(source: String, url: Option<String>, text: Option<String>, html: Option<String>) -> Self {
        let (content, format) = match (text, html) {
            (_, Some(html)) => (Ok(html.into_bytes()), Some(Format::Html)),
            (Some(text), None) => (Ok(text.into_bytes()), None),
            (None, None) => (Err("the record has neither `text` nor `html`".to_string()), None),
        };
        Document { source, content, format, url, date: None }
    }

    pub fn bytes(source: impl Into<String>, bytes: Vec<u8>) -> Self {
        Document { source: source.into(), content: Ok(bytes), format: None, url: None, date: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// At least one cookie was extracted.
    Ok,
    /// The document was read but declares no cookie.
    NoCookies,
    /// The document could not be read, or hit a limit.
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NoCookies => "no-cookies",
            Status::Error => "error",
        }
    }
}

/// What became of one document: one output line.
#[derive(Debug)]
pub struct Record {
    pub source: String,
    pub status: Status,
    pub error: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    /// Bytes read for this document (0 when they could not be read).
    pub bytes: u64,
    pub policy: Option<Policy>,
    /// Lint findings, as `lint --format json` writes them (only with lint on).
    pub findings: Option<Vec<Value>>,
    /// Filled by [`Record::finish`]: the JSON line, and what the summary counts.
    pub json: Vec<u8>,
    pub counts: Counts,
}

/// What the summary needs from one record, so that the extraction can be dropped early.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub tables: u64,
    pub cookies: u64,
    pub providers: Vec<String>,
    pub categories: Vec<std::borrow::Cow<'static, str>>,
    pub rules: Vec<String>,
    /// The document's markup was nested past the limit.
    pub nested_past_limit: bool,
}

impl Record {
    /// Serializes the line and counts what the summary needs, then drops the extraction: the
    /// workers do this, so that the writer only copies bytes.
    pub fn finish(&mut self) {
        let mut json = Vec::with_capacity(4096);
        if self.write_json(&mut json).is_err() {
            json.clear();
            let fallback = serde_json::json!({"source": self.source, "status": "error", "error": "the result could not be serialized"});
            json = fallback.to_string().into_bytes();
            self.status = Status::Error;
        }
        self.json = json;
        let mut counts = Counts::default();
        if let Some(policy) = self.policy.take() {
            counts.nested_past_limit = policy.diagnostics.iter().any(crate::nesting::is_note);
            counts.tables = policy.tables.len() as u64;
            counts.cookies = policy.cookies.len() as u64;
            for cookie in policy.cookies {
                if let Some(provider) = cookie.provider_canonical.or(cookie.provider) {
                    counts.providers.push(provider);
                }
                counts.categories.push(cookie.category.map_or("none", |c| c.as_str()).into());
            }
        }
        for finding in self.findings.take().into_iter().flatten() {
            if let Some(rule) = finding.get("rule").and_then(|r| r.as_str()) {
                counts.rules.push(rule.to_string());
            }
        }
        self.counts = counts;
    }

    /// The JSON line (without its newline): `source`, `status`, `error`, `url`, `date`, then the
    /// extraction exactly as `extract` writes it, then `findings`. Generic over the writer so
    /// that serde_json's many small writes are inlined (through `dyn Write` they cost a sixth
    /// of batch time on large documents).
    pub fn write_json(&self, out: impl std::io::Write) -> std::io::Result<()> {
        let policy = self.policy.as_ref();
        let line = Line {
            source: &self.source,
            status: self.status,
            error: self.error.as_deref(),
            url: self.url.as_deref(),
            date: self.date.as_deref(),
            format: policy.map(|p| p.format),
            encoding: policy.map(|p| p.encoding),
            language: policy.map(|p| &p.language),
            site: policy.map(|p| &p.site),
            tables: policy.map(|p| &p.tables),
            cookies: policy.map(|p| &p.cookies),
            diagnostics: policy.map(|p| &p.diagnostics),
            findings: self.findings.as_ref(),
        };
        serde_json::to_writer(out, &line).map_err(std::io::Error::from)
    }
}

/// The field order of a batch line; extraction fields are absent when the document was not read.
#[derive(serde::Serialize)]
struct Line<'a> {
    source: &'a str,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<Format>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<crate::source::TextEncoding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site: Option<&'a Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tables: Option<&'a Vec<crate::interpret::Table>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cookies: Option<&'a Vec<crate::model::Cookie>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagnostics: Option<&'a Vec<crate::diagnostics::Diagnostic>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<&'a Vec<Value>>,
}

/// How the documents are processed.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub options: Options,
    /// Lint each document with this configuration; `None` extracts only.
    pub lint: Option<Resolved>,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Write records in input order (otherwise in the order they finish).
    pub ordered: bool,
    /// Read each document in a worker process of its own thread instead of in the thread
    /// ([`isolation`]): a document that kills its process becomes an error record.
    pub isolation: Option<isolation::Isolation>,
}

/// Extraction notes that make a document's status `error`: its input was cut by a limit.
const LIMIT_NOTES: [&str; 1] = ["limit-exceeded"];

/// Extracts (and lints) one document. Never panics: a panic inside the pipeline is caught and
/// becomes an error record naming the document, so that one bad input cannot end the run.
pub fn process(document: Document, settings: &Settings) -> Record {
    let Document { source: name, content, format, url, date } = document;
    let mut record = Record {
        source: name.clone(),
        status: Status::Error,
        error: None,
        url,
        date,
        bytes: 0,
        policy: None,
        findings: None,
        json: Vec::new(),
        counts: Counts::default(),
    };
    let bytes = match content {
        Ok(bytes) => bytes,
        Err(message) => {
            record.error = Some(message);
            return record;
        }
    };
    record.bytes = bytes.len() as u64;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyse(&name, &bytes, format, settings)));
    match outcome {
        Ok(Ok((policy, findings))) => {
            // Markup nested too deep is read as text: the document is not cut, its status stands.
            let limit = policy
                .diagnostics
                .iter()
                .find(|d| LIMIT_NOTES.contains(&d.rule.as_str()) && !crate::nesting::is_note(d));
            record.status = if let Some(note) = limit {
                record.error = Some(note.message.clone());
                Status::Error
            } else if policy.cookies.is_empty() {
                Status::NoCookies
            } else {
                Status::Ok
            };
            record.policy = Some(policy);
            record.findings = findings;
        }
        Ok(Err(message)) => record.error = Some(message),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            record.error = Some(format!("internal error while reading this document: {what}"));
        }
    }
    record
}

fn analyse(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    settings: &Settings,
) -> Result<(Policy, Option<Vec<Value>>), String> {
    let limit = settings.options.limits.max_file_size;
    if bytes.len() as u64 > limit {
        return Err(crate::source::DecodeError::TooLarge { size: bytes.len() as u64, limit }.to_string());
    }
    let mut source = Source::from_bytes(name, bytes).map_err(|e| e.to_string())?;
    if let Some(format) = format {
        source.format = format;
    }
    let policy = crate::extract(&source, &settings.options);
    let findings = settings.lint.as_ref().map(|config| {
        let context = Context::new(&source, &policy, config);
        let diagnostics = lint::lint(&[context]).remove(0);
        diagnostics.iter().map(|d| finding_json(&source, d)).collect()
    });
    Ok((policy, findings))
}

/// The stack of a worker thread: 4 MiB, plus 16 KiB per level of the nesting limit (6 MiB at
/// the default of 128), at most 256 MiB. No step of the pipeline recurses with its input (deep
/// documents are walked with explicit stacks, and nesting past the limit is neutralised before
/// a parser sees it); the allowance per level covers a dependency that would.
pub fn worker_stack_size(limits: &crate::Limits) -> usize {
    const BASE: usize = 4 << 20;
    const PER_LEVEL: usize = 16 << 10;
    const MAX: usize = 256 << 20;
    BASE.saturating_add(limits.max_nesting_depth.saturating_mul(PER_LEVEL)).min(MAX)
}

/// How many finished records the ordered writer may hold back while it waits for an earlier
/// one. Bounds memory when one document is much slower than the others.
const REORDER_WINDOW: u64 = 256;

/// At most this many documents, or documents of at least `BATCH_BYTES` bytes together, go to a
/// worker at once. Smaller than `REORDER_WINDOW`, so that the ordered writer never waits for a
/// document the reader still holds.
const BATCH_DOCUMENTS: usize = 32;
const BATCH_BYTES: usize = 1 << 20;

/// Runs the whole batch: `read` pushes documents (it returns when the inputs are exhausted, and
/// should stop when `emit` returns false), the workers process them, and `sink` receives every
/// record on the calling thread, finished ([`Record::finish`]: `json` and `counts` are set,
/// the extraction itself is dropped). A `sink` error stops the run and is returned.
pub fn run<R, S>(read: R, settings: &Settings, mut sink: S) -> std::io::Result<()>
where
    R: FnOnce(&mut dyn FnMut(Document) -> bool) + Send,
    S: FnMut(Record) -> std::io::Result<()>,
{
    let jobs =
        if settings.jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { settings.jobs };
    // Documents travel to the workers, and records back, in batches: a corpus of small
    // policies would otherwise pay two thread wake-ups per document. The channels hold two
    // batches per worker, and a batch is cut by bytes too, so memory stays bounded.
    let (document_tx, document_rx) = std::sync::mpsc::sync_channel::<Vec<(u64, Document)>>(jobs * 2);
    let (record_tx, record_rx) = std::sync::mpsc::sync_channel::<Vec<(u64, Record)>>(jobs * 2);
    let document_rx = Mutex::new(document_rx);
    // Sequence number of the next record the ordered writer needs; the reader waits on it so
    // that it never runs more than REORDER_WINDOW documents ahead.
    let written = (Mutex::new(0u64), Condvar::new());
    let stopped = std::sync::atomic::AtomicBool::new(false);

    std::thread::scope(|scope| {
        // The workers first: if not even one can be started, nothing is read.
        let stack = worker_stack_size(&settings.options.limits);
        for index in 0..jobs {
            let record_tx = record_tx.clone();
            let document_rx = &document_rx;
            let worker = std::thread::Builder::new().name(format!("batch worker {index}")).stack_size(stack);
            let spawned = worker.spawn_scoped(scope, move || {
                if let Some(isolation) = &settings.isolation {
                    // A batch when one is there; without one in flight, wait for the next. An
                    // idle thread waiting holds the queue, which is then empty anyway.
                    let next = |wait: bool| {
                        if wait {
                            document_rx.lock().unwrap_or_else(|e| e.into_inner()).recv().ok()
                        } else {
                            document_rx.try_lock().ok()?.try_recv().ok()
                        }
                    };
                    isolation::stream(isolation, settings, next, |records| record_tx.send(records).is_ok());
                    return;
                }
                loop {
                    let next = document_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok(documents) = next else { break };
                    let records: Vec<(u64, Record)> = documents
                        .into_iter()
                        .map(|(sequence, document)| {
                            let mut record = process(document, settings);
                            record.finish();
                            (sequence, record)
                        })
                        .collect();
                    if record_tx.send(records).is_err() {
                        break;
                    }
                }
            });
            match spawned {
                Ok(_) => {}
                Err(error) if index == 0 => return Err(error),
                Err(_) => break, // the workers started go on
            }
        }
        let reader = scope.spawn(|| {
            let mut next = 0u64;
            let mut batch: Vec<(u64, Document)> = Vec::with_capacity(BATCH_DOCUMENTS);
            let mut batch_bytes = 0usize;
            let mut emit = |document: Document| -> bool {
                if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                    return false;
                }
                if settings.ordered {
                    let (lock, ready) = &written;
                    let mut done = lock.lock().unwrap_or_else(|e| e.into_inner());
                    if next >= *done + REORDER_WINDOW && !batch.is_empty() {
                        // The writer may be waiting for a document of this batch.
                        drop(done);
                        batch_bytes = 0;
                        if document_tx.send(std::mem::take(&mut batch)).is_err() {
                            return false;
                        }
                        done = lock.lock().unwrap_or_else(|e| e.into_inner());
                    }
                    while next >= *done + REORDER_WINDOW && !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                        done = ready.wait(done).unwrap_or_else(|e| e.into_inner());
                    }
                }
                batch_bytes += document.content.as_ref().map_or(0, Vec::len);
                batch.push((next, document));
                next += 1;
                if batch.len() >= BATCH_DOCUMENTS || batch_bytes >= BATCH_BYTES {
                    batch_bytes = 0;
                    return document_tx.send(std::mem::take(&mut batch)).is_ok();
                }
                true
            };
            read(&mut emit);
            if !batch.is_empty() {
                let _ = document_tx.send(batch);
            }
            drop(document_tx);
        });
        drop(record_tx);

        let mut result = Ok(());
        let mut pending: BTreeMap<u64, Record> = BTreeMap::new();
        let mut expected = 0u64;
        for (sequence, record) in record_rx.iter().flatten() {
            if result.is_err() {
                continue; // drain so that the workers can finish
            }
            if !settings.ordered {
                result = sink(record);
            } else {
                pending.insert(sequence, record);
                while let Some(record) = pending.remove(&expected) {
                    expected += 1;
                    result = result.and_then(|_| sink(record));
                }
                let (lock, ready) = &written;
                *lock.lock().unwrap_or_else(|e| e.into_inner()) = expected;
                ready.notify_all();
            }
            if result.is_err() {
                stopped.store(true, std::sync::atomic::Ordering::Relaxed);
                written.1.notify_all();
            }
        }
        let _ = reader.join();
        result
    })
}
