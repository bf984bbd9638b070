//! Hessian-vector products: [`HvpDual<T, N>`], a value and its gradient in N
//! variables, both differentiated once more along one direction v.

use crate::Dual;
use crate::number::{Number, value_field};
use crate::partials::{combine_slice, plain_weight, scale_slice, zero_partial_mul};
use crate::rules::{Derivs, Derivs2};
use crate::surface::fmt::{Term, write_terms};
use crate::surface::{impl_nested_base, impl_surface};
use core::fmt;
use num_traits::{Float, Zero};

/// A number for Hessian-vector products: a value f, its gradient ∇f in `N`
/// variables, its derivative ∇f·v along one direction v, and the gradient's
/// derivative along v, ∇²f·v, on the stack.
///
/// The [`hvp`](crate::hvp()) driver seeds it for you. Seeded by hand, input
/// `i` is `HvpDual::variable(xᵢ, i, vᵢ)`:
///
/// ```
/// use gradus::HvpDual;
/// use num_traits::Float;
///
/// // f(x1, x2) = ln x1 + x1·x2 − sin x2 at (2, 5), along v = (1, 2);
/// // H = [[−1/4, 1], [1, sin 5]].
/// let x1 = HvpDual::<f64, 2>::variable(2.0, 0, 1.0);
/// let x2 = HvpDual::<f64, 2>::variable(5.0, 1, 2.0);
/// let f = x1.ln() + x1 * x2 - x2.sin();
/// assert!((f.value() - 11.652071455223084).abs() < 1e-12);
/// assert!((f.gradient()[0] - 5.5).abs() < 1e-12);
/// assert!((f.directional() - (5.5 + 2.0 * f.gradient()[1])).abs() < 1e-12);
/// assert_eq!(f.hvp(), [-0.25 + 2.0, 1.0 + 2.0 * 5f64.sin()]);
/// ```
///
/// # How it works
///
/// ∇²f(x)·v = d/dt ∇f(x + t v) at t = 0: the gradient, differentiated along
/// v. In nested forward mode that is `Dual<Dual<T, N>, 1>`: the inner dual
/// (N slots ε) carries the gradient, the outer one (one slot δ) the
/// derivative along v, and the δ part of the result is ∇f·v + (∇²f·v)·ε.
/// `HvpDual` is that nesting flattened, keeping only its four parts,
///
/// ```text
/// f + Σᵢ gᵢ εᵢ + s δ + Σᵢ hᵢ εᵢ δ     (εᵢ εⱼ = δ² = 0)
/// g = ∇f,  s = ∇f·v,  h = ∇²f·v
/// ```
///
/// and updating them with the first *and second* derivatives of each
/// elementary function from the one [table](crate::rules), as
/// [`HyperDual`](crate::HyperDual) does. For a unary φ:
///
/// ```text
/// g ← g φ′     s ← s φ′     h ← h φ′ + g (φ″ s)
/// ```
///
/// and for a binary φ(x, y) with operands (a, g, s, h) and (b, k, r, m):
///
/// ```text
/// g ← g φx + k φy
/// s ← s φx + r φy
/// h ← h φx + m φy + g (φxx s + φxy r) + k (φxy s + φyy r)
/// ```
///
/// The nested form computes the same numbers by evaluating each rule on a
/// whole `Dual<T, N>` (φ′(x) as a dual number, then a product of dual
/// numbers), several N-wide operations where these formulas need two.
///
/// **Cost.** An operation costs a few N-wide multiply-adds (two arrays of N
/// instead of one): a Hessian-vector product costs a small multiple of one
/// [`Dual<T, N>`] gradient, and its cost grows with N, not N² as a full
/// [`hessian`](crate::hessian()) does. For large N, where one evaluation
/// per product is what matters, [`reverse::hvp`](crate::reverse::hvp) costs
/// O(1) evaluations instead of O(N).
///
/// **Zero-partial rule.** Exactly as for [`Dual`]: a product with an exactly
/// zero factor is zero, so an infinite φ′ or φ″ never turns a zero entry
/// into NaN.
#[derive(Clone, Copy)]
pub struct HvpDual<T, const N: usize> {
    re: T,
    grad: [T; N],
    dir: T,
    hv: [T; N],
}

impl<T: Float, const N: usize> HvpDual<T, N> {
    /// A number with the given value f, gradient ∇f, directional derivative
    /// ∇f·v and Hessian-vector product ∇²f·v.
    #[inline(always)]
    pub fn new(re: T, gradient: [T; N], directional: T, hvp: [T; N]) -> Self {
        HvpDual {
            re,
            grad: gradient,
            dir: directional,
            hv: hvp,
        }
    }

    /// A constant: every derivative zero.
    #[inline(always)]
    pub fn constant(re: T) -> Self {
        HvpDual::new(re, [T::zero(); N], T::zero(), [T::zero(); N])
    }

    /// The `i`-th independent variable, whose component of the direction v
    /// is `v`: gradient eᵢ, directional derivative `v`, ∇²·v zero.
    ///
    /// # Panics
    /// If `i >= N`: an `HvpDual<T, N>` has only N variables.
    #[inline(always)]
    pub fn variable(re: T, i: usize, v: T) -> Self {
        assert!(
            i < N,
            "HvpDual::variable: index {i} is out of range for HvpDual<_, {N}>: use an index below {N}, or an HvpDual with more variables"
        );
        let mut x = HvpDual::constant(re);
        x.grad[i] = T::one();
        x.dir = v;
        x
    }

    /// The value f.
    #[inline(always)]
    pub fn value(&self) -> T {
        self.re
    }

    /// The gradient ∇f.
    #[inline(always)]
    pub fn gradient(&self) -> [T; N] {
        self.grad
    }

    /// The derivative along the seeded direction, ∇f·v.
    #[inline(always)]
    pub fn directional(&self) -> T {
        self.dir
    }

    /// The Hessian-vector product ∇²f·v.
    #[inline(always)]
    pub fn hvp(&self) -> [T; N] {
        self.hv
    }
}

impl<T: Float, const N: usize> Number for HvpDual<T, N> {
    value_field!(T, re, HvpDual::constant);

    /// g ← g φ′, s ← s φ′, h ← h φ′ + g (φ″ s).
    #[inline(always)]
    fn chain(mut self, d: Derivs<T>) -> Self {
        let c = zero_partial_mul(self.dir, d.d2f);
        if c.is_zero() {
            // Linear functions, or no movement along v.
            scale_slice(&mut self.hv, d.df);
        } else {
            combine_slice(&mut self.hv, d.df, &self.grad, c);
        }
        scale_slice(&mut self.grad, d.df);
        self.dir = zero_partial_mul(self.dir, d.df);
        self.re = d.f;
        self
    }

    /// g ← g φx + k φy, s ← s φx + r φy,
    /// h ← h φx + m φy + g (φxx s + φxy r) + k (φxy s + φyy r).
    #[inline(always)]
    fn chain2(mut self, other: Self, d: Derivs2<T>) -> Self {
        let (s, r) = (self.dir, other.dir);
        let cx = zero_partial_mul(s, d.dxx) + zero_partial_mul(r, d.dxy);
        let cy = zero_partial_mul(s, d.dxy) + zero_partial_mul(r, d.dyy);
        hv_update(&mut self.hv, &other.hv, &self.grad, &other.grad, d, cx, cy);
        combine_slice(&mut self.grad, d.dx, &other.grad, d.dy);
        self.dir = zero_partial_mul(s, d.dx) + zero_partial_mul(r, d.dy);
        self.re = d.f;
        self
    }

    #[inline(always)]
    fn is_constant(&self) -> bool {
        self.dir.is_zero()
            && self.grad.iter().all(Zero::is_zero)
            && self.hv.iter().all(Zero::is_zero)
    }
}

/// h ← h φx + m φy + g cx + k cy, under the zero-partial rule. The common
/// case (every weight finite and non-zero) is one fused pass; a zero
/// second-order weight skips its term (`+`, `−`, products with constants);
/// anything else goes term by term through the guarded slice helpers.
#[inline(always)]
fn hv_update<T: Float, const N: usize>(
    h: &mut [T; N],
    m: &[T; N],
    g: &[T; N],
    k: &[T; N],
    d: Derivs2<T>,
    cx: T,
    cy: T,
) {
    let first = plain_weight(d.dx) && plain_weight(d.dy);
    if first && plain_weight(cx) && plain_weight(cy) {
        for (((h, &m), &g), &k) in h.iter_mut().zip(m).zip(g).zip(k) {
            *h = *h * d.dx + m * d.dy + g * cx + k * cy;
        }
        return;
    }
    combine_slice(h, d.dx, m, d.dy);
    let one = T::one();
    if !cx.is_zero() {
        combine_slice(h, one, g, cx);
    }
    if !cy.is_zero() {
        combine_slice(h, one, k, cy);
    }
}

impl_surface!([T: Float, const N: usize] HvpDual<T, N>, T);
/// The plain folds (each operation is already O(N)).
impl<T: Float, const N: usize> crate::Reduce for HvpDual<T, N> {}
impl_nested_base!([T: Float, const M: usize, const N: usize] HvpDual<Dual<T, M>, N>, Dual<T, M>);
impl_nested_base!([T: Float, const M: usize, const N: usize] Dual<HvpDual<T, M>, N>, HvpDual<T, M>);

/// `3 + [1, 0]ε + 0.5δ + [0, 0]εδ`: value, gradient, directional derivative
/// and Hessian-vector product; precision and other flags apply to every
/// component.
impl<T: fmt::Display, const N: usize> fmt::Display for HvpDual<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let terms = [
            Term::List(&self.grad, "ε"),
            Term::Scalar(&self.dir, "δ"),
            Term::List(&self.hv, "εδ"),
        ];
        write_terms(f, &self.re, &terms)
    }
}

/// Shows the four parts by name.
impl<T: fmt::Debug, const N: usize> fmt::Debug for HvpDual<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HvpDual")
            .field("re", &self.re)
            .field("gradient", &self.grad)
            .field("directional", &self.dir)
            .field("hvp", &self.hv)
            .finish()
    }
}
