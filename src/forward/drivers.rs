//! The forward-mode drivers: one-line derivatives of the common kinds.
//!
//! Each driver seeds the inputs (`Dual::variable(xᵢ, i)` and its
//! second-order twins), runs the function once (or once per chunk), and reads
//! the derivatives off the result. None of them allocates.
//!
//! | driver | type the function sees | passes | result | cost per operation |
//! |---|---|---|---|---|
//! | [`derivative`] | `Dual<T, 1>` | 1 | f, f′ | O(1) |
//! | [`gradient`] | `[Dual<T, N>; N]` | 1 | f, ∇f | O(N) |
//! | [`jacobian`] | `[Dual<T, N>; N]` → `[_; M]` | 1 | f, J (M × N) | O(N) |
//! | [`jvp`] | `[Dual<T, 1>; N]` → `[_; M]` | 1 | f, J·v | O(1) |
//! | [`chunked_gradient_into`] | `&[Dual<T, C>]` | ⌈n / C⌉ | f, ∇f for run-time n | O(C) |
//! | [`second_derivative`] | `HyperDual<T, 1>` | 1 | f, f′, f″ | O(1) |
//! | [`hessian`] | `[HyperDual<T, N>; N]` | 1 | f, ∇f, ∇²f | O(N²/2) |
//! | [`hvp`] | `[HvpDual<T, N>; N]` | 1 | f, ∇f, ∇²f·v | O(N) |

use crate::{Dual, HvpDual, HyperDual};
use num_traits::Float;

/// The value and derivative of a scalar function at `x`.
///
/// ```
/// use num_traits::Float;
/// // y = sin(x² + 1) at x = 1
/// let (y, dy) = gradus::derivative(|x| (x * x + 1.0).sin(), 1.0);
/// assert!((dy - (-0.8322936730942848)).abs() < 1e-15);
/// # let _ = y;
/// ```
#[inline]
pub fn derivative<T: Float, F>(f: F, x: T) -> (T, T)
where
    F: FnOnce(Dual<T, 1>) -> Dual<T, 1>,
{
    let y = f(Dual::variable(x, 0));
    (y.value(), y.partials()[0])
}

/// The value and gradient of `f: Rᴺ → R` at `x`, in one forward pass.
///
/// ```
/// use num_traits::Float;
/// fn f<T: Float>(x: &[T]) -> T {
///     x[0].ln() + x[0] * x[1] - x[1].sin()
/// }
/// let (v, g) = gradus::gradient(|x| f(&x), [2.0, 5.0]);
/// assert!((v - 11.652071455223084).abs() < 1e-12);
/// assert!((g[0] - 5.5).abs() < 1e-12 && (g[1] - 1.7163378145367738).abs() < 1e-12);
/// ```
#[inline]
pub fn gradient<T: Float, F, const N: usize>(f: F, x: [T; N]) -> (T, [T; N])
where
    F: FnOnce([Dual<T, N>; N]) -> Dual<T, N>,
{
    let y = f(seed(x));
    (y.value(), y.partials())
}

/// The value and Jacobian of `f: Rᴺ → Rᴹ` at `x`; row `i` is the gradient of output `i`.
///
/// ```
/// use num_traits::Float;
/// // polar → Cartesian
/// let (p, j) = gradus::jacobian(|[r, t]| [r * t.cos(), r * t.sin()], [2.0, 0.0]);
/// assert_eq!(p, [2.0, 0.0]);
/// assert_eq!(j, [[1.0, 0.0], [0.0, 2.0]]);
/// ```
#[inline]
pub fn jacobian<T: Float, F, const N: usize, const M: usize>(
    f: F,
    x: [T; N],
) -> ([T; M], [[T; N]; M])
where
    F: FnOnce([Dual<T, N>; N]) -> [Dual<T, N>; M],
{
    let y = f(seed(x));
    (y.map(|yi| yi.value()), y.map(|yi| yi.partials()))
}

/// A Jacobian-vector product J·v of `f: Rᴺ → Rᴹ` at `x`, without forming J:
/// one pass with a single derivative slot (`Dual<T, 1>`), so its cost does not
/// grow with N. Returns the value f(x) and J·v.
///
/// ```
/// let f = |[a, b]: [gradus::Dual<f64, 1>; 2]| [a * b, a + b];
/// let (y, jv) = gradus::jvp(f, [3.0, 4.0], [1.0, 0.5]);
/// assert_eq!(y, [12.0, 7.0]);
/// assert_eq!(jv, [4.0 + 0.5 * 3.0, 1.5]);
/// ```
#[inline]
pub fn jvp<T: Float, F, const N: usize, const M: usize>(
    f: F,
    x: [T; N],
    v: [T; N],
) -> ([T; M], [T; M])
where
    F: FnOnce([Dual<T, 1>; N]) -> [Dual<T, 1>; M],
{
    let xs = core::array::from_fn(|i| Dual::new(x[i], [v[i]]));
    let y = f(xs);
    (y.map(|yi| yi.value()), y.map(|yi| yi.partials()[0]))
}

/// `[Dual::variable(x[0], 0), …, Dual::variable(x[N-1], N-1)]`.
#[inline(always)]
pub(crate) fn seed<T: Float, const N: usize>(x: [T; N]) -> [Dual<T, N>; N] {
    // Written in place, field by field: building each `Dual::variable` and
    // moving it costs two copies of N partials per input, which for N = 32
    // was a third of a whole gradient.
    let mut xs = [Dual::constant(T::zero()); N];
    for (i, (d, &xi)) in xs.iter_mut().zip(&x).enumerate() {
        d.set_seed(xi, i);
    }
    xs
}

/// The gradient of `f: Rⁿ → R` for an `n` known only at run time, in chunks of
/// `C` directions per pass (ForwardDiff.jl's chunk mode), written into `grad`.
///
/// `work` is the caller's buffer of `n` duals, reused across calls: this
/// driver allocates nothing. It makes ⌈n / C⌉ passes, each seeding `C` inputs;
/// a larger `C` means fewer passes but wider numbers (8 to 16 is a good range
/// for `f64`). Returns f(x).
///
/// # Panics
/// If `grad` or `work` does not have the length of `x`, or `C` is 0.
///
/// ```
/// use gradus::{Dual, chunked_gradient_into};
/// use num_traits::Float;
/// fn rosenbrock<T: Float>(x: &[T]) -> T {
///     let c = T::from(100.0).unwrap();
///     x.windows(2).fold(T::zero(), |s, w| s + c * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2))
/// }
/// let x = vec![0.5; 20];
/// let mut grad = vec![0.0; 20];
/// let mut work = vec![Dual::<f64, 8>::constant(0.0); 20];
/// let fx = chunked_gradient_into(|x: &[Dual<f64, 8>]| rosenbrock(x), &x, &mut grad, &mut work);
/// assert_eq!(fx, rosenbrock(&x));
/// assert_eq!(grad[0], -400.0 * 0.5 * (0.5 - 0.25) - 2.0 * 0.5);
/// ```
pub fn chunked_gradient_into<T: Float, F, const C: usize>(
    f: F,
    x: &[T],
    grad: &mut [T],
    work: &mut [Dual<T, C>],
) -> T
where
    F: Fn(&[Dual<T, C>]) -> Dual<T, C>,
{
    assert!(
        C > 0,
        "chunked_gradient: the chunk size C must be at least 1"
    );
    assert_eq!(
        grad.len(),
        x.len(),
        "chunked_gradient: `grad` has length {} but `x` has length {}: they must match",
        grad.len(),
        x.len()
    );
    assert_eq!(
        work.len(),
        x.len(),
        "chunked_gradient: `work` has length {} but `x` has length {}: supply one Dual per input",
        work.len(),
        x.len()
    );
    for (w, &xi) in work.iter_mut().zip(x) {
        *w = Dual::constant(xi);
    }
    if x.is_empty() {
        return f(work).value();
    }
    let mut value = T::nan();
    let mut start = 0;
    while start < x.len() {
        let end = (start + C).min(x.len());
        for (k, i) in (start..end).enumerate() {
            work[i] = Dual::variable(x[i], k);
        }
        let y = f(work);
        value = y.value();
        grad[start..end].copy_from_slice(&y.partials()[..end - start]);
        for (w, &xi) in work[start..end].iter_mut().zip(&x[start..end]) {
            *w = Dual::constant(xi);
        }
        start = end;
    }
    value
}

/// [`chunked_gradient_into`] with buffers it allocates itself: returns f(x) and ∇f.
///
/// ```
/// let (v, g) = gradus::chunked_gradient::<_, _, 4>(|x| x.iter().map(|&xi| xi * xi).sum(), &[1.0, 2.0, 3.0]);
/// assert_eq!((v, g), (14.0, vec![2.0, 4.0, 6.0]));
/// ```
#[cfg(feature = "std")]
pub fn chunked_gradient<T: Float, F, const C: usize>(f: F, x: &[T]) -> (T, Vec<T>)
where
    F: Fn(&[Dual<T, C>]) -> Dual<T, C>,
{
    let mut grad = vec![T::zero(); x.len()];
    let mut work = vec![Dual::constant(T::zero()); x.len()];
    let v = chunked_gradient_into(f, x, &mut grad, &mut work);
    (v, grad)
}

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
    (y.value(), y.gradient()[0], y.hessian_entry(0, 0))
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
