//! A table of declarations as the document writes it: its columns, rows and cells.
use super::{Category, Field, Kind, Span};
use serde::Serialize;

/// The layout a table was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// A GFM pipe table found by the Markdown parser.
    PipeTable,
    /// Cells separated by tabs, wrapped cells continued on lines that start with a tab.
    TabSeparated,
    /// A bullet list whose items declare cookies (implicit columns).
    List,
    /// Pipe-separated cells outside a Markdown table: rows on one line, one cell per line, or
    /// rows broken across lines.
    PipeCells,
    /// One cell per line with no separator: a header of N lines, then rows of N lines.
    CellPerLine,
    /// `Name: … / Purpose: … / Duration: …` blocks, one cookie each.
    KeyValue,
    /// Cells separated by single spaces under a header of known labels.
    SpaceSeparated,
    /// Cells run together with no separator under a header of abutting labels.
    Concatenated,
    /// Cookies named in running text (read only when nothing else declares cookies).
    Prose,
    /// Bare cookie names, one per line.
    NameLines,
    /// Columns aligned with spaces (`pdftotext -layout`).
    Aligned,
    /// Declarations read from their anchors outside any table a header declares: a name at the
    /// head of a line or item with its fields from what follows, or cells one per line repeating
    /// with a period (see `crate::declare`).
    Items,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub span: Span,
}

impl Row {
    pub fn cell(&self, column: usize) -> Option<&Cell> {
        self.cells.get(column).filter(|c| !c.text.is_empty())
    }
}

/// A cookie table: what each column holds and where it sits in the document.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The nearest heading above the table, as a reader sees it.
    pub heading: Option<String>,
    /// The category the section headings give (rows may override it with a category column).
    pub category: Option<Category>,
    /// The heading that gave `category` (the nearest heading or one of its parents).
    #[serde(skip)]
    pub category_heading: Option<String>,
    /// A vendor the section headings name ("Cookies related to Matomo"), the provider of rows
    /// that name none.
    pub provider: Option<String>,
    /// Storage other than cookies that the table's heading or lead-in names ("Local storage").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// Canonical field of each column, in order; null for a column no lexicon knows.
    pub columns: Vec<Option<Field>>,
    /// The header cells as written.
    pub headers: Vec<String>,
    pub layout: Layout,
    pub span: Span,
    /// Number of body rows.
    pub rows: usize,
    #[serde(skip)]
    pub body: Vec<Row>,
    #[serde(skip)]
    pub heading_span: Option<Span>,
    #[serde(skip)]
    pub header_span: Option<Span>,
}

impl Table {
    /// Index of the first column holding `field`.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }
}
