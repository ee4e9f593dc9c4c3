//! JSON: one object per document (an array when there are several); JSON Lines: one document
//! per line.
use crate::model::Policy;
use std::io::{self, Write};

pub fn write_json(out: &mut dyn Write, policies: &[Policy]) -> io::Result<()> {
    if let [one] = policies {
        serde_json::to_writer_pretty(&mut *out, one)?;
    } else {
        serde_json::to_writer_pretty(&mut *out, policies)?;
    }
    writeln!(out)
}

pub fn write_jsonl(out: &mut dyn Write, policy: &Policy) -> io::Result<()> {
    serde_json::to_writer(&mut *out, policy)?;
    writeln!(out)
}
