//! The crate's error type and its mapping to exit codes: 0 ok, 1 runtime failure, 2 bad input.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's input is wrong: a malformed or inconsistent `.ei` file, a bad `--set`, a
    /// bad command-line value. The message is already rendered (with file:line:col and caret
    /// where a source position is known).
    #[error("{0}")]
    BadInput(String),
    /// The input was fine but the computation failed: no fixed point found, a network that
    /// exploded, a solver that did not converge.
    #[error("{0}")]
    Runtime(String),
    /// Reading or writing a file failed (missing file, full disk, no permission).
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}: not implemented yet")]
    NotImplemented(&'static str),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::BadInput(_) => 2,
            Error::Runtime(_) | Error::Io { .. } | Error::NotImplemented(_) => 1,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
