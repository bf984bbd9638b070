//! Sparse Jacobians and Hessians: detect the sparsity pattern of ordinary
//! generic code, color it, and compute every nonzero with a handful of
//! compressed passes instead of one per input.
//!
//! # From a function to its sparse Jacobian
//!
//! The 2-D Brusselator (the reaction–diffusion system of
//! DifferentialEquations.jl's sparse-Jacobian tutorial) on an N × N periodic
//! grid has 2N² unknowns, and each equation reads six of them. Written once
//! as a [`VectorFunction`](crate::VectorFunction):
//!
//! ```
//! use gradus::VectorFunction;
//! use gradus::sparse::{SparseJacobian, jacobian_pattern};
//! use num_traits::Float;
//!
//! struct Brusselator {
//!     n: usize,
//! }
//!
//! impl VectorFunction for Brusselator {
//!     fn eval<T: Float>(&self, u: &[T], du: &mut [T]) {
//!         let n = self.n;
//!         let c = |v: f64| T::from(v).unwrap();
//!         let (a, b) = (c(3.4), c(1.0));
//!         let dx = 1.0 / (n as f64 - 1.0);
//!         let alpha = c(10.0 / (dx * dx));
//!         let at = |i: usize, j: usize, k: usize| i + n * j + n * n * k;
//!         for j in 0..n {
//!             for i in 0..n {
//!                 let (ip, im, jp, jm) = ((i + 1) % n, (i + n - 1) % n, (j + 1) % n, (j + n - 1) % n);
//!                 let lap = |k: usize| {
//!                     u[at(im, j, k)] + u[at(ip, j, k)] + u[at(i, jp, k)] + u[at(i, jm, k)]
//!                         - c(4.0) * u[at(i, j, k)]
//!                 };
//!                 let (x, y) = (u[at(i, j, 0)], u[at(i, j, 1)]);
//!                 du[at(i, j, 0)] = alpha * lap(0) + b + x * x * y - (a + T::one()) * x;
//!                 du[at(i, j, 1)] = alpha * lap(1) + a * x - x * x * y;
//!             }
//!         }
//!     }
//! }
//!
//! let f = Brusselator { n: 8 };
//! let n = 2 * 8 * 8; // 128 unknowns, 128 equations
//!
//! // 1. Detect: run f on sparsity tracers (valid for every input).
//! let pattern = jacobian_pattern(&f, n, n);
//! assert_eq!(pattern.nnz(), 6 * n);
//!
//! // 2. Color and prepare, once: 10 colors, so one pass of Dual<f64, 10>
//! //    instead of 128 directions.
//! let mut jac = SparseJacobian::<f64, 10>::from_pattern(pattern);
//! assert_eq!((jac.ncolors(), jac.passes()), (10, 1));
//!
//! // 3. Evaluate, as often as needed, into buffers you own (no allocation).
//! let u: Vec<f64> = (0..n).map(|k| 1.0 + 0.1 * (k as f64).sin()).collect();
//! let mut du = vec![0.0; n];
//! let mut values = vec![0.0; jac.nnz()];
//! jac.eval(&f, &u, &mut du, &mut values);
//!
//! // ∂du[i, j, 0] / ∂u[i − 1, j, 0] = α, and ∂du[0, 0, 1] / ∂u[0, 0, 1] = −4α − u₀².
//! let alpha = 10.0 * 7.0 * 7.0;
//! let k = jac.pattern().position(1, 0).unwrap();
//! assert!((values[k] - alpha).abs() < 1e-12 * alpha);
//! let k = jac.pattern().position(64, 64).unwrap();
//! assert!((values[k] - (-4.0 * alpha - u[0] * u[0])).abs() < 1e-12 * alpha);
//! // CSR arrays: jac.pattern().offsets(), .indices() and `values`; or
//! // jac.pattern().triplets(&values), jac.pattern().to_dense(&values).
//! ```
//!
//! [`SparseJacobian::new`] does steps 1 and 2 in one call; for a Hessian,
//! [`SparseHessian`] does the same with [`hessian_pattern`], a star or
//! acyclic coloring and Hessian-vector products (reverse over forward); for
//! residuals that come in blocks of known variables (bundle adjustment,
//! least squares), [`BlockJacobian`] needs no detection at all.
//!
//! **Detection** ([below](#sparsity-detection)) runs the
//! function on tracers that carry sets of inputs instead of derivatives. A
//! global pattern holds for every input, and a program that branches on a
//! value panics there with what to do; a local one ([`local_jacobian_pattern`],
//! [`SparseJacobian::at`]) follows the branches at a point and is valid
//! there. A pattern is never silently wrong: it may hold an entry that is
//! zero at a point, never miss one that is not.
//!
//! # Sparsity detection
//!
//! Detection runs the program on tracers (operator overloading) that carry,
//! instead of derivatives, the *sets* of inputs (and, for
//! Hessians, of input pairs) each value depends on.
//!
//! A tracer has the numeric surface of every gradus number, so the code
//! that is later differentiated — generic `T: Float` code, a
//! [`Function`](crate::Function) or [`VectorFunction`](crate::VectorFunction)
//! — runs on it unchanged. What each function does to the sets comes from
//! its [`Class`](crate::rules::Class) in the lists of [`rules`](crate::rules)
//! (the same lists that generate every type's surface, so a new function
//! reaches the tracers with its class).
//!
//! ## Global and local
//!
//! The contract: **a sparsity pattern is never silently wrong.**
//!
//! - A **global** detection ([`jacobian_pattern`], [`hessian_pattern`])
//!   knows no values, so its pattern holds for every input. `max`, `min`,
//!   `clamp` and `copysign` are traced conservatively (the union of what
//!   either branch depends on); a program that *reads* a value — a
//!   comparison, `is_nan`, `to_f64`, … — cannot be traced for every input,
//!   and panics there, with a message that says to detect locally.
//!   Branches on the program's own constants are followed: their values are
//!   known.
//! - A **local** detection ([`local_jacobian_pattern`],
//!   [`local_hessian_pattern`]) carries the plain program's value at a point
//!   and takes its branches. Its pattern is valid **at that point**, and near
//!   it where no branch flips; elsewhere the program may depend on more.
//!
//! Both patterns are structural: an entry whose derivative is zero at a
//! point but not identically (∂(x·y)/∂x where y = 0, ∂(x % y)/∂y where
//! |x| < |y|) is in them; an entry that is zero by the function's class
//! (a step function's, `x⁰`'s) is not.
//!
//! ```
//! use gradus::VectorFunction;
//! use gradus::sparse::{jacobian_pattern, local_jacobian_pattern};
//! use num_traits::Float;
//!
//! /// y[i] = x[i]² − x[i+1], y[last] = |x[last]| or the first input, by sign.
//! struct Chain;
//! impl VectorFunction for Chain {
//!     fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
//!         let n = x.len();
//!         for i in 0..n - 1 {
//!             y[i] = x[i].powi(2) - x[i + 1];
//!         }
//!         y[n - 1] = x[n - 1].abs().max(x[0]);
//!     }
//! }
//!
//! let p = jacobian_pattern(&Chain, 4, 4);
//! assert_eq!(p.to_string(), "• • · ·\n· • • ·\n· · • •\n• · · •\n");
//! // At a point where |x3| > x0, the last row depends on x3 only.
//! let q = local_jacobian_pattern(&Chain, &[0.5, 1.0, 1.0, -2.0], 4);
//! assert_eq!(q.row(3), &[3]);
//! ```
//!
//! ## How the sets are stored
//!
//! A tracer is a `Copy` handle (like a [`Var`](crate::Var) of a tape) into
//! a DAG of lazy unions owned by its detector: each binary operation on two
//! tracers adds one 8-byte node (a unary operation, or one with a constant,
//! adds none), and a set is materialized only when the pattern is read, by
//! one walk over the nodes an output reaches. Eager sorted sets would cost a
//! merge per operation and, in an accumulation `s = s + t` over n terms,
//! O(n²) in all; the DAG keeps detection linear in the program's length.
//!
//! # Why color
//!
//! One forward pass computes one Jacobian-vector product J·v. Seeding v with
//! the unit vector eⱼ gives column j, so a dense Jacobian of n inputs takes n
//! passes. But when two columns j and k never have a nonzero in the same row,
//! the single product J·(eⱼ + eₖ) holds both: each row sees at most one of
//! them, and the pattern says which. A **column coloring** gives such
//! *structurally orthogonal* columns one color; then one pass per color — a
//! handful, however large n is — computes the **compressed matrix**
//! B = J·S, S the n × ncolors seed matrix (S\[j\]\[c\] = 1 when column j has
//! color c), and every nonzero is read back from B.
//!
//! A worked example: fᵢ(x) = xᵢ·xᵢ₊₁ for i = 0..4, with 5 inputs. Row i
//! holds columns i and i + 1 only, so even columns never meet even columns,
//! and two colors suffice:
//!
//! ```text
//!       J (4 × 5)              colors    B = J·S (4 × 2)
//!   [ a b · · · ]                        [ a  b ]   B[i][color(j)] = J[i][j]
//!   [ · c d · · ]    0 1 0 1 0           [ d  c ]
//!   [ · · e f · ]                        [ e  f ]
//!   [ · · · g h ]                        [ h  g ]
//! ```
//!
//! Two forward passes instead of five; for a banded or stencil Jacobian of
//! any size the count stays the same. The same works backwards: a **row
//! coloring** takes one reverse pass (vector-Jacobian product) per color,
//! B = Sᵀ·J, which wins when a few dense columns would force many column
//! colors but the rows are sparse.
//!
//! In code, with [`Dual`](crate::Dual) carrying one partial per color:
//!
//! ```
//! use gradus::Dual;
//! use gradus::sparse::{ColumnDecompressor, Decompress, Order, SparsityPattern, column_coloring};
//!
//! fn f<T: num_traits::Float>(x: &[T]) -> Vec<T> {
//!     x.windows(2).map(|w| w[0] * w[1]).collect()
//! }
//!
//! let pattern = SparsityPattern::from_rows(5, (0..4).map(|i| [i, i + 1]));
//! let coloring = column_coloring(&pattern, Order::Natural);
//! assert_eq!(coloring.ncolors(), 2);
//!
//! // Seed input j along its color's direction; one evaluation computes
//! // both columns of B, row-major.
//! let x = [1.0, 2.0, 3.0, 4.0, 5.0];
//! let seeded: Vec<Dual<f64, 2>> = (0..5)
//!     .map(|j| {
//!         let mut d = [0.0; 2];
//!         d[coloring.color(j)] = 1.0;
//!         Dual::new(x[j], d)
//!     })
//!     .collect();
//! let b: Vec<f64> = f(&seeded).iter().flat_map(|y| y.partials()).collect();
//!
//! let decompressor = ColumnDecompressor::new(&pattern, &coloring);
//! let mut values = vec![0.0; pattern.nnz()];
//! decompressor.decompress(&b, &mut values); // no allocation
//! // J[i][i] = x[i+1], J[i][i+1] = x[i]
//! assert_eq!(values, [2.0, 1.0, 3.0, 2.0, 4.0, 3.0, 5.0, 4.0]);
//! ```
//!
//! # Hessians
//!
//! A Hessian is symmetric, and that buys fewer colors: H\[i\]\[j\] may be read
//! from row i *or* row j of B = H·S (one Hessian-vector product per color).
//!
//! | coloring | rule | recovery | 5-point stencil, 100 × 100: natural order, best (optimum) |
//! |---|---|---|---|
//! | [`column_coloring`] | columns sharing a row differ | direct | 7, 7 (5) |
//! | [`star_coloring`] | neighbours differ; every path on 4 vertices has ≥ 3 colors | direct ([`StarDecompressor`]), bit-exact | 5, 5 (5) |
//! | [`acyclic_coloring`] | neighbours differ; every cycle has ≥ 3 colors | substitution ([`AcyclicDecompressor`]), to rounding | 4, 3 (3) |
//!
//! The greedy colorings depend on the [`Order`]; [`best_column_coloring`],
//! [`best_row_coloring`], [`best_star_coloring`] and
//! [`best_acyclic_coloring`] try every order, the colorings of a stricter
//! kind (distance-2 colorings are star colorings, star colorings are
//! acyclic), level-biased greedy and iterated greedy rounds, and keep the
//! fewest colors (the strategy and its cost are below). The
//! prepared objects use them. On the 9-point stencil star coloring ties
//! distance-2 at 9 colors and acyclic needs 6; the 2-D Brusselator at
//! N = 32 needs 10 column colors.
//!
//! ## The best colorings
//!
//! A greedy coloring depends on the order of the visit, and no order wins on
//! every pattern; but colorings are cheap next to the evaluations they save,
//! so the `best_*` functions try them all and keep the fewest colors:
//!
//! 1. every heuristic [`Order`] (natural, largest-first, smallest-last,
//!    incidence-degree, dynamic largest-first);
//! 2. for symmetric colorings, the colorings of a stricter kind, which are
//!    valid for a looser one: a distance-2 coloring (the column coloring of
//!    the pattern with its diagonal) is a star coloring, and a star coloring
//!    is acyclic;
//! 3. iterated greedy rounds (Culberson, "Iterated greedy graph coloring",
//!    1992): recolor in an order that lists the vertices class by class (the
//!    classes of the best coloring so far, in reverse order, by decreasing or
//!    increasing size, or shuffled), keeping a coloring whenever it uses no
//!    more colors. For a plain distance-1 coloring this never adds a color
//!    (each class fits into the first colors free for all of it); for the
//!    star and acyclic colorings it usually holds too, and the best so far is
//!    kept either way.
//!
//! 4. for symmetric colorings, level-biased greedy: vertices in
//!    breadth-first order from a pseudo-peripheral vertex, each taking the
//!    color (level mod k) when it is allowed, for k = 2…5. On meshes the
//!    levels are the wavefronts from a corner, and coloring them cyclically
//!    is the optimal pattern of structured grids ((a + b) mod 3, acyclic, on
//!    the 5-point stencil), which plain greedy orders miss.
//!
//! The cost, in greedy colorings of the pattern: 5 orders and at most 32
//! iterated rounds for a column or row coloring; for a star coloring 5 star
//! orders, 4 level-biased ones, 5 distance-2 ones and at most 32 rounds; for
//! an acyclic coloring that whole star search, 9 acyclic candidates and at
//! most 32 more rounds. Rounds stop after 8 in a row without fewer colors.
//! On a 100 × 100 grid the star search takes about 20 ms and the acyclic
//! one 40 ms (once per pattern; a Hessian evaluation of a function of 10⁴
//! inputs costs more).
//!//!
//! In a star coloring each two-colored connected piece of the graph is a
//! *star* (a hub and its spokes), so H\[hub\]\[spoke\] sits alone in
//! B\[spoke\]\[color(hub)\]. In an acyclic coloring the two-colored pieces are
//! *trees*; a leaf's B entry holds one unknown, and solving leaves first
//! (subtracting what is known) recovers the whole tree. A nonzero diagonal
//! H\[i\]\[i\] is B\[i\]\[color(i)\] in both, since no neighbour shares i's color.
//!
//! # The pieces
//!
//! - Detection: [`jacobian_pattern`], [`local_jacobian_pattern`],
//!   [`hessian_pattern`], [`local_hessian_pattern`], and underneath them
//!   [`JacobianDetector`] / [`HessianDetector`] with their tracers
//!   [`JacobianTracer`] / [`HessianTracer`], for code that is not a
//!   `Function`.
//! - Prepared evaluation: [`SparseJacobian`] ([`JacobianMode`]: forward over
//!   column colors or reverse over row colors), [`SparseHessian`]
//!   ([`HessianMode`]: star or acyclic), [`BlockJacobian`] with
//!   [`BlockFunction`].
//! - [`SparsityPattern`]: an m × n pattern in CSR form; values of a sparse
//!   matrix are slices in its CSR order ([`SparsityPattern::triplets`], and
//!   `to_csr_matrix` for `nalgebra_sparse` with the `nalgebra-sparse`
//!   feature).
//! - [`Order`]: the vertex order of a greedy coloring (natural,
//!   largest-first, smallest-last, incidence-degree, dynamic largest-first,
//!   or given).
//! - [`column_coloring`], [`row_coloring`], [`star_coloring`],
//!   [`acyclic_coloring`] and their `best_*` searches, returning a
//!   [`Coloring`] (colors and groups; seed directions) or one with the stars
//!   / trees ([`StarColoring::new`] and [`AcyclicColoring::new`] build those
//!   for a coloring from elsewhere).
//! - Decompressors ([`ColumnDecompressor`], [`RowDecompressor`],
//!   [`StarDecompressor`], [`AcyclicDecompressor`], all [`Decompress`]):
//!   prepared once, they check the coloring against the pattern and then
//!   recover the values from B into a caller's buffer with no allocation.
//! - [`compress_columns`], [`compress_rows`]: B from known values, as a
//!   reference.
//! - [`is_valid_column_coloring`], [`is_valid_row_coloring`],
//!   [`is_valid_star_coloring`], [`is_valid_acyclic_coloring`]: checkers
//!   written from the definitions.
//!
//! The algorithms follow Gebremedhin, Manne and Pothen, "What color is your
//! Jacobian? Graph coloring for computing derivatives" (SIAM Review, 2005)
//! and Gebremedhin, Tarafdar, Manne and Pothen, "New acyclic and star
//! coloring algorithms with application to computing Hessians" (SIAM J. Sci.
//! Comput., 2007), as does the Julia package SparseMatrixColorings.jl.

mod block;
mod coloring;
#[cfg(feature = "nalgebra-sparse")]
mod csr;
mod graph;
mod hessian;
mod jacobian;
mod order;
mod pattern;
mod recovery;
mod search;
mod tracer;
mod validate;

pub use block::{BlockFunction, BlockJacobian};
pub use coloring::{
    AcyclicColoring, Coloring, StarColoring, acyclic_coloring, column_coloring, row_coloring,
    star_coloring,
};
pub use hessian::{HessianMode, SparseHessian};
pub use jacobian::{JacobianMode, SparseJacobian};
pub use order::Order;
pub use pattern::SparsityPattern;
pub use recovery::{
    AcyclicDecompressor, ColumnDecompressor, Decompress, RowDecompressor, StarDecompressor,
    compress_columns, compress_rows,
};
pub use search::{
    best_acyclic_coloring, best_column_coloring, best_row_coloring, best_star_coloring,
};
pub use tracer::{
    HessianDetector, HessianTracer, JacobianDetector, JacobianTracer, hessian_pattern,
    jacobian_pattern, local_hessian_pattern, local_jacobian_pattern,
};
pub use validate::{
    is_valid_acyclic_coloring, is_valid_column_coloring, is_valid_row_coloring,
    is_valid_star_coloring,
};
