//! Side-by-side benchmarks of gradus against peer automatic-differentiation
//! crates (num-dual, hyperdual, ad_trait, reverse, echidna), plain `f64`
//! evaluation and hand-written derivatives, on the same functions in the same
//! run.
//!
//! - [`workloads`]: the functions, written once, and their hand-written derivatives;
//! - [`Scalar`]: the operations they use, implemented for every crate's numbers;
//! - [`forward`], [`reverse`]: seeding and reading each crate's numbers;
//! - [`check`]: every result is checked against the hand-written one before timing;
//! - [`measure`]: criterion measures the benchmark thread's CPU time.
//!
//! Run `bash compare/run.sh` for both build profiles' tables in one markdown
//! document, or `cargo bench -p gradus-compare`, then
//! `cargo run -p gradus-compare --release --bin table` for the default
//! profile's table.
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod check;
pub mod forward;
pub mod measure;
pub mod reverse;
mod scalar;
pub mod workloads;

pub use scalar::Scalar;
pub use workloads::{Objective, Rosenbrock, TrigSum};
