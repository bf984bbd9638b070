//! ode: y(2) of y₀′ = x₀, yᵢ′ = xᵢ·yᵢ₋₁, y(0) = 0, by classic fourth-order
//! Runge–Kutta with s steps (as GradBench's `ode.hpp`, after Bell's cmpad),
//! and the gradient of the last component with respect to x.
//!
//! Mode: reverse, on one tape reused across runs (n inputs, one output).

use super::{Job, Work, lit, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::{Tape, reverse};
use num_traits::Float;
use serde::Deserialize;

/// z = f(x, y): z₀ = x₀, zᵢ = xᵢ yᵢ₋₁.
fn ode_fun<T: Float>(x: &[T], y: &[T], z: &mut [T]) {
    z[0] = x[0];
    for i in 1..x.len() {
        z[i] = x[i] * y[i - 1];
    }
}

/// Scratch vectors of one integration (four stages and a temporary).
pub struct Scratch<T> {
    k: [Vec<T>; 4],
    tmp: Vec<T>,
}

impl<T: Float> Scratch<T> {
    /// Room for n components.
    pub fn new(n: usize) -> Self {
        Scratch {
            k: core::array::from_fn(|_| vec![T::zero(); n]),
            tmp: vec![T::zero(); n],
        }
    }
}

/// Integrates from 0 to 2 in `s` RK4 steps, writing y(2) into `y`.
pub fn primal<T: Float>(x: &[T], s: usize, y: &mut [T], w: &mut Scratch<T>) {
    let n = x.len();
    let h = lit::<T>(2.0) / lit(s as f64);
    let (two, six) = (lit::<T>(2.0), lit::<T>(6.0));
    y.fill(T::zero());
    let [k1, k2, k3, k4] = &mut w.k;
    let tmp = &mut w.tmp;
    for _ in 0..s {
        ode_fun(x, y, k1);
        for i in 0..n {
            tmp[i] = y[i] + h * k1[i] / two;
        }
        ode_fun(x, tmp, k2);
        for i in 0..n {
            tmp[i] = y[i] + h * k2[i] / two;
        }
        ode_fun(x, tmp, k3);
        for i in 0..n {
            tmp[i] = y[i] + h * k3[i];
        }
        ode_fun(x, tmp, k4);
        for i in 0..n {
            y[i] = y[i] + h * (k1[i] + two * k2[i] + two * k3[i] + k4[i]) / six;
        }
    }
}

#[derive(Deserialize)]
struct Input {
    x: Vec<f64>,
    s: usize,
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

struct Ode {
    gradient: bool,
    x: Vec<f64>,
    s: usize,
    tape: Tape,
    y: Vec<f64>,
    scratch: Scratch<f64>,
    grad: Vec<f64>,
}

impl Work for Ode {
    fn run(&mut self) {
        let s = self.s;
        if self.gradient {
            // The recorded integration's vectors borrow this run's tape, so
            // they are allocated per run (see the README: Var borrows its tape).
            reverse::gradient_on(
                &mut self.tape,
                |x| {
                    let n = x.len();
                    let mut y = vec![gradus::Var::constant(0.0); n];
                    primal(x, s, &mut y, &mut Scratch::new(n));
                    y[n - 1]
                },
                &self.x,
                &mut self.grad,
            );
        } else {
            primal(&self.x, s, &mut self.y, &mut self.scratch);
        }
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.f64_array(if self.gradient { &self.grad } else { &self.y });
    }
}

/// Prepares `primal` or `gradient`.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    let gradient = match function {
        "primal" => false,
        "gradient" => true,
        _ => return Err(unknown_function("ode", function, &["primal", "gradient"])),
    };
    let i: Input = parse("ode", input)?;
    if i.x.is_empty() || i.s == 0 {
        return Err(format!(
            "ode: needs a non-empty x and s ≥ 1 (n = {}, s = {})",
            i.x.len(),
            i.s
        ));
    }
    let n = i.x.len();
    let (ny, ng) = if gradient { (0, n) } else { (n, 0) };
    Ok(Job::new(
        Runs::new(i.min_runs, i.min_seconds),
        Ode {
            gradient,
            x: i.x,
            s: i.s,
            tape: Tape::new(),
            y: vec![0.0; ny],
            scratch: Scratch::new(ny),
            grad: vec![0.0; ng],
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last(x: &[f64], s: usize) -> f64 {
        let mut y = vec![0.0; x.len()];
        primal(x, s, &mut y, &mut Scratch::new(x.len()));
        y[x.len() - 1]
    }

    #[test]
    fn rk4_is_exact_on_low_degree_polynomials() {
        // y0 = x0 t, y1 = x0 x1 t²/2, y2 = x0 x1 x2 t³/6: RK4 is exact on
        // solutions of degree ≤ 4, so y(2) = (2x0, 2x0x1, 4x0x1x2/3), the
        // closed form 2ⁱ⁺¹ Πxⱼ / (i+1)! that GradBench's manual tool uses.
        let x = [1.5, -0.5, 2.0];
        let mut y = [0.0; 3];
        primal(&x, 1, &mut y, &mut Scratch::new(3));
        let want = [3.0, -1.5, 4.0 * 1.5 * -0.5 * 2.0 / 3.0];
        for (a, b) in y.iter().zip(want) {
            assert!((a - b).abs() < 1e-13, "{y:?}");
        }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let x = [0.9, 1.1, 0.7, 1.3, 0.8];
        for s in [1, 3] {
            let mut job = prepare("gradient", &format!(r#"{{"x":{x:?},"s":{s}}}"#)).unwrap();
            job.work.run();
            let mut w = JsonWriter::new();
            job.work.write_output(&mut w);
            let g: Vec<f64> = serde_json::from_slice(w.as_bytes()).unwrap();
            gradus::check::gradient(|x| last(x, s), &x, &g).unwrap();
        }
    }
}
