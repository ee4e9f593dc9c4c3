//! The duration grammar on arbitrary text: never panics; a found expression lies inside the text
//! and bounds are ordered.
#![no_main]
use cookielint::normalize::duration::{find_duration, parse_duration, reads_as_duration, starts_with_duration};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let duration = parse_duration(text);
    if let (Some(min), Some(max)) = (duration.min_seconds, duration.max_seconds) {
        assert!(min <= max, "bounds {min} > {max} for {text:?}");
    }
    if let Some((range, _)) = find_duration(text) {
        assert!(range.end <= text.len() && text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
    }
    let _ = (reads_as_duration(text), starts_with_duration(text));
});
