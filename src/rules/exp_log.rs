//! Exponentials and logarithms.

use super::*;

/// eˣ: eˣ, eˣ (one `exp`).
#[inline(always)]
pub fn exp<T: Float>(x: T) -> Derivs<T> {
    let e = x.exp();
    Derivs::new(e, e, e)
}

/// 2ˣ: 2ˣ ln 2, 2ˣ ln² 2.
#[inline(always)]
pub fn exp2<T: Float>(x: T) -> Derivs<T> {
    let e = x.exp2();
    let l = lit::<T>(core::f64::consts::LN_2);
    let d = e * l;
    Derivs::new(e, d, d * l)
}

/// eˣ − 1: eˣ, eˣ.
///
/// Where eˣ − 1 > −½ (x > −ln 2), eˣ is recovered as (eˣ − 1) + 1 from the
/// one `exp_m1`; below, that sum cancels (it is exactly 0 for x < −38, where
/// eˣ is not), so eˣ is computed directly.
#[inline(always)]
pub fn exp_m1<T: Float>(x: T) -> Derivs<T> {
    let e = x.exp_m1();
    let d = if e > lit(-0.5) { e + T::one() } else { x.exp() };
    Derivs::new(e, d, d)
}

/// ln x: 1/x, −1/x². At ±0: −inf with derivative +inf (second −inf); below 0:
/// NaN value and derivatives.
#[inline(always)]
pub fn ln<T: Float>(x: T) -> Derivs<T> {
    if x < T::zero() {
        return outside(x.ln(), x);
    }
    let r = unsigned_zero(x).recip();
    Derivs::new(x.ln(), r, -(r * r))
}

/// ln(1 + x): 1/(1 + x), −1/(1 + x)². At −1: −inf with derivative +inf;
/// below −1: NaN value and derivatives.
#[inline(always)]
pub fn ln_1p<T: Float>(x: T) -> Derivs<T> {
    if x < -T::one() {
        return outside(x.ln_1p(), x);
    }
    let r = (T::one() + x).recip();
    Derivs::new(x.ln_1p(), r, -(r * r))
}

/// log_b x for a constant base, as for [`ln`]: ±0 gives +inf, below 0 NaN.
#[inline(always)]
fn log_scaled<T: Float>(f: T, x: T, ln_base: T) -> Derivs<T> {
    if x < T::zero() {
        return outside(f, x);
    }
    let x0 = unsigned_zero(x);
    let d = (x0 * ln_base).recip();
    Derivs::new(f, d, -d / x0)
}

/// log₂ x: 1/(x ln 2), −1/(x² ln 2).
#[inline(always)]
pub fn log2<T: Float>(x: T) -> Derivs<T> {
    log_scaled(x.log2(), x, lit(core::f64::consts::LN_2))
}

/// log₁₀ x: 1/(x ln 10), −1/(x² ln 10).
#[inline(always)]
pub fn log10<T: Float>(x: T) -> Derivs<T> {
    log_scaled(x.log10(), x, lit(core::f64::consts::LN_10))
}

/// log_b x = ln x / ln b: ∂x = 1/(x ln b), ∂b = −log_b x / (b ln b),
/// ∂²x = −1/(x² ln b), ∂x∂b = −1/(x b ln² b), ∂²b = log_b x (ln b + 2)/(b² ln² b).
///
/// As for [`ln`]: x = ±0 is the same point; x or b below 0 gives NaN value
/// and derivatives.
#[inline(always)]
pub fn log<T: Float>(x: T, b: T) -> Derivs2<T> {
    let f = x.log(b);
    if x < T::zero() || b < T::zero() {
        let n = nan_of(x + b);
        return Derivs2::new(f, [n, n], [n, n, n]);
    }
    let x = unsigned_zero(x);
    let lb = b.ln();
    let rx = (x * lb).recip();
    let rb = (b * lb).recip();
    Derivs2::new(
        f,
        [rx, -f * rb],
        [-rx / x, -rx * rb, f * (lb + lit(2.0)) * rb * rb],
    )
}
