//! Stage 1: bytes → [`Source`]: decoded text, detected format and line index.
//!
//! Decoding never fails on text: UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded
//! as such; any other byte sequence that is not valid UTF-8 is decoded as Windows-1252 (a
//! superset of Latin-1 for printable text) and a warning says so. Only input that looks binary
//! (NUL bytes, many control characters) is refused.
use crate::diagnostics::{Diagnostic, Severity};
pub use crate::model::{Format, TextEncoding};
use crate::span::LineIndex;

/// Why bytes could not be read as a policy at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file looks binary (a NUL byte at offset {offset}), not a text document")]
    Binary { offset: usize },
    #[error("the file is {size} bytes, over the limit of {limit} bytes (--max-file-size)")]
    TooLarge { size: u64, limit: u64 },
}

/// A decoded document, ready for segmentation.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given (or `-` for standard input).
    pub name: String,
    pub text: String,
    pub format: Format,
    pub encoding: TextEncoding,
    pub lines: LineIndex,
    /// Decoding notes (a fallback encoding, replaced characters).
    pub notes: Vec<Diagnostic>,
}

impl Source {
    /// Decodes `bytes`; `name` is used for format hints (`.md`) and in messages.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Source, DecodeError> {
        let (text, encoding, mut notes) = decode(bytes)?;
        let lines = LineIndex::new(&text);
        let format = detect_format(name, &text);
        for note in &mut notes {
            note.span = lines.span(note.span.range());
        }
        Ok(Source { name: name.to_string(), text, format, encoding, lines, notes })
    }

    /// A source from text that is already decoded (the language server's buffers).
    pub fn from_text(name: &str, text: String) -> Source {
        let lines = LineIndex::new(&text);
        let format = detect_format(name, &text);
        Source { name: name.to_string(), text, format, encoding: TextEncoding::Utf8, lines, notes: Vec::new() }
    }

    pub fn span(&self, range: std::ops::Range<usize>) -> crate::span::Span {
        self.lines.span(range)
    }
}

fn decode(bytes: &[u8]) -> Result<(String, TextEncoding, Vec<Diagnostic>), DecodeError> {
    let mut notes = Vec::new();
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8_or_fallback(rest, TextEncoding::Utf8Bom, notes));
    }
    for (bom, encoding, label) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, TextEncoding::Utf16Le),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, TextEncoding::Utf16Be),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors {
                notes.push(decoding_note(0, "some UTF-16 code units were invalid and were replaced by U+FFFD"));
            }
            return Ok((text.into_owned(), label, notes));
        }
    }
    if let Some(offset) = binary_offset(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    Ok(utf8_or_fallback(bytes, TextEncoding::Utf8, notes))
}

fn utf8_or_fallback(
    bytes: &[u8],
    utf8: TextEncoding,
    mut notes: Vec<Diagnostic>,
) -> (String, TextEncoding, Vec<Diagnostic>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), utf8, notes),
        Err(error) => {
            let valid = error.valid_up_to();
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            let text = text.into_owned();
            // The first invalid byte sits after `valid` bytes of ASCII-compatible text; in the
            // decoded text every earlier character kept its length only if it was ASCII, so map
            // the offset through the decoded prefix.
            let prefix = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes[..valid]).0;
            notes.push(decoding_note(
                prefix.len(),
                "the file is not valid UTF-8; it was decoded as Windows-1252 (Latin-1)",
            ));
            (text, TextEncoding::Windows1252, notes)
        }
    }
}

fn decoding_note(offset: usize, message: &str) -> Diagnostic {
    let mut note = Diagnostic::new("decoding", Severity::Warning, message.to_string(), crate::span::Span::default());
    note.span.start = offset;
    note.span.end = offset;
    note
}

/// Text never holds NUL; a few stray control characters are tolerated, many are not.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let window = &bytes[..bytes.len().min(8192)];
    if let Some(nul) = window.iter().position(|&b| b == 0) {
        return Some(nul);
    }
    let controls = window.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)).count();
    (window.len() >= 32 && controls * 10 > window.len()).then_some(0)
}

/// Decides how to cut the document into blocks. PDF-derived text is recognized by what PDF
/// extraction leaves behind (form feeds, wrapped tab-table cells continued on lines that start
/// with a tab, page-number lines); Markdown by its syntax; anything else is plain text.
pub fn detect_format(name: &str, text: &str) -> Format {
    let lower_name = name.to_ascii_lowercase();
    // A Markdown file may hold HTML blocks (a raw <table> under Markdown headings): its name says
    // what it is before its content does.
    let named_markdown = lower_name.ends_with(".md") || lower_name.ends_with(".markdown");
    if lower_name.ends_with(".html")
        || lower_name.ends_with(".htm")
        || !named_markdown && crate::html::looks_like_html(text)
    {
        return Format::Html;
    }
    let lexicons = crate::grammar::lexicons();
    let mut form_feeds = 0usize;
    let mut tab_lines = 0usize;
    let mut tab_continuations = 0usize;
    let mut page_numbers = 0usize;
    let mut markdown = 0usize;
    let mut previous_had_tab = false;
    for line in text.lines().take(20_000) {
        if line.contains('\u{0C}') {
            form_feeds += 1;
        }
        let has_tab = line.trim_end().contains('\t');
        if has_tab {
            tab_lines += 1;
        }
        if previous_had_tab && line.starts_with('\t') && !line.trim().is_empty() {
            tab_continuations += 1;
        }
        previous_had_tab = has_tab;
        let trimmed = line.trim();
        if page_numbers < 2 && lexicons.is_page_number_line(trimmed) {
            page_numbers += 1;
        }
        if is_markdown_line(trimmed) {
            markdown += 1;
        }
    }
    if form_feeds > 0 || (tab_lines > 0 && tab_continuations > 0) || page_numbers >= 2 {
        return Format::PdfText;
    }
    if named_markdown || markdown >= 2 {
        return Format::Markdown;
    }
    Format::Text
}

fn is_markdown_line(line: &str) -> bool {
    let atx = line.starts_with('#') && {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        hashes <= 6 && line[hashes..].starts_with(' ')
    };
    // Every other sign holds `|`, `]`, `<` or `*`: most lines have none, and need no substring
    // search.
    if !line.bytes().any(|b| matches!(b, b']' | b'<' | b'*' | b'|')) {
        return atx;
    }
    atx || (line.starts_with('|') && line.contains("---"))
        || line.contains("](http")
        || line.contains("<http")
        || (line.contains("**") && line.matches("**").count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let source = Source::from_bytes("a.txt", "\u{FEFF}Durée".as_bytes()).unwrap();
        assert_eq!(source.text, "Durée");
        assert_eq!(source.encoding, TextEncoding::Utf8Bom);
        let source = Source::from_bytes("a.txt", "Durée".as_bytes()).unwrap();
        assert_eq!(source.encoding, TextEncoding::Utf8);
        assert!(source.notes.is_empty());
    }

    #[test]
    fn windows_1252_fallback_with_warning() {
        let source = Source::from_bytes("a.txt", b"Dur\xE9e de vie \x93x\x94").unwrap();
        assert_eq!(source.text, "Durée de vie “x”");
        assert_eq!(source.encoding, TextEncoding::Windows1252);
        assert_eq!(source.notes.len(), 1);
        assert_eq!(source.notes[0].span.start, 3);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Durée\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let source = Source::from_bytes("a.txt", &bytes).unwrap();
        assert_eq!(source.text, "Durée\n");
        assert_eq!(source.encoding, TextEncoding::Utf16Le);
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(Source::from_bytes("a.bin", b"\x89PNG\r\n\x1a\n\0\0\0"), Err(DecodeError::Binary { .. })));
    }

    #[test]
    fn formats() {
        assert_eq!(detect_format("a.txt", "## Title\n\nSee [x](https://x).\n"), Format::Markdown);
        assert_eq!(detect_format("a.txt", "Title\n\nA\tB\nc\td\n\te\n"), Format::PdfText);
        assert_eq!(detect_format("a.txt", "Title\n\nSome text.\n"), Format::Text);
        assert_eq!(detect_format("a.txt", "x\n\u{0C}y\n"), Format::PdfText);
    }
}
