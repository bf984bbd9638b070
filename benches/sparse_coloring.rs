//! Coloring and decompression costs: the 2-D Brusselator Jacobian (N = 32,
//! 2048 × 2048) and the 5-point stencil Hessian on a 100 × 100 grid.

use criterion::{Criterion, criterion_group, criterion_main};
use gradus::sparse::{
    AcyclicDecompressor, ColumnDecompressor, Decompress, Order, SparsityPattern, StarDecompressor,
    acyclic_coloring, column_coloring, compress_columns, star_coloring,
};
use std::hint::black_box;

/// The Jacobian pattern of DifferentialEquations.jl's `brusselator_2d_loop`
/// on an N × N periodic grid, unknowns u[i, j, k] at i + N j + N² k.
fn brusselator(n: usize) -> SparsityPattern {
    let index = |i: usize, j: usize, k: usize| i + n * j + n * n * k;
    let mut rows = vec![Vec::new(); 2 * n * n];
    for k in 0..2 {
        for j in 0..n {
            for i in 0..n {
                let (ip1, im1) = ((i + 1) % n, (i + n - 1) % n);
                let (jp1, jm1) = ((j + 1) % n, (j + n - 1) % n);
                rows[index(i, j, k)] = vec![
                    index(im1, j, k),
                    index(ip1, j, k),
                    index(i, jp1, k),
                    index(i, jm1, k),
                    index(i, j, k),
                    index(i, j, 1 - k),
                ];
            }
        }
    }
    SparsityPattern::from_rows(2 * n * n, rows)
}

/// The 5-point stencil Hessian (with its diagonal) on an n × n grid.
fn stencil(n: usize) -> SparsityPattern {
    SparsityPattern::from_rows(
        n * n,
        (0..n * n).map(|p| {
            let (a, b) = (p / n, p % n);
            let mut row = vec![p];
            if a > 0 {
                row.push(p - n);
            }
            if a + 1 < n {
                row.push(p + n);
            }
            if b > 0 {
                row.push(p - 1);
            }
            if b + 1 < n {
                row.push(p + 1);
            }
            row
        }),
    )
}

fn bench(c: &mut Criterion) {
    let bru = brusselator(32);
    let grid = stencil(100);
    let mut g = c.benchmark_group("sparse_coloring");
    g.sample_size(20);

    for (name, order) in [
        ("natural", Order::Natural),
        ("smallest_last", Order::SmallestLast),
    ] {
        g.bench_function(format!("brusselator32_column_{name}"), |b| {
            b.iter(|| column_coloring(black_box(&bru), order))
        });
        g.bench_function(format!("stencil100_star_{name}"), |b| {
            b.iter(|| star_coloring(black_box(&grid), order))
        });
        g.bench_function(format!("stencil100_acyclic_{name}"), |b| {
            b.iter(|| acyclic_coloring(black_box(&grid), order))
        });
    }

    let values: Vec<f64> = (0..bru.nnz()).map(|k| k as f64).collect();
    let coloring = column_coloring(&bru, Order::Natural);
    let d = ColumnDecompressor::new(&bru, &coloring);
    let compressed = compress_columns(&bru, coloring.colors(), &values);
    let mut out = vec![0.0; bru.nnz()];
    g.bench_function("brusselator32_column_decompress", |b| {
        b.iter(|| d.decompress(black_box(&compressed), &mut out))
    });

    let h: Vec<f64> = grid
        .iter()
        .map(|(i, j)| (i.min(j) + 2 * i.max(j)) as f64)
        .collect();
    let star = star_coloring(&grid, Order::Natural);
    let d = StarDecompressor::new(&grid, &star);
    let compressed = compress_columns(&grid, star.coloring().colors(), &h);
    let mut out = vec![0.0; grid.nnz()];
    g.bench_function("stencil100_star_decompress", |b| {
        b.iter(|| d.decompress(black_box(&compressed), &mut out))
    });
    let acyclic = acyclic_coloring(&grid, Order::Natural);
    g.bench_function("stencil100_acyclic_prepare", |b| {
        b.iter(|| AcyclicDecompressor::new(black_box(&grid), &acyclic))
    });
    let d = AcyclicDecompressor::new(&grid, &acyclic);
    let compressed = compress_columns(&grid, acyclic.coloring().colors(), &h);
    g.bench_function("stencil100_acyclic_decompress", |b| {
        b.iter(|| d.decompress(black_box(&compressed), &mut out))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
