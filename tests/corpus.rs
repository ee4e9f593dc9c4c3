//! The team's own corpus: each document's extraction holds every field of its
//! `<name>.expected.json`, the full output is pinned by an insta snapshot, and the Markdown
//! rendering of the tables extracts back to the same entries.
mod common;

use cookielint::model::Policy;
use std::path::Path;

fn extract(path: &Path) -> Policy {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    cookielint::extract_bytes(&name, &bytes, &Default::default()).unwrap().1
}

#[test]
fn corpus_matches_expected() {
    let docs = common::corpus_documents();
    assert!(docs.len() >= 12, "the corpus should hold at least 12 documents, has {}", docs.len());
    let mut differences = Vec::new();
    for doc in &docs {
        let expected_path = common::expected_path(doc);
        assert!(expected_path.is_file(), "{} has no expected output", doc.display());
        let expected = common::read_json(&expected_path);
        let actual = serde_json::to_value(extract(doc)).unwrap();
        common::subset_differences(&expected, &actual, &doc.file_name().unwrap().to_string_lossy(), &mut differences);
    }
    assert!(differences.is_empty(), "differences:\n{}", differences.join("\n"));
}

/// Every span points at what it describes: the name span at the name as written, the row span
/// at a range that contains it, lines 1-based and consistent with the offsets.
#[test]
fn spans_point_at_the_source() {
    for doc in common::corpus_documents() {
        let bytes = std::fs::read(&doc).unwrap();
        let (source, policy) = cookielint::extract_bytes("doc", &bytes, &Default::default()).unwrap();
        for cookie in &policy.cookies {
            let written = &source.text[cookie.name_span.range()];
            if !cookie.pattern || written == cookie.name {
                assert_eq!(written, cookie.name, "{}", doc.display());
            }
            assert!(cookie.span.start <= cookie.name_span.start && cookie.name_span.end <= cookie.span.end);
            let line = source.text[..cookie.name_span.start].matches('\n').count() + 1;
            assert_eq!(cookie.name_span.line, line, "{}: {}", doc.display(), cookie.name);
        }
        for table in &policy.tables {
            assert!(table.span.start < table.span.end && table.span.end <= source.text.len());
        }
    }
}

#[test]
fn corpus_snapshots() {
    insta::glob!("../corpus", "*.{md,txt,html}", |path| {
        insta::assert_json_snapshot!(extract(path));
    });
    insta::glob!("../corpus", "pdf/*.txt", |path| {
        insta::assert_json_snapshot!(extract(path));
    });
}

/// PDF mess in, tidy table out: the Markdown rendering extracts to the same entries.
#[test]
fn markdown_rendering_round_trips() {
    for doc in common::corpus_documents() {
        let policy = extract(&doc);
        let mut rendered = Vec::new();
        cookielint::render::write_markdown(&mut rendered, &policy).unwrap();
        let rendered = String::from_utf8(rendered).unwrap();
        let again = cookielint::extract_text("rendered.md", rendered.clone(), &Default::default());
        let key = |p: &Policy| -> Vec<String> {
            p.cookies
                .iter()
                .map(|c| {
                    format!(
                        "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                        c.name,
                        c.provider,
                        c.purpose,
                        c.function,
                        c.category,
                        c.duration.as_ref().map(|d| (&d.text, d.seconds)),
                        c.pattern_glob
                    )
                })
                .collect()
        };
        assert_eq!(key(&policy), key(&again), "{} rendered as:\n{rendered}", doc.display());
    }
}
