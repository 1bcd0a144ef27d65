//! A [`Sink`] that keeps the recorded traces in memory: the `voltage_<pop>.csv` and
//! `currents_<pop>.csv` a run writes when the model's `record` block asks for them, so that
//! `SimResult.voltage(pop)` and `.currents(pop)` return what the command line would have
//! written to `--out`. Every other file (spikes, rates, statistics) is discarded: those are
//! in memory already.

use eibal_model::error::Result;
use eibal_model::sink::{Sink, SinkFile};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

type Buffer = Arc<Mutex<Vec<u8>>>;

/// Trace files kept by name.
#[derive(Debug, Default)]
pub struct Capture {
    files: Mutex<BTreeMap<String, Buffer>>,
}

/// Appends to a shared buffer.
struct Appender(Buffer);

impl Write for Appender {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    /// Whether a file of this name is kept.
    pub fn keeps(name: &str) -> bool {
        name.starts_with("voltage_") || name.starts_with("currents_")
    }

    /// The kept files, by name.
    pub fn take(&self) -> BTreeMap<String, Vec<u8>> {
        let files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        files
            .into_iter()
            .map(|(name, buffer)| {
                let bytes = std::mem::take(&mut *buffer.lock().unwrap_or_else(|e| e.into_inner()));
                (name, bytes)
            })
            .collect()
    }
}

impl Sink for Capture {
    fn create(&self, name: &str) -> Result<SinkFile> {
        let writer: Box<dyn Write + Send> = if Capture::keeps(name) {
            let buffer = Buffer::default();
            self.files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(name.to_string(), Arc::clone(&buffer));
            Box::new(Appender(buffer))
        } else {
            Box::new(std::io::sink())
        };
        Ok(SinkFile {
            path: self.path_of(name),
            writer,
        })
    }

    fn path_of(&self, name: &str) -> PathBuf {
        PathBuf::from(name)
    }
}

/// A recorded trace file: the times (s) and one row of values per time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub times: Vec<f64>,
    /// Row-major, `times.len()` rows of `columns.len()` values.
    pub values: Vec<f64>,
}

/// Reads a CSV written by the engine's trace files: a header `t_s,c1,c2,...` and lines of
/// numbers.
pub fn parse_table(bytes: &[u8]) -> Table {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines();
    let columns: Vec<String> = lines
        .next()
        .map(|h| h.split(',').skip(1).map(str::to_string).collect())
        .unwrap_or_default();
    let mut table = Table {
        columns,
        ..Table::default()
    };
    for line in lines {
        let mut fields = line
            .split(',')
            .map(|f| f.trim().parse::<f64>().unwrap_or(f64::NAN));
        let Some(t) = fields.next() else { continue };
        table.times.push(t);
        let before = table.values.len();
        table.values.extend(fields.take(table.columns.len()));
        table.values.resize(before + table.columns.len(), f64::NAN);
    }
    table
}
