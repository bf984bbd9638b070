//! The benchmark workloads and their hand-written derivatives, shared by the
//! benches and the tests that check against them.
#![allow(dead_code)]

use num_traits::Float;

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

/// Extended Rosenbrock Σ 100(x_{i+1} − x_i²)² + (1 − x_i)² and its gradient
/// by hand, written into `g`.
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
