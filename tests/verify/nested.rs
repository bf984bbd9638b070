//! Nested duals: analytic second (and third) derivatives through
//! `Dual<Dual<f64, 1>, 1>`, perturbation confusion, and published closed-form
//! values.

use crate::common::functions::{
    WORKED_GRADIENT, WORKED_VALUE, WORKED_X, worked_example, worked_hessian,
};
use crate::framework::{DualN, Mode, NestedN, Program, Scalar, close, tally};
use gradus::{Dual, derivative, gradient};
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const NESTED: &str =
    "nested duals: analytic second and third derivatives, perturbation confusion, closed forms";

type D2 = Dual<Dual<f64, 1>, 1>;
type D3 = Dual<Dual<Dual<f64, 1>, 1>, 1>;

/// x seeded in both ε slots: f(x) has f″ in the ε₁ε₂ slot.
fn var2(x: f64) -> D2 {
    Dual::new(Dual::new(x, [1.0]), [Dual::new(1.0, [0.0])])
}

/// d²f/dx² through `Dual<Dual<f64, 1>, 1>`.
fn d2(f: impl Fn(D2) -> D2, x: f64) -> f64 {
    f(var2(x)).partials()[0].partials()[0]
}

/// d³f/dx³ through three levels.
fn d3(f: impl Fn(D3) -> D3, x: f64) -> f64 {
    let v = Dual::new(
        Dual::new(Dual::new(x, [1.0]), [Dual::new(1.0, [0.0])]),
        [Dual::new(Dual::new(1.0, [0.0]), [Dual::new(0.0, [0.0])])],
    );
    f(v).partials()[0].partials()[0].partials()[0]
}

/// The nested second derivative is the analytic one to a few roundings.
const REL: f64 = 1e-14;

#[test]
fn second_derivatives_of_sin_exp_and_pow_are_analytic() {
    let count = AtomicUsize::new(0);
    let mut runner = crate::framework::runner(512);
    let strategy = (-30.0..30.0f64, 0.05..20.0f64, -4.0..4.0f64);
    let result = runner.run(&strategy, |(x, a, y)| {
        let sin2 = d2(|v| v.sin(), x);
        prop_assert!(close(sin2, -x.sin(), REL, 1e-300), "sin″({x}) = {sin2}");
        let exp2 = d2(|v| v.exp(), x);
        prop_assert!(close(exp2, x.exp(), REL, 0.0), "exp″({x}) = {exp2}");
        let sin3 = d3(|v| v.sin(), x);
        prop_assert!(close(sin3, -x.cos(), REL, 1e-300), "sin‴({x}) = {sin3}");
        // xʸ: ∂²/∂x² = y(y−1)xʸ⁻², ∂²/∂y² = xʸ ln² x, ∂²/∂x∂y = xʸ⁻¹(1 + y ln x)
        let (l, p) = (a.ln(), a.powf(y));
        let yc = Dual::constant(Dual::constant(y));
        let dxx = d2(|v| v.powf(yc), a);
        prop_assert!(
            close(dxx, y * (y - 1.0) * a.powf(y - 2.0), 1e-13, 0.0),
            "∂²/∂x² {a}^{y}: {dxx}"
        );
        let ac = Dual::constant(Dual::constant(a));
        let dyy = d2(|v| ac.powf(v), y);
        prop_assert!(close(dyy, p * l * l, 1e-13, 0.0), "∂²/∂y² {a}^{y}: {dyy}");
        // mixed: x in the inner slot, y in the outer
        let xv: D2 = Dual::new(Dual::new(a, [1.0]), [Dual::constant(0.0)]);
        let yv: D2 = Dual::new(Dual::constant(y), [Dual::constant(1.0)]);
        let dxy = xv.powf(yv).partials()[0].partials()[0];
        prop_assert!(
            close(
                dxy,
                a.powf(y - 1.0) * (1.0 + y * l),
                1e-12,
                1e-12 * a.powf(y - 1.0)
            ),
            "∂²/∂x∂y {a}^{y}: {dxy}"
        );
        count.fetch_add(6, Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let mut cases = count.into_inner();
    cases += perturbation_confusion_cases();
    cases += closed_form_cases();
    tally(NESTED, cases);
}

/// d/dx [x · d/dy (x + y)] at x = 1 is exactly 1 (never 2), with the inner
/// derivative taken at a point of the outer type, as the crate docs require.
fn perturbation_confusion_cases() -> usize {
    let (_, d) = derivative(
        |x| {
            let (_, inner) = derivative(|y| Dual::constant(x) + y, Dual::constant(1.0));
            x * inner
        },
        1.0,
    );
    assert_eq!(d, 1.0);
    // and with x captured as a constant of the inner derivative's scalar
    let (_, d) = derivative(
        |x: Dual<f64, 1>| {
            let (_, inner) = derivative(
                |y: Dual<Dual<f64, 1>, 1>| y * Dual::constant(x),
                Dual::constant(2.0),
            );
            x * inner
        },
        3.0,
    );
    assert_eq!(d, 6.0); // d/dx [x · x] = 2x
    2
}

struct Worked;
impl Program for Worked {
    fn arity(&self) -> usize {
        2
    }
    fn run<T: Scalar>(&self, x: &[T]) -> T {
        worked_example(x)
    }
}

/// Published reference values (see the design notes' list).
fn closed_form_cases() -> usize {
    // f(x1, x2) = ln x1 + x1·x2 − sin x2 at (2, 5)
    let e = NestedN::eval(&Worked, &WORKED_X);
    assert!(close(e.value, WORKED_VALUE, 1e-15, 0.0));
    assert!(close(e.grad[0], WORKED_GRADIENT[0], 1e-15, 0.0));
    assert!(close(e.grad[1], WORKED_GRADIENT[1], 1e-15, 0.0));
    let h = e.hess.unwrap();
    let expect = worked_hessian();
    for i in 0..2 {
        for j in 0..2 {
            assert!(
                close(h[i][j], expect[i][j], 1e-15, 0.0),
                "H[{i}][{j}] = {}",
                h[i][j]
            );
        }
    }
    let e1 = DualN::eval(&Worked, &WORKED_X);
    assert_eq!(e1.grad[..2], e.grad[..2]);
    let (_, g) = gradient(|x| worked_example(&x), WORKED_X);
    assert_eq!(g[..], e.grad[..2]);

    // y = sin(x² + 1) at x = 1
    let (_, dy) = derivative(|x| (x * x + 1.0).sin(), 1.0);
    assert!(close(dy, -0.8322936730942848, 1e-15, 0.0), "{dy}");
    let ddy = d2(|x| (x * x + 1.0).sin(), 1.0);
    assert!(close(ddy, -4.469483380397012, 1e-15, 0.0), "{ddy}");

    // logistic map l₄ = 64x(1−x)(1−2x)²(1−8x+8x²)² at x = 1/4: 0.75, 8, −96
    fn l4<T: Scalar>(x: T) -> T {
        let one = T::one();
        T::l_mul(64.0, x)
            * (one - x)
            * (one - x * 2.0).powi(2)
            * (one - x * 8.0 + x * x * 8.0).powi(2)
    }
    let v = l4(var2(0.25));
    assert_eq!(v.value().value(), 0.75);
    assert_eq!(v.partials()[0].value(), 8.0);
    assert_eq!(v.partials()[0].partials()[0], -96.0);
    5
}
