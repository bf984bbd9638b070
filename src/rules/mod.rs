//! The table of elementary functions: every derivative gradus knows, written once.
//!
//! Each entry evaluates a function *and its first and second derivatives* at a
//! point, sharing the expensive work (`sin` calls `sin_cos` once and reads off
//! `sin`, `cos` and `-sin`). A number type never re-derives a function: it
//! receives a [`Derivs`] (unary) or [`Derivs2`] (binary) from this table and
//! pushes it through its own parts with one chain-rule helper
//! ([`Number::chain`](crate::Number::chain) and
//! [`Number::chain2`](crate::Number::chain2)):
//!
//! | type | what the chain rule does with `f`, `f'`, `f''` |
//! |---|---|
//! | [`Dual`](crate::Dual) | value ← f; each partial ← partial · f′ |
//! | [`HyperDual`](crate::HyperDual) | adds hessian ← hessian · f′ + grad gradᵀ · f″ |
//! | [`HvpDual`](crate::HvpDual) | adds ∇²f·v ← ∇²f·v · f′ + grad · (f″ · ∇f·v) |
//! | [`Var`](crate::Var) | folds f′ into the variable's scale (no tape entry); a binary rule on two variables records one node with weights ∂f/∂x and ∂f/∂y |
//!
//! Because every rule is generic over `T: Float`, it runs unchanged on nested
//! numbers (`T = Dual<f64, M>`), which is how higher derivatives come for free.
//! A first-order type never reads `d2f`; the optimiser removes it.
//!
//! Each entry documents its expansion in one form, `f(a + h) ≈ f(a) + h f′(a) + h²/2 f″(a)`,
//! and every convention at a non-differentiable or singular point. These are
//! the conventions listed in the crate documentation (and the README's table
//! "Derivatives at special points"); every mode follows them because every mode
//! reads them from here.
//!
//! Conventions every entry follows, beside its own:
//!
//! - **±0 is one point**: sqrt, cbrt and the logarithms have at −0 the
//!   derivatives they have at +0 (the value keeps its IEEE sign).
//! - **Outside the real domain** (ln of a negative number, atanh beyond ±1,
//!   acosh below 1, …) the value is NaN and so are the derivatives, in every
//!   mode (the NaN depends on x, so a nested type's f″ is NaN as well).
//! - **At ±inf** a derivative is its limit where one exists (exp′(−inf) = 0,
//!   atan′(±inf) = atan″(±inf) = 0, tanh′(±inf) = 0), NaN where f oscillates
//!   (sin, cos, tan).
//! - **f′ and f″ are accurate to a few ulps relative to themselves**, not
//!   only to f: tanh′ = sech² x is not computed as 1 − tanh² x where that
//!   cancels, nor exp_m1′ as (eˣ − 1) + 1.
//! - **f′ is written so that its own derivative is accurate**: nested types
//!   get f″ by differentiating the expression of f′ (1 − x² is computed as
//!   1 − x·x near 0 and (1 − x)(1 + x) near ±1).
//!
//! The crate's verification suite checks every entry against finite
//! differences, closed forms, nested duals and the f64 program, in every mode.
//!
//! The entries are public so that users can add functions of their own: write
//! a function returning [`Derivs`] and apply it with
//! [`Number::chain`](crate::Number::chain).
//!
//! ```
//! use gradus::{Dual, Number, rules::Derivs};
//!
//! /// The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), with σ′ = σ(1 − σ), σ″ = σ′(1 − 2σ).
//! fn sigmoid<A: Number<Inner = f64>>(x: A) -> A {
//!     let s = 1.0 / (1.0 + (-x.re()).exp());
//!     let ds = s * (1.0 - s);
//!     x.chain(Derivs { f: s, df: ds, d2f: ds * (1.0 - 2.0 * s) })
//! }
//!
//! let y = sigmoid(Dual::<f64, 1>::variable(0.0, 0));
//! assert_eq!((y.value(), y.partials()[0]), (0.5, 0.25));
//! ```

use num_traits::Float;

mod arith;
mod exp_log;
mod hyperbolic;
mod piecewise;
mod powers;
mod trig;

pub use arith::*;
pub use exp_log::*;
pub use hyperbolic::*;
pub use piecewise::*;
pub use powers::*;
pub use trig::*;

/// Value, first and second derivative of a unary function at one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Derivs<T> {
    /// f(a)
    pub f: T,
    /// f′(a)
    pub df: T,
    /// f″(a)
    pub d2f: T,
}

impl<T: Float> Derivs<T> {
    /// f, f′ and f″.
    #[inline(always)]
    pub fn new(f: T, df: T, d2f: T) -> Self {
        Derivs { f, df, d2f }
    }

    /// A function that is linear here: f″ = 0.
    #[inline(always)]
    pub fn linear(f: T, df: T) -> Self {
        Derivs::new(f, df, T::zero())
    }
}

/// Value and first and second partial derivatives of a binary function f(x, y).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Derivs2<T> {
    /// f(x, y)
    pub f: T,
    /// ∂f/∂x
    pub dx: T,
    /// ∂f/∂y
    pub dy: T,
    /// ∂²f/∂x²
    pub dxx: T,
    /// ∂²f/∂x∂y
    pub dxy: T,
    /// ∂²f/∂y²
    pub dyy: T,
}

impl<T: Float> Derivs2<T> {
    /// f, its two first partials and its three second partials.
    #[inline(always)]
    pub fn new(f: T, [dx, dy]: [T; 2], [dxx, dxy, dyy]: [T; 3]) -> Self {
        Derivs2 {
            f,
            dx,
            dy,
            dxx,
            dxy,
            dyy,
        }
    }

    /// A function that is linear in both arguments here: every second partial 0.
    #[inline(always)]
    pub fn linear(f: T, dx: T, dy: T) -> Self {
        let z = T::zero();
        Derivs2::new(f, [dx, dy], [z, z, z])
    }

    /// A value with every derivative 0 (a point where the function is flat by convention).
    #[inline(always)]
    pub fn constant(f: T) -> Self {
        let z = T::zero();
        Derivs2::linear(f, z, z)
    }

    /// The rule in x alone (y held constant): f, ∂f/∂x, ∂²f/∂x².
    #[inline(always)]
    pub fn in_x(self) -> Derivs<T> {
        Derivs::new(self.f, self.dx, self.dxx)
    }

    /// The rule in y alone (x held constant): f, ∂f/∂y, ∂²f/∂y².
    #[inline(always)]
    pub fn in_y(self) -> Derivs<T> {
        Derivs::new(self.f, self.dy, self.dyy)
    }
}

/// How a rule's derivatives vanish, whatever the point: what a sparsity
/// tracer needs to know of a function without evaluating it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// f′ ≡ 0 (a step function: floor, round, signum, …): the result depends
    /// on no input, to first order.
    Constant,
    /// f″ ≡ 0 but f′ is not (x + c, x · c, |x|, fract, …): dependencies pass
    /// through, and no second derivative is created.
    Linear,
    /// Binary functions only: linear in each argument separately, with a
    /// nonzero ∂²f/∂x∂y (x · y).
    Bilinear,
    /// f″ may be nonzero (sin, exp, x / y, …).
    Nonlinear,
}

/// Calls a macro with every unary function of the table, once.
///
/// `for_each_unary!(callback)` or `for_each_unary!(path::to::callback [extra tokens])`
/// expands to `callback! { [extra tokens] name: Class, in_simba, … }`: the
/// bracket (empty without extra tokens) passes context, such as the type to
/// implement, through to the callback. Per function, `name`
/// is both the `num_traits::Float` method and the rule in this module,
/// `Class` names a [`Class`] variant (how its derivatives vanish), and
/// `in_simba` is `simba` when simba's `ComplexField` has a method of that
/// name and `plain` otherwise. Every generated part of gradus (the inherent
/// methods and `Float` impl of each number type, the nalgebra impls, the
/// sparsity tracers) and the tests iterate this list, so a function added to
/// it reaches all of them (and the compiler points at every impl that must
/// say what it does with it).
///
/// ```
/// macro_rules! names {
///     ([] $($name:ident: $class:ident, $simba:ident,)*) => { [$(stringify!($name)),*] };
/// }
/// let all = gradus::for_each_unary!(names);
/// assert!(all.contains(&"sin") && all.contains(&"floor"));
/// ```
#[macro_export]
macro_rules! for_each_unary {
    ($($callback:ident)::+ $([$($extra:tt)*])?) => {
        $($callback)::+! {
            [$($($extra)*)?]
            sqrt: Nonlinear, simba,
            cbrt: Nonlinear, simba,
            exp: Nonlinear, simba,
            exp2: Nonlinear, simba,
            exp_m1: Nonlinear, simba,
            ln: Nonlinear, simba,
            ln_1p: Nonlinear, simba,
            log2: Nonlinear, simba,
            log10: Nonlinear, simba,
            sin: Nonlinear, simba,
            cos: Nonlinear, simba,
            tan: Nonlinear, simba,
            asin: Nonlinear, simba,
            acos: Nonlinear, simba,
            atan: Nonlinear, simba,
            sinh: Nonlinear, simba,
            cosh: Nonlinear, simba,
            tanh: Nonlinear, simba,
            asinh: Nonlinear, simba,
            acosh: Nonlinear, simba,
            atanh: Nonlinear, simba,
            recip: Nonlinear, simba,
            abs: Linear, simba,
            fract: Linear, simba,
            to_degrees: Linear, plain,
            to_radians: Linear, plain,
            floor: Constant, simba,
            ceil: Constant, simba,
            round: Constant, simba,
            trunc: Constant, simba,
            signum: Constant, simba,
        }
    };
}

/// Calls a macro with every binary function of the table that is a
/// `num_traits::Float` method of two numbers (`powf` is not among them: its
/// exponent is often a constant, which takes the one-argument
/// [`powf_const`]).
///
/// The callback receives `[extra tokens]` then `name: Class,` per function
/// (see [`for_each_unary!`](crate::for_each_unary)).
///
/// ```
/// macro_rules! names {
///     ([] $($name:ident: $class:ident,)*) => { [$(stringify!($name)),*] };
/// }
/// assert_eq!(gradus::for_each_binary!(names), ["hypot", "atan2", "log"]);
/// ```
#[macro_export]
macro_rules! for_each_binary {
    ($($callback:ident)::+ $([$($extra:tt)*])?) => {
        $($callback)::+! {
            [$($($extra)*)?]
            hypot: Nonlinear,
            atan2: Nonlinear,
            log: Nonlinear,
        }
    };
}

/// Calls a macro with every arithmetic operator of the table.
///
/// The callback receives `[extra tokens]` (see
/// [`for_each_unary!`](crate::for_each_unary)), then, per operator,
/// `name (name_const, const_name) Trait method AssignTrait assign_method: [Class, Class, Class],`
/// where `name(x, y)` is the rule of two numbers, `name_const(x, c)` and
/// `const_name(c, x)` the rules with a constant on the right and on the left,
/// the traits are `core::ops`', and the classes are those of the three rules
/// in that order.
///
/// ```
/// macro_rules! names {
///     ([] $($name:ident ($rc:ident, $lc:ident) $Op:ident $op:ident $OpA:ident $opa:ident:
///         [$c0:ident, $c1:ident, $c2:ident],)*) => { [$(stringify!($Op)),*] };
/// }
/// assert_eq!(gradus::for_each_operator!(names), ["Add", "Sub", "Mul", "Div", "Rem"]);
/// ```
#[macro_export]
macro_rules! for_each_operator {
    ($($callback:ident)::+ $([$($extra:tt)*])?) => {
        $($callback)::+! {
            [$($($extra)*)?]
            add (add_const, const_add) Add add AddAssign add_assign: [Linear, Linear, Linear],
            sub (sub_const, const_sub) Sub sub SubAssign sub_assign: [Linear, Linear, Linear],
            mul (mul_const, const_mul) Mul mul MulAssign mul_assign: [Bilinear, Linear, Linear],
            div (div_const, const_div) Div div DivAssign div_assign: [Nonlinear, Linear, Nonlinear],
            rem (rem_const, const_rem) Rem rem RemAssign rem_assign: [Linear, Linear, Linear],
        }
    };
}

/// A constant of a rule: exact for every constant used in the table (small
/// integers, halves and the logarithms of 2 and 10 to the precision of `T`).
#[inline(always)]
fn lit<T: Float>(x: f64) -> T {
    T::from(x).unwrap_or_else(T::nan)
}

/// A NaN that depends on x: its own derivatives are NaN as well (x · NaN), so
/// a nested type's second derivative of a function outside its domain is NaN,
/// as a second-order type's f″ is, rather than the 0 a constant NaN would give.
#[inline(always)]
fn nan_of<T: Float>(x: T) -> T {
    x * T::nan()
}

/// The rule of a function at a point outside its real domain: the value
/// (NaN, from the plain function) and NaN derivatives.
#[inline(always)]
fn outside<T: Float>(f: T, x: T) -> Derivs<T> {
    let n = nan_of(x);
    Derivs::new(f, n, n)
}

/// `x + 0`: turns −0 into +0 and leaves every other number (and every
/// derivative) unchanged; the derivative of sqrt, cbrt and the logarithms at
/// −0 is then their derivative at +0, as documented.
#[inline(always)]
fn unsigned_zero<T: Float>(x: T) -> T {
    x + T::zero()
}

/// 1 − x², accurate for every x and with an accurate derivative: (1 − x)(1 + x)
/// near ±1, where 1 − x·x cancels; 1 − x·x near 0, where the derivative of
/// (1 − x)(1 + x), −(1 + x) + (1 − x), cancels (nested types differentiate
/// this expression to get f″).
#[inline(always)]
fn one_minus_sq<T: Float>(x: T) -> T {
    if x.abs() < lit(0.5) {
        T::one() - x * x
    } else {
        (T::one() - x) * (T::one() + x)
    }
}

/// A product whose factor `coef` is exactly zero is zero, even when the other
/// factor is infinite or NaN (the x⁰ and x¹ terms of a power at x = 0).
///
/// A coefficient whose *value* is 0 but which varies (the exponent of a
/// nested number) keeps the value 0 by the same convention, and the
/// derivative of the product rule, coef′ · x (see
/// [`partials::zero_times_nonfinite`](crate::partials::zero_times_nonfinite)).
#[inline(always)]
fn coef_times<T: Float>(coef: T, x: T) -> T {
    if coef.is_zero() {
        coef
    } else if coef == T::zero() && !x.is_finite() {
        crate::partials::zero_times_nonfinite(coef, x)
    } else {
        coef * x
    }
}
