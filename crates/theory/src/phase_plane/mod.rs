//! Phase diagrams: the stability boundaries of a model in a plane of two params.
//!
//! 1. Survey ([`survey`]): a grid of points, each compiled, solved from rest and classified
//!    ([`plane`]): stable, oscillatory unstable (with the frequency of the leading root of the
//!    characteristic equation, Brunel & Hakim 1999; Brunel 2000), stationary unstable, rate
//!    chaos (gain-scaled radius above 1 for rate networks; Sompolinsky, Crisanti & Sommers
//!    1988), no fixed point; and the rate relative to saturation 1/t_ref. Columns of the grid
//!    run in parallel (rayon); along a column the roots of one point seed Newton's method at
//!    the next, together with fixed seeds on the imaginary axis.
//! 2. Refinement: where the frequency of the leading root jumps between neighbours (the
//!    leading root changes branch: a fast and a slow family compete) the midpoint is
//!    evaluated too, so that a small unstable pocket between them (Brunel's slow
//!    oscillation near g = 4.5, eta = 0.9) is not lost between grid points.
//! 3. Continuation ([`continuation`]): from each sign change of an indicator between
//!    neighbours not yet on a traced curve, the boundary is traced through the plane.
//! 4. Regions ([`regions`]): connected groups of equal state, named as in Brunel (2000,
//!    fig. 2) for spiking networks.

pub mod continuation;
pub mod point;
pub mod regions;

pub use continuation::{CurvePoint, Tracer};
pub use eibal_model::Axis;
pub use point::{Class, Indicator, NetworkKind, PlaneEvaluator, PointState};
pub use regions::{FAST_HZ, Region};

use crate::neuron::transfer::TransferForm;
use eibal_model::Observer;
use eibal_model::error::{Error, Result};
use num_complex::Complex64;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Options of [`phase_diagram`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundaryOptions {
    /// Survey points along x and y (at least 2 each).
    pub nx: usize,
    pub ny: usize,
    /// Trace the boundaries by continuation (otherwise the survey only).
    pub trace: bool,
    /// At most this many curves are traced.
    pub max_curves: usize,
}

impl Default for BoundaryOptions {
    fn default() -> Self {
        BoundaryOptions {
            nx: 21,
            ny: 21,
            trace: true,
            max_curves: 24,
        }
    }
}

/// What a curve separates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CurveKind {
    /// A complex pair crosses the imaginary axis (oscillatory instability).
    Hopf,
    /// A real root crosses zero (or a gain-scaled outlier crosses 1).
    Stationary,
    /// The bulk radius of the gain-scaled connectivity crosses 1 (rate networks).
    Chaos,
    /// The rate crosses half of the saturation rate 1/t_ref (onset of Brunel's SR state).
    HighActivity,
}

/// One traced boundary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Curve {
    pub kind: CurveKind,
    pub indicator: Indicator,
    pub points: Vec<CurvePoint>,
}

/// The result of [`phase_diagram`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseDiagram {
    pub model: String,
    pub network: NetworkKind,
    /// The transfer function (LIF networks).
    pub transfer: &'static str,
    pub x: Axis,
    pub y: Axis,
    pub nx: usize,
    pub ny: usize,
    /// Survey grid, x index major: `survey[i * ny + j]` is (x_i, y_j).
    pub survey: Vec<PointState>,
    /// Midpoints evaluated where the leading frequency jumps.
    pub refined: Vec<PointState>,
    pub regions: Vec<Region>,
    pub curves: Vec<Curve>,
    /// Point evaluations (survey, refinement and continuation).
    pub evaluations: usize,
    pub notes: Vec<String>,
}

impl PhaseDiagram {
    /// The survey point (x_i, y_j).
    pub fn at(&self, i: usize, j: usize) -> &PointState {
        &self.survey[i * self.ny + j]
    }

    /// The state name at the survey point nearest to (x, y).
    pub fn label_near(&self, x: f64, y: f64) -> &'static str {
        let nearest = self.survey.iter().chain(&self.refined).min_by(|p, q| {
            let d = |s: &PointState| {
                ((s.x - x) / (self.x.hi - self.x.lo)).powi(2)
                    + ((s.y - y) / (self.y.hi - self.y.lo)).powi(2)
            };
            d(p).total_cmp(&d(q))
        });
        nearest.map_or("undetermined", |p| regions::label(p, self.network))
    }
}

/// A sign change of an indicator between two evaluated points.
#[derive(Debug, Clone)]
struct Bracket {
    which: Indicator,
    a: (f64, f64),
    b: (f64, f64),
    seeds: Vec<Complex64>,
    /// A Chaos class at either end (rate networks).
    chaos: bool,
}

fn bracket(p: &PointState, q: &PointState, which: Indicator) -> Option<Bracket> {
    let (s, t) = (p.indicator(which)?, q.indicator(which)?);
    if (s > 0.0) == (t > 0.0) {
        return None;
    }
    let mut seeds = p.roots.clone();
    seeds.extend(q.roots.iter().copied());
    Some(Bracket {
        which,
        a: (p.x, p.y),
        b: (q.x, q.y),
        seeds,
        chaos: matches!(p.class, Class::Chaos) || matches!(q.class, Class::Chaos),
    })
}

/// Whether the leading root changes branch between two points: the leading root of each is
/// not the continuation (the nearest root) of the leading root of the other, and the
/// frequency differs by more than 5 Hz; or roots near the imaginary axis exist on one side
/// only. A small unstable pocket of a competing branch can hide between such points.
fn frequency_jump(p: &PointState, q: &PointState) -> bool {
    let defined = |s: &PointState| matches!(s.class, Class::Stable | Class::Oscillatory { .. });
    match (p.roots.first(), q.roots.first()) {
        (Some(&lp), Some(&lq)) => {
            let nearest = |roots: &[Complex64], to: Complex64| {
                roots
                    .iter()
                    .enumerate()
                    .min_by(|(_, a), (_, b)| (**a - to).norm().total_cmp(&(**b - to).norm()))
                    .map(|(i, _)| i)
            };
            let switched = nearest(&p.roots, lq) != Some(0) || nearest(&q.roots, lp) != Some(0);
            switched && (lp.im - lq.im).abs() / (2.0 * std::f64::consts::PI) > 5.0
        }
        (Some(_), None) | (None, Some(_)) => defined(p) && defined(q),
        (None, None) => false,
    }
}

/// Levels of bisection of a neighbour pair whose leading frequency jumps.
const REFINE_DEPTH: usize = 4;

/// Bisects the pair p-q while the leading frequency jumps, collecting the midpoints and the
/// stability sign changes found between them.
fn refine(
    evaluator: &PlaneEvaluator,
    p: &PointState,
    q: &PointState,
    depth: usize,
    points: &mut Vec<PointState>,
    brackets: &mut Vec<Bracket>,
) -> Result<()> {
    if depth == 0 || !frequency_jump(p, q) {
        return Ok(());
    }
    let mut seeds = p.roots.clone();
    seeds.extend(q.roots.iter().copied());
    let m = evaluator.evaluate(
        0.5 * (p.x + q.x),
        0.5 * (p.y + q.y),
        &seeds,
        true,
        Indicator::Stability,
    )?;
    for (a, b) in [(p, &m), (&m, q)] {
        if let Some(b) = bracket(a, b, Indicator::Stability) {
            brackets.push(b);
        }
    }
    refine(evaluator, p, &m, depth - 1, points, brackets)?;
    refine(evaluator, &m, q, depth - 1, points, brackets)?;
    points.push(m);
    Ok(())
}

/// One unit of work done; stops with [`Error::Cancelled`] when the observer asks.
fn tick(observer: &dyn Observer) -> Result<()> {
    observer.advance(1);
    if observer.cancelled() {
        Err(Error::Cancelled)
    } else {
        Ok(())
    }
}

/// Survey points between full seedings: in between, only the roots of the previous point
/// seed Newton's method.
const RESEED_EVERY: usize = 4;

/// The survey: `nx` columns of `ny` points, each column continued from its bottom point.
pub fn survey(
    evaluator: &PlaneEvaluator,
    nx: usize,
    ny: usize,
    observer: &dyn Observer,
) -> Result<Vec<Vec<PointState>>> {
    (0..nx)
        .into_par_iter()
        .map(|i| {
            let x = evaluator.x.grid(i, nx);
            let mut seeds: Vec<Complex64> = Vec::new();
            let mut column = Vec::with_capacity(ny);
            for j in 0..ny {
                let y = evaluator.y.grid(j, ny);
                let full = j % RESEED_EVERY == 0 || seeds.is_empty();
                let p = evaluator.evaluate(x, y, &seeds, full, Indicator::Stability)?;
                if !p.roots.is_empty() {
                    seeds.clone_from(&p.roots);
                }
                column.push(p);
                tick(observer)?;
            }
            Ok(column)
        })
        .collect()
}

/// The phase diagram of the plane of `evaluator`. The observer hears of every survey point,
/// refinement and traced curve (its `grow` announces work found on the way), and a
/// cancellation stops the computation with [`Error::Cancelled`].
pub fn phase_diagram(
    evaluator: &PlaneEvaluator,
    options: &BoundaryOptions,
    observer: &dyn Observer,
) -> Result<PhaseDiagram> {
    let (nx, ny) = (options.nx.max(2), options.ny.max(2));
    observer.start(
        &format!("phase diagram of {}", evaluator.model_name),
        (nx * ny) as u64,
    );
    let grid = survey(evaluator, nx, ny, observer)?;
    let mut evaluations = nx * ny;
    let indicators: &[Indicator] = match evaluator.kind {
        NetworkKind::Lif => &[Indicator::Stability, Indicator::HighActivity],
        NetworkKind::Rate => &[Indicator::Stability],
    };
    let pairs = neighbour_pairs(&grid, nx, ny);
    let mut brackets: Vec<Bracket> = Vec::new();
    for &which in indicators {
        brackets.extend(pairs.iter().filter_map(|(p, q)| bracket(p, q, which)));
    }
    // Refinement where the leading root changes branch.
    let jumps: Vec<(&PointState, &PointState)> = pairs
        .iter()
        .filter(|(p, q)| frequency_jump(p, q))
        .copied()
        .collect();
    observer.grow(jumps.len() as u64);
    let refinements: Vec<(Vec<PointState>, Vec<Bracket>)> = jumps
        .par_iter()
        .map(|&(p, q)| {
            let mut points = Vec::new();
            let mut found = Vec::new();
            tick(observer)?;
            let r = refine(evaluator, p, q, REFINE_DEPTH, &mut points, &mut found);
            r.map(|()| (points, found))
        })
        .collect::<Result<_>>()?;
    let mut refined: Vec<PointState> = Vec::new();
    for (points, found) in refinements {
        refined.extend(points);
        brackets.extend(found);
    }
    evaluations += refined.len();
    let mut notes = Vec::new();
    let curves = if options.trace {
        let (curves, traced) = trace_curves(evaluator, options, (nx, ny), &brackets, observer)?;
        evaluations += traced;
        if curves.len() >= options.max_curves {
            notes.push(format!(
                "stopped after {} curves; the remaining sign changes were not traced",
                options.max_curves
            ));
        }
        curves
    } else {
        Vec::new()
    };
    let regions = regions::regions(&grid, evaluator.kind);
    notes.extend(survey_notes(&grid, &curves, evaluator.form));
    let transfer = match evaluator.form {
        TransferForm::Exact => "lindner_schimansky_geier_2001",
        TransferForm::LowPass => "low_pass",
    };
    observer.finish();
    Ok(PhaseDiagram {
        model: evaluator.model_name.clone(),
        network: evaluator.kind,
        transfer: if evaluator.kind == NetworkKind::Lif {
            transfer
        } else {
            "none"
        },
        x: evaluator.x.clone(),
        y: evaluator.y.clone(),
        nx,
        ny,
        survey: grid.into_iter().flatten().collect(),
        refined,
        regions,
        curves,
        evaluations,
        notes,
    })
}

/// Pairs of neighbouring survey points (along y, then along x).
fn neighbour_pairs(
    grid: &[Vec<PointState>],
    nx: usize,
    ny: usize,
) -> Vec<(&PointState, &PointState)> {
    let mut pairs = Vec::new();
    for i in 0..nx {
        for j in 0..ny {
            if j + 1 < ny {
                pairs.push((&grid[i][j], &grid[i][j + 1]));
            }
            if i + 1 < nx {
                pairs.push((&grid[i][j], &grid[i + 1][j]));
            }
        }
    }
    pairs
}

/// Traces a curve through every bracket not yet covered by a traced curve (at most
/// `options.max_curves`). Returns the curves and the evaluations they took.
fn trace_curves(
    evaluator: &PlaneEvaluator,
    options: &BoundaryOptions,
    (nx, ny): (usize, usize),
    brackets: &[Bracket],
    observer: &dyn Observer,
) -> Result<(Vec<Curve>, usize)> {
    let (wx, wy) = (
        evaluator.x.hi - evaluator.x.lo,
        evaluator.y.hi - evaluator.y.lo,
    );
    let (sx, sy) = (wx / (nx - 1) as f64, wy / (ny - 1) as f64);
    let (hx, hy) = (sx.min(wx / 50.0), sy.min(wy / 50.0));
    let mut curves: Vec<Curve> = Vec::new();
    let mut traced = 0;
    observer.grow(brackets.len() as u64);
    for b in brackets {
        tick(observer)?;
        if curves.len() >= options.max_curves {
            break;
        }
        let covered = curves.iter().filter(|c| c.indicator == b.which).any(|c| {
            c.points
                .iter()
                .any(|p| distance_to_segment((p.x, p.y), b.a, b.b, sx, sy) < 0.6)
        });
        if covered {
            continue;
        }
        let tracer = Tracer {
            evaluator,
            which: b.which,
            hx,
            hy,
            evaluations: AtomicUsize::new(0),
        };
        let points = tracer.trace(b.a, b.b, &b.seeds)?;
        traced += tracer.evaluations.load(Ordering::Relaxed);
        let Some(points) = points.filter(|p| p.len() >= 2) else {
            continue;
        };
        curves.push(Curve {
            kind: curve_kind(b, evaluator.kind, &points),
            indicator: b.which,
            points,
        });
    }
    Ok((curves, traced))
}

/// What a traced curve is: a Hopf line where the leading root's median frequency along it
/// is above 0.5 Hz, else a stationary (or, for rate units, chaos) boundary.
fn curve_kind(b: &Bracket, kind: NetworkKind, points: &[CurvePoint]) -> CurveKind {
    match (b.which, kind) {
        (Indicator::HighActivity, _) => CurveKind::HighActivity,
        (Indicator::Stability, NetworkKind::Rate) if b.chaos => CurveKind::Chaos,
        (Indicator::Stability, NetworkKind::Rate) => CurveKind::Stationary,
        (Indicator::Stability, NetworkKind::Lif) => {
            let mut f: Vec<f64> = points.iter().filter_map(|p| p.frequency_hz).collect();
            f.sort_by(f64::total_cmp);
            if f.get(f.len() / 2).is_some_and(|&m| m > 0.5) {
                CurveKind::Hopf
            } else {
                CurveKind::Stationary
            }
        }
    }
}

/// Notes on survey points without a fixed point or without a stability, and on what the
/// low-pass transfer function misses.
fn survey_notes(grid: &[Vec<PointState>], curves: &[Curve], form: TransferForm) -> Vec<String> {
    let mut notes = Vec::new();
    let count = |c: fn(&Class) -> bool| grid.iter().flatten().filter(|p| c(&p.class)).count();
    let missing = count(|c| matches!(c, Class::NoFixedPoint));
    if missing > 0 {
        notes.push(format!(
            "{missing} survey point(s) have no fixed point from rest (the mean-field \
             iteration did not converge)"
        ));
    }
    let undetermined = count(|c| matches!(c, Class::Undetermined));
    if undetermined > 0 {
        notes.push(format!(
            "{undetermined} survey point(s) have a fixed point whose stability could not be \
             computed (see `error` in the JSON survey)"
        ));
    }
    let hopf = curves.iter().any(|c| c.kind == CurveKind::Hopf);
    if form == TransferForm::LowPass && !hopf {
        notes.push(
            "no oscillatory boundary with the low-pass transfer function: the first-order \
             low-pass H(0) / (1 + lambda tau_m) misses the fast oscillatory instability of \
             delta-synapse LIF networks (their true response decays only like \
             lambda^{-1/2}); use the exact transfer function (without --low-pass)"
                .into(),
        );
    }
    notes
}

/// Distance from p to the segment a-b, in units of the survey steps (sx, sy).
fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64), sx: f64, sy: f64) -> f64 {
    let s = |q: (f64, f64)| (q.0 / sx, q.1 / sy);
    let (p, a, b) = (s(p), s(a), s(b));
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(class: Class, roots: &[(f64, f64)]) -> PointState {
        let roots: Vec<Complex64> = roots
            .iter()
            .map(|&(re, f)| Complex64::new(re, 2.0 * std::f64::consts::PI * f))
            .collect();
        PointState {
            x: 0.0,
            y: 0.0,
            class,
            rates: vec![10.0],
            saturation: Some(0.02),
            stability: roots.first().map(|r| r.re),
            frequency_hz: roots.first().map(|r| r.im / (2.0 * std::f64::consts::PI)),
            radius: None,
            error: None,
            label: "",
            roots,
        }
    }

    #[test]
    fn distance_is_measured_in_survey_steps() {
        let d = distance_to_segment((0.5, 1.0), (0.0, 0.0), (1.0, 0.0), 1.0, 0.5);
        assert!((d - 2.0).abs() < 1e-12);
        let end = distance_to_segment((4.0, 0.0), (0.0, 0.0), (1.0, 0.0), 1.0, 1.0);
        assert!((end - 3.0).abs() < 1e-12);
    }

    #[test]
    fn a_branch_switch_is_a_jump_and_a_moving_root_is_not() {
        let slow_leads = point(Class::Stable, &[(-10.0, 30.0), (-40.0, 180.0)]);
        let fast_leads = point(Class::Stable, &[(-12.0, 175.0), (-20.0, 32.0)]);
        assert!(frequency_jump(&slow_leads, &fast_leads));
        // The same leading root moved from 30 to 45 Hz: no switch.
        let moved = point(Class::Stable, &[(-5.0, 45.0), (-50.0, 170.0)]);
        assert!(!frequency_jump(&slow_leads, &moved));
        // Roots near the axis on one side only.
        let none = point(Class::Stable, &[]);
        assert!(frequency_jump(&none, &slow_leads));
        assert!(!frequency_jump(&none, &none));
    }

    #[test]
    fn brackets_need_a_sign_change_and_defined_indicators() {
        let stable = point(Class::Stable, &[(-10.0, 30.0)]);
        let unstable = point(Class::Oscillatory { frequency_hz: 30.0 }, &[(5.0, 30.0)]);
        let missing = PointState {
            class: Class::NoFixedPoint,
            ..point(Class::NoFixedPoint, &[])
        };
        assert!(bracket(&stable, &unstable, Indicator::Stability).is_some());
        assert!(bracket(&stable, &stable, Indicator::Stability).is_none());
        assert!(bracket(&stable, &missing, Indicator::Stability).is_none());
    }
}
