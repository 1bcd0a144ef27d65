//! Presentation of the workflows' results ([`eibal_study`]): readable tables, CSV files and
//! plots. JSON needs no code here: it is the serialisation of each result.

pub mod boundary;
pub mod compare;
pub mod critical;
pub mod plot;
pub mod simulation;
pub mod spectrum;
pub mod stability;
pub mod sweep;
pub mod theory;

use eibal_model::{Error, Result, Sink};
use std::io::Write;
use std::path::PathBuf;

/// Writes `text` as `name` in `sink`; returns the path written.
pub fn write_text(sink: &dyn Sink, name: &str, text: &str) -> Result<PathBuf> {
    let mut file = sink.create(name)?;
    file.writer
        .write_all(text.as_bytes())
        .and_then(|()| file.writer.flush())
        .map_err(|e| Error::io(&file.path, e))?;
    Ok(file.path)
}
