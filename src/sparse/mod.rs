//! Sparse Jacobians and Hessians: sparsity patterns, colorings, and recovery
//! from compressed matrices.
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
//! | coloring | rule | recovery | 5-point stencil, 100 × 100 (optimum) |
//! |---|---|---|---|
//! | [`column_coloring`] | columns sharing a row differ | direct | 7 (5) |
//! | [`star_coloring`] | neighbours differ; every path on 4 vertices has ≥ 3 colors | direct ([`StarDecompressor`]), bit-exact | 5 (5) |
//! | [`acyclic_coloring`] | neighbours differ; every cycle has ≥ 3 colors | substitution ([`AcyclicDecompressor`]), to rounding | 4 (3) |
//!
//! (Natural order; the greedy colorings depend on the [`Order`], and an
//! order that lists the classes of an optimal coloring one after the other
//! reaches the optimum.)
//!
//! In a star coloring each two-colored connected piece of the graph is a
//! *star* (a hub and its spokes), so H\[hub\]\[spoke\] sits alone in
//! B\[spoke\]\[color(hub)\]. In an acyclic coloring the two-colored pieces are
//! *trees*; a leaf's B entry holds one unknown, and solving leaves first
//! (subtracting what is known) recovers the whole tree. A nonzero diagonal
//! H\[i\]\[i\] is B\[i\]\[color(i)\] in both, since no neighbour shares i's color.
//!
//! # The pieces
//!
//! - [`SparsityPattern`]: an m × n pattern in CSR form; values of a sparse
//!   matrix are slices in its CSR order.
//! - [`Order`]: the vertex order of a greedy coloring (natural,
//!   largest-first, smallest-last, incidence-degree, dynamic largest-first,
//!   or given).
//! - [`column_coloring`], [`row_coloring`], [`star_coloring`],
//!   [`acyclic_coloring`], returning a [`Coloring`] (colors and groups;
//!   seed directions) or one with the stars / trees.
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
