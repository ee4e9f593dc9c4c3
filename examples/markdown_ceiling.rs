//! How fast can any extractor built on pulldown-cmark be? Parses every Markdown file of a folder
//! in memory on one thread with pulldown-cmark alone (the options and offsets cookielint uses),
//! then runs cookielint's extract and extract+lint in memory on the same texts, and serializes
//! the extractions alone, and prints MB/s of input for each (best of five passes). Used by `bench/batch.sh`:
//! `cargo run --release --example markdown_ceiling -- DIR`.
use pulldown_cmark::{Options, Parser};
use std::time::{Duration, Instant};

fn best_of_five(mut pass: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            pass();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let dir = std::env::args().nth(1).expect("a folder of Markdown files");
    let mut texts: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("readable folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            texts.push((path.display().to_string(), std::fs::read_to_string(&path).expect("UTF-8 text")));
        }
    }
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let rate = |time: Duration| bytes as f64 / 1e6 / time.as_secs_f64();
    let parse = best_of_five(|| {
        let mut events = 0usize;
        for (_, text) in &texts {
            events += Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
                .into_offset_iter()
                .count();
        }
        std::hint::black_box(events);
    });
    let sources: Vec<cookielint::source::Source> =
        texts.iter().map(|(name, text)| cookielint::source::Source::from_text(name, text.clone())).collect();
    let extract = best_of_five(|| {
        for source in &sources {
            std::hint::black_box(cookielint::extract(source, &Default::default()));
        }
    });
    let lint = best_of_five(|| {
        for source in &sources {
            let policy = cookielint::extract(source, &Default::default());
            std::hint::black_box(cookielint::lint::lint_document(source, &policy));
        }
    });
    // The output contract alone: serializing extractions already made, as `extract --format
    // jsonl` and `batch` write them (the JSON is about twice the size of the input).
    let policies: Vec<cookielint::model::Policy> =
        sources.iter().map(|source| cookielint::extract(source, &Default::default())).collect();
    let mut json = Vec::new();
    let mut json_bytes = 0;
    let serialize = best_of_five(|| {
        json_bytes = 0;
        for policy in &policies {
            json.clear();
            serde_json::to_writer(&mut json, policy).expect("serializable");
            json_bytes += json.len();
        }
        std::hint::black_box(&json);
    });
    println!("{} Markdown files, {bytes} bytes, in memory, one thread:", texts.len());
    println!("  pulldown-cmark alone (events with offsets): {:8.1} MB/s", rate(parse));
    println!("  cookielint extract:                         {:8.1} MB/s", rate(extract));
    println!("  cookielint extract+lint:                    {:8.1} MB/s", rate(lint));
    println!(
        "  JSON of the extractions alone:              {:8.1} MB/s of input ({json_bytes} bytes of JSON)",
        rate(serialize)
    );
}
