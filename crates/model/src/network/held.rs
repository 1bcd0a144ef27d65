//! The draws of [`fill`](super::fill) held by bucket of sources until the write-out
//! ([`block`](super::block)) puts them into their rows.

//! Synapses are drawn target by target, but the table is by source. Each thread appends its
//! draws, in draw order, to one list per bucket of consecutive sources ([`Buckets`]: a few
//! hundred, so that the write fronts of all buckets stay in the L1 cache), growing by chunks,
//! and counts the out-degree of every source.

//! A held synapse is its source relative to its bucket (u16: a bucket spans at most 65,536
//! sources) and its target: 4 bytes with targets below 65,536, 8 otherwise. A delay (2
//! bytes) and a weight (4) are held alongside, in lists of their own, only when they are
//! drawn per synapse; Brunel's network holds 4 bytes per synapse.

use super::synapses::TargetIndex;

/// The most buckets of sources (write fronts of the draw loop): 256 fronts of 64-byte lines
/// are 16 kB, half the L1 cache. Sources above 2^24 need more (a bucket spans at most 2^16).
pub const BUCKETS: usize = 256;

/// Sources in buckets of 2^shift consecutive sources.
#[derive(Debug, Clone, Copy)]
pub struct Buckets {
    pub shift: u32,
    pub count: usize,
    n_source: usize,
}

impl Buckets {
    /// At most `most` buckets over `n_source` sources (more when a bucket would otherwise
    /// span more than 65,536 sources).
    pub fn new(n_source: usize, most: usize) -> Buckets {
        let top = n_source.max(1) - 1;
        let mut shift = 0;
        while top >> shift >= most.max(1) && shift < 16 {
            shift += 1;
        }
        Buckets {
            shift,
            count: (top >> shift) + 1,
            n_source,
        }
    }

    /// The bucket of `source` and its place in the bucket.
    #[inline(always)]
    fn of(&self, source: u32) -> (usize, u16) {
        let mask = (1u32 << self.shift) - 1;
        ((source >> self.shift) as usize, (source & mask) as u16)
    }

    /// The sources of bucket `b`.
    pub fn sources(&self, b: usize) -> std::ops::Range<usize> {
        (b << self.shift).min(self.n_source)..((b + 1) << self.shift).min(self.n_source)
    }
}

/// One held synapse: its source minus the first source of its bucket, and its target.
#[derive(Debug, Clone, Copy, Default)]
pub struct Entry<T> {
    pub local: u16,
    pub target: T,
}

/// Items per chunk (16 kB of 4-byte entries): the memory held beyond a thread's synapses is
/// at most one part-filled chunk per bucket and list.
const CHUNK: usize = 4096;

/// A list that grows by chunks of [`CHUNK`] items (never copied when it grows). Lists pushed
/// in step have their chunk boundaries at the same items.
pub struct Chunks<X> {
    full: Vec<Vec<X>>,
    open: Vec<X>,
}

impl<X> Chunks<X> {
    fn new() -> Chunks<X> {
        Chunks {
            full: Vec::new(),
            open: Vec::new(),
        }
    }

    #[inline(always)]
    fn push(&mut self, x: X) {
        if self.open.len() == CHUNK || self.open.capacity() == 0 {
            let next = Vec::with_capacity(CHUNK);
            let done = std::mem::replace(&mut self.open, next);
            if !done.is_empty() {
                self.full.push(done);
            }
        }
        self.open.push(x);
    }

    /// The chunks in push order.
    pub fn slices(&self) -> impl Iterator<Item = &[X]> {
        self.full
            .iter()
            .map(Vec::as_slice)
            .chain(std::iter::once(self.open.as_slice()))
    }
}

/// One thread's synapses by bucket of sources, in draw order (delays and weights alongside
/// when drawn per synapse), and the thread's out-degree of every source.
pub struct Held<T> {
    pub entries: Vec<Chunks<Entry<T>>>,
    /// Empty when the delay is fixed.
    pub delays: Vec<Chunks<u16>>,
    /// Empty when the weight is fixed.
    pub weights: Vec<Chunks<f32>>,
    pub counts: Vec<u32>,
    /// The most synapses drawn onto one of the thread's targets.
    pub max_indegree: u64,
}

/// Fills a thread's [`Held`].
pub struct Filler<T> {
    buckets: Buckets,
    held: Held<T>,
}

impl<T: TargetIndex> Filler<T> {
    /// `has_d`, `has_w`: delays, weights are drawn per synapse.
    pub fn new(buckets: Buckets, (has_d, has_w): (bool, bool)) -> Self {
        let lists = |on: bool| if on { buckets.count } else { 0 };
        Filler {
            buckets,
            held: Held {
                entries: (0..buckets.count).map(|_| Chunks::new()).collect(),
                delays: (0..lists(has_d)).map(|_| Chunks::new()).collect(),
                weights: (0..lists(has_w)).map(|_| Chunks::new()).collect(),
                counts: vec![0; buckets.n_source],
                max_indegree: 0,
            },
        }
    }

    /// One synapse (`delay` and `weight` kept only when drawn per synapse).
    #[inline(always)]
    pub fn push(&mut self, source: u32, target: T, delay: u16, weight: f32) {
        let (b, local) = self.buckets.of(source);
        self.held.counts[source as usize] += 1;
        self.held.entries[b].push(Entry { local, target });
        if let Some(d) = self.held.delays.get_mut(b) {
            d.push(delay);
        }
        if let Some(w) = self.held.weights.get_mut(b) {
            w.push(weight);
        }
    }

    /// Notes that one target received `indegree` synapses.
    #[inline]
    pub fn target_done(&mut self, indegree: usize) {
        self.held.max_indegree = self.held.max_indegree.max(indegree as u64);
    }

    pub fn finish(self) -> Held<T> {
        self.held
    }
}
