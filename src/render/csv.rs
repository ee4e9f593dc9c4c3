//! CSV: one row per cookie, with the source path, for spreadsheets and data frames.
use crate::model::Policy;
use std::io::{self, Write};

pub const HEADER: [&str; 17] = [
    "source",
    "language",
    "site",
    "table",
    "heading",
    "name",
    "pattern",
    "pattern_glob",
    "provider",
    "function",
    "purpose",
    "category",
    "category_source",
    "duration_text",
    "duration_seconds",
    "duration_iso8601",
    "line",
];

pub fn write_csv(out: &mut dyn Write, policies: &[Policy]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER).map_err(io::Error::other)?;
    for policy in policies {
        for cookie in &policy.cookies {
            let heading = policy.tables.get(cookie.table).and_then(|t| t.heading.clone());
            let duration = cookie.duration.as_ref();
            let record = [
                policy.source.clone(),
                policy.language.clone().unwrap_or_default(),
                policy.site.clone().unwrap_or_default(),
                cookie.table.to_string(),
                heading.unwrap_or_default(),
                cookie.name.clone(),
                cookie.pattern.to_string(),
                cookie.pattern_glob.clone().unwrap_or_default(),
                cookie.provider.clone().unwrap_or_default(),
                cookie.function.clone().unwrap_or_default(),
                cookie.purpose.clone().unwrap_or_default(),
                cookie.category.map(|c| c.as_str().to_string()).unwrap_or_default(),
                cookie.category_source.map(|s| format!("{s:?}").to_lowercase()).unwrap_or_default(),
                duration.map(|d| d.text.clone()).unwrap_or_default(),
                duration.and_then(|d| d.seconds).map(|s| s.to_string()).unwrap_or_default(),
                duration.and_then(|d| d.iso8601.clone()).unwrap_or_default(),
                cookie.span.line.to_string(),
            ];
            writer.write_record(&record).map_err(io::Error::other)?;
        }
    }
    writer.flush()
}
