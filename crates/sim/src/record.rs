//! Streaming recorders (files opened through the run's [`Sink`], e.g. `--out DIR`) and a
//! reader for the binary spike format.
//!
//! Files written, each flushed when the run ends for any reason (completion, explosion or
//! silence, Ctrl-C), so that what was recorded stays consistent:
//! - `populations.csv`: `name,first,size,kind` (global neuron ids are `first + local index`).
//! - `spikes.bin`: a 32-byte header then one 8-byte record per spike.
//!   Header (little-endian): magic `EIBSPK01` (8 bytes), version u32 (= 1), header length u32
//!   (= 32), dt f64 (s), neuron count u64. Record: step u32 (spike time = step * dt, the end of
//!   the step in which threshold was reached), neuron u32 (global id). Records are in time
//!   order; the count follows from the file length, and a trailing partial record (a run
//!   killed while writing) is ignored by [`read_spikes`].
//! - `rates.csv`: `t_s` (bin start) and one column per population, in Hz.
//! - `voltage_<pop>.csv`: `t_s` and one column per sampled neuron (V; x or S for rate and
//!   binary units), every step.
//! - `currents_<pop>.csv`: `t_s` and `exc_<id>,inh_<id>,ext_<id>` per sampled neuron, every
//!   step (units as `neurons::Block::inputs` states).

use eibal_model::error::{Error, Result};
use eibal_model::sink::{Sink, SinkFile};
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

pub const SPIKE_MAGIC: &[u8; 8] = b"EIBSPK01";
pub const SPIKE_HEADER_LEN: usize = 32;

/// Spikes read back from a `spikes.bin` file.
#[derive(Debug, Clone, PartialEq)]
pub struct SpikeFile {
    pub dt: f64,
    pub neuron_count: u64,
    pub steps: Vec<u32>,
    pub neurons: Vec<u32>,
}

impl SpikeFile {
    /// Spike times (s).
    pub fn times(&self) -> impl Iterator<Item = f64> + '_ {
        self.steps.iter().map(|&s| s as f64 * self.dt)
    }
}

/// Reads a `spikes.bin` file.
pub fn read_spikes(path: &Path) -> Result<SpikeFile> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| Error::io(path, e))?;
    let bad = |why: &str| {
        Error::BadInput(format!(
            "{}: not an eibal spike file ({why})",
            path.display()
        ))
    };
    if bytes.len() < SPIKE_HEADER_LEN || &bytes[..8] != SPIKE_MAGIC {
        return Err(bad("missing EIBSPK01 header"));
    }
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let u64_at = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[i..i + 8]);
        u64::from_le_bytes(b)
    };
    if u32_at(8) != 1 {
        return Err(bad("unknown version"));
    }
    let header = u32_at(12) as usize;
    if header < SPIKE_HEADER_LEN || header > bytes.len() {
        return Err(bad("bad header length"));
    }
    let dt = f64::from_bits(u64_at(16));
    let neuron_count = u64_at(24);
    let n = (bytes.len() - header) / 8;
    let mut steps = Vec::with_capacity(n);
    let mut neurons = Vec::with_capacity(n);
    for k in 0..n {
        let i = header + 8 * k;
        steps.push(u32_at(i));
        neurons.push(u32_at(i + 4));
    }
    Ok(SpikeFile {
        dt,
        neuron_count,
        steps,
        neurons,
    })
}

/// Writes spikes as CSV (`t_s,neuron`).
pub fn spikes_to_csv(spikes: &SpikeFile, path: &Path) -> Result<()> {
    let io = |e| Error::io(path, e);
    let mut w = BufWriter::new(File::create(path).map_err(io)?);
    writeln!(w, "t_s,neuron").map_err(io)?;
    for (t, n) in spikes.times().zip(&spikes.neurons) {
        writeln!(w, "{t},{n}").map_err(io)?;
    }
    w.flush().map_err(io)
}

/// A CSV or binary file being written, with its path for error messages.
pub struct Stream {
    path: PathBuf,
    writer: Box<dyn Write + Send>,
}

impl Stream {
    /// Opens the file `name` of `sink`.
    pub fn create(sink: &dyn Sink, name: &str) -> Result<Stream> {
        let SinkFile { path, writer } = sink.create(name)?;
        Ok(Stream { path, writer })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer
            .write_all(bytes)
            .map_err(|e| Error::io(&self.path, e))
    }

    pub fn flush(&mut self) -> Result<()> {
        self.writer.flush().map_err(|e| Error::io(&self.path, e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Recorded traces of sampled neurons of one population, written every step.
pub struct TraceFile {
    pub population: usize,
    /// Local indices within the population.
    pub neurons: Vec<usize>,
    pub stream: Stream,
    line: String,
}

impl TraceFile {
    pub fn create(
        sink: &dyn Sink,
        name: &str,
        population: usize,
        neurons: Vec<usize>,
        header: &str,
    ) -> Result<TraceFile> {
        let mut stream = Stream::create(sink, name)?;
        stream.write(header.as_bytes())?;
        stream.write(b"\n")?;
        Ok(TraceFile {
            population,
            neurons,
            stream,
            line: String::new(),
        })
    }

    /// Writes one line: the time and the values.
    pub fn line(&mut self, t: f64, values: impl Iterator<Item = f64>) -> Result<()> {
        use std::fmt::Write as _;
        self.line.clear();
        let _ = write!(self.line, "{t:.6}");
        for v in values {
            let _ = write!(self.line, ",{v:.6e}");
        }
        self.line.push('\n');
        let bytes = std::mem::take(&mut self.line);
        let r = self.stream.write(bytes.as_bytes());
        self.line = bytes;
        r
    }
}

/// Writes the header of a spike file.
pub fn spike_header(dt: f64, neuron_count: u64) -> [u8; SPIKE_HEADER_LEN] {
    let mut h = [0u8; SPIKE_HEADER_LEN];
    h[..8].copy_from_slice(SPIKE_MAGIC);
    h[8..12].copy_from_slice(&1u32.to_le_bytes());
    h[12..16].copy_from_slice(&(SPIKE_HEADER_LEN as u32).to_le_bytes());
    h[16..24].copy_from_slice(&dt.to_bits().to_le_bytes());
    h[24..32].copy_from_slice(&neuron_count.to_le_bytes());
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spike_file_round_trips_and_ignores_a_partial_record() {
        let dir = std::env::temp_dir().join(format!("eibal_rec_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("spikes.bin");
        let sink = eibal_model::sink::Directory::new(&dir);
        let mut s = Stream::create(&sink, "spikes.bin").unwrap();
        s.write(&spike_header(1e-4, 10)).unwrap();
        for (step, n) in [(3u32, 1u32), (5, 9)] {
            s.write(&step.to_le_bytes()).unwrap();
            s.write(&n.to_le_bytes()).unwrap();
        }
        s.write(&[1, 2, 3]).unwrap();
        s.flush().unwrap();
        let f = read_spikes(&path).unwrap();
        assert_eq!(f.steps, vec![3, 5]);
        assert_eq!(f.neurons, vec![1, 9]);
        assert_eq!(f.neuron_count, 10);
        assert!((f.times().nth(1).unwrap() - 5e-4).abs() < 1e-15);
        std::fs::remove_dir_all(&dir).ok();
    }
}
