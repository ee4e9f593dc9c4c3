//! The five seed policies (../shared/seeds) extracted through the CLI exactly as a user runs it:
//! `cookielint extract --format jsonl *.txt`, compared with seeds/expected on every field given.
mod common;

use std::process::Command;

#[test]
fn seeds_match_expected() {
    let Some(seeds) = common::shared_dir("seeds") else { return };
    let mut names: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "five seeds expected in {}", seeds.display());
    let output = Command::new(env!("CARGO_BIN_EXE_cookielint"))
        .current_dir(&seeds)
        .args(["extract", "--format", "jsonl"])
        .args(&names)
        .output()
        .unwrap();
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), names.len());
    let mut differences = Vec::new();
    for (name, actual) in names.iter().zip(&lines) {
        let expected = common::read_json(&seeds.join("expected").join(name.replace(".txt", ".json")));
        common::subset_differences(&expected, actual, name, &mut differences);
    }
    assert!(differences.is_empty(), "differences:\n{}", differences.join("\n"));
}

/// The seeds also go through the formats the issue names: `format` is detected per layout.
#[test]
fn seed_formats_are_detected() {
    let Some(seeds) = common::shared_dir("seeds") else { return };
    let format_of = |name: &str| {
        let bytes = std::fs::read(seeds.join(name)).unwrap();
        let (_, policy) = cookielint::extract_bytes(name, &bytes, &Default::default()).unwrap();
        policy.format.as_str()
    };
    assert_eq!(format_of("000_66e0ef1e7cddbeeb.txt"), "markdown");
    assert_eq!(format_of("001_0ba90551462f95d4.txt"), "pdf-text");
    assert_eq!(format_of("004_39ff0abf11086ea9.txt"), "text");
}
