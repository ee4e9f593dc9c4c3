//! The JSON Schema of cookielint.toml: the file shipped in schemas/ is the one the configuration
//! types give, and it accepts what the configuration reader accepts.
mod common;

use std::process::Command;

#[test]
fn the_shipped_schema_is_the_one_the_configuration_types_give() {
    let root = common::repo_root();
    let output = Command::new(env!("CARGO_BIN_EXE_cookielint")).arg("schema").output().unwrap();
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let shipped = common::read_json(&root.join("schemas/cookielint.schema.json"));
    assert!(
        printed == shipped,
        "schemas/cookielint.schema.json is out of date: run `cargo run -- schema > schemas/cookielint.schema.json`"
    );
}

#[test]
fn the_schema_names_every_key_and_every_rule_the_reader_takes() {
    let schema = cookielint::lint::config::json_schema();
    let properties = schema["properties"].as_object().unwrap();
    // Every key the schema lists is one the reader takes (it refuses unknown keys).
    let samples = [
        ("profile", "\"cnil\""),
        ("select", "[\"missing-duration\"]"),
        ("ignore", "[\"CL002\"]"),
        ("severity", "{ missing-provider = \"error\" }"),
        ("limits", "{ any = \"2 years\" }"),
        ("expected", "[\"_ga\"]"),
        ("per-file-ignores", "{ \"legacy/*.md\" = [\"missing-duration\"] }"),
        ("translations", "{ group-by-site = false }"),
        ("fail-on", "\"warning\""),
    ];
    assert_eq!(properties.len(), samples.len(), "a key without a sample here: {:?}", properties.keys());
    for (key, value) in samples {
        assert!(properties.contains_key(key), "{key} is not in the schema");
        let text = format!("{key} = {value}\n");
        let parsed = cookielint::lint::config::Config::parse(&text, std::path::Path::new("cookielint.toml"));
        assert!(parsed.is_ok(), "{text}: {:?}", parsed.err());
    }
    assert!(cookielint::lint::config::Config::parse("colour = 1\n", std::path::Path::new("c.toml")).is_err());
    assert_eq!(schema["additionalProperties"], false);
    // Every rule, by name and code.
    assert!(schema.get("required").is_none(), "every key is optional: {}", schema["required"]);
    let names: Vec<&str> = properties["ignore"]["items"]["anyOf"][0]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for rule in cookielint::lint::rules::ALL {
        assert!(names.contains(&rule.name) && names.contains(&rule.code), "{}", rule.name);
    }
    let profiles = properties["profile"]["enum"].as_array().unwrap();
    assert_eq!(profiles.len(), cookielint::lint::config::PROFILES.len());
}
