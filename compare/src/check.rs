//! Every implementation's result is checked against the hand-written one
//! before it is timed: a fast wrong answer is not a result.

/// Panics, naming the implementation and the entry, unless `got` and `want`
/// agree to `1e-10` relative (absolute below magnitude 1).
pub fn assert_close(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(
        got.len(),
        want.len(),
        "{what}: {} components, expected {}",
        got.len(),
        want.len()
    );
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let tol = 1e-10 * w.abs().max(1.0);
        assert!(
            (g - w).abs() <= tol,
            "{what}: component {i} is {g:e}, the hand-written derivative is {w:e} \
             (difference {:e}): this implementation is wrong here, so it is not timed",
            (g - w).abs()
        );
    }
}

/// [`assert_close`] for a matrix given as rows.
pub fn assert_close_rows<const N: usize>(what: &str, got: &[[f64; N]], want: &[[f64; N]]) {
    assert_close(what, got.as_flattened(), want.as_flattened());
}
