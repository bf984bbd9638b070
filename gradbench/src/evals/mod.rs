//! The evals: each module writes its function once, generic over the number
//! type, and prepares a [`Work`] per evaluate message.
//!
//! | eval | functions | derivative by |
//! |---|---|---|
//! | hello | square, double | `derivative` (`Dual<f64, 1>`) |
//! | det | primal, gradient | reverse, one tape |
//! | lse | primal, gradient | reverse, one tape |
//! | llsq | primal, gradient | reverse, one tape |
//! | gmm | objective, jacobian | reverse, one tape per batch of points |
//! | ba | objective, jacobian | forward `Dual<f64, 15>` per observation |
//! | ht | objective, jacobian | forward `Dual<f64, 26>` / `Dual<f64, 28>` |
//! | lstm | objective, jacobian | reverse, one tape |
//! | kmeans | cost, dir | forward `HvpDual<f64, d>`, all centroids in the same d slots |
//! | ode | primal, gradient | reverse, one tape |
//! | particle, saddle | rr, ff, fr, rf | nested `Dual` / `Var` |

use crate::json::JsonWriter;
use crate::protocol::Runs;
use core::ops::{Add, Div, Mul, Sub};
use num_traits::Float;
use serde::de::DeserializeOwned;

pub mod ba;
pub mod det;
pub mod gd;
pub mod gmm;
pub mod hello;
pub mod ht;
pub mod kmeans;
pub mod llsq;
pub mod lse;
pub mod lstm;
pub mod ode;
pub mod particle;
pub mod saddle;

/// The modules this tool defines.
pub const MODULES: [&str; 12] = [
    "hello", "det", "lse", "llsq", "gmm", "ba", "ht", "lstm", "kmeans", "ode", "particle", "saddle",
];

/// One prepared evaluation: its inputs converted, its buffers allocated.
pub trait Work {
    /// Computes the function once (called repeatedly by the timing loop);
    /// the result of the last call is what [`write_output`](Work::write_output) writes.
    fn run(&mut self);
    /// Writes the result of the last run as the response's `output`.
    fn write_output(&self, out: &mut JsonWriter);
}

/// A prepared evaluation and how long to run it.
pub struct Job {
    /// The run-count and time minimums from the input.
    pub runs: Runs,
    /// The evaluation itself.
    pub work: Box<dyn Work>,
}

impl Job {
    /// A job from its runs and work.
    pub fn new(runs: Runs, work: impl Work + 'static) -> Self {
        Job {
            runs,
            work: Box::new(work),
        }
    }
}

/// Parses `input` and prepares `function` of `module`.
pub fn prepare(module: &str, function: &str, input: &str) -> Result<Job, String> {
    match module {
        "hello" => hello::prepare(function, input),
        "det" => det::prepare(function, input),
        "lse" => lse::prepare(function, input),
        "llsq" => llsq::prepare(function, input),
        "gmm" => gmm::prepare(function, input),
        "ba" => ba::prepare(function, input),
        "ht" => ht::prepare(function, input),
        "lstm" => lstm::prepare(function, input),
        "kmeans" => kmeans::prepare(function, input),
        "ode" => ode::prepare(function, input),
        "particle" => particle::prepare(function, input),
        "saddle" => saddle::prepare(function, input),
        _ => Err(format!(
            "unknown module {module:?}: this tool implements {}",
            MODULES.join(", ")
        )),
    }
}

/// Deserializes an eval's input, naming the eval in the error.
pub(crate) fn parse<I: DeserializeOwned>(module: &str, input: &str) -> Result<I, String> {
    serde_json::from_str(input).map_err(|e| format!("malformed {module} input: {e}"))
}

/// The error for a function the module does not have.
pub(crate) fn unknown_function(module: &str, function: &str, known: &[&str]) -> String {
    format!(
        "unknown function {function:?} of module {module}: it has {}",
        known.join(", ")
    )
}

/// A data value (a constant: no derivatives) in the number type of the
/// computation.
///
/// Every data value reaches generic code through here, so that a cheaper
/// way to mix constants with gradus numbers is a change of this one line.
#[inline(always)]
pub(crate) fn lit<T: Float>(x: f64) -> T {
    // NumCast from f64 succeeds for f64 and for every gradus number.
    T::from(x).expect("a gradus number converts from f64")
}

/// A number that also combines with `f64` data through gradus's scalar
/// operators (`x * 0.5`, `x - c`): those scale or shift the derivatives,
/// where a datum converted with `T::from` is a full number whose zero
/// derivatives still take part in the arithmetic (for `Dual<f64, N>`, a
/// product with a converted constant costs 2N multiplications instead of N).
/// Every gradus number whose scalar is `f64` has these operators, nested
/// `Var<'_, Var<'_>>` excepted, so the forward-mode evals use this bound.
pub trait Scalar:
    Float
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
}

impl<T> Scalar for T where
    T: Float
        + Add<f64, Output = T>
        + Sub<f64, Output = T>
        + Mul<f64, Output = T>
        + Div<f64, Output = T>
{
}

/// The value of `x` as a constant: a stop-gradient, for quantities whose
/// derivative cancels exactly (the shift of a log-sum-exp).
#[inline(always)]
pub(crate) fn detach<T: Float>(x: T) -> T {
    lit(x.to_f64().expect("a gradus number has an f64 value"))
}

/// Checks that `xs` holds `rows × cols` numbers as `rows` rows of `cols`,
/// and flattens it row by row.
pub(crate) fn flatten(
    name: &str,
    xs: &[Vec<f64>],
    rows: usize,
    cols: usize,
) -> Result<Vec<f64>, String> {
    if xs.len() != rows {
        return Err(format!("{name} has {} rows, expected {rows}", xs.len()));
    }
    let mut out = Vec::with_capacity(rows * cols);
    for (i, r) in xs.iter().enumerate() {
        if r.len() != cols {
            return Err(format!(
                "{name}[{i}] has {} entries, expected {cols}",
                r.len()
            ));
        }
        out.extend_from_slice(r);
    }
    Ok(out)
}
