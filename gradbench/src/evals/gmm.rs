//! gmm: the log posterior of a Gaussian mixture model with a Wishart prior
//! on the precision matrices (ADBench, corrected), and its gradient with
//! respect to the weights α, means μ and the precision factors (q, l), as
//! GradBench's `gmm.hpp`.
//!
//! Mode: reverse. The objective is a sum over the n data points plus terms
//! of the parameters alone, and the gradient is the sum of the terms'
//! gradients, so it is recorded piecewise: one tape (reused) for the
//! parameter terms and for each batch of points in turn, each swept once,
//! the gradients added up. Recording all n points at once would take
//! hundreds of millions of nodes (several GB) at d = 64, k = 100; a batch
//! of about a million nodes stays in cache.

use super::{Job, Work, detach, flatten, lit, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::{Tape, Var, reverse};
use num_traits::Float;
use serde::Deserialize;
use std::ops::Range;

/// The problem's sizes and data (everything but the parameters).
pub struct Problem {
    d: usize,
    k: usize,
    n: usize,
    /// Points, row-major n × d.
    x: Vec<f64>,
    gamma: f64,
    m: i64,
    /// The parameter-free part of the prior and likelihood: −n d ln(2π)/2 + k·C.
    constant: f64,
}

impl Problem {
    /// Entries of a strictly lower triangle of d × d.
    fn ltri(&self) -> usize {
        self.d * (self.d - 1) / 2
    }

    /// The number of parameters: α (k), μ (k d), q (k d), l (k d(d−1)/2).
    pub fn nparams(&self) -> usize {
        self.k * (1 + 2 * self.d + self.ltri())
    }

    /// Splits a parameter vector into (α, μ, q, l).
    fn split<'a, T>(&self, p: &'a [T]) -> (&'a [T], &'a [T], &'a [T], &'a [T]) {
        let (alpha, rest) = p.split_at(self.k);
        let (mu, rest) = rest.split_at(self.k * self.d);
        let (q, l) = rest.split_at(self.k * self.d);
        (alpha, mu, q, l)
    }
}

/// ln Γ(x) for x a positive multiple of ½ (all the Wishart constant needs),
/// exactly by the recurrence Γ(x + 1) = x Γ(x) from Γ(1) = 1, Γ(½) = √π.
fn ln_gamma_half_integer(x: f64) -> f64 {
    let mut s = 0.0;
    let mut t = x - 1.0;
    while t > 0.25 {
        s += t.ln();
        t -= 1.0;
    }
    if (x * 2.0) as i64 % 2 == 1 {
        s + 0.5 * core::f64::consts::PI.ln()
    } else {
        s
    }
}

/// ln Γ_p(a), the multivariate gamma function.
fn log_gamma_distrib(a: f64, p: usize) -> f64 {
    let mut out = 0.25 * (p * (p - 1)) as f64 * core::f64::consts::PI.ln();
    for j in 1..=p {
        out += ln_gamma_half_integer(a + 0.5 * (1.0 - j as f64));
    }
    out
}

/// ln Σ exp xᵢ, shifted by the largest xᵢ (a stop-gradient: the shift's
/// derivative cancels exactly).
fn logsumexp<T: Float>(x: &[T]) -> T {
    let mut mx = x[0];
    for &v in &x[1..] {
        if v > mx {
            mx = v;
        }
    }
    let mx = detach(mx);
    let mut s = T::zero();
    for &v in x {
        s = s + (v - mx).exp();
    }
    s.ln() + mx
}

/// exp(q) and the row sums of q, per component.
fn precision_diagonals<T: Float>(g: &Problem, q: &[T], qdiag: &mut [T], sum_qs: &mut [T]) {
    for (e, &v) in qdiag.iter_mut().zip(q) {
        *e = v.exp();
    }
    for (s, row) in sum_qs.iter_mut().zip(q.chunks_exact(g.d)) {
        *s = row.iter().fold(T::zero(), |a, &b| a + b);
    }
}

/// The terms of the parameters alone: −n·lse(α) + the Wishart log prior
/// (without its constant, which is in `g.constant`).
pub fn parameter_terms<T: Float>(g: &Problem, p: &[T]) -> T {
    let (alpha, _, q, l) = g.split(p);
    let mut qdiag = vec![T::zero(); g.k * g.d];
    let mut sum_qs = vec![T::zero(); g.k];
    precision_diagonals(g, q, &mut qdiag, &mut sum_qs);
    let half_gamma2 = lit::<T>(0.5 * g.gamma * g.gamma);
    let m = lit::<T>(g.m as f64);
    let mut prior = T::zero();
    for ik in 0..g.k {
        let sq = |v: &[T]| v.iter().fold(T::zero(), |s, &x| s + x * x);
        let frobenius =
            sq(&qdiag[ik * g.d..(ik + 1) * g.d]) + sq(&l[ik * g.ltri()..(ik + 1) * g.ltri()]);
        prior = prior + half_gamma2 * frobenius - m * sum_qs[ik];
    }
    -(lit::<T>(g.n as f64) * logsumexp(alpha)) - prior + lit(g.constant)
}

/// Σ over the points in `points` of lse_k(α_k + Σ q_k − ½ |Q_k (x_i − μ_k)|²),
/// Q_k lower triangular with diagonal exp(q_k) and strict lower part l_k.
pub fn data_terms<T: Float>(g: &Problem, p: &[T], points: Range<usize>) -> T {
    let (alpha, mu, q, l) = g.split(p);
    let (d, lt) = (g.d, g.ltri());
    let mut qdiag = vec![T::zero(); g.k * d];
    let mut sum_qs = vec![T::zero(); g.k];
    precision_diagonals(g, q, &mut qdiag, &mut sum_qs);
    let mut xc = vec![T::zero(); d];
    let mut qxc = vec![T::zero(); d];
    let mut main = vec![T::zero(); g.k];
    let half = lit::<T>(0.5);
    let mut slse = T::zero();
    for ix in points {
        let xi = &g.x[ix * d..(ix + 1) * d];
        for ik in 0..g.k {
            for j in 0..d {
                xc[j] = lit::<T>(xi[j]) - mu[ik * d + j];
            }
            let qd = &qdiag[ik * d..(ik + 1) * d];
            for j in 0..d {
                qxc[j] = qd[j] * xc[j];
            }
            let lk = &l[ik * lt..(ik + 1) * lt];
            let mut li = 0;
            for i in 0..d {
                for j in i + 1..d {
                    qxc[j] = qxc[j] + lk[li] * xc[i];
                    li += 1;
                }
            }
            let sq = qxc.iter().fold(T::zero(), |s, &v| s + v * v);
            main[ik] = alpha[ik] + sum_qs[ik] - half * sq;
        }
        slse = slse + logsumexp(&main);
    }
    slse
}

/// The log posterior.
pub fn objective<T: Float>(g: &Problem, p: &[T]) -> T {
    parameter_terms(g, p) + data_terms(g, p, 0..g.n)
}

#[derive(Deserialize)]
struct Input {
    d: usize,
    k: usize,
    n: usize,
    x: Vec<Vec<f64>>,
    m: i64,
    gamma: f64,
    alpha: Vec<f64>,
    mu: Vec<Vec<f64>>,
    q: Vec<Vec<f64>>,
    l: Vec<Vec<f64>>,
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

/// About this many tape nodes per batch of points.
const BATCH_NODES: usize = 1 << 20;

struct Gmm {
    jacobian: bool,
    g: Problem,
    params: Vec<f64>,
    /// Points per recorded batch.
    batch: usize,
    tape: Tape,
    value: f64,
    grad: Vec<f64>,
    part: Vec<f64>,
}

impl Work for Gmm {
    fn run(&mut self) {
        let g = &self.g;
        if !self.jacobian {
            self.value = objective(g, &self.params);
            return;
        }
        // The gradient of each piece overwrites `part`; they are summed here.
        self.value = reverse::gradient_on(
            &mut self.tape,
            |p: &[Var<'_>]| parameter_terms(g, p),
            &self.params,
            &mut self.grad,
        );
        let mut start = 0;
        while start < g.n {
            let end = (start + self.batch).min(g.n);
            self.value += reverse::gradient_on(
                &mut self.tape,
                |p: &[Var<'_>]| data_terms(g, p, start..end),
                &self.params,
                &mut self.part,
            );
            for (a, b) in self.grad.iter_mut().zip(&self.part) {
                *a += b;
            }
            start = end;
        }
    }

    fn write_output(&self, out: &mut JsonWriter) {
        if !self.jacobian {
            return out.f64(self.value);
        }
        let g = &self.g;
        let (alpha, mu, q, l) = g.split(&self.grad);
        out.raw(b"{\"alpha\":");
        out.f64_array(alpha);
        out.raw(b",\"mu\":");
        out.f64_rows(mu, g.d);
        out.raw(b",\"q\":");
        out.f64_rows(q, g.d);
        out.raw(b",\"l\":");
        if g.ltri() == 0 {
            // d = 1: k empty rows.
            out.raw(b"[");
            for i in 0..g.k {
                out.raw(if i == 0 { b"[]" } else { b",[]" });
            }
            out.raw(b"]");
        } else {
            out.f64_rows(l, g.ltri());
        }
        out.raw(b"}");
    }
}

/// Prepares `objective` or `jacobian`.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    let jacobian = match function {
        "objective" => false,
        "jacobian" => true,
        _ => {
            return Err(unknown_function(
                "gmm",
                function,
                &["objective", "jacobian"],
            ));
        }
    };
    let i: Input = parse("gmm", input)?;
    let (d, k, n) = (i.d, i.k, i.n);
    if d == 0 || k == 0 || n == 0 {
        return Err(format!(
            "gmm: d, k and n must be positive (d = {d}, k = {k}, n = {n})"
        ));
    }
    if i.alpha.len() != k {
        return Err(format!(
            "gmm: alpha has {} entries, expected k = {k}",
            i.alpha.len()
        ));
    }
    let nprime = d as i64 + i.m + 1;
    if i.m + 2 <= 0 || i.gamma <= 0.0 {
        return Err(format!(
            "gmm: the Wishart prior needs m ≥ −1 and gamma > 0 (m = {}, gamma = {})",
            i.m, i.gamma
        ));
    }
    let c = nprime as f64 * d as f64 * (i.gamma.ln() - 0.5 * 2f64.ln())
        - log_gamma_distrib(0.5 * nprime as f64, d);
    let g = Problem {
        d,
        k,
        n,
        x: flatten("gmm x", &i.x, n, d)?,
        gamma: i.gamma,
        m: i.m,
        constant: -(n as f64) * d as f64 * 0.5 * (2.0 * core::f64::consts::PI).ln() + k as f64 * c,
    };
    let mut params = i.alpha;
    params.extend(flatten("gmm mu", &i.mu, k, d)?);
    params.extend(flatten("gmm q", &i.q, k, d)?);
    params.extend(flatten("gmm l", &i.l, k, g.ltri())?);
    let np = g.nparams();
    // Nodes per point: about two per entry of Q_k and a few per component.
    let per_point = k * (d * (d + 1) + 4 * d + 8);
    let batch = (BATCH_NODES / per_point).max(1);
    let len = if jacobian { np } else { 0 };
    Ok(Job::new(
        Runs::new(i.min_runs, i.min_seconds),
        Gmm {
            jacobian,
            g,
            params,
            batch,
            tape: Tape::new(),
            value: 0.0,
            grad: vec![0.0; len],
            part: vec![0.0; len],
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multivariate_gamma_matches_known_values() {
        // Γ(1/2) = √π, Γ(5) = 24, Γ(7/2) = 15√π/8; Γ₂(a) = √π Γ(a) Γ(a − ½).
        assert!((ln_gamma_half_integer(0.5) - core::f64::consts::PI.sqrt().ln()).abs() < 1e-15);
        assert!((ln_gamma_half_integer(5.0) - 24f64.ln()).abs() < 1e-14);
        assert!(
            (ln_gamma_half_integer(3.5) - (15.0 * core::f64::consts::PI.sqrt() / 8.0).ln()).abs()
                < 1e-14
        );
        assert_eq!(ln_gamma_half_integer(1.0), 0.0);
        let a = 3.0;
        let want = 0.5 * core::f64::consts::PI.ln()
            + ln_gamma_half_integer(a)
            + ln_gamma_half_integer(a - 0.5);
        assert!((log_gamma_distrib(a, 2) - want).abs() < 1e-14);
    }

    fn input(d: usize, k: usize, n: usize) -> String {
        let v = |i: usize, s: f64| ((i as f64 * 0.731 + s).sin()) * 0.8;
        let rows = |r: usize, c: usize, s: f64| -> Vec<Vec<f64>> {
            (0..r)
                .map(|i| (0..c).map(|j| v(i * c + j, s)).collect())
                .collect()
        };
        serde_json::json!({"d": d, "k": k, "n": n, "x": rows(n, d, 0.3), "m": 2, "gamma": 1.5,
            "alpha": (0..k).map(|i| v(i, 2.0)).collect::<Vec<_>>(), "mu": rows(k, d, 1.1),
            "q": rows(k, d, 0.2), "l": rows(k, d * (d - 1) / 2, 0.9)})
        .to_string()
    }

    fn gradient(text: &str, batch: Option<usize>) -> (Vec<f64>, Vec<f64>, Problem) {
        let mut job = prepare("jacobian", text).unwrap();
        let i: Input = serde_json::from_str(text).unwrap();
        let mut params = i.alpha.clone();
        for m in [&i.mu, &i.q, &i.l] {
            params.extend(m.concat());
        }
        let g = Problem {
            d: i.d,
            k: i.k,
            n: i.n,
            x: i.x.concat(),
            gamma: i.gamma,
            m: i.m,
            constant: 0.0,
        };
        if let Some(batch) = batch {
            let np = params.len();
            let g2 = Problem {
                x: g.x.clone(),
                ..g
            };
            let work = Gmm {
                jacobian: true,
                g: g2,
                params: params.clone(),
                batch,
                tape: Tape::new(),
                value: 0.0,
                grad: vec![0.0; np],
                part: vec![0.0; np],
            };
            job = Job::new(Runs::new(None, None), work);
        }
        job.work.run();
        let mut w = JsonWriter::new();
        job.work.write_output(&mut w);
        let out: serde_json::Value = serde_json::from_slice(w.as_bytes()).unwrap();
        let mut grad: Vec<f64> = serde_json::from_value(out["alpha"].clone()).unwrap();
        for key in ["mu", "q", "l"] {
            let rows: Vec<Vec<f64>> = serde_json::from_value(out[key].clone()).unwrap();
            assert_eq!(rows.len(), g.k);
            grad.extend(rows.concat());
        }
        (grad, params, g)
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let (grad, params, g) = gradient(&input(3, 2, 5), None);
        gradus::check::gradient(|p| objective(&g, p), &params, &grad).unwrap();
    }

    #[test]
    fn batching_does_not_change_the_gradient() {
        let text = input(2, 3, 7);
        let (one, _, _) = gradient(&text, Some(7));
        for batch in [1, 3] {
            let (b, _, _) = gradient(&text, Some(batch));
            for (x, y) in one.iter().zip(&b) {
                assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{x} vs {y}");
            }
        }
    }
}
