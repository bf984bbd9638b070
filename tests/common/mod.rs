//! Code shared by the test binaries and the benches.
//!
//! Every test file includes it as `mod common;`; the verification suite
//! (`tests/verify/`) and the benches reach the same file with
//! `#[path = "../common/mod.rs"]` and `#[path = "../tests/common/mod.rs"]`.
//!
//! - [`functions`]: the functions tests and benches differentiate
//!   (Rosenbrock, a transcendental sum, the docs' worked example), with
//!   their derivatives by hand.
//! - [`cases`]: the table of elementary functions and operators the
//!   second-order types are checked on.
//! - [`alloc`]: a counting global allocator, installed by the tests that
//!   count heap allocations.
#![allow(dead_code)]

pub mod alloc;
pub mod cases;
pub mod functions;
