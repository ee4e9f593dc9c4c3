//! What a document is read as: its format and encoding, and the blocks it is cut into.
use serde::Serialize;
use std::ops::Range;

/// How a document is laid out, which decides how it is cut into blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Markdown,
    Text,
    PdfText,
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::PdfText => "pdf-text",
            Format::Html => "html",
        }
    }
}

/// The character encoding the bytes were read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// `level` 1–6 for Markdown headings, 0 for a line that reads as a heading in plain text.
    Heading {
        level: u8,
    },
    Paragraph,
    /// A bullet or numbered list; `items` are the byte ranges of its items.
    List {
        items: Vec<Range<usize>>,
    },
    /// A table whose cells the Markdown parser already found; the first row is the header.
    PipeTable {
        rows: Vec<Vec<Range<usize>>>,
    },
    /// A code block: indented, or fenced without naming a language of code (a table pasted as
    /// text is often one), which the layout readers read as lines of text.
    Code,
    /// A fenced code block that names its language (```yaml, ```json, ```js): a sample of code or
    /// configuration, whose lines declare nothing.
    CodeSample,
    Html,
    /// Page headers, footers and page numbers that PDF extraction left between lines.
    PageFurniture,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
    /// The plain text a reader sees (inline markup removed, white space collapsed).
    pub text: String,
}

impl Block {
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }
}

impl Block {
    /// Moves every offset by `by`: a block found in a section placed in the document, or a block
    /// after an edit moved by the edit's growth.
    pub fn shift(&mut self, by: isize) {
        let move_range = |r: &mut Range<usize>| *r = r.start.saturating_add_signed(by)..r.end.saturating_add_signed(by);
        move_range(&mut self.range);
        match &mut self.kind {
            BlockKind::List { items } => items.iter_mut().for_each(move_range),
            BlockKind::PipeTable { rows } => rows.iter_mut().flatten().for_each(move_range),
            _ => {}
        }
    }
}
