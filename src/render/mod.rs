//! Renderers: one file per output format, all reading the same [`Policy`](crate::model::Policy) type.
pub mod csv;
pub mod findings;
pub mod human;
pub mod json;
pub mod markdown;

pub use self::csv::write_csv;
pub use self::json::{write_json, write_jsonl};
pub use self::markdown::write_markdown;
