//! Greedy colorings: partial distance-2 (columns or rows of a Jacobian), star
//! and acyclic (a symmetric Hessian).

use super::graph::{Forest, NONE, SymGraph};
use super::order::{Adjacency, Intersection, Order};
use super::pattern::SparsityPattern;
use num_traits::{One, Zero};

/// A color per vertex (per column, per row, or per variable), colors numbered
/// `0..ncolors()`, with each color's group of vertices.
///
/// Each color stands for one seed direction: the seed matrix S (n ×
/// ncolors) has S\[j\]\[c\] = 1 when vertex j has color c, and one forward pass
/// along column c of S (the sum of the unit vectors of
/// [`group(c)`](Self::group)) computes column c of the compressed matrix
/// B = A·S.
///
/// ```
/// use gradus::sparse::Coloring;
///
/// let c = Coloring::from_colors(vec![0, 1, 0, 2]);
/// assert_eq!(c.ncolors(), 3);
/// assert_eq!(c.group(0), &[0, 2]);
/// assert_eq!(c.seed_matrix::<f64>()[2], [1.0, 0.0, 0.0]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Coloring {
    colors: Vec<usize>,
    ncolors: usize,
    group_offsets: Vec<usize>,
    group_members: Vec<usize>,
}

impl Coloring {
    /// The coloring giving vertex `v` the color `colors[v]`; there are
    /// `max + 1` colors (a color no vertex uses has an empty group).
    pub fn from_colors(colors: Vec<usize>) -> Self {
        let ncolors = colors.iter().map(|&c| c + 1).max().unwrap_or(0);
        let mut group_offsets = vec![0usize; ncolors + 1];
        for &c in &colors {
            group_offsets[c + 1] += 1;
        }
        for c in 0..ncolors {
            group_offsets[c + 1] += group_offsets[c];
        }
        let mut next = group_offsets.clone();
        let mut group_members = vec![0; colors.len()];
        for (v, &c) in colors.iter().enumerate() {
            group_members[next[c]] = v;
            next[c] += 1;
        }
        Coloring {
            colors,
            ncolors,
            group_offsets,
            group_members,
        }
    }

    /// The color of each vertex.
    pub fn colors(&self) -> &[usize] {
        &self.colors
    }

    /// The color of vertex `v`.
    pub fn color(&self, v: usize) -> usize {
        self.colors[v]
    }

    /// The number of colors: the number of forward (or reverse) passes that
    /// compute the compressed matrix.
    pub fn ncolors(&self) -> usize {
        self.ncolors
    }

    /// The number of vertices colored.
    pub fn len(&self) -> usize {
        self.colors.len()
    }

    /// Whether no vertex is colored.
    pub fn is_empty(&self) -> bool {
        self.colors.is_empty()
    }

    /// The vertices of color `c`, in increasing order: seed direction `c` is
    /// the sum of their unit vectors.
    ///
    /// # Panics
    /// If `c` is not below [`ncolors`](Self::ncolors).
    pub fn group(&self, c: usize) -> &[usize] {
        assert!(
            c < self.ncolors,
            "Coloring::group: color {c} requested of a coloring with {} colors",
            self.ncolors
        );
        &self.group_members[self.group_offsets[c]..self.group_offsets[c + 1]]
    }

    /// The dense seed matrix S, n × ncolors: row j is the unit vector of
    /// vertex j's color.
    pub fn seed_matrix<T: Zero + One + Clone>(&self) -> Vec<Vec<T>> {
        self.colors
            .iter()
            .map(|&c| {
                let mut row = vec![T::zero(); self.ncolors];
                row[c] = T::one();
                row
            })
            .collect()
    }
}

/// The smallest color not stamped with `v`.
fn first_allowed(forbidden: &[usize], v: usize) -> usize {
    forbidden
        .iter()
        .position(|&stamp| stamp != v)
        .expect("a vertex has fewer forbidden colors than the graph has vertices")
}

/// The preferred color of `v` if it is allowed, else the smallest allowed.
fn choose(forbidden: &[usize], v: usize, prefer: Option<&[usize]>) -> usize {
    match prefer {
        Some(p) if p[v] < forbidden.len() && forbidden[p[v]] != v => p[v],
        _ => first_allowed(forbidden, v),
    }
}

/// A partial distance-2 coloring of the columns of a Jacobian pattern: two
/// columns that share a row get different colors. Then the compressed
/// Jacobian B = J·S (one forward pass per color) holds every nonzero J\[i\]\[j\]
/// alone in B\[i\]\[color(j)\], recovered by
/// [`ColumnDecompressor`](super::ColumnDecompressor).
///
/// Greedy in the given order (Gebremedhin, Manne and Pothen 2005, algorithm
/// 3.2), O(Σ over rows of the row length squared). A column with no nonzeros
/// gets color 0.
///
/// ```
/// use gradus::sparse::{Order, SparsityPattern, column_coloring};
///
/// // A tridiagonal 100 × 100 Jacobian needs 3 passes, not 100.
/// let p = SparsityPattern::from_fn(100, 100, |i, j| i.abs_diff(j) <= 1);
/// let c = column_coloring(&p, Order::Natural);
/// assert_eq!(c.ncolors(), 3);
/// assert_eq!(c.colors()[..6], [0, 1, 2, 0, 1, 2]);
/// ```
pub fn column_coloring(pattern: &SparsityPattern, order: Order<'_>) -> Coloring {
    let by_col = pattern.transpose();
    let vertices = order.vertices(&mut Intersection::new(pattern, &by_col));
    Coloring::from_colors(distance2(pattern, &by_col, &vertices))
}

/// A partial distance-2 coloring of the rows of a Jacobian pattern: two rows
/// that share a column get different colors (the column coloring of the
/// transpose). The compressed Jacobian B = Sᵀ·J then takes one reverse pass
/// (vector-Jacobian product) per color, and
/// [`RowDecompressor`](super::RowDecompressor) recovers J.
///
/// ```
/// use gradus::sparse::{Order, SparsityPattern, row_coloring};
///
/// // Each output depends on its own input and on the last one: the rows
/// // all share the last column, so they need distinct colors,
/// let p = SparsityPattern::from_fn(4, 4, |i, j| i == j || j == 3);
/// assert_eq!(row_coloring(&p, Order::Natural).ncolors(), 4);
/// // while one dense row is one reverse pass.
/// let g = SparsityPattern::dense(1, 1000);
/// assert_eq!(row_coloring(&g, Order::Natural).ncolors(), 1);
/// ```
pub fn row_coloring(pattern: &SparsityPattern, order: Order<'_>) -> Coloring {
    let by_row = pattern.transpose();
    let vertices = order.vertices(&mut Intersection::new(&by_row, pattern));
    Coloring::from_colors(distance2(&by_row, pattern, &vertices))
}

/// Colors the columns of `by_row` (whose transpose is `by_col`).
pub(crate) fn distance2(
    by_row: &SparsityPattern,
    by_col: &SparsityPattern,
    order: &[usize],
) -> Vec<usize> {
    let n = by_row.ncols();
    let mut color = vec![NONE; n];
    // forbidden[c] == v: color c is taken near v.
    let mut forbidden = vec![NONE; n];
    for &v in order {
        for &r in by_col.row(v) {
            for &x in by_row.row(r) {
                let c = color[x];
                if c != NONE {
                    forbidden[c] = v;
                }
            }
        }
        color[v] = first_allowed(&forbidden, v);
    }
    color
}

/// A star coloring of a symmetric (Hessian) pattern, with its two-colored
/// stars: what [`StarDecompressor`](super::StarDecompressor) needs to read
/// every Hessian entry directly from the compressed matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarColoring {
    coloring: Coloring,
    /// For each CSR position, the hub of its edge's star (`NONE` on the
    /// diagonal).
    hub_at: Vec<usize>,
    nstars: usize,
}

impl StarColoring {
    /// The colors.
    pub fn coloring(&self) -> &Coloring {
        &self.coloring
    }

    /// The colors, without the stars.
    pub fn into_coloring(self) -> Coloring {
        self.coloring
    }

    /// The number of colors.
    pub fn ncolors(&self) -> usize {
        self.coloring.ncolors()
    }

    /// The number of two-colored stars: the connected components of the
    /// subgraphs spanned by two colors, each one centre (the hub) with its
    /// spokes.
    pub fn nstars(&self) -> usize {
        self.nstars
    }

    /// The hub of the star holding the edge {i, j}: the Hessian entry
    /// H\[i\]\[j\] is read at row *spoke*, color *color(hub)*. For a star of
    /// one edge either end serves, and the larger index is reported. `None`
    /// on the diagonal and for pairs that are not nonzeros (`pattern` is the
    /// one that was colored).
    pub fn hub(&self, pattern: &SparsityPattern, i: usize, j: usize) -> Option<usize> {
        let k = pattern.position(i, j)?;
        let h = *self.hub_at.get(k)?;
        (h != NONE).then_some(h)
    }

    pub(crate) fn hub_at(&self) -> &[usize] {
        &self.hub_at
    }
}

/// A star coloring of a symmetric pattern: a distance-1 coloring (adjacent
/// variables differ) in which every path on four vertices uses at least three
/// colors. In the compressed Hessian B = H·S each off-diagonal nonzero then
/// appears alone in some entry of B (H\[i\]\[j\] = B\[spoke\]\[color(hub)\] of
/// its two-colored star), and each diagonal H\[i\]\[i\] = B\[i\]\[color(i)\]:
/// recovery is direct, copies only, exact.
///
/// Greedy in the given order with the stars kept as the coloring proceeds
/// (Gebremedhin, Tarafdar, Manne and Pothen 2007, algorithm 4.1). The
/// diagonal of the pattern may be present or not; it does not constrain the
/// colors.
///
/// # Panics
/// If the pattern is not symmetric ([`SparsityPattern::symmetrize`] makes it
/// so).
///
/// ```
/// use gradus::sparse::{Order, SparsityPattern, star_coloring};
///
/// // The Hessian of Σ (x[i+1] - x[i]²)², tridiagonal: 3 colors.
/// let p = SparsityPattern::from_fn(50, 50, |i, j| i.abs_diff(j) <= 1);
/// let s = star_coloring(&p, Order::Natural);
/// assert_eq!(s.ncolors(), 3);
/// assert_eq!(s.hub(&p, 0, 1), Some(1));
/// ```
pub fn star_coloring(pattern: &SparsityPattern, order: Order<'_>) -> StarColoring {
    let g = SymGraph::new(pattern, "star_coloring");
    let vertices = order.vertices(&mut Adjacency(pattern));
    star_greedy(&g, &vertices, None)
}

/// The greedy star coloring of `g` in the order `vertices`; with `prefer`,
/// a vertex takes its preferred color when that is allowed.
pub(crate) fn star_greedy(
    g: &SymGraph<'_>,
    vertices: &[usize],
    prefer: Option<&[usize]>,
) -> StarColoring {
    let n = g.nvertices();
    let mut color = vec![NONE; n];
    let mut forbidden = vec![NONE; n];
    // By color: (v, w, edge vw) for the first neighbour w of the vertex v
    // being colored that has this color.
    let mut first_neighbor = vec![(NONE, NONE, NONE); n];
    let mut treated = vec![NONE; n];
    let mut star = vec![NONE; g.nedges()];
    // By star: its hub, NONE while the star is a single edge.
    let mut hub: Vec<usize> = Vec::new();

    for &v in vertices {
        for (w, e_vw) in g.neighbors(v) {
            let cw = color[w];
            if cw == NONE {
                continue;
            }
            forbidden[cw] = v;
            let (p, q, _) = first_neighbor[cw];
            if p == v {
                // v has two neighbours q and w of one color: any color next
                // to either would close a two-colored path on four vertices.
                if treated[q] != v {
                    forbid_around(g, &color, &mut forbidden, &mut treated, v, q);
                }
                forbid_around(g, &color, &mut forbidden, &mut treated, v, w);
            } else {
                first_neighbor[cw] = (v, w, e_vw);
                // w is a spoke of a star whose hub x is next to it: v cannot
                // take the hub's color (v, w, x and another spoke would be a
                // two-colored path).
                for (x, e_wx) in g.neighbors(w) {
                    let cx = color[x];
                    if cx != NONE && hub[star[e_wx]] == x {
                        forbidden[cx] = v;
                    }
                }
            }
        }
        let cv = choose(&forbidden, v, prefer);
        color[v] = cv;

        // Put each new edge vw in a star.
        for (w, e_vw) in g.neighbors(v) {
            let cw = color[w];
            if cw == NONE {
                continue;
            }
            let joined = g.neighbors(w).find(|&(x, _)| x != v && color[x] == cv);
            if let Some((_, e_wx)) = joined {
                // w already has a neighbour of v's color: v is a new spoke of
                // the star centred at w.
                let s = star[e_wx];
                hub[s] = w;
                star[e_vw] = s;
            } else {
                let (p, q, e_vq) = first_neighbor[cw];
                if p == v && q != w {
                    // v has an earlier neighbour q of w's color: v is the hub.
                    let s = star[e_vq];
                    hub[s] = v;
                    star[e_vw] = s;
                } else {
                    star[e_vw] = hub.len();
                    hub.push(NONE);
                }
            }
        }
    }

    let hub_at = g
        .edge_at
        .iter()
        .map(|&e| {
            if e == NONE {
                NONE
            } else {
                let h = hub[star[e]];
                if h == NONE { g.ends[e].1 } else { h }
            }
        })
        .collect();
    StarColoring {
        coloring: Coloring::from_colors(color),
        hub_at,
        nstars: hub.len(),
    }
}

impl StarColoring {
    /// The stars of a given star coloring of the symmetric `pattern` (from
    /// another tool, or a distance-2 coloring, which is always a star
    /// coloring): what [`StarDecompressor`](super::StarDecompressor) needs.
    ///
    /// An edge {u, w} belongs to the star whose hub is the end with another
    /// neighbour of the other end's color (a single edge is its own star,
    /// and the larger index is its hub). O(nnz).
    ///
    /// # Panics
    /// If the pattern is not symmetric, there is not one color per vertex, or
    /// the coloring is not a star coloring of it (two neighbours share a
    /// color, or a path on four vertices has two colors).
    ///
    /// ```
    /// use gradus::sparse::{Coloring, SparsityPattern, StarColoring};
    /// // The path 0 - 1 - 2 - 3: colors 0 1 0 2 are a star coloring,
    /// // with the stars {1; 0, 2} and {2 - 3}.
    /// let p = SparsityPattern::from_fn(4, 4, |i, j| i.abs_diff(j) == 1);
    /// let s = StarColoring::new(&p, Coloring::from_colors(vec![0, 1, 0, 2]));
    /// assert_eq!(s.nstars(), 2);
    /// assert_eq!(s.hub(&p, 0, 1), Some(1));
    /// assert_eq!(s.hub(&p, 2, 3), Some(3));
    /// ```
    pub fn new(pattern: &SparsityPattern, coloring: Coloring) -> Self {
        let g = SymGraph::new(pattern, "StarColoring::new");
        star_structure(&g, coloring)
    }
}

/// The stars of the star coloring `coloring` of `g`.
pub(crate) fn star_structure(g: &SymGraph<'_>, coloring: Coloring) -> StarColoring {
    let what = "StarColoring::new";
    let pattern = g.pattern;
    let n = g.nvertices();
    assert_eq!(
        coloring.len(),
        n,
        "{what}: the coloring colors {} vertices, the pattern has {n}",
        coloring.len()
    );
    let colors = coloring.colors();
    // another[k] for nonzero k = (u, w): u has a neighbour other than w of
    // w's color.
    let mut count = vec![0usize; coloring.ncolors()];
    let mut another = vec![false; pattern.nnz()];
    for u in 0..n {
        for (w, _) in g.neighbors(u) {
            count[colors[w]] += 1;
        }
        for k in pattern.row_range(u) {
            let w = pattern.indices()[k];
            if w != u {
                assert!(
                    colors[w] != colors[u],
                    "{what}: not a star coloring: neighbours {u} and {w} have the same color {}",
                    colors[u]
                );
                another[k] = count[colors[w]] >= 2;
            }
        }
        for (w, _) in g.neighbors(u) {
            count[colors[w]] = 0;
        }
    }
    // The two CSR positions of each edge, upper (row u < w) first: rows are
    // scanned in order.
    let mut at = vec![[NONE; 2]; g.nedges()];
    for (k, &e) in g.edge_at.iter().enumerate() {
        if e != NONE {
            let slot = usize::from(at[e][0] != NONE);
            at[e][slot] = k;
        }
    }
    let mut keys = Vec::with_capacity(g.nedges());
    let hub_of_edge: Vec<usize> = g
        .ends
        .iter()
        .zip(&at)
        .map(|(&(u, w), &[uw, wu])| {
            let (a, b) = (another[uw], another[wu]);
            assert!(
                !(a && b),
                "{what}: not a star coloring: the edge {{{u}, {w}}} is the middle of a path on four vertices with two colors"
            );
            let (hub, spoke) = if a { (u, w) } else { (w, u) };
            keys.push((hub, colors[spoke]));
            hub
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let hub_at = g
        .edge_at
        .iter()
        .map(|&e| if e == NONE { NONE } else { hub_of_edge[e] })
        .collect();
    StarColoring {
        coloring,
        hub_at,
        nstars: keys.len(),
    }
}

/// Forbids (for vertex v) the colors of every colored neighbour of w.
fn forbid_around(
    g: &SymGraph<'_>,
    color: &[usize],
    forbidden: &mut [usize],
    treated: &mut [usize],
    v: usize,
    w: usize,
) {
    for (x, _) in g.neighbors(w) {
        let cx = color[x];
        if cx != NONE {
            forbidden[cx] = v;
        }
    }
    treated[w] = v;
}

/// An acyclic coloring of a symmetric (Hessian) pattern, with its
/// two-colored trees in elimination order: what
/// [`AcyclicDecompressor`](super::AcyclicDecompressor) needs to recover the
/// Hessian by substitution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcyclicColoring {
    coloring: Coloring,
    tree_offsets: Vec<usize>,
    tree_edges: Vec<(usize, usize)>,
}

impl AcyclicColoring {
    /// The colors.
    pub fn coloring(&self) -> &Coloring {
        &self.coloring
    }

    /// The colors, without the trees.
    pub fn into_coloring(self) -> Coloring {
        self.coloring
    }

    /// The number of colors.
    pub fn ncolors(&self) -> usize {
        self.coloring.ncolors()
    }

    /// The number of two-colored trees: the connected components (with at
    /// least one edge) of the subgraphs spanned by two colors.
    pub fn ntrees(&self) -> usize {
        self.tree_offsets.len() - 1
    }

    /// The edges of tree `t` as (leaf, parent), in the order substitution
    /// solves them: repeatedly cut a leaf from what remains of the tree, so
    /// when (i, j) comes, every other edge of the tree at i is solved already
    /// and H\[i\]\[j\] = B\[i\]\[color(j)\] − (the sum of those).
    ///
    /// # Panics
    /// If `t` is not below [`ntrees`](Self::ntrees).
    pub fn tree(&self, t: usize) -> &[(usize, usize)] {
        assert!(
            t < self.ntrees(),
            "AcyclicColoring::tree: tree {t} requested of {} trees",
            self.ntrees()
        );
        &self.tree_edges[self.tree_offsets[t]..self.tree_offsets[t + 1]]
    }
}

/// An acyclic coloring of a symmetric pattern: a distance-1 coloring in which
/// every cycle uses at least three colors, so the subgraph spanned by any two
/// colors is a forest. It needs fewer colors than a star coloring (at most as
/// many: every star coloring is acyclic), and the Hessian is recovered from
/// B = H·S by substitution along each two-colored tree, leaves first: one
/// subtraction per solved neighbour, exact up to rounding.
///
/// Greedy in the given order, the trees kept in a disjoint-set forest over
/// the edges (Gebremedhin, Tarafdar, Manne and Pothen 2007, algorithm 3.1).
/// The diagonal of the pattern may be present or not.
///
/// # Panics
/// If the pattern is not symmetric ([`SparsityPattern::symmetrize`] makes it
/// so).
///
/// ```
/// use gradus::sparse::{Order, SparsityPattern, acyclic_coloring, star_coloring};
///
/// // A 5-point stencil on a 10 × 10 grid, point (a, b) numbered 10a + b.
/// let n = 10;
/// let p = SparsityPattern::from_fn(n * n, n * n, |u, v| {
///     (u / n).abs_diff(v / n) + (u % n).abs_diff(v % n) <= 1
/// });
/// assert_eq!(star_coloring(&p, Order::Natural).ncolors(), 5);
/// assert_eq!(acyclic_coloring(&p, Order::Natural).ncolors(), 4);
///
/// // Greedy in the classes of (a + b) mod 3, an optimal acyclic coloring,
/// // finds 3.
/// let mut order: Vec<usize> = (0..n * n).collect();
/// order.sort_by_key(|&u| (u / n + u % n) % 3);
/// let acyclic = acyclic_coloring(&p, Order::Given(&order));
/// assert_eq!(acyclic.ncolors(), 3);
/// ```
pub fn acyclic_coloring(pattern: &SparsityPattern, order: Order<'_>) -> AcyclicColoring {
    let g = SymGraph::new(pattern, "acyclic_coloring");
    let vertices = order.vertices(&mut Adjacency(pattern));
    acyclic_greedy(&g, &vertices, None)
}

/// The greedy acyclic coloring of `g` in the order `vertices`; with
/// `prefer`, a vertex takes its preferred color when that is allowed.
pub(crate) fn acyclic_greedy(
    g: &SymGraph<'_>,
    vertices: &[usize],
    prefer: Option<&[usize]>,
) -> AcyclicColoring {
    let n = g.nvertices();
    let ne = g.nedges();
    let mut color = vec![NONE; n];
    let mut forbidden = vec![NONE; n];
    // By color: (v, w, edge vw) for the first neighbour w of v of that color.
    let mut first_neighbor = vec![(NONE, NONE, NONE); n];
    // By tree root: (v, w) when tree was first reached from v through w.
    let mut first_visit = vec![(NONE, NONE); ne];
    let mut forest = Forest::new(ne);

    for &v in vertices {
        for (w, _) in g.neighbors(v) {
            if color[w] != NONE {
                forbidden[color[w]] = v;
            }
        }
        // If v touches one two-colored tree through two vertices, giving v
        // the tree's other color would close a cycle.
        for (w, _) in g.neighbors(v) {
            if color[w] == NONE {
                continue;
            }
            for (x, e_wx) in g.neighbors(w) {
                let cx = color[x];
                if cx == NONE || forbidden[cx] == v {
                    continue;
                }
                let root = forest.find(e_wx);
                let (p, q) = first_visit[root];
                if p != v {
                    first_visit[root] = (v, w);
                } else if q != w {
                    forbidden[cx] = v;
                }
            }
        }
        let cv = choose(&forbidden, v, prefer);
        color[v] = cv;

        // v's edges to neighbours of one color form a star around v.
        for (w, e_vw) in g.neighbors(v) {
            let cw = color[w];
            if cw == NONE {
                continue;
            }
            let (p, _, e_vq) = first_neighbor[cw];
            if p != v {
                first_neighbor[cw] = (v, w, e_vw);
            } else {
                forest.union(e_vw, e_vq);
            }
        }
        // An edge vw joins the tree of each edge wx with x of v's color.
        for (w, e_vw) in g.neighbors(v) {
            if color[w] == NONE {
                continue;
            }
            for (x, e_wx) in g.neighbors(w) {
                if x != v && color[x] == cv {
                    forest.union(e_vw, e_wx);
                }
            }
        }
    }

    let (tree_offsets, tree_edges) = elimination_orders(g, &mut forest);
    AcyclicColoring {
        coloring: Coloring::from_colors(color),
        tree_offsets,
        tree_edges,
    }
}

impl AcyclicColoring {
    /// The two-colored trees of a given acyclic coloring of the symmetric
    /// `pattern` (every star coloring, and so every distance-2 coloring, is
    /// one), in elimination order: what
    /// [`AcyclicDecompressor`](super::AcyclicDecompressor) needs. O(nnz · log).
    ///
    /// # Panics
    /// If the pattern is not symmetric, there is not one color per vertex, or
    /// the coloring is not acyclic (two neighbours share a color, or a cycle
    /// has two colors).
    ///
    /// ```
    /// use gradus::sparse::{AcyclicColoring, Coloring, SparsityPattern};
    /// // The path 0 - 1 - 2 - 3 two-colored: one tree of three edges.
    /// let p = SparsityPattern::from_fn(4, 4, |i, j| i.abs_diff(j) == 1);
    /// let a = AcyclicColoring::new(&p, Coloring::from_colors(vec![0, 1, 0, 1]));
    /// assert_eq!(a.ntrees(), 1);
    /// assert_eq!(a.tree(0).len(), 3);
    /// ```
    pub fn new(pattern: &SparsityPattern, coloring: Coloring) -> Self {
        let g = SymGraph::new(pattern, "AcyclicColoring::new");
        assert_eq!(
            coloring.len(),
            g.nvertices(),
            "AcyclicColoring::new: the coloring colors {} vertices, the pattern has {}",
            coloring.len(),
            g.nvertices()
        );
        assert!(
            super::validate::is_valid_acyclic_coloring(pattern, coloring.colors()),
            "AcyclicColoring::new: not an acyclic coloring of this pattern (two neighbours share a color, or a cycle has two colors)"
        );
        acyclic_structure(&g, coloring)
    }
}

/// The trees of the acyclic coloring `coloring` of `g`.
pub(crate) fn acyclic_structure(g: &SymGraph<'_>, coloring: Coloring) -> AcyclicColoring {
    // Two edges at v whose far ends have one color lie in one two-colored
    // component; joining all such pairs gives the components.
    let colors = coloring.colors();
    let mut forest = Forest::new(g.nedges());
    let mut first = vec![(NONE, NONE); coloring.ncolors()];
    for v in 0..g.nvertices() {
        for (w, e) in g.neighbors(v) {
            let c = colors[w];
            if first[c].0 == v {
                forest.union(e, first[c].1);
            } else {
                first[c] = (v, e);
            }
        }
    }
    let (tree_offsets, tree_edges) = elimination_orders(g, &mut forest);
    AcyclicColoring {
        coloring,
        tree_offsets,
        tree_edges,
    }
}

/// Groups the edges by tree and orders each tree's edges leaves first.
fn elimination_orders(g: &SymGraph<'_>, forest: &mut Forest) -> (Vec<usize>, Vec<(usize, usize)>) {
    let ne = g.nedges();
    let mut tree_of_root = vec![NONE; ne];
    let mut tree_of_edge = vec![0; ne];
    let mut ntrees = 0;
    for (e, tree) in tree_of_edge.iter_mut().enumerate() {
        let r = forest.find(e);
        if tree_of_root[r] == NONE {
            tree_of_root[r] = ntrees;
            ntrees += 1;
        }
        *tree = tree_of_root[r];
    }
    // Edges bucketed by tree.
    let mut offsets = vec![0usize; ntrees + 1];
    for &t in &tree_of_edge {
        offsets[t + 1] += 1;
    }
    for t in 0..ntrees {
        offsets[t + 1] += offsets[t];
    }
    let mut next = offsets.clone();
    let mut by_tree = vec![0; ne];
    for (e, &t) in tree_of_edge.iter().enumerate() {
        by_tree[next[t]] = e;
        next[t] += 1;
    }

    let n = g.nvertices();
    let mut degree = vec![0usize; n];
    let mut start = vec![0usize; n];
    let mut fill = vec![0usize; n];
    let mut adjacency = Vec::new();
    let mut vertices = Vec::new();
    let mut queue = Vec::new();
    let mut out = Vec::with_capacity(ne);
    for t in 0..ntrees {
        let edges = &by_tree[offsets[t]..offsets[t + 1]];
        vertices.clear();
        for &e in edges {
            let (a, b) = g.ends[e];
            for x in [a, b] {
                if degree[x] == 0 {
                    vertices.push(x);
                }
                degree[x] += 1;
            }
        }
        // The tree's adjacency lists, packed.
        let mut at = 0;
        for &x in &vertices {
            start[x] = at;
            fill[x] = at;
            at += degree[x];
        }
        adjacency.clear();
        adjacency.resize(at, 0);
        for &e in edges {
            let (a, b) = g.ends[e];
            adjacency[fill[a]] = b;
            fill[a] += 1;
            adjacency[fill[b]] = a;
            fill[b] += 1;
        }
        queue.clear();
        queue.extend(vertices.iter().copied().filter(|&x| degree[x] == 1));
        let mut head = 0;
        let before = out.len();
        while head < queue.len() {
            let leaf = queue[head];
            head += 1;
            degree[leaf] = 0;
            for &w in &adjacency[start[leaf]..fill[leaf]] {
                if degree[w] != 0 {
                    out.push((leaf, w));
                    degree[w] -= 1;
                    if degree[w] == 1 {
                        queue.push(w);
                    }
                }
            }
        }
        assert_eq!(
            out.len() - before,
            edges.len(),
            "acyclic_coloring: a two-colored component has a cycle (a bug in the coloring)"
        );
        for &x in &vertices {
            degree[x] = 0;
        }
    }
    (offsets, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coloring_groups() {
        let c = Coloring::from_colors(vec![2, 0, 2, 0, 1]);
        assert_eq!(c.ncolors(), 3);
        assert_eq!(c.group(0), &[1, 3]);
        assert_eq!(c.group(1), &[4]);
        assert_eq!(c.group(2), &[0, 2]);
        assert_eq!(c.len(), 5);
        let s = c.seed_matrix::<i32>();
        assert_eq!(s[0], [0, 0, 1]);
        assert_eq!(s[4], [0, 1, 0]);
        let empty = Coloring::from_colors(Vec::new());
        assert!(empty.is_empty());
        assert_eq!(empty.ncolors(), 0);
    }

    #[test]
    #[should_panic(expected = "color 3 requested of a coloring with 3 colors")]
    fn group_out_of_range() {
        Coloring::from_colors(vec![0, 1, 2]).group(3);
    }

    #[test]
    fn tridiagonal_colorings() {
        let p = SparsityPattern::from_fn(9, 9, |i, j| i.abs_diff(j) <= 1);
        assert_eq!(column_coloring(&p, Order::Natural).ncolors(), 3);
        assert_eq!(row_coloring(&p, Order::Natural).ncolors(), 3);
        assert_eq!(star_coloring(&p, Order::Natural).ncolors(), 3);
        let a = acyclic_coloring(&p, Order::Natural);
        assert_eq!(a.ncolors(), 2);
        // A path two-colored: one tree of all 8 edges.
        assert_eq!(a.ntrees(), 1);
        assert_eq!(a.tree(0).len(), 8);
    }

    #[test]
    fn empty_and_diagonal_patterns() {
        let e = SparsityPattern::empty(0, 0);
        assert_eq!(star_coloring(&e, Order::SmallestLast).ncolors(), 0);
        assert_eq!(acyclic_coloring(&e, Order::SmallestLast).ntrees(), 0);
        assert_eq!(
            column_coloring(&SparsityPattern::empty(3, 0), Order::Natural).ncolors(),
            0
        );
        let d = SparsityPattern::diagonal(5);
        assert_eq!(star_coloring(&d, Order::Natural).ncolors(), 1);
        assert_eq!(acyclic_coloring(&d, Order::Natural).ncolors(), 1);
        assert_eq!(column_coloring(&d, Order::LargestFirst).ncolors(), 1);
        // Empty columns and rows still get a color.
        let z = SparsityPattern::empty(2, 3);
        assert_eq!(column_coloring(&z, Order::Natural).colors(), &[0, 0, 0]);
        assert_eq!(row_coloring(&z, Order::Natural).colors(), &[0, 0]);
    }

    #[test]
    fn star_of_a_star_graph() {
        // Centre 0 joined to 1..=4: two colors, one star with hub 0.
        let p = SparsityPattern::from_fn(5, 5, |i, j| (i == 0) != (j == 0));
        let s = star_coloring(&p, Order::Natural);
        assert_eq!(s.ncolors(), 2);
        assert_eq!(s.nstars(), 1);
        for j in 1..5 {
            assert_eq!(s.hub(&p, 0, j), Some(0));
            assert_eq!(s.hub(&p, j, 0), Some(0));
        }
        assert_eq!(s.hub(&p, 1, 2), None);
        // Colored the other way round the hub is still found.
        let s = star_coloring(&p, Order::Given(&[4, 3, 2, 1, 0]));
        assert_eq!(s.ncolors(), 2);
        assert_eq!(s.hub(&p, 3, 0), Some(0));
    }

    #[test]
    fn cycle_needs_three_acyclic_colors() {
        // A 4-cycle is 2-colorable but a two-colored cycle is not acyclic.
        let p = SparsityPattern::from_fn(4, 4, |i, j| (i + 1) % 4 == j || (j + 1) % 4 == i);
        assert_eq!(acyclic_coloring(&p, Order::Natural).ncolors(), 3);
        assert_eq!(star_coloring(&p, Order::Natural).ncolors(), 3);
    }
}
