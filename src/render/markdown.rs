//! Markdown: the normalized tables as clean GFM tables — PDF mess in, tidy table out. Header
//! and cells keep their text as written (wrapped lines joined), pipes are escaped, and each
//! table sits under its heading so that extracting the output again gives the same entries.
use crate::model::Policy;
use std::io::{self, Write};

pub fn write_markdown(out: &mut dyn Write, policy: &Policy) -> io::Result<()> {
    let site = policy.site.as_deref().map(|s| format!("; site: {s}")).unwrap_or_default();
    writeln!(out, "<!-- cookielint: tables extracted from {}{site} -->", policy.source)?;
    for table in &policy.tables {
        writeln!(out)?;
        // The heading that gave the category goes first when it is a parent of the nearest one,
        // so that the category survives a second extraction.
        if let Some(parent) = table.category_heading.as_ref().filter(|p| Some(*p) != table.heading.as_ref()) {
            writeln!(out, "## {}\n", escape_heading(parent))?;
        }
        if let Some(heading) = &table.heading {
            writeln!(out, "### {}\n", escape_heading(heading))?;
        }
        write!(out, "{}", table_markdown(table))?;
    }
    Ok(())
}

/// One table as a GFM pipe table, columns padded to a common width.
pub fn table_markdown(table: &crate::interpret::Table) -> String {
    let width = table.headers.len().max(table.body.iter().map(|r| r.cells.len()).max().unwrap_or(0));
    let header: Vec<String> =
        (0..width).map(|i| escape_cell(table.headers.get(i).map_or("", String::as_str))).collect();
    let body: Vec<Vec<String>> = table
        .body
        .iter()
        .map(|row| (0..width).map(|i| escape_cell(row.cells.get(i).map_or("", |c| c.text.as_str()))).collect())
        .collect();
    pipe_grid(&header, &body)
}

/// A GFM pipe table of cells already written as Markdown: the header, its delimiter row, the
/// body; columns padded to a common width (at least three).
pub fn pipe_grid(header: &[String], body: &[Vec<String>]) -> String {
    let rows: Vec<&[String]> = std::iter::once(header).chain(body.iter().map(Vec::as_slice)).collect();
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..width)
        .map(|i| rows.iter().map(|r| r.get(i).map_or(0, |c| c.chars().count())).max().unwrap_or(0).max(3))
        .collect();
    let mut text = String::new();
    for (index, row) in rows.iter().enumerate() {
        text.push('|');
        for (i, w) in widths.iter().enumerate() {
            let cell = row.get(i).map_or("", String::as_str);
            text.push(' ');
            text.push_str(cell);
            text.push_str(&" ".repeat(w - cell.chars().count()));
            text.push_str(" |");
        }
        text.push('\n');
        if index == 0 {
            text.push('|');
            for w in &widths {
                text.push_str(&format!(" {} |", "-".repeat(*w)));
            }
            text.push('\n');
        }
    }
    text
}

/// Pipes and backslashes would end or escape a cell; `**` would become emphasis.
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '*' if out.ends_with('*') => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\<"),
            _ => out.push(c),
        }
    }
    out
}

fn escape_heading(text: &str) -> String {
    text.replace('#', "\\#")
}
