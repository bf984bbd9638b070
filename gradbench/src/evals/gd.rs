//! The gradient-descent solver of particle and saddle (GradBench's `gd.hpp`,
//! ported as it is: the evals' answers depend on its exact steps), generic
//! over the number type so that an outer derivative can run through it,
//! and the two ways to take the inner gradient of a function of a point in R².

use super::lit;
use gradus::{Dual, Tape, Var, reverse};
use num_traits::Float;

fn magnitude<T: Float>(v: &[T]) -> T {
    v.iter().fold(T::zero(), |s, &x| s + x * x).sqrt()
}

fn distance<T: Float>(u: &[T], v: &[T]) -> T {
    u.iter()
        .zip(v)
        .fold(T::zero(), |s, (&a, &b)| s + (a - b) * (a - b))
        .sqrt()
}

/// The argmin of `objective` by gradient descent from `x0`: fixed steps η
/// (from 10⁻⁵, doubled after 10 accepted steps, halved on a rejected one)
/// until the gradient or the step is at most 10⁻⁵.
pub fn argmin<T: Float>(
    mut objective: impl FnMut(&[T]) -> T,
    mut gradient: impl FnMut(&[T], &mut [T]),
    x0: &[T],
) -> Vec<T> {
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut gx = vec![T::zero(); n];
    let mut x_prime = vec![T::zero(); n];
    let mut fx = objective(x0);
    gradient(&x, &mut gx);
    let mut i = 0;
    let mut eta = 1e-5;
    let tol = lit::<T>(1e-5);
    loop {
        if magnitude(&gx) <= tol {
            return x;
        } else if i == 10 {
            eta *= 2.0;
            i = 0;
        } else {
            for j in 0..n {
                x_prime[j] = x[j] - lit::<T>(eta) * gx[j];
            }
            if distance(&x, &x_prime) <= tol {
                return x;
            }
            let fx_prime = objective(&x_prime);
            if fx_prime < fx {
                x.copy_from_slice(&x_prime);
                fx = fx_prime;
                gradient(&x, &mut gx);
                i += 1;
            } else {
                eta /= 2.0;
                i = 0;
            }
        }
    }
}

/// The argmax of `objective`: [`argmin`] of its negation.
pub fn argmax<T: Float>(
    mut objective: impl FnMut(&[T]) -> T,
    mut gradient: impl FnMut(&[T], &mut [T]),
    x0: &[T],
) -> Vec<T> {
    argmin(
        |x| -objective(x),
        |x, g| {
            gradient(x, g);
            g.iter_mut().for_each(|v| *v = -*v);
        },
        x0,
    )
}

/// A scalar function of a point x ∈ R² and K parameters, written once for
/// every number type; the inner gradients are with respect to x.
pub trait Fun2<const K: usize> {
    /// f(x; c).
    fn eval<T: Float>(&self, x: [T; 2], c: [T; K]) -> T;
}

/// How an inner gradient ∇ₓ f(x; c) is taken, at points of any number type
/// `O` (plain `f64`, or the outer derivative's type).
pub trait Mode {
    /// What the mode keeps between gradients (a tape for reverse mode).
    type Scratch<O: Float>;
    /// A fresh scratch.
    fn scratch<O: Float>() -> Self::Scratch<O>;
    /// ∇ₓ f(x; c), with c held constant.
    fn gradient<O: Float, const K: usize>(
        s: &mut Self::Scratch<O>,
        f: &impl Fun2<K>,
        x: [O; 2],
        c: [O; K],
    ) -> [O; 2];
}

/// Forward mode: one `Dual<O, 2>` pass, seeded at points of the outer type
/// `O` (so nested derivatives never share an ε).
pub struct Forward;

impl Mode for Forward {
    type Scratch<O: Float> = ();
    fn scratch<O: Float>() {}
    fn gradient<O: Float, const K: usize>(
        _: &mut (),
        f: &impl Fun2<K>,
        x: [O; 2],
        c: [O; K],
    ) -> [O; 2] {
        let xs = [Dual::<O, 2>::variable(x[0], 0), Dual::variable(x[1], 1)];
        f.eval(xs, c.map(Dual::constant)).partials()
    }
}

/// Reverse mode: record on a tape of `O` numbers, one backward sweep.
pub struct Reverse;

impl Mode for Reverse {
    type Scratch<O: Float> = Tape<O>;
    fn scratch<O: Float>() -> Tape<O> {
        Tape::new()
    }
    fn gradient<O: Float, const K: usize>(
        tape: &mut Tape<O>,
        f: &impl Fun2<K>,
        x: [O; 2],
        c: [O; K],
    ) -> [O; 2] {
        let mut g = [O::zero(); 2];
        reverse::gradient_on(
            tape,
            |v| f.eval([v[0], v[1]], c.map(Var::constant)),
            &x,
            &mut g,
        );
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Bowl;
    impl Fun2<1> for Bowl {
        fn eval<T: Float>(&self, x: [T; 2], c: [T; 1]) -> T {
            (x[0] - c[0]) * (x[0] - c[0]) + lit::<T>(3.0) * x[1] * x[1] * x[0]
        }
    }

    #[test]
    fn modes_agree_with_the_closed_form() {
        let (x, c) = ([1.5, -0.5], [0.25]);
        let want = [2.0 * (1.5 - 0.25) + 3.0 * 0.25, 6.0 * -0.5 * 1.5];
        assert_eq!(Forward::gradient(&mut (), &Bowl, x, c), want);
        assert_eq!(Reverse::gradient(&mut Tape::new(), &Bowl, x, c), want);
    }

    #[test]
    fn descent_finds_a_minimum_and_a_maximum() {
        let f = |x: &[f64]| (x[0] - 0.3) * (x[0] - 0.3) + 2.0 * (x[1] + 0.1) * (x[1] + 0.1);
        let g = |x: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * (x[0] - 0.3);
            g[1] = 4.0 * (x[1] + 0.1);
        };
        let x = argmin(f, g, &[1.0, 1.0]);
        assert!(
            (x[0] - 0.3).abs() < 1e-4 && (x[1] + 0.1).abs() < 1e-4,
            "{x:?}"
        );
        let y = argmax(
            |x| -f(x),
            |x, gr| {
                g(x, gr);
                gr.iter_mut().for_each(|v| *v = -*v);
            },
            &[1.0, 1.0],
        );
        assert_eq!(x, y);
    }
}
