//! Second order: value + gradient + Hessian of the extended Rosenbrock function,
//! one-pass `HyperDual` against a hand-written analytic Hessian and against
//! nested `Dual<Dual<f64, N>, N>`; and a Hessian-vector product (`HvpDual`,
//! and plain nesting both ways) against one `Dual<f64, N>` gradient. Compare
//! the ratios within one run.

#[path = "../tests/common/mod.rs"]
mod common;
use common::functions::{rosenbrock, rosenbrock_hessian as rosenbrock_analytic};
use criterion::{Criterion, criterion_group, criterion_main};
use gradus::Dual;
use std::hint::black_box;

#[inline(never)]
fn rosenbrock_hyperdual<const N: usize>(x: &[f64; N]) -> (f64, [f64; N], [[f64; N]; N]) {
    gradus::hessian(|x| rosenbrock(&x), *x)
}

#[inline(never)]
fn rosenbrock_nested<const N: usize>(x: &[f64; N]) -> (f64, [f64; N], [[f64; N]; N]) {
    let xs: [Dual<Dual<f64, N>, N>; N] =
        core::array::from_fn(|i| Dual::variable(Dual::variable(x[i], i), i));
    let y = rosenbrock(&xs);
    (
        y.value().value(),
        y.value().partials(),
        y.partials().map(|p| p.partials()),
    )
}

#[inline(never)]
fn rosenbrock_gradient<const N: usize>(x: &[f64; N]) -> (f64, [f64; N]) {
    gradus::gradient(|x| rosenbrock(&x), *x)
}

#[inline(never)]
fn rosenbrock_hvp<const N: usize>(x: &[f64; N], v: &[f64; N]) -> (f64, [f64; N], [f64; N]) {
    gradus::hvp(|x| rosenbrock(&x), *x, *v)
}

/// The same product by plain nesting, `Dual<Dual<f64, N>, 1>`, for comparison.
#[inline(never)]
fn rosenbrock_hvp_nested<const N: usize>(x: &[f64; N], v: &[f64; N]) -> [f64; N] {
    let xs: [Dual<Dual<f64, N>, 1>; N] =
        core::array::from_fn(|i| Dual::new(Dual::variable(x[i], i), [Dual::constant(v[i])]));
    rosenbrock(&xs).partials()[0].partials()
}

/// The other nesting order, for comparison: outer N slots of inner Dual<f64, 1>.
#[inline(never)]
fn rosenbrock_hvp_inner1<const N: usize>(x: &[f64; N], v: &[f64; N]) -> [f64; N] {
    let xs: [Dual<Dual<f64, 1>, N>; N] =
        core::array::from_fn(|i| Dual::variable(Dual::new(x[i], [v[i]]), i));
    rosenbrock(&xs).partials().map(|p| p.partials()[0])
}

fn point<const N: usize>() -> [f64; N] {
    core::array::from_fn(|i| if i % 2 == 0 { -1.2 } else { 1.0 } + 0.01 * i as f64)
}

fn bench_n<const N: usize>(c: &mut Criterion) {
    let x = point::<N>();
    let mut g = c.benchmark_group(format!("hessian_rosenbrock_n{N}"));
    g.bench_function("analytic", |b| {
        b.iter(|| rosenbrock_analytic(black_box(&x)))
    });
    g.bench_function("hyperdual", |b| {
        b.iter(|| rosenbrock_hyperdual(black_box(&x)))
    });
    g.bench_function("nested_dual", |b| {
        b.iter(|| rosenbrock_nested(black_box(&x)))
    });
    g.finish();
}

fn bench_hvp(c: &mut Criterion) {
    let x = point::<16>();
    let v: [f64; 16] = core::array::from_fn(|i| 0.5 - 0.1 * i as f64);
    let mut g = c.benchmark_group("hvp_rosenbrock_n16");
    g.bench_function("dual_gradient", |b| {
        b.iter(|| rosenbrock_gradient(black_box(&x)))
    });
    g.bench_function("hvp", |b| {
        b.iter(|| rosenbrock_hvp(black_box(&x), black_box(&v)))
    });
    g.bench_function("hvp_nested_dual", |b| {
        b.iter(|| rosenbrock_hvp_nested(black_box(&x), black_box(&v)))
    });
    g.bench_function("hvp_dual_of_dual1", |b| {
        b.iter(|| rosenbrock_hvp_inner1(black_box(&x), black_box(&v)))
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    bench_n::<4>(c);
    bench_n::<8>(c);
    bench_n::<16>(c);
    bench_hvp(c);
}

criterion_group!(hessian_benches, benches);
criterion_main!(hessian_benches);
