//! `cookielint lint`: findings in the terminal, as JSON, SARIF or GitHub annotations; the exit
//! status is the CI gate.
use super::inputs::{self, InputProblem};
use super::{FindingsFormat, LintArgs};
use cookielint::diagnostics::Severity;
use cookielint::lint::config::{self, Config, ConfigError};
use cookielint::lint::{self, suppress, Context};
use cookielint::model::Policy;
use cookielint::observed::{read_observed, ObservedCookie};
use cookielint::render::{findings, human};
use cookielint::source::Source;
use cookielint::Options;
use std::collections::HashMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(args: &LintArgs) -> ExitCode {
    match lint(args) {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

fn lint(args: &LintArgs) -> Result<ExitCode, miette::Report> {
    let options = args.limits.options();
    if args.unsafe_fixes && !args.fix && !args.diff {
        return Err(miette::miette!(
            help = "add --fix or --diff",
            "--unsafe-fixes only chooses which fixes --fix or --diff make"
        ));
    }
    if args.fix && args.paths.iter().any(|p| p == "-") && args.paths.len() > 1 {
        return Err(miette::miette!(
            help = "fix files and standard input in separate runs",
            "with --fix, standard input is read alone: its fixed text goes to standard output"
        ));
    }
    if args.statistics
        && !matches!(args.output_format, FindingsFormat::Full | FindingsFormat::Concise | FindingsFormat::Json)
    {
        let name = clap::ValueEnum::to_possible_value(&args.output_format).map(|v| v.get_name().to_string());
        return Err(miette::miette!("--statistics writes full, concise or json, not {}", name.unwrap_or_default()));
    }
    if let Some(profile) = &args.profile {
        if config::profile_limits(profile).is_none() {
            return Err(miette::miette!(help = "profiles: generic, cnil", "unknown profile `{profile}`"));
        }
    }
    for name in args.select.iter().chain(&args.ignore) {
        if lint::Rule::find(name).is_none() {
            let help = config::suggestion(name).unwrap_or_else(|| "`cookielint rules` lists them".into());
            return Err(miette::miette!(help = help, "unknown rule `{name}`"));
        }
    }
    let explicit = args.config.as_deref().map(Config::load).transpose().map_err(miette::Report::new)?;
    let observed = load_observed(&args.observed)?;
    let disclosed = load_disclosed(&args.declared)?;
    let baseline = match &args.baseline {
        Some(path) => Some(load_policy(path, &options).map_err(miette::Report::new)?.1),
        None => None,
    };

    let (inputs, problems) = inputs::expand(&args.paths, args.stdin_filename.as_deref());
    let mut failed_input = false;
    for problem in problems {
        failed_input |= problem.fatal;
        eprintln!("{:?}", miette::Report::new(problem));
    }
    if args.show_settings {
        show_settings(args, &inputs, explicit.as_ref())?;
        return Ok(if failed_input { ExitCode::from(2) } else { ExitCode::SUCCESS });
    }
    let mut documents: Vec<(Source, Policy, config::Resolved)> = Vec::new();
    // The file each document was read from (none for standard input), for --fix.
    let mut paths: Vec<Option<PathBuf>> = Vec::new();
    let mut stdin_bytes: Option<Vec<u8>> = None;
    let mut discovered: HashMap<PathBuf, Option<Config>> = HashMap::new();
    for input in &inputs {
        let (source, policy) = match read(input, &options) {
            Ok((source, policy, bytes)) => {
                // Standard input is given back whole by --fix, in its own bytes when it is not
                // rewritten.
                if matches!(input, inputs::Input::Stdin(_)) {
                    stdin_bytes = Some(bytes);
                }
                (source, policy)
            }
            Err(problem) => {
                failed_input = true;
                eprintln!("{:?}", miette::Report::new(problem));
                continue;
            }
        };
        let path = input.path();
        let config = match &explicit {
            Some(config) => Some(config.clone()),
            None => discover(path, &mut discovered)?,
        };
        let mut resolved = config.unwrap_or_default().resolve(path, args.profile.as_deref());
        if !args.select.is_empty() {
            resolved.enabled = args.select.iter().filter_map(|n| lint::Rule::find(n)).map(|r| r.name).collect();
        }
        for name in &args.ignore {
            if let Some(rule) = lint::Rule::find(name) {
                resolved.enabled.remove(rule.name);
            }
        }
        for name in suppress::unknown_rule_names(&source.text) {
            let help = config::suggestion(&name).unwrap_or_default();
            eprintln!("warning: {}: a suppression comment names an unknown rule `{name}` {help}", source.name);
        }
        paths.push(match input {
            inputs::Input::File(path) => Some(path.clone()),
            inputs::Input::Stdin(_) => None,
        });
        documents.push((source, policy, resolved));
    }
    let mut printed_stdin = false;
    let given = Given { observed: observed.as_deref(), disclosed: disclosed.as_deref(), baseline: baseline.as_ref() };
    let mut results = run_rules(&documents, &given);
    if args.fix || args.diff {
        let fixing = fix(args, &paths, &mut documents, &results, &given, &options, stdin_bytes.as_deref())
            .map_err(|e| miette::miette!("cannot write the fixes: {e}"))?;
        if args.diff {
            return Ok(if failed_input {
                ExitCode::from(2)
            } else if fixing.fixed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            });
        }
        results = run_rules(&documents, &given);
        fixing.summarize(args, &results);
        printed_stdin = fixing.printed;
    }

    let fail_on = args.fail_on.as_deref().and_then(Severity::parse);
    let mut failing = false;
    for ((_, _, config), diagnostics) in documents.iter().zip(&results) {
        let threshold = fail_on.or(config.fail_on).unwrap_or(Severity::Error);
        failing |= args.fail_on.as_deref() != Some("never") && diagnostics.iter().any(|d| d.severity >= threshold);
    }
    let reports: Vec<findings::Report> = documents
        .iter()
        .zip(&results)
        .map(|((source, _, _), diagnostics)| findings::Report { source, diagnostics })
        .collect();
    // Standard input's fixed text went to standard output: the findings left go to standard error.
    write(args, &reports, printed_stdin).map_err(|e| miette::miette!("cannot write the output: {e}"))?;
    Ok(if failed_input {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write(args: &LintArgs, reports: &[findings::Report], to_stderr: bool) -> io::Result<()> {
    let terminal = if to_stderr { io::stderr().is_terminal() } else { io::stdout().is_terminal() };
    let color = terminal && std::env::var_os("NO_COLOR").is_none();
    let target: Box<dyn Write> = if to_stderr { Box::new(io::stderr().lock()) } else { Box::new(io::stdout().lock()) };
    let mut out = BufWriter::new(target);
    let result = if args.statistics {
        write_statistics(&mut out, args.output_format, reports)
    } else {
        findings::emitter(args.output_format, color).emit(&mut out, reports)
    };
    match result.and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// `--statistics`: a line per rule (`  12 CL001 missing-duration`), or JSON.
fn write_statistics(out: &mut dyn Write, format: FindingsFormat, reports: &[findings::Report]) -> io::Result<()> {
    let counts = findings::statistics(reports);
    if matches!(format, FindingsFormat::Json) {
        serde_json::to_writer_pretty(&mut *out, &counts)?;
        return writeln!(out);
    }
    let width = counts.iter().map(|c| c.count.to_string().len()).max().unwrap_or(1);
    for count in &counts {
        writeln!(out, "{:>width$} {} {}", count.count, count.code.unwrap_or("-"), count.rule)?;
    }
    Ok(())
}

/// What every document is linted against besides itself.
struct Given<'a> {
    observed: Option<&'a [ObservedCookie]>,
    disclosed: Option<&'a [cookielint::tcf::Disclosure]>,
    baseline: Option<&'a Policy>,
}

fn run_rules(
    documents: &[(Source, Policy, config::Resolved)],
    given: &Given,
) -> Vec<Vec<cookielint::diagnostics::Diagnostic>> {
    let contexts: Vec<Context> = documents
        .iter()
        .map(|(source, policy, config)| {
            let mut context = Context::new(source, policy, config);
            context.observed = given.observed;
            context.disclosed = given.disclosed;
            context.baseline = given.baseline;
            context
        })
        .collect();
    lint::lint(&contexts)
}

/// What `--fix` or `--diff` did.
struct Fixing {
    /// Findings fixed (or, with --diff, that would be).
    fixed: usize,
    files: usize,
    /// Findings an unsafe fix would fix, when unsafe fixes were not allowed.
    unsafe_left: usize,
    /// The fixed text of standard input was printed: nothing else is.
    printed: bool,
}

impl Fixing {
    fn summarize(&self, args: &LintArgs, results: &[Vec<cookielint::diagnostics::Diagnostic>]) {
        let remaining: usize = results.iter().map(Vec::len).sum();
        let mut line = format!("Fixed {} finding(s) in {} file(s); {remaining} remaining.", self.fixed, self.files);
        if self.unsafe_left > 0 && !args.unsafe_fixes {
            line.push_str(&format!(" {} more with --unsafe-fixes.", self.unsafe_left));
        }
        eprintln!("{line}");
    }
}

/// Applies the fixes of every document (or prints them as a diff): files are rewritten in
/// place, standard input's fixed text is printed. Fixed documents are read again, so that the
/// findings reported are those left.
fn fix(
    args: &LintArgs,
    paths: &[Option<PathBuf>],
    documents: &mut [(Source, Policy, config::Resolved)],
    results: &[Vec<cookielint::diagnostics::Diagnostic>],
    given: &Given,
    options: &Options,
    stdin_bytes: Option<&[u8]>,
) -> io::Result<Fixing> {
    use cookielint::fix::{self, Applicability};
    use cookielint::model::TextEncoding;
    let allowed = if args.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let mut fixing = Fixing { fixed: 0, files: 0, unsafe_left: 0, printed: false };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (((source, policy, _), diagnostics), path) in documents.iter_mut().zip(results).zip(paths) {
        let document = fix::Document { source, policy, observed: given.observed };
        let (edits, fixed) = document.fix_all(diagnostics, allowed);
        if allowed == Applicability::Safe {
            fixing.unsafe_left += document.fix_all(diagnostics, Applicability::Unsafe).1.len() - fixed.len();
        }
        // Written back, the text must be the bytes it was read from, fixes aside.
        let bom = match source.encoding {
            TextEncoding::Utf8 => Some(""),
            TextEncoding::Utf8Bom => Some("\u{FEFF}"),
            _ => None,
        };
        if bom.is_none() && !edits.is_empty() {
            eprintln!("warning: {}: not fixed: only UTF-8 files are rewritten", source.name);
        }
        let Some(bom) = bom.filter(|_| !edits.is_empty()) else {
            // Standard input comes back whole, in its own bytes, fixed or not.
            if path.is_none() && !args.diff {
                out.write_all(stdin_bytes.unwrap_or(source.text.as_bytes()))?;
                fixing.printed = true;
            }
            continue;
        };
        let fixed_text = fix::apply(&source.text, &edits);
        fixing.fixed += fixed.len();
        fixing.files += 1;
        if args.diff {
            let diff = similar::TextDiff::from_lines(&source.text, &fixed_text);
            let name = &source.name;
            write!(
                out,
                "{}",
                diff.unified_diff().context_radius(3).header(&format!("a/{name}"), &format!("b/{name}"))
            )?;
            continue;
        }
        match path {
            Some(path) => {
                // Through a symbolic link, the file it points to is rewritten (the link stays).
                let path = &std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
                let mut file = tempfile::NamedTempFile::new_in(dir)?;
                file.write_all(bom.as_bytes())?;
                file.write_all(fixed_text.as_bytes())?;
                if let Ok(metadata) = std::fs::metadata(path) {
                    let _ = file.as_file().set_permissions(metadata.permissions());
                }
                file.persist(path).map_err(|e| e.error)?;
            }
            None => {
                out.write_all(bom.as_bytes())?;
                out.write_all(fixed_text.as_bytes())?;
                fixing.printed = true;
            }
        }
        let (new_source, new_policy) = cookielint::extract_bytes(&source.name, fixed_text.as_bytes(), options)
            .map_err(|e| io::Error::other(e.to_string()))?;
        *source = new_source;
        *policy = new_policy;
    }
    out.flush()?;
    Ok(fixing)
}

/// `--show-settings`: for each input, the settings in force and where each came from; nothing
/// is linted.
fn show_settings(args: &LintArgs, inputs: &[inputs::Input], explicit: Option<&Config>) -> Result<(), miette::Report> {
    let mut discovered: HashMap<PathBuf, Option<Config>> = HashMap::new();
    let mut all = Vec::new();
    for input in inputs {
        let path = input.path();
        let config = match explicit {
            Some(config) => config.clone(),
            None => discover(path, &mut discovered)?.unwrap_or_default(),
        };
        let mut settings = config.settings(path, args.profile.as_deref());
        // The flags win over the file: --select replaces its selection, --ignore adds to its
        // ignores, --fail-on replaces its threshold.
        let flagged = |setting: &mut config::Setting, value: serde_json::Value, flag: &str| {
            setting.value = value;
            setting.source = flag.to_string();
        };
        for setting in &mut settings {
            match setting.key.as_str() {
                "config" if explicit.is_some() => setting.source = "--config".into(),
                "select" if !args.select.is_empty() => flagged(setting, serde_json::json!(args.select), "--select"),
                "ignore" if !args.ignore.is_empty() => {
                    let mut names: Vec<String> = serde_json::from_value(setting.value.clone()).unwrap_or_default();
                    names.extend(args.ignore.iter().cloned());
                    let source = if setting.source == "default" {
                        "--ignore".to_string()
                    } else {
                        format!("{}, --ignore", setting.source)
                    };
                    flagged(setting, serde_json::json!(names), &source);
                }
                "rules" if !args.select.is_empty() || !args.ignore.is_empty() => {
                    let mut enabled: Vec<&str> = match args.select.is_empty() {
                        true => serde_json::from_value::<Vec<String>>(setting.value.clone())
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|n| lint::Rule::find(n))
                            .map(|r| r.name)
                            .collect(),
                        false => args.select.iter().filter_map(|n| lint::Rule::find(n)).map(|r| r.name).collect(),
                    };
                    let ignored: Vec<&str> =
                        args.ignore.iter().filter_map(|n| lint::Rule::find(n)).map(|r| r.name).collect();
                    enabled.retain(|name| !ignored.contains(name));
                    enabled.sort_unstable();
                    enabled.dedup();
                    let source = format!("{}, --select and --ignore", setting.source);
                    flagged(setting, serde_json::json!(enabled), &source);
                }
                "fail-on" if args.fail_on.is_some() => flagged(setting, serde_json::json!(args.fail_on), "--fail-on"),
                _ => {}
            }
        }
        all.push((input.name(), settings));
    }
    write_settings(args.output_format, &all).map_err(|e| miette::miette!("cannot write the output: {e}"))
}

fn write_settings(format: FindingsFormat, all: &[(String, Vec<config::Setting>)]) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if matches!(format, FindingsFormat::Json) {
        let value: Vec<serde_json::Value> =
            all.iter().map(|(name, settings)| serde_json::json!({"source": name, "settings": settings})).collect();
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        for (name, settings) in all {
            writeln!(out, "Settings for {name}:")?;
            let width = settings.iter().map(|s| s.key.len()).max().unwrap_or(0);
            for setting in settings {
                writeln!(out, "  {:width$}  {}  ({})", setting.key, setting.value, setting.source)?;
            }
        }
    }
    out.flush()
}

fn read(input: &inputs::Input, options: &Options) -> Result<(Source, Policy, Vec<u8>), InputProblem> {
    let name = input.name();
    let bytes = inputs::read(input, options.limits.max_file_size)?;
    let (source, policy) =
        cookielint::extract_bytes(&name, &bytes, options).map_err(|e| InputProblem::error(&name, e.to_string()))?;
    // A limit cut the document: its findings are partial, which the reader must know.
    let notes: Vec<_> = policy.diagnostics.iter().filter(|d| d.rule == "limit-exceeded").collect();
    if !notes.is_empty() {
        let snippets = human::Snippets::new(&source);
        for note in notes {
            eprintln!("{:?}", human::report(note, &source, &snippets));
        }
    }
    Ok((source, policy, bytes))
}

fn load_policy(path: &Path, options: &Options) -> Result<(Source, Policy), InputProblem> {
    read(&inputs::Input::File(path.to_path_buf()), options).map(|(source, policy, _)| (source, policy))
}

fn discover(
    path: Option<&Path>,
    cache: &mut HashMap<PathBuf, Option<Config>>,
) -> Result<Option<Config>, miette::Report> {
    let dir = match path.and_then(Path::parent) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Some(found) = cache.get(&dir) {
        return Ok(found.clone());
    }
    let found = match config::discover(&dir) {
        Some(file) => Some(Config::load(&file).map_err(|e: ConfigError| miette::Report::new(e))?),
        None => None,
    };
    cache.insert(dir, found.clone());
    Ok(found)
}

fn load_observed(paths: &[PathBuf]) -> Result<Option<Vec<ObservedCookie>>, miette::Report> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut all = Vec::new();
    for path in paths {
        let (_, cookies) = read_observed(path).map_err(|e| miette::miette!("{}: {e}", path.display()))?;
        all.extend(cookies);
    }
    Ok(Some(all))
}

/// The disclosures of every `--declared` deviceStorage.json, together.
fn load_disclosed(paths: &[PathBuf]) -> Result<Option<Vec<cookielint::tcf::Disclosure>>, miette::Report> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut all = Vec::new();
    for path in paths {
        let text =
            std::fs::read_to_string(path).map_err(|e| miette::miette!("{}: cannot read: {e}", path.display()))?;
        let storage = cookielint::tcf::parse(&text).map_err(|e| miette::miette!("{}: {e}", path.display()))?;
        all.extend(storage.disclosures);
    }
    Ok(Some(all))
}
