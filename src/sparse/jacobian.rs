//! [`SparseJacobian`]: a Jacobian's pattern detected and colored once, then
//! evaluated many times by compressed forward or reverse passes, with no
//! allocation per evaluation.

use super::coloring::Coloring;
use super::pattern::SparsityPattern;
use super::recovery::{Decompress, RowDecompressor};
use super::search::{best_column_coloring, best_row_coloring};
use super::tracer::{jacobian_pattern, local_jacobian_pattern};
use crate::{Dual, Tape, Var, VectorFunction};
use num_traits::Float;

/// How a [`SparseJacobian`] computes the compressed Jacobian.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JacobianMode {
    /// Forward passes over the column colors: each pass evaluates the
    /// function once on `Dual<T, C>` seeded with C colors, B = J·S.
    Forward,
    /// Reverse passes over the row colors: one recording on a reused
    /// [`Tape`], then one vector-Jacobian product per row color, B = Sᵀ·J.
    Reverse,
}

/// A sparse Jacobian of one function, prepared once: its pattern (detected
/// or given), a coloring, and the work buffers; then
/// [`eval`](Self::eval) computes f(x) and every nonzero of J(x), in the
/// pattern's CSR order, into the caller's buffers, **without allocating**.
///
/// In [`Forward`](JacobianMode::Forward) mode a pass runs the function on
/// `Dual<T, C>`, each partial slot seeded with one color of the columns
/// (the columns of one color share no row), so ⌈colors / C⌉ passes compute
/// the compressed Jacobian, and every nonzero is read directly from it:
/// J\[i\]\[j\] is slot color(j) of output i, the very number a dense forward
/// pass computes. Choose `C` near the number of colors (print
/// [`ncolors`](Self::ncolors) once): a wider dual wastes its empty slots, a
/// narrower one makes more passes. In [`Reverse`](JacobianMode::Reverse)
/// mode the function is recorded once on a [`Tape`] and swept once per row
/// color (rows of one color share no column); it wins when a few dense
/// columns would need many column colors but every row is short.
///
/// ```
/// use gradus::VectorFunction;
/// use gradus::sparse::SparseJacobian;
/// use num_traits::Float;
///
/// /// A chain of n oscillators, each coupled to its neighbours.
/// struct Chain;
/// impl VectorFunction for Chain {
///     fn eval<T: Float>(&self, x: &[T], y: &mut [T]) {
///         let n = x.len();
///         for i in 0..n {
///             let left = if i > 0 { x[i - 1] } else { T::zero() };
///             let right = if i + 1 < n { x[i + 1] } else { T::zero() };
///             y[i] = x[i].sin() + (left - x[i]) * (right - x[i]);
///         }
///     }
/// }
///
/// let n = 1000;
/// let mut jac = SparseJacobian::<f64, 3>::new(&Chain, n, n); // detect + color
/// assert_eq!(jac.ncolors(), 3); // tridiagonal: 3 passes' worth, not 1000
/// let x: Vec<f64> = (0..n).map(|i| (i as f64).sin()).collect();
/// let mut y = vec![0.0; n];
/// let mut values = vec![0.0; jac.nnz()];
/// jac.eval(&Chain, &x, &mut y, &mut values); // no allocation
///
/// // The same numbers as a dense forward pass along e₁ (column 1).
/// let seeded: Vec<gradus::Dual<f64, 1>> = (0..n)
///     .map(|j| gradus::Dual::new(x[j], [if j == 1 { 1.0 } else { 0.0 }]))
///     .collect();
/// let mut out = vec![gradus::Dual::constant(0.0); n];
/// Chain.eval(&seeded, &mut out);
/// for i in 0..3 {
///     let k = jac.pattern().position(i, 1).unwrap();
///     assert_eq!(values[k], out[i].partials()[0]);
/// }
/// ```
pub struct SparseJacobian<T: Float, const C: usize = 8> {
    pattern: SparsityPattern,
    coloring: Coloring,
    work: Work<T, C>,
}

enum Work<T: Float, const C: usize> {
    Forward {
        /// For each nonzero (CSR order), the color of its column.
        color_at: Vec<usize>,
        xs: Vec<Dual<T, C>>,
        ys: Vec<Dual<T, C>>,
    },
    Reverse {
        // Boxed: the tape is much larger than the forward variant.
        tape: Box<Tape<T>>,
        xs: Vec<Spare<T>>,
        ys: Vec<Spare<T>>,
        weights: Vec<T>,
        compressed: Vec<T>,
        decompressor: RowDecompressor,
    },
}

impl<T: Float, const C: usize> core::fmt::Debug for SparseJacobian<T, C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SparseJacobian")
            .field("shape", &self.pattern.shape())
            .field("nnz", &self.pattern.nnz())
            .field("mode", &self.mode())
            .field("ncolors", &self.ncolors())
            .finish()
    }
}

impl<T: Float, const C: usize> SparseJacobian<T, C> {
    /// Detects the m × n pattern of `f` globally (valid for every input, see
    /// [`jacobian_pattern`]), colors it and prepares the evaluation, in the
    /// cheaper mode (see [`from_pattern`](Self::from_pattern)).
    ///
    /// # Panics
    /// If `f` compares input-dependent values (global detection cannot
    /// follow a branch; the message says to use [`at`](Self::at)), or `C`
    /// is 0.
    pub fn new<F: VectorFunction>(f: F, n: usize, m: usize) -> Self {
        Self::from_pattern(jacobian_pattern(f, n, m))
    }

    /// Detects the pattern of `f` locally at `x` (valid at `x` and near it
    /// while no branch of `f` flips, see [`local_jacobian_pattern`]), colors
    /// it and prepares the evaluation. Evaluating at points where `f` takes
    /// other branches may miss entries: detect again there, or globally.
    pub fn at<F: VectorFunction>(f: F, x: &[T], m: usize) -> Self {
        Self::from_pattern(local_jacobian_pattern(f, x, m))
    }

    /// Prepares the evaluation for a known pattern, in the cheaper mode: it
    /// colors the columns and the rows ([`best_column_coloring`],
    /// [`best_row_coloring`]) and takes reverse mode when
    /// 2 · (row colors + 1) < column colors (a reverse pass costs about two
    /// forward directions, and the recording one more).
    ///
    /// # Panics
    /// If `C` is 0.
    pub fn from_pattern(pattern: SparsityPattern) -> Self {
        let columns = best_column_coloring(&pattern);
        let rows = best_row_coloring(&pattern);
        if 2 * (rows.ncolors() + 1) < columns.ncolors() {
            Self::with_coloring(pattern, rows, JacobianMode::Reverse)
        } else {
            Self::with_coloring(pattern, columns, JacobianMode::Forward)
        }
    }

    /// Prepares the evaluation for a known pattern in the given mode, with
    /// the best coloring of its columns (forward) or rows (reverse).
    ///
    /// # Panics
    /// If `C` is 0.
    pub fn from_pattern_in(pattern: SparsityPattern, mode: JacobianMode) -> Self {
        let coloring = match mode {
            JacobianMode::Forward => best_column_coloring(&pattern),
            JacobianMode::Reverse => best_row_coloring(&pattern),
        };
        Self::with_coloring(pattern, coloring, mode)
    }

    /// Prepares the evaluation with a given coloring: of the columns in
    /// forward mode, of the rows in reverse mode.
    ///
    /// # Panics
    /// If the coloring is not valid for the pattern (it has not one color
    /// per column, or per row, or two columns sharing a row — rows sharing
    /// a column — have one color), or `C` is 0.
    pub fn with_coloring(pattern: SparsityPattern, coloring: Coloring, mode: JacobianMode) -> Self {
        assert!(
            C > 0,
            "SparseJacobian: C = 0 partial slots per pass; use C ≥ 1 (near the number of colors)"
        );
        let (m, n) = pattern.shape();
        let work = match mode {
            JacobianMode::Forward => {
                // Validates the coloring, with the message that says why not.
                drop(super::ColumnDecompressor::new(&pattern, &coloring));
                let colors = coloring.colors();
                Work::Forward {
                    color_at: pattern.indices().iter().map(|&j| colors[j]).collect(),
                    xs: vec![Dual::constant(T::zero()); n],
                    ys: vec![Dual::constant(T::zero()); m],
                }
            }
            JacobianMode::Reverse => {
                let decompressor = RowDecompressor::new(&pattern, &coloring);
                Work::Reverse {
                    tape: Box::new(Tape::new()),
                    xs: Vec::with_capacity(n),
                    ys: Vec::with_capacity(m),
                    weights: vec![T::zero(); m],
                    compressed: vec![T::zero(); coloring.ncolors() * n],
                    decompressor,
                }
            }
        };
        SparseJacobian {
            pattern,
            coloring,
            work,
        }
    }

    /// The m × n pattern; the values are in its CSR order.
    pub fn pattern(&self) -> &SparsityPattern {
        &self.pattern
    }

    /// The number of nonzeros: the length of the value buffer.
    pub fn nnz(&self) -> usize {
        self.pattern.nnz()
    }

    /// The coloring in use (of the columns in forward mode, of the rows in
    /// reverse mode).
    pub fn coloring(&self) -> &Coloring {
        &self.coloring
    }

    /// The number of colors: seed directions per evaluation.
    pub fn ncolors(&self) -> usize {
        self.coloring.ncolors()
    }

    /// The mode in use.
    pub fn mode(&self) -> JacobianMode {
        match self.work {
            Work::Forward { .. } => JacobianMode::Forward,
            Work::Reverse { .. } => JacobianMode::Reverse,
        }
    }

    /// The evaluations of `f` per call: ⌈colors / C⌉ forward passes (at
    /// least one), or one recording (swept once per color) in reverse mode.
    pub fn passes(&self) -> usize {
        match self.work {
            Work::Forward { .. } => self.ncolors().div_ceil(C).max(1),
            Work::Reverse { .. } => 1,
        }
    }

    /// Computes y = f(x) and the nonzeros of the Jacobian at `x` (CSR order
    /// of [`pattern`](Self::pattern)) into `values`. After the first call it
    /// allocates nothing (reverse mode: once the tape has grown to the
    /// function's size).
    ///
    /// `f` must be the function the pattern was detected for (or one with
    /// the same or a smaller pattern): a dependency outside the pattern
    /// would be added to another entry's value.
    ///
    /// # Panics
    /// If `x`, `y` or `values` does not have the length of the pattern's
    /// columns, rows or nonzeros.
    pub fn eval<F: VectorFunction>(&mut self, f: F, x: &[T], y: &mut [T], values: &mut [T]) {
        self.check(x, Some(y.len()), values.len());
        self.run(f, x, Some(y), values);
    }

    /// The nonzeros of the Jacobian at `x` into `values`, as
    /// [`eval`](Self::eval) without the outputs.
    ///
    /// # Panics
    /// If `x` or `values` does not have the length of the pattern's columns
    /// or nonzeros.
    pub fn jacobian<F: VectorFunction>(&mut self, f: F, x: &[T], values: &mut [T]) {
        self.check(x, None, values.len());
        self.run(f, x, None, values);
    }

    fn check(&self, x: &[T], y: Option<usize>, values: usize) {
        let (m, n) = self.pattern.shape();
        assert_eq!(
            x.len(),
            n,
            "SparseJacobian: x has {} entries, but the Jacobian was prepared for a function of {n} inputs",
            x.len()
        );
        if let Some(y) = y {
            assert_eq!(
                y, m,
                "SparseJacobian: y has {y} entries, but the Jacobian was prepared for a function of {m} outputs"
            );
        }
        assert_eq!(
            values,
            self.pattern.nnz(),
            "SparseJacobian: the value buffer has {values} entries, the pattern has {} nonzeros (use vec![0.0; jac.nnz()])",
            self.pattern.nnz()
        );
    }

    fn run<F: VectorFunction>(&mut self, f: F, x: &[T], mut y: Option<&mut [T]>, values: &mut [T]) {
        let colors = self.coloring.colors();
        let nc = self.coloring.ncolors();
        match &mut self.work {
            Work::Forward { color_at, xs, ys } => {
                for pass in 0..nc.div_ceil(C).max(1) {
                    let lo = pass * C;
                    for ((d, &xj), &c) in xs.iter_mut().zip(x).zip(colors) {
                        let mut seed = [T::zero(); C];
                        if (lo..lo + C).contains(&c) {
                            seed[c - lo] = T::one();
                        }
                        *d = Dual::new(xj, seed);
                    }
                    ys.fill(Dual::constant(T::zero()));
                    f.eval(xs, ys);
                    if pass == 0
                        && let Some(y) = y.as_deref_mut()
                    {
                        for (yi, d) in y.iter_mut().zip(ys.iter()) {
                            *yi = d.value();
                        }
                    }
                    let offsets = self.pattern.offsets();
                    for (i, d) in ys.iter().enumerate() {
                        let slots = d.partials();
                        for k in offsets[i]..offsets[i + 1] {
                            let c = color_at[k];
                            if (lo..lo + C).contains(&c) {
                                values[k] = slots[c - lo];
                            }
                        }
                    }
                }
            }
            Work::Reverse {
                tape,
                xs,
                ys,
                weights,
                compressed,
                decompressor,
            } => {
                tape.clear();
                let tape: &Tape<T> = tape;
                let m = weights.len();
                let n = x.len();
                let mut vx: Vec<Var<'_, T>> = recycle(core::mem::take(xs));
                let mut vy: Vec<Var<'_, T>> = recycle(core::mem::take(ys));
                tape.vars_into(x, &mut vx);
                vy.resize(m, Var::constant(T::zero()));
                f.eval(&vx, &mut vy);
                if let Some(y) = y {
                    for (yi, v) in y.iter_mut().zip(&vy) {
                        *yi = v.value();
                    }
                }
                for (c, row) in compressed.chunks_exact_mut(n.max(1)).enumerate().take(nc) {
                    for (w, &ci) in weights.iter_mut().zip(colors) {
                        *w = if ci == c { T::one() } else { T::zero() };
                    }
                    tape.vjp(&vy, weights).wrt_into(&vx, &mut row[..n]);
                }
                decompressor.decompress(compressed, values);
                *xs = recycle(vx);
                *ys = recycle(vy);
            }
        }
    }
}

/// The storage of a [`Var`] without its lifetime, to keep a buffer of
/// variables across recordings (the allocation is reused by [`recycle`]).
#[allow(dead_code)] // never read: only its size and alignment matter
pub(crate) struct Spare<T>(T, T, u32, Option<&'static u8>);

/// An empty vector of another element type of the same size and alignment,
/// reusing the allocation of `v` (the standard library collects in place).
pub(crate) fn recycle<A, B>(mut v: Vec<A>) -> Vec<B> {
    const {
        assert!(
            core::mem::size_of::<A>() == core::mem::size_of::<B>()
                && core::mem::align_of::<A>() == core::mem::align_of::<B>(),
            "recycle: the element types must have the same size and alignment"
        )
    };
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}
