//! Gradients of sums of many terms over a shared prefix: each term recorded,
//! swept and discarded in turn ([`sum_gradient_on`]).

use super::tape::{NONE, Tape, mixed_tapes, recycle};
use super::var::Var;
use num_traits::Float;

/// The value and gradient of a sum of many terms that share work,
/// Σ_d term(x, shared(x), d), written into `grad`.
///
/// The shared part (the *prefix*: `shared` records it from the inputs into
/// its output buffer) is recorded once; then each term is recorded on top of
/// it, swept back to it and discarded, its adjoints added to the prefix's.
/// Memory stays at the prefix plus one term, whatever the number of terms,
/// and each term's sweep visits only its own nodes; one last sweep of the
/// prefix gives the gradient of the whole sum. A mixture model's
/// log-likelihood over n data points is the typical use: the prefix computes
/// the parameters' transforms (exponentials, sums), each term one point's
/// contribution.
///
/// `term` receives the inputs, the shared values and a scratch buffer of
/// variables (empty at each call, its storage reused), and the datum.
///
/// The closures are generic over the tape's lifetime, as
/// [`gradient`](super::gradient)'s: a variable made inside a term cannot be
/// kept past it (it would refer to discarded nodes), which the compiler
/// enforces. A term may return a shared value or an input itself, or a
/// constant.
///
/// ```compile_fail
/// # use gradus::{Tape, reverse};
/// # use num_traits::Float;
/// let mut tape = Tape::new();
/// let mut grad = [0.0];
/// let mut kept = None;
/// reverse::sum_gradient_on(&mut tape, &[1.0], &mut grad, |_, _| {}, 0..2, |x, _, _, _| {
///     let y = x[0] * x[0].sin();
///     kept = Some(y); // error: the variable cannot outlive its term
///     y
/// });
/// ```
///
/// After one warm-up call with the same computation, a call allocates
/// nothing.
///
/// # Panics
/// If `grad.len() != x.len()`, or a term returns a variable of another tape.
///
/// ```
/// use gradus::{Real, Tape, reverse};
/// use num_traits::Float;
///
/// let data = [0.5, -1.0, 2.0];
/// let mut tape = Tape::new();
/// let mut grad = [0.0; 2];
/// // Σ_d ((μ − d) / e^s)² / 2 + s: e^s is recorded once, not per datum.
/// let loss = reverse::sum_gradient_on(
///     &mut tape,
///     &[0.3, 1.2],
///     &mut grad,
///     |p, shared| shared.extend([p[0], p[1].exp()]),
///     data,
///     |p, shared, _, d| ((shared[0] - d) / shared[1]).powi(2) * 0.5 + p[1],
/// );
///
/// // The same sum recorded on one tape in the ordinary way.
/// let (want, g) = reverse::gradient(
///     |q| data.iter().fold(gradus::Var::constant(0.0), |s, &d| {
///         s + ((q[0] - d) / q[1].exp()).powi(2) * 0.5 + q[1]
///     }),
///     &[0.3, 1.2],
/// );
/// assert!((loss - want).abs() < 1e-14);
/// assert!((grad[0] - g[0]).abs() < 1e-14 && (grad[1] - g[1]).abs() < 1e-14);
/// ```
pub fn sum_gradient_on<T: Float, D>(
    tape: &mut Tape<T>,
    x: &[T],
    grad: &mut [T],
    shared: impl for<'t> FnOnce(&[Var<'t, T>], &mut Vec<Var<'t, T>>),
    data: impl IntoIterator<Item = D>,
    mut term: impl for<'t> FnMut(&[Var<'t, T>], &[Var<'t, T>], &mut Vec<Var<'t, T>>, D) -> Var<'t, T>,
) -> T {
    assert_eq!(
        grad.len(),
        x.len(),
        "reverse::sum_gradient_on: `grad` has length {} but `x` has length {}: they must match",
        grad.len(),
        x.len()
    );
    tape.clear();
    let [a, b, c] = core::mem::take(tape.sum_spare.get_mut());
    let tape: &Tape<T> = tape;
    let mut xs: Vec<Var<'_, T>> = recycle(a);
    let mut sh: Vec<Var<'_, T>> = recycle(b);
    let mut scratch: Vec<Var<'_, T>> = recycle(c);
    tape.vars_into(x, &mut xs);
    shared(&xs, &mut sh);
    let (len, edges) = (tape.len() as u32, tape.edge_count());
    tape.frozen.set((len, edges));
    let mut total = T::zero();
    {
        let mut adj = tape.adjoints.borrow_mut();
        adj.clear();
        adj.resize(len as usize, T::zero());
    }
    for d in data {
        scratch.clear();
        let y = term(&xs, &sh, &mut scratch, d);
        total = total + y.value();
        if let Some(t) = y.tape_ref() {
            if !core::ptr::eq(t, tape) {
                tape.frozen.set((NONE, 0));
                mixed_tapes();
            }
            let top = y.raw_index() as usize;
            let mut adj = tape.adjoints.borrow_mut();
            if top >= len as usize {
                adj.resize(top + 1, T::zero());
            }
            adj[top] = adj[top] + y.scale();
            if top >= len as usize {
                tape.sweep_nodes(&mut adj[..=top], len as usize);
                adj.truncate(len as usize);
            }
        }
        tape.truncate(len, edges);
    }
    tape.frozen.set((NONE, 0));
    tape.sweep_accumulated(len as usize).prefix_into(grad);
    scratch.clear();
    tape.sum_spare
        .set([recycle(xs), recycle(sh), recycle(scratch)]);
    total
}
