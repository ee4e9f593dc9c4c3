//! The output contract: what a policy declares, as the README's "Output contract" describes it.
//! Every type a caller of the library or a reader of the JSON meets lives here — the policy, its
//! tables and cookies, durations, categories, spans, diagnostics, limits — and this module
//! depends on nothing else in the crate (serde only), so the contract can be read, and changed,
//! in one place. The stages fill these types; they never define their own copies.
mod diagnostic;
mod document;
mod duration;
mod limits;
mod span;
mod table;
mod vocabulary;

pub use diagnostic::{Diagnostic, Related, Severity};
pub use document::{Block, BlockKind, Format, TextEncoding};
pub use duration::{Duration, DurationKind};
pub use limits::Limits;
use serde::Serialize;
pub use span::Span;
pub use table::{Cell, Layout, Row, Table};
pub use vocabulary::{Category, CategorySource, Field, FieldSource, Kind, Party};

/// One declared cookie (or cookie name pattern).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cookie {
    pub name: String,
    pub pattern: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern_glob: Option<String>,
    pub provider: Option<String>,
    /// The provider's canonical name ("Google LLC", "Google Analytics" → "Google").
    pub provider_canonical: Option<String>,
    pub function: Option<String>,
    pub purpose: Option<String>,
    pub category: Option<Category>,
    pub category_source: Option<CategorySource>,
    pub duration: Option<Duration>,
    /// Where the provider came from: the row, a heading or lead-in, or the knowledge base (the
    /// document names none).
    pub provider_source: Option<FieldSource>,
    /// Where the lifetime came from: the row, or the knowledge base (the document gives none).
    pub duration_source: Option<FieldSource>,
    /// What the declaration stores: a cookie unless the document says otherwise.
    pub kind: Kind,
    pub party: Option<Party>,
    pub domain: Option<String>,
    /// Index into `tables`.
    pub table: usize,
    /// Index of the row in its table's body.
    #[serde(skip)]
    pub row: usize,
    /// The whole row (all its lines, for a wrapped row).
    pub span: Span,
    /// The name itself inside the row.
    pub name_span: Span,
}

impl Cookie {
    /// The lifetime the document itself gives (not one filled in from the knowledge base): what
    /// the law asks the policy to say.
    pub fn declared_duration(&self) -> Option<&Duration> {
        self.duration.as_ref().filter(|_| self.duration_source != Some(FieldSource::Knowledge))
    }

    /// The provider the document itself names.
    pub fn declared_provider(&self) -> Option<&str> {
        self.provider.as_deref().filter(|_| self.provider_source != Some(FieldSource::Knowledge))
    }
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    /// The path as given on the command line, `-` for standard input.
    pub source: String,
    pub format: Format,
    pub encoding: TextEncoding,
    /// ISO 639-1 code of the document's language, null when no language could be told.
    pub language: Option<String>,
    /// The URL the policy says it covers.
    pub site: Option<String>,
    pub tables: Vec<Table>,
    pub cookies: Vec<Cookie>,
    /// Notes from extraction: decoding fallbacks, tables that could not be read, limits hit.
    pub diagnostics: Vec<Diagnostic>,
    /// The document cut into blocks, for rules that read prose.
    #[serde(skip)]
    pub blocks: Vec<Block>,
}

impl Policy {
    /// The cookies declared in table `table`. Extraction gives cookies table by table, in table
    /// order (`normalize::entries`), so this is a binary search rather than a scan of every
    /// cookie (a per-table scan went quadratic on documents of many small tables).
    pub fn cookies_of(&self, table: usize) -> &[Cookie] {
        let start = self.cookies.partition_point(|c| c.table < table);
        let end = self.cookies.partition_point(|c| c.table <= table);
        &self.cookies[start..end]
    }
}
