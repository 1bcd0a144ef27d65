//! Where workflows write files: a sink the caller passes (the command line's `--out DIR`, a
//! directory given to the Python package). Workflows never choose paths themselves.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file opened by a [`Sink`]: what to call it in messages, and the writer.
pub struct SinkFile {
    /// The path as shown to users.
    pub path: PathBuf,
    pub writer: Box<dyn Write + Send>,
}

/// Opens the files a workflow writes.
pub trait Sink: Send + Sync {
    /// A new file called `name` (e.g. `spikes.bin`, `raster.svg`).
    fn create(&self, name: &str) -> Result<SinkFile>;
    /// The path `name` would have (for results that list the files written).
    fn path_of(&self, name: &str) -> PathBuf;
}

/// Files in one directory, created (with its parents) on first use.
#[derive(Debug, Clone)]
pub struct Directory {
    pub path: PathBuf,
}

impl Directory {
    pub fn new(path: impl Into<PathBuf>) -> Directory {
        Directory { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Sink for Directory {
    fn create(&self, name: &str) -> Result<SinkFile> {
        std::fs::create_dir_all(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let path = self.path.join(name);
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(SinkFile {
            path,
            writer: Box::new(std::io::BufWriter::with_capacity(1 << 16, file)),
        })
    }

    fn path_of(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}
