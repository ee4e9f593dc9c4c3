//! `cookielint eval GOLD_DIR DOCS_DIR`: extraction measured against hand-made annotations.
use super::{EvalArgs, WantsJson};
use cookielint::eval::{score_document, Gold, Score};
use std::process::ExitCode;

pub fn run(args: &EvalArgs) -> ExitCode {
    let mut golds: Vec<std::path::PathBuf> = match std::fs::read_dir(&args.gold) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect(),
        Err(e) => {
            eprintln!("{}: {e}", args.gold.display());
            return ExitCode::from(2);
        }
    };
    golds.sort();
    let mut score = Score::default();
    for gold_path in &golds {
        let stem = gold_path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let gold: Gold = match std::fs::read_to_string(gold_path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(gold) => gold,
            Err(e) => {
                eprintln!("{}: {e}", gold_path.display());
                return ExitCode::from(2);
            }
        };
        let Some(doc) = ["txt", "md", "html", "htm"]
            .iter()
            .map(|ext| args.docs.join(format!("{stem}.{ext}")))
            .find(|p| p.is_file())
        else {
            eprintln!("{}: no document {stem}.* in {}", gold_path.display(), args.docs.display());
            return ExitCode::from(2);
        };
        let bytes = match std::fs::read(&doc) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{}: {e}", doc.display());
                return ExitCode::from(2);
            }
        };
        let name = doc.display().to_string();
        match cookielint::extract_bytes(&name, &bytes, &Default::default()) {
            Ok((_, policy)) => score_document(&mut score, &stem, &gold, &policy),
            Err(e) => {
                eprintln!("{name}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if args.wants_json() {
        println!("{}", serde_json::to_string_pretty(&score).unwrap_or_default());
    } else {
        print(&score, args.verbose);
    }
    let fields = [&score.provider, &score.category, &score.duration];
    let below = args.min_f1.is_some_and(|min| score.f1() < min)
        || args.min_field.is_some_and(|min| fields.iter().any(|f| f.accuracy().is_some_and(|a| a < min)));
    if below {
        eprintln!("below the thresholds");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print(score: &Score, verbose: bool) {
    for doc in &score.documents {
        let layout = doc.layout.as_deref().unwrap_or("");
        println!(
            "{} {:18} gold {:3} predicted {:3} matched {:3}",
            doc.document, layout, doc.gold, doc.predicted, doc.matched
        );
        if !doc.missed.is_empty() {
            println!("    missed:   {}", doc.missed.join(", "));
        }
        if !doc.spurious.is_empty() {
            println!("    spurious: {}", doc.spurious.join(", "));
        }
        if verbose {
            for wrong in &doc.wrong_fields {
                println!("    {wrong}");
            }
        }
    }
    let pct = |f: &cookielint::eval::FieldScore| {
        f.accuracy().map_or_else(|| "n/a".to_string(), |a| format!("{:.3} ({}/{})", a, f.correct, f.total))
    };
    println!();
    println!(
        "names: precision {:.3}  recall {:.3}  F1 {:.3}  ({} matched, {} predicted, {} gold)",
        score.precision(),
        score.recall(),
        score.f1(),
        score.true_positives,
        score.predicted,
        score.gold
    );
    println!(
        "provider {}  category {}  duration {}  purpose {}",
        pct(&score.provider),
        pct(&score.category),
        pct(&score.duration),
        pct(&score.purpose)
    );
    println!("language {}", pct(&score.language));
}
