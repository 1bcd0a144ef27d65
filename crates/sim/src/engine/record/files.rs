//! The files a run writes through its sink, as the model's `record` block asks (formats in
//! `crate::record`): `populations.csv` always, `spikes.bin`, `rates.csv`,
//! `voltage_<pop>.csv` and `currents_<pop>.csv`.

use crate::engine::build::{Network, Pop};
use crate::engine::view::View;
use crate::record::{Stream, TraceFile, spike_header};
use eibal_model::error::Result;
use eibal_model::{Model, PopulationId, Recording, Sink};
use std::path::PathBuf;

/// `rates.csv`: spikes per population summed over bins of `bin` steps.
struct RateFile {
    stream: Stream,
    bin: u64,
    counts: Vec<u64>,
}

/// The open files of a run (none without a sink).
pub struct Files {
    /// `spikes.bin` and which global neurons it records.
    spikes: Option<(Stream, Vec<bool>)>,
    rates: Option<RateFile>,
    voltages: Vec<TraceFile>,
    currents: Vec<TraceFile>,
    /// Every file opened, in order of opening.
    pub paths: Vec<PathBuf>,
}

impl Files {
    /// Opens the files of `model`'s recordings in `sink`, in the order of the record block
    /// (after `populations.csv`).
    pub fn open(model: &Model, net: &Network, h: f64, sink: Option<&dyn Sink>) -> Result<Files> {
        let mut files = Files {
            spikes: None,
            rates: None,
            voltages: Vec::new(),
            currents: Vec::new(),
            paths: Vec::new(),
        };
        let Some(sink) = sink else { return Ok(files) };
        let listing = listing(model, &net.pops, sink)?;
        files.paths.push(listing.path().to_path_buf());
        for r in &model.simulation.record {
            match r {
                Recording::Spikes { population, sample } => {
                    files.record_spikes(sink, net, *population, *sample, h)?
                }
                Recording::Rates { bin } => {
                    let f = rate_file(model, sink, *bin, h)?;
                    files.paths.push(f.stream.path().to_path_buf());
                    files.rates = Some(f);
                }
                Recording::Voltage { population, sample } => {
                    let t = voltage_file(model, &net.pops, sink, population.0, *sample)?;
                    files.paths.push(t.stream.path().to_path_buf());
                    files.voltages.push(t);
                }
                Recording::Currents { population, sample } => {
                    let t = currents_file(model, &net.pops, sink, population.0, *sample)?;
                    files.paths.push(t.stream.path().to_path_buf());
                    files.currents.push(t);
                }
            }
        }
        Ok(files)
    }

    /// Opens `spikes.bin` on first use and marks the first `sample` neurons (all without a
    /// sample) of `population` (every population without one) as recorded.
    fn record_spikes(
        &mut self,
        sink: &dyn Sink,
        net: &Network,
        population: Option<PopulationId>,
        sample: Option<usize>,
        h: f64,
    ) -> Result<()> {
        if self.spikes.is_none() {
            let mut s = Stream::create(sink, "spikes.bin")?;
            s.write(&spike_header(h, net.total as u64))?;
            self.paths.push(s.path().to_path_buf());
            self.spikes = Some((s, vec![false; net.total]));
        }
        if let Some((_, mask)) = self.spikes.as_mut() {
            for (pi, pop) in net.pops.iter().enumerate() {
                if population.is_some_and(|q| q.0 != pi) {
                    continue;
                }
                let k = sample.unwrap_or(pop.size).min(pop.size);
                mask[pop.first..pop.first + k].fill(true);
            }
        }
        Ok(())
    }

    /// Writes the recorded spikes of `pop` (local indices `emitters`) in step `s`, stamped
    /// s + 1.
    pub fn spikes(&mut self, pop: &Pop, emitters: &[u32], s: u64) -> Result<()> {
        let Some((stream, mask)) = &mut self.spikes else {
            return Ok(());
        };
        let stamp = (s + 1) as u32;
        for &i in emitters {
            let g = pop.first + i as usize;
            if mask[g] {
                let mut rec = [0u8; 8];
                rec[..4].copy_from_slice(&stamp.to_le_bytes());
                rec[4..].copy_from_slice(&(g as u32).to_le_bytes());
                stream.write(&rec)?;
            }
        }
        Ok(())
    }

    /// The lines of step `s` (time (s + 1) h) of the voltage and current files: the state after
    /// the step and the input that arrived in it (unscaled rings).
    pub fn traces(&mut self, view: &View, s: u64, h: f64) -> Result<()> {
        let t = s as f64 * h;
        for tf in &mut self.voltages {
            let p = tf.population;
            let values: Vec<f64> = tf.neurons.iter().map(|&i| view.state(p, i)).collect();
            tf.line(t + h, values.into_iter())?;
        }
        for tf in &mut self.currents {
            let p = tf.population;
            let mut values = Vec::with_capacity(3 * tf.neurons.len());
            for &i in &tf.neurons {
                values.extend(view.inputs(p, i, false));
            }
            tf.line(t + h, values.into_iter())?;
        }
        Ok(())
    }

    /// Every neuron of the voltage and current files as (population, local index).
    pub fn traced(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.voltages.iter().chain(&self.currents).flat_map(|tf| {
            let pi = tf.population;
            tf.neurons.iter().map(move |&i| (pi, i))
        })
    }

    /// Adds the spike counts of step `s` (the last of each of `population_counts`) to the rate
    /// bins; at the end of a bin writes its start and the rates count / (N bin h) in Hz.
    pub fn rates(
        &mut self,
        pops: &[Pop],
        population_counts: &[Vec<u32>],
        s: u64,
        h: f64,
    ) -> Result<()> {
        let Some(RateFile {
            stream,
            bin,
            counts,
        }) = &mut self.rates
        else {
            return Ok(());
        };
        for (a, c) in counts.iter_mut().zip(population_counts) {
            *a += c.last().copied().unwrap_or(0) as u64;
        }
        if (s + 1).is_multiple_of(*bin) {
            let t0 = (s + 1 - *bin) as f64 * h;
            let mut line = format!("{t0:.6}");
            for (a, p) in counts.iter_mut().zip(pops) {
                line.push_str(&format!(
                    ",{:.6}",
                    *a as f64 / (p.size as f64 * *bin as f64 * h)
                ));
                *a = 0;
            }
            line.push('\n');
            stream.write(line.as_bytes())?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        if let Some((s, _)) = &mut self.spikes {
            s.flush()?;
        }
        if let Some(r) = &mut self.rates {
            r.stream.flush()?;
        }
        for t in self.voltages.iter_mut().chain(self.currents.iter_mut()) {
            t.stream.flush()?;
        }
        Ok(())
    }
}

/// Writes `populations.csv`: `name,first,size,kind`.
fn listing(model: &Model, pops: &[Pop], sink: &dyn Sink) -> Result<Stream> {
    let mut listing = Stream::create(sink, "populations.csv")?;
    listing.write(b"name,first,size,kind\n")?;
    for (p, pop) in model.populations.iter().zip(pops) {
        listing.write(
            format!(
                "{},{},{},{}\n",
                p.name,
                pop.first,
                pop.size,
                model.neuron(p.neuron).kind.keyword()
            )
            .as_bytes(),
        )?;
    }
    listing.flush()?;
    Ok(listing)
}

/// Opens `rates.csv` with its header `t_s,<pop>,...`, for bins of round(bin / h) steps.
fn rate_file(model: &Model, sink: &dyn Sink, bin: f64, h: f64) -> Result<RateFile> {
    let steps = ((bin / h).round() as u64).max(1);
    let mut stream = Stream::create(sink, "rates.csv")?;
    let names: Vec<&str> = model.populations.iter().map(|p| p.name.as_str()).collect();
    stream.write(format!("t_s,{}\n", names.join(",")).as_bytes())?;
    Ok(RateFile {
        stream,
        bin: steps,
        counts: vec![0; model.populations.len()],
    })
}

/// Opens `voltage_<pop>.csv` for the first `sample` neurons: `t_s,n<id>,...`.
fn voltage_file(
    model: &Model,
    pops: &[Pop],
    sink: &dyn Sink,
    p: usize,
    sample: usize,
) -> Result<TraceFile> {
    let name = &model.populations[p].name;
    let neurons: Vec<usize> = (0..sample.min(pops[p].size)).collect();
    let header = std::iter::once("t_s".to_string())
        .chain(neurons.iter().map(|i| format!("n{}", pops[p].first + i)))
        .collect::<Vec<_>>()
        .join(",");
    TraceFile::create(sink, &format!("voltage_{name}.csv"), p, neurons, &header)
}

/// Opens `currents_<pop>.csv` for the first `sample` neurons: `t_s,exc_<id>,inh_<id>,ext_<id>,...`.
fn currents_file(
    model: &Model,
    pops: &[Pop],
    sink: &dyn Sink,
    p: usize,
    sample: usize,
) -> Result<TraceFile> {
    let name = &model.populations[p].name;
    let neurons: Vec<usize> = (0..sample.min(pops[p].size)).collect();
    let mut header = String::from("t_s");
    for i in &neurons {
        let g = pops[p].first + i;
        header.push_str(&format!(",exc_{g},inh_{g},ext_{g}"));
    }
    TraceFile::create(sink, &format!("currents_{name}.csv"), p, neurons, &header)
}
