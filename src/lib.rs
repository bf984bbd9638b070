#![doc = include_str!("../README.md")]
//!
//! # Guide
//!
//! ## Which type when
//!
//! | you need | use | cost per call of `f` (n inputs) |
//! |---|---|---|
//! | f′ of a scalar function | [`derivative`] (`Dual<T, 1>`) | ≈ 2–3 evaluations |
//! | ∇f, n up to ~30, known at compile time | [`gradient`] (`Dual<T, N>`) | ≈ n evaluations' arithmetic, no heap |
//! | ∇f, n known at run time | [`chunked_gradient_into`] (`Dual<T, C>`, ⌈n/C⌉ passes) | ≈ n evaluations, no heap |
//! | ∇f, many inputs (hundreds to millions) | [`reverse::gradient_on`] ([`Tape`], [`Var`]) | ≈ 3–10 evaluations, whatever n |
//! | J·v (Jacobian-vector product) | [`jvp`] (`Dual<T, 1>`) | ≈ 2–3 evaluations |
//! | vᵀJ (vector-Jacobian product) | [`reverse::vjp`] | one sweep |
//! | Jacobian, m outputs | [`jacobian`] (forward, n directions) or [`reverse::jacobian`] (m sweeps) | the smaller of n and m passes |
//! | f″, ∇f and ∇²f | [`second_derivative`], [`hessian`] ([`HyperDual`]) | ≈ n(n+1)/2 multiply-adds per operation |
//! | H·v (Hessian-vector product) | [`hvp`] ([`HvpDual`], forward over forward) or [`reverse::hvp`] (reverse over forward) | ≈ 2–3 gradients, or O(1) evaluations |
//! | Jacobian or Hessian of a large sparse function | [`sparse::SparseJacobian`], [`sparse::SparseHessian`] (detect the pattern, color it, compressed passes) | ≈ one pass per color (10 for a 2-D Brusselator of any size) |
//! | third and higher derivatives | nesting: `Dual<HyperDual<f64, N>, N>`, `HyperDual<HyperDual<f64, 1>, 1>` | multiplies per level |
//! | derivatives of nalgebra matrix code | [`nalgebra`](mod@crate::nalgebra) drivers (`Dual`, `HyperDual` are `RealField`) | as forward mode |
//!
//! **Forward or reverse?** A forward pass pushes one tangent direction (or N
//! at once) from the inputs to the outputs: it computes Jacobian-vector
//! products J·v, so a full gradient of n inputs needs n directions. A reverse
//! sweep pulls one adjoint from an output back to every input: it computes
//! vector-Jacobian products vᵀJ, so one sweep gives the whole gradient of a
//! scalar function, at the price of recording the computation. Few inputs, or
//! more outputs than inputs: forward. Many inputs, one output: reverse.
//!
//! ## What a derivative is, and how a computer gets one exactly
//!
//! The derivative f′(a) is the slope of f at a: f(a + h) ≈ f(a) + h f′(a) for
//! small h. There are three ways to compute it:
//!
//! - **Finite differences** evaluate f twice, (f(a + h) − f(a − h)) / 2h, and
//!   lose about half the digits to the choice of h (too large: truncation;
//!   too small: cancellation). gradus uses them only as an independent test.
//! - **Symbolic differentiation** rewrites the formula, and its expressions can
//!   grow exponentially; it cannot see through loops and branches.
//! - **Automatic differentiation (AD)**, what gradus does, runs the program
//!   itself on numbers that carry derivatives, applying the chain rule to every
//!   elementary operation. The result is exact up to rounding, and loops,
//!   branches and function calls need no special treatment.
//!
//! Every elementary function's derivative is written once, in the table
//! [`rules`]; each number type applies it through one chain-rule method,
//! [`Number::chain`].
//!
//! ## Forward mode: dual numbers
//!
//! A [`Dual`] number a + bε has ε² = 0, so
//! f(a + bε) = f(a) + f′(a) b ε exactly (the Taylor series stops after one
//! term). With N slots ε₁…ε_N, seeding input i with εᵢ makes slot i of the
//! result ∂f/∂xᵢ. For the worked example f(x1, x2) = ln x1 + x1·x2 − sin x2 at
//! (2, 5):
//!
//! ```text
//!   x1 = 2 + [1, 0]ε,  x2 = 5 + [0, 1]ε
//!   ln x1   = 0.6931 + [0.5, 0]ε          ln′ x = 1/x
//!   x1·x2   = 10     + [5,   2]ε          (a + a′ε)(b + b′ε) = ab + (a′b + ab′)ε
//!   sin x2  = −0.9589 + [0, 0.2837]ε      sin′ x = cos x
//!   f       = 11.6521 + [5.5, 1.7163]ε
//! ```
//!
//! One forward pass computes a Jacobian-vector product J·v for every seed
//! vector it carries; a gradient of n inputs needs n directions, so forward
//! mode costs O(n) evaluations' work. It shines for few inputs and many
//! outputs (Jacobians of small systems), and it needs no memory beyond the
//! numbers themselves: `Dual<T, N>` is `Copy` and lives on the stack.
//!
//! ## Second order in one pass: hyper-dual numbers
//!
//! A [`HyperDual<T, N>`] carries a value, N first and the N×N second
//! derivatives: the chain rule becomes
//! `hess ← hess · f′ + grad gradᵀ · f″`, with f″ read from the same
//! [`rules`] table. The Hessian is symmetric, so only its upper triangle is
//! computed; [`hessian`] returns the full matrix. For the worked example,
//! H = [[−1/x1², 1], [1, sin x2]] = [[−0.25, 1], [1, sin 5]]:
//!
//! ```
//! fn f<T: num_traits::Float>(x: &[T]) -> T {
//!     x[0].ln() + x[0] * x[1] - x[1].sin()
//! }
//! let (_, _, h) = gradus::hessian(|x| f(&x), [2.0, 5.0]);
//! assert_eq!(h[0], [-0.25, 1.0]);
//! assert_eq!(h[1][0], 1.0);
//! assert!((h[1][1] - 5f64.sin()).abs() < 1e-15);
//! ```
//!
//! When only H·v is needed (a Newton-CG step, a curvature along one
//! direction), the N² part is waste: [`HvpDual<T, N>`] carries f, ∇f, the
//! derivative along v and ∇²f·v, and each operation updates the last with
//! `hv ← hv · f′ + grad · (f″ · ∇f·v)`. Along v = (1, 0) the worked example
//! gives the first column of H:
//!
//! ```
//! # fn f<T: num_traits::Float>(x: &[T]) -> T {
//! #     x[0].ln() + x[0] * x[1] - x[1].sin()
//! # }
//! let (_, _, hv) = gradus::hvp(|x| f(&x), [2.0, 5.0], [1.0, 0.0]);
//! assert_eq!(hv, [-0.25, 1.0]);
//! ```
//!
//! ## Higher orders by nesting
//!
//! `T` in `Dual<T, N>` can itself be a dual: `Dual<Dual<f64, 1>, 1>` is
//! a + bε₁ + cε₂ + dε₁ε₂ and its ε₁ε₂ slot holds f″. Every rule in [`rules`] is
//! generic, so nesting needs no extra code.
//!
//! ```
//! use gradus::Dual;
//! use num_traits::Float;
//! // d²/dx² sin x at x = 1 is −sin 1
//! let x = Dual::<Dual<f64, 1>, 1>::new(Dual::new(1.0, [1.0]), [Dual::new(1.0, [0.0])]);
//! let y = x.sin();
//! assert!((y.partials()[0].partials()[0] + 1f64.sin()).abs() < 1e-15);
//! ```
//!
//! ### The nesting rule (perturbation confusion)
//!
//! Duals carry no tag saying which differentiation they belong to. When an
//! inner derivative is taken *inside* a function being differentiated, seed
//! the inner variable at a point of the **outer** type, never at a plain
//! `f64` with the outer dual captured by the closure:
//!
//! ```
//! use gradus::{Dual, derivative};
//! // d/dx [ x · d/dy (x + y) ] at x = 1 is 1.
//! let (_, d) = derivative(
//!     |x| {
//!         // Inner variable y seeded as Dual<Dual<f64, 1>, 1>: the inner ε is
//!         // distinct from x's ε, so d/dy (x + y) is exactly 1.
//!         let (_, inner) = derivative(|y| Dual::constant(x) + y, Dual::constant(1.0));
//!         x * inner
//!     },
//!     1.0,
//! );
//! assert_eq!(d, 1.0);
//! ```
//!
//! The same call with the inner point a plain `1.0` and `|y| x + y` compiles
//! and returns 2: both levels share one ε. The rule is documented rather than
//! enforced because a tag telling one call's ε from another's would have to be
//! a fresh type per driver call, and Rust makes fresh types only from
//! lifetimes (a brand such as `for<'a>`) or closures: a lifetime would stop
//! `Dual` from being the `'static` scalar nalgebra requires, and
//! `Dual<T, const N: usize>` has no place for a tag parameter. The rule
//! applies to every nested driver, [`HyperDual`] and [`second_derivative`] /
//! [`hessian()`] included: seed the inner call at `HyperDual::constant(x)`.
//!
//! ## Reverse mode: a recorded tape
//!
//! Operator overloading can also *record*: a [`Var`] runs the same generic
//! code, and each operation appends its parents and local partial
//! derivatives to a [`Tape`]. Sweeping the tape once backwards, from the
//! output to the inputs, gives the derivative of that output with respect to
//! **every** input, so a gradient costs a small constant times one
//! evaluation however many inputs there are. The price is memory (24 bytes
//! of tape per binary operation for `f64`; unary ones are folded into the
//! variables and cost none) and one backward sweep per output: a
//! Jacobian of m outputs takes m sweeps, and a vector-Jacobian product wᵀJ
//! takes one. Use forward mode for few inputs, reverse mode for many inputs
//! and few outputs (a loss, an energy, a log-likelihood).
//!
//! ```
//! use gradus::Tape;
//! use num_traits::Float;
//!
//! let tape = Tape::new();
//! let (x1, x2) = (tape.var(2.0), tape.var(5.0));
//! let y = x1.ln() + x1 * x2 - x2.sin();
//! let g = y.backward();
//! assert!((g.wrt(x1) - 5.5).abs() < 1e-12);
//! assert!((g.wrt(x2) - 1.7163378145367738).abs() < 1e-12);
//! ```
//!
//! A reused tape allocates nothing per gradient
//! ([`reverse::gradient_on`]); the [`reverse`] module explains the tape, its
//! drivers ([`reverse::gradient`], [`reverse::jacobian`], [`reverse::vjp`],
//! [`reverse::hvp`]) and nesting with [`Dual`].
//!
//! ## Derivatives at special points
//!
//! Values follow IEEE-754; derivatives follow the one convention of the
//! table in [Derivatives at special points](#derivatives-at-special-points)
//! above, the same in every mode, including the zero-partial rule (which needs
//! [`Zero::is_zero`](num_traits::Zero::is_zero) to mean *every component is
//! zero*, unlike `==`) and the consequence that branches see values.
//!
//! ## The numeric surface
//!
//! [`Dual`] implements every `std::ops` operator (`+ - * / %`, `-x`, the
//! `*Assign` forms, owned and borrowed) with itself, with its scalar `T` on the
//! right, and with the base float `f32`/`f64` on either side at any nesting
//! depth (`2.0 * x`, `1.0 / x`); `Sum`, `Product`, `PartialEq`/`PartialOrd`
//! (values), `Default`, `Debug`, `Display` (`3.5 + [1, 0]ε`); and num-traits'
//! `Zero`, `One`, `Num`, `NumCast`, `ToPrimitive` (the value; derivatives are
//! dropped), `FromPrimitive`, `Float` (every method), `FloatConst`, `Signed`,
//! `Inv`, `MulAdd`, `Pow<i32>`, `Pow<Self>`, `Pow<f64>`/`Pow<f32>`, `Bounded`,
//! and so `num_traits::real::Real`.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![deny(unconditional_recursion)]
#![warn(rust_2018_idioms)]

#[cfg(feature = "std")]
pub mod check;
pub mod forward;
mod function;
#[cfg(feature = "nalgebra")]
pub mod nalgebra;
mod number;
mod partials;
pub mod real;
#[cfg(feature = "std")]
pub mod reverse;
pub mod rules;
#[cfg(feature = "std")]
pub mod sparse;
mod surface;

#[cfg(feature = "std")]
pub use forward::drivers::chunked_gradient;
pub use forward::drivers::{
    chunked_gradient_into, derivative, gradient, hessian, hvp, jacobian, jvp, second_derivative,
};
pub use forward::dual::Dual;
pub use forward::hvp_dual::HvpDual;
pub use forward::hyperdual::HyperDual;
/// The paths `gradus::dual::Dual` and `gradus::hyperdual::HyperDual` of
/// earlier releases.
pub use forward::{dual, hyperdual};
pub use function::{Function, VectorFunction};
pub use number::{FromBase, Number};
pub use real::{Real, Reduce};
#[cfg(feature = "std")]
pub use reverse::{Tape, Var};
