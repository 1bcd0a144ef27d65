//! The one error type of eibal and its mapping to exit codes: 0 ok, 1 runtime failure,
//! 2 bad input.
//!
//! A problem in a model file keeps its diagnostics as data ([`Diagnostics`]: file, line,
//! column, message, help, note), so that the command line prints them with carets and the
//! Python package hands them over as a list of dicts; every other variant names its cause.
//! [`Error::render`] is the text a user sees.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model source is wrong (or a value written in the model language, e.g. a `--set`):
    /// one or more diagnostics with their places.
    #[error("{0}")]
    Model(Diagnostics),
    /// A bad value outside any model file: a command-line option or an argument of a library
    /// call (a range with LO above HI, an unknown param, a negative duration).
    #[error("{0}")]
    BadInput(String),
    /// The input was fine but the computation failed: no fixed point found, a network that
    /// exploded, a solver that ran out of its budget.
    #[error("{0}")]
    Runtime(String),
    /// The caller asked the computation to stop (Ctrl-C, a cancelled observer).
    #[error("interrupted")]
    Cancelled,
    /// Reading or writing a file failed (missing file, full disk, no permission).
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// 2 for bad input, 1 for everything that failed at run time (130 is left to the shell
    /// for Ctrl-C: an interrupted computation is a runtime failure).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Model(_) | Error::BadInput(_) => 2,
            Error::Runtime(_) | Error::Cancelled | Error::Io { .. } => 1,
        }
    }

    /// Whether the user's input is at fault (exit code 2).
    pub fn is_bad_input(&self) -> bool {
        self.exit_code() == 2
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The text shown to a user: rendered diagnostics as they are (`file:line:col: error: ...`
    /// with the line and a caret), every other message behind `error: `.
    pub fn render(&self) -> String {
        match self {
            Error::Model(d) => d.rendered.clone(),
            Error::Io { path, source } => {
                format!("error: {}: {}", path.display(), io_words(source))
            }
            other => format!("error: {other}"),
        }
    }

    /// The diagnostics of a model error (empty for other variants).
    pub fn diagnostics(&self) -> &[Located] {
        match self {
            Error::Model(d) => &d.items,
            _ => &[],
        }
    }
}

/// An I/O error in plain words, without Rust's "(os error 17)" suffix.
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file or directory".into(),
        K::PermissionDenied => "permission denied".into(),
        K::AlreadyExists => "the file exists already".into(),
        K::StorageFull => "the disk is full".into(),
        K::IsADirectory => "is a directory".into(),
        K::NotADirectory => "a part of the path is not a directory".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// Diagnostics of one model source: the rendered text and each item as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostics {
    /// As printed: `file:line:col: error: ...`, the line, a caret, help and note lines.
    pub rendered: String,
    pub items: Vec<Located>,
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rendered)
    }
}

/// One diagnostic with its place resolved to line and column (1-based, columns count
/// characters). A problem with no place in a file (an unknown `--set` name) has no file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
    pub message: String,
    pub help: Option<String>,
    pub note: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_variant() {
        assert_eq!(Error::BadInput("x".into()).exit_code(), 2);
        let d = Diagnostics {
            rendered: "m.ei:1:1: error: x".into(),
            items: vec![],
        };
        assert_eq!(Error::Model(d).exit_code(), 2);
        assert_eq!(Error::Runtime("x".into()).exit_code(), 1);
        assert_eq!(Error::Cancelled.exit_code(), 1);
    }

    #[test]
    fn rendering_prefixes_all_but_diagnostics() {
        assert_eq!(
            Error::Runtime("no fixed point".into()).render(),
            "error: no fixed point"
        );
        let d = Diagnostics {
            rendered: "m.ei:1:1: error: x".into(),
            items: vec![],
        };
        assert_eq!(Error::Model(d).render(), "m.ei:1:1: error: x");
        let e = Error::io(
            "out/x.csv",
            std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        );
        assert_eq!(e.render(), "error: out/x.csv: the file exists already");
    }
}
