//! Reductions recorded as one wide node, gradients of sums of terms over a
//! shared prefix, and gradients added into a caller's buffer: each against
//! the ordinary recording of the same computation, and every misuse against
//! its message.

// Hessians are compared entry by entry, by index.
#![allow(clippy::needless_range_loop)]

use gradus::{Dual, Real, Reduce, Tape, Var, reverse};
use num_traits::Float;
use proptest::prelude::*;

/// The reductions written as plain folds, generic: the reference.
fn folds<T: Float>(x: &[T]) -> [T; 5] {
    let w = [0.5, -2.0, 3.0, 0.25, -1.5];
    let sum = x.iter().fold(T::neg_zero(), |s, &v| s + v);
    let dot = x
        .iter()
        .zip(x.iter().rev())
        .fold(T::neg_zero(), |s, (&a, &b)| s + a * b);
    let n2 = x.iter().fold(T::neg_zero(), |s, &v| s + v * v);
    let ws = x
        .iter()
        .zip(w)
        .fold(T::neg_zero(), |s, (&v, wi)| s + v * T::from(wi).unwrap());
    let m = x
        .iter()
        .fold(T::neg_infinity(), |m, &v| if v > m { v } else { m });
    let mc = T::from(m.to_f64().unwrap()).unwrap();
    let lse = mc
        + x.iter()
            .fold(T::neg_zero(), |s, &v| s + (v - mc).exp())
            .ln();
    [sum, dot, n2, ws, lse]
}

/// Reduction `k` through `Reduce`.
fn reduced<T: Reduce>(x: &[T], k: usize) -> T {
    let rev: Vec<T> = x.iter().rev().copied().collect();
    match k {
        0 => T::sum_of(x),
        1 => T::dot(x, &rev),
        2 => T::norm_squared(x),
        3 => T::weighted_sum(x, &[0.5, -2.0, 3.0, 0.25, -1.5]),
        _ => T::logsumexp(x),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Values bitwise, gradients to rounding, and one node per reduction.
    #[test]
    fn reductions_equal_the_folds(x in proptest::array::uniform5(-3.0f64..3.0)) {
        for k in 0..5 {
            let tape = Tape::new();
            let v = tape.vars(&x);
            let y = reduced(&v, k);
            let nodes = tape.len() - 5;
            let g = y.backward().wrt_all(&v);
            let (want, wg) = reverse::gradient(|v| folds(v)[k], &x);
            prop_assert_eq!(y.value().to_bits(), want.to_bits());
            prop_assert_eq!(reduced(&x, k).to_bits(), want.to_bits());
            prop_assert!(nodes <= 1, "reduction {} recorded {} nodes", k, nodes);
            for (a, b) in g.iter().zip(&wg) {
                prop_assert!((a - b).abs() <= 1e-13 * (1.0 + b.abs()), "reduction {}: {} vs {}", k, a, b);
            }
            // Forward mode through the provided folds agrees as well.
            let d: [Dual<f64, 5>; 5] = core::array::from_fn(|i| Dual::variable(x[i], i));
            let yd = reduced(&d, k);
            prop_assert_eq!(yd.value().to_bits(), want.to_bits());
            for (a, b) in yd.partials().iter().zip(&wg) {
                prop_assert!((a - b).abs() <= 1e-13 * (1.0 + b.abs()));
            }
        }
    }

    /// Reverse over forward through a wide node: the Hessian of the squared
    /// norm and of log-sum-exp, against nested forward mode.
    #[test]
    fn wide_nodes_nest(x in proptest::array::uniform3(-2.0f64..2.0)) {
        let tape: Tape<Dual<f64, 3>> = Tape::new();
        let v: Vec<Var<'_, Dual<f64, 3>>> = (0..3).map(|i| tape.var(Dual::variable(x[i], i))).collect();
        let y = Var::logsumexp(&v) + Var::norm_squared(&v) * 0.5;
        let g = y.backward().wrt_all(&v);
        let (_, _, h) = gradus::hessian(|d| folds(&d)[4] + folds(&d)[2] * 0.5, x);
        for i in 0..3 {
            for j in 0..3 {
                prop_assert!((g[i].partials()[j] - h[i][j]).abs() < 1e-13);
            }
        }
    }
}

#[test]
fn reductions_of_constants_and_single_variables_record_nothing() {
    let tape = Tape::new();
    let x = tape.var(2.0);
    let c = Var::constant(3.0);
    let y = Var::sum_of(&[c, x, c]);
    assert_eq!(tape.len(), 1, "one variable: folded, no node");
    assert_eq!((y.value(), y.backward().wrt(x)), (8.0, 1.0));
    let z = Var::dot(&[c, c], &[c, x]);
    assert_eq!((z.value(), z.backward().wrt(x)), (15.0, 3.0));
    assert_eq!(Var::<f64>::sum_of(&[]).value(), -0.0);
    assert_eq!(Var::<f64>::logsumexp(&[]).value(), f64::NEG_INFINITY);
    // A zero weight records no edge (the zero-partial rule).
    let w = Var::weighted_sum(&[x, x * 2.0], &[0.0, 1.0]);
    assert_eq!((tape.len(), w.backward().wrt(x)), (1, 2.0));
}

#[test]
fn logsumexp_conventions() {
    let inf = f64::INFINITY;
    let tape = Tape::new();
    let x = tape.vars(&[1.0, inf, inf]);
    let y = Var::logsumexp(&x);
    assert_eq!(y.value(), inf);
    assert_eq!(y.backward().wrt_all(&x), vec![0.0, 1.0, 0.0]);
    let x = tape.vars(&[f64::NEG_INFINITY, 0.0, f64::NEG_INFINITY]);
    let y = Var::logsumexp(&x);
    assert_eq!(
        (y.value(), y.backward().wrt_all(&x)),
        (0.0, vec![0.0, 1.0, 0.0])
    );
    assert!(f64::logsumexp(&[1.0, f64::NAN]).is_nan());
}

#[test]
#[should_panic(expected = "variables from two different tapes were combined")]
fn a_reduction_over_two_tapes_panics() {
    let (t1, t2) = (Tape::new(), Tape::new());
    let _ = Var::sum_of(&[t1.var(1.0), t2.var(2.0)]);
}

#[test]
#[should_panic(expected = "have lengths 2 and 1")]
fn dot_of_different_lengths_panics() {
    let _ = f64::dot(&[1.0, 2.0], &[1.0]);
}

/// A least-squares loss with data, written once for `Real`.
fn loss<T: Real>(p: &[T], t: &[f64], y: &[f64]) -> T {
    let r: Vec<T> = t
        .iter()
        .zip(y)
        .map(|(&ti, &yi)| p[0] * ti + p[1] - yi)
        .collect();
    T::norm_squared(&r) * 0.5
}

#[test]
fn real_code_runs_in_every_mode() {
    let (t, y) = ([0.0, 1.0, 2.0, 3.0], [1.0, 2.5, 5.5, 6.0]);
    let p = [1.5, 0.5];
    let (v, g) = gradus::gradient(|q| loss(&q, &t, &y), p);
    let (w, h) = reverse::gradient(|q| loss(q, &t, &y), &p);
    assert_eq!((v.to_bits(), g.to_vec()), (w.to_bits(), h.clone()));
    gradus::check::gradient(|q: &[f64]| loss(q, &t, &y), &p, &h).unwrap();
    assert_eq!(<f64 as Real>::lit(0.5), 0.5);
}

/// A mixture-style objective: a prefix shared by every term, then one term
/// per data point; the accumulated gradient equals the whole recording's.
fn prefix<T: Float>(p: &[T]) -> [T; 3] {
    [p[0], p[1].exp(), p[2].sin() * p[0]]
}
fn term<T: Float>(s: &[T], x: f64) -> T {
    let x = T::from(x).unwrap();
    ((s[0] - x) / s[1]).powi(2) + (s[2] * x).cos() + s[1].ln()
}

#[test]
fn summed_terms_equal_the_whole_recording() {
    let data = [0.5, -1.0, 2.0, 0.25, 3.0, -2.5];
    let p = [0.3, -0.2, 1.1];
    let (want, wg) = reverse::gradient(
        |q| {
            let s = prefix(q);
            data.iter()
                .fold(Var::constant(0.0), |acc, &x| acc + term(&s, x))
        },
        &p,
    );
    let mut tape = Tape::new();
    let mut grad = [0.0; 3];
    for _ in 0..3 {
        let mut longest = 0;
        let total = reverse::sum_gradient_on(
            &mut tape,
            &p,
            &mut grad,
            |q, shared| shared.extend(prefix(q)),
            data,
            |_, s, _, x| {
                let y = term(s, x);
                longest = longest.max(y.index().unwrap());
                y
            },
        );
        assert!((total - want).abs() < 1e-13);
        for (a, b) in grad.iter().zip(&wg) {
            assert!((a - b).abs() < 1e-13, "{a} vs {b}");
        }
        // Each term's nodes were discarded: the tape holds the prefix and one term.
        assert!(
            tape.len() < 40 && longest < 40,
            "{} nodes, term reached {longest}",
            tape.len()
        );
    }
}

#[test]
fn terms_may_return_inputs_shared_values_and_constants() {
    let mut tape = Tape::new();
    let mut grad = [0.0; 2];
    let total = reverse::sum_gradient_on(
        &mut tape,
        &[2.0, 3.0],
        &mut grad,
        |x, shared| shared.push(x[0] * x[1]),
        0..4,
        |x, s, scratch, k| match k {
            0 => s[0], // xy
            1 => x[0], // x
            2 => Var::constant(5.0),
            _ => {
                scratch.extend([x[0] * x[0], x[1]]); // the scratch buffer, reused
                Var::dot(&scratch[..1], &scratch[1..]) // x²y
            }
        },
    );
    assert_eq!(total, 6.0 + 2.0 + 5.0 + 12.0);
    assert_eq!(grad, [3.0 + 1.0 + 12.0, 2.0 + 4.0]);
}

#[test]
#[should_panic(expected = "inside reverse::sum_gradient_on")]
fn a_sweep_inside_a_term_panics() {
    let mut tape = Tape::new();
    let mut grad = [0.0; 1];
    reverse::sum_gradient_on(
        &mut tape,
        &[1.0],
        &mut grad,
        |_, _| {},
        0..1,
        |x, _, _, _| {
            let y = x[0] * x[0].sin();
            let _ = y.backward();
            y
        },
    );
}

#[test]
fn adjoints_add_into_sums_several_sweeps() {
    let mut tape = Tape::new();
    let mut grad = [0.0; 2];
    let p = [0.5, 2.0];
    for d in [1.0, 2.0, 3.0] {
        tape.clear();
        let x = tape.vars(&p);
        (x[0].sin() * x[1] * d).backward().add_into(&x, &mut grad);
    }
    assert!((grad[0] - 6.0 * 0.5f64.cos() * 2.0).abs() < 1e-15);
    assert!((grad[1] - 6.0 * 0.5f64.sin()).abs() < 1e-15);
}
