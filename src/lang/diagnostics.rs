//! Diagnostics: an error message tied to a source span, rendered as
//!
//! ```text
//! models/brunel2000.ei:12:14: error: unknown name `tau`
//!    |
//! 12 |     weight = tau * 2,
//!    |              ^^^
//!    = help: did you mean `tau_m`?
//! ```
//!
//! Plain ASCII without colours, so that messages read the same in a terminal, a log file and
//! a snapshot test.

use super::ast::Span;
use super::source::SourceMap;
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Where the problem is; `None` for problems without a place in a file (e.g. a `--set`
    /// naming an unknown param).
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn at(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: Some(span),
            message: message.into(),
            help: None,
        }
    }

    pub fn nowhere(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line unless there is one already (a suggestion is more specific).
    pub fn or_help(self, help: impl Into<String>) -> Diagnostic {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }

    /// Adds "did you mean `x`?" when a candidate is close to `name` (edit distance).
    pub fn suggest<'a>(
        self,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Diagnostic {
        match closest(name, candidates) {
            Some(best) => self.with_help(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    pub fn render(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        let Some(span) = self.span else {
            let _ = writeln!(out, "error: {}", self.message);
            if let Some(help) = &self.help {
                let _ = writeln!(out, "  = help: {help}");
            }
            return out;
        };
        let (line, column) = sources.line_col(span.file, span.start);
        let _ = writeln!(
            out,
            "{}:{line}:{column}: error: {}",
            sources.name(span.file),
            self.message
        );
        let (text, line_start) = sources.line_of(span.file, span.start);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {text}");
        // Caret: keep tabs so that it lines up under the same characters.
        let start_in_line = span.start.saturating_sub(line_start).min(text.len());
        let indent: String = text
            .get(..start_in_line)
            .unwrap_or("")
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let end_in_line = span.end.saturating_sub(line_start).min(text.len());
        let width = text
            .get(start_in_line..end_in_line.max(start_in_line))
            .map_or(0, |s| s.chars().count())
            .max(1);
        let _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(width));
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = help: {help}");
        }
        out
    }
}

/// Renders several diagnostics, separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let parts: Vec<String> = diagnostics.iter().map(|d| d.render(sources)).collect();
    let mut text = parts.join("\n");
    let n = diagnostics.len();
    if n > 1 {
        let _ = writeln!(text, "\n{n} errors");
    }
    text.trim_end().to_string()
}

/// The candidate closest to `name` by Levenshtein distance, if close enough to be a likely
/// typo (at most a third of the name's length, at least 1).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
