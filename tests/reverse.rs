//! Reverse mode against forward mode, closed forms and the crate's conventions.

mod common;

use common::functions::{
    WORKED_GRADIENT, WORKED_VALUE, WORKED_X, rosenbrock, rosenbrock_gradient, worked_example,
};
use gradus::reverse::{self, Adjoints};
use gradus::{Dual, Number, Tape, Var};
use num_traits::{Float, FloatConst, NumCast, One, Pow, Zero};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// Equal to rounding: both NaN, equal (also ±inf), or close relative to `scale`.
fn close(a: f64, b: f64, scale: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-11 * (1.0 + scale)
}

/// Bitwise-equal values, treating NaN as equal to NaN.
fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

/// Forward-mode gradient of `f` at a 3-point, through `Dual<f64, 3>`.
fn forward3(f: impl Fn(&[Dual<f64, 3>]) -> Dual<f64, 3>, x: [f64; 3]) -> (f64, [f64; 3]) {
    gradus::gradient(|v| f(&v), x)
}

fn c<T: Float>(x: f64) -> T {
    T::from(x).unwrap()
}

// ---------------------------------------------------------------------------
// the worked example, API basics
// ---------------------------------------------------------------------------

#[test]
fn gradient_of_the_worked_example() {
    let tape = Tape::new();
    let x = tape.vars(&WORKED_X);
    let y = worked_example(&x);
    // 2 inputs and 3 binary operations; ln and sin are folded
    assert_eq!(tape.len(), 5);
    assert_eq!(y.value(), worked_example(&WORKED_X));
    assert!((y.value() - WORKED_VALUE).abs() < 1e-13);
    let g = y.backward();
    assert!((g.wrt(x[0]) - WORKED_GRADIENT[0]).abs() < 1e-14);
    assert!((g.wrt(x[1]) - WORKED_GRADIENT[1]).abs() < 1e-14);

    let (v, g) = reverse::gradient(|x| worked_example(x), &WORKED_X);
    assert_eq!(v, worked_example(&WORKED_X));
    assert!((g[0] - WORKED_GRADIENT[0]).abs() < 1e-14 && (g[1] - WORKED_GRADIENT[1]).abs() < 1e-14);
}

#[test]
fn bytes_per_node_and_handle_size() {
    assert_eq!(Tape::<f64>::NODE_BYTES, 24);
    assert_eq!(Tape::<f32>::NODE_BYTES, 16);
    assert_eq!(core::mem::size_of::<Var<'_, f64>>(), 32);
}

#[test]
fn constants_record_nothing() {
    let tape = Tape::new();
    let x = tape.var(3.0);
    assert_eq!(tape.len(), 1);
    let zero = Var::<f64>::zero();
    let nan = Var::<f64>::nan();
    let cast: Var<'_, f64> = NumCast::from(2.5f32).unwrap();
    let re = <Var<'_, f64> as Number>::from_re(4.0);
    let k = Var::constant(7.0);
    let pi = Var::<f64>::PI();
    for v in [zero, nan, cast, re, k, pi] {
        assert_eq!(v.index(), None);
        assert!(v.is_constant());
    }
    let y = ((zero + cast * re) * k).sin() + pi;
    assert!(y.is_constant());
    assert_eq!(tape.len(), 1);
    // constants combine with a tape's variables; unary operations are folded
    let z = x * cast + k / x - 2.0 * x.exp() + x.powi(3) * 0.5;
    assert_eq!(tape.len(), 1);
    let g = z.backward();
    let expect = 2.5 - 7.0 / 9.0 - 2.0 * 3f64.exp() + 1.5 * 9.0;
    assert!((g.wrt(x) - expect).abs() < 1e-12);
    // a constant's derivative is zero
    assert_eq!(g.wrt(k), 0.0);
    assert_eq!(y.backward().wrt(x), 0.0);
    assert_eq!(Var::constant(1.0).backward().wrt(x), 0.0);
}

#[test]
fn binary_operations_record_one_node_each() {
    let tape = Tape::new();
    let (a, b) = (tape.var(1.5), tape.var(-0.5));
    let _ = a * b;
    assert_eq!(tape.len(), 3);
    let _ = a.atan2(b) + a.hypot(b);
    assert_eq!(tape.len(), 6);
    // both arguments from the same node: folded, no node
    let _ = a * a + a.sin() * a.cos() - a.powf(a);
    assert_eq!(tape.len(), 6);
}

#[test]
fn is_zero_only_for_a_constant_zero() {
    let tape = Tape::new();
    let x = tape.var(0.0);
    assert!(x == Var::zero()); // values compare equal
    assert!(!x.is_zero()); // but x carries a derivative
    assert!(Var::<f64>::zero().is_zero());
    assert!((x * 0.0).is_zero()); // exactly zero derivative: a constant
    assert!(!(x + 0.0).is_zero());
    assert!(Var::<f64>::one().is_one());
    // x − x has derivative exactly 0: a constant, as in forward mode
    assert!((x - x).is_zero());
    let d = Dual::<f64, 1>::variable(0.0, 0);
    assert!((d - d).is_zero());
}

#[test]
fn display_debug_default_sum_product() {
    let tape = Tape::new();
    let x = tape.var(1.25);
    assert_eq!(format!("{x}"), "1.25");
    assert_eq!(format!("{:.3}", x * 2.0), "2.500");
    assert_eq!(
        format!("{x:?}"),
        "Var { value: 1.25, index: 0, scale: 1.0 }"
    );
    assert_eq!(
        format!("{:?}", Var::constant(2.0)),
        "Var { value: 2.0, constant: true }"
    );
    assert_eq!(Var::<f64>::default().value(), 0.0);
    let empty: [Var<'_, f64>; 0] = [];
    assert_eq!(empty.iter().copied().sum::<Var<'_, f64>>().value(), 0.0);
    assert_eq!(empty.iter().product::<Var<'_, f64>>().value(), 1.0);
    let xs = tape.vars(&[1.0, 2.0, 3.0]);
    let s: Var<'_, f64> = xs.iter().sum();
    let p: Var<'_, f64> = xs.iter().copied().product();
    assert_eq!((s.value(), p.value()), (6.0, 6.0));
    let g = p.backward();
    assert_eq!(g.wrt_all(&xs), vec![6.0, 3.0, 2.0]);
}

#[test]
fn operators_with_base_floats_on_both_sides() {
    let tape: Tape = Tape::new();
    let x = tape.var(2.0);
    let mut y = 2.0 * x + x / 4.0 - 1.0 / x + 3.0 % x - x % 1.5;
    y += 1.0;
    y *= x;
    y -= x;
    y /= 2.0;
    let f = |x: f64| ((2.0 * x + x / 4.0 - 1.0 / x + 3.0 % x - x % 1.5 + 1.0) * x - x) / 2.0;
    assert_eq!(y.value(), f(2.0));
    let h = 1e-6;
    let fd = (f(2.0 + h) - f(2.0 - h)) / (2.0 * h);
    assert!((y.backward().wrt(x) - fd).abs() < 1e-6);
    // f32 tapes
    let t32 = Tape::<f32>::new();
    let z = t32.var(3.0f32);
    let w = 2.0f32 * z * z + z.pow(2.0f32);
    assert_eq!(w.backward().wrt(z), 18.0f32);
    // Pow<i32>, Pow<Self>, Pow<f64>
    let p = x.pow(3) + x.pow(x) + x.pow(0.5);
    let expect = 12.0 + 4.0 * (2f64.ln() + 1.0) + 0.5 / 2f64.sqrt();
    assert!((p.backward().wrt(x) - expect).abs() < 1e-12);
}

// ---------------------------------------------------------------------------
// every elementary function and operator: reverse = forward
// ---------------------------------------------------------------------------

/// Unary functions with the domain they are tested on.
const UNARY: &[(&str, f64, f64)] = &[
    ("neg", -3.0, 3.0),
    ("sqrt", 0.01, 4.0),
    ("cbrt", -3.0, 3.0),
    ("exp", -3.0, 3.0),
    ("exp2", -3.0, 3.0),
    ("exp_m1", -3.0, 3.0),
    ("ln", 0.05, 4.0),
    ("ln_1p", -0.9, 3.0),
    ("log2", 0.05, 4.0),
    ("log10", 0.05, 4.0),
    ("sin", -3.0, 3.0),
    ("cos", -3.0, 3.0),
    ("tan", -1.4, 1.4),
    ("asin", -0.95, 0.95),
    ("acos", -0.95, 0.95),
    ("atan", -3.0, 3.0),
    ("sinh", -3.0, 3.0),
    ("cosh", -3.0, 3.0),
    ("tanh", -3.0, 3.0),
    ("asinh", -3.0, 3.0),
    ("acosh", 1.05, 4.0),
    ("atanh", -0.95, 0.95),
    ("recip", 0.1, 3.0),
    ("abs", -3.0, 3.0),
    ("fract", -3.0, 3.0),
    ("to_degrees", -3.0, 3.0),
    ("to_radians", -3.0, 3.0),
    ("floor", -3.0, 3.0),
    ("ceil", -3.0, 3.0),
    ("round", -3.0, 3.0),
    ("trunc", -3.0, 3.0),
    ("signum", -3.0, 3.0),
    ("powi3", -3.0, 3.0),
    ("powi_m2", 0.2, 3.0),
    ("powf_2.5", 0.05, 3.0),
    ("sin_cos", -3.0, 3.0),
    ("add_c", -3.0, 3.0),
    ("c_sub", -3.0, 3.0),
    ("c_div", 0.1, 3.0),
    ("rem_c", -3.0, 3.0),
    ("c_rem", 0.3, 3.0),
    ("mul_c", -3.0, 3.0),
];

fn unary<T: Float>(k: usize, x: T) -> T {
    match UNARY[k].0 {
        "neg" => -x,
        "sqrt" => x.sqrt(),
        "cbrt" => x.cbrt(),
        "exp" => x.exp(),
        "exp2" => x.exp2(),
        "exp_m1" => x.exp_m1(),
        "ln" => x.ln(),
        "ln_1p" => x.ln_1p(),
        "log2" => x.log2(),
        "log10" => x.log10(),
        "sin" => x.sin(),
        "cos" => x.cos(),
        "tan" => x.tan(),
        "asin" => x.asin(),
        "acos" => x.acos(),
        "atan" => x.atan(),
        "sinh" => x.sinh(),
        "cosh" => x.cosh(),
        "tanh" => x.tanh(),
        "asinh" => x.asinh(),
        "acosh" => x.acosh(),
        "atanh" => x.atanh(),
        "recip" => x.recip(),
        "abs" => x.abs(),
        "fract" => x.fract(),
        "to_degrees" => x.to_degrees(),
        "to_radians" => x.to_radians(),
        "floor" => x.floor(),
        "ceil" => x.ceil(),
        "round" => x.round(),
        "trunc" => x.trunc(),
        "signum" => x.signum(),
        "powi3" => x.powi(3),
        "powi_m2" => x.powi(-2),
        "powf_2.5" => x.powf(c(2.5)),
        "sin_cos" => {
            let (s, co) = x.sin_cos();
            s * c(2.0) + co
        }
        "add_c" => x + c(1.5),
        "c_sub" => c::<T>(1.5) - x,
        "c_div" => c::<T>(1.5) / x,
        "rem_c" => x % c(1.25),
        "c_rem" => c::<T>(2.75) % x,
        "mul_c" => x * c(-1.5),
        other => unreachable!("{other}"),
    }
}

/// Binary functions with the domain of both arguments.
const BINARY: &[(&str, f64, f64)] = &[
    ("add", -3.0, 3.0),
    ("sub", -3.0, 3.0),
    ("mul", -3.0, 3.0),
    ("div", 0.1, 3.0),
    ("rem", 0.1, 3.0),
    ("powf", 0.1, 2.5),
    ("atan2", -3.0, 3.0),
    ("hypot", -3.0, 3.0),
    ("log", 1.1, 4.0),
    ("max", -3.0, 3.0),
    ("min", -3.0, 3.0),
    ("abs_sub", -3.0, 3.0),
    ("copysign", -3.0, 3.0),
    ("mul_add", -3.0, 3.0),
    ("clamp", -3.0, 3.0),
];

#[allow(deprecated)]
fn binary<T: Float>(k: usize, x: T, y: T) -> T {
    match BINARY[k].0 {
        "add" => x + y,
        "sub" => x - y,
        "mul" => x * y,
        "div" => x / y,
        "rem" => x % y,
        "powf" => x.powf(y),
        "atan2" => x.atan2(y),
        "hypot" => x.hypot(y),
        "log" => x.log(y),
        "max" => x.max(y),
        "min" => x.min(y),
        "abs_sub" => x.abs_sub(y),
        "copysign" => x.copysign(y),
        "mul_add" => x.mul_add(y, x * c(0.5) + y),
        "clamp" => x.clamp(y * c(0.5) - c(0.5), y * c(0.5) + c(0.5)),
        other => unreachable!("{other}"),
    }
}

/// Composes `unary` and `binary` with folded and recorded operations around
/// them, so both paths of the tape are exercised: f(x)·y + f(y)·z and g(x, y)·z + g(z, x).
fn probe_unary<T: Float>(k: usize, v: &[T]) -> T {
    unary(k, v[0]) * v[1] + unary(k, v[1]) * v[2] + unary(k, v[2])
}

fn probe_binary<T: Float>(k: usize, v: &[T]) -> T {
    binary(k, v[0], v[1]) * v[2] + binary(k, v[2], v[0]) + binary(k, v[1], v[1])
}

fn check_against_forward(name: &str, p: Probe) {
    let (fv, fg) = p.forward;
    let (rv, rg) = p.reverse;
    assert!(same(fv, rv), "{name} at {:?}: value {fv} vs {rv}", p.x);
    assert!(
        same(fv, p.plain),
        "{name} at {:?}: value {fv} vs plain {}",
        p.x,
        p.plain
    );
    let scale = fg.iter().chain(&rg).fold(0.0f64, |m, g| m.max(g.abs()));
    for i in 0..3 {
        assert!(
            close(fg[i], rg[i], scale),
            "{name} at {:?}: ∂/∂x{i} forward {} vs reverse {}",
            p.x,
            fg[i],
            rg[i]
        );
    }
}

struct Probe {
    x: [f64; 3],
    plain: f64,
    forward: (f64, [f64; 3]),
    reverse: (f64, Vec<f64>),
}

fn point(u: [f64; 3], lo: f64, hi: f64) -> [f64; 3] {
    u.map(|t| lo + (hi - lo) * t)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_unary_function_matches_forward(u in prop::array::uniform3(0.0f64..1.0)) {
        for (k, &(name, lo, hi)) in UNARY.iter().enumerate() {
            let x = point(u, lo, hi);
            check_against_forward(name, Probe {
                x,
                plain: probe_unary(k, &x),
                forward: forward3(|v| probe_unary(k, v), x),
                reverse: reverse::gradient(|v| probe_unary(k, v), &x),
            });
        }
    }

    #[test]
    fn every_binary_function_matches_forward(u in prop::array::uniform3(0.0f64..1.0)) {
        for (k, &(name, lo, hi)) in BINARY.iter().enumerate() {
            let x = point(u, lo, hi);
            check_against_forward(name, Probe {
                x,
                plain: probe_binary(k, &x),
                forward: forward3(|v| probe_binary(k, v), x),
                reverse: reverse::gradient(|v| probe_binary(k, v), &x),
            });
        }
    }

    #[test]
    fn random_compositions_match_forward(
        prog in prop::collection::vec((0usize..14, 0usize..64, 0usize..64, -2.0f64..2.0), 1..40),
        u in prop::array::uniform3(-2.0f64..2.0),
    ) {
        let x = u;
        let (fv, fg) = forward3(|v| composition(&prog, v), x);
        let (rv, rg) = reverse::gradient(|v| composition(&prog, v), &x);
        prop_assert!(same(fv, rv), "value {} vs {}", fv, rv);
        prop_assert!(same(fv, composition(&prog, &x)));
        let scale = fg.iter().chain(&rg).fold(0.0f64, |m, g| m.max(g.abs()));
        for i in 0..3 {
            prop_assert!(close(fg[i], rg[i], scale), "∂/∂x{}: forward {} vs reverse {}", i, fg[i], rg[i]);
        }
    }
}

/// A straight-line program over three inputs: each step applies an operation
/// to earlier results (chosen by index), so results are shared many times.
fn composition<T: Float>(prog: &[(usize, usize, usize, f64)], x: &[T]) -> T {
    let mut pool: Vec<T> = x.to_vec();
    for &(op, i, j, k) in prog {
        let a = pool[i % pool.len()];
        let b = pool[j % pool.len()];
        let k: T = c(k);
        let r = match op {
            0 => a + b,
            1 => a - b * k,
            2 => a * b,
            3 => a / (T::one() + b * b),
            4 => a.sin() * k + b,
            5 => a.cos() - b.tanh(),
            6 => (a * k).exp().min(c(1e3)) + b,
            7 => (T::one() + a * a).ln() * b,
            8 => (T::one() + a * a).sqrt(),
            9 => a.hypot(b) + a.atan(),
            10 => a.max(b) - a.min(b * k),
            11 => a.powi(2) * k + a.abs() * b,
            12 => a.atan2(b * k + c(0.5)),
            _ => a * k + b,
        };
        pool.push(r);
    }
    // the output depends on everything computed
    pool.iter()
        .skip(3)
        .fold(pool[0] * c(0.25), |s, &v| s + v * c(0.5))
}

// ---------------------------------------------------------------------------
// branches, loops, large and deep tapes
// ---------------------------------------------------------------------------

/// A function with data-dependent branches and loop counts.
fn branchy<T: Float>(x: &[T]) -> T {
    let mut s = T::zero();
    for (i, &xi) in x.iter().enumerate() {
        if xi > T::zero() {
            s = s + xi * xi;
        } else {
            s = s - xi.sin();
        }
        if i % 2 == 0 {
            s = s * c(1.5);
        }
    }
    // Newton's method for √s, iterated until the value settles
    let mut r = s.max(T::one());
    let mut steps = 0;
    loop {
        let next = (r + s / r) * c(0.5);
        steps += 1;
        if (next - r).abs() <= r * c(1e-15) || steps > 60 {
            break next;
        }
        r = next;
    }
}

#[test]
fn branches_and_loops() {
    for x in [[0.7, -0.3, 1.9], [-1.0, 2.0, -0.5], [0.1, 0.2, 0.3]] {
        let (fv, fg) = forward3(branchy, x);
        let (rv, rg) = reverse::gradient(|v| branchy(v), &x);
        assert_eq!(fv, rv);
        for i in 0..3 {
            assert!(close(fg[i], rg[i], fg[i].abs()), "{x:?} {fg:?} {rg:?}");
        }
        // the derivative of √s: Newton's iterations converge in derivative too
        let s = |x: &[f64]| branchy(x).powi(2);
        let h = 1e-6;
        for i in 0..3 {
            let (mut xp, mut xm) = (x, x);
            xp[i] += h;
            xm[i] -= h;
            let fd = (branchy(&xp) - branchy(&xm)) / (2.0 * h);
            assert!(
                (rg[i] - fd).abs() < 1e-6 * (1.0 + fd.abs()),
                "{i}: {} vs {fd}",
                rg[i]
            );
        }
        let _ = s;
    }
}

#[test]
fn rosenbrock_matches_the_analytic_gradient() {
    let mut tape = Tape::new();
    for n in [2usize, 1000, 100_000] {
        let x: Vec<f64> = (0..n)
            .map(|i| 0.5 + 1.2 * ((i as f64) * 0.37).sin())
            .collect();
        let mut g = vec![0.0; n];
        let v = reverse::gradient_on(&mut tape, rosenbrock, &x, &mut g);
        assert_eq!(v, rosenbrock(&x));
        let expect = rosenbrock_gradient(&x);
        for (i, (a, b)) in g.iter().zip(&expect).enumerate() {
            assert!(
                (a - b).abs() <= 1e-12 * (1.0 + b.abs()),
                "n = {n}, i = {i}: {a} vs {b}"
            );
        }
        // inputs plus three binary operations per term (the squares, the
        // constant factor and 1 − x are folded), less one in the first term,
        // whose accumulator is the constant 0
        assert_eq!(tape.len(), n + 3 * (n - 1) - 1);
    }
    let (_, g) = reverse::gradient(|x| rosenbrock(x), &[-1.2, 1.0]);
    assert_eq!(g, rosenbrock_gradient(&[-1.2, 1.0]));
}

#[test]
fn ten_million_nodes_sweep_without_recursion() {
    // v ← v·a + b, recorded as 2 binary nodes per step; swept on a thread with
    // a small stack, which a recursive sweep would overflow at once.
    const STEPS: usize = 5_000_000;
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let tape = Tape::with_capacity(2 * STEPS + 3);
            let (a, b, v0) = (tape.var(1.0), tape.var(0.5), tape.var(1.0));
            let mut v = v0;
            for _ in 0..STEPS {
                v = v * a + b;
            }
            assert_eq!(tape.len(), 2 * STEPS + 3);
            let g = v.backward();
            (v.value(), g.wrt(a), g.wrt(b), g.wrt(v0))
        })
        .unwrap()
        .join()
        .unwrap();
    let n = STEPS as f64;
    assert_eq!(result.0, 1.0 + 0.5 * n);
    // ∂/∂a = Σ v_{k−1} = n·v0 + b·n(n − 1)/2 at a = 1
    let da = n + 0.5 * n * (n - 1.0) / 2.0;
    assert!((result.1 - da).abs() <= 1e-9 * da, "{} vs {da}", result.1);
    assert_eq!(result.2, n);
    assert_eq!(result.3, 1.0);
}

#[test]
fn heavily_shared_chain_matches_forward() {
    // v ← v·v·0.5 + v: 2¹⁰⁰ paths from the output back to the input. Every
    // step uses one node twice, so it folds; the second chain mixes in y, so
    // every step records two nodes, each used twice by the next step.
    // a function written for Var with a named lifetime is higher-ranked
    fn chain<'t>(x: &[Var<'t, f64>]) -> Var<'t, f64> {
        let mut v = x[0];
        for _ in 0..100 {
            v = v * v * 0.5 + v;
        }
        v
    }
    let chain_f = |x: Dual<f64, 1>| {
        let mut v = x;
        for _ in 0..100 {
            v = v * v * 0.5 + v;
        }
        v
    };
    let x0 = 0.01;
    let (fv, fd) = gradus::derivative(chain_f, x0);
    let (rv, rg) = reverse::gradient(chain, &[x0]);
    assert_eq!(fv, rv);
    assert!(close(fd, rg[0], fd.abs()), "{fd} vs {}", rg[0]);

    fn mixed<'t>(x: &[Var<'t, f64>]) -> Var<'t, f64> {
        let (mut v, y) = (x[0], x[1]);
        for _ in 0..100 {
            v = v * y * 0.5 + v;
        }
        v
    }
    let mixed_f = |x: [Dual<f64, 2>; 2]| {
        let (mut v, y) = (x[0], x[1]);
        for _ in 0..100 {
            v = v * y * 0.5 + v;
        }
        v
    };
    let tape = Tape::new();
    let xs = tape.vars(&[x0, 0.02]);
    let y = mixed(&xs);
    assert_eq!(tape.len(), 2 + 200);
    let g = y.backward();
    let (fv, fg) = gradus::gradient(mixed_f, [x0, 0.02]);
    assert_eq!(fv, y.value());
    for i in 0..2 {
        assert!(close(fg[i], g.wrt(xs[i]), fg[i].abs()));
    }
}

// ---------------------------------------------------------------------------
// conventions: the same cases, the same answers as forward mode
// ---------------------------------------------------------------------------

#[allow(clippy::type_complexity)]
fn convention_cases() -> Vec<(
    &'static str,
    [f64; 3],
    for<'t> fn(&[Var<'t, f64>]) -> Var<'t, f64>,
    fn(&[Dual<f64, 3>]) -> Dual<f64, 3>,
)> {
    macro_rules! case {
        ($name:expr, $x:expr, |$v:ident| $body:expr) => {
            (
                $name,
                $x,
                |$v: &[Var<'_, f64>]| $body,
                |$v: &[Dual<f64, 3>]| $body,
            )
        };
    }
    vec![
        case!("ln(0·x1 + x2) at (1, 0)", [1.0, 0.0, 0.0], |v| (v[0]
            * 0.0
            + v[1])
            .ln()),
        case!("sqrt(x1) + x2 at x1 = 0", [0.0, 3.0, 0.0], |v| v[0].sqrt()
            + v[1]),
        case!("abs at 0", [0.0, -0.0, 1.0], |v| v[0].abs()
            + v[1].abs() * v[2]),
        case!("max tie", [1.0, 1.0, 0.0], |v| v[0].max(v[1])),
        case!("min tie", [1.0, 1.0, 0.0], |v| v[1].min(v[0])),
        case!("clamp at the bounds", [1.0, 1.0, 2.0], |v| v[0]
            .clamp(v[1], v[2])
            + v[2].clamp(v[1], v[2])),
        case!("floor, round, signum", [1.5, -2.5, 0.0], |v| v[0].floor()
            + v[1].round() * v[0]
            + v[2].signum()),
        case!("powf(0, 1.5) and powf(0, 0.5)", [0.0, 1.0, 0.0], |v| v[0]
            .powf(v[1] * 1.5)
            + v[2].powf(v[1] * 0.5)),
        case!("0^y in y", [0.0, 2.0, 0.0], |v| v[0].powf(v[1])),
        case!("hypot and atan2 at the origin", [0.0, 0.0, 1.0], |v| v[0]
            .hypot(v[1])
            + v[0].atan2(v[1]) * v[2]),
        case!("acos(1) with a zero partial", [1.0, 2.0, 0.0], |v| (v[0]
            * 0.0
            + 1.0)
            .acos()
            + v[1]),
        case!("asin at 1", [1.0, 2.0, 0.0], |v| v[0].asin() + v[1]),
        case!("ln at 0", [0.0, 1.0, 0.0], |v| v[0].ln() * v[1]),
        case!("x·y at the origin", [0.0, 0.0, 1.0], |v| v[0] * v[1]
            + v[2]),
        case!("NaN input", [f64::NAN, 1.0, 2.0], |v| v[0] * v[1] + v[2]),
        case!("infinite value", [f64::INFINITY, 1.0, 2.0], |v| v[0].exp()
            * 0.0
            + v[1] * v[2]),
        case!("division by zero", [1.0, 0.0, 2.0], |v| v[0] / v[1] + v[2]),
        case!("powi(0, n)", [0.0, 1.0, 0.0], |v| v[0].powi(0)
            + v[0].powi(1)
            + v[0].powi(2) * v[1]),
        case!("x^0 via powf", [0.0, 0.0, 1.0], |v| v[0].powf(v[1]) + v[2]),
        case!("% at the jump", [3.0, 1.5, 0.0], |v| v[0] % v[1]),
        case!("fract at an integer", [2.0, 0.0, 0.0], |v| v[0].fract()
            + v[1]),
        case!("cbrt at 0", [0.0, 1.0, 0.0], |v| v[0].cbrt() * v[1]),
        case!("sqrt(0) through a zero factor", [0.0, 1.0, 0.0], |v| (v[0]
            * v[2])
            .sqrt()
            + v[1]),
    ]
}

#[test]
fn conventions_identical_to_forward_mode() {
    for (name, x, rev, fwd) in convention_cases() {
        let (fv, fg) = forward3(fwd, x);
        let (rv, rg) = reverse::gradient(rev, &x);
        assert!(same(fv, rv), "{name}: value {fv} vs {rv}");
        for i in 0..3 {
            assert!(
                same(fg[i], rg[i]),
                "{name}: ∂/∂x{} forward {} vs reverse {}",
                i + 1,
                fg[i],
                rg[i]
            );
        }
    }
}

#[test]
fn conventions_closed_form() {
    let inf = f64::INFINITY;
    let g = |f: for<'t> fn(&[Var<'t, f64>]) -> Var<'t, f64>, x: &[f64]| reverse::gradient(f, x).1;
    assert_eq!(g(|v| (v[0] * 0.0 + v[1]).ln(), &[1.0, 0.0]), vec![0.0, inf]);
    assert_eq!(g(|v| v[0].sqrt() + v[1], &[0.0, 3.0]), vec![inf, 1.0]);
    assert_eq!(g(|v| v[0].abs(), &[0.0]), vec![0.0]);
    assert_eq!(g(|v| v[0].max(v[1]), &[1.0, 1.0]), vec![1.0, 0.0]);
    assert_eq!(g(|v| v[0].min(v[1]), &[1.0, 1.0]), vec![1.0, 0.0]);
    assert_eq!(g(|v| v[0].floor() + v[0].round(), &[1.5]), vec![0.0]);
    assert_eq!(g(|v| v[0].powf(Var::constant(1.5)), &[0.0]), vec![0.0]);
    assert_eq!(g(|v| v[0].hypot(v[1]), &[0.0, 0.0]), vec![0.0, 0.0]);
    assert_eq!(
        g(|v| (v[0] * 0.0 + 1.0).acos() + v[1], &[1.0, 2.0]),
        vec![0.0, 1.0]
    );
}

// ---------------------------------------------------------------------------
// drivers
// ---------------------------------------------------------------------------

#[test]
fn jacobian_one_sweep_per_row() {
    fn f<'t>(x: &[Var<'t, f64>]) -> Vec<Var<'t, f64>> {
        vec![x[0] * x[1].cos(), x[0] * x[1].sin(), x[0] + x[2] * x[2]]
    }
    let (y, j) = reverse::jacobian(f, &[2.0, 0.5, 3.0]);
    assert_eq!(y, vec![2.0 * 0.5f64.cos(), 2.0 * 0.5f64.sin(), 11.0]);
    let expect = [
        [0.5f64.cos(), -2.0 * 0.5f64.sin(), 0.0],
        [0.5f64.sin(), 2.0 * 0.5f64.cos(), 0.0],
        [1.0, 0.0, 6.0],
    ];
    for (row, e) in j.iter().zip(expect) {
        assert_eq!(row.as_slice(), e.as_slice());
    }
    // a constant output has a zero row
    let (_, j) = reverse::jacobian(|x| vec![x[0], Var::constant(1.0)], &[1.0]);
    assert_eq!(j, vec![vec![1.0], vec![0.0]]);
}

#[test]
fn vjp_is_one_sweep() {
    fn f<'t>(x: &[Var<'t, f64>]) -> Vec<Var<'t, f64>> {
        vec![x[0] * x[1], x[0].sin() + x[1], x[1] * 2.0]
    }
    let x = [0.3, -1.2];
    let w = [2.0, -1.0, 0.5];
    let (y, vj) = reverse::vjp(f, &x, &w);
    let (_, j) = reverse::jacobian(f, &x);
    assert_eq!(y.len(), 3);
    for k in 0..2 {
        let expect: f64 = (0..3).map(|i| w[i] * j[i][k]).sum();
        assert!((vj[k] - expect).abs() < 1e-15);
    }
}

#[test]
fn vjp_with_constant_folded_and_repeated_outputs() {
    // outputs: a recorded product, a constant, a folded unary image of an
    // input (index 0 with a scale), an input itself, a later recorded node
    // listed before earlier ones, and a constant built from arithmetic
    fn f<'t>(x: &[Var<'t, f64>]) -> Vec<Var<'t, f64>> {
        let p = x[0] * x[1];
        let late = p * x[0] + x[1];
        vec![
            late,
            p,
            Var::constant(3.0),
            x[0].sin(),
            x[1],
            Var::constant(-1.0) * 0.0 + 4.0,
        ]
    }
    let x = [0.3, -1.2];
    let w = [0.25, 2.0, 5.0, -1.0, 0.5, 7.0];
    let (y, vj) = reverse::vjp(f, &x, &w);
    let (a, b) = (x[0], x[1]);
    assert_eq!(y, vec![a * b * a + b, a * b, 3.0, a.sin(), b, 4.0]);
    // by hand: 0.25·(2ab, a² + 1) + 2·(b, a) − (cos a, 0) + 0.5·(0, 1)
    let want = [
        0.25 * 2.0 * a * b + 2.0 * b - a.cos(),
        0.25 * (a * a + 1.0) + 2.0 * a + 0.5,
    ];
    for k in 0..2 {
        assert!(
            (vj[k] - want[k]).abs() < 1e-15,
            "{k}: {} vs {}",
            vj[k],
            want[k]
        );
    }
    // the same as wᵀJ from the Jacobian's rows
    let (yj, j) = reverse::jacobian(f, &x);
    assert_eq!(yj, y);
    assert_eq!(j[2], vec![0.0, 0.0], "a constant output has a zero row");
    for k in 0..2 {
        let wj: f64 = (0..w.len()).map(|i| w[i] * j[i][k]).sum();
        assert!((vj[k] - wj).abs() < 1e-15);
    }
    // only constant outputs: their values and a zero product
    let (y, vj) = reverse::vjp(
        |_x| vec![Var::constant(1.0), Var::constant(2.0)],
        &x,
        &[3.0, 4.0],
    );
    assert_eq!((y, vj), (vec![1.0, 2.0], vec![0.0, 0.0]));
    // no outputs at all
    let (y, vj) = reverse::vjp(|_x| Vec::new(), &x, &[]);
    assert_eq!((y, vj), (vec![], vec![0.0, 0.0]));
    // one output listed twice: the weights add
    let (_, vj) = reverse::vjp(|x| vec![x[0] * x[1], x[0] * x[1]], &x, &[1.0, 2.0]);
    assert_eq!(vj, vec![3.0 * b, 3.0 * a]);
}

#[test]
#[should_panic(expected = "2 outputs but 3 weights: pass one weight per output")]
fn vjp_with_a_weight_count_unlike_the_outputs_panics() {
    let _ = reverse::vjp(|x| vec![x[0], x[1]], &[1.0, 2.0], &[1.0, 1.0, 1.0]);
}

#[test]
fn gradient_on_reuses_the_tape_and_accepts_a_fn_item() {
    let mut tape = Tape::new();
    let mut g = vec![0.0; 3];
    for k in 0..5 {
        let x = [1.0 + k as f64, -0.5, 0.25];
        let v = reverse::gradient_on(&mut tape, rosenbrock, &x, &mut g);
        assert_eq!(v, rosenbrock(&x));
        assert_eq!(g, rosenbrock_gradient(&x));
    }
    // a generic function with a constant output
    let v = reverse::gradient_on(
        &mut tape,
        |_x: &[Var<'_, f64>]| Var::constant(3.0),
        &[1.0],
        &mut g[..1],
    );
    assert_eq!((v, g[0]), (3.0, 0.0));
}

#[test]
fn tape_reuse_by_hand() {
    let mut tape = Tape::new();
    let mut out = [0.0; 2];
    for k in 1..4 {
        tape.clear();
        let xs = tape.vars(&[k as f64, 2.0]);
        let y = xs[0] * xs[1] + xs[0].exp();
        let g: Adjoints<'_, f64> = y.backward();
        g.wrt_into(&xs, &mut out);
        assert_eq!(out, [2.0 + (k as f64).exp(), k as f64]);
        // a second sweep of the same tape, from an intermediate output
        let z = xs[1] * 3.0;
        assert_eq!(z.backward().wrt(xs[1]), 3.0);
    }
    assert!(tape.capacity() >= tape.len());
}

#[test]
fn recordings_that_outgrow_the_tape() {
    // A tape with room for 5 nodes records 3 + 2·40 of them: the first ones
    // in its slots, the rest past them; clear() then makes room for all, and
    // a larger recording straddles the boundary again.
    let chain = |tape: &Tape, steps: usize| {
        let x = [tape.var(0.3), tape.var(-0.7), tape.var(1.1)];
        let mut v = x[0];
        for k in 0..steps {
            v = v * x[1 + k % 2] + x[k % 3].sin();
        }
        let g = v.backward();
        (v.value(), [g.wrt(x[0]), g.wrt(x[1]), g.wrt(x[2])])
    };
    let forward = |steps: usize| {
        forward3(
            |x| {
                let mut v = x[0];
                for k in 0..steps {
                    v = v * x[1 + k % 2] + x[k % 3].sin();
                }
                v
            },
            [0.3, -0.7, 1.1],
        )
    };
    let mut tape = Tape::with_capacity(5);
    for steps in [40, 40, 10, 100, 300, 100] {
        tape.clear();
        let (v, g) = chain(&tape, steps);
        let (fv, fg) = forward(steps);
        assert_eq!(v, fv);
        for i in 0..3 {
            assert!(close(g[i], fg[i], fg[i].abs()), "{steps}: {g:?} vs {fg:?}");
        }
        assert_eq!(tape.len(), 3 + 2 * steps);
        assert!(tape.capacity() >= tape.len());
    }
}

#[test]
fn inputs_recorded_between_operations() {
    // an input created after some operations is an ordinary leaf in the
    // middle of the tape
    let tape = Tape::new();
    let (a, e) = (tape.var(2.0), tape.var(0.5));
    let b = a * e.exp(); // node 2
    let c = tape.var(3.0); // node 3: an input after an operation
    let y = b * c + c.sin() * a;
    let g = y.backward();
    let ee = 0.5f64.exp();
    assert!((g.wrt(a) - (ee * 3.0 + 3f64.sin())).abs() < 1e-12);
    assert!((g.wrt(e) - (2.0 * ee * 3.0)).abs() < 1e-12);
    assert!((g.wrt(c) - (2.0 * ee + 2.0 * 3f64.cos())).abs() < 1e-12);
    // the output may be an input itself, or one of its unary images
    assert_eq!(a.backward().wrt(a), 1.0);
    assert_eq!(a.backward().wrt(c), 0.0);
    assert_eq!((a * 3.0 + 1.0).backward().wrt(a), 3.0);
    // inputs created after the output do not depend on it
    let late = tape.var(1.0);
    assert_eq!(y.backward().wrt(late), 0.0);
    assert!(tape.to_dot().contains("n3 [label=\"3: input\"]"));
}

// ---------------------------------------------------------------------------
// nesting
// ---------------------------------------------------------------------------

#[test]
fn hvp_reverse_over_forward() {
    // H of the worked example at (2, 5): [[−1/4, 1], [1, sin 5]]
    let (v, g, hv) = reverse::hvp(|x| worked_example(x), &[2.0, 5.0], &[1.0, 0.0]);
    assert_eq!(v, worked_example(&[2.0, 5.0]));
    assert!((g[0] - 5.5).abs() < 1e-14);
    assert_eq!(hv, vec![-0.25, 1.0]);
    let (_, _, hv) = reverse::hvp(|x| worked_example(x), &[2.0, 5.0], &[0.0, 1.0]);
    assert_eq!(hv, vec![1.0, 5f64.sin()]);
    // Rosenbrock, n = 50, against forward-over-forward columns
    let n = 50;
    let x: Vec<f64> = (0..n).map(|i| 0.5 + 0.01 * i as f64).collect();
    let v: Vec<f64> = (0..n).map(|i| ((i * 7 % 5) as f64) - 2.0).collect();
    let (_, g, hv) = reverse::hvp(|x| rosenbrock(x), &x, &v);
    assert_eq!(g, rosenbrock_gradient(&x));
    // forward over forward: d/dt ∇f(x + t v) with Dual<Dual<f64, 1>, 1> per coordinate
    for i in [0, 1, 17, n - 1] {
        let xs: Vec<Dual<Dual<f64, 1>, 1>> = (0..n)
            .map(|k| {
                Dual::new(
                    Dual::new(x[k], [v[k]]),
                    [Dual::constant(if k == i { 1.0 } else { 0.0 })],
                )
            })
            .collect();
        let y = rosenbrock(&xs);
        let expect = y.partials()[0].partials()[0];
        assert!(
            (hv[i] - expect).abs() < 1e-10 * (1.0 + expect.abs()),
            "{i}: {} vs {expect}",
            hv[i]
        );
    }
}

#[test]
fn full_hessian_by_seeding_n_directions() {
    // Var<'t, Dual<f64, 2>>: one recording and one sweep give ∇f and H
    let tape = Tape::<Dual<f64, 2>>::new();
    let x = [
        tape.var(Dual::variable(2.0, 0)),
        tape.var(Dual::variable(5.0, 1)),
    ];
    let y = worked_example(&x);
    let g = y.backward();
    let (d0, d1) = (g.wrt(x[0]), g.wrt(x[1]));
    assert!((d0.value() - 5.5).abs() < 1e-14);
    assert_eq!(d0.partials(), [-0.25, 1.0]);
    assert_eq!(d1.partials(), [1.0, 5f64.sin()]);
    // base floats on either side of a nested variable
    let z = 2.0 * x[0] * 3.0 - x[1] / 2.0 + 1.0;
    assert_eq!(z.value().value(), 12.0 - 2.5 + 1.0);
    assert_eq!(z.backward().wrt(x[0]).value(), 6.0);
}

#[test]
fn forward_over_reverse() {
    // Dual<Var<'t>, 1>: the directional derivative ∇f·v is a Var, whose sweep
    // gives H·v
    let tape = Tape::new();
    let xs = tape.vars(&[2.0, 5.0]);
    let v = [1.0, 0.0];
    let d: Vec<Dual<Var<'_, f64>, 1>> = xs
        .iter()
        .zip(v)
        .map(|(&x, vi)| Dual::new(x, [Var::constant(vi)]))
        .collect();
    let y = worked_example(&d);
    assert!((y.value().value() - 11.652071455223084).abs() < 1e-13);
    let dir = y.partials()[0];
    assert!((dir.value() - 5.5).abs() < 1e-14);
    let g = dir.backward();
    assert_eq!((g.wrt(xs[0]), g.wrt(xs[1])), (-0.25, 1.0));
    // and the base float on either side of Dual<Var>
    let w = 2.0 * d[0] * 3.0 + d[1] / 2.0;
    assert_eq!(w.partials()[0].value(), 6.0);
}

/// Reverse over forward at a zero-partial point: the adjoint reaching
/// sqrt(x0) is x1·x2 = 0 + 1ε (value 0, tangent 1), and sqrt′(0) = +inf, so
/// the sweep multiplies an adjoint of value 0 by an infinite weight. The
/// value part must stay 0 (∂f/∂x0 = 0: f vanishes on x2 = 0), as in every
/// forward mode; a sweep that tests only "every component zero" makes it NaN.
#[test]
fn hvp_zero_valued_adjoint_times_an_infinite_weight() {
    let inf = f64::INFINITY;
    let f = |x: [f64; 3]| x[0].sqrt() * x[1] * x[2];
    let (x, v) = ([0.0, 1.0, 0.0], [1.0, 0.0, 1.0]);
    let (fx, g, hv) = reverse::hvp(|x| x[0].sqrt() * x[1] * x[2], &x, &v);
    assert_eq!(fx, f(x));
    // ∇f = (x1 x2 / 2√x0, √x0 x2, √x0 x1) = (0, 0, 0) on x2 = 0
    assert_eq!(g, vec![0.0, 0.0, 0.0]);
    // H·v: ∂²f/∂x0∂x2 = x1 / 2√x0 = +inf, every other entry 0 at this point
    assert_eq!(hv, vec![inf, 0.0, inf]);
    // the forward modes give the same numbers
    let (fv, fg, fhv) = gradus::hvp(|x| x[0].sqrt() * x[1] * x[2], x, v);
    assert_eq!((fv, fg.to_vec(), fhv.to_vec()), (fx, g.clone(), hv.clone()));
    let (_, dg) = gradus::gradient(|x| x[0].sqrt() * x[1] * x[2], x);
    assert_eq!(dg.to_vec(), g);
    // and Dual<Var> (forward over reverse), seeded along v
    let tape = Tape::new();
    let xs = tape.vars(&x);
    let d: Vec<Dual<Var<'_, f64>, 1>> = xs
        .iter()
        .zip(v)
        .map(|(&xi, vi)| Dual::new(xi, [Var::constant(vi)]))
        .collect();
    let y = d[0].sqrt() * d[1] * d[2];
    let adj = y.value().backward();
    assert_eq!(adj.wrt_all(&xs), vec![0.0, 0.0, 0.0]);
    let dir = y.partials()[0].backward();
    assert_eq!(dir.wrt_all(&xs), hv);
}

#[test]
fn second_derivative_by_nesting_is_not_lost_at_zero() {
    // d²/dx² (x·x) at 0 is 2 in every nesting (the design's is_zero case)
    let tape = Tape::<Dual<f64, 1>>::new();
    let x = tape.var(Dual::variable(0.0, 0));
    let y = x * x;
    assert_eq!(y.backward().wrt(x).partials(), [2.0]);
    let t2 = Tape::new();
    let xv = t2.var(0.0);
    let d = Dual::<Var<'_, f64>, 1>::new(xv, [Var::one()]);
    let yd = d * d;
    assert_eq!(yd.partials()[0].backward().wrt(xv), 2.0);
}

// ---------------------------------------------------------------------------
// misuse
// ---------------------------------------------------------------------------

#[test]
#[should_panic(expected = "variables from two different tapes were combined")]
fn mixing_two_tapes_panics() {
    let (t1, t2) = (Tape::new(), Tape::new());
    let (a, b) = (t1.var(1.0), t2.var(2.0));
    let _ = a + b;
}

#[test]
#[should_panic(expected = "variables from two different tapes were combined")]
fn reading_another_tapes_variable_panics() {
    let (t1, t2) = (Tape::new(), Tape::new());
    let (a, b) = (t1.var(1.0), t2.var(2.0));
    let g = (a * 2.0).backward();
    let _ = g.wrt(b);
}

#[test]
#[should_panic(expected = "variables from two different tapes were combined")]
fn gradient_on_with_a_captured_variable_of_another_tape_panics() {
    let other = Tape::new();
    let captured = other.var(1.0);
    let mut tape = Tape::new();
    let mut g = [0.0];
    reverse::gradient_on(&mut tape, |x| x[0] * captured, &[2.0], &mut g);
}

#[test]
#[should_panic(expected = "not an input")]
fn wrt_an_intermediate_panics() {
    let tape = Tape::new();
    let (a, b) = (tape.var(1.0), tape.var(2.0));
    let m = a * b;
    let y = m.sin();
    let _ = y.backward().wrt(m.exp());
}

#[test]
#[should_panic(expected = "overwritten by a later backward sweep")]
fn stale_adjoints_panic() {
    let tape = Tape::new();
    let (a, b) = (tape.var(1.0), tape.var(2.0));
    let g1 = (a * b).backward();
    let _g2 = (a + b).backward();
    let _ = g1.wrt(a);
}

#[test]
fn constants_mix_with_any_tape() {
    let (t1, t2) = (Tape::new(), Tape::new());
    let k = Var::constant(3.0);
    let (a, b) = (t1.var(1.0), t2.var(2.0));
    assert_eq!((a * k).backward().wrt(a), 3.0);
    assert_eq!((k * b).backward().wrt(b), 3.0);
    // a value brought over from another tape as a constant
    let c = a + Var::constant(b.value());
    assert_eq!(c.backward().wrt(a), 1.0);
}

// ---------------------------------------------------------------------------
// the DOT export
// ---------------------------------------------------------------------------

#[test]
fn dot_export_shows_inputs_nodes_and_weights() {
    let tape = Tape::new();
    let x = tape.vars(&[2.0, 5.0]);
    let _ = worked_example(&x);
    let dot = tape.to_dot();
    assert!(dot.starts_with("digraph tape {"));
    assert!(dot.trim_end().ends_with('}'));
    assert!(dot.contains("n0 [label=\"0: input\"]"));
    assert!(dot.contains("n1 [label=\"1: input\"]"));
    assert!(dot.contains("n2 [label=\"2\"]"));
    assert!(dot.contains("n0 -> n2 [label=\"5\"]"));
    assert!(dot.contains("n1 -> n2 [label=\"2\"]"));
    assert!(dot.contains("n0 -> n3 [label=\"0.5\"]"));
    assert!(dot.contains(&format!("n1 -> n4 [label=\"{}\"]", -5f64.cos())));
    assert_eq!(dot.matches("->").count(), 6);
    // an empty tape is an empty graph
    assert!(Tape::<f64>::new().to_dot().contains("digraph tape {"));
    let _ = Tape::<f64>::default().len();
    let _ = <Var<'_, f64> as One>::one();
}
