//! The step loop: neuron updates, spike delivery through ring buffers, plasticity, recording
//! and health checks.
//!
//! Step `s` covers the time (s h, (s+1) h]. Each population reads the input that arrives in
//! step `s` (ring rows of step `s`), updates its neurons and emits; a spike emitted in step
//! `s` is stamped (s+1) h and delivered with a delay of `d` steps into the rows of step
//! `s + d` (so it acts d h after its stamp, as in NEST).

use super::RunOptions;
use super::input::{PopulationInput, population_inputs};
use super::neurons::{Block, StepIo, binary, lif_cond, lif_delta, lif_exp, rate};
use super::plasticity::ScalingState;
use super::record::{Stream, TraceFile, spike_header};
use super::result::{Outcome, PopulationInfo, SampleTraces, SimResult, SpikeCoverage};
use super::ring_buffer::{Input, RingBuffer};
use eibal_model::error::{Error, Result};
use eibal_model::network::{self as connectivity, Csr};
use eibal_model::rng::{Purpose, SimRng, stream};
use eibal_model::{Distribution, Model, NeuronKind, Recording, Sign};
use rand_distr::{Distribution as _, Normal, StandardNormal};
use std::io::IsTerminal;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Which ring a projection's input goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Channel {
    Excitatory = 0,
    Inhibitory = 1,
    ScaledExcitatory = 2,
    ScaledInhibitory = 3,
}

/// A projection as the engine delivers it.
struct Wiring {
    source: usize,
    target_first: usize,
    target_size: usize,
    csr: Csr,
    weight: f64,
    delay: u16,
    channel: Channel,
    /// For rate-unit sources with one delay: the same synapses by target, so that each step
    /// computes input_i = sum_k w_k phi(x_src(k)) as a gather (no store per synapse).
    by_target: Option<ByTarget>,
}

/// Synapses indexed by target: sources and weights of target `t` are at
/// `offsets[t]..offsets[t + 1]`.
struct ByTarget {
    offsets: Vec<u64>,
    sources: Vec<u32>,
    weights: Vec<f32>,
}

impl ByTarget {
    /// Transposes a by-source table (targets stay in increasing source order).
    fn from_csr(csr: &Csr, weight: f64, n_target: usize) -> ByTarget {
        let mut offsets = vec![0u64; n_target + 1];
        for &t in &csr.targets {
            offsets[t as usize + 1] += 1;
        }
        for t in 0..n_target {
            offsets[t + 1] += offsets[t];
        }
        let mut cursor: Vec<u64> = offsets[..n_target].to_vec();
        let mut sources = vec![0u32; csr.targets.len()];
        let mut weights = vec![0f32; csr.targets.len()];
        for j in 0..csr.offsets.len().saturating_sub(1) {
            for k in csr.row(j) {
                let t = csr.targets[k] as usize;
                let pos = cursor[t] as usize;
                cursor[t] += 1;
                sources[pos] = j as u32;
                weights[pos] = csr.weights.as_ref().map_or(weight as f32, |w| w[k]);
            }
        }
        ByTarget {
            offsets,
            sources,
            weights,
        }
    }

    /// Adds sum_k w_k phi[source_k] of every target to `row`.
    fn gather(&self, phi: &[f64], row: &mut [Input]) {
        for (t, r) in row.iter_mut().enumerate() {
            let range = self.offsets[t] as usize..self.offsets[t + 1] as usize;
            // Four partial sums in a fixed order: deterministic, and not limited by the
            // latency of one chain of additions.
            let (src, w) = (&self.sources[range.clone()], &self.weights[range]);
            let mut acc = [0.0f64; 4];
            let (sc, wc) = (src.chunks_exact(4), w.chunks_exact(4));
            let (sr, wr) = (sc.remainder(), wc.remainder());
            for (s4, w4) in sc.zip(wc) {
                for k in 0..4 {
                    acc[k] += w4[k] as f64 * phi[s4[k] as usize];
                }
            }
            for (&j, &wk) in sr.iter().zip(wr) {
                acc[0] += wk as f64 * phi[j as usize];
            }
            *r += ((acc[0] + acc[1]) + (acc[2] + acc[3])) as Input;
        }
    }
}

/// One population at run time.
struct Pop {
    first: usize,
    size: usize,
    block: Block,
    input: PopulationInput,
    rngs: Vec<SimRng>,
    scaling: Option<usize>,
    ref_steps: u32,
}

fn initial_values(d: &Distribution, seed: u64, pop: usize, n: usize) -> Result<Vec<f64>> {
    let normal = |mean: f64, sd: f64| {
        Normal::new(mean, sd).map_err(|e| Error::BadInput(format!("initial value: {e}")))
    };
    (0..n)
        .map(|i| {
            let mut rng = stream(seed, Purpose::Initial, pop as u64, i as u64);
            Ok(match *d {
                Distribution::Fixed { value } => value,
                Distribution::Normal { mean, sd } => normal(mean, sd)?.sample(&mut rng),
                Distribution::Uniform { low, high } => {
                    low + (high - low) * eibal_model::rng::unit_f64(rand::Rng::next_u64(&mut rng))
                }
                Distribution::LogNormal { mean, sd } => {
                    let s2 = (1.0 + sd * sd / (mean * mean)).ln();
                    let z: f64 = StandardNormal.sample(&mut rng);
                    mean.signum() * (mean.abs().ln() - 0.5 * s2 + s2.sqrt() * z).exp()
                }
            })
        })
        .collect()
}

fn make_block(kind: &NeuronKind, h: f64, seed: u64, pop: usize, n: usize) -> Result<Block> {
    Ok(match kind {
        NeuronKind::LifDelta { lif } => Block::LifDelta(lif_delta::LifDeltaBlock::new(
            lif,
            h,
            initial_values(&lif.v_init, seed, pop, n)?,
        )),
        NeuronKind::LifExp {
            lif,
            tau_syn_ex,
            tau_syn_in,
        } => Block::LifExp(lif_exp::LifExpBlock::new(
            lif,
            *tau_syn_ex,
            *tau_syn_in,
            h,
            initial_values(&lif.v_init, seed, pop, n)?,
        )),
        NeuronKind::LifCond { lif, syn } => Block::LifCond(lif_cond::LifCondBlock::new(
            lif,
            syn,
            h,
            initial_values(&lif.v_init, seed, pop, n)?,
        )),
        // Rate units start from x ~ N(0, 1) so that a network with phi(0) = 0 can leave the
        // trivial fixed point; binary units start off.
        NeuronKind::Rate(u) => Block::Rate(rate::RateBlock::new(
            u,
            h,
            initial_values(&Distribution::Normal { mean: 0.0, sd: 1.0 }, seed, pop, n)?,
        )),
        NeuronKind::Binary(u) => Block::Binary(binary::BinaryBlock::new(u, h, vec![0; n])),
    })
}

/// Evenly spaced local indices, at most `k` of `n`.
fn spread(n: usize, k: usize) -> Vec<usize> {
    let k = k.min(n);
    (0..k).map(|j| j * n / k).collect()
}

struct Recorder {
    spikes: Option<(Stream, Vec<bool>)>,
    rates: Option<(Stream, u64, Vec<u64>)>,
    voltages: Vec<TraceFile>,
    currents: Vec<TraceFile>,
}

impl Recorder {
    fn flush(&mut self) -> Result<()> {
        if let Some((s, _)) = &mut self.spikes {
            s.flush()?;
        }
        if let Some((s, _, _)) = &mut self.rates {
            s.flush()?;
        }
        for t in self.voltages.iter_mut().chain(self.currents.iter_mut()) {
            t.stream.flush()?;
        }
        Ok(())
    }
}

fn open_recorder(
    model: &Model,
    pops: &[Pop],
    h: f64,
    files: &mut Vec<std::path::PathBuf>,
    dir: Option<&std::path::Path>,
) -> Result<Recorder> {
    let mut rec = Recorder {
        spikes: None,
        rates: None,
        voltages: Vec::new(),
        currents: Vec::new(),
    };
    let Some(dir) = dir else { return Ok(rec) };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let total: usize = pops.iter().map(|p| p.size).sum();
    let mut listing = Stream::create(dir.join("populations.csv"))?;
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
    files.push(listing.path().to_path_buf());
    for r in &model.simulation.record {
        match r {
            Recording::Spikes { population, sample } => {
                if rec.spikes.is_none() {
                    let mut s = Stream::create(dir.join("spikes.bin"))?;
                    s.write(&spike_header(h, total as u64))?;
                    files.push(s.path().to_path_buf());
                    rec.spikes = Some((s, vec![false; total]));
                }
                if let Some((_, mask)) = rec.spikes.as_mut() {
                    for (pi, pop) in pops.iter().enumerate() {
                        if population.is_some_and(|q| q.0 != pi) {
                            continue;
                        }
                        let k = sample.unwrap_or(pop.size).min(pop.size);
                        mask[pop.first..pop.first + k].fill(true);
                    }
                }
            }
            Recording::Rates { bin } => {
                let steps = ((bin / h).round() as u64).max(1);
                let mut s = Stream::create(dir.join("rates.csv"))?;
                let names: Vec<&str> = model.populations.iter().map(|p| p.name.as_str()).collect();
                s.write(format!("t_s,{}\n", names.join(",")).as_bytes())?;
                files.push(s.path().to_path_buf());
                rec.rates = Some((s, steps, vec![0; pops.len()]));
            }
            Recording::Voltage { population, sample } => {
                let p = population.0;
                let name = &model.populations[p].name;
                let neurons: Vec<usize> = (0..(*sample).min(pops[p].size)).collect();
                let header = std::iter::once("t_s".to_string())
                    .chain(neurons.iter().map(|i| format!("n{}", pops[p].first + i)))
                    .collect::<Vec<_>>()
                    .join(",");
                let t = TraceFile::create(
                    dir.join(format!("voltage_{name}.csv")),
                    p,
                    neurons,
                    &header,
                )?;
                files.push(t.stream.path().to_path_buf());
                rec.voltages.push(t);
            }
            Recording::Currents { population, sample } => {
                let p = population.0;
                let name = &model.populations[p].name;
                let neurons: Vec<usize> = (0..(*sample).min(pops[p].size)).collect();
                let mut header = String::from("t_s");
                for i in &neurons {
                    let g = pops[p].first + i;
                    header.push_str(&format!(",exc_{g},inh_{g},ext_{g}"));
                }
                let t = TraceFile::create(
                    dir.join(format!("currents_{name}.csv")),
                    p,
                    neurons,
                    &header,
                )?;
                files.push(t.stream.path().to_path_buf());
                rec.currents.push(t);
            }
        }
    }
    Ok(rec)
}

/// Adds the synapses of source `j` of `w`, scaled by `amp`, to the rows of their arrival.
#[inline]
fn deliver(w: &Wiring, j: usize, amp: f64, s: u64, rings: &mut [RingBuffer]) {
    let ring = &mut rings[w.channel as usize];
    let row = w.csr.row(j);
    let targets = &w.csr.targets[row.clone()];
    match (&w.csr.weights, &w.csr.delays) {
        (None, None) => {
            let buf = &mut ring.row_mut(s + w.delay as u64)
                [w.target_first..w.target_first + w.target_size];
            let x = (w.weight * amp) as Input;
            for &t in targets {
                // SAFETY: `connectivity::build` only writes targets < target population size
                // (checked once in `run` by `Wiring::max_target`), and `buf` has that length.
                unsafe {
                    *buf.get_unchecked_mut(t as usize) += x;
                }
            }
        }
        (Some(ws), None) => {
            let buf = &mut ring.row_mut(s + w.delay as u64)[w.target_first..];
            for (&t, &wk) in targets.iter().zip(&ws[row]) {
                buf[t as usize] += (wk as f64 * amp) as Input;
            }
        }
        (ws, Some(ds)) => {
            let (slots, width, data) = ring.raw_mut();
            for (k, &t) in targets.iter().enumerate() {
                let syn = row.start + k;
                let wk = ws.as_ref().map_or(w.weight, |ws| ws[syn] as f64);
                let r = ((s + ds[syn] as u64) % slots as u64) as usize;
                data[r * width + w.target_first + t as usize] += (wk * amp) as Input;
            }
        }
    }
}

/// Running means of sampled neurons over one trace bin.
struct SampleAcc {
    traces: SampleTraces,
    bin_steps: u64,
    sums: Vec<[f64; 4]>,
}

pub fn run(model: &Model, opt: &RunOptions) -> Result<SimResult> {
    model
        .validate()
        .map_err(|e| Error::BadInput(format!("invalid model: {}", e.join("; "))))?;
    let h = model.simulation.dt;
    let duration = opt.duration.unwrap_or(model.simulation.duration);
    if !(duration.is_finite() && duration > 0.0) {
        return Err(Error::BadInput(format!(
            "duration {duration} s must be positive"
        )));
    }
    let n_steps = (duration / h).round() as u64;
    if n_steps >= u32::MAX as u64 {
        return Err(Error::BadInput(format!(
            "{n_steps} steps is more than the 4.29e9 the spike format stores; shorten the run or enlarge dt"
        )));
    }
    let seed = opt.seed.unwrap_or(model.simulation.seed);
    let mut notes = Vec::new();
    let mut warmup = model.simulation.warmup.max(0.0);
    if warmup >= duration {
        notes.push(format!(
            "warmup {warmup} s is not shorter than the run ({duration} s): statistics use the whole run"
        ));
        warmup = 0.0;
    }
    let warmup_steps = (warmup / h).round() as u64;
    let build_start = Instant::now();

    // Populations.
    let mut inputs = population_inputs(model, h)?;
    let mut pops = Vec::with_capacity(model.populations.len());
    let mut infos = Vec::new();
    let mut first = 0usize;
    for (pi, p) in model.populations.iter().enumerate() {
        let kind = &model.neuron(p.neuron).kind;
        let block = make_block(kind, h, seed, pi, p.size)?;
        let (t_ref, tau) = match kind {
            NeuronKind::Rate(u) => (None, u.tau),
            NeuronKind::Binary(u) => (None, u.tau),
            k => {
                let lif = k
                    .lif()
                    .ok_or_else(|| Error::Runtime("LIF kind without LIF parameters".into()))?;
                (Some(lif.t_ref), lif.tau_m)
            }
        };
        infos.push(PopulationInfo {
            name: p.name.clone(),
            first,
            size: p.size,
            kind: kind.keyword(),
            sign: p.sign,
            t_ref,
            tau,
            spiking: block.spiking(),
        });
        pops.push(Pop {
            first,
            size: p.size,
            block,
            input: std::mem::take(&mut inputs[pi]),
            rngs: (0..eibal_model::rng::blocks(p.size))
                .map(|b| stream(seed, Purpose::Neuron, pi as u64, b as u64))
                .collect(),
            scaling: None,
            ref_steps: t_ref.map_or(0, |t| (t / h).round() as u32),
        });
        first += p.size;
    }
    let total = first;
    if total > u32::MAX as usize {
        return Err(Error::BadInput(
            "more than 4.29e9 neurons are not supported".into(),
        ));
    }

    // Plasticity.
    let mut scalings = Vec::new();
    let mut scaled = vec![false; model.projections.len()];
    for sc in &model.plasticity {
        let p = sc.target.0;
        if p >= pops.len() || !(sc.target_rate > 0.0 && sc.tau > 0.0) {
            return Err(Error::BadInput(format!(
                "synaptic scaling at {}: needs an existing target, a positive target rate and tau",
                sc.origin
            )));
        }
        if pops[p].scaling.is_some() {
            return Err(Error::BadInput(format!(
                "synaptic scaling at {}: population {} is already scaled",
                sc.origin, model.populations[p].name
            )));
        }
        for id in &sc.projections {
            match model.projections.get(id.0) {
                Some(pr) if pr.target == sc.target => scaled[id.0] = true,
                _ => {
                    return Err(Error::BadInput(format!(
                        "synaptic scaling at {}: a scaled projection does not end on {}",
                        sc.origin, model.populations[p].name
                    )));
                }
            }
        }
        pops[p].scaling = Some(scalings.len());
        scalings.push(ScalingState::new(
            p,
            pops[p].size,
            sc.target_rate,
            sc.tau,
            h,
        ));
    }

    // Connectivity.
    let mut wiring = Vec::with_capacity(model.projections.len());
    let mut max_delay = 1usize;
    for (k, pr) in model.projections.iter().enumerate() {
        let csr = connectivity::build(model, k, seed, h)?;
        if csr
            .targets
            .iter()
            .any(|&t| t as usize >= pops[pr.target.0].size)
        {
            return Err(Error::Runtime(format!(
                "internal error: projection at {} has a target outside its population",
                pr.origin
            )));
        }
        let what = format!("projection at {}", pr.origin);
        let delay = match pr.delay {
            Distribution::Fixed { value } => connectivity::delay_steps(value.max(h), h, &what)?,
            _ => csr
                .delays
                .as_ref()
                .and_then(|d| d.iter().max().copied())
                .unwrap_or(1),
        };
        max_delay = max_delay.max(delay as usize);
        let inhibitory = model.population(pr.source).sign == Sign::Inhibitory;
        let channel = match (inhibitory, scaled[k]) {
            (false, false) => Channel::Excitatory,
            (true, false) => Channel::Inhibitory,
            (false, true) => Channel::ScaledExcitatory,
            (true, true) => Channel::ScaledInhibitory,
        };
        let rate_source = matches!(pops[pr.source.0].block, Block::Rate(_));
        let (csr, by_target) = if rate_source && csr.delays.is_none() {
            let t = ByTarget::from_csr(&csr, pr.weight.mean(), pops[pr.target.0].size);
            let empty = Csr {
                offsets: vec![0; csr.offsets.len()],
                targets: Vec::new(),
                weights: None,
                delays: None,
            };
            (empty, Some(t))
        } else {
            (csr, None)
        };
        wiring.push(Wiring {
            source: pr.source.0,
            target_first: pops[pr.target.0].first,
            target_size: pops[pr.target.0].size,
            csr,
            weight: pr.weight.mean(),
            delay,
            channel,
            by_target,
        });
    }
    let synapses: u64 = wiring
        .iter()
        .map(|w| {
            w.by_target
                .as_ref()
                .map_or(w.csr.synapse_count(), |b| b.sources.len()) as u64
        })
        .sum();
    let mut rate_outputs: Vec<Vec<f64>> = pops.iter().map(|_| Vec::new()).collect();
    let mut out_by_pop: Vec<Vec<usize>> = vec![Vec::new(); pops.len()];
    for (k, w) in wiring.iter().enumerate() {
        out_by_pop[w.source].push(k);
    }
    let n_rings = if scalings.is_empty() { 2 } else { 4 };
    let mut rings: Vec<RingBuffer> = (0..n_rings)
        .map(|_| RingBuffer::new(total, max_delay))
        .collect();

    // Recording.
    let mut files = Vec::new();
    let mut recorder = open_recorder(model, &pops, h, &mut files, opt.out_dir.as_deref())?;
    let bin_steps = ((opt.trace_bin / h).round() as u64).max(1);
    let mut samples: Vec<SampleAcc> = pops
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let neurons = spread(p.size, opt.stat_sample);
            SampleAcc {
                sums: vec![[0.0; 4]; neurons.len()],
                traces: SampleTraces {
                    population: pi,
                    neurons,
                    bin: bin_steps as f64 * h,
                    state: Vec::new(),
                    exc: Vec::new(),
                    inh: Vec::new(),
                    ext: Vec::new(),
                },
                bin_steps,
            }
        })
        .collect();
    let build_seconds = build_start.elapsed().as_secs_f64();

    // State of the loop.
    let run_start = Instant::now();
    let mut external = vec![0.0f64; total];
    let mut scratch_exc: Vec<Input> = vec![0.0; total];
    let mut scratch_inh: Vec<Input> = vec![0.0; total];
    let mut local = Vec::new();
    let mut amplitudes = Vec::new();
    let mut emitted: Vec<(u32, u32, f64)> = Vec::new(); // (population, local index, amplitude)
    let mut spike_steps: Vec<u32> = Vec::new();
    let mut spike_neurons: Vec<u32> = Vec::new();
    let mut coverage = SpikeCoverage::All;
    let mut counts_after_warmup = vec![0u32; total];
    let mut population_counts: Vec<Vec<u32>> = pops
        .iter()
        .map(|_| Vec::with_capacity(n_steps as usize))
        .collect();
    let spiking_pops: Vec<usize> = (0..pops.len())
        .filter(|&p| pops[p].block.spiking())
        .collect();
    let window = ((0.1 / h).round() as u64).max(1);
    let max_in_window: f64 = spiking_pops
        .iter()
        .map(|&p| pops[p].size as f64 * window as f64 / (pops[p].ref_steps as f64 + 1.0))
        .sum();
    let silence_limit = ((0.5 / h).round() as u64).max(1);
    let mut window_spikes = 0u64;
    let mut silent_steps = 0u64;
    let mut failure: Option<String> = None;
    let mut outcome = Outcome::Completed;
    let mut progress: Option<indicatif::ProgressBar> = None;
    let show_progress = opt.progress && std::io::stderr().is_terminal();
    let mut steps_done = 0u64;

    for s in 0..n_steps {
        emitted.clear();
        let mut step_spikes = 0u64;
        for (pi, pop) in pops.iter_mut().enumerate() {
            let range = pop.first..pop.first + pop.size;
            let current = if pop.input.current.is_empty() {
                0.0
            } else {
                pop.input.current.at(s)
            };
            let (exc, inh): (&[Input], &[Input]) = match pop.scaling {
                None => (
                    &rings[0].row(s)[range.clone()],
                    &rings[1].row(s)[range.clone()],
                ),
                Some(k) => {
                    let f = &scalings[k].factors;
                    let (e, se) = (
                        &rings[0].row(s)[range.clone()],
                        &rings[2].row(s)[range.clone()],
                    );
                    let (i, si) = (
                        &rings[1].row(s)[range.clone()],
                        &rings[3].row(s)[range.clone()],
                    );
                    for j in 0..pop.size {
                        scratch_exc[pop.first + j] = (e[j] as f64 + f[j] * se[j] as f64) as Input;
                        scratch_inh[pop.first + j] = (i[j] as f64 + f[j] * si[j] as f64) as Input;
                    }
                    (&scratch_exc[range.clone()], &scratch_inh[range.clone()])
                }
            };
            local.clear();
            let mut io = StepIo {
                exc,
                inh,
                current,
                poisson: &pop.input.poisson,
                rngs: &mut pop.rngs,
                external: &mut external[range.clone()],
                spikes: &mut local,
                amplitudes: &mut amplitudes,
            };
            pop.block.step(&mut io);
            match &pop.block {
                Block::Rate(_) => {
                    rate_outputs[pi].clone_from(&amplitudes);
                    emitted.extend(
                        amplitudes
                            .iter()
                            .enumerate()
                            .map(|(i, &a)| (pi as u32, i as u32, a)),
                    );
                }
                Block::Binary(_) => {
                    emitted.extend(
                        local
                            .iter()
                            .zip(&amplitudes)
                            .map(|(&i, &a)| (pi as u32, i, a)),
                    );
                }
                _ => {
                    emitted.extend(local.iter().map(|&i| (pi as u32, i, 1.0)));
                    step_spikes += local.len() as u64;
                    let stamp = (s + 1) as u32;
                    for &i in &local {
                        let g = pop.first + i as usize;
                        if s + 1 > warmup_steps {
                            counts_after_warmup[g] += 1;
                        }
                        let keep = match coverage {
                            SpikeCoverage::All => true,
                            SpikeCoverage::FirstPerPopulation(n) => (i as usize) < n,
                        };
                        if keep {
                            spike_steps.push(stamp);
                            spike_neurons.push(g as u32);
                        }
                        if let Some((stream, mask)) = &mut recorder.spikes
                            && mask[g]
                        {
                            let mut rec = [0u8; 8];
                            rec[..4].copy_from_slice(&stamp.to_le_bytes());
                            rec[4..].copy_from_slice(&(g as u32).to_le_bytes());
                            stream.write(&rec)?;
                        }
                    }
                }
            }
            population_counts[pi].push(local.len() as u32);
            if let Some(k) = pop.scaling {
                scalings[k].step(&local, h);
            }
        }

        // Memory budget for spikes kept for the statistics.
        if coverage == SpikeCoverage::All && spike_steps.len() > opt.max_spikes_in_memory {
            let n = opt.fallback_sample;
            let firsts: Vec<(usize, usize)> = pops.iter().map(|p| (p.first, p.size)).collect();
            let keep = |g: u32| {
                firsts
                    .iter()
                    .any(|&(f, sz)| (g as usize) >= f && (g as usize) < f + n.min(sz))
            };
            let mut w = 0;
            for r in 0..spike_steps.len() {
                if keep(spike_neurons[r]) {
                    spike_steps[w] = spike_steps[r];
                    spike_neurons[w] = spike_neurons[r];
                    w += 1;
                }
            }
            spike_steps.truncate(w);
            spike_neurons.truncate(w);
            coverage = SpikeCoverage::FirstPerPopulation(n);
            notes.push(format!(
                "more than {} spikes: spike trains kept for the first {n} neurons of each population \
                 only (rates use every neuron)",
                opt.max_spikes_in_memory
            ));
        }

        // Sampled traces (statistics) and trace files, from what arrived in this step.
        let t = s as f64 * h;
        for acc in &mut samples {
            let pop = &pops[acc.traces.population];
            let current = if pop.input.current.is_empty() {
                0.0
            } else {
                pop.input.current.at(s)
            };
            let factors = pop.scaling.map(|k| &scalings[k].factors);
            for (k, &i) in acc.traces.neurons.iter().enumerate() {
                let g = pop.first + i;
                let (mut e, mut inh) = (rings[0].row(s)[g] as f64, rings[1].row(s)[g] as f64);
                if let Some(f) = factors {
                    e += f[i] * rings[2].row(s)[g] as f64;
                    inh += f[i] * rings[3].row(s)[g] as f64;
                }
                let [xe, xi, xx] = pop.block.inputs(i, e, inh, external[g], current);
                let sum = &mut acc.sums[k];
                sum[0] += pop.block.state(i);
                sum[1] += xe;
                sum[2] += xi;
                sum[3] += xx;
            }
            if (s + 1) % acc.bin_steps == 0 {
                let norm = 1.0 / acc.bin_steps as f64;
                for sum in &mut acc.sums {
                    acc.traces.state.push((sum[0] * norm) as f32);
                    acc.traces.exc.push((sum[1] * norm) as f32);
                    acc.traces.inh.push((sum[2] * norm) as f32);
                    acc.traces.ext.push((sum[3] * norm) as f32);
                    *sum = [0.0; 4];
                }
            }
        }
        for tf in &mut recorder.voltages {
            let pop = &pops[tf.population];
            let values: Vec<f64> = tf.neurons.iter().map(|&i| pop.block.state(i)).collect();
            tf.line(t + h, values.into_iter())?;
        }
        for tf in &mut recorder.currents {
            let pop = &pops[tf.population];
            let current = if pop.input.current.is_empty() {
                0.0
            } else {
                pop.input.current.at(s)
            };
            let mut values = Vec::with_capacity(3 * tf.neurons.len());
            for &i in &tf.neurons {
                let g = pop.first + i;
                values.extend(pop.block.inputs(
                    i,
                    rings[0].row(s)[g] as f64,
                    rings[1].row(s)[g] as f64,
                    external[g],
                    current,
                ));
            }
            tf.line(t + h, values.into_iter())?;
        }
        if let Some((stream, bin, acc)) = &mut recorder.rates {
            for (a, c) in acc.iter_mut().zip(&population_counts) {
                *a += c.last().copied().unwrap_or(0) as u64;
            }
            if (s + 1) % *bin == 0 {
                let t0 = (s + 1 - *bin) as f64 * h;
                let mut line = format!("{t0:.6}");
                for (a, p) in acc.iter_mut().zip(&pops) {
                    line.push_str(&format!(
                        ",{:.6}",
                        *a as f64 / (p.size as f64 * *bin as f64 * h)
                    ));
                    *a = 0;
                }
                line.push('\n');
                stream.write(line.as_bytes())?;
            }
        }

        // Deliver.
        for ring in rings.iter_mut() {
            ring.clear(s);
        }
        for &(p, j, a) in &emitted {
            for &k in &out_by_pop[p as usize] {
                if wiring[k].by_target.is_none() {
                    deliver(&wiring[k], j as usize, a, s, &mut rings);
                }
            }
        }
        for w in &wiring {
            if let Some(bt) = &w.by_target {
                let row = &mut rings[w.channel as usize].row_mut(s + w.delay as u64)
                    [w.target_first..w.target_first + w.target_size];
                bt.gather(&rate_outputs[w.source], row);
            }
        }
        steps_done = s + 1;

        // Health.
        if opt.health_checks && !spiking_pops.is_empty() {
            window_spikes += step_spikes;
            if (s + 1) % window == 0 {
                if window_spikes as f64 >= 0.8 * max_in_window {
                    failure = Some(format!(
                        "the network exploded: in the 100 ms before t = {:.4} s its neurons fired at {:.0}% \
                         of their maximum rate 1/t_ref",
                        (s + 1) as f64 * h,
                        100.0 * window_spikes as f64 / max_in_window
                    ));
                }
                window_spikes = 0;
            }
            silent_steps = if step_spikes == 0 {
                silent_steps + 1
            } else {
                0
            };
            if silent_steps >= silence_limit {
                failure = Some(format!(
                    "the network fell silent: no spike between t = {:.4} s and t = {:.4} s",
                    (s + 1 - silent_steps) as f64 * h,
                    (s + 1) as f64 * h
                ));
            }
            if failure.is_some() {
                break;
            }
        }
        if s % 64 == 0 {
            if opt
                .interrupt
                .as_ref()
                .is_some_and(|f| f.load(Ordering::Relaxed))
            {
                outcome = Outcome::Interrupted {
                    at: (s + 1) as f64 * h,
                };
                break;
            }
            if show_progress && s % 1024 == 0 {
                if progress.is_none() && run_start.elapsed().as_secs_f64() > 2.0 {
                    let bar = indicatif::ProgressBar::new(n_steps);
                    bar.set_style(
                        indicatif::ProgressStyle::with_template(
                            "{bar:40} {percent}% of network time, eta {eta}",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    progress = Some(bar);
                }
                if let Some(bar) = &progress {
                    bar.set_position(s);
                }
            }
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    recorder.flush()?;
    if let Some(why) = failure {
        let kept = if files.is_empty() {
            String::new()
        } else {
            format!(
                " (what was recorded until then is in {})",
                files[0]
                    .parent()
                    .map_or(String::new(), |p| p.display().to_string())
            )
        };
        return Err(Error::Runtime(format!("{why}{kept}")));
    }
    let t_end = steps_done as f64 * h;
    if let Outcome::Interrupted { at } = outcome {
        notes.push(format!(
            "interrupted at t = {at:.4} s; statistics cover the time simulated until then"
        ));
    }
    Ok(SimResult {
        model: model.name.clone(),
        dt: h,
        seed,
        duration,
        t_end,
        warmup: if warmup < t_end { warmup } else { 0.0 },
        outcome,
        populations: infos,
        spike_steps,
        spike_neurons,
        coverage,
        counts_after_warmup,
        population_counts,
        samples: samples.into_iter().map(|a| a.traces).collect(),
        scaling: scalings
            .iter()
            .map(|s| {
                (
                    model.populations[s.population].name.clone(),
                    s.mean_factor(),
                )
            })
            .collect(),
        synapses,
        build_seconds,
        run_seconds: run_start.elapsed().as_secs_f64(),
        files,
        notes,
    })
}
