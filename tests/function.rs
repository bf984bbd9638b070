//! `Function` and `VectorFunction`: one generic method, run on every number
//! type, directly and through references.

mod common;

use common::functions::{WORKED_GRADIENT, WORKED_VALUE, WORKED_X, rosenbrock, worked_example};
use gradus::{Function, VectorFunction};
use num_traits::Float;

struct Worked;

impl Function for Worked {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        worked_example(x)
    }
}

/// Rosenbrock's residuals as a vector function with its scale as data.
struct Residuals {
    scale: f64,
}

impl VectorFunction for Residuals {
    fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
        let s = T::from(self.scale).unwrap();
        for i in 0..x.len() - 1 {
            out[i] = s * (x[i + 1] - x[i] * x[i]);
        }
        out[x.len() - 1] = T::one() - x[0];
    }
}

/// The forwarding impls, named explicitly: method syntax on `&f` would
/// resolve to `Worked`'s own impl.
fn by_ref(f: &Worked, x: &[f64]) -> f64 {
    <&Worked as Function>::eval(&f, x)
}

#[test]
fn a_function_runs_on_floats_duals_and_tapes() {
    let f = Worked;
    assert_eq!(f.eval(&WORKED_X), WORKED_VALUE);
    assert_eq!(by_ref(&f, &WORKED_X), f.eval(&WORKED_X));
    assert_eq!(
        <&&Worked as Function>::eval(&&&f, &WORKED_X),
        f.eval(&WORKED_X)
    );
    let (v, g) = gradus::gradient(|x| <&Worked as Function>::eval(&&f, &x), WORKED_X);
    let (w, h) = gradus::reverse::gradient(|x| <&Worked as Function>::eval(&&f, x), &WORKED_X);
    assert_eq!((v, w), (f.eval(&WORKED_X), f.eval(&WORKED_X)));
    assert_eq!(g.to_vec(), h);
    for k in 0..2 {
        assert!((g[k] - WORKED_GRADIENT[k]).abs() < 1e-14);
    }
}

#[test]
fn a_vector_function_writes_every_output() {
    let r = Residuals { scale: 10.0 };
    let x = [0.5, 1.5, -0.25];
    let mut out = [f64::NAN; 3];
    <&Residuals as VectorFunction>::eval(&&r, &x, &mut out);
    assert_eq!(out, [10.0 * (1.5 - 0.25), 10.0 * (-0.25 - 2.25), 0.5]);
    // |r|² is Rosenbrock's first two terms with (1 − x₀)² once
    let sq = out.iter().map(|r| r * r).sum::<f64>();
    assert!((sq + (1.0 - x[1]).powi(2) - rosenbrock(&x)).abs() < 1e-12);
    // the Jacobian through duals, one output at a time
    let (_, j) = gradus::jacobian(
        |xd| {
            let mut o = [gradus::Dual::constant(0.0); 3];
            <&Residuals as VectorFunction>::eval(&&r, &xd, &mut o);
            o
        },
        x,
    );
    assert_eq!(
        j,
        [[-10.0, 10.0, 0.0], [0.0, -30.0, 10.0], [-1.0, 0.0, 0.0]]
    );
}
