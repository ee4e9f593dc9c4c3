//! `cookielint batch`: archives in, one JSON line per document out, a summary at the end.
use super::BatchArgs;
use cookielint::batch::inputs::{self, Folders, ReadSettings};
use cookielint::batch::summary::Tally;
use cookielint::batch::{self, Record, Settings};
use cookielint::lint::config::{self, Config};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Seek, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub fn run(args: &BatchArgs) -> ExitCode {
    match batch(args) {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

fn batch(args: &BatchArgs) -> miette::Result<ExitCode> {
    if args.inputs.is_empty() && !args.stdin_jsonl && args.git_history.is_empty() && !args.worker {
        return Err(miette::miette!(
            help = "name files, folders or archives, or use --stdin-jsonl or --git-history",
            "no input"
        ));
    }
    if args.resume && args.output.is_none() {
        return Err(miette::miette!("--resume needs --output: it skips the sources already in that file"));
    }
    let lint = if args.lint {
        if let Some(profile) = &args.profile {
            if config::profile_limits(profile).is_none() {
                return Err(miette::miette!(help = "profiles: generic, cnil", "unknown profile `{profile}`"));
            }
        }
        let loaded = args.config.as_deref().map(Config::load).transpose().map_err(miette::Report::new)?;
        Some(loaded.unwrap_or_default().resolve(None, args.profile.as_deref()))
    } else {
        None
    };
    let isolation = if args.in_process || args.worker { None } else { worker_command(args) };
    let settings = Settings { options: args.limits.options(), lint, jobs: args.jobs, ordered: args.ordered, isolation };
    if args.worker {
        // Without the progress file the worker flushes each reply (see `isolation::serve`).
        let progress = args
            .progress
            .as_deref()
            .and_then(|path| std::fs::OpenOptions::new().read(true).write(true).open(path).ok());
        // Open, the file needs no name: the parent reads it through a handle of its own. Removed
        // now, it is not left behind when the parent is killed (Unix keeps an open file whose
        // name is gone; elsewhere the parent removes it when the worker ends).
        #[cfg(unix)]
        if let (Some(_), Some(path)) = (&progress, args.progress.as_deref()) {
            let _ = std::fs::remove_file(path);
        }
        return match batch::isolation::serve(&settings, io::stdin(), io::stdout(), progress) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(error) => Err(miette::miette!("batch worker: {error}")),
        };
    }

    let done: HashSet<String> = match (&args.output, args.resume) {
        (Some(path), true) => sources_already_written(path)
            .map_err(|e| miette::miette!("cannot read {} to resume: {e}", path.display()))?,
        _ => HashSet::new(),
    };
    let parquet = args.output_format == super::BatchFormat::Parquet;
    if parquet && (args.output.is_none() || args.resume) {
        return Err(miette::miette!(
            help = "give the file with --output FILE.parquet",
            "--output-format parquet writes a file (not standard output), and cannot --resume"
        ));
    }
    if args.findings.is_some() && args.findings == args.output {
        return Err(miette::miette!("--findings and --output name the same file"));
    }
    if args.findings.is_some() && !parquet {
        return Err(miette::miette!(
            "--findings FILE.parquet goes with --output-format parquet (JSON Lines hold the findings)"
        ));
    }
    let mut columnar = if parquet { Some(columnar_output(args)?) } else { None };
    let mut out: Box<dyn Write> = match &args.output {
        Some(_) if parquet => Box::new(io::sink()),
        Some(path) => {
            let file =
                if args.resume { OpenOptions::new().create(true).append(true).open(path) } else { File::create(path) };
            Box::new(BufWriter::with_capacity(
                1 << 16,
                file.map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))?,
            ))
        }
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
    };

    let progress = progress_bar(args.quiet || args.stdin_jsonl && args.output.is_none());
    let started = Instant::now();
    let mut tally = Tally::default();
    let resumed = std::sync::atomic::AtomicU64::new(0);
    let skip = |source: &str| {
        let seen = done.contains(source);
        if seen {
            resumed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        seen
    };
    let folders = Folders::new(args.include.clone(), args.exclude.clone());
    let read_settings = ReadSettings { max_file_size: args.limits.max_file_size, skip: &skip, folders: &folders };
    let read = |emit: &mut dyn FnMut(batch::Document) -> bool| {
        if args.stdin_jsonl {
            let stdin = io::stdin();
            if !inputs::read_jsonl("-", BufReader::with_capacity(1 << 16, stdin.lock()), &read_settings, emit) {
                return;
            }
        }
        for input in &args.inputs {
            if !inputs::read_path(Path::new(input), &read_settings, emit) {
                return;
            }
        }
        for repository in &args.git_history {
            if !batch::git::read(repository, args.path.as_deref(), &read_settings, emit) {
                return;
            }
        }
    };
    let written = batch::run(read, &settings, |record: Record| {
        tally.add(&record);
        if let Some(columnar) = columnar.as_mut() {
            columnar.add(&record.json)?;
            progress.inc(1);
            return Ok(());
        }
        out.write_all(&record.json)?;
        out.write_all(b"\n")?;
        // Each record reaches the file (or the pipe) as soon as it is ready: a run killed
        // mid-way loses nothing already written, and `--resume` goes on from there.
        out.flush()?;
        progress.inc(1);
        if tally.documents % 64 == 0 {
            let seconds = started.elapsed().as_secs_f64().max(1e-9);
            progress.set_message(format!(
                "{:.0} documents/s, {:.1} MB/s, {} errors",
                tally.documents as f64 / seconds,
                tally.bytes as f64 / 1e6 / seconds,
                tally.failed()
            ));
        }
        Ok(())
    });
    progress.finish_and_clear();
    // The Parquet files are closed even after an error, so that the rows written stay readable.
    let finished = columnar.map_or(Ok(()), |c| c.finish());
    let written = written.and(finished);
    if let Err(error) = written.and_then(|_| out.flush()) {
        if error.kind() != io::ErrorKind::BrokenPipe {
            return Err(miette::miette!("cannot write the output: {error}"));
        }
    }
    tally.resumed = resumed.into_inner();
    tally.skipped = folders.skipped();
    if tally.documents == 0 && tally.resumed == 0 && tally.skipped.total() > 0 && !args.quiet {
        eprintln!(
            "warning: no document was read; {} files were passed over in folders (see the summary; \
             --include chooses files by name)",
            tally.skipped.total()
        );
    }
    let summary = tally.summary(started.elapsed().as_secs_f64());
    if !args.quiet {
        match args.summary_format {
            super::ReportFormat::Full => eprint!("{summary}"),
            super::ReportFormat::Json => eprintln!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default()),
        }
    }
    if let Some(path) = &args.summary {
        let text = serde_json::to_string_pretty(&summary).unwrap_or_default();
        std::fs::write(path, text + "\n").map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))?;
    }
    Ok(if tally.failed() > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// The sources of the complete lines of an earlier output. A last line cut short by an
/// interrupted run is removed from the file, so that its document is processed again.
fn sources_already_written(path: &Path) -> io::Result<HashSet<String>> {
    let mut sources = HashSet::new();
    let mut file = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(sources),
        Err(error) => return Err(error),
    };
    let mut reader = BufReader::new(&mut file);
    let mut line = Vec::new();
    let mut complete = 0u64;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        #[derive(serde::Deserialize)]
        struct Line {
            source: String,
        }
        match serde_json::from_slice::<Line>(&line) {
            Ok(record) if line.ends_with(b"\n") => {
                sources.insert(record.source);
                complete += n as u64;
            }
            _ => break,
        }
    }
    drop(reader);
    if complete < file.seek(io::SeekFrom::End(0))? {
        file.set_len(complete)?;
    }
    Ok(sources)
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} documents in {elapsed}  {msg}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(125));
    bar
}

/// This program again as a worker process with the same settings (`batch --worker`).
/// `None` when this program cannot be found again: the documents are then read in threads.
fn worker_command(args: &BatchArgs) -> Option<batch::isolation::Isolation> {
    let program = std::env::current_exe().ok()?;
    let limits = &args.limits;
    let mut worker: Vec<String> = vec![
        "batch".into(),
        "--worker".into(),
        format!("--max-file-size={}", limits.max_file_size),
        format!("--max-cells-per-row={}", limits.max_cells_per_row),
        format!("--max-rows-per-table={}", limits.max_rows_per_table),
        format!("--max-nesting-depth={}", limits.max_nesting_depth),
    ];
    if args.lint {
        worker.push("--lint".into());
        if let Some(config) = &args.config {
            // Absolute, so that the worker reads the same file wherever it starts.
            let config = std::path::absolute(config).unwrap_or_else(|_| config.clone());
            worker.push(format!("--config={}", config.display()));
        }
        if let Some(profile) = &args.profile {
            worker.push(format!("--profile={profile}"));
        }
    }
    Some(batch::isolation::Isolation { program, args: worker })
}

/// The Parquet files of `--output-format parquet`.
#[cfg(feature = "parquet")]
fn columnar_output(args: &BatchArgs) -> miette::Result<batch::columnar::Parquet> {
    let path = args.output.as_deref().unwrap_or(Path::new("-"));
    batch::columnar::Parquet::create(path, args.findings.as_deref(), batch::columnar::ROW_GROUP)
        .map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))
}

#[cfg(not(feature = "parquet"))]
fn columnar_output(_: &BatchArgs) -> miette::Result<NoParquet> {
    Err(miette::miette!("this build of cookielint has no Parquet output (cargo feature `parquet`)"))
}

/// Stands for the Parquet writer in a build without it.
#[cfg(not(feature = "parquet"))]
struct NoParquet;

#[cfg(not(feature = "parquet"))]
impl NoParquet {
    fn add(&mut self, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn finish(self) -> io::Result<()> {
        Ok(())
    }
}
