//! Where batch documents come from: directories (walked recursively), tar and tar.gz, zip,
//! WARC and WARC.gz, and JSON Lines files of `{"id", "url", "text" | "html"}`. The kind is told
//! from the name, then from the first bytes.
//!
//! Every reader reports each document it meets, including the ones it cannot read (a corrupt
//! member, a truncated stream, a file over the size limit): those are documents whose content is
//! the error. A stream that cannot be followed past a corruption reports the corruption and
//! stops that input only.
use super::warc;
use super::Document;
use crate::source::Format;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Mutex;

/// File endings read as policies when walking a directory (archives found there are opened too).
pub const POLICY_EXTENSIONS: [&str; 6] = ["md", "markdown", "txt", "text", "htm", "html"];

/// What an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Directory,
    Tar {
        gzip: bool,
    },
    Zip,
    Warc {
        gzip: bool,
    },
    Jsonl {
        gzip: bool,
    },
    /// A single policy file.
    File,
    /// A single policy file compressed with gzip (`policy.txt.gz`).
    GzipFile,
}

/// Settings shared by the readers.
pub struct ReadSettings<'a> {
    /// Members and files larger than this are reported, not read.
    pub max_file_size: u64,
    /// Sources to pass over without reading (`--resume`).
    pub skip: &'a (dyn Fn(&str) -> bool + Sync),
    /// Which files of a folder are read, and the count of the others.
    pub folders: &'a Folders,
}

/// How files met in folders are chosen (`--include`, `--exclude`), and what became of those
/// that were not read. A pattern holding `/` is matched against the path below the folder
/// named on the command line, any other against the file name (`src/glob.rs`: `*` stops at `/`,
/// `**` does not).
#[derive(Debug, Default)]
pub struct Folders {
    /// When not empty, the files read are the ones these match (whatever their ending).
    pub include: Vec<String>,
    /// Files these match are not read.
    pub exclude: Vec<String>,
    skipped: Mutex<Skipped>,
}

/// Files met in folders and not read, by why.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// Not a policy, an archive or a compressed policy by its name, and not included.
    pub not_a_policy: u64,
    /// Matched by `--exclude`, or by no `--include`.
    pub excluded: u64,
    /// Hidden (a name starting with a dot; a hidden folder counts once).
    pub hidden: u64,
    /// The endings of the files that were not policies (`.pdf`, or `(none)`).
    pub not_a_policy_by_ending: BTreeMap<String, u64>,
}

impl Skipped {
    pub fn total(&self) -> u64 {
        self.not_a_policy + self.excluded + self.hidden
    }
}

impl Folders {
    pub fn new(include: Vec<String>, exclude: Vec<String>) -> Self {
        Folders { include, exclude, skipped: Mutex::new(Skipped::default()) }
    }

    /// What was skipped so far.
    pub fn skipped(&self) -> Skipped {
        self.skipped.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn count(&self, what: impl FnOnce(&mut Skipped)) {
        what(&mut self.skipped.lock().unwrap_or_else(|e| e.into_inner()));
    }

    fn matches(patterns: &[String], relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        patterns.iter().any(|p| crate::glob::glob_match(p, if p.contains('/') { relative } else { name }))
    }

    fn included(&self, relative: &str) -> Option<bool> {
        if Folders::matches(&self.exclude, relative) {
            return Some(false);
        }
        (!self.include.is_empty()).then(|| Folders::matches(&self.include, relative))
    }
}

/// What a file met in a folder is, by its (lower-case) name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Policy,
    /// A policy compressed with gzip: `policy.txt.gz`.
    GzipPolicy,
    /// An archive or a stream of documents.
    Container,
    Other,
}

const CONTAINER_ENDINGS: [&str; 10] =
    [".tar", ".tar.gz", ".tgz", ".zip", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"];

fn named(lower: &str) -> Named {
    let is_policy = |name: &str| name.rsplit_once('.').is_some_and(|(_, ext)| POLICY_EXTENSIONS.contains(&ext));
    if CONTAINER_ENDINGS.iter().any(|ending| lower.ends_with(ending)) {
        Named::Container
    } else if is_policy(lower) {
        Named::Policy
    } else if lower.strip_suffix(".gz").is_some_and(is_policy) {
        Named::GzipPolicy
    } else {
        Named::Other
    }
}

/// The format a policy's inner name gives (`page.html.gz` is HTML), when it gives one.
fn format_of(inner: &str) -> Option<Format> {
    match inner.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html" | "htm") => Some(Format::Html),
        Some("md" | "markdown") => Some(Format::Markdown),
        _ => None,
    }
}

/// The reader stopped because the consumer asked it to (the output could not be written).
struct Stop;

type Emit<'e> = dyn FnMut(Document) -> bool + 'e;

fn send(emit: &mut Emit, settings: &ReadSettings, document: Document) -> Result<(), Stop> {
    if (settings.skip)(&document.source) {
        return Ok(());
    }
    if emit(document) {
        Ok(())
    } else {
        Err(Stop)
    }
}

fn lower_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

/// Tells the kind of a path from its name, then from its first bytes.
pub fn detect(path: &Path) -> io::Result<Kind> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Ok(Kind::Directory);
    }
    let name = lower_name(path);
    let by_name = [
        (".tar.gz", Kind::Tar { gzip: true }),
        (".tgz", Kind::Tar { gzip: true }),
        (".tar", Kind::Tar { gzip: false }),
        (".zip", Kind::Zip),
        (".warc.gz", Kind::Warc { gzip: true }),
        (".warc", Kind::Warc { gzip: false }),
        (".jsonl.gz", Kind::Jsonl { gzip: true }),
        (".ndjson.gz", Kind::Jsonl { gzip: true }),
        (".jsonl", Kind::Jsonl { gzip: false }),
        (".ndjson", Kind::Jsonl { gzip: false }),
    ];
    if let Some((_, kind)) = by_name.iter().find(|(ending, _)| name.ends_with(ending)) {
        return Ok(*kind);
    }
    if !meta.is_file() {
        return Ok(Kind::File); // a FIFO or device: reported when read
    }
    let mut head = Vec::with_capacity(512);
    File::open(path)?.take(512).read_to_end(&mut head)?;
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Kind::Zip);
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut inner = Vec::with_capacity(512);
        let _ = flate2::read::MultiGzDecoder::new(File::open(path)?).take(512).read_to_end(&mut inner);
        return Ok(match sniff(&inner) {
            Kind::File => Kind::GzipFile,
            Kind::Tar { .. } => Kind::Tar { gzip: true },
            Kind::Warc { .. } => Kind::Warc { gzip: true },
            other => other,
        });
    }
    Ok(sniff(&head))
}

fn sniff(head: &[u8]) -> Kind {
    if head.starts_with(b"WARC/") {
        Kind::Warc { gzip: false }
    } else if head.len() >= 262 && &head[257..262] == b"ustar" {
        Kind::Tar { gzip: false }
    } else {
        Kind::File
    }
}

/// Reads one input argument and emits its documents. Returns false when the consumer stopped.
pub fn read_path(path: &Path, settings: &ReadSettings, emit: &mut Emit) -> bool {
    read_any(path, settings, emit).is_ok()
}

fn read_any(path: &Path, settings: &ReadSettings, emit: &mut Emit) -> Result<(), Stop> {
    let name = path.display().to_string();
    match detect(path) {
        Err(error) => send(emit, settings, Document::failed(name, describe(&error))),
        Ok(Kind::Directory) => read_directory(path, settings, emit),
        Ok(Kind::File) if (settings.skip)(&name) => Ok(()),
        Ok(Kind::File) => send(emit, settings, read_file(path, settings, true)),
        Ok(Kind::GzipFile) if (settings.skip)(&name) => Ok(()),
        Ok(Kind::GzipFile) => send(emit, settings, read_gzip_file(path, settings)),
        Ok(Kind::Tar { gzip }) => with_file(path, settings, emit, |file, emit| {
            let reader: Box<dyn Read> =
                if gzip { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
            read_tar(&name, reader, settings, emit)
        }),
        Ok(Kind::Zip) => with_file(path, settings, emit, |file, emit| read_zip(&name, file, settings, emit)),
        Ok(Kind::Warc { gzip }) => with_file(path, settings, emit, |file, emit| {
            let reader: Box<dyn Read> =
                if gzip { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
            warc::read(&name, BufReader::with_capacity(1 << 16, reader), settings, &mut |d| {
                send(emit, settings, d).is_ok()
            })
            .then_some(())
            .ok_or(Stop)
        }),
        Ok(Kind::Jsonl { gzip }) => with_file(path, settings, emit, |file, emit| {
            let reader: Box<dyn Read> =
                if gzip { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
            read_jsonl_from(&name, BufReader::with_capacity(1 << 16, reader), settings, emit)
        }),
    }
}

fn with_file(
    path: &Path,
    settings: &ReadSettings,
    emit: &mut Emit,
    body: impl FnOnce(File, &mut Emit) -> Result<(), Stop>,
) -> Result<(), Stop> {
    match File::open(path) {
        Ok(file) => body(file, emit),
        Err(error) => send(emit, settings, Document::failed(path.display().to_string(), describe(&error))),
    }
}

fn read_directory(dir: &Path, settings: &ReadSettings, emit: &mut Emit) -> Result<(), Stop> {
    let folders = settings.folders;
    let mut walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = walker.next() {
        match entry {
            Ok(entry) if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') => {
                folders.count(|s| s.hidden += 1);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
            }
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => {
                let path = entry.path();
                let relative = path.strip_prefix(dir).unwrap_or(path);
                let relative: String =
                    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                let name = lower_name(path);
                let kind = named(&name);
                match (folders.included(&relative), kind) {
                    (Some(false), _) => {
                        folders.count(|s| s.excluded += 1);
                        continue;
                    }
                    (None, Named::Other) => {
                        let ending = name.rsplit_once('.').map_or("(none)".to_string(), |(_, e)| format!(".{e}"));
                        folders.count(|s| {
                            s.not_a_policy += 1;
                            *s.not_a_policy_by_ending.entry(ending).or_default() += 1;
                        });
                        continue;
                    }
                    _ => {}
                }
                let source = path.display().to_string();
                match kind {
                    Named::Container => read_any(path, settings, emit)?,
                    _ if (settings.skip)(&source) => {}
                    Named::GzipPolicy => send(emit, settings, read_gzip_file(path, settings))?,
                    // An included file of another ending: compressed or not, told by its bytes.
                    Named::Other if matches!(detect(path), Ok(Kind::GzipFile)) => {
                        send(emit, settings, read_gzip_file(path, settings))?
                    }
                    _ => send(emit, settings, read_file(path, settings, false))?,
                }
            }
            Err(error) => {
                let path = error.path().map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                let message = if error.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder above it; not followed".to_string()
                } else {
                    error.io_error().map_or_else(|| error.to_string(), describe)
                };
                send(emit, settings, Document::failed(path, message))?;
            }
        }
    }
    Ok(())
}

/// Reads one policy compressed with gzip. The size limit applies to what it decompresses to
/// (a small file can expand a thousandfold); a corrupt or truncated stream is an error.
pub fn read_gzip_file(path: &Path, settings: &ReadSettings) -> Document {
    let name = path.display().to_string();
    let file = match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Document::failed(name, "not a regular file (a FIFO, socket or device); not read")
        }
        Ok(_) => match File::open(path) {
            Ok(file) => file,
            Err(error) => return Document::failed(name, describe(&error)),
        },
        Err(error) => return Document::failed(name, describe(&error)),
    };
    let limit = settings.max_file_size;
    let mut bytes = Vec::new();
    let read =
        flate2::read::MultiGzDecoder::new(BufReader::new(file)).take(limit.saturating_add(1)).read_to_end(&mut bytes);
    let inner = lower_name(path);
    let format = format_of(inner.strip_suffix(".gz").unwrap_or(&inner));
    match read {
        Ok(_) if bytes.len() as u64 > limit => {
            Document::failed(name, format!("over {limit} bytes once decompressed (--max-file-size); not read"))
        }
        Ok(_) => Document { format, ..Document::bytes(name, bytes) },
        Err(error) => Document::failed(name, format!("the gzip stream is corrupt or cut short ({error}); not read")),
    }
}

/// Reads one file, refusing it before reading when it is over the limit, or when it is not a
/// regular file and was found by walking a folder. A FIFO named on the command line is read
/// (`<(zcat policies.jsonl.gz)`); one met in a folder is not, since opening it would block until
/// something writes to it.
pub fn read_file(path: &Path, settings: &ReadSettings, named: bool) -> Document {
    let name = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !named => {
            return Document::failed(name, "not a regular file (a FIFO, socket or device); not read")
        }
        Ok(_) => {}
        Err(error) => return Document::failed(name, describe(&error)),
    }
    let opened = File::open(path).and_then(|file| Ok((file.metadata()?, file)));
    let (meta, file) = match opened {
        Ok(pair) => pair,
        Err(error) => return Document::failed(name, describe(&error)),
    };
    if meta.is_file() && meta.len() > settings.max_file_size {
        return Document::failed(name, too_large(meta.len(), settings.max_file_size));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(settings.max_file_size) as usize);
    match file.take(settings.max_file_size + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > settings.max_file_size => {
            Document::failed(name, too_large(bytes.len() as u64, settings.max_file_size))
        }
        Ok(_) => Document::bytes(name, bytes),
        Err(error) => Document::failed(name, describe(&error)),
    }
}

pub fn too_large(size: u64, limit: u64) -> String {
    format!("{size} bytes, over the limit of {limit} bytes (--max-file-size); not read")
}

fn read_tar(archive: &str, reader: Box<dyn Read>, settings: &ReadSettings, emit: &mut Emit) -> Result<(), Stop> {
    let mut tar = tar::Archive::new(reader);
    let entries = match tar.entries() {
        Ok(entries) => entries,
        Err(error) => return send(emit, settings, Document::failed(archive, format!("not a readable tar: {error}"))),
    };
    for (count, entry) in entries.enumerate() {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                // A tar stream cannot be resynchronized after a bad header or a truncated body.
                let message = format!("the archive is corrupt after {count} members ({error}); the rest is not read");
                return send(emit, settings, Document::failed(archive, message));
            }
        };
        let count = count + 1;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let member = entry.path().map(|p| p.display().to_string()).unwrap_or_else(|_| format!("#{count}"));
        let source = format!("{archive}!{member}");
        if (settings.skip)(&source) {
            continue;
        }
        let size = entry.size();
        let document = if size > settings.max_file_size {
            Document::failed(source, too_large(size, settings.max_file_size))
        } else {
            let mut bytes = Vec::with_capacity(size as usize);
            match entry.read_to_end(&mut bytes) {
                Ok(_) => Document::bytes(source, bytes),
                Err(error) => {
                    let message =
                        format!("the member could not be read ({error}); the rest of the archive is not read");
                    send(emit, settings, Document::failed(source, message))?;
                    return Ok(());
                }
            }
        };
        send(emit, settings, document)?;
    }
    Ok(())
}

fn read_zip(archive: &str, file: File, settings: &ReadSettings, emit: &mut Emit) -> Result<(), Stop> {
    let mut zip = match zip::ZipArchive::new(BufReader::new(file)) {
        Ok(zip) => zip,
        Err(error) => return send(emit, settings, Document::failed(archive, format!("not a readable zip: {error}"))),
    };
    for index in 0..zip.len() {
        let member = zip.name_for_index(index).map_or_else(|| format!("#{index}"), str::to_string);
        if member.ends_with('/') {
            continue;
        }
        let source = format!("{archive}!{member}");
        if (settings.skip)(&source) {
            continue;
        }
        let document = match zip.by_index(index) {
            Err(error) => Document::failed(source, format!("the member could not be opened: {error}")),
            Ok(entry) if entry.size() > settings.max_file_size => {
                Document::failed(source, too_large(entry.size(), settings.max_file_size))
            }
            Ok(mut entry) => {
                let mut bytes = Vec::with_capacity(entry.size() as usize);
                match entry.read_to_end(&mut bytes) {
                    Ok(_) => Document::bytes(source, bytes),
                    Err(error) => Document::failed(source, format!("the member is corrupt: {error}")),
                }
            }
        };
        send(emit, settings, document)?;
    }
    Ok(())
}

/// One line of a JSON Lines input.
#[derive(serde::Deserialize)]
struct JsonlRecord {
    id: Option<serde_json::Value>,
    url: Option<String>,
    text: Option<String>,
    html: Option<String>,
}

/// Reads JSON Lines of `{"id", "url", "text" | "html"}` (from a file or standard input). The
/// source is the id, else the url, else `INPUT:LINE`. A line that is not such an object, or that
/// is longer than the size limit, is a document with an error.
pub fn read_jsonl(name: &str, reader: impl BufRead, settings: &ReadSettings, emit: &mut Emit) -> bool {
    read_jsonl_from(name, reader, settings, emit).is_ok()
}

fn read_jsonl_from(name: &str, mut reader: impl BufRead, settings: &ReadSettings, emit: &mut Emit) -> Result<(), Stop> {
    let mut line = Vec::new();
    let mut number = 0usize;
    // A line may hold a whole document as JSON-escaped text: allow for escapes around the limit.
    let line_limit = settings.max_file_size.saturating_mul(2).saturating_add(4096);
    loop {
        line.clear();
        number += 1;
        let read = (&mut reader).take(line_limit).read_until(b'\n', &mut line);
        match read {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(error) => {
                let message = format!("the input could not be read past line {number}: {error}");
                return send(emit, settings, Document::failed(format!("{name}:{number}"), message));
            }
        }
        if !line.ends_with(b"\n") && line.len() as u64 >= line_limit {
            // Skip the rest of the overlong line.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                match (&mut reader).take(1 << 20).read_until(b'\n', &mut rest) {
                    Ok(0) => break,
                    Ok(_) if rest.ends_with(b"\n") => break,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            let message = format!("line {number} is over {line_limit} bytes (--max-file-size); not read");
            send(emit, settings, Document::failed(format!("{name}:{number}"), message))?;
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let document = match serde_json::from_slice::<JsonlRecord>(&line) {
            Err(error) => Document::failed(
                format!("{name}:{number}"),
                format!("not a JSON object of id, url and text or html: {error}"),
            ),
            Ok(record) => {
                let source = match &record.id {
                    Some(serde_json::Value::String(id)) => id.clone(),
                    Some(serde_json::Value::Null) | None => {
                        record.url.clone().unwrap_or_else(|| format!("{name}:{number}"))
                    }
                    Some(other) => other.to_string(),
                };
                Document::record(source, record.url, record.text, record.html)
            }
        };
        send(emit, settings, document)?;
    }
}

pub fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}
