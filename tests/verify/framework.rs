//! The machinery shared by every check: what a scalar type must offer
//! ([`Scalar`]), what a function under test is ([`Program`]), what an AD mode
//! is ([`Mode`]), THE list of modes ([`eval_all`]), comparisons, and the tally
//! of cases checked.
//!
//! Adding an AD type is one `impl Mode` plus one line in [`eval_all`]; every
//! test in this binary then covers it.

use gradus::{Dual, FromBase, HvpDual, HyperDual, Tape, Var};
use num_traits::{Float, Inv, MulAdd, Pow, Signed};
use std::io::Write;
use std::iter::{Product, Sum};
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Rem, RemAssign, Sub, SubAssign};
use std::sync::Mutex;

/// The widest function (or expression) under test: mul_add, clamp, sums of three.
pub const MAXN: usize = 3;

/// Everything the function table uses: `Float`, the rest of the numeric
/// surface of the design contract, and the base float on either side.
///
/// Implemented for every type that has the surface (blanket impl), so `f64`,
/// every `Dual` nesting, and later `HyperDual` and `Var` need nothing here.
pub trait Scalar:
    Float
    + FromBase<f64>
    + Signed
    + Sum
    + Product
    + gradus::Reduce
    + Inv<Output = Self>
    + MulAdd<Output = Self>
    + Pow<i32, Output = Self>
    + Pow<f64, Output = Self>
    + Pow<Self, Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
    + Rem<f64, Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
    + RemAssign
    + AddAssign<f64>
    + SubAssign<f64>
    + MulAssign<f64>
    + DivAssign<f64>
    + RemAssign<f64>
{
    /// `c + x` with the base float on the left.
    fn l_add(c: f64, x: Self) -> Self;
    /// `c - x`.
    fn l_sub(c: f64, x: Self) -> Self;
    /// `c * x`.
    fn l_mul(c: f64, x: Self) -> Self;
    /// `c / x`.
    fn l_div(c: f64, x: Self) -> Self;
    /// `c % x`.
    fn l_rem(c: f64, x: Self) -> Self;
    /// A constant of this type, opaque to the optimizer.
    ///
    /// LLVM rewrites `x.powf(2.0)` into `x * x` (and similar) in the plain
    /// `f64` program when it sees the constant; libm's `pow` differs from
    /// that by up to 1 ulp, and gradus's rule receives the exponent as a
    /// value and calls `pow`. Hiding the constant makes both run the same
    /// operation, so values can be compared bitwise (see `same_bits`).
    fn k(c: f64) -> Self {
        Self::from_base(std::hint::black_box(c))
    }
}

impl<T> Scalar for T
where
    T: Float
        + FromBase<f64>
        + Signed
        + Sum
        + Product
        + gradus::Reduce
        + Inv<Output = T>
        + MulAdd<Output = T>
        + Pow<i32, Output = T>
        + Pow<f64, Output = T>
        + Pow<T, Output = T>
        + Add<f64, Output = T>
        + Sub<f64, Output = T>
        + Mul<f64, Output = T>
        + Div<f64, Output = T>
        + Rem<f64, Output = T>
        + AddAssign
        + SubAssign
        + MulAssign
        + DivAssign
        + RemAssign
        + AddAssign<f64>
        + SubAssign<f64>
        + MulAssign<f64>
        + DivAssign<f64>
        + RemAssign<f64>,
    f64: Add<T, Output = T>
        + Sub<T, Output = T>
        + Mul<T, Output = T>
        + Div<T, Output = T>
        + Rem<T, Output = T>,
{
    fn l_add(c: f64, x: T) -> T {
        c + x
    }
    fn l_sub(c: f64, x: T) -> T {
        c - x
    }
    fn l_mul(c: f64, x: T) -> T {
        c * x
    }
    fn l_div(c: f64, x: T) -> T {
        c / x
    }
    fn l_rem(c: f64, x: T) -> T {
        c % x
    }
}

/// A function of `arity()` inputs, written once, generic over the scalar.
pub trait Program {
    fn arity(&self) -> usize;
    fn run<T: Scalar>(&self, x: &[T]) -> T;
}

/// What one mode computes at one point. Only the first `arity` entries are
/// meaningful.
#[derive(Clone, Copy, Debug)]
pub struct Eval {
    pub value: f64,
    pub grad: [f64; MAXN],
    /// The Hessian, for modes of second order.
    pub hess: Option<[[f64; MAXN]; MAXN]>,
    /// A second, independently propagated copy of the gradient where the type
    /// carries one (nested duals: the inner ε slots of the value).
    pub inner_grad: Option<[f64; MAXN]>,
}

/// An automatic-differentiation mode: how to get value, gradient and
/// (optionally) Hessian of a [`Program`] with one gradus number type.
///
/// Adding a type is one impl and one line in [`eval_all`]. For the
/// second-order and reverse types:
///
/// ```text
/// pub struct HyperDualN;
/// impl Mode for HyperDualN {
///     const NAME: &'static str = "HyperDual<f64, 3>";
///     fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
///         let xs: Vec<HyperDual<f64, MAXN>> =
///             (0..p.arity()).map(|k| HyperDual::variable(x[k], k)).collect();
///         let y = p.run(&xs);
///         Eval { value: y.value(), grad: y.gradient(), hess: Some(y.hessian()), inner_grad: None }
///     }
/// }
///
/// pub struct Reverse;
/// impl Mode for Reverse {
///     const NAME: &'static str = "Var<f64>";
///     fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
///         let tape = Tape::new();
///         let xs: Vec<Var<'_>> = x[..p.arity()].iter().map(|&v| tape.var(v)).collect();
///         let y = p.run(&xs);
///         let g = y.backward();
///         let mut grad = [0.0; MAXN];
///         for (k, v) in xs.iter().enumerate() {
///             grad[k] = g.wrt(*v);
///         }
///         Eval { value: y.value(), grad, hess: None, inner_grad: None }
///     }
/// }
/// ```
///
/// `Var<Dual<f64, 3>>` is the reverse one with `tape.var(Dual::variable(x[k], k))`:
/// row i of the Hessian is `g.wrt(xs[i]).partials()`, the gradient their values.
/// The type must have the surface [`Scalar`] asks for (the design contract's).
pub trait Mode {
    const NAME: &'static str;
    fn eval<P: Program>(p: &P, x: &[f64]) -> Eval;
}

/// Value of the plain `f64` program: the reference every mode's value equals.
pub fn plain<P: Program>(p: &P, x: &[f64]) -> f64 {
    p.run::<f64>(&x[..p.arity()])
}

/// `Dual<f64, 1>`, one pass per input (directional derivatives).
pub struct DualOne;
impl Mode for DualOne {
    const NAME: &'static str = "Dual<f64, 1>";
    fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
        let n = p.arity();
        let mut grad = [0.0; MAXN];
        let mut value = f64::NAN;
        for i in 0..n {
            let xs: Vec<Dual<f64, 1>> = (0..n)
                .map(|k| Dual::new(x[k], [if k == i { 1.0 } else { 0.0 }]))
                .collect();
            let y = p.run(&xs);
            if i == 0 {
                value = y.value();
            } else {
                assert_same_bits(value, y.value(), "value differs between passes");
            }
            grad[i] = y.partials()[0];
        }
        Eval {
            value,
            grad,
            hess: None,
            inner_grad: None,
        }
    }
}

/// `Dual<f64, 3>`, the whole gradient in one pass.
pub struct DualN;
impl Mode for DualN {
    const NAME: &'static str = "Dual<f64, 3>";
    fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
        let n = p.arity();
        let xs: Vec<Dual<f64, MAXN>> = (0..n).map(|k| Dual::variable(x[k], k)).collect();
        let y = p.run(&xs);
        Eval {
            value: y.value(),
            grad: y.partials(),
            hess: None,
            inner_grad: None,
        }
    }
}

/// `Dual<Dual<f64, 1>, 1>`, one pass per pair (i, j) of inputs.
pub struct NestedOne;
impl Mode for NestedOne {
    const NAME: &'static str = "Dual<Dual<f64, 1>, 1>";
    fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
        let n = p.arity();
        let d = |a: bool| if a { 1.0 } else { 0.0 };
        let mut grad = [0.0; MAXN];
        let mut inner = [0.0; MAXN];
        let mut hess = [[0.0; MAXN]; MAXN];
        let mut value = f64::NAN;
        for i in 0..n {
            for j in 0..n {
                let xs: Vec<Dual<Dual<f64, 1>, 1>> = (0..n)
                    .map(|k| Dual::new(Dual::new(x[k], [d(k == j)]), [Dual::new(d(k == i), [0.0])]))
                    .collect();
                let y = p.run(&xs);
                if i == 0 && j == 0 {
                    value = y.value().value();
                } else {
                    assert_same_bits(value, y.value().value(), "value differs between passes");
                }
                hess[i][j] = y.partials()[0].partials()[0];
                if j == i {
                    grad[i] = y.partials()[0].value();
                }
                if i == j {
                    inner[j] = y.value().partials()[0];
                }
            }
        }
        Eval {
            value,
            grad,
            hess: Some(hess),
            inner_grad: Some(inner),
        }
    }
}

/// `Dual<Dual<f64, 3>, 3>`, gradient and Hessian in one pass.
pub struct NestedN;
impl Mode for NestedN {
    const NAME: &'static str = "Dual<Dual<f64, 3>, 3>";
    fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
        let n = p.arity();
        let xs: Vec<Dual<Dual<f64, MAXN>, MAXN>> = (0..n)
            .map(|k| {
                let mut outer = [Dual::constant(0.0); MAXN];
                outer[k] = Dual::constant(1.0);
                Dual::new(Dual::variable(x[k], k), outer)
            })
            .collect();
        let y = p.run(&xs);
        let mut hess = [[0.0; MAXN]; MAXN];
        let mut grad = [0.0; MAXN];
        for (i, row) in hess.iter_mut().enumerate() {
            grad[i] = y.partials()[i].value();
            *row = y.partials()[i].partials();
        }
        Eval {
            value: y.value().value(),
            grad,
            hess: Some(hess),
            inner_grad: Some(y.value().partials()),
        }
    }
}

/// `HyperDual<f64, 3>`: value, gradient and Hessian in one pass.
pub struct HyperDualN;
impl Mode for HyperDualN {
    const NAME: &'static str = "HyperDual<f64, 3>";
    fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
        let xs: Vec<HyperDual<f64, MAXN>> = (0..p.arity())
            .map(|k| HyperDual::variable(x[k], k))
            .collect();
        let y = p.run(&xs);
        Eval {
            value: y.value(),
            grad: y.gradient(),
            hess: Some(y.hessian()),
            inner_grad: None,
        }
    }
}

/// `HvpDual<f64, 3>`: one Hessian-vector product per input, along eⱼ, gives
/// column j of the Hessian; value and gradient must be the same bits in every pass.
pub struct HvpN;
impl Mode for HvpN {
    const NAME: &'static str = "HvpDual<f64, 3>";
    fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
        let n = p.arity();
        let mut value = f64::NAN;
        let mut grad = [0.0; MAXN];
        let mut hess = [[0.0; MAXN]; MAXN];
        for j in 0..n {
            let xs: Vec<HvpDual<f64, MAXN>> = (0..n)
                .map(|k| HvpDual::variable(x[k], k, if k == j { 1.0 } else { 0.0 }))
                .collect();
            let y = p.run(&xs);
            if j == 0 {
                (value, grad) = (y.value(), y.gradient());
            } else {
                assert_same_bits(value, y.value(), "value differs between passes");
                for (a, b) in grad.iter().zip(y.gradient()) {
                    assert_same_bits(*a, b, "gradient differs between passes");
                }
            }
            let (s, g) = (y.directional(), y.gradient()[j]);
            assert!(
                s == g || (s.is_nan() && g.is_nan()),
                "∇f·eⱼ = {s:e} differs from ∂f/∂xⱼ = {g:e} (signs of zero may differ)"
            );
            for (i, row) in hess.iter_mut().enumerate() {
                row[j] = y.hvp()[i];
            }
        }
        Eval {
            value,
            grad,
            hess: Some(hess),
            inner_grad: None,
        }
    }
}

/// `Var<f64>`: reverse mode, one backward sweep.
pub struct Reverse;
impl Mode for Reverse {
    const NAME: &'static str = "Var<f64>";
    fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
        let tape: Tape<f64> = Tape::new();
        let xs: Vec<Var<'_, f64>> = x[..p.arity()].iter().map(|&v| tape.var(v)).collect();
        let y = p.run(&xs);
        let g = y.backward();
        let mut grad = [0.0; MAXN];
        for (k, v) in xs.iter().enumerate() {
            grad[k] = g.wrt(*v);
        }
        Eval {
            value: y.value(),
            grad,
            hess: None,
            inner_grad: None,
        }
    }
}

/// `Var<Dual<f64, 3>>`: reverse over forward; adjoint i carries row i of the
/// Hessian in its partials and ∂f/∂xᵢ in its value.
pub struct ReverseOverForward;
impl Mode for ReverseOverForward {
    const NAME: &'static str = "Var<Dual<f64, 3>>";
    fn eval<P: Program>(p: &P, x: &[f64]) -> Eval {
        let tape: Tape<Dual<f64, MAXN>> = Tape::new();
        let xs: Vec<Var<'_, Dual<f64, MAXN>>> = (0..p.arity())
            .map(|k| tape.var(Dual::variable(x[k], k)))
            .collect();
        let y = p.run(&xs);
        let g = y.backward();
        let mut grad = [0.0; MAXN];
        let mut hess = [[0.0; MAXN]; MAXN];
        for (k, v) in xs.iter().enumerate() {
            let a = g.wrt(*v);
            grad[k] = a.value();
            hess[k] = a.partials();
        }
        Eval {
            value: y.value().value(),
            grad,
            hess: Some(hess),
            inner_grad: Some(y.value().partials()),
        }
    }
}

/// THE list of AD modes. Add a mode here (one line) and every check in this
/// binary covers it.
pub fn eval_all<P: Program>(p: &P, x: &[f64]) -> Vec<(&'static str, Eval)> {
    macro_rules! modes {
        ($($m:ty),* $(,)?) => {
            vec![$((<$m as Mode>::NAME, <$m as Mode>::eval(p, x))),*]
        };
    }
    modes![
        DualOne,
        DualN,
        NestedOne,
        NestedN,
        HyperDualN,
        HvpN,
        Reverse,
        ReverseOverForward
    ]
}

/// A proptest runner with `cases(default)` cases and a fixed seed, so every
/// run (and CI) checks the same points; `PROPTEST_CASES` lengthens it.
pub fn runner(default: u32) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    TestRunner::new_with_rng(
        Config {
            cases: cases(default),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

/// Proptest cases for a test: `default`, or `PROPTEST_CASES` from the
/// environment when set (for long fuzzing runs).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------

/// Values must be bitwise equal (any NaN matches any NaN): every mode
/// computes the value with the very `f64` operation of the plain program.
/// (Constants in the test programs go through [`Scalar::k`], so the
/// optimizer cannot specialize the plain program alone.)
pub fn same_bits(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

#[track_caller]
pub fn assert_same_bits(a: f64, b: f64, what: &str) {
    assert!(
        same_bits(a, b),
        "{what}: {a:e} ({:#x}) vs {b:e} ({:#x})",
        a.to_bits(),
        b.to_bits()
    );
}

/// Two derivatives agree: both NaN, equal (±0 equal, same infinity), or both
/// finite within `rel` of the larger magnitude (plus `abs`).
pub fn close(a: f64, b: f64, rel: f64, abs: f64) -> bool {
    if a.is_nan() || b.is_nan() {
        return a.is_nan() && b.is_nan();
    }
    if a == b {
        return true;
    }
    if !(a.is_finite() && b.is_finite()) {
        return false;
    }
    (a - b).abs() <= abs + rel * a.abs().max(b.abs())
}

/// Cross-mode agreement at edge inputs: [`close`] to [`CROSS_REL`] plus `abs`,
/// where a mode that groups the same products differently (reverse mode folds
/// unary weights into a scale) may also underflow to 0 where another gives a
/// subnormal, or overflow to inf where another stays near `f64::MAX`.
pub fn close_cross(a: f64, b: f64, abs: f64) -> bool {
    const HUGE: f64 = 1e290;
    close(a, b, CROSS_REL, abs.max(f64::MIN_POSITIVE))
        || (a.abs() >= HUGE && b.abs() >= HUGE && a.signum() == b.signum())
}

/// Cross-mode tolerance: the modes apply the same rules in a different
/// grouping of the same operations, so they agree to a few ulps.
pub const CROSS_REL: f64 = 8.0 * f64::EPSILON;

// ---------------------------------------------------------------------------
// Tally: the count of (function × type × input) cases checked
// ---------------------------------------------------------------------------

/// The tests that contribute to the total, with their minimum counts.
pub const TALLIED: &[(&str, usize)] = &[
    (crate::random::UNARY, 120_000),
    (crate::random::MULTI, 35_000),
    (crate::edges::EDGES, 12_000),
    (crate::fuzz::FUZZ, 8_000),
    (crate::nested::NESTED, 3_000),
    (crate::table::TABLE, 35_000),
    (crate::sparsity::SPARSITY, 100_000),
];

static TALLY: Mutex<Vec<(&'static str, usize)>> = Mutex::new(Vec::new());

/// Records the number of cases a test checked, asserts its minimum, and,
/// when it is the last tallied test of this run to finish, prints the total
/// (to stderr directly, so it shows without `--nocapture`).
pub fn tally(test: &'static str, cases: usize) {
    let min = TALLIED
        .iter()
        .find(|(t, _)| *t == test)
        .unwrap_or_else(|| panic!("{test:?} is not in TALLIED"))
        .1;
    let total = {
        let mut t = TALLY.lock().unwrap_or_else(|e| e.into_inner());
        t.push((test, cases));
        (t.len() == TALLIED.len()).then(|| t.clone())
    };
    // The minimums hold for the default case counts, not for a PROPTEST_CASES override.
    let case_override = std::env::var_os("PROPTEST_CASES").is_some();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "verify: {cases} cases checked by {test}");
    if let Some(all) = total {
        let sum: usize = all.iter().map(|(_, c)| c).sum();
        let _ = writeln!(
            err,
            "verify: {sum} (function × type × input) cases checked in total"
        );
        let min_total: usize = TALLIED.iter().map(|(_, m)| m).sum();
        assert!(
            sum >= min_total || case_override,
            "only {sum} cases checked; expected at least {min_total}"
        );
    }
    assert!(
        cases >= min || case_override,
        "{test}: only {cases} cases checked; expected at least {min}"
    );
}
