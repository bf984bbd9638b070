//! det: the determinant by expansion by minors (as GradBench's
//! `det_of_minor`, after Bell's cmpad), and its gradient.
//!
//! Mode: reverse, on one tape reused across runs. The gradient has ℓ²
//! entries and the function one output, so one backward sweep gives it all;
//! forward mode would need ℓ² directions.

use super::{Job, Work, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::{Tape, reverse};
use num_traits::Float;
use serde::Deserialize;

/// The determinant of the `m × m` minor of the `n × n` row-major matrix `a`
/// whose rows and columns are linked lists in `r` and `c` (`r[n]`, `c[n]`
/// the first; `r[i]` the row after row `i`): the cofactor expansion along the
/// minor's first row. `r` and `c` are restored on return.
pub fn det_of_minor<T: Float>(a: &[T], n: usize, m: usize, r: &mut [usize], c: &mut [usize]) -> T {
    let r0 = r[n];
    let mut cj = c[n];
    if m == 1 {
        return a[r0 * n + cj];
    }
    let mut det = T::zero();
    let mut positive = true;
    // Row r0 leaves every sub-minor.
    r[n] = r[r0];
    // The column before column j in the list.
    let mut prev = n;
    for _ in 0..m {
        let m0j = a[r0 * n + cj];
        c[prev] = c[cj];
        let sub = det_of_minor(a, n, m - 1, r, c);
        c[prev] = cj;
        det = if positive {
            det + m0j * sub
        } else {
            det - m0j * sub
        };
        prev = cj;
        cj = c[cj];
        positive = !positive;
    }
    r[n] = r0;
    det
}

/// det A for a row-major `ell × ell` matrix; `r`, `c` are scratch of length `ell + 1`.
pub fn det<T: Float>(a: &[T], ell: usize, r: &mut [usize], c: &mut [usize]) -> T {
    for i in 0..ell {
        r[i] = i + 1;
        c[i] = i + 1;
    }
    r[ell] = 0;
    c[ell] = 0;
    det_of_minor(a, ell, ell, r, c)
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct Input {
    A: Vec<f64>,
    ell: usize,
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

struct Det {
    gradient: bool,
    a: Vec<f64>,
    ell: usize,
    r: Vec<usize>,
    c: Vec<usize>,
    tape: Tape,
    value: f64,
    grad: Vec<f64>,
}

impl Work for Det {
    fn run(&mut self) {
        let (ell, r, c) = (self.ell, &mut self.r, &mut self.c);
        if self.gradient {
            self.value = reverse::gradient_on(
                &mut self.tape,
                |a| det(a, ell, r, c),
                &self.a,
                &mut self.grad,
            );
        } else {
            self.value = det(&self.a, ell, r, c);
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
        _ => return Err(unknown_function("det", function, &["primal", "gradient"])),
    };
    let i: Input = parse("det", input)?;
    if i.ell == 0 || i.A.len() != i.ell * i.ell {
        return Err(format!(
            "det: A has {} entries but ell = {} needs ell² = {} (and ell ≥ 1)",
            i.A.len(),
            i.ell,
            i.ell * i.ell
        ));
    }
    let n = i.A.len();
    Ok(Job::new(
        Runs::new(i.min_runs, i.min_seconds),
        Det {
            gradient,
            a: i.A,
            ell: i.ell,
            r: vec![0; i.ell + 1],
            c: vec![0; i.ell + 1],
            tape: Tape::new(),
            value: 0.0,
            grad: vec![0.0; if gradient { n } else { 0 }],
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det_f64(a: &[f64]) -> f64 {
        let ell = (a.len() as f64).sqrt() as usize;
        det(a, ell, &mut vec![0; ell + 1], &mut vec![0; ell + 1])
    }

    #[test]
    fn small_determinants() {
        assert_eq!(det_f64(&[3.0]), 3.0);
        assert_eq!(det_f64(&[1.0, 2.0, 3.0, 4.0]), -2.0);
        // A triangular matrix: the product of the diagonal.
        let t = [2.0, 1.0, 5.0, 0.0, 3.0, 7.0, 0.0, 0.0, 4.0];
        assert_eq!(det_f64(&t), 24.0);
        // Swapping two rows flips the sign.
        let s = [0.0, 3.0, 7.0, 2.0, 1.0, 5.0, 0.0, 0.0, 4.0];
        assert_eq!(det_f64(&s), -24.0);
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let a: Vec<f64> = (0..16).map(|i| ((i * 7 % 11) as f64) / 5.0 - 1.0).collect();
        let mut job = prepare("gradient", &format!(r#"{{"A":{a:?},"ell":4}}"#)).unwrap();
        job.work.run();
        job.work.run(); // a reused tape gives the same answer
        let mut w = JsonWriter::new();
        job.work.write_output(&mut w);
        let g: Vec<f64> = serde_json::from_slice(w.as_bytes()).unwrap();
        gradus::check::gradient(det_f64, &a, &g).unwrap();
        // Jacobi: ∇ det A = det(A) A⁻ᵀ, so Σ_j a_ij ∂det/∂a_ij = det A for each row.
        for i in 0..4 {
            let s: f64 = (0..4).map(|j| a[i * 4 + j] * g[i * 4 + j]).sum();
            assert!((s - det_f64(&a)).abs() < 1e-12);
        }
    }
}
