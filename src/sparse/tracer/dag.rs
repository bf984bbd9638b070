//! The sets a tracer carries, as a DAG of lazy unions: each operation costs
//! one node at most, and a set is materialized only when a pattern is read.
//!
//! Eager sets (a sorted list or a bitset per value) cost a merge per
//! operation, and a long accumulation `s = s + t` builds sets of every size
//! from 1 to n, O(n²) in all; a union node costs 8 bytes whatever the sets
//! hold, and reading one output's set is a walk over the nodes it reaches.

/// The empty set (node 0).
pub(crate) const EMPTY: u32 = 0;

/// Sets of input indices: node 0 is the empty set, nodes 1..=n the inputs
/// {0}, …, {n − 1}, and every later node the union of two earlier ones.
#[derive(Debug)]
pub(crate) struct SetDag {
    n: u32,
    unions: Vec<[u32; 2]>,
}

impl SetDag {
    pub(crate) fn new(n: usize, capacity: usize) -> Self {
        let n = u32::try_from(n)
            .ok()
            .filter(|&n| n < u32::MAX / 2)
            .unwrap_or_else(|| panic!("gradus::sparse: {n} inputs are too many for a sparsity tracer (at most 2³¹ − 1)"));
        SetDag {
            n,
            unions: Vec::with_capacity(capacity),
        }
    }

    /// The node of input `i`.
    #[inline(always)]
    pub(crate) fn input(i: usize) -> u32 {
        i as u32 + 1
    }

    /// The number of nodes, the empty set and the inputs included.
    pub(crate) fn len(&self) -> usize {
        1 + self.n as usize + self.unions.len()
    }

    /// The union of two sets: no node when one is empty or both are the same.
    #[inline(always)]
    pub(crate) fn union(&mut self, a: u32, b: u32) -> u32 {
        if a == EMPTY || a == b {
            return b;
        }
        if b == EMPTY {
            return a;
        }
        let id = self.len();
        assert!(
            id < (u32::MAX / 2) as usize,
            "gradus::sparse: the traced program made more than 2³¹ operations on tracers"
        );
        self.unions.push([a, b]);
        id as u32
    }

    /// Appends the inputs of set `root` to `out` (unsorted, each once),
    /// walking the nodes with an explicit stack. `seen[node] == mark` marks
    /// the nodes visited in this walk: pass a fresh mark per walk.
    pub(crate) fn collect(&self, root: u32, walk: &mut Walk, out: &mut Vec<usize>) {
        walk.begin(self.len());
        let mark = walk.mark;
        walk.stack.push(root);
        while let Some(node) = walk.stack.pop() {
            if node == EMPTY || walk.seen[node as usize] == mark {
                continue;
            }
            walk.seen[node as usize] = mark;
            if node <= self.n {
                out.push(node as usize - 1);
            } else {
                let [a, b] = self.unions[(node - self.n - 1) as usize];
                walk.stack.push(b);
                walk.stack.push(a);
            }
        }
    }
}

/// Scratch state of the walks over one DAG: visit marks and a stack, reused
/// from one walk to the next.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    seen: Vec<u32>,
    stack: Vec<u32>,
    mark: u32,
}

impl Walk {
    /// Starts a walk over a DAG of `len` nodes.
    fn begin(&mut self, len: usize) {
        if self.seen.len() < len {
            self.seen.resize(len, 0);
        }
        self.mark = self.mark.wrapping_add(1);
        if self.mark == 0 {
            // The marks wrapped: forget them all.
            self.seen.fill(0);
            self.mark = 1;
        }
        self.stack.clear();
    }
}

/// Pairs of inputs, for Hessian tracers: node 0 is the empty set; a later
/// node is either the union of two earlier pair sets or the symmetric
/// product g₁ × g₂ ∪ g₂ × g₁ of two input sets of a [`SetDag`].
#[derive(Debug, Default)]
pub(crate) struct PairDag {
    nodes: Vec<PairNode>,
}

/// One node of a [`PairDag`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PairNode {
    Union(u32, u32),
    /// Two [`SetDag`] nodes, the smaller first.
    Product(u32, u32),
}

impl PairDag {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        PairDag {
            nodes: Vec::with_capacity(capacity),
        }
    }

    fn push(&mut self, node: PairNode) -> u32 {
        let id = self.nodes.len() + 1;
        assert!(
            id < u32::MAX as usize,
            "gradus::sparse: the traced program made more than 2³² operations on tracers"
        );
        self.nodes.push(node);
        id as u32
    }

    /// The node `id` (not the empty set).
    #[inline(always)]
    fn node(&self, id: u32) -> PairNode {
        self.nodes[id as usize - 1]
    }

    /// The union of two pair sets.
    #[inline(always)]
    pub(crate) fn union(&mut self, a: u32, b: u32) -> u32 {
        if a == EMPTY || a == b {
            return b;
        }
        if b == EMPTY {
            return a;
        }
        self.push(PairNode::Union(a, b))
    }

    /// The pairs g₁ × g₂ (and their mirrors).
    #[inline(always)]
    pub(crate) fn product(&mut self, g1: u32, g2: u32) -> u32 {
        if g1 == EMPTY || g2 == EMPTY {
            return EMPTY;
        }
        self.push(PairNode::Product(g1.min(g2), g1.max(g2)))
    }

    /// `h ∪ g × g`, without a node when `h` already ends with that product
    /// (a chain of nonlinear functions of one argument adds it once).
    #[inline(always)]
    pub(crate) fn with_square(&mut self, h: u32, g: u32) -> u32 {
        if g == EMPTY {
            return h;
        }
        let square = PairNode::Product(g, g);
        if h != EMPTY {
            match self.node(h) {
                node if node == square => return h,
                PairNode::Union(_, last) if last != EMPTY && self.node(last) == square => return h,
                _ => {}
            }
        }
        let p = self.push(square);
        self.union(h, p)
    }

    /// Every pair (i, j) of set `root`, both orders, appended to `out`
    /// (with repeats: the caller sorts).
    pub(crate) fn collect(
        &self,
        root: u32,
        sets: &SetDag,
        walk: &mut Walk,
        set_walk: &mut Walk,
        out: &mut Vec<(usize, usize)>,
    ) {
        let len = self.nodes.len() + 1;
        walk.begin(len);
        let mark = walk.mark;
        walk.stack.push(root);
        let mut products = Vec::new();
        while let Some(node) = walk.stack.pop() {
            if node == EMPTY || walk.seen[node as usize] == mark {
                continue;
            }
            walk.seen[node as usize] = mark;
            match self.node(node) {
                PairNode::Union(a, b) => {
                    walk.stack.push(b);
                    walk.stack.push(a);
                }
                PairNode::Product(a, b) => products.push((a, b)),
            }
        }
        // Equal products (the same sets reached by different nodes) once.
        products.sort_unstable();
        products.dedup();
        let (mut left, mut right) = (Vec::new(), Vec::new());
        let mut left_of = EMPTY;
        for (a, b) in products {
            if a != left_of {
                left.clear();
                sets.collect(a, set_walk, &mut left);
                left_of = a;
            }
            let right = if b == a {
                &left
            } else {
                right.clear();
                sets.collect(b, set_walk, &mut right);
                &right
            };
            for &i in &left {
                for &j in right {
                    out.push((i, j));
                    if i != j {
                        out.push((j, i));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(dag: &SetDag, root: u32) -> Vec<usize> {
        let mut out = Vec::new();
        dag.collect(root, &mut Walk::default(), &mut out);
        out.sort_unstable();
        out
    }

    #[test]
    fn unions_are_lazy_and_collected_once() {
        let mut d = SetDag::new(4, 0);
        let (a, b, c) = (SetDag::input(0), SetDag::input(1), SetDag::input(3));
        assert_eq!(d.union(a, EMPTY), a);
        assert_eq!(d.union(EMPTY, b), b);
        assert_eq!(d.union(a, a), a);
        let ab = d.union(a, b);
        let abc = d.union(ab, c);
        let again = d.union(abc, ab);
        assert_eq!(set(&d, again), [0, 1, 3]);
        assert_eq!(set(&d, EMPTY), Vec::<usize>::new());
        assert_eq!(d.len(), 1 + 4 + 3);
    }

    #[test]
    fn marks_wrap_around() {
        let mut d = SetDag::new(2, 0);
        let ab = d.union(SetDag::input(0), SetDag::input(1));
        let mut walk = Walk {
            mark: u32::MAX - 1,
            ..Walk::default()
        };
        for _ in 0..4 {
            let mut out = Vec::new();
            d.collect(ab, &mut walk, &mut out);
            out.sort_unstable();
            assert_eq!(out, [0, 1]);
        }
    }

    #[test]
    fn pairs_of_products() {
        let mut d = SetDag::new(3, 0);
        let (x, y, z) = (SetDag::input(0), SetDag::input(1), SetDag::input(2));
        let xy = d.union(x, y);
        let mut p = PairDag::default();
        let h = p.product(x, z);
        let h = p.with_square(h, xy);
        let h2 = p.with_square(h, xy);
        assert_eq!(h, h2, "the same square is not added twice");
        let mut out = Vec::new();
        p.collect(h, &d, &mut Walk::default(), &mut Walk::default(), &mut out);
        out.sort_unstable();
        out.dedup();
        assert_eq!(out, [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (2, 0)]);
        assert_eq!(p.product(EMPTY, x), EMPTY);
    }
}
