//! HvpDual, the type behind `hvp`: every elementary function and operator
//! along several directions against HyperDual's Hessian times v, H·v of
//! larger functions, the zero-partial rule, and the numeric surface.

// Matrices are compared entry by entry, by index.
#![allow(clippy::needless_range_loop)]

mod common;

use common::cases::{BINARY, Case, UNARY, X0, close};
use common::functions::rosenbrock;
use gradus::{Dual, HvpDual, HyperDual, hessian, hvp, second_derivative};
use num_traits::{Float, Inv, MulAdd, Pow, Zero};
use proptest::prelude::*;

type H2 = HyperDual<f64, 2>;
type V2 = HvpDual<f64, 2>;

fn cfg() -> ProptestConfig {
    ProptestConfig::with_cases(48)
}

/// HvpDual along e₀, e₁ and a mixed direction: value the f64 program's and
/// HyperDual's bits, gradient HyperDual's exactly, ∇f·v = ∇f·v, and ∇²f·v =
/// the HyperDual Hessian times v to rounding.
fn check<C: Case>(c: C, p: C::P) -> Result<(), TestCaseError> {
    let name = c.name();
    let (v, g, h) = hessian(|x: [H2; 2]| c.run(p, x), X0);
    let vf = c.run::<f64>(p, X0);
    for dir in [[1.0, 0.0], [0.0, 1.0], [0.7, -1.3]] {
        let (vv, gv, hv) = hvp(|x: [V2; 2]| c.run(p, x), X0, dir);
        prop_assert_eq!(vv.to_bits(), vf.to_bits(), "{}: HvpDual value vs f64", name);
        prop_assert_eq!(vv.to_bits(), v.to_bits(), "{}: HvpDual value", name);
        prop_assert_eq!(gv, g, "{}: HvpDual gradient", name);
        let s = c.run(
            p,
            [
                V2::variable(X0[0], 0, dir[0]),
                V2::variable(X0[1], 1, dir[1]),
            ],
        );
        let want_s = g[0] * dir[0] + g[1] * dir[1];
        prop_assert!(
            close(s.directional(), want_s, 1e-13),
            "{name}: ∇f·v {} vs {want_s}",
            s.directional()
        );
        for i in 0..2 {
            let want = h[i][0] * dir[0] + h[i][1] * dir[1];
            prop_assert!(
                close(hv[i], want, 1e-12),
                "{name}: (Hv)[{i}] = {} vs H·v {want}",
                hv[i]
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cfg())]

    /// Every unary function and operator, each at a point of its domain.
    #[test]
    fn unary_functions(t in 0.0f64..1.0) {
        for &c in UNARY {
            check(c, c.point(t, 0.0))?;
        }
    }

    /// Every binary function and operator, each at a point of its domain.
    #[test]
    fn binary_functions(t in 0.0f64..1.0, s in 0.0f64..1.0) {
        for &c in BINARY {
            check(c, c.point(t, s))?;
        }
    }

    #[test]
    fn hvp_is_hessian_times_v(x in proptest::array::uniform5(-2.0f64..2.0), v in proptest::array::uniform5(-2.0f64..2.0)) {
        fn f<T: Float>(x: &[T]) -> T {
            rosenbrock(x) + (x[0] * x[4]).sin() * x[2].exp() + x.iter().fold(T::zero(), |s, &xi| s + xi.atan())
        }
        let (fv, g, h) = hessian(|x| f(&x), x);
        let (hv_f, hv_g, hv) = hvp(|x| f(&x), x, v);
        prop_assert_eq!(fv, hv_f);
        for i in 0..5 {
            prop_assert!(close(g[i], hv_g[i], 1e-14));
            let want: f64 = (0..5).map(|j| h[i][j] * v[j]).sum();
            prop_assert!(close(hv[i], want, 1e-12), "(Hv)[{i}] {} vs {want}", hv[i]);
        }
    }
}

#[test]
fn zero_partial_rule_keeps_other_rows_clean() {
    let inf = f64::INFINITY;
    // sqrt(x₁) + x₂ at x₁ = 0: ∂/∂x₂ and the x₂ row stay clean.
    let (_, g, hv) = hvp(|[x1, x2]| x1.sqrt() + x2, [0.0, 3.0], [0.0, 1.0]);
    assert_eq!(g, [inf, 1.0]);
    assert_eq!(hv, [0.0, 0.0]);
    let (_, _, hv) = hvp(|[x1, x2]| x1.sqrt() + x2, [0.0, 3.0], [1.0, 0.0]);
    assert_eq!(hv, [-inf, 0.0]);
    // ln(0·x₁ + x₂) at x₂ = 0 along e₁: an infinite φ″ times a zero
    // directional derivative is zero, not NaN.
    let (_, g, hv) = hvp(|[x1, x2]| (x1 * 0.0 + x2).ln(), [1.0, 0.0], [1.0, 0.0]);
    assert_eq!(g, [0.0, inf]);
    assert_eq!(hv, [0.0, 0.0]);
    let (_, _, hv) = hvp(|[x1, x2]| (x1 * 0.0 + x2).ln(), [1.0, 0.0], [0.0, 1.0]);
    assert_eq!(hv, [0.0, -inf]);
    // a product with a zero-direction operand (the fused path's boundary)
    let (_, _, hv) = hvp(|[x, y]| x * y + x * x, [2.0, 3.0], [0.0, 1.0]);
    assert_eq!(hv, [1.0, 0.0]);
    let (_, _, hv) = hvp(|[x, y]| x * y + x * x, [2.0, 3.0], [1.0, 0.0]);
    assert_eq!(hv, [2.0, 1.0]);
    assert!(HvpDual::<f64, 2>::constant(0.0).is_zero());
    let z = HvpDual::<f64, 2>::new(0.0, [0.0; 2], 0.0, [0.0, 1.0]);
    assert!(
        !z.is_zero() && z == HvpDual::zero(),
        "is_zero sees every part; == only values"
    );
}

#[test]
fn numeric_surface_display_and_nesting() {
    let x = HvpDual::<f64, 2>::variable(3.0, 0, 0.5);
    assert_eq!(
        (x.value(), x.gradient(), x.directional(), x.hvp()),
        (3.0, [1.0, 0.0], 0.5, [0.0, 0.0])
    );
    assert_eq!(format!("{x}"), "3 + [1, 0]ε + 0.5δ + [0, 0]εδ");
    let y = x * x;
    assert_eq!(format!("{y:.1}"), "9.0 + [6.0, 0.0]ε + 3.0δ + [1.0, 0.0]εδ");
    assert_eq!(
        format!("{:?}", HvpDual::<f64, 1>::variable(1.0, 0, 2.0)),
        "HvpDual { re: 1.0, gradient: [1.0], directional: 2.0, hvp: [0.0] }"
    );
    // base float on either side, assignment forms, and nesting with Dual
    let r = 2.0 * x + x / 4.0 - 1.0 % x + (3.0 - x) * (1.0 / x);
    let (_, d, d2) =
        second_derivative(|x| 2.0 * x + x / 4.0 - 1.0 % x + (3.0 - x) * (1.0 / x), 3.0);
    assert_eq!(r.gradient()[0], d);
    assert!(close(r.hvp()[0], 0.5 * d2, 1e-15));
    let mut z = x;
    z += 1.0;
    z *= 2.0;
    z /= 4.0;
    assert_eq!((z.value(), z.hvp()), (2.0, [0.0, 0.0]));
    let dv = Dual::<HvpDual<f64, 1>, 1>::variable(HvpDual::variable(1.0, 0, 1.0), 0);
    assert_eq!((dv * 2.0 - 1.0 + 4.0 / dv).value().value(), 5.0);
    let vd = HvpDual::<Dual<f64, 1>, 1>::variable(Dual::variable(1.0, 0), 0, Dual::constant(1.0));
    assert_eq!((2.0 * vd * 3.0 - 1.0).value().value(), 5.0);
    let f = HvpDual::<f32, 2>::variable(1.5f32, 1, 1.0);
    let g = 2.0f32 * f.powf(HvpDual::constant(2.0)) - f / 2.0f32;
    assert_eq!((g.gradient(), g.hvp()), ([0.0, 5.5], [0.0, 4.0]));
    // the traits generic `T: Float` code does not see
    let (u, v) = (V2::variable(0.5, 0, 1.0), V2::variable(1.25, 1, -1.0));
    let same =
        |a: V2, b: V2| a.value() == b.value() && a.gradient() == b.gradient() && a.hvp() == b.hvp();
    assert!(same(u.inv(), u.recip()));
    assert!(same(MulAdd::mul_add(u, v, u), Float::mul_add(u, v, u)));
    assert!(same(Pow::pow(u, 3i32), u.powi(3)));
    let s: V2 = [u, v, u * v].iter().sum();
    assert!(same(s, u + v + u * v));
    let p: V2 = [u, v].into_iter().product();
    assert!(same(p, u * v));
}

#[test]
#[should_panic(expected = "out of range")]
fn variable_out_of_range_panics() {
    let _ = HvpDual::<f64, 2>::variable(1.0, 2, 1.0);
}
