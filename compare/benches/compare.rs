//! gradus beside num-dual, hyperdual, ad_trait and reverse, plain `f64` and
//! hand-written derivatives, on the same functions in the same run.
//!
//! Every implementation's result is checked against the hand-written
//! derivative before it is timed (a wrong result aborts the run), and the
//! seeded inputs reach each timed call through `black_box`. Times are the
//! benchmark thread's CPU time, so other processes sharing the machine disturb
//! the ratios less.
//!
//! `cargo bench -p gradus-compare`, then `cargo run -p gradus-compare --release --bin table`.

use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main,
};
use gradus::Dual;
use gradus_compare::check::{assert_close, assert_close_rows};
use gradus_compare::forward::{Forward, Second, hessian_scalar_passes};
use gradus_compare::measure::ThreadCpuTime;
use gradus_compare::workloads::{
    MATRIX3, RD_N, inverse3, inverse3_jacobian, point, point_array, reaction_diffusion,
    reaction_diffusion_jacobian,
};
use gradus_compare::{Objective, Rosenbrock, TrigSum};
use hyperdual::Hyperdual;
use nalgebra::SVector;
use num_dual::{Dual2SVec64, DualSVec64};
use std::hint::black_box;
use std::time::Duration;

type Group<'a> = BenchmarkGroup<'a, ThreadCpuTime>;
type Crit = Criterion<ThreadCpuTime>;
type AdFn<const N: usize> = ad_trait::forward_ad::adfn::adfn<N>;

/// `[f, ∂f/∂x₀, …]` for [`assert_close`].
fn flat<const N: usize>(v: f64, g: &[f64; N]) -> Vec<f64> {
    core::iter::once(v).chain(g.iter().copied()).collect()
}

// ---------------------------------------------------------------- forward gradients

/// Times one forward-mode type on `W` at `x`, after checking it.
fn forward_row<W: Objective, T: Forward<N>, const N: usize>(
    g: &mut Group<'_>,
    name: &str,
    x: &[f64; N],
    want: &[f64],
) {
    let run = |s: &[T; N]| {
        let y = W::eval(s);
        (y.value(), y.partials())
    };
    let seeds = T::seed(x);
    let (v, d) = run(&seeds);
    assert_close(
        &format!("{name}: gradient of {} at N = {N}", W::NAME),
        &flat(v, &d),
        want,
    );
    g.bench_with_input(BenchmarkId::new(name, N), &seeds, |b, s| {
        b.iter(|| run(black_box(s)))
    });
}

/// The baselines of a gradient group: the function on `f64`, and the hand-written gradient.
fn baseline_rows<W: Objective, const N: usize>(g: &mut Group<'_>, x: &[f64; N]) {
    g.bench_with_input(BenchmarkId::new("f64", N), x, |b, x| {
        b.iter(|| W::eval(black_box(x)))
    });
    g.bench_with_input(BenchmarkId::new("hand", N), x, |b, x| {
        b.iter(|| {
            let mut d = [0.0; N];
            let v = W::gradient(black_box(x), &mut d);
            (v, d)
        })
    });
}

/// Checks the crates' own gradient drivers once (not timed): the timed rows seed
/// by hand, so this confirms the seeding matches what the drivers do.
fn check_drivers<W: Objective, const N: usize>(x: &[f64; N], want: &[f64]) {
    let (v, d) = gradus::gradient(|xs| W::eval(&xs), *x);
    assert_close(
        &format!("gradus::gradient of {} at N = {N}", W::NAME),
        &flat(v, &d),
        want,
    );
    let (v, d) = num_dual::gradient(
        |xs: SVector<DualSVec64<N>, N>| W::eval(xs.as_slice()),
        &SVector::from(*x),
    );
    assert_close(
        &format!("num_dual::gradient of {} at N = {N}", W::NAME),
        &flat(v, &d.into()),
        want,
    );
}

macro_rules! forward_group {
    ($c:expr, $W:ty; $($n:literal => $m:literal),*) => {{
        let mut g = $c.benchmark_group(format!("gradient_{}", <$W>::NAME));
        $({
            let x: [f64; $n] = point_array();
            let mut d = [0.0; $n];
            let v = <$W>::gradient(&x, &mut d);
            let want = flat(v, &d);
            check_drivers::<$W, $n>(&x, &want);
            forward_row::<$W, Dual<f64, $n>, $n>(&mut g, "gradus", &x, &want);
            forward_row::<$W, DualSVec64<$n>, $n>(&mut g, "num-dual", &x, &want);
            forward_row::<$W, Hyperdual<f64, $m>, $n>(&mut g, "hyperdual", &x, &want);
            forward_row::<$W, AdFn<$n>, $n>(&mut g, "ad_trait", &x, &want);
            baseline_rows::<$W, $n>(&mut g, &x);
        })*
        g.finish();
    }};
}

fn gradients(c: &mut Crit) {
    forward_group!(c, Rosenbrock; 2 => 3, 8 => 9, 16 => 17, 32 => 33);
    forward_group!(c, TrigSum; 2 => 3, 8 => 9, 16 => 17, 32 => 33);
}

// ---------------------------------------------------------------- Jacobians

/// Times one forward-mode type on a vector function `f: Rᴺ → Rᴹ`, after checking it.
fn jacobian_row<T: Forward<N>, const N: usize, const M: usize>(
    g: &mut Group<'_>,
    name: &str,
    f: impl Fn(&[T; N]) -> [T; M],
    x: &[f64; N],
    want: &([f64; M], [[f64; N]; M]),
) {
    let run = |s: &[T; N]| {
        let y = f(s);
        (y.map(|yi| yi.value()), y.map(|yi| yi.partials()))
    };
    let seeds = T::seed(x);
    let (v, j) = run(&seeds);
    assert_close(&format!("{name}: Jacobian's function value"), &v, &want.0);
    assert_close_rows(&format!("{name}: Jacobian"), &j, &want.1);
    g.bench_function(name, |b| b.iter(|| run(black_box(&seeds))));
}

fn jacobians(c: &mut Crit) {
    // R⁸ → R⁸: reaction–diffusion right-hand side.
    let mut g = c.benchmark_group("jacobian_reaction_diffusion_8");
    let u: [f64; RD_N] = point_array();
    let want = reaction_diffusion_jacobian(&u);
    let (v, j) = gradus::jacobian(|u| reaction_diffusion(&u), u);
    assert_close("gradus::jacobian: value", &v, &want.0);
    assert_close_rows("gradus::jacobian", &j, &want.1);
    let (v, j) = num_dual::jacobian(
        |u: SVector<DualSVec64<RD_N>, RD_N>| SVector::from(reaction_diffusion(&u.into())),
        &SVector::from(u),
    );
    assert_close("num_dual::jacobian: value", v.as_slice(), &want.0);
    let j: [[f64; RD_N]; RD_N] = core::array::from_fn(|r| core::array::from_fn(|k| j[(r, k)]));
    assert_close_rows("num_dual::jacobian", &j, &want.1);
    jacobian_row::<Dual<f64, RD_N>, RD_N, RD_N>(&mut g, "gradus", reaction_diffusion, &u, &want);
    jacobian_row::<DualSVec64<RD_N>, RD_N, RD_N>(&mut g, "num-dual", reaction_diffusion, &u, &want);
    jacobian_row::<Hyperdual<f64, 9>, RD_N, RD_N>(
        &mut g,
        "hyperdual",
        reaction_diffusion,
        &u,
        &want,
    );
    jacobian_row::<AdFn<RD_N>, RD_N, RD_N>(&mut g, "ad_trait", reaction_diffusion, &u, &want);
    g.bench_function("f64", |b| b.iter(|| reaction_diffusion(black_box(&u))));
    g.bench_function("hand", |b| {
        b.iter(|| reaction_diffusion_jacobian(black_box(&u)))
    });
    g.finish();

    // R⁹ → R⁹ through nalgebra: the inverse of a 3 × 3 matrix.
    let mut g = c.benchmark_group("jacobian_inverse3");
    let a = MATRIX3;
    let want = inverse3_jacobian(&a);
    let (v, j) = gradus::nalgebra::jacobian(
        |a: SVector<Dual<f64, 9>, 9>| SVector::from(inverse3(&a.into())),
        SVector::from(a),
    );
    assert_close("gradus::nalgebra::jacobian: value", v.as_slice(), &want.0);
    let j: [[f64; 9]; 9] = core::array::from_fn(|r| core::array::from_fn(|k| j[(r, k)]));
    assert_close_rows("gradus::nalgebra::jacobian", &j, &want.1);
    jacobian_row::<Dual<f64, 9>, 9, 9>(&mut g, "gradus", inverse3, &a, &want);
    jacobian_row::<DualSVec64<9>, 9, 9>(&mut g, "num-dual", inverse3, &a, &want);
    g.bench_function("f64", |b| b.iter(|| inverse3(black_box(&a))));
    g.bench_function("hand", |b| b.iter(|| inverse3_jacobian(black_box(&a))));
    g.finish();
}

// ---------------------------------------------------------------- Hessians

/// Times one second-order type on the Rosenbrock Hessian, after checking it.
fn hessian_row<T: Second<N>, const N: usize>(
    g: &mut Group<'_>,
    name: &str,
    x: &[f64; N],
    want: &(f64, [f64; N], [[f64; N]; N]),
) {
    let run = |s: &[T; N]| Rosenbrock::eval(s).read();
    let seeds = T::seed(x);
    check_hessian(name, &run(&seeds), want);
    g.bench_with_input(BenchmarkId::new(name, N), &seeds, |b, s| {
        b.iter(|| run(black_box(s)))
    });
}

fn check_hessian<const N: usize>(
    name: &str,
    got: &(f64, [f64; N], [[f64; N]; N]),
    want: &(f64, [f64; N], [[f64; N]; N]),
) {
    let what = format!("{name}: Rosenbrock Hessian at N = {N}");
    assert_close(&what, &flat(got.0, &got.1), &flat(want.0, &want.1));
    assert_close_rows(&what, &got.2, &want.2);
}

macro_rules! hessian_group {
    ($c:expr; $($n:literal => $m:literal),*) => {{
        let mut g = $c.benchmark_group("hessian_rosenbrock");
        $({
            let x: [f64; $n] = point_array();
            let mut want = (0.0, [0.0; $n], [[0.0; $n]; $n]);
            want.0 = Rosenbrock::hessian(&x, &mut want.1, &mut want.2);
            let (v, d, h) = num_dual::hessian(
                |xs: SVector<Dual2SVec64<$n>, $n>| Rosenbrock::eval(xs.as_slice()),
                &SVector::from(x),
            );
            let h: [[f64; $n]; $n] = core::array::from_fn(|j| core::array::from_fn(|k| h[(j, k)]));
            check_hessian("num_dual::hessian", &(v, d.into(), h), &want);
            let got = gradus::hessian(|xs| Rosenbrock::eval(&xs), x);
            check_hessian("gradus::hessian", &got, &want);
            hessian_row::<gradus::HyperDual<f64, $n>, $n>(&mut g, "gradus", &x, &want);
            hessian_row::<Dual<Dual<f64, $n>, $n>, $n>(&mut g, "gradus-nested", &x, &want);
            hessian_row::<Dual2SVec64<$n>, $n>(&mut g, "num-dual", &x, &want);
            hessian_row::<Hyperdual<Hyperdual<f64, $m>, $m>, $n>(&mut g, "hyperdual", &x, &want);
            let passes = |x: &[f64; $n]| hessian_scalar_passes(|xs| Rosenbrock::eval(xs), x);
            check_hessian("scalar passes", &passes(&x), &want);
            g.bench_with_input(BenchmarkId::new("scalar-passes", $n), &x, |b, x| {
                b.iter(|| passes(black_box(x)))
            });
            g.bench_with_input(BenchmarkId::new("f64", $n), &x, |b, x| {
                b.iter(|| Rosenbrock::eval(black_box(x)))
            });
            g.bench_with_input(BenchmarkId::new("hand", $n), &x, |b, x| {
                b.iter(|| {
                    let (mut d, mut h) = ([0.0; $n], [[0.0; $n]; $n]);
                    let v = Rosenbrock::hessian(black_box(x), &mut d, &mut h);
                    (v, d, h)
                })
            });
        })*
        g.finish();
    }};
}

fn hessians(c: &mut Crit) {
    hessian_group!(c; 4 => 5, 8 => 9, 16 => 17);
}

// ---------------------------------------------------------------- reverse gradients

fn reverse_group<W: Objective>(c: &mut Crit) {
    let mut g = c.benchmark_group(format!("reverse_{}", W::NAME));
    for n in [1000, 100_000] {
        if n > 10_000 {
            g.sample_size(10).sampling_mode(SamplingMode::Flat);
        }
        let x = point(n);
        let mut want = vec![0.0; n + 1];
        want[0] = W::gradient(&x, &mut want[1..]);
        let mut grad = vec![0.0; n];
        let with_value = |v: f64, d: &[f64]| -> Vec<f64> {
            core::iter::once(v).chain(d.iter().copied()).collect()
        };

        let v = gradus_compare::reverse::gradus_driver::<W>(&x, &mut grad);
        assert_close(
            &format!("gradus::reverse::gradient of {} at n = {n}", W::NAME),
            &with_value(v, &grad),
            &want,
        );
        g.bench_with_input(BenchmarkId::new("gradus", n), &x, |b, x| {
            b.iter(|| gradus_compare::reverse::gradus_driver::<W>(black_box(x), &mut grad))
        });

        let mut tape = gradus::Tape::new();
        let v = gradus_compare::reverse::gradus_tape::<W>(&mut tape, &x, &mut grad);
        assert_close(
            &format!("gradus::reverse::gradient_on of {} at n = {n}", W::NAME),
            &with_value(v, &grad),
            &want,
        );
        g.bench_with_input(BenchmarkId::new("gradus-tape", n), &x, |b, x| {
            b.iter(|| gradus_compare::reverse::gradus_tape::<W>(&mut tape, black_box(x), &mut grad))
        });

        let mut vars = Vec::new();
        let v = gradus_compare::reverse::ad_trait::<W>(&x, &mut vars, &mut grad);
        assert_close(
            &format!("ad_trait adr: gradient of {} at n = {n}", W::NAME),
            &with_value(v, &grad),
            &want,
        );
        g.bench_with_input(BenchmarkId::new("ad_trait", n), &x, |b, x| {
            b.iter(|| gradus_compare::reverse::ad_trait::<W>(black_box(x), &mut vars, &mut grad))
        });

        let tape = reverse::Tape::new();
        let mut vars = Vec::new();
        let v = gradus_compare::reverse::reverse_crate::<W>(&tape, &mut vars, &x, &mut grad);
        assert_close(
            &format!("reverse: gradient of {} at n = {n}", W::NAME),
            &with_value(v, &grad),
            &want,
        );
        g.bench_with_input(BenchmarkId::new("reverse", n), &x, |b, x| {
            b.iter(|| {
                gradus_compare::reverse::reverse_crate::<W>(
                    &tape,
                    &mut vars,
                    black_box(x),
                    &mut grad,
                )
            })
        });

        g.bench_with_input(BenchmarkId::new("f64", n), &x, |b, x| {
            b.iter(|| W::eval(black_box(x)))
        });
        g.bench_with_input(BenchmarkId::new("hand", n), &x, |b, x| {
            b.iter(|| W::gradient(black_box(x), &mut grad))
        });
    }
    g.finish();
}

fn reverses(c: &mut Crit) {
    reverse_group::<Rosenbrock>(c);
    reverse_group::<TrigSum>(c);
}

/// Short settings (the whole comparison runs in about five minutes), and the
/// benchmark thread's CPU time rather than wall-clock time (see `measure`).
fn config() -> Crit {
    Criterion::default()
        .with_measurement(ThreadCpuTime)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(30)
        .without_plots()
}

criterion_group! {
    name = compare;
    config = config();
    targets = gradients, jacobians, hessians, reverses
}
criterion_main!(compare);
