//! Forward mode allocates nothing: counted exactly with the shared counting
//! allocator (allocations, zeroed allocations and reallocations, per thread).

mod common;

use common::alloc::{self, allocations};
use common::functions::{rosenbrock, rosenbrock_residuals};
use gradus::{Dual, chunked_gradient_into, gradient, jacobian, jvp};

const X: [f64; 16] = [
    -1.2, 1.0, 0.8, 0.5, -0.3, 1.1, 0.9, 1.3, -0.7, 0.2, 0.4, 1.6, -1.0, 0.6, 0.1, 1.2,
];

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

#[test]
fn counter_counts_allocs_zeroed_allocs_and_reallocs() {
    alloc::assert_counts_exactly();
}

#[test]
fn gradient_allocates_nothing() {
    let ((v, g), n) = allocations(|| gradient(|x| rosenbrock(&x), X));
    assert_eq!(n, 0);
    assert_eq!(v, rosenbrock(&X));
    assert_eq!(g[15], 200.0 * (X[15] - X[14] * X[14]));
}

#[test]
fn jacobian_and_jvp_allocate_nothing() {
    let ((_, j), n) = allocations(|| jacobian(rosenbrock_residuals, X));
    assert_eq!(n, 0);
    assert_eq!(j[0][0], -20.0 * X[0]);
    let (_, n) = allocations(|| jvp(rosenbrock_residuals, X, [1.0; 16]));
    assert_eq!(n, 0);
}

#[test]
fn chunked_gradient_with_a_supplied_buffer_allocates_nothing() {
    let mut grad = vec![0.0; 16];
    let mut work = vec![Dual::<f64, 4>::constant(0.0); 16];
    let (v, n) = allocations(|| {
        chunked_gradient_into(|x: &[Dual<f64, 4>]| rosenbrock(x), &X, &mut grad, &mut work)
    });
    assert_eq!(n, 0);
    assert_eq!(v, rosenbrock(&X));
    assert_eq!(grad, gradient(|x| rosenbrock(&x), X).1.to_vec());
}
