//! saddle: min over x ∈ R² of max over y ∈ R² of f(x, y) =
//! (x₁² + x₂²) − (y₁² + y₂²), both by gradient descent from the same start,
//! then the argmax y at the optimal x, as GradBench's
//! `tools/finite/saddle.cpp` (its argument order: f(x₁, x₂, y₁, y₂)).
//!
//! The outer derivative (of max_y f(x, y) with respect to x) runs through
//! the whole inner gradient ascent, on the outer number type. The first
//! letter of the function is the outer mode (`Dual<f64, 2>` or `Var`), the
//! second the inner one (∇_y f by `Dual<O, 2>` or on a `Tape<O>`); the final
//! argmax at the optimal x uses the inner mode.

use super::gd::{self, Forward, Fun2, Mode, Reverse};
use super::{Job, Work, lit, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::{Dual, Tape, reverse};
use num_traits::Float;
use serde::Deserialize;

/// f(y; x) with x as the parameters: the inner functions differentiate in y.
pub struct Saddle;

impl Fun2<2> for Saddle {
    fn eval<T: Float>(&self, y: [T; 2], x: [T; 2]) -> T {
        (x[0] * x[0] + x[1] * x[1]) - (y[0] * y[0] + y[1] * y[1])
    }
}

/// argmax_y f(x, y) from `start`, the gradient by `M`, on numbers `O`.
fn argmax_y<O: Float, M: Mode>(x: [O; 2], start: [f64; 2], s: &mut M::Scratch<O>) -> [O; 2] {
    let y0 = start.map(lit::<O>);
    let y = gd::argmax(
        |y: &[O]| Saddle.eval([y[0], y[1]], x),
        |y, g| g.copy_from_slice(&M::gradient(s, &Saddle, [y[0], y[1]], x)),
        &y0,
    );
    [y[0], y[1]]
}

/// max_y f(x, y) on numbers `O`.
fn max_f<O: Float, M: Mode>(x: [O; 2], start: [f64; 2], s: &mut M::Scratch<O>) -> O {
    let y = argmax_y::<O, M>(x, start, s);
    Saddle.eval(y, x)
}

/// ∇ₓ max_y f(x, y) in forward mode (`Dual<f64, 2>` through the ascent).
fn outer_forward<M: Mode>(x: [f64; 2], start: [f64; 2]) -> [f64; 2] {
    let mut s = M::scratch::<Dual<f64, 2>>();
    let xd = [Dual::variable(x[0], 0), Dual::variable(x[1], 1)];
    max_f::<_, M>(xd, start, &mut s).partials()
}

/// ∇ₓ max_y f(x, y) in reverse mode, on a caller-owned outer tape.
fn outer_reverse<M: Mode>(tape: &mut Tape, x: [f64; 2], start: [f64; 2]) -> [f64; 2] {
    let mut g = [0.0; 2];
    reverse::gradient_on(
        tape,
        |v| {
            let mut s = M::scratch();
            max_f::<_, M>([v[0], v[1]], start, &mut s)
        },
        &x,
        &mut g,
    );
    g
}

/// (x*, y*): the outer argmin by `reverse_outer` (else forward) over inner `M`.
fn solve<M: Mode>(reverse_outer: bool, start: [f64; 2], tape: &mut Tape) -> [f64; 4] {
    let mut s = M::scratch::<f64>();
    let x = gd::argmin(
        |x: &[f64]| max_f::<f64, M>([x[0], x[1]], start, &mut s),
        |x, g| {
            let x = [x[0], x[1]];
            g.copy_from_slice(&if reverse_outer {
                outer_reverse::<M>(tape, x, start)
            } else {
                outer_forward::<M>(x, start)
            });
        },
        &start,
    );
    let y = argmax_y::<f64, M>([x[0], x[1]], start, &mut M::scratch());
    [x[0], x[1], y[0], y[1]]
}

#[derive(Deserialize)]
struct Input {
    start: [f64; 2],
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

struct SaddleWork {
    function: [u8; 2],
    start: [f64; 2],
    tape: Tape,
    out: [f64; 4],
}

impl Work for SaddleWork {
    fn run(&mut self) {
        let outer_reverse = self.function[0] == b'r';
        self.out = if self.function[1] == b'r' {
            solve::<Reverse>(outer_reverse, self.start, &mut self.tape)
        } else {
            solve::<Forward>(outer_reverse, self.start, &mut self.tape)
        };
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.f64_array(&self.out);
    }
}

/// Prepares `rr`, `ff`, `fr` or `rf`.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    let f: [u8; 2] = match function {
        "rr" | "ff" | "fr" | "rf" => function.as_bytes().try_into().expect("two letters"),
        _ => {
            return Err(unknown_function(
                "saddle",
                function,
                &["rr", "ff", "fr", "rf"],
            ));
        }
    };
    let i: Input = parse("saddle", input)?;
    Ok(Job::new(
        Runs::new(i.min_runs, i.min_seconds),
        SaddleWork {
            function: f,
            start: i.start,
            tape: Tape::new(),
            out: [0.0; 4],
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_derivatives_agree() {
        let start = [1.0, 1.0];
        for x in [[0.5, -0.25], [1.0, 2.0]] {
            let ff = outer_forward::<Forward>(x, start);
            let fr = outer_forward::<Reverse>(x, start);
            let rf = outer_reverse::<Forward>(&mut Tape::new(), x, start);
            let rr = outer_reverse::<Reverse>(&mut Tape::new(), x, start);
            // max_y f = |x|² (y* → 0 whatever x), so ∇ = 2x up to the ascent's tolerance.
            for g in [ff, fr, rf, rr] {
                assert!(
                    (g[0] - 2.0 * x[0]).abs() < 1e-12 && (g[1] - 2.0 * x[1]).abs() < 1e-12,
                    "{g:?}"
                );
            }
            let plain = |v: &[f64]| max_f::<f64, Forward>([v[0], v[1]], start, &mut ());
            gradus::check::gradient(plain, &x, &ff).unwrap();
        }
    }

    #[test]
    fn all_four_reach_the_saddle() {
        for f in ["ff", "fr", "rf", "rr"] {
            let mut job = prepare(f, r#"{"start":[1.0,1.0]}"#).unwrap();
            job.work.run();
            let mut w = JsonWriter::new();
            job.work.write_output(&mut w);
            let x: Vec<f64> = serde_json::from_slice(w.as_bytes()).unwrap();
            for v in x {
                assert!((v - 8.246324826140356e-06).abs() < 1e-4, "{f}: {v}");
            }
        }
    }
}
