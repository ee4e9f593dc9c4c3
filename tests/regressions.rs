//! Inputs that once broke an invariant (most found by fuzzing, fuzz/run.sh; a heading inside a
//! list item once made the outline loop); each must now extract and lint with every span inside
//! the text, on a character boundary.
use std::path::Path;

fn check(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    let Ok((source, policy)) = cookielint::extract_bytes(&name, &bytes, &Default::default()) else {
        return;
    };
    let text = &source.text;
    let inside = |start: usize, end: usize| {
        start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
    };
    for cookie in &policy.cookies {
        assert!(inside(cookie.span.start, cookie.span.end), "{name}: row span {:?}", cookie.span);
        assert!(inside(cookie.name_span.start, cookie.name_span.end), "{name}: name span {:?}", cookie.name_span);
    }
    for d in policy.diagnostics.iter().chain(&cookielint::lint::lint_document(&source, &policy)) {
        assert!(inside(d.span.start, d.span.end), "{name}: {} span {:?}", d.rule, d.span);
    }
}

#[test]
fn every_fuzzing_regression_holds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        check(&entry.unwrap().path());
        count += 1;
    }
    assert!(count > 0);
}
