//! Forward-mode gradients beside plain `f64` evaluation and hand-written gradients.
//!
//! Two functions, written once over `T: Float`:
//! - extended Rosenbrock Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²  (arithmetic only);
//! - a transcendental-heavy sum Σ exp(sin(x_i)·x_{i+1})/(1 + x_i²) + ln(1 + x_i²)·√(1 + x_i²).
//!
//! For N = 2, 8, 16, 32 each group times the plain `f64` function, the
//! hand-written analytic gradient, and `gradus::gradient` with `Dual<f64, N>`.
//! The figure of merit is the ratio gradient ÷ hand-written gradient.
//!
//! `cargo bench --bench forward`
//!
//! What the zero-partial rule costs: the same benchmarks with the rule's
//! per-operation test compiled out, in a separate target directory, then
//! the `gradus` rows of the two runs compared:
//!
//! ```sh
//! RUSTFLAGS="--cfg gradus_unguarded" CARGO_TARGET_DIR=target/unguarded cargo bench --bench forward
//! ```

#[path = "../tests/common/mod.rs"]
mod common;
use common::functions::{rosenbrock, rosenbrock_grad, transcendental, transcendental_grad};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn point<const N: usize>() -> [f64; N] {
    core::array::from_fn(|i| 0.3 + 0.7 * ((i as f64) * 0.37).sin())
}

fn check<const N: usize>(f: fn(&[f64], &mut [f64]) -> f64, ad: (f64, [f64; N])) {
    let x = point::<N>();
    let mut g = [0.0; N];
    let v = f(&x, &mut g);
    assert!(
        (v - ad.0).abs() <= 1e-12 * v.abs().max(1.0),
        "value mismatch"
    );
    for (i, (gi, ai)) in g.iter().zip(ad.1).enumerate() {
        assert!(
            (gi - ai).abs() <= 1e-11 * gi.abs().max(1.0),
            "gradient mismatch at {i}"
        );
    }
}

macro_rules! bench_n {
    ($c:expr, $name:literal, $f:ident, $grad:ident, $($n:literal),*) => {{
        let mut group = $c.benchmark_group($name);
        $(
            let x = point::<$n>();
            check::<$n>($grad, gradus::gradient(|x| $f(&x), x));
            group.bench_with_input(BenchmarkId::new("f64", $n), &x, |b, x| b.iter(|| $f(black_box(&x[..]))));
            group.bench_with_input(BenchmarkId::new("hand", $n), &x, |b, x| {
                let mut g = [0.0; $n];
                b.iter(|| {
                    let v = $grad(black_box(&x[..]), &mut g);
                    (v, black_box(&g)[0])
                })
            });
            group.bench_with_input(BenchmarkId::new("gradus", $n), &x, |b, x| {
                b.iter(|| gradus::gradient(|x| $f(&x), black_box(*x)))
            });
        )*
        group.finish();
    }};
}

fn forward(c: &mut Criterion) {
    bench_n!(c, "rosenbrock", rosenbrock, rosenbrock_grad, 2, 8, 16, 32);
    bench_n!(
        c,
        "transcendental",
        transcendental,
        transcendental_grad,
        2,
        8,
        16,
        32
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = forward
}
criterion_main!(benches);
