//! The functions the tests and benches share, written once, generic over the
//! number type, with their derivatives by hand where a test checks against
//! them.
//!
//! Included with `#[path = "common/functions.rs"] mod functions;` (from
//! `tests/`), `#[path = "../common/functions.rs"]` (from `tests/verify/`) and
//! `#[path = "../tests/common/functions.rs"]` (from `benches/`).
#![allow(dead_code)]

use num_traits::Float;

// ---------------------------------------------------------------------------
// The worked example of the docs: f(x1, x2) = ln x1 + x1·x2 − sin x2
// ---------------------------------------------------------------------------

/// ln x1 + x1·x2 − sin x2, the example of the crate docs.
pub fn worked_example<T: Float>(x: &[T]) -> T {
    x[0].ln() + x[0] * x[1] - x[1].sin()
}

/// The point the docs evaluate [`worked_example`] at.
pub const WORKED_X: [f64; 2] = [2.0, 5.0];
/// [`worked_example`] at [`WORKED_X`] (published reference value).
pub const WORKED_VALUE: f64 = 11.652071455223084;
/// ∇[`worked_example`] at [`WORKED_X`]: (1/x1 + x2, x1 − cos x2).
pub const WORKED_GRADIENT: [f64; 2] = [5.5, 1.7163378145367738];

/// ∇²[`worked_example`] at [`WORKED_X`]: [[−1/x1², 1], [1, sin x2]].
pub fn worked_hessian() -> [[f64; 2]; 2] {
    [[-0.25, 1.0], [1.0, 5f64.sin()]]
}

// ---------------------------------------------------------------------------
// Extended Rosenbrock: Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²
// ---------------------------------------------------------------------------

/// The extended Rosenbrock function, for any number type.
pub fn rosenbrock<T: Float>(x: &[T]) -> T {
    let c = T::from(100.0).unwrap();
    x.windows(2).fold(T::zero(), |s, w| {
        s + c * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2)
    })
}

/// Extended Rosenbrock's value and gradient by hand, the gradient written
/// into `g`.
pub fn rosenbrock_grad(x: &[f64], g: &mut [f64]) -> f64 {
    g.fill(0.0);
    let mut s = 0.0;
    for i in 0..x.len().saturating_sub(1) {
        let a = x[i + 1] - x[i] * x[i];
        let b = 1.0 - x[i];
        s += 100.0 * a * a + b * b;
        g[i] += -400.0 * a * x[i] - 2.0 * b;
        g[i + 1] += 200.0 * a;
    }
    s
}

/// Extended Rosenbrock's gradient by hand, as a new vector.
pub fn rosenbrock_gradient(x: &[f64]) -> Vec<f64> {
    let mut g = vec![0.0; x.len()];
    rosenbrock_grad(x, &mut g);
    g
}

/// Extended Rosenbrock's value, gradient and (tridiagonal) Hessian by hand.
pub fn rosenbrock_hessian<const N: usize>(x: &[f64; N]) -> (f64, [f64; N], [[f64; N]; N]) {
    let mut g = [0.0; N];
    let f = rosenbrock_grad(x, &mut g);
    let mut h = [[0.0; N]; N];
    for i in 0..N.saturating_sub(1) {
        let (a, b) = (x[i], x[i + 1]);
        h[i][i] += 1200.0 * a * a - 400.0 * b + 2.0;
        h[i][i + 1] += -400.0 * a;
        h[i + 1][i] += -400.0 * a;
        h[i + 1][i + 1] += 200.0;
    }
    (f, g, h)
}

/// Rosenbrock as a least-squares residual vector: rᵢ = 10(x_{i+1} − xᵢ²) for
/// i < N − 1, and r_{N−1} = 1 − x₀.
pub fn rosenbrock_residuals<T: Float, const N: usize>(x: [T; N]) -> [T; N] {
    let c = T::from(10.0).unwrap();
    core::array::from_fn(|i| {
        if i + 1 < N {
            c * (x[i + 1] - x[i] * x[i])
        } else {
            T::one() - x[0]
        }
    })
}

/// The Jacobian of [`rosenbrock_residuals`] by hand.
pub fn rosenbrock_residuals_jacobian<const N: usize>(x: &[f64; N]) -> [[f64; N]; N] {
    let mut j = [[0.0; N]; N];
    for i in 0..N {
        if i + 1 < N {
            j[i][i] = -20.0 * x[i];
            j[i][i + 1] = 10.0;
        } else {
            j[i][0] = -1.0;
        }
    }
    j
}

// ---------------------------------------------------------------------------
// A transcendental-heavy sum
// ---------------------------------------------------------------------------

/// Σ exp(sin(x_i)·x_{i+1})/(1 + x_i²) + ln(1 + x_i²)·√(1 + x_i²).
pub fn transcendental<T: Float>(x: &[T]) -> T {
    let mut s = T::zero();
    for i in 0..x.len().saturating_sub(1) {
        let q = T::one() + x[i] * x[i];
        s = s + (x[i].sin() * x[i + 1]).exp() / q + q.ln() * q.sqrt();
    }
    s
}

/// The transcendental sum and its gradient by hand (one sin_cos, exp, ln,
/// sqrt per term), written into `g`.
pub fn transcendental_grad(x: &[f64], g: &mut [f64]) -> f64 {
    g.fill(0.0);
    let mut s = 0.0;
    for i in 0..x.len().saturating_sub(1) {
        let (sn, cs) = x[i].sin_cos();
        let q = 1.0 + x[i] * x[i];
        let e = (sn * x[i + 1]).exp();
        let (l, r) = (q.ln(), q.sqrt());
        let t1 = e / q;
        s += t1 + l * r;
        g[i] += t1 * (cs * x[i + 1] - 2.0 * x[i] / q) + 2.0 * x[i] * r / q + l * x[i] / r;
        g[i + 1] += t1 * sn;
    }
    s
}
