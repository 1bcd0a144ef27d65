//! Distributions of per-synapse weights and delays, and of initial conditions.
//!
//! All values are in SI base units of the quantity they describe. Truncation rules are part
//! of the model, so that every back end (simulation, NEST and Brian2 export) draws the same law:
//! - weights: a sample whose sign contradicts Dale's law for its source population is redrawn
//!   (the distribution is truncated at zero); a `LogNormal` with a negative `mean` is the
//!   mirror image `-LogNormal(|mean|, sd)`;
//! - delays: samples below the simulation step `dt` are redrawn (truncated at `dt`).

use crate::{Model, NeuronKind, Projection, Sign};
use serde::Serialize;

/// The values a projection's weights may take: the simulation redraws any sample outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// Any sign (mixed-sign sources of rate and binary units).
    Any,
    /// w >= 0: excitatory sources of current-based or delta targets, and every conductance.
    NonNegative,
    /// w <= 0: inhibitory sources of current-based or delta targets.
    NonPositive,
}

impl Support {
    /// The rule every back end applies to `projection` (Dale's law; conductances >= 0).
    pub fn of_weights(model: &Model, projection: &Projection) -> Support {
        if matches!(model.kind_of(projection.target), NeuronKind::LifCond { .. }) {
            return Support::NonNegative;
        }
        match model.population(projection.source).sign {
            Sign::Excitatory => Support::NonNegative,
            Sign::Inhibitory => Support::NonPositive,
            Sign::Mixed => Support::Any,
        }
    }

    pub fn contains(self, w: f64) -> bool {
        match self {
            Support::Any => true,
            Support::NonNegative => w >= 0.0,
            Support::NonPositive => w <= 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Distribution {
    Fixed {
        value: f64,
    },
    /// Normal with the given mean and standard deviation.
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Log-normal parametrised by the mean and standard deviation of the value itself
    /// (not of its logarithm): sigma_ln^2 = ln(1 + sd^2/mean^2), mu_ln = ln|mean| - sigma_ln^2/2.
    LogNormal {
        mean: f64,
        sd: f64,
    },
    /// Uniform on [low, high).
    Uniform {
        low: f64,
        high: f64,
    },
}

impl Distribution {
    pub fn fixed(value: f64) -> Distribution {
        Distribution::Fixed { value }
    }

    /// The mean of the untruncated law (what mean-field theory uses).
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Fixed { value } => value,
            Distribution::Normal { mean, .. } | Distribution::LogNormal { mean, .. } => mean,
            Distribution::Uniform { low, high } => 0.5 * (low + high),
        }
    }

    /// The variance of the untruncated law.
    pub fn variance(&self) -> f64 {
        match *self {
            Distribution::Fixed { .. } => 0.0,
            Distribution::Normal { sd, .. } | Distribution::LogNormal { sd, .. } => sd * sd,
            Distribution::Uniform { low, high } => (high - low).powi(2) / 12.0,
        }
    }

    /// E[w^2] = mean^2 + variance: the second moment that enters input variances.
    pub fn second_moment(&self) -> f64 {
        self.mean().powi(2) + self.variance()
    }

    pub fn is_fixed(&self) -> bool {
        matches!(self, Distribution::Fixed { .. })
    }
}
