//! A normalized lifetime.
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DurationKind {
    /// Ends with the browsing session.
    Session,
    /// Outlives the session (a quantity was given, or the text says persistent).
    Persistent,
    /// The text could not be read.
    Unknown,
}

/// A normalized lifetime. For a bound or a range, `seconds` is the longest lifetime (what a
/// limit is checked against) and `min_seconds` / `max_seconds` give the two ends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duration {
    pub text: String,
    pub seconds: Option<u64>,
    pub iso8601: Option<String>,
    pub kind: DurationKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_seconds: Option<u64>,
}
