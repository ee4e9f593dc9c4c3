//! JSON: one object per document (an array when there are several); JSON Lines: one document
//! per line.
use crate::model::Policy;
use std::io::{self, Write};

// Each document is serialized into a buffer first: serde_json writes token by token, and through
// `dyn Write` every token would be a call through the vtable (a sixth of batch time on large
// documents).
pub fn write_json(out: &mut dyn Write, policies: &[Policy]) -> io::Result<()> {
    let mut bytes =
        if let [one] = policies { serde_json::to_vec_pretty(one)? } else { serde_json::to_vec_pretty(policies)? };
    bytes.push(b'\n');
    out.write_all(&bytes)
}

pub fn write_jsonl(out: &mut dyn Write, policy: &Policy) -> io::Result<()> {
    let mut bytes = serde_json::to_vec(policy)?;
    bytes.push(b'\n');
    out.write_all(&bytes)
}
