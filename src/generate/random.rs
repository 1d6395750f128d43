//! The seeded random source of the generator. Every choice the generator
//! makes goes through one [`Random`], in a fixed order, so the same seed gives
//! the same inventory: a step that draws must keep its place in that order.

/// SplitMix64: small, fast and good enough to spread choices; written out so
/// that the output cannot change with a dependency's version. The seed is the
/// whole state (also the random-inventory tests' generator).
#[derive(Debug, Clone)]
pub struct Random(pub u64);

impl Random {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Exactly `round(count × rate)` distinct positions of `0..count` (at least
    /// one when the rate is positive and there are two or more), marked true.
    pub(super) fn choose(&mut self, count: usize, rate: f64) -> Vec<bool> {
        let rate = if rate.is_finite() {
            rate.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mut wanted = (count as f64 * rate).round() as usize;
        if rate > 0.0 && wanted == 0 && count > 1 {
            wanted = 1;
        }
        let mut order: Vec<usize> = (0..count).collect();
        let mut marked = vec![false; count];
        for k in 0..wanted.min(count) {
            let pick = k + self.below(count - k);
            order.swap(k, pick);
            if let Some(slot) = order.get(k).and_then(|&o| marked.get_mut(o)) {
                *slot = true;
            }
        }
        marked
    }
}
