//! [`SparsityPattern`]: which entries of an m × n matrix may be nonzero, in
//! compressed sparse row (CSR) form.

use core::fmt;
use core::ops::Range;
use num_traits::Zero;

/// The positions of the structural nonzeros of an m × n matrix, stored in
/// compressed sparse row (CSR) form: row `i` holds the sorted, distinct column
/// indices `indices[offsets[i]..offsets[i + 1]]`.
///
/// The nonzeros are numbered `0..nnz()` in this *CSR order* (row by row, left
/// to right), and every value array of this module (a Jacobian's or a
/// Hessian's entries, what a decompressor writes) is indexed that way.
///
/// Constructors accept entries in any order and merge duplicates; an index out
/// of range panics with a message naming it.
///
/// ```
/// use gradus::sparse::SparsityPattern;
///
/// // [• • ·]
/// // [· • •]
/// let p = SparsityPattern::from_rows(3, [vec![1, 0], vec![2, 1, 2]]);
/// assert_eq!(p.shape(), (2, 3));
/// assert_eq!(p.nnz(), 4);
/// assert_eq!(p.row(0), &[0, 1]);
/// assert!(p.contains(1, 2) && !p.contains(1, 0));
/// assert_eq!(p.position(1, 1), Some(2)); // the third nonzero in CSR order
/// assert_eq!(p.to_string(), "• • ·\n· • •\n");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SparsityPattern {
    nrows: usize,
    ncols: usize,
    offsets: Vec<usize>,
    indices: Vec<usize>,
}

impl SparsityPattern {
    /// The m × n pattern with no nonzeros.
    ///
    /// ```
    /// let p = gradus::sparse::SparsityPattern::empty(2, 5);
    /// assert_eq!((p.shape(), p.nnz()), ((2, 5), 0));
    /// ```
    pub fn empty(nrows: usize, ncols: usize) -> Self {
        SparsityPattern {
            nrows,
            ncols,
            offsets: vec![0; nrows + 1],
            indices: Vec::new(),
        }
    }

    /// The n × n diagonal pattern.
    ///
    /// ```
    /// let p = gradus::sparse::SparsityPattern::diagonal(3);
    /// assert_eq!(p.nnz(), 3);
    /// assert!(p.contains(2, 2) && !p.contains(0, 1));
    /// ```
    pub fn diagonal(n: usize) -> Self {
        SparsityPattern {
            nrows: n,
            ncols: n,
            offsets: (0..=n).collect(),
            indices: (0..n).collect(),
        }
    }

    /// The m × n pattern with every entry present.
    ///
    /// ```
    /// let p = gradus::sparse::SparsityPattern::dense(2, 3);
    /// assert_eq!(p.nnz(), 6);
    /// assert_eq!(p.row(1), &[0, 1, 2]);
    /// ```
    pub fn dense(nrows: usize, ncols: usize) -> Self {
        let nnz = nrows
            .checked_mul(ncols)
            .expect("SparsityPattern::dense: nrows × ncols overflows usize");
        SparsityPattern {
            nrows,
            ncols,
            offsets: (0..=nrows).map(|i| i * ncols).collect(),
            indices: (0..nnz).map(|k| k % ncols.max(1)).collect(),
        }
    }

    /// The m × n pattern holding the entries (i, j) for which `present(i, j)`
    /// is true. It calls `present` m·n times: for large matrices build the
    /// rows directly with [`from_rows`](Self::from_rows).
    ///
    /// ```
    /// // tridiagonal 4 × 4
    /// let p = gradus::sparse::SparsityPattern::from_fn(4, 4, |i, j| i.abs_diff(j) <= 1);
    /// assert_eq!(p.nnz(), 10);
    /// ```
    pub fn from_fn(
        nrows: usize,
        ncols: usize,
        mut present: impl FnMut(usize, usize) -> bool,
    ) -> Self {
        let mut offsets = Vec::with_capacity(nrows + 1);
        let mut indices = Vec::new();
        offsets.push(0);
        for i in 0..nrows {
            indices.extend((0..ncols).filter(|&j| present(i, j)));
            offsets.push(indices.len());
        }
        SparsityPattern {
            nrows,
            ncols,
            offsets,
            indices,
        }
    }

    /// The pattern whose row `i` holds the column indices of the `i`-th item
    /// of `rows` (so it has as many rows as `rows` has items), in any order;
    /// duplicates are merged.
    ///
    /// # Panics
    /// If a column index is `ncols` or more.
    ///
    /// ```
    /// use gradus::sparse::SparsityPattern;
    /// let p = SparsityPattern::from_rows(4, [&[3, 0, 3][..], &[], &[1]]);
    /// assert_eq!(p.shape(), (3, 4));
    /// assert_eq!(p.row(0), &[0, 3]);
    /// assert!(p.row(1).is_empty());
    /// ```
    pub fn from_rows<I, R>(ncols: usize, rows: I) -> Self
    where
        I: IntoIterator<Item = R>,
        R: AsRef<[usize]>,
    {
        let mut offsets = vec![0];
        let mut indices = Vec::new();
        for (i, row) in rows.into_iter().enumerate() {
            let start = indices.len();
            for &j in row.as_ref() {
                assert!(
                    j < ncols,
                    "SparsityPattern::from_rows: row {i} has column index {j}, but the pattern has {ncols} columns (indices 0..{ncols})"
                );
                indices.push(j);
            }
            sort_dedup_tail(&mut indices, start);
            offsets.push(indices.len());
        }
        SparsityPattern {
            nrows: offsets.len() - 1,
            ncols,
            offsets,
            indices,
        }
    }

    /// The m × n pattern holding the given (row, column) entries, in any
    /// order; duplicates are merged.
    ///
    /// # Panics
    /// If an entry is outside the m × n matrix.
    ///
    /// ```
    /// use gradus::sparse::SparsityPattern;
    /// let p = SparsityPattern::from_entries(3, 3, [(2, 0), (0, 1), (2, 0), (0, 0)]);
    /// assert_eq!(p.nnz(), 3);
    /// assert_eq!(p.row(0), &[0, 1]);
    /// assert_eq!(p.row(2), &[0]);
    /// ```
    pub fn from_entries(
        nrows: usize,
        ncols: usize,
        entries: impl IntoIterator<Item = (usize, usize)>,
    ) -> Self {
        let entries: Vec<(usize, usize)> = entries.into_iter().collect();
        // Counting sort by row, then sort each row.
        let mut offsets = vec![0usize; nrows + 1];
        for &(i, j) in &entries {
            assert!(
                i < nrows && j < ncols,
                "SparsityPattern::from_entries: entry ({i}, {j}) is outside the {nrows} × {ncols} matrix"
            );
            offsets[i + 1] += 1;
        }
        for i in 0..nrows {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut indices = vec![0; entries.len()];
        for &(i, j) in &entries {
            indices[next[i]] = j;
            next[i] += 1;
        }
        // Sort and deduplicate in place, compacting rows towards the front.
        let mut write = 0;
        let mut start = 0;
        for i in 0..nrows {
            let end = offsets[i + 1];
            indices[start..end].sort_unstable();
            let row_start = write;
            for k in start..end {
                if write == row_start || indices[write - 1] != indices[k] {
                    indices[write] = indices[k];
                    write += 1;
                }
            }
            start = end;
            offsets[i + 1] = write;
        }
        indices.truncate(write);
        SparsityPattern {
            nrows,
            ncols,
            offsets,
            indices,
        }
    }

    /// The pattern with the given CSR arrays, taken as they are: `offsets`
    /// has `nrows + 1` nondecreasing entries from 0 to `indices.len()`, and
    /// each row's indices are strictly increasing and below `ncols`.
    ///
    /// # Panics
    /// If the arrays are not of that form; the message says which rule fails
    /// where.
    ///
    /// ```
    /// use gradus::sparse::SparsityPattern;
    /// let p = SparsityPattern::from_csr(2, 3, vec![0, 2, 3], vec![0, 2, 1]);
    /// assert_eq!(p, SparsityPattern::from_rows(3, [vec![0, 2], vec![1]]));
    /// ```
    pub fn from_csr(nrows: usize, ncols: usize, offsets: Vec<usize>, indices: Vec<usize>) -> Self {
        assert_eq!(
            offsets.len(),
            nrows + 1,
            "SparsityPattern::from_csr: offsets must have nrows + 1 = {} entries, it has {}",
            nrows + 1,
            offsets.len()
        );
        assert_eq!(
            offsets[0], 0,
            "SparsityPattern::from_csr: offsets[0] must be 0"
        );
        assert_eq!(
            offsets[nrows],
            indices.len(),
            "SparsityPattern::from_csr: offsets[nrows] must equal indices.len()"
        );
        for i in 0..nrows {
            assert!(
                offsets[i] <= offsets[i + 1],
                "SparsityPattern::from_csr: offsets decrease at row {i} ({} > {})",
                offsets[i],
                offsets[i + 1]
            );
            let row = &indices[offsets[i]..offsets[i + 1]];
            for (k, &j) in row.iter().enumerate() {
                assert!(
                    j < ncols,
                    "SparsityPattern::from_csr: row {i} has column index {j}, but the pattern has {ncols} columns"
                );
                assert!(
                    k == 0 || row[k - 1] < j,
                    "SparsityPattern::from_csr: row {i} is not strictly increasing ({} then {j}); use from_rows to sort and merge",
                    row[k - 1]
                );
            }
        }
        SparsityPattern {
            nrows,
            ncols,
            offsets,
            indices,
        }
    }

    /// The number of rows m.
    pub fn nrows(&self) -> usize {
        self.nrows
    }

    /// The number of columns n.
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// (m, n).
    pub fn shape(&self) -> (usize, usize) {
        (self.nrows, self.ncols)
    }

    /// Whether m = n.
    pub fn is_square(&self) -> bool {
        self.nrows == self.ncols
    }

    /// The number of structural nonzeros.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// The sorted column indices of row `i`.
    ///
    /// # Panics
    /// If `i` is not a row.
    pub fn row(&self, i: usize) -> &[usize] {
        &self.indices[self.row_range(i)]
    }

    /// The CSR positions of row `i`'s nonzeros: `row(i)[k]` is nonzero number
    /// `row_range(i).start + k`.
    ///
    /// # Panics
    /// If `i` is not a row.
    pub fn row_range(&self, i: usize) -> Range<usize> {
        assert!(
            i < self.nrows,
            "SparsityPattern: row {i} requested of a pattern with {} rows",
            self.nrows
        );
        self.offsets[i]..self.offsets[i + 1]
    }

    /// The row offsets (`nrows + 1` entries) of the CSR form.
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// The column indices of every nonzero, in CSR order.
    pub fn indices(&self) -> &[usize] {
        &self.indices
    }

    /// Whether (i, j) is a structural nonzero; false outside the matrix.
    pub fn contains(&self, i: usize, j: usize) -> bool {
        self.position(i, j).is_some()
    }

    /// The CSR position of the nonzero (i, j), or `None` if it is not one
    /// (or lies outside the matrix). A binary search in row i.
    pub fn position(&self, i: usize, j: usize) -> Option<usize> {
        if i >= self.nrows {
            return None;
        }
        let start = self.offsets[i];
        self.indices[start..self.offsets[i + 1]]
            .binary_search(&j)
            .ok()
            .map(|k| start + k)
    }

    /// Every nonzero as (row, column), in CSR order.
    ///
    /// ```
    /// let p = gradus::sparse::SparsityPattern::from_rows(2, [vec![1], vec![0, 1]]);
    /// let e: Vec<_> = p.iter().collect();
    /// assert_eq!(e, [(0, 1), (1, 0), (1, 1)]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.nrows).flat_map(move |i| self.row(i).iter().map(move |&j| (i, j)))
    }

    /// Every nonzero as (row, column, value), in CSR order: the triplet
    /// (coordinate) form other sparse-matrix libraries build from.
    ///
    /// # Panics
    /// If `values.len()` is not [`nnz`](Self::nnz).
    ///
    /// ```
    /// let p = gradus::sparse::SparsityPattern::from_rows(2, [vec![1], vec![0, 1]]);
    /// let t: Vec<_> = p.triplets(&[5.0, 6.0, 7.0]).collect();
    /// assert_eq!(t, [(0, 1, 5.0), (1, 0, 6.0), (1, 1, 7.0)]);
    /// ```
    pub fn triplets<'a, T: Copy>(
        &'a self,
        values: &'a [T],
    ) -> impl Iterator<Item = (usize, usize, T)> + 'a {
        assert_eq!(
            values.len(),
            self.nnz(),
            "SparsityPattern::triplets: {} values given for a pattern with {} nonzeros",
            values.len(),
            self.nnz()
        );
        self.iter().zip(values).map(|((i, j), &v)| (i, j, v))
    }

    /// The n × m transposed pattern.
    ///
    /// ```
    /// let p = gradus::sparse::SparsityPattern::from_rows(3, [vec![0, 2]]);
    /// let t = p.transpose();
    /// assert_eq!(t.shape(), (3, 1));
    /// assert!(t.contains(2, 0) && t.row(1).is_empty());
    /// ```
    pub fn transpose(&self) -> Self {
        self.transpose_with_positions().0
    }

    /// The transposed pattern and, for each of its nonzeros (in its CSR
    /// order), the CSR position of the same entry in `self`: values stored in
    /// `self`'s order are moved into the transpose's order by
    /// `t_values[k] = values[map[k]]`.
    ///
    /// ```
    /// let p = gradus::sparse::SparsityPattern::from_rows(2, [vec![0, 1], vec![0]]);
    /// let values = [1.0, 2.0, 3.0]; // (0,0), (0,1), (1,0)
    /// let (t, map) = p.transpose_with_positions();
    /// let t_values: Vec<f64> = map.iter().map(|&k| values[k]).collect();
    /// assert_eq!(t.to_dense(&t_values), [[1.0, 3.0], [2.0, 0.0]]);
    /// ```
    pub fn transpose_with_positions(&self) -> (Self, Vec<usize>) {
        let mut offsets = vec![0usize; self.ncols + 1];
        for &j in &self.indices {
            offsets[j + 1] += 1;
        }
        for j in 0..self.ncols {
            offsets[j + 1] += offsets[j];
        }
        let mut next = offsets.clone();
        let mut indices = vec![0; self.nnz()];
        let mut map = vec![0; self.nnz()];
        // Rows are visited in increasing order, so each transposed row comes
        // out sorted.
        for i in 0..self.nrows {
            for k in self.row_range(i) {
                let j = self.indices[k];
                indices[next[j]] = i;
                map[next[j]] = k;
                next[j] += 1;
            }
        }
        (
            SparsityPattern {
                nrows: self.ncols,
                ncols: self.nrows,
                offsets,
                indices,
            },
            map,
        )
    }

    /// Whether the pattern is square and (i, j) is a nonzero exactly when
    /// (j, i) is.
    ///
    /// ```
    /// use gradus::sparse::SparsityPattern;
    /// assert!(SparsityPattern::from_fn(3, 3, |i, j| i.abs_diff(j) == 1).is_symmetric());
    /// assert!(!SparsityPattern::from_rows(2, [vec![1], vec![]]).is_symmetric());
    /// ```
    pub fn is_symmetric(&self) -> bool {
        super::graph::number_edges(self).is_some()
    }

    /// The union of the pattern and its transpose (square patterns only): a
    /// Hessian pattern known from one triangle becomes the full symmetric
    /// pattern that the symmetric colorings need.
    ///
    /// # Panics
    /// If the pattern is not square.
    ///
    /// ```
    /// use gradus::sparse::SparsityPattern;
    /// let upper = SparsityPattern::from_entries(3, 3, [(0, 0), (0, 2), (1, 2)]);
    /// let full = upper.symmetrize();
    /// assert!(full.is_symmetric());
    /// assert_eq!(full.nnz(), 5);
    /// ```
    pub fn symmetrize(&self) -> Self {
        assert!(
            self.is_square(),
            "SparsityPattern::symmetrize: the pattern is {} × {}, not square",
            self.nrows,
            self.ncols
        );
        let t = self.transpose();
        let mut offsets = Vec::with_capacity(self.nrows + 1);
        let mut indices = Vec::with_capacity(2 * self.nnz());
        offsets.push(0);
        for i in 0..self.nrows {
            // Merge two sorted rows.
            let (a, b) = (self.row(i), t.row(i));
            let (mut x, mut y) = (0, 0);
            while x < a.len() || y < b.len() {
                let next = match (a.get(x), b.get(y)) {
                    (Some(&p), Some(&q)) if p == q => {
                        x += 1;
                        y += 1;
                        p
                    }
                    (Some(&p), Some(&q)) if p < q => {
                        x += 1;
                        p
                    }
                    (Some(&p), None) => {
                        x += 1;
                        p
                    }
                    (_, Some(&q)) => {
                        y += 1;
                        q
                    }
                    (None, None) => unreachable!("the loop condition excludes it"),
                };
                indices.push(next);
            }
            offsets.push(indices.len());
        }
        SparsityPattern {
            nrows: self.nrows,
            ncols: self.ncols,
            offsets,
            indices,
        }
    }

    /// The dense m × n matrix whose nonzeros are `values` (in CSR order) and
    /// whose other entries are zero.
    ///
    /// # Panics
    /// If `values.len()` is not [`nnz`](Self::nnz).
    ///
    /// ```
    /// let p = gradus::sparse::SparsityPattern::from_rows(2, [vec![1], vec![0, 1]]);
    /// assert_eq!(p.to_dense(&[5, 6, 7]), [[0, 5], [6, 7]]);
    /// ```
    pub fn to_dense<T: Copy + Zero>(&self, values: &[T]) -> Vec<Vec<T>> {
        assert_eq!(
            values.len(),
            self.nnz(),
            "SparsityPattern::to_dense: {} values given for a pattern with {} nonzeros",
            values.len(),
            self.nnz()
        );
        (0..self.nrows)
            .map(|i| {
                let mut row = vec![T::zero(); self.ncols];
                for k in self.row_range(i) {
                    row[self.indices[k]] = values[k];
                }
                row
            })
            .collect()
    }
}

/// Sorts `v[start..]` and removes its duplicates.
fn sort_dedup_tail(v: &mut Vec<usize>, start: usize) {
    v[start..].sort_unstable();
    let mut write = start;
    for k in start..v.len() {
        if write == start || v[write - 1] != v[k] {
            v[write] = v[k];
            write += 1;
        }
    }
    v.truncate(write);
}

/// One line per row: `•` for a nonzero, `·` otherwise, separated by spaces.
impl fmt::Display for SparsityPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in 0..self.nrows {
            let row = self.row(i);
            let mut k = 0;
            for j in 0..self.ncols {
                if j > 0 {
                    f.write_str(" ")?;
                }
                if row.get(k) == Some(&j) {
                    k += 1;
                    f.write_str("•")?;
                } else {
                    f.write_str("·")?;
                }
            }
            f.write_str("\n")?;
        }
        Ok(())
    }
}

/// The shape and the nonzeros per row, not the whole index arrays.
impl fmt::Debug for SparsityPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SparsityPattern")
            .field("nrows", &self.nrows)
            .field("ncols", &self.ncols)
            .field("rows", &DebugRows(self))
            .finish()
    }
}

struct DebugRows<'a>(&'a SparsityPattern);

impl fmt::Debug for DebugRows<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries((0..self.0.nrows).map(|i| self.0.row(i)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_agree() {
        let rows = [vec![2, 0, 2], vec![], vec![1, 2, 0]];
        let a = SparsityPattern::from_rows(3, &rows);
        let b =
            SparsityPattern::from_entries(3, 3, [(2, 2), (0, 0), (2, 1), (0, 2), (2, 0), (0, 0)]);
        let c = SparsityPattern::from_fn(3, 3, |i, j| rows[i].contains(&j));
        let d = SparsityPattern::from_csr(3, 3, vec![0, 2, 2, 5], vec![0, 2, 0, 1, 2]);
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a, d);
        assert_eq!(a.nnz(), 5);
        assert_eq!(a.position(2, 1), Some(3));
        assert_eq!(a.position(1, 1), None);
        assert_eq!(a.position(7, 1), None);
        assert!(!a.contains(0, 1));
    }

    #[test]
    fn dense_and_diagonal() {
        let d = SparsityPattern::dense(3, 2);
        assert_eq!(d.nnz(), 6);
        assert_eq!(d, SparsityPattern::from_fn(3, 2, |_, _| true));
        assert_eq!(SparsityPattern::dense(2, 0).nnz(), 0);
        assert_eq!(SparsityPattern::dense(0, 4).nrows(), 0);
        let i = SparsityPattern::diagonal(4);
        assert_eq!(i, SparsityPattern::from_fn(4, 4, |a, b| a == b));
        assert!(i.is_symmetric());
    }

    #[test]
    fn transpose_moves_values() {
        let p = SparsityPattern::from_rows(4, [vec![0, 3], vec![1], vec![0, 1, 2]]);
        let values = [1, 2, 3, 4, 5, 6];
        let (t, map) = p.transpose_with_positions();
        let tv: Vec<i32> = map.iter().map(|&k| values[k]).collect();
        let dense = p.to_dense(&values);
        let tdense = t.to_dense(&tv);
        for i in 0..3 {
            for j in 0..4 {
                assert_eq!(dense[i][j], tdense[j][i]);
            }
        }
        assert_eq!(t.transpose(), p);
    }

    #[test]
    fn symmetry() {
        let p = SparsityPattern::from_entries(3, 3, [(0, 1), (2, 2)]);
        assert!(!p.is_symmetric());
        let s = p.symmetrize();
        assert!(s.is_symmetric());
        assert_eq!(
            s,
            SparsityPattern::from_entries(3, 3, [(0, 1), (1, 0), (2, 2)])
        );
        assert!(!SparsityPattern::dense(2, 3).is_symmetric());
    }

    #[test]
    fn display_and_debug() {
        let p = SparsityPattern::from_rows(2, [vec![0], vec![1]]);
        assert_eq!(p.to_string(), "• ·\n· •\n");
        assert_eq!(
            format!("{p:?}"),
            "SparsityPattern { nrows: 2, ncols: 2, rows: [[0], [1]] }"
        );
    }

    #[test]
    #[should_panic(expected = "row 1 has column index 3, but the pattern has 3 columns")]
    fn from_rows_rejects_out_of_range() {
        SparsityPattern::from_rows(3, [vec![0], vec![3]]);
    }

    #[test]
    #[should_panic(expected = "entry (0, 5) is outside the 2 × 2 matrix")]
    fn from_entries_rejects_out_of_range() {
        SparsityPattern::from_entries(2, 2, [(0, 5)]);
    }

    #[test]
    #[should_panic(expected = "row 0 is not strictly increasing")]
    fn from_csr_rejects_unsorted() {
        SparsityPattern::from_csr(1, 3, vec![0, 2], vec![2, 1]);
    }

    #[test]
    #[should_panic(expected = "3 values given for a pattern with 2 nonzeros")]
    fn to_dense_checks_length() {
        SparsityPattern::diagonal(2).to_dense(&[1.0, 2.0, 3.0]);
    }
}
