//! WARC 1.0/1.1 records (ISO 28500), read as a stream: each `response` record carrying an HTTP
//! response (and each `resource` record) is one document whose source is the record's
//! `WARC-Target-URI`. Request, metadata and warcinfo records are not documents.
//!
//! The HTTP payload is taken as crawlers store it: chunked transfer coding is undone, gzip and
//! deflate content codings are decompressed (up to the size limit), and a declared charset other
//! than UTF-8 is decoded. A body that is not HTML or text, a non-2xx status, or a record cut
//! short is a document with an error.
use super::inputs::{too_large, ReadSettings};
use super::Document;
use crate::source::Format;
use std::io::{self, BufRead, Read};

/// Header lines longer than this, or header blocks with more lines, mean the stream is not WARC.
const MAX_HEADER_LINE: u64 = 64 * 1024;
const MAX_HEADER_LINES: usize = 1024;
/// Room for the HTTP headers around a body at the size limit.
const HTTP_HEADER_ALLOWANCE: u64 = 256 * 1024;

struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// Reads every record of a WARC stream. Returns false when the consumer stopped.
pub fn read(
    name: &str,
    mut reader: impl BufRead,
    settings: &ReadSettings,
    emit: &mut dyn FnMut(Document) -> bool,
) -> bool {
    let mut number = 0usize;
    loop {
        number += 1;
        let headers = match read_warc_headers(&mut reader) {
            Ok(None) => return true,
            Ok(Some(headers)) => headers,
            Err(message) => {
                return emit(Document::failed(
                    format!("{name}#{number}"),
                    format!("the WARC stream is corrupt at record {number} ({message}); the rest is not read"),
                ))
            }
        };
        let source = headers.get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let source = source.unwrap_or_else(|| format!("{name}#{number}"));
        let length = headers.get("Content-Length").and_then(|l| l.trim().parse::<u64>().ok());
        let Some(length) = length else {
            let message = format!("record {number} has no valid Content-Length; the rest is not read");
            return emit(Document::failed(source, message));
        };
        let record_type = headers.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let is_document = matches!(record_type.as_str(), "response" | "resource");
        let wanted = is_document && !(settings.skip)(&source);
        let date = headers.get("WARC-Date").map(str::to_string);
        if !wanted || length > settings.max_file_size + HTTP_HEADER_ALLOWANCE {
            match io::copy(&mut (&mut reader).take(length), &mut io::sink()) {
                Ok(copied) if copied == length => {}
                _ => {
                    let message = format!("record {number} is cut short; the rest is not read");
                    return emit(Document::failed(source, message));
                }
            }
            if wanted && !emit(Document::failed(source, too_large(length, settings.max_file_size))) {
                return false;
            }
            continue;
        }
        let mut block = Vec::with_capacity(length as usize);
        if (&mut reader).take(length).read_to_end(&mut block).map_or(true, |n| (n as u64) < length) {
            return emit(Document::failed(source, format!("record {number} is cut short (truncated WARC)")));
        }
        let content_type = headers.get("Content-Type").unwrap_or("").to_ascii_lowercase();
        let mut document = if record_type == "response" && content_type.starts_with("application/http") {
            http_document(source, &block, settings.max_file_size)
        } else {
            body_document(source, block, &content_type, settings.max_file_size)
        };
        document.url = headers.get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        document.date = date;
        if !emit(document) {
            return false;
        }
    }
}

/// Reads the version line and the named fields up to the blank line; `None` at the end of the
/// stream. Blank lines between records are skipped.
fn read_warc_headers(reader: &mut impl BufRead) -> Result<Option<Headers>, String> {
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.take(MAX_HEADER_LINE).read_until(b'\n', &mut line).map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(None);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        return Err("a record does not start with a WARC/ version line".to_string());
    }
    let mut headers = Vec::new();
    loop {
        line.clear();
        let n = reader.take(MAX_HEADER_LINE).read_until(b'\n', &mut line).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the stream ends inside a record header".to_string());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(Some(Headers(headers)));
        }
        if headers.len() >= MAX_HEADER_LINES {
            return Err("a record header has too many lines".to_string());
        }
        if let Some((key, value)) = text.split_once(':') {
            headers.push((key.trim().to_string(), value.trim().to_string()));
        }
    }
}

/// Splits an HTTP response into status, headers and body, and turns the body into a document.
fn http_document(source: String, block: &[u8], limit: u64) -> Document {
    let split = find(block, b"\r\n\r\n").map(|i| (i, i + 4)).or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)));
    let Some((head_end, body_start)) = split else {
        return Document::failed(source, "the HTTP response has no end of headers");
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    if !(200..300).contains(&status) {
        return Document::failed(source, format!("HTTP status {status}, not a document"));
    }
    let headers = Headers(
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect(),
    );
    let mut body = block[body_start..].to_vec();
    if headers.get("Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        match dechunk(&body) {
            Some(joined) => body = joined,
            None => return Document::failed(source, "the chunked HTTP body is malformed"),
        }
    }
    match headers.get("Content-Encoding").map(|e| e.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("identity") => {}
        Some(coding @ ("gzip" | "x-gzip" | "deflate")) => {
            let mut decoded = Vec::new();
            let result = if coding == "deflate" {
                flate2::read::ZlibDecoder::new(&body[..]).take(limit + 1).read_to_end(&mut decoded)
            } else {
                flate2::read::MultiGzDecoder::new(&body[..]).take(limit + 1).read_to_end(&mut decoded)
            };
            if let Err(error) = result {
                return Document::failed(source, format!("the {coding} body could not be decompressed: {error}"));
            }
            if decoded.len() as u64 > limit {
                return Document::failed(source, format!("the body decompresses to more than {limit} bytes; not read"));
            }
            body = decoded;
        }
        Some(other) => return Document::failed(source, format!("content coding `{other}` is not supported")),
    }
    let content_type = headers.get("Content-Type").unwrap_or("").to_ascii_lowercase();
    body_document(source, body, &content_type, limit)
}

/// A body with its media type: HTML and text are documents (decoded from a declared charset),
/// anything else is an error.
fn body_document(source: String, body: Vec<u8>, content_type: &str, limit: u64) -> Document {
    if body.len() as u64 > limit {
        return Document::failed(source, too_large(body.len() as u64, limit));
    }
    let media = content_type.split(';').next().unwrap_or("").trim();
    let format = match media {
        "text/html" | "application/xhtml+xml" => Some(Format::Html),
        "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
        "text/plain" | "" => None,
        other => return Document::failed(source, format!("the body is `{other}`, not HTML or text")),
    };
    let charset =
        content_type.split(';').skip(1).find_map(|p| p.trim().strip_prefix("charset=")).map(|c| c.trim_matches('"'));
    let body = match charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes())) {
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            encoding.decode_without_bom_handling(&body).0.into_owned().into_bytes()
        }
        _ => body,
    };
    Document { format, ..Document::bytes(source, body) }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Undoes chunked transfer coding; `None` when the chunk sizes do not add up.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = find(body, b"\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?.trim();
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").or_else(|| body.strip_prefix(b"\n")).unwrap_or(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn documents(stream: &[u8]) -> Vec<Document> {
        let mut out = Vec::new();
        let folders = crate::batch::inputs::Folders::default();
        let settings = ReadSettings { max_file_size: 1 << 20, skip: &|_| false, folders: &folders };
        read("test.warc", stream, &settings, &mut |d| {
            out.push(d);
            true
        });
        out
    }

    #[test]
    fn responses_become_documents_and_the_rest_errors() {
        let mut stream = Vec::new();
        stream.extend(record("request", "https://a.example/", b"GET / HTTP/1.1\r\n\r\n"));
        stream.extend(record(
            "response",
            "https://a.example/cookies",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<p>caf\xe9</p>",
        ));
        stream.extend(record(
            "response",
            "https://a.example/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        stream.extend(record(
            "response",
            "https://a.example/chunked",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        ));
        let docs = documents(&stream);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].source, "https://a.example/cookies");
        assert_eq!(docs[0].format, Some(Format::Html));
        assert_eq!(docs[0].content.as_deref().unwrap(), "<p>café</p>".as_bytes());
        assert_eq!(docs[0].date.as_deref(), Some("2024-05-01T10:00:00Z"));
        assert!(docs[1].content.as_ref().unwrap_err().contains("image/png"));
        assert_eq!(docs[2].content.as_deref().unwrap(), b"hello world");
    }

    #[test]
    fn a_truncated_stream_ends_with_an_error_document() {
        let full =
            record("response", "https://b.example/", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nabcdef");
        let docs = documents(&full[..full.len() - 8]);
        assert_eq!(docs.len(), 1);
        assert!(docs[0].content.as_ref().unwrap_err().contains("cut short"));
    }

    #[test]
    fn gzip_content_coding_is_undone() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"_ga 2 years").unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(gz.finish().unwrap());
        let docs = documents(&record("response", "https://c.example/", &block));
        assert_eq!(docs[0].content.as_deref().unwrap(), b"_ga 2 years");
    }
}
