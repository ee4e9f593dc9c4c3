//! cookielint.toml parsing on arbitrary text: an error or a configuration, never a panic; a
//! parsed configuration resolves for any file.
#![no_main]
use cookielint::lint::config::Config;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    if let Ok(config) = Config::parse(text, Path::new("/policies/cookielint.toml")) {
        let _ = config.resolve(Some(Path::new("/policies/en/cookies.md")), Some("cnil"));
    }
});
