//! Helpers shared by the integration tests.
#![allow(dead_code)]
use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<sub>` when it exists. When it does not, a test under CI fails (CI always has it
/// beside the clone) and anywhere else it is skipped with a message (a user's clone has none).
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    let dir = repo_root().join("..").join("shared").join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing, and CI is set: the shared data must be beside the clone", dir.display());
    }
    eprintln!("skipped: {} is not there (it holds data that is not part of this repository)", dir.display());
    None
}

/// Every field given in `expected` holds the same value in `actual`; objects may have more
/// fields, arrays must have the same length. Returns the differences as `path: want != got`.
pub fn subset_differences(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            for (key, value) in want {
                let child = format!("{path}.{key}");
                match got.get(key) {
                    Some(got_value) => subset_differences(value, got_value, &child, out),
                    None => out.push(format!("{child}: missing (want {value})")),
                }
            }
        }
        (Value::Array(want), Value::Array(got)) => {
            if want.len() != got.len() {
                let names = |items: &Vec<Value>| -> Vec<String> {
                    items.iter().map(|i| i.get("name").map_or_else(|| "?".into(), |n| n.to_string())).collect()
                };
                out.push(format!(
                    "{path}: {} items != {} items ({:?} vs {:?})",
                    want.len(),
                    got.len(),
                    names(want),
                    names(got)
                ));
            }
            for (index, (w, g)) in want.iter().zip(got).enumerate() {
                subset_differences(w, g, &format!("{path}[{index}]"), out);
            }
        }
        (want, got) if want != got => out.push(format!("{path}: want {want} != got {got}")),
        _ => {}
    }
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The documents of corpus/, sorted, without their expected outputs; and the texts pdftotext
/// made of corpus/pdf/*.pdf that have an expected output beside them.
pub fn corpus_documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("corpus"))
        .expect("corpus/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e != "json") && p.is_file())
        .collect();
    let pdf_texts = std::fs::read_dir(repo_root().join("corpus/pdf"))
        .expect("corpus/pdf/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt") && expected_path(p).is_file());
    docs.extend(pdf_texts);
    docs.sort();
    docs
}

pub fn expected_path(doc: &Path) -> PathBuf {
    let stem = doc.file_stem().unwrap().to_string_lossy();
    doc.with_file_name(format!("{stem}.expected.json"))
}
