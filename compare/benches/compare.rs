//! gradus beside num-dual, hyperdual, ad_trait, reverse and echidna, plain
//! `f64` and hand-written derivatives, on the same functions in the same run.
//!
//! ```text
//! bash compare/run.sh            # both build profiles, one markdown document
//! cargo bench -p gradus-compare  # the default `bench` profile only, then
//! cargo run -p gradus-compare --release --bin table
//! ```
//!
//! `compare/run.sh` runs this suite under the `bench` profile and under
//! `bench-lto` (fat LTO, one codegen unit), each into its own criterion
//! directory, and writes both tables with the date and the machine to
//! `target/compare.md`; see `compare/README.md`.
//!
//! Every implementation's result is checked against the hand-written
//! derivative before it is timed (a wrong result aborts the run), and the
//! seeded inputs reach each timed call through `black_box`. Times are the
//! benchmark thread's CPU time, so other processes sharing the machine disturb
//! the ratios less.
//!
//! Each crate is used as its documentation suggests, every variant a user
//! would pick timed on its own row: echidna's forward `DualVec`, its `grad`
//! and its bytecode tape recorded once and replayed (`gradient_with_buf`,
//! `hessian_vec`, `hvp_with_buf`, the sparse Hessian with the pattern and
//! colouring found once, `jacobian`), and its one-call drivers that record
//! the tape on every call (`hessian`, `hessian_vec`, `hvp`, `jacobian`).
//! A replayed tape follows the branches taken while recording; these
//! workloads have none.

use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main,
};
use echidna::DualVec;
use gradus::Dual;
use gradus_compare::check::{assert_close, assert_close_rows};
use gradus_compare::forward::{Forward, Second, hessian_scalar_passes};
use gradus_compare::measure::ThreadCpuTime;
use gradus_compare::workloads::{
    MATRIX3, RD_N, direction, inverse3, inverse3_jacobian, point, point_array, reaction_diffusion,
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
            forward_row::<$W, DualVec<f64, $n>, $n>(&mut g, "echidna", &x, &want);
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

/// `&[T]` of length `N` as `&[T; N]`, for echidna's slice-taking closures.
fn as_array<T, const N: usize>(x: &[T]) -> &[T; N] {
    x.try_into()
        .unwrap_or_else(|_| panic!("{} inputs given where {N} are expected", x.len()))
}

/// A `Vec<Vec<f64>>` matrix (echidna's form) as `N`-wide rows.
fn rows_of<const N: usize>(m: &[Vec<f64>]) -> Vec<[f64; N]> {
    m.iter().map(|r| *as_array(r)).collect()
}

/// echidna's `jacobian` driver: one forward pass of its scalar `Dual` per
/// input (plus one for the value), `Vec`s in and out.
fn echidna_jacobian_row<const N: usize, const M: usize>(
    g: &mut Group<'_>,
    f: fn(&[echidna::Dual<f64>; N]) -> [echidna::Dual<f64>; M],
    x: &[f64; N],
    want: &([f64; M], [[f64; N]; M]),
) {
    let run = |x: &[f64; N]| echidna::jacobian(|xs| f(as_array(xs)).to_vec(), x);
    let (v, j) = run(x);
    assert_close("echidna::jacobian: value", &v, &want.0);
    assert_close_rows("echidna::jacobian", &rows_of(&j), &want.1);
    g.bench_function("echidna-jacobian", |b| b.iter(|| run(black_box(x))));
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
    jacobian_row::<DualVec<f64, RD_N>, RD_N, RD_N>(
        &mut g,
        "echidna",
        reaction_diffusion,
        &u,
        &want,
    );
    echidna_jacobian_row(&mut g, reaction_diffusion, &u, &want);
    // The bytecode tape of the vector function, recorded once and replayed.
    let (mut tape, _) = echidna::record_multi(|u| reaction_diffusion(as_array(u)).to_vec(), &u);
    tape.optimize();
    let mut run = |u: &[f64; RD_N]| {
        let j = tape.jacobian(u);
        (tape.output_values(), j)
    };
    let (v, j) = run(&u);
    assert_close("echidna tape jacobian: value", &v, &want.0);
    assert_close_rows("echidna tape jacobian", &rows_of(&j), &want.1);
    g.bench_function("echidna-tape", |b| b.iter(|| run(black_box(&u))));
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
    jacobian_row::<DualVec<f64, 9>, 9, 9>(&mut g, "echidna", inverse3, &a, &want);
    // echidna's bytecode tape has no nalgebra scalar (`BReverse` is not a
    // `ComplexField`), so this workload has no tape row.
    echidna_jacobian_row(&mut g, inverse3, &a, &want);
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
            echidna_hessian_rows::<$n>(&mut g, &x, &want);
            gradus_sparse_row::<$n>(&mut g, &x, &want);
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

/// echidna's Hessians, all through its bytecode tape (forward over reverse):
/// `echidna::hessian` records the function and sweeps once per input
/// direction; `echidna::hessian_vec` records it and sweeps once with all N
/// directions in a `DualVec<f64, N>`; `echidna-tape` replays a tape recorded
/// once (`hessian_vec`); `echidna-sparse` replays it with the sparsity
/// pattern and its colouring found once (`sparse_hessian_with_pattern`), and
/// returns the lower triangle's structural nonzeros only.
fn echidna_hessian_rows<const N: usize>(
    g: &mut Group<'_>,
    x: &[f64; N],
    want: &(f64, [f64; N], [[f64; N]; N]),
) {
    let read = |(v, d, h): (f64, Vec<f64>, Vec<Vec<f64>>)| -> (f64, [f64; N], [[f64; N]; N]) {
        let h = rows_of::<N>(&h);
        (v, *as_array(&d), *as_array(&h))
    };
    let run = |x: &[f64; N]| echidna::hessian(Rosenbrock::eval, x);
    check_hessian("echidna::hessian", &read(run(x)), want);
    g.bench_with_input(BenchmarkId::new("echidna", N), x, |b, x| {
        b.iter(|| run(black_box(x)))
    });

    let run = |x: &[f64; N]| echidna::hessian_vec::<f64, N>(Rosenbrock::eval, x);
    check_hessian("echidna::hessian_vec", &read(run(x)), want);
    g.bench_with_input(BenchmarkId::new("echidna-vec", N), x, |b, x| {
        b.iter(|| run(black_box(x)))
    });

    let tape = gradus_compare::reverse::EchidnaTape::record::<Rosenbrock>(x);
    let tape = tape.tape();
    let run = |x: &[f64; N]| tape.hessian_vec::<N>(x);
    check_hessian("echidna tape hessian_vec", &read(run(x)), want);
    g.bench_with_input(BenchmarkId::new("echidna-tape", N), x, |b, x| {
        b.iter(|| run(black_box(x)))
    });

    let pattern = tape.detect_sparsity();
    let (colors, num_colors) = echidna::sparse::greedy_coloring(&pattern);
    let run = |x: &[f64; N]| tape.sparse_hessian_with_pattern(x, &pattern, &colors, num_colors);
    let (v, d, values) = run(x);
    let mut h = [[0.0; N]; N];
    for ((&r, &c), &hv) in pattern.rows.iter().zip(&pattern.cols).zip(&values) {
        (h[r as usize][c as usize], h[c as usize][r as usize]) = (hv, hv);
    }
    // Every entry outside the pattern is then zero: the pattern must cover
    // the tridiagonal Hessian for the dense check to pass.
    check_hessian(
        "echidna sparse_hessian_with_pattern",
        &(v, *as_array(&d), h),
        want,
    );
    g.bench_with_input(BenchmarkId::new("echidna-sparse", N), x, |b, x| {
        b.iter(|| run(black_box(x)))
    });
}

/// Rosenbrock as a [`gradus::Function`], for the sparse Hessian (which runs
/// it on tracers, then on `Var<Dual<f64, C>>`): the operations of
/// [`Rosenbrock`]'s term, in the same order.
struct RosenbrockFn;

impl gradus::Function for RosenbrockFn {
    fn eval<T: num_traits::Float>(&self, x: &[T]) -> T {
        let term = |a: T, b: T| {
            let d = b - a * a;
            let e = a + T::from(-1.0).unwrap();
            d * d * T::from(100.0).unwrap() + e * e
        };
        let mut s = term(x[0], x[1]);
        for w in x[1..].windows(2) {
            s = s + term(w[0], w[1]);
        }
        s
    }
}

/// gradus's sparse Hessian with the pattern detected and colored once
/// (`SparseHessian::new`), evaluated into a reused values array: the row to
/// set beside `echidna-sparse`. The dense check reads every entry through
/// the pattern (entries outside it are zero).
fn gradus_sparse_row<const N: usize>(
    g: &mut Group<'_>,
    x: &[f64; N],
    want: &(f64, [f64; N], [[f64; N]; N]),
) {
    let mut hess = gradus::sparse::SparseHessian::<f64, 3>::new(&RosenbrockFn, N);
    let mut grad = [0.0; N];
    let mut values = vec![0.0; hess.nnz()];
    let v = hess.eval(&RosenbrockFn, x, &mut grad, &mut values);
    let mut h = [[0.0; N]; N];
    for ((i, j), &hv) in hess.pattern().iter().zip(&values) {
        h[i][j] = hv;
    }
    check_hessian("gradus SparseHessian", &(v, grad, h), want);
    g.bench_with_input(BenchmarkId::new("gradus-sparse", N), x, |b, x| {
        b.iter(|| hess.eval(&RosenbrockFn, black_box(x), &mut grad, &mut values))
    });
}

fn hessians(c: &mut Crit) {
    hessian_group!(c; 2 => 3, 4 => 5, 8 => 9, 16 => 17);
}

// ---------------------------------------------------------------- Hessian-vector products

macro_rules! hvp_group {
    ($c:expr; $($n:literal),*) => {{
        let mut g = $c.benchmark_group("hvp_rosenbrock");
        $({
            let x: [f64; $n] = point_array();
            let v: [f64; $n] = direction();
            let hand = |x: &[f64; $n], v: &[f64; $n]| {
                let (mut d, mut hv) = ([0.0; $n], [0.0; $n]);
                let f = Rosenbrock::hvp(x, v, &mut d, &mut hv);
                (f, d, hv)
            };
            let want = hand(&x, &v);
            // The hand-written product against the hand-written Hessian times v.
            let (mut d, mut h) = ([0.0; $n], [[0.0; $n]; $n]);
            Rosenbrock::hessian(&x, &mut d, &mut h);
            let hv: [f64; $n] =
                core::array::from_fn(|i| (0..$n).map(|j| h[i][j] * v[j]).sum());
            assert_close("hand-written hvp against the Hessian times v", &hv, &want.2);
            hvp_rows::<$n>(&mut g, &x, &v, &want);
            g.bench_with_input(BenchmarkId::new("f64", $n), &x, |b, x| {
                b.iter(|| Rosenbrock::eval(black_box(x)))
            });
            g.bench_with_input(BenchmarkId::new("hand", $n), &(x, v), |b, (x, v)| {
                b.iter(|| hand(black_box(x), black_box(v)))
            });
        })*
        g.finish();
    }};
}

/// `[∇f, ∇²f·v]` for [`assert_close`].
fn grad_hv(d: &[f64], hv: &[f64]) -> Vec<f64> {
    d.iter().chain(hv).copied().collect()
}

/// gradus's `HvpDual` (the type behind `gradus::hvp`, seeded by hand as the
/// forward rows are); echidna's `hvp` (records the function, one forward
/// over reverse sweep) and its bytecode tape recorded once and replayed
/// (`hvp_with_buf`, caller-owned sweep buffers).
fn hvp_rows<const N: usize>(
    g: &mut Group<'_>,
    x: &[f64; N],
    v: &[f64; N],
    want: &(f64, [f64; N], [f64; N]),
) {
    let what = |name: &str| format!("{name}: Rosenbrock hvp at N = {N}");
    let (f, d, hv) = gradus::hvp(|xs| Rosenbrock::eval(&xs), *x, *v);
    assert_close(&what("gradus::hvp"), &flat(f, &d), &flat(want.0, &want.1));
    assert_close(&what("gradus::hvp"), &hv, &want.2);
    let run = |s: &[gradus::HvpDual<f64, N>; N]| {
        let y = Rosenbrock::eval(s);
        (y.value(), y.gradient(), y.hvp())
    };
    let seeds: [gradus::HvpDual<f64, N>; N] =
        core::array::from_fn(|i| gradus::HvpDual::variable(x[i], i, v[i]));
    let (f, d, hv) = run(&seeds);
    assert_close(&what("gradus"), &flat(f, &d), &flat(want.0, &want.1));
    assert_close(&what("gradus"), &hv, &want.2);
    g.bench_with_input(BenchmarkId::new("gradus", N), &seeds, |b, s| {
        b.iter(|| run(black_box(s)))
    });

    let run = |x: &[f64; N], v: &[f64; N]| echidna::hvp(Rosenbrock::eval, x, v);
    let (d, hv) = run(x, v);
    assert_close(
        &what("echidna::hvp"),
        &grad_hv(&d, &hv),
        &grad_hv(&want.1, &want.2),
    );
    g.bench_with_input(BenchmarkId::new("echidna", N), &(x, v), |b, (x, v)| {
        b.iter(|| run(black_box(x), black_box(v)))
    });

    let tape = gradus_compare::reverse::EchidnaTape::record::<Rosenbrock>(x);
    let tape = tape.tape();
    let (mut values, mut adjoints) = (Vec::new(), Vec::new());
    let mut run = |x: &[f64; N], v: &[f64; N]| tape.hvp_with_buf(x, v, &mut values, &mut adjoints);
    let (d, hv) = run(x, v);
    assert_close(
        &what("echidna tape hvp_with_buf"),
        &grad_hv(&d, &hv),
        &grad_hv(&want.1, &want.2),
    );
    g.bench_with_input(BenchmarkId::new("echidna-tape", N), &(x, v), |b, (x, v)| {
        b.iter(|| run(black_box(x), black_box(v)))
    });
}

fn hvps(c: &mut Crit) {
    hvp_group!(c; 2, 4, 8, 16);
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

        let v = gradus_compare::reverse::echidna_grad::<W>(&x, &mut grad);
        assert_close(
            &format!("echidna::grad of {} at n = {n}", W::NAME),
            &with_value(v, &grad),
            &want,
        );
        g.bench_with_input(BenchmarkId::new("echidna", n), &x, |b, x| {
            b.iter(|| gradus_compare::reverse::echidna_grad::<W>(black_box(x), &mut grad))
        });

        let mut tape = gradus_compare::reverse::EchidnaTape::record::<W>(&x);
        let v = tape.gradient(&x, &mut grad);
        assert_close(
            &format!("echidna bytecode tape gradient of {} at n = {n}", W::NAME),
            &with_value(v, &grad),
            &want,
        );
        g.bench_with_input(BenchmarkId::new("echidna-tape", n), &x, |b, x| {
            b.iter(|| tape.gradient(black_box(x), &mut grad))
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

/// Short settings, and the benchmark thread's CPU time rather than
/// wall-clock time (see `measure`). About 170 rows at 1.5 s of CPU time each
/// (warm-up, measurement, analysis) keep one profile's run near five minutes
/// on an idle machine; the rows take nanoseconds to milliseconds, so 1.2 s
/// still gathers hundreds of calls or more per sample for all but the
/// n = 100 000 reverse rows.
fn config() -> Crit {
    Criterion::default()
        .with_measurement(ThreadCpuTime)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1200))
        .sample_size(30)
        .without_plots()
}

criterion_group! {
    name = compare;
    config = config();
    targets = gradients, jacobians, hessians, hvps, reverses
}
criterion_main!(compare);
