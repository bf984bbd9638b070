//! `Dual` and the forward drivers: the worked example, the zero-partial rule,
//! nesting at 0, method resolution beside nalgebra's traits, and `jvp` and
//! `chunked_gradient_into` against `jacobian`, `gradient` and finite
//! differences.

// Matrices are compared entry by entry, by index.
#![allow(clippy::needless_range_loop)]

mod common;

use common::functions::{
    WORKED_GRADIENT, WORKED_VALUE, WORKED_X, rosenbrock, rosenbrock_grad, rosenbrock_gradient,
    rosenbrock_residuals, rosenbrock_residuals_jacobian, transcendental, transcendental_grad,
    worked_example,
};
use gradus::{Dual, check, chunked_gradient, chunked_gradient_into, gradient, jacobian, jvp};
use proptest::prelude::*;
use std::cell::Cell;

#[test]
fn gradient_of_the_worked_example() {
    let (v, g) = gradient(|[x1, x2]| x1.ln() + x1 * x2 - x2.sin(), WORKED_X);
    assert!((v - WORKED_VALUE).abs() < 1e-13);
    assert!((g[0] - WORKED_GRADIENT[0]).abs() < 1e-14);
    assert!((g[1] - WORKED_GRADIENT[1]).abs() < 1e-14);
    // the shared definition is the same function
    assert_eq!(gradient(|x| worked_example(&x), WORKED_X), (v, g));
}

#[test]
fn zero_partial_rule_keeps_the_other_partial_clean() {
    let (_, g) = gradient(|[x1, x2]| (x1 * 0.0 + x2).ln(), [1.0, 0.0]);
    assert_eq!(g, [0.0, f64::INFINITY]);
    let (_, g) = gradient(|[x1, x2]| x1.sqrt() + x2, [0.0, 3.0]);
    assert_eq!(g, [f64::INFINITY, 1.0]);
}

/// The design's reason for a recursive `is_zero`: d²/dx² (x·x) at 0 by
/// nesting is 2 (a value-only test would make the zero-partial rule give 0).
/// Perturbation confusion itself is covered in the verification suite.
#[test]
fn nested_square_at_zero_keeps_its_second_derivative() {
    let x = Dual::<Dual<f64, 1>, 1>::new(Dual::new(0.0, [1.0]), [Dual::new(1.0, [0.0])]);
    let y = x * x;
    assert_eq!(y.partials()[0].partials()[0], 2.0);
    let z = 2.0 * x * 3.0 - 1.0 / x.exp();
    assert_eq!(z.partials()[0].value(), 6.0 + 1.0);
}

/// With both `Float` and nalgebra's `ComplexField` in scope, method calls on a
/// concrete dual resolve to the inherent methods: no ambiguity errors.
#[cfg(feature = "nalgebra")]
#[test]
fn methods_are_unambiguous_with_float_and_complex_field_in_scope() {
    #[allow(unused_imports)]
    use nalgebra::ComplexField;
    #[allow(unused_imports)]
    use num_traits::Float;
    let x = Dual::<f64, 1>::variable(4.0, 0);
    let y = x.sqrt() + x.abs() + x.powf(Dual::constant(2.0)) + x.max(x) + x.sin();
    assert_eq!(y.partials()[0], 0.25 + 1.0 + 8.0 + 1.0 + 4f64.cos());
}

// ---------------------------------------------------------------------------
// jvp: J·v in one pass
// ---------------------------------------------------------------------------

/// A map R³ → R⁴ with products, quotients and transcendental functions, so
/// every output depends on the inputs differently.
fn spiral<T: num_traits::Float>([a, b, c]: [T; 3]) -> [T; 4] {
    [
        a * b.cos(),
        a * b.sin() + c,
        (a * c).exp() / (T::one() + b * b),
        c.atan2(a) * b,
    ]
}

/// Σₖ |J[i][k] v[k]|: the scale rounding errors of J·v are relative to.
fn jv_scale<const N: usize>(row: &[f64; N], v: &[f64; N]) -> f64 {
    row.iter().zip(v).map(|(j, v)| (j * v).abs()).sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// jvp's values are f's (bitwise), and its tangents are J·v (to rounding)
    /// and the derivative of t ↦ f(x + t v) by finite differences.
    #[test]
    fn jvp_is_jacobian_times_v(
        x in proptest::array::uniform3(0.2f64..2.0),
        v in proptest::array::uniform3(-2.0f64..2.0),
    ) {
        let (y, jv) = jvp(spiral, x, v);
        let (yj, j) = jacobian(spiral, x);
        let plain = spiral(x);
        for i in 0..4 {
            prop_assert_eq!(y[i].to_bits(), plain[i].to_bits(), "value {}", i);
            prop_assert_eq!(yj[i].to_bits(), plain[i].to_bits(), "jacobian value {}", i);
            let want: f64 = (0..3).map(|k| j[i][k] * v[k]).sum();
            let tol = 4.0 * f64::EPSILON * jv_scale(&j[i], &v);
            prop_assert!((jv[i] - want).abs() <= tol, "(J·v)[{}] = {} vs {}", i, jv[i], want);
            let along = |t: f64| spiral([x[0] + t * v[0], x[1] + t * v[1], x[2] + t * v[2]])[i];
            check::derivative(along, 0.0, jv[i])?;
        }
    }
}

#[test]
fn jvp_along_a_unit_vector_is_a_jacobian_column() {
    let x: [f64; 3] = [0.7, -1.1, 0.4];
    let (_, j) = jacobian(spiral, x);
    for k in 0..3 {
        let mut e = [0.0; 3];
        e[k] = 1.0;
        let (_, col) = jvp(spiral, x, e);
        for i in 0..4 {
            let tol = 4.0 * f64::EPSILON * j[i][k].abs();
            assert!(
                (col[i] - j[i][k]).abs() <= tol,
                "∂f[{i}]/∂x[{k}]: jvp {} vs jacobian {}",
                col[i],
                j[i][k]
            );
        }
    }
}

#[test]
fn jvp_is_linear_in_v() {
    let x = [0.7, -1.1, 0.4];
    let v = [0.3, 1.7, -0.9];
    let (y, jv) = jvp(spiral, x, v);
    // every tangent operation is linear in the tangents, and doubling is exact
    let (y2, jv2) = jvp(spiral, x, v.map(|vi| 2.0 * vi));
    assert_eq!(y2, y);
    assert_eq!(jv2, jv.map(|t| 2.0 * t));
    let (y0, jv0) = jvp(spiral, x, [0.0; 3]);
    assert_eq!(y0, y);
    assert_eq!(jv0, [0.0; 4]);
    let (_, neg) = jvp(spiral, x, v.map(|vi| -vi));
    assert_eq!(neg, jv.map(|t| -t));
}

#[test]
fn jvp_of_rosenbrock_residuals_matches_the_hand_jacobian() {
    let x: [f64; 6] = [-1.2, 1.0, 0.8, 0.5, -0.3, 1.1];
    let v: [f64; 6] = [0.5, -1.0, 2.0, 0.25, 1.5, -0.75];
    let (r, jv) = jvp(rosenbrock_residuals, x, v);
    assert_eq!(r, rosenbrock_residuals(x));
    let hand = rosenbrock_residuals_jacobian(&x);
    for i in 0..6 {
        let want: f64 = (0..6).map(|k| hand[i][k] * v[k]).sum();
        let tol = 4.0 * f64::EPSILON * jv_scale(&hand[i], &v);
        assert!(
            (jv[i] - want).abs() <= tol,
            "(J·v)[{i}] = {} vs {want}",
            jv[i]
        );
    }
}

// ---------------------------------------------------------------------------
// chunked gradients: n known at run time, C directions per pass
// ---------------------------------------------------------------------------

/// A function of 11 inputs coupling neighbours, so that a seed in one chunk
/// reaches partials in the next.
fn coupled<T: num_traits::Float>(x: &[T]) -> T {
    rosenbrock(x) + transcendental(x)
}

const X11: [f64; 11] = [0.3, -0.8, 1.1, 0.5, -0.2, 0.9, 1.4, -1.3, 0.6, 0.05, -0.45];

fn coupled_gradient_by_hand(x: &[f64]) -> Vec<f64> {
    let mut a = vec![0.0; x.len()];
    let mut b = vec![0.0; x.len()];
    rosenbrock_grad(x, &mut a);
    transcendental_grad(x, &mut b);
    a.iter().zip(&b).map(|(a, b)| a + b).collect()
}

/// Runs `chunked_gradient_into` with chunk size C on X11, with a `work`
/// buffer full of stale seeds (the driver must reseed it), and counts passes.
fn chunked<const C: usize>() -> (f64, Vec<f64>, usize) {
    let passes = Cell::new(0);
    let mut grad = vec![f64::NAN; X11.len()];
    let mut work = vec![Dual::<f64, C>::new(99.0, [1.0; C]); X11.len()];
    let v = chunked_gradient_into(
        |x: &[Dual<f64, C>]| {
            passes.set(passes.get() + 1);
            coupled(x)
        },
        &X11,
        &mut grad,
        &mut work,
    );
    (v, grad, passes.get())
}

#[test]
fn chunked_gradient_into_with_uneven_chunks_matches_gradient() {
    let (v, g) = gradient(|x| coupled(&x), X11);
    let hand = coupled_gradient_by_hand(&X11);
    let plain = coupled(&X11);
    // 11 inputs in chunks of 1, 2, 3, 4 (4 + 4 + 3), 5, 10 (10 + 1), 11 and 16 (one short chunk)
    for (c, (fv, fg, passes)) in [
        (1, chunked::<1>()),
        (2, chunked::<2>()),
        (3, chunked::<3>()),
        (4, chunked::<4>()),
        (5, chunked::<5>()),
        (10, chunked::<10>()),
        (11, chunked::<11>()),
        (16, chunked::<16>()),
    ] {
        assert_eq!(fv.to_bits(), plain.to_bits(), "C = {c}: value");
        assert_eq!(fv.to_bits(), v.to_bits(), "C = {c}: value vs gradient");
        assert_eq!(passes, X11.len().div_ceil(c), "C = {c}: ⌈n / C⌉ passes");
        for i in 0..X11.len() {
            let tol = 8.0 * f64::EPSILON * g[i].abs().max(1.0);
            assert!(
                (fg[i] - g[i]).abs() <= tol,
                "C = {c}: ∂f/∂x[{i}] = {} vs gradient {}",
                fg[i],
                g[i]
            );
            assert!(
                (fg[i] - hand[i]).abs() <= 1e-12 * hand[i].abs().max(1.0),
                "C = {c}: ∂f/∂x[{i}] = {} vs by hand {}",
                fg[i],
                hand[i]
            );
        }
    }
}

#[test]
fn chunked_gradient_allocating_form_agrees() {
    let (v, g) = chunked_gradient::<_, _, 4>(coupled, &X11);
    let (vi, gi, _) = chunked::<4>();
    assert_eq!((v, g), (vi, gi));
    // a run-time length the array drivers cannot take
    let x: Vec<f64> = (0..37).map(|i| 0.5 + 0.03 * i as f64).collect();
    let (v, g) = chunked_gradient::<_, _, 8>(rosenbrock, &x);
    assert_eq!(v, rosenbrock(&x));
    let hand = rosenbrock_gradient(&x);
    for i in 0..x.len() {
        assert!(
            (g[i] - hand[i]).abs() <= 1e-12 * hand[i].abs().max(1.0),
            "{i}"
        );
    }
}

#[test]
fn chunked_gradient_of_no_inputs_is_the_value() {
    let calls = Cell::new(0);
    let mut grad: [f64; 0] = [];
    let mut work: [Dual<f64, 4>; 0] = [];
    let v = chunked_gradient_into(
        |x: &[Dual<f64, 4>]| {
            calls.set(calls.get() + 1);
            x.iter().copied().sum::<Dual<f64, 4>>() + 2.5
        },
        &[],
        &mut grad,
        &mut work,
    );
    assert_eq!((v, calls.get()), (2.5, 1));
}

#[test]
#[should_panic(expected = "`grad` has length 3 but `x` has length 11")]
fn chunked_gradient_with_a_short_grad_panics() {
    let mut grad = vec![0.0; 3];
    let mut work = vec![Dual::<f64, 4>::constant(0.0); 11];
    chunked_gradient_into(|x: &[Dual<f64, 4>]| coupled(x), &X11, &mut grad, &mut work);
}

#[test]
#[should_panic(expected = "supply one Dual per input")]
fn chunked_gradient_with_a_short_work_buffer_panics() {
    let mut grad = vec![0.0; 11];
    let mut work = vec![Dual::<f64, 4>::constant(0.0); 10];
    chunked_gradient_into(|x: &[Dual<f64, 4>]| coupled(x), &X11, &mut grad, &mut work);
}

#[test]
#[should_panic(expected = "the chunk size C must be at least 1")]
fn chunked_gradient_with_chunks_of_zero_panics() {
    let mut grad = vec![0.0; 11];
    let mut work = vec![Dual::<f64, 0>::constant(0.0); 11];
    chunked_gradient_into(|x: &[Dual<f64, 0>]| coupled(x), &X11, &mut grad, &mut work);
}
