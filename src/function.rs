//! Functions written once, generic over the number type.
//!
//! A Rust closure has one argument type, so `|x| f(&x)` passed to a forward
//! driver is a different closure from the one a reverse driver needs, and a
//! driver that must run the *same* function on several number types (sparse
//! detection then evaluation, checkpointing's plain forward sweeps then its
//! recorded steps, a check against finite differences) cannot take a closure
//! at all. A type implementing [`Function`] (or [`VectorFunction`]) carries a
//! *generic* method instead, so it is written once and every driver can run
//! it on whichever numbers it needs.
//!
//! ```
//! use gradus::Function;
//! use num_traits::Float;
//!
//! /// The extended Rosenbrock function, with its constant as data.
//! struct Rosenbrock {
//!     a: f64,
//! }
//!
//! impl Function for Rosenbrock {
//!     fn eval<T: Float>(&self, x: &[T]) -> T {
//!         let a = T::from(self.a).unwrap();
//!         x.windows(2).fold(T::zero(), |s, w| {
//!             s + a * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2)
//!         })
//!     }
//! }
//!
//! let f = Rosenbrock { a: 100.0 };
//! let x = [0.5, 1.5];
//! // The same function on f64, on forward duals and on a reverse tape.
//! let fx = f.eval(&x);
//! let (v, g) = gradus::gradient(|x| f.eval(&x), x);
//! let (w, h) = gradus::reverse::gradient(|x| f.eval(x), &x);
//! assert_eq!((fx, v, w), (fx, fx, fx));
//! assert_eq!(g.to_vec(), h);
//! ```
//!
//! Both traits are implemented for references, so drivers take `&f` or `f`.

use num_traits::Float;

/// A scalar function f: Rⁿ → R written once for every number type.
///
/// Implement [`eval`](Function::eval) with ordinary generic code; every
/// gradus driver that accepts a `Function` runs it on the numbers it needs
/// (plain floats, duals, tape variables, tracers).
pub trait Function {
    /// f(x).
    fn eval<T: Float>(&self, x: &[T]) -> T;
}

/// A vector-valued function f: Rⁿ → Rᵐ written once for every number type.
pub trait VectorFunction {
    /// Writes f(x) into `out`; `out.len()` is the number of outputs m.
    fn eval<T: Float>(&self, x: &[T], out: &mut [T]);
}

impl<F: Function + ?Sized> Function for &F {
    #[inline(always)]
    fn eval<T: Float>(&self, x: &[T]) -> T {
        (**self).eval(x)
    }
}

impl<F: VectorFunction + ?Sized> VectorFunction for &F {
    #[inline(always)]
    fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
        (**self).eval(x, out)
    }
}
