//! Every function of the table, in every mode, at random points of its
//! domain: value bitwise equal to the plain `f64` program; first derivatives
//! against Ridders-extrapolated central differences of that program; second
//! derivatives against Ridders differences of the exact first derivatives;
//! both against the closed forms of the table; and every mode against every
//! other.

use crate::framework::{
    CROSS_REL, DualN, MAXN, Mode, Program, close, eval_all, plain, same_bits, tally,
};
use crate::functions::{FUNS, Fun};
use gradus::check::Checker;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{TestCaseError, TestRunner};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const UNARY: &str = "random points, unary functions: value, f′, f″ vs f64, finite differences, closed forms, other modes";
pub const MULTI: &str = "random points, binary and ternary functions: value, gradient, Hessian vs f64, finite differences, closed forms, other modes";

/// Random points per function and test.
const CASES: u32 = 512;
/// First derivatives vs finite differences (relative to the scale in
/// `gradus::check`): Ridders' extrapolation reaches about 1e-10 on these
/// functions, so 1e-8 fails any real error and no rounding noise.
const FD1_REL: f64 = 1e-8;
/// Second derivatives vs finite differences of the exact gradient.
const FD2_REL: f64 = 1e-7;
/// Against the closed forms: both are a few roundings from the truth.
const REF_REL: f64 = 1e-12;
/// Hessian entries across modes and across the diagonal, in ulps of the
/// largest entry.
/// Entries that are ill-conditioned sums (∂²log_b x/∂b² near b = e⁻², where
/// ln b + 2 cancels) differ by ~100 ulps of the largest entry between the
/// table's f″ (hyper-dual) and a differentiated f′ (nested duals), up to
/// ~400 ulps at b = 0.135.
pub const HESS_CROSS_ULPS: f64 = 1024.0;
/// Points closer than this to a kink, jump or domain edge are skipped.
const MIN_GAP: f64 = 1e-4;

fn point(f: &Fun, u: &[f64; MAXN]) -> Vec<f64> {
    f.dom.iter().zip(u).map(|(d, &u)| d.sample(u)).collect()
}

/// All checks of one function at one point; returns the number of
/// (function × type × input) cases checked (0 if the point was skipped).
pub fn check_point(f: &Fun, u: &[f64; MAXN]) -> Result<usize, String> {
    let x = point(f, u);
    let n = f.arity();
    let gap = (f.gap)(&x);
    if gap.is_nan() || gap <= MIN_GAP {
        return Ok(0);
    }
    let fx = plain(f, &x);
    if !fx.is_finite() {
        return Err(format!(
            "{}: the domain gave a non-finite value at {x:?}",
            f.name
        ));
    }
    // The initial step stays inside half the gap on every axis.
    let step = x
        .iter()
        .map(|xj| 0.5 * gap / xj.abs().max(1.0))
        .fold(0.1, f64::min);
    let fd1 = Checker::new().step(step).rel_tol(FD1_REL).abs_tol(0.0);
    let fd2 = Checker::new().step(step).rel_tol(FD2_REL).abs_tol(0.0);
    let plain_fn = |v: &[f64]| f.run::<f64>(v);
    let grad_fn = |v: &[f64]| DualN::eval(f, v).grad[..n].to_vec();
    let expect = (f.reference)(&x);
    let evals = eval_all(f, &x);
    let (first_name, first) = evals[0];
    let second = evals.iter().find(|(_, e)| e.hess.is_some()).copied();
    let at = |mode: &str| format!("{} in {mode} at x = {x:?}", f.name);
    for (mode, e) in &evals {
        if !same_bits(e.value, fx) {
            return Err(format!(
                "{}: value {:e}, plain f64 {:e}",
                at(mode),
                e.value,
                fx
            ));
        }
        let g = &e.grad[..n];
        fd1.gradient(plain_fn, &x, g)
            .map_err(|err| format!("{}: {err}", at(mode)))?;
        for j in 0..n {
            if !close(g[j], expect.grad[j], REF_REL, 0.0) {
                return Err(format!(
                    "{}: ∂f/∂x[{j}] = {:e}, closed form {:e}",
                    at(mode),
                    g[j],
                    expect.grad[j]
                ));
            }
            if !close(g[j], first.grad[j], CROSS_REL, 0.0) {
                return Err(format!(
                    "{}: ∂f/∂x[{j}] = {:e}, but {first_name} gives {:e}",
                    at(mode),
                    g[j],
                    first.grad[j]
                ));
            }
            if let Some(inner) = e.inner_grad
                && !close(inner[j], g[j], CROSS_REL, 0.0)
            {
                return Err(format!(
                    "{}: inner ∂f/∂x[{j}] = {:e}, outer {:e}",
                    at(mode),
                    inner[j],
                    g[j]
                ));
            }
        }
        if let Some(h) = e.hess {
            let rows: Vec<&[f64]> = h[..n].iter().map(|r| &r[..n]).collect();
            fd2.jacobian(grad_fn, &x, &rows).map_err(|err| {
                format!(
                    "{} (Hessian as the Jacobian of the gradient): {err}",
                    at(mode)
                )
            })?;
            let (other_name, other) = second.expect("a second-order mode exists");
            let oh = other.hess.expect("second-order");
            // ∂²/∂xᵢ∂xⱼ and ∂²/∂xⱼ∂xᵢ come from different operation orders, and
            // a mixed partial can be a cancellation (atan2 at x ≈ y): agreement
            // is to rounding relative to the Hessian's largest entry.
            let scale = h[..n]
                .iter()
                .flat_map(|r| &r[..n])
                .fold(0.0f64, |m, v| m.max(v.abs()));
            let hess_tol = HESS_CROSS_ULPS * f64::EPSILON * scale;
            for i in 0..n {
                for j in 0..n {
                    if let Some(eh) = expect.hess
                        && !close(h[i][j], eh[i][j], REF_REL, 0.0)
                    {
                        return Err(format!(
                            "{}: ∂²f/∂x[{i}]∂x[{j}] = {:e}, closed form {:e}",
                            at(mode),
                            h[i][j],
                            eh[i][j]
                        ));
                    }
                    if !close(h[i][j], h[j][i], 0.0, hess_tol)
                        || !close(h[i][j], oh[i][j], 0.0, hess_tol)
                    {
                        return Err(format!(
                            "{}: Hessian {h:?} is not symmetric or differs from {other_name}'s {oh:?}",
                            at(mode)
                        ));
                    }
                }
            }
        }
    }
    Ok(evals.len())
}

fn run_random(test: &'static str, select: fn(&Fun) -> bool) {
    let funs: Vec<&Fun> = FUNS.iter().filter(|f| select(f)).collect();
    let count = AtomicUsize::new(0);
    let mut runner = crate::framework::runner(CASES);
    let strategy = proptest::array::uniform3(0.0..1.0f64);
    let result = runner.run(&strategy, |u| {
        for f in &funs {
            let c = check_point(f, &u).map_err(TestCaseError::fail)?;
            count.fetch_add(c, Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    tally(test, count.into_inner());
}

#[test]
fn random_points_unary() {
    run_random(UNARY, |f| f.arity() == 1);
}

#[test]
fn random_points_multivariate() {
    run_random(MULTI, |f| f.arity() > 1);
}

#[test]
fn every_function_is_reached_by_random_points() {
    // A domain that puts (almost) every point within MIN_GAP of a kink would
    // silently skip its function: at least half the points must be checked.
    let mut runner = TestRunner::deterministic();
    for f in FUNS {
        let mut checked = 0;
        for _ in 0..64 {
            let u = proptest::array::uniform3(0.0..1.0f64)
                .new_tree(&mut runner)
                .unwrap()
                .current();
            let x = point(f, &u);
            if (f.gap)(&x) > MIN_GAP && plain(f, &x).is_finite() {
                checked += 1;
            }
        }
        assert!(
            checked >= 32,
            "{}: only {checked} of 64 random points are usable",
            f.name
        );
    }
}
