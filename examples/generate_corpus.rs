//! Writes N synthetic policies (every layout, every language) with their truth, for benchmarks
//! and scale tests:
//!
//! ```text
//! cargo run --release --example generate_corpus -- COUNT DIR [--seed N] [--jsonl]
//! ```
//!
//! Files go to DIR (`0000042-fr-pipe.md`, …) with `DIR/.truth.jsonl`: one line per document
//! (file name, language, layout, cookies), hidden so that walking DIR does not read it as input. With `--jsonl`, the documents are written instead as
//! one JSON Lines file `DIR/policies.jsonl` of `{"id", "text"}` records (the batch input format).
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: generate_corpus COUNT DIR [--seed N] [--jsonl]";
    let (Some(count), Some(dir)) = (args.first().and_then(|c| c.parse::<u64>().ok()), args.get(1)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let seed = args.iter().position(|a| a == "--seed").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok());
    let jsonl = args.iter().any(|a| a == "--jsonl");
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir)?;
    let mut truth = BufWriter::new(std::fs::File::create(dir.join(".truth.jsonl"))?);
    let mut records =
        if jsonl { Some(BufWriter::new(std::fs::File::create(dir.join("policies.jsonl"))?)) } else { None };
    let mut bytes = 0usize;
    for index in 0..count {
        let policy = cookielint::synth::generate(seed.unwrap_or(1), index);
        bytes += policy.text.len();
        match &mut records {
            Some(out) => {
                serde_json::to_writer(&mut *out, &serde_json::json!({"id": policy.file_name, "text": policy.text}))?;
                out.write_all(b"\n")?;
            }
            None => std::fs::write(dir.join(&policy.file_name), &policy.text)?,
        }
        serde_json::to_writer(
            &mut truth,
            &serde_json::json!({
                "file": policy.file_name, "language": policy.language, "layout": policy.layout, "cookies": policy.truth,
            }),
        )?;
        truth.write_all(b"\n")?;
    }
    truth.flush()?;
    if let Some(out) = &mut records {
        out.flush()?;
    }
    eprintln!("{count} policies, {bytes} bytes, in {}", dir.display());
    Ok(())
}
