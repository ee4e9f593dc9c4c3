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
