//! The knowledge base is generated from ../shared/data/open-cookie-database: regenerating it
//! must give the committed file byte for byte (COOKIELINT_REGENERATE=1 rewrites it instead).
mod common;

#[test]
fn knowledge_table_is_up_to_date() {
    let Some(data) = common::shared_dir("data/open-cookie-database") else { return };
    let csv = std::fs::read_to_string(data.join("open-cookie-database.csv")).unwrap();
    let generated = cookielint::knowledge::generate_table(&csv).unwrap();
    let path = common::repo_root().join("src/knowledge/known_cookies.tsv");
    if std::env::var_os("COOKIELINT_REGENERATE").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == generated,
        "src/knowledge/known_cookies.tsv differs from what the database gives; \
         run `COOKIELINT_REGENERATE=1 cargo test --test knowledge` and commit the result"
    );
}
