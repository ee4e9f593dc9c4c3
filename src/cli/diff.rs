//! `cookielint diff OLD NEW`: what changed, cookie by cookie, and a gate on it.
use super::inputs;
use super::{DiffArgs, DiffFailOn};
use cookielint::diff::{diff, PolicyDiff};
use std::process::ExitCode;

pub fn run(args: &DiffArgs) -> ExitCode {
    let options = args.limits.options();
    let read = |path: &str| -> Result<cookielint::model::Policy, ()> {
        let input = if path == "-" { inputs::Input::Stdin } else { inputs::Input::File(path.into()) };
        let bytes = inputs::read(&input, options.limits.max_file_size)
            .map_err(|p| eprintln!("{:?}", miette::Report::new(p)))?;
        cookielint::extract_bytes(path, &bytes, &options).map(|(_, p)| p).map_err(|e| eprintln!("{path}: {e}"))
    };
    let (Ok(old), Ok(new)) = (read(&args.old), read(&args.new)) else { return ExitCode::from(2) };
    let changes = diff(&old, &new);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&changes).unwrap_or_default());
    } else {
        print_text(&args.old, &args.new, &changes);
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
