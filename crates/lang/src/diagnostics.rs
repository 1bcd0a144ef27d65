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
use eibal_model::error::{Diagnostics, Located};
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Where the problem is; `None` for problems without a place in a file (e.g. a `--set`
    /// naming an unknown param).
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
    /// Context, e.g. the `use` of the motif in whose body the problem is.
    pub note: Option<String>,
}

impl Diagnostic {
    pub fn at(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: Some(span),
            message: message.into(),
            help: None,
            note: None,
        }
    }

    pub fn nowhere(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: None,
            message: message.into(),
            help: None,
            note: None,
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

    /// Like [`Diagnostic::suggest`] with an explicit largest edit distance.
    pub fn suggest_within<'a>(
        self,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        limit: usize,
    ) -> Diagnostic {
        let best = candidates
            .into_iter()
            .filter(|c| *c != name)
            .map(|c| (strsim::levenshtein(name, c), c))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d);
        match best {
            Some((_, c)) => self.with_help(format!("did you mean `{c}`?")),
            None => self,
        }
    }

    pub fn render(&self, sources: &SourceMap) -> String {
        self.render_as(sources, "error")
    }

    /// Like [`Diagnostic::render`] with another level word (`warning`).
    pub fn render_as(&self, sources: &SourceMap, level: &str) -> String {
        let mut out = String::new();
        let Some(span) = self.span else {
            let _ = writeln!(out, "{level}: {}", self.message);
            if let Some(help) = &self.help {
                let _ = writeln!(out, "  = help: {help}");
            }
            return out;
        };
        let (line, column) = sources.line_col(span.file, span.start);
        let _ = writeln!(
            out,
            "{}:{line}:{column}: {level}: {}",
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
        if let Some(note) = &self.note {
            let _ = writeln!(out, "{pad} = note: {note}");
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

/// The error of these diagnostics: the rendered text and each one resolved to file, line
/// and column, so that callers (the Python package) get them as data.
pub fn to_error(diagnostics: &[Diagnostic], sources: &SourceMap) -> eibal_model::Error {
    let items = diagnostics
        .iter()
        .map(|d| {
            let (file, start, end) = match d.span {
                Some(s) => (
                    Some(sources.name(s.file).to_string()),
                    Some(sources.line_col(s.file, s.start)),
                    Some(sources.line_col(s.file, s.end.max(s.start))),
                ),
                None => (None, None, None),
            };
            Located {
                file,
                line: start.map(|p| p.0),
                column: start.map(|p| p.1),
                end_line: end.map(|p| p.0),
                end_column: end.map(|p| p.1),
                message: d.message.clone(),
                help: d.help.clone(),
                note: d.note.clone(),
            }
        })
        .collect();
    eibal_model::Error::Model(Diagnostics {
        rendered: render_all(diagnostics, sources),
        items,
    })
}

/// The candidate closest to `name` by Levenshtein distance, if close enough to be a likely
/// typo: at most a third of the name's length (at least 1), and less than the whole name (so
/// `g` suggests nothing rather than any other one-letter name).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = (len / 3).max(1).min(len.saturating_sub(1));
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{FileId, Span};

    #[test]
    fn caret_lines_up_under_tabs_and_non_ascii_text() {
        let mut sources = SourceMap::default();
        let text = "let a = 1\n\tlet \u{e9}t\u{e9} = b\n";
        let file = sources.add("x.ei", text);
        let start = text.find('b').expect("b");
        let d = Diagnostic::at(
            Span {
                file,
                start,
                end: start + 1,
            },
            "unknown name `b`",
        )
        .with_help("h");
        assert_eq!(file, FileId(0));
        // Column 12 counts characters (tab and e-acute count one each), not bytes; the
        // caret line keeps the tab and then pads with one space per character.
        let expected = "x.ei:2:12: error: unknown name `b`\n  |\n2 | \tlet \u{e9}t\u{e9} = b\n  | \t          ^\n  = help: h\n";
        assert_eq!(d.render(&sources), expected);
    }

    #[test]
    fn suggestions_only_for_close_names() {
        assert_eq!(closest("tau_n", ["tau_m", "theta"]), Some("tau_m"));
        assert_eq!(closest("g", ["eta", "J"]), None);
        assert_eq!(closest("gg", ["g", "J"]), Some("g"));
        assert_eq!(
            closest("inhibitry", ["excitatory", "inhibitory"]),
            Some("inhibitory")
        );
    }
}
