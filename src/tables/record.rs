//! Tables that hold one cookie per record, written down the page: the left cells are labels
//! ("Name", "Provider", "Purpose", "Expiry") and the right cells their values, one table per
//! cookie or several records one after the other. Consent tools print them so, and an HTML
//! table with `<th>` down its first column renders so. Read as key-value records: a record
//! starts at each label of the name column.
use super::keyvalue::{flush, Entry};
use super::{Layout, RawRow, RawTable};
use crate::grammar::{Field, Lexicons};

/// The table read as records when it is one: two cells on every row, a label of a known column
/// on the left of most rows, among them a label of the name column on the first row and at
/// least one other field. Any other table is given back as it is. A record's cells are in the
/// order its fields first appear in the table, which may differ from the order a later record
/// writes them in.
pub fn as_records(mut table: RawTable, lexicons: &Lexicons, language: Option<&str>) -> RawTable {
    if table.fields.is_some() || table.rows.iter().any(|row| row.cells.len() != 2) {
        return table;
    }
    // A converter writes an empty header row above a table that had none.
    let empty_first = table.rows.first().is_some_and(|row| row.cells.iter().all(|c| c.text.is_empty()));
    // A first row of two labels ("Name | Description") is a header: the table explains its
    // columns, it is no record.
    let headed = |rows: &[RawRow]| {
        rows.first().is_some_and(|row| lexicons.exact_label_field(&row.cells[1].text, language).is_some())
    };
    let rows = &table.rows[usize::from(empty_first)..];
    if rows.len() < 2 || headed(rows) {
        return table;
    }
    // Labels as a label cell writes them, not words that hold one ("Cookie name and value").
    let labels: Vec<Option<Field>> =
        rows.iter().map(|row| lexicons.exact_label_field(&row.cells[0].text, language)).collect();
    let labelled = labels.iter().flatten().count();
    let mut fields: Vec<Field> = Vec::new();
    for field in labels.iter().flatten() {
        if !fields.contains(field) {
            fields.push(*field);
        }
    }
    let reads_as_records = labels[0] == Some(Field::Name) && fields.len() >= 2 && labelled * 3 >= rows.len() * 2;
    if !reads_as_records {
        return table;
    }
    if empty_first {
        table.rows.remove(0);
    }
    // Each record: its labelled rows, from a name label to the next (a row with no label adds
    // nothing), made a table as key-value blocks are.
    let mut records: Vec<Entry> = Vec::new();
    for (row, label) in table.rows.iter().zip(&labels) {
        let Some(field) = label else { continue };
        if *field == Field::Name || records.is_empty() {
            records.push(Entry { range: row.range.clone(), cells: Vec::new() });
        }
        let Some(record) = records.last_mut() else { continue };
        record.range.end = row.range.end;
        record.cells.push((Some(*field), row.cells[1].clone()));
    }
    let mut read = Vec::new();
    flush(&mut records, &mut read);
    match read.pop() {
        Some(records) => RawTable { layout: Layout::KeyValue, rows: records.rows, fields: records.fields, ..table },
        None => table,
    }
}
