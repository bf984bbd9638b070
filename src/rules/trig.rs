//! Trigonometric functions.

use super::*;

/// sin x: cos x, −sin x (one `sin_cos`).
#[inline(always)]
pub fn sin<T: Float>(x: T) -> Derivs<T> {
    let (s, co) = x.sin_cos();
    Derivs::new(s, co, -s)
}

/// cos x: −sin x, −cos x (one `sin_cos`).
#[inline(always)]
pub fn cos<T: Float>(x: T) -> Derivs<T> {
    let (s, co) = x.sin_cos();
    Derivs::new(co, -s, -co)
}

/// sin x and cos x together from one `sin_cos`, for `Float::sin_cos`.
#[inline(always)]
pub fn sin_cos<T: Float>(x: T) -> (Derivs<T>, Derivs<T>) {
    let (s, co) = x.sin_cos();
    (Derivs::new(s, co, -s), Derivs::new(co, -s, -co))
}

/// tan x: 1 + tan² x, 2 tan x (1 + tan² x).
#[inline(always)]
pub fn tan<T: Float>(x: T) -> Derivs<T> {
    let t = x.tan();
    let d = T::one() + t * t;
    Derivs::new(t, d, (t + t) * d)
}

/// asin x: 1/√(1 − x²), x/(1 − x²)^{3/2}. At x = ±1 the derivative is +inf.
#[inline(always)]
pub fn asin<T: Float>(x: T) -> Derivs<T> {
    let d = one_minus_sq(x).sqrt().recip();
    Derivs::new(x.asin(), d, x * d * d * d)
}

/// acos x: −1/√(1 − x²), −x/(1 − x²)^{3/2}. At x = ±1 the derivative is −inf
/// (a zero tangent through `acos(1)` stays zero).
#[inline(always)]
pub fn acos<T: Float>(x: T) -> Derivs<T> {
    let d = one_minus_sq(x).sqrt().recip();
    Derivs::new(x.acos(), -d, -(x * d * d * d))
}

/// atan x: 1/(1 + x²), −2x/(1 + x²)². At ±inf: 0 and 0 (the limits; the
/// formula would give inf · 0).
#[inline(always)]
pub fn atan<T: Float>(x: T) -> Derivs<T> {
    let d = (T::one() + x * x).recip();
    // x·d first: 2x overflows at |x| > MAX/2, where x·d is 1/x
    let xd = x * d;
    let d2 = if x.is_infinite() {
        T::zero()
    } else {
        -(xd + xd) * d
    };
    Derivs::new(x.atan(), d, d2)
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
        return Derivs2::constant(f);
    }
    let (u, v) = (x / h, y / h);
    let r = h.recip();
    let r2 = r * r;
    let uv2 = (u * v + u * v) * r2;
    Derivs2::new(f, [u * r, -v * r], [-uv2, (v * v - u * u) * r2, uv2])
}

/// hypot(x, y) = √(x² + y²): ∂x = x/h, ∂y = y/h, ∂²x = y²/h³, ∂x∂y = −xy/h³, ∂²y = x²/h³.
///
/// Convention: at the origin the derivatives are 0, as for `abs` at 0 (so a
/// Euclidean norm of a zero vector has a zero gradient, not NaN).
#[inline(always)]
pub fn hypot<T: Float>(x: T, y: T) -> Derivs2<T> {
    let h = x.hypot(y);
    if h.is_zero() {
        return Derivs2::constant(h);
    }
    let (u, v) = (x / h, y / h);
    let r = h.recip();
    Derivs2::new(h, [u, v], [v * v * r, -(u * v) * r, u * u * r])
}
