//! Forward mode: numbers that carry their derivatives along with their
//! values, and the drivers that seed them.
//!
//! | type | carries | one pass gives |
//! |---|---|---|
//! | [`Dual<T, N>`](crate::Dual) | value, N partials | a gradient (N ≥ inputs) or N directional derivatives |
//! | [`HyperDual<T, N>`](crate::HyperDual) | value, gradient, Hessian (upper triangle) | f, ∇f, ∇²f |
//! | [`HvpDual<T, N>`](crate::HvpDual) | value, gradient, ∇f·v, ∇²f·v | a Hessian-vector product |
//!
//! Each type implements [`Number`](crate::Number) (its chain rule) and
//! nothing else by hand: the operators, num-traits and nalgebra impls are
//! generated. [`drivers`] seeds them for the common derivatives.

pub mod drivers;
pub mod dual;
pub mod hvp_dual;
pub mod hyperdual;
