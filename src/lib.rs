//! # gradus — exact derivatives of ordinary generic numeric code
//!
//! Write a function once, generic over [`num_traits::Float`]; run it on gradus
//! number types and get its derivatives, exact to floating-point rounding:
//!
//! ```
//! use num_traits::Float;
//!
//! fn f<T: Float>(x: &[T]) -> T {
//!     x[0].ln() + x[0] * x[1] - x[1].sin()
//! }
//!
//! let (value, grad) = gradus::gradient(|x| f(&x), [2.0, 5.0]);
//! assert!((value - 11.652071455223084).abs() < 1e-12);
//! assert!((grad[0] - 5.5).abs() < 1e-12);
//! assert!((grad[1] - 1.7163378145367738).abs() < 1e-12);
//! ```
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
//! ## Derivatives at special points
//!
//! Values follow IEEE-754 (no operation panics on NaN, inf or a zero divisor).
//! Derivatives follow one convention, the same in every mode:
//!
//! | where | convention |
//! |---|---|
//! | `abs` at ±0 | derivative 0 |
//! | `max`, `min`, `clamp` | the derivative of the argument returned; ties return the first argument (`self`) |
//! | `floor`, `ceil`, `round`, `trunc`, `signum` | derivative 0, also at the jumps |
//! | `fract`, `x % c` | derivative 1 in x, also at the jumps |
//! | `sqrt`, `cbrt` at 0 | +inf (second derivative −inf) |
//! | `ln`, `log2`, `log10` at 0 | value −inf, derivative +inf; below 0 NaN |
//! | `powf(0, p)`, `powi(0, n)` | exact: 0^1.5 = 0 with derivative 0; 0^0.5 has derivative +inf; x⁰ has derivative 0 |
//! | `powf(x, y)` in y where xʸ = 0 | 0 (0ʸ is constant in y) |
//! | `hypot` at the origin, `atan2` at the origin | derivatives 0 |
//! | `asin`, `acos` at ±1, `atanh` at ±1, `acosh` at 1 | ±inf |
//! | a partial that is exactly 0, times an infinite or NaN local derivative | stays 0 (the *zero-partial rule*) |
//! | `==`, `<`, … | compare values only |
//!
//! The zero-partial rule keeps one input's singularity out of another input's
//! derivative: the gradient of `ln(0·x₁ + x₂)` at (1, 0) is (0, +inf), not
//! (NaN, +inf), and `sqrt(x₁) + x₂` at x₁ = 0 has ∂/∂x₂ = 1. It needs
//! [`Zero::is_zero`](num_traits::Zero::is_zero) to mean *every component is
//! zero* (value and derivatives), unlike `==`.
//!
//! **Branches see values.** Because comparisons look at values only, code
//! that branches on `x == 0` takes the branch the plain program takes, and
//! differentiates that branch: a product loop that exits early when a factor
//! is 0 returns the derivative of the early exit. Write such tests on the
//! values you mean to test, or avoid early exits that are not mathematically
//! part of the function.
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

mod drivers;
mod dual;
mod fmt;
mod hyperdual;
mod number;
pub mod rules;
mod second;

#[cfg(feature = "std")]
pub use drivers::chunked_gradient;
pub use drivers::{chunked_gradient_into, derivative, gradient, jacobian, jvp};
pub use dual::Dual;
pub use hyperdual::HyperDual;
pub use number::{FromBase, Number};
pub use second::{hessian, hvp, second_derivative};
