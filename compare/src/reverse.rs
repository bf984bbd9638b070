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

/// echidna's one-line driver `grad`: its thread-local Adept-style tape is
/// taken from a per-thread pool and returned to it, and the gradient comes
/// back as a new `Vec`. `grad` returns the gradient only, so the value is read
/// from the output inside the closure, as a caller who needs it would.
pub fn echidna_grad<W: Objective>(x: &[f64], grad: &mut [f64]) -> f64 {
    let mut value = 0.0;
    let g = echidna::grad(
        |xs| {
            let y = W::eval(xs);
            value = echidna::Scalar::value(&y);
            y
        },
        x,
    );
    grad.copy_from_slice(&g);
    value
}

/// echidna's bytecode tape, recorded once and replayed at each point: a
/// forward sweep through the recorded opcodes, then the reverse sweep into a
/// caller-owned adjoint buffer (`gradient_with_buf`, which still returns the
/// gradient as a new `Vec`).
///
/// A replayed tape follows the branches taken while recording; the workloads
/// have none, so replaying is exact here.
pub struct EchidnaTape {
    tape: echidna::BytecodeTape<f64>,
    adjoints: Vec<f64>,
}

impl EchidnaTape {
    /// Records `W` at `x` and runs echidna's tape optimizations (common
    /// subexpressions, dead code) once, as a caller replaying it would.
    pub fn record<W: Objective>(x: &[f64]) -> Self {
        let (mut tape, _) = echidna::record(|xs| W::eval(xs), x);
        tape.optimize();
        EchidnaTape {
            tape,
            adjoints: Vec::new(),
        }
    }

    /// f(x), and ∇f(x) written into `grad`, by replaying the tape at `x`.
    pub fn gradient(&mut self, x: &[f64], grad: &mut [f64]) -> f64 {
        let g = self.tape.gradient_with_buf(x, &mut self.adjoints);
        grad.copy_from_slice(&g);
        self.tape.output_value()
    }

    /// The recorded tape, for the second-order replays.
    pub fn tape(&self) -> &echidna::BytecodeTape<f64> {
        &self.tape
    }
}
