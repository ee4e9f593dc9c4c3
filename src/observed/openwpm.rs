//! An OpenWPM crawl database (SQLite): the table `javascript_cookies`, one row per cookie
//! event the browser extension recorded. Deleted cookies are skipped; the lifetime is `expiry`
//! − `time_stamp` (both ISO dates, or Unix seconds in old crawls); `is_session` marks session
//! cookies; the visited site comes from `site_visits.site_url` when the table is there. Older
//! crawls name the event column `change` instead of `record_type`: both are read.
use super::{normalize_domain, Lifetime, ObservedCookie};
use crate::calendar::parse_rfc3339;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

pub fn read(path: &Path) -> Result<Vec<ObservedCookie>, String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags).map_err(|e| format!("cannot open the database: {e}"))?;
    let columns = table_columns(&connection, "javascript_cookies")?;
    if columns.is_empty() {
        return Err("an SQLite database without the OpenWPM table `javascript_cookies`".into());
    }
    let has = |c: &str| columns.iter().any(|x| x == c);
    for required in ["name", "host"] {
        if !has(required) {
            return Err(format!("`javascript_cookies` has no `{required}` column"));
        }
    }
    let pick = |c: &str| if has(c) { format!("c.{c}") } else { "NULL".to_string() };
    let event = if has("record_type") {
        "c.record_type"
    } else if has("change") {
        "c.change"
    } else {
        "NULL"
    };
    let visits = table_columns(&connection, "site_visits")?;
    let (site, join) = if visits.iter().any(|c| c == "site_url") && has("visit_id") {
        ("v.site_url", "LEFT JOIN site_visits v ON v.visit_id = c.visit_id")
    } else {
        ("NULL", "")
    };
    let order = if has("id") { "ORDER BY c.id" } else { "" };
    let query = format!(
        "SELECT c.name, c.host, {}, {}, {}, {event}, {site} FROM javascript_cookies c {join} {order}",
        pick("is_session"),
        pick("expiry"),
        pick("time_stamp"),
    );
    let mut statement = connection.prepare(&query).map_err(|e| format!("cannot read `javascript_cookies`: {e}"))?;
    let mut rows = statement.query([]).map_err(|e| e.to_string())?;
    let mut cookies = Vec::new();
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        let text = |i: usize| match row.get_ref(i) {
            Ok(ValueRef::Text(t)) => Some(String::from_utf8_lossy(t).into_owned()),
            Ok(ValueRef::Integer(n)) => Some(n.to_string()),
            Ok(ValueRef::Real(n)) => Some(n.to_string()),
            _ => None,
        };
        let Some(name) = text(0).filter(|n| !n.is_empty()) else { continue };
        if text(5).is_some_and(|e| e.eq_ignore_ascii_case("deleted")) {
            continue;
        }
        let session = matches!(row.get_ref(2), Ok(ValueRef::Integer(1))) || text(2).is_some_and(|s| s == "true");
        let lifetime = if session {
            Lifetime::Session
        } else {
            match (text(3).as_deref().and_then(instant), text(4).as_deref().and_then(instant)) {
                (Some(expiry), Some(at)) if expiry > at => Lifetime::Persistent(Some((expiry - at).round() as u64)),
                (Some(_), _) => Lifetime::Persistent(None),
                (None, _) => Lifetime::Unknown,
            }
        };
        let mut observed = ObservedCookie::new(&name, &text(1).unwrap_or_default(), lifetime);
        observed.site = text(6).map(|s| normalize_domain(&s));
        cookies.push(observed);
    }
    Ok(cookies)
}

/// An ISO date, or Unix seconds (milliseconds when the number is that large).
fn instant(text: &str) -> Option<f64> {
    match text.trim().parse::<f64>() {
        Ok(n) if n > 1e11 => Some(n / 1000.0),
        Ok(n) => Some(n),
        Err(_) => parse_rfc3339(text),
    }
}

fn table_columns(connection: &Connection, table: &str) -> Result<Vec<String>, String> {
    let mut statement = connection
        .prepare(&format!("PRAGMA table_info({table})"))
        .map_err(|e| format!("not a readable database: {e}"))?;
    let names = statement.query_map([], |row| row.get::<_, String>(1)).map_err(|e| e.to_string())?;
    names.collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())
}
