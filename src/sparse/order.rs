//! Vertex orderings for the greedy colorings.
//!
//! A greedy coloring visits the vertices one after the other and gives each
//! the smallest color its already-colored neighbours allow, so the number of
//! colors depends on the order of the visit. The classic heuristics visit
//! vertices of high degree early (they are the hardest to fit in late), or
//! build the order backwards from vertices of low degree.

use super::pattern::SparsityPattern;

/// The order in which a greedy coloring visits the vertices (the columns of a
/// Jacobian, the rows, or the variables of a Hessian).
///
/// The degree of a vertex is its number of neighbours in the graph being
/// colored: for a column coloring, the other columns that share a row with
/// it (the column intersection graph); for a row coloring, the other rows
/// sharing a column; for a symmetric (Hessian) coloring, the off-diagonal
/// nonzeros of its row. Ties keep a fixed, deterministic order.
///
/// ```
/// use gradus::sparse::{Order, SparsityPattern, column_coloring};
///
/// // An arrow: a dense first row and first column over a diagonal.
/// let p = SparsityPattern::from_fn(6, 6, |i, j| i == 0 || j == 0 || i == j);
/// for order in [Order::Natural, Order::LargestFirst, Order::SmallestLast] {
///     assert_eq!(column_coloring(&p, order).ncolors(), 6);
/// }
/// // Any permutation can be given.
/// let c = column_coloring(&p, Order::Given(&[5, 4, 3, 2, 1, 0]));
/// assert_eq!(c.ncolors(), 6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Order<'a> {
    /// Vertices 0, 1, 2, … in index order.
    #[default]
    Natural,
    /// Decreasing degree (Welsh–Powell).
    LargestFirst,
    /// Smallest-last (Matula–Beck): repeatedly remove a vertex of smallest
    /// degree in the graph that remains, and color in the reverse order of
    /// removal. Often the fewest colors of these heuristics.
    SmallestLast,
    /// Incidence degree: next the vertex with the most already-ordered
    /// neighbours.
    IncidenceDegree,
    /// Dynamic largest-first: next the vertex with the most not-yet-ordered
    /// neighbours.
    DynamicLargestFirst,
    /// The given permutation of the vertices.
    ///
    /// The coloring panics if it is not a permutation of `0..n`.
    Given(&'a [usize]),
}

/// A graph whose neighbours can be visited, for the orderings: the adjacency
/// graph of a symmetric pattern, or the column intersection graph of a
/// Jacobian pattern (visited without building it).
pub(crate) trait OrderGraph {
    fn len(&self) -> usize;
    /// Calls `f` once for each neighbour of `v` (never `v` itself).
    fn visit(&mut self, v: usize, f: &mut dyn FnMut(usize));
}

/// The graph of a symmetric pattern: i ~ j when (i, j) is an off-diagonal
/// nonzero.
pub(crate) struct Adjacency<'a>(pub(crate) &'a SparsityPattern);

impl OrderGraph for Adjacency<'_> {
    fn len(&self) -> usize {
        self.0.nrows()
    }
    fn visit(&mut self, v: usize, f: &mut dyn FnMut(usize)) {
        for &w in self.0.row(v) {
            if w != v {
                f(w);
            }
        }
    }
}

/// The column intersection graph of a pattern: columns j ~ k when some row
/// holds both. `by_col` is the transpose of `by_row`.
pub(crate) struct Intersection<'a> {
    pub(crate) by_row: &'a SparsityPattern,
    pub(crate) by_col: &'a SparsityPattern,
    /// `seen[k] == stamp` when k was visited in the current call already.
    seen: Vec<usize>,
    stamp: usize,
}

impl<'a> Intersection<'a> {
    pub(crate) fn new(by_row: &'a SparsityPattern, by_col: &'a SparsityPattern) -> Self {
        Intersection {
            by_row,
            by_col,
            seen: vec![0; by_row.ncols()],
            stamp: 0,
        }
    }
}

impl OrderGraph for Intersection<'_> {
    fn len(&self) -> usize {
        self.by_row.ncols()
    }
    fn visit(&mut self, v: usize, f: &mut dyn FnMut(usize)) {
        // A fresh stamp per call, so a vertex visited twice sees every
        // neighbour again.
        self.stamp += 1;
        for &r in self.by_col.row(v) {
            for &k in self.by_row.row(r) {
                if k != v && self.seen[k] != self.stamp {
                    self.seen[k] = self.stamp;
                    f(k);
                }
            }
        }
    }
}

impl Order<'_> {
    /// The vertices of `g` in this order.
    pub(crate) fn vertices(&self, g: &mut dyn OrderGraph) -> Vec<usize> {
        let n = g.len();
        match *self {
            Order::Natural => (0..n).collect(),
            Order::Given(p) => {
                check_permutation(p, n);
                p.to_vec()
            }
            Order::LargestFirst => {
                let d = degrees(g);
                let mut v: Vec<usize> = (0..n).collect();
                // Stable: ties stay in index order.
                v.sort_by(|&a, &b| d[b].cmp(&d[a]));
                v
            }
            Order::SmallestLast => dynamic(g, Dynamic::SmallestLast),
            Order::IncidenceDegree => dynamic(g, Dynamic::IncidenceDegree),
            Order::DynamicLargestFirst => dynamic(g, Dynamic::LargestFirst),
        }
    }
}

fn check_permutation(p: &[usize], n: usize) {
    assert_eq!(
        p.len(),
        n,
        "Order::Given: the order lists {} vertices, the graph has {n}",
        p.len()
    );
    let mut seen = vec![false; n];
    for &v in p {
        assert!(
            v < n,
            "Order::Given: vertex {v} is out of range (the graph has {n} vertices)"
        );
        assert!(!seen[v], "Order::Given: vertex {v} appears twice");
        seen[v] = true;
    }
}

fn degrees(g: &mut dyn OrderGraph) -> Vec<usize> {
    (0..g.len())
        .map(|v| {
            let mut d = 0;
            g.visit(v, &mut |_| d += 1);
            d
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Dynamic {
    SmallestLast,
    IncidenceDegree,
    LargestFirst,
}

/// Vertices in buckets by their current degree; each bucket is a stack.
struct Buckets {
    degree: Vec<usize>,
    position: Vec<usize>,
    bucket: Vec<Vec<usize>>,
}

impl Buckets {
    fn new(degree: Vec<usize>, max_degree: usize) -> Self {
        let mut bucket = vec![Vec::new(); max_degree + 1];
        let mut position = vec![0; degree.len()];
        // Pushed in reverse so that popping from the end takes the lowest
        // index first among ties.
        for v in (0..degree.len()).rev() {
            position[v] = bucket[degree[v]].len();
            bucket[degree[v]].push(v);
        }
        Buckets {
            degree,
            position,
            bucket,
        }
    }

    fn remove(&mut self, v: usize) {
        let b = &mut self.bucket[self.degree[v]];
        let p = self.position[v];
        let last = b.pop().expect("a vertex is in the bucket of its degree");
        if last != v {
            b[p] = last;
            self.position[last] = p;
        }
    }

    fn set(&mut self, v: usize, d: usize) {
        self.remove(v);
        self.degree[v] = d;
        self.position[v] = self.bucket[d].len();
        self.bucket[d].push(v);
    }
}

fn dynamic(g: &mut dyn OrderGraph, kind: Dynamic) -> Vec<usize> {
    let n = g.len();
    if n == 0 {
        return Vec::new();
    }
    let full = degrees(g);
    let max_degree = full.iter().copied().max().unwrap_or(0);
    let start = if kind == Dynamic::IncidenceDegree {
        vec![0; n]
    } else {
        full
    };
    let mut b = Buckets::new(start, max_degree);
    let mut done = vec![false; n];
    let mut order = vec![0; n];
    // The scan starts where the extreme degree can be: after removing a
    // vertex of degree d, a smallest degree is at least d - 1, a largest
    // at most d + 1 (incidence degree) or d (dynamic largest-first).
    let mut cursor = if kind == Dynamic::SmallestLast {
        0
    } else {
        max_degree
    };
    for step in 0..n {
        let d = match kind {
            Dynamic::SmallestLast => (cursor..=max_degree)
                .find(|&d| !b.bucket[d].is_empty())
                .expect("a vertex remains"),
            _ => (0..=cursor)
                .rev()
                .find(|&d| !b.bucket[d].is_empty())
                .expect("a vertex remains"),
        };
        let u = *b.bucket[d].last().expect("the bucket is not empty");
        b.remove(u);
        done[u] = true;
        let slot = if kind == Dynamic::SmallestLast {
            n - 1 - step
        } else {
            step
        };
        order[slot] = u;
        g.visit(u, &mut |w| {
            if !done[w] {
                let dw = b.degree[w];
                let new = if kind == Dynamic::IncidenceDegree {
                    dw + 1
                } else {
                    dw - 1
                };
                b.set(w, new);
            }
        });
        cursor = match kind {
            Dynamic::SmallestLast => d.saturating_sub(1),
            Dynamic::IncidenceDegree => (d + 1).min(max_degree),
            Dynamic::LargestFirst => d,
        };
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_permutation(v: &[usize], n: usize) -> bool {
        let mut s = v.to_vec();
        s.sort_unstable();
        s == (0..n).collect::<Vec<_>>()
    }

    /// A star graph with centre 0 and a path 4 - 5 - 6 hanging off leaf 3.
    fn graph() -> SparsityPattern {
        let edges = [(0, 1), (0, 2), (0, 3), (3, 4), (4, 5), (5, 6)];
        SparsityPattern::from_entries(7, 7, edges.iter().flat_map(|&(a, b)| [(a, b), (b, a)]))
    }

    #[test]
    fn orders_are_permutations() {
        let p = graph();
        for order in [
            Order::Natural,
            Order::LargestFirst,
            Order::SmallestLast,
            Order::IncidenceDegree,
            Order::DynamicLargestFirst,
        ] {
            let v = order.vertices(&mut Adjacency(&p));
            assert!(is_permutation(&v, 7), "{order:?}: {v:?}");
        }
    }

    #[test]
    fn largest_first_sorts_by_degree() {
        let v = Order::LargestFirst.vertices(&mut Adjacency(&graph()));
        // degrees: 0:3, 3:2, 4:2, 5:2, then 1, 2, 6 of degree 1
        assert_eq!(v, [0, 3, 4, 5, 1, 2, 6]);
    }

    #[test]
    fn smallest_last_is_a_degeneracy_order() {
        // Read backwards, each vertex has the smallest degree in the graph
        // induced by itself and the vertices before it.
        let p = graph();
        let v = Order::SmallestLast.vertices(&mut Adjacency(&p));
        for k in 0..v.len() {
            let alive = &v[..=k];
            let deg = |x: usize| p.row(x).iter().filter(|w| alive.contains(w)).count();
            let dmin = alive.iter().map(|&x| deg(x)).min().unwrap();
            assert_eq!(deg(v[k]), dmin, "order {v:?} at {k}");
        }
    }

    #[test]
    fn incidence_degree_follows_ordered_neighbours() {
        let p = graph();
        let v = Order::IncidenceDegree.vertices(&mut Adjacency(&p));
        for k in 1..v.len() {
            let before = &v[..k];
            let inc = |x: usize| p.row(x).iter().filter(|w| before.contains(w)).count();
            let best = (0..7)
                .filter(|x| !before.contains(x))
                .map(inc)
                .max()
                .unwrap();
            assert_eq!(inc(v[k]), best, "order {v:?} at {k}");
        }
    }

    #[test]
    fn dynamic_largest_first_follows_remaining_neighbours() {
        let p = graph();
        let v = Order::DynamicLargestFirst.vertices(&mut Adjacency(&p));
        for k in 0..v.len() {
            let before = &v[..k];
            let rem = |x: usize| p.row(x).iter().filter(|w| !before.contains(w)).count();
            let best = (0..7)
                .filter(|x| !before.contains(x))
                .map(rem)
                .max()
                .unwrap();
            assert_eq!(rem(v[k]), best, "order {v:?} at {k}");
        }
    }

    #[test]
    fn intersection_graph_degrees() {
        // Columns 0 and 1 share row 0, columns 1 and 2 share row 1.
        let p = SparsityPattern::from_rows(4, [vec![0, 1], vec![1, 2], vec![3]]);
        let t = p.transpose();
        let mut g = Intersection::new(&p, &t);
        assert_eq!(degrees(&mut g), [1, 2, 1, 0]);
        // Visiting twice gives the same answer.
        assert_eq!(degrees(&mut g), [1, 2, 1, 0]);
        assert_eq!(Order::LargestFirst.vertices(&mut g), [1, 0, 2, 3]);
    }

    #[test]
    #[should_panic(expected = "vertex 1 appears twice")]
    fn given_must_be_a_permutation() {
        Order::Given(&[1, 1, 0]).vertices(&mut Adjacency(&SparsityPattern::diagonal(3)));
    }
}
