//! Powers and roots.

use super::*;

/// 1/x: −1/x², 2/x³. At x = 0 the value is ±inf and the derivatives −inf, ±inf.
#[inline(always)]
pub fn recip<T: Float>(x: T) -> Derivs<T> {
    let r = x.recip();
    let r2 = r * r;
    Derivs::new(r, -r2, (r2 + r2) * r)
}

/// √x: 1/(2√x), −1/(4 x^{3/2}).
///
/// Convention: at x = ±0 the derivative is +inf and the second derivative −inf
/// (the one-sided limits); a zero partial times that +inf stays zero.
#[inline(always)]
pub fn sqrt<T: Float>(x: T) -> Derivs<T> {
    let s = x.sqrt();
    let s0 = unsigned_zero(s); // sqrt(−0) = −0 must not give −inf
    let d = (s0 + s0).recip();
    Derivs::new(s, d, -(d * d * d) * lit(2.0))
}

/// ∛x: 1/(3 ∛x²), −2/(9 ∛x⁵). At x = ±0: +inf and −inf (limits from the right).
///
/// The derivative is written (1/∛x)² / 3, not 1/(3 ∛x · ∛x): at 0 the
/// product ∛x · ∛x has the derivative 2 ∛x · (∛x)′ = 0 · inf, which the
/// zero-partial rule makes 0, so a nested type would see f″(0) = 0.
#[inline(always)]
pub fn cbrt<T: Float>(x: T) -> Derivs<T> {
    let r = x.cbrt();
    let q = unsigned_zero(r).recip();
    let d = q * q / lit(3.0);
    Derivs::new(r, d, -(d * d) * lit(2.0) * q)
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
        None => x.powf(nf - lit(2.0)),
    };
    Derivs::new(
        x.powi(n),
        coef_times(nf, pm1),
        coef_times(nf * (nf - T::one()), pm2),
    )
}

/// xᵖ, xᵖ⁻¹ and xᵖ⁻², sharing one `powf` (as f/x and f/x²) where that is
/// exact to rounding: x and the dividend normal numbers. At x = 0, and where
/// xᵖ underflows to 0 or a subnormal (whose few digits f/x would magnify) or
/// overflows, each power is computed on its own.
///
/// The tests are on values (`is_normal` reads the value): a nested number at
/// x = 0 has nonzero derivative components, so `is_zero` would be false there.
///
/// Both quotients must be normal: the derivative of f/x (which nested types
/// compute to get f″) has terms of the size of xᵖ⁻², so an overflowing xᵖ⁻²
/// would turn it into inf − inf. And p must be at least ¼ away from 1: that
/// derivative is p xᵖ⁻² − xᵖ⁻², which loses a factor p/(p − 1) of relative
/// accuracy (at p = 1.0004, three digits).
#[inline(always)]
fn pow_parts<T: Float>(x: T, p: T) -> (T, T, T) {
    let f = x.powf(p);
    if (p - T::one()).abs() >= lit(0.25) && x.is_normal() && f.is_normal() {
        let pm1 = f / x;
        let pm2 = pm1 / x;
        if pm1.is_normal() && pm2.is_normal() {
            return (f, pm1, pm2);
        }
    }
    (f, x.powf(p - T::one()), x.powf(p - lit(2.0)))
}

/// xᵖ for a constant real p: p xᵖ⁻¹, p(p−1) xᵖ⁻².
///
/// One `powf` per call away from x = 0 (the derivatives reuse it as f/x).
/// Convention at x = 0 (as for [`powi`]): a term whose coefficient is zero is 0,
/// so `0.powf(1.5)` = 0 with derivative 0 and `0.powf(0.5)` = 0 with +inf.
#[inline(always)]
pub fn powf_const<T: Float>(x: T, p: T) -> Derivs<T> {
    let (f, pm1, pm2) = pow_parts(x, p);
    // p · ((p − 1) · xᵖ⁻²), not (p(p − 1)) · xᵖ⁻²: for a huge p the
    // coefficient overflows where the power underflows (inf · 0)
    let d2 = coef_times(p, coef_times(p - T::one(), pm2));
    Derivs::new(f, coef_times(p, pm1), d2)
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
    let dxx = coef_times(y, coef_times(y - T::one(), pm2));
    let zero = T::zero();
    let (dy, dxy, dyy) = if f == zero {
        // 0ʸ is constant in y (tested on the value, so also for nested numbers)
        (
            zero,
            if pm1 == zero {
                zero
            } else {
                pm1 * (T::one() + coef_times(y, x.ln()))
            },
            zero,
        )
    } else {
        let l = x.ln();
        (f * l, pm1 * (T::one() + coef_times(y, l)), f * l * l)
    };
    Derivs2::new(f, [dx, dy], [dxx, dxy, dyy])
}
