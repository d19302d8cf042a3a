//! Side-by-side sampling: the sides of a measure take turns, repeat after repeat (the one that
//! goes first alternates, so drift on a shared machine falls on both), and each repeat gives one
//! ratio. A measure reports the median of those ratios and their spread.

use std::time::{Duration, Instant};

/// The median and range of some samples.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    /// The spread of `samples` (at least one).
    pub fn of(samples: &[f64]) -> Spread {
        assert!(!samples.is_empty(), "a spread of no samples");
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let middle = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) {
            (sorted[middle - 1] + sorted[middle]) / 2.0
        } else {
            sorted[middle]
        };
        Spread {
            median,
            min: sorted[0],
            max: sorted[sorted.len() - 1],
        }
    }
}

/// One value per repeat for aiodynamo and for its baseline.
#[derive(Debug, Clone, Default)]
pub struct Pairs {
    pub ours: Vec<f64>,
    pub baseline: Vec<f64>,
}

impl Pairs {
    pub fn push(&mut self, ours: f64, baseline: f64) {
        self.ours.push(ours);
        self.baseline.push(baseline);
    }

    /// The per-repeat ratios aiodynamo / baseline.
    pub fn ratios(&self) -> Vec<f64> {
        self.ours
            .iter()
            .zip(&self.baseline)
            .map(|(ours, baseline)| ours / baseline)
            .collect()
    }
}

/// Runs each of `sides` once untimed (to warm caches and the allocator), then once per repeat,
/// in turn, starting with a different side each repeat; each returns its measurement. The
/// measurements, side by side.
pub fn take_turns<const N: usize>(
    repeats: usize,
    sides: &mut [&mut dyn FnMut() -> f64; N],
) -> [Vec<f64>; N] {
    for side in sides.iter_mut() {
        side();
    }
    let mut samples: [Vec<f64>; N] = std::array::from_fn(|_| Vec::with_capacity(repeats));
    for repeat in 0..repeats {
        for turn in 0..N {
            let side = (repeat + turn) % N;
            samples[side].push(sides[side]());
        }
    }
    samples
}

/// `take_turns` for two asynchronous sides.
pub async fn take_turns_async(
    repeats: usize,
    mut ours: impl AsyncFnMut() -> f64,
    mut baseline: impl AsyncFnMut() -> f64,
) -> Pairs {
    let mut pairs = Pairs::default();
    for repeat in 0..repeats {
        let (a, b) = if repeat.is_multiple_of(2) {
            let a = ours().await;
            (a, baseline().await)
        } else {
            let b = baseline().await;
            (ours().await, b)
        };
        pairs.push(a, b);
    }
    pairs
}

/// Seconds per call of `op`, over `iterations` calls.
pub fn seconds_per_call<T>(iterations: usize, mut op: impl FnMut() -> T) -> f64 {
    let start = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(op());
    }
    start.elapsed().as_secs_f64() / iterations as f64
}

/// User and system CPU time of this process so far (DynamoDB Local is another process).
pub fn cpu_time() -> Duration {
    // SAFETY: getrusage writes the struct it is given; a zeroed rusage is a valid one.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF and a valid pointer.
    let status = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(status, 0, "getrusage");
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_has_the_median_and_range() {
        assert_eq!(
            Spread::of(&[3.0, 1.0, 2.0]),
            Spread {
                median: 2.0,
                min: 1.0,
                max: 3.0
            }
        );
        assert_eq!(Spread::of(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
    }

    #[test]
    fn sides_take_turns_starting_with_each_in_turn() {
        let order = std::cell::RefCell::new(Vec::new());
        let mut a = || {
            order.borrow_mut().push('a');
            1.0
        };
        let mut b = || {
            order.borrow_mut().push('b');
            2.0
        };
        let [a_samples, b_samples] = take_turns(3, &mut [&mut a, &mut b]);
        assert_eq!((a_samples, b_samples), (vec![1.0; 3], vec![2.0; 3]));
        // A warm-up turn each, then turns starting with each side in turn.
        assert_eq!(order.into_inner(), ['a', 'b', 'a', 'b', 'b', 'a', 'a', 'b']);
    }
}
