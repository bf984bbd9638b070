//! `gradus-gradbench`: a [GradBench](https://github.com/gradbench/gradbench)
//! tool whose every derivative comes from gradus.
//!
//! The binary speaks GradBench's protocol on standard input and output
//! ([`protocol`]); each eval lives in its own module under [`evals`], its
//! function written once, generic over the number type.

#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod evals;
pub mod json;
pub mod protocol;
