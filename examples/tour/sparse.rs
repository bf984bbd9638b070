//! Sparse derivatives: detect the pattern of a function of 1000 inputs, color
//! it, and get its Hessian from three Hessian-vector products.

use super::rosenbrock;
use gradus::Function;
use gradus::sparse::{SparseHessian, hessian_pattern};
use num_traits::Float;

/// The extended Rosenbrock function as a `Function`: one definition, run on
/// sparsity tracers, then on `Var<Dual<f64, 3>>`, then on `f64`.
struct Rosenbrock;
impl Function for Rosenbrock {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        rosenbrock(x)
    }
}

pub fn run() {
    println!("\n== Sparse Hessian (gradus::sparse) ==");
    let n = 1000;
    let pattern = hessian_pattern(&Rosenbrock, n);
    println!(
        "Rosenbrock, n = {n}: {} nonzeros of {} (tridiagonal, detected by tracing)",
        pattern.nnz(),
        n * n
    );
    let mut h = SparseHessian::<f64, 3>::from_pattern(pattern);
    println!(
        "  {} colors ({:?}): {} recording(s) of Var<Dual<f64, 3>> instead of {n} directions",
        h.ncolors(),
        h.mode(),
        h.passes()
    );
    let x: Vec<f64> = (0..n).map(|i| 0.5 + 0.4 * (i as f64).sin()).collect();
    let mut grad = vec![0.0; n];
    let mut values = vec![0.0; h.nnz()];
    let fx = h.eval(&Rosenbrock, &x, &mut grad, &mut values);
    println!("  f = {fx:.6}   (f64: {:.6})", rosenbrock(&x));
    // The analytic entries of the first rows.
    let k = |i, j| h.pattern().position(i, j).unwrap();
    let exact_00 = 1200.0 * x[0] * x[0] - 400.0 * x[1] + 2.0;
    let exact_01 = -400.0 * x[0];
    println!(
        "  H[0][0] = {:.10}   analytic {:.10}",
        values[k(0, 0)],
        exact_00
    );
    println!(
        "  H[0][1] = {:.10}   analytic {:.10}",
        values[k(0, 1)],
        exact_01
    );
}
