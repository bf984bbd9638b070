//! Compression (B = A·S, B = Sᵀ·A) and decompression: prepared index maps
//! that recover a sparse matrix's values, in CSR order, from its compressed
//! matrix without allocating.

use super::coloring::{AcyclicColoring, Coloring, StarColoring};
use super::graph::{NONE, SymGraph};
use super::pattern::SparsityPattern;
use core::ops::{Add, Sub};
use num_traits::Zero;

/// Recovery of a sparse matrix's nonzeros from its compressed matrix, the
/// interface shared by the four decompressors.
///
/// The compressed matrix is a row-major slice of
/// [`compressed_shape`](Self::compressed_shape) = (rows, columns); the values
/// come out in the pattern's CSR order. Preparation (`new`) allocates the
/// index maps once; [`decompress`](Self::decompress) allocates nothing.
pub trait Decompress {
    /// The number of values recovered: the pattern's nonzeros.
    fn nnz(&self) -> usize;

    /// (rows, columns) of the row-major compressed matrix read.
    fn compressed_shape(&self) -> (usize, usize);

    /// Writes the nonzeros recovered from `compressed` into `values`.
    ///
    /// # Panics
    /// If `compressed` does not hold rows × columns entries or `values` does
    /// not hold [`nnz`](Self::nnz).
    fn decompress<T: Copy + Sub<Output = T>>(&self, compressed: &[T], values: &mut [T]);
}

fn check_lengths(what: &str, compressed: usize, shape: (usize, usize), values: usize, nnz: usize) {
    assert_eq!(
        compressed,
        shape.0 * shape.1,
        "{what}::decompress: the compressed matrix has {compressed} entries, expected {} × {} (row-major)",
        shape.0,
        shape.1
    );
    assert_eq!(
        values, nnz,
        "{what}::decompress: the value buffer has {values} entries, the pattern has {nnz} nonzeros"
    );
}

/// B = A·S: the m × ncolors compressed matrix, row-major, of the matrix with
/// the given pattern and `values` (CSR order), S the seed matrix of
/// `coloring` (a coloring of the columns). B\[i\]\[c\] is the sum of row i's
/// entries in columns of color c. This is what one forward pass per color
/// computes; here it is formed from known values, as a reference.
///
/// # Panics
/// If the coloring does not color `pattern.ncols()` columns or `values` is
/// not `pattern.nnz()` long.
///
/// ```
/// use gradus::sparse::{Order, SparsityPattern, column_coloring, compress_columns};
///
/// let p = SparsityPattern::diagonal(3);
/// let c = column_coloring(&p, Order::Natural); // one color
/// assert_eq!(compress_columns(&p, c.colors(), &[1.0, 2.0, 3.0]), [1.0, 2.0, 3.0]);
/// ```
pub fn compress_columns<T: Copy + Zero + Add<Output = T>>(
    pattern: &SparsityPattern,
    colors: &[usize],
    values: &[T],
) -> Vec<T> {
    assert_eq!(
        colors.len(),
        pattern.ncols(),
        "compress_columns: {} colors for a pattern with {} columns",
        colors.len(),
        pattern.ncols()
    );
    assert_eq!(
        values.len(),
        pattern.nnz(),
        "compress_columns: {} values for a pattern with {} nonzeros",
        values.len(),
        pattern.nnz()
    );
    let nc = colors.iter().map(|&c| c + 1).max().unwrap_or(0);
    let mut b = vec![T::zero(); pattern.nrows() * nc];
    for i in 0..pattern.nrows() {
        for k in pattern.row_range(i) {
            let slot = &mut b[i * nc + colors[pattern.indices()[k]]];
            *slot = *slot + values[k];
        }
    }
    b
}

/// B = Sᵀ·A: the ncolors × n compressed matrix, row-major, S the seed matrix
/// of `colors` (a coloring of the rows). B\[c\]\[j\] is the sum of column
/// j's entries in rows of color c: what one reverse pass (vector-Jacobian
/// product) per color computes.
///
/// # Panics
/// If the coloring does not color `pattern.nrows()` rows or `values` is not
/// `pattern.nnz()` long.
///
/// ```
/// use gradus::sparse::{SparsityPattern, compress_rows};
///
/// let p = SparsityPattern::dense(2, 2);
/// // rows 0 and 1 in different colors: B is A itself
/// assert_eq!(compress_rows(&p, &[0, 1], &[1, 2, 3, 4]), [1, 2, 3, 4]);
/// // one color: B is the column sums
/// assert_eq!(compress_rows(&p, &[0, 0], &[1, 2, 3, 4]), [4, 6]);
/// ```
pub fn compress_rows<T: Copy + Zero + Add<Output = T>>(
    pattern: &SparsityPattern,
    colors: &[usize],
    values: &[T],
) -> Vec<T> {
    assert_eq!(
        colors.len(),
        pattern.nrows(),
        "compress_rows: {} colors for a pattern with {} rows",
        colors.len(),
        pattern.nrows()
    );
    assert_eq!(
        values.len(),
        pattern.nnz(),
        "compress_rows: {} values for a pattern with {} nonzeros",
        values.len(),
        pattern.nnz()
    );
    let nc = colors.iter().map(|&c| c + 1).max().unwrap_or(0);
    let n = pattern.ncols();
    let mut b = vec![T::zero(); nc * n];
    for i in 0..pattern.nrows() {
        for k in pattern.row_range(i) {
            let slot = &mut b[colors[i] * n + pattern.indices()[k]];
            *slot = *slot + values[k];
        }
    }
    b
}

/// Direct recovery of a Jacobian from B = J·S (m × ncolors, row-major),
/// S the seed matrix of a column coloring: J\[i\]\[j\] = B\[i\]\[color(j)\].
///
/// ```
/// use gradus::sparse::{
///     ColumnDecompressor, Decompress, Order, SparsityPattern, column_coloring, compress_columns,
/// };
///
/// // J of f(x) = (x0 x1, x1 + x2, x2²) at x = (1, 2, 3)
/// let p = SparsityPattern::from_rows(3, [vec![0, 1], vec![1, 2], vec![2]]);
/// let coloring = column_coloring(&p, Order::Natural);
/// assert_eq!(coloring.colors(), &[0, 1, 0]); // x0 and x2 share a pass
///
/// let d = ColumnDecompressor::new(&p, &coloring);
/// let jac = [2.0, 1.0, 1.0, 1.0, 6.0];
/// let b = compress_columns(&p, coloring.colors(), &jac); // two JVPs
/// let mut values = vec![0.0; p.nnz()];
/// d.decompress(&b, &mut values);
/// assert_eq!(values, jac);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnDecompressor {
    index: Vec<usize>,
    shape: (usize, usize),
}

impl ColumnDecompressor {
    /// Prepares recovery for `pattern` colored by `coloring` (of its columns).
    ///
    /// # Panics
    /// If the coloring has not one color per column, or two columns sharing
    /// a row have the same color (then B mixes them and no recovery exists).
    pub fn new(pattern: &SparsityPattern, coloring: &Coloring) -> Self {
        assert_eq!(
            coloring.len(),
            pattern.ncols(),
            "ColumnDecompressor::new: the coloring colors {} columns, the pattern has {}",
            coloring.len(),
            pattern.ncols()
        );
        let colors = coloring.colors();
        let nc = coloring.ncolors();
        let mut seen = vec![NONE; nc];
        let mut index = Vec::with_capacity(pattern.nnz());
        for i in 0..pattern.nrows() {
            for &j in pattern.row(i) {
                let c = colors[j];
                assert!(
                    seen[c] != i,
                    "ColumnDecompressor::new: not a column coloring of this pattern: row {i} has two columns of color {c}"
                );
                seen[c] = i;
                index.push(i * nc + c);
            }
        }
        ColumnDecompressor {
            index,
            shape: (pattern.nrows(), nc),
        }
    }

    /// Where nonzero `k` (CSR order) is read: (row, color) of B.
    pub fn entry(&self, k: usize) -> (usize, usize) {
        let at = self.index[k];
        (at / self.shape.1, at % self.shape.1)
    }
}

impl Decompress for ColumnDecompressor {
    fn nnz(&self) -> usize {
        self.index.len()
    }
    fn compressed_shape(&self) -> (usize, usize) {
        self.shape
    }
    fn decompress<T: Copy + Sub<Output = T>>(&self, compressed: &[T], values: &mut [T]) {
        check_lengths(
            "ColumnDecompressor",
            compressed.len(),
            self.shape,
            values.len(),
            self.index.len(),
        );
        for (v, &at) in values.iter_mut().zip(&self.index) {
            *v = compressed[at];
        }
    }
}

/// Direct recovery of a Jacobian from B = Sᵀ·J (ncolors × n, row-major),
/// S the seed matrix of a row coloring: J\[i\]\[j\] = B\[color(i)\]\[j\].
///
/// ```
/// use gradus::sparse::{
///     Decompress, Order, RowDecompressor, SparsityPattern, compress_rows, row_coloring,
/// };
///
/// // Two outputs depending on disjoint inputs: one reverse pass.
/// let p = SparsityPattern::from_rows(4, [vec![0, 1], vec![2, 3]]);
/// let coloring = row_coloring(&p, Order::Natural);
/// assert_eq!(coloring.ncolors(), 1);
/// let d = RowDecompressor::new(&p, &coloring);
/// let b = compress_rows(&p, coloring.colors(), &[1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(b, [1.0, 2.0, 3.0, 4.0]); // the one vector-Jacobian product
/// let mut values = [0.0; 4];
/// d.decompress(&b, &mut values);
/// assert_eq!(values, [1.0, 2.0, 3.0, 4.0]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowDecompressor {
    index: Vec<usize>,
    shape: (usize, usize),
}

impl RowDecompressor {
    /// Prepares recovery for `pattern` colored by `coloring` (of its rows).
    ///
    /// # Panics
    /// If the coloring has not one color per row, or two rows sharing a
    /// column have the same color.
    pub fn new(pattern: &SparsityPattern, coloring: &Coloring) -> Self {
        assert_eq!(
            coloring.len(),
            pattern.nrows(),
            "RowDecompressor::new: the coloring colors {} rows, the pattern has {}",
            coloring.len(),
            pattern.nrows()
        );
        let colors = coloring.colors();
        let nc = coloring.ncolors();
        let n = pattern.ncols();
        // Column by column (rows of the transpose): seen[c] == j when column
        // j has a row of color c.
        let t = pattern.transpose();
        let mut seen = vec![NONE; nc];
        for j in 0..n {
            for &i in t.row(j) {
                let c = colors[i];
                assert!(
                    seen[c] != j,
                    "RowDecompressor::new: not a row coloring of this pattern: column {j} has two rows of color {c}"
                );
                seen[c] = j;
            }
        }
        let index = pattern.iter().map(|(i, j)| colors[i] * n + j).collect();
        RowDecompressor {
            index,
            shape: (nc, n),
        }
    }

    /// Where nonzero `k` (CSR order) is read: (color, column) of B.
    pub fn entry(&self, k: usize) -> (usize, usize) {
        let at = self.index[k];
        (at / self.shape.1, at % self.shape.1)
    }
}

impl Decompress for RowDecompressor {
    fn nnz(&self) -> usize {
        self.index.len()
    }
    fn compressed_shape(&self) -> (usize, usize) {
        self.shape
    }
    fn decompress<T: Copy + Sub<Output = T>>(&self, compressed: &[T], values: &mut [T]) {
        check_lengths(
            "RowDecompressor",
            compressed.len(),
            self.shape,
            values.len(),
            self.index.len(),
        );
        for (v, &at) in values.iter_mut().zip(&self.index) {
            *v = compressed[at];
        }
    }
}

/// Direct recovery of a symmetric Hessian from B = H·S (n × ncolors,
/// row-major), S the seed matrix of a star coloring: each off-diagonal
/// H\[i\]\[j\] = H\[j\]\[i\] is B\[spoke\]\[color(hub)\] for the hub and spoke of
/// its star, and each diagonal H\[i\]\[i\] = B\[i\]\[color(i)\]. Copies only,
/// so the values are bit-for-bit those of B.
///
/// ```
/// use gradus::sparse::{
///     Decompress, Order, SparsityPattern, StarDecompressor, compress_columns, star_coloring,
/// };
///
/// // The Hessian of x0 x1 + x1 x2 + x1²: an arrow around x1.
/// let p = SparsityPattern::from_rows(3, [vec![1], vec![0, 1, 2], vec![1]]);
/// let star = star_coloring(&p, Order::LargestFirst);
/// assert_eq!(star.ncolors(), 2); // x1, then x0 and x2 together
/// let d = StarDecompressor::new(&p, &star);
/// let h = [1.0, 1.0, 2.0, 1.0, 1.0];
/// let b = compress_columns(&p, star.coloring().colors(), &h); // two Hessian-vector products
/// let mut values = [0.0; 5];
/// d.decompress(&b, &mut values);
/// assert_eq!(values, h);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarDecompressor {
    index: Vec<usize>,
    shape: (usize, usize),
}

impl StarDecompressor {
    /// Prepares recovery for the symmetric `pattern` colored by `star`.
    ///
    /// It checks that every entry is alone where it is read (the star
    /// property), in O(nnz), so a coloring that does not belong to the
    /// pattern is caught here rather than giving wrong values.
    ///
    /// # Panics
    /// If the pattern is not symmetric, the coloring is for another pattern,
    /// or an entry would not be alone in its entry of B.
    pub fn new(pattern: &SparsityPattern, star: &StarColoring) -> Self {
        let g = SymGraph::new(pattern, "StarDecompressor::new");
        let coloring = star.coloring();
        let n = g.nvertices();
        assert!(
            coloring.len() == n && star.hub_at().len() == pattern.nnz(),
            "StarDecompressor::new: the star coloring was computed for another pattern \
             ({} vertices, {} nonzeros; this pattern has {n} and {})",
            coloring.len(),
            star.hub_at().len(),
            pattern.nnz()
        );
        let colors = coloring.colors();
        let nc = coloring.ncolors();
        let mut count = vec![0usize; nc];
        let mut index = vec![0; pattern.nnz()];
        for s in 0..n {
            for (x, _) in g.neighbors(s) {
                count[colors[x]] += 1;
            }
            for k in pattern.row_range(s) {
                let x = pattern.indices()[k];
                if x == s {
                    assert!(
                        count[colors[s]] == 0,
                        "StarDecompressor::new: vertex {s} has a neighbour of its own color {}, so H[{s}][{s}] is not alone in B",
                        colors[s]
                    );
                    index[k] = s * nc + colors[s];
                    continue;
                }
                let h = star.hub_at()[k];
                assert!(
                    h == s || h == x,
                    "StarDecompressor::new: the star coloring was computed for another pattern (edge {{{s}, {x}}} has hub {h})"
                );
                let spoke = if h == s { x } else { s };
                // Checked from the spoke's row, where the counts are.
                if spoke == s {
                    assert!(
                        count[colors[h]] == 1 && colors[s] != colors[h],
                        "StarDecompressor::new: not a star coloring: vertex {s} has {} neighbours of color {} (hub {h})",
                        count[colors[h]],
                        colors[h]
                    );
                }
                index[k] = spoke * nc + colors[h];
            }
            for (x, _) in g.neighbors(s) {
                count[colors[x]] = 0;
            }
        }
        StarDecompressor {
            index,
            shape: (n, nc),
        }
    }

    /// Where nonzero `k` (CSR order) is read: (row, color) of B, that is
    /// (spoke, color of the hub) off the diagonal and (i, color(i)) on it.
    pub fn entry(&self, k: usize) -> (usize, usize) {
        let at = self.index[k];
        (at / self.shape.1, at % self.shape.1)
    }
}

impl Decompress for StarDecompressor {
    fn nnz(&self) -> usize {
        self.index.len()
    }
    fn compressed_shape(&self) -> (usize, usize) {
        self.shape
    }
    fn decompress<T: Copy + Sub<Output = T>>(&self, compressed: &[T], values: &mut [T]) {
        check_lengths(
            "StarDecompressor",
            compressed.len(),
            self.shape,
            values.len(),
            self.index.len(),
        );
        for (v, &at) in values.iter_mut().zip(&self.index) {
            *v = compressed[at];
        }
    }
}

/// One substitution step: H\[i\]\[j\] = B\[i\]\[color(j)\] − Σ (solved entries
/// of i's other tree edges).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Step {
    /// Row-major index of B\[i\]\[color(j)\].
    read: usize,
    /// CSR positions of (i, j) and (j, i).
    ij: usize,
    ji: usize,
    /// End of this step's children in `children`.
    children_end: usize,
}

/// Recovery of a symmetric Hessian from B = H·S (n × ncolors, row-major), S
/// the seed matrix of an acyclic coloring, by substitution along the
/// two-colored trees: each tree is solved leaves first, an entry being the
/// entry of B at its leaf minus the entries already solved there. Diagonal
/// entries are read directly, H\[i\]\[i\] = B\[i\]\[color(i)\].
///
/// The subtractions round: values agree with the Hessian to rounding, not bit
/// for bit (use [`StarDecompressor`] for that, at the price of more colors).
///
/// ```
/// use gradus::sparse::{
///     AcyclicDecompressor, Decompress, Order, SparsityPattern, acyclic_coloring,
///     compress_columns,
/// };
///
/// // A path x0 - x1 - x2 - x3 with a diagonal: 2 colors (a star coloring needs 3).
/// let p = SparsityPattern::from_fn(4, 4, |i, j| i.abs_diff(j) <= 1);
/// let acyclic = acyclic_coloring(&p, Order::Natural);
/// assert_eq!(acyclic.ncolors(), 2);
/// let d = AcyclicDecompressor::new(&p, &acyclic);
/// let h = [4.0, 1.0, 1.0, 5.0, 2.0, 2.0, 6.0, 3.0, 3.0, 7.0];
/// let b = compress_columns(&p, acyclic.coloring().colors(), &h);
/// let mut values = [0.0; 10];
/// d.decompress(&b, &mut values);
/// assert_eq!(values, h); // small integers: exact here
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcyclicDecompressor {
    /// (CSR position, row-major index in B) of each diagonal nonzero.
    diagonal: Vec<(usize, usize)>,
    steps: Vec<Step>,
    /// For each step, the CSR positions of the entries it subtracts.
    children: Vec<usize>,
    shape: (usize, usize),
    nnz: usize,
}

impl AcyclicDecompressor {
    /// Prepares substitution for the symmetric `pattern` colored by
    /// `acyclic`.
    ///
    /// It checks, in O(nnz), what makes substitution exact: adjacent vertices
    /// have different colors, the trees cover every edge once, each tree
    /// spans two colors, and all the edges from a vertex to neighbours of one
    /// color lie in one tree.
    ///
    /// # Panics
    /// If the pattern is not symmetric or any of those checks fails (the
    /// coloring was computed for another pattern).
    pub fn new(pattern: &SparsityPattern, acyclic: &AcyclicColoring) -> Self {
        let g = SymGraph::new(pattern, "AcyclicDecompressor::new");
        let coloring = acyclic.coloring();
        let n = g.nvertices();
        assert_eq!(
            coloring.len(),
            n,
            "AcyclicDecompressor::new: the coloring colors {} vertices, the pattern has {n}",
            coloring.len()
        );
        let colors = coloring.colors();
        let nc = coloring.ncolors();
        let other =
            "AcyclicDecompressor::new: the acyclic coloring was computed for another pattern";

        let mut diagonal = Vec::new();
        for i in 0..n {
            for (x, _) in g.neighbors(i) {
                assert!(
                    colors[x] != colors[i],
                    "AcyclicDecompressor::new: neighbours {i} and {x} have the same color {}",
                    colors[i]
                );
            }
            if let Some(k) = pattern.position(i, i) {
                diagonal.push((k, i * nc + colors[i]));
            }
        }

        // Tree of each edge, and the steps.
        let mut tree_of_edge = vec![NONE; g.nedges()];
        let mut leaf_step = vec![NONE; n];
        let mut steps = Vec::with_capacity(g.nedges());
        let mut parent_step = Vec::with_capacity(g.nedges());
        for t in 0..acyclic.ntrees() {
            let tree = acyclic.tree(t);
            let first = steps.len();
            let (a, b) = tree[0];
            let pair = (colors[a].min(colors[b]), colors[a].max(colors[b]));
            for &(i, j) in tree {
                let (ij, ji) = match (pattern.position(i, j), pattern.position(j, i)) {
                    (Some(ij), Some(ji)) if i != j => (ij, ji),
                    _ => panic!("{other} ({{{i}, {j}}} is not an edge)"),
                };
                let e = g.edge_at[ij];
                assert!(
                    tree_of_edge[e] == NONE,
                    "{other} (edge {{{i}, {j}}} lies in two trees)"
                );
                tree_of_edge[e] = t;
                assert!(
                    (colors[i].min(colors[j]), colors[i].max(colors[j])) == pair,
                    "{other} (tree {t} spans more than two colors)"
                );
                assert!(
                    leaf_step[i] == NONE,
                    "{other} (vertex {i} is cut twice from tree {t})"
                );
                leaf_step[i] = steps.len();
                steps.push(Step {
                    read: i * nc + colors[j],
                    ij,
                    ji,
                    children_end: 0,
                });
            }
            // A step's parent is the step that later cuts its parent vertex
            // (none for the edge reaching the root).
            for &(_, j) in tree {
                parent_step.push(leaf_step[j]);
            }
            for &(i, _) in tree {
                leaf_step[i] = NONE;
            }
            // Each parent comes after its children.
            for (s, &p) in parent_step.iter().enumerate().skip(first) {
                assert!(
                    p == NONE || p > s,
                    "{other} (tree {t} is not in elimination order)"
                );
            }
        }
        assert!(
            steps.len() == g.nedges(),
            "{other} (the trees hold {} edges, the pattern {})",
            steps.len(),
            g.nedges()
        );

        // All the edges from a vertex to one color lie in one tree, so the
        // entry of B read at a step holds only that tree's entries.
        let mut tree_for_color = vec![(NONE, NONE); nc];
        for i in 0..n {
            for (x, e) in g.neighbors(i) {
                let c = colors[x];
                let (stamp, t) = tree_for_color[c];
                if stamp != i {
                    tree_for_color[c] = (i, tree_of_edge[e]);
                } else {
                    assert!(
                        t == tree_of_edge[e],
                        "{other} (the edges from {i} to color {c} lie in two trees)"
                    );
                }
            }
        }

        // Children lists, in CSR form over the steps.
        let mut count = vec![0usize; steps.len() + 1];
        for &p in &parent_step {
            if p != NONE {
                count[p + 1] += 1;
            }
        }
        for s in 0..steps.len() {
            count[s + 1] += count[s];
        }
        let mut next = count.clone();
        let mut children = vec![0; count[steps.len()]];
        for (s, &p) in parent_step.iter().enumerate() {
            if p != NONE {
                children[next[p]] = steps[s].ij;
                next[p] += 1;
            }
        }
        for (s, step) in steps.iter_mut().enumerate() {
            step.children_end = count[s + 1];
        }
        AcyclicDecompressor {
            diagonal,
            steps,
            children,
            shape: (n, nc),
            nnz: pattern.nnz(),
        }
    }
}

impl Decompress for AcyclicDecompressor {
    fn nnz(&self) -> usize {
        self.nnz
    }
    fn compressed_shape(&self) -> (usize, usize) {
        self.shape
    }
    fn decompress<T: Copy + Sub<Output = T>>(&self, compressed: &[T], values: &mut [T]) {
        check_lengths(
            "AcyclicDecompressor",
            compressed.len(),
            self.shape,
            values.len(),
            self.nnz,
        );
        for &(k, at) in &self.diagonal {
            values[k] = compressed[at];
        }
        let mut start = 0;
        for step in &self.steps {
            let mut v = compressed[step.read];
            for &c in &self.children[start..step.children_end] {
                v = v - values[c];
            }
            values[step.ij] = v;
            values[step.ji] = v;
            start = step.children_end;
        }
    }
}
