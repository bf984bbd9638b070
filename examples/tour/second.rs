//! Second order: hyper-dual numbers, Hessians in one pass, and nesting.

use super::{central_difference, rosenbrock, show};
use gradus::HyperDual;

/// Its Hessian by hand: tridiagonal.
fn rosenbrock_hessian<const N: usize>(x: &[f64; N]) -> [[f64; N]; N] {
    let mut h = [[0.0; N]; N];
    for i in 0..N - 1 {
        h[i][i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
        h[i][i + 1] -= 400.0 * x[i];
        h[i + 1][i] -= 400.0 * x[i];
        h[i + 1][i + 1] += 200.0;
    }
    h
}

pub fn run() {
    println!("\n== Second order (HyperDual<f64, N>) ==");
    println!("y = sin(x² + 1) at x = 1");
    let (_, d, d2) = gradus::second_derivative(|x| (x * x + 1.0).sin(), 1.0);
    let dfd = |x: &[f64]| 2.0 * x[0] * (x[0] * x[0] + 1.0).cos();
    show(
        "y′",
        d,
        central_difference(|x| (x[0] * x[0] + 1.0).sin(), &[1.0], 0),
    );
    show("y″", d2, central_difference(dfd, &[1.0], 0));

    println!(
        "\nHessian of the extended Rosenbrock function at x = (−1.2, 1, 0.8, 0.5, −0.3), one pass"
    );
    let x = [-1.2, 1.0, 0.8, 0.5, -0.3];
    let (v, g, h) = gradus::hessian(|x| rosenbrock(&x), x);
    let exact = rosenbrock_hessian(&x);
    println!("  value {v}   (f64: {})", rosenbrock(&x));
    println!("  gradient {g:?}");
    println!("  {:<40} {:<40}", "HyperDual", "analytic");
    for (row, erow) in h.iter().zip(&exact) {
        let fmt = |r: &[f64; 5]| {
            r.iter()
                .map(|x| format!("{x:7.1}"))
                .collect::<Vec<_>>()
                .join("")
        };
        println!("  {:<40} {:<40}", fmt(row), fmt(erow));
    }
    let worst = h
        .iter()
        .flatten()
        .zip(exact.iter().flatten())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    println!("  max |HyperDual − analytic| = {worst:.1e}");

    let v = [1.0, 0.0, -1.0, 0.0, 2.0];
    let (_, _, hv) = gradus::hvp(|x| rosenbrock(&x), x, v);
    let want: Vec<f64> = h
        .iter()
        .map(|row| row.iter().zip(&v).map(|(a, b)| a * b).sum())
        .collect();
    println!("  Hessian-vector product H·v without forming H (HvpDual<f64, 5>, one pass):");
    println!("    {hv:?}");
    println!("    H·v from the HyperDual Hessian above: {want:?}");

    println!("\nHigher derivatives by nesting: HyperDual<HyperDual<f64, 1>, 1> on sin at 0.7");
    let x = HyperDual::<HyperDual<f64, 1>, 1>::variable(HyperDual::variable(0.7, 0), 0);
    let d2 = x.sin().hessian()[0][0];
    let exact = |label: &str, ad: f64, want: f64| {
        println!("  {label:<14} AD {ad:>20.15}   exact {want:>20.15}");
    };
    exact("sin″ = −sin", d2.value(), -0.7f64.sin());
    exact("sin‴ = −cos", d2.gradient()[0], -0.7f64.cos());
    exact("sin⁗ = sin", d2.hessian()[0][0], 0.7f64.sin());
    println!(
        "  a hyper-dual number prints as value + gradient·ε + Hessian·ε²: {}",
        HyperDual::<f64, 2>::variable(3.0, 0) * 2.0
    );
}
