//! Heap allocations of reverse mode, counted exactly with the shared counting
//! allocator: it records the allocations, zeroed allocations and
//! reallocations made by the current thread (the test harness runs tests on
//! several threads at once), so each test measures only its own code.

mod common;

use common::alloc::{self, allocations};
use common::functions::{rosenbrock, transcendental};
use gradus::{Dual, Reduce, Tape, Var, reverse};

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

#[test]
fn counter_counts_allocs_zeroed_allocs_and_reallocs() {
    alloc::assert_counts_exactly();
}

#[test]
fn gradient_on_a_reused_tape_allocates_nothing_after_one_call() {
    for n in [10usize, 1000, 20_000] {
        let x: Vec<f64> = (0..n).map(|i| 0.3 + 0.001 * i as f64).collect();
        let mut grad = vec![0.0; n];
        let mut tape = Tape::new();
        // the warm-up call grows the tape and its buffers
        let (_, warm) = allocations(|| reverse::gradient_on(&mut tape, rosenbrock, &x, &mut grad));
        assert!(warm > 0);
        for _ in 0..5 {
            let (v, count) =
                allocations(|| reverse::gradient_on(&mut tape, rosenbrock, &x, &mut grad));
            assert_eq!(count, 0, "rosenbrock, n = {n}");
            assert_eq!(v, rosenbrock(&x));
        }
        // a different function on the same tape: one more warm-up at most
        reverse::gradient_on(&mut tape, transcendental, &x, &mut grad);
        for _ in 0..5 {
            let (_, count) =
                allocations(|| reverse::gradient_on(&mut tape, transcendental, &x, &mut grad));
            assert_eq!(count, 0, "transcendental, n = {n}");
        }
        // and back: the tape only ever grows, so this fits too
        let (_, count) = allocations(|| reverse::gradient_on(&mut tape, rosenbrock, &x, &mut grad));
        assert_eq!(count, 0);
    }
}

#[test]
fn backward_on_a_cleared_tape_allocates_nothing() {
    let mut tape = Tape::new();
    let mut out = [0.0; 4];
    let mut run = |tape: &mut Tape, k: f64| {
        tape.clear();
        let x = [tape.var(k), tape.var(2.0), tape.var(-1.0), tape.var(0.5)];
        let y = rosenbrock(&x) * x[3].exp() + x[0].atan2(x[2]);
        let g = y.backward();
        g.wrt_into(&x, &mut out);
        // a second output, swept on the same tape
        let z = x[0] * x[1];
        let h = z.backward();
        (out[0], h.wrt(x[1]))
    };
    // (a warm-up at a point where no partial is exactly zero: at x = 0 some
    // products fold into constants, and the tape would be shorter)
    run(&mut tape, 0.5);
    for k in 1..5 {
        let (r, count) = allocations(|| run(&mut tape, k as f64));
        assert_eq!(count, 0);
        assert_eq!(r.1, k as f64);
    }
}

#[test]
fn nested_reverse_over_forward_on_a_reused_tape_allocates_nothing() {
    // H·v by hand on a reused Tape<Dual<f64, 1>>
    let x = [0.5, 1.5, -0.25];
    let v = [1.0, 0.0, 2.0];
    let mut hv = [0.0; 3];
    let mut tape = Tape::<Dual<f64, 1>>::new();
    let mut run = |tape: &mut Tape<Dual<f64, 1>>| {
        tape.clear();
        let xs: [Var<'_, Dual<f64, 1>>; 3] =
            std::array::from_fn(|i| tape.var(Dual::new(x[i], [v[i]])));
        let y = transcendental(&xs);
        let g = y.backward();
        for i in 0..3 {
            hv[i] = g.wrt(xs[i]).partials()[0];
        }
    };
    run(&mut tape);
    let (_, count) = allocations(|| run(&mut tape));
    assert_eq!(count, 0);
    let (_, _, expect) = reverse::hvp(|x| transcendental(x), &x, &v);
    assert_eq!(hv.to_vec(), expect);
}

#[test]
fn the_convenience_driver_allocates_only_its_own_buffers() {
    // reverse::gradient builds a fresh tape each call: a handful of
    // allocations (tape growth, the inputs, the returned Vec), never one per node
    let x: Vec<f64> = (0..1000).map(|i| 0.001 * i as f64).collect();
    let (_, count) = allocations(|| reverse::gradient(|x| rosenbrock(x), &x));
    assert!(count < 40, "{count} allocations");
}

/// A sum of terms over a shared prefix on a reused tape: no allocation once
/// the tape has seen the computation.
#[test]
fn summed_terms_on_a_reused_tape_allocate_nothing() {
    let data: Vec<f64> = (0..50).map(|i| 0.1 * i as f64).collect();
    let x = vec![0.3; 20];
    let mut tape = Tape::new();
    let mut grad = vec![0.0; 20];
    let mut run = |tape: &mut Tape| {
        gradus::reverse::sum_gradient_on(
            tape,
            &x,
            &mut grad,
            |p, shared| shared.extend(p.iter().map(|v| v.exp())),
            data.iter(),
            |p, s, scratch, &d| {
                scratch.extend(p.iter().map(|&v| v * d));
                Var::logsumexp(s) * d + Var::norm_squared(scratch)
            },
        )
    };
    run(&mut tape);
    run(&mut tape);
    let (_, n) = allocations(|| run(&mut tape));
    assert_eq!(n, 0);
}
