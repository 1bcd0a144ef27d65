//! Naming the states of the plane and grouping the survey into labelled regions.
//!
//! Spiking networks use the names of Brunel (2000, fig. 2), decided from the rate and the
//! frequency of the leading root:
//! - SR (synchronous regular): the rate is near saturation, nu t_ref > 1/2;
//! - AI (asynchronous irregular): the stationary state is stable;
//! - SI fast / SI slow (synchronous irregular): an oscillatory instability at or above
//!   [`FAST_HZ`] (Brunel: about 180 Hz, set by the delay) or below it (Brunel: 20 to 25 Hz);
//!
//! - quiescent: stable with every rate below [`QUIESCENT_HZ`] (external drive below threshold);
//!
//! and otherwise "unstable (stationary)", "no fixed point" or "undetermined". Rate networks:
//! "stable", "chaos", "unstable (stationary)".

use super::point::{Class, NetworkKind, PointState};
use serde::Serialize;

/// The frequency (Hz) separating fast from slow oscillatory instabilities.
pub const FAST_HZ: f64 = 100.0;

/// Below this rate (Hz) in every population a stable state is called quiescent.
pub const QUIESCENT_HZ: f64 = 0.1;

/// The name of the state at one point.
pub fn label(state: &PointState, kind: NetworkKind) -> &'static str {
    match state.class {
        Class::NoFixedPoint => return "no fixed point",
        Class::Undetermined => return "undetermined",
        _ => {}
    }
    match kind {
        NetworkKind::Lif => {
            if state.high_activity() {
                return "SR";
            }
            let silent = state.rates.iter().all(|&r| r < QUIESCENT_HZ);
            if silent && matches!(state.class, Class::Stable) {
                return "quiescent";
            }
            match state.class {
                Class::Stable => "AI",
                Class::Oscillatory { frequency_hz } if frequency_hz >= FAST_HZ => "SI fast",
                Class::Oscillatory { .. } => "SI slow",
                Class::Chaos => "chaos",
                _ => "unstable (stationary)",
            }
        }
        NetworkKind::Rate => match state.class {
            Class::Stable => "stable",
            Class::Chaos => "chaos",
            Class::Oscillatory { .. } => "oscillatory",
            _ => "unstable (stationary)",
        },
    }
}

/// A connected group of survey points with the same label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// The label, with the mean frequency for oscillatory regions (e.g. "SI fast 186 Hz").
    pub label: String,
    /// The state name alone (e.g. "SI fast").
    pub state: &'static str,
    /// Where to print the label: the member point nearest the region's centroid.
    pub x: f64,
    pub y: f64,
    /// Survey points in the region.
    pub points: usize,
    /// Mean frequency of the leading root over the region (unstable points only).
    pub frequency_hz: Option<f64>,
}

/// Connected components (4-neighbours) of equal labels on the survey grid, given column by
/// column (`grid[i][j]`: x index i, y index j), largest first.
pub fn regions(grid: &[Vec<PointState>], kind: NetworkKind) -> Vec<Region> {
    let nx = grid.len();
    let ny = grid.first().map_or(0, Vec::len);
    let labels: Vec<Vec<&'static str>> = grid
        .iter()
        .map(|column| column.iter().map(|p| label(p, kind)).collect())
        .collect();
    let mut seen = vec![vec![false; ny]; nx];
    let mut out = Vec::new();
    for i0 in 0..nx {
        for j0 in 0..ny {
            if seen[i0][j0] {
                continue;
            }
            let name = labels[i0][j0];
            let mut members = Vec::new();
            let mut stack = vec![(i0, j0)];
            seen[i0][j0] = true;
            while let Some((i, j)) = stack.pop() {
                members.push((i, j));
                let mut neighbours = Vec::with_capacity(4);
                if i > 0 {
                    neighbours.push((i - 1, j));
                }
                if i + 1 < nx {
                    neighbours.push((i + 1, j));
                }
                if j > 0 {
                    neighbours.push((i, j - 1));
                }
                if j + 1 < ny {
                    neighbours.push((i, j + 1));
                }
                for (a, b) in neighbours {
                    if !seen[a][b] && labels[a][b] == name {
                        seen[a][b] = true;
                        stack.push((a, b));
                    }
                }
            }
            let n = members.len() as f64;
            let cx = members.iter().map(|&(i, j)| grid[i][j].x).sum::<f64>() / n;
            let cy = members.iter().map(|&(i, j)| grid[i][j].y).sum::<f64>() / n;
            let (span_x, span_y) = (
                (grid[nx - 1][0].x - grid[0][0].x)
                    .abs()
                    .max(f64::MIN_POSITIVE),
                (grid[0][ny - 1].y - grid[0][0].y)
                    .abs()
                    .max(f64::MIN_POSITIVE),
            );
            let centre = members
                .iter()
                .min_by(|&&(i, j), &&(k, l)| {
                    let d = |p: &PointState| {
                        ((p.x - cx) / span_x).powi(2) + ((p.y - cy) / span_y).powi(2)
                    };
                    d(&grid[i][j]).total_cmp(&d(&grid[k][l]))
                })
                .map(|&(i, j)| &grid[i][j]);
            let frequencies: Vec<f64> = members
                .iter()
                .filter_map(|&(i, j)| match grid[i][j].class {
                    Class::Oscillatory { frequency_hz } => Some(frequency_hz),
                    _ => None,
                })
                .collect();
            let frequency_hz = (!frequencies.is_empty())
                .then(|| frequencies.iter().sum::<f64>() / frequencies.len() as f64);
            let text = match frequency_hz {
                Some(f) if name != "SR" => format!("{name} {f:.0} Hz"),
                _ => name.to_string(),
            };
            if let Some(c) = centre {
                out.push(Region {
                    label: text,
                    state: name,
                    x: c.x,
                    y: c.y,
                    points: members.len(),
                    frequency_hz,
                });
            }
        }
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.points));
    out
}
