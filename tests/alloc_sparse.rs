//! Decompression and every prepared evaluation allocate nothing once
//! prepared (and, for the tape-based ones, warmed up by one call): counted
//! exactly with the shared counting global allocator, per thread.

use gradus::sparse::{
    AcyclicDecompressor, BlockFunction, BlockJacobian, ColumnDecompressor, Decompress, HessianMode,
    JacobianMode, Order, RowDecompressor, SparseHessian, SparseJacobian, SparsityPattern,
    StarDecompressor, acyclic_coloring, column_coloring, compress_columns, compress_rows,
    row_coloring, star_coloring,
};
use gradus::{Function, VectorFunction};
use num_traits::Float;
mod common;

#[global_allocator]
static ALLOCATOR: common::alloc::Counting = common::alloc::Counting;

#[test]
fn counter_counts_allocs_zeroed_allocs_and_reallocs() {
    common::alloc::assert_counts_exactly();
}

/// Allocations, zeroed allocations and reallocations made by `f` on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    common::alloc::allocations(f).1
}

/// The 5-point stencil on an n × n grid.
fn stencil(n: usize) -> SparsityPattern {
    SparsityPattern::from_fn(n * n, n * n, |p, q| {
        (p / n).abs_diff(q / n) + (p % n).abs_diff(q % n) <= 1
    })
}

fn values(p: &SparsityPattern) -> Vec<f64> {
    // Symmetric values for a symmetric pattern.
    p.iter()
        .map(|(i, j)| 1.0 + (i.min(j) * 7 + i.max(j) * 3) as f64 / 10.0)
        .collect()
}

#[test]
fn decompression_allocates_nothing() {
    let p = stencil(20);
    let h = values(&p);
    let mut out = vec![0.0; p.nnz()];

    let c = column_coloring(&p, Order::Natural);
    let d = ColumnDecompressor::new(&p, &c);
    let b = compress_columns(&p, c.colors(), &h);
    assert_eq!(allocations(|| d.decompress(&b, &mut out)), 0);
    assert_eq!(out, h);

    let r = row_coloring(&p, Order::Natural);
    let d = RowDecompressor::new(&p, &r);
    let b = compress_rows(&p, r.colors(), &h);
    out.fill(0.0);
    assert_eq!(allocations(|| d.decompress(&b, &mut out)), 0);
    assert_eq!(out, h);

    let s = star_coloring(&p, Order::Natural);
    let d = StarDecompressor::new(&p, &s);
    let b = compress_columns(&p, s.coloring().colors(), &h);
    out.fill(0.0);
    assert_eq!(allocations(|| d.decompress(&b, &mut out)), 0);
    assert_eq!(out, h);

    let a = acyclic_coloring(&p, Order::Natural);
    let d = AcyclicDecompressor::new(&p, &a);
    let b = compress_columns(&p, a.coloring().colors(), &h);
    out.fill(0.0);
    assert_eq!(allocations(|| d.decompress(&b, &mut out)), 0);
    assert!(
        out.iter()
            .zip(&h)
            .all(|(x, y)| (x - y).abs() <= 1e-12 * y.abs())
    );

    // The counter does count: preparing allocates.
    assert!(allocations(|| drop(AcyclicDecompressor::new(&p, &a))) > 0);
}

/// A 5-point-stencil residual on an n × n grid, with one dense row (the
/// mean) so that reverse mode has a reason to exist; allocation-free.
struct Grid(usize);

impl VectorFunction for Grid {
    fn eval<T: Float>(&self, u: &[T], r: &mut [T]) {
        let n = self.0;
        for p in 0..n * n {
            let (a, b) = (p / n, p % n);
            let mut lap = -T::from(4.0).unwrap() * u[p];
            for q in [
                (a > 0).then(|| p - n),
                (a + 1 < n).then(|| p + n),
                (b > 0).then(|| p - 1),
                (b + 1 < n).then(|| p + 1),
            ]
            .into_iter()
            .flatten()
            {
                lap = lap + u[q];
            }
            r[p] = lap + u[p].powi(3);
        }
        r[n * n] = u.iter().fold(T::zero(), |s, &v| s + v.exp());
    }
}

impl Function for Grid {
    fn eval<T: Float>(&self, u: &[T]) -> T {
        let n = self.0;
        let mut e = T::zero();
        for p in 0..n * n {
            let (a, b) = (p / n, p % n);
            e = e + u[p].powi(4);
            if a + 1 < n {
                e = e + (u[p] - u[p + n]).cosh();
            }
            if b + 1 < n {
                e = e + (u[p] - u[p + 1]).sin() * u[p];
            }
        }
        e
    }
}

struct Pairs;
impl BlockFunction for Pairs {
    fn eval_block<T: Float>(&self, _b: usize, x: &[T], out: &mut [T]) {
        out[0] = x[0] * x[1].sin();
        out[1] = x.iter().fold(T::zero(), |s, &v| s + v * v);
    }
}

fn point(n: usize) -> Vec<f64> {
    (0..n).map(|i| 0.1 + (i as f64 * 0.37).sin()).collect()
}

#[test]
fn prepared_jacobians_allocate_nothing_per_evaluation() {
    let g = Grid(8);
    let (n, m) = (64, 65);
    let x = point(n);
    let mut y = vec![0.0; m];
    // Forward in several passes (C = 2 < colors), and reverse (the dense
    // row makes it the cheaper mode).
    let mut forward2 = SparseJacobian::<f64, 2>::from_pattern_in(
        gradus::sparse::jacobian_pattern(&g, n, m),
        JacobianMode::Forward,
    );
    assert!(forward2.passes() > 1);
    let mut auto = SparseJacobian::<f64, 8>::new(&g, n, m);
    assert_eq!(auto.mode(), JacobianMode::Reverse);
    let mut values = vec![0.0; forward2.nnz()];
    // Forward mode allocates nothing even on the first call.
    assert_eq!(
        allocations(|| forward2.eval(&g, &x, &mut y, &mut values)),
        0
    );
    assert_eq!(allocations(|| forward2.jacobian(&g, &x, &mut values)), 0);
    let mut values = vec![0.0; auto.nnz()];
    auto.eval(&g, &x, &mut y, &mut values);
    assert_eq!(allocations(|| auto.eval(&g, &x, &mut y, &mut values)), 0);
    assert_eq!(allocations(|| auto.jacobian(&g, &x, &mut values)), 0);
}

#[test]
fn prepared_hessians_allocate_nothing_per_evaluation() {
    let g = Grid(8);
    let n = 64;
    let x = point(n);
    let mut grad = vec![0.0; n];
    let p = gradus::sparse::hessian_pattern(&g, n);
    let mut star = SparseHessian::<f64, 2>::from_pattern_in(p.clone(), HessianMode::Star);
    let mut acyclic = SparseHessian::<f64, 3>::from_pattern_in(p, HessianMode::Acyclic);
    assert!(star.passes() > 1);
    check_hessian(&mut star, &g, &x, &mut grad);
    check_hessian(&mut acyclic, &g, &x, &mut grad);
}

fn check_hessian<const C: usize>(
    h: &mut SparseHessian<f64, C>,
    g: &Grid,
    x: &[f64],
    grad: &mut [f64],
) {
    let mut values = vec![0.0; h.nnz()];
    h.eval(g, x, grad, &mut values);
    assert_eq!(
        allocations(|| {
            h.eval(g, x, grad, &mut values);
        }),
        0
    );
    assert_eq!(
        allocations(|| {
            h.hessian(g, x, &mut values);
        }),
        0
    );
}

#[test]
fn block_jacobians_allocate_nothing_per_evaluation() {
    let blocks: Vec<(usize, Vec<usize>)> = (0..50)
        .map(|b| (2, vec![b, 50 + b % 10, (b + 1) % 50]))
        .collect();
    // K = 2 < 3 variables: two passes per block.
    let mut jac = BlockJacobian::<f64, 2>::new(60, blocks);
    let x = point(60);
    let mut r = vec![0.0; 100];
    let mut values = vec![0.0; jac.nnz()];
    assert_eq!(allocations(|| jac.eval(&Pairs, &x, &mut r, &mut values)), 0);
}
