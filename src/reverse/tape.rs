//! The tape: a flat, append-only record of every operation, and the backward sweep.
//!
//! Each recorded node is an input (a leaf, whose parent slots hold the
//! sentinel [`NONE`]) or a binary operation on two other nodes: their
//! positions and the local partial derivatives ∂node/∂parent, its *weights*
//! (already multiplied by the arguments' scales, see [`Var`]). Unary
//! operations record nothing. Stored weights are never exactly zero: an
//! operation whose partial is zero records no edge for it. Values are not
//! stored: they live in the [`Var`] handles, and the sweep needs only the
//! weights.
//!
//! The adjoints live in a separate buffer owned by the tape, reused by every
//! sweep: a sweep never writes to the nodes, so a tape can be swept again (for
//! another output), and a cleared tape reuses both buffers without allocating.

use super::var::Var;
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
    fn get(&self) -> Node<T> {
        Node {
            parents: [self.parents[0].get(), self.parents[1].get()],
            weights: [self.weights[0].get(), self.weights[1].get()],
        }
    }
}

/// The parent position of an unused slot.
pub(crate) const NONE: u32 = u32::MAX;

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

/// A slot with the layout of a [`Var`] but no lifetime, so that the buffer of
/// input variables of [`gradient_on`](super::gradient_on) can be kept in the
/// tape between calls (empty) and reused without allocating.
#[repr(C)]
#[allow(dead_code)] // never constructed: only the allocation is recycled
pub(crate) struct Slot<T> {
    value: T,
    scale: T,
    index: u32,
    tape: Option<&'static ()>,
}

/// Reuses the allocation of an emptied `Vec<A>` as a `Vec<B>` of the same
/// element layout (the standard library collects a `vec::IntoIter` in place
/// when the element sizes and alignments agree; none are produced here).
/// The allocation test checks that this allocates nothing.
#[inline]
pub(crate) fn recycle<A, B>(mut v: Vec<A>) -> Vec<B> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// A reverse-mode tape (a Wengert list): the record of every operation on its
/// [`Var`]s, swept backwards by [`Var::backward`] to give the derivatives of
/// one output with respect to every input.
///
/// Recording takes a shared borrow (`&Tape`), so variables are `Copy` handles
/// that combine freely; [`clear`](Tape::clear) takes `&mut self`, so it cannot
/// be called while any variable of the tape is alive. Storage is one node of
/// [`NODE_BYTES`](Tape::NODE_BYTES) (24 bytes for `f64`) per input and per
/// binary operation between two variables, plus one adjoint per node during
/// a sweep; unary operations and operations with a constant record nothing
/// (see [`Var`]). The memory is kept across [`clear`](Tape::clear), so
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
    adjoints: RefCell<Vec<T>>,
    /// Counts sweeps, so that an [`Adjoints`] can tell it has been overwritten.
    generation: Cell<u64>,
    /// How many nodes at the start of the tape are inputs (the sweep stops there).
    inputs_first: Cell<usize>,
    pub(crate) spare: Cell<Vec<Slot<T>>>,
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

    /// A new input variable with value `x`: one leaf node on the tape.
    ///
    /// # Panics
    /// If the tape already holds 2³² − 1 nodes.
    #[inline]
    pub fn var(&self, x: T) -> Var<'_, T> {
        let i = self.push_inputs(1);
        Var::on_tape(x, i, self)
    }

    /// One input variable per value, in order (a convenience that allocates
    /// the returned `Vec`).
    pub fn vars(&self, xs: &[T]) -> Vec<Var<'_, T>> {
        let mut out = Vec::with_capacity(xs.len());
        self.vars_into(xs, &mut out);
        out
    }

    /// Appends one input variable per value to `out` (no allocation when `out`
    /// has the capacity and the tape has room).
    pub fn vars_into<'t>(&'t self, xs: &[T], out: &mut Vec<Var<'t, T>>) {
        let first = self.push_inputs(xs.len());
        out.extend(
            xs.iter()
                .enumerate()
                .map(|(k, &x)| Var::on_tape(x, first + k as u32, self)),
        );
    }

    /// Records `count` inputs and returns the position of the first.
    ///
    /// Inputs at the start of the tape are never read (the sweep stops above
    /// them, and [`node`](Self::node) knows they are leaves), so while they
    /// fit in the slots only the length moves.
    #[inline]
    fn push_inputs(&self, count: usize) -> u32 {
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
    }

    /// The vector-Jacobian product wᵀJ of several outputs in one sweep: the
    /// returned adjoints hold Σᵢ wᵢ ∂yᵢ/∂x for every node x.
    ///
    /// Outputs that are constants (not on any tape) contribute nothing.
    /// Read the result with [`Adjoints::wrt`] for the inputs.
    ///
    /// # Panics
    /// If `ys` and `w` differ in length, or an output belongs to another tape.
    ///
    /// ```
    /// use gradus::Tape;
    /// let tape = Tape::new();
    /// let (a, b) = (tape.var(3.0), tape.var(4.0));
    /// let ys = [a * b, a + b];
    /// let g = tape.vjp(&ys, &[1.0, 10.0]);
    /// assert_eq!((g.wrt(a), g.wrt(b)), (4.0 + 10.0, 3.0 + 10.0));
    /// ```
    pub fn vjp<'t>(&'t self, ys: &[Var<'t, T>], w: &[T]) -> Adjoints<'t, T> {
        assert_eq!(
            ys.len(),
            w.len(),
            "Tape::vjp: {} outputs but {} weights: pass one weight per output",
            ys.len(),
            w.len()
        );
        let mut top = None;
        for y in ys {
            if let Some(i) = self.own_index(y) {
                top = Some(top.map_or(i, |t: usize| t.max(i)));
            }
        }
        let seeds = ys
            .iter()
            .zip(w)
            .filter_map(|(y, &wi)| self.own_index(y).map(|i| (i, seed(wi, y.scale()))));
        self.sweep(top, seeds)
    }

    /// Runs one backward sweep from node `output` seeded with `scale`.
    pub(crate) fn backward_from(&self, output: u32, scale: T) -> Adjoints<'_, T> {
        let i = output as usize;
        self.sweep(Some(i), core::iter::once((i, scale)))
    }

    /// The position of `v` on this tape; `None` for a constant.
    ///
    /// # Panics
    /// If `v` belongs to another tape.
    #[inline]
    fn own_index(&self, v: &Var<'_, T>) -> Option<usize> {
        match v.tape_ref() {
            None => None,
            Some(t) if core::ptr::eq(t, self) => Some(v.raw_index() as usize),
            Some(_) => mixed_tapes(),
        }
    }

    /// The backward sweep: adjoints of nodes `0..=top`, seeded at the given
    /// nodes, in one loop from the last node to the first (no recursion, cost
    /// linear in the tape however much the nodes share).
    ///
    /// The zero-partial rule: a contribution adjoint · weight in which either
    /// factor is exactly zero adds nothing, so an infinite or NaN local
    /// derivative never reaches an input whose path to the output carries a
    /// zero, exactly as in forward mode.
    fn sweep(
        &self,
        top: Option<usize>,
        seeds: impl Iterator<Item = (usize, T)>,
    ) -> Adjoints<'_, T> {
        let mut adj = self.adjoints.borrow_mut();
        let len = top.map_or(0, |t| t + 1);
        adj.clear();
        adj.resize(len, T::zero());
        for (i, w) in seeds {
            adj[i] = adj[i] + w;
        }
        let start = self.inputs_first.get().min(len);
        // nodes [0, split) are in the slots, [split, len) in the overflow
        let split = self.slots.len().min(len);
        let overflow = self.overflow.borrow();
        let mut sweep = Sweep {
            adj: &mut adj[..len],
            carry: [T::zero(), T::zero()],
        };
        for i in (start.max(split)..len).rev() {
            sweep.step(i, &overflow[i - split]);
        }
        for i in (start..split).rev() {
            sweep.step(i, &self.slots[i].get());
        }
        sweep.finish(start);
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        Adjoints {
            tape: Some(self),
            generation,
        }
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
    /// slots number at most [`NONE`]).
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

/// The seed w · scale of an output under the zero-partial rule.
fn seed<T: Float>(w: T, scale: T) -> T {
    if w.is_zero() { w } else { w * scale }
}

/// `n` blank slots.
fn blank<T: Float>(n: usize) -> Vec<NodeCell<T>> {
    let mut v = Vec::with_capacity(n);
    v.resize_with(n, || NodeCell::new(Node::leaf()));
    v
}

/// The state of one backward sweep.
///
/// `adj[i]` is complete when node `i` is reached, because every parent
/// precedes its children on the tape. Contributions to the two nodes just
/// below (`i − 1` and `i − 2`, the most common parents: the previous
/// operations) are carried in registers instead of a round trip through
/// memory, which shortens the chain of dependent additions that bounds the
/// sweep's speed (an accumulating loop's running total is such a chain). A
/// stored weight is never zero, so the zero-partial rule needs only the test
/// of the adjoint.
struct Sweep<'a, T> {
    adj: &'a mut [T],
    /// Pending contributions to nodes `i − 1` and `i − 2`.
    carry: [T; 2],
}

impl<T: Float> Sweep<'_, T> {
    /// Visits node `i`.
    #[inline(always)]
    fn step(&mut self, i: usize, node: &Node<T>) {
        let n = self.adj.len();
        let a = self.adj[i] + self.carry[0];
        self.adj[i] = a;
        self.carry = [self.carry[1], T::zero()];
        if a.is_zero() {
            return;
        }
        let p0 = node.parents[0] as usize;
        if p0 >= n {
            return; // an input
        }
        let p1 = node.parents[1] as usize;
        let (c0, c1) = (a * node.weights[0], a * node.weights[1]);
        self.add(i, p0, c0);
        self.add(i, p1, c1);
    }

    /// Adds contribution `c` from node `i` to its parent `p < i`.
    #[inline(always)]
    fn add(&mut self, i: usize, p: usize, c: T) {
        match i - p {
            1 => self.carry[0] = self.carry[0] + c,
            2 => self.carry[1] = self.carry[1] + c,
            _ => self.adj[p] = self.adj[p] + c,
        }
    }

    /// Adds the carried contributions to the nodes below the first visited.
    #[inline(always)]
    fn finish(self, start: usize) {
        let [c1, c2] = self.carry;
        if start >= 1 && !c1.is_zero() {
            self.adj[start - 1] = self.adj[start - 1] + c1;
        }
        if start >= 2 && !c2.is_zero() {
            self.adj[start - 2] = self.adj[start - 2] + c2;
        }
    }
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

/// The adjoints after one backward sweep: [`wrt`](Adjoints::wrt) reads
/// ∂y/∂x for any variable x of the tape.
///
/// The numbers live in a buffer owned by the tape and reused by the next
/// sweep, which is how [`Var::backward`] avoids allocating. Reading an
/// `Adjoints` after another sweep of the same tape panics: copy out what you
/// need (with [`wrt_into`](Adjoints::wrt_into)) before the next
/// [`backward`](Var::backward).
#[derive(Clone, Copy)]
pub struct Adjoints<'tape, T = f64> {
    /// `None` for the sweep of a constant output: every adjoint is zero.
    tape: Option<&'tape Tape<T>>,
    generation: u64,
}

impl<T> core::fmt::Debug for Adjoints<'_, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Adjoints")
            .field("constant_output", &self.tape.is_none())
            .finish_non_exhaustive()
    }
}

impl<'t, T: Float> Adjoints<'t, T> {
    /// The result of sweeping a constant output: nothing depends on anything.
    pub(crate) fn of_constant() -> Self {
        Adjoints {
            tape: None,
            generation: 0,
        }
    }

    /// The adjoint of input `x` in the buffer `adj` (zero past its end).
    #[inline]
    fn read(&self, adj: &[T], x: &Var<'t, T>) -> T {
        match self.tape {
            Some(tape) => match tape.own_index(x) {
                Some(i) => {
                    if !(tape.node(i).is_leaf() && x.scale() == T::one()) {
                        not_an_input();
                    }
                    if i < adj.len() { adj[i] } else { T::zero() }
                }
                None => T::zero(),
            },
            None => T::zero(),
        }
    }

    /// ∂y/∂x for an input `x` (a variable made by [`Tape::var`]). Zero when
    /// y does not depend on x (including a constant `x`, and an input
    /// created after y).
    ///
    /// # Panics
    /// If `x` belongs to another tape or is not an input (the tape records
    /// derivatives with respect to inputs only), or another sweep of this
    /// tape has run since this one.
    #[inline]
    pub fn wrt(&self, x: Var<'t, T>) -> T {
        match self.tape {
            Some(tape) => {
                let adj = self.buffer(tape);
                self.read(&adj, &x)
            }
            None => T::zero(),
        }
    }

    /// Writes ∂y/∂xᵢ into `out[i]` for every variable in `xs` (no allocation).
    ///
    /// # Panics
    /// If the lengths differ, or as for [`wrt`](Adjoints::wrt).
    pub fn wrt_into(&self, xs: &[Var<'t, T>], out: &mut [T]) {
        assert_eq!(
            xs.len(),
            out.len(),
            "Adjoints::wrt_into: {} variables but room for {} adjoints: the lengths must match",
            xs.len(),
            out.len()
        );
        match self.tape {
            Some(tape) => {
                let adj = self.buffer(tape);
                for (o, x) in out.iter_mut().zip(xs) {
                    *o = self.read(&adj, x);
                }
            }
            None => out.fill(T::zero()),
        }
    }

    /// ∂y/∂xᵢ for every variable in `xs`, in a new `Vec`.
    pub fn wrt_all(&self, xs: &[Var<'t, T>]) -> Vec<T> {
        let mut out = vec![T::zero(); xs.len()];
        self.wrt_into(xs, &mut out);
        out
    }

    /// Copies the adjoints of the first `out.len()` nodes of the tape (the
    /// inputs, when they were created first) into `out`.
    pub(crate) fn prefix_into(&self, out: &mut [T]) {
        match self.tape {
            Some(tape) => {
                let adj = self.buffer(tape);
                let k = adj.len().min(out.len());
                out[..k].copy_from_slice(&adj[..k]);
                out[k..].fill(T::zero());
            }
            None => out.fill(T::zero()),
        }
    }

    #[inline]
    fn buffer(&self, tape: &'t Tape<T>) -> core::cell::Ref<'t, Vec<T>> {
        if self.generation != tape.generation.get() {
            stale();
        }
        tape.adjoints.borrow()
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_an_input() -> ! {
    panic!(
        "Adjoints::wrt: this variable is not an input of the tape: derivatives are recorded with \
         respect to inputs (variables made by tape.var) only; to differentiate with respect to an \
         intermediate result, make it the input of a computation of its own"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn stale() -> ! {
    panic!(
        "these Adjoints were overwritten by a later backward sweep of the same tape; read (or copy \
         with wrt_into) what you need before calling backward() again"
    )
}
