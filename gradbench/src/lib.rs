//! `gradus-gradbench`: a [GradBench](https://github.com/gradbench/gradbench)
//! tool whose every derivative comes from gradus.
//!
//! The binary speaks GradBench's protocol on standard input and output
//! ([`protocol`]); each eval lives in its own module under [`evals`], its
//! function written once, generic over the number type.

#![deny(unsafe_code)]
#![deny(missing_docs)]
// The evals are ports of GradBench's C++ definitions; their index loops are
// kept in that form so that each line can be compared with the original.
#![allow(clippy::needless_range_loop)]

pub mod evals;
pub mod json;
pub mod protocol;
