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
/// [`Float`], including another gradus number, so
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

    /// Sets the value and partial `i` to one, in place (the others must be zero).
    #[inline(always)]
    pub(crate) fn set_seed(&mut self, re: T, i: usize) {
        self.re = re;
        self.eps[i] = T::one();
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

/// Multiplies partials in place by a local derivative `w` under the
/// zero-partial rule: a product with an exact zero factor is zero.
///
/// The common case, a finite non-zero `w`, is the plain multiply (a zero
/// partial times a finite `w` is already zero; for nested numbers the inner
/// product applies the rule itself). The rest is decided once per call, out of
/// line ([`scale_slice_special`]). Works on slices, so a hyper-dual applies it
/// to a window of its gradient or a Hessian row.
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

/// [`scale_slice`] for a `Dual`'s own partials. The special case goes out of
/// line *by value*, weights included: a reference to the partials would let
/// their address escape on the hot path too, keeping them out of registers (a
/// 2× slowdown measured on nalgebra's 4×4 determinant), and a closure holding
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

/// [`combine_slice`] for a `Dual`'s own partials, special case by value (see [`scale`]).
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

/// [`scale_slice_special`] on a `Dual`'s partials, out of line and by value.
#[cold]
#[inline(never)]
fn scale_special<T: Float, const N: usize>(mut p: [T; N], w: T) -> [T; N] {
    scale_slice_special(&mut p, w);
    p
}

/// [`combine_slice_special`] on a `Dual`'s partials, out of line and by value.
#[cold]
#[inline(never)]
fn combine_special<T: Float, const N: usize>(mut a: [T; N], wa: T, b: [T; N], wb: T) -> [T; N] {
    combine_slice_special(&mut a, wa, &b, wb);
    a
}

/// A weight whose value is finite and non-zero needs no special care: for
/// nested numbers the inner products apply the rule to their own parts. Value
/// comparisons only, so this costs O(1) whatever the nesting.
///
/// Built with `--cfg gradus_unguarded` every weight is plain: the rule is
/// off. That exists only to measure what the rule costs
/// (`benches/forward.rs` says how); the rule's tests fail in such a build.
#[inline(always)]
pub(crate) fn plain_weight<T: Float>(w: T) -> bool {
    cfg!(gradus_unguarded) || (w.is_finite() && w != T::zero())
}

/// The special cases of the rule, written once: a zero `w` gives zeros; a
/// non-finite `w` goes through [`zero_partial_mul`] per partial.
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

/// `t · w` under the zero-partial rule at every level of nesting.
///
/// An exactly-zero factor gives zero. A nested factor whose *value* is 0 but
/// whose own derivatives are not (a first derivative that is 0 at this point
/// but varies), times a non-finite other factor, keeps the value 0, as a
/// first-order type's product does, and gets the derivative of the product
/// rule, z′ · v ([`zero_times_nonfinite`](crate::rules::zero_times_nonfinite)):
/// without this, 0 · inf = NaN would make a nested type's first derivative
/// NaN where `Dual<f64, N>` gives 0. For a plain float a zero value *is* an
/// exact zero, so the nested branches are dead and compile away.
#[inline(always)]
pub(crate) fn zero_partial_mul<T: Float>(t: T, w: T) -> T {
    if t.is_zero() || w.is_zero() {
        return T::zero();
    }
    let zero = T::zero();
    if t == zero && !w.is_finite() {
        return crate::rules::zero_times_nonfinite(t, w);
    }
    if w == zero && !t.is_finite() {
        return crate::rules::zero_times_nonfinite(w, t);
    }
    t * w
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
    fn chain(mut self, d: Derivs<T>) -> Self {
        scale(&mut self.eps, d.df);
        self.re = d.f;
        self
    }

    /// value ← f, partials ← a · ∂f/∂x + b · ∂f/∂y.
    #[inline(always)]
    fn chain2(mut self, other: Self, d: Derivs2<T>) -> Self {
        combine(&mut self.eps, d.dx, &other.eps, d.dy);
        self.re = d.f;
        self
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
