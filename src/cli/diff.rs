//! `cookielint diff OLD NEW`: what changed, cookie by cookie, and a gate on it.
use super::inputs;
use super::{DiffArgs, DiffFailOn, WantsJson};
use cookielint::diff::{diff, PolicyDiff};
use std::process::ExitCode;

pub fn run(args: &DiffArgs) -> ExitCode {
    let options = args.limits.options();
    if let Some(repository) = &args.git {
        return history(repository, &args.old, &options, args.wants_json());
    }
    let Some(new_path) = args.new.as_deref() else { return ExitCode::from(2) };
    let read = |path: &str| -> Result<cookielint::model::Policy, ()> {
        let input = if path == "-" { inputs::Input::Stdin(None) } else { inputs::Input::File(path.into()) };
        let bytes = inputs::read(&input, options.limits.max_file_size)
            .map_err(|p| eprintln!("{:?}", miette::Report::new(p)))?;
        cookielint::extract_bytes(path, &bytes, &options).map(|(_, p)| p).map_err(|e| eprintln!("{path}: {e}"))
    };
    let (Ok(old), Ok(new)) = (read(&args.old), read(new_path)) else { return ExitCode::from(2) };
    let changes = diff(&old, &new);
    if args.wants_json() {
        println!("{}", serde_json::to_string_pretty(&changes).unwrap_or_default());
    } else {
        print_text(&args.old, new_path, &changes);
    }
    let fails = match args.fail_on {
        None => false,
        Some(DiffFailOn::Added) => !changes.added.is_empty(),
        Some(DiffFailOn::Removed) => !changes.removed.is_empty(),
        Some(DiffFailOn::Changed) => !changes.changed.is_empty(),
        Some(DiffFailOn::Any) => !changes.is_empty(),
    };
    if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_text(old: &str, new: &str, changes: &PolicyDiff) {
    println!("--- {old}\n+++ {new}");
    if changes.is_empty() {
        println!("no cookie-level changes");
        return;
    }
    for cookie in &changes.added {
        let category = cookie.category.unwrap_or("no category");
        let duration = cookie.duration.as_deref().unwrap_or("no duration");
        println!("+ {} ({category}, {duration})  line {}", cookie.name, cookie.line);
    }
    for cookie in &changes.removed {
        println!("- {}  was line {}", cookie.name, cookie.line);
    }
    for cookie in &changes.changed {
        println!("~ {}  line {} → {}", cookie.name, cookie.old_line, cookie.new_line);
        for change in &cookie.changes {
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
            println!("    {}: {} → {}", change.field, show(&change.old), show(&change.new));
        }
    }
    println!("{} added, {} removed, {} changed", changes.added.len(), changes.removed.len(), changes.changed.len());
}

fn history(repository: &std::path::Path, path: &str, options: &cookielint::Options, json: bool) -> ExitCode {
    let history = match cookielint::diff::history(repository, path, options) {
        Ok(history) => history,
        Err(error) => {
            eprintln!("{}: {error}", repository.display());
            return ExitCode::from(2);
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&history).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let (first, last) = (&history.steps[0], &history.steps[history.steps.len() - 1]);
    println!(
        "{path} in {}: {} version(s), {} → {}",
        repository.display(),
        history.steps.len(),
        &first.date[..10],
        &last.date[..10]
    );
    for step in &history.steps {
        let mut line = format!("{} {}", &step.date[..10], &step.commit[..12.min(step.commit.len())]);
        if let Some(error) = &step.error {
            line.push_str(&format!("  unreadable: {error}"));
        } else if step.deleted {
            line.push_str("  file removed");
        }
        let changes = &step.changes;
        line.push_str(&format!("  {} cookie(s)", step.cookies));
        for cookie in &changes.added {
            line.push_str(&format!("  + {}", cookie.name));
        }
        for cookie in &changes.removed {
            line.push_str(&format!("  - {}", cookie.name));
        }
        for cookie in &changes.changed {
            let fields: Vec<&str> = cookie.changes.iter().map(|c| c.field).collect();
            line.push_str(&format!("  ~ {} ({})", cookie.name, fields.join(", ")));
        }
        println!("{line}");
    }
    println!("\ncookie history:");
    let width = history.cookies.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
    for cookie in &history.cookies {
        let events: Vec<String> =
            cookie.events.iter().map(|(date, _, what)| format!("{what} {}", &date[..10])).collect();
        println!("  {:width$}  {}", cookie.name, events.join("; "));
    }
    ExitCode::SUCCESS
}
