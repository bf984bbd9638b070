//! Second-order drivers never allocate: counted exactly with the shared
//! counting allocator (per thread: the harness runs other tests on other
//! threads).

mod common;

use common::alloc::{self, allocations};
use common::functions::rosenbrock;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

#[test]
fn counter_counts_allocs_zeroed_allocs_and_reallocs() {
    alloc::assert_counts_exactly();
}

#[test]
fn hessian_n8_allocates_nothing() {
    let x: [f64; 8] = core::array::from_fn(|i| 0.1 * i as f64 - 0.3);
    let (out, n) = allocations(|| gradus::hessian(|x| rosenbrock(&x), x));
    assert_eq!(n, 0);
    assert!(out.2[3][4] != 0.0);
}

#[test]
fn second_derivative_and_hvp_allocate_nothing() {
    let x: [f64; 8] = core::array::from_fn(|i| 0.1 * i as f64 - 0.3);
    let v = [1.0; 8];
    let ((hv, d2), n) = allocations(|| {
        let hv = gradus::hvp(|x| rosenbrock(&x), x, v).2;
        let d2 = gradus::second_derivative(|x| (x * x + 1.0).sin(), 1.0).2;
        (hv, d2)
    });
    assert_eq!(n, 0);
    assert!(hv[0] != 0.0 && d2 != 0.0);
}
