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
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; the only
// addition is a thread-local counter, whose const initialiser and lack of a
// destructor mean that touching it never allocates or re-enters the allocator.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (including reallocations) made by `f` on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    (r, ALLOCATIONS.with(Cell::get) - before)
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
