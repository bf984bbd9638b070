//! Forward mode: [`Dual<T, N>`], a value and N partial derivatives.
//!
//! A dual number is a + Σ bᵢ εᵢ with εᵢ εⱼ = 0. Evaluating f on it gives
//! f(a) + Σ f′(a) bᵢ εᵢ: the value and, in each εᵢ slot, the derivative along
//! the i-th seed direction. Seeding xᵢ with εᵢ (`Dual::variable(xᵢ, i)`) makes
//! the N slots of the result the gradient.
//!
//! ```text
//! f(x1, x2) = ln x1 + x1·x2 − sin x2 at (2, 5):
//!   x1 = 2 + 1ε₁ + 0ε₂,  x2 = 5 + 0ε₁ + 1ε₂
//!   ln x1      = 0.693 + 0.5ε₁                (ln′ = 1/x)
//!   x1·x2      = 10    + 5ε₁  + 2ε₂           (product rule)
//!   sin x2     = −0.959       + 0.284ε₂       (sin′ = cos)
//!   f          = 11.652 + 5.5ε₁ + 1.716ε₂     → ∇f = (5.5, 1.716)
//! ```
//!
//! All N partials travel together in one pass, so a gradient costs about N
//! times one evaluation's arithmetic on a few scalars, with no tape and no heap.

use crate::number::{Number, impl_nested_base, impl_number};
use crate::rules::{Derivs, Derivs2};
use core::fmt;
use num_traits::{Float, Zero};

/// A forward-mode dual number: a value and `N` partial derivatives, on the stack.
///
/// `Dual<T, N>` is `Copy` whenever `T` is, and `T` may be any
/// [`Float`](num_traits::Float), including another gradus number, so
/// `Dual<Dual<f64, 1>, 1>` carries second derivatives.
///
/// ```
/// use gradus::Dual;
/// use num_traits::Float;
///
/// let x = Dual::<f64, 2>::variable(2.0, 0);
/// let y = Dual::<f64, 2>::variable(5.0, 1);
/// let f = x.ln() + x * y - y.sin();
/// assert!((f.value() - 11.652071455223084).abs() < 1e-12);
/// assert!((f.partials()[0] - 5.5).abs() < 1e-12);
/// assert!((f.partials()[1] - 1.7163378145367738).abs() < 1e-12);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Dual<T, const N: usize> {
    re: T,
    eps: [T; N],
}

impl<T: Float, const N: usize> Dual<T, N> {
    /// A dual number with the given value and partial derivatives.
    #[inline(always)]
    pub fn new(re: T, partials: [T; N]) -> Self {
        Dual { re, eps: partials }
    }

    /// A constant: every partial derivative is zero.
    #[inline(always)]
    pub fn constant(re: T) -> Self {
        Dual {
            re,
            eps: [T::zero(); N],
        }
    }

    /// The `i`-th independent variable: partial `i` is one, the others zero.
    ///
    /// # Panics
    /// If `i >= N`: a `Dual<T, N>` has only N partial slots.
    #[inline(always)]
    pub fn variable(re: T, i: usize) -> Self {
        assert!(
            i < N,
            "Dual::variable: index {i} is out of range for Dual<_, {N}>: use an index below {N}, or a Dual with more partials"
        );
        let mut eps = [T::zero(); N];
        eps[i] = T::one();
        Dual { re, eps }
    }

    /// The value (real part).
    #[inline(always)]
    pub fn value(&self) -> T {
        self.re
    }

    /// The partial derivatives.
    #[inline(always)]
    pub fn partials(&self) -> [T; N] {
        self.eps
    }

    /// Partial derivative `i`.
    ///
    /// # Panics
    /// If `i >= N`.
    #[inline(always)]
    pub fn partial(&self, i: usize) -> T {
        assert!(
            i < N,
            "Dual::partial: index {i} is out of range for Dual<_, {N}>"
        );
        self.eps[i]
    }
}

/// Multiplies a vector of partials by a local derivative `w` under the
/// zero-partial rule: a product with an exact zero factor is zero.
///
/// Three cases, chosen once per call (never per partial): `w` zero gives zeros;
/// `w` finite takes the plain multiply (a zero partial times a finite `w` is
/// already zero; for nested numbers the inner product applies the rule
/// itself); otherwise each partial is tested, so a zero partial is not turned
/// into NaN by an infinite `w`.
#[inline(always)]
pub(crate) fn scale<T: Float, const N: usize>(mut p: [T; N], w: T) -> [T; N] {
    scale_slice(&mut p, w);
    p
}

/// [`scale`] in place on a slice (a row of the Hessian of a
/// [`HyperDual`](crate::HyperDual) uses it too).
#[inline(always)]
pub(crate) fn scale_slice<T: Float>(p: &mut [T], w: T) {
    if w.is_zero() {
        p.fill(T::zero());
    } else if w.is_finite() {
        for t in p.iter_mut() {
            *t = *t * w;
        }
    } else {
        for t in p.iter_mut() {
            if !t.is_zero() {
                *t = *t * w;
            }
        }
    }
}

/// `a·wa + b·wb` elementwise under the zero-partial rule.
#[inline(always)]
pub(crate) fn combine<T: Float, const N: usize>(mut a: [T; N], wa: T, b: [T; N], wb: T) -> [T; N] {
    combine_slice(&mut a, wa, &b, wb);
    a
}

/// [`combine`] in place: `a ← a·wa + b·wb` (slices of equal length).
#[inline(always)]
pub(crate) fn combine_slice<T: Float>(a: &mut [T], wa: T, b: &[T], wb: T) {
    let plain = |w: T| w.is_finite() && !w.is_zero();
    if plain(wa) && plain(wb) {
        for (x, &y) in a.iter_mut().zip(b) {
            *x = *x * wa + y * wb;
        }
    } else {
        scale_slice(a, wa);
        if wb.is_zero() {
            // b·0 contributes an exact zero: a is already the result.
            for x in a.iter_mut() {
                *x = *x + T::zero();
            }
        } else {
            let finite = wb.is_finite();
            for (x, &y) in a.iter_mut().zip(b) {
                if finite || !y.is_zero() {
                    *x = *x + y * wb;
                } else {
                    *x = *x + T::zero();
                }
            }
        }
    }
}

impl<T: Float, const N: usize> Number for Dual<T, N> {
    type Inner = T;

    #[inline(always)]
    fn re(&self) -> T {
        self.re
    }

    #[inline(always)]
    fn from_re(re: T) -> Self {
        Dual::constant(re)
    }

    /// value ← f, partials ← partials · f′.
    #[inline(always)]
    fn chain(self, d: Derivs<T>) -> Self {
        Dual {
            re: d.f,
            eps: scale(self.eps, d.df),
        }
    }

    /// value ← f, partials ← a · ∂f/∂x + b · ∂f/∂y.
    #[inline(always)]
    fn chain2(self, other: Self, d: Derivs2<T>) -> Self {
        Dual {
            re: d.f,
            eps: combine(self.eps, d.dx, other.eps, d.dy),
        }
    }

    #[inline(always)]
    fn with_re(self, re: T) -> Self {
        Dual { re, eps: self.eps }
    }

    #[inline(always)]
    fn is_constant(&self) -> bool {
        self.eps.iter().all(Zero::is_zero)
    }
}

impl<T: Float, const N: usize> Zero for Dual<T, N> {
    #[inline(always)]
    fn zero() -> Self {
        Dual::constant(T::zero())
    }

    /// True only when the value *and every partial* are zero (recursively for
    /// nested duals), unlike `==`, which compares values. The zero-partial rule
    /// relies on this.
    #[inline(always)]
    fn is_zero(&self) -> bool {
        self.re.is_zero() && self.is_constant()
    }
}

impl<T: Float + crate::FromBase<F>, F, const N: usize> crate::FromBase<F> for Dual<T, N> {
    #[inline(always)]
    fn from_base(c: F) -> Self {
        Dual::constant(T::from_base(c))
    }
}

impl_number!([T: Float, const N: usize] Dual<T, N>, T);
impl_nested_base!([T: Float, const M: usize, const N: usize] Dual<Dual<T, M>, N>, Dual<T, M>);

/// `3.5 + [1, 0]ε`; precision and other flags apply to every component.
impl<T: fmt::Display, const N: usize> fmt::Display for Dual<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::fmt::write_value(f, &self.re)?;
        f.write_str(" + ")?;
        crate::fmt::write_list(f, &self.eps)?;
        f.write_str("ε")
    }
}
