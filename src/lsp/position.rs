//! LSP positions: a line and a character offset counted in UTF-16 code units (the protocol's
//! default) or UTF-8 bytes (when the client offers `utf-8` in `positionEncodings`). Spans stay
//! byte offsets everywhere else; this is the only place that converts.
use crate::span::LineIndex;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf16,
    Utf8,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf16 => "utf-16",
            Encoding::Utf8 => "utf-8",
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }
}

/// Byte offset → `{line, character}` (0-based, as LSP counts).
pub fn position(text: &str, lines: &LineIndex, encoding: Encoding, offset: usize) -> Value {
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    let line = lines.line(offset);
    let character = match encoding {
        Encoding::Utf8 => offset - lines.line_start(line),
        // Counted from the line index's checkpoints: a long line does not cost its length per
        // position.
        Encoding::Utf16 => lines.utf16_column(text, offset),
    };
    json!({"line": line - 1, "character": character})
}

pub fn range(text: &str, lines: &LineIndex, encoding: Encoding, start: usize, end: usize) -> Value {
    json!({"start": position(text, lines, encoding, start), "end": position(text, lines, encoding, end)})
}

/// `{line, character}` → byte offset; past the end of a line is the line's end, past the last
/// line is the end of the text (clients may send either).
pub fn offset(text: &str, lines: &LineIndex, encoding: Encoding, position: &Value) -> usize {
    let line = position.get("line").and_then(Value::as_u64).unwrap_or(0) as usize;
    let character = position.get("character").and_then(Value::as_u64).unwrap_or(0) as usize;
    if line >= lines.line_count() {
        return text.len();
    }
    let start = lines.line_start(line + 1);
    let mut units = 0;
    for (at, c) in text[start..].char_indices() {
        if c == '\n' || c == '\r' || units >= character {
            return start + at;
        }
        units += encoding.units(c);
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_emoji_and_tabs() {
        let text = "a\n\té😀x\n";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(position(text, &lines, Encoding::Utf16, x), json!({"line": 1, "character": 4}));
        assert_eq!(position(text, &lines, Encoding::Utf8, x), json!({"line": 1, "character": 7}));
        assert_eq!(offset(text, &lines, Encoding::Utf16, &json!({"line": 1, "character": 4})), x);
        assert_eq!(offset(text, &lines, Encoding::Utf8, &json!({"line": 1, "character": 7})), x);
        assert_eq!(offset(text, &lines, Encoding::Utf16, &json!({"line": 9, "character": 0})), text.len());
    }
}
