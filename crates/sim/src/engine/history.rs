//! Delayed input: one ring of `slots` rows of per-neuron cells, indexed by arrival step.
//! Every thread owns the rings of its own neuron range (`partition`): row `r` of a thread's
//! ring holds the input of its neurons only, so threads deliver into disjoint memory without
//! atomics, and a neuron's additions keep the order of the single-threaded engine.
//!
//! A spike emitted in step `s` with a delay of `d` steps is added to the row of step `s + d`
//! (row `(s + d) mod slots`, `slots > max delay`); the neurons read and clear the row of the
//! current step. Excitatory and inhibitory inputs have separate rings so that both are
//! available for recording and balance statistics.
//!
//! A ring's cells are one of two kinds, chosen per ring when the network is built
//! (`build::cells`):
//! - **counts** (`u16`): when every projection into the ring has spiking sources and one
//!   fixed weight that is a whole multiple m of the ring's `unit` (to 4 ulps), a cell counts
//!   units (a spike adds m) and the neuron reads count x unit. The f64 product is the exact
//!   sum of the weights m x unit rounded once, more exact than NEST's f64 running sum, and
//!   the same whatever the order of arrival. Allowed only when the largest in-degrees bound
//!   every cell below 2^16 (`build::cells`).
//! - **sums** (`f32`) otherwise: the weights are added in single precision, with a relative
//!   rounding below 6e-8 per step's summed input (e.g. under 1e-10 V for the few mV a Brunel
//!   neuron receives per step), far below every modelling error.
//!
//! Spike delivery is bound by cache traffic on these rows (random stores into about 20 MB per
//! thread for the cortical microcircuit): 2-byte counts halve it against f32 sums, which
//! halved it against f64 (benches/README.md).

/// The type of the summed input of one neuron in one step in a ring of sums.
pub type Input = f32;

/// The cells of a ring (see the module doc).
#[derive(Debug, Clone)]
enum Cells {
    Sums(Vec<Input>),
    /// Counts and the weight one count stands for.
    Counts(Vec<u16>, f64),
}

#[derive(Debug, Clone)]
pub struct RingBuffer {
    slots: usize,
    width: usize,
    cells: Cells,
}

/// One row of a ring as the neurons read it.
#[derive(Debug, Clone, Copy)]
pub enum Arrived<'a> {
    Sums(&'a [Input]),
    Counts(Counts<'a>),
}

/// A row of counts and the weight of one count.
#[derive(Debug, Clone, Copy)]
pub struct Counts<'a> {
    pub cells: &'a [u16],
    pub unit: f64,
}

/// One row of a ring as delivery writes it.
pub enum RowMut<'a> {
    Sums(&'a mut [Input]),
    Counts(&'a mut [u16]),
}

/// The input arriving at each neuron of a row: the neuron models are generic over it, so
/// that each kind of cell gets its own compiled loop.
pub trait Arrivals: Copy {
    /// The input arriving at neuron `i` (unit of the target kind's weights).
    fn at(self, i: usize) -> f64;
    /// The number of neurons in the row.
    fn neurons(self) -> usize;
    /// The part of the row for the neurons `range`.
    fn part(self, range: std::ops::Range<usize>) -> Self;
}

impl Arrivals for &[Input] {
    #[inline(always)]
    fn at(self, i: usize) -> f64 {
        self[i] as f64
    }

    #[inline(always)]
    fn neurons(self) -> usize {
        self.len()
    }

    #[inline(always)]
    fn part(self, range: std::ops::Range<usize>) -> Self {
        &self[range]
    }
}

impl Arrivals for Counts<'_> {
    #[inline(always)]
    fn at(self, i: usize) -> f64 {
        self.cells[i] as f64 * self.unit
    }

    #[inline(always)]
    fn neurons(self) -> usize {
        self.cells.len()
    }

    #[inline(always)]
    fn part(self, range: std::ops::Range<usize>) -> Self {
        Counts {
            cells: &self.cells[range],
            unit: self.unit,
        }
    }
}

impl<'a> Arrived<'a> {
    /// The input arriving at neuron `i`.
    pub fn at(self, i: usize) -> f64 {
        match self {
            Arrived::Sums(s) => s.at(i),
            Arrived::Counts(c) => c.at(i),
        }
    }

    /// The part of the row for the neurons `range`.
    pub fn slice(self, range: std::ops::Range<usize>) -> Arrived<'a> {
        match self {
            Arrived::Sums(s) => Arrived::Sums(s.part(range)),
            Arrived::Counts(c) => Arrived::Counts(c.part(range)),
        }
    }
}

impl RingBuffer {
    /// A ring for `width` neurons and delays up to `max_delay` steps: of counts of `unit`
    /// when given, of f32 sums otherwise.
    pub fn new(width: usize, max_delay: usize, unit: Option<f64>) -> RingBuffer {
        let slots = max_delay + 1;
        let cells = match unit {
            Some(u) => Cells::Counts(vec![0; slots * width], u),
            None => Cells::Sums(vec![0.0; slots * width]),
        };
        RingBuffer {
            slots,
            width,
            cells,
        }
    }

    /// The cells of step `step`.
    #[inline]
    fn span(&self, step: u64) -> std::ops::Range<usize> {
        let r = (step % self.slots as u64) as usize;
        r * self.width..(r + 1) * self.width
    }

    /// The row of values arriving in step `step`.
    #[inline]
    pub fn row(&self, step: u64) -> Arrived<'_> {
        let span = self.span(step);
        match &self.cells {
            Cells::Sums(d) => Arrived::Sums(&d[span]),
            Cells::Counts(d, unit) => Arrived::Counts(Counts {
                cells: &d[span],
                unit: *unit,
            }),
        }
    }

    #[inline]
    pub fn row_mut(&mut self, step: u64) -> RowMut<'_> {
        let span = self.span(step);
        match &mut self.cells {
            Cells::Sums(d) => RowMut::Sums(&mut d[span]),
            Cells::Counts(d, _) => RowMut::Counts(&mut d[span]),
        }
    }

    /// Clears the row of step `step` once it has been read.
    pub fn clear(&mut self, step: u64) {
        match self.row_mut(step) {
            RowMut::Sums(r) => r.fill(0.0),
            RowMut::Counts(r) => r.fill(0),
        }
    }

    pub fn slots(&self) -> usize {
        self.slots
    }

    /// The weight of one count, for a ring of counts.
    pub fn unit(&self) -> Option<f64> {
        match self.cells {
            Cells::Counts(_, unit) => Some(unit),
            Cells::Sums(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_arrive_after_their_delay_and_are_cleared() {
        let mut r = RingBuffer::new(3, 4, None);
        if let RowMut::Sums(row) = r.row_mut(2 + 4) {
            row[1] += 1.5;
        }
        for s in 2..6 {
            assert_eq!(r.row(s).at(1), 0.0);
            r.clear(s);
        }
        assert_eq!(r.row(6).at(1), 1.5);
        r.clear(6);
        assert_eq!(r.row(11).at(1), 0.0);
    }

    #[test]
    fn a_count_reads_as_the_sum_of_its_weights_rounded_once() {
        // 7 spikes of 87.8 pA and 3 of twice that into one cell. Reference: the weights summed
        // in f64 with Neumaier's compensation (the error term carried separately), which
        // for ten terms of one sign is the exact sum rounded once.
        let w = 87.8e-12;
        let mut r = RingBuffer::new(2, 3, Some(w));
        if let RowMut::Counts(row) = r.row_mut(3) {
            (0..7).for_each(|_| row[0] += 1);
            (0..3).for_each(|_| row[0] += 2);
        }
        let weights = std::iter::repeat_n(w, 7).chain(std::iter::repeat_n(2.0 * w, 3));
        let (mut sum, mut carry) = (0.0f64, 0.0f64);
        for x in weights {
            let t = sum + x;
            carry += if sum.abs() >= x.abs() {
                (sum - t) + x
            } else {
                (x - t) + sum
            };
            sum = t;
        }
        assert_eq!(r.row(3).at(0), sum + carry);
        assert_eq!(r.row(3).at(1), 0.0);
        assert_eq!(r.unit(), Some(w));
    }
}
