//! The one diagnostic type lives in the output contract ([`crate::model`]); this path is kept
//! for the stages and renderers that name it.
pub use crate::model::{Diagnostic, Related, Severity};
