//! Second-order drivers never allocate: counted with a global allocator, per
//! thread (the test harness runs other tests on other threads).

use num_traits::Float;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

fn rosenbrock<T: Float>(x: &[T]) -> T {
    let hundred = T::from(100.0).unwrap();
    x.windows(2).fold(T::zero(), |acc, w| {
        acc + hundred * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2)
    })
}

#[test]
fn hessian_n8_allocates_nothing() {
    let x: [f64; 8] = core::array::from_fn(|i| 0.1 * i as f64 - 0.3);
    let mut out = (0.0, [0.0; 8], [[0.0; 8]; 8]);
    let n = allocations_during(|| {
        out = gradus::hessian(|x| rosenbrock(&x), x);
    });
    assert_eq!(n, 0);
    assert!(out.2[3][4] != 0.0);
}

#[test]
fn second_derivative_and_hvp_allocate_nothing() {
    let x: [f64; 8] = core::array::from_fn(|i| 0.1 * i as f64 - 0.3);
    let v = [1.0; 8];
    let mut hv = [0.0; 8];
    let mut d2 = 0.0;
    let n = allocations_during(|| {
        hv = gradus::hvp(|x| rosenbrock(&x), x, v).2;
        d2 = gradus::second_derivative(|x| (x * x + 1.0).sin(), 1.0).2;
    });
    assert_eq!(n, 0);
    assert!(hv[0] != 0.0 && d2 != 0.0);
}

#[test]
fn the_counter_counts() {
    let n = allocations_during(|| {
        let v: Vec<f64> = Vec::with_capacity(3);
        std::hint::black_box(v);
    });
    assert_eq!(n, 1);
}
