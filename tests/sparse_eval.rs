//! Compressed evaluation against the dense gradus results: forward sparse
//! Jacobians equal dense `Dual` passes bit for bit (each partial slot does
//! the arithmetic of one dense direction), reverse ones equal
//! `reverse::jacobian`, block Jacobians equal dense passes over the block's
//! variables, and sparse Hessians equal the dense `HyperDual` Hessian to
//! rounding (reverse over forward sums the same terms in another order;
//! acyclic recovery subtracts). And every mismatched use panics with what
//! to fix.

// Loops over matrix indices read as the mathematics (J[i][j]).
#![allow(clippy::needless_range_loop)]

use gradus::sparse::{
    BlockFunction, BlockJacobian, Coloring, HessianMode, JacobianMode, SparseHessian,
    SparseJacobian, SparsityPattern, jacobian_pattern,
};
use gradus::{Dual, Function, HyperDual, Var, VectorFunction};
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
    fn point(&mut self, n: usize) -> Vec<f64> {
        (0..n).map(|_| 2.0 * self.unit() - 1.0).collect()
    }
}

/// Row i: a nonlinear mix of the inputs `rows[i]` (the first one times
/// each of the others, through varied functions).
struct Rows {
    n: usize,
    rows: Vec<Vec<usize>>,
}

fn piece<T: Float>(code: usize, a: T, b: T) -> T {
    match code % 6 {
        0 => a * b,
        1 => (a - b).sin(),
        2 => a.hypot(b) + b.exp(),
        3 => (a * a + b).tanh(),
        4 => a / (b * b + T::one()),
        _ => a.mul_add(b, b.cbrt()),
    }
}

impl VectorFunction for Rows {
    fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
        for (i, row) in self.rows.iter().enumerate() {
            let first = x[row[0]];
            let mut acc = first.cos();
            for (k, &j) in row.iter().enumerate().skip(1) {
                acc = acc + piece(i + k, first, x[j]);
            }
            y[i] = acc;
        }
    }
}

impl Function for Rows {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        let mut y = vec![T::zero(); self.rows.len()];
        VectorFunction::eval(self, x, &mut y);
        y.iter().fold(T::zero(), |s, &r| s + r * r + r.sin())
    }
}

/// Banded, 2-D stencils, an arrow with a dense last row, block-diagonal
/// and random sparse rows.
fn family(rng: &mut Rng) -> Rows {
    let n = rng.range(1, 40);
    let rows: Vec<Vec<usize>> = match rng.below(5) {
        0 => {
            let w = rng.range(0, 3);
            (0..n)
                .map(|i| {
                    let mut r = vec![i];
                    r.extend((i.saturating_sub(w)..(i + w + 1).min(n)).filter(|&j| j != i));
                    r
                })
                .collect()
        }
        1 => {
            let c = rng.range(1, 6);
            let r = n.div_ceil(c);
            let n = r * c;
            let rows = (0..n)
                .map(|p| {
                    let mut row = vec![p];
                    row.extend((0..n).filter(|&q| {
                        let (da, db) = ((q / c).abs_diff(p / c), (q % c).abs_diff(p % c));
                        q != p && da <= 1 && db <= 1
                    }));
                    row
                })
                .collect();
            return Rows { n, rows };
        }
        2 => {
            let mut rows: Vec<Vec<usize>> = (0..n.saturating_sub(1)).map(|i| vec![i]).collect();
            rows.push((0..n).rev().collect());
            rows
        }
        3 => (0..n)
            .map(|i| {
                let b = i / 3 * 3;
                let mut r = vec![i];
                r.extend((b..(b + 3).min(n)).filter(|&j| j != i));
                r
            })
            .collect(),
        _ => (0..rng.range(1, 40))
            .map(|_| {
                let mut r = vec![rng.below(n)];
                for j in 0..n {
                    if rng.unit() < 0.1 && !r.contains(&j) {
                        r.push(j);
                    }
                }
                r
            })
            .collect(),
    };
    Rows { n, rows }
}

/// The dense Jacobian, one `Dual<f64, 1>` pass per column.
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

fn check_jacobian<const C: usize>(f: &Rows, mode: Option<JacobianMode>, rng: &mut Rng) {
    let (m, n) = (f.rows.len(), f.n);
    let pattern = jacobian_pattern(f, n, m);
    let mut jac = match mode {
        Some(mode) => SparseJacobian::<f64, C>::from_pattern_in(pattern, mode),
        None => SparseJacobian::<f64, C>::from_pattern(pattern),
    };
    for _ in 0..3 {
        let x = rng.point(n);
        let mut y = vec![0.0; m];
        let mut values = vec![f64::NAN; jac.nnz()];
        jac.eval(f, &x, &mut y, &mut values);
        let mut plain = vec![0.0; m];
        VectorFunction::eval(f, &x, &mut plain);
        assert_eq!(y, plain, "values of f");
        let expect = match jac.mode() {
            JacobianMode::Forward => dense_jacobian(f, &x, m),
            JacobianMode::Reverse => {
                gradus::reverse::jacobian(
                    |v| {
                        let mut out = vec![Var::constant(0.0); m];
                        VectorFunction::eval(f, v, &mut out);
                        out
                    },
                    &x,
                )
                .1
            }
        };
        // Every nonzero bit for bit; outside the pattern the dense entry is
        // ±0 (a structural zero may come out as −0).
        let dense = jac.pattern().to_dense(&values);
        for i in 0..m {
            for j in 0..n {
                let same = if jac.pattern().contains(i, j) {
                    dense[i][j].to_bits() == expect[i][j].to_bits()
                } else {
                    expect[i][j] == 0.0
                };
                assert!(
                    same,
                    "{:?} C = {C}, ({i}, {j}): {} vs {}\n{}",
                    jac.mode(),
                    dense[i][j],
                    expect[i][j],
                    jac.pattern()
                );
            }
        }
        let mut again = vec![0.0; jac.nnz()];
        jac.jacobian(f, &x, &mut again);
        assert_eq!(again, values);
    }
}

#[test]
fn sparse_jacobians_equal_dense_ones_bit_for_bit() {
    let mut rng = Rng(11);
    for _ in 0..150 {
        let f = family(&mut rng);
        check_jacobian::<1>(&f, Some(JacobianMode::Forward), &mut rng);
        check_jacobian::<3>(&f, Some(JacobianMode::Forward), &mut rng);
        check_jacobian::<8>(&f, None, &mut rng);
        check_jacobian::<4>(&f, Some(JacobianMode::Reverse), &mut rng);
    }
}

#[test]
fn a_dense_row_takes_reverse_mode() {
    // n outputs xᵢ² and one Σ xᵢ: the dense row needs n column colors, the
    // rows only 2.
    struct Constrained;
    impl VectorFunction for Constrained {
        fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
            let n = x.len();
            for i in 0..n {
                y[i] = x[i] * x[i];
            }
            y[n] = x.iter().fold(T::zero(), |s, &v| s + v.sin());
        }
    }
    let n = 50;
    let mut jac = SparseJacobian::<f64, 4>::new(&Constrained, n, n + 1);
    assert_eq!(jac.mode(), JacobianMode::Reverse);
    assert_eq!(jac.ncolors(), 2);
    assert_eq!(jac.passes(), 1);
    let x: Vec<f64> = (0..n).map(|i| i as f64 * 0.1).collect();
    let mut y = vec![0.0; n + 1];
    let mut values = vec![0.0; jac.nnz()];
    jac.eval(&Constrained, &x, &mut y, &mut values);
    let d = jac.pattern().to_dense(&values);
    for i in 0..n {
        assert_eq!(d[i][i], 2.0 * x[i]);
        assert_eq!(d[n][i], x[i].cos());
    }
}

/// The dense Hessian and gradient in one `HyperDual<f64, 40>` pass.
fn dense_hessian<F: Function>(f: &F, x: &[f64]) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
    let n = x.len();
    let xs: Vec<HyperDual<f64, 40>> = (0..n).map(|k| HyperDual::variable(x[k], k)).collect();
    let y = f.eval(&xs);
    let (g, h) = (y.gradient(), y.hessian());
    (
        y.value(),
        g[..n].to_vec(),
        (0..n).map(|i| h[i][..n].to_vec()).collect(),
    )
}

fn check_hessian<const C: usize>(f: &Rows, mode: HessianMode, rng: &mut Rng) {
    let n = f.n;
    let pattern = gradus::sparse::hessian_pattern(f, n);
    let mut hess = SparseHessian::<f64, C>::from_pattern_in(pattern, mode);
    assert_eq!(hess.mode(), mode);
    for _ in 0..3 {
        let x = rng.point(n);
        let mut grad = vec![0.0; n];
        let mut values = vec![f64::NAN; hess.nnz()];
        let fx = hess.eval(f, &x, &mut grad, &mut values);
        let (fd, gd, hd) = dense_hessian(f, &x);
        assert_eq!(fx.to_bits(), Function::eval(f, &x).to_bits());
        assert_eq!(fx.to_bits(), fd.to_bits());
        let scale = hd.iter().flatten().fold(1.0f64, |s, v| s.max(v.abs()));
        let gscale = gd.iter().fold(1.0f64, |s, v| s.max(v.abs()));
        for i in 0..n {
            assert!(
                (grad[i] - gd[i]).abs() <= 1e-13 * gscale,
                "∂f/∂x{i}: {} vs {}",
                grad[i],
                gd[i]
            );
        }
        let h = hess.pattern().to_dense(&values);
        // Substitution accumulates rounding along a tree; direct reads do not.
        let tol = match mode {
            HessianMode::Star => 1e-13,
            HessianMode::Acyclic => 1e-11,
        };
        for i in 0..n {
            for j in 0..n {
                assert!(
                    (h[i][j] - hd[i][j]).abs() <= tol * scale,
                    "{mode:?} C = {C}, ({i}, {j}): {} vs {}",
                    h[i][j],
                    hd[i][j]
                );
                assert_eq!(h[i][j], h[j][i], "symmetric");
            }
        }
        let mut again = vec![0.0; hess.nnz()];
        assert_eq!(hess.hessian(f, &x, &mut again).to_bits(), fx.to_bits());
        assert_eq!(again, values);
    }
}

#[test]
fn sparse_hessians_equal_dense_ones_to_rounding() {
    let mut rng = Rng(12);
    for _ in 0..100 {
        let f = family(&mut rng);
        check_hessian::<1>(&f, HessianMode::Star, &mut rng);
        check_hessian::<4>(&f, HessianMode::Star, &mut rng);
        check_hessian::<2>(&f, HessianMode::Acyclic, &mut rng);
        check_hessian::<8>(&f, HessianMode::Acyclic, &mut rng);
    }
}

#[test]
fn the_hessian_takes_acyclic_colors_when_they_save_a_recording() {
    // Tridiagonal: star 3 colors, acyclic 2.
    struct Chain;
    impl Function for Chain {
        fn eval<T: Float>(&self, x: &[T]) -> T {
            x.windows(2).fold(T::zero(), |s, w| s + (w[0] * w[1]).sin())
        }
    }
    let two = SparseHessian::<f64, 2>::new(&Chain, 30);
    assert_eq!(
        (two.mode(), two.ncolors(), two.passes()),
        (HessianMode::Acyclic, 2, 1)
    );
    let three = SparseHessian::<f64, 3>::new(&Chain, 30);
    assert_eq!(
        (three.mode(), three.ncolors(), three.passes()),
        (HessianMode::Star, 3, 1)
    );
}

/// Block b of `Links`: two residuals of its variables.
struct Links;
impl BlockFunction for Links {
    fn eval_block<T: Float>(&self, b: usize, x: &[T], out: &mut [T]) {
        let c = T::from(b as f64 * 0.1 + 1.0).unwrap();
        let s = x.iter().fold(T::zero(), |s, &v| s + v * c);
        out[0] = s.sin() * x[0];
        if out.len() > 1 {
            out[1] = x.iter().fold(T::one(), |p, &v| p * (v + c)).ln_1p();
        }
    }
}

#[test]
fn block_jacobians_equal_dense_passes_bit_for_bit() {
    let mut rng = Rng(13);
    for _ in 0..200 {
        let nvars = rng.range(1, 30);
        let nblocks = rng.range(0, 12);
        let blocks: Vec<(usize, Vec<usize>)> = (0..nblocks)
            .map(|_| {
                let mut v: Vec<usize> = (0..nvars).collect();
                for i in (1..nvars).rev() {
                    v.swap(i, rng.below(i + 1));
                }
                v.truncate(rng.range(1, nvars.min(7)));
                (rng.range(1, 2), v)
            })
            .collect();
        let mut jac = BlockJacobian::<f64, 3>::new(nvars, blocks.clone());
        let m = jac.pattern().nrows();
        let x = rng.point(nvars);
        let mut r = vec![0.0; m];
        let mut values = vec![f64::NAN; jac.nnz()];
        jac.eval(&Links, &x, &mut r, &mut values);
        let dense = jac.pattern().to_dense(&values);
        for (b, (rows, vars)) in blocks.iter().enumerate() {
            let range = jac.rows(b);
            assert_eq!(range.len(), *rows);
            assert_eq!(jac.variables(b), &vars[..]);
            let local: Vec<f64> = vars.iter().map(|&j| x[j]).collect();
            let mut plain = vec![0.0; *rows];
            Links.eval_block(b, &local, &mut plain);
            assert_eq!(&r[range.clone()], &plain[..]);
            for (k, &j) in vars.iter().enumerate() {
                let xs: Vec<Dual<f64, 1>> = local
                    .iter()
                    .enumerate()
                    .map(|(q, &v)| Dual::new(v, [if q == k { 1.0 } else { 0.0 }]))
                    .collect();
                let mut ys = vec![Dual::constant(0.0); *rows];
                Links.eval_block(b, &xs, &mut ys);
                for (ri, y) in range.clone().zip(&ys) {
                    assert_eq!(dense[ri][j].to_bits(), y.partials()[0].to_bits());
                }
            }
        }
    }
}

// ------------------------------------------------------ mismatched use

fn tridiagonal(n: usize) -> SparsityPattern {
    SparsityPattern::from_fn(n, n, |i, j| i.abs_diff(j) <= 1)
}

struct Tri;
impl VectorFunction for Tri {
    fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
        for i in 0..x.len() {
            let l = if i > 0 { x[i - 1] } else { T::zero() };
            let r = if i + 1 < x.len() { x[i + 1] } else { T::zero() };
            y[i] = l * x[i] + r;
        }
    }
}

#[test]
#[should_panic(
    expected = "x has 4 entries, but the Jacobian was prepared for a function of 5 inputs"
)]
fn jacobian_rejects_another_input_length() {
    let mut jac = SparseJacobian::<f64, 3>::from_pattern(tridiagonal(5));
    jac.eval(&Tri, &[0.0; 4], &mut [0.0; 5], &mut [0.0; 13]);
}

#[test]
#[should_panic(
    expected = "y has 6 entries, but the Jacobian was prepared for a function of 5 outputs"
)]
fn jacobian_rejects_another_output_length() {
    let mut jac = SparseJacobian::<f64, 3>::from_pattern(tridiagonal(5));
    jac.eval(&Tri, &[0.0; 5], &mut [0.0; 6], &mut [0.0; 13]);
}

#[test]
#[should_panic(expected = "the value buffer has 12 entries, the pattern has 13 nonzeros")]
fn jacobian_rejects_another_value_length() {
    let mut jac = SparseJacobian::<f64, 3>::from_pattern(tridiagonal(5));
    jac.jacobian(&Tri, &[0.0; 5], &mut [0.0; 12]);
}

#[test]
#[should_panic(expected = "not a column coloring of this pattern")]
fn jacobian_rejects_an_invalid_coloring() {
    let p = tridiagonal(5);
    SparseJacobian::<f64, 3>::with_coloring(
        p,
        Coloring::from_colors(vec![0, 1, 0, 0, 1]),
        JacobianMode::Forward,
    );
}

#[test]
#[should_panic(expected = "C = 0 partial slots per pass")]
fn jacobian_rejects_zero_width() {
    SparseJacobian::<f64, 0>::from_pattern(tridiagonal(3));
}

#[test]
#[should_panic(expected = "is not symmetric")]
fn hessian_rejects_an_unsymmetric_pattern() {
    SparseHessian::<f64, 2>::from_pattern(SparsityPattern::from_entries(2, 2, [(0, 1)]));
}

#[test]
#[should_panic(
    expected = "x has 3 entries, but the Hessian was prepared for a function of 4 inputs"
)]
fn hessian_rejects_another_input_length() {
    struct S;
    impl Function for S {
        fn eval<T: Float>(&self, x: &[T]) -> T {
            x[0] * x[1]
        }
    }
    let mut h = SparseHessian::<f64, 2>::from_pattern(tridiagonal(4));
    h.hessian(&S, &[0.0; 3], &mut [0.0; 10]);
}

#[test]
#[should_panic(
    expected = "grad has 3 entries, but the Hessian was prepared for a function of 4 inputs"
)]
fn hessian_rejects_another_gradient_length() {
    struct S;
    impl Function for S {
        fn eval<T: Float>(&self, x: &[T]) -> T {
            x[0] * x[1]
        }
    }
    let mut h = SparseHessian::<f64, 2>::from_pattern(tridiagonal(4));
    h.eval(&S, &[0.0; 4], &mut [0.0; 3], &mut [0.0; 10]);
}

#[test]
#[should_panic(expected = "block 1 lists variable 2 twice")]
fn blocks_reject_a_repeated_variable() {
    BlockJacobian::<f64, 4>::new(3, [(1, vec![0, 1]), (2, vec![2, 0, 2])]);
}

#[test]
#[should_panic(expected = "block 0 lists variable 3, but there are 3 variables")]
fn blocks_reject_an_unknown_variable() {
    BlockJacobian::<f64, 4>::new(3, [(1, vec![3])]);
}

#[test]
#[should_panic(expected = "residuals has 2 entries, the blocks have 3 rows")]
fn blocks_reject_another_residual_length() {
    let mut jac = BlockJacobian::<f64, 2>::new(3, [(1, vec![0, 1]), (2, vec![2])]);
    jac.eval(&Links, &[0.0; 3], &mut [0.0; 2], &mut [0.0; 4]);
}
