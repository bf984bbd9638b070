//! Sparsity detection by operator overloading: the tracers, their
//! detectors and the one-call drivers (documented in the
//! [`sparse`](crate::sparse#sparsity-detection) module).

mod dag;
mod hessian;
mod jacobian;
pub(crate) mod surface;

pub use hessian::{HessianDetector, HessianTracer};
pub use jacobian::{JacobianDetector, JacobianTracer};

use crate::sparse::SparsityPattern;
use crate::{Function, VectorFunction};
use core::fmt;
use num_traits::Float;

/// The m × n Jacobian pattern of `f: Rⁿ → Rᵐ`, valid for every input (a
/// global detection, see [sparsity detection](crate::sparse#sparsity-detection)).
///
/// # Panics
/// If `f` reads the value of an input-dependent number (a comparison, a
/// predicate): the message says to use [`local_jacobian_pattern`].
///
/// ```
/// use gradus::VectorFunction;
/// use gradus::sparse::jacobian_pattern;
/// use num_traits::Float;
///
/// struct Polar;
/// impl VectorFunction for Polar {
///     fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
///         y[0] = x[0] * x[1].cos();
///         y[1] = x[0] * x[1].sin();
///         y[2] = x[2].floor(); // a step: no dependency
///     }
/// }
/// let p = jacobian_pattern(Polar, 3, 3);
/// assert_eq!(p.row(0), &[0, 1]);
/// assert!(p.row(2).is_empty());
/// ```
pub fn jacobian_pattern<F: VectorFunction>(f: F, n: usize, m: usize) -> SparsityPattern {
    JacobianDetector::global(n).trace(f, m)
}

/// The m × n Jacobian pattern of `f: Rⁿ → Rᵐ` at the point `x`: branches are
/// taken as the plain program takes them there, and the pattern is valid at
/// `x` (and near it, while no branch flips).
///
/// ```
/// use gradus::VectorFunction;
/// use gradus::sparse::local_jacobian_pattern;
/// use num_traits::Float;
///
/// struct Relu;
/// impl VectorFunction for Relu {
///     fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
///         for (yi, &xi) in y.iter_mut().zip(x) {
///             *yi = if xi > T::zero() { xi } else { T::zero() };
///         }
///     }
/// }
/// let p = local_jacobian_pattern(Relu, &[1.0, -1.0, 2.0], 3);
/// assert_eq!(p.to_string(), "• · ·\n· · ·\n· · •\n");
/// ```
pub fn local_jacobian_pattern<F: VectorFunction, T: Float>(
    f: F,
    x: &[T],
    m: usize,
) -> SparsityPattern {
    JacobianDetector::local(x).trace(f, m)
}

/// The n × n (symmetric) Hessian pattern of `f: Rⁿ → R`, valid for every
/// input (a global detection, see [sparsity detection](crate::sparse#sparsity-detection)).
///
/// # Panics
/// If `f` reads the value of an input-dependent number: the message says to
/// use [`local_hessian_pattern`].
///
/// ```
/// use gradus::Function;
/// use gradus::sparse::hessian_pattern;
/// use num_traits::Float;
///
/// /// Σ (x[i] − x[i+1])⁴ + x[0]·x[last]: a cycle.
/// struct Ring;
/// impl Function for Ring {
///     fn eval<T: Float>(&self, x: &[T]) -> T {
///         let n = x.len();
///         let s = x.windows(2).fold(T::zero(), |s, w| s + (w[0] - w[1]).powi(4));
///         s + x[0] * x[n - 1]
///     }
/// }
/// let h = hessian_pattern(Ring, 4);
/// assert_eq!(h.to_string(), "• • · •\n• • • ·\n· • • •\n• · • •\n");
/// ```
pub fn hessian_pattern<F: Function>(f: F, n: usize) -> SparsityPattern {
    HessianDetector::global(n).trace(f)
}

/// The n × n Hessian pattern of `f: Rⁿ → R` at the point `x`: branches are
/// taken as the plain program takes them there, and the pattern is valid at
/// `x` (and near it, while no branch flips).
///
/// ```
/// use gradus::Function;
/// use gradus::sparse::local_hessian_pattern;
/// use num_traits::Float;
///
/// /// x0·x1 where x0 > 0, else x1².
/// struct Switch;
/// impl Function for Switch {
///     fn eval<T: Float>(&self, x: &[T]) -> T {
///         if x[0] > T::zero() { x[0] * x[1] } else { x[1] * x[1] }
///     }
/// }
/// assert_eq!(local_hessian_pattern(Switch, &[1.0, 2.0]).to_string(), "· •\n• ·\n");
/// assert_eq!(local_hessian_pattern(Switch, &[-1.0, 2.0]).to_string(), "· ·\n· •\n");
/// ```
pub fn local_hessian_pattern<F: Function, T: Float>(f: F, x: &[T]) -> SparsityPattern {
    HessianDetector::local(x).trace(f)
}

/// `{0, 3}` after a space.
fn write_set(f: &mut fmt::Formatter<'_>, set: &[usize]) -> fmt::Result {
    f.write_str(" {")?;
    for (k, i) in set.iter().enumerate() {
        if k > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{i}")?;
    }
    f.write_str("}")
}

#[cold]
#[inline(never)]
#[track_caller]
fn no_value() -> ! {
    panic!(
        "gradus::sparse: the program reads the value of a global sparsity tracer (a predicate such as \
         is_nan or is_finite, to_f64, classify, …), but a global detection knows no values: its \
         pattern must hold for every input. Use local detection at a point instead \
         (sparse::local_jacobian_pattern / local_hessian_pattern, or JacobianDetector::local / \
         HessianDetector::local): that pattern is valid at the point"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn no_comparison() -> ! {
    panic!(
        "gradus::sparse: the program compares a global sparsity tracer (<, ==, partial_cmp, …) whose \
         value depends on the input, so the branch it takes is not the same for every input. Use \
         local detection at a point instead (sparse::local_jacobian_pattern / local_hessian_pattern, \
         or JacobianDetector::local / HessianDetector::local): that pattern is valid at the point, \
         and near it while no branch flips. (max, min, clamp, abs and copysign need no comparison: \
         they are traced for every input.)"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn mixed_detectors() -> ! {
    panic!(
        "gradus::sparse: tracers of two different detections were combined; every tracer of one \
         program must come from the inputs of one JacobianDetector or HessianDetector"
    )
}
