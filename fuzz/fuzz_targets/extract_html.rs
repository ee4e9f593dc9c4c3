//! Extraction and lint from arbitrary bytes read as html: never panics, spans stay in the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok((source, policy)) = cookielint::extract_bytes("f.html", bytes, &Default::default()) else { return };
    for cookie in &policy.cookies {
        assert!(cookie.span.end <= source.text.len() && cookie.name_span.end <= source.text.len());
        assert!(source.text.is_char_boundary(cookie.span.start) && source.text.is_char_boundary(cookie.span.end));
    }
    let findings = cookielint::lint::lint_document(&source, &policy);
    for finding in &findings {
        assert!(finding.span.start <= finding.span.end && finding.span.end <= source.text.len());
    }
});
