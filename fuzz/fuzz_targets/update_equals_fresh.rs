//! Incremental re-extraction (what the language server runs after each edit) equals a fresh
//! extraction. The input is a Markdown document, then edits separated by NUL bytes: each edit's
//! first two bytes say where (a fraction of the text) and how much to delete, the rest is
//! inserted.
#![no_main]
use cookielint::analysis::Analysis;
use cookielint::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let mut parts = bytes.split(|&b| b == 0);
    let Some(Ok(first)) = parts.next().map(std::str::from_utf8) else { return };
    let mut text = first.to_string();
    let options = Default::default();
    let mut analysis = Analysis::new(&Source::from_text("f.md", text.clone()), &options);
    for edit in parts.take(8) {
        let (Some(&at), Some(&delete)) = (edit.first(), edit.get(1)) else { continue };
        let Ok(inserted) = std::str::from_utf8(&edit[2..]) else { continue };
        let mut start = text.len() * at as usize / 255;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + delete as usize % 32).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        text.replace_range(start..end, inserted);
        let source = Source::from_text("f.md", text.clone());
        analysis = analysis.update(&source, &options);
        let fresh = Analysis::new(&source, &options);
        assert_eq!(format!("{:?}", analysis.policy), format!("{:?}", fresh.policy));
    }
});
