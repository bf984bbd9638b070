//! `gradus::check` from the outside: what passes, what fails, and what the
//! failure says, with the default tolerances the module documents
//! (relative 1e-6 of the entry's scale, plus absolute 1e-10).

mod common;

use common::functions::{rosenbrock, rosenbrock_hessian, worked_example, worked_hessian};
use gradus::check::{self, CheckError, Checker, Kind};

/// A derivative far below the relative tolerance's reach is still checked:
/// the absolute tolerance 1e-10 decides, so 1.5e-7 against a true 1e-7 fails.
#[test]
fn absolute_tolerance_decides_for_a_small_derivative() {
    let f = |x: f64| 1e-7 * x;
    let err = check::derivative(f, 0.0, 1.5e-7).unwrap_err();
    let report = err.report().expect("a mismatch");
    assert_eq!(report.kind, Kind::Derivative);
    assert!((report.worst.estimate - 1e-7).abs() < 1e-20);
    assert!((report.worst.abs_error - 0.5e-7).abs() < 1e-20);
    // the tolerance is 1e-10 + 1e-6 · 1.5e-7
    assert!((report.worst.tolerance - (1e-10 + 1e-6 * 1.5e-7)).abs() < 1e-24);
    assert!(check::derivative(f, 0.0, 1e-7).is_ok());
    // just inside and just outside the absolute tolerance
    assert!(check::derivative(f, 0.0, 1e-7 + 0.9e-10).is_ok());
    assert!(check::derivative(f, 0.0, 1e-7 + 1.1e-10).is_err());
    // a looser absolute tolerance lets the same numbers pass
    assert!(
        Checker::new()
            .abs_tol(1e-6)
            .derivative(f, 0.0, 1.5e-7)
            .is_ok()
    );
    assert!(
        Checker::new()
            .abs_tol(0.0)
            .derivative(f, 0.0, 1e-7 + 1e-12)
            .is_err()
    );
}

/// Large derivatives are judged relatively: 1e-7 relative passes, 1e-5 fails.
#[test]
fn relative_tolerance_decides_for_a_large_derivative() {
    let f = |x: f64| 1e4 * x.exp();
    let d = 1e4 * 1f64.exp();
    assert!(check::derivative(f, 1.0, d * (1.0 + 1e-7)).is_ok());
    assert!(check::derivative(f, 1.0, d * (1.0 + 1e-5)).is_err());
}

/// A wrong gradient component is located, and the message names it.
#[test]
fn a_wrong_gradient_entry_is_named() {
    let x = [2.0, 5.0];
    let (_, mut g) = gradus::gradient(|v| worked_example(&v), x);
    let report = check::gradient(worked_example, &x, &g).unwrap();
    assert!(report.passes() && report.checked == 2);
    g[1] += 1e-3;
    let err = check::gradient(worked_example, &x, &g).unwrap_err();
    let w = err.report().unwrap().worst;
    assert_eq!((w.kind, w.row, w.col), (Kind::Gradient, 0, 1));
    let message = err.to_string();
    assert!(message.contains("∂f/∂x[1]"), "{message}");
    assert!(message.contains("[2.0, 5.0]"), "the point: {message}");
}

/// Hessians: gradus's passes, a wrong or asymmetric entry fails.
#[test]
fn hessian_checks() {
    let x = [2.0, 5.0];
    let h = worked_hessian();
    check::hessian(worked_example, &x, &h).unwrap();
    let mut wrong = h;
    wrong[0][1] = 1.01;
    let err = check::hessian(worked_example, &x, &wrong).unwrap_err();
    let w = err.report().unwrap().worst;
    assert_eq!((w.kind, w.row, w.col), (Kind::Hessian, 0, 1));
    // Rosenbrock's Hessian by hand against differences of the exact gradient
    let x4 = [-1.2, 1.0, 0.8, 0.5];
    let (_, _, h4) = rosenbrock_hessian(&x4);
    let grad = |p: &[f64]| gradus::reverse::gradient(|v| rosenbrock(v), p).1;
    check::jacobian(grad, &x4, &h4).unwrap();
}

#[test]
fn shapes_are_checked() {
    let err = check::gradient(worked_example, &[2.0, 5.0], &[1.0]).unwrap_err();
    assert!(matches!(
        err,
        CheckError::Shape {
            kind: Kind::Gradient,
            expected: (1, 2),
            found: (1, 1)
        }
    ));
    assert!(err.to_string().contains("shape"));
}
