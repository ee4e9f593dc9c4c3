//! The language layer every stage reads text with: the per-language lexicons compiled from
//! `grammar/*.toml` ([`lexicon`]), and the two nom grammars built on them, for cookie names
//! ([`names`]: is this a name, split a cell into names, patterns into globs) and lifetimes
//! ([`duration`]: is this a lifetime, read it into seconds and ISO 8601). They sit below the
//! pipeline's stages: a layout reader asks "is this cell a lifetime" of the same grammar the
//! normalization stage later reads it with, and no stage calls back into a later one.
pub mod duration;
pub mod lexicon;
pub mod names;

pub use lexicon::*;
