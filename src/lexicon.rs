//! The lexicons, under the name the library has always given them; they live in
//! [`crate::grammar::lexicon`].
pub use crate::grammar::lexicon::*;
