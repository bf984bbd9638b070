//! Reverse-mode gradients of an [`Objective`] with each crate, written for
//! repeated calls: every buffer that the crate's API lets a caller keep
//! (the tape, the input variables) is kept and reused, so what remains
//! allocating is what the crate itself allocates per gradient.

use crate::Objective;

/// ad_trait's `adr`: its computation graph is a hidden thread-local, reset per
/// call; `get_backwards_mode_grad` returns a freshly allocated adjoint vector.
pub fn ad_trait<W: Objective>(
    x: &[f64],
    vars: &mut Vec<ad_trait::reverse_ad::adr::adr>,
    grad: &mut [f64],
) -> f64 {
    use ad_trait::reverse_ad::adr::{GlobalComputationGraph, adr};
    GlobalComputationGraph::get().reset();
    vars.clear();
    vars.extend(x.iter().map(|&v| adr::new_variable(v, false)));
    let y = W::eval(vars);
    let adjoints = y.get_backwards_mode_grad();
    for (g, v) in grad.iter_mut().zip(vars.iter()) {
        *g = adjoints.wrt(v);
    }
    y.value()
}

/// The `reverse` crate: a caller-owned tape, cleared and reused; `grad()`
/// returns a freshly allocated tape-sized adjoint vector.
pub fn reverse_crate<'t, W: Objective>(
    tape: &'t reverse::Tape,
    vars: &mut Vec<reverse::Var<'t>>,
    x: &[f64],
    grad: &mut [f64],
) -> f64 {
    use reverse::Gradient;
    tape.clear();
    vars.clear();
    vars.extend(x.iter().map(|&v| tape.add_var(v)));
    let y = W::eval(vars);
    let adjoints = y.grad();
    for (g, v) in grad.iter_mut().zip(vars.iter()) {
        *g = adjoints.wrt(v);
    }
    y.val()
}

/// gradus's one-line driver `reverse::gradient`: a fresh tape per call, and it
/// returns a new `Vec`.
pub fn gradus_driver<W: Objective>(x: &[f64], grad: &mut [f64]) -> f64 {
    let (v, g) = gradus::reverse::gradient(|xs| W::eval(xs), x);
    grad.copy_from_slice(&g);
    v
}

/// gradus's `reverse::gradient_on`: a caller-owned tape, cleared and reused
/// (its node, adjoint and input buffers too), the gradient written in place.
pub fn gradus_tape<W: Objective>(tape: &mut gradus::Tape<f64>, x: &[f64], grad: &mut [f64]) -> f64 {
    gradus::reverse::gradient_on(tape, |xs| W::eval(xs), x, grad)
}
