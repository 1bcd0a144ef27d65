//! `neuron NAME = KIND { ... }`: the five neuron kinds of `eibal_model::NeuronKind` and
//! their parameters, with defaults e_l = 0 mV, c_m = 250 pF, t_ref = 0 ms, v_init = e_l.

use super::ast::{Block, Expr, Ident};
use super::check::{Checker, keyword};
use super::diagnostics::Diagnostic;
use super::eval::{Binding, Failed, Fallible};
use eibal_model::*;
use std::collections::HashMap;

const KINDS: &[&str] = &["lif_delta", "lif_exp", "lif_cond", "rate", "binary"];
const LIF: &[&str] = &["tau_m", "theta", "v_reset", "t_ref", "e_l", "c_m", "v_init"];
const LIF_EXP: &[&str] = &["tau_syn", "tau_syn_ex", "tau_syn_in"];
const LIF_COND: &[&str] = &["e_ex", "e_in", "tau_syn", "tau_syn_ex", "tau_syn_in"];
const RATE: &[&str] = &["tau", "transfer", "gain", "threshold", "noise"];
const BINARY: &[&str] = &["tau", "theta"];

/// Default membrane capacitance (F), NEST's iaf_psc_* default of 250 pF.
pub const DEFAULT_C_M: f64 = 250e-12;

impl Checker<'_> {
    pub fn neuron(&mut self, name: &Ident, kind: &Ident, block: &Block) {
        let mut fields: Vec<(String, Quantity)> = Vec::new();
        let built = self.neuron_kind(kind, block, &mut fields);
        match built {
            Ok(k) => {
                let id = NeuronId(self.neurons.len());
                self.neurons.push(Neuron {
                    name: name.name.clone(),
                    kind: k,
                    origin: self.origin(name.span),
                });
                self.scope.neuron_fields.push(fields);
                self.define(name, Binding::Neuron(id));
            }
            Err(Failed) => self.define(name, Binding::Poisoned),
        }
    }

    fn neuron_kind(
        &mut self,
        kind: &Ident,
        block: &Block,
        fields: &mut Vec<(String, Quantity)>,
    ) -> Fallible<NeuronKind> {
        let allowed: Vec<&str> = match kind.name.as_str() {
            "lif_delta" => LIF.to_vec(),
            "lif_exp" => [LIF, LIF_EXP].concat(),
            "lif_cond" => [LIF, LIF_COND].concat(),
            "rate" => RATE.to_vec(),
            "binary" => BINARY.to_vec(),
            other => {
                self.error(
                    Diagnostic::at(kind.span, format!("unknown neuron kind `{other}`"))
                        .suggest(other, KINDS.iter().copied())
                        .or_help(format!("the kinds are: {}", KINDS.join(", "))),
                );
                return Err(Failed);
            }
        };
        let required: &[&str] = match kind.name.as_str() {
            "lif_delta" | "lif_exp" => &["tau_m", "theta", "v_reset"],
            "lif_cond" => &["tau_m", "theta", "v_reset", "e_ex", "e_in"],
            "rate" => &["tau", "transfer"],
            _ => &["tau", "theta"],
        };
        let what = format!("a {} neuron", kind.name);
        let s = self.settings(block, &allowed, required, &what)?;
        let mut get = |c: &mut Self, key: &str, dim: Dimension, default: Option<f64>| {
            let v = match s.get(key) {
                Some(e) => c.quantity(e, dim, key, ""),
                None => default.ok_or(Failed),
            };
            if let Ok(v) = v {
                fields.push((key.to_string(), Quantity::new(v, dim)));
            }
            v
        };
        match kind.name.as_str() {
            "rate" => {
                let tau = get(self, "tau", Dimension::TIME, None);
                let gain = get(self, "gain", Dimension::NONE, Some(1.0));
                let threshold = get(self, "threshold", Dimension::NONE, Some(0.0));
                let noise = get(self, "noise", Dimension::NONE, Some(0.0));
                let transfer = s.get("transfer").copied();
                let (tau, gain, threshold, noise) = (tau?, gain?, threshold?, noise?);
                self.require_positive(s.get("tau").copied(), tau, "tau")?;
                if noise < 0.0 {
                    self.error(Diagnostic::at(
                        s.get("noise").map_or(block.span, |e| e.span),
                        "`noise` must not be negative",
                    ));
                    return Err(Failed);
                }
                let transfer = match transfer.and_then(keyword) {
                    Some("tanh") => Transfer::Tanh { gain, threshold },
                    Some("threshold_linear") => Transfer::ThresholdLinear { gain, threshold },
                    _ => {
                        self.error(Diagnostic::at(
                            transfer.map_or(block.span, |e| e.span),
                            "`transfer` must be `tanh` or `threshold_linear`",
                        ));
                        return Err(Failed);
                    }
                };
                Ok(NeuronKind::Rate(RateUnit {
                    tau,
                    transfer,
                    noise,
                }))
            }
            "binary" => {
                let tau = get(self, "tau", Dimension::TIME, None);
                let theta = get(self, "theta", Dimension::NONE, None);
                let (tau, theta) = (tau?, theta?);
                self.require_positive(s.get("tau").copied(), tau, "tau")?;
                Ok(NeuronKind::Binary(BinaryUnit { tau, theta }))
            }
            lif_kind => {
                let tau_m = get(self, "tau_m", Dimension::TIME, None);
                let theta = get(self, "theta", Dimension::VOLTAGE, None);
                let v_reset = get(self, "v_reset", Dimension::VOLTAGE, None);
                let t_ref = get(self, "t_ref", Dimension::TIME, Some(0.0));
                let e_l = get(self, "e_l", Dimension::VOLTAGE, Some(0.0));
                let c_m = get(self, "c_m", Dimension::CAPACITANCE, Some(DEFAULT_C_M));
                let cond = lif_kind == "lif_cond";
                let e_ex = cond.then(|| get(self, "e_ex", Dimension::VOLTAGE, None));
                let e_in = cond.then(|| get(self, "e_in", Dimension::VOLTAGE, None));
                let syn = matches!(lif_kind, "lif_exp" | "lif_cond")
                    .then(|| self.synapse_times(&s, block, fields));
                let (tau_m, theta, v_reset, t_ref, e_l, c_m) =
                    (tau_m?, theta?, v_reset?, t_ref?, e_l?, c_m?);
                let v_init = match s.get("v_init") {
                    Some(e) => self.distribution(e, Dimension::VOLTAGE, "v_init", "")?,
                    None => Distribution::fixed(e_l),
                };
                self.require_positive(s.get("tau_m").copied(), tau_m, "tau_m")?;
                self.require_positive(s.get("c_m").copied(), c_m, "c_m")?;
                if t_ref < 0.0 {
                    self.error(Diagnostic::at(
                        s.get("t_ref").map_or(block.span, |e| e.span),
                        "`t_ref` must not be negative",
                    ));
                    return Err(Failed);
                }
                if v_reset >= theta {
                    self.error(Diagnostic::at(
                        s.get("v_reset").map_or(block.span, |e| e.span),
                        format!(
                            "the reset potential ({}) must lie below the threshold ({})",
                            Quantity::new(v_reset, Dimension::VOLTAGE),
                            Quantity::new(theta, Dimension::VOLTAGE)
                        ),
                    ));
                    return Err(Failed);
                }
                let lif = Lif {
                    tau_m,
                    c_m,
                    e_l,
                    v_th: theta,
                    v_reset,
                    t_ref,
                    v_init,
                };
                match (lif_kind, syn) {
                    ("lif_exp", Some(syn)) => {
                        let (tau_syn_ex, tau_syn_in) = syn?;
                        Ok(NeuronKind::LifExp {
                            lif,
                            tau_syn_ex,
                            tau_syn_in,
                        })
                    }
                    ("lif_cond", Some(syn)) => {
                        let (tau_syn_ex, tau_syn_in) = syn?;
                        let (Some(e_ex), Some(e_in)) = (e_ex, e_in) else {
                            return Err(Failed);
                        };
                        Ok(NeuronKind::LifCond {
                            lif,
                            syn: CondSynapses {
                                e_ex: e_ex?,
                                e_in: e_in?,
                                tau_syn_ex,
                                tau_syn_in,
                            },
                        })
                    }
                    _ => Ok(NeuronKind::LifDelta { lif }),
                }
            }
        }
    }

    /// `tau_syn` for both, or `tau_syn_ex` and `tau_syn_in` (each defaulting to `tau_syn`).
    fn synapse_times(
        &mut self,
        s: &HashMap<&str, &Expr>,
        block: &Block,
        fields: &mut Vec<(String, Quantity)>,
    ) -> Fallible<(f64, f64)> {
        let mut read = |c: &mut Self, key: &str| -> Fallible<Option<f64>> {
            match s.get(key) {
                Some(e) => {
                    let v = c.positive(e, Dimension::TIME, key, true)?;
                    fields.push((key.to_string(), Quantity::new(v, Dimension::TIME)));
                    Ok(Some(v))
                }
                None => Ok(None),
            }
        };
        let both = read(self, "tau_syn");
        let ex = read(self, "tau_syn_ex");
        let inh = read(self, "tau_syn_in");
        let (both, ex, inh) = (both?, ex?, inh?);
        let (Some(ex), Some(inh)) = (ex.or(both), inh.or(both)) else {
            self.error(Diagnostic::at(
                block.span,
                "a synapse time constant is missing: give `tau_syn` (for both), \
                 or `tau_syn_ex` and `tau_syn_in`",
            ));
            return Err(Failed);
        };
        if both.is_none() {
            fields.push(("tau_syn".into(), Quantity::new(ex, Dimension::TIME)));
        }
        if s.get("tau_syn_ex").is_none() {
            fields.push(("tau_syn_ex".into(), Quantity::new(ex, Dimension::TIME)));
        }
        if s.get("tau_syn_in").is_none() {
            fields.push(("tau_syn_in".into(), Quantity::new(inh, Dimension::TIME)));
        }
        Ok((ex, inh))
    }

    fn require_positive(&mut self, e: Option<&Expr>, v: f64, what: &str) -> Fallible<()> {
        if v > 0.0 {
            return Ok(());
        }
        let d = match e {
            Some(e) => Diagnostic::at(e.span, format!("`{what}` must be positive")),
            None => Diagnostic::nowhere(format!("`{what}` must be positive")),
        };
        self.error(d);
        Err(Failed)
    }
}
