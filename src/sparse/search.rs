//! The best coloring of several (documented in the
//! [`sparse`](crate::sparse#the-best-colorings) module).

use super::coloring::{
    AcyclicColoring, Coloring, StarColoring, acyclic_greedy, acyclic_structure, distance2,
    star_greedy, star_structure,
};
use super::graph::{NONE, SymGraph};
use super::order::{Adjacency, Intersection, Order};
use super::pattern::SparsityPattern;

/// The heuristic orders every search starts from.
const ORDERS: [Order<'static>; 5] = [
    Order::Natural,
    Order::LargestFirst,
    Order::SmallestLast,
    Order::IncidenceDegree,
    Order::DynamicLargestFirst,
];

/// The periods k of the level-biased candidates: BFS order from a
/// pseudo-peripheral vertex, each vertex preferring the color (level mod k).
const LEVEL_PERIODS: [usize; 4] = [2, 3, 4, 5];

/// The most iterated greedy rounds a search makes.
const ROUNDS: usize = 32;

/// Iterated greedy stops after this many rounds in a row without fewer colors.
const PATIENCE: usize = 8;

/// The column coloring with the fewest colors among every heuristic order
/// and iterated greedy rounds (see [the best colorings](crate::sparse#the-best-colorings)
/// for the strategy and its cost). Valid in the sense of [`column_coloring`]
/// (columns sharing a row differ).
///
/// [`column_coloring`]: super::column_coloring
///
/// ```
/// use gradus::sparse::{Order, SparsityPattern, best_column_coloring, column_coloring};
///
/// // An arrow pointing right: a dense last column over a bidiagonal.
/// let p = SparsityPattern::from_fn(8, 8, |i, j| j == 7 || j == i || j == i + 1);
/// let best = best_column_coloring(&p);
/// for order in [Order::Natural, Order::LargestFirst, Order::SmallestLast] {
///     assert!(best.ncolors() <= column_coloring(&p, order).ncolors());
/// }
/// assert_eq!(best.ncolors(), 3);
/// ```
pub fn best_column_coloring(pattern: &SparsityPattern) -> Coloring {
    let by_col = pattern.transpose();
    Coloring::from_colors(best_distance2(pattern, &by_col))
}

/// The row coloring with the fewest colors among every heuristic order and
/// iterated greedy rounds: the best column coloring of the transpose.
///
/// ```
/// use gradus::sparse::{SparsityPattern, best_row_coloring};
/// // Rows 0 and 1 share column 0; row 2 shares nothing.
/// let p = SparsityPattern::from_rows(3, [vec![0, 1], vec![0], vec![2]]);
/// assert_eq!(best_row_coloring(&p).ncolors(), 2);
/// ```
pub fn best_row_coloring(pattern: &SparsityPattern) -> Coloring {
    let by_row = pattern.transpose();
    Coloring::from_colors(best_distance2(&by_row, pattern))
}

/// The star coloring with the fewest colors among the greedy star colorings
/// in every heuristic order, the distance-2 colorings in every order, and
/// iterated greedy rounds (see [the best colorings](crate::sparse#the-best-colorings)). Never more colors
/// than any of those alone.
///
/// # Panics
/// If the pattern is not symmetric.
///
/// ```
/// use gradus::sparse::{SparsityPattern, best_star_coloring, is_valid_star_coloring};
///
/// // The 5-point stencil on a 12 × 12 grid: 5 colors, the optimum.
/// let n = 12;
/// let p = SparsityPattern::from_fn(n * n, n * n, |u, v| {
///     (u / n).abs_diff(v / n) + (u % n).abs_diff(v % n) <= 1
/// });
/// let s = best_star_coloring(&p);
/// assert_eq!(s.ncolors(), 5);
/// assert!(is_valid_star_coloring(&p, s.coloring().colors()));
/// ```
pub fn best_star_coloring(pattern: &SparsityPattern) -> StarColoring {
    let g = SymGraph::new(pattern, "best_star_coloring");
    let (best, order) = best_star_of(&g, pattern);
    iterate(
        best,
        order,
        |s: &StarColoring| s.coloring(),
        |v| star_greedy(&g, v, None),
    )
}

/// The acyclic coloring with the fewest colors among the greedy acyclic
/// colorings in every heuristic order, the best star coloring's candidates
/// (star and distance-2 colorings are acyclic), and iterated greedy rounds
/// (see [the best colorings](crate::sparse#the-best-colorings)).
///
/// # Panics
/// If the pattern is not symmetric.
///
/// ```
/// use gradus::sparse::{SparsityPattern, best_acyclic_coloring, is_valid_acyclic_coloring};
///
/// // The 5-point stencil on a 12 × 12 grid: 3 colors, the optimum.
/// let n = 12;
/// let p = SparsityPattern::from_fn(n * n, n * n, |u, v| {
///     (u / n).abs_diff(v / n) + (u % n).abs_diff(v % n) <= 1
/// });
/// let a = best_acyclic_coloring(&p);
/// assert_eq!(a.ncolors(), 3);
/// assert!(is_valid_acyclic_coloring(&p, a.coloring().colors()));
/// ```
pub fn best_acyclic_coloring(pattern: &SparsityPattern) -> AcyclicColoring {
    let g = SymGraph::new(pattern, "best_acyclic_coloring");
    let mut best: Option<(AcyclicColoring, Vec<usize>)> = None;
    for order in ORDERS {
        let v = order.vertices(&mut Adjacency(pattern));
        let a = acyclic_greedy(&g, &v, None);
        keep_fewer(&mut best, a, v, |a| a.coloring());
    }
    let (bfs, level) = levels(&g);
    for k in LEVEL_PERIODS {
        let prefer: Vec<usize> = level.iter().map(|&l| l % k).collect();
        let a = acyclic_greedy(&g, &bfs, Some(&prefer));
        keep_fewer(&mut best, a, bfs.clone(), |a| a.coloring());
    }
    let (star, order) = best_star_of(&g, pattern);
    let star = iterate(
        star,
        order.clone(),
        |s: &StarColoring| s.coloring(),
        |v| star_greedy(&g, v, None),
    );
    let a = acyclic_structure(&g, star.into_coloring());
    keep_fewer(&mut best, a, order, |a| a.coloring());
    let (best, order) = best.expect("ORDERS is not empty");
    iterate(
        best,
        order,
        |a: &AcyclicColoring| a.coloring(),
        |v| acyclic_greedy(&g, v, None),
    )
}

/// The best of the greedy star colorings (plain and level-biased) and
/// distance-2 colorings, with the order that produced it.
fn best_star_of(g: &SymGraph<'_>, pattern: &SparsityPattern) -> (StarColoring, Vec<usize>) {
    let mut best: Option<(StarColoring, Vec<usize>)> = None;
    for order in ORDERS {
        let v = order.vertices(&mut Adjacency(pattern));
        let s = star_greedy(g, &v, None);
        keep_fewer(&mut best, s, v, |s| s.coloring());
    }
    let (bfs, level) = levels(g);
    for k in LEVEL_PERIODS {
        let prefer: Vec<usize> = level.iter().map(|&l| l % k).collect();
        let s = star_greedy(g, &bfs, Some(&prefer));
        keep_fewer(&mut best, s, bfs.clone(), |s| s.coloring());
    }
    // With the diagonal, columns sharing a row are within distance 2.
    let full = with_diagonal(pattern);
    let by_col = full.transpose();
    let mut graph = Intersection::new(&full, &by_col);
    for order in ORDERS {
        let v = order.vertices(&mut graph);
        let colors = Coloring::from_colors(distance2(&full, &by_col, &v));
        if colors.ncolors() < best.as_ref().map_or(usize::MAX, |b| b.0.ncolors()) {
            best = Some((star_structure(g, colors), v));
        }
    }
    best.expect("ORDERS is not empty")
}

/// The best distance-2 coloring of the columns of `by_row`.
fn best_distance2(by_row: &SparsityPattern, by_col: &SparsityPattern) -> Vec<usize> {
    let mut graph = Intersection::new(by_row, by_col);
    let mut best: Option<(Coloring, Vec<usize>)> = None;
    for order in ORDERS {
        let v = order.vertices(&mut graph);
        let c = Coloring::from_colors(distance2(by_row, by_col, &v));
        keep_fewer(&mut best, c, v, |c| c);
    }
    let (best, order) = best.expect("ORDERS is not empty");
    let best = iterate(
        best,
        order,
        |c: &Coloring| c,
        |v| Coloring::from_colors(distance2(by_row, by_col, v)),
    );
    best.colors().to_vec()
}

/// Replaces `best` by `(candidate, order)` if it has fewer colors.
fn keep_fewer<C>(
    best: &mut Option<(C, Vec<usize>)>,
    candidate: C,
    order: Vec<usize>,
    coloring: impl Fn(&C) -> &Coloring,
) {
    let fewer = best
        .as_ref()
        .is_none_or(|(b, _)| coloring(&candidate).ncolors() < coloring(b).ncolors());
    if fewer {
        *best = Some((candidate, order));
    }
}

/// Iterated greedy rounds from `start` (colored in the order `order`):
/// recolor class by class, keep ties as the new current coloring, return
/// the one with the fewest colors.
fn iterate<C>(
    start: C,
    mut order: Vec<usize>,
    coloring: impl Fn(&C) -> &Coloring,
    mut recolor: impl FnMut(&[usize]) -> C,
) -> C {
    let mut best = start;
    let mut current: Vec<usize> = coloring(&best).colors().to_vec();
    let mut stale = 0;
    let mut rng = 0x2545_F491_4F6C_DD1D_u64;
    for round in 0..ROUNDS {
        if stale >= PATIENCE || coloring(&best).ncolors() <= 1 {
            break;
        }
        let rank = class_rank(&current, round, &mut rng);
        // Stable: within a class, the previous order.
        order.sort_by_key(|&v| rank[current[v]]);
        let next = recolor(&order);
        let k = coloring(&next).ncolors();
        let b = coloring(&best).ncolors();
        if k <= b {
            current.clear();
            current.extend_from_slice(coloring(&next).colors());
            if k < b {
                stale = 0;
            } else {
                stale += 1;
            }
            best = next;
        } else {
            stale += 1;
        }
    }
    best
}

/// The position of each color class in the next round's order: reverse,
/// by decreasing size, by increasing size, or shuffled, in turn.
fn class_rank(colors: &[usize], round: usize, rng: &mut u64) -> Vec<usize> {
    let k = colors.iter().map(|&c| c + 1).max().unwrap_or(0);
    let mut size = vec![0usize; k];
    for &c in colors {
        size[c] += 1;
    }
    let mut classes: Vec<usize> = (0..k).collect();
    match round % 4 {
        0 => classes.reverse(),
        1 => classes.sort_by_key(|&c| core::cmp::Reverse(size[c])),
        2 => classes.sort_by_key(|&c| size[c]),
        _ => {
            for i in (1..k).rev() {
                // xorshift64*: a fixed sequence, so every run is the same.
                *rng ^= *rng >> 12;
                *rng ^= *rng << 25;
                *rng ^= *rng >> 27;
                let r = rng.wrapping_mul(0x2545_F491_4F6C_DD1D);
                classes.swap(i, (r % (i as u64 + 1)) as usize);
            }
        }
    }
    let mut rank = vec![0; k];
    for (position, &c) in classes.iter().enumerate() {
        rank[c] = position;
    }
    rank
}

/// The pattern with every diagonal entry added.
fn with_diagonal(p: &SparsityPattern) -> SparsityPattern {
    SparsityPattern::from_rows(
        p.ncols(),
        (0..p.nrows()).map(|i| {
            let mut row = p.row(i).to_vec();
            if p.row(i).binary_search(&i).is_err() {
                row.push(i);
            }
            row
        }),
    )
}

/// Breadth-first levels: for each connected component, the levels from a
/// pseudo-peripheral root (George and Liu, 1979: a BFS from the far end of
/// the previous one, while the depth grows), and the BFS order.
fn levels(g: &SymGraph<'_>) -> (Vec<usize>, Vec<usize>) {
    let n = g.nvertices();
    let mut level = vec![NONE; n];
    let mut order = Vec::with_capacity(n);
    let mut scratch = vec![NONE; n];
    let mut queue = Vec::new();
    let degree = |v: usize| g.neighbors(v).count();
    for start in 0..n {
        if level[start] != NONE {
            continue;
        }
        let mut root = start;
        let mut depth = bfs(g, root, &mut scratch, &mut queue);
        for _ in 0..8 {
            // The far end of least degree.
            let far = queue
                .iter()
                .copied()
                .filter(|&v| scratch[v] == depth)
                .min_by_key(|&v| degree(v))
                .expect("the last level is not empty");
            for &v in &queue {
                scratch[v] = NONE;
            }
            let d = bfs(g, far, &mut scratch, &mut queue);
            if d <= depth {
                for &v in &queue {
                    scratch[v] = NONE;
                }
                bfs(g, root, &mut scratch, &mut queue);
                break;
            }
            (root, depth) = (far, d);
        }
        for &v in &queue {
            level[v] = scratch[v];
        }
        order.extend_from_slice(&queue);
    }
    (order, level)
}

/// Breadth-first search from `root`: `dist` (NONE on entry for the
/// component) gets the distances, `queue` the visit order; returns the depth.
fn bfs(g: &SymGraph<'_>, root: usize, dist: &mut [usize], queue: &mut Vec<usize>) -> usize {
    queue.clear();
    queue.push(root);
    dist[root] = 0;
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        for (w, _) in g.neighbors(v) {
            if dist[w] == NONE {
                dist[w] = dist[v] + 1;
                queue.push(w);
            }
        }
    }
    dist[*queue.last().expect("the root is queued")]
}
