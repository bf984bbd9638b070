//! Every public item of the API as it stood before the source tree was
//! reorganised, used with its signature of then: outside code written
//! against it must compile unchanged. (Items added since are tested where
//! they live.)

#![allow(deprecated)] // the old names stay, deprecated in favour of clearer ones

use gradus::rules::{self, Derivs, Derivs2};
use gradus::{Dual, FromBase, HvpDual, HyperDual, Number, Tape, Var};
use num_traits::Float;

fn f<T: Float>(x: &[T]) -> T {
    x[0].ln() + x[0] * x[1] - x[1].sin()
}

#[test]
fn forward_types_and_drivers() {
    let d: gradus::dual::Dual<f64, 2> = Dual::new(1.0, [1.0, 0.0]);
    let (_, _) = (
        Dual::<f64, 2>::constant(1.0),
        Dual::<f64, 2>::variable(1.0, 1),
    );
    assert_eq!(
        (d.value(), d.partials(), d.partial(0)),
        (1.0, [1.0, 0.0], 1.0)
    );
    let h: gradus::hyperdual::HyperDual<f64, 2> = HyperDual::new(1.0, [0.0; 2], [[0.0; 2]; 2]);
    let v = HyperDual::<f64, 2>::variable(2.0, 0) * HyperDual::constant(3.0);
    assert_eq!(
        (h.value(), v.gradient(), v.hessian(), v.second(0, 0)),
        (1.0, [3.0, 0.0], [[0.0; 2]; 2], 0.0)
    );
    let p = HvpDual::<f64, 2>::new(1.0, [0.0; 2], 0.0, [0.0; 2]);
    let q = HvpDual::<f64, 2>::variable(2.0, 0, 1.0) * HvpDual::constant(3.0);
    assert_eq!(
        (p.value(), q.gradient(), q.directional(), q.hvp()),
        (1.0, [3.0, 0.0], 3.0, [0.0; 2])
    );

    let (_, _): (f64, f64) = gradus::derivative(|x| x.sin(), 1.0);
    let (_, _, _): (f64, f64, f64) = gradus::second_derivative(|x| x.sin(), 1.0);
    let (_, g): (f64, [f64; 2]) = gradus::gradient(|x| f(&x), [2.0, 5.0]);
    assert!((g[0] - 5.5).abs() < 1e-12);
    let (_, _): ([f64; 2], [[f64; 2]; 2]) = gradus::jacobian(|[a, b]| [a * b, a + b], [1.0, 2.0]);
    let (_, _): ([f64; 1], [f64; 1]) = gradus::jvp(|[a, b]| [a * b], [1.0, 2.0], [1.0, 0.0]);
    let (_, _, _): (f64, [f64; 2], [[f64; 2]; 2]) = gradus::hessian(|x| f(&x), [2.0, 5.0]);
    let (_, _, _): (f64, [f64; 2], [f64; 2]) = gradus::hvp(|x| f(&x), [2.0, 5.0], [1.0, 0.0]);
    let (_, _): (f64, Vec<f64>) = gradus::chunked_gradient::<_, _, 2>(f, &[2.0, 5.0]);
    let mut grad = [0.0; 2];
    let mut work = [Dual::<f64, 1>::constant(0.0); 2];
    let _: f64 =
        gradus::chunked_gradient_into(|x: &[Dual<f64, 1>]| f(x), &[2.0, 5.0], &mut grad, &mut work);
}

#[test]
fn number_from_base_and_rules() {
    fn sigmoid<A: Number<Inner = f64>>(x: A) -> A {
        let s = 1.0 / (1.0 + (-x.re()).exp());
        x.chain(Derivs {
            f: s,
            df: s * (1.0 - s),
            d2f: 0.0,
        })
    }
    let y = sigmoid(Dual::<f64, 1>::variable(0.0, 0));
    assert_eq!(y.partials(), [0.25]);
    let _ = <Dual<f64, 1> as Number>::from_re(1.0) + Dual::<f64, 1>::constant(0.0).with_re(2.0);
    let _: bool = Number::is_constant(&y);
    let _ = y.chain2(
        y,
        Derivs2 {
            f: 0.0,
            dx: 1.0,
            dy: 1.0,
            dxx: 0.0,
            dxy: 0.0,
            dyy: 0.0,
        },
    );
    let _ = y.apply(rules::sin).apply2(y, rules::atan2);
    let _: Dual<f64, 1> = FromBase::from_base(2.0);

    let x = 0.7_f64;
    let unary: [fn(f64) -> Derivs<f64>; 28] = [
        rules::neg,
        rules::recip,
        rules::sqrt,
        rules::cbrt,
        rules::exp,
        rules::exp2,
        rules::exp_m1,
        rules::ln,
        rules::ln_1p,
        rules::log2,
        rules::log10,
        rules::sin,
        rules::cos,
        rules::tan,
        rules::asin,
        rules::acos,
        rules::atan,
        rules::sinh,
        rules::cosh,
        rules::tanh,
        rules::asinh,
        rules::acosh,
        rules::atanh,
        rules::abs,
        rules::step,
        rules::fract,
        rules::to_degrees,
        rules::to_radians,
    ];
    assert_eq!(
        unary
            .iter()
            .filter(|r| r(x).f.is_finite() || x < 1.0)
            .count(),
        28
    );
    let binary: [fn(f64, f64) -> Derivs2<f64>; 9] = [
        rules::add,
        rules::sub,
        rules::mul,
        rules::div,
        rules::rem,
        rules::powf,
        rules::log,
        rules::atan2,
        rules::hypot,
    ];
    assert!(binary.iter().all(|r| r(x, 2.0).f.is_finite()));
    let with_const: [fn(f64, f64) -> Derivs<f64>; 9] = [
        rules::add_const,
        rules::sub_const,
        rules::const_sub,
        rules::mul_const,
        rules::div_const,
        rules::const_div,
        rules::rem_const,
        rules::const_rem,
        rules::powf_const,
    ];
    assert!(with_const.iter().all(|r| r(x, 2.0).f.is_finite()));
    let _: Derivs<f64> = rules::powi(x, 3);
    let _: (Derivs<f64>, Derivs<f64>) = rules::sin_cos(x);
    let _: bool = rules::max_takes_first(1.0, 2.0) || rules::min_takes_first(1.0, 2.0);
    assert_eq!(rules::clamp_branch(5.0, 0.0, 1.0), 2);
}

#[test]
fn reverse_mode() {
    let tape: Tape = Tape::with_capacity(16);
    let x: Var<'_> = tape.var(2.0);
    let xs = tape.vars(&[1.0, 3.0]);
    let y = x * xs[0] + xs[1].sin() + Var::constant(1.0);
    let g: gradus::reverse::Adjoints<'_, f64> = y.backward();
    let mut out = [0.0; 2];
    g.wrt_into(&xs, &mut out);
    assert_eq!((g.wrt(x), g.wrt_all(&xs).len()), (1.0, 2));
    let _ = (
        y.value(),
        y.index(),
        tape.len(),
        tape.is_empty(),
        tape.capacity(),
        tape.to_dot(),
    );
    let _ = tape.vjp(&[y], &[1.0]);
    let _ = Tape::<f64>::NODE_BYTES;
    let mut t2: gradus::reverse::Tape = Tape::new();
    t2.clear();

    let (_, _): (f64, Vec<f64>) = gradus::reverse::gradient(|x| f(x), &[2.0, 5.0]);
    let mut grad = [0.0; 2];
    let _: f64 = gradus::reverse::gradient_on(&mut t2, f, &[2.0, 5.0], &mut grad);
    let (_, _): (Vec<f64>, Vec<Vec<f64>>) =
        gradus::reverse::jacobian(|x| vec![x[0] * x[1]], &[1.0, 2.0]);
    let (_, _): (Vec<f64>, Vec<f64>) =
        gradus::reverse::vjp(|x| vec![x[0] * x[1]], &[1.0, 2.0], &[1.0]);
    let (_, _, _): (f64, Vec<f64>, Vec<f64>) =
        gradus::reverse::hvp(|x| f(x), &[2.0, 5.0], &[1.0, 0.0]);
    let _: gradus::reverse::Var<'_> = Var::constant(0.0);
}

#[test]
fn check_module() {
    use gradus::check::{self, CheckError, Checker, Entry, Estimate, Kind, Report};
    let r: Report = check::derivative(|x| x * x, 1.0, 2.0).unwrap();
    let _: bool = r.passes();
    let _: Result<Report, CheckError> = check::gradient(|x| x[0] * x[1], &[1.0, 2.0], &[2.0, 1.0]);
    let _ = check::jacobian(|x: &[f64]| vec![x[0]], &[1.0], &[[1.0]]);
    let _ = check::hessian(|x| x[0] * x[0], &[1.0], &[[2.0]]);
    let c = Checker::new().step(0.1).rel_tol(1e-6).abs_tol(1e-10);
    let _: f64 = c.get_step();
    let _ = c.gradient(|x| x[0], &[1.0], &[1.0]);
    let e: Estimate = check::fd_derivative(|x| x, 1.0, 0.1);
    let _: Vec<Estimate> = check::fd_gradient(|x| x[0], &[1.0], 0.1);
    let _: Vec<Vec<Estimate>> = check::fd_jacobian(|x: &[f64]| vec![x[0]], &[1.0], 0.1);
    let _: Vec<Vec<Estimate>> = check::fd_hessian(|x| x[0] * x[0], &[1.0], 0.1);
    let _ = (e.value, e.error, Kind::Gradient);
    let _: Option<&Entry> = None;
}

#[cfg(feature = "nalgebra")]
#[test]
fn nalgebra_module() {
    use gradus::nalgebra as gn;
    use nalgebra::{Matrix2, Vector2, Vector3};
    let v = gn::variables(&Vector2::new(3.0, 4.0));
    let a = gn::matrix_variables::<f64, 2, 2, 4>(&Matrix2::new(1.0, 2.0, 3.0, 4.0));
    let _: Matrix2<f64> = gn::values(&a);
    let _: Matrix2<f64> = gn::partial(&a, 0);
    let _ = v.norm();
    let (_, _) = gn::gradient(
        |x: nalgebra::SVector<Dual<f64, 2>, 2>| x.norm_squared(),
        Vector2::new(1.0, 2.0),
    );
    let (_, _) = gn::jacobian(
        |x: nalgebra::SVector<Dual<f64, 2>, 2>| x * x[0],
        Vector2::new(1.0, 2.0),
    );
    let (_, _, _) = gn::hessian(
        |x: nalgebra::SVector<HyperDual<f64, 2>, 2>| x.norm_squared(),
        Vector2::new(1.0, 2.0),
    );
    let (_, _) =
        gn::matrix_gradient::<_, _, 2, 2, 4>(|a| a.determinant(), Matrix2::new(1.0, 2.0, 3.0, 4.0));
    let _ = gn::quaternion_from_scaled_axis(Vector3::new(0.1, 0.0, 0.0));
}
