//! HyperDual's arithmetic paths: inline for small numbers (N ≤ 4 for `f64`,
//! over the full range 0..N), one call per operation with a window of the
//! variables each number depends on for larger ones (N ≥ 5). The results must
//! not depend on the path: every entry is compared bitwise across paths, at
//! the boundaries (a constant operand on either side, the sum that visits
//! only its right operand's window) and under the zero-partial rule.

// Matrices are compared entry by entry, by index.
#![allow(clippy::needless_range_loop)]

use gradus::{Dual, HyperDual, hessian};
use num_traits::Float;
use proptest::prelude::*;

/// Every operation kind on four inputs: products, quotients, sums of
/// narrow terms, constants on the left and right (built by `from`,
/// `one()`, `zero()`), unary functions, powers and a binary function.
fn f<T: Float>(x: &[T]) -> T {
    let c = T::from(3.0).unwrap();
    let mut s = T::zero();
    for w in x.windows(2) {
        s = s + c * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2);
    }
    let q = x[0] * x[3] / (T::one() + x[1] * x[1]);
    s - q + (x[2].sin() * x[1]).exp() / c + x[3].sqrt() * (T::one() / x[0])
        - x[2].powf(x[0]) * T::from(0.5).unwrap()
        + x[1].hypot(x[3])
        + (x[0] - x[2]) * T::zero()
}

/// The Hessian of `f` on four of the `N` variables, `at..at + 4`, with
/// `x` in those slots and other values elsewhere.
fn embedded<const N: usize>(x: [f64; 4], at: usize) -> (f64, [f64; N], [[f64; N]; N]) {
    let mut p: [f64; N] = core::array::from_fn(|i| 1.0 + 0.1 * i as f64);
    p[at..at + 4].copy_from_slice(&x);
    hessian(|v: [HyperDual<f64, N>; N]| f(&v[at..at + 4]), p)
}

/// `N` puts the arithmetic on the call path with the window.
fn assert_same<const N: usize>(x: [f64; 4], at: usize) -> Result<(), TestCaseError> {
    assert!(N > 4, "the call path with the window needs N > 4");
    let (v4, g4, h4) = hessian(|v: [HyperDual<f64, 4>; 4]| f(&v), x);
    let (v, g, h) = embedded::<N>(x, at);
    prop_assert_eq!(v.to_bits(), v4.to_bits());
    for i in 0..N {
        let inside = (at..at + 4).contains(&i);
        prop_assert_eq!(g[i], if inside { g4[i - at] } else { 0.0 }, "g[{}]", i);
        for j in 0..N {
            let both = inside && (at..at + 4).contains(&j);
            let want = if both { h4[i - at][j - at] } else { 0.0 };
            prop_assert_eq!(h[i][j], want, "H[{}][{}]", i, j);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The same entries, operation for operation, whichever path and
    /// wherever the variables sit in the window: at the start, inside,
    /// at the end.
    #[test]
    fn inline_and_call_paths_agree(x in proptest::array::uniform4(0.3f64..2.5)) {
        // The reference, N = 4, is on the inline path over the full range.
        assert_same::<5>(x, 0)?;
        assert_same::<5>(x, 1)?;
        assert_same::<8>(x, 2)?;
        assert_same::<8>(x, 4)?;
        assert_same::<16>(x, 12)?;
    }

    /// And both agree with nested duals (a different method) to rounding.
    #[test]
    fn call_path_agrees_with_nested_dual(x in proptest::array::uniform4(0.3f64..2.5)) {
        let (_, _, h) = embedded::<6>(x, 1);
        let xs: [Dual<Dual<f64, 4>, 4>; 4] =
            core::array::from_fn(|i| Dual::variable(Dual::variable(x[i], i), i));
        let y = f(&xs);
        for i in 0..4 {
            for j in 0..4 {
                let n = y.partials()[i].partials()[j];
                prop_assert!((h[i + 1][j + 1] - n).abs() <= 1e-12 * (1.0 + n.abs()));
            }
        }
    }
}

/// A constant on either side, whether its window is empty (`constant`,
/// `from_re`) or full (`new` with zero derivatives); and an operand whose
/// gradient is zero but whose Hessian is not, which is no constant.
#[test]
fn constant_operands_on_either_side() {
    type H = HyperDual<f64, 6>;
    let x = H::variable(1.5, 2) * H::variable(2.0, 3);
    let full_zero = H::new(4.0, [0.0; 6], [[0.0; 6]; 6]);
    for c in [H::constant(4.0), full_zero] {
        for y in [c * x, x * c, c - x, x / c, c / x] {
            let g = y.gradient();
            assert!(g[2] != 0.0 && g[3] != 0.0);
            assert!(
                g.iter()
                    .enumerate()
                    .all(|(i, &v)| v == 0.0 || i == 2 || i == 3)
            );
        }
        let (p, q) = (c * x, x * 4.0);
        assert_eq!((p.gradient(), p.hessian()), (q.gradient(), q.hessian()));
        let (p, q) = (c - x, 4.0 - x);
        assert_eq!((p.gradient(), p.hessian()), (q.gradient(), q.hessian()));
    }
    // Zero gradient, non-zero Hessian: (x ↦ 1 + x₀x₁ at 0) times x₄.
    let mut hz = [[0.0; 6]; 6];
    hz[0][1] = 1.0;
    let a = H::new(1.0, [0.0; 6], hz);
    let b = H::variable(3.0, 4);
    let y = a * b;
    assert_eq!(y.gradient(), [0.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
    assert_eq!(y.hessian_entry(0, 1), 3.0);
    assert_eq!(y.hessian_entry(1, 0), 3.0);
    assert_eq!(y.hessian_entry(4, 4), 0.0);
}

/// The sum visits only the right operand's window: entries of the left
/// operand outside it are kept bitwise (a −0 stays −0), the window grows
/// to the union, and the left operand may lie entirely inside, before,
/// or after the right one.
#[test]
fn sum_keeps_the_left_operand_outside_the_right_window() {
    type H = HyperDual<f64, 8>;
    let mut h = [[0.0; 8]; 8];
    h[0][0] = -0.0;
    h[1][6] = 2.0;
    let x = H::new(1.0, [0.0, -0.0, 0.0, 0.0, 0.0, 0.0, 5.0, 0.0], h);
    let y = H::variable(2.0, 3) * H::variable(3.0, 4);
    for s in [x + y, x - y] {
        assert_eq!(s.hessian()[0][0].to_bits(), (-0.0f64).to_bits());
        assert_eq!(s.gradient()[1].to_bits(), (-0.0f64).to_bits());
        assert_eq!((s.hessian_entry(1, 6), s.hessian_entry(6, 1)), (2.0, 2.0));
        assert_eq!(s.gradient()[6], 5.0);
    }
    assert_eq!((x + y).hessian_entry(3, 4), 1.0);
    assert_eq!((x - y).hessian_entry(3, 4), -1.0);
    assert_eq!((x - y).gradient()[3], -3.0);
    // Narrow left operand, wide right one, on either side of it.
    for k in [0, 7] {
        let n = H::variable(0.5, k) * H::variable(0.5, k);
        let s = n + x;
        assert_eq!(s.hessian_entry(k, k), 2.0 + if k == 0 { -0.0 } else { 0.0 });
        assert_eq!((s.hessian_entry(1, 6), s.gradient()[6]), (2.0, 5.0));
        let t = s - n;
        assert_eq!((t.hessian_entry(k, k), t.hessian_entry(1, 6)), (0.0, 2.0));
    }
}

/// The zero-partial rule on the call path with the window (N > 4), as on
/// the inline path: a zero factor times an infinite local derivative is
/// zero, never NaN.
#[test]
fn zero_partial_rule_on_the_call_path() {
    let inf = f64::INFINITY;
    let x = [1.0, 0.0, 2.0, 3.0, 4.0, 5.0];
    let (_, g, h) = hessian(
        |v: [HyperDual<f64, 6>; 6]| (v[0] * 0.0 + v[1]).ln() + v[5],
        x,
    );
    assert_eq!(g, [0.0, inf, 0.0, 0.0, 0.0, 1.0]);
    for i in 0..6 {
        for j in 0..6 {
            let want = if (i, j) == (1, 1) { -inf } else { 0.0 };
            assert_eq!(h[i][j], want, "H[{i}][{j}]");
        }
    }
    let x = [4.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0];
    let (_, g, h) = hessian(
        |v: [HyperDual<f64, 7>; 7]| v[1].sqrt() * v[0] + v[6] * v[6],
        x,
    );
    assert_eq!(g[..2], [0.0, inf]);
    assert_eq!(g[6], 2.0);
    assert_eq!(h[0][0], 0.0);
    assert!(h[0][1].is_infinite() && h[1][1].is_infinite());
    assert_eq!(h[6][6], 2.0);
    assert!(h.iter().flatten().all(|v| !v.is_nan()));
}
