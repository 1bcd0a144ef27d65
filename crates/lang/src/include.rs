//! `include "lib/motifs.ei"`: the statements of another file, checked in place.
//!
//! Paths are relative to the including file. A file already included is skipped (so two
//! files may include the same library), and a file that includes itself, directly or
//! through others, is an include cycle.

use super::ast::Span;
use super::check::Checker;
use super::diagnostics::Diagnostic;
use super::parse;
use std::path::{Path, PathBuf};

impl Checker<'_> {
    pub fn include(&mut self, path: &str, span: Span) {
        // Resolve against the including file as the user named it, so that messages show
        // paths relative to where eibal was run.
        let including = self
            .include_display
            .last()
            .cloned()
            .unwrap_or_else(|| PathBuf::from(self.sources.name(span.file)));
        let full = including
            .parent()
            .map_or_else(|| PathBuf::from(path), |dir| dir.join(path));
        let canonical = match full.canonicalize() {
            Ok(c) => c,
            Err(e) => {
                self.error(Diagnostic::at(
                    span,
                    format!("cannot read `{}`: {}", full.display(), io_words(&e)),
                ));
                return;
            }
        };
        if let Some(pos) = self.include_stack.iter().position(|p| *p == canonical) {
            let chain: Vec<String> = self.include_stack[pos..]
                .iter()
                .chain(std::iter::once(&canonical))
                .map(|p| short(p))
                .collect();
            self.error(Diagnostic::at(
                span,
                format!("include cycle: {}", chain.join(" -> ")),
            ));
            return;
        }
        if !self.included.insert(canonical.clone()) {
            return;
        }
        let text = match read_limited(&canonical) {
            Ok(t) => t,
            Err(e) => {
                self.error(Diagnostic::at(
                    span,
                    format!("cannot read `{}`: {}", full.display(), io_words(&e)),
                ));
                return;
            }
        };
        let file = self.sources.add(full.display().to_string(), text.clone());
        let program = match parse::parse_program(&text, file) {
            Ok(p) => p,
            Err(diags) => {
                for d in diags {
                    self.error(d);
                }
                return;
            }
        };
        if self.expansion.is_some() {
            return;
        }
        self.include_stack.push(canonical);
        self.include_display.push(full);
        for stmt in &program.statements {
            self.statement(stmt);
        }
        self.include_display.pop();
        self.include_stack.pop();
    }
}

fn short(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads a text file of at most [`parse::MAX_SOURCE_LEN`] bytes (so that `include
/// "/dev/zero"` or a huge file is an error, not an endless read).
pub fn read_limited(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(parse::MAX_SOURCE_LEN as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > parse::MAX_SOURCE_LEN {
        return Err(std::io::Error::other(format!(
            "larger than {} bytes, too large for a model file",
            parse::MAX_SOURCE_LEN
        )));
    }
    utf8_text(bytes)
}

/// The text of a file's bytes: a leading byte-order mark (which some editors write) is
/// dropped; bytes that are not UTF-8 are an `InvalidData` error whose message starts with
/// the line and column of the first one (`2:11: ...`).
pub fn utf8_text(mut bytes: Vec<u8>) -> std::io::Result<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        let start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = 1 + String::from_utf8_lossy(&valid[start..]).chars().count();
        let byte = e.as_bytes()[valid.len()];
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{line}:{column}: byte 0x{byte:02x} is not UTF-8 text; save the model file as \
                 UTF-8"
            ),
        )
    })
}

pub use eibal_model::error::io_words;
