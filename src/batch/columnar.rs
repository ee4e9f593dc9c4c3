//! Batch results as Parquet: one row per cookie (with its document's source, date, URL,
//! language and site, and every normalized field), and optionally one row per finding. Rows are
//! buffered and written a row group at a time, so memory stays flat however many documents go
//! through. Rows are made from each record's JSON line, the one form a record has whether it was
//! read in this process or in a worker process.
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde_json::Value;
use std::fs::File;
use std::io;
use std::sync::Arc;

/// Rows held before a row group is written.
pub const ROW_GROUP: usize = 64 * 1024;

/// The cookie rows' schema (README, "Parquet").
pub const COOKIE_SCHEMA: &str = "message cookie {
    REQUIRED INT64 document;
    REQUIRED BYTE_ARRAY source (UTF8);
    OPTIONAL BYTE_ARRAY date (UTF8);
    OPTIONAL BYTE_ARRAY url (UTF8);
    OPTIONAL BYTE_ARRAY language (UTF8);
    OPTIONAL BYTE_ARRAY site (UTF8);
    REQUIRED BYTE_ARRAY name (UTF8);
    REQUIRED BOOLEAN pattern;
    OPTIONAL BYTE_ARRAY kind (UTF8);
    OPTIONAL BYTE_ARRAY provider (UTF8);
    OPTIONAL BYTE_ARRAY provider_canonical (UTF8);
    OPTIONAL BYTE_ARRAY purpose (UTF8);
    OPTIONAL BYTE_ARRAY category (UTF8);
    OPTIONAL BYTE_ARRAY category_source (UTF8);
    OPTIONAL BYTE_ARRAY duration_text (UTF8);
    OPTIONAL INT64 duration_seconds;
    OPTIONAL BYTE_ARRAY duration_kind (UTF8);
    OPTIONAL BYTE_ARRAY party (UTF8);
    OPTIONAL BYTE_ARRAY domain (UTF8);
    OPTIONAL INT64 line;
}";

/// The finding rows' schema.
pub const FINDING_SCHEMA: &str = "message finding {
    REQUIRED INT64 document;
    REQUIRED BYTE_ARRAY source (UTF8);
    OPTIONAL BYTE_ARRAY date (UTF8);
    OPTIONAL BYTE_ARRAY url (UTF8);
    REQUIRED BYTE_ARRAY rule (UTF8);
    OPTIONAL BYTE_ARRAY code (UTF8);
    OPTIONAL BYTE_ARRAY severity (UTF8);
    OPTIONAL BYTE_ARRAY message (UTF8);
    OPTIONAL INT64 line;
    OPTIONAL INT64 column;
    OPTIONAL INT64 end_line;
    OPTIONAL INT64 end_column;
}";

/// One value of a row, by the column's physical type.
#[derive(Debug, Clone)]
enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(bool),
}

/// A Parquet file written a row group at a time.
pub struct Table {
    writer: SerializedFileWriter<File>,
    /// Where the rows go until the file is complete, and where the file goes then.
    partial: std::path::PathBuf,
    path: std::path::PathBuf,
    /// Rows per row group.
    group_rows: usize,
    columns: Vec<Vec<Cell>>,
    /// Whether each column is required (no definition levels are written for it).
    required: Vec<bool>,
    rows: usize,
}

impl Table {
    fn create(path: &std::path::Path, schema: &str, group_rows: usize) -> io::Result<Table> {
        let schema = Arc::new(parse_message_type(schema).map_err(io::Error::other)?);
        let columns = (0..schema.get_fields().len()).map(|_| Vec::new()).collect();
        let required = schema
            .get_fields()
            .iter()
            .map(|f| f.get_basic_info().repetition() == parquet::basic::Repetition::REQUIRED)
            .collect();
        let properties = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
        // Written under another name and renamed when complete: a run killed part of the way
        // leaves no file that looks finished but has no footer.
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        let writer =
            SerializedFileWriter::new(File::create(&partial)?, schema, properties).map_err(io::Error::other)?;
        Ok(Table {
            writer,
            partial,
            path: path.to_path_buf(),
            group_rows: group_rows.max(1),
            columns,
            required,
            rows: 0,
        })
    }

    fn push(&mut self, row: Vec<Cell>) -> io::Result<()> {
        for (column, cell) in self.columns.iter_mut().zip(row) {
            column.push(cell);
        }
        self.rows += 1;
        if self.rows >= self.group_rows {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows held as one row group.
    fn flush(&mut self) -> io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group().map_err(io::Error::other)?;
        for (column, &required) in self.columns.iter_mut().zip(&self.required) {
            let Some(mut writer) = group.next_column().map_err(io::Error::other)? else { break };
            let cells = std::mem::take(column);
            let definition = |present: &[bool]| -> Vec<i16> { present.iter().map(|&p| i16::from(p)).collect() };
            match cells.first() {
                Some(Cell::Text(_)) => {
                    let present: Vec<bool> = cells.iter().map(|c| matches!(c, Cell::Text(Some(_)))).collect();
                    let values: Vec<ByteArray> = cells
                        .into_iter()
                        .filter_map(|c| match c {
                            Cell::Text(Some(text)) => Some(ByteArray::from(text.into_bytes())),
                            _ => None,
                        })
                        .collect();
                    let levels = definition(&present);
                    let typed = writer.typed::<ByteArrayType>();
                    typed.write_batch(&values, (!required).then_some(&levels[..]), None).map_err(io::Error::other)?;
                }
                Some(Cell::Int(_)) => {
                    let present: Vec<bool> = cells.iter().map(|c| matches!(c, Cell::Int(Some(_)))).collect();
                    let values: Vec<i64> = cells
                        .into_iter()
                        .filter_map(|c| match c {
                            Cell::Int(value) => value,
                            _ => None,
                        })
                        .collect();
                    let levels = definition(&present);
                    writer
                        .typed::<Int64Type>()
                        .write_batch(&values, (!required).then_some(&levels[..]), None)
                        .map_err(io::Error::other)?;
                }
                Some(Cell::Bool(_)) | None => {
                    let values: Vec<bool> = cells.into_iter().map(|c| matches!(c, Cell::Bool(true))).collect();
                    writer.typed::<BoolType>().write_batch(&values, None, None).map_err(io::Error::other)?;
                }
            }
            writer.close().map_err(io::Error::other)?;
        }
        group.close().map_err(io::Error::other)?;
        self.rows = 0;
        Ok(())
    }

    fn close(mut self) -> io::Result<()> {
        self.flush()?;
        self.writer.close().map_err(io::Error::other)?;
        std::fs::rename(&self.partial, &self.path)
    }
}

/// The Parquet output of a batch run: the cookies file and, when asked, the findings file.
pub struct Parquet {
    cookies: Table,
    findings: Option<Table>,
    /// The position of the next record in the run (the `document` column): two records of one
    /// source (a page captured twice) stay two documents.
    documents: i64,
}

fn text(value: &Value, key: &str) -> Cell {
    Cell::Text(value.get(key).and_then(Value::as_str).map(str::to_string))
}

/// An integer of the JSON line; one past Parquet's signed 64 bits (a lifetime of a billion
/// years, saturated to u64 by the grammar) is stored as the largest it holds.
fn int(value: Option<&Value>) -> Cell {
    Cell::Int(value.and_then(|v| v.as_i64().or_else(|| v.as_u64().map(|_| i64::MAX))))
}

impl Parquet {
    /// The files, written a row group of `group_rows` rows at a time ([`ROW_GROUP`] in the CLI).
    pub fn create(
        cookies: &std::path::Path,
        findings: Option<&std::path::Path>,
        group_rows: usize,
    ) -> io::Result<Parquet> {
        Ok(Parquet {
            cookies: Table::create(cookies, COOKIE_SCHEMA, group_rows)?,
            findings: findings.map(|path| Table::create(path, FINDING_SCHEMA, group_rows)).transpose()?,
            documents: 0,
        })
    }

    /// Adds the rows of one record (its JSON line).
    pub fn add(&mut self, line: &[u8]) -> io::Result<()> {
        let record: Value = serde_json::from_slice(line).map_err(io::Error::other)?;
        let document_number = self.documents;
        self.documents += 1;
        let document = |key: &str| text(&record, key);
        for cookie in record.get("cookies").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let duration = cookie.get("duration");
            let of_duration =
                |key: &str| Cell::Text(duration.and_then(|d| d.get(key)).and_then(Value::as_str).map(str::to_string));
            self.cookies.push(vec![
                Cell::Int(Some(document_number)),
                Cell::Text(Some(record.get("source").and_then(Value::as_str).unwrap_or("-").to_string())),
                document("date"),
                document("url"),
                document("language"),
                document("site"),
                Cell::Text(Some(cookie.get("name").and_then(Value::as_str).unwrap_or_default().to_string())),
                Cell::Bool(cookie.get("pattern").and_then(Value::as_bool).unwrap_or(false)),
                text(cookie, "kind"),
                text(cookie, "provider"),
                text(cookie, "provider_canonical"),
                text(cookie, "purpose"),
                text(cookie, "category"),
                text(cookie, "category_source"),
                of_duration("text"),
                int(duration.and_then(|d| d.get("seconds"))),
                of_duration("kind"),
                text(cookie, "party"),
                text(cookie, "domain"),
                int(cookie.get("span").and_then(|s| s.get("line"))),
            ])?;
        }
        if let Some(findings) = &mut self.findings {
            for finding in record.get("findings").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
                findings.push(vec![
                    Cell::Int(Some(document_number)),
                    Cell::Text(Some(record.get("source").and_then(Value::as_str).unwrap_or("-").to_string())),
                    document("date"),
                    document("url"),
                    Cell::Text(Some(finding.get("rule").and_then(Value::as_str).unwrap_or_default().to_string())),
                    text(finding, "code"),
                    text(finding, "severity"),
                    text(finding, "message"),
                    int(finding.get("line")),
                    int(finding.get("column")),
                    int(finding.get("end_line")),
                    int(finding.get("end_column")),
                ])?;
            }
        }
        Ok(())
    }

    /// Writes the rows still held and the files' footers.
    pub fn finish(self) -> io::Result<()> {
        self.cookies.close()?;
        if let Some(findings) = self.findings {
            findings.close()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn rows_go_out_a_row_group_at_a_time_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.parquet");
        let mut parquet = Parquet::create(&path, None, 10).unwrap();
        for document in 0..7 {
            let cookies: Vec<Value> = (0..4)
                .map(|i| serde_json::json!({"name": format!("c{document}_{i}"), "pattern": false,
                    "duration": if i % 2 == 0 { serde_json::json!({"text": "2 years", "seconds": 63113904, "kind": "persistent"}) } else { Value::Null },
                    "span": {"line": i + 1}}))
                .collect();
            let line = serde_json::json!({"source": format!("d{document}.md"), "language": "en", "cookies": cookies});
            parquet.add(line.to_string().as_bytes()).unwrap();
        }
        assert!(!path.exists(), "the file has its name only when complete");
        parquet.finish().unwrap();
        assert!(!dir.path().join("c.parquet.partial").exists());
        let reader = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
        let metadata = reader.metadata();
        assert_eq!(metadata.file_metadata().num_rows(), 28);
        assert_eq!(metadata.num_row_groups(), 3, "10 + 10 + 8 rows");
        let rows: Vec<String> = reader.get_row_iter(None).unwrap().map(|r| r.unwrap().to_string()).collect();
        assert!(rows[0].contains("name: \"c0_0\"") && rows[0].contains("duration_seconds: 63113904"), "{}", rows[0]);
        assert!(rows[1].contains("duration_seconds: null"), "{}", rows[1]);
    }
}
