//! Regression tests: each derivative this suite found wrong when it first
//! ran, reduced to the smallest program that showed it. "Was" states the
//! wrong result.

use gradus::rules;
use gradus::{Dual, derivative, gradient};
use num_traits::Float;

const INF: f64 = f64::INFINITY;

type D2 = Dual<Dual<f64, 1>, 1>;

/// x seeded in both slots of a `Dual<Dual<f64, 1>, 1>`.
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

/// sqrt′(−0) was −inf (1/(2·(−0))); documented +inf, as at +0. f″ was +inf.
#[test]
fn sqrt_at_negative_zero() {
    assert_eq!(derivative(|x| x.sqrt(), -0.0).1, INF);
    assert_eq!(nested(|x| x.sqrt(), -0.0), (INF, -INF));
    let d = rules::sqrt(-0.0);
    assert_eq!((d.df, d.d2f), (INF, -INF));
}

/// ln′, log2′, log10′ and ∂/∂x log_b at x = −0 were −inf; documented +inf.
#[test]
fn logarithms_at_negative_zero() {
    assert_eq!(derivative(|x| x.ln(), -0.0).1, INF);
    assert_eq!(derivative(|x| x.log2(), -0.0).1, INF);
    assert_eq!(derivative(|x| x.log10(), -0.0).1, INF);
    assert_eq!(derivative(|x| x.log(Dual::constant(3.0)), -0.0).1, INF);
    assert_eq!(nested(|x| x.ln(), -0.0), (INF, -INF));
}

/// Outside the real domain the value is NaN but the derivative was finite:
/// ln′(−1) = −1, ln_1p′(−2) = −1, atanh′(2) = −1/3, ∂/∂x log₃(−1) finite;
/// nested acosh″(0) was 0. Documented: NaN ("below 0 NaN").
#[test]
fn outside_the_domain_derivatives_are_nan() {
    for (name, d) in [
        ("ln(-1)", derivative(|x| x.ln(), -1.0)),
        ("log2(-1)", derivative(|x| x.log2(), -1.0)),
        ("log10(-1)", derivative(|x| x.log10(), -1.0)),
        ("ln_1p(-2)", derivative(|x| x.ln_1p(), -2.0)),
        ("atanh(2)", derivative(|x| x.atanh(), 2.0)),
        ("atanh(-1e300)", derivative(|x| x.atanh(), -1e300)),
        ("acosh(0)", derivative(|x| x.acosh(), 0.0)),
        ("log3(-1)", derivative(|x| x.log(Dual::constant(3.0)), -1.0)),
    ] {
        assert!(d.0.is_nan() && d.1.is_nan(), "{name}: {d:?}");
    }
    for f in [|x: D2| x.ln(), |x: D2| x.atanh(), |x: D2| x.acosh()] {
        let (d1, d2) = nested(f, -3.0);
        assert!(d1.is_nan() && d2.is_nan());
    }
    assert!(nested(|x| x.acosh(), 0.0).1.is_nan());
    // the zero-partial rule still keeps the NaN out of other inputs
    let (_, g) = gradient(|[a, b]| a.ln() * 0.0 + b, [-1.0, 2.0]);
    assert_eq!(g[1], 1.0);
}

/// cbrt″ at 0 through nested duals was 0 (the derivative of ∛x · ∛x is
/// 0 · inf = 0 under the zero-partial rule); cbrt″(−0) from the rule was
/// +inf. Documented: −inf at ±0.
#[test]
fn cbrt_second_derivative_at_zero() {
    assert_eq!(nested(|x| x.cbrt(), 0.0), (INF, -INF));
    assert_eq!(nested(|x| x.cbrt(), -0.0), (INF, -INF));
    assert_eq!(rules::cbrt(-0.0).d2f, -INF);
}

/// abs″ at 0 and at NaN through nested duals was 1: the rule tested
/// `is_zero()` (every component zero), which a nested number at 0 with a
/// nonzero derivative part is not, and fell through to `d = x`.
#[test]
fn abs_second_derivative_at_zero_and_nan() {
    assert_eq!(nested(|x| x.abs(), 0.0), (0.0, 0.0));
    assert_eq!(nested(|x| x.abs(), -0.0), (0.0, 0.0));
    let (d1, d2) = nested(|x| x.abs(), f64::NAN);
    assert!(d1.is_nan());
    assert_eq!(d2, 0.0);
}

/// powf with a constant exponent, through nested duals: at x = 0 the first
/// derivative was NaN (`is_zero()` again, then 0/0), at x = 1e-300 it was
/// 0 (xᵖ underflowed and xᵖ⁻¹ was taken as xᵖ/x) and f″ NaN (overflow in
/// the derivative of xᵖ/x).
#[test]
fn powf_constant_exponent_nested_at_small_x() {
    let p = |e: f64| move |x: D2| x.powf(Dual::constant(Dual::constant(e)));
    assert_eq!(nested(p(1.0), 0.0), (1.0, 0.0));
    assert_eq!(nested(p(2.0), 0.0), (0.0, 2.0));
    assert_eq!(nested(p(0.5), 0.0), (INF, -INF));
    let (d1, d2) = nested(p(1.5), 1e-300);
    assert!(rel(d1, 1.5e-150) < 1e-15, "{d1}");
    assert!(rel(d2, 0.75e150) < 1e-15, "{d2}");
    assert_eq!(nested(p(0.5), 1e-300).1, -INF);
    let (d1, d2) = nested(p(2.0), 1e-300);
    assert_eq!((d1, d2), (2e-300, 2.0));
}

/// x^p for p near 1 through nested duals lost digits in f″: f″ was the
/// derivative of xᵖ/x, p xᵖ⁻² − xᵖ⁻², which cancels (three digits at
/// p = 1.0004, all at p = 1 + 1e-15).
#[test]
fn powf_near_one_second_derivative() {
    for p in [1.0004, 1.0 + 1e-9, 0.9999] {
        let (_, d2) = nested(|x| x.powf(Dual::constant(Dual::constant(p))), 0.05);
        let exact = p * (p - 1.0) * 0.05f64.powf(p - 2.0);
        assert!(rel(d2, exact) < 1e-13, "p = {p}: {d2} vs {exact}");
    }
}

/// exp_m1′(x) for x ≪ 0 was computed as (eˣ − 1) + 1: exactly 0 below
/// x ≈ −38, and few correct digits below −1.
#[test]
fn exp_m1_derivative_for_negative_x() {
    for x in [-1.0, -15.0, -40.0, -700.0] {
        let d = derivative(|v| v.exp_m1(), x).1;
        assert!(rel(d, f64::exp(x)) < 4.0 * f64::EPSILON, "{x}: {d}");
    }
}

/// tanh′ = 1 − tanh² x cancelled as |tanh x| → 1: exactly 0 beyond |x| ≈ 19,
/// few digits beyond 2.
#[test]
fn tanh_derivative_for_large_x() {
    for x in [2.0, -10.0, 19.5, 300.0] {
        let c = f64::cosh(x);
        let d = derivative(|v| v.tanh(), x).1;
        assert!(rel(d, 1.0 / (c * c)) < 8.0 * f64::EPSILON, "{x}: {d}");
        let (_, d2) = nested(|v| v.tanh(), x);
        let e = -2.0 * x.tanh() / (c * c);
        assert!(rel(d2, e) < 16.0 * f64::EPSILON, "{x}: {d2} vs {e}");
    }
}

/// asin″, acos″ and atanh″ through nested duals were 0 at tiny x: they
/// differentiate (1 − x)(1 + x), whose derivative −(1 + x) + (1 − x)
/// cancels; the exact value is about x (asin, acos: ±x, atanh: 2x).
#[test]
fn inverse_trig_second_derivative_at_tiny_x() {
    for x in [1e-300, 1e-10, -3e-8] {
        let q = 1.0 - x * x;
        let (asin2, atanh2) = (x / (q * q.sqrt()), 2.0 * x / (q * q));
        assert!(rel(nested(|v| v.asin(), x).1, asin2) < 4.0 * f64::EPSILON);
        assert!(rel(nested(|v| v.acos(), x).1, -asin2) < 4.0 * f64::EPSILON);
        assert!(rel(nested(|v| v.atanh(), x).1, atanh2) < 4.0 * f64::EPSILON);
    }
}

/// The rules' f″ (what a second-order type reads) was NaN at ±inf for atan,
/// asinh and acosh (inf · 0), and at ±MAX for atan (2x overflowed), where
/// nested duals give the limit 0.
#[test]
fn second_derivative_formulas_at_infinity() {
    for x in [INF, -INF, f64::MAX, f64::MIN] {
        assert_eq!(rules::atan(x).d2f, 0.0, "atan {x}");
        assert_eq!(rules::asinh(x).d2f, 0.0, "asinh {x}");
    }
    assert_eq!(rules::acosh(INF).d2f, 0.0);
    assert_eq!(rules::powf(1.5, -1e300).dxx, 0.0);
    assert_eq!(rules::powf_const(1.5, -1e300).d2f, 0.0);
}

/// The sum of an empty iterator, and of −0s, was +0; `f64`'s is −0.
#[test]
fn sum_of_negative_zeros() {
    let s: Dual<f64, 1> = [Dual::constant(-0.0); 3].into_iter().sum();
    assert!(s.value() == 0.0 && s.value().is_sign_negative());
    let s: Dual<f64, 1> = core::iter::empty::<Dual<f64, 1>>().sum();
    assert!(s.value().is_sign_negative());
}

/// A nested number's first derivative was NaN where `Dual<f64, N>` gives 0:
/// a partial whose value is 0 but whose own derivative is not (it varies),
/// times an infinite local derivative, made 0 · inf = NaN in the value; the
/// zero-partial rule tested only "every component zero".
#[test]
fn nested_first_derivative_with_a_varying_zero_partial() {
    // acos′(1) = −inf times a partial of value 0 = sin′ at 0 … reduced:
    // f(x) = acos(1 − x²/2 + …) style: d/dx of cos(acos(cos x)) at x → 0
    let f = |x: D2| x.cos().acos().cos();
    let x = 6.6e-68;
    let (d1, _) = nested(f, x);
    let d = derivative(|v| v.cos().acos().cos(), x).1;
    assert_eq!(d1, d);
    // (x0^sin(x1)) at x0 = 0, x1 = 0: ∂/∂x0 is 0 (x⁰ has derivative 0) in
    // every mode; nested duals gave NaN because sin(x1) has value 0 but a
    // nonzero derivative part.
    let g1 = gradient(|[a, b]| a.powf(b.sin()), [0.0, 0.0]).1;
    let xs: [Dual<Dual<f64, 2>, 2>; 2] = core::array::from_fn(|k| {
        let mut outer = [Dual::constant(0.0); 2];
        outer[k] = Dual::constant(1.0);
        Dual::new(Dual::variable(0.0, k), outer)
    });
    let y = xs[0].powf(xs[1].sin());
    assert_eq!(y.partials()[0].value(), g1[0]);
    assert_eq!(g1[0], 0.0);
}
