//! The extraction result: what a policy declares, as the output contract describes it.
use crate::blocks::Block;
use crate::diagnostics::Diagnostic;
use crate::interpret::Table;
use crate::lexicon::{Category, Party};
use crate::normalize::duration::Duration;
use crate::source::{Format, TextEncoding};
use crate::span::Span;
use serde::Serialize;

/// Where an entry's field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldSource {
    /// The section heading above the table or list, or the line introducing it.
    Heading,
    /// The declaration's own row: a column, or a part of its list item or of the lines under it.
    Column,
    /// The row's own description, when it opens by classifying the cookie ("technical consent
    /// cookie") and neither a column nor a heading gives a category.
    Description,
    /// The known-cookies knowledge base, when the document gives none.
    Knowledge,
}

/// Where an entry's category came from (the first field that had a source).
pub type CategorySource = FieldSource;

/// What a declaration stores: an HTTP cookie, or storage a policy lists beside its cookies
/// (ePrivacy art. 5(3) covers them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    #[default]
    Cookie,
    LocalStorage,
    SessionStorage,
    Pixel,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Cookie, Kind::LocalStorage, Kind::SessionStorage, Kind::Pixel, Kind::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cookie => "cookie",
            Kind::LocalStorage => "local-storage",
            Kind::SessionStorage => "session-storage",
            Kind::Pixel => "pixel",
            Kind::Other => "other",
        }
    }
}

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
