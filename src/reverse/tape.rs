//! The node store: a flat, append-only record of every operation.
//!
//! Each recorded node is an input (a leaf, whose parent slots hold the
//! sentinel [`NONE`]) or a binary operation on two other nodes: their
//! positions and the local partial derivatives ∂node/∂parent, its *weights*
//! (already multiplied by the arguments' scales, see [`Var`](super::Var)).
//! Unary operations record nothing. Stored weights are never exactly zero:
//! an operation whose partial is zero records no edge for it. Values are not
//! stored: they live in the [`Var`](super::Var) handles, and the sweep
//! ([`sweep`](super::sweep)) needs only the weights.
//!
//! The adjoints live in a separate buffer owned by the tape, reused by every
//! sweep: a sweep never writes to the nodes, so a tape can be swept again (for
//! another output), and a cleared tape reuses every buffer without allocating.

use core::cell::{Cell, RefCell};
use num_traits::Float;

/// One recorded operation: `node = f(parents[0], parents[1])` with
/// `weights[k] = ∂f/∂parents[k]`. 24 bytes for `f64`.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub(crate) struct Node<T> {
    pub(crate) parents: [u32; 2],
    pub(crate) weights: [T; 2],
}

/// A [`Node`] slot written field by field through `Cell`s (writing a whole
/// `Cell<Node>` goes through a stack copy that stalls store forwarding).
#[repr(C)]
pub(crate) struct NodeCell<T> {
    parents: [Cell<u32>; 2],
    weights: [Cell<T>; 2],
}

impl<T: Copy> NodeCell<T> {
    #[inline(always)]
    fn new(node: Node<T>) -> Self {
        NodeCell {
            parents: node.parents.map(Cell::new),
            weights: node.weights.map(Cell::new),
        }
    }

    #[inline(always)]
    fn set(&self, node: Node<T>) {
        self.parents[0].set(node.parents[0]);
        self.parents[1].set(node.parents[1]);
        self.weights[0].set(node.weights[0]);
        self.weights[1].set(node.weights[1]);
    }

    #[inline(always)]
    pub(crate) fn get(&self) -> Node<T> {
        Node {
            parents: [self.parents[0].get(), self.parents[1].get()],
            weights: [self.weights[0].get(), self.weights[1].get()],
        }
    }
}

/// The parent position of an unused slot.
pub(crate) const NONE: u32 = u32::MAX;

/// The first parent of a *wide* node, one with any number of parents (a
/// reduction such as a sum or a dot product recorded as one operation): its
/// second parent is the position in the tape's edge list of a header edge
/// whose `parent` is the number of edges that follow.
pub(crate) const WIDE: u32 = u32::MAX - 1;

/// One parent of a wide node and ∂node/∂parent.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge<T> {
    pub(crate) parent: u32,
    pub(crate) weight: T,
}

impl<T: Float> Node<T> {
    /// An input: no parents.
    #[inline(always)]
    pub(crate) fn leaf() -> Self {
        Node {
            parents: [NONE, NONE],
            weights: [T::zero(), T::zero()],
        }
    }

    /// True for an input.
    #[inline(always)]
    pub(crate) fn is_leaf(&self) -> bool {
        self.parents[0] == NONE
    }
}

/// The largest number of nodes a tape can hold (indices are `u32`, and
/// `u32::MAX` is the sentinel [`NONE`]).
const MAX_NODES: usize = u32::MAX as usize;

/// A slot of the size and alignment of a [`Var`](super::Var) but with no
/// lifetime, so that the buffer of input variables of
/// [`gradient_on`](super::gradient_on) can be kept in the tape between calls
/// (empty) and reused without allocating.
#[allow(dead_code)] // never constructed: only the allocation is recycled
pub(crate) struct Slot<T> {
    value: T,
    scale: T,
    index: u32,
    tape: Option<&'static ()>,
}

/// Reuses the allocation of an emptied `Vec<A>` as a `Vec<B>` (the standard
/// library collects a `vec::IntoIter` in place when the element sizes and
/// alignments agree; no element is produced here). The sizes and alignments
/// are checked at compile time, so a change to either type cannot turn this
/// into a silent allocation; the allocation tests check that it allocates
/// nothing.
#[inline]
pub(crate) fn recycle<A, B>(mut v: Vec<A>) -> Vec<B> {
    const {
        assert!(
            core::mem::size_of::<A>() == core::mem::size_of::<B>()
                && core::mem::align_of::<A>() == core::mem::align_of::<B>(),
            "recycle: the element types must have the same size and alignment"
        )
    };
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// A reverse-mode tape (a Wengert list): the record of every operation on its
/// [`Var`](super::Var)s, swept backwards by [`Var::backward`](super::Var::backward) to give the derivatives of
/// one output with respect to every input.
///
/// Recording takes a shared borrow (`&Tape`), so variables are `Copy` handles
/// that combine freely; [`clear`](Tape::clear) takes `&mut self`, so it cannot
/// be called while any variable of the tape is alive. Storage is one node of
/// [`NODE_BYTES`](Tape::NODE_BYTES) (24 bytes for `f64`) per input and per
/// binary operation between two variables, plus one adjoint per node during
/// a sweep; unary operations and operations with a constant record nothing
/// (see [`Var`](super::Var)). The memory is kept across [`clear`](Tape::clear), so
/// recording the same computation again allocates nothing.
///
/// ```
/// use gradus::Tape;
/// use num_traits::Float;
///
/// let tape = Tape::new();
/// let x1 = tape.var(2.0);
/// let x2 = tape.var(5.0);
/// let y = x1.ln() + x1 * x2 - x2.sin();
/// // 2 inputs + 3 binary operations; ln and sin are folded into the weights
/// assert_eq!(tape.len(), 5);
///
/// let g = y.backward();
/// assert!((y.value() - 11.652071455223084).abs() < 1e-12);
/// assert!((g.wrt(x1) - 5.5).abs() < 1e-12);
/// assert!((g.wrt(x2) - 1.7163378145367738).abs() < 1e-12);
/// ```
pub struct Tape<T = f64> {
    /// The number of nodes recorded.
    len: Cell<u32>,
    /// Node storage written through `Cell`s: appending needs no borrow flag.
    /// It only changes length in `clear` (which has `&mut self`), so its size
    /// is that of the largest recording seen so far; at most [`NONE`] slots.
    slots: Vec<NodeCell<T>>,
    /// Nodes past the end of `slots` (a recording larger than any before);
    /// `clear` folds them into `slots`.
    overflow: RefCell<Vec<Node<T>>>,
    pub(crate) adjoints: RefCell<Vec<T>>,
    /// Counts sweeps, so that an [`Adjoints`] can tell it has been overwritten.
    pub(crate) generation: Cell<u64>,
    /// How many nodes at the start of the tape are inputs (the sweep stops there).
    pub(crate) inputs_first: Cell<usize>,
    pub(crate) spare: Cell<Vec<Slot<T>>>,
    /// The buffers of [`sum_gradient_on`](super::sum_gradient_on): inputs,
    /// shared values, a term's scratch.
    pub(crate) sum_spare: Cell<[Vec<Slot<T>>; 3]>,
    /// The edges of the wide nodes, in recording order.
    pub(crate) edges: RefCell<Vec<Edge<T>>>,
    /// While [`sum_gradient_on`](super::sum_gradient_on) runs: the number
    /// of nodes (and edges) of the shared prefix, which each term records on
    /// top of and then discards; `NONE` otherwise.
    pub(crate) frozen: Cell<(u32, usize)>,
}

impl<T: Float> Default for Tape<T> {
    fn default() -> Self {
        Tape::new()
    }
}

impl<T: Float> core::fmt::Debug for Tape<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Tape")
            .field("len", &self.len())
            .field("capacity", &self.capacity())
            .finish_non_exhaustive()
    }
}

impl<T: Float> Tape<T> {
    /// Bytes of tape per node (an input or a binary operation): two `u32`
    /// parent positions and two weights, 24 for `f64` and 16 for `f32`.
    /// A sweep uses one more `T` per node for the adjoints.
    pub const NODE_BYTES: usize = core::mem::size_of::<Node<T>>();

    /// An empty tape.
    pub fn new() -> Self {
        Tape {
            len: Cell::new(0),
            slots: Vec::new(),
            overflow: RefCell::new(Vec::new()),
            adjoints: RefCell::new(Vec::new()),
            generation: Cell::new(0),
            inputs_first: Cell::new(0),
            spare: Cell::new(Vec::new()),
            sum_spare: Cell::new([Vec::new(), Vec::new(), Vec::new()]),
            edges: RefCell::new(Vec::new()),
            frozen: Cell::new((NONE, 0)),
        }
    }

    /// An empty tape with room for `nodes` nodes (inputs and operations)
    /// before it allocates again.
    pub fn with_capacity(nodes: usize) -> Self {
        let mut tape = Tape::new();
        tape.slots = blank(nodes.min(MAX_NODES));
        tape.adjoints = RefCell::new(Vec::with_capacity(nodes));
        tape
    }

    /// Records `count` inputs and returns the position of the first.
    ///
    /// Inputs at the start of the tape are never read (the sweep stops above
    /// them, and [`node`](Self::node) knows they are leaves), so while they
    /// fit in the slots only the length moves.
    #[inline]
    pub(crate) fn push_inputs(&self, count: usize) -> u32 {
        let first = self.len.get();
        let end = first as usize + count;
        let leading = first as usize == self.inputs_first.get();
        if leading && end <= self.slots.len() {
            self.len.set(end as u32);
        } else {
            for _ in 0..count {
                self.push(Node::leaf());
            }
        }
        if leading {
            self.inputs_first.set(end);
        }
        first
    }

    /// The number of nodes recorded: inputs plus operations.
    #[inline]
    pub fn len(&self) -> usize {
        self.len.get() as usize
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many nodes the tape can hold before it allocates again.
    pub fn capacity(&self) -> usize {
        self.slots.len() + self.overflow.borrow().capacity()
    }

    /// Forgets every recorded node, keeping the memory for reuse: recording the
    /// same computation again allocates nothing.
    ///
    /// Taking `&mut self` means no variable of this tape can be alive, so no
    /// stale variable can ever refer to a cleared node:
    ///
    /// ```compile_fail
    /// use gradus::Tape;
    /// let mut tape = Tape::new();
    /// let x = tape.var(1.0);
    /// tape.clear(); // error: `tape` is still borrowed by `x`
    /// let y = x * 2.0;
    /// ```
    ///
    /// Recreate the variables after clearing instead:
    ///
    /// ```
    /// use gradus::Tape;
    /// let mut tape = Tape::new();
    /// for k in 0..3 {
    ///     tape.clear();
    ///     let x = tape.var(k as f64);
    ///     let y = x * x;
    ///     assert_eq!(y.backward().wrt(x), 2.0 * k as f64);
    /// }
    /// ```
    pub fn clear(&mut self) {
        let used = self.len();
        let overflow = core::mem::take(self.overflow.get_mut());
        if used > self.slots.len() {
            // The last recording outgrew the slots: make room for all of it,
            // reusing the overflow's allocation when it is large enough (so a
            // first recording costs no second allocation to be reused).
            if overflow.capacity() >= used {
                let mut slots: Vec<NodeCell<T>> = recycle(overflow);
                let room = slots.capacity().min(MAX_NODES);
                slots.resize_with(room, || NodeCell::new(Node::leaf()));
                self.slots = slots;
            } else {
                let room = used.max(2 * self.slots.len()).min(MAX_NODES);
                let more = room - self.slots.len();
                self.slots.reserve_exact(more);
                self.slots.resize_with(room, || NodeCell::new(Node::leaf()));
            }
        }
        self.len.set(0);
        self.adjoints.get_mut().clear();
        self.inputs_first.set(0);
        self.edges.get_mut().clear();
        self.frozen.set((NONE, 0));
    }

    /// The two stores, for the sweep: node `i` is `slots[i]` below
    /// `slots.len()` and `overflow[i - slots.len()]` above.
    #[inline(always)]
    pub(crate) fn stores(&self) -> (&[NodeCell<T>], core::cell::Ref<'_, Vec<Node<T>>>) {
        (&self.slots, self.overflow.borrow())
    }

    /// Node `i` (which must have been recorded).
    pub(crate) fn node(&self, i: usize) -> Node<T> {
        if i < self.inputs_first.get() {
            return Node::leaf(); // leading inputs are not written
        }
        match self.slots.get(i) {
            Some(slot) => slot.get(),
            None => self.overflow.borrow()[i - self.slots.len()],
        }
    }

    /// Appends a node and returns its position.
    ///
    /// The hot path writes one `Cell` slot and bumps the length: no borrow
    /// flag, no capacity test beyond the slot lookup, no overflow test (the
    /// slots number at most [`NONE`]). Two single stores were measured
    /// against this one (reverse Rosenbrock gradient, n = 1000, reused tape):
    /// a `RefCell<Vec<Node>>` took 1.65× the time (a borrow flag written on
    /// every append), and a store of `Cell` chunks that grows in place
    /// through `&self` took 1.55× (locating the chunk on every append and
    /// every visit); so the slots stay, with the overflow for a recording
    /// longer than any before.
    #[inline(always)]
    pub(crate) fn push(&self, node: Node<T>) -> u32 {
        let i = self.len.get();
        match self.slots.get(i as usize) {
            Some(slot) => slot.set(node),
            None => self.push_overflow(i, node),
        }
        self.len.set(i + 1);
        i
    }

    /// Appends a wide node with the given edges (at least two, each weight
    /// non-zero) and returns its position.
    pub(crate) fn push_wide(&self, edges: impl Iterator<Item = Edge<T>>) -> u32 {
        let start = {
            let mut all = self.edges.borrow_mut();
            let start = all.len();
            all.push(Edge {
                parent: 0,
                weight: T::zero(),
            });
            all.extend(edges);
            let count = all.len() - start - 1;
            all[start].parent = count as u32;
            start
        };
        if start >= NONE as usize {
            tape_full();
        }
        self.push(Node {
            parents: [WIDE, start as u32],
            weights: [T::zero(), T::zero()],
        })
    }

    /// Forgets the nodes and edges recorded past `len` and `edges` (the end
    /// of an accumulated term), keeping the storage.
    pub(crate) fn truncate(&self, len: u32, edges: usize) {
        self.len.set(len);
        // Nodes past the slots live in the overflow at their position less
        // the slots' count: it must end where the tape now ends.
        let spill = (len as usize).saturating_sub(self.slots.len());
        self.overflow.borrow_mut().truncate(spill);
        self.inputs_first
            .set(self.inputs_first.get().min(len as usize));
        self.edges.borrow_mut().truncate(edges);
    }

    /// The number of edges of wide nodes recorded.
    pub(crate) fn edge_count(&self) -> usize {
        self.edges.borrow().len()
    }

    /// Appends past the slots: a recording larger than any since the last
    /// `clear` (the first one on a new tape).
    ///
    /// The overflow keeps room for the whole recording, slots included, so
    /// that `clear` can turn its allocation into the new slots: growing the
    /// tape costs allocations only while it grows, none on the next run.
    #[cold]
    #[inline(never)]
    fn push_overflow(&self, i: u32, node: Node<T>) {
        if i == NONE {
            tape_full();
        }
        let mut overflow = self.overflow.borrow_mut();
        let needed = self.slots.len() + overflow.len() + 1;
        if overflow.capacity() < needed {
            let target = needed.max(2 * overflow.capacity()).min(MAX_NODES);
            let more = target - overflow.len();
            overflow.reserve_exact(more);
        }
        overflow.push(node);
    }
}

/// `n` blank slots.
fn blank<T: Float>(n: usize) -> Vec<NodeCell<T>> {
    let mut v = Vec::with_capacity(n);
    v.resize_with(n, || NodeCell::new(Node::leaf()));
    v
}

#[cold]
#[inline(never)]
fn tape_full() -> ! {
    panic!(
        "Tape: the tape is full (2^32 - 1 nodes): clear it between independent computations, or split the computation"
    )
}

/// The message for combining variables of two tapes.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn mixed_tapes() -> ! {
    panic!(
        "variables from two different tapes were combined; record a whole computation on one Tape \
         (create every input with the same tape.var), or bring a value over from another tape as a \
         constant with Var::constant(v.value())"
    )
}
