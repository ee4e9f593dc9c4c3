//! Worker processes: each batch worker thread hands its documents to a child process of its own
//! and reads the finished record back, so that a document that kills the process reading it (an
//! abort, a stack overflow in a dependency, the kernel's out-of-memory killer, a signal from the
//! operator) costs that one document an error record, not the run. The thread starts a new child
//! for the next document.
//!
//! The protocol on the child's standard input and output is framed bytes, no text parsing of the
//! document: a request is a header (JSON: source, format, url, date, and whether it ends a
//! batch) and the document's bytes; a reply is a header (JSON: status, error, bytes read, the
//! counts the summary needs) and the record's JSON line. Each frame is a little-endian `u64`
//! length and that many bytes.
//!
//! The requests stream: a thread of the parent writes them while the worker thread reads the
//! replies, and the next batch is written before the last one is answered, so the process never
//! waits for the parent to turn round between batches.
//!
//! Replies are not flushed one by one: on small policies a flush and the parent's wake-up per
//! document cost about a fifth of the run. The worker sends them at the end of each batch and
//! before it waits for input, and keeps in a progress file (two little-endian `u64`s at its
//! start, stored through a shared mapping of the file, so that recording costs no system call)
//! how many documents it has started and how many it has finished; when it dies, the parent
//! reads there which document it was reading (the one started and not finished; with none, the
//! one after the last finished, which it died reading in), reports that one, and hands the
//! others it had not answered to a new process. The worker removes the file's name as soon as
//! it has opened it (on Unix), and the parent reads it through its own handle, so a killed run
//! leaves no file behind. Without the file (it could not be made or mapped; elsewhere than on
//! Unix), the worker flushes each reply and the first document not answered is the one reported.
use super::{process, Counts, Document, Record, Settings, Status};
use crate::source::Format;
use std::collections::VecDeque;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;

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

#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct RequestHeader {
    source: String,
    format: Option<Format>,
    url: Option<String>,
    date: Option<String>,
    /// Send the replies so far once this document is answered (see [`RequestWire`]).
    #[serde(default)]
    flush: bool,
}

/// A request's header as the parent writes it: [`RequestHeader`] borrowed, and whether the
/// worker should send its replies so far once it has answered this document (the last of a
/// batch: the parent writes the records of a batch when all have come, and the next batch may
/// already be waiting in the worker's input).
#[derive(serde::Serialize)]
struct RequestWire<'a> {
    source: &'a str,
    format: Option<Format>,
    url: Option<&'a str>,
    date: Option<&'a str>,
    flush: bool,
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
    // Filled as read, not zeroed first; reserved up to a bound, so that a corrupt length fails
    // at the end of the stream instead of asking for its size at once.
    const RESERVED_AT_MOST: u64 = 1 << 24;
    let mut frame = Vec::with_capacity(length.min(RESERVED_AT_MOST) as usize);
    input.take(length).read_to_end(&mut frame)?;
    if frame.len() as u64 != length {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
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
            let progress = progress.and_then(|file| Progress::map(file).ok());
            let (mut started, mut finished): (u64, u64) = (0, 0);
            let mut reply_header = Vec::new();
            while let Some(header) = read_frame(&mut input)? {
                let header: RequestHeader = serde_json::from_slice(&header).map_err(json_error)?;
                let bytes = read_frame(&mut input)?.ok_or(io::ErrorKind::UnexpectedEof)?;
                let flush = header.flush;
                let document = Document {
                    source: header.source,
                    content: Ok(bytes),
                    format: header.format,
                    url: header.url,
                    date: header.date,
                };
                started += 1;
                if let Some(progress) = &progress {
                    progress.record(started, finished);
                }
                let mut record = process(document, settings);
                record.finish();
                let reply = ReplyHeader {
                    status: record.status,
                    error: record.error,
                    bytes: record.bytes,
                    counts: record.counts,
                };
                reply_header.clear();
                serde_json::to_writer(&mut reply_header, &reply).map_err(json_error)?;
                write_frame(&mut output, &reply_header)?;
                write_frame(&mut output, &record.json)?;
                finished += 1;
                if let Some(progress) = &progress {
                    progress.record(started, finished);
                }
                // The replies so far go out at the end of a batch (the parent waits for a whole
                // batch) and before waiting for more input; unrecorded progress needs every
                // reply out at once.
                if flush || progress.is_none() || input.buffer().is_empty() {
                    output.flush()?;
                }
            }
            output.flush()
        })?;
        handle.join().unwrap_or_else(|_| Err(io::Error::other("the worker thread panicked")))
    })
}

/// The worker's side of the progress file: the two counts are stored through a shared mapping
/// of the file's first bytes, not written to the file system: a write per count cost about 3 %
/// of a run of small policies in system time (on a journaled file system each one dirties the
/// inode). The parent reads the same page through its own handle.
#[cfg(all(unix, target_has_atomic = "64"))]
struct Progress {
    /// Kept open, so that the file stays among the process's descriptors (where a test finds it).
    _file: std::fs::File,
    map: memmap2::MmapRaw,
}

#[cfg(all(unix, target_has_atomic = "64"))]
impl Progress {
    const LENGTH: usize = 16;

    fn map(file: std::fs::File) -> io::Result<Progress> {
        use std::os::unix::fs::FileExt;
        // Written, not only sized: a sized file is sparse, and a store into a page with no
        // block behind it on a full file system would kill the process (SIGBUS) where a write
        // fails here, and the worker goes on without the file.
        file.set_len(Self::LENGTH as u64)?;
        file.write_all_at(&[0u8; Self::LENGTH], 0)?;
        let map = memmap2::MmapOptions::new().len(Self::LENGTH).map_raw(&file)?;
        if map.len() < Self::LENGTH {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(Progress { _file: file, map })
    }

    /// The two counts: documents started, then finished (little-endian in the file).
    fn counts(&self) -> &[std::sync::atomic::AtomicU64; 2] {
        // SAFETY: the mapping is at least `LENGTH` (16) bytes long, checked in `map`, and starts
        // on a page boundary, so the two counts lie inside it, aligned for `u64`; it lives as
        // long as `self`, which the reference borrows. In this process the bytes are only
        // reached through this reference, atomically. The parent only reads the file. A process
        // that truncated it (the file's name is removed at start, but /proc can reopen it) would
        // make the next store raise SIGBUS, which ends the worker like any crash, not undefined
        // behaviour in this one.
        unsafe { &*self.map.as_mut_ptr().cast::<[std::sync::atomic::AtomicU64; 2]>() }
    }

    /// Stores how many documents the worker has started and finished.
    fn record(&self, started: u64, finished: u64) {
        use std::sync::atomic::Ordering::Relaxed;
        let [started_count, finished_count] = self.counts();
        started_count.store(started.to_le(), Relaxed);
        finished_count.store(finished.to_le(), Relaxed);
    }
}

/// Without a shared mapping the worker records nothing, and flushes every reply.
#[cfg(not(all(unix, target_has_atomic = "64")))]
struct Progress;

#[cfg(not(all(unix, target_has_atomic = "64")))]
impl Progress {
    fn map(_: std::fs::File) -> io::Result<Progress> {
        Err(io::ErrorKind::Unsupported.into())
    }

    fn record(&self, _: u64, _: u64) {}
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

/// One worker process, started when a document first needs it. Its standard input belongs to
/// the thread that writes the requests ([`Stream::dispatch`] starts both).
struct Worker {
    child: Child,
    output: BufReader<ChildStdout>,
    /// Where the process records how many documents it has started (see the module's notes).
    progress: Option<tempfile::NamedTempFile>,
    /// How many documents it has answered.
    answered: u64,
}

impl Worker {
    fn start(isolation: &Isolation) -> io::Result<(Worker, BufWriter<ChildStdin>)> {
        let progress = tempfile::Builder::new().prefix("cookielint-worker-").tempfile().ok();
        let mut command = Command::new(&isolation.program);
        command.args(&isolation.args);
        if let Some(file) = &progress {
            command.arg("--progress").arg(file.path());
        }
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn()?;
        let input = BufWriter::with_capacity(1 << 16, child.stdin.take().ok_or(io::ErrorKind::BrokenPipe)?);
        let output = BufReader::with_capacity(1 << 16, child.stdout.take().ok_or(io::ErrorKind::BrokenPipe)?);
        Ok((Worker { child, output, progress, answered: 0 }, input))
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
        // At the end of the input it has answered everything; a stuck one is killed all the same.
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

/// A document on its way to a worker process. Shared with the thread that writes it, which lets
/// go of a batch once it is written: taken back with `Arc::unwrap_or_clone`.
#[derive(Clone)]
struct Request {
    sequence: u64,
    /// The batch it came in (counted from the first batch of the stream).
    batch: u64,
    header: RequestHeader,
    bytes: Vec<u8>,
}

/// How many batches a worker thread keeps in its process at once. With two, the process has
/// the next batch to read while the thread collects the replies to the last one and fetches
/// another; with one, it waited for that round trip after every batch (about a tenth of the
/// run on small policies, most of the cost of isolation).
const BATCHES_IN_FLIGHT: usize = 2;

/// A running process and the thread that writes its requests. Dropped, the process is killed
/// first (at the end of the input it has answered everything), which also ends the writer.
struct Running<'scope> {
    worker: Worker,
    requests: std::sync::mpsc::Sender<Vec<Arc<Request>>>,
    writer: std::thread::ScopedJoinHandle<'scope, ()>,
}

/// One worker thread's documents on their way through its process.
struct Stream<'a> {
    isolation: &'a Isolation,
    settings: &'a Settings,
    /// Requests written (or queued to be written) to the running process and not answered
    /// yet, oldest first: a process answers in order.
    unanswered: VecDeque<Arc<Request>>,
    /// The batches in flight from the oldest: how many of its documents still have no record,
    /// and the records made so far.
    batches: VecDeque<(usize, Vec<(u64, Record)>)>,
    /// Number of the oldest batch in flight.
    first_batch: u64,
}

/// Processes the documents of every batch `next` gives in worker processes, one at a time,
/// started when needed: `next(true)` waits for a batch and gives `None` at the end of the
/// input, `next(false)` gives one only if it is there at once. The records of each batch go
/// to `emit` when all of them are made, in the order of the documents; `emit` returns false
/// to stop. When a process dies, the document it was reading becomes an error record saying
/// so, and the documents it had not answered go to a new process.
pub(super) fn stream(
    isolation: &Isolation,
    settings: &Settings,
    mut next: impl FnMut(bool) -> Option<Vec<(u64, Document)>>,
    mut emit: impl FnMut(Vec<(u64, Record)>) -> bool,
) {
    let mut stream =
        Stream { isolation, settings, unanswered: VecDeque::new(), batches: VecDeque::new(), first_batch: 0 };
    std::thread::scope(|scope| {
        let mut running: Option<Running<'_>> = None;
        let mut input_ended = false;
        loop {
            while !input_ended && stream.batches.len() < BATCHES_IN_FLIGHT {
                // With nothing in flight, wait for the next batch; otherwise take one only if
                // it is there, and go back to the replies.
                let wait = stream.batches.is_empty();
                match next(wait) {
                    Some(documents) => stream.add_batch(documents, &mut running, scope),
                    None => {
                        input_ended = wait;
                        break;
                    }
                }
            }
            while stream.batches.front().is_some_and(|(left, _)| *left == 0) {
                let (_, mut records) = stream.batches.pop_front().unwrap_or_default();
                stream.first_batch += 1;
                records.sort_by_key(|(sequence, _)| *sequence);
                if !emit(records) {
                    return;
                }
            }
            if stream.batches.is_empty() {
                if input_ended {
                    return;
                }
                continue;
            }
            // A batch waits for a record, so its document is with the running process (the
            // documents read in this thread are filed at once).
            let Some(process) = running.as_mut() else {
                debug_assert!(false, "a batch waits with no process running");
                stream.abandon(&mut emit);
                return;
            };
            match read_reply(&mut process.worker.output) {
                Ok((reply, json)) => {
                    process.worker.answered += 1;
                    let Some(request) = stream.unanswered.pop_front() else {
                        debug_assert!(false, "a reply to no request");
                        stream.abandon(&mut emit);
                        return;
                    };
                    let Request { sequence, batch, header, .. } = Arc::unwrap_or_clone(request);
                    let record = Record {
                        source: header.source,
                        status: reply.status,
                        error: reply.error,
                        url: header.url,
                        date: header.date,
                        bytes: reply.bytes,
                        policy: None,
                        findings: None,
                        json,
                        counts: reply.counts,
                    };
                    stream.complete(batch, (sequence, record));
                }
                Err(_) => {
                    let Some(Running { mut worker, requests, writer }) = running.take() else { continue };
                    let message = format!("the worker process reading this document {}", worker.end());
                    // The process is gone, so its pipe is broken and the writer stops.
                    drop(requests);
                    let _ = writer.join();
                    let mut rest: Vec<Arc<Request>> = stream.unanswered.drain(..).collect();
                    if rest.is_empty() {
                        // It died with nothing to answer: nothing is lost.
                        continue;
                    }
                    let died_on = worker.died_on(rest.len());
                    drop(worker);
                    let (batch, record) = failed(rest.remove(died_on), message);
                    stream.complete(batch, record);
                    stream.dispatch(rest, &mut running, scope);
                }
            }
        }
    });
}

impl Stream<'_> {
    fn add_batch<'scope>(
        &mut self,
        documents: Vec<(u64, Document)>,
        running: &mut Option<Running<'scope>>,
        scope: &'scope std::thread::Scope<'scope, '_>,
    ) {
        let batch = self.first_batch + self.batches.len() as u64;
        let mut records = Vec::new();
        let mut requests = Vec::with_capacity(documents.len());
        for (sequence, document) in documents {
            let Document { source, content, format, url, date } = document;
            match content {
                Ok(bytes) => requests.push(Arc::new(Request {
                    sequence,
                    batch,
                    header: RequestHeader { source, format, url, date, flush: false },
                    bytes,
                })),
                // Nothing to read: made here, as the threads make it.
                Err(message) => {
                    let mut record =
                        process(Document { source, content: Err(message), format, url, date }, self.settings);
                    record.finish();
                    records.push((sequence, record));
                }
            }
        }
        self.batches.push_back((requests.len(), records));
        self.dispatch(requests, running, scope);
    }

    /// Hands requests to the running process, starting one if there is none. Without a process
    /// to be had (the program moved, a process limit), they are read in this thread, as without
    /// isolation.
    fn dispatch<'scope>(
        &mut self,
        requests: Vec<Arc<Request>>,
        running: &mut Option<Running<'scope>>,
        scope: &'scope std::thread::Scope<'scope, '_>,
    ) {
        if requests.is_empty() {
            return;
        }
        if running.is_none() {
            if let Ok((worker, input)) = Worker::start(self.isolation) {
                let (requests, pending) = std::sync::mpsc::channel::<Vec<Arc<Request>>>();
                let writer = scope.spawn(move || write_requests(input, pending));
                *running = Some(Running { worker, requests, writer });
            }
        }
        match running {
            Some(process) => {
                self.unanswered.extend(requests.iter().cloned());
                // A closed channel means the writer met a broken pipe: the reply that does not
                // come tells the reading loop the process died.
                let _ = process.requests.send(requests);
            }
            None => {
                for request in requests {
                    let Request { sequence, batch, header, bytes } = Arc::unwrap_or_clone(request);
                    let RequestHeader { source, format, url, date, .. } = header;
                    let mut record = process(Document { source, content: Ok(bytes), format, url, date }, self.settings);
                    record.finish();
                    self.complete(batch, (sequence, record));
                }
            }
        }
    }

    /// Files a document's record with its batch.
    fn complete(&mut self, batch: u64, record: (u64, Record)) {
        let entry = batch.checked_sub(self.first_batch).and_then(|at| self.batches.get_mut(at as usize));
        debug_assert!(entry.is_some(), "a record of a batch not in flight");
        if let Some((left, records)) = entry {
            *left -= 1;
            records.push(record);
        }
    }

    /// Gives every record made so far to `emit` (when the bookkeeping has gone wrong, what is
    /// done is still written).
    fn abandon(&mut self, emit: &mut impl FnMut(Vec<(u64, Record)>) -> bool) {
        for (_, mut records) in self.batches.drain(..) {
            records.sort_by_key(|(sequence, _)| *sequence);
            emit(records);
        }
    }
}

/// The writing side of a process: every batch of requests as it comes, flushed after each
/// (the process waits for it). Ends when the channel closes, which closes the process's input,
/// or when the pipe breaks.
fn write_requests(mut input: BufWriter<ChildStdin>, pending: std::sync::mpsc::Receiver<Vec<Arc<Request>>>) {
    let write = |input: &mut BufWriter<ChildStdin>, batch: &[Arc<Request>]| -> io::Result<()> {
        let mut header = Vec::new();
        for (index, request) in batch.iter().enumerate() {
            let wire = RequestWire {
                source: &request.header.source,
                format: request.header.format,
                url: request.header.url.as_deref(),
                date: request.header.date.as_deref(),
                flush: batch.get(index + 1).is_none_or(|next| next.batch != request.batch),
            };
            header.clear();
            serde_json::to_writer(&mut header, &wire).map_err(json_error)?;
            write_frame(input, &header)?;
            write_frame(input, &request.bytes)?;
        }
        input.flush()
    };
    for batch in pending {
        if write(&mut input, &batch).is_err() {
            return;
        }
    }
}

fn read_reply(output: &mut impl Read) -> io::Result<(ReplyHeader, Vec<u8>)> {
    let reply = read_frame(output)?.ok_or(io::ErrorKind::UnexpectedEof)?;
    let reply: ReplyHeader = serde_json::from_slice(&reply).map_err(json_error)?;
    let line = read_frame(output)?.ok_or(io::ErrorKind::UnexpectedEof)?;
    Ok((reply, line))
}

/// The error record of a document no worker process answered, with its batch.
fn failed(request: Arc<Request>, message: String) -> (u64, (u64, Record)) {
    let Request { sequence, batch, header, bytes } = Arc::unwrap_or_clone(request);
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
    (batch, (sequence, record))
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
        // A corrupt length far past the stream: an error, not an allocation of its size.
        let mut corrupt = (1u64 << 39).to_le_bytes().to_vec();
        corrupt.extend_from_slice(b"abc");
        assert!(read_frame(&mut &corrupt[..]).is_err(), "a length past the stream");
    }

    /// The counts stored through the mapping reach the file, where the parent reads them.
    #[cfg(unix)]
    #[test]
    fn a_worker_keeps_its_counts_in_the_progress_file() {
        let settings = Settings::default();
        let mut requests = Vec::new();
        for source in ["a.md", "b.md", "c.md"] {
            let header = RequestHeader { source: source.into(), format: None, url: None, date: None, flush: false };
            write_frame(&mut requests, &serde_json::to_vec(&header).unwrap()).unwrap();
            write_frame(&mut requests, b"| Name | Duration |\n|---|---|\n| _ga | 2 years |\n").unwrap();
        }
        let file = tempfile::NamedTempFile::new().unwrap();
        let handle = std::fs::OpenOptions::new().read(true).write(true).open(file.path()).unwrap();
        let mut replies = Vec::new();
        serve(&settings, &requests[..], &mut replies, Some(handle)).unwrap();
        let mut counts = [0u8; 16];
        read_progress(&file, &mut counts).unwrap();
        assert_eq!(counts[..8], 3u64.to_le_bytes(), "started");
        assert_eq!(counts[8..], 3u64.to_le_bytes(), "finished");
    }

    #[test]
    fn a_worker_served_in_memory_gives_the_record_the_threads_give() {
        let settings = Settings::default();
        let text = "## Analytics cookies\n\n| Name | Duration |\n|---|---|\n| _ga | 2 years |\n";
        let header = RequestHeader { source: "p.md".into(), format: None, url: None, date: None, flush: false };
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
