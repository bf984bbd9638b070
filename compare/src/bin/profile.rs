//! Runs one forward-gradient row of the comparison in a loop, for a profiler:
//!
//! ```text
//! cargo build -p gradus-compare --profile bench --bin profile
//! valgrind --tool=callgrind target/release/profile trig gradus 16 20000
//! ```
//!
//! Arguments: workload (`rosenbrock` | `trig` | `hessian`, the Rosenbrock
//! Hessian: gradus, num-dual, hyperdual only), implementation (`gradus` |
//! `num-dual` | `hyperdual` | `ad_trait` | `echidna` | `f64` | `hand`), N (2, 8,
//! 16, 32), iterations.

use gradus::Dual;
use gradus_compare::forward::{Forward, Second};
use gradus_compare::workloads::point_array;
use gradus_compare::{Objective, Rosenbrock, TrigSum};
use std::hint::black_box;

fn run<W: Objective, T: Forward<N>, const N: usize>(iters: usize) -> f64 {
    let seeds = T::seed(&point_array());
    let mut acc = 0.0;
    for _ in 0..iters {
        let y = W::eval(black_box(&seeds));
        let (v, d) = (y.value(), y.partials());
        acc += v + black_box(d)[N - 1];
    }
    acc
}

fn second<W: Objective, T: Second<N>, const N: usize>(iters: usize) -> f64 {
    let seeds = T::seed(&point_array());
    let mut acc = 0.0;
    for _ in 0..iters {
        let (v, _, h) = W::eval(black_box(&seeds)).read();
        acc += v + black_box(h)[N - 1][N - 1];
    }
    acc
}

fn baseline<W: Objective, const N: usize>(hand: bool, iters: usize) -> f64 {
    let x: [f64; N] = point_array();
    let mut acc = 0.0;
    for _ in 0..iters {
        if hand {
            let mut d = [0.0; N];
            acc += W::gradient(black_box(&x), &mut d) + black_box(d)[N - 1];
        } else {
            acc += W::eval(black_box(&x));
        }
    }
    acc
}

macro_rules! dispatch {
    ($W:ty, $imp:expr, $n:expr, $iters:expr; $($size:literal => $m:literal),*) => {
        match ($imp, $n) {
            $(
                ("gradus", $size) => run::<$W, Dual<f64, $size>, $size>($iters),
                ("num-dual", $size) => run::<$W, num_dual::DualSVec64<$size>, $size>($iters),
                ("hyperdual", $size) => run::<$W, hyperdual::Hyperdual<f64, $m>, $size>($iters),
                ("ad_trait", $size) => run::<$W, ad_trait::forward_ad::adfn::adfn<$size>, $size>($iters),
                ("echidna", $size) => run::<$W, echidna::DualVec<f64, $size>, $size>($iters),
                ("f64", $size) => baseline::<$W, $size>(false, $iters),
                ("hand", $size) => baseline::<$W, $size>(true, $iters),
            )*
            (imp, n) => panic!("unknown implementation {imp:?} or size {n}"),
        }
    };
}

macro_rules! dispatch_second {
    ($imp:expr, $n:expr, $iters:expr; $($size:literal => $m:literal),*) => {
        match ($imp, $n) {
            $(
                ("gradus", $size) => second::<Rosenbrock, gradus::HyperDual<f64, $size>, $size>($iters),
                ("num-dual", $size) => second::<Rosenbrock, num_dual::Dual2SVec64<$size>, $size>($iters),
                ("hyperdual", $size) => second::<Rosenbrock, hyperdual::Hyperdual<hyperdual::Hyperdual<f64, $m>, $m>, $size>($iters),
            )*
            (imp, n) => panic!("unknown implementation {imp:?} or size {n}"),
        }
    };
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: profile rosenbrock|trig|hessian gradus|num-dual|hyperdual|ad_trait|echidna|f64|hand 2|4|8|16|32 ITERATIONS";
    assert!(args.len() == 5, "{usage}");
    let n: usize = args[3].parse().expect(usage);
    let iters: usize = args[4].parse().expect(usage);
    let imp = args[2].as_str();
    let acc = match args[1].as_str() {
        "rosenbrock" => dispatch!(Rosenbrock, imp, n, iters; 2 => 3, 8 => 9, 16 => 17, 32 => 33),
        "trig" => dispatch!(TrigSum, imp, n, iters; 2 => 3, 8 => 9, 16 => 17, 32 => 33),
        "hessian" => dispatch_second!(imp, n, iters; 2 => 3, 4 => 5, 8 => 9, 16 => 17),
        w => panic!("unknown workload {w:?}: {usage}"),
    };
    println!("{acc}");
}
