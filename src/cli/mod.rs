//! The command line: `cookielint extract …`. Machine output goes to stdout, messages to stderr.
//! Exit status: 0 when every input was read, 2 when an input could not be read or on a usage
//! error.
mod extract;
mod inputs;
mod lookup;

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
    /// Show what the built-in knowledge base knows of cookie names (exit 1 if one is unknown).
    Lookup(LookupArgs),
}

#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// Cookie names (or patterns such as `_ga_*`).
    #[arg(required = true, value_name = "NAME")]
    pub names: Vec<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Files, directories (walked recursively for .md, .markdown, .txt, .text, .htm, .html) or
    /// `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = cookielint::Limits::default().max_file_size)]
    pub max_file_size: u64,
    /// Do not print warnings about inputs (decoding fallbacks, empty files) on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One object per document, an array when there are several.
    Json,
    /// One document per line.
    Jsonl,
    /// One row per cookie, with the source path.
    Csv,
    /// The normalized tables as GFM tables.
    Markdown,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract::run(&args),
        Command::Lookup(args) => lookup::run(&args),
    }
}
