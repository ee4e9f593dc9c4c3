//! The name grammar on arbitrary cells: never panics; every name it gives is non-empty text.
#![no_main]
use cookielint::normalize::names::{looks_technical, split_names};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|cell: &str| {
    for item in split_names(cell) {
        assert!(!item.name.is_empty());
        let _ = looks_technical(&item.name);
    }
});
