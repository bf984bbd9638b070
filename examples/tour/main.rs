//! A newcomer's tour of gradus: derivatives of real functions by each mode,
//! each printed beside a central finite-difference estimate.
//!
//! Run with `cargo run --release --example tour`.

mod forward;
mod reverse;
mod second;
mod sparse;

/// The worked example used throughout the docs: f(x1, x2) = ln x1 + x1·x2 − sin x2.
pub fn seed_example<T: num_traits::Float>(x: &[T]) -> T {
    x[0].ln() + x[0] * x[1] - x[1].sin()
}

/// A function written once for any `T: Float`, used by every mode: the
/// extended Rosenbrock function Σ 100(x_{i+1} − x_i²)² + (1 − x_i)².
pub fn rosenbrock<T: num_traits::Float>(x: &[T]) -> T {
    let hundred = T::from(100.0).unwrap();
    x.windows(2).fold(T::zero(), |acc, w| {
        acc + hundred * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2)
    })
}

/// Central finite difference of `f` along coordinate `i` (step scaled to x).
pub fn central_difference(f: impl Fn(&[f64]) -> f64, x: &[f64], i: usize) -> f64 {
    let h = 1e-6 * x[i].abs().max(1.0);
    let (mut xp, mut xm) = (x.to_vec(), x.to_vec());
    xp[i] += h;
    xm[i] -= h;
    (f(&xp) - f(&xm)) / (2.0 * h)
}

/// Prints one derivative beside its finite-difference estimate.
pub fn show(label: &str, ad: f64, fd: f64) {
    println!(
        "  {label:<28} AD {ad:>22.15}   FD {fd:>22.15}   |AD − FD| {:.1e}",
        (ad - fd).abs()
    );
}

fn main() {
    forward::run();
    second::run();
    reverse::run();
    sparse::run();
}
