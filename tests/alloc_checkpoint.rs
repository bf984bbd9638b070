//! Heap allocations of checkpointed reverse mode, counted exactly: a
//! prepared `Checkpointer` allocates on its first gradient only.
//!
//! A counting global allocator records the allocations made by the current
//! thread (the test harness runs tests on several threads at once), so each
//! test measures only its own code.

use gradus::reverse::checkpoint::Checkpointer;
use gradus::reverse::checkpoint::revolve::Schedule;
use gradus::{Function, VectorFunction};
use num_traits::Float;
mod common;

use common::alloc::allocations;

#[global_allocator]
static ALLOCATOR: common::alloc::Counting = common::alloc::Counting;

#[test]
fn counter_counts_allocs_zeroed_allocs_and_reallocs() {
    common::alloc::assert_counts_exactly();
}

/// A forced Van der Pol oscillator under explicit Euler, with μ in the state.
struct VanDerPol;

impl VectorFunction for VanDerPol {
    fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
        let h = T::from(0.01).unwrap();
        let (q, p, mu) = (x[0], x[1], x[2]);
        out[0] = q + h * p;
        out[1] = p + h * (mu * (T::one() - q * q) * p - q);
        out[2] = mu;
    }
}

struct Energy;

impl Function for Energy {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        x[0] * x[0] + x[1] * x[1]
    }
}

#[test]
fn repeated_gradients_allocate_nothing() {
    let mut cp = Checkpointer::new(6);
    let mut grad = [0.0; 3];
    let (_, first) =
        allocations(|| cp.gradient(&VanDerPol, &Energy, &[1.0, 0.0, 0.5], 400, &mut grad));
    assert!(first > 0);
    let expected = grad;
    for (x0, n) in [
        ([1.0, 0.0, 0.5], 400),
        ([0.5, 0.2, 1.5], 400),
        ([0.5, 0.2, 1.5], 17),
        ([2.0, 0.0, 0.1], 0),
    ] {
        let (_, count) = allocations(|| cp.gradient(&VanDerPol, &Energy, &x0, n, &mut grad));
        assert_eq!(count, 0, "x0={x0:?} n={n}");
        if n == 400 && x0[2] == 0.5 {
            assert_eq!(grad, expected);
        }
    }
}

#[test]
fn a_schedule_allocates_only_when_built() {
    let (mut schedule, built) = allocations(|| Schedule::new(10_000, 20));
    assert_eq!(built, 1);
    let (steps, count) = allocations(|| {
        let mut total = 0;
        for n in [10_000, 5_000, 10_000] {
            schedule.reset(n);
            total += schedule.by_ref().count();
        }
        total
    });
    assert!(steps > 3 * 10_000);
    assert_eq!(count, 0);
}
