//! Second-order drivers: f″, Hessians and Hessian-vector products.
//!
//! | driver | type the function sees | passes | result | cost per operation |
//! |---|---|---|---|---|
//! | [`second_derivative`] | `HyperDual<T, 1>` | 1 | f, f′, f″ | O(1) |
//! | [`hessian`] | `[HyperDual<T, N>; N]` | 1 | f, ∇f, ∇²f | O(N²/2) |
//! | [`hvp`] | `[Dual<Dual<T, N>, 1>; N]` | 1 | f, ∇f, ∇²f·v | O(N) |
//!
//! None of them allocates.

use crate::{HvpDual, HyperDual};
use num_traits::Float;

/// The value, first and second derivative of a scalar function at `x`.
///
/// ```
/// use num_traits::Float;
/// // y = sin(x² + 1) at x = 1
/// let (y, dy, d2y) = gradus::second_derivative(|x| (x * x + 1.0).sin(), 1.0);
/// assert!((y - 2f64.sin()).abs() < 1e-15);
/// assert!((dy - (-0.8322936730942848)).abs() < 1e-15);
/// assert!((d2y - (-4.469483380397012)).abs() < 1e-14);
/// ```
#[inline]
pub fn second_derivative<T: Float, F>(f: F, x: T) -> (T, T, T)
where
    F: FnOnce(HyperDual<T, 1>) -> HyperDual<T, 1>,
{
    let y = f(HyperDual::variable(x, 0));
    (y.value(), y.gradient()[0], y.second(0, 0))
}

/// The value, gradient and Hessian of `f: Rᴺ → R` at `x`, in one pass.
///
/// Each operation inside `f` costs about N(N+1)/2 multiply-adds (only the
/// upper triangle of the symmetric Hessian is computed); the returned
/// Hessian is the full symmetric matrix.
///
/// ```
/// use num_traits::Float;
/// fn f<T: Float>(x: &[T]) -> T {
///     x[0].ln() + x[0] * x[1] - x[1].sin()
/// }
/// let (v, g, h) = gradus::hessian(|x| f(&x), [2.0, 5.0]);
/// assert!((v - 11.652071455223084).abs() < 1e-12);
/// assert!((g[0] - 5.5).abs() < 1e-12 && (g[1] - 1.7163378145367738).abs() < 1e-12);
/// assert_eq!(h, [[-0.25, 1.0], [1.0, 5f64.sin()]]);
/// ```
#[inline]
pub fn hessian<T: Float, F, const N: usize>(f: F, x: [T; N]) -> (T, [T; N], [[T; N]; N])
where
    F: FnOnce([HyperDual<T, N>; N]) -> HyperDual<T, N>,
{
    let y = f(core::array::from_fn(|i| HyperDual::variable(x[i], i)));
    (y.value(), y.gradient(), y.hessian())
}

/// A Hessian-vector product ∇²f(x)·v of `f: Rᴺ → R`, without forming the
/// Hessian. Returns f(x), ∇f(x) and ∇²f(x)·v.
///
/// Nested forward mode, flattened: ∇²f·v = d/dt ∇f(x + t v) at t = 0, the
/// gradient differentiated along v, carried by [`HvpDual`] (the parts of
/// `Dual<Dual<T, N>, 1>` that matter, updated with each function's first and
/// second derivatives). Each operation costs a few N-wide multiply-adds, so
/// the cost grows with N, not N² as a full [`hessian`] does.
///
/// ```
/// use num_traits::Float;
/// fn f<T: Float>(x: &[T]) -> T {
///     x[0].ln() + x[0] * x[1] - x[1].sin()
/// }
/// // H = [[−0.25, 1], [1, sin 5]]
/// let (v, g, hv) = gradus::hvp(|x| f(&x), [2.0, 5.0], [1.0, 2.0]);
/// assert!((v - 11.652071455223084).abs() < 1e-12);
/// assert!((g[0] - 5.5).abs() < 1e-12);
/// assert_eq!(hv, [-0.25 + 2.0, 1.0 + 2.0 * 5f64.sin()]);
/// ```
#[inline]
pub fn hvp<T: Float, F, const N: usize>(f: F, x: [T; N], v: [T; N]) -> (T, [T; N], [T; N])
where
    F: FnOnce([HvpDual<T, N>; N]) -> HvpDual<T, N>,
{
    let y = f(core::array::from_fn(|i| HvpDual::variable(x[i], i, v[i])));
    (y.value(), y.gradient(), y.hvp())
}
