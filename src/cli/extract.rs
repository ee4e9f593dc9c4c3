//! `cookielint extract`: every input → its extraction, in the chosen format.
use super::inputs::{self, InputProblem};
use super::{ExtractArgs, OutputFormat};
use cookielint::model::Policy;
use cookielint::render;
use cookielint::source::DecodeError;
use cookielint::Options;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// Extraction notes worth telling the person at the terminal: they are about reading the
/// input. Findings about the policy itself are the lint command's job.
const INPUT_NOTES: [&str; 3] = ["decoding", "empty-document", "limit-exceeded"];

pub fn run(args: &ExtractArgs) -> ExitCode {
    let options = args.limits.options();
    let (inputs, problems) = inputs::expand(&args.paths, args.stdin_filename.as_deref());
    let mut failed = false;
    for problem in problems {
        failed |= problem.fatal;
        eprintln!("{:?}", miette::Report::new(problem));
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut collected: Vec<Policy> = Vec::new();
    for input in &inputs {
        let policy = match extract_one(input, &options, args.quiet) {
            Ok(policy) => policy,
            Err(problem) => {
                failed = true;
                eprintln!("{:?}", miette::Report::new(problem));
                continue;
            }
        };
        let written = match args.output_format {
            OutputFormat::JsonLines => render::write_jsonl(&mut out, &policy),
            OutputFormat::Markdown => {
                let separator = if collected.is_empty() { Ok(()) } else { writeln!(out) };
                collected.push(Policy {
                    tables: Vec::new(),
                    cookies: Vec::new(),
                    blocks: Vec::new(),
                    ..policy.clone()
                });
                separator.and_then(|_| render::write_markdown(&mut out, &policy))
            }
            OutputFormat::Json | OutputFormat::Csv | OutputFormat::TcfDeviceStorage => {
                collected.push(policy);
                Ok(())
            }
        };
        if let Err(error) = written {
            return output_failed(&error);
        }
    }
    let written = match args.output_format {
        OutputFormat::Json => render::write_json(&mut out, &collected),
        OutputFormat::Csv => render::write_csv(&mut out, &collected),
        OutputFormat::TcfDeviceStorage => write_device_storage(&mut out, &collected),
        _ => Ok(()),
    };
    if let Err(error) = written.and_then(|_| out.flush()) {
        return output_failed(&error);
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn extract_one(input: &inputs::Input, options: &Options, quiet: bool) -> Result<Policy, InputProblem> {
    let name = input.name();
    let bytes = inputs::read(input, options.limits.max_file_size)?;
    match cookielint::extract_bytes(&name, &bytes, options) {
        Ok((source, policy)) => {
            if !quiet {
                let notes: Vec<_> =
                    policy.diagnostics.iter().filter(|d| INPUT_NOTES.contains(&d.rule.as_str())).collect();
                if !notes.is_empty() {
                    let snippets = render::human::Snippets::new(&source);
                    for note in notes {
                        eprintln!("{:?}", render::human::report(note, &source, &snippets));
                    }
                }
            }
            Ok(policy)
        }
        Err(error @ DecodeError::Binary { .. }) => Err(InputProblem {
            help: Some("cookielint reads text: Markdown, plain text or text extracted from a PDF".to_string()),
            ..InputProblem::error(&name, error.to_string())
        }),
        Err(error) => Err(InputProblem::error(&name, error.to_string())),
    }
}

/// A closed pipe (`| head`) ends the run quietly; other write errors are reported.
fn output_failed(error: &io::Error) -> ExitCode {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("cookielint: cannot write the output: {error}");
    ExitCode::from(2)
}

fn write_device_storage(out: &mut impl Write, policies: &[Policy]) -> io::Result<()> {
    if let [policy] = policies {
        serde_json::to_writer_pretty(&mut *out, &cookielint::tcf::from_policy(policy))?;
        return writeln!(out);
    }
    for policy in policies {
        let mut value = serde_json::to_value(cookielint::tcf::from_policy(policy))?;
        value["source"] = serde_json::Value::String(policy.source.clone());
        serde_json::to_writer(&mut *out, &value)?;
        writeln!(out)?;
    }
    Ok(())
}
