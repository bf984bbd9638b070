//! Sparse derivatives end to end: detection, colors, and compressed
//! evaluation against the dense gradus drivers of the same functions.
//!
//! - 2-D Brusselator (DifferentialEquations.jl's `brusselator_2d_loop`):
//!   detection at N = 6; at N = 32 (2048 × 2048, 6 nonzeros per row) the
//!   sparse Jacobian against a dense chunked forward Jacobian
//!   (`Dual<f64, 8>`, 256 passes over all 2048 columns).
//! - Extended Rosenbrock at N = 16: the sparse Hessian (tridiagonal) against
//!   the dense one-pass `gradus::hessian` (`HyperDual<f64, 16>`).
//! - A 5-point-stencil energy on a 100 × 100 grid: the sparse Hessian
//!   (10⁴ inputs, 3 acyclic colors).
//! - Bundle-adjustment-shaped block residuals (2 rows, 15 variables each).
//!
//! Compare ratios within one run; the colors are printed once.

use criterion::{Criterion, criterion_group, criterion_main};
use gradus::sparse::{
    BlockFunction, BlockJacobian, HessianMode, SparseHessian, SparseJacobian, hessian_pattern,
    jacobian_pattern,
};
use gradus::{Dual, Function, VectorFunction};
use num_traits::Float;
use std::hint::black_box;

/// The 2-D Brusselator right-hand side on an N × N periodic grid, unknowns
/// u[i, j, k] at i + N j + N² k (as `brusselator_2d_loop`, p = (3.4, 1, 10)).
struct Brusselator {
    n: usize,
    t: f64,
}

impl VectorFunction for Brusselator {
    fn eval<T: Float>(&self, u: &[T], du: &mut [T]) {
        let n = self.n;
        let c = |v: f64| T::from(v).unwrap();
        let (a, b) = (c(3.4), c(1.0));
        let dx = 1.0 / (n as f64 - 1.0);
        let alpha = c(10.0 / (dx * dx));
        let four = c(4.0);
        let a1 = a + T::one();
        let at = |i: usize, j: usize, k: usize| i + n * j + n * n * k;
        for j in 0..n {
            for i in 0..n {
                let (ip1, im1) = ((i + 1) % n, (i + n - 1) % n);
                let (jp1, jm1) = ((j + 1) % n, (j + n - 1) % n);
                let (x, y) = (i as f64 * dx, j as f64 * dx);
                let forcing = if (x - 0.3).powi(2) + (y - 0.6).powi(2) <= 0.01 && self.t >= 1.1 {
                    5.0
                } else {
                    0.0
                };
                let u1 = u[at(i, j, 0)];
                let u2 = u[at(i, j, 1)];
                let lap = |k: usize, centre: T| {
                    u[at(im1, j, k)] + u[at(ip1, j, k)] + u[at(i, jp1, k)] + u[at(i, jm1, k)]
                        - four * centre
                };
                let u1u1u2 = u1.powi(2) * u2;
                du[at(i, j, 0)] = alpha * lap(0, u1) + b + u1u1u2 - a1 * u1 + c(forcing);
                du[at(i, j, 1)] = alpha * lap(1, u2) + a * u1 - u1u1u2;
            }
        }
    }
}

/// The dense baseline: a forward Jacobian in chunks of 8 columns (every
/// column seeded once, ⌈n / 8⌉ passes), written into a dense row-major m × n
/// matrix.
fn dense_chunked_jacobian<F: VectorFunction>(
    f: &F,
    x: &[f64],
    xs: &mut [Dual<f64, 8>],
    ys: &mut [Dual<f64, 8>],
    jac: &mut [f64],
) {
    let n = x.len();
    for lo in (0..n).step_by(8) {
        for (j, (d, &xj)) in xs.iter_mut().zip(x).enumerate() {
            let mut seed = [0.0; 8];
            if (lo..lo + 8).contains(&j) {
                seed[j - lo] = 1.0;
            }
            *d = Dual::new(xj, seed);
        }
        ys.fill(Dual::constant(0.0));
        f.eval(xs, ys);
        for (i, d) in ys.iter().enumerate() {
            let p = d.partials();
            let hi = (lo + 8).min(n);
            jac[i * n + lo..i * n + hi].copy_from_slice(&p[..hi - lo]);
        }
    }
}

/// Σ 100 (x[i+1] − x[i]²)² + (1 − x[i])².
struct Rosenbrock;
impl Function for Rosenbrock {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        let hundred = T::from(100.0).unwrap();
        x.windows(2).fold(T::zero(), |acc, w| {
            acc + hundred * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2)
        })
    }
}

/// A discretised nonlinear energy on an n × n grid: Σ over grid edges of
/// (u − v)² + ε cosh(u − v), plus Σ u⁴: its Hessian is the 5-point stencil.
struct Energy(usize);
impl Function for Energy {
    fn eval<T: Float>(&self, u: &[T]) -> T {
        let n = self.0;
        let eps = T::from(0.1).unwrap();
        let edge = |a: T, b: T| {
            let d = a - b;
            d * d + eps * d.cosh()
        };
        let mut e = T::zero();
        for a in 0..n {
            for b in 0..n {
                let p = a * n + b;
                e = e + u[p].powi(4);
                if a + 1 < n {
                    e = e + edge(u[p], u[p + n]);
                }
                if b + 1 < n {
                    e = e + edge(u[p], u[p + 1]);
                }
            }
        }
        e
    }
}

/// Reprojection-like residuals: block b observes point b % points with
/// camera b % cameras (11 + 3 variables) and a weight (1), two rows.
struct Observations {
    cameras: usize,
    points: usize,
}

impl Observations {
    fn blocks(&self, nobs: usize) -> Vec<(usize, Vec<usize>)> {
        let nw = self.cameras * 11 + self.points * 3;
        (0..nobs)
            .map(|b| {
                let (c, p) = (b % self.cameras, b % self.points);
                let mut v: Vec<usize> = (11 * c..11 * c + 11).collect();
                v.extend(self.cameras * 11 + 3 * p..self.cameras * 11 + 3 * p + 3);
                v.push(nw + b);
                (2, v)
            })
            .collect()
    }
}

impl BlockFunction for Observations {
    fn eval_block<T: Float>(&self, _b: usize, x: &[T], out: &mut [T]) {
        let (cam, pt, w) = (&x[..11], &x[11..14], x[14]);
        // A rotation-free pinhole with radial distortion, in the spirit of
        // the GradBench ba objective.
        let p: [T; 3] = core::array::from_fn(|k| pt[k] - cam[3 + k] + cam[k] * pt[k]);
        let (u, v) = (p[0] / p[2], p[1] / p[2]);
        let r2 = u * u + v * v;
        let d = T::one() + cam[9] * r2 + cam[10] * r2 * r2;
        out[0] = w * (cam[6] * d * u + cam[7] - T::from(0.5).unwrap());
        out[1] = w * (cam[6] * d * v + cam[8] - T::from(0.25).unwrap());
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("sparse");
    g.sample_size(20);

    // ---- detection
    let small = Brusselator { n: 6, t: 0.0 };
    let p6 = jacobian_pattern(&small, 72, 72);
    assert_eq!(p6.nnz(), 72 * 6);
    g.bench_function("brusselator6_detect", |b| {
        b.iter(|| jacobian_pattern(black_box(&small), 72, 72))
    });
    let big = Brusselator { n: 32, t: 0.0 };
    let (m, n) = (2048, 2048);
    g.bench_function("brusselator32_detect", |b| {
        b.iter(|| jacobian_pattern(black_box(&big), n, m))
    });
    g.bench_function("rosenbrock16_detect_hessian", |b| {
        b.iter(|| hessian_pattern(black_box(&Rosenbrock), 16))
    });

    // ---- Brusselator N = 32 Jacobian
    let x: Vec<f64> = (0..n).map(|k| 1.0 + 0.3 * (k as f64 * 0.7).sin()).collect();
    let mut jac = SparseJacobian::<f64, 10>::new(&big, n, m);
    eprintln!(
        "brusselator32: {} colors ({:?}), {} passes",
        jac.ncolors(),
        jac.mode(),
        jac.passes()
    );
    let mut y = vec![0.0; m];
    let mut values = vec![0.0; jac.nnz()];
    g.bench_function("brusselator32_sparse_jacobian", |b| {
        b.iter(|| jac.eval(&big, black_box(&x), &mut y, &mut values))
    });
    let mut xs = vec![Dual::<f64, 8>::constant(0.0); n];
    let mut ys = vec![Dual::<f64, 8>::constant(0.0); m];
    let mut dense = vec![0.0; m * n];
    dense_chunked_jacobian(&big, &x, &mut xs, &mut ys, &mut dense);
    for (i, jj) in jac.pattern().iter().enumerate() {
        assert_eq!(values[i], dense[jj.0 * n + jj.1]);
    }
    g.bench_function("brusselator32_dense_chunked_jacobian", |b| {
        b.iter(|| dense_chunked_jacobian(&big, black_box(&x), &mut xs, &mut ys, &mut dense))
    });
    g.bench_function("brusselator32_prepare", |b| {
        b.iter(|| SparseJacobian::<f64, 10>::new(black_box(&big), n, m))
    });

    // ---- Rosenbrock N = 16 Hessian
    let x16: [f64; 16] = core::array::from_fn(|i| 0.5 + 0.1 * i as f64);
    let mut acyclic = SparseHessian::<f64, 2>::new(&Rosenbrock, 16);
    let mut star = SparseHessian::<f64, 3>::new(&Rosenbrock, 16);
    assert_eq!(acyclic.mode(), HessianMode::Acyclic);
    assert_eq!(star.mode(), HessianMode::Star);
    eprintln!(
        "rosenbrock16: acyclic {} colors, star {} colors",
        acyclic.ncolors(),
        star.ncolors()
    );
    let mut grad = vec![0.0; 16];
    let mut hv = vec![0.0; acyclic.nnz()];
    g.bench_function("rosenbrock16_sparse_hessian_acyclic2", |b| {
        b.iter(|| acyclic.eval(&Rosenbrock, black_box(&x16), &mut grad, &mut hv))
    });
    g.bench_function("rosenbrock16_sparse_hessian_star3", |b| {
        b.iter(|| star.eval(&Rosenbrock, black_box(&x16), &mut grad, &mut hv))
    });
    g.bench_function("rosenbrock16_dense_hessian", |b| {
        b.iter(|| gradus::hessian(|x| Rosenbrock.eval(&x), black_box(x16)))
    });

    // ---- 5-point energy, 100 × 100
    let e = Energy(100);
    let mut eh = SparseHessian::<f64, 3>::new(&e, 10_000);
    eprintln!("energy100: {} colors ({:?})", eh.ncolors(), eh.mode());
    let xe: Vec<f64> = (0..10_000).map(|k| (k as f64 * 0.01).sin()).collect();
    let mut ge = vec![0.0; 10_000];
    let mut ve = vec![0.0; eh.nnz()];
    g.bench_function("energy100_sparse_hessian", |b| {
        b.iter(|| eh.eval(&e, black_box(&xe), &mut ge, &mut ve))
    });
    g.bench_function("energy100_gradient_reverse", |b| {
        let mut tape = gradus::Tape::new();
        b.iter(|| gradus::reverse::gradient_on(&mut tape, |x| e.eval(x), black_box(&xe), &mut ge))
    });

    // ---- block residuals
    let obs = Observations {
        cameras: 20,
        points: 500,
    };
    let nobs = 2000;
    let blocks = obs.blocks(nobs);
    let nvars = 20 * 11 + 500 * 3 + nobs;
    let mut bj = BlockJacobian::<f64, 15>::new(nvars, blocks);
    let xb: Vec<f64> = (0..nvars)
        .map(|k| 1.0 + 0.1 * (k as f64 * 0.37).sin())
        .collect();
    let mut r = vec![0.0; 2 * nobs];
    let mut vb = vec![0.0; bj.nnz()];
    g.bench_function("blocks2000_jacobian", |b| {
        b.iter(|| bj.eval(&obs, black_box(&xb), &mut r, &mut vb))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
