//! One verification suite for every elementary function and operator of
//! gradus, in every AD mode, through one framework.
//!
//! - [`coverage`]: every function and operator the rules list has an entry.
//! - [`framework`]: the [`framework::Mode`] trait and THE list of modes, the
//!   scalar surface every function uses, comparisons, the case tally.
//! - [`functions`]: THE list of functions, each with its domain, edge inputs
//!   and closed-form derivatives.
//! - [`random`]: random points (proptest) against finite differences
//!   (`gradus::check`), closed forms and the other modes.
//! - [`edges`]: edge inputs against the documented conventions.
//! - [`table`]: the rules of `gradus::rules` as a second-order type reads
//!   them (f, f′, f″), against nested duals and the closed forms.
//! - [`fuzz`]: random expression trees in every mode.
//! - [`nested`]: nested second derivatives, perturbation confusion,
//!   published values.
//! - [`sparsity`]: the sparsity tracers' patterns against the nonzeros of
//!   the dense derivatives, at random and edge points.
//! - [`regressions`]: each derivative the suite found wrong, reduced.
//!
//! The number of (function × type × input) cases checked is printed to
//! stderr (with or without `--nocapture`) when the last counting test ends.

// Loops over partial and Hessian indices read as the mathematics (∂f/∂x[j]).
#![allow(clippy::needless_range_loop)]

#[path = "../common/mod.rs"]
mod common;
mod coverage;
mod edges;
mod framework;
mod functions;
mod fuzz;
mod nested;
mod random;
mod regressions;
mod sparsity;
mod table;
