//! Checkpointed reverse mode against one tape of the whole run.
//!
//! The workload: 10⁵ classical RK4 steps of a damped pendulum
//! q″ = −k sin q − c q′ with the stiffness k in the state (3 numbers), and a
//! nonlinear loss of the final state. Measured:
//! - `plain f64 run`: the run alone, on `f64` (the unit of a forward step);
//! - `whole-run tape`: `reverse::gradient_on` over the loop, on a reused
//!   tape (10⁵ steps recorded, one sweep);
//! - `checkpointed s=…`: a reused `Checkpointer` with s snapshots, which
//!   makes t(n, s) plain steps and n recorded one-step sweeps.
//!
//! Before timing, the figures of memory are printed (tape nodes ×
//! `Tape::NODE_BYTES`, snapshot bytes) with the revolve factor t(n, s)/n.
//! `cargo bench --bench checkpoint -- --warm-up-time 1 --measurement-time 5`.

use criterion::{Criterion, criterion_group, criterion_main};
use gradus::reverse::checkpoint::{Checkpointer, revolve};
use gradus::{Function, Tape, VectorFunction, reverse};
use num_traits::Float;
use std::hint::black_box;

/// One RK4 step of (q, p, k) for q′ = p, p′ = −k sin q − c p; k is copied.
struct Pendulum {
    h: f64,
    c: f64,
}

impl VectorFunction for Pendulum {
    fn eval<T: Float>(&self, x: &[T], out: &mut [T]) {
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

/// (q − 0.5)² + cosh(p)·k.
struct Loss;

impl Function for Loss {
    fn eval<T: Float>(&self, x: &[T]) -> T {
        let d = x[0] - T::from(0.5).unwrap();
        d * d + x[1].cosh() * x[2]
    }
}

fn run<T: Float>(step: &Pendulum, x0: &[T], n: usize) -> T {
    let mut state = [x0[0], x0[1], x0[2]];
    let mut next = state;
    for _ in 0..n {
        step.eval(&state, &mut next);
        state = next;
    }
    Loss.eval(&state)
}

const N: usize = 100_000;
const X0: [f64; 3] = [1.2, -0.4, 2.5];

fn bench(c: &mut Criterion) {
    let step = Pendulum { h: 1e-3, c: 0.3 };
    let mut tape = Tape::new();
    let mut plain = [0.0; 3];
    let v = reverse::gradient_on(&mut tape, |x| run(&step, x, N), &X0, &mut plain);
    let plain_nodes = tape.len();
    let plain_bytes = plain_nodes * Tape::<f64>::NODE_BYTES;
    println!(
        "n = {N}: whole-run tape {plain_nodes} nodes = {:.1} MB ({} nodes per step)",
        plain_bytes as f64 / 1e6,
        plain_nodes / N
    );
    let mut checkpointers = Vec::new();
    for s in [10, 100] {
        let mut cp = Checkpointer::new(s);
        let mut grad = [0.0; 3];
        let w = cp.gradient(&step, &Loss, &X0, N, &mut grad);
        assert_eq!(v, w);
        for (a, b) in grad.iter().zip(&plain) {
            assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
        }
        let st = cp.stats();
        let memory = st.tape_bytes + st.snapshot_bytes;
        println!(
            "s = {s}: t(n, s) = {} forward steps (t/n = {:.2}), tape {} nodes = {} B, \
             snapshots {} B, total {} B = {:.5} % of the whole-run tape",
            st.forward_steps,
            st.forward_steps as f64 / N as f64,
            st.peak_tape_len,
            st.tape_bytes,
            st.snapshot_bytes,
            memory,
            100.0 * memory as f64 / plain_bytes as f64
        );
        assert_eq!(st.forward_steps, revolve::forward_steps(N, s));
        checkpointers.push((s, cp));
    }

    let mut group = c.benchmark_group("checkpoint n=1e5");
    group.sample_size(10);
    group.bench_function("plain f64 run", |b| {
        b.iter(|| run(&step, black_box(&X0), N))
    });
    group.bench_function("whole-run tape", |b| {
        b.iter(|| reverse::gradient_on(&mut tape, |x| run(&step, x, N), black_box(&X0), &mut plain))
    });
    for (s, cp) in &mut checkpointers {
        let mut grad = [0.0; 3];
        group.bench_function(format!("checkpointed s={s}"), |b| {
            b.iter(|| cp.gradient(&step, &Loss, black_box(&X0), N, &mut grad))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
