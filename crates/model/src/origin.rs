//! Where a model element was written: file, line and column in the `.ei` source.
//!
//! Back ends use it to name the line when they refuse a feature (e.g. an export target
//! that cannot express a plasticity rule).

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Origin {
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// The motif whose expansion produced this element, if any (`use feedforward_inhibition(...)`).
    pub motif: Option<String>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)?;
        if let Some(m) = &self.motif {
            write!(f, " (in motif {m})")?;
        }
        Ok(())
    }
}
