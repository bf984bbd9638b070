//! The rules table at points where only one branch or one factor of a rule
//! decides the result, each found unguarded by mutation testing (see
//! `tests/MUTANTS.md`): a nested number's zero-valued but varying partial
//! times a non-finite weight, powers whose exponent arithmetic overflows
//! `i32`, ∂²xʸ/∂x∂y where xʸ is 0, and log_b x outside its domain.
//!
//! Second derivatives are read in two ways that share no code path: nested
//! duals (which differentiate the rule's f′ expression) and `HyperDual`
//! (which reads the rule's f″ formula).

// Tables of (case, point) pairs are walked by index.
#![allow(clippy::needless_range_loop)]

use gradus::{Dual, HyperDual, derivative, hessian, second_derivative};

type D2 = Dual<Dual<f64, 1>, 1>;

/// x seeded in both ε slots of a `Dual<Dual<f64, 1>, 1>`.
fn var2(x: f64) -> D2 {
    Dual::new(Dual::new(x, [1.0]), [Dual::new(1.0, [0.0])])
}

/// (f′, f″) through nested duals.
fn nested(f: impl Fn(D2) -> D2, x: f64) -> (f64, f64) {
    let y = f(var2(x));
    (y.partials()[0].value(), y.partials()[0].partials()[0])
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

/// |x|-shaped functions at their kink x = 0: sqrt(k x²) and acos(1 − k x²)
/// (= √(2k) |x| near 0). In the nested chain rule the inner function's
/// partial, 2k·x, has value 0 but derivative 2k, and the outer weight is
/// +inf (sqrt′(0)) or −inf (acos′(1)): f′ stays 0 (the zero-partial rule) and
/// f″ is the product rule's z′ · v = +inf in both cases, as HyperDual gives.
#[test]
fn kink_of_an_even_function_zero_partial_times_an_infinite_weight() {
    let inf = f64::INFINITY;
    for k in [0.375, 0.5, 2.0] {
        let sqrt = |x: D2| (x * x * k).sqrt();
        let acos = |x: D2| (1.0 - x * x * k).acos();
        assert_eq!(nested(sqrt, 0.0), (0.0, inf), "sqrt({k} x²)");
        assert_eq!(nested(acos, 0.0), (0.0, inf), "acos(1 − {k} x²)");
        let (_, d, d2) = second_derivative(|x| (1.0 - x * x * k).acos(), 0.0);
        assert_eq!((d, d2), (0.0, inf), "HyperDual acos(1 − {k} x²)");
        assert_eq!(derivative(|x| (x * x * k).sqrt(), 0.0).1, 0.0);
    }
}

/// ln(−1 − k x²) is outside ln's domain: every derivative is NaN, except
/// that the zero-partial rule keeps f′ at x = 0 (where the inner partial is
/// exactly 0) at 0, as the first-order `Dual` gives. The nested f″ multiplies
/// a zero-valued partial (derivative −2k) by a NaN weight: NaN, as HyperDual.
#[test]
fn outside_the_domain_zero_partial_times_a_nan_weight() {
    for k in [0.375, 0.5, 2.0] {
        let (d1, d2) = nested(|x| (-(x * x * k) - 1.0).ln(), 0.0);
        let (v, d) = derivative(|x| (-(x * x * k) - 1.0).ln(), 0.0);
        let (_, _, h2) = second_derivative(|x| (-(x * x * k) - 1.0).ln(), 0.0);
        assert!(v.is_nan());
        assert_eq!((d1, d), (0.0, 0.0), "ln(−1 − {k} x²): f′");
        assert!(d2.is_nan() && h2.is_nan(), "ln(−1 − {k} x²): f″ {d2}, {h2}");
    }
}

/// log_b x with x or b below 0 is NaN in value and every derivative, also
/// when x and b move together so that x + b, x − b or x·b is constant in t:
/// x = t − 2, b = t − 3 (both negative) and x = t − 1, b = 2 + 2t (x·b has
/// derivative 0 at t = 0).
#[test]
fn log_outside_the_domain_is_nan_in_every_nested_derivative() {
    for (x0, dx, b0, db) in [(-2.0, 1.0, -3.0, 1.0), (-1.0, 1.0, 2.0, 2.0)] {
        let f = |t: D2| (t * dx + x0).log(t * db + b0);
        let y = f(var2(0.0));
        let parts = [
            y.value().value(),
            y.value().partials()[0],
            y.partials()[0].value(),
            y.partials()[0].partials()[0],
        ];
        assert!(
            parts.iter().all(|p| p.is_nan()),
            "log_({b0} + {db}t) ({x0} + {dx}t): {parts:?}"
        );
        let (_, d, d2) = second_derivative(|t| (t * dx + x0).log(t * db + b0), 0.0);
        assert!(d.is_nan() && d2.is_nan());
    }
}

/// xⁿ for n = i32::MIN and i32::MIN + 1, where n − 1 or n − 2 overflows
/// `i32` and the rule falls back to `powf`: n xⁿ⁻¹ and n(n − 1) xⁿ⁻² all the
/// same (x slightly above 1 keeps xⁿ representable and tells xⁿ⁻¹ from xⁿ⁺¹).
/// Powers that fit `i32` are `powi`, as in the plain program (repeated
/// squaring, some 1e-8 from `powf` at these exponents).
#[test]
fn powi_where_the_exponent_arithmetic_overflows() {
    let x = 1.0000001f64;
    let pow = |k: i64| i32::try_from(k).map_or_else(|_| x.powf(k as f64), |k| x.powi(k));
    for n in [i32::MIN, i32::MIN + 1] {
        let nf = f64::from(n);
        let (v, d, d2) = second_derivative(|u| u.powi(n), x);
        assert_eq!(v, x.powi(n));
        let want_d = nf * pow(i64::from(n) - 1);
        let want_d2 = nf * (nf - 1.0) * pow(i64::from(n) - 2);
        assert!(rel(d, want_d) < 1e-12, "n = {n}: f′ = {d:e} vs {want_d:e}");
        assert!(
            rel(d2, want_d2) < 1e-12,
            "n = {n}: f″ = {d2:e} vs {want_d2:e}"
        );
        assert!(rel(derivative(|u| u.powi(n), x).1, want_d) < 1e-12);
        let (n1, n2) = nested(|u| u.powi(n), x);
        assert!(
            rel(n1, want_d) < 1e-12 && rel(n2, want_d2) < 1e-12,
            "nested, n = {n}"
        );
    }
}

/// ∂²xʸ/∂x∂y = xʸ⁻¹ (1 + y ln x) where xʸ is 0 but xʸ⁻¹ is not: at x = 0
/// with 0 < y ≤ 1 (−inf), and where xʸ underflows (x = 1e-300, y = 1.1,
/// where the 1 in 1 + y ln x still counts). The y-partials are 0 there
/// (0ʸ is constant in y).
#[test]
fn mixed_partial_of_a_power_where_the_power_is_zero() {
    for (x, y) in [(0.0, 0.5), (0.0, 1.0), (1e-300, 1.1), (1e-300, 1.5)] {
        let (v, g, h) = hessian(|[a, b]: [HyperDual<f64, 2>; 2]| a.powf(b), [x, y]);
        assert_eq!(v, 0.0, "{x}^{y}");
        assert_eq!((g[1], h[1][1]), (0.0, 0.0), "{x}^{y}: y-partials");
        let want = x.powf(y - 1.0) * (1.0 + y * x.ln());
        assert!(
            h[0][1] == want || rel(h[0][1], want) < 1e-13,
            "{x}^{y}: ∂x∂y = {:e} vs {want:e}",
            h[0][1]
        );
        assert_eq!(h[0][1].to_bits(), h[1][0].to_bits());
    }
}
