//! llsq: the linear least-squares objective ½ Σᵢ (sᵢ − Σⱼ xⱼ tᵢʲ)² with
//! tᵢ = −1 + 2i/(n − 1), sᵢ = sign tᵢ, and its gradient.
//!
//! Mode: reverse, on one tape reused across runs (m inputs, one output).

use super::{Job, Work, lit, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::{Tape, reverse};
use num_traits::Float;
use serde::Deserialize;

fn t(i: usize, n: usize) -> f64 {
    -1.0 + i as f64 * 2.0 / (n as f64 - 1.0)
}

fn sign(t: f64) -> f64 {
    f64::from(u8::from(0.0 < t)) - f64::from(u8::from(t < 0.0))
}

/// ½ Σᵢ (sᵢ − Σⱼ xⱼ tᵢʲ)² over n sample points.
pub fn llsq<T: Float>(x: &[T], n: usize) -> T {
    let mut sum = T::zero();
    for i in 0..n {
        let ti = t(i, n);
        let mut inner = lit::<T>(sign(ti));
        let mut mul = 1.0;
        for &xj in x {
            inner = inner - xj * lit(mul);
            mul *= ti;
        }
        sum = sum + inner * inner;
    }
    sum / lit(2.0)
}

#[derive(Deserialize)]
struct Input {
    x: Vec<f64>,
    n: usize,
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

struct Llsq {
    gradient: bool,
    x: Vec<f64>,
    n: usize,
    tape: Tape,
    value: f64,
    grad: Vec<f64>,
}

impl Work for Llsq {
    fn run(&mut self) {
        let n = self.n;
        if self.gradient {
            self.value =
                reverse::gradient_on(&mut self.tape, |x| llsq(x, n), &self.x, &mut self.grad);
        } else {
            self.value = llsq(&self.x, n);
        }
    }

    fn write_output(&self, out: &mut JsonWriter) {
        if self.gradient {
            out.f64_array(&self.grad);
        } else {
            out.f64(self.value);
        }
    }
}

/// Prepares `primal` or `gradient`.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    let gradient = match function {
        "primal" => false,
        "gradient" => true,
        _ => return Err(unknown_function("llsq", function, &["primal", "gradient"])),
    };
    let i: Input = parse("llsq", input)?;
    if i.n < 2 || i.x.is_empty() {
        return Err(format!(
            "llsq: needs n ≥ 2 and a non-empty x (n = {}, m = {})",
            i.n,
            i.x.len()
        ));
    }
    let m = i.x.len();
    Ok(Job::new(
        Runs::new(i.min_runs, i.min_seconds),
        Llsq {
            gradient,
            x: i.x,
            n: i.n,
            tape: Tape::new(),
            value: 0.0,
            grad: vec![0.0; if gradient { m } else { 0 }],
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_and_gradient() {
        // n = 3: t = (−1, 0, 1), s = (−1, 0, 1); x = (0, 1) fits exactly.
        assert_eq!(llsq(&[0.0, 1.0], 3), 0.0);
        assert_eq!(llsq(&[0.0, 0.0], 3), 1.0);
        let x = [0.3, -0.7, 0.2, 0.9];
        let mut job = prepare("gradient", &format!(r#"{{"x":{x:?},"n":9}}"#)).unwrap();
        job.work.run();
        let mut w = JsonWriter::new();
        job.work.write_output(&mut w);
        let g: Vec<f64> = serde_json::from_slice(w.as_bytes()).unwrap();
        gradus::check::gradient(|x| llsq(x, 9), &x, &g).unwrap();
    }
}
