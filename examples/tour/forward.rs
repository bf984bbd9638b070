//! Forward mode: dual numbers.

use super::{central_difference, rosenbrock, seed_example, show};
use gradus::Dual;
use num_traits::Float;

/// A small vector function R³ → R²: a point on a sphere of radius r, in Cartesian x and y.
fn spherical<T: Float>([r, theta, phi]: [T; 3]) -> [T; 2] {
    [r * theta.sin() * phi.cos(), r * theta.sin() * phi.sin()]
}

pub fn run() {
    println!("== Forward mode (Dual<f64, N>) ==");
    println!("f(x1, x2) = ln x1 + x1·x2 − sin x2 at (2, 5)");
    let x = [2.0, 5.0];
    let (v, g) = gradus::gradient(|x| seed_example(&x), x);
    println!("  value {v:.15}   (expected 11.652071455223084)");
    for (i, gi) in g.iter().enumerate() {
        show(
            &format!("∂f/∂x{}", i + 1),
            *gi,
            central_difference(seed_example, &x, i),
        );
    }
    let d = Dual::<f64, 2>::variable(2.0, 0);
    println!("  a dual number prints as value + partials·ε: {}", d.ln());

    println!("\nJacobian of (r, θ, φ) ↦ (r sinθ cosφ, r sinθ sinφ) at (2, 0.5, 0.3)");
    let p = [2.0, 0.5, 0.3];
    let (_, j) = gradus::jacobian(spherical, p);
    for (row, ji) in j.iter().enumerate() {
        for (col, jij) in ji.iter().enumerate() {
            let fd = central_difference(|q| spherical([q[0], q[1], q[2]])[row], &p, col);
            show(&format!("∂y{}/∂x{}", row + 1, col + 1), *jij, fd);
        }
    }

    println!("\nOne generic function, many types: Rosenbrock on 6 inputs");
    let x6 = [-1.2, 1.0, 0.8, 0.5, -0.3, 1.1];
    println!("  f64 value            {}", rosenbrock(&x6));
    let (v, g) = gradus::gradient(|x| rosenbrock(&x), x6);
    println!("  Dual<f64, 6> value   {v}");
    for (i, gi) in g.iter().enumerate() {
        show(
            &format!("∂f/∂x{}", i + 1),
            *gi,
            central_difference(rosenbrock, &x6, i),
        );
    }
    let (_, gc) = gradus::chunked_gradient::<_, _, 4>(rosenbrock, &x6);
    println!("  chunked (C = 4, 2 passes) agrees: {}", gc == g);
}
