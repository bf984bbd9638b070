//! particle: the control w that makes a charged particle, pushed by two
//! charges (one at (10, 10 − w)), hit the origin: argmin_w x(t_f)², with the
//! force −∇ₓ p(x; w) itself a gradient (nested AD). Euler steps of 0.1
//! until the particle crosses y = 0, then linear interpolation, as
//! GradBench's `tools/finite/particle.cpp`.
//!
//! The four functions nest the two modes: the first letter is the mode of
//! the outer derivative d cost/dw (for the argmin), the second that of the
//! inner force ∇ₓ p. `ff` runs on `Dual<Dual<f64, 1>, 2>`, `fr` on
//! `Var<'_, Dual<f64, 1>>`, `rf` on `Dual<Var<'_>, 2>`, `rr` on
//! `Var<'_, Var<'_>>` (a tape of tape variables).

use super::gd::{self, Forward, Fun2, Mode, Reverse};
use super::{Job, Work, lit, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::{Dual, Tape, reverse};
use num_traits::Float;
use serde::Deserialize;

/// p(x; w) = Σ 1/|x − qₖ| over the charges q₁ = (10, 10 − w), q₂ = (10, 0).
pub struct Potential;

impl Fun2<1> for Potential {
    fn eval<T: Float>(&self, x: [T; 2], c: [T; 1]) -> T {
        let ten = lit::<T>(10.0);
        let charges = [[ten, ten - c[0]], [ten, T::zero()]];
        let mut a = T::zero();
        for q in charges {
            let dist = ((q[0] - x[0]) * (q[0] - x[0]) + (q[1] - x[1]) * (q[1] - x[1])).sqrt();
            a = a + T::one() / dist;
        }
        a
    }
}

/// x(t_f)² of the trajectory for control `w`, the force by mode `M`.
pub fn cost<O: Float, M: Mode>(w: O, s: &mut M::Scratch<O>) -> O {
    let dt = lit::<O>(0.1);
    let mut x = [O::zero(), lit(8.0)];
    let mut v = [lit(0.75), O::zero()];
    loop {
        let g = M::gradient(s, &Potential, x, [w]);
        let acc = [-g[0], -g[1]];
        x = [x[0] + dt * v[0], x[1] + dt * v[1]];
        if x[1] <= O::zero() {
            let dt_f = -x[1] / v[1];
            let xf = x[0] + dt_f * v[0];
            return xf * xf;
        }
        v = [v[0] + dt * acc[0], v[1] + dt * acc[1]];
    }
}

/// d cost/dw in forward mode: `w` is the one slot of a `Dual<f64, 1>`.
fn outer_forward<M: Mode>(w: f64) -> f64 {
    let mut s = M::scratch::<Dual<f64, 1>>();
    cost::<_, M>(Dual::variable(w, 0), &mut s).partials()[0]
}

/// d cost/dw in reverse mode, on a caller-owned outer tape.
fn outer_reverse<M: Mode>(tape: &mut Tape, w: f64) -> f64 {
    let mut g = [0.0];
    reverse::gradient_on(
        tape,
        |v| {
            let mut s = M::scratch();
            cost::<_, M>(v[0], &mut s)
        },
        &[w],
        &mut g,
    );
    g[0]
}

/// The argmin of the cost from w₀: the outer derivative in reverse mode
/// when `reverse_outer`, else forward; the inner by `M`.
fn solve<M: Mode>(reverse_outer: bool, w0: f64, tape: &mut Tape) -> f64 {
    let mut objective_scratch = M::scratch::<f64>();
    let w = gd::argmin(
        |w: &[f64]| cost::<f64, M>(w[0], &mut objective_scratch),
        |w, g| {
            g[0] = if reverse_outer {
                outer_reverse::<M>(tape, w[0])
            } else {
                outer_forward::<M>(w[0])
            };
        },
        &[w0],
    );
    w[0]
}

#[derive(Deserialize)]
struct Input {
    w: f64,
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

struct Particle {
    function: [u8; 2],
    w0: f64,
    tape: Tape,
    w: f64,
}

impl Work for Particle {
    fn run(&mut self) {
        let outer_reverse = self.function[0] == b'r';
        self.w = if self.function[1] == b'r' {
            solve::<Reverse>(outer_reverse, self.w0, &mut self.tape)
        } else {
            solve::<Forward>(outer_reverse, self.w0, &mut self.tape)
        };
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.f64(self.w);
    }
}

/// Prepares `rr`, `ff`, `fr` or `rf`.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    let f: [u8; 2] = match function {
        "rr" | "ff" | "fr" | "rf" => function.as_bytes().try_into().expect("two letters"),
        _ => {
            return Err(unknown_function(
                "particle",
                function,
                &["rr", "ff", "fr", "rf"],
            ));
        }
    };
    let i: Input = parse("particle", input)?;
    Ok(Job::new(
        Runs::new(i.min_runs, i.min_seconds),
        Particle {
            function: f,
            w0: i.w,
            tape: Tape::new(),
            w: 0.0,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_derivatives_agree_with_finite_differences() {
        for w in [0.0, 0.1, 0.3] {
            let plain = |w: f64| cost::<f64, Forward>(w, &mut ());
            let ff = outer_forward::<Forward>(w);
            let fr = outer_forward::<Reverse>(w);
            let rf = outer_reverse::<Forward>(&mut Tape::new(), w);
            let rr = outer_reverse::<Reverse>(&mut Tape::new(), w);
            // The step count changes with w (a kink where the crossing moves
            // to another step): difference over a short step.
            gradus::check::Checker::new()
                .step(1e-6)
                .derivative(plain, w, ff)
                .unwrap();
            for d in [fr, rf, rr] {
                assert!((d - ff).abs() <= 1e-12 * ff.abs().max(1.0), "{d} vs {ff}");
            }
        }
    }

    #[test]
    fn all_four_reach_the_known_argmin() {
        for f in ["ff", "fr", "rf", "rr"] {
            let mut job = prepare(f, r#"{"w":0.0}"#).unwrap();
            job.work.run();
            let mut w = JsonWriter::new();
            job.work.write_output(&mut w);
            let x: f64 = serde_json::from_slice(w.as_bytes()).unwrap();
            assert!((x - 0.2071918746486116).abs() < 1e-4, "{f}: {x}");
        }
    }
}
