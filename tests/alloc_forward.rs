//! Forward mode allocates nothing: counted exactly with a counting global
//! allocator. Counts are per thread, so the test harness's other threads
//! cannot disturb them.

use gradus::{Dual, chunked_gradient_into, gradient, jacobian, jvp};
use num_traits::Float;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap allocations made by `f` on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCS.with(Cell::get);
    let r = f();
    (ALLOCS.with(Cell::get) - before, r)
}

fn rosenbrock<T: Float>(x: &[T]) -> T {
    let c = T::from(100.0).unwrap();
    x.windows(2).fold(T::zero(), |s, w| {
        s + c * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2)
    })
}

fn rosenbrock_residuals<T: Float, const N: usize>(x: [T; N]) -> [T; N] {
    let c = T::from(10.0).unwrap();
    core::array::from_fn(|i| {
        if i + 1 < N {
            c * (x[i + 1] - x[i] * x[i])
        } else {
            T::one() - x[0]
        }
    })
}

const X: [f64; 16] = [
    -1.2, 1.0, 0.8, 0.5, -0.3, 1.1, 0.9, 1.3, -0.7, 0.2, 0.4, 1.6, -1.0, 0.6, 0.1, 1.2,
];

#[test]
fn the_counter_sees_allocations() {
    let (n, v) = allocations(|| vec![1.0f64; 16]);
    assert_eq!(n, 1);
    drop(v);
}

#[test]
fn gradient_allocates_nothing() {
    let (n, (v, g)) = allocations(|| gradient(|x| rosenbrock(&x), X));
    assert_eq!(n, 0);
    assert_eq!(v, rosenbrock(&X));
    assert_eq!(g[15], 200.0 * (X[15] - X[14] * X[14]));
}

#[test]
fn jacobian_allocates_nothing() {
    let (n, (_, j)) = allocations(|| jacobian(rosenbrock_residuals, X));
    assert_eq!(n, 0);
    assert_eq!(j[0][0], -20.0 * X[0]);
    let (n, _) = allocations(|| jvp(rosenbrock_residuals, X, [1.0; 16]));
    assert_eq!(n, 0);
}

#[test]
fn chunked_gradient_with_a_supplied_buffer_allocates_nothing() {
    let mut grad = vec![0.0; 16];
    let mut work = vec![Dual::<f64, 4>::constant(0.0); 16];
    let (n, v) = allocations(|| {
        chunked_gradient_into(|x: &[Dual<f64, 4>]| rosenbrock(x), &X, &mut grad, &mut work)
    });
    assert_eq!(n, 0);
    assert_eq!(v, rosenbrock(&X));
    assert_eq!(grad, gradient(|x| rosenbrock(&x), X).1.to_vec());
}
