//! The adjacency graph of a symmetric pattern with numbered edges, and a
//! disjoint-set forest over those edges: the shared machinery of the star and
//! acyclic colorings.

use super::pattern::SparsityPattern;

/// "No vertex / color / edge yet".
pub(crate) const NONE: usize = usize::MAX;

/// The graph of a symmetric pattern: vertices are rows, and each
/// off-diagonal pair {i, j} is one undirected edge, numbered in the CSR
/// order of its upper-triangle entry.
pub(crate) struct SymGraph<'a> {
    pub(crate) pattern: &'a SparsityPattern,
    /// For each CSR position, the edge it belongs to (`NONE` on the diagonal).
    pub(crate) edge_at: Vec<usize>,
    /// For each edge, its endpoints (i, j), i < j.
    pub(crate) ends: Vec<(usize, usize)>,
    /// Row i's off-diagonal (neighbour, edge) pairs are
    /// `adjacency[adjacency_offsets[i]..adjacency_offsets[i + 1]]`: the inner
    /// loops of the colorings read them as plain slices.
    adjacency_offsets: Vec<usize>,
    adjacency: Vec<(usize, usize)>,
}

impl<'a> SymGraph<'a> {
    /// # Panics
    /// If the pattern is not symmetric; `what` names the caller.
    pub(crate) fn new(pattern: &'a SparsityPattern, what: &str) -> Self {
        let (edge_at, ends) = number_edges(pattern).unwrap_or_else(|| {
            panic!(
                "{what}: the pattern ({} × {}) is not symmetric; a Hessian pattern needs (i, j) and (j, i) both, \
                 `SparsityPattern::symmetrize` makes it so",
                pattern.nrows(),
                pattern.ncols()
            )
        });
        let n = pattern.nrows();
        let mut adjacency_offsets = Vec::with_capacity(n + 1);
        let mut adjacency = Vec::with_capacity(2 * ends.len());
        adjacency_offsets.push(0);
        for v in 0..n {
            for k in pattern.row_range(v) {
                let w = pattern.indices()[k];
                if w != v {
                    adjacency.push((w, edge_at[k]));
                }
            }
            adjacency_offsets.push(adjacency.len());
        }
        SymGraph {
            pattern,
            edge_at,
            ends,
            adjacency_offsets,
            adjacency,
        }
    }

    pub(crate) fn nvertices(&self) -> usize {
        self.pattern.nrows()
    }

    pub(crate) fn nedges(&self) -> usize {
        self.ends.len()
    }

    /// The neighbours of `v` (not `v` itself) with the edge to each.
    pub(crate) fn neighbors(&self, v: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.adjacency[self.adjacency_offsets[v]..self.adjacency_offsets[v + 1]]
            .iter()
            .copied()
    }
}

/// For each CSR position its edge, and for each edge its ends.
pub(crate) type EdgeNumbering = (Vec<usize>, Vec<(usize, usize)>);

/// Numbers the edges {i, j} of a symmetric pattern in the CSR order of
/// their upper entries, giving for each CSR position its edge (`NONE` on the
/// diagonal) and for each edge its ends; `None` if the pattern is not
/// symmetric.
///
/// Rows are scanned in order, so the upper entries (i, j) that reach row j
/// arrive with increasing i, exactly the order of row j's lower entries: a
/// cursor per row meets each mirror in O(1), and any lower entry left
/// unmatched, or upper entry without a mirror, means asymmetry.
pub(crate) fn number_edges(pattern: &SparsityPattern) -> Option<EdgeNumbering> {
    if !pattern.is_square() {
        return None;
    }
    let (offsets, indices) = (pattern.offsets(), pattern.indices());
    let n = pattern.nrows();
    let mut cursor = offsets[..n].to_vec();
    let mut edge_at = vec![NONE; pattern.nnz()];
    let mut ends = Vec::with_capacity(pattern.nnz() / 2);
    for i in 0..n {
        for k in offsets[i]..offsets[i + 1] {
            let j = indices[k];
            if j <= i {
                continue;
            }
            let c = cursor[j];
            if c == offsets[j + 1] || indices[c] != i {
                return None;
            }
            cursor[j] += 1;
            let e = ends.len();
            ends.push((i, j));
            edge_at[k] = e;
            edge_at[c] = e;
        }
    }
    // Every lower entry of each row was matched.
    let matched = (0..n).all(|j| cursor[j] == offsets[j + 1] || indices[cursor[j]] >= j);
    matched.then_some((edge_at, ends))
}

/// Disjoint sets of edges, with union by rank and path halving.
pub(crate) struct Forest {
    parent: Vec<usize>,
    rank: Vec<u8>,
}

impl Forest {
    pub(crate) fn new(n: usize) -> Self {
        Forest {
            parent: (0..n).collect(),
            rank: vec![0; n],
        }
    }

    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            let grand = self.parent[self.parent[x]];
            self.parent[x] = grand;
            x = grand;
        }
        x
    }

    /// Joins the sets of `a` and `b`.
    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        match self.rank[ra].cmp(&self.rank[rb]) {
            core::cmp::Ordering::Less => self.parent[ra] = rb,
            core::cmp::Ordering::Greater => self.parent[rb] = ra,
            core::cmp::Ordering::Equal => {
                self.parent[rb] = ra;
                self.rank[ra] += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_are_numbered_once() {
        let p =
            SparsityPattern::from_entries(3, 3, [(0, 0), (0, 2), (2, 0), (1, 2), (2, 1), (1, 1)]);
        let g = SymGraph::new(&p, "test");
        assert_eq!(g.ends, [(0, 2), (1, 2)]);
        let n2: Vec<_> = g.neighbors(2).collect();
        assert_eq!(n2, [(0, 0), (1, 1)]);
        let n1: Vec<_> = g.neighbors(1).collect();
        assert_eq!(n1, [(2, 1)]);
    }

    #[test]
    #[should_panic(expected = "star_coloring: the pattern (2 × 2) is not symmetric")]
    fn rejects_unsymmetric() {
        SymGraph::new(
            &SparsityPattern::from_entries(2, 2, [(0, 1)]),
            "star_coloring",
        );
    }

    #[test]
    fn symmetry_by_cursors() {
        let sym = |e: &[(usize, usize)], n: usize| {
            number_edges(&SparsityPattern::from_entries(n, n, e.iter().copied())).is_some()
        };
        assert!(sym(&[(0, 1), (1, 0), (2, 2)], 3));
        assert!(sym(&[], 0));
        // an upper entry without its mirror, and a lower one
        assert!(!sym(&[(0, 1)], 2));
        assert!(!sym(&[(1, 0)], 2));
        // mirrors present but another lower entry unmatched
        assert!(!sym(&[(0, 2), (2, 0), (2, 1)], 3));
        assert!(!sym(&[(0, 2), (2, 0), (1, 2)], 3));
        assert!(number_edges(&SparsityPattern::dense(2, 3)).is_none());
        // against the definition on random patterns
        let mut state = 7u64;
        for _ in 0..2000 {
            let n = 1 + (state % 7) as usize;
            let p = SparsityPattern::from_fn(n, n, |_, _| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33).is_multiple_of(3)
            });
            let s = p.symmetrize();
            assert!(number_edges(&s).is_some());
            assert_eq!(number_edges(&p).is_some(), p == p.transpose(), "{p}");
        }
    }

    #[test]
    fn forest_unions() {
        let mut f = Forest::new(5);
        f.union(0, 1);
        f.union(3, 4);
        assert_eq!(f.find(0), f.find(1));
        assert_ne!(f.find(1), f.find(3));
        f.union(1, 4);
        assert_eq!(f.find(0), f.find(3));
        assert_ne!(f.find(2), f.find(0));
    }
}
