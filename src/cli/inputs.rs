//! Turns the PATH arguments into documents to read: files as given, directories walked in a
//! stable (sorted) order, `-` as standard input. Every failure is reported with the path and
//! the run goes on with the other inputs.
use std::io::Read;
use std::path::{Path, PathBuf};

/// File endings read when walking a directory. Files named on the command line are read
/// whatever their ending.
pub const POLICY_EXTENSIONS: [&str; 6] = ["md", "markdown", "txt", "text", "htm", "html"];

#[derive(Debug)]
pub enum Input {
    /// Standard input, with the file name it stands for (`--stdin-filename`), if one was given.
    Stdin(Option<PathBuf>),
    File(PathBuf),
}

impl Input {
    /// The name used as `source`: the path as given (joined under a walked directory), or the
    /// name standard input stands for (its ending then tells the format).
    pub fn name(&self) -> String {
        match self {
            Input::Stdin(None) => "-".to_string(),
            Input::Stdin(Some(path)) | Input::File(path) => path.display().to_string(),
        }
    }

    /// The path configuration is looked for from: the file's, or the one standard input stands
    /// for.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin(path) => path.as_deref(),
            Input::File(path) => Some(path),
        }
    }
}

/// A problem with one input, reported on stderr.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path}: {message}")]
#[diagnostic(code(cookielint::input))]
pub struct InputProblem {
    pub path: String,
    pub message: String,
    #[help]
    pub help: Option<String>,
    /// False for a warning that does not make the run fail (a directory with no policies).
    pub fatal: bool,
}

impl InputProblem {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputProblem { path: path.into(), message: message.into(), help: None, fatal: true }
    }
}

/// Expands the arguments into inputs, in order; `-` is standard input, standing for
/// `stdin_name` when given.
pub fn expand(paths: &[String], stdin_name: Option<&Path>) -> (Vec<Input>, Vec<InputProblem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for arg in paths {
        if arg == "-" {
            inputs.push(Input::Stdin(stdin_name.map(Path::to_path_buf)));
            continue;
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Err(error) => problems.push(InputProblem {
                help: (error.kind() == std::io::ErrorKind::NotFound).then(|| "check the path".to_string()),
                ..InputProblem::error(arg, describe(&error))
            }),
            Ok(meta) if meta.is_dir() => {
                let before = inputs.len();
                walk(path, &mut inputs, &mut problems);
                if inputs.len() == before {
                    problems.push(InputProblem {
                        help: Some(format!("files ending in .{} are read", POLICY_EXTENSIONS.join(", ."))),
                        fatal: false,
                        ..InputProblem::error(arg, "the directory holds no policy files")
                    });
                }
            }
            Ok(_) => inputs.push(Input::File(path.to_path_buf())),
        }
    }
    (inputs, problems)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<InputProblem>) {
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|entry| {
        // Hidden folders (.git) and build output are not policies.
        entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
    });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let wanted = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| POLICY_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if wanted {
                    inputs.push(Input::File(entry.into_path()));
                }
            }
            Ok(_) => {}
            Err(error) => {
                let path = error.path().map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                let message = if error.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder above it; not followed".to_string()
                } else {
                    error.io_error().map_or_else(|| error.to_string(), describe)
                };
                problems.push(InputProblem::error(path, message));
            }
        }
    }
}

/// Reads one input, refusing more than `limit` bytes before reading them all.
pub fn read(input: &Input, limit: u64) -> Result<Vec<u8>, InputProblem> {
    let name = input.name();
    let too_large = |size: u64| {
        let mut problem =
            InputProblem::error(&name, format!("the file is {size} bytes, over the limit of {limit} bytes"));
        problem.help = Some("raise the limit with --max-file-size".to_string());
        problem
    };
    let mut bytes = Vec::new();
    match input {
        Input::Stdin(_) => {
            std::io::stdin()
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| InputProblem::error(&name, describe(&e)))?;
        }
        Input::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| InputProblem::error(&name, describe(&e)))?;
            let meta = file.metadata().map_err(|e| InputProblem::error(&name, describe(&e)))?;
            if !meta.is_file() {
                return Err(InputProblem::error(&name, "not a regular file"));
            }
            if meta.len() > limit {
                return Err(too_large(meta.len()));
            }
            file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| InputProblem::error(&name, describe(&e)))?;
        }
    }
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}
