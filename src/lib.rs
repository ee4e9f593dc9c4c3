//! cookielint: reads cookie policies as people publish them and extracts every declared cookie
//! into a normalized table.
//!
//! The pipeline runs one way, one module per stage:
//! bytes → [`source`] (decoded text, format, line index) → [`blocks`] (headings, paragraphs,
//! lists, tables) → [`tables`] (raw rows and cells, one recognizer per layout) → [`interpret`]
//! (columns and headings mapped with the [`lexicon`]) → [`normalize`] (names, durations,
//! categories) → [`model::Policy`] → [`render`]. [`analysis`] runs the stages section by section
//! and, after an edit, redoes only the sections it touched (the language server's path).
//!
//! ```
//! let text = "## Necessary cookies\n\n| Name | Duration |\n|---|---|\n| sessionid | 2 weeks |\n";
//! let policy = cookielint::extract_text("policy.md", text.to_string(), &Default::default());
//! assert_eq!(policy.cookies[0].name, "sessionid");
//! assert_eq!(policy.cookies[0].category.map(|c| c.as_str()), Some("necessary"));
//! ```
pub mod analysis;
pub mod batch;
pub mod blocks;
pub mod calendar;
pub mod declare;
pub mod diagnostics;
pub mod diff;
pub mod eval;
pub mod fix;
pub mod glob;
pub mod grammar;
pub mod html;
pub mod interpret;
pub mod knowledge;
pub mod language;
pub mod lexicon;
pub mod lint;
pub mod lsp;
pub mod memo;
pub mod model;
pub mod nesting;
pub mod normalize;
pub mod observed;
pub mod outline;
pub mod render;
pub mod report;
pub mod sections;
pub mod source;
pub mod span;
pub mod synth;
pub mod tables;
pub mod tcf;
pub mod text;

pub use model::Limits;
use model::Policy;
use source::{DecodeError, Source};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
}

/// Decodes and extracts one document. Fails only when the bytes are not text at all or over
/// the size limit; everything else (an empty file, a table that cannot be read) is a
/// diagnostic in the result.
pub fn extract_bytes(name: &str, bytes: &[u8], options: &Options) -> Result<(Source, Policy), DecodeError> {
    let size = bytes.len() as u64;
    if size > options.limits.max_file_size {
        return Err(DecodeError::TooLarge { size, limit: options.limits.max_file_size });
    }
    let source = Source::from_bytes(name, bytes)?;
    let policy = extract(&source, options);
    Ok((source, policy))
}

/// Extracts from text that is already decoded.
pub fn extract_text(name: &str, text: String, options: &Options) -> Policy {
    extract(&Source::from_text(name, text), options)
}

/// Runs the pipeline on a decoded source.
pub fn extract(source: &Source, options: &Options) -> Policy {
    analysis::extract_policy(source, options)
}
