//! Property tests: what normalization promises for any input, not just the examples.
use cookielint::lexicon::lexicons;
use cookielint::normalize::duration::{parse_duration, render_seconds, unit_seconds};
use cookielint::normalize::names::split_names;
use proptest::prelude::*;

const UNITS: [cookielint::lexicon::Unit; 7] = {
    use cookielint::lexicon::Unit::*;
    [Second, Minute, Hour, Day, Week, Month, Year]
};

proptest! {
    /// A duration written out in words, in any supported language, parses back to the same
    /// number of seconds.
    #[test]
    fn durations_round_trip_in_every_language(count in 1u64..400, unit in 0usize..7, language in 0usize..7) {
        let languages: Vec<&str> = lexicons().languages.iter().map(|l| l.code.as_str()).collect();
        let language = languages[language % languages.len()];
        let seconds = (count as f64 * unit_seconds(UNITS[unit])).round() as u64;
        let text = render_seconds(seconds, language).expect("renders");
        prop_assert_eq!(parse_duration(&text).seconds, Some(seconds), "{} in {}", text, language);
    }

    /// Splitting a list of technical names never loses one of them, whatever the separators.
    #[test]
    fn splitting_never_loses_a_name(
        names in prop::collection::vec("[a-zA-Z][a-zA-Z0-9]{0,6}_[a-zA-Z0-9_]{0,8}", 1..6),
        separators in prop::collection::vec(prop::sample::select(vec![", ", "; ", " / ", " and ", " et ", ",", " | ", "\n", " und ", " y "]), 5),
    ) {
        let mut cell = String::new();
        for (index, name) in names.iter().enumerate() {
            if index > 0 {
                cell.push_str(separators[index % separators.len()]);
            }
            cell.push_str(name);
        }
        let split: Vec<String> = split_names(&cell).into_iter().map(|n| n.name).collect();
        for name in &names {
            prop_assert!(split.contains(name), "{:?} lost from {:?}: {:?}", name, cell, split);
        }
    }

    /// Arbitrary bytes never panic the extractor.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = cookielint::extract_bytes("fuzz.txt", &bytes, &Default::default());
    }

    /// Table-shaped text with random cells never panics, and every span stays in bounds.
    #[test]
    fn table_shaped_text_keeps_spans_in_bounds(
        cells in prop::collection::vec("[ -~éà€\t|*_#<>\\[\\]]{0,24}", 1..40),
        width in 1usize..6,
        markdown in any::<bool>(),
    ) {
        let mut text = String::from("## Necessary cookies\n\nName\tProvider\tDuration\tPurpose\n");
        if markdown {
            text = String::from("## Necessary cookies\n\n| Name | Provider | Duration |\n|---|---|---|\n");
        }
        for row in cells.chunks(width) {
            if markdown {
                text.push_str(&format!("| {} |\n", row.join(" | ")));
            } else {
                text.push_str(&row.join("\t"));
                text.push('\n');
            }
        }
        let policy = cookielint::extract_text("t.md", text.clone(), &Default::default());
        for cookie in &policy.cookies {
            prop_assert!(cookie.span.end <= text.len() && cookie.name_span.end <= text.len());
            prop_assert!(text.is_char_boundary(cookie.name_span.start) && text.is_char_boundary(cookie.name_span.end));
        }
    }
}

/// A normalized table as the extractor would give it: (name, provider, purpose, duration words).
fn normalized_rows() -> impl Strategy<Value = Vec<(String, String, String, String)>> {
    let name = "[a-z][a-z0-9]{1,6}_[a-z0-9]{2,8}";
    let provider = "[A-Z][a-z]{2,9}";
    let purpose = "[A-Z][a-z]{2,8}( [a-z]{2,8}){1,5}";
    let duration = (1u64..30, 0usize..3).prop_map(|(n, unit)| {
        let units = [("day", "days"), ("month", "months"), ("year", "years")];
        let (one, many) = units[unit];
        format!("{n} {}", if n == 1 { one } else { many })
    });
    prop::collection::vec((name, provider, purpose, duration), 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Rendering the extracted table as Markdown and extracting that again gives the same
    /// entries (name, provider, purpose, category, duration seconds).
    #[test]
    fn markdown_rendering_extracts_to_the_same_entries(rows in normalized_rows(), tabs in any::<bool>()) {
        let mut text = String::from("## Analytics cookies\n\n");
        if tabs {
            text.push_str("Name\tProvider\tPurpose\tDuration\n");
            for (n, p, u, d) in &rows {
                text.push_str(&format!("{n}\t{p}\t{u}\t{d}\n"));
            }
        } else {
            text.push_str("| Name | Provider | Purpose | Duration |\n|---|---|---|---|\n");
            for (n, p, u, d) in &rows {
                text.push_str(&format!("| {n} | {p} | {u} | {d} |\n"));
            }
        }
        let first = cookielint::extract_text("p.md", text, &Default::default());
        let mut rendered = Vec::new();
        cookielint::render::write_markdown(&mut rendered, &first).unwrap();
        let second = cookielint::extract_text("p.md", String::from_utf8(rendered).unwrap(), &Default::default());
        let key = |p: &cookielint::model::Policy| -> Vec<_> {
            p.cookies
                .iter()
                .map(|c| (c.name.clone(), c.provider.clone(), c.purpose.clone(), c.category, c.duration.as_ref().and_then(|d| d.seconds)))
                .collect()
        };
        prop_assert_eq!(first.cookies.len(), rows.len());
        prop_assert_eq!(key(&first), key(&second));
    }

    /// Random edits (deletions, insertions of table-ish characters) to corpus documents never
    /// panic the extractor or the linter, and keep spans in bounds.
    #[test]
    fn random_edits_never_panic(
        document in 0usize..1000,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40, "[|\t\n -~é€#*>-]{0,12}"), 1..12),
    ) {
        let docs = corpus_texts();
        let mut text = docs[document % docs.len()].clone();
        for (at, delete, insert) in &edits {
            let start = cookielint::text::floor_char_boundary(&text, at.index(text.len() + 1));
            let end = cookielint::text::floor_char_boundary(&text, (start + delete).min(text.len())).max(start);
            text.replace_range(start..end, insert);
        }
        let source = cookielint::source::Source::from_text("edited.md", text.clone());
        let policy = cookielint::extract(&source, &Default::default());
        for d in cookielint::lint::lint_document(&source, &policy) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        }
    }
}

fn corpus_texts() -> &'static Vec<String> {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        texts.sort();
        texts
    })
}

fn frame(message: serde_json::Value) -> Vec<u8> {
    let body = message.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body.as_bytes());
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A session of random incremental edits (ranges anywhere, even past the end or inside a
    /// character) never brings the language server down: it answers the final request and exits 0.
    #[test]
    fn random_lsp_edits_never_panic(
        document in 0usize..1000,
        edits in prop::collection::vec((0u32..40, 0u32..80, 0u32..40, 0u32..80, "[|\t\n a-zé€😀-]{0,10}"), 1..10),
    ) {
        use serde_json::json;
        let docs = corpus_texts();
        let uri = "file:///p/policy.md";
        let mut stream = frame(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"capabilities": {}, "initializationOptions": {"debounceMs": 0}}}));
        stream.extend(frame(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": docs[document % docs.len()]}}})));
        for (version, (l1, c1, l2, c2, text)) in edits.iter().enumerate() {
            stream.extend(frame(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version + 2},
                "contentChanges": [{"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": text}]}})));
            stream.extend(frame(json!({"jsonrpc": "2.0", "id": 100 + version, "method": "textDocument/hover",
                "params": {"textDocument": {"uri": uri}, "position": {"line": l2, "character": c2}}})));
        }
        stream.extend(frame(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})));
        stream.extend(frame(json!({"jsonrpc": "2.0", "method": "exit"})));
        let mut output = Vec::new();
        let code = cookielint::lsp::run(std::io::Cursor::new(stream), &mut output);
        prop_assert_eq!(code, 0);
        let output = String::from_utf8_lossy(&output);
        prop_assert!(output.contains("\"id\":2"), "no answer to shutdown");
    }
}
