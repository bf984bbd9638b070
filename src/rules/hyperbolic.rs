//! Hyperbolic functions.

use super::*;

/// sinh x: cosh x, sinh x.
#[inline(always)]
pub fn sinh<T: Float>(x: T) -> Derivs<T> {
    let s = x.sinh();
    Derivs::new(s, x.cosh(), s)
}

/// cosh x: sinh x, cosh x.
#[inline(always)]
pub fn cosh<T: Float>(x: T) -> Derivs<T> {
    let co = x.cosh();
    Derivs::new(co, x.sinh(), co)
}

/// tanh x: 1 − tanh² x, −2 tanh x (1 − tanh² x).
///
/// 1 − tanh² x cancels as |tanh x| → 1 (it is exactly 0 for |x| > 19, where
/// sech² x is not), so for |tanh x| ≥ ½ the derivative is computed as
/// sech² x = 4e / (1 + e)² with e = e^{−2|x|}, accurate to a few ulps.
#[inline(always)]
pub fn tanh<T: Float>(x: T) -> Derivs<T> {
    let t = x.tanh();
    let d = if t.abs() < lit(0.5) {
        T::one() - t * t
    } else {
        let a = x.abs();
        let e = (-(a + a)).exp();
        let s = T::one() + e;
        lit::<T>(4.0) * e / (s * s)
    };
    Derivs::new(t, d, -(t + t) * d)
}

/// asinh x: 1/√(x² + 1), −x/(x² + 1)^{3/2} (via `hypot`, no overflow). At
/// ±inf: 0 and 0 (the limits).
#[inline(always)]
pub fn asinh<T: Float>(x: T) -> Derivs<T> {
    inverse_root_rule(x.asinh(), x, x.hypot(T::one()).recip())
}

/// acosh x: 1/√(x² − 1), −x/(x² − 1)^{3/2}. At x = 1 the derivative is +inf
/// (second −inf); at +inf 0 and 0; below 1: NaN value and derivatives.
#[inline(always)]
pub fn acosh<T: Float>(x: T) -> Derivs<T> {
    if x < T::one() {
        return outside(x.acosh(), x);
    }
    inverse_root_rule(
        x.acosh(),
        x,
        ((x - T::one()) * (x + T::one())).sqrt().recip(),
    )
}

/// The rule of asinh and acosh, whose derivative is d = 1/√(x² ± 1): f″ =
/// −x d³, and 0 at ±inf (the limit, where the formula gives inf · 0).
#[inline(always)]
fn inverse_root_rule<T: Float>(f: T, x: T, d: T) -> Derivs<T> {
    let d2 = if x.is_infinite() {
        T::zero()
    } else {
        -(x * d * d * d)
    };
    Derivs::new(f, d, d2)
}

/// atanh x: 1/(1 − x²), 2x/(1 − x²)². At x = ±1 the derivative is +inf
/// (second ±inf); for |x| > 1: NaN value and derivatives.
#[inline(always)]
pub fn atanh<T: Float>(x: T) -> Derivs<T> {
    if x.abs() > T::one() {
        return outside(x.atanh(), x);
    }
    let d = one_minus_sq(x).recip();
    Derivs::new(x.atanh(), d, (x + x) * d * d)
}
