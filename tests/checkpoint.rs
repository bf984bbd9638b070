//! Checkpointed reverse mode: the binomial schedule against an independent
//! dynamic-programming optimum and a simulation of its actions, and the
//! checkpointed gradient against the plain tape of the whole run, forward
//! mode, a closed form and finite differences.

use gradus::reverse::checkpoint::revolve::{
    Action, Schedule, forward_steps, max_steps, repetitions,
};
use gradus::reverse::checkpoint::{self, Checkpointer};
use gradus::{Function, Tape, VectorFunction, reverse};
use num_traits::Float;
use std::cell::Cell;

// ---------------------------------------------------------------- schedule

/// The least number of advances reversing m steps with c snapshots, by
/// minimising over every first split k: advance k, keep x_k, reverse the
/// last m − k steps with c − 1 snapshots, then the first k with c. Nothing
/// of the closed form or of the schedule's rule is used.
fn dp_optimum(max_m: usize, max_c: usize) -> Vec<Vec<u64>> {
    let mut t = vec![vec![0u64; max_c + 1]; max_m + 1];
    for m in 2..=max_m {
        t[m][1] = (m as u64 - 1) + t[m - 1][1];
        for c in 2..=max_c {
            t[m][c] = (1..m)
                .map(|k| k as u64 + t[m - k][c - 1] + t[k][c])
                .min()
                .unwrap();
        }
    }
    t
}

/// Runs a schedule on positions only, checking that every action is
/// possible; returns (advanced steps, most snapshots held).
fn simulate(n: usize, s: usize) -> (u64, usize) {
    // the positions held, by slot
    let mut slots: Vec<usize> = Vec::new();
    let mut peak = 0;
    let mut pos = 0;
    let mut advanced = 0u64;
    // the next step to reverse
    let mut next_turn = n.checked_sub(1);
    for action in Schedule::new(n, s) {
        match action {
            Action::Store { slot, at } => {
                assert_eq!(at, pos, "n={n} s={s}: stores a state it does not hold");
                assert_eq!(slot, slots.len(), "n={n} s={s}: slots are a stack");
                assert!(slot < s, "n={n} s={s}: slot {slot} beyond the {s} given");
                slots.push(at);
                peak = peak.max(slots.len());
            }
            Action::Restore { slot, at } => {
                assert!(slot < slots.len(), "n={n} s={s}: restores an empty slot");
                assert_eq!(slots[slot], at, "n={n} s={s}: wrong position");
                slots.truncate(slot + 1);
                pos = at;
            }
            Action::Advance { from, to } => {
                assert_eq!(from, pos, "n={n} s={s}");
                assert!(to > from, "n={n} s={s}: empty advance");
                let turn = next_turn.expect("advance after the last turn");
                assert!(to <= turn, "n={n} s={s}: advanced past the next turn");
                advanced += (to - from) as u64;
                pos = to;
            }
            Action::FirstTurn { step } | Action::YouTurn { step } => {
                let first = matches!(action, Action::FirstTurn { .. });
                assert_eq!(first, step + 1 == n, "n={n} s={s}: first turn is step n-1");
                assert_eq!(Some(step), next_turn, "n={n} s={s}: steps out of order");
                assert_eq!(pos, step, "n={n} s={s}: turn away from its state");
                next_turn = step.checked_sub(1);
                // the state is consumed by the recording; only snapshots remain
                pos = usize::MAX;
            }
        }
    }
    assert_eq!(next_turn, None, "n={n} s={s}: not every step was reversed");
    (advanced, peak)
}

#[test]
fn closed_form_and_schedule_attain_the_optimum() {
    let (max_m, max_c) = (300, 12);
    let t = dp_optimum(max_m, max_c);
    for (m, row) in t.iter().enumerate() {
        for (c, &want) in row.iter().enumerate().skip(1) {
            assert_eq!(forward_steps(m, c), want, "t({m}, {c})");
            let (advanced, peak) = simulate(m, c);
            assert_eq!(advanced, want, "schedule for n={m} s={c}");
            assert_eq!(
                peak,
                c.min(m.saturating_sub(1)),
                "snapshots for n={m} s={c}"
            );
        }
    }
}

#[test]
fn schedule_with_more_snapshots_than_steps_stores_every_state() {
    for n in 0..=300 {
        for s in [n, n + 1, n + 7, 10 * n + 3, usize::MAX] {
            if n > 1 || s > 0 {
                let (advanced, peak) = simulate(n, s);
                assert_eq!(advanced, n.saturating_sub(1) as u64, "n={n} s={s}");
                assert_eq!(peak, n.saturating_sub(1), "n={n} s={s}");
                assert_eq!(forward_steps(n, s), n.saturating_sub(1) as u64);
            }
        }
    }
}

#[test]
fn closed_forms_at_the_extremes() {
    for n in 0..2000usize {
        let quadratic = (n * n.saturating_sub(1) / 2) as u64;
        assert_eq!(forward_steps(n, 1), quadratic, "one snapshot, n={n}");
        assert_eq!(repetitions(n, 1), n.saturating_sub(1));
    }
    // Pascal's triangle
    let mut row = vec![1u128];
    for total in 1..60usize {
        let mut next = vec![1u128; total + 1];
        for k in 1..total {
            next[k] = row[k - 1] + row[k];
        }
        row = next;
        for (s, &c) in row.iter().enumerate() {
            assert_eq!(max_steps(s, total - s), c, "C({total}, {s})");
        }
    }
    // β(s, r − 1) < n ≤ β(s, r)
    for n in 2..500 {
        for s in 1..20 {
            let r = repetitions(n, s);
            assert!(max_steps(s, r) >= n as u128);
            assert!(r == 0 || max_steps(s, r - 1) < n as u128);
        }
    }
}

#[test]
fn trade_off_table_of_the_module_docs() {
    let n = 100_000;
    let rows: [(usize, usize, u64); 10] = [
        (1, 99_999, 4_999_950_000),
        (2, 446, 29_714_304),
        (3, 83, 6_176_445),
        (5, 24, 1_924_980),
        (10, 10, 832_040),
        (20, 6, 534_220),
        (50, 4, 375_196),
        (100, 3, 294_747),
        (1000, 2, 198_998),
        (99_999, 1, 99_999),
    ];
    for (s, r, t) in rows {
        assert_eq!(repetitions(n, s), r, "s={s}");
        assert_eq!(forward_steps(n, s), t, "s={s}");
    }
    // and the schedule itself, at the benchmark's size
    for s in [10, 100] {
        let (advanced, peak) = simulate(n, s);
        assert_eq!(advanced, forward_steps(n, s));
        assert_eq!(peak, s);
    }
}

#[test]
fn tiny_schedules() {
    assert_eq!(Schedule::new(0, 0).count(), 0);
    assert_eq!(Schedule::new(0, 5).count(), 0);
    for s in [0, 1, 4] {
        let one: Vec<Action> = Schedule::new(1, s).collect();
        assert_eq!(one, [Action::FirstTurn { step: 0 }]);
    }
    let two: Vec<Action> = Schedule::new(2, 1).collect();
    assert_eq!(
        two,
        [
            Action::Store { slot: 0, at: 0 },
            Action::Advance { from: 0, to: 1 },
            Action::FirstTurn { step: 1 },
            Action::Restore { slot: 0, at: 0 },
            Action::YouTurn { step: 0 },
        ]
    );
    assert_eq!(forward_steps(0, 0), 0);
    assert_eq!(forward_steps(1, 0), 0);
    assert_eq!(repetitions(1, 0), 0);
}

#[test]
fn reset_replays_the_same_schedule() {
    let mut schedule = Schedule::new(57, 4);
    let first: Vec<Action> = schedule.by_ref().collect();
    assert_eq!(schedule.next(), None); // fused
    for n in [57, 3, 200, 57] {
        schedule.reset(n);
        assert_eq!(schedule.steps(), n);
        let again: Vec<Action> = schedule.by_ref().collect();
        assert_eq!(again, Schedule::new(n, 4).collect::<Vec<_>>());
        if n == 57 {
            assert_eq!(again, first);
        }
    }
}

#[test]
#[should_panic(expected = "pass snapshots ≥ 1")]
fn schedule_without_snapshots_panics() {
    let _ = Schedule::new(2, 0);
}

#[test]
#[should_panic(expected = "pass snapshots ≥ 1")]
fn forward_steps_without_snapshots_panics() {
    let _ = forward_steps(10, 0);
}

// ---------------------------------------------------------------- driver

/// A damped pendulum q″ = −k sin q − c q′ with the stiffness k a parameter:
/// one classical RK4 step of (q, p, k), which copies k. Counts its calls
/// (plain and recorded alike).
struct Pendulum {
    h: f64,
    c: f64,
    calls: Cell<u64>,
}

impl Pendulum {
    fn new() -> Self {
        Pendulum {
            h: 0.05,
            c: 0.3,
            calls: Cell::new(0),
        }
    }
}

impl VectorFunction for Pendulum {
    fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
        self.calls.set(self.calls.get() + 1);
        let (h, c) = (T::from(self.h).unwrap(), T::from(self.c).unwrap());
        let two = T::from(2.0).unwrap();
        let k = x[2];
        let f = |q: T, p: T| (p, -k * q.sin() - c * p);
        let (q, p) = (x[0], x[1]);
        let half = h / two;
        let (a1, b1) = f(q, p);
        let (a2, b2) = f(q + half * a1, p + half * b1);
        let (a3, b3) = f(q + half * a2, p + half * b2);
        let (a4, b4) = f(q + h * a3, p + h * b3);
        let sixth = h / T::from(6.0).unwrap();
        out[0] = q + sixth * (a1 + two * a2 + two * a3 + a4);
        out[1] = p + sixth * (b1 + two * b2 + two * b3 + b4);
        out[2] = k;
    }
}

/// A nonlinear loss of the final state: (q − 0.5)² + cosh(p)·k.
struct Loss;

impl Function for Loss {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        let d = x[0] - T::from(0.5).unwrap();
        d * d + x[1].cosh() * x[2]
    }
}

/// The whole run on any number type.
fn run<T: Float, S: VectorFunction, L: Function>(step: &S, loss: &L, x0: &[T], n: usize) -> T {
    let mut state = x0.to_vec();
    let mut next = state.clone();
    for _ in 0..n {
        step.eval(&state, &mut next);
        std::mem::swap(&mut state, &mut next);
    }
    loss.eval(&state)
}

/// The gradient from one tape holding the whole run.
fn plain_gradient<S: VectorFunction, L: Function>(
    tape: &mut Tape,
    step: &S,
    loss: &L,
    x0: &[f64],
    n: usize,
    grad: &mut [f64],
) -> f64 {
    reverse::gradient_on(tape, |x| run(step, loss, x, n), x0, grad)
}

const X0: [f64; 3] = [1.2, -0.4, 2.5];

/// |a − b| within a few ulps of the gradient's scale, per component.
fn assert_close(a: &[f64], b: &[f64], rel: f64, what: &str) {
    let scale = b.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            (x - y).abs() <= rel * scale,
            "{what}: component {i}: {x} vs {y} (scale {scale})"
        );
    }
}

#[test]
fn equals_the_plain_tape_for_every_length_and_snapshot_count() {
    let step = Pendulum::new();
    let mut tape = Tape::new();
    let mut cp_grad = [0.0; 3];
    let mut plain = [0.0; 3];
    let mut worst = 0.0f64;
    let mut bit_equal = 0;
    let mut cases = 0;
    for n in 1..=300usize {
        let value = plain_gradient(&mut tape, &step, &Loss, &X0, n, &mut plain);
        for s in [1, 2, 3, 5, 10, n] {
            let mut cp = Checkpointer::new(s);
            step.calls.set(0);
            let v = cp.gradient(&step, &Loss, &X0, n, &mut cp_grad);
            let stats = cp.stats();
            // the forward sweeps run the same operations on plain numbers
            assert_eq!(v, value, "loss value, n={n} s={s}");
            assert_close(&cp_grad, &plain, 1e-14, &format!("n={n} s={s}"));
            let scale = plain.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            for (a, b) in cp_grad.iter().zip(&plain) {
                worst = worst.max((a - b).abs() / scale);
            }
            bit_equal += usize::from(cp_grad == plain);
            cases += 1;

            let t = forward_steps(n, s);
            assert_eq!(stats.forward_steps, t, "n={n} s={s}");
            // every call of the step: t plain ones and n recorded ones
            assert_eq!(step.calls.get(), t + n as u64, "n={n} s={s}");
            assert_eq!(stats.recorded_steps, n);
            assert_eq!(stats.steps, n);
            assert!(stats.snapshots_used <= s);
            assert_eq!(stats.snapshots_used, s.min(n - 1));
            assert_eq!(stats.snapshot_bytes, stats.snapshots_used * 3 * 8);
        }
    }
    // rounding differs from the whole-run tape (see the module docs); the
    // figures are printed for the record
    println!("worst relative difference {worst:e}; bit-equal in {bit_equal} of {cases} cases");
}

#[test]
fn tape_holds_one_step() {
    // the nodes of one step recorded alone, and of one step then the loss
    let step = Pendulum::new();
    let mut tape = Tape::new();
    let one_step = {
        let xs = tape.vars(&X0);
        let mut ys = xs.clone();
        step.eval(&xs, &mut ys);
        tape.len()
    };
    tape.clear();
    let with_loss = {
        let xs = tape.vars(&X0);
        let mut ys = xs.clone();
        step.eval(&xs, &mut ys);
        let _ = Loss.eval(&ys);
        tape.len()
    };
    assert!(with_loss > one_step && one_step > 3);
    let n = 200;
    let mut grad = [0.0; 3];
    plain_gradient(&mut tape, &step, &Loss, &X0, n, &mut grad);
    let plain_nodes = tape.len();
    for s in [1, 4, 199] {
        let mut cp = Checkpointer::new(s);
        cp.gradient(&step, &Loss, &X0, n, &mut grad);
        let stats = cp.stats();
        assert_eq!(stats.step_tape_len, one_step, "s={s}");
        assert_eq!(stats.peak_tape_len, with_loss, "s={s}");
        assert_eq!(stats.tape_bytes, with_loss * Tape::<f64>::NODE_BYTES);
        // the whole run holds every step's operations
        assert!(
            plain_nodes >= n * (one_step - 3),
            "{plain_nodes} vs {one_step}"
        );
    }
}

#[test]
fn agrees_with_forward_mode_and_finite_differences() {
    let step = Pendulum::new();
    let n = 120;
    let (value, fwd) = gradus::gradient(|x| run(&step, &Loss, &x, n), X0);
    for s in [1, 3, 8] {
        let mut grad = [0.0; 3];
        let v = checkpoint::gradient(&step, &Loss, &X0, n, s, &mut grad);
        assert!((v - value).abs() <= 1e-14 * value.abs());
        assert_close(&grad, &fwd, 1e-12, &format!("forward mode, s={s}"));
        gradus::check::gradient(|x| run(&step, &Loss, x, n), &X0, &grad).unwrap();
    }
}

/// x ↦ A x for a fixed 2×2 matrix (explicit Euler of a damped oscillator).
struct Linear {
    a: [[f64; 2]; 2],
}

impl VectorFunction for Linear {
    fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
        let m = |v: f64| T::from(v).unwrap();
        out[0] = m(self.a[0][0]) * x[0] + m(self.a[0][1]) * x[1];
        out[1] = m(self.a[1][0]) * x[0] + m(self.a[1][1]) * x[1];
    }
}

/// wᵀx.
struct Dot([f64; 2]);

impl Function for Dot {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        T::from(self.0[0]).unwrap() * x[0] + T::from(self.0[1]).unwrap() * x[1]
    }
}

#[test]
fn linear_recurrence_has_the_closed_form_gradient() {
    // q′ = p, p′ = −4q − 0.2p, h = 0.01: the gradient of wᵀAⁿx₀ is (Aᵀ)ⁿw
    let h = 0.01;
    let step = Linear {
        a: [[1.0, h], [-4.0 * h, 1.0 - 0.2 * h]],
    };
    let w = [0.7, -1.3];
    let n = 500;
    let mut exact = w;
    for _ in 0..n {
        let a = step.a;
        exact = [
            a[0][0] * exact[0] + a[1][0] * exact[1],
            a[0][1] * exact[0] + a[1][1] * exact[1],
        ];
    }
    for s in [1, 2, 6, 500] {
        let mut grad = [0.0; 2];
        checkpoint::gradient(&step, &Dot(w), &[1.0, 0.5], n, s, &mut grad);
        assert_close(&grad, &exact, 1e-12, &format!("s={s}"));
    }
}

#[test]
fn no_steps_is_the_gradient_of_the_loss() {
    let mut grad = [0.0; 3];
    let mut cp = Checkpointer::new(0);
    let v = cp.gradient(&Pendulum::new(), &Loss, &X0, 0, &mut grad);
    let (w, g) = reverse::gradient(|x| Loss.eval(x), &X0);
    assert_eq!(v, w);
    assert_eq!(grad.to_vec(), g);
    let stats = cp.stats();
    assert_eq!((stats.forward_steps, stats.recorded_steps), (0, 0));
    assert_eq!(stats.snapshots_used, 0);
    assert!(stats.peak_tape_len >= 3);
}

#[test]
fn one_step_needs_no_snapshot() {
    let step = Pendulum::new();
    let mut grad = [0.0; 3];
    let mut plain = [0.0; 3];
    let v = checkpoint::gradient(&step, &Loss, &X0, 1, 0, &mut grad);
    let w = plain_gradient(&mut Tape::new(), &step, &Loss, &X0, 1, &mut plain);
    assert_eq!(v, w);
    assert_close(&grad, &plain, 1e-15, "n = 1");
}

#[test]
fn a_checkpointer_is_reusable_across_sizes() {
    let step = Pendulum::new();
    let mut cp = Checkpointer::new(3);
    let mut grad = [0.0; 3];
    let mut fresh = [0.0; 3];
    for n in [40, 7, 0, 1, 90, 40] {
        let x0 = [0.3 + n as f64 * 0.01, 0.1, 1.5];
        let v = cp.gradient(&step, &Loss, &x0, n, &mut grad);
        let w = checkpoint::gradient(&step, &Loss, &x0, n, 3, &mut fresh);
        assert_eq!((v, grad), (w, fresh), "n={n}");
        assert_eq!(cp.stats().steps, n);
    }
    // a different state length on the same checkpointer
    let lin = Linear {
        a: [[0.9, 0.1], [-0.1, 0.9]],
    };
    let mut g2 = [0.0; 2];
    let mut f2 = [0.0; 2];
    let mut cp2: Checkpointer = Checkpointer::new(3);
    cp2.gradient(&step, &Loss, &X0, 30, &mut grad);
    cp2.gradient(&lin, &Dot([1.0, 2.0]), &[1.0, 1.0], 30, &mut g2);
    checkpoint::gradient(&lin, &Dot([1.0, 2.0]), &[1.0, 1.0], 30, 3, &mut f2);
    assert_eq!(g2, f2);
}

#[test]
fn single_precision() {
    let step = Pendulum::new();
    let x0 = [1.2f32, -0.4, 2.5];
    let mut grad = [0.0f32; 3];
    checkpoint::gradient(&step, &Loss, &x0, 50, 4, &mut grad);
    let (_, fwd) = gradus::gradient(|x| run(&step, &Loss, &x, 50), X0);
    for (a, b) in grad.iter().zip(&fwd) {
        assert!(
            (*a as f64 - b).abs() <= 1e-4 * b.abs().max(1.0),
            "{a} vs {b}"
        );
    }
}

#[test]
#[should_panic(expected = "`grad` has length 2 but the state `x0` has length 3")]
fn gradient_length_mismatch_panics() {
    let mut grad = [0.0; 2];
    checkpoint::gradient(&Pendulum::new(), &Loss, &X0, 10, 2, &mut grad);
}

#[test]
#[should_panic(expected = "0 snapshots cannot reverse n = 2 steps")]
fn gradient_without_snapshots_panics() {
    let mut grad = [0.0; 3];
    checkpoint::gradient(&Pendulum::new(), &Loss, &X0, 2, 0, &mut grad);
}

/// A step whose outputs leave it as scaled variables of one shared node
/// (u = x₀ + h x₁, out = (0.9 sin u, 0.5 u · cos x₂ ... )): where the plain
/// tape folds the scales into the next step's weights and treats two
/// outputs of one node as one, the per-step tapes see separate inputs, so
/// the order of rounding differs.
struct Folded;

impl VectorFunction for Folded {
    fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
        let h = T::from(0.1).unwrap();
        let u = x[0] + h * x[1];
        out[0] = u.sin() * T::from(0.9).unwrap();
        out[1] = u * T::from(0.5).unwrap() + (x[0] * x[1]).tanh() * h;
        out[2] = x[2];
        out[0] = out[0] + x[2] * h;
        // the last output is a pure rescaling of a node
        out[1] = out[1] * T::from(1.01).unwrap();
    }
}

/// x₀ x₁ + x₂.
struct Product;

impl Function for Product {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        x[0] * x[1] + x[2]
    }
}

#[test]
fn folded_outputs_agree_to_rounding() {
    let x0 = [0.4, 0.8, 0.2];
    let mut tape = Tape::new();
    let mut plain = [0.0; 3];
    let mut grad = [0.0; 3];
    let mut worst = 0.0f64;
    let mut bit_equal = 0;
    let mut cases = 0;
    for n in 1..=300 {
        let value = plain_gradient(&mut tape, &Folded, &Product, &x0, n, &mut plain);
        for s in [1, 2, 3, 5, 10, n] {
            let v = checkpoint::gradient(&Folded, &Product, &x0, n, s, &mut grad);
            assert_eq!(v, value, "n={n} s={s}");
            assert_close(&grad, &plain, 1e-14, &format!("n={n} s={s}"));
            let scale = plain.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            for (a, b) in grad.iter().zip(&plain) {
                worst = worst.max((a - b).abs() / scale);
            }
            bit_equal += usize::from(grad == plain);
            cases += 1;
        }
    }
    println!("folded: worst relative difference {worst:e}; bit-equal in {bit_equal} of {cases}");
}

/// A step that leaves its last output unwritten: both the plain and the
/// recorded evaluations read it as 0.
struct Forgetful;

impl VectorFunction for Forgetful {
    fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
        out[0] = x[0] * x[1] + x[0].sin();
    }
}

#[test]
fn an_unwritten_output_is_zero_in_both_sweeps() {
    let x0 = [0.7, 1.3];
    let mut grad = [0.0; 2];
    let v = checkpoint::gradient(&Forgetful, &Product2, &x0, 3, 1, &mut grad);
    // x₁ = (0.7·1.3 + sin 0.7, 0), then x₂ = (sin x₁₀, 0), x₃ = (sin x₂₀, 0)
    let a = 0.7 * 1.3 + 0.7f64.sin();
    let (b, c) = (a.sin(), a.sin().sin());
    assert_eq!(v, c);
    // the product with the unwritten 0 passes nothing back
    let d = b.cos() * a.cos(); // ∂x₃₀/∂x₁₀
    let want = [d * (1.3 + 0.7f64.cos()), d * 0.7];
    assert_close(&grad, &want, 1e-15, "unwritten output");
}

/// The first entry.
struct Product2;

impl Function for Product2 {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        x[0]
    }
}
