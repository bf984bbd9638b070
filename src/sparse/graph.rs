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
}

impl<'a> SymGraph<'a> {
    /// # Panics
    /// If the pattern is not symmetric; `what` names the caller.
    pub(crate) fn new(pattern: &'a SparsityPattern, what: &str) -> Self {
        assert!(
            pattern.is_symmetric(),
            "{what}: the pattern ({} × {}) is not symmetric; a Hessian pattern needs (i, j) and (j, i) both, \
             `SparsityPattern::symmetrize` makes it so",
            pattern.nrows(),
            pattern.ncols()
        );
        let mut edge_at = vec![NONE; pattern.nnz()];
        let mut ends = Vec::new();
        for i in 0..pattern.nrows() {
            for k in pattern.row_range(i) {
                let j = pattern.indices()[k];
                if j > i {
                    let e = ends.len();
                    ends.push((i, j));
                    edge_at[k] = e;
                    let back = pattern
                        .position(j, i)
                        .expect("a symmetric pattern holds the mirror entry");
                    edge_at[back] = e;
                }
            }
        }
        SymGraph {
            pattern,
            edge_at,
            ends,
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
        self.pattern.row_range(v).filter_map(move |k| {
            let w = self.pattern.indices()[k];
            (w != v).then(|| (w, self.edge_at[k]))
        })
    }
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
