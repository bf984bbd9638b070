//! The tape: a flat, append-only record of every operation, and the backward sweep.
//!
//! Each recorded operation is one [`Node`]: the positions of its (at most two)
//! parents and the local partial derivatives ∂node/∂parent, its *weights*.
//! A unary operation stores its parent twice with a second weight of zero; an
//! input (a leaf) has two zero weights. Values are not stored: they live in
//! the [`Var`] handles, and the sweep needs only the weights.
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
pub(crate) struct Node<T> {
    pub(crate) parents: [u32; 2],
    pub(crate) weights: [T; 2],
}

/// The largest number of nodes a tape can hold (indices are `u32`).
const MAX_NODES: usize = u32::MAX as usize;

/// A slot with the layout of a [`Var`] but no lifetime, so that the buffer of
/// input variables of [`gradient_on`](super::gradient_on) can be kept in the
/// tape between calls (empty) and reused without allocating.
#[repr(C)]
#[allow(dead_code)] // never constructed: only the allocation is recycled
pub(crate) struct Slot<T> {
    value: T,
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
/// [`NODE_BYTES`](Tape::NODE_BYTES) per operation (24 bytes for `f64`) plus one
/// adjoint per node during a sweep; both buffers keep their capacity across
/// [`clear`](Tape::clear).
///
/// ```
/// use gradus::Tape;
/// use num_traits::Float;
///
/// let tape = Tape::new();
/// let x1 = tape.var(2.0);
/// let x2 = tape.var(5.0);
/// let y = x1.ln() + x1 * x2 - x2.sin();
/// assert_eq!(tape.len(), 7); // 2 inputs + 5 operations
///
/// let g = y.backward();
/// assert!((y.value() - 11.652071455223084).abs() < 1e-12);
/// assert!((g.wrt(x1) - 5.5).abs() < 1e-12);
/// assert!((g.wrt(x2) - 1.7163378145367738).abs() < 1e-12);
/// ```
pub struct Tape<T = f64> {
    pub(crate) nodes: RefCell<Vec<Node<T>>>,
    adjoints: RefCell<Vec<T>>,
    /// Counts sweeps, so that an [`Adjoints`] can tell it has been overwritten.
    generation: Cell<u64>,
    pub(crate) spare: Cell<Vec<Slot<T>>>,
}

impl<T: Float> Default for Tape<T> {
    fn default() -> Self {
        Tape::new()
    }
}

impl<T> core::fmt::Debug for Tape<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let nodes = self.nodes.borrow();
        f.debug_struct("Tape")
            .field("len", &nodes.len())
            .field("capacity", &nodes.capacity())
            .finish_non_exhaustive()
    }
}

impl<T: Float> Tape<T> {
    /// Bytes of tape per recorded operation (unary or binary): two `u32`
    /// parent positions and two weights, 24 for `f64` and 16 for `f32`.
    /// A sweep uses one more `T` per node for the adjoints.
    pub const NODE_BYTES: usize = core::mem::size_of::<Node<T>>();

    /// An empty tape.
    pub fn new() -> Self {
        Tape {
            nodes: RefCell::new(Vec::new()),
            adjoints: RefCell::new(Vec::new()),
            generation: Cell::new(0),
            spare: Cell::new(Vec::new()),
        }
    }

    /// An empty tape with room for `nodes` nodes (inputs and operations)
    /// before it allocates again.
    pub fn with_capacity(nodes: usize) -> Self {
        Tape {
            nodes: RefCell::new(Vec::with_capacity(nodes)),
            adjoints: RefCell::new(Vec::with_capacity(nodes)),
            generation: Cell::new(0),
            spare: Cell::new(Vec::new()),
        }
    }

    /// A new input variable with value `x`: one leaf node on the tape.
    ///
    /// # Panics
    /// If the tape already holds 2³² − 1 nodes.
    #[inline]
    pub fn var(&self, x: T) -> Var<'_, T> {
        let z = T::zero();
        let i = self.push(Node {
            parents: [0, 0],
            weights: [z, z],
        });
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
        let first = {
            let mut nodes = self.nodes.borrow_mut();
            let first = nodes.len();
            check_room(first, xs.len());
            let z = T::zero();
            nodes.extend(xs.iter().map(|_| Node {
                parents: [0, 0],
                weights: [z, z],
            }));
            first
        };
        out.extend(
            xs.iter()
                .enumerate()
                .map(|(k, &x)| Var::on_tape(x, (first + k) as u32, self)),
        );
    }

    /// The number of nodes recorded: inputs plus operations.
    pub fn len(&self) -> usize {
        self.nodes.borrow().len()
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.nodes.borrow().is_empty()
    }

    /// How many nodes the tape holds before it allocates again.
    pub fn capacity(&self) -> usize {
        self.nodes.borrow().capacity()
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
        self.nodes.get_mut().clear();
        self.adjoints.get_mut().clear();
    }

    /// Reserves room for at least `additional` more nodes.
    pub fn reserve(&self, additional: usize) {
        self.nodes.borrow_mut().reserve(additional);
    }

    /// The vector-Jacobian product wᵀJ of several outputs in one sweep: the
    /// returned adjoints hold Σᵢ wᵢ ∂yᵢ/∂x for every node x.
    ///
    /// Outputs that are constants (not on any tape) contribute nothing.
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
            .filter_map(|(y, &wi)| self.own_index(y).map(|i| (i, wi)));
        self.sweep(top, seeds)
    }

    /// Runs one backward sweep from `output` (a node of this tape) seeded with 1.
    pub(crate) fn backward_from(&self, output: u32) -> Adjoints<'_, T> {
        let i = output as usize;
        self.sweep(Some(i), core::iter::once((i, T::one())))
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
        let nodes = self.nodes.borrow();
        let mut adj = self.adjoints.borrow_mut();
        let len = top.map_or(0, |t| t + 1);
        adj.clear();
        adj.resize(len, T::zero());
        for (i, w) in seeds {
            adj[i] = adj[i] + w;
        }
        sweep(&nodes[..len], &mut adj);
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        Adjoints {
            tape: Some(self),
            generation,
        }
    }

    /// Appends a node and returns its position.
    #[inline(always)]
    pub(crate) fn push(&self, node: Node<T>) -> u32 {
        let mut nodes = self.nodes.borrow_mut();
        let i = nodes.len();
        if i >= MAX_NODES {
            tape_full();
        }
        nodes.push(node);
        i as u32
    }
}

/// The sweep proper, on plain slices: `adj[i]` is complete when node `i` is
/// reached, because every parent precedes its children on the tape.
#[inline(always)]
fn sweep<T: Float>(nodes: &[Node<T>], adj: &mut [T]) {
    for (i, node) in nodes.iter().enumerate().rev() {
        let a = adj[i];
        if a.is_zero() {
            continue;
        }
        let [p0, p1] = node.parents;
        let [w0, w1] = node.weights;
        if !w0.is_zero() {
            let p = p0 as usize;
            adj[p] = adj[p] + a * w0;
        }
        if !w1.is_zero() {
            let p = p1 as usize;
            adj[p] = adj[p] + a * w1;
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

#[inline(always)]
fn check_room(len: usize, more: usize) {
    if more > MAX_NODES - len.min(MAX_NODES) {
        tape_full();
    }
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

    /// The adjoint of `x` in the buffer `adj` (zero past its end).
    #[inline]
    fn read(&self, adj: &[T], x: &Var<'t, T>) -> T {
        match self.tape {
            Some(tape) => match tape.own_index(x) {
                Some(i) if i < adj.len() => adj[i],
                _ => T::zero(),
            },
            None => T::zero(),
        }
    }

    /// ∂y/∂x: the adjoint of `x`, which may be an input or any intermediate
    /// variable. Zero when y does not depend on x (including a constant `x`, and
    /// a variable recorded after y).
    ///
    /// # Panics
    /// If `x` belongs to another tape, or another sweep of this tape has run
    /// since this one.
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
fn stale() -> ! {
    panic!(
        "these Adjoints were overwritten by a later backward sweep of the same tape; read (or copy \
         with wrt_into) what you need before calling backward() again"
    )
}
