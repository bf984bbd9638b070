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

use crate::number::{Number, value_field};
use crate::partials::{combine, scale};
use crate::rules::{Derivs, Derivs2};
use crate::surface::fmt::{Term, write_terms};
use crate::surface::{impl_nested_base, impl_surface};
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

impl<T: Float, const N: usize> Number for Dual<T, N> {
    value_field!(T, re, Dual::constant);

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
    fn is_constant(&self) -> bool {
        self.eps.iter().all(Zero::is_zero)
    }
}

impl_surface!([T: Float, const N: usize] Dual<T, N>, T);
/// The plain folds (each operation is already O(N)).
impl<T: Float, const N: usize> crate::Reduce for Dual<T, N> {}
impl_nested_base!([T: Float, const M: usize, const N: usize] Dual<Dual<T, M>, N>, Dual<T, M>);

/// `3.5 + [1, 0]ε`; precision and other flags apply to every component.
impl<T: fmt::Display, const N: usize> fmt::Display for Dual<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_terms(f, &self.re, &[Term::List(&self.eps, "ε")])
    }
}
