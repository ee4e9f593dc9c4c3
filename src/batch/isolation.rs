//! Worker processes: each batch worker thread hands its documents to a child process of its own
//! and reads the finished record back, so that a document that kills the process reading it (an
//! abort, a stack overflow in a dependency, the kernel's out-of-memory killer, a signal from the
//! operator) costs that one document an error record, not the run. The thread starts a new child
//! for the next document.
//!
//! The protocol on the child's standard input and output is framed bytes, no text parsing of the
//! document: a request is a header (JSON: source, format, url, date) and the document's bytes; a
//! reply is a header (JSON: status, error, bytes read, the counts the summary needs) and the
//! record's JSON line. Each frame is a little-endian `u64` length and that many bytes.
//!
//! Replies are not flushed one by one: on small policies a flush and the parent's wake-up per
//! document cost about a fifth of the run. Instead the worker records in a progress file (two
//! little-endian `u64`s at its start, rewritten in place) how many documents it has started and
//! how many it has finished; when it dies, the parent reads there which document it was reading
//! (the one started and not finished; with none, the one after the last finished, which it died
//! reading in), reports that one, and hands the others it had not answered to a new process.
//! The worker removes the file's name as soon as it has opened it (on Unix), and the parent
//! reads it through its own handle, so a killed run leaves no file behind. Without the file (it could not be
//! made or written), the worker flushes each reply and the first document not answered is the
//! one reported.
use super::{process, Counts, Document, Record, Settings, Status};
use crate::source::Format;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// How to start a worker process: a program that serves [`serve`] on its standard input and
/// output with the same settings as the parent (the CLI starts itself with `batch --worker`).
#[derive(Debug, Clone)]
pub struct Isolation {
    pub program: std::path::PathBuf,
    pub args: Vec<String>,
}

/// A frame larger than this is refused (a document is limited far below it by
/// `max_file_size`; a header is a few hundred bytes).
const MAX_FRAME: u64 = 1 << 40;

#[derive(serde::Serialize, serde::Deserialize)]
struct RequestHeader {
    source: String,
    format: Option<Format>,
    url: Option<String>,
    date: Option<String>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct ReplyHeader {
    status: Status,
    error: Option<String>,
    bytes: u64,
    counts: Counts,
}

fn write_frame(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

/// The next frame, or `None` at a clean end of the stream (no byte of a new frame).
fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut length = [0u8; 8];
    let mut filled = 0;
    while filled < length.len() {
        match input.read(&mut length[filled..])? {
            0 if filled == 0 => return Ok(None),
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => filled += n,
        }
    }
    let length = u64::from_le_bytes(length);
    if length > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("a frame of {length} bytes")));
    }
    let mut frame = vec![0; length as usize];
    input.read_exact(&mut frame)?;
    Ok(Some(frame))
}

fn json_error(error: serde_json::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, error)
}

/// The worker's side: reads requests from `input` until it ends, processes each document as the
/// threads of [`super::run`] do (on a thread with the same stack), and writes the replies.
pub fn serve(
    settings: &Settings,
    input: impl Read + Send,
    output: impl Write + Send,
    progress: Option<std::fs::File>,
) -> io::Result<()> {
    let stack = super::worker_stack_size(&settings.options.limits);
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new().name("batch worker".into()).stack_size(stack);
        let handle = worker.spawn_scoped(scope, move || -> io::Result<()> {
            let mut input = BufReader::with_capacity(1 << 16, input);
            let mut output = BufWriter::with_capacity(1 << 16, output);
            let (mut started, mut finished): (u64, u64) = (0, 0);
            while let Some(header) = read_frame(&mut input)? {
                let header: RequestHeader = serde_json::from_slice(&header).map_err(json_error)?;
                let bytes = read_frame(&mut input)?.ok_or(io::ErrorKind::UnexpectedEof)?;
                let document = Document {
                    source: header.source,
                    content: Ok(bytes),
                    format: header.format,
                    url: header.url,
                    date: header.date,
                };
                started += 1;
                let recorded = progress.as_ref().is_some_and(|file| record_progress(file, started, finished).is_ok());
                let mut record = process(document, settings);
                record.finish();
                let reply = ReplyHeader {
                    status: record.status,
                    error: record.error,
                    bytes: record.bytes,
                    counts: record.counts,
                };
                write_frame(&mut output, &serde_json::to_vec(&reply).map_err(json_error)?)?;
                write_frame(&mut output, &record.json)?;
                finished += 1;
                let recorded =
                    recorded && progress.as_ref().is_some_and(|f| record_progress(f, started, finished).is_ok());
                // Before waiting for more input, the replies so far go out (the parent waits for
                // a whole batch); unrecorded progress needs every reply out at once.
                if !recorded || input.buffer().is_empty() {
                    output.flush()?;
                }
            }
            output.flush()
        })?;
        handle.join().unwrap_or_else(|_| Err(io::Error::other("the worker thread panicked")))
    })
}

/// Writes how many documents the worker has started and finished to the start of the progress
/// file.
#[cfg(unix)]
fn record_progress(file: &std::fs::File, started: u64, finished: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&started.to_le_bytes());
    bytes[8..].copy_from_slice(&finished.to_le_bytes());
    file.write_all_at(&bytes, 0)
}

#[cfg(not(unix))]
fn record_progress(_: &std::fs::File, _: u64, _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The start of the progress file, read through the parent's own handle (the worker removes the
/// file's name once it has opened it).
#[cfg(unix)]
fn read_progress(file: &tempfile::NamedTempFile, bytes: &mut [u8; 16]) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.as_file().read_exact_at(bytes, 0)
}

#[cfg(not(unix))]
fn read_progress(file: &tempfile::NamedTempFile, bytes: &mut [u8; 16]) -> io::Result<()> {
    std::fs::File::open(file.path()).and_then(|mut f| f.read_exact(bytes))
}

/// One worker process, started when a document first needs it.
struct Worker {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
    /// Where the process records how many documents it has started (see the module's notes).
    progress: Option<tempfile::NamedTempFile>,
    /// How many documents it has answered.
    answered: u64,
}

impl Worker {
    fn start(isolation: &Isolation) -> io::Result<Worker> {
        let progress = tempfile::Builder::new().prefix("cookielint-worker-").tempfile().ok();
        let mut command = Command::new(&isolation.program);
        command.args(&isolation.args);
        if let Some(file) = &progress {
            command.arg("--progress").arg(file.path());
        }
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn()?;
        let input = BufWriter::with_capacity(1 << 16, child.stdin.take().ok_or(io::ErrorKind::BrokenPipe)?);
        let output = BufReader::with_capacity(1 << 16, child.stdout.take().ok_or(io::ErrorKind::BrokenPipe)?);
        Ok(Worker { child, input, output, progress, answered: 0 })
    }

    /// Which of the `unanswered` documents the process was reading when it died (an index
    /// among them): the one its progress file says it started and did not finish; with none,
    /// the one after the last it finished; without the file, the first.
    fn died_on(&self, unanswered: usize) -> usize {
        let progress = self.progress.as_ref().and_then(|file| {
            let mut bytes = [0u8; 16];
            read_progress(file, &mut bytes).ok()?;
            let count = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
            Some((count(0), count(8)))
        });
        // Position in this process's life of the document it died on (0-based).
        let reading = progress.map(|(started, finished)| if started > finished { started - 1 } else { finished });
        let index = reading.and_then(|at| at.checked_sub(self.answered)).unwrap_or(0);
        (index as usize).min(unanswered.saturating_sub(1))
    }

    /// How the process ended, after its pipes broke.
    fn end(&mut self) -> String {
        let _ = self.child.kill();
        match self.child.wait() {
            Ok(status) => describe(status),
            Err(error) => format!("could not be waited for: {error}"),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing its input ends a healthy worker; a stuck one is killed.
        let _ = self.input.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(unix)]
fn describe(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(signal) => format!("was killed by signal {signal}"),
        None => format!("exited with {status}"),
    }
}

#[cfg(not(unix))]
fn describe(status: std::process::ExitStatus) -> String {
    format!("exited with {status}")
}

/// A worker thread's handle on its process.
pub(super) struct Slot<'a> {
    isolation: &'a Isolation,
    worker: Option<Worker>,
}

/// A document on its way to a worker process.
struct Request {
    sequence: u64,
    header: RequestHeader,
    bytes: Vec<u8>,
}

impl<'a> Slot<'a> {
    pub(super) fn new(isolation: &'a Isolation) -> Slot<'a> {
        Slot { isolation, worker: None }
    }

    /// Processes a batch of documents in the worker process, starting one if there is none. The
    /// whole batch is written while the replies are read (one round trip per batch, not per
    /// document: a round trip costs more than a small policy). When the process dies, the
    /// document it was reading becomes an error record saying so, and the documents it had not
    /// answered go to a new process. The records come back in the order of the documents.
    pub(super) fn process(&mut self, documents: Vec<(u64, Document)>, settings: &Settings) -> Vec<(u64, Record)> {
        let mut records = Vec::with_capacity(documents.len());
        let mut requests: Vec<Request> = Vec::with_capacity(documents.len());
        for (sequence, document) in documents {
            let Document { source, content, format, url, date } = document;
            match content {
                Ok(bytes) => {
                    requests.push(Request { sequence, header: RequestHeader { source, format, url, date }, bytes })
                }
                // Nothing to read: made here, as the threads make it.
                Err(message) => {
                    let mut record = process(Document { source, content: Err(message), format, url, date }, settings);
                    record.finish();
                    records.push((sequence, record));
                }
            }
        }
        let mut pending = requests;
        while !pending.is_empty() {
            let mut worker = match self.worker.take() {
                Some(worker) => worker,
                None => match Worker::start(self.isolation) {
                    Ok(worker) => worker,
                    // No process to be had (the program moved, a process limit): the documents
                    // are read in this thread, as without isolation.
                    Err(_) => {
                        records.extend(pending.into_iter().map(|request| {
                            let Request { sequence, header: RequestHeader { source, format, url, date }, bytes } =
                                request;
                            let mut record =
                                process(Document { source, content: Ok(bytes), format, url, date }, settings);
                            record.finish();
                            (sequence, record)
                        }));
                        break;
                    }
                },
            };
            let answered = exchange(&mut worker, &pending);
            let mut rest = pending.split_off(answered.len());
            worker.answered += answered.len() as u64;
            for ((reply, json), request) in answered.into_iter().zip(pending) {
                let RequestHeader { source, url, date, .. } = request.header;
                let counts = reply.counts;
                let (status, error, bytes) = (reply.status, reply.error, reply.bytes);
                let record =
                    Record { source, status, error, url, date, bytes, policy: None, findings: None, json, counts };
                records.push((request.sequence, record));
            }
            if rest.is_empty() {
                self.worker = Some(worker);
            } else {
                let message = format!("the worker process reading this document {}", worker.end());
                let died_on = worker.died_on(rest.len());
                records.push(failed(rest.remove(died_on), message));
            }
            pending = rest;
        }
        records.sort_by_key(|(sequence, _)| *sequence);
        records
    }
}

/// Writes every request while reading the replies, until the process stops answering.
fn exchange(worker: &mut Worker, pending: &[Request]) -> Vec<(ReplyHeader, Vec<u8>)> {
    let Worker { input, output, .. } = worker;
    std::thread::scope(|scope| {
        // A dead process breaks the pipe: the writer stops, the reader sees the end.
        scope.spawn(move || -> io::Result<()> {
            for request in pending {
                write_frame(input, &serde_json::to_vec(&request.header).map_err(json_error)?)?;
                write_frame(input, &request.bytes)?;
            }
            input.flush()
        });
        let mut answered = Vec::with_capacity(pending.len());
        for _ in pending {
            match read_reply(output) {
                Ok(reply) => answered.push(reply),
                Err(_) => break,
            }
        }
        answered
    })
}

fn read_reply(output: &mut impl Read) -> io::Result<(ReplyHeader, Vec<u8>)> {
    let reply = read_frame(output)?.ok_or(io::ErrorKind::UnexpectedEof)?;
    let reply: ReplyHeader = serde_json::from_slice(&reply).map_err(json_error)?;
    let line = read_frame(output)?.ok_or(io::ErrorKind::UnexpectedEof)?;
    Ok((reply, line))
}

/// The error record of a document no worker process answered.
fn failed(request: Request, message: String) -> (u64, Record) {
    let Request { sequence, header, bytes } = request;
    let mut record = Record {
        source: header.source,
        status: Status::Error,
        error: Some(message),
        url: header.url,
        date: header.date,
        bytes: bytes.len() as u64,
        policy: None,
        findings: None,
        json: Vec::new(),
        counts: Counts::default(),
    };
    record.finish();
    (sequence, record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_a_cut_frame_is_an_error() {
        let mut buffer = Vec::new();
        write_frame(&mut buffer, b"header").unwrap();
        write_frame(&mut buffer, b"").unwrap();
        let mut input = &buffer[..];
        assert_eq!(read_frame(&mut input).unwrap().unwrap(), b"header");
        assert_eq!(read_frame(&mut input).unwrap().unwrap(), b"");
        assert!(read_frame(&mut input).unwrap().is_none(), "a clean end");
        let cut = &buffer[..buffer.len() - 3];
        let mut input = &cut[..5];
        assert!(read_frame(&mut input).is_err(), "a length cut short");
        let mut input = &buffer[..10];
        assert!(read_frame(&mut input).is_err(), "a body cut short");
    }

    #[test]
    fn a_worker_served_in_memory_gives_the_record_the_threads_give() {
        let settings = Settings::default();
        let text = "## Analytics cookies\n\n| Name | Duration |\n|---|---|\n| _ga | 2 years |\n";
        let header = RequestHeader { source: "p.md".into(), format: None, url: None, date: None };
        let mut requests = Vec::new();
        write_frame(&mut requests, &serde_json::to_vec(&header).unwrap()).unwrap();
        write_frame(&mut requests, text.as_bytes()).unwrap();
        let mut replies = Vec::new();
        serve(&settings, &requests[..], &mut replies, None).unwrap();
        let mut input = &replies[..];
        let reply: ReplyHeader = serde_json::from_slice(&read_frame(&mut input).unwrap().unwrap()).unwrap();
        let line = read_frame(&mut input).unwrap().unwrap();
        let mut direct = process(Document::bytes("p.md", text.as_bytes().to_vec()), &settings);
        direct.finish();
        assert_eq!(line, direct.json);
        assert_eq!((reply.status, reply.bytes, reply.counts.cookies), (Status::Ok, text.len() as u64, 1));
    }
}
