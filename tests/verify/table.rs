//! The derivative table itself, as a second-order type reads it: for every
//! entry of the function list backed by one rule of `gradus::rules`, the
//! rule's f, f′, f″ (`Derivs`) or f, ∂x, ∂y, ∂²x, ∂x∂y, ∂²y (`Derivs2`) agree
//! with what nested duals compute by differentiating the rule's f′, with the
//! closed forms, and with the plain value, at random points and edge inputs.
//!
//! Nested duals get f″ by differentiating the *expression* of f′; a
//! second-order type (HyperDual) reads the rule's f″ *formula*. This test
//! keeps the two in agreement, so every mode follows one convention.

use crate::edges::edge_inputs;
use crate::framework::{MAXN, Mode, NestedN, Program, close, plain, same_bits, tally};
use crate::functions::{FUNS, Fun, Id};
use gradus::rules::{self, Derivs, Derivs2};
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const TABLE: &str = "derivative table: rule f, f′, f″ vs nested duals, closed forms, plain value (random points and edges)";

/// Random points per entry.
const CASES: u32 = 512;

/// The rule's f″ formula and the nested derivative of its f′ expression
/// agree to rounding (they are different expressions of the same number).
const RULE_REL: f64 = 1e-12;
const RULE_ABS: f64 = 4.0 * 5e-324;

/// Constants pass through `black_box`, as in the function list (see
/// `Scalar::k`): a literal exponent would let the optimizer turn the rule's
/// `pow(x, 2.0)` into `x * x`, 1 ulp from the plain program's `pow`.
fn bb<T>(v: T) -> T {
    std::hint::black_box(v)
}

/// How an entry of the function list reads the table.
#[derive(Clone, Copy)]
pub enum Rule {
    Un(fn(f64) -> Derivs<f64>),
    Bin(fn(f64, f64) -> Derivs2<f64>),
}

/// The rule behind each entry; `None` for branch rules (max, min, clamp,
/// abs_sub, copysign) and composite entries (mul_add, sums, assignments).
pub fn rule(id: Id) -> Option<Rule> {
    use Id::*;
    use Rule::{Bin, Un};
    Some(match id {
        Neg => Un(rules::neg),
        Recip | Inv => Un(rules::recip),
        LMul | RMul => Un(|x| rules::mul_const(x, 2.0)),
        LAdd | RAdd => Un(|x| rules::add_const(x, 2.0)),
        LSub => Un(|x| rules::const_sub(2.0, x)),
        RSub => Un(|x| rules::sub_const(x, 2.0)),
        RDiv => Un(|x| rules::div_const(x, 3.0)),
        LDiv => Un(|x| rules::const_div(1.0, x)),
        RRem => Un(|x| rules::rem_const(x, 3.0)),
        LRem => Un(|x| rules::const_rem(5.0, x)),
        Sqrt => Un(rules::sqrt),
        Cbrt => Un(rules::cbrt),
        PowiM3 => Un(|x| rules::powi(x, bb(-3))),
        PowiM1 => Un(|x| rules::powi(x, bb(-1))),
        Powi0 => Un(|x| rules::powi(x, bb(0))),
        Powi1 => Un(|x| rules::powi(x, bb(1))),
        Powi2 => Un(|x| rules::powi(x, bb(2))),
        Powi3 | PowI32 => Un(|x| rules::powi(x, bb(3))),
        Powi7 => Un(|x| rules::powi(x, bb(7))),
        PowfHalf => Un(|x| rules::powf_const(x, bb(0.5))),
        PowfThird => Un(|x| rules::powf_const(x, bb(1.0 / 3.0))),
        Powf1_5 => Un(|x| rules::powf_const(x, bb(1.5))),
        Powf2_5 | PowF64 => Un(|x| rules::powf_const(x, bb(2.5))),
        PowfMHalf => Un(|x| rules::powf_const(x, bb(-0.5))),
        Powf0 => Un(|x| rules::powf_const(x, bb(0.0))),
        Powf1 => Un(|x| rules::powf_const(x, bb(1.0))),
        Powf2 => Un(|x| rules::powf_const(x, bb(2.0))),
        Powf3 => Un(|x| rules::powf_const(x, bb(3.0))),
        PowfM2 => Un(|x| rules::powf_const(x, bb(-2.0))),
        Exp => Un(rules::exp),
        Exp2 => Un(rules::exp2),
        ExpM1 => Un(rules::exp_m1),
        Ln => Un(rules::ln),
        Ln1p => Un(rules::ln_1p),
        Log2 => Un(rules::log2),
        Log10 => Un(rules::log10),
        Sin => Un(rules::sin),
        Cos => Un(rules::cos),
        SinCosS => Un(|x| rules::sin_cos(x).0),
        SinCosC => Un(|x| rules::sin_cos(x).1),
        Tan => Un(rules::tan),
        Asin => Un(rules::asin),
        Acos => Un(rules::acos),
        Atan => Un(rules::atan),
        Sinh => Un(rules::sinh),
        Cosh => Un(rules::cosh),
        Tanh => Un(rules::tanh),
        Asinh => Un(rules::asinh),
        Acosh => Un(rules::acosh),
        Atanh => Un(rules::atanh),
        Abs | SignedAbs => Un(rules::abs),
        Signum => Un(rules::signum),
        Floor => Un(rules::floor),
        Ceil => Un(rules::ceil),
        Round => Un(rules::round),
        Trunc => Un(rules::trunc),
        Fract => Un(rules::fract),
        ToDegrees => Un(rules::to_degrees),
        ToRadians => Un(rules::to_radians),
        Add => Bin(rules::add),
        Sub => Bin(rules::sub),
        Mul => Bin(rules::mul),
        Div => Bin(rules::div),
        Rem => Bin(rules::rem),
        Atan2 => Bin(rules::atan2),
        Hypot => Bin(rules::hypot),
        LogBase => Bin(rules::log),
        Powf | PowSelf => Bin(rules::powf),
        AssignF | AssignT | Max | Min | AbsSub | Copysign | MulAddF | MulAddT | Clamp | Sum1
        | Sum3 | Product3 | ReduceSum | ReduceDot | ReduceNorm2 | ReduceWeighted | ReduceLse => {
            return None;
        }
    })
}

/// The rule's numbers as (value, gradient, Hessian).
fn read(r: Rule, x: &[f64]) -> (f64, [f64; MAXN], [[f64; MAXN]; MAXN]) {
    let mut g = [0.0; MAXN];
    let mut h = [[0.0; MAXN]; MAXN];
    match r {
        Rule::Un(f) => {
            let d = f(x[0]);
            g[0] = d.df;
            h[0][0] = d.d2f;
            (d.f, g, h)
        }
        Rule::Bin(f) => {
            let d = f(x[0], x[1]);
            g[0] = d.dx;
            g[1] = d.dy;
            h[0][0] = d.dxx;
            h[0][1] = d.dxy;
            h[1][0] = d.dxy;
            h[1][1] = d.dyy;
            (d.f, g, h)
        }
    }
}

/// Compares the rule with nested duals and the closed form at `x`.
fn check(f: &Fun, r: Rule, x: &[f64], edge: bool, failures: &mut Vec<String>) {
    let n = f.arity();
    let x = &x[..n];
    let (v, g, h) = read(r, x);
    let nested = NestedN::eval(f, x);
    let nh = nested.hess.expect("second order");
    let expect = (f.reference)(x);
    let at = format!("{} rule at {x:?}", f.name);
    if !same_bits(v, plain(f, x)) {
        failures.push(format!("{at}: f = {v:e}, plain {:e}", plain(f, x)));
    }
    // The scale of the Hessian: nested duals and the f″ formula round
    // differently; a mixed partial can be a cancellation.
    let scale = nh[..n]
        .iter()
        .flat_map(|r| &r[..n])
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let tol = RULE_REL * scale + RULE_ABS;
    // The f″ formula and the derivative of the f′ expression round and
    // overflow differently at extreme inputs (1e-300 · 1e300-sized
    // intermediates, subnormals, infinities), and where f or f′ is not
    // finite they are different limits (nested duals apply the zero-partial
    // rule inside f′: ∂/∂b of 1/(x ln b) at x = 0 is 0 · inf = 0 for them,
    // −inf for the formula). There the rule is compared only with the closed
    // forms; the documented singular points (sqrt at 0, …) are checked
    // literally, in every mode, in `edges::CONVENTIONS`.
    let moderate = !edge
        || (x
            .iter()
            .all(|v| v.abs() <= 1e3 && (v.abs() >= 1e-3 || *v == 0.0))
            && v.is_finite()
            && g[..n].iter().all(|g| g.is_finite()));
    for i in 0..n {
        if !close(g[i], nested.grad[i], 0.0, 0.0) {
            failures.push(format!(
                "{at}: f′[{i}] = {:e}, nested duals {:e}",
                g[i], nested.grad[i]
            ));
        }
        if !close(g[i], expect.grad[i], RULE_REL, RULE_ABS) {
            failures.push(format!(
                "{at}: f′[{i}] = {:e}, closed form {:e}",
                g[i], expect.grad[i]
            ));
        }
        for j in 0..n {
            if moderate && !close(h[i][j], nh[i][j], RULE_REL, tol) {
                failures.push(format!(
                    "{at}: f″[{i}][{j}] = {:e}, nested duals {:e}",
                    h[i][j], nh[i][j]
                ));
            }
            if let Some(eh) = expect.hess
                && !close(h[i][j], eh[i][j], RULE_REL, RULE_ABS)
            {
                failures.push(format!(
                    "{at}: f″[{i}][{j}] = {:e}, closed form {:e}",
                    h[i][j], eh[i][j]
                ));
            }
        }
    }
}

#[test]
fn table_rules_agree_with_nested_duals() {
    let entries: Vec<(&Fun, Rule)> = FUNS
        .iter()
        .filter_map(|f| rule(f.id).map(|r| (f, r)))
        .collect();
    let mut failures = Vec::new();
    let mut count = 0;
    for (f, r) in &entries {
        for x in edge_inputs(f) {
            check(f, *r, &x, true, &mut failures);
            count += 1;
        }
    }
    let random = AtomicUsize::new(0);
    let mut runner = crate::framework::runner(CASES);
    let result = runner.run(&proptest::array::uniform3(0.0..1.0f64), |u| {
        let mut fails = Vec::new();
        for (f, r) in &entries {
            let x: Vec<f64> = f.dom.iter().zip(&u).map(|(d, &u)| d.sample(u)).collect();
            check(f, *r, &x, false, &mut fails);
            random.fetch_add(1, Ordering::Relaxed);
        }
        prop_assert!(fails.is_empty(), "{}", fails.join("\n"));
        Ok(())
    });
    if let Err(e) = result {
        failures.push(e.to_string());
    }
    if !failures.is_empty() {
        panic!("{} failures:\n{}", failures.len(), failures.join("\n"));
    }
    tally(TABLE, count + random.into_inner());
}
