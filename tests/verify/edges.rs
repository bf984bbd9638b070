//! Edge inputs: every function, in every mode, at 0, −0, ±1, tiny and huge
//! magnitudes, ±inf, NaN and its own domain boundaries, against the
//! documented conventions: the value is the plain `f64` program's, bitwise;
//! each derivative is the closed form of the function table, which states
//! the convention at every special point (crate docs, "Derivatives at
//! special points", and the per-rule docs of `gradus::rules`). Then a table
//! of the documented conventions written out literally.

use crate::framework::{
    Eval, MAXN, Program, close, close_cross, eval_all, plain, same_bits, tally,
};
use crate::functions::{FUNS, Fun, Id};
use crate::table::Rule;
use gradus::{Dual, gradient};
use num_traits::{Float, Zero};

const INF: f64 = f64::INFINITY;
const NAN: f64 = f64::NAN;

pub const EDGES: &str = "edge inputs: every function at 0, −0, ±1, tiny, huge, ±inf, NaN, boundaries; documented conventions";

/// The shared edge values.
pub const EDGE: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -0.5,
    2.0,
    -2.0,
    1e-300,
    -1e-300,
    5e-324,
    -5e-324,
    1e300,
    -1e300,
    f64::MAX,
    f64::MIN,
    INF,
    -INF,
    NAN,
];

/// Ordinary partners for the other arguments of binary and ternary functions.
const PARTNERS: [f64; 2] = [1.5, -0.75];

/// Derivatives at edges are compared with the closed forms to this relative
/// tolerance (both are a few roundings from the truth); non-finite numbers
/// must match exactly (NaN with NaN, the same infinity).
const EDGE_REL: f64 = 1e-12;
/// Plus a few subnormal ulps: a derivative that underflows rounds to a
/// neighbour of 0 in either computation.
const EDGE_ABS: f64 = 4.0 * 5e-324;

/// The edge inputs of one function.
pub fn edge_inputs(f: &Fun) -> Vec<[f64; MAXN]> {
    let values: Vec<f64> = EDGE.iter().chain(f.edges).copied().collect();
    let [p, q] = PARTNERS;
    let mut out = Vec::new();
    for &e in &values {
        match f.arity() {
            1 => out.push([e, 0.0, 0.0]),
            2 => {
                for p in PARTNERS {
                    out.push([e, p, 0.0]);
                    out.push([p, e, 0.0]);
                }
                out.push([e, e, 0.0]);
            }
            _ => {
                out.extend([[e, p, q], [p, e, q], [q, p, e], [e, e, e]]);
                // clamp's bounds must be ordered for the plain program
                out.extend([[e, -1.0, 1.0], [0.25, e, 1.0], [0.25, -1.0, e]]);
            }
        }
    }
    out
}

fn describe(f: &Fun, mode: &str, x: &[f64]) -> String {
    format!("{} in {mode} at {x:?}", f.name)
}

/// Checks one function at one input in every mode against the closed form.
fn check_edge(f: &Fun, x: &[f64; MAXN], failures: &mut Vec<String>) -> usize {
    let n = f.arity();
    let x = &x[..n];
    let fx = plain(f, x);
    let expect = (f.reference)(x);
    let evals = eval_all(f, x);
    let (first_name, first) = evals[0];
    for (mode, e) in &evals {
        let at = || describe(f, mode, x);
        if !same_bits(e.value, fx) {
            failures.push(format!("{}: value {:e}, plain f64 {:e}", at(), e.value, fx));
        }
        for j in 0..n {
            if !(close(e.grad[j], expect.grad[j], EDGE_REL, EDGE_ABS)
                || close_cross(e.grad[j], expect.grad[j], 0.0))
            {
                failures.push(format!(
                    "{}: ∂f/∂x[{j}] = {:e}, documented {:e}",
                    at(),
                    e.grad[j],
                    expect.grad[j]
                ));
            }
            if !close_cross(e.grad[j], first.grad[j], 0.0) {
                failures.push(format!(
                    "{}: ∂f/∂x[{j}] = {:e}, {first_name} gives {:e}",
                    at(),
                    e.grad[j],
                    first.grad[j]
                ));
            }
            if let Some(inner) = e.inner_grad
                && !close_cross(inner[j], e.grad[j], 0.0)
            {
                failures.push(format!(
                    "{}: inner ∂f/∂x[{j}] = {:e}, outer {:e}",
                    at(),
                    inner[j],
                    e.grad[j]
                ));
            }
        }
        if let (Some(h), Some(eh)) = (e.hess, expect.hess) {
            for i in 0..n {
                for j in 0..n {
                    if !(close(h[i][j], eh[i][j], EDGE_REL, EDGE_ABS)
                        || close_cross(h[i][j], eh[i][j], 0.0))
                    {
                        failures.push(format!(
                            "{}: ∂²f/∂x[{i}]∂x[{j}] = {:e}, documented {:e}",
                            at(),
                            h[i][j],
                            eh[i][j]
                        ));
                    }
                }
            }
        }
        if let Some(h) = e.hess {
            cross_hessian(f, mode, x, h, &evals, failures);
        }
    }
    evals.len()
}

/// Second-order modes agree with each other (entrywise, NaN with NaN) where
/// the value and every first derivative are finite. Where one of them is
/// infinite or NaN, a hyper-dual (which reads f″ from the table) and a nested
/// dual (which differentiates the formula for f′) may take different limits,
/// e.g. ∂²(x/y)/∂y² at (inf, inf): 0 nested, NaN from the formula; the
/// documented special points themselves are checked exactly elsewhere.
fn cross_hessian(
    f: &Fun,
    mode: &str,
    x: &[f64],
    h: [[f64; MAXN]; MAXN],
    evals: &[(&str, Eval)],
    failures: &mut Vec<String>,
) {
    let n = f.arity();
    // the two orders of a mixed partial, and the table's f″ against a
    // differentiated f′, agree to rounding relative to the largest entry
    let scale = h[..n]
        .iter()
        .flat_map(|r| &r[..n])
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let tol = crate::random::HESS_CROSS_ULPS * f64::EPSILON * scale;
    let regular = evals.iter().all(|(_, e)| {
        e.value.is_finite()
            && e.grad[..n].iter().all(|g| g.is_finite())
            && e.hess
                .is_none_or(|oh| oh[..n].iter().flat_map(|r| &r[..n]).all(|v| v.is_finite()))
    }) && h[..n].iter().flat_map(|r| &r[..n]).all(|v| v.is_finite());
    if !regular {
        return;
    }
    for (other, e) in evals {
        if let Some(oh) = e.hess {
            for i in 0..n {
                for j in 0..n {
                    if !close_cross(h[i][j], oh[i][j], tol) {
                        failures.push(format!(
                            "{}: ∂²f/∂x[{i}]∂x[{j}] = {:e}, {other} gives {:e}",
                            describe(f, mode, x),
                            h[i][j],
                            oh[i][j]
                        ));
                    }
                }
            }
        }
    }
}

/// One documented convention, written out.
struct Conv {
    id: Id,
    x: &'static [f64],
    value: f64,
    grad: &'static [f64],
    /// f″ for unary functions, checked in second-order modes.
    d2: Option<f64>,
}

const fn c(id: Id, x: &'static [f64], value: f64, grad: &'static [f64], d2: Option<f64>) -> Conv {
    Conv {
        id,
        x,
        value,
        grad,
        d2,
    }
}

const PI: f64 = core::f64::consts::PI;
const FRAC_PI_2: f64 = core::f64::consts::FRAC_PI_2;

/// The conventions of the crate docs' table, literally.
const CONVENTIONS: &[Conv] = &[
    // abs at ±0: derivative 0
    c(Id::Abs, &[0.0], 0.0, &[0.0], Some(0.0)),
    c(Id::Abs, &[-0.0], 0.0, &[0.0], Some(0.0)),
    c(Id::SignedAbs, &[-0.0], 0.0, &[0.0], Some(0.0)),
    // max, min, clamp: the derivative of the argument returned; ties: self
    c(Id::Max, &[2.0, 2.0], 2.0, &[1.0, 0.0], None),
    c(Id::Min, &[2.0, 2.0], 2.0, &[1.0, 0.0], None),
    c(Id::Max, &[1.0, 3.0], 3.0, &[0.0, 1.0], None),
    c(Id::Min, &[1.0, 3.0], 1.0, &[1.0, 0.0], None),
    c(Id::Max, &[NAN, 3.0], 3.0, &[0.0, 1.0], None),
    c(Id::Max, &[3.0, NAN], 3.0, &[1.0, 0.0], None),
    c(Id::Min, &[NAN, 3.0], 3.0, &[0.0, 1.0], None),
    c(Id::Clamp, &[-1.0, -1.0, 1.0], -1.0, &[1.0, 0.0, 0.0], None),
    c(Id::Clamp, &[1.0, -1.0, 1.0], 1.0, &[1.0, 0.0, 0.0], None),
    c(Id::Clamp, &[-3.0, -1.0, 1.0], -1.0, &[0.0, 1.0, 0.0], None),
    c(Id::Clamp, &[3.0, -1.0, 1.0], 1.0, &[0.0, 0.0, 1.0], None),
    // floor, ceil, round, trunc, signum: derivative 0, also at the jumps
    c(Id::Floor, &[2.0], 2.0, &[0.0], Some(0.0)),
    c(Id::Ceil, &[2.0], 2.0, &[0.0], Some(0.0)),
    c(Id::Round, &[2.5], 3.0, &[0.0], Some(0.0)),
    c(Id::Trunc, &[-2.0], -2.0, &[0.0], Some(0.0)),
    c(Id::Signum, &[0.0], 1.0, &[0.0], Some(0.0)),
    // fract, x % c: derivative 1 in x, also at the jumps
    c(Id::Fract, &[2.0], 0.0, &[1.0], Some(0.0)),
    c(Id::RRem, &[3.0], 0.0, &[1.0], Some(0.0)),
    c(Id::Rem, &[6.0, 3.0], 0.0, &[1.0, -2.0], None),
    // sqrt, cbrt at 0: +inf, second derivative −inf (also at −0)
    c(Id::Sqrt, &[0.0], 0.0, &[INF], Some(-INF)),
    c(Id::Sqrt, &[-0.0], -0.0, &[INF], Some(-INF)),
    c(Id::Cbrt, &[0.0], 0.0, &[INF], Some(-INF)),
    c(Id::Cbrt, &[-0.0], -0.0, &[INF], Some(-INF)),
    // ln, log2, log10 at 0: value −inf, derivative +inf; below 0 NaN
    c(Id::Ln, &[0.0], -INF, &[INF], Some(-INF)),
    c(Id::Ln, &[-0.0], -INF, &[INF], Some(-INF)),
    c(Id::Ln, &[-1.0], NAN, &[NAN], Some(NAN)),
    c(Id::Log2, &[0.0], -INF, &[INF], Some(-INF)),
    c(Id::Log2, &[-0.0], -INF, &[INF], Some(-INF)),
    c(Id::Log2, &[-1.0], NAN, &[NAN], Some(NAN)),
    c(Id::Log10, &[0.0], -INF, &[INF], Some(-INF)),
    c(Id::Log10, &[-2.0], NAN, &[NAN], Some(NAN)),
    c(Id::Ln1p, &[-1.0], -INF, &[INF], Some(-INF)),
    c(Id::Ln1p, &[-2.0], NAN, &[NAN], Some(NAN)),
    c(Id::LogBase, &[-1.0, 2.0], NAN, &[NAN, NAN], None),
    // powf(0, p), powi(0, n): exact; x⁰ has derivative 0
    c(Id::Powf1_5, &[0.0], 0.0, &[0.0], Some(INF)),
    c(Id::PowfHalf, &[0.0], 0.0, &[INF], Some(-INF)),
    c(Id::Powf0, &[0.0], 1.0, &[0.0], Some(0.0)),
    c(Id::Powf1, &[0.0], 0.0, &[1.0], Some(0.0)),
    c(Id::Powf2, &[0.0], 0.0, &[0.0], Some(2.0)),
    c(Id::Powi0, &[0.0], 1.0, &[0.0], Some(0.0)),
    c(Id::Powi1, &[0.0], 0.0, &[1.0], Some(0.0)),
    c(Id::Powi2, &[0.0], 0.0, &[0.0], Some(2.0)),
    c(Id::Powi3, &[0.0], 0.0, &[0.0], Some(0.0)),
    c(Id::Powi0, &[NAN], 1.0, &[0.0], Some(0.0)),
    // powf(x, y) in y where xʸ = 0: 0 (0ʸ is constant in y)
    c(Id::Powf, &[0.0, 2.0], 0.0, &[0.0, 0.0], None),
    c(Id::Powf, &[0.0, 0.5], 0.0, &[INF, 0.0], None),
    c(Id::Powf, &[0.0, 1.0], 0.0, &[1.0, 0.0], None),
    // hypot, atan2 at the origin: derivatives 0
    c(Id::Hypot, &[0.0, 0.0], 0.0, &[0.0, 0.0], None),
    c(Id::Hypot, &[-0.0, 0.0], 0.0, &[0.0, 0.0], None),
    c(Id::Atan2, &[0.0, 0.0], 0.0, &[0.0, 0.0], None),
    c(Id::Atan2, &[0.0, -0.0], PI, &[0.0, 0.0], None),
    // atan2 at x = 0 is an ordinary point (never atan(y/x))
    c(Id::Atan2, &[2.0, 0.0], FRAC_PI_2, &[0.0, -0.5], None),
    // asin, acos at ±1, atanh at ±1, acosh at 1: ±inf
    c(Id::Asin, &[1.0], FRAC_PI_2, &[INF], Some(INF)),
    c(Id::Asin, &[-1.0], -FRAC_PI_2, &[INF], Some(-INF)),
    c(Id::Acos, &[1.0], 0.0, &[-INF], Some(-INF)),
    c(Id::Acos, &[-1.0], PI, &[-INF], Some(INF)),
    c(Id::Atanh, &[1.0], INF, &[INF], Some(INF)),
    c(Id::Atanh, &[-1.0], -INF, &[INF], Some(-INF)),
    c(Id::Atanh, &[2.0], NAN, &[NAN], Some(NAN)),
    c(Id::Acosh, &[1.0], 0.0, &[INF], Some(-INF)),
    // recip and 1/x at ±0: the one-sided limits
    c(Id::Recip, &[0.0], INF, &[-INF], Some(INF)),
    c(Id::Recip, &[-0.0], -INF, &[-INF], Some(-INF)),
    c(Id::LDiv, &[0.0], INF, &[-INF], Some(INF)),
    // x / 0 and 0 / 0: IEEE values, no panic
    c(Id::Div, &[1.0, 0.0], INF, &[INF, -INF], None),
    c(Id::Div, &[0.0, 0.0], NAN, &[INF, NAN], None),
];

#[test]
fn edge_inputs_follow_the_documented_conventions() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for f in FUNS {
        for x in edge_inputs(f) {
            cases += check_edge(f, &x, &mut failures);
        }
    }
    for conv in CONVENTIONS {
        let f = Fun::by_id(conv.id);
        let x = conv.x;
        assert_eq!(x.len(), f.arity(), "{}: wrong arity in CONVENTIONS", f.name);
        let expect = (f.reference)(x);
        for (mode, e) in eval_all(f, x) {
            let at = describe(f, mode, x);
            if !same_bits(e.value, conv.value) {
                failures.push(format!(
                    "{at}: value {:e}, documented {:e}",
                    e.value, conv.value
                ));
            }
            for (j, &g) in conv.grad.iter().enumerate() {
                // exact: these are the conventions themselves
                if !close(e.grad[j], g, 0.0, 0.0) {
                    failures.push(format!(
                        "{at}: ∂f/∂x[{j}] = {:e}, documented {g:e}",
                        e.grad[j]
                    ));
                }
                if !close(expect.grad[j], g, 0.0, 0.0) {
                    failures.push(format!(
                        "{at}: the table's closed form gives ∂f/∂x[{j}] = {:e}, documented {g:e}",
                        expect.grad[j]
                    ));
                }
            }
            if let (Some(h), Some(d2)) = (e.hess, conv.d2)
                && !close(h[0][0], d2, 0.0, 0.0)
            {
                failures.push(format!("{at}: f″ = {:e}, documented {d2:e}", h[0][0]));
            }
            cases += 1;
        }
        // the rule itself, as a second-order type reads it
        if let Some(rule) = crate::table::rule(conv.id) {
            let (v, g, d2) = match rule {
                Rule::Un(r) => {
                    let d = r(x[0]);
                    (d.f, vec![d.df], Some(d.d2f))
                }
                Rule::Bin(r) => {
                    let d = r(x[0], x[1]);
                    (d.f, vec![d.dx, d.dy], None)
                }
            };
            let at = format!("{} rule at {x:?}", f.name);
            if !same_bits(v, conv.value) {
                failures.push(format!("{at}: value {v:e}, documented {:e}", conv.value));
            }
            for (j, (&a, &b)) in g.iter().zip(conv.grad).enumerate() {
                if !close(a, b, 0.0, 0.0) {
                    failures.push(format!("{at}: ∂f/∂x[{j}] = {a:e}, documented {b:e}"));
                }
            }
            if let (Some(a), Some(b)) = (d2, conv.d2)
                && !close(a, b, 0.0, 0.0)
            {
                failures.push(format!("{at}: f″ = {a:e}, documented {b:e}"));
            }
            cases += 1;
        }
    }
    if !failures.is_empty() {
        let shown: Vec<&str> = failures.iter().take(100000).map(String::as_str).collect();
        panic!("{} edge failures:\n{}", failures.len(), shown.join("\n"));
    }
    tally(EDGES, cases);
}

/// The zero-partial rule: an exactly-zero partial times an infinite or NaN
/// local derivative stays zero, so one input's singularity does not poison
/// another input's derivative.
#[test]
fn zero_partial_rule() {
    let (v, g) = gradient(|[x1, x2]| (x1 * 0.0 + x2).ln(), [1.0, 0.0]);
    assert_eq!((v, g), (-INF, [0.0, INF]));
    let (v, g) = gradient(|[x1, x2]| x1.sqrt() + x2, [0.0, 3.0]);
    assert_eq!((v, g), (3.0, [INF, 1.0]));
    // acos(1) with a zero tangent stays zero
    let (_, g) = gradient(|[x1, x2]| (x1 * 0.0 + 1.0).acos() + x2, [0.3, 2.0]);
    assert_eq!(g, [0.0, 1.0]);
    // NaN in one input's local derivative stays out of the other's
    let (v, g) = gradient(|[x1, x2]| x1.ln() * 0.0 + x2, [-1.0, 2.0]);
    assert!(v.is_nan());
    assert_eq!(g[1], 1.0);
    // d²/dx² (x · x) at 0 by nesting is 2: `is_zero` is true only when every
    // component is zero
    let x = Dual::<Dual<f64, 1>, 1>::new(Dual::new(0.0, [1.0]), [Dual::new(1.0, [0.0])]);
    assert_eq!((x * x).partials()[0].partials()[0], 2.0);
    assert!(!x.is_zero() && x == Dual::constant(Dual::constant(0.0)));
}

/// `clamp` with unordered or NaN bounds: the plain f64 `clamp` debug-asserts
/// there; gradus never panics and returns by the branch rule (below `lo`:
/// `lo`; above `hi`: `hi`; otherwise x itself).
#[test]
fn clamp_with_unordered_bounds_does_not_panic() {
    let d = |v: f64, i: usize| Dual::<f64, 3>::variable(v, i);
    let y = d(0.0, 0).clamp(d(1.0, 1), d(-1.0, 2));
    assert_eq!((y.value(), y.partials()), (1.0, [0.0, 1.0, 0.0]));
    let y = d(5.0, 0).clamp(d(1.0, 1), d(-1.0, 2));
    assert_eq!((y.value(), y.partials()), (-1.0, [0.0, 0.0, 1.0]));
    let y = d(0.5, 0).clamp(d(NAN, 1), d(NAN, 2));
    assert_eq!((y.value(), y.partials()), (0.5, [1.0, 0.0, 0.0]));
    let y = d(NAN, 0).clamp(d(-1.0, 1), d(1.0, 2));
    assert!(y.value().is_nan());
    assert_eq!(y.partials(), [1.0, 0.0, 0.0]);
}

/// Sums and products of empty and borrowed sequences.
#[test]
fn sum_and_product_edges() {
    type D = Dual<f64, 2>;
    let empty: [D; 0] = [];
    let s: D = empty.iter().copied().sum();
    let p: D = empty.iter().copied().product();
    let plain_s: f64 = [0.0f64; 0].iter().sum();
    assert!(
        same_bits(s.value(), plain_s),
        "empty sum {} vs f64 {plain_s}",
        s.value()
    );
    assert_eq!((p.value(), p.partials()), (1.0, [0.0, 0.0]));
    assert_eq!(s.partials(), [0.0, 0.0]);
    // −0 summed stays −0, as for f64
    let s: D = [D::constant(-0.0)].into_iter().sum();
    assert!(same_bits(s.value(), -0.0));
    // Sum<&T> and Product<&T> equal the owned forms
    let xs = [D::variable(2.0, 0), D::variable(3.0, 1), D::constant(4.0)];
    let s1: D = xs.iter().sum();
    let s2: D = xs.iter().copied().sum();
    let p1: D = xs.iter().product();
    let p2: D = xs.iter().copied().product();
    assert_eq!((s1.value(), s1.partials()), (s2.value(), s2.partials()));
    assert_eq!((p1.value(), p1.partials()), (24.0, [12.0, 8.0]));
    assert_eq!((p1.value(), p1.partials()), (p2.value(), p2.partials()));
}

/// Why the test programs hide their constants (`Scalar::k`): with a literal
/// exponent the optimizer may rewrite the plain program (`x.powf(2.0)` into
/// `x * x`), while gradus calls `pow`; the two agree to 1 ulp, not bitwise.
#[test]
fn literal_exponents_agree_to_one_ulp() {
    let ulps = |a: f64, b: f64| (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs();
    for i in 0..2000 {
        let x = -50.0 + 0.05 * i as f64;
        let d = Dual::<f64, 1>::variable(x, 0);
        assert!(
            ulps(x.powf(2.0), d.powf(Dual::constant(2.0)).value()) <= 1,
            "{x}"
        );
        assert!(
            ulps(x.powf(3.0), d.powf(Dual::constant(3.0)).value()) <= 1,
            "{x}"
        );
        assert!(ulps(x.powi(7), d.powi(7).value()) <= 1, "{x}");
    }
}

/// Predicates, classification and constants read the value; the constants
/// have zero derivatives.
#[test]
fn predicates_and_constants_read_values() {
    use num_traits::{Bounded, FloatConst};
    type D = Dual<Dual<f64, 1>, 2>;
    let x = |v: f64| {
        D::new(
            Dual::new(v, [1.0]),
            [Dual::new(1.0, [0.0]), Dual::new(2.0, [0.0])],
        )
    };
    for v in EDGE.iter().copied() {
        let d = x(v);
        assert_eq!(d.is_nan(), v.is_nan());
        assert_eq!(d.is_infinite(), v.is_infinite());
        assert_eq!(d.is_finite(), v.is_finite());
        assert_eq!(d.is_normal(), v.is_normal());
        assert_eq!(d.is_subnormal(), v.is_subnormal());
        assert_eq!(d.is_sign_negative(), v.is_sign_negative());
        assert_eq!(d.is_sign_positive(), v.is_sign_positive());
        assert_eq!(d.classify(), v.classify());
        assert_eq!(Float::integer_decode(d), Float::integer_decode(v));
    }
    for (c, v) in [
        (D::PI(), core::f64::consts::PI),
        (D::E(), core::f64::consts::E),
        (D::LN_2(), core::f64::consts::LN_2),
        (<D as Float>::epsilon(), f64::EPSILON),
        (<D as Float>::max_value(), f64::MAX),
        (<D as Bounded>::min_value(), f64::MIN),
        (<D as Float>::min_positive_value(), f64::MIN_POSITIVE),
        (D::neg_zero(), -0.0),
    ] {
        assert!(same_bits(c.value().value(), v));
        assert!(c.is_zero() == (v == 0.0) && num_traits::Zero::is_zero(&(c - c)));
    }
}
