//! The zero-partial rule, once for every number type: a derivative component
//! that is exactly zero stays zero, whatever it is multiplied by.
//!
//! Every chain rule multiplies derivative components by local derivatives
//! (weights) from the [table](crate::rules). Plain IEEE arithmetic makes
//! 0 · inf = NaN, so an input whose derivative component is 0 would be
//! poisoned by another input's singularity (∇ ln(0·x₁ + x₂) at (1, 0) would
//! be (NaN, inf) instead of (0, inf)). Here a product with an exactly zero
//! factor is zero. The common case, a finite non-zero weight, is the plain
//! multiply (a zero component times a finite weight is already zero); the
//! rest is decided once per operation, out of line.
//!
//! | helper | used by |
//! |---|---|
//! | [`scale`], [`combine`] (a whole `[T; N]`) | `Dual` |
//! | [`scale_slice`], [`combine_slice`] (a window or a row) | `HvpDual` |
//! | [`plain_weight`], [`zero_partial_mul`] | `HyperDual` (entry by entry), the reverse sweep, `Var` |
//!
//! "Exactly zero" means [`Zero::is_zero`](num_traits::Zero::is_zero): every
//! component of a nested number zero, not only its value. A nested factor
//! whose value is 0 but whose own derivatives are not (a first derivative
//! that vanishes at this point but varies) keeps the value 0 and gets the
//! derivative of the product rule ([`zero_times_nonfinite`]), so nested types
//! agree with first-order ones.
//!
//! Built with `--cfg gradus_unguarded` every weight counts as plain: the
//! rule is off. That build exists only to measure what the rule costs
//! (`benches/forward.rs` says how); the rule's tests fail in it.

use num_traits::Float;

/// A weight whose value is finite and non-zero needs no special care: for
/// nested numbers the inner products apply the rule to their own parts.
/// Value comparisons only, so this costs O(1) whatever the nesting.
#[inline(always)]
pub(crate) fn plain_weight<T: Float>(w: T) -> bool {
    cfg!(gradus_unguarded) || (w.is_finite() && w != T::zero())
}

/// `t · w` under the zero-partial rule at every level of nesting.
///
/// An exactly-zero factor gives zero. A nested factor whose *value* is 0 but
/// whose own derivatives are not, times a non-finite other factor, keeps the
/// value 0, as a first-order type's product does, and gets the derivative of
/// the product rule, z′ · v ([`zero_times_nonfinite`]). For a plain float a
/// zero value *is* an exact zero, so the nested branches are dead and
/// compile away.
#[inline(always)]
pub(crate) fn zero_partial_mul<T: Float>(t: T, w: T) -> T {
    if t.is_zero() || w.is_zero() {
        return T::zero();
    }
    let zero = T::zero();
    if t == zero && !w.is_finite() {
        return zero_times_nonfinite(t, w);
    }
    if w == zero && !t.is_finite() {
        return zero_times_nonfinite(w, t);
    }
    t * w
}

/// `z · v` for a `z` whose value is 0 (but whose derivative parts, for a
/// nested number, need not be) and a non-finite `v`: the value 0 (the
/// zero-partial rule) and the derivative of the product rule, z′ · v.
///
/// Only float operations are used, so it works at every nesting depth:
/// ±MAX · 2 overflows to ±inf in the derivative part while the value
/// 0 · MAX · 2 stays 0; for a NaN `v`, the difference of two such infinities
/// gives NaN derivatives with the value 0. For a plain float the result is 0.
#[cold]
#[inline(never)]
pub(crate) fn zero_times_nonfinite<T: Float>(z: T, v: T) -> T {
    let two = T::one() + T::one();
    if v.is_nan() {
        let big = z * T::max_value() * two;
        #[allow(clippy::eq_op)] // value 0 − 0 = 0, derivatives inf − inf = NaN: intended
        let nan_derivs = big - big;
        nan_derivs
    } else {
        z * (v.signum() * T::max_value()) * two
    }
}

/// Multiplies partials in place by a local derivative `w` under the
/// zero-partial rule, the special weights out of line. Works on slices, so
/// a number can apply it to a window of its components.
#[inline(always)]
pub(crate) fn scale_slice<T: Float>(p: &mut [T], w: T) {
    if plain_weight(w) {
        p.iter_mut().for_each(|t| *t = *t * w);
    } else {
        scale_slice_special(p, w);
    }
}

/// `a ← a·wa + b·wb` elementwise (slices of equal length), under the
/// zero-partial rule, with the special weights out of line.
#[inline(always)]
pub(crate) fn combine_slice<T: Float>(a: &mut [T], wa: T, b: &[T], wb: T) {
    if plain_weight(wa) && plain_weight(wb) {
        a.iter_mut()
            .zip(b)
            .for_each(|(x, &y)| *x = *x * wa + y * wb);
    } else {
        combine_slice_special(a, wa, b, wb);
    }
}

/// [`scale_slice`] for a whole array. The special case goes out of line *by
/// value*, weights included: a reference to the partials would let their
/// address escape on the hot path too, keeping them out of registers (a 2×
/// slowdown measured on nalgebra's 4×4 determinant), and a closure holding
/// the weights by reference made the hot path store them (2–6 % on the
/// forward benchmarks).
#[inline(always)]
pub(crate) fn scale<T: Float, const N: usize>(p: &mut [T; N], w: T) {
    if plain_weight(w) {
        p.iter_mut().for_each(|t| *t = *t * w);
    } else {
        *p = scale_special(*p, w);
    }
}

/// [`combine_slice`] for whole arrays, the special case by value (see [`scale`]).
#[inline(always)]
pub(crate) fn combine<T: Float, const N: usize>(a: &mut [T; N], wa: T, b: &[T; N], wb: T) {
    if plain_weight(wa) && plain_weight(wb) {
        a.iter_mut()
            .zip(b)
            .for_each(|(x, &y)| *x = *x * wa + y * wb);
    } else {
        *a = combine_special(*a, wa, *b, wb);
    }
}

/// [`scale_slice_special`] on an array, out of line and by value.
#[cold]
#[inline(never)]
fn scale_special<T: Float, const N: usize>(mut p: [T; N], w: T) -> [T; N] {
    scale_slice_special(&mut p, w);
    p
}

/// [`combine_slice_special`] on arrays, out of line and by value.
#[cold]
#[inline(never)]
fn combine_special<T: Float, const N: usize>(mut a: [T; N], wa: T, b: [T; N], wb: T) -> [T; N] {
    combine_slice_special(&mut a, wa, &b, wb);
    a
}

/// The special cases, written once: a zero `w` gives zeros; a non-finite `w`
/// goes through [`zero_partial_mul`] per component.
#[cold]
#[inline(never)]
fn scale_slice_special<T: Float>(p: &mut [T], w: T) {
    if w.is_zero() {
        p.fill(T::zero());
    } else {
        p.iter_mut().for_each(|t| *t = zero_partial_mul(*t, w));
    }
}

/// `a ← a·wa + b·wb` with a zero or non-finite weight, term by term.
#[cold]
#[inline(never)]
fn combine_slice_special<T: Float>(a: &mut [T], wa: T, b: &[T], wb: T) {
    for (x, &y) in a.iter_mut().zip(b) {
        *x = zero_partial_mul(*x, wa) + zero_partial_mul(y, wb);
    }
}
