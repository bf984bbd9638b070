//! Conversion to [`nalgebra_sparse::CsrMatrix`] (feature `nalgebra-sparse`).

use super::pattern::SparsityPattern;

impl SparsityPattern {
    /// The `nalgebra_sparse` CSR matrix with this pattern and `values` (in
    /// CSR order), for its sparse products, factorizations and conversions.
    /// Copies the index arrays.
    ///
    /// # Panics
    /// If `values.len()` is not [`nnz`](Self::nnz).
    ///
    /// ```
    /// use gradus::sparse::SparsityPattern;
    /// let p = SparsityPattern::from_rows(3, [vec![0, 2], vec![1]]);
    /// let m = p.to_csr_matrix(&[1.0, 2.0, 3.0]);
    /// assert_eq!((m.nrows(), m.ncols(), m.nnz()), (2, 3, 3));
    /// assert_eq!(m.get_entry(0, 2).unwrap().into_value(), 2.0);
    /// ```
    pub fn to_csr_matrix<T: nalgebra::Scalar>(
        &self,
        values: &[T],
    ) -> nalgebra_sparse::CsrMatrix<T> {
        assert_eq!(
            values.len(),
            self.nnz(),
            "SparsityPattern::to_csr_matrix: {} values given for a pattern with {} nonzeros",
            values.len(),
            self.nnz()
        );
        nalgebra_sparse::CsrMatrix::try_from_csr_data(
            self.nrows(),
            self.ncols(),
            self.offsets().to_vec(),
            self.indices().to_vec(),
            values.to_vec(),
        )
        .expect("a SparsityPattern is a valid CSR pattern")
    }
}
