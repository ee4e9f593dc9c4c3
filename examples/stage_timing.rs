//! Prints how long each pipeline stage takes on one document (for profiling by hand):
//! `cargo run --release --example stage_timing -- policy.md [RUNS]`. Each stage runs RUNS times
//! (default 20) and the median is printed, so that first-use costs (lazy tables, page faults)
//! do not hide the steady state an editor sees.
use cookielint::{blocks, interpret, language, lexicon, normalize, tables};
use std::time::{Duration, Instant};

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let path = std::env::args().nth(1).expect("a policy file");
    let runs: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(20);
    let bytes = std::fs::read(&path).expect("readable");
    let lexicons = lexicon::lexicons();
    let limits = Default::default();
    let source = cookielint::source::Source::from_bytes(&path, &bytes).expect("text");
    let blocks = blocks::segment(&source);
    let lang = language::identify(&source.text, lexicons);
    let raw = tables::recognize(&source.text, &blocks, &limits, lexicons, lang.as_deref());
    let policy = cookielint::extract(&source, &Default::default());
    let findings = cookielint::lint::lint_document(&source, &policy);
    let text = source.text.clone();
    let decode = median(|| drop(cookielint::source::Source::from_text(&path, text.clone())), runs);
    let segment = median(|| drop(blocks::segment(&source)), runs);
    let identify = median(|| drop(language::identify(&source.text, lexicons)), runs);
    let recognize = median(|| drop(tables::recognize(&source.text, &blocks, &limits, lexicons, lang.as_deref())), runs);
    let interpretation = median(
        || {
            let raw = raw.clone();
            drop(interpret::interpret(&source, &blocks, raw, lang.as_deref(), lexicons, &limits))
        },
        runs,
    );
    let interpreted = interpret::interpret(&source, &blocks, raw.clone(), lang.as_deref(), lexicons, &limits);
    let normalization =
        median(|| drop(normalize::entries(&source, &interpreted.tables, lexicons, policy.site.as_deref())), runs);
    let whole = median(|| drop(cookielint::extract(&source, &Default::default())), runs);
    let lint = median(|| drop(cookielint::lint::lint_document(&source, &policy)), runs);
    println!(
        "medians of {runs}: decode {decode:?}  segment {segment:?}  language {identify:?}  recognize {recognize:?} ({} raw tables)  interpret {interpretation:?}  normalize {normalization:?}  extract total {whole:?}  lint {lint:?} ({} findings)",
        raw.len(),
        findings.len()
    );
}
