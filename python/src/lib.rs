//! The native half of the `cookielint` Python package. Documents go in as `str` or `bytes`;
//! results come back as JSON text, which the Python half (`cookielint/__init__.py`) turns into
//! dicts and lists: the same contract as the command line's JSON output, with no second
//! serialization to keep in step. Every function that reads several documents copies them out of
//! Python first and releases the GIL while it works, on all cores.
use cookielint::batch::{self, Document};
use cookielint::lint::config::{Config, Resolved};
use cookielint::source::{Format, Source};
use cookielint::Options;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use std::path::Path;

/// A document as Python gave it: text, or bytes still to decode.
enum Input {
    Text(String),
    Bytes(Vec<u8>),
}

fn input(value: &Bound<'_, PyAny>) -> PyResult<Input> {
    if value.cast::<PyString>().is_ok() {
        return Ok(Input::Text(value.extract::<String>()?));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Input::Bytes(bytes.as_bytes().to_vec()));
    }
    Err(PyValueError::new_err("a document is str or bytes"))
}

fn format_named(format: Option<&str>) -> PyResult<Option<Format>> {
    match format {
        None => Ok(None),
        Some("markdown") => Ok(Some(Format::Markdown)),
        Some("text") => Ok(Some(Format::Text)),
        Some("html") => Ok(Some(Format::Html)),
        Some("pdf-text") => Ok(Some(Format::PdfText)),
        Some(other) => Err(PyValueError::new_err(format!(
            "unknown format {other:?}: markdown, text, html or pdf-text (None: detected)"
        ))),
    }
}

/// A failure with what Python's `CookielintError` carries: the message and, when known, the
/// byte span it is about.
struct Failure {
    message: String,
    span: Option<(usize, usize)>,
}

impl Failure {
    fn into_py(self) -> PyErr {
        PyValueError::new_err((self.message, self.span))
    }
}

/// Decodes (bytes) or takes (text) a document, with its format forced when one is given.
fn source(name: &str, input: Input, format: Option<Format>, options: &Options) -> Result<Source, Failure> {
    let mut source = match input {
        Input::Text(text) => {
            let size = text.len() as u64;
            if size > options.limits.max_file_size {
                let error = cookielint::source::DecodeError::TooLarge { size, limit: options.limits.max_file_size };
                return Err(Failure { message: error.to_string(), span: None });
            }
            Source::from_text(name, text)
        }
        Input::Bytes(bytes) => {
            let size = bytes.len() as u64;
            if size > options.limits.max_file_size {
                let error = cookielint::source::DecodeError::TooLarge { size, limit: options.limits.max_file_size };
                return Err(Failure { message: error.to_string(), span: None });
            }
            Source::from_bytes(name, &bytes).map_err(|error| {
                let span = match error {
                    cookielint::source::DecodeError::Binary { offset } => Some((offset, offset + 1)),
                    cookielint::source::DecodeError::TooLarge { .. } => None,
                };
                Failure { message: error.to_string(), span }
            })?
        }
    };
    if let Some(format) = format {
        source.format = format;
    }
    Ok(source)
}

fn policy_json(source: &Source, options: &Options) -> Result<String, Failure> {
    let policy = cookielint::extract(source, options);
    serde_json::to_string(&policy).map_err(|e| Failure { message: e.to_string(), span: None })
}

/// The lint settings: a configuration file (a path), or its content (JSON text of the TOML's
/// tables, from a dict), and a profile over it.
fn settings(config: Option<&str>, config_json: Option<&str>, profile: Option<&str>) -> Result<Resolved, Failure> {
    if let Some(profile) = profile {
        if cookielint::lint::config::profile_limits(profile).is_none() {
            return Err(Failure { message: format!("unknown profile {profile:?}: generic or cnil"), span: None });
        }
    }
    let loaded = match (config, config_json) {
        (Some(path), _) => Config::load(Path::new(path)).map_err(|e| Failure {
            message: format!("{e}{}", e.help.as_ref().map(|h| format!(" ({h})")).unwrap_or_default()),
            span: None,
        })?,
        (None, Some(json)) => {
            let file =
                serde_json::from_str(json).map_err(|e| Failure { message: format!("config: {e}"), span: None })?;
            Config::from_settings(file, std::path::PathBuf::from(".")).map_err(|e| Failure {
                message: format!("config: {}{}", e.message, e.help.map(|h| format!(" ({h})")).unwrap_or_default()),
                span: None,
            })?
        }
        (None, None) => Config::default(),
    };
    Ok(loaded.resolve(None, profile))
}

/// `extract(document, format, source)`: the policy as JSON text.
#[pyfunction]
#[pyo3(signature = (document, format=None, source=None))]
fn extract(
    py: Python<'_>,
    document: &Bound<'_, PyAny>,
    format: Option<&str>,
    source: Option<&str>,
) -> PyResult<String> {
    let input = input(document)?;
    let format = format_named(format)?;
    let name = source.unwrap_or("-").to_string();
    py.detach(move || {
        let options = Options::default();
        one(|| guarded(|| policy_json(&self::source(&name, input, format, &options)?, &options)))
    })
    .map_err(Failure::into_py)
}

/// `lint(document, format, source, config, config_json, profile)`: the findings as a JSON array
/// (the objects `lint --output-format json` writes).
#[pyfunction]
#[pyo3(signature = (document, format=None, source=None, config=None, config_json=None, profile=None))]
fn lint(
    py: Python<'_>,
    document: &Bound<'_, PyAny>,
    format: Option<&str>,
    source: Option<&str>,
    config: Option<&str>,
    config_json: Option<&str>,
    profile: Option<&str>,
) -> PyResult<String> {
    let input = input(document)?;
    let format = format_named(format)?;
    let name = source.unwrap_or("-").to_string();
    let (config, config_json, profile) =
        (config.map(str::to_string), config_json.map(str::to_string), profile.map(str::to_string));
    py.detach(move || {
        let resolved = settings(config.as_deref(), config_json.as_deref(), profile.as_deref())?;
        one(|| {
            guarded(|| {
                let options = Options::default();
                let source = self::source(&name, input, format, &options)?;
                let policy = cookielint::extract(&source, &options);
                let context = cookielint::lint::Context::new(&source, &policy, &resolved);
                let findings = cookielint::lint::lint(&[context]).remove(0);
                let objects: Vec<serde_json::Value> =
                    findings.iter().map(|d| cookielint::render::findings::finding_json(&source, d)).collect();
                serde_json::to_string(&objects).map_err(|e| Failure { message: e.to_string(), span: None })
            })
        })
    })
    .map_err(Failure::into_py)
}

/// Runs `work` over `items` on every core (or `threads`), results in order, on threads with the
/// stack batch gives its workers (deeply nested markup needs more than a Python thread's).
fn parallel<T: Send, R: Send>(items: Vec<T>, threads: Option<usize>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    use std::sync::Mutex;
    let count = items.len();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = threads.unwrap_or(cores).clamp(1, count.max(1));
    let stack = batch::worker_stack_size(&Options::default().limits);
    let queue = Mutex::new(items.into_iter().enumerate());
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..count).map(|_| None).collect());
    let run = || loop {
        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
        let Some((index, item)) = next else { break };
        let result = work(item);
        results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(result);
    };
    // (A panic inside `work` is caught by the callers' `guarded`, so that one document cannot end
    // a call over many.)
    std::thread::scope(|scope| {
        let started = (0..threads)
            .filter(|_| std::thread::Builder::new().stack_size(stack).spawn_scoped(scope, run).is_ok())
            .count();
        // No thread to be had (a process limit): the documents are read here.
        if started == 0 {
            run();
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().flatten().collect()
}

/// `work`, with a panic inside it (a bug, never expected) made into that document's failure.
fn guarded<R>(work: impl FnOnce() -> Result<R, Failure>) -> Result<R, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Failure { message: format!("internal error while reading this document: {what}"), span: None })
    })
}

/// Runs `work` on a thread with a worker's stack, as [`parallel`] does for many.
fn one<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    let cell = std::sync::Mutex::new(Some(work));
    parallel(vec![()], Some(1), |()| (cell.lock().unwrap_or_else(|e| e.into_inner()).take().expect("run once"))())
        .pop()
        .expect("one result")
}

/// One document's result in `extract_many`: its policy as JSON text, or its failure.
type Outcome = (Option<String>, Option<(String, Option<(usize, usize)>)>);

/// `extract_many(documents, format, sources, threads)`: each document's policy as JSON text, or
/// its error as `(message, span)`, in order.
#[pyfunction]
#[pyo3(signature = (documents, format=None, sources=None, threads=None))]
fn extract_many(
    py: Python<'_>,
    documents: &Bound<'_, PyAny>,
    format: Option<&str>,
    sources: Option<Vec<String>>,
    threads: Option<usize>,
) -> PyResult<Vec<Outcome>> {
    let format = format_named(format)?;
    let inputs: Vec<Input> = documents.try_iter()?.map(|item| input(&item?)).collect::<PyResult<_>>()?;
    if let Some(sources) = &sources {
        if sources.len() != inputs.len() {
            return Err(PyValueError::new_err(("sources: one name per document", None::<(usize, usize)>)));
        }
    }
    let named: Vec<(String, Input)> = inputs
        .into_iter()
        .enumerate()
        .map(|(i, input)| (sources.as_ref().map_or_else(|| format!("#{i}"), |s| s[i].clone()), input))
        .collect();
    Ok(py.detach(move || {
        let options = Options::default();
        parallel(named, threads, |(name, input)| {
            match guarded(|| source(&name, input, format, &options).and_then(|source| policy_json(&source, &options))) {
                Ok(json) => (Some(json), None),
                Err(failure) => (None, Some((failure.message, failure.span))),
            }
        })
    }))
}

/// The settings batch reads documents with, linting them when asked.
fn batch_settings(
    lint: bool,
    config: Option<&str>,
    config_json: Option<&str>,
    profile: Option<&str>,
) -> PyResult<batch::Settings> {
    let lint = if lint { Some(settings(config, config_json, profile).map_err(Failure::into_py)?) } else { None };
    Ok(batch::Settings { options: Options::default(), lint, jobs: 1, ordered: true, isolation: None })
}

/// The JSON line `cookielint batch` writes for one document (`batch::process` catches panics).
fn batch_line(document: Document, settings: &batch::Settings) -> String {
    let mut record = batch::process(document, settings);
    record.finish();
    String::from_utf8_lossy(record.json.strip_suffix(b"\n").unwrap_or(&record.json)).into_owned()
}

/// A row as `records` takes it: (id, url, text, html).
type Row = (Option<String>, Option<String>, Option<String>, Option<String>);

/// `records(rows, lint, config, config_json, profile, threads)`: for rows of {"id", "url",
/// "text" | "html"} (what `batch --stdin-jsonl` reads, given as (id, url, text, html) tuples),
/// the JSON lines `cookielint batch` writes, in order.
#[pyfunction]
#[pyo3(signature = (rows, lint=false, config=None, config_json=None, profile=None, threads=None))]
fn records(
    py: Python<'_>,
    rows: Vec<Row>,
    lint: bool,
    config: Option<&str>,
    config_json: Option<&str>,
    profile: Option<&str>,
    threads: Option<usize>,
) -> PyResult<Vec<String>> {
    let settings = batch_settings(lint, config, config_json, profile)?;
    Ok(py.detach(move || {
        let documents: Vec<Document> = rows
            .into_iter()
            .enumerate()
            .map(|(index, (id, url, text, html))| {
                let source = id.or_else(|| url.clone()).unwrap_or_else(|| format!("#{index}"));
                Document::record(source, url, text, html)
            })
            .collect();
        parallel(documents, threads, |document| batch_line(document, &settings))
    }))
}

/// `records_from_warc(data, name, lint, config, config_json, profile, threads)`: the JSON lines
/// `cookielint batch` writes for the response and resource records of a WARC file's bytes
/// (gzip-compressed or not), in order; each record's source is its target URI and its date the
/// WARC date.
#[pyfunction]
#[pyo3(signature = (data, name, lint=false, config=None, config_json=None, profile=None, threads=None))]
#[allow(clippy::too_many_arguments)]
fn records_from_warc(
    py: Python<'_>,
    data: Vec<u8>,
    name: &str,
    lint: bool,
    config: Option<&str>,
    config_json: Option<&str>,
    profile: Option<&str>,
    threads: Option<usize>,
) -> PyResult<Vec<String>> {
    let settings = batch_settings(lint, config, config_json, profile)?;
    let name = name.to_string();
    Ok(py.detach(move || {
        let folders = batch::inputs::Folders::new(Vec::new(), Vec::new());
        let read_settings = batch::inputs::ReadSettings {
            max_file_size: settings.options.limits.max_file_size,
            skip: &|_: &str| false,
            folders: &folders,
        };
        // Documents are read a chunk at a time: a large archive's bodies are never all in memory.
        const CHUNK: usize = 256;
        let mut documents: Vec<Document> = Vec::new();
        let mut lines: Vec<String> = Vec::new();
        let gzip = data.starts_with(&[0x1f, 0x8b]);
        let reader: Box<dyn std::io::Read> =
            if gzip { Box::new(flate2::read::MultiGzDecoder::new(&data[..])) } else { Box::new(&data[..]) };
        let line = |document| batch_line(document, &settings);
        batch::warc::read(&name, std::io::BufReader::new(reader), &read_settings, &mut |document| {
            documents.push(document);
            if documents.len() == CHUNK {
                lines.extend(parallel(std::mem::take(&mut documents), threads, line));
            }
            true
        });
        lines.extend(parallel(documents, threads, line));
        lines
    }))
}

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(extract, module)?)?;
    module.add_function(wrap_pyfunction!(lint, module)?)?;
    module.add_function(wrap_pyfunction!(extract_many, module)?)?;
    module.add_function(wrap_pyfunction!(records, module)?)?;
    module.add_function(wrap_pyfunction!(records_from_warc, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
