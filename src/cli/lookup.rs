//! `cookielint lookup NAME...`: what the knowledge base knows of each name.
use super::{LookupArgs, WantsJson};
use cookielint::knowledge;
use std::process::ExitCode;

pub fn run(args: &LookupArgs) -> ExitCode {
    let base = knowledge::base();
    let mut found_all = true;
    let mut records = Vec::new();
    for name in &args.names {
        let found = base.lookup(name);
        found_all &= !found.is_empty();
        if args.wants_json() {
            records.push(serde_json::json!({
                "name": name,
                "generic": knowledge::is_generic_name(name),
                "known": found,
            }));
            continue;
        }
        if found.is_empty() {
            println!("{name}: not in the knowledge base");
            continue;
        }
        for known in found {
            let matched = if known.prefix { format!("prefix `{}`", known.name) } else { "exact name".to_string() };
            let category = known.category().map_or("none of ours (the database says functional)", |c| c.as_str());
            let retention = match (known.retention_seconds, known.session) {
                (Some(seconds), _) => format!("{} ({seconds} s)", known.retention),
                (None, true) => format!("{} (session)", known.retention),
                (None, false) => known.retention.clone(),
            };
            println!("{name}: {} — {matched}", known.platform);
            println!("  controller: {}", known.controller);
            println!("  category:   {category}");
            println!("  retention:  {retention}");
            if !known.domain.is_empty() || known.third_party {
                let party = if known.third_party { " (third party)" } else { "" };
                println!("  domain:     {}{party}", known.domain);
            }
        }
        if knowledge::is_generic_name(name) {
            println!("  note: `{name}` is a plain word that many applications use; a policy's cookie of that name is matched only when its provider agrees");
        }
    }
    if args.wants_json() {
        let text = serde_json::to_string_pretty(&records).unwrap_or_default();
        println!("{text}");
    }
    if found_all {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
