//! [`Real`]: the scalar trait for generic code, and [`Reduce`]: reductions
//! that a tape records as one operation.
//!
//! Code generic over `T: num_traits::Float` has no arithmetic with plain
//! `f64` data: every constant and data value goes through
//! `T::from(x).unwrap()`. Every gradus number (at every nesting depth) and
//! `f64` itself also have `+ - * / %` with an `f64` on the right, exact
//! conversion of `f64` constants, and the reductions of [`Reduce`];
//! [`Real`] names all of that in one bound:
//!
//! ```
//! use gradus::Real;
//!
//! // Least squares with data: x * t and y - model need no conversions.
//! fn loss<T: Real>(p: &[T], t: &[f64], y: &[f64]) -> T {
//!     let r: Vec<T> = t.iter().zip(y).map(|(&ti, &yi)| p[0] * ti + p[1] - yi).collect();
//!     T::norm_squared(&r) * 0.5
//! }
//!
//! let (t, y) = ([0.0, 1.0, 2.0], [1.0, 3.0, 5.0]);
//! assert_eq!(loss(&[2.0, 1.0], &t, &y), 0.0);
//! let (v, g) = gradus::gradient(|p| loss(&p, &t, &y), [1.0, 1.0]);
//! assert_eq!((v, g), (2.5, [-5.0, -3.0]));
//! ```
//!
//! With a constant on the left (`2.0 * x`) generic code needs the bound
//! `f64: Mul<T, Output = T>` as well (Rust does not carry bounds on `f64`
//! through a trait); write the constant on the right instead. `f32` has no
//! arithmetic with `f64` and is not `Real`; generic code over `f32` keeps
//! `T::from`.

use crate::FromBase;
use core::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Rem, RemAssign, Sub, SubAssign};
use num_traits::Float;

/// Reductions over slices, as one operation where the number type can do
/// better than a fold: a tape ([`Var`](crate::Var)) records each as one node
/// with one edge per element, instead of one node per element, so recording
/// and sweeping it cost about a third as much.
///
/// Every gradus number and `f32`/`f64` implement it; the provided methods
/// are the plain folds, which number types without a better form keep.
/// Values are the same bits as the plain `f64` fold in every type.
pub trait Reduce: Float {
    /// Σ xᵢ, from −0 as `Iterator::sum` for floats (so a sum of one element
    /// is that element, bitwise).
    #[inline]
    fn sum_of(xs: &[Self]) -> Self {
        xs.iter().fold(Self::neg_zero(), |s, &x| s + x)
    }

    /// Σ aᵢ bᵢ.
    ///
    /// # Panics
    /// If the lengths differ.
    #[inline]
    fn dot(a: &[Self], b: &[Self]) -> Self {
        same_length("dot", a.len(), b.len());
        a.iter()
            .zip(b)
            .fold(Self::neg_zero(), |s, (&x, &y)| s + x * y)
    }

    /// Σ xᵢ².
    #[inline]
    fn norm_squared(xs: &[Self]) -> Self {
        xs.iter().fold(Self::neg_zero(), |s, &x| s + x * x)
    }

    /// Σ wᵢ xᵢ for constant weights `w` (data).
    ///
    /// # Panics
    /// If the lengths differ, or a weight cannot be represented in `Self`.
    #[inline]
    fn weighted_sum(xs: &[Self], w: &[f64]) -> Self {
        same_length("weighted_sum", xs.len(), w.len());
        xs.iter()
            .zip(w)
            .fold(Self::neg_zero(), |s, (&x, &wi)| s + x * weight(wi))
    }

    /// ln Σ exp xᵢ, computed as m + ln Σ exp(xᵢ − m) with m the largest value
    /// (no overflow); the derivative is the softmax, exp(xᵢ − m) / Σ.
    ///
    /// Conventions: an empty slice gives −inf; where the largest value is
    /// ±inf the result is the first largest element itself (the limit of the
    /// softmax at +inf is 1 on it); a NaN gives NaN.
    #[inline]
    fn logsumexp(xs: &[Self]) -> Self {
        match shift(xs) {
            Shift::Empty => Self::neg_infinity(),
            Shift::Element(k) => xs[k],
            Shift::By(m) => {
                let s = xs.iter().fold(Self::neg_zero(), |s, &x| s + (x - m).exp());
                m + s.ln()
            }
        }
    }
}

/// Where [`Reduce::logsumexp`] shifts.
pub(crate) enum Shift<T> {
    /// No elements.
    Empty,
    /// The largest element is infinite: the result is element k.
    Element(usize),
    /// By the constant m, the largest value (or NaN).
    By(T),
}

/// The shift of [`Reduce::logsumexp`]: the largest *value* as a constant (its
/// derivative would cancel in m + ln Σ exp(xᵢ − m), but only to rounding).
pub(crate) fn shift<T: Float>(xs: &[T]) -> Shift<T> {
    if xs.is_empty() {
        return Shift::Empty;
    }
    let mut k = 0;
    for (i, x) in xs.iter().enumerate() {
        if x.is_nan() {
            return Shift::By(T::nan());
        }
        if *x > xs[k] {
            k = i;
        }
    }
    let m = xs[k];
    if m.is_infinite() {
        return Shift::Element(k);
    }
    // The value of m as a constant of the type (every derivative zero).
    let c = m.to_f64().and_then(T::from).unwrap_or_else(T::nan);
    Shift::By(c)
}

/// A data weight as a constant of the type.
#[inline]
pub(crate) fn weight<T: Float>(w: f64) -> T {
    T::from(w).unwrap_or_else(|| {
        panic!("Reduce::weighted_sum: the weight {w} cannot be represented in this number type")
    })
}

#[inline]
pub(crate) fn same_length(what: &str, a: usize, b: usize) {
    assert!(
        a == b,
        "Reduce::{what}: the slices have lengths {a} and {b}: they must match"
    );
}

impl Reduce for f64 {}
impl Reduce for f32 {}

/// The scalar of generic numeric code: [`Float`], arithmetic with `f64`
/// operands on the right, exact `f64` constants ([`lit`](Real::lit)), and the
/// [`Reduce`] reductions. `f64` and every gradus number over `f64` (at every
/// nesting depth) are `Real`; see the [module docs](crate::real) for an example.
pub trait Real:
    Float
    + FromBase<f64>
    + Reduce
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
    + Rem<f64, Output = Self>
    + AddAssign<f64>
    + SubAssign<f64>
    + MulAssign<f64>
    + DivAssign<f64>
    + RemAssign<f64>
{
    /// The constant `c`, exactly (every derivative zero): `T::lit(0.5)`.
    #[inline(always)]
    fn lit(c: f64) -> Self {
        Self::from_base(c)
    }
}

impl<T> Real for T where
    T: Float
        + FromBase<f64>
        + Reduce
        + Add<f64, Output = T>
        + Sub<f64, Output = T>
        + Mul<f64, Output = T>
        + Div<f64, Output = T>
        + Rem<f64, Output = T>
        + AddAssign<f64>
        + SubAssign<f64>
        + MulAssign<f64>
        + DivAssign<f64>
        + RemAssign<f64>
{
}
