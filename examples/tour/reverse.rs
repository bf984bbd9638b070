//! Reverse mode: a recorded tape, swept backwards.

use super::{central_difference, rosenbrock, seed_example, show};
use gradus::{Tape, reverse};

pub fn run() {
    println!("\n== Reverse mode (Tape, Var<'tape, f64>) ==");
    println!("f(x1, x2) = ln x1 + x1·x2 − sin x2 at (2, 5)");
    let p = [2.0, 5.0];
    let tape = Tape::new();
    let x = tape.vars(&p);
    let y = seed_example(&x);
    println!("  value {:.15}   (expected 11.652071455223084)", y.value());
    println!(
        "  tape: {} nodes = 2 inputs + {} binary operations, {} bytes each \
         (ln and sin are unary: folded into the weights, no node)",
        tape.len(),
        tape.len() - 2,
        Tape::<f64>::NODE_BYTES
    );
    let g = y.backward(); // one sweep: every input's derivative
    for (i, xi) in x.iter().enumerate() {
        show(
            &format!("∂f/∂x{}", i + 1),
            g.wrt(*xi),
            central_difference(seed_example, &p, i),
        );
    }
    println!("  what was recorded (Graphviz DOT, from tape.to_dot()):");
    for line in tape.to_dot().lines() {
        println!("    {line}");
    }

    println!("\nHessian-vector products H·v by reverse over forward (Var<Dual<f64, 1>>)");
    println!("  exact H = [[−1/4, 1], [1, sin 5]] at (2, 5)");
    for v in [[1.0, 0.0], [0.0, 1.0]] {
        // one recording and one sweep per product, whatever the dimension
        let (_, _, hv) = reverse::hvp(|x| seed_example(x), &p, &v);
        for (i, hvi) in hv.iter().enumerate() {
            // finite difference of the reverse-mode gradient along v
            let grad_i = |q: &[f64]| reverse::gradient(|x| seed_example(x), q).1[i];
            let h = 1e-6;
            let qp: Vec<f64> = p.iter().zip(v).map(|(a, b)| a + h * b).collect();
            let qm: Vec<f64> = p.iter().zip(v).map(|(a, b)| a - h * b).collect();
            let fd = (grad_i(&qp) - grad_i(&qm)) / (2.0 * h);
            show(&format!("(H·{v:?})[{i}]"), *hvi, fd);
        }
    }

    println!("\nMany inputs: Rosenbrock with n = 100 000 on a reused tape");
    let n = 100_000;
    let xs: Vec<f64> = (0..n).map(|i| 0.5 + 0.5 * (i as f64 * 0.1).sin()).collect();
    let mut tape = Tape::new();
    let mut grad = vec![0.0; n];
    // `gradient_on` takes the generic `rosenbrock` as is; after this first
    // call, repeating it allocates nothing
    let fx = reverse::gradient_on(&mut tape, rosenbrock, &xs, &mut grad);
    println!(
        "  f = {fx:.6}, tape {} nodes ({:.1} MB), one backward sweep for all {n} partials",
        tape.len(),
        (tape.len() * Tape::<f64>::NODE_BYTES) as f64 / 1e6
    );
    // a finite difference of a sum this large loses ~5 digits to cancellation:
    // compare with the analytic gradient instead
    let exact = |i: usize| {
        let mut d = 0.0;
        if i + 1 < n {
            d += -400.0 * (xs[i + 1] - xs[i] * xs[i]) * xs[i] - 2.0 * (1.0 - xs[i]);
        }
        if i > 0 {
            d += 200.0 * (xs[i] - xs[i - 1] * xs[i - 1]);
        }
        d
    };
    for i in [0, 1, n / 2, n - 1] {
        println!(
            "  {:<28} AD {:>22.15}   exact {:>22.15}   |AD − exact| {:.1e}",
            format!("∂f/∂x[{i}]"),
            grad[i],
            exact(i),
            (grad[i] - exact(i)).abs()
        );
    }
}
