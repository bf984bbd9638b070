//! [`BlockJacobian`]: the Jacobian of residuals that come in blocks, each
//! depending on a known small set of variables (bundle adjustment, most
//! least-squares problems), evaluated block by block with `Dual<T, K>`.

use super::pattern::SparsityPattern;
use crate::Dual;
use num_traits::Float;

/// Residuals in blocks: block `b` has a few rows and depends on a few of the
/// variables, given when the [`BlockJacobian`] is prepared.
///
/// `eval_block` receives the block's variables *in the order they were
/// listed for it* and writes the block's residuals; as with
/// [`Function`](crate::Function), it is written once, generic over the
/// number type.
pub trait BlockFunction {
    /// Writes the residuals of block `block` (as many as it has rows) into
    /// `out`, from its variables `x`.
    fn eval_block<T: Float>(&self, block: usize, x: &[T], out: &mut [T]);
}

impl<F: BlockFunction + ?Sized> BlockFunction for &F {
    #[inline(always)]
    fn eval_block<T: Float>(&self, block: usize, x: &[T], out: &mut [T]) {
        (**self).eval_block(block, x, out)
    }
}

#[derive(Clone, Copy, Debug)]
struct Block {
    first_row: usize,
    rows: usize,
    /// Start of its variables in `vars` (and of its positions, × rows).
    vars_start: usize,
    nvars: usize,
    positions_start: usize,
}

/// The sparse Jacobian of block residuals, prepared once from the blocks'
/// variable lists: its CSR pattern is known from them (row r of block b
/// holds b's variables), and [`eval`](Self::eval) evaluates each block on
/// `Dual<T, K>` seeded with its own variables (⌈variables / K⌉ passes per
/// block, one when K covers the largest block) and writes the residuals
/// and the values, with **no allocation**.
///
/// No detection and no coloring: the structure is given, and each block
/// costs the evaluation of that block alone, at the width of its own
/// variables. A bundle adjustment with 2-row reprojection blocks of 15
/// variables (a camera's 11 and a point's 3, and a weight) takes
/// `BlockJacobian<f64, 15>`: one pass of `Dual<f64, 15>` per observation.
///
/// ```
/// use gradus::sparse::{BlockFunction, BlockJacobian};
/// use num_traits::Float;
///
/// /// Block b: the residual x[b]·x[b+1] − 1 and x[b] − x[b+1]² (two rows).
/// struct Links;
/// impl BlockFunction for Links {
///     fn eval_block<T: Float>(&self, _b: usize, x: &[T], out: &mut [T]) {
///         out[0] = x[0] * x[1] - T::one();
///         out[1] = x[0] - x[1] * x[1];
///     }
/// }
///
/// let blocks = (0..3).map(|b| (2, [b, b + 1]));
/// let mut jac = BlockJacobian::<f64, 2>::new(4, blocks);
/// assert_eq!(jac.pattern().shape(), (6, 4));
/// let x = [1.0, 2.0, 3.0, 4.0];
/// let (mut r, mut values) = (vec![0.0; 6], vec![0.0; jac.nnz()]);
/// jac.eval(&Links, &x, &mut r, &mut values);
/// assert_eq!(r[0], 1.0); // 1·2 − 1
/// assert_eq!(&values[..4], &[2.0, 1.0, 1.0, -4.0]); // rows 0 and 1 of block 0
/// ```
pub struct BlockJacobian<T: Float, const K: usize> {
    pattern: SparsityPattern,
    blocks: Vec<Block>,
    vars: Vec<usize>,
    /// For each block, rows × variables CSR positions, row-major.
    positions: Vec<usize>,
    xs: Vec<Dual<T, K>>,
    ys: Vec<Dual<T, K>>,
}

impl<T: Float, const K: usize> core::fmt::Debug for BlockJacobian<T, K> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BlockJacobian")
            .field("shape", &self.pattern.shape())
            .field("nnz", &self.pattern.nnz())
            .field("blocks", &self.blocks.len())
            .finish()
    }
}

impl<T: Float, const K: usize> BlockJacobian<T, K> {
    /// Prepares the Jacobian of `nvars` variables and the given blocks, each
    /// `(rows, variables)`: block b's residuals are the next `rows` rows
    /// (blocks in order), and depend on the listed variables, passed to
    /// [`BlockFunction::eval_block`] in that order.
    ///
    /// # Panics
    /// If a variable index is `nvars` or more, a block lists a variable
    /// twice, or `K` is 0.
    pub fn new<I, V>(nvars: usize, blocks: I) -> Self
    where
        I: IntoIterator<Item = (usize, V)>,
        V: AsRef<[usize]>,
    {
        assert!(
            K > 0,
            "BlockJacobian: K = 0 partial slots per pass; use K ≥ 1 (the largest block's variable count)"
        );
        let mut list = Vec::new();
        let mut vars = Vec::new();
        let mut rows = Vec::new();
        let mut first_row = 0;
        let mut seen = vec![usize::MAX; nvars];
        let mut widest = 0;
        let mut tallest = 0;
        for (b, (nrows, v)) in blocks.into_iter().enumerate() {
            let v = v.as_ref();
            for &j in v {
                assert!(
                    j < nvars,
                    "BlockJacobian::new: block {b} lists variable {j}, but there are {nvars} variables (indices 0..{nvars})"
                );
                assert!(
                    seen[j] != b,
                    "BlockJacobian::new: block {b} lists variable {j} twice; list each variable once"
                );
                seen[j] = b;
            }
            let mut sorted = v.to_vec();
            sorted.sort_unstable();
            for _ in 0..nrows {
                rows.push(sorted.clone());
            }
            list.push(Block {
                first_row,
                rows: nrows,
                vars_start: vars.len(),
                nvars: v.len(),
                positions_start: 0,
            });
            vars.extend_from_slice(v);
            first_row += nrows;
            widest = widest.max(v.len());
            tallest = tallest.max(nrows);
        }
        let pattern = SparsityPattern::from_rows(nvars, rows);
        let mut positions = Vec::new();
        for block in &mut list {
            block.positions_start = positions.len();
            let v = &vars[block.vars_start..block.vars_start + block.nvars];
            for r in 0..block.rows {
                for &j in v {
                    positions.push(
                        pattern
                            .position(block.first_row + r, j)
                            .expect("each row holds its block's variables"),
                    );
                }
            }
        }
        BlockJacobian {
            pattern,
            blocks: list,
            vars,
            positions,
            xs: vec![Dual::constant(T::zero()); widest],
            ys: vec![Dual::constant(T::zero()); tallest],
        }
    }

    /// The pattern (all blocks' rows, in order); the values are in its CSR
    /// order.
    pub fn pattern(&self) -> &SparsityPattern {
        &self.pattern
    }

    /// The number of nonzeros: the length of the value buffer.
    pub fn nnz(&self) -> usize {
        self.pattern.nnz()
    }

    /// The number of blocks.
    pub fn nblocks(&self) -> usize {
        self.blocks.len()
    }

    /// The rows of block `b`.
    ///
    /// # Panics
    /// If `b` is not a block.
    pub fn rows(&self, b: usize) -> core::ops::Range<usize> {
        let block = self.blocks[b];
        block.first_row..block.first_row + block.rows
    }

    /// The variables of block `b`, in the order given.
    ///
    /// # Panics
    /// If `b` is not a block.
    pub fn variables(&self, b: usize) -> &[usize] {
        let block = self.blocks[b];
        &self.vars[block.vars_start..block.vars_start + block.nvars]
    }

    /// Computes every block's residuals into `residuals` and the nonzeros of
    /// the Jacobian (CSR order of [`pattern`](Self::pattern)) into `values`.
    /// Allocates nothing.
    ///
    /// # Panics
    /// If `x`, `residuals` or `values` does not have the length of the
    /// variables, the rows or the nonzeros.
    pub fn eval<F: BlockFunction>(&mut self, f: F, x: &[T], residuals: &mut [T], values: &mut [T]) {
        let (m, n) = self.pattern.shape();
        assert_eq!(
            x.len(),
            n,
            "BlockJacobian::eval: x has {} entries, but the blocks were prepared for {n} variables",
            x.len()
        );
        assert_eq!(
            residuals.len(),
            m,
            "BlockJacobian::eval: residuals has {} entries, the blocks have {m} rows",
            residuals.len()
        );
        assert_eq!(
            values.len(),
            self.pattern.nnz(),
            "BlockJacobian::eval: the value buffer has {} entries, the pattern has {} nonzeros (use vec![0.0; jac.nnz()])",
            values.len(),
            self.pattern.nnz()
        );
        for (b, block) in self.blocks.iter().enumerate() {
            let vars = &self.vars[block.vars_start..block.vars_start + block.nvars];
            let xs = &mut self.xs[..block.nvars];
            let ys = &mut self.ys[..block.rows];
            let positions = &self.positions
                [block.positions_start..block.positions_start + block.rows * block.nvars];
            for pass in 0..block.nvars.div_ceil(K).max(1) {
                let lo = pass * K;
                for (k, (d, &j)) in xs.iter_mut().zip(vars).enumerate() {
                    let mut seed = [T::zero(); K];
                    if (lo..lo + K).contains(&k) {
                        seed[k - lo] = T::one();
                    }
                    *d = Dual::new(x[j], seed);
                }
                ys.fill(Dual::constant(T::zero()));
                f.eval_block(b, xs, ys);
                if pass == 0 {
                    for (r, d) in residuals[block.first_row..block.first_row + block.rows]
                        .iter_mut()
                        .zip(ys.iter())
                    {
                        *r = d.value();
                    }
                }
                let hi = (lo + K).min(block.nvars);
                for (r, d) in ys.iter().enumerate() {
                    let slots = d.partials();
                    let at = &positions[r * block.nvars..(r + 1) * block.nvars];
                    for k in lo..hi {
                        values[at[k]] = slots[k - lo];
                    }
                }
            }
        }
    }
}
