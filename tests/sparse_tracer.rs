//! Sparsity detection against the true derivatives: on families of test
//! functions (banded, arrow, block-diagonal, 2-D stencils, random sparse,
//! and pieces with `max`, `abs`, `floor`), the detected patterns hold every
//! nonzero of the dense gradus Jacobian (`Dual`) and Hessian (`HyperDual`)
//! at random points, global patterns equal the union of those nonzeros over
//! the points, and local patterns hold the nonzeros at their point and lie
//! inside the global ones.
//!
//! Structural entries that can be zero at a point, by design: ∂(|x|·⌊y⌋)/∂x
//! where ⌊y⌋ = 0, the argument `max` does not return (global detection keeps
//! both), and products whose other factor vanishes. Entries that are zero by
//! a function's class (a step function's, x⁰'s) are never in a pattern.

// Loops over matrix indices read as the mathematics (J[i][j]).
#![allow(clippy::needless_range_loop)]

use gradus::sparse::{
    HessianDetector, JacobianDetector, SparsityPattern, hessian_pattern, jacobian_pattern,
    local_hessian_pattern, local_jacobian_pattern,
};
use gradus::{Dual, Function, HyperDual, VectorFunction};
use num_traits::Float;

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// In [-2.5, 2.5].
    fn point(&mut self, n: usize) -> Vec<f64> {
        (0..n).map(|_| 5.0 * self.unit() - 2.5).collect()
    }
}

/// The widest Hessian test function.
const MAXN: usize = 30;

// ------------------------------------------------------------ the families

/// One nonlinear piece per (row, column) pair, chosen by a code, so every
/// family mixes many functions: `piece(code, xi, xj)`.
fn piece<T: Float>(code: usize, a: T, b: T) -> T {
    match code % 9 {
        0 => a * b,
        1 => (a - b).sin(),
        2 => a.hypot(b) + b.exp(),
        3 => (a * a + b).tanh(),
        4 => a.max(b) * T::from(1.5).unwrap(),
        5 => a.abs() * b.floor() + b.abs().sqrt(),
        6 => a / (b * b + T::one()),
        7 => b.min(a).atan() + a.powi(3),
        _ => a.mul_add(b, b.cbrt()),
    }
}

/// A function whose row i pairs input `row[i][0]` with every input of the
/// row: the Jacobian row is the set of the row (every input but the first
/// appears through a piece that depends on it).
#[derive(Clone)]
struct Rows {
    n: usize,
    rows: Vec<Vec<usize>>,
    codes: Vec<usize>,
}

impl VectorFunction for Rows {
    fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
        for (i, row) in self.rows.iter().enumerate() {
            let first = x[row[0]];
            let mut acc = first.cos();
            for (k, &j) in row.iter().enumerate().skip(1) {
                acc = acc + piece(self.codes[i] + k, first, x[j]);
            }
            y[i] = acc;
        }
    }
}

/// The scalar Σᵢ rowᵢ(x)² + rowᵢ(x): its Hessian couples the inputs of each
/// row (through the square) and carries each piece's own pairs.
impl Function for Rows {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        let mut y = vec![T::zero(); self.rows.len()];
        VectorFunction::eval(self, x, &mut y);
        y.iter().fold(T::zero(), |s, &r| s + r * r + r)
    }
}

fn banded(rng: &mut Rng, n: usize) -> Rows {
    let (l, u) = (rng.range(0, 3), rng.range(0, 3));
    let rows = (0..n)
        .map(|i| {
            let mut r = vec![i];
            r.extend((i.saturating_sub(l)..(i + u + 1).min(n)).filter(|&j| j != i));
            r
        })
        .collect();
    with_codes(rng, n, rows)
}

fn arrow(rng: &mut Rng, n: usize) -> Rows {
    let mut rows: Vec<Vec<usize>> = (1..n).map(|i| vec![i, 0]).collect();
    rows.push((0..n).collect());
    with_codes(rng, n, rows)
}

fn block_diagonal(rng: &mut Rng, n: usize) -> Rows {
    let mut rows = Vec::new();
    let mut start = 0;
    while start < n {
        let size = rng.range(1, 4).min(n - start);
        for i in start..start + size {
            let mut r = vec![i];
            r.extend((start..start + size).filter(|&j| j != i));
            rows.push(r);
        }
        start += size;
    }
    with_codes(rng, n, rows)
}

fn stencil(rng: &mut Rng, r: usize, c: usize, nine: bool) -> Rows {
    let rows = (0..r * c)
        .map(|p| {
            let (a, b) = (p / c, p % c);
            let mut row = vec![p];
            for q in 0..r * c {
                let (da, db) = ((q / c).abs_diff(a), (q % c).abs_diff(b));
                if q != p && da <= 1 && db <= 1 && (nine || da + db <= 1) {
                    row.push(q);
                }
            }
            row
        })
        .collect();
    with_codes(rng, r * c, rows)
}

fn random_sparse(rng: &mut Rng, m: usize, n: usize) -> Rows {
    let rows = (0..m)
        .map(|_| {
            let mut r = vec![rng.below(n)];
            for j in 0..n {
                if rng.unit() < 0.12 && !r.contains(&j) {
                    r.push(j);
                }
            }
            r
        })
        .collect();
    with_codes(rng, n, rows)
}

fn with_codes(rng: &mut Rng, n: usize, rows: Vec<Vec<usize>>) -> Rows {
    let codes = rows.iter().map(|_| rng.below(9)).collect();
    Rows { n, rows, codes }
}

fn family(rng: &mut Rng) -> (&'static str, Rows) {
    match rng.below(6) {
        0 => {
            let n = rng.range(1, MAXN);
            ("banded", banded(rng, n))
        }
        1 => {
            let n = rng.range(2, MAXN);
            ("arrow", arrow(rng, n))
        }
        2 => {
            let n = rng.range(1, MAXN);
            ("block-diagonal", block_diagonal(rng, n))
        }
        3 => {
            let (r, c) = (rng.range(1, 5), rng.range(1, 6));
            ("5-point", stencil(rng, r, c, false))
        }
        4 => {
            let (r, c) = (rng.range(1, 5), rng.range(1, 6));
            ("9-point", stencil(rng, r, c, true))
        }
        _ => {
            let (m, n) = (rng.range(1, 25), rng.range(1, 25));
            ("random", random_sparse(rng, m, n))
        }
    }
}

// ------------------------------------------------------ dense derivatives

/// The dense Jacobian by one `Dual<f64, 1>` pass per column.
fn dense_jacobian<F: VectorFunction>(f: &F, x: &[f64], m: usize) -> Vec<Vec<f64>> {
    let n = x.len();
    let mut jac = vec![vec![0.0; n]; m];
    for j in 0..n {
        let xs: Vec<Dual<f64, 1>> = (0..n)
            .map(|k| Dual::new(x[k], [if k == j { 1.0 } else { 0.0 }]))
            .collect();
        let mut ys = vec![Dual::constant(0.0); m];
        f.eval(&xs, &mut ys);
        for i in 0..m {
            jac[i][j] = ys[i].partials()[0];
        }
    }
    jac
}

/// The dense Hessian in one `HyperDual<f64, MAXN>` pass.
fn dense_hessian<F: Function>(f: &F, x: &[f64]) -> Vec<Vec<f64>> {
    let n = x.len();
    assert!(n <= MAXN);
    let xs: Vec<HyperDual<f64, MAXN>> = (0..n).map(|k| HyperDual::variable(x[k], k)).collect();
    let h = f.eval(&xs).hessian();
    (0..n).map(|i| h[i][..n].to_vec()).collect()
}

/// The pattern of the entries that are not exactly zero (NaN and inf count).
fn nonzeros(dense: &[Vec<f64>], ncols: usize) -> SparsityPattern {
    SparsityPattern::from_fn(dense.len(), ncols, |i, j| dense[i][j] != 0.0)
}

/// Whether every entry of `small` is in `big`.
fn within(small: &SparsityPattern, big: &SparsityPattern) -> bool {
    small.shape() == big.shape() && small.iter().all(|(i, j)| big.contains(i, j))
}

fn union(a: &SparsityPattern, b: &SparsityPattern) -> SparsityPattern {
    let (m, n) = a.shape();
    SparsityPattern::from_entries(m, n, a.iter().chain(b.iter()))
}

// ------------------------------------------------------------------ tests

#[test]
fn jacobian_patterns_equal_the_nonzeros_of_dense_jacobians() {
    let mut rng = Rng(1);
    let mut checked = 0;
    for case in 0..300 {
        let (name, f) = family(&mut rng);
        let (m, n) = (f.rows.len(), f.n);
        let global = jacobian_pattern(&f, n, m);
        // Each row holds at most the inputs the function reads for it.
        for (i, row) in f.rows.iter().enumerate() {
            assert!(
                global.row(i).iter().all(|j| row.contains(j)),
                "{name} {case}"
            );
        }
        let mut seen = SparsityPattern::empty(m, n);
        for _ in 0..20 {
            let x = rng.point(n);
            let nz = nonzeros(&dense_jacobian(&f, &x, m), n);
            assert!(
                within(&nz, &global),
                "{name} {case}: a nonzero outside the global pattern\n{nz}\n{global}"
            );
            let local = local_jacobian_pattern(&f, &x, m);
            assert!(
                within(&nz, &local),
                "{name} {case}: a nonzero outside the local pattern at {x:?}"
            );
            assert!(
                within(&local, &global),
                "{name} {case}: local beyond global"
            );
            seen = union(&seen, &nz);
            checked += 1;
        }
        // Over twenty random points every structural entry shows up: the
        // global pattern holds no entry that is zero everywhere.
        assert_eq!(
            seen, global,
            "{name} {case}: entries that were never nonzero"
        );
    }
    assert!(checked >= 6000);
}

#[test]
fn hessian_patterns_equal_the_nonzeros_of_dense_hessians() {
    let mut rng = Rng(2);
    for case in 0..200 {
        let (name, f) = family(&mut rng);
        let n = f.n;
        let global = hessian_pattern(&f, n);
        assert!(global.is_symmetric(), "{name} {case}");
        let mut seen = SparsityPattern::empty(n, n);
        // Pairs of two `max` pieces are nonzero at a quarter of the points.
        for _ in 0..48 {
            let x = rng.point(n);
            let nz = nonzeros(&dense_hessian(&f, &x), n);
            assert!(
                within(&nz, &global),
                "{name} {case}: a nonzero outside the global pattern\n{nz}\n{global}"
            );
            let local = local_hessian_pattern(&f, &x);
            assert!(
                within(&nz, &local),
                "{name} {case}: a nonzero outside the local pattern"
            );
            assert!(
                within(&local, &global),
                "{name} {case}: local beyond global"
            );
            seen = union(&seen, &nz);
        }
        assert_eq!(
            seen, global,
            "{name} {case}: entries that were never nonzero"
        );
    }
}

/// Pieces whose derivatives are zero in places, not structurally.
struct Kinks;

impl VectorFunction for Kinks {
    fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
        y[0] = x[0].max(x[1]);
        y[1] = x[2].abs() * x[3].floor();
        y[2] = x[3].floor() + x[4].round() * x[0].signum();
        y[3] = x[4].clamp(x[0], x[1]) + x[2].min(x[3]);
        y[4] = x[0].copysign(x[4]) + x[1].powi(0) + x[2].powf(T::one());
    }
}

#[test]
fn kinks_steps_and_branches() {
    let global = jacobian_pattern(&Kinks, 5, 5);
    // max and clamp: every argument; floor, round, signum, x⁰: nothing;
    // copysign: its first argument only.
    assert_eq!(
        global.to_string(),
        "• • · · ·\n· · • · ·\n· · · · ·\n• • • • •\n• · • · ·\n"
    );
    // Locally: the argument returned.
    let x = [-1.0, 0.5, 2.0, 3.5, 0.0];
    let local = local_jacobian_pattern(&Kinks, &x, 5);
    assert_eq!(local.row(0), &[1]); // max(−1, 0.5) = x1
    assert_eq!(local.row(3), &[2, 4]); // clamp(0, −1, 0.5) = x4, min(2, 3.5) = x2
    assert_eq!(local.row(4), &[0, 2]);
    // At this point floor(x3) = 3, so |x2|·⌊x3⌋ depends on x2 …
    let nz = nonzeros(&dense_jacobian(&Kinks, &x, 5), 5);
    assert!(within(&nz, &local));
    assert!(nz.contains(1, 2));
    // … but not where ⌊x3⌋ = 0: a structural entry, zero at that point.
    let z = [-1.0, 0.5, 2.0, 0.5, 0.0];
    let nz = nonzeros(&dense_jacobian(&Kinks, &z, 5), 5);
    assert!(!nz.contains(1, 2) && local_jacobian_pattern(&Kinks, &z, 5).contains(1, 2));
}

/// Branches on the input.
struct Relu;

impl VectorFunction for Relu {
    fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
        for i in 0..x.len() {
            y[i] = if x[i] > T::zero() {
                x[i] * x[(i + 1) % x.len()]
            } else {
                T::zero()
            };
        }
    }
}

impl Function for Relu {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        let mut y = vec![T::zero(); x.len()];
        VectorFunction::eval(self, x, &mut y);
        y.into_iter().fold(T::zero(), |s, v| s + v)
    }
}

#[test]
#[should_panic(expected = "compares a global sparsity tracer")]
fn global_jacobian_detection_panics_at_a_branch() {
    jacobian_pattern(&Relu, 3, 3);
}

#[test]
#[should_panic(expected = "Use local detection at a point instead")]
fn global_hessian_detection_panics_at_a_branch() {
    hessian_pattern(&Relu, 3);
}

#[test]
#[should_panic(expected = "reads the value of a global sparsity tracer")]
fn global_detection_panics_at_a_value_query() {
    let d = JacobianDetector::global(1);
    let x = d.input(0);
    let _ = x.is_finite();
}

#[test]
fn local_detection_follows_the_branch() {
    let p = local_jacobian_pattern(&Relu, &[1.0, -1.0, 2.0], 3);
    assert_eq!(p.to_string(), "• • ·\n· · ·\n• · •\n");
    let h = local_hessian_pattern(&Relu, &[1.0, -1.0, 2.0]);
    // x0·x1 and x2·x0: the pairs {0, 1} and {0, 2}.
    assert_eq!(h.to_string(), "· • •\n• · ·\n• · ·\n");
    // Branches on the program's constants are followed globally too.
    struct Constants;
    impl Function for Constants {
        fn eval<T: Float>(&self, x: &[T]) -> T {
            let c = T::from(2.0).unwrap();
            if c > T::one() { x[0] * x[1] } else { x[0] }
        }
    }
    assert_eq!(hessian_pattern(&Constants, 2).nnz(), 2);
}

#[test]
#[should_panic(expected = "tracers of two different detections were combined")]
fn tracers_of_two_detections_do_not_mix() {
    let (a, b) = (HessianDetector::global(1), HessianDetector::global(1));
    let _ = a.input(0) + b.input(0);
}

#[test]
fn tracers_display_their_dependencies() {
    let d = JacobianDetector::local(&[1.5, 2.0]);
    let x = d.inputs();
    let y = x[0] * x[1];
    assert_eq!(y.to_string(), "3 {0, 1}");
    assert_eq!(y.value(), Some(3.0));
    let g = JacobianDetector::global(2);
    let x = g.inputs();
    assert_eq!((x[1].sin() + 1.0).to_string(), "? {1}");
    assert_eq!(x[1].floor().value(), None);
    assert!(x[1].floor().is_independent());
    let h = HessianDetector::global(2);
    let x = h.inputs();
    assert_eq!((x[0].exp() * x[1]).to_string(), "? {0, 1}");
}

#[test]
fn f32_points_follow_the_f32_program() {
    // 2²⁴ + 1 is not an f32: the comparison differs between the programs.
    struct Edge;
    impl VectorFunction for Edge {
        fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
            let big = T::from(16_777_216.0).unwrap();
            y[0] = if x[0] + T::one() > big { x[1] } else { x[0] };
        }
    }
    let at32 = local_jacobian_pattern(&Edge, &[16_777_216.0f32, 0.0], 1);
    let at64 = local_jacobian_pattern(&Edge, &[16_777_216.0f64, 0.0], 1);
    assert_eq!(at32.row(0), &[0]); // 16777216 + 1 rounds to 16777216 in f32
    assert_eq!(at64.row(0), &[1]);
}

#[test]
fn long_accumulations_stay_linear() {
    // Σ xᵢ² over 10⁵ inputs: a lazy union per addition, not a merge of
    // growing sets (which would touch 5·10⁹ indices).
    struct Sum;
    impl Function for Sum {
        fn eval<T: Float>(&self, x: &[T]) -> T {
            x.iter().fold(T::zero(), |s, &v| s + v * v)
        }
    }
    let h = hessian_pattern(&Sum, 100_000);
    assert_eq!(h, SparsityPattern::diagonal(100_000));
    let d = HessianDetector::global(100_000);
    let g = d.gradient_pattern(Sum.eval(&d.inputs()));
    assert_eq!(g.nnz(), 100_000);
}
