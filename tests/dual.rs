//! `Dual` and the forward drivers: the worked example, the zero-partial rule,
//! nesting at 0, method resolution beside nalgebra's traits, and `jvp` and
//! `chunked_gradient_into` against `jacobian`, `gradient` and finite
//! differences.

mod common;

use common::functions::{WORKED_GRADIENT, WORKED_VALUE, WORKED_X, worked_example};
use gradus::{Dual, gradient};

#[test]
fn gradient_of_the_worked_example() {
    let (v, g) = gradient(|[x1, x2]| x1.ln() + x1 * x2 - x2.sin(), WORKED_X);
    assert!((v - WORKED_VALUE).abs() < 1e-13);
    assert!((g[0] - WORKED_GRADIENT[0]).abs() < 1e-14);
    assert!((g[1] - WORKED_GRADIENT[1]).abs() < 1e-14);
    // the shared definition is the same function
    assert_eq!(gradient(|x| worked_example(&x), WORKED_X), (v, g));
}

#[test]
fn zero_partial_rule_keeps_the_other_partial_clean() {
    let (_, g) = gradient(|[x1, x2]| (x1 * 0.0 + x2).ln(), [1.0, 0.0]);
    assert_eq!(g, [0.0, f64::INFINITY]);
    let (_, g) = gradient(|[x1, x2]| x1.sqrt() + x2, [0.0, 3.0]);
    assert_eq!(g, [f64::INFINITY, 1.0]);
}

/// The design's reason for a recursive `is_zero`: d²/dx² (x·x) at 0 by
/// nesting is 2 (a value-only test would make the zero-partial rule give 0).
/// Perturbation confusion itself is covered in the verification suite.
#[test]
fn nested_square_at_zero_keeps_its_second_derivative() {
    let x = Dual::<Dual<f64, 1>, 1>::new(Dual::new(0.0, [1.0]), [Dual::new(1.0, [0.0])]);
    let y = x * x;
    assert_eq!(y.partials()[0].partials()[0], 2.0);
    let z = 2.0 * x * 3.0 - 1.0 / x.exp();
    assert_eq!(z.partials()[0].value(), 6.0 + 1.0);
}

/// With both `Float` and nalgebra's `ComplexField` in scope, method calls on a
/// concrete dual resolve to the inherent methods: no ambiguity errors.
#[cfg(feature = "nalgebra")]
#[test]
fn methods_are_unambiguous_with_float_and_complex_field_in_scope() {
    #[allow(unused_imports)]
    use nalgebra::ComplexField;
    #[allow(unused_imports)]
    use num_traits::Float;
    let x = Dual::<f64, 1>::variable(4.0, 0);
    let y = x.sqrt() + x.abs() + x.powf(Dual::constant(2.0)) + x.max(x) + x.sin();
    assert_eq!(y.partials()[0], 0.25 + 1.0 + 8.0 + 1.0 + 4f64.cos());
}
