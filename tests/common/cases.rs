//! The table of elementary functions and operators that the second-order
//! types are checked on, one case per entry: each is a generic function of
//! two variables that equals a chosen point at [`X0`] and depends on both
//! variables there, with the domain its point is drawn from.
//!
//! Shared by `hyperdual.rs` (HyperDual's value, gradient and Hessian) and
//! `hvp_dual.rs` (HvpDual's gradient, directional derivative and H·v): each
//! binary instantiates the cases only for the types it checks.
#![allow(dead_code)]

use num_traits::{Float, FloatConst, NumCast};

/// The point every case is evaluated at.
pub const X0: [f64; 2] = [0.3, -0.2];

/// `v` in any float type.
pub fn c<T: Float>(v: f64) -> T {
    <T as NumCast>::from(v).unwrap()
}

/// An input that equals `p` exactly at [`X0`] and has a non-trivial gradient
/// and Hessian there, so every term of the chain rule is exercised.
pub fn lift<T: Float>(p: f64, x: [T; 2]) -> T {
    let (d0, d1) = (x[0] - c(X0[0]), x[1] - c(X0[1]));
    c::<T>(p) + c::<T>(0.7) * d0 - c::<T>(0.4) * d1 + c::<T>(0.3) * d0 * d1 + c::<T>(0.2) * d0 * d0
}

/// A second input with other coefficients, so that a binary operation sees
/// two operands that depend differently on both variables.
pub fn lift2<T: Float>(q: f64, x: [T; 2]) -> T {
    let (d0, d1) = (x[0] - c(X0[0]), x[1] - c(X0[1]));
    c::<T>(q) - c::<T>(0.25) * d0 + c::<T>(0.9) * d1 - c::<T>(0.35) * d1 * d1
        + c::<T>(0.15) * d0 * d1
}

/// Central differences of a gradient: row i is ∂∇f/∂xᵢ.
pub fn fd_hessian(g: impl Fn([f64; 2]) -> [f64; 2], x: [f64; 2]) -> [[f64; 2]; 2] {
    let mut h = [[0.0; 2]; 2];
    for (i, row) in h.iter_mut().enumerate() {
        let s = 1e-5;
        let (mut xp, mut xm) = (x, x);
        xp[i] += s;
        xm[i] -= s;
        let (gp, gm) = (g(xp), g(xm));
        for (j, hij) in row.iter_mut().enumerate() {
            *hij = (gp[j] - gm[j]) / (2.0 * s);
        }
    }
    h
}

/// Relative closeness, with 1 added to the scale so that values near 0
/// compare absolutely.
pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// One entry of a table: a function of two variables, generic over the
/// number type, whose point is drawn from `domain`.
pub trait Case: Copy + 'static {
    /// The point parameters: one value (unary) or two (binary).
    type P: Copy + core::fmt::Debug;
    /// The entry's name, for messages.
    fn name(self) -> &'static str;
    /// lo, hi of the first input (and of the second, for binary cases).
    fn domain(self) -> [f64; 4];
    /// The point parameters for u, s ∈ [0, 1).
    fn point(self, t: f64, s: f64) -> Self::P;
    /// The entry evaluated at `x`, for the point `p`.
    fn run<T: Float + FloatConst>(self, p: Self::P, x: [T; 2]) -> T;
}

/// The table of unary cases: `name: lo, hi => |u| expression of u`, where u
/// equals a point of [lo, hi) at X0 and depends on both variables.
macro_rules! unary_cases {
    ($($name:ident: $lo:expr, $hi:expr => |$u:ident| $body:expr;)*) => {
        /// One unary function or operator applied to a lifted input.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Unary { $($name),* }

        /// Every unary case.
        pub const UNARY: &[Unary] = &[$(Unary::$name),*];

        impl Case for Unary {
            type P = f64;
            fn name(self) -> &'static str {
                match self { $(Unary::$name => stringify!($name)),* }
            }
            fn domain(self) -> [f64; 4] {
                match self { $(Unary::$name => [$lo, $hi, 0.0, 0.0]),* }
            }
            fn point(self, t: f64, _s: f64) -> f64 {
                let [lo, hi, _, _] = self.domain();
                lo + t * (hi - lo)
            }
            fn run<T: Float + FloatConst>(self, p: f64, x: [T; 2]) -> T {
                match self {
                    $(Unary::$name => {
                        let $u = lift(p, x);
                        $body
                    })*
                }
            }
        }
    };
}

/// The table of binary cases: `name: (lo, hi, lo2, hi2) => |u, v| expression`.
macro_rules! binary_cases {
    ($($name:ident: ($lo:expr, $hi:expr, $lo2:expr, $hi2:expr) => |$u:ident, $v:ident| $body:expr;)*) => {
        /// One binary function or operator applied to two lifted inputs.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Binary { $($name),* }

        /// Every binary case.
        pub const BINARY: &[Binary] = &[$(Binary::$name),*];

        impl Case for Binary {
            type P = (f64, f64);
            fn name(self) -> &'static str {
                match self { $(Binary::$name => stringify!($name)),* }
            }
            fn domain(self) -> [f64; 4] {
                match self { $(Binary::$name => [$lo, $hi, $lo2, $hi2]),* }
            }
            fn point(self, t: f64, s: f64) -> (f64, f64) {
                let [lo, hi, lo2, hi2] = self.domain();
                (lo + t * (hi - lo), lo2 + s * (hi2 - lo2))
            }
            fn run<T: Float + FloatConst>(self, p: (f64, f64), x: [T; 2]) -> T {
                match self {
                    $(Binary::$name => {
                        let ($u, $v) = (lift(p.0, x), lift2(p.1, x));
                        $body
                    })*
                }
            }
        }
    };
}

unary_cases! {
    sqrt: 0.1, 10.0 => |u| u.sqrt();
    cbrt_pos: 0.1, 10.0 => |u| u.cbrt();
    cbrt_neg: -10.0, -0.1 => |u| u.cbrt();
    exp: -5.0, 5.0 => |u| u.exp();
    exp2: -5.0, 5.0 => |u| u.exp2();
    exp_m1: -5.0, 5.0 => |u| u.exp_m1();
    ln: 0.1, 10.0 => |u| u.ln();
    ln_1p: -0.5, 10.0 => |u| u.ln_1p();
    log2: 0.1, 10.0 => |u| u.log2();
    log10: 0.1, 10.0 => |u| u.log10();
    sin: -10.0, 10.0 => |u| u.sin();
    cos: -10.0, 10.0 => |u| u.cos();
    tan: -1.3, 1.3 => |u| u.tan();
    asin: -0.9, 0.9 => |u| u.asin();
    acos: -0.9, 0.9 => |u| u.acos();
    atan: -10.0, 10.0 => |u| u.atan();
    sinh: -5.0, 5.0 => |u| u.sinh();
    cosh: -5.0, 5.0 => |u| u.cosh();
    tanh: -3.0, 3.0 => |u| u.tanh();
    asinh: -10.0, 10.0 => |u| u.asinh();
    acosh: 1.1, 10.0 => |u| u.acosh();
    atanh: -0.9, 0.9 => |u| u.atanh();
    recip_pos: 0.2, 10.0 => |u| u.recip();
    recip_neg: -10.0, -0.2 => |u| u.recip();
    neg: -10.0, 10.0 => |u| -u;
    abs_pos: 0.1, 10.0 => |u| u.abs();
    abs_neg: -10.0, -0.1 => |u| u.abs();
    signum: 0.1, 10.0 => |u| u.signum() * u * u;
    floor: 0.1, 0.45 => |u| u.floor() + u.ceil() * u + u.round() + u.trunc() * u;
    fract: 2.1, 2.9 => |u| u.fract() * u;
    to_degrees: -3.0, 3.0 => |u| u.to_degrees() * u;
    to_radians: -300.0, 300.0 => |u| u.to_radians() * u;
    powi_0: 0.2, 3.0 => |u| u.powi(0) + u;
    powi_1: 0.2, 3.0 => |u| u.powi(1) * u;
    powi_2: -3.0, 3.0 => |u| u.powi(2);
    powi_3: -3.0, 3.0 => |u| u.powi(3);
    powi_neg3: 0.2, 3.0 => |u| u.powi(-3);
    powf_const: 0.2, 3.0 => |u| u.powf(T::from(2.5).unwrap()) + u.powf(T::from(-1.5).unwrap());
    pow_f64: 0.2, 3.0 => |u| (u * c::<T>(1.0)).powf(c(0.7));
    sin_cos: -10.0, 10.0 => |u| { let (s, co) = u.sin_cos(); s * co + co };
    add_const: -10.0, 10.0 => |u| (u + c(2.5)) * u;
    sub_const: -10.0, 10.0 => |u| (u - c(2.5)) * u;
    const_sub: -10.0, 10.0 => |u| (c::<T>(2.5) - u) * u;
    mul_const: -10.0, 10.0 => |u| (u * c(2.5)) * u;
    div_const: -10.0, 10.0 => |u| (u / c(2.5)) * u;
    const_div: 0.2, 10.0 => |u| c::<T>(2.5) / u;
    rem_const: 0.6, 0.9 => |u| (u % c(0.5)) * u;
    const_rem: 1.1, 1.4 => |u| c::<T>(2.5) % u;
    consts: -1.0, 1.0 => |u| u * T::PI() + T::E() * u * u + T::one() - T::zero();
}

binary_cases! {
    add: (-10.0, 10.0, -10.0, 10.0) => |u, v| u + v;
    sub: (-10.0, 10.0, -10.0, 10.0) => |u, v| u - v;
    mul: (-10.0, 10.0, -10.0, 10.0) => |u, v| u * v;
    div: (-10.0, 10.0, 0.5, 10.0) => |u, v| u / v;
    div_neg: (-10.0, 10.0, -10.0, -0.5) => |u, v| u / v;
    rem: (0.1, 0.4, 1.0, 3.0) => |u, v| { let k = c::<T>(2.0) * v + u * v; k % v };
    powf: (0.2, 3.0, -2.0, 2.0) => |u, v| u.powf(v);
    atan2: (-5.0, 5.0, 0.5, 5.0) => |u, v| u.atan2(v);
    atan2_left: (0.5, 5.0, -5.0, -0.5) => |u, v| u.atan2(v);
    hypot: (0.5, 5.0, -5.0, 5.0) => |u, v| u.hypot(v);
    log: (0.2, 10.0, 1.5, 5.0) => |u, v| u.log(v);
    mul_add: (-5.0, 5.0, -5.0, 5.0) => |u, v| u.mul_add(v, u * u) + v.mul_add(u, v);
    max: (0.0, 1.0, 2.0, 3.0) => |u, v| u.max(v) * u + v.max(u) * v;
    min: (0.0, 1.0, 2.0, 3.0) => |u, v| u.min(v) * v + v.min(u) * u;
    clamp: (1.0, 2.0, -5.0, 5.0) => |u, v| v.clamp(u - c(10.0), u + c(10.0)) * u;
    copysign: (0.5, 5.0, -5.0, -0.5) => |u, v| u.copysign(v) * v;
    abs_sub: (3.0, 5.0, -1.0, 1.0) => |u, v| { #[allow(deprecated)] let r = u.abs_sub(v); r * v };
}
