//! Checkers written from the definitions of the colorings, independent of the
//! algorithms that compute them: for tests, and for colorings that come from
//! elsewhere.

use super::pattern::SparsityPattern;

fn check_len(what: &str, colors: &[usize], n: usize, of: &str) {
    assert_eq!(
        colors.len(),
        n,
        "{what}: {} colors given for a pattern with {n} {of}",
        colors.len()
    );
}

fn check_symmetric(what: &str, pattern: &SparsityPattern) {
    assert!(
        pattern.is_symmetric(),
        "{what}: the pattern is not symmetric (`SparsityPattern::symmetrize` makes it so)"
    );
}

/// Whether no two of `items`' colors are equal.
fn all_distinct(colors: &[usize], items: &[usize], scratch: &mut Vec<usize>) -> bool {
    scratch.clear();
    scratch.extend(items.iter().map(|&j| colors[j]));
    scratch.sort_unstable();
    scratch.windows(2).all(|w| w[0] != w[1])
}

/// Whether `colors` (one per column) is a valid column coloring of the
/// pattern: the columns of any one row all have different colors, so each
/// entry of B = A·S holds at most one nonzero of A.
///
/// # Panics
/// If there is not one color per column.
///
/// ```
/// use gradus::sparse::{SparsityPattern, is_valid_column_coloring};
/// let p = SparsityPattern::from_rows(3, [vec![0, 1], vec![1, 2]]);
/// assert!(is_valid_column_coloring(&p, &[0, 1, 0]));
/// assert!(!is_valid_column_coloring(&p, &[0, 0, 1]));
/// ```
pub fn is_valid_column_coloring(pattern: &SparsityPattern, colors: &[usize]) -> bool {
    check_len(
        "is_valid_column_coloring",
        colors,
        pattern.ncols(),
        "columns",
    );
    let mut scratch = Vec::new();
    (0..pattern.nrows()).all(|i| all_distinct(colors, pattern.row(i), &mut scratch))
}

/// Whether `colors` (one per row) is a valid row coloring of the pattern: the
/// rows of any one column all have different colors.
///
/// # Panics
/// If there is not one color per row.
///
/// ```
/// use gradus::sparse::{SparsityPattern, is_valid_row_coloring};
/// let p = SparsityPattern::from_rows(3, [vec![0, 1], vec![1, 2], vec![2]]);
/// assert!(is_valid_row_coloring(&p, &[0, 1, 0]));
/// assert!(!is_valid_row_coloring(&p, &[0, 1, 1])); // rows 1 and 2 share column 2
/// ```
pub fn is_valid_row_coloring(pattern: &SparsityPattern, colors: &[usize]) -> bool {
    check_len("is_valid_row_coloring", colors, pattern.nrows(), "rows");
    let t = pattern.transpose();
    let mut scratch = Vec::new();
    (0..t.nrows()).all(|j| all_distinct(colors, t.row(j), &mut scratch))
}

/// Whether adjacent vertices (off-diagonal nonzeros) have different colors.
fn is_distance1(pattern: &SparsityPattern, colors: &[usize]) -> bool {
    pattern
        .iter()
        .all(|(i, j)| i == j || colors[i] != colors[j])
}

/// Whether `colors` (one per vertex) is a star coloring of the symmetric
/// pattern's graph: adjacent vertices differ, and every path on four
/// vertices uses at least three colors. The diagonal is ignored.
///
/// A two-colored path a–u–w–b exists exactly when, for some edge u–w, u has
/// another neighbour of w's color and w another neighbour of u's color; the
/// check looks for that, in O(nnz · log).
///
/// # Panics
/// If the pattern is not symmetric or there is not one color per vertex.
///
/// ```
/// use gradus::sparse::{SparsityPattern, is_valid_star_coloring};
/// // the path 0 - 1 - 2 - 3
/// let p = SparsityPattern::from_fn(4, 4, |i, j| i.abs_diff(j) == 1);
/// assert!(!is_valid_star_coloring(&p, &[0, 1, 0, 1]));
/// assert!(is_valid_star_coloring(&p, &[0, 1, 0, 2]));
/// ```
pub fn is_valid_star_coloring(pattern: &SparsityPattern, colors: &[usize]) -> bool {
    check_symmetric("is_valid_star_coloring", pattern);
    check_len(
        "is_valid_star_coloring",
        colors,
        pattern.nrows(),
        "vertices",
    );
    if !is_distance1(pattern, colors) {
        return false;
    }
    let nc = colors.iter().map(|&c| c + 1).max().unwrap_or(0);
    let mut count = vec![0usize; nc];
    // another[k] for nonzero k = (u, w): u has a neighbour other than w of
    // w's color.
    let mut another = vec![false; pattern.nnz()];
    for u in 0..pattern.nrows() {
        let neighbours = || pattern.row(u).iter().filter(move |&&w| w != u);
        for &w in neighbours() {
            count[colors[w]] += 1;
        }
        for k in pattern.row_range(u) {
            let w = pattern.indices()[k];
            another[k] = w != u && count[colors[w]] >= 2;
        }
        for &w in neighbours() {
            count[colors[w]] = 0;
        }
    }
    pattern.iter().enumerate().all(|(k, (u, w))| {
        u >= w || !another[k] || {
            let back = pattern.position(w, u).expect("the pattern is symmetric");
            !another[back]
        }
    })
}

/// Whether `colors` (one per vertex) is an acyclic coloring of the symmetric
/// pattern's graph: adjacent vertices differ, and every cycle uses at least
/// three colors (so the subgraph spanned by any two colors is a forest). The
/// diagonal is ignored.
///
/// Checked color pair by color pair with a union-find over the edges of that
/// pair, in O(nnz · log).
///
/// # Panics
/// If the pattern is not symmetric or there is not one color per vertex.
///
/// ```
/// use gradus::sparse::{SparsityPattern, is_valid_acyclic_coloring};
/// // the cycle 0 - 1 - 2 - 3 - 0
/// let p = SparsityPattern::from_fn(4, 4, |i, j| (i + 1) % 4 == j || (j + 1) % 4 == i);
/// assert!(!is_valid_acyclic_coloring(&p, &[0, 1, 0, 1]));
/// assert!(is_valid_acyclic_coloring(&p, &[0, 1, 0, 2]));
/// ```
pub fn is_valid_acyclic_coloring(pattern: &SparsityPattern, colors: &[usize]) -> bool {
    check_symmetric("is_valid_acyclic_coloring", pattern);
    check_len(
        "is_valid_acyclic_coloring",
        colors,
        pattern.nrows(),
        "vertices",
    );
    if !is_distance1(pattern, colors) {
        return false;
    }
    let mut edges: Vec<((usize, usize), usize, usize)> = pattern
        .iter()
        .filter(|&(u, w)| u < w)
        .map(|(u, w)| {
            let (a, b) = (colors[u], colors[w]);
            ((a.min(b), a.max(b)), u, w)
        })
        .collect();
    edges.sort_unstable();
    let mut parent: Vec<usize> = (0..pattern.nrows()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for group in edges.chunk_by(|a, b| a.0 == b.0) {
        for &(_, u, w) in group {
            let (ru, rw) = (root(&mut parent, u), root(&mut parent, w));
            if ru == rw {
                return false; // this edge closes a two-colored cycle
            }
            parent[ru] = rw;
        }
        for &(_, u, w) in group {
            parent[u] = u;
            parent[w] = w;
        }
    }
    true
}
