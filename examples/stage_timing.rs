//! Prints how long each pipeline stage takes on one document (for profiling by hand):
//! `cargo run --release --example stage_timing -- policy.md`.
use cookielint::{blocks, language, lexicon, tables};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a policy file");
    let bytes = std::fs::read(&path).expect("readable");
    let lexicons = lexicon::lexicons();
    let t = Instant::now();
    let source = cookielint::source::Source::from_bytes(&path, &bytes).expect("text");
    let decode = t.elapsed();
    let t = Instant::now();
    let blocks = blocks::segment(&source);
    let segment = t.elapsed();
    let t = Instant::now();
    let lang = language::identify(&source.text, lexicons);
    let identify = t.elapsed();
    let t = Instant::now();
    let raw = tables::recognize(&source.text, &blocks, &Default::default(), lexicons, lang.as_deref());
    let recognize = t.elapsed();
    let t = Instant::now();
    let policy = cookielint::extract(&source, &Default::default());
    let whole = t.elapsed();
    let t = Instant::now();
    let findings = cookielint::lint::lint_document(&source, &policy);
    let lint = t.elapsed();
    println!(
        "decode {decode:?}  segment {segment:?}  language {identify:?}  recognize {recognize:?} ({} raw tables)  extract total {whole:?}  lint {lint:?} ({} findings)",
        raw.len(),
        findings.len()
    );
}
