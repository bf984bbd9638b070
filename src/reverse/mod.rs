//! Reverse mode: a recorded [`Tape`] of operations on [`Var`]s, swept
//! backwards (PyTorch's autograd, in the small).
//!
//! Forward mode carries N derivative slots through every operation, so a
//! gradient of N inputs costs about N evaluations. Reverse mode runs the
//! program once, **recording** each operation and its local partial
//! derivatives on a tape (a Wengert list), then walks the tape once from the
//! output back to the inputs, accumulating *adjoints* ȳ·∂y/∂v with the chain
//! rule. One backward sweep gives ∂y/∂xᵢ for **every** input: a gradient costs
//! a small constant times one evaluation, whatever N is.
//!
//! ```text
//! f(x1, x2) = ln x1 + x1·x2 − sin x2 at (2, 5)
//!
//!   recorded (forward)                    swept (backward): v̄ = ∂f/∂v
//!   n0 = x1 = 2           input           x̄1 = v̄0 = v̄3·½ + v̄2·5       = 5.5
//!   n1 = x2 = 5           input           x̄2 = v̄1 = v̄4·(−cos 5) + v̄2·2 = 1.7163…
//!   n2 = n0·n1            weights 5, 2    v̄2 = v̄3·1                   = 1
//!   n3 = ln n0 + n2       weights ½, 1    v̄3 = v̄4·1                   = 1
//!   n4 = n3 − sin n1      weights 1, −cos 5   v̄4 = 1 (the seed)
//! ```
//!
//! `ln` and `sin` are unary, so they record no node of their own: their
//! derivatives ½ and cos 5 travel inside the variables and land in the
//! weights of the next binary operation (see [`Var`]). The tape holds 2
//! inputs and 3 operations.
//!
//! ```
//! use gradus::Tape;
//! use num_traits::Float;
//!
//! fn f<T: Float>(x: &[T]) -> T {
//!     x[0].ln() + x[0] * x[1] - x[1].sin()
//! }
//!
//! let tape = Tape::new();
//! let x = tape.vars(&[2.0, 5.0]);
//! let y = f(&x);
//! assert_eq!(tape.len(), 5); // 2 inputs + 3 binary operations
//! let g = y.backward();
//! assert!((g.wrt(x[0]) - 5.5).abs() < 1e-12);
//! assert!((g.wrt(x[1]) - 1.7163378145367738).abs() < 1e-12);
//! ```
//!
//! ## Operator overloading, recorded
//!
//! [`Var`] implements the same numeric surface as [`Dual`](crate::Dual)
//! (every operator, `Float`, …): generic `T: Float` code runs on it unchanged.
//! Each binary operation between two variables pushes one node (two parent
//! positions and two weights, [`Tape::NODE_BYTES`] = 24 bytes for `f64`) onto
//! the tape; unary operations and operations with constants only update the
//! variable. The tape records what *ran*: loops are unrolled and only the
//! branch taken is recorded, so a new point means a new recording (clear and
//! re-run). Constants (`2.0`, `Var::constant`, `Float::nan()`) are not on the
//! tape and cost nothing.
//!
//! ## The cost model
//!
//! - **One backward sweep per output.** A sweep gives the gradient of one
//!   scalar; a Jacobian of M outputs takes M sweeps over the same tape
//!   ([`jacobian`]). Forward mode is the better choice for few inputs and many
//!   outputs; reverse mode for many inputs and few outputs (a loss, an energy).
//! - **Vector-Jacobian products** wᵀJ cost a single sweep seeded with w
//!   ([`vjp`], [`Tape::vjp`]), the building block of backpropagation.
//! - **Memory grows with the run**: 24 bytes per input and per binary
//!   operation for `f64` on the tape, plus 8 per node for the adjoints during
//!   a sweep. The sweep is one loop over the flat tape, with no recursion
//!   (10⁷ nodes are fine) and cost linear in the tape however much the
//!   computation shares subexpressions.
//!
//! ## Reusing a tape: zero allocations per gradient
//!
//! A tape and its adjoint buffer keep their memory across [`Tape::clear`], so
//! repeated gradients (an optimiser loop) allocate only on the first call:
//!
//! ```
//! use gradus::{Tape, reverse};
//! use num_traits::Float;
//!
//! fn rosen<T: Float>(x: &[T]) -> T {
//!     let c = T::from(100.0).unwrap();
//!     x.windows(2).fold(T::zero(), |s, w| s + c * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2))
//! }
//!
//! let mut tape = Tape::new();
//! let mut x = vec![0.5; 100];
//! let mut grad = vec![0.0; 100];
//! for _ in 0..10 {
//!     // after the first call: no heap allocation at all
//!     let fx = reverse::gradient_on(&mut tape, rosen, &x, &mut grad);
//!     assert!(fx.is_finite());
//!     for (xi, gi) in x.iter_mut().zip(&grad) {
//!         *xi -= 1e-4 * gi;
//!     }
//! }
//! ```
//!
//! [`gradient`] is the one-line convenience: it records on a fresh tape and
//! returns a new `Vec`. Its closure bound is higher-ranked
//! (`for<'t> Fn(&[Var<'t, T>]) -> Var<'t, T>`, so that no variable can escape
//! the call), which accepts a closure written **inline**, `|x| rosen(x)`, and
//! a function written for `Var` with a named lifetime, but not the generic
//! function item `rosen` itself, nor a closure stored in a `let` first (Rust
//! infers a closure's signature as higher-ranked only where it is written as
//! an argument):
//!
//! ```
//! # use gradus::{Var, reverse};
//! # use num_traits::Float;
//! # fn rosen<T: Float>(x: &[T]) -> T { x[0] * x[0] }
//! let x = [1.0, 2.0];
//! let (_, g) = reverse::gradient(|x| rosen(x), &x); // inline closure: fine
//!
//! fn on_vars<'t>(x: &[Var<'t>]) -> Var<'t> {
//!     x[0].sin() * x[1]
//! }
//! let (_, g) = reverse::gradient(on_vars, &x); // named lifetime: fine
//! ```
//!
//! ```compile_fail
//! # use gradus::reverse;
//! # use num_traits::Float;
//! # fn rosen<T: Float>(x: &[T]) -> T { x[0] * x[0] }
//! // error: `rosen::<Var<'?>>` is one function for one lifetime, not for all
//! let (_, g) = reverse::gradient(rosen, &[1.0, 2.0]);
//! ```
//!
//! ```compile_fail
//! # use gradus::reverse;
//! # use num_traits::Float;
//! # fn rosen<T: Float>(x: &[T]) -> T { x[0] * x[0] }
//! let f = |x| rosen(x); // signature inferred here, for one lifetime
//! let (_, g) = reverse::gradient(f, &[1.0, 2.0]); // error: not general enough
//! ```
//!
//! [`gradient_on`] has an ordinary bound tied to its tape borrow, and accepts
//! `rosen` directly, as in the loop above.
//!
//! "The same computation" means the same recorded operations. An operation
//! whose partial derivative is exactly zero at the point (a product with an
//! exact 0, `floor`, a clamped branch) records no edge, so a run at such a
//! point can be shorter than at another; a run longer than every earlier one
//! grows the tape once (it allocates while recording, and the next
//! [`Tape::clear`] keeps the larger storage).
//!
//! By hand: `tape.clear()` (it takes `&mut self`, so it compiles only once
//! every variable of the previous run is gone), `tape.var(x)` per input,
//! evaluate, `y.backward()`, read with [`Adjoints::wrt`] or
//! [`Adjoints::wrt_into`]. A new tape grows while it records; after
//! [`Tape::clear`] it holds the largest recording seen so far in storage that
//! is written without any borrow bookkeeping, which is why the second and
//! later recordings are also the fast ones.
//!
//! ## One tape per computation
//!
//! Variables from two tapes never combine silently. The drivers with a
//! higher-ranked bound make it a compile error: a variable captured from
//! outside cannot be mixed with the call's own,
//!
//! ```compile_fail
//! use gradus::{Tape, reverse};
//! let other = Tape::new();
//! let captured = other.var(2.0);
//! // error: `other` does not live long enough (the result would have to
//! // outlive every tape the driver could create)
//! let (_, g) = reverse::gradient(|x| x[0] * captured, &[1.0]);
//! ```
//!
//! and combining two live tapes' variables anywhere else panics, naming the
//! fix:
//!
//! ```should_panic
//! use gradus::Tape;
//! let (t1, t2) = (Tape::new(), Tape::new());
//! // panics: "variables from two different tapes were combined; …"
//! let y = t1.var(1.0) * t2.var(2.0);
//! ```
//!
//! The second is a run-time check because `tape.var` hands out plain
//! borrows: two tapes in one scope can be borrowed for the same region, so
//! no lifetime tells them apart (a brand needs a closure-scoped tape, which
//! `Tape::new()` is not). It costs one pointer comparison per binary
//! operation. A constant combines with any tape; to carry a value from one
//! tape to another, pass `Var::constant(v.value())`.
//!
//! ## Derivatives at special points
//!
//! The sweep follows the crate's conventions exactly as forward mode does,
//! because it reads the same [table](crate::rules) and applies the same
//! zero-partial rule: a contribution adjoint · weight in which either factor
//! is exactly zero adds nothing. So ∇ ln(0·x₁ + x₂) at (1, 0) is (0, +inf) and
//! ∇(√x₁ + x₂) at x₁ = 0 is (+inf, 1) in both modes, `abs'(0) = 0`, and
//! `max`/`min` pass the derivative of the argument they return.
//!
//! ## Nesting
//!
//! `Var<'t, Dual<T, N>>` (reverse over forward) records a tape whose weights
//! are duals: one forward-and-backward pass gives the gradient and N
//! directional derivatives of it, so [`hvp`] gives a Hessian-vector product
//! H·v in O(1) passes, and seeding N = n directions gives the whole Hessian.
//! `Dual<Var<'t, T>, N>` (forward over reverse) also works: the directional
//! derivative ∇f·v is itself a `Var`, whose backward sweep gives H·v.
//!
//! [`Var`] does not implement nalgebra's traits (nalgebra needs `'static`
//! scalars); use [`Dual`](crate::Dual) for matrix calculus.

mod accumulate;
pub mod checkpoint;
mod dot;
mod drivers;
mod reduce;
mod sweep;
mod tape;
mod var;

pub use accumulate::sum_gradient_on;
pub use drivers::{gradient, gradient_on, hvp, jacobian, vjp};
pub use sweep::Adjoints;
pub use tape::Tape;
pub use var::Var;
