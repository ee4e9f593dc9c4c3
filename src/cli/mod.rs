//! The command line: `cookielint extract …`. Machine output goes to stdout, messages to stderr.
//! Exit status: 0 when every input was read, 2 when an input could not be read or on a usage
//! error.
mod batch;
mod diff;
mod eval;
mod extract;
mod inputs;
mod lint;
mod lookup;
mod report;
mod rules;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "cookielint", version, about = "Extracts and lints the cookies that cookie policies declare")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract the declared cookies of each policy into a normalized table.
    Extract(ExtractArgs),
    /// Lint policies: what is missing or inconsistent in their declarations.
    Lint(LintArgs),
    /// List the lint rules.
    Rules(RulesArgs),
    /// Explain one lint rule: what it finds, why, and an example.
    Explain(ExplainArgs),
    /// Cookie-level changes between two versions of a policy.
    Diff(DiffArgs),
    /// Show what the built-in knowledge base knows of cookie names (exit 1 if one is unknown).
    Lookup(LookupArgs),
    /// Measure extraction against hand-made annotations (gold/NNN.json for docs/NNN.txt).
    Eval(EvalArgs),
    /// Process archives of policies (folders, tar, zip, WARC, JSON Lines) in parallel: one JSON
    /// line per document, a summary at the end.
    Batch(BatchArgs),
    /// Run the language server on standard input and output (for editors).
    Lsp,
    /// Write one self-contained HTML page over the records of batch runs: documents by status and
    /// language, the most declared cookies and providers, categories, lifetimes against the
    /// regulators' limits, findings by rule with examples, and a timeline of dated inputs.
    Report(ReportArgs),
    /// Print the JSON Schema of cookielint.toml (the file shipped as
    /// schemas/cookielint.schema.json), for editors that check TOML against a schema.
    Schema,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format: full (text) or json.
    #[arg(long = "output-format", visible_alias = "format", short = 'f', value_enum, default_value_t = ReportFormat::Full)]
    pub output_format: ReportFormat,
    /// The same as `--output-format json` (kept for scripts written before `--output-format`).
    #[arg(long, hide = true)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Rule name (`missing-duration`) or code (`CL001`).
    pub name: String,
    /// Output format: full (text) or json.
    #[arg(long = "output-format", visible_alias = "format", short = 'f', value_enum, default_value_t = ReportFormat::Full)]
    pub output_format: ReportFormat,
    /// The same as `--output-format json` (kept for scripts written before `--output-format`).
    #[arg(long, hide = true)]
    pub json: bool,
}

/// The output formats of every command, one set of names (`--output-format`); each command takes
/// the ones it can write. Commands that print a report for people take these two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Text for people.
    Full,
    /// JSON.
    Json,
}

/// What `batch` writes its records as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    /// One JSON line per document (what every other tool of the pipeline reads).
    #[value(alias = "jsonl")]
    JsonLines,
    /// One row per cookie (and per finding with --findings), in Parquet files.
    Parquet,
}

/// Whether a command's report is JSON: `--output-format json` or the older `--json`.
pub trait WantsJson {
    fn wants_json(&self) -> bool;
}

macro_rules! wants_json {
    ($($args:ty),*) => {$(
        impl WantsJson for $args {
            fn wants_json(&self) -> bool {
                self.json || self.output_format == ReportFormat::Json
            }
        }
    )*};
}
wants_json!(RulesArgs, ExplainArgs, DiffArgs, LookupArgs, EvalArgs);

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// JSON Lines written by `cookielint batch` (also gzip-compressed), or its Parquet files
    /// (`--output-format parquet`: the cookies file, and the `--findings` file).
    #[arg(required = true, value_name = "RESULTS.jsonl|RESULTS.parquet")]
    pub inputs: Vec<std::path::PathBuf>,
    /// The page to write.
    #[arg(long, short = 'o', value_name = "FILE.html")]
    pub output: std::path::PathBuf,
    /// The page's title (default: the inputs' names).
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// Folders (walked recursively), .tar, .tar.gz, .zip, .warc, .warc.gz and .jsonl files, or
    /// single policy files (also gzip-compressed: policy.txt.gz).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// In folders, read the files this glob matches, whatever their ending (repeatable). A
    /// glob with `/` is matched against the path below the folder, any other against the file
    /// name. Default: policy files, compressed policy files and archives.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// In folders, do not read the files this glob matches (repeatable; wins over --include).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// A git repository of policy snapshots: every version of every matching file, with its
    /// commit date (source `PATH@COMMIT`); repeatable.
    #[arg(long, value_name = "REPO")]
    pub git_history: Vec<std::path::PathBuf>,
    /// With --git-history: the files to read, as a glob on the path in the repository
    /// (`*` stops at `/`, `**` does not). Default: .md, .txt and .html files.
    #[arg(long, value_name = "GLOB", requires = "git_history")]
    pub path: Option<String>,
    /// Write the JSON lines here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE.jsonl")]
    pub output: Option<std::path::PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    /// Lint each document too (`findings` in each line).
    #[arg(long)]
    pub lint: bool,
    /// Lint configuration file (the same for every document; no discovery in batch mode).
    #[arg(long, value_name = "FILE", requires = "lint")]
    pub config: Option<std::path::PathBuf>,
    /// Lifetime profile for lint: generic or cnil.
    #[arg(long, requires = "lint")]
    pub profile: Option<String>,
    /// Skip the sources already in --output, and append the others.
    #[arg(long)]
    pub resume: bool,
    /// Write the lines in input order (default: in the order documents finish).
    #[arg(long)]
    pub ordered: bool,
    /// Also write the summary as JSON to this file.
    #[arg(long, value_name = "FILE.json")]
    pub summary: Option<std::path::PathBuf>,
    /// Read JSON Lines of {"id", "url", "text" | "html"} from standard input (for Spark's pipe).
    #[arg(long)]
    pub stdin_jsonl: bool,
    /// No progress bar and no summary on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// The records' format: json-lines (one JSON line per document, to standard output or
    /// --output) or parquet (one row per cookie, to --output FILE.parquet).
    #[arg(long = "output-format", visible_alias = "format", short = 'f', value_enum, default_value_t = BatchFormat::JsonLines)]
    pub output_format: BatchFormat,
    /// With --output-format parquet and --lint: also write one row per finding to this file.
    #[arg(long, value_name = "FILE.parquet", requires = "lint")]
    pub findings: Option<std::path::PathBuf>,
    /// The format of the summary on standard error: full (text) or json.
    #[arg(long, value_enum, default_value_t = ReportFormat::Full)]
    pub summary_format: ReportFormat,
    /// Read the documents in this process's threads instead of in worker processes. By default
    /// each worker thread hands its documents to a process of its own, so that a document that
    /// kills the process reading it (an abort, a crash in a dependency, the out-of-memory killer)
    /// becomes an error record and the run goes on; this is 5-10 % faster on small policies.
    #[arg(long)]
    pub in_process: bool,
    /// Serve as a worker process on standard input and output (started by batch itself).
    #[arg(long, hide = true, conflicts_with_all = ["inputs", "stdin_jsonl", "git_history", "output", "in_process"])]
    pub worker: bool,
    /// With --worker: a file where the worker records how many documents it has started, so
    /// that its replies need not be flushed one by one (started by batch itself).
    #[arg(long, hide = true, requires = "worker")]
    pub progress: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// The explicit bounds on one document (README, "Limits").
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Refuse documents (files, archive members, records) larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = cookielint::Limits::default().max_file_size)]
    pub max_file_size: u64,
    /// Merge the cells of a row past this many into its last cell (reported as limit-exceeded).
    #[arg(long, value_name = "N", default_value_t = cookielint::Limits::default().max_cells_per_row)]
    pub max_cells_per_row: usize,
    /// Stop reading a table after this many rows (reported as limit-exceeded).
    #[arg(long, value_name = "N", default_value_t = cookielint::Limits::default().max_rows_per_table)]
    pub max_rows_per_table: usize,
    /// Nest HTML elements, block quotes and list items no deeper than this; deeper markup is
    /// read as plain text (reported as limit-exceeded).
    #[arg(long, value_name = "N", default_value_t = cookielint::Limits::default().max_nesting_depth)]
    pub max_nesting_depth: usize,
}

impl LimitArgs {
    pub fn options(&self) -> cookielint::Options {
        cookielint::Options {
            limits: cookielint::Limits {
                max_file_size: self.max_file_size,
                max_cells_per_row: self.max_cells_per_row,
                max_rows_per_table: self.max_rows_per_table,
                max_nesting_depth: self.max_nesting_depth,
            },
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Folder of gold annotations (NNN.json).
    pub gold: std::path::PathBuf,
    /// Folder of the documents (NNN.txt, .md or .html).
    pub docs: std::path::PathBuf,
    /// Output format: full (text) or json.
    #[arg(long = "output-format", visible_alias = "format", short = 'f', value_enum, default_value_t = ReportFormat::Full)]
    pub output_format: ReportFormat,
    /// The same as `--output-format json` (kept for scripts written before `--output-format`).
    #[arg(long, hide = true)]
    pub json: bool,
    /// List every field that differs.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Exit 1 when the name F1 is below this.
    #[arg(long)]
    pub min_f1: Option<f64>,
    /// Exit 1 when the provider, category or duration accuracy is below this.
    #[arg(long)]
    pub min_field: Option<f64>,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Files, directories or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// The file name standard input (`-`) stands for: its ending tells the format, its folder
    /// where configuration is looked for, and findings name it.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<std::path::PathBuf>,
    /// Output format.
    #[arg(long = "output-format", visible_alias = "format", short = 'f', value_enum, default_value_t = FindingsFormat::Full)]
    pub output_format: FindingsFormat,
    /// Apply the safe fixes in place (a missing Duration column added; the table rewritten as its
    /// normalized Markdown table), then report what is left. With `-` as input, the fixed text
    /// goes to standard output.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also the fixes that change what the policy says (lifetimes from
    /// the knowledge base, rows for expected or observed cookies).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of applying them (exit 1 when there is one).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Instead of the findings, how many each rule made (full, concise or json).
    #[arg(long)]
    pub statistics: bool,
    /// Print the settings in force for each input and where each value came from (the
    /// configuration file, the profile, a flag, the default), then stop (full or json).
    #[arg(long, conflicts_with = "statistics")]
    pub show_settings: bool,
    /// Exit 1 when a finding reaches this severity: error (default), warning, info, or never.
    #[arg(long, value_parser = ["error", "warning", "info", "never"])]
    pub fail_on: Option<String>,
    /// Use this configuration file instead of looking for cookielint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Lifetime profile: generic or cnil (overrides the configuration's).
    #[arg(long)]
    pub profile: Option<String>,
    /// Cookies actually observed: HAR, Website Evidence Collector inspection.json, OpenWPM database,
    /// Blacklight, Cookie-Editor/EditThisCookie, cookies.txt, JSON or CSV (detected); repeatable.
    #[arg(long, value_name = "FILE")]
    pub observed: Vec<std::path::PathBuf>,
    /// A vendor's IAB TCF device storage disclosure (deviceStorage.json) to compare the policy
    /// with; repeatable.
    #[arg(long, value_name = "FILE")]
    pub declared: Vec<std::path::PathBuf>,
    /// Another policy whose cookies this one must also declare.
    #[arg(long, value_name = "POLICY")]
    pub baseline: Option<std::path::PathBuf>,
    /// Run only these rules (comma-separated names or codes).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// The formats of lint's findings: the library's, whose names the command line takes.
pub use cookielint::render::findings::Format as FindingsFormat;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version of the policy (with --git: the policy's path in the repository).
    pub old: String,
    /// The new version.
    #[arg(required_unless_present = "git")]
    pub new: Option<String>,
    /// Print the cookie-level history of the policy OLD (a path inside this git repository)
    /// over every commit that changed it: when each cookie appeared, changed, disappeared.
    #[arg(long, value_name = "REPO", conflicts_with_all = ["new", "fail_on"])]
    pub git: Option<std::path::PathBuf>,
    /// Output format: full (text) or json.
    #[arg(long = "output-format", visible_alias = "format", short = 'f', value_enum, default_value_t = ReportFormat::Full)]
    pub output_format: ReportFormat,
    /// The same as `--output-format json` (kept for scripts written before `--output-format`).
    #[arg(long, hide = true)]
    pub json: bool,
    /// Exit 1 when there is a change of this kind.
    #[arg(long, value_enum)]
    pub fail_on: Option<DiffFailOn>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFailOn {
    Added,
    Removed,
    Changed,
    Any,
}

#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// Cookie names (or patterns such as `_ga_*`).
    #[arg(required = true, value_name = "NAME")]
    pub names: Vec<String>,
    /// Output format: full (text) or json.
    #[arg(long = "output-format", visible_alias = "format", short = 'f', value_enum, default_value_t = ReportFormat::Full)]
    pub output_format: ReportFormat,
    /// The same as `--output-format json` (kept for scripts written before `--output-format`).
    #[arg(long, hide = true)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Files, directories (walked recursively for .md, .markdown, .txt, .text, .htm, .html) or
    /// `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// The file name standard input (`-`) stands for: its ending tells the format, its folder
    /// where configuration is looked for, and findings name it.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<std::path::PathBuf>,
    /// Output format.
    #[arg(long = "output-format", visible_alias = "format", short = 'f', value_enum, default_value_t = OutputFormat::Json)]
    pub output_format: OutputFormat,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Do not print warnings about inputs (decoding fallbacks, empty files) on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One object per document, an array when there are several.
    Json,
    /// One document per line.
    #[value(alias = "jsonl")]
    JsonLines,
    /// One row per cookie, with the source path.
    Csv,
    /// The normalized tables as GFM tables.
    Markdown,
    /// An IAB TCF Device Storage Disclosure (deviceStorage.json) per document: an object for
    /// one document, one line per document (with its `source`) for several.
    TcfDeviceStorage,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract::run(&args),
        Command::Lookup(args) => lookup::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Rules(args) => rules::list(args.wants_json()),
        Command::Explain(args) => rules::explain(&args.name, args.wants_json()),
        Command::Diff(args) => diff::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Batch(args) => batch::run(&args),
        Command::Lsp => ExitCode::from(cookielint::lsp::run_stdio() as u8),
        Command::Report(args) => report::run(&args),
        Command::Schema => {
            let schema = cookielint::lint::config::json_schema();
            println!("{}", serde_json::to_string_pretty(&schema).unwrap_or_default());
            ExitCode::SUCCESS
        }
    }
}
