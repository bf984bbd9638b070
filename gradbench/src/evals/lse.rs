//! lse: log Σ exp xᵢ, shifted by max x for range, and its gradient (softmax).
//!
//! Mode: reverse, on one tape reused across runs (n inputs, one output).

use super::{Job, Work, detach, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::{Tape, reverse};
use num_traits::Float;
use serde::Deserialize;

/// max(x) + ln Σ exp(xᵢ − max(x)).
///
/// The shift is a stop-gradient: lse(x) = a + ln Σ exp(xᵢ − a) for *every*
/// constant a, so the derivative through the max cancels exactly, and
/// recording it would only add one tape node per element.
pub fn lse<T: Float>(x: &[T]) -> T {
    let mut a = x[0];
    for &xi in &x[1..] {
        if a < xi {
            a = xi;
        }
    }
    let a = detach(a);
    let mut s = T::zero();
    for &xi in x {
        s = s + (xi - a).exp();
    }
    s.ln() + a
}

#[derive(Deserialize)]
struct Input {
    x: Vec<f64>,
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

struct Lse {
    gradient: bool,
    x: Vec<f64>,
    tape: Tape,
    value: f64,
    grad: Vec<f64>,
}

impl Work for Lse {
    fn run(&mut self) {
        if self.gradient {
            self.value = reverse::gradient_on(&mut self.tape, lse, &self.x, &mut self.grad);
        } else {
            self.value = lse(&self.x);
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
        _ => return Err(unknown_function("lse", function, &["primal", "gradient"])),
    };
    let i: Input = parse("lse", input)?;
    if i.x.is_empty() {
        return Err("lse: x is empty".into());
    }
    let n = i.x.len();
    Ok(Job::new(
        Runs::new(i.min_runs, i.min_seconds),
        Lse {
            gradient,
            x: i.x,
            tape: Tape::new(),
            value: 0.0,
            grad: vec![0.0; if gradient { n } else { 0 }],
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_and_gradient() {
        let x = [0.5, -1.0, 3.0, 2.0, 700.0, 699.0];
        let v = lse(&x);
        assert!((v - (700.0 + (1.0 + (-1.0f64).exp()).ln())).abs() < 1e-12);
        let mut job = prepare("gradient", &format!(r#"{{"x":{x:?}}}"#)).unwrap();
        job.work.run();
        let mut w = JsonWriter::new();
        job.work.write_output(&mut w);
        let g: Vec<f64> = serde_json::from_slice(w.as_bytes()).unwrap();
        assert!((g.iter().sum::<f64>() - 1.0).abs() < 1e-14);
        let y = [0.5, -1.0, 3.0, 2.0];
        let (_, gy) = reverse::gradient(|v| lse(v), &y);
        gradus::check::gradient(lse, &y, &gy).unwrap();
    }
}
