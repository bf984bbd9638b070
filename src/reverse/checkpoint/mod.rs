//! Checkpointed reverse mode: the gradient of a loss after n steps of an
//! iteration, with the memory of s saved states and one step's tape instead
//! of a tape of the whole run.
//!
//! Reverse mode records everything it differentiates: the gradient of
//! L(x_n), x_{k+1} = F(x_k) (a time stepper, an unrolled solver, a recurrent
//! network) on a plain [`Tape`] holds all n steps, n × (nodes per step) ×
//! [`Tape::NODE_BYTES`] bytes. Checkpointing trades that memory for
//! recomputation: forward sweeps run F on plain numbers and keep only a few
//! states (*snapshots*); each backward step restores the nearest snapshot,
//! advances to the state x_k it needs, records **that one step** on a reused
//! tape and pulls the adjoint of x_{k+1} back to x_k with one
//! vector-Jacobian product. Where to put the snapshots is Griewank's
//! binomial schedule ([`revolve`]), optimal for a given number of slots.
//!
//! ```text
//!  x₀ ──F──▶ x₁ ──F──▶ … ──F──▶ x_{n−1} ──F──▶ x_n ──L──▶ loss
//!  x̄₀ ◀─Jᵀ── x̄₁ ◀─Jᵀ── … ◀─Jᵀ── x̄_{n−1} ◀─Jᵀ── x̄_n ◀─∇L──
//!  each x̄_k = J_F(x_k)ᵀ x̄_{k+1} is one step recorded at x_k and swept once
//! ```
//!
//! ## The trade-off
//!
//! With s snapshots an optimal schedule makes t(n, s) plain forward step
//! evaluations ([`revolve::forward_steps`]) besides the n recorded ones; the
//! memory is s states plus the tape of one step. For n = 10⁵ steps:
//!
//! | snapshots s | repetitions r | forward steps t(n, s) | t / n | snapshot memory |
//! |---:|---:|---:|---:|---|
//! | 1 | 99 999 | 4 999 950 000 | 50 000 | 1 state |
//! | 2 | 446 | 29 714 304 | 297 | 2 states |
//! | 3 | 83 | 6 176 445 | 61.8 | 3 states |
//! | 5 | 24 | 1 924 980 | 19.2 | 5 states |
//! | 10 | 10 | 832 040 | 8.32 | 10 states |
//! | 20 | 6 | 534 220 | 5.34 | 20 states |
//! | 50 | 4 | 375 196 | 3.75 | 50 states |
//! | 100 | 3 | 294 747 | 2.95 | 100 states |
//! | 1 000 | 2 | 198 998 | 1.99 | 1 000 states |
//! | 99 999 | 1 | 99 999 | 1 | n − 1 states (every state) |
//!
//! t/n is about r, which grows like the s-th root of n (β(s, r) ≈ rˢ/s!
//! for r ≫ s): a handful of snapshots already makes it small. And the
//! wall-clock factor is smaller than t/n, because a plain step costs a
//! fraction of a recorded one (recording plus sweep), which both methods
//! pay n times. The benchmark `benches/checkpoint.rs` (10⁵ RK4 steps of a
//! damped pendulum with its stiffness in the state, a 3-number state, 22
//! tape nodes per step), by instruction counts:
//!
//! | method | tape | snapshots | time (instructions) |
//! |---|---:|---:|---:|
//! | plain `f64` run, no gradient | — | — | 0.07 |
//! | one tape of the whole run | 2 200 005 nodes, 52.8 MB | — | 1 |
//! | checkpointed, s = 10 | 27 nodes, 648 B | 240 B | 1.76 |
//! | checkpointed, s = 100 | 27 nodes, 648 B | 2 400 B | 1.32 |
//!
//! ## Parameters
//!
//! The gradient is taken with respect to x₀. To differentiate with respect
//! to parameters θ of the step, put them in the state and let the step copy
//! them unchanged: their adjoints in x̄₀ are ∂L/∂θ, summed over every step
//! that used them. A damped oscillator q″ = −k q − c q′ under explicit Euler,
//! with the stiffness k as a parameter:
//!
//! ```
//! use gradus::reverse::checkpoint;
//! use gradus::{Function, Tape, VectorFunction, reverse};
//! use num_traits::Float;
//!
//! /// One Euler step of (q, p, k) ↦ (q + h p, p + h (−k q − c p), k).
//! struct Oscillator {
//!     h: f64,
//!     c: f64,
//! }
//!
//! impl VectorFunction for Oscillator {
//!     fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
//!         let (h, c) = (T::from(self.h).unwrap(), T::from(self.c).unwrap());
//!         let (q, p, k) = (x[0], x[1], x[2]);
//!         out[0] = q + h * p;
//!         out[1] = p + h * (-k * q - c * p);
//!         out[2] = k; // the parameter rides along unchanged
//!     }
//! }
//!
//! /// The energy left at the end, ½p² + ½k q².
//! struct Energy;
//!
//! impl Function for Energy {
//!     fn eval<T: Float>(&self, x: &[T]) -> T {
//!         let half = T::from(0.5).unwrap();
//!         half * x[1] * x[1] + half * x[2] * x[0] * x[0]
//!     }
//! }
//!
//! let step = Oscillator { h: 0.01, c: 0.1 };
//! let x0 = [1.0, 0.0, 4.0]; // q₀, p₀, k
//! let n = 1000;
//! let mut grad = [0.0; 3];
//! let energy = checkpoint::gradient(&step, &Energy, &x0, n, 10, &mut grad);
//! let dk = grad[2]; // ∂E/∂k, accumulated over all 1000 steps
//!
//! // The same gradient from one tape of the whole run (1000 steps recorded).
//! let mut tape = Tape::new();
//! let mut plain = [0.0; 3];
//! let e = reverse::gradient_on(
//!     &mut tape,
//!     |x| {
//!         let mut state = x.to_vec();
//!         let mut next = state.clone();
//!         for _ in 0..n {
//!             step.eval(&state, &mut next);
//!             std::mem::swap(&mut state, &mut next);
//!         }
//!         Energy.eval(&state)
//!     },
//!     &x0,
//!     &mut plain,
//! );
//! assert_eq!(energy, e);
//! for (a, b) in grad.iter().zip(&plain) {
//!     assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
//! }
//! assert!(dk != 0.0);
//! ```
//!
//! ## Repeated gradients and statistics
//!
//! [`gradient`] builds its buffers on every call. A [`Checkpointer`] keeps
//! them (the tape, the snapshots, the schedule's stack, the adjoint and
//! variable buffers): after the first call, a gradient with the same number
//! of steps and state length performs no heap allocation. It also reports
//! what the last gradient cost ([`Stats`]): forward step evaluations,
//! recorded steps, the largest tape, the snapshots used and their bytes.
//!
//! ```
//! use gradus::reverse::checkpoint::{Checkpointer, revolve};
//! use gradus::{Function, VectorFunction};
//! use num_traits::Float;
//!
//! struct Logistic; // x ↦ a x (1 − x), with a = x[1] a parameter
//! impl VectorFunction for Logistic {
//!     fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
//!         out[0] = x[1] * x[0] * (T::one() - x[0]);
//!         out[1] = x[1];
//!     }
//! }
//! struct Last;
//! impl Function for Last {
//!     fn eval<T: Float>(&self, x: &[T]) -> T {
//!         x[0]
//!     }
//! }
//!
//! let mut checkpointer = Checkpointer::new(5);
//! let mut grad = [0.0; 2];
//! for a in [2.5, 2.8, 3.1] {
//!     checkpointer.gradient(&Logistic, &Last, &[0.2, a], 500, &mut grad);
//! }
//! let stats = checkpointer.stats();
//! assert_eq!(stats.forward_steps, revolve::forward_steps(500, 5));
//! assert_eq!(stats.recorded_steps, 500);
//! assert_eq!(stats.snapshots_used, 5);
//! // one step's tape: 2 inputs and 2 binary operations (plus nothing for
//! // the loss, which is the first output itself)
//! assert_eq!(stats.peak_tape_len, 4);
//! ```
//!
//! ## Exactness
//!
//! The loss value is the plain run's exactly: the forward sweeps run the
//! same operations on plain numbers that the recorded steps run on tape
//! variables. The gradient is the same chain rule as that of one tape of the
//! whole run, often bit for bit (for an RK4 step whose outputs are each a
//! new operation or an input passed through, in every case the tests try),
//! but only equal up to rounding in general, because the additions are
//! grouped differently: a state entry that leaves a step as a *scaled*
//! variable (after a unary operation such as `sin`, or a product with a
//! constant) is a plain input of the next recorded step, so its scale
//! multiplies the summed adjoint once here where the whole-run tape folds it
//! into each weight; two entries of a state that come from one node are two
//! inputs here and one node there; and the sweep sums the contributions of
//! nearby nodes in registers, which depends on where the nodes sit. The
//! tests bound the difference by 10⁻¹⁴ of the gradient's size (measured:
//! 1.7·10⁻¹⁶, one rounding).

pub mod revolve;

use crate::{Function, Tape, Var, VectorFunction};
use num_traits::Float;
use revolve::{Action, Schedule};

/// The gradient of `loss(stepⁿ(x0))` with respect to `x0`, written into
/// `grad`; returns the loss. `step` maps a state of length `x0.len()` to the
/// next, writing every entry of its output (one left unwritten is 0), and is
/// recorded one step at a time on a reused tape while the forward sweeps run
/// it on plain `T`; `snapshots` states are kept (see the
/// [module docs](self) for the trade-off). n = 0 is the gradient of the loss
/// at `x0`.
///
/// This builds a [`Checkpointer`] for the call; keep one to repeat
/// gradients without allocating and to read the [`Stats`].
///
/// # Panics
/// If `grad.len() != x0.len()`, or `snapshots` is 0 and `n` > 1.
///
/// ```
/// use gradus::reverse::checkpoint;
/// use gradus::{Function, VectorFunction};
/// use num_traits::Float;
///
/// /// x ↦ (x₀ cos x₁, x₁): after n steps x₀ cos(x₁)ⁿ.
/// struct Damp;
/// impl VectorFunction for Damp {
///     fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
///         out[0] = x[0] * x[1].cos();
///         out[1] = x[1];
///     }
/// }
/// struct First;
/// impl Function for First {
///     fn eval<T: Float>(&self, x: &[T]) -> T {
///         x[0]
///     }
/// }
///
/// let (a, b, n) = (2.0_f64, 0.3_f64, 50);
/// let mut g = [0.0; 2];
/// let y = checkpoint::gradient(&Damp, &First, &[a, b], n, 3, &mut g);
/// let c = b.cos();
/// assert!((y - a * c.powi(50)).abs() < 1e-14);
/// assert!((g[0] - c.powi(50)).abs() < 1e-14);
/// assert!((g[1] + 50.0 * a * c.powi(49) * b.sin()).abs() < 1e-13);
/// ```
pub fn gradient<T, S, L>(
    step: &S,
    loss: &L,
    x0: &[T],
    n: usize,
    snapshots: usize,
    grad: &mut [T],
) -> T
where
    T: Float + 'static,
    S: VectorFunction + ?Sized,
    L: Function + ?Sized,
{
    Checkpointer::new(snapshots).gradient(step, loss, x0, n, grad)
}

/// What the last checkpointed gradient cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// The number of steps n.
    pub steps: usize,
    /// Plain evaluations of the step made to move forward: t(n, s) of
    /// [`revolve::forward_steps`].
    pub forward_steps: u64,
    /// Steps recorded on the tape and swept: n, one per backward step.
    pub recorded_steps: usize,
    /// The most nodes (inputs included) one recorded step put on the tape.
    pub step_tape_len: usize,
    /// The longest the tape ever was: the first backward step records the
    /// loss after its step, so this is the step's nodes plus the loss's
    /// (the loss's alone when n = 0).
    pub peak_tape_len: usize,
    /// `peak_tape_len` × [`Tape::NODE_BYTES`]: the tape's node memory (a
    /// sweep adds one number per node for the adjoints).
    pub tape_bytes: usize,
    /// The most snapshots held at once (at most the slots given, and at
    /// most n − 1).
    pub snapshots_used: usize,
    /// `snapshots_used` × state length × the size of one number.
    pub snapshot_bytes: usize,
}

/// A prepared checkpointed gradient: the schedule, the snapshot storage, the
/// tape and every buffer, kept between calls so that repeated gradients of
/// the same size allocate nothing after the first, and the [`Stats`] of the
/// last call.
///
/// `T` must be `'static` (every float and gradus number type is) because the
/// buffers of tape variables are kept, empty, between calls.
///
/// ```
/// use gradus::reverse::checkpoint::Checkpointer;
/// use gradus::{Function, VectorFunction};
/// use num_traits::Float;
///
/// struct Square; // x ↦ x²: after n steps x^(2ⁿ)
/// impl VectorFunction for Square {
///     fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
///         out[0] = x[0] * x[0];
///     }
/// }
/// struct Id;
/// impl Function for Id {
///     fn eval<T: Float>(&self, x: &[T]) -> T {
///         x[0]
///     }
/// }
///
/// let mut cp = Checkpointer::new(2);
/// let mut g = [0.0];
/// let y = cp.gradient(&Square, &Id, &[1.01], 4, &mut g);
/// assert!((y - 1.01f64.powi(16)).abs() < 1e-14);
/// assert!((g[0] - 16.0 * 1.01f64.powi(15)).abs() < 1e-13);
/// assert_eq!(cp.stats().recorded_steps, 4);
/// ```
pub struct Checkpointer<T: Float + 'static = f64> {
    schedule: Schedule,
    tape: Tape<T>,
    /// Snapshot slot `j` is `store[j·dim .. (j + 1)·dim]`.
    store: Vec<T>,
    /// The working state and the next one.
    state: Vec<T>,
    next: Vec<T>,
    /// The adjoint of the state after the step being reversed, and before it.
    adjoint: Vec<T>,
    adjoint_next: Vec<T>,
    /// Empty buffers of tape variables (inputs and outputs of a recorded
    /// step), given a new lifetime for each recording.
    inputs: Vec<Var<'static, T>>,
    outputs: Vec<Var<'static, T>>,
    stats: Stats,
}

impl<T: Float + 'static> core::fmt::Debug for Checkpointer<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Checkpointer")
            .field("snapshots", &self.snapshots())
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl<T: Float + 'static> Checkpointer<T> {
    /// A checkpointer that keeps at most `snapshots` states. Nothing is
    /// allocated until the first gradient.
    ///
    /// 0 snapshots can only serve n ≤ 1 steps (a gradient with more panics).
    pub fn new(snapshots: usize) -> Self {
        Checkpointer {
            schedule: Schedule::new(0, snapshots),
            tape: Tape::new(),
            store: Vec::new(),
            state: Vec::new(),
            next: Vec::new(),
            adjoint: Vec::new(),
            adjoint_next: Vec::new(),
            inputs: Vec::new(),
            outputs: Vec::new(),
            stats: Stats::default(),
        }
    }

    /// The number of snapshot slots.
    pub fn snapshots(&self) -> usize {
        self.schedule.snapshots()
    }

    /// What the last gradient cost (all zero before the first).
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The gradient of `loss(stepⁿ(x0))` with respect to `x0`, written into
    /// `grad`; returns the loss. See [`gradient`] and the
    /// [module docs](self).
    ///
    /// # Panics
    /// If `grad.len() != x0.len()`, or the snapshots are 0 and `n` > 1.
    pub fn gradient<S, L>(&mut self, step: &S, loss: &L, x0: &[T], n: usize, grad: &mut [T]) -> T
    where
        S: VectorFunction + ?Sized,
        L: Function + ?Sized,
    {
        let dim = x0.len();
        assert_eq!(
            grad.len(),
            dim,
            "checkpoint::gradient: `grad` has length {} but the state `x0` has length {}: they must match",
            grad.len(),
            dim
        );
        assert!(
            self.snapshots() > 0 || n <= 1,
            "checkpoint::gradient: 0 snapshots cannot reverse n = {n} steps (x0 must be kept \
             to recompute the states); pass snapshots ≥ 1 (1 needs the least memory, n − 1 \
             stores every state and is the fastest)"
        );
        let mut stats = Stats {
            steps: n,
            ..Stats::default()
        };
        if n == 0 {
            let value = record_loss(&mut self.tape, &mut self.inputs, loss, x0, grad);
            stats.peak_tape_len = self.tape.len();
            stats.tape_bytes = stats.peak_tape_len * Tape::<T>::NODE_BYTES;
            self.stats = stats;
            return value;
        }

        let Checkpointer {
            schedule,
            tape,
            store,
            state,
            next,
            adjoint,
            adjoint_next,
            inputs,
            outputs,
            ..
        } = self;
        schedule.reset(n);
        for buffer in [&mut *state, &mut *next, &mut *adjoint, &mut *adjoint_next] {
            buffer.clear();
            buffer.resize(dim, T::zero());
        }
        state.copy_from_slice(x0);
        let mut value = T::nan();
        for action in &mut *schedule {
            match action {
                Action::Store { slot, .. } => {
                    let end = (slot + 1) * dim;
                    if store.len() < end {
                        store.resize(end, T::zero());
                    }
                    store[slot * dim..end].copy_from_slice(state);
                }
                Action::Restore { slot, .. } => {
                    state.copy_from_slice(&store[slot * dim..(slot + 1) * dim]);
                }
                Action::Advance { from, to } => {
                    for _ in from..to {
                        // an entry the step leaves unwritten reads as 0, as
                        // in a recorded step (whose outputs start as 0)
                        next.fill(T::zero());
                        step.eval(&state[..], &mut next[..]);
                        core::mem::swap(state, next);
                    }
                    stats.forward_steps += (to - from) as u64;
                }
                Action::FirstTurn { .. } => {
                    let (v, step_len, len) = record(
                        tape,
                        inputs,
                        outputs,
                        step,
                        Seed::Loss(loss),
                        state,
                        adjoint,
                    );
                    value = v;
                    stats.step_tape_len = stats.step_tape_len.max(step_len);
                    stats.peak_tape_len = stats.peak_tape_len.max(len);
                    stats.recorded_steps += 1;
                }
                Action::YouTurn { .. } => {
                    let (_, _, len) = record(
                        tape,
                        inputs,
                        outputs,
                        step,
                        Seed::<L, T>::Adjoint(adjoint),
                        state,
                        adjoint_next,
                    );
                    core::mem::swap(adjoint, adjoint_next);
                    stats.step_tape_len = stats.step_tape_len.max(len);
                    stats.peak_tape_len = stats.peak_tape_len.max(len);
                    stats.recorded_steps += 1;
                }
            }
        }
        grad.copy_from_slice(adjoint);
        stats.tape_bytes = stats.peak_tape_len * Tape::<T>::NODE_BYTES;
        stats.snapshots_used = schedule.peak_snapshots();
        stats.snapshot_bytes = stats.snapshots_used * dim * core::mem::size_of::<T>();
        self.stats = stats;
        value
    }
}

/// What seeds the sweep of a recorded step.
enum Seed<'a, L: ?Sized, T> {
    /// The first backward step: the loss, evaluated on the step's outputs.
    Loss(&'a L),
    /// A later one: the adjoint of the step's output state.
    Adjoint(&'a [T]),
}

/// Records one step at `x` on the cleared tape and sweeps it back, writing
/// the adjoint of `x` into `out`; returns the loss value (NaN unless seeded
/// by the loss), the tape length after the step and the final tape length.
fn record<T, S, L>(
    tape: &mut Tape<T>,
    inputs: &mut Vec<Var<'static, T>>,
    outputs: &mut Vec<Var<'static, T>>,
    step: &S,
    seed: Seed<'_, L, T>,
    x: &[T],
    out: &mut [T],
) -> (T, usize, usize)
where
    T: Float + 'static,
    S: VectorFunction + ?Sized,
    L: Function + ?Sized,
{
    tape.clear();
    let tape: &Tape<T> = tape;
    let mut xs: Vec<Var<'_, T>> = recycle(core::mem::take(inputs));
    let mut ys: Vec<Var<'_, T>> = recycle(core::mem::take(outputs));
    tape.vars_into(x, &mut xs);
    ys.resize(x.len(), Var::constant(T::zero()));
    step.eval(&xs, &mut ys);
    let step_len = tape.len();
    let value = match seed {
        Seed::Loss(loss) => {
            let y = loss.eval(&ys);
            y.backward().wrt_into(&xs, out);
            y.value()
        }
        Seed::Adjoint(w) => {
            tape.vjp(&ys, w).wrt_into(&xs, out);
            T::nan()
        }
    };
    let len = tape.len();
    *inputs = recycle(xs);
    *outputs = recycle(ys);
    (value, step_len, len)
}

/// The gradient of the loss alone at `x` (no steps), written into `out`.
fn record_loss<T, L>(
    tape: &mut Tape<T>,
    inputs: &mut Vec<Var<'static, T>>,
    loss: &L,
    x: &[T],
    out: &mut [T],
) -> T
where
    T: Float + 'static,
    L: Function + ?Sized,
{
    tape.clear();
    let tape: &Tape<T> = tape;
    let mut xs: Vec<Var<'_, T>> = recycle(core::mem::take(inputs));
    tape.vars_into(x, &mut xs);
    let y = loss.eval(&xs);
    y.backward().wrt_into(&xs, out);
    *inputs = recycle(xs);
    y.value()
}

/// Empties `v` and reuses its allocation for another element type of the
/// same layout (here the same variable type under another lifetime): the
/// standard library collects a `vec::IntoIter` in place, and nothing is
/// produced, so nothing is copied.
fn recycle<A, B>(mut v: Vec<A>) -> Vec<B> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}
