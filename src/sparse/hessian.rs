//! [`SparseHessian`]: a Hessian's pattern detected and colored once, then
//! evaluated many times by Hessian-vector products over the colors (reverse
//! over forward, one recording per C colors), with no allocation per
//! evaluation.

use super::coloring::{AcyclicColoring, Coloring, StarColoring};
use super::jacobian::{Spare, recycle};
use super::pattern::SparsityPattern;
use super::recovery::{AcyclicDecompressor, Decompress, StarDecompressor};
use super::search::{best_acyclic_coloring, best_star_coloring};
use super::tracer::{hessian_pattern, local_hessian_pattern};
use crate::{Dual, Function, Tape, Var};
use num_traits::Float;

/// How a [`SparseHessian`] recovers the Hessian from H·S.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HessianMode {
    /// A star coloring: every entry is read directly from H·S, bit for bit
    /// the number a dense Hessian-vector product computes.
    Star,
    /// An acyclic coloring (fewer colors): entries are solved by
    /// substitution along two-colored trees, exact to rounding.
    Acyclic,
}

enum Recovery {
    Star(StarDecompressor),
    Acyclic(AcyclicDecompressor),
}

/// A sparse Hessian of one function, prepared once: its symmetric pattern
/// (detected or given), a star or acyclic coloring, a reused tape and work
/// buffers; then [`eval`](Self::eval) computes f(x), ∇f(x) and every
/// nonzero of ∇²f(x), in the pattern's CSR order, **without allocating**.
///
/// Each recording runs the function once on `Var<'t, Dual<T, C>>`, the
/// inputs seeded along C color directions (the sum of the unit vectors of
/// each color's variables), and one backward sweep of dual adjoints gives
/// ∇f and H·S for those C colors at once (reverse over forward: the cost of
/// a gradient on C-wide duals, whatever n is). ⌈colors / C⌉ recordings
/// compute B = H·S, and the decompressor recovers H. Choose `C` near the
/// number of colors (print [`ncolors`](Self::ncolors) once).
///
/// ```
/// use gradus::Function;
/// use gradus::sparse::SparseHessian;
/// use num_traits::Float;
///
/// /// A discretised nonlinear energy on an n × n grid: Σ over edges of
/// /// cosh(u − v) plus Σ u⁴: the 5-point stencil.
/// struct Energy(usize);
/// impl Function for Energy {
///     fn eval<T: Float>(&self, u: &[T]) -> T {
///         let n = self.0;
///         let mut e = T::zero();
///         for a in 0..n {
///             for b in 0..n {
///                 let p = a * n + b;
///                 e = e + u[p].powi(4);
///                 if a + 1 < n { e = e + (u[p] - u[p + n]).cosh(); }
///                 if b + 1 < n { e = e + (u[p] - u[p + 1]).cosh(); }
///             }
///         }
///         e
///     }
/// }
///
/// let f = Energy(20);
/// let mut h = SparseHessian::<f64, 3>::new(&f, 400);
/// assert_eq!(h.ncolors(), 3); // acyclic: three Hessian-vector products
/// let x: Vec<f64> = (0..400).map(|i| (i as f64 * 0.1).sin()).collect();
/// let mut grad = vec![0.0; 400];
/// let mut values = vec![0.0; h.nnz()];
/// let fx = h.eval(&f, &x, &mut grad, &mut values);
/// assert_eq!(fx, f.eval(&x));
/// // H[0][1] = −cosh(u0 − u1)
/// let k = h.pattern().position(0, 1).unwrap();
/// assert!((values[k] + (x[0] - x[1]).cosh()).abs() < 1e-12);
/// ```
pub struct SparseHessian<T: Float, const C: usize = 4> {
    pattern: SparsityPattern,
    coloring: Coloring,
    recovery: Recovery,
    tape: Tape<Dual<T, C>>,
    spare: Vec<Spare<Dual<T, C>>>,
    seeds: Vec<Dual<T, C>>,
    adjoints: Vec<Dual<T, C>>,
    compressed: Vec<T>,
}

impl<T: Float, const C: usize> core::fmt::Debug for SparseHessian<T, C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SparseHessian")
            .field("n", &self.pattern.nrows())
            .field("nnz", &self.pattern.nnz())
            .field("mode", &self.mode())
            .field("ncolors", &self.ncolors())
            .finish()
    }
}

impl<T: Float, const C: usize> SparseHessian<T, C> {
    /// Detects the Hessian pattern of `f` (n inputs) globally (valid for
    /// every input, see [`hessian_pattern`]), colors it and prepares the
    /// evaluation (see [`from_pattern`](Self::from_pattern) for the choice
    /// of coloring).
    ///
    /// # Panics
    /// If `f` compares input-dependent values (the message says to use
    /// [`at`](Self::at)), or `C` is 0.
    pub fn new<F: Function>(f: F, n: usize) -> Self {
        Self::from_pattern(hessian_pattern(f, n))
    }

    /// Detects the Hessian pattern of `f` locally at `x` (valid at `x` and
    /// near it while no branch of `f` flips, see [`local_hessian_pattern`])
    /// and prepares the evaluation.
    pub fn at<F: Function>(f: F, x: &[T]) -> Self {
        Self::from_pattern(local_hessian_pattern(f, x))
    }

    /// Prepares the evaluation for a known symmetric pattern. It computes
    /// the best star and acyclic colorings ([`best_star_coloring`],
    /// [`best_acyclic_coloring`]) and takes the acyclic one only when it
    /// needs fewer recordings (⌈colors / C⌉); otherwise the star coloring,
    /// whose recovery is direct and bit-exact.
    ///
    /// # Panics
    /// If the pattern is not symmetric ([`SparsityPattern::symmetrize`]
    /// makes it so), or `C` is 0.
    pub fn from_pattern(pattern: SparsityPattern) -> Self {
        let star = best_star_coloring(&pattern);
        let acyclic = best_acyclic_coloring(&pattern);
        if acyclic.ncolors().div_ceil(C.max(1)) < star.ncolors().div_ceil(C.max(1)) {
            Self::with_acyclic(pattern, acyclic)
        } else {
            Self::with_star(pattern, star)
        }
    }

    /// Prepares the evaluation for a known symmetric pattern with the best
    /// coloring of the given kind.
    ///
    /// # Panics
    /// As [`from_pattern`](Self::from_pattern).
    pub fn from_pattern_in(pattern: SparsityPattern, mode: HessianMode) -> Self {
        match mode {
            HessianMode::Star => {
                let star = best_star_coloring(&pattern);
                Self::with_star(pattern, star)
            }
            HessianMode::Acyclic => {
                let acyclic = best_acyclic_coloring(&pattern);
                Self::with_acyclic(pattern, acyclic)
            }
        }
    }

    /// Prepares the evaluation with a given star coloring of the pattern.
    ///
    /// # Panics
    /// If the coloring is not a star coloring of this pattern (see
    /// [`StarDecompressor::new`]), or `C` is 0.
    pub fn with_star(pattern: SparsityPattern, star: StarColoring) -> Self {
        let recovery = Recovery::Star(StarDecompressor::new(&pattern, &star));
        Self::build(pattern, star.into_coloring(), recovery)
    }

    /// Prepares the evaluation with a given acyclic coloring of the pattern.
    ///
    /// # Panics
    /// If the coloring is not an acyclic coloring of this pattern (see
    /// [`AcyclicDecompressor::new`]), or `C` is 0.
    pub fn with_acyclic(pattern: SparsityPattern, acyclic: AcyclicColoring) -> Self {
        let recovery = Recovery::Acyclic(AcyclicDecompressor::new(&pattern, &acyclic));
        Self::build(pattern, acyclic.into_coloring(), recovery)
    }

    fn build(pattern: SparsityPattern, coloring: Coloring, recovery: Recovery) -> Self {
        assert!(
            C > 0,
            "SparseHessian: C = 0 partial slots per recording; use C ≥ 1 (near the number of colors)"
        );
        let n = pattern.nrows();
        SparseHessian {
            compressed: vec![T::zero(); n * coloring.ncolors()],
            pattern,
            coloring,
            recovery,
            tape: Tape::new(),
            spare: Vec::with_capacity(n),
            seeds: vec![Dual::constant(T::zero()); n],
            adjoints: vec![Dual::constant(T::zero()); n],
        }
    }

    /// The n × n symmetric pattern; the values are in its CSR order.
    pub fn pattern(&self) -> &SparsityPattern {
        &self.pattern
    }

    /// The number of nonzeros: the length of the value buffer.
    pub fn nnz(&self) -> usize {
        self.pattern.nnz()
    }

    /// The coloring of the variables in use.
    pub fn coloring(&self) -> &Coloring {
        &self.coloring
    }

    /// The number of colors: Hessian-vector products per evaluation.
    pub fn ncolors(&self) -> usize {
        self.coloring.ncolors()
    }

    /// The kind of coloring in use.
    pub fn mode(&self) -> HessianMode {
        match self.recovery {
            Recovery::Star(_) => HessianMode::Star,
            Recovery::Acyclic(_) => HessianMode::Acyclic,
        }
    }

    /// The recordings of `f` per call: ⌈colors / C⌉, at least one.
    pub fn passes(&self) -> usize {
        self.ncolors().div_ceil(C).max(1)
    }

    /// Computes f(x), writes ∇f(x) into `grad` and the nonzeros of ∇²f(x)
    /// (CSR order of [`pattern`](Self::pattern)) into `values`, and returns
    /// f(x). After the first call (which grows the tape) it allocates
    /// nothing.
    ///
    /// `f` must be the function the pattern was detected for: a second
    /// derivative outside the pattern would be added to another entry.
    ///
    /// # Panics
    /// If `x`, `grad` or `values` does not have the length of the pattern's
    /// rows, rows or nonzeros.
    pub fn eval<F: Function>(&mut self, f: F, x: &[T], grad: &mut [T], values: &mut [T]) -> T {
        let n = self.pattern.nrows();
        assert_eq!(
            grad.len(),
            n,
            "SparseHessian: grad has {} entries, but the Hessian was prepared for a function of {n} inputs",
            grad.len()
        );
        self.run(f, x, Some(grad), values)
    }

    /// The nonzeros of ∇²f(x) into `values`, as [`eval`](Self::eval) without
    /// the gradient; returns f(x).
    ///
    /// # Panics
    /// If `x` or `values` does not have the length of the pattern's rows or
    /// nonzeros.
    pub fn hessian<F: Function>(&mut self, f: F, x: &[T], values: &mut [T]) -> T {
        self.run(f, x, None, values)
    }

    fn run<F: Function>(
        &mut self,
        f: F,
        x: &[T],
        mut grad: Option<&mut [T]>,
        values: &mut [T],
    ) -> T {
        let n = self.pattern.nrows();
        assert_eq!(
            x.len(),
            n,
            "SparseHessian: x has {} entries, but the Hessian was prepared for a function of {n} inputs",
            x.len()
        );
        assert_eq!(
            values.len(),
            self.pattern.nnz(),
            "SparseHessian: the value buffer has {} entries, the pattern has {} nonzeros (use vec![0.0; hess.nnz()])",
            values.len(),
            self.pattern.nnz()
        );
        let colors = self.coloring.colors();
        let nc = self.coloring.ncolors();
        let mut fx = T::nan();
        for pass in 0..nc.div_ceil(C).max(1) {
            let lo = pass * C;
            for ((s, &xj), &c) in self.seeds.iter_mut().zip(x).zip(colors) {
                let mut seed = [T::zero(); C];
                if (lo..lo + C).contains(&c) {
                    seed[c - lo] = T::one();
                }
                *s = Dual::new(xj, seed);
            }
            self.tape.clear();
            let tape: &Tape<Dual<T, C>> = &self.tape;
            let mut xs: Vec<Var<'_, Dual<T, C>>> = recycle(core::mem::take(&mut self.spare));
            tape.vars_into(&self.seeds, &mut xs);
            let y = f.eval(&xs);
            y.backward().wrt_into(&xs, &mut self.adjoints);
            self.spare = recycle(xs);
            if pass == 0 {
                fx = y.value().value();
                if let Some(g) = grad.as_deref_mut() {
                    for (gi, a) in g.iter_mut().zip(&self.adjoints) {
                        *gi = a.value();
                    }
                }
            }
            let hi = (lo + C).min(nc);
            for (row, a) in self
                .compressed
                .chunks_exact_mut(nc.max(1))
                .zip(&self.adjoints)
            {
                let slots = a.partials();
                row[lo..hi].copy_from_slice(&slots[..hi - lo]);
            }
        }
        match &self.recovery {
            Recovery::Star(d) => d.decompress(&self.compressed, values),
            Recovery::Acyclic(d) => d.decompress(&self.compressed, values),
        }
        fx
    }
}
