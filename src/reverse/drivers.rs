//! The reverse-mode drivers: gradients, Jacobians, vector-Jacobian and
//! Hessian-vector products, on a fresh tape or a caller's.

use super::tape::{Tape, mixed_tapes, recycle};
use super::var::Var;
use crate::Dual;
use num_traits::Float;

/// Panics unless `y` is a constant or a variable of `tape`.
#[inline]
fn check_output<T: Float>(tape: &Tape<T>, y: &Var<'_, T>) {
    if let Some(t) = y.tape_ref()
        && !core::ptr::eq(t, tape)
    {
        mixed_tapes();
    }
}

/// The value and gradient of `f: Rⁿ → R` at `x`, in one recording and one
/// backward sweep, on a fresh tape.
///
/// The closure must be written inline (`|x| rosen(x)`): see the
/// [module docs](super#reusing-a-tape-zero-allocations-per-gradient). For
/// repeated gradients without allocation use [`gradient_on`].
///
/// ```
/// use num_traits::Float;
/// fn f<T: Float>(x: &[T]) -> T {
///     x[0].ln() + x[0] * x[1] - x[1].sin()
/// }
/// let (v, g) = gradus::reverse::gradient(|x| f(x), &[2.0, 5.0]);
/// assert!((v - 11.652071455223084).abs() < 1e-12);
/// assert!((g[0] - 5.5).abs() < 1e-12 && (g[1] - 1.7163378145367738).abs() < 1e-12);
/// ```
pub fn gradient<T: Float, F>(f: F, x: &[T]) -> (T, Vec<T>)
where
    F: for<'t> FnOnce(&[Var<'t, T>]) -> Var<'t, T>,
{
    let tape = Tape::new();
    let xs = tape.vars(x);
    let y = f(&xs);
    check_output(&tape, &y);
    let mut grad = vec![T::zero(); x.len()];
    y.backward().prefix_into(&mut grad);
    (y.value(), grad)
}

/// The gradient of `f` at `x` on a caller-owned tape, written into `grad`;
/// returns f(x).
///
/// The tape is cleared first, and its node, adjoint and input buffers are
/// reused: after one warm-up call with the same computation, a call performs
/// **no heap allocation**. The bound on `f` is not higher-ranked, so a generic
/// function item is accepted as is (`gradient_on(&mut tape, rosen, …)`).
///
/// # Panics
/// If `grad.len() != x.len()`, or `f` returns a variable of another tape.
///
/// ```
/// use gradus::{Tape, reverse};
/// use num_traits::Float;
/// fn f<T: Float>(x: &[T]) -> T {
///     x.iter().fold(T::zero(), |s, &xi| s + xi * xi).sqrt()
/// }
/// let mut tape = Tape::new();
/// let mut grad = [0.0; 2];
/// let norm = reverse::gradient_on(&mut tape, f, &[3.0, 4.0], &mut grad);
/// assert_eq!(norm, 5.0);
/// assert!((grad[0] - 0.6).abs() < 1e-15 && (grad[1] - 0.8).abs() < 1e-15);
/// ```
pub fn gradient_on<'t, T: Float, F>(tape: &'t mut Tape<T>, f: F, x: &[T], grad: &mut [T]) -> T
where
    F: FnOnce(&[Var<'t, T>]) -> Var<'t, T>,
{
    assert_eq!(
        grad.len(),
        x.len(),
        "reverse::gradient_on: `grad` has length {} but `x` has length {}: they must match",
        grad.len(),
        x.len()
    );
    tape.clear();
    let spare = core::mem::take(tape.spare.get_mut());
    let tape: &'t Tape<T> = tape;
    let mut xs: Vec<Var<'t, T>> = recycle(spare);
    xs.reserve(x.len());
    tape.vars_into(x, &mut xs);
    let y = f(&xs);
    check_output(tape, &y);
    y.backward().prefix_into(grad);
    tape.spare.set(recycle(xs));
    y.value()
}

/// The values and Jacobian of `f: Rⁿ → Rᵐ` at `x`: row `i` is the gradient of
/// output `i`. One recording, then one backward sweep per output over the
/// same tape.
///
/// ```
/// use num_traits::Float;
/// // polar → Cartesian
/// let (p, j) = gradus::reverse::jacobian(|x| vec![x[0] * x[1].cos(), x[0] * x[1].sin()], &[2.0, 0.0]);
/// assert_eq!(p, vec![2.0, 0.0]);
/// assert_eq!(j, vec![vec![1.0, 0.0], vec![0.0, 2.0]]);
/// ```
pub fn jacobian<T: Float, F>(f: F, x: &[T]) -> (Vec<T>, Vec<Vec<T>>)
where
    F: for<'t> FnOnce(&[Var<'t, T>]) -> Vec<Var<'t, T>>,
{
    let tape = Tape::new();
    let xs = tape.vars(x);
    let ys = f(&xs);
    let mut rows = Vec::with_capacity(ys.len());
    for y in &ys {
        check_output(&tape, y);
        let mut row = vec![T::zero(); x.len()];
        y.backward().prefix_into(&mut row);
        rows.push(row);
    }
    (ys.iter().map(Var::value).collect(), rows)
}

/// The values of `f: Rⁿ → Rᵐ` at `x` and the vector-Jacobian product wᵀJ
/// (length n), in one recording and a single backward sweep, whatever m is.
///
/// # Panics
/// If `w` does not have one weight per output.
///
/// ```
/// let (y, vj) = gradus::reverse::vjp(|x| vec![x[0] * x[1], x[0] + x[1]], &[3.0, 4.0], &[1.0, 10.0]);
/// assert_eq!(y, vec![12.0, 7.0]);
/// assert_eq!(vj, vec![4.0 + 10.0, 3.0 + 10.0]);
/// ```
pub fn vjp<T: Float, F>(f: F, x: &[T], w: &[T]) -> (Vec<T>, Vec<T>)
where
    F: for<'t> FnOnce(&[Var<'t, T>]) -> Vec<Var<'t, T>>,
{
    let tape = Tape::new();
    let xs = tape.vars(x);
    let ys = f(&xs);
    let mut out = vec![T::zero(); x.len()];
    tape.vjp(&ys, w).prefix_into(&mut out);
    (ys.iter().map(Var::value).collect(), out)
}

/// The value, gradient and Hessian-vector product H·v of `f: Rⁿ → R` at `x`,
/// by reverse over forward mode: `f` runs once on `Var<'t, Dual<T, 1>>` with
/// the inputs seeded along `v`, and one backward sweep of dual adjoints gives
/// ∇f + (H·v)ε. The cost is a small multiple of one gradient, independent of n.
///
/// # Panics
/// If `v.len() != x.len()`.
///
/// ```
/// use num_traits::Float;
/// fn f<T: Float>(x: &[T]) -> T {
///     x[0].ln() + x[0] * x[1] - x[1].sin()
/// }
/// // H = [[−1/4, 1], [1, sin 5]] at (2, 5)
/// let (_, g, hv) = gradus::reverse::hvp(|x| f(x), &[2.0, 5.0], &[1.0, 0.0]);
/// assert!((g[0] - 5.5).abs() < 1e-12);
/// assert_eq!(hv, vec![-0.25, 1.0]);
/// ```
pub fn hvp<T: Float, F>(f: F, x: &[T], v: &[T]) -> (T, Vec<T>, Vec<T>)
where
    F: for<'t> FnOnce(&[Var<'t, Dual<T, 1>>]) -> Var<'t, Dual<T, 1>>,
{
    assert_eq!(
        v.len(),
        x.len(),
        "reverse::hvp: `v` has length {} but `x` has length {}: they must match",
        v.len(),
        x.len()
    );
    let tape = Tape::new();
    let seeded: Vec<Dual<T, 1>> = x.iter().zip(v).map(|(&a, &b)| Dual::new(a, [b])).collect();
    let xs = tape.vars(&seeded);
    let y = f(&xs);
    check_output(&tape, &y);
    let mut adj = vec![Dual::constant(T::zero()); x.len()];
    y.backward().prefix_into(&mut adj);
    let grad = adj.iter().map(|a| a.value()).collect();
    let hv = adj.iter().map(|a| a.partials()[0]).collect();
    (y.value().value(), grad, hv)
}
