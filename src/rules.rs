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
//! | `HyperDual` | adds hessian ← hessian · f′ + grad gradᵀ · f″ |
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

#[inline(always)]
fn c<T: Float>(x: f64) -> T {
    // Exact for every constant used below (small integers and halves).
    T::from(x).unwrap_or_else(T::nan)
}

#[inline(always)]
fn lin<T: Float>(f: T, df: T) -> Derivs<T> {
    Derivs {
        f,
        df,
        d2f: T::zero(),
    }
}

/// A product whose factor `coef` is exactly zero is zero, even when the other
/// factor is infinite (the x⁰ and x¹ terms of a power at x = 0).
#[inline(always)]
fn coef_times<T: Float>(coef: T, x: T) -> T {
    if coef.is_zero() { coef } else { coef * x }
}

// ---------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------

/// x + y: ∂x = ∂y = 1.
#[inline(always)]
pub fn add<T: Float>(x: T, y: T) -> Derivs2<T> {
    let (o, z) = (T::one(), T::zero());
    Derivs2 {
        f: x + y,
        dx: o,
        dy: o,
        dxx: z,
        dxy: z,
        dyy: z,
    }
}

/// x − y: ∂x = 1, ∂y = −1.
#[inline(always)]
pub fn sub<T: Float>(x: T, y: T) -> Derivs2<T> {
    let (o, z) = (T::one(), T::zero());
    Derivs2 {
        f: x - y,
        dx: o,
        dy: -o,
        dxx: z,
        dxy: z,
        dyy: z,
    }
}

/// x · y: ∂x = y, ∂y = x, ∂²/∂x∂y = 1.
#[inline(always)]
pub fn mul<T: Float>(x: T, y: T) -> Derivs2<T> {
    let z = T::zero();
    Derivs2 {
        f: x * y,
        dx: y,
        dy: x,
        dxx: z,
        dxy: T::one(),
        dyy: z,
    }
}

/// x / y: ∂x = 1/y, ∂y = −x/y², ∂²/∂x∂y = −1/y², ∂²/∂y² = 2x/y³.
///
/// The quotient itself is `x / y`, bitwise equal to the `f64` program; the
/// partials use one reciprocal, never one division per partial.
#[inline(always)]
pub fn div<T: Float>(x: T, y: T) -> Derivs2<T> {
    let f = x / y;
    let r = y.recip();
    let fr = f * r;
    Derivs2 {
        f,
        dx: r,
        dy: -fr,
        dxx: T::zero(),
        dxy: -(r * r),
        dyy: (fr + fr) * r,
    }
}

/// x % y (remainder with the sign of x, like `f64`'s `%`): ∂x = 1,
/// ∂y = −trunc(x / y). The jumps where x / y crosses an integer get the
/// derivative of the piece they land on.
#[inline(always)]
pub fn rem<T: Float>(x: T, y: T) -> Derivs2<T> {
    let z = T::zero();
    Derivs2 {
        f: x % y,
        dx: T::one(),
        dy: -(x / y).trunc(),
        dxx: z,
        dxy: z,
        dyy: z,
    }
}

/// −x.
#[inline(always)]
pub fn neg<T: Float>(x: T) -> Derivs<T> {
    lin(-x, -T::one())
}

/// x + c for a constant c.
#[inline(always)]
pub fn add_const<T: Float>(x: T, c: T) -> Derivs<T> {
    lin(x + c, T::one())
}

/// x − c for a constant c.
#[inline(always)]
pub fn sub_const<T: Float>(x: T, c: T) -> Derivs<T> {
    lin(x - c, T::one())
}

/// c − x for a constant c.
#[inline(always)]
pub fn const_sub<T: Float>(c: T, x: T) -> Derivs<T> {
    lin(c - x, -T::one())
}

/// x · c for a constant c.
#[inline(always)]
pub fn mul_const<T: Float>(x: T, c: T) -> Derivs<T> {
    lin(x * c, c)
}

/// x / c for a constant c: derivative 1/c (one reciprocal per call).
#[inline(always)]
pub fn div_const<T: Float>(x: T, c: T) -> Derivs<T> {
    lin(x / c, c.recip())
}

/// c / x for a constant c: −c/x², 2c/x³.
#[inline(always)]
pub fn const_div<T: Float>(c: T, x: T) -> Derivs<T> {
    let f = c / x;
    let r = x.recip();
    let d = -(f * r);
    Derivs {
        f,
        df: d,
        d2f: -(d + d) * r,
    }
}

/// x % c for a constant c: derivative 1.
#[inline(always)]
pub fn rem_const<T: Float>(x: T, c: T) -> Derivs<T> {
    lin(x % c, T::one())
}

/// c % x for a constant c: derivative −trunc(c / x).
#[inline(always)]
pub fn const_rem<T: Float>(c: T, x: T) -> Derivs<T> {
    lin(c % x, -(c / x).trunc())
}

// ---------------------------------------------------------------------------
// Powers and roots
// ---------------------------------------------------------------------------

/// 1/x: −1/x², 2/x³. At x = 0 the value is ±inf and the derivatives −inf, ±inf.
#[inline(always)]
pub fn recip<T: Float>(x: T) -> Derivs<T> {
    let r = x.recip();
    let r2 = r * r;
    Derivs {
        f: r,
        df: -r2,
        d2f: (r2 + r2) * r,
    }
}

/// √x: 1/(2√x), −1/(4 x^{3/2}).
///
/// Convention: at x = 0 the derivative is +inf and the second derivative −inf
/// (the one-sided limits); a zero partial times that +inf stays zero.
#[inline(always)]
pub fn sqrt<T: Float>(x: T) -> Derivs<T> {
    let s = x.sqrt();
    let d = (s + s).recip();
    Derivs {
        f: s,
        df: d,
        d2f: -(d * d * d) * c(2.0),
    }
}

/// ∛x: 1/(3 ∛x²), −2/(9 ∛x⁵). At x = 0: +inf and −inf (limits from the right).
#[inline(always)]
pub fn cbrt<T: Float>(x: T) -> Derivs<T> {
    let r = x.cbrt();
    let d = (c::<T>(3.0) * r * r).recip();
    Derivs {
        f: r,
        df: d,
        d2f: -(d * d) * c(2.0) / r,
    }
}

/// xⁿ for an integer n: n xⁿ⁻¹, n(n−1) xⁿ⁻².
///
/// Exact at integer exponents and at x = 0: the n = 0 and n = 1 terms whose
/// coefficient vanishes are 0, never 0 · inf = NaN. The value is `x.powi(n)`
/// of the inner type, bitwise as in the plain program.
#[inline(always)]
pub fn powi<T: Float>(x: T, n: i32) -> Derivs<T> {
    let nf: T = T::from(n).unwrap_or_else(T::nan);
    let n1 = n.checked_sub(1);
    let n2 = n.checked_sub(2);
    let pm1 = match n1 {
        Some(k) => x.powi(k),
        None => x.powf(nf - T::one()),
    };
    let pm2 = match n2 {
        Some(k) => x.powi(k),
        None => x.powf(nf - c(2.0)),
    };
    Derivs {
        f: x.powi(n),
        df: coef_times(nf, pm1),
        d2f: coef_times(nf * (nf - T::one()), pm2),
    }
}

/// xᵖ, xᵖ⁻¹ and xᵖ⁻², sharing one `powf` away from x = 0 (as f/x and f/x²).
#[inline(always)]
fn pow_parts<T: Float>(x: T, p: T) -> (T, T, T) {
    let f = x.powf(p);
    let pm1 = if x.is_zero() || !f.is_finite() || f.is_zero() {
        x.powf(p - T::one())
    } else {
        f / x
    };
    let pm2 = if x.is_zero() || !pm1.is_finite() || pm1.is_zero() {
        x.powf(p - c(2.0))
    } else {
        pm1 / x
    };
    (f, pm1, pm2)
}

/// xᵖ for a constant real p: p xᵖ⁻¹, p(p−1) xᵖ⁻².
///
/// One `powf` per call away from x = 0 (the derivatives reuse it as f/x).
/// Convention at x = 0 (as for [`powi`]): a term whose coefficient is zero is 0,
/// so `0.powf(1.5)` = 0 with derivative 0 and `0.powf(0.5)` = 0 with +inf.
#[inline(always)]
pub fn powf_const<T: Float>(x: T, p: T) -> Derivs<T> {
    let (f, pm1, pm2) = pow_parts(x, p);
    Derivs {
        f,
        df: coef_times(p, pm1),
        d2f: coef_times(p * (p - T::one()), pm2),
    }
}

/// xʸ with both arguments varying: ∂x = y xʸ⁻¹, ∂y = xʸ ln x,
/// ∂²x = y(y−1) xʸ⁻², ∂x∂y = xʸ⁻¹ (1 + y ln x), ∂²y = xʸ ln² x.
///
/// Conventions: the x-partials follow [`powf_const`]; where xʸ = 0 (x = 0,
/// y > 0) the y-partials are 0, since 0ʸ is constant in y. For x < 0 the
/// y-partials are NaN (xʸ is not real nearby), but a constant exponent keeps
/// the zero-partial rule: its NaN never reaches a result.
#[inline(always)]
pub fn powf<T: Float>(x: T, y: T) -> Derivs2<T> {
    let (f, pm1, pm2) = pow_parts(x, y);
    let dx = coef_times(y, pm1);
    let dxx = coef_times(y * (y - T::one()), pm2);
    let (dy, dxy, dyy) = if f.is_zero() {
        (
            f,
            if pm1.is_zero() {
                pm1
            } else {
                pm1 * (T::one() + y * x.ln())
            },
            f,
        )
    } else {
        let l = x.ln();
        (f * l, pm1 * (T::one() + y * l), f * l * l)
    };
    Derivs2 {
        f,
        dx,
        dy,
        dxx,
        dxy,
        dyy,
    }
}

// ---------------------------------------------------------------------------
// Exponentials and logarithms
// ---------------------------------------------------------------------------

/// eˣ: eˣ, eˣ (one `exp`).
#[inline(always)]
pub fn exp<T: Float>(x: T) -> Derivs<T> {
    let e = x.exp();
    Derivs {
        f: e,
        df: e,
        d2f: e,
    }
}

/// 2ˣ: 2ˣ ln 2, 2ˣ ln² 2.
#[inline(always)]
pub fn exp2<T: Float>(x: T) -> Derivs<T> {
    let e = x.exp2();
    let l = c::<T>(core::f64::consts::LN_2);
    let d = e * l;
    Derivs {
        f: e,
        df: d,
        d2f: d * l,
    }
}

/// eˣ − 1: eˣ, eˣ (one `exp_m1`; eˣ is recovered as (eˣ − 1) + 1).
#[inline(always)]
pub fn exp_m1<T: Float>(x: T) -> Derivs<T> {
    let e = x.exp_m1();
    let d = e + T::one();
    Derivs {
        f: e,
        df: d,
        d2f: d,
    }
}

/// ln x: 1/x, −1/x². At 0: −inf with derivative +inf; below 0: NaN.
#[inline(always)]
pub fn ln<T: Float>(x: T) -> Derivs<T> {
    let r = x.recip();
    Derivs {
        f: x.ln(),
        df: r,
        d2f: -(r * r),
    }
}

/// ln(1 + x): 1/(1 + x), −1/(1 + x)².
#[inline(always)]
pub fn ln_1p<T: Float>(x: T) -> Derivs<T> {
    let r = (T::one() + x).recip();
    Derivs {
        f: x.ln_1p(),
        df: r,
        d2f: -(r * r),
    }
}

#[inline(always)]
fn log_scaled<T: Float>(f: T, x: T, ln_base: T) -> Derivs<T> {
    let d = (x * ln_base).recip();
    Derivs {
        f,
        df: d,
        d2f: -d / x,
    }
}

/// log₂ x: 1/(x ln 2), −1/(x² ln 2).
#[inline(always)]
pub fn log2<T: Float>(x: T) -> Derivs<T> {
    log_scaled(x.log2(), x, c(core::f64::consts::LN_2))
}

/// log₁₀ x: 1/(x ln 10), −1/(x² ln 10).
#[inline(always)]
pub fn log10<T: Float>(x: T) -> Derivs<T> {
    log_scaled(x.log10(), x, c(core::f64::consts::LN_10))
}

/// log_b x = ln x / ln b: ∂x = 1/(x ln b), ∂b = −log_b x / (b ln b),
/// ∂²x = −1/(x² ln b), ∂x∂b = −1/(x b ln² b), ∂²b = log_b x (ln b + 2)/(b² ln² b).
#[inline(always)]
pub fn log<T: Float>(x: T, b: T) -> Derivs2<T> {
    let f = x.log(b);
    let lb = b.ln();
    let rx = (x * lb).recip();
    let rb = (b * lb).recip();
    Derivs2 {
        f,
        dx: rx,
        dy: -f * rb,
        dxx: -rx / x,
        dxy: -rx * rb,
        dyy: f * (lb + c(2.0)) * rb * rb,
    }
}

// ---------------------------------------------------------------------------
// Trigonometric
// ---------------------------------------------------------------------------

/// sin x: cos x, −sin x (one `sin_cos`).
#[inline(always)]
pub fn sin<T: Float>(x: T) -> Derivs<T> {
    let (s, co) = x.sin_cos();
    Derivs {
        f: s,
        df: co,
        d2f: -s,
    }
}

/// cos x: −sin x, −cos x (one `sin_cos`).
#[inline(always)]
pub fn cos<T: Float>(x: T) -> Derivs<T> {
    let (s, co) = x.sin_cos();
    Derivs {
        f: co,
        df: -s,
        d2f: -co,
    }
}

/// sin x and cos x together from one `sin_cos`, for `Float::sin_cos`.
#[inline(always)]
pub fn sin_cos<T: Float>(x: T) -> (Derivs<T>, Derivs<T>) {
    let (s, co) = x.sin_cos();
    (
        Derivs {
            f: s,
            df: co,
            d2f: -s,
        },
        Derivs {
            f: co,
            df: -s,
            d2f: -co,
        },
    )
}

/// tan x: 1 + tan² x, 2 tan x (1 + tan² x).
#[inline(always)]
pub fn tan<T: Float>(x: T) -> Derivs<T> {
    let t = x.tan();
    let d = T::one() + t * t;
    Derivs {
        f: t,
        df: d,
        d2f: (t + t) * d,
    }
}

/// asin x: 1/√(1 − x²), x/(1 − x²)^{3/2}. At x = ±1 the derivative is +inf.
#[inline(always)]
pub fn asin<T: Float>(x: T) -> Derivs<T> {
    let d = ((T::one() - x) * (T::one() + x)).sqrt().recip();
    Derivs {
        f: x.asin(),
        df: d,
        d2f: x * d * d * d,
    }
}

/// acos x: −1/√(1 − x²), −x/(1 − x²)^{3/2}. At x = ±1 the derivative is −inf
/// (a zero tangent through `acos(1)` stays zero).
#[inline(always)]
pub fn acos<T: Float>(x: T) -> Derivs<T> {
    let d = ((T::one() - x) * (T::one() + x)).sqrt().recip();
    Derivs {
        f: x.acos(),
        df: -d,
        d2f: -(x * d * d * d),
    }
}

/// atan x: 1/(1 + x²), −2x/(1 + x²)².
#[inline(always)]
pub fn atan<T: Float>(x: T) -> Derivs<T> {
    let d = (T::one() + x * x).recip();
    Derivs {
        f: x.atan(),
        df: d,
        d2f: -(x + x) * d * d,
    }
}

/// atan2(y, x), the angle of the point (x, y): ∂y = x/r², ∂x = −y/r²,
/// ∂²y = −2xy/r⁴, ∂y∂x = (y² − x²)/r⁴, ∂²x = 2xy/r⁴, with r² = x² + y².
///
/// Computed with `hypot`, so never as atan(y/x): x = 0 is an ordinary point.
/// Convention: at the origin, where the angle jumps, every derivative is 0.
/// (Argument order as in `Float::atan2(self = y, other = x)`: `dx` of the
/// result is ∂/∂y.)
#[inline(always)]
pub fn atan2<T: Float>(y: T, x: T) -> Derivs2<T> {
    let f = y.atan2(x);
    let h = x.hypot(y);
    if h.is_zero() {
        let z = T::zero();
        return Derivs2 {
            f,
            dx: z,
            dy: z,
            dxx: z,
            dxy: z,
            dyy: z,
        };
    }
    let (u, v) = (x / h, y / h);
    let r = h.recip();
    let r2 = r * r;
    let uv2 = (u * v + u * v) * r2;
    Derivs2 {
        f,
        dx: u * r,
        dy: -v * r,
        dxx: -uv2,
        dxy: (v * v - u * u) * r2,
        dyy: uv2,
    }
}

/// hypot(x, y) = √(x² + y²): ∂x = x/h, ∂y = y/h, ∂²x = y²/h³, ∂x∂y = −xy/h³, ∂²y = x²/h³.
///
/// Convention: at the origin the derivatives are 0, as for `abs` at 0 (so a
/// Euclidean norm of a zero vector has a zero gradient, not NaN).
#[inline(always)]
pub fn hypot<T: Float>(x: T, y: T) -> Derivs2<T> {
    let h = x.hypot(y);
    if h.is_zero() {
        let z = T::zero();
        return Derivs2 {
            f: h,
            dx: z,
            dy: z,
            dxx: z,
            dxy: z,
            dyy: z,
        };
    }
    let (u, v) = (x / h, y / h);
    let r = h.recip();
    Derivs2 {
        f: h,
        dx: u,
        dy: v,
        dxx: v * v * r,
        dxy: -(u * v) * r,
        dyy: u * u * r,
    }
}

// ---------------------------------------------------------------------------
// Hyperbolic
// ---------------------------------------------------------------------------

/// sinh x: cosh x, sinh x.
#[inline(always)]
pub fn sinh<T: Float>(x: T) -> Derivs<T> {
    let s = x.sinh();
    Derivs {
        f: s,
        df: x.cosh(),
        d2f: s,
    }
}

/// cosh x: sinh x, cosh x.
#[inline(always)]
pub fn cosh<T: Float>(x: T) -> Derivs<T> {
    let co = x.cosh();
    Derivs {
        f: co,
        df: x.sinh(),
        d2f: co,
    }
}

/// tanh x: 1 − tanh² x, −2 tanh x (1 − tanh² x).
#[inline(always)]
pub fn tanh<T: Float>(x: T) -> Derivs<T> {
    let t = x.tanh();
    let d = T::one() - t * t;
    Derivs {
        f: t,
        df: d,
        d2f: -(t + t) * d,
    }
}

/// asinh x: 1/√(x² + 1), −x/(x² + 1)^{3/2} (via `hypot`, no overflow).
#[inline(always)]
pub fn asinh<T: Float>(x: T) -> Derivs<T> {
    let d = x.hypot(T::one()).recip();
    Derivs {
        f: x.asinh(),
        df: d,
        d2f: -(x * d * d * d),
    }
}

/// acosh x: 1/√(x² − 1), −x/(x² − 1)^{3/2}. At x = 1 the derivative is +inf.
#[inline(always)]
pub fn acosh<T: Float>(x: T) -> Derivs<T> {
    let d = ((x - T::one()) * (x + T::one())).sqrt().recip();
    Derivs {
        f: x.acosh(),
        df: d,
        d2f: -(x * d * d * d),
    }
}

/// atanh x: 1/(1 − x²), 2x/(1 − x²)². At x = ±1 the derivative is +inf.
#[inline(always)]
pub fn atanh<T: Float>(x: T) -> Derivs<T> {
    let d = ((T::one() - x) * (T::one() + x)).recip();
    Derivs {
        f: x.atanh(),
        df: d,
        d2f: (x + x) * d * d,
    }
}

// ---------------------------------------------------------------------------
// Piecewise and sign functions
// ---------------------------------------------------------------------------

/// |x|: sign of x, 0.
///
/// Convention: `abs'(0) = 0` (for +0 and −0), the midpoint of the
/// subgradient [−1, 1]; so ‖x‖ at x = 0 has a zero, not NaN, derivative. NaN
/// in, NaN out.
#[inline(always)]
pub fn abs<T: Float>(x: T) -> Derivs<T> {
    let d = if x > T::zero() {
        T::one()
    } else if x < T::zero() {
        -T::one()
    } else if x.is_zero() {
        T::zero()
    } else {
        x
    };
    lin(x.abs(), d)
}

/// A step function of x (`floor`, `ceil`, `round`, `trunc`, `signum`):
/// derivative 0 everywhere, including at the jumps.
#[inline(always)]
pub fn step<T: Float>(f: T) -> Derivs<T> {
    lin(f, T::zero())
}

/// x − trunc(x) (`fract`): derivative 1 everywhere, including at the jumps.
#[inline(always)]
pub fn fract<T: Float>(x: T) -> Derivs<T> {
    lin(x.fract(), T::one())
}

/// x in degrees: 180/π.
#[inline(always)]
pub fn to_degrees<T: Float>(x: T) -> Derivs<T> {
    lin(x.to_degrees(), T::one().to_degrees())
}

/// x in radians: π/180.
#[inline(always)]
pub fn to_radians<T: Float>(x: T) -> Derivs<T> {
    lin(x.to_radians(), T::one().to_radians())
}

/// The branch rule for `max`: which argument `x.max(y)` returns.
///
/// `max`, `min` and `clamp` return one of their arguments *with its
/// derivatives*; they never mix them. Ties return the first argument (`self`),
/// so `x.max(x)` has the derivative of x, and `a.max(b)` at a = b has a's.
/// A NaN argument is ignored, as in IEEE-754 `maxNum`.
#[inline(always)]
pub fn max_takes_first<T: Float>(x: T, y: T) -> bool {
    !(y > x || x.is_nan())
}

/// The branch rule for `min` (see [`max_takes_first`]): ties return the first argument.
#[inline(always)]
pub fn min_takes_first<T: Float>(x: T, y: T) -> bool {
    !(y < x || x.is_nan())
}

/// The branch rule for `clamp(x, lo, hi)`: 0 returns `lo`, 2 returns `hi`,
/// 1 returns x itself. At x = lo or x = hi the result is x (x's derivative);
/// a NaN x is returned unchanged.
#[inline(always)]
pub fn clamp_branch<T: Float>(x: T, lo: T, hi: T) -> u8 {
    if x < lo {
        0
    } else if x > hi {
        2
    } else {
        1
    }
}
