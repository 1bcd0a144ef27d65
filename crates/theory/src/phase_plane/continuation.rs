//! Tracing a boundary through the plane by continuation.
//!
//! A boundary is the zero set of a scalar indicator s(x, y) (for a Hopf boundary the growth
//! rate Re lambda of the leading root of det(I - W(lambda; x, y)) = 0, so that on the curve
//! Re and Im of det(I - W(i omega; x, y)) vanish together at the root's frequency omega).
//! Working in coordinates scaled by the trace step (u = (x - x_lo) / h_x, v likewise), from a
//! point on the curve:
//!
//! 1. tangent t from the last two points (the normal of the starting bracket at first);
//! 2. parameter: the coordinate in which the curve advances most (|t_u| >= |t_v|: x, else y),
//!    so the parameterisation switches where the curve turns;
//! 3. predictor: one step along t, advancing the parameter by exactly one step;
//! 4. corrector: on the segment through the predictor along the other coordinate, the
//!    crossing s = 0 is located by Brent's method ([`crate::numerics::crossing::find_critical`]),
//!    the root lambda being continued by Newton's method from the roots of the last point
//!    (so omega is solved together with the position). The segment widens (0.75, 1.5, 3
//!    steps) when it holds no sign change; if none has one, the step halves (down to a
//!    quarter), which follows sharp turns such as the tips of a thin unstable pocket.
//!
//! The march stops at the edge of the plane, when no crossing is found, when the indicator
//! cannot be evaluated (no fixed point) or when the curve closes on its start.

use super::point::{Indicator, PlaneEvaluator, PointState};
use crate::numerics::crossing::find_critical;
use eibal_model::error::{Error, Result};
use num_complex::Complex64;
use serde::Serialize;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A point of a traced boundary.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CurvePoint {
    pub x: f64,
    pub y: f64,
    /// Frequency of the leading root at the crossing (Hz), LIF stability boundaries only.
    pub frequency_hz: Option<f64>,
}

/// Relative tolerance of the corrector on its segment.
const SEGMENT_TOLERANCE: f64 = 2e-3;
/// Roots of the last point that seed the next (the leading ones; the second and third guard
/// against a switch of the leading branch).
const TRACE_SEEDS: usize = 3;
/// Smallest step (in trace steps) before the march gives up.
const MIN_STEP: f64 = 0.25;
/// Half-widths (in steps) tried by the corrector.
const WIDTHS: [f64; 3] = [0.75, 1.5, 3.0];

/// Traces zero sets of one indicator over the plane of a [`PlaneEvaluator`].
pub struct Tracer<'a> {
    pub evaluator: &'a PlaneEvaluator,
    pub which: Indicator,
    /// Steps in x and y (param units).
    pub hx: f64,
    pub hy: f64,
    /// Indicator evaluations so far.
    pub evaluations: AtomicUsize,
}

#[derive(Debug, Clone)]
struct Node {
    u: f64,
    v: f64,
    state: PointState,
}

impl Tracer<'_> {
    fn xy(&self, u: f64, v: f64) -> (f64, f64) {
        (
            self.evaluator.x.lo + u * self.hx,
            self.evaluator.y.lo + v * self.hy,
        )
    }

    fn uv(&self, x: f64, y: f64) -> (f64, f64) {
        (
            (x - self.evaluator.x.lo) / self.hx,
            (y - self.evaluator.y.lo) / self.hy,
        )
    }

    fn extent(&self) -> (f64, f64) {
        (
            (self.evaluator.x.hi - self.evaluator.x.lo) / self.hx,
            (self.evaluator.y.hi - self.evaluator.y.lo) / self.hy,
        )
    }

    /// The crossing on the segment a -> b (scaled coordinates), `None` without a sign change
    /// or where the indicator cannot be evaluated.
    fn solve_segment(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        seeds: &[Complex64],
    ) -> Result<Option<Node>> {
        let cache: RefCell<Vec<(f64, f64, PointState)>> = RefCell::new(Vec::new());
        let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
        let f = |t: f64| -> Result<f64> {
            if let Some(hit) = cache.borrow().iter().find(|c| c.0 == t) {
                return Ok(hit.1);
            }
            let (u, v) = at(t);
            let (x, y) = self.xy(u, v);
            self.evaluations.fetch_add(1, Ordering::Relaxed);
            let state = self.evaluator.evaluate(x, y, seeds, false, self.which)?;
            let value = state.indicator(self.which).ok_or_else(|| {
                Error::Runtime(format!(
                    "no indicator at ({x}, {y}): {}",
                    state.error.as_deref().unwrap_or("undetermined")
                ))
            })?;
            cache.borrow_mut().push((t, value, state));
            Ok(value)
        };
        // A point where the indicator cannot be evaluated (no fixed point, or a param value
        // the model refuses, e.g. a population size that is not whole) ends the curve there.
        let (Ok(fa), Ok(fb)) = (f(0.0), f(1.0)) else {
            return Ok(None);
        };
        if (fa > 0.0) == (fb > 0.0) {
            return Ok(None);
        }
        let Ok(crossing) = find_critical(f, 0.0, 1.0, SEGMENT_TOLERANCE) else {
            return Ok(None);
        };
        let cache = cache.into_inner();
        let Some(nearest) = cache.iter().min_by(|p, q| {
            (p.0 - crossing.value)
                .abs()
                .total_cmp(&(q.0 - crossing.value).abs())
        }) else {
            return Ok(None);
        };
        let (u, v) = at(crossing.value);
        let (x, y) = self.xy(u, v);
        let mut state = nearest.2.clone();
        state.x = x;
        state.y = y;
        Ok(Some(Node { u, v, state }))
    }

    /// Traces the boundary crossing the segment from `a` to `b` (param units) in both
    /// directions; `None` if the segment holds no crossing.
    pub fn trace(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        seeds: &[Complex64],
    ) -> Result<Option<Vec<CurvePoint>>> {
        let (ua, ub) = (self.uv(a.0, a.1), self.uv(b.0, b.1));
        let Some(start) = self.solve_segment(ua, ub, seeds)? else {
            return Ok(None);
        };
        let (du, dv) = (ub.0 - ua.0, ub.1 - ua.1);
        let norm = du.hypot(dv).max(f64::MIN_POSITIVE);
        let normal = (-dv / norm, du / norm);
        let (forward, closed) = self.march(&start, normal)?;
        // A closed curve came back to its start: the other direction would retrace it.
        let backward = if closed {
            Vec::new()
        } else {
            self.march(&start, (-normal.0, -normal.1))?.0
        };
        let point = |n: &Node| CurvePoint {
            x: n.state.x,
            y: n.state.y,
            frequency_hz: n.state.frequency_hz,
        };
        let mut points: Vec<CurvePoint> = backward.iter().rev().map(point).collect();
        points.push(point(&start));
        points.extend(forward.iter().map(point));
        Ok(Some(points))
    }

    /// Marches from `start` with initial direction `direction` (scaled coordinates); the
    /// flag says whether the curve closed on its start. The step halves (down to
    /// [`MIN_STEP`]) where the corrector finds no crossing, as at a sharp turn, and grows back
    /// after each success.
    fn march(&self, start: &Node, direction: (f64, f64)) -> Result<(Vec<Node>, bool)> {
        let (nu, nv) = self.extent();
        let max_steps = (8.0 * (nu + nv)) as usize + 10;
        let mut out: Vec<Node> = Vec::new();
        let mut previous = (start.u - direction.0, start.v - direction.1);
        let mut current = start.clone();
        let mut step: f64 = 1.0;
        for _ in 0..max_steps {
            let (tu, tv) = (current.u - previous.0, current.v - previous.1);
            let norm = tu.hypot(tv);
            if norm == 0.0 {
                break;
            }
            let (tu, tv) = (tu / norm, tv / norm);
            let along_x = tu.abs() >= tv.abs();
            // Predictor: advance the parameter by one step (clipped to the plane).
            let (mut pu, mut pv) = if along_x {
                (
                    current.u + step * tu.signum(),
                    current.v + step * tv / tu.abs(),
                )
            } else {
                (
                    current.u + step * tu / tv.abs(),
                    current.v + step * tv.signum(),
                )
            };
            let at_edge = if along_x {
                let clipped = pu.clamp(0.0, nu);
                let edge = clipped != pu;
                pu = clipped;
                edge
            } else {
                let clipped = pv.clamp(0.0, nv);
                let edge = clipped != pv;
                pv = clipped;
                edge
            };
            if (along_x && (pu - current.u).abs() < 1e-9)
                || (!along_x && (pv - current.v).abs() < 1e-9)
            {
                break;
            }
            // Corrector along the other coordinate.
            let mut found = None;
            for w in WIDTHS {
                let w = w * step;
                let (a, b) = if along_x {
                    ((pu, (pv - w).max(0.0)), (pu, (pv + w).min(nv)))
                } else {
                    (((pu - w).max(0.0), pv), ((pu + w).min(nu), pv))
                };
                if (a.0 - b.0).abs() + (a.1 - b.1).abs() < 1e-9 {
                    continue;
                }
                let seeds = &current.state.roots[..current.state.roots.len().min(TRACE_SEEDS)];
                if let Some(node) = self.solve_segment(a, b, seeds)? {
                    found = Some(node);
                    break;
                }
            }
            let Some(node) = found else {
                if step > MIN_STEP {
                    step /= 2.0;
                    continue;
                }
                break;
            };
            step = (2.0 * step).min(1.0);
            let closed = out.len() > 3 && (node.u - start.u).hypot(node.v - start.v) < 0.5;
            previous = (current.u, current.v);
            current = node.clone();
            out.push(node);
            if closed {
                return Ok((out, true));
            }
            if at_edge {
                break;
            }
        }
        Ok((out, false))
    }
}
