//! The sparsity tracers on every function of the table: at random points
//! and at the edge inputs, the detected patterns hold every nonzero of the
//! dense derivatives (the gradient from `Dual<f64, 3>`, the Hessian from
//! `HyperDual<f64, 3>`), and at random points they equal them wherever the
//! derivative is structurally nonzero.
//!
//! - Local detection (at the point) must hold every nonzero, NaN and inf
//!   included, and lie within the global pattern.
//! - The global pattern (no values) is computed once per function: it must
//!   hold the local one; the functions that branch on a value (`clamp`'s
//!   test of its bounds, `abs_sub`) must panic with the documented message
//!   instead.
//! - Exceptions, entries structural but zero at some points, by design:
//!   `x % y` in y and `c % x` (−trunc(x / y), zero where |x| < |y|), and,
//!   globally, the argument of `max`/`min` not returned.

use crate::edges::edge_inputs;
use crate::framework::{DualN, HyperDualN, MAXN, Mode, Program, tally};
use crate::functions::{FUNS, Fun, Id};
use gradus::sparse::{HessianDetector, JacobianDetector, SparsityPattern};

pub const SPARSITY: &str =
    "sparsity tracers: local and global Jacobian and Hessian patterns vs Dual and HyperDual";

/// Random points per function.
const POINTS: usize = 256;

/// Points closer than this to a kink, jump or domain edge only check
/// containment.
const MIN_GAP: f64 = 1e-4;

/// Functions whose derivative in some argument is structurally present but
/// zero at some points (even random ones): `%` in its divisor, and
/// log-sum-exp, whose Hessian entry p(1 − p) of a dominant argument rounds
/// to 0 (1 − p below the rounding of 1) when it exceeds the others by
/// about 37 or more.
const MAY_VANISH: &[Id] = &[Id::Rem, Id::LRem, Id::ReduceLse];

/// Functions that branch on their arguments' values: global detection
/// panics.
const BRANCHING: &[Id] = &[Id::Clamp, Id::AbsSub];

/// Functions whose global pattern holds arguments the local one drops.
const UNION_OF_BRANCHES: &[Id] = &[Id::Max, Id::Min];

/// The local patterns at `x`: the gradient's (1 × n) and the Hessian's.
fn local(f: &Fun, x: &[f64]) -> (SparsityPattern, SparsityPattern) {
    let jd = JacobianDetector::local(x);
    let y = f.run(&jd.inputs());
    let hd = HessianDetector::local(x);
    let h = f.run(&hd.inputs());
    (jd.pattern(&[y]), hd.pattern(h))
}

/// The global patterns, or `None` for a function that must panic.
fn global(f: &Fun) -> Option<(SparsityPattern, SparsityPattern)> {
    let n = f.arity();
    let run = || {
        let jd = JacobianDetector::global(n);
        let y = f.run(&jd.inputs());
        let hd = HessianDetector::global(n);
        let h = f.run(&hd.inputs());
        (jd.pattern(&[y]), hd.pattern(h))
    };
    if BRANCHING.contains(&f.id) {
        let message = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
            .map(|_| String::from("no panic"))
            .unwrap_or_else(|e| {
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            });
        assert!(
            message.contains("compares a global sparsity tracer")
                && message.contains("Use local detection at a point instead"),
            "{}: global detection must panic at the comparison, got {message:?}",
            f.name
        );
        None
    } else {
        Some(run())
    }
}

/// The dense derivatives' nonzeros (NaN and inf are nonzero).
fn dense(f: &Fun, x: &[f64]) -> (SparsityPattern, SparsityPattern) {
    let n = f.arity();
    let g = DualN::eval(f, x).grad;
    let h = HyperDualN::eval(f, x).hess.expect("a second-order mode");
    (
        SparsityPattern::from_fn(1, n, |_, j| g[j] != 0.0),
        SparsityPattern::from_fn(n, n, |i, j| h[i][j] != 0.0),
    )
}

fn within(small: &SparsityPattern, big: &SparsityPattern) -> bool {
    small.iter().all(|(i, j)| big.contains(i, j))
}

/// Checks one function at one point; returns the cases checked.
fn check(
    f: &Fun,
    x: &[f64],
    global: &Option<(SparsityPattern, SparsityPattern)>,
    exact: bool,
    failures: &mut Vec<String>,
) -> usize {
    let (lj, lh) = local(f, x);
    let (dj, dh) = dense(f, x);
    let at = |what: &str| format!("{} at {x:?}: {what}", f.name);
    if !within(&dj, &lj) {
        failures.push(at(&format!(
            "gradient nonzeros {dj:?} outside the local pattern {lj:?}"
        )));
    }
    if !within(&dh, &lh) {
        failures.push(at(&format!(
            "Hessian nonzeros {dh:?} outside the local pattern {lh:?}"
        )));
    }
    if exact && !MAY_VANISH.contains(&f.id) {
        if lj != dj {
            failures.push(at(&format!(
                "local gradient pattern {lj:?}, nonzeros {dj:?}"
            )));
        }
        if lh != dh {
            failures.push(at(&format!(
                "local Hessian pattern {lh:?}, nonzeros {dh:?}"
            )));
        }
    }
    let mut cases = 2;
    if let Some((gj, gh)) = global {
        if !within(&lj, gj) || !within(&lh, gh) {
            failures.push(at("the local pattern is not within the global one"));
        }
        if exact
            && !MAY_VANISH.contains(&f.id)
            && !UNION_OF_BRANCHES.contains(&f.id)
            && (*gj != dj || *gh != dh)
        {
            failures.push(at(&format!(
                "global patterns {gj:?} {gh:?}, nonzeros {dj:?} {dh:?}"
            )));
        }
        cases += 2;
    }
    cases
}

#[test]
fn tracers_hold_every_nonzero_of_the_dense_derivatives() {
    let mut state = 0x5EED_u64;
    let mut unit = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut failures = Vec::new();
    let mut cases = 0;
    for f in FUNS {
        let n = f.arity();
        assert!(n <= MAXN);
        let g = global(f);
        for _ in 0..POINTS {
            let x: Vec<f64> = f.dom.iter().map(|d| d.sample(unit())).collect();
            let gap = (f.gap)(&x);
            let exact = gap > MIN_GAP;
            cases += check(f, &x, &g, exact, &mut failures);
        }
        for x in edge_inputs(f) {
            cases += check(f, &x[..n], &g, false, &mut failures);
        }
    }
    failures.truncate(20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    tally(SPARSITY, cases);
}
