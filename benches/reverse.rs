//! Reverse-mode gradients against plain `f64` evaluation and hand-written gradients.
//!
//! Two functions of n inputs, at n = 10, 1000 and 100 000:
//! - extended Rosenbrock Σ 100(x_{i+1} − x_i²)² + (1 − x_i)² (cheap arithmetic,
//!   so the tape's per-operation cost shows);
//! - a transcendental sum Σ exp(sin(x_i)·x_{i+1})/(1 + x_i²) + ln(1 + x_i²)·√(1 + x_i²).
//!
//! Each is measured as: the plain `f64` value, a hand-written gradient, the
//! gradient on a reused tape (`reverse::gradient_on`, no allocation per call)
//! and the convenience `reverse::gradient` (fresh tape and `Vec` per call).
//! Compare the ratios within one run: `cargo bench --bench reverse -- --warm-up-time 1 --measurement-time 3`.

#[path = "../tests/common/mod.rs"]
mod common;
use common::functions::{rosenbrock, rosenbrock_grad, transcendental, transcendental_grad};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gradus::{Tape, reverse};
use std::hint::black_box;

fn point(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| 0.3 + 0.7 * ((i * 37 % 101) as f64 / 101.0))
        .collect()
}

type Generic = fn(&[f64]) -> f64;

fn bench_function(
    c: &mut Criterion,
    name: &str,
    plain: Generic,
    hand: fn(&[f64], &mut [f64]) -> f64,
    on_tape: fn(&mut Tape, &[f64], &mut [f64]) -> f64,
    fresh: fn(&[f64]) -> (f64, Vec<f64>),
) {
    let mut group = c.benchmark_group(name);
    for n in [10usize, 1000, 100_000] {
        let x = point(n);
        let mut g = vec![0.0; n];
        let mut tape = Tape::new();
        // check the four agree before timing them
        let mut gh = vec![0.0; n];
        let fh = hand(&x, &mut gh);
        let ft = on_tape(&mut tape, &x, &mut g);
        assert!((fh - ft).abs() <= 1e-9 * fh.abs());
        for (a, b) in g.iter().zip(&gh) {
            assert!((a - b).abs() <= 1e-9 * (1.0 + b.abs()), "{a} vs {b}");
        }
        if n == 1000 {
            println!(
                "{name} n = {n}: tape {} nodes, {} bytes per node (+ {} per adjoint)",
                tape.len(),
                Tape::<f64>::NODE_BYTES,
                std::mem::size_of::<f64>()
            );
        }
        group.bench_function(BenchmarkId::new("f64 value", n), |b| {
            b.iter(|| plain(black_box(&x)))
        });
        group.bench_function(BenchmarkId::new("hand-written gradient", n), |b| {
            b.iter(|| hand(black_box(&x), &mut g))
        });
        group.bench_function(
            BenchmarkId::new("reverse gradient_on (reused tape)", n),
            |b| b.iter(|| on_tape(&mut tape, black_box(&x), &mut g)),
        );
        if n <= 1000 {
            group.bench_function(BenchmarkId::new("reverse::gradient (fresh tape)", n), |b| {
                b.iter(|| fresh(black_box(&x)))
            });
        }
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_function(
        c,
        "rosenbrock",
        rosenbrock::<f64>,
        rosenbrock_grad,
        |tape, x, g| reverse::gradient_on(tape, rosenbrock, x, g),
        |x| reverse::gradient(|x| rosenbrock(x), x),
    );
    bench_function(
        c,
        "transcendental",
        transcendental::<f64>,
        transcendental_grad,
        |tape, x, g| reverse::gradient_on(tape, transcendental, x, g),
        |x| reverse::gradient(|x| transcendental(x), x),
    );
}

criterion_group!(reverse_benches, benches);
criterion_main!(reverse_benches);
