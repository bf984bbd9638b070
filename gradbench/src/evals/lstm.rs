//! lstm: the loss of a multi-layer LSTM predicting each character of a text
//! from the previous ones (ADBench), and its gradient with respect to the
//! weights and biases, as GradBench's `lstm.hpp`.
//!
//! Mode: reverse, on one tape reused across runs: 8lb + 3b parameters and
//! one loss, recorded over the whole sequence.

use super::{Job, Work, flatten, lit, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::{Tape, Var, reverse};
use num_traits::Float;
use serde::Deserialize;

fn sigmoid<T: Float>(x: T) -> T {
    T::one() / (T::one() + (-x).exp())
}

/// ln(Σ exp xᵢ + 2), as ADBench's LSTM defines its normaliser.
fn logsumexp<T: Float>(x: &[T]) -> T {
    let mut s = T::zero();
    for &v in x {
        s = s + v.exp();
    }
    (s + lit(2.0)).ln()
}

/// The sizes: l layers of b cells, c characters.
#[derive(Clone, Copy)]
pub struct Shape {
    l: usize,
    b: usize,
    c: usize,
}

/// One step of layer `params` (8b: weights then biases of the forget, input,
/// output gates and the change), updating `hidden` and `cell` in place.
fn lstm_model<T: Float>(b: usize, params: &[T], hidden: &mut [T], cell: &mut [T], input: &[T]) {
    let (w, bias) = params.split_at(4 * b);
    for i in 0..b {
        let forget = sigmoid(input[i] * w[i] + bias[i]);
        let ingate = sigmoid(hidden[i] * w[b + i] + bias[b + i]);
        let outgate = sigmoid(input[i] * w[2 * b + i] + bias[2 * b + i]);
        let change = (hidden[i] * w[3 * b + i] + bias[3 * b + i]).tanh();
        cell[i] = cell[i] * forget + ingate * change;
        hidden[i] = outgate * cell[i].tanh();
    }
}

/// The loss −(1/((c−1)b)) Σₜ Σᵢ yᵗ⁺¹ᵢ (ŷᵗᵢ − lse(ŷᵗ)). `params` holds
/// main_params (2l × 4b) then extra_params (3 × b); `state` (2l × b, hidden
/// and cell per layer) is overwritten; `ypred` is scratch of b.
pub fn objective<T: Float>(
    sh: Shape,
    params: &[T],
    state: &mut [T],
    sequence: &[f64],
    ypred: &mut [T],
) -> T {
    let Shape { l, b, c } = sh;
    let (main, extra) = params.split_at(8 * l * b);
    let (in_weight, rest) = extra.split_at(b);
    let (out_weight, out_bias) = rest.split_at(b);
    let mut total = T::zero();
    let mut count = 0usize;
    for t in 0..c - 1 {
        let x = &sequence[t * b..(t + 1) * b];
        for i in 0..b {
            ypred[i] = lit::<T>(x[i]) * in_weight[i];
        }
        // The first layer reads ypred; each next layer reads the hidden
        // state of the one before.
        for layer in 0..l {
            let p = &main[8 * b * layer..8 * b * (layer + 1)];
            let (before, this) = state.split_at_mut(2 * b * layer);
            let (hidden, cell) = this[..2 * b].split_at_mut(b);
            let input: &[T] = if layer == 0 {
                ypred
            } else {
                &before[2 * b * (layer - 1)..2 * b * (layer - 1) + b]
            };
            lstm_model(b, p, hidden, cell, input);
        }
        let last = &state[2 * b * (l - 1)..2 * b * (l - 1) + b];
        for i in 0..b {
            ypred[i] = last[i] * out_weight[i] + out_bias[i];
        }
        let lse = logsumexp(ypred);
        let gold = &sequence[(t + 1) * b..(t + 2) * b];
        for i in 0..b {
            total = total + lit::<T>(gold[i]) * (ypred[i] - lse);
        }
        count += b;
    }
    -total / lit(count as f64)
}

#[derive(Deserialize)]
struct Input {
    main_params: Vec<Vec<f64>>,
    extra_params: Vec<Vec<f64>>,
    state: Vec<Vec<f64>>,
    sequence: Vec<Vec<f64>>,
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

struct Lstm {
    jacobian: bool,
    sh: Shape,
    params: Vec<f64>,
    state0: Vec<f64>,
    sequence: Vec<f64>,
    state: Vec<f64>,
    ypred: Vec<f64>,
    tape: Tape,
    value: f64,
    grad: Vec<f64>,
}

impl Work for Lstm {
    fn run(&mut self) {
        let (sh, seq, state0) = (self.sh, &self.sequence, &self.state0);
        if self.jacobian {
            self.value = reverse::gradient_on(
                &mut self.tape,
                |p| {
                    // Buffers of variables borrow this run's tape: allocated per run.
                    let mut state: Vec<Var<'_>> =
                        state0.iter().map(|&s| Var::constant(s)).collect();
                    let mut ypred = vec![Var::constant(0.0); sh.b];
                    objective(sh, p, &mut state, seq, &mut ypred)
                },
                &self.params,
                &mut self.grad,
            );
        } else {
            self.state.copy_from_slice(state0);
            self.value = objective(sh, &self.params, &mut self.state, seq, &mut self.ypred);
        }
    }

    fn write_output(&self, out: &mut JsonWriter) {
        if self.jacobian {
            out.f64_array(&self.grad);
        } else {
            out.f64(self.value);
        }
    }
}

/// Prepares `objective` or `jacobian`.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    let jacobian = match function {
        "objective" => false,
        "jacobian" => true,
        _ => {
            return Err(unknown_function(
                "lstm",
                function,
                &["objective", "jacobian"],
            ));
        }
    };
    let i: Input = parse("lstm", input)?;
    let l2 = i.main_params.len();
    let b4 = i.main_params.first().map_or(0, Vec::len);
    if l2 == 0 || !l2.is_multiple_of(2) || b4 == 0 || !b4.is_multiple_of(4) || i.sequence.len() < 2
    {
        return Err(format!(
            "lstm: main_params must be 2l × 4b with l, b ≥ 1 and the sequence at least 2 characters \
             (got {l2} × {b4}, {} characters)",
            i.sequence.len()
        ));
    }
    let sh = Shape {
        l: l2 / 2,
        b: b4 / 4,
        c: i.sequence.len(),
    };
    let mut params = flatten("lstm main_params", &i.main_params, 2 * sh.l, 4 * sh.b)?;
    params.extend(flatten("lstm extra_params", &i.extra_params, 3, sh.b)?);
    let state0 = flatten("lstm state", &i.state, 2 * sh.l, sh.b)?;
    let sequence = flatten("lstm sequence", &i.sequence, sh.c, sh.b)?;
    let n = params.len();
    Ok(Job::new(
        Runs::new(i.min_runs, i.min_seconds),
        Lstm {
            jacobian,
            sh,
            params,
            state: state0.clone(),
            state0,
            sequence,
            ypred: vec![0.0; sh.b],
            tape: Tape::new(),
            value: 0.0,
            grad: vec![0.0; if jacobian { n } else { 0 }],
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_finite_differences() {
        let (l, b, c) = (2, 3, 5);
        let v = |k: usize, s: f64| (k as f64 * 0.37 + s).sin() * 0.5 + 0.5;
        let rows = |r: usize, cols: usize, s: f64| -> Vec<Vec<f64>> {
            (0..r)
                .map(|i| (0..cols).map(|j| v(i * cols + j, s)).collect())
                .collect()
        };
        let seq: Vec<Vec<f64>> = (0..c)
            .map(|t| {
                (0..b)
                    .map(|i| f64::from(u8::from((t + i) % 2 == 0)))
                    .collect()
            })
            .collect();
        let input = serde_json::json!({
            "main_params": rows(2 * l, 4 * b, 0.1), "extra_params": rows(3, b, 0.7),
            "state": rows(2 * l, b, 1.3), "sequence": seq,
        })
        .to_string();
        let mut job = prepare("jacobian", &input).unwrap();
        job.work.run();
        job.work.run();
        let mut w = JsonWriter::new();
        job.work.write_output(&mut w);
        let g: Vec<f64> = serde_json::from_slice(w.as_bytes()).unwrap();
        assert_eq!(g.len(), 8 * l * b + 3 * b);
        let i: Input = serde_json::from_str(&input).unwrap();
        let mut p: Vec<f64> = i.main_params.concat();
        p.extend(i.extra_params.concat());
        let sh = Shape { l, b, c };
        let f = |p: &[f64]| {
            objective(
                sh,
                p,
                &mut i.state.concat(),
                &seq.concat(),
                &mut vec![0.0; b],
            )
        };
        gradus::check::gradient(f, &p, &g).unwrap();
    }
}
